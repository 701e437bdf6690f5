/* dnssd_result: life cycle of the settings that DNS-SD yields. */
#include <config.h>

#include "dnssd/dnssd_result.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

void
dnssd_result_init(struct dnssd_result *r)
{
    memset(r, 0, sizeof *r);
    hsauto_settings_init(&r->settings);
}

void
dnssd_result_destroy(struct dnssd_result *r)
{
    hsauto_settings_destroy(&r->settings);
    free(r->agent_cidr);
    dnssd_result_init(r);
}

void
dnssd_result_copy(struct dnssd_result *dst, const struct dnssd_result *src)
{
    *dst = *src;
    hsauto_settings_copy(&dst->settings, &src->settings);
    dst->agent_cidr = src->agent_cidr ? xstrdup(src->agent_cidr) : NULL;
}

bool
dnssd_result_equal(const struct dnssd_result *a, const struct dnssd_result *b)
{
    if (!hsauto_settings_equal(&a->settings, &b->settings)
        || a->sampling_given != b->sampling_given || a->polling_given != b->polling_given
        || a->header_given != b->header_given) {
        return false;
    }
    if (!a->agent_cidr || !b->agent_cidr) {
        return a->agent_cidr == b->agent_cidr;
    }
    return !strcmp(a->agent_cidr, b->agent_cidr);
}

bool
dnssd_fail(char **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    *err = xvasprintf(fmt, ap);
    va_end(ap);
    return false;
}
