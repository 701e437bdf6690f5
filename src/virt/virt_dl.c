/* The one file that names libvirt's functions without the virt_dl.h macros:
 * it resolves them. */
#include <config.h>

#define VIRT_DL_NO_CALL_MACROS 1
#include "virt/virt_dl.h"

#include <dlfcn.h>
#include <stdio.h>

#define VIRT_DL_LIBRARY "libvirt.so.0"

struct virt_dl_api virt_dl;

static void
virt_dl_quiet(void *aux, virErrorPtr err)
{
    (void) aux;
    (void) err;
}

bool
virt_dl_load(const char **err)
{
    static bool loaded;
    static char failure[256];
    if (loaded) {
        *err = NULL;
        return true;
    }
    void *h = dlopen(VIRT_DL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(failure, sizeof failure, "%s", e ? e : "cannot load " VIRT_DL_LIBRARY);
        *err = failure;
        return false;
    }
    const char *missing = NULL;
#define VIRT_DL_RESOLVE(name)                                                 \
    if (!(virt_dl.name = (__typeof__(name) *) dlsym(h, #name)) && !missing) { \
        missing = #name;                                                      \
    }
    VIRT_DL_FUNCTIONS(VIRT_DL_RESOLVE)
#undef VIRT_DL_RESOLVE
    if (missing) {
        snprintf(failure, sizeof failure, "%s lacks %s", VIRT_DL_LIBRARY, missing);
        dlclose(h);
        *err = failure;
        return false;
    }
    /* libvirt prints every error to stderr by default; callers log what
     * they need from virGetLastErrorMessage(). */
    virt_dl.virSetErrorFunc(NULL, virt_dl_quiet);
    loaded = true;
    *err = NULL;
    return true;
}
