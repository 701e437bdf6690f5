/* datum: OVSDB datums in their RFC 7047 (5.1) JSON notation, the one place
 * that knows their forms. Pure: no I/O.
 *
 *   atom:  a string, number or boolean, or ["uuid", U] / ["named-uuid", N]
 *   set:   an atom (a set of one), or ["set", [atom...]]
 *   map:   ["map", [[key, value]...]]
 *
 * Sets and maps of any size are handled in O(n log n) or better: elements are
 * matched through a canonical text of each atom (ovsdb_datum_atom_key()),
 * never by comparing every pair. */
#ifndef OVSDB_DATUM_H
#define OVSDB_DATUM_H 1

#include <stdbool.h>

#include <jansson.h>

/* True if S is a UUID in its 36-character text form. */
bool ovsdb_datum_is_uuid(const char *s);
/* True if A is an atom. */
bool ovsdb_datum_is_atom(const json_t *a);
/* True if D is a 2-element array whose first element is the string TAG. */
bool ovsdb_datum_is_tagged(const json_t *d, const char *tag);

/* A canonical text for atom A (malloc'd; the caller frees it): equal atoms,
 * and only they, have equal keys. */
char *ovsdb_datum_atom_key(const json_t *a);

/* The element array of set datum D (borrowed from D), or NULL if D is a bare
 * atom or not valid. *OK is false if D is neither a set nor an atom, or an
 * element is not an atom. */
json_t *ovsdb_datum_set_elems(const json_t *d, bool *ok);
/* The pair array of map datum D (borrowed), or NULL if D is not a valid map. */
json_t *ovsdb_datum_map_pairs(const json_t *d);
/* A new array of the atoms of datum D: ["set",[a,b]] -> [a,b], an atom A ->
 * [A], NULL -> []. Elements are shared with D. */
json_t *ovsdb_datum_atoms(const json_t *d);

/* A new set datum: OLD with every element of DIFF toggled (an element of
 * both is removed, one of DIFF only is added), as in an update2 "modify". A
 * set of one is returned as the bare atom. */
json_t *ovsdb_datum_set_toggle(const json_t *old, const json_t *diff);
/* A new map datum: OLD with DIFF's pairs applied (same key and value:
 * removed; same key, other value: replaced; new key: added). */
json_t *ovsdb_datum_map_apply(const json_t *old, const json_t *diff);

/* True if datums A and B hold the same atoms, order ignored (a bare atom
 * equals the set of it; NULL equals the empty set). */
bool ovsdb_datum_equal(const json_t *a, const json_t *b);

/* The UUID referenced by D (borrowed from D): ["uuid",U] or
 * ["set",[["uuid",U]]]; NULL for none or anything else. */
const char *ovsdb_datum_ref_uuid(const json_t *d);
/* True if map datum D maps the string KEY to the string VALUE. */
bool ovsdb_datum_map_has(const json_t *d, const char *key, const char *value);

#endif
