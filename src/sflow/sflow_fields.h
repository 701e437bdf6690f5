/* sflow_fields: the fixed-layout counter records as tables of fields in wire
 * order (sflow_fields.c), walked by the encoder, the decoder and the
 * printers. The tables are static and owned by sflow_fields.c. */
#ifndef SFLOW_FIELDS_H
#define SFLOW_FIELDS_H 1

#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

/* The fixed-layout counter records as tables: each field's name (the spec's),
 * its offset in struct sflow_counter_rec's union and its XDR type, in wire
 * order. NULL (and *N = 0) for host_descr, host_adaptors and unknown tags. */
enum sflow_field_kind { SFLOW_F_U32, SFLOW_F_U64, SFLOW_F_FLOAT };
struct sflow_field {
    const char *name;
    size_t offset;
    enum sflow_field_kind kind;
};
const struct sflow_field *sflow_counter_fields(uint32_t tag, size_t *n);
/* The body size in bytes of a counter record of TAG (fixed-size types), or 0
 * for variable-size ones. Used by tests and size checks. */
size_t sflow_counter_rec_size(uint32_t tag);

#endif
