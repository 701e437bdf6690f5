/* datum: OVSDB datums in JSON notation. See datum.h. */
#include <config.h>

#include "ovsdb/datum.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

bool
ovsdb_datum_is_uuid(const char *s)
{
    if (strlen(s) != 36) {
        return false;
    }
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char) s[i])) {
            return false;
        }
    }
    return true;
}

bool
ovsdb_datum_is_tagged(const json_t *d, const char *tag)
{
    return json_is_array(d) && json_array_size(d) == 2 && json_is_string(json_array_get(d, 0))
           && !strcmp(json_string_value(json_array_get(d, 0)), tag);
}

bool
ovsdb_datum_is_atom(const json_t *a)
{
    if (json_is_string(a) || json_is_number(a) || json_is_boolean(a)) {
        return true;
    }
    return (ovsdb_datum_is_tagged(a, "uuid") || ovsdb_datum_is_tagged(a, "named-uuid"))
           && json_is_string(json_array_get(a, 1));
}

char *
ovsdb_datum_atom_key(const json_t *a)
{
    if (json_is_string(a)) {
        return xasprintf("s%s", json_string_value(a));
    } else if (json_is_integer(a)) {
        return xasprintf("i%lld", (long long) json_integer_value(a));
    } else if (json_is_real(a)) {
        return xasprintf("r%.17g", json_real_value(a));
    } else if (json_is_boolean(a)) {
        return xstrdup(json_is_true(a) ? "t" : "f");
    } else if (ovsdb_datum_is_tagged(a, "uuid") && json_is_string(json_array_get(a, 1))) {
        return xasprintf("u%s", json_string_value(json_array_get(a, 1)));
    } else if (ovsdb_datum_is_tagged(a, "named-uuid") && json_is_string(json_array_get(a, 1))) {
        return xasprintf("n%s", json_string_value(json_array_get(a, 1)));
    }
    /* Not an atom: its JSON text keeps the key unique. */
    char *text = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
    char *key = xasprintf("j%s", text ? text : "");
    free(text);
    return key;
}

/* The array of D = [TAG, [...]] if every element passes ELEM_OK (*OK
 * true), else NULL (*OK false). */
static json_t *
datum_tagged_array(const json_t *d, const char *tag, bool (*elem_ok)(const json_t *), bool *ok)
{
    *ok = false;
    if (!ovsdb_datum_is_tagged(d, tag)) {
        return NULL;
    }
    json_t *elems = json_array_get(d, 1);
    size_t i;
    json_t *e;
    if (!json_is_array(elems)) {
        return NULL;
    }
    json_array_foreach(elems, i, e) {
        if (!elem_ok(e)) {
            return NULL;
        }
    }
    *ok = true;
    return elems;
}

static bool
datum_is_pair(const json_t *p)
{
    return json_is_array(p) && json_array_size(p) == 2
           && ovsdb_datum_is_atom(json_array_get(p, 0))
           && ovsdb_datum_is_atom(json_array_get(p, 1));
}

json_t *
ovsdb_datum_set_elems(const json_t *d, bool *ok)
{
    if (ovsdb_datum_is_tagged(d, "set")) {
        return datum_tagged_array(d, "set", ovsdb_datum_is_atom, ok);
    }
    *ok = ovsdb_datum_is_atom(d);
    return NULL;
}

json_t *
ovsdb_datum_map_pairs(const json_t *d)
{
    bool ok;
    return datum_tagged_array(d, "map", datum_is_pair, &ok);
}

json_t *
ovsdb_datum_atoms(const json_t *d)
{
    json_t *atoms = json_array();
    if (!d) {
        return atoms;
    }
    if (ovsdb_datum_is_tagged(d, "set")) {
        const json_t *set = json_array_get(d, 1);
        if (json_is_array(set)) {
            json_array_extend(atoms, (json_t *) set);
        }
        return atoms;
    }
    json_array_append(atoms, (json_t *) d);
    return atoms;
}

/* Adds ATOM (under its key) to SEEN, an object used as an ordered hash set,
 * or removes it if it is there already. */
static void
datum_toggle_one(json_t *seen, json_t *atom)
{
    char *key = ovsdb_datum_atom_key(atom);
    if (json_object_get(seen, key)) {
        json_object_del(seen, key);
    } else {
        json_object_set_nocheck(seen, key, atom);
    }
    free(key);
}

json_t *
ovsdb_datum_set_toggle(const json_t *old, const json_t *diff)
{
    json_t *seen = json_object();
    json_t *old_atoms = ovsdb_datum_atoms(old), *diff_atoms = ovsdb_datum_atoms(diff);
    size_t i;
    json_t *e;
    json_array_foreach(old_atoms, i, e) {
        char *key = ovsdb_datum_atom_key(e);
        json_object_set_nocheck(seen, key, e);
        free(key);
    }
    json_array_foreach(diff_atoms, i, e) {
        datum_toggle_one(seen, e);
    }
    json_t *elems = json_array();
    const char *key;
    json_object_foreach(seen, key, e) {
        json_array_append(elems, e);
    }
    json_decref(seen);
    json_decref(old_atoms);
    json_decref(diff_atoms);
    if (json_array_size(elems) == 1) {
        json_t *atom = json_incref(json_array_get(elems, 0));
        json_decref(elems);
        return atom;
    }
    return json_pack("[s,o]", "set", elems);
}

json_t *
ovsdb_datum_map_apply(const json_t *old, const json_t *diff)
{
    json_t *by_key = json_object();   /* key text -> [key, value] */
    /* Validated once: json_array_foreach() evaluates its array every turn. */
    json_t *old_pairs = ovsdb_datum_map_pairs(old);
    json_t *diff_pairs = ovsdb_datum_map_pairs(diff);
    size_t i;
    json_t *p;
    json_array_foreach(old_pairs, i, p) {
        char *key = ovsdb_datum_atom_key(json_array_get(p, 0));
        json_object_set_nocheck(by_key, key, p);
        free(key);
    }
    json_array_foreach(diff_pairs, i, p) {
        char *key = ovsdb_datum_atom_key(json_array_get(p, 0));
        const json_t *have = json_object_get(by_key, key);
        if (!have) {
            json_object_set_nocheck(by_key, key, p);
        } else if (json_equal(json_array_get(have, 1), json_array_get(p, 1))) {
            json_object_del(by_key, key);
        } else {
            json_object_set_nocheck(by_key, key, p);
        }
        free(key);
    }
    json_t *pairs = json_array();
    const char *key;
    json_object_foreach(by_key, key, p) {
        json_array_append(pairs, p);
    }
    json_decref(by_key);
    return json_pack("[s,o]", "map", pairs);
}

static int
datum_key_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The sorted keys of the atoms of D (N of them); free with datum_keys_free(). */
static char **
datum_sorted_keys(const json_t *d, size_t *n)
{
    json_t *atoms = ovsdb_datum_atoms(d);
    *n = json_array_size(atoms);
    char **keys = xcalloc(*n ? *n : 1, sizeof *keys);
    for (size_t i = 0; i < *n; i++) {
        keys[i] = ovsdb_datum_atom_key(json_array_get(atoms, i));
    }
    qsort(keys, *n, sizeof *keys, datum_key_cmp);
    json_decref(atoms);
    return keys;
}

static void
datum_keys_free(char **keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(keys[i]);
    }
    free(keys);
}

bool
ovsdb_datum_equal(const json_t *a, const json_t *b)
{
    size_t na, nb;
    char **ka = datum_sorted_keys(a, &na), **kb = datum_sorted_keys(b, &nb);
    bool eq = na == nb;
    for (size_t i = 0; i < na && eq; i++) {
        eq = !strcmp(ka[i], kb[i]);
    }
    datum_keys_free(ka, na);
    datum_keys_free(kb, nb);
    return eq;
}

const char *
ovsdb_datum_ref_uuid(const json_t *d)
{
    if (ovsdb_datum_is_tagged(d, "set")) {
        const json_t *set = json_array_get(d, 1);
        d = json_is_array(set) && json_array_size(set) == 1 ? json_array_get(set, 0) : NULL;
    }
    if (ovsdb_datum_is_tagged(d, "uuid") && json_is_string(json_array_get(d, 1))) {
        return json_string_value(json_array_get(d, 1));
    }
    return NULL;
}

bool
ovsdb_datum_map_has(const json_t *d, const char *key, const char *value)
{
    if (!ovsdb_datum_is_tagged(d, "map")) {
        return false;
    }
    const json_t *pairs = json_array_get(d, 1);
    size_t i;
    const json_t *pair;
    json_array_foreach(pairs, i, pair) {
        const json_t *k = json_array_get(pair, 0), *v = json_array_get(pair, 1);
        if (json_is_string(k) && json_is_string(v) && !strcmp(json_string_value(k), key)
            && !strcmp(json_string_value(v), value)) {
            return true;
        }
    }
    return false;
}
