/* xen_dl: loads one of Xen's libraries with dlopen() and resolves the
 * functions hsflowd calls in it (xen_ctl.c, xen_store.c). */
#ifndef XEN_DL_H
#define XEN_DL_H 1

#include <stdbool.h>
#include <stddef.h>

/* Loads LIBRARY and puts the address of NAMES[i] in SYMS[i] for i < N.
 * False, with FAILURE (SIZE bytes) saying why, when the library cannot be
 * loaded or lacks one of them; it is unloaded then. */
bool xen_dl_load(const char *library, const char *const *names, void **syms, size_t n,
                 char *failure, size_t size);

#endif
