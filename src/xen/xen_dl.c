/* xen_dl: dlopen() of Xen's libraries (see xen_dl.h). */
#include <config.h>

#include "xen/xen_dl.h"

#include <dlfcn.h>
#include <stdio.h>

bool
xen_dl_load(const char *library, const char *const *names, void **syms, size_t n,
            char *failure, size_t size)
{
    void *h = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(failure, size, "%s", e ? e : library);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        syms[i] = dlsym(h, names[i]);
        if (!syms[i]) {
            snprintf(failure, size, "%s lacks %s, which hsflowd needs", library, names[i]);
            dlclose(h);
            return false;
        }
    }
    return true;
}
