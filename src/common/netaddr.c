#include <config.h>
#include "common/netaddr.h"

#include <arpa/inet.h>
#include <string.h>

#include "common/util.h"

bool
netaddr_is_numeric(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

bool
netaddr_parse_cidr(const char *s, int *family, uint8_t net[16], unsigned int *plen)
{
    const char *slash = strchr(s, '/');
    char addr[INET6_ADDRSTRLEN];
    uint8_t buf[16];
    unsigned long long v;
    if (!slash || (size_t) (slash - s) >= sizeof addr) {
        return false;
    }
    memcpy(addr, s, (size_t) (slash - s));
    addr[slash - s] = '\0';
    int fam;
    if (inet_pton(AF_INET, addr, buf) == 1 && str_to_uint(slash + 1, 0, 32, &v)) {
        fam = AF_INET;
    } else if (inet_pton(AF_INET6, addr, buf) == 1 && str_to_uint(slash + 1, 0, 128, &v)) {
        fam = AF_INET6;
    } else {
        return false;
    }
    if (family) {
        *family = fam;
    }
    if (net) {
        memcpy(net, buf, sizeof buf);
    }
    if (plen) {
        *plen = (unsigned int) v;
    }
    return true;
}

bool
netaddr_is_ifname(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 15 || !strcmp(s, ".") || !strcmp(s, "..")) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s[i];
        if (c <= 0x20 || c >= 0x7f || c == '/' || c == ':') {
            return false;
        }
    }
    return true;
}
