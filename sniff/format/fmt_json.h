/*
 * fmt_json.h: -T json, one JSON object per line: one per packet, and one per connection
 * when it leaves the analysis table (closed and evicted, or at the end of the capture).
 * The schema is documented, with its stability rules, in docs/json-schema.md.
 *
 * Strings are escaped for arbitrary bytes: '"', '\\' and control characters as JSON
 * escapes, and every byte >= 0x80 as \u00XX (its Latin-1 reading), so the output is
 * always valid JSON and pure ASCII whatever the capture holds.
 */
#ifndef ECHOSNIFF_FMT_JSON_H
#define ECHOSNIFF_FMT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "annotate.h"
#include "out.h"
#include "packet.h"

#define JSON_SCHEMA_VERSION 2

/* One packet. r and L may be NULL (not TCP, no analysis, no annotation). */
void fmt_json_packet(struct out *o, const struct packet *p, const struct pkt_analysis *r,
                     const struct ann_lines *L);

/* One connection summary. */
void fmt_json_conn(struct out *o, const struct an_conn_summary *s);

/* A JSON string literal (with its quotes) for n arbitrary bytes. */
void json_string(struct out *o, const void *s, size_t n);

#endif
