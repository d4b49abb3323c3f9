/*
 * dfilter.h: display filters (-Y EXPR) in Wireshark 4.0's language, over the fields of
 * df_value.h (the table in df_fields.c).
 *
 *   tcp.port eq 15213            ip.addr == 10.0.0.0/8 && !tcp.flags.syn == 1
 *   tcp.payload contains "GET"   tcp.payload matches "^here.*message"
 *   tcp.flags & 0x02             tcp.payload[0:4] == 68:65:72:65    eth.src[0:3] == 00:16:ea
 *   tcp.port in {80, 8000..8999} len(tcp.payload) > 100             frame.time_delta > 0.5
 *
 * Semantics follow Wireshark's: a comparison with an absent field is false; a field with
 * several values (ip.addr) matches == when any value does, and != only when none does
 * (Wireshark's "all not equal"); === needs every value equal, ~= any value not equal; a
 * bare field tests presence, a bare "x & mask" that some result is not zero. Operators:
 * == != === !== ~= < > <= >= (eq ne all_eq all_ne any_ne lt gt le ge), contains,
 * matches (~, PCRE2, case-insensitive), in {...} and not in {...}, & + - * / % (grouped
 * with braces), slices [i:n] [i-j] [i] [i:] [:n], len() count() upper() lower()
 * string(), and/&&, or/||, not/!, parentheses. Literals: integers (decimal, 0x, 0b,
 * octal, 'c'), true/false, addresses with an optional /prefix, MAC addresses, bytes
 * (68:65:72, 686572), "strings" with C escapes and r"raw strings", seconds (0.25),
 * dates ("2024-01-31 12:00:00").
 */
#ifndef ECHOSNIFF_DFILTER_H
#define ECHOSNIFF_DFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "df_value.h"
#include "packet.h"

struct dfilter;

/* Nesting limit for parentheses, braces, functions and "not": deeper input is rejected,
 * not recursed into. */
#define DFILTER_MAX_DEPTH 64
/* Longest expression accepted (a filter typed on a command line is far shorter). */
#define DFILTER_MAX_LEN 4096

/*
 * Compiles expr. Returns 0 and sets *out on success (free it with dfilter_free).
 * On error returns -1, sets *out to NULL and writes into err (when errlen > 0) three
 * lines in tshark's style, the message, the expression and a caret line under the
 * offending token, so that main can print
 *     sniff: invalid display filter 'tcp.prot eq 1': "tcp.prot" is not a valid ...
 *         tcp.prot eq 1
 *         ^~~~~~~~
 */
int dfilter_compile(const char *expr, struct dfilter **out, char *err, size_t errlen);

/* As dfilter_compile, but err receives only the one-line message, and *err_pos and
 * *err_len (either may be NULL) the byte offset and length of the offending token. */
int dfilter_compile_loc(const char *expr, struct dfilter **out, char *err, size_t errlen,
                        size_t *err_pos, size_t *err_len);

/* Whether the frame passes the filter. Never allocates; a NULL filter passes all. */
bool dfilter_match_frame(struct dfilter *f, const struct df_frame *fr);

/* The same for a packet alone: no analysis, no comments, its own time as the first. */
bool dfilter_match(struct dfilter *f, const struct packet *p);

void dfilter_free(struct dfilter *f);

/* What the filter's fields need (enum df_need, df_value.h; NULL: nothing). */
unsigned dfilter_needs(const struct dfilter *f);

/* A value as tshark -T fields prints it (f: the field it came from, for its base; NULL
 * for computed values). Returns the length written (cut to n - 1). */
size_t df_value_text(const struct df_field *f, const struct df_value *v, char *buf, size_t n);

#endif
