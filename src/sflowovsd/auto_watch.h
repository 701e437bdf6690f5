/* auto_watch: the desired state of sflowovsd, i.e. the last good settings read
 * from hsflowd.auto, kept up to date with inotify.
 *
 * The file is replaced by rename, so the watch is on its DIRECTORY (a watch on
 * the file would follow the old inode). Every event naming the file re-reads
 * it at once. A file that is rejected (rev_start/rev_end mismatch, bad value)
 * is logged with the line at fault and the last good settings stay; a file
 * that is absent means "no settings" (sflowovsd then detaches its row).
 *
 * States (watch):
 *   UNWATCHED --inotify_add_watch ok--> WATCHING
 *   WATCHING  --directory deleted/moved, or read error--> UNWATCHED
 *   UNWATCHED retries every AUTO_WATCH_RETRY_MS (and re-reads the file then).
 *
 * Ownership: the caller owns the struct (auto_watch_destroy()); the watch owns
 * its inotify fd and its settings copy. */
#ifndef AUTO_WATCH_H
#define AUTO_WATCH_H 1

#include <stdbool.h>

#include "common/hsauto.h"
#include "common/poll_loop.h"

#define AUTO_WATCH_RETRY_MS 2000

struct auto_watch;

/* Creates the watch and reads PATH once (PATH is copied). */
struct auto_watch *auto_watch_create(const char *path, long long now);
void auto_watch_destroy(struct auto_watch *w);

void auto_watch_run(struct auto_watch *w, long long now);
void auto_watch_wait(struct auto_watch *w, struct poll_loop *loop);

/* Re-reads the file now (SIGHUP). */
void auto_watch_reload(struct auto_watch *w);

/* The current settings (borrowed, valid until the next run/reload), or NULL
 * when there is no file. */
const struct hsauto_settings *auto_watch_settings(const struct auto_watch *w);

/* Grows by one every time auto_watch_settings() changes. */
unsigned long auto_watch_seq(const struct auto_watch *w);

/* Number of files rejected so far (tests). */
unsigned long auto_watch_n_rejected(const struct auto_watch *w);

/* Whether the directory is watched (inotify) or still being looked for. */
enum auto_watch_state { AW_UNWATCHED, AW_WATCHING };
enum auto_watch_state auto_watch_get_state(const struct auto_watch *w);

#endif
