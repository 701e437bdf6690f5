/* pve_cgio: a Proxmox container's block I/O, from its cgroup.
 *
 *   v2: ROOT/lxc/<ctid>/io.stat, one line a device:
 *         MAJ:MIN rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N [more keys]
 *       A v2 file counts the cgroup and all its descendants (lxc/<ctid>/ns,
 *       where lxc puts the container's processes, and any cgroup the container
 *       makes below it): all of it is the container's I/O.
 *   v1: ROOT/blkio/lxc/<ctid>/blkio.throttle.io_service_bytes_recursive and
 *       blkio.throttle.io_serviced_recursive, lines "MAJ:MIN Read N",
 *       "MAJ:MIN Write N" (also Sync, Async, Discard, Total) and a last
 *       "Total N". The _recursive files count lxc/<ctid>/ns too; a kernel
 *       without them gives the plain files of lxc/<ctid> and lxc/<ctid>/ns,
 *       which are added up.
 *
 * Read and write bytes and operations are summed over the devices listed, as
 * Proxmox VE's own status daemon does; discards are not reads or writes and
 * are left out. The parsers are pure; every file is bounded and hostile: a
 * line that is not in the form above, or a number that is not one, rejects
 * the file with "PATH:LINE: what". */
#ifndef PVE_CGIO_H
#define PVE_CGIO_H 1

#include <stdbool.h>
#include <stdint.h>

#define PVE_CGIO_MAX_FILE (256u * 1024)

struct pve_cgio {
    uint64_t rd_bytes, wr_bytes;
    uint64_t rd_ios, wr_ios;
};

/* Adds the devices of io.stat TEXT to IO. False with *ERR a malloc'd
 * "PATH:LINE: what" (caller frees); IO is then unspecified. */
bool pve_cgio_parse_v2(const char *path, const char *text, struct pve_cgio *io, char **err);
/* Adds the Read and Write lines of a v1 blkio.throttle.* file TEXT to *RD
 * and *WR; errors as above. */
bool pve_cgio_parse_v1(const char *path, const char *text, uint64_t *rd, uint64_t *wr,
                       char **err);

enum pve_cgio_status {
    PVE_CGIO_OK,
    PVE_CGIO_NONE,      /* no such files: no io / blkio controller for it */
    PVE_CGIO_BAD,       /* unreadable or malformed: *ERR says which and why */
};
/* Reads container CTID's counters under the cgroup mount ROOT (V2 or v1
 * layout, as pve_cgroup_read found it) into IO (zeroed first). */
enum pve_cgio_status pve_cgio_read(const char *root, uint32_t ctid, bool v2,
                                   struct pve_cgio *io, char **err);

#endif
