/*
 * out.h: one large output buffer for everything sniff prints on stdout.
 *
 * Printing a million packets through stdio costs a lock and a format parse per call;
 * formatters append to this buffer instead and it is written out with write(2) when it
 * fills, when a live packet has been printed (so output keeps up with the wire), and at
 * exit. Integers are formatted by hand on the hot path (out_u64, out_hex8).
 */
#ifndef ECHOSNIFF_OUT_H
#define ECHOSNIFF_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OUT_BUFSZ (256 * 1024)

struct out {
    int fd;
    size_t len;
    bool failed; /* a write failed (EPIPE, ENOSPC...): errno kept in err */
    int err;
    char buf[OUT_BUFSZ];
};

void out_init(struct out *o, int fd);
bool out_flush(struct out *o);
void out_mem(struct out *o, const void *p, size_t n);
void out_str(struct out *o, const char *s);
void out_char(struct out *o, char c);
void out_u64(struct out *o, uint64_t v);
void out_i64(struct out *o, int64_t v);
void out_u64_pad(struct out *o, uint64_t v, int width, char pad); /* right-aligned */
void out_hex(struct out *o, uint64_t v, int digits);               /* lower-case, zero-padded */
void out_spaces(struct out *o, int n);
void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
