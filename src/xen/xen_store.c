/* xen_store: libxenstore through dlopen() (see xen_store.h). */
#include <config.h>

#include "xen/xen_store.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "xen/xen_dl.h"

/* libxenstore's calls, as <xenstore.h> declares them. */
struct xs_handle;
typedef struct xs_handle *xs_open_fn(unsigned long flags);
typedef void xs_close_fn(struct xs_handle *h);
typedef void *xs_read_fn(struct xs_handle *h, uint32_t t, const char *path, unsigned int *len);
typedef char **xs_directory_fn(struct xs_handle *h, uint32_t t, const char *path,
                               unsigned int *num);

#ifdef HAVE_XENSTORE_H
#include <xenstore.h>
_Static_assert(__builtin_types_compatible_p(__typeof__(&xs_open), xs_open_fn *), "xs_open");
_Static_assert(__builtin_types_compatible_p(__typeof__(&xs_close), xs_close_fn *), "xs_close");
_Static_assert(__builtin_types_compatible_p(__typeof__(&xs_read), xs_read_fn *), "xs_read");
_Static_assert(__builtin_types_compatible_p(__typeof__(&xs_directory), xs_directory_fn *),
               "xs_directory");
#endif

static struct {
    bool loaded;
    xs_open_fn *open;
    xs_close_fn *close;
    xs_read_fn *read;
    xs_directory_fn *directory;
} xs;

/* Owned by the caller of xen_store_open(). */
struct xen_store {
    struct xs_handle *h;
};

static bool
xen_store_load(const char **err)
{
    static char failure[256];
    static const char *const names[] = { "xs_open", "xs_close", "xs_read", "xs_directory" };
    void *syms[4];
    if (xs.loaded) {
        return true;
    }
    if (!xen_dl_load(XEN_STORE_LIBRARY, names, syms, 4, failure, sizeof failure)) {
        *err = failure;
        return false;
    }
    xs.open = (xs_open_fn *) syms[0];
    xs.close = (xs_close_fn *) syms[1];
    xs.read = (xs_read_fn *) syms[2];
    xs.directory = (xs_directory_fn *) syms[3];
    xs.loaded = true;
    return true;
}

struct xen_store *
xen_store_open(const char **err)
{
    static char failure[256];
    if (!xen_store_load(err)) {
        return NULL;
    }
    struct xs_handle *h = xs.open(0);
    if (!h) {
        snprintf(failure, sizeof failure, "cannot reach xenstored: %s", strerror(errno));
        *err = failure;
        return NULL;
    }
    struct xen_store *s = xzalloc(sizeof *s);
    s->h = h;
    return s;
}

void
xen_store_close(struct xen_store *s)
{
    if (s) {
        xs.close(s->h);
        free(s);
    }
}

char *
xen_store_read(struct xen_store *s, const char *path, size_t *len)
{
    unsigned int l = 0;
    char *v = xs.read(s->h, 0, path, &l);
    if (v && len) {
        *len = l;
    }
    return v;
}

char **
xen_store_dir(struct xen_store *s, const char *path, size_t *n)
{
    unsigned int num = 0;
    char **v = xs.directory(s->h, 0, path, &num);
    *n = v ? num : 0;
    return v;
}
