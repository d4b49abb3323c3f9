/*
 * dfilter.h: display filters (-Y EXPR) in Wireshark's syntax, for the fields a lab uses.
 *
 *   tcp.port eq 15213            ip.addr == 10.0.0.0/8 && !tcp.flags.syn == 1
 *   tcp.len > 0 or udp           not (ipv6.src == fe80::1) and frame.len >= 100
 *
 * An expression is compiled once into a small tree of nodes; matching walks it without
 * allocating. Semantics follow Wireshark 4.x: a comparison against a field that is absent
 * is false; `ip.addr == X` is true when either address matches ("any equal"); `ip.addr
 * != X` is true when neither does ("all not equal", i.e. !(ip.addr == X)); a bare field
 * tests presence (`tcp.flags.syn` is true for every TCP segment, as in Wireshark).
 * Operators: == != < > <= >= and eq ne lt gt le ge; Wireshark 4.0's explicit forms for
 * fields with several values, === (all_eq), !== (all_ne, the same as !=), ~= (any_ne)
 * and any_eq (the same as ==); membership, `tcp.port in {80, 8000..8999}`; and, or,
 * not, &&, ||, ! and parentheses. Values: decimal, 0x hex or 0 octal integers, 1/0 or
 * true/false, IPv4 and IPv6 addresses with an optional /prefix, MAC addresses.
 */
#ifndef ECHOSNIFF_DFILTER_H
#define ECHOSNIFF_DFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "packet.h"

struct dfilter;

/* Nesting limit for parentheses and "not": deeper input is rejected, not recursed into. */
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
 * with fprintf(stderr, "sniff: invalid display filter '%s': %s\n", expr, err).
 */
int dfilter_compile(const char *expr, struct dfilter **out, char *err, size_t errlen);

/* As dfilter_compile, but err receives only the one-line message, and *err_pos and
 * *err_len (either may be NULL) the byte offset and length of the offending token. */
int dfilter_compile_loc(const char *expr, struct dfilter **out, char *err, size_t errlen,
                        size_t *err_pos, size_t *err_len);

/* Whether p passes the filter. Never allocates; NULL filter matches everything. */
bool dfilter_match(const struct dfilter *f, const struct packet *p);

void dfilter_free(struct dfilter *f);

#endif
