/* xen_store: reads from xenstore through Xen's own client library,
 * libxenstore.so.4 (stable ABI since Xen 4.2), loaded with dlopen() the
 * first time a xen { } block without a URI needs it. The library finds the
 * daemon itself: /var/run/xenstored/socket, else $XENSTORED_PATH or the
 * xenbus device (the tests point $XENSTORED_PATH at a stand-in server).
 * Reads are synchronous requests on a local socket, as in every xenstore
 * client; hsflowd asks for a few short values per guest and poll.
 *
 * Ownership: the handle belongs to the caller of xen_store_open(). */
#ifndef XEN_STORE_H
#define XEN_STORE_H 1

#include <stddef.h>

#define XEN_STORE_LIBRARY "libxenstore.so.4"

struct xen_store;

/* NULL with *ERR set (static text) when the library or the daemon is missing. */
struct xen_store *xen_store_open(const char **err);
void xen_store_close(struct xen_store *s);
/* The value at PATH, NUL-terminated, *LEN bytes before the NUL (caller
 * frees); NULL with errno set (ENOENT: no such node). */
char *xen_store_read(struct xen_store *s, const char *path, size_t *len);
/* The children of PATH: an array of *N names in one block (caller frees the
 * array only); NULL with errno set. */
char **xen_store_dir(struct xen_store *s, const char *path, size_t *n);

#endif
