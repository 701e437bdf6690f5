/* ovsports: the interfaces ovs-vswitchd reports (see ovsports.h). */
#include <config.h>

#include "ovsports/ovsports.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

void
ovsports_init(struct ovsports *p)
{
    p->v = NULL;
    p->n = 0;
}

void
ovsports_clear(struct ovsports *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].name);
    }
    free(p->v);
    ovsports_init(p);
}

/* The elements of set datum D: a bare atom is a set of one; ["set", [...]]
 * is the set; anything else is empty. Sets *N. */
static const json_t *
set_elems(const json_t *d, size_t *n, const json_t **single)
{
    if (json_is_array(d) && json_array_size(d) == 2
        && json_is_string(json_array_get(d, 0))
        && !strcmp(json_string_value(json_array_get(d, 0)), "set")) {
        const json_t *a = json_array_get(d, 1);
        *n = json_is_array(a) ? json_array_size(a) : 0;
        return a;
    }
    *single = d;
    *n = d ? 1 : 0;
    return NULL;
}

/* Element I of a set datum (see set_elems). */
static const json_t *
set_elem(const json_t *arr, const json_t *single, size_t i)
{
    return arr ? json_array_get(arr, i) : single;
}

/* The UUID string of ["uuid", "..."], else NULL. */
static const char *
uuid_of(const json_t *atom)
{
    if (json_is_array(atom) && json_array_size(atom) == 2
        && json_is_string(json_array_get(atom, 0))
        && !strcmp(json_string_value(json_array_get(atom, 0)), "uuid")
        && json_is_string(json_array_get(atom, 1))) {
        return json_string_value(json_array_get(atom, 1));
    }
    return NULL;
}

/* The row of TABLE that the UUID atom ATOM names, else NULL. */
static const json_t *
deref(const json_t *table, const json_t *atom)
{
    const char *u = uuid_of(atom);
    const json_t *row = u && json_is_object(table) ? json_object_get(table, u) : NULL;
    return json_is_object(row) ? row : NULL;
}

/* Interface.ifindex: an integer in 1..2^32-1, alone or as a set of one. */
static uint32_t
ifindex_of(const json_t *row)
{
    size_t n;
    const json_t *single = NULL;
    const json_t *arr = set_elems(json_object_get(row, "ifindex"), &n, &single);
    const json_t *v = n == 1 ? set_elem(arr, single, 0) : NULL;
    if (!json_is_integer(v)) {
        return 0;
    }
    json_int_t i = json_integer_value(v);
    return i > 0 && i <= (json_int_t) UINT32_MAX ? (uint32_t) i : 0;
}

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(((const struct ovsports_iface *) a)->name,
                  ((const struct ovsports_iface *) b)->name);
}

/* Adds the interfaces of port row PORT. */
static void
add_port(const json_t *port, const json_t *ifaces, struct ovsports *out, size_t *cap)
{
    size_t n;
    const json_t *single = NULL;
    const json_t *arr = set_elems(json_object_get(port, "interfaces"), &n, &single);
    for (size_t i = 0; i < n && out->n < OVSPORTS_MAX; i++) {
        const json_t *row = deref(ifaces, set_elem(arr, single, i));
        const json_t *name = row ? json_object_get(row, "name") : NULL;
        if (!json_is_string(name) || !json_string_length(name)) {
            continue;
        }
        if (out->n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            out->v = xrealloc(out->v, *cap * sizeof *out->v);
        }
        out->v[out->n].name = xstrdup(json_string_value(name));
        out->v[out->n].ifindex = ifindex_of(row);
        out->n++;
    }
}

void
ovsports_compute(const json_t *bridges, const json_t *ports, const json_t *ifaces,
                 struct ovsports *out)
{
    ovsports_clear(out);
    size_t cap = 0;
    const char *key;
    json_t *br;
    json_object_foreach((json_t *) bridges, key, br) {
        size_t n_sflow, n_ports;
        const json_t *single = NULL;
        if (!json_is_object(br)) {
            continue;
        }
        set_elems(json_object_get(br, "sflow"), &n_sflow, &single);
        if (!n_sflow) {
            continue;           /* no sFlow row: ovs-vswitchd reports nothing */
        }
        single = NULL;
        const json_t *arr = set_elems(json_object_get(br, "ports"), &n_ports, &single);
        for (size_t i = 0; i < n_ports; i++) {
            const json_t *port = deref(ports, set_elem(arr, single, i));
            if (port) {
                add_port(port, ifaces, out, &cap);
            }
        }
    }
    if (out->n > 1) {
        qsort(out->v, out->n, sizeof *out->v, cmp_name);
        size_t w = 1;
        for (size_t i = 1; i < out->n; i++) {
            if (!strcmp(out->v[i].name, out->v[w - 1].name)) {
                free(out->v[i].name);   /* one interface in two ports: once */
            } else {
                out->v[w++] = out->v[i];
            }
        }
        out->n = w;
    }
}

bool
ovsports_equal(const struct ovsports *a, const struct ovsports *b)
{
    if (a->n != b->n) {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (a->v[i].ifindex != b->v[i].ifindex || strcmp(a->v[i].name, b->v[i].name)) {
            return false;
        }
    }
    return true;
}
