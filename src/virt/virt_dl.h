/* virt_dl: libvirt, loaded with dlopen() the first time a kvm { } or xen { }
 * block needs it, so that an hsflowd without VM monitoring never maps libvirt
 * and its dependencies (about 11 MB of RSS), and the same binary runs on a
 * host where libvirt is not installed at all.
 *
 * Code that includes this header calls the libvirt functions below by their
 * usual names; the macros route each call through the loaded table. Call
 * virt_dl_load() before the first of them: it loads the library once, and
 * after a failure tries again on the next call (libvirt installed later is
 * picked up without a restart). The loaded library and its table are
 * process-wide, owned here and never unloaded. */
#ifndef VIRT_DL_H
#define VIRT_DL_H 1

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdbool.h>

#define VIRT_DL_FUNCTIONS(F)                                                  \
    F(virConnectOpenReadOnly) F(virConnectClose) F(virConnectIsAlive)         \
    F(virConnectListAllDomains) F(virNodeGetInfo) F(virNodeGetFreeMemory)     \
    F(virDomainGetUUID) F(virDomainGetUUIDString) F(virDomainGetName)         \
    F(virDomainGetInfo) F(virDomainGetXMLDesc) F(virDomainGetBlockInfo)       \
    F(virDomainBlockStats) F(virDomainInterfaceStats) F(virDomainFree)        \
    F(virGetLastError) F(virGetLastErrorMessage) F(virResetLastError)         \
    F(virSetErrorFunc)

#define VIRT_DL_MEMBER(name) __typeof__(name) *name;
struct virt_dl_api {
    VIRT_DL_FUNCTIONS(VIRT_DL_MEMBER)
};
#undef VIRT_DL_MEMBER

extern struct virt_dl_api virt_dl;

/* Loads libvirt (once). Returns true when every function above was found;
 * otherwise false with *ERR set to a static message (dlerror's). */
bool virt_dl_load(const char **err);

#ifndef VIRT_DL_NO_CALL_MACROS
#define virConnectOpenReadOnly (*virt_dl.virConnectOpenReadOnly)
#define virConnectClose (*virt_dl.virConnectClose)
#define virConnectIsAlive (*virt_dl.virConnectIsAlive)
#define virConnectListAllDomains (*virt_dl.virConnectListAllDomains)
#define virNodeGetInfo (*virt_dl.virNodeGetInfo)
#define virNodeGetFreeMemory (*virt_dl.virNodeGetFreeMemory)
#define virDomainGetUUID (*virt_dl.virDomainGetUUID)
#define virDomainGetUUIDString (*virt_dl.virDomainGetUUIDString)
#define virDomainGetName (*virt_dl.virDomainGetName)
#define virDomainGetInfo (*virt_dl.virDomainGetInfo)
#define virDomainGetXMLDesc (*virt_dl.virDomainGetXMLDesc)
#define virDomainGetBlockInfo (*virt_dl.virDomainGetBlockInfo)
#define virDomainBlockStats (*virt_dl.virDomainBlockStats)
#define virDomainInterfaceStats (*virt_dl.virDomainInterfaceStats)
#define virDomainFree (*virt_dl.virDomainFree)
#define virGetLastError (*virt_dl.virGetLastError)
#define virGetLastErrorMessage (*virt_dl.virGetLastErrorMessage)
#define virResetLastError (*virt_dl.virResetLastError)
#define virSetErrorFunc (*virt_dl.virSetErrorFunc)
#endif

#endif
