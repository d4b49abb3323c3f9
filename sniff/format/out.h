/*
 * out.h: one large output buffer for everything sniff prints on stdout.
 *
 * Printing a million packets through stdio costs a lock and a format parse per call;
 * formatters append to this buffer instead and it is written out with write(2) when it
 * fills, when a live packet has been printed (so output keeps up with the wire), and at
 * exit. Integers are formatted by hand on the hot path (out_u64, out_hex).
 *
 * The small appenders are inline and write straight into buf: each makes one bounds
 * check for the whole field (out_room), then stores digits or bytes in place, with no
 * memcpy call per field. A profile of the 1M-packet list had them at ~45% of the time
 * as out-of-line calls through a temporary and memcpy. out_str of a literal folds its
 * strlen at compile time once inlined; OUT_LIT says so explicitly.
 */
#ifndef ECHOSNIFF_OUT_H
#define ECHOSNIFF_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OUT_BUFSZ (256 * 1024)

/* Where the lines of a -V tree come from, for a reader that links text to bytes (the
 * page's bytes pane): a mark says that the line starting at output byte pos (counted
 * from the first byte the struct out ever held) shows frame bytes [off, off + len); len
 * 0 is a field computed by sniff, with no bytes of its own. Lines without a mark belong
 * to the line above them (a flag bit to its flags field). Recorded only when a caller
 * set o->marks; the printers call out_mark before such a line, nothing more. */
struct out_mark {
    uint64_t pos;
    uint32_t off, len;
};
struct out_marks {
    struct out_mark *m; /* the caller's array */
    uint32_t n, cap;
};

struct out {
    int fd;
    size_t len;
    bool failed; /* a write failed (EPIPE, ENOSPC...): errno kept in err */
    int err;
    uint64_t flushed; /* bytes handed on before buf's first */
    /* Instead of write(fd): hand each buffer-full to sink (a memory buffer), or NULL. */
    void (*sink)(void *ctx, const char *p, size_t n);
    void *sink_ctx;
    struct out_marks *marks; /* -V's byte ranges, or NULL (out_mark) */
    char buf[OUT_BUFSZ];
};

#include <string.h>

void out_init(struct out *o, int fd);
bool out_flush(struct out *o);
void out_mem_slow(struct out *o, const void *p, size_t n); /* any length, in pieces */
void out_i64(struct out *o, int64_t v);
void out_hex(struct out *o, uint64_t v, int digits); /* lower-case, zero-padded */
void out_spaces_slow(struct out *o, int n);
void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Output position: bytes written through o so far, flushed or not. */
static inline uint64_t out_pos(const struct out *o)
{
    return o->flushed + o->len;
}

/* The next line shows frame bytes [off, off + len): see struct out_marks. */
static inline void out_mark(struct out *o, uint32_t off, uint32_t len)
{
    struct out_marks *m = o->marks;
    if (m != NULL && m->n < m->cap)
        m->m[m->n++] = (struct out_mark){out_pos(o), off, len};
}

/* "00" "01" ... "99": two digits per division by 100. */
extern const char out_digits2[200];
/* "0123456789abcdef": the one hex-digit table of every printer. */
extern const char out_hexdigits[17];

/* Where to write n more bytes (n <= OUT_BUFSZ), flushing first when they do not fit. The
 * caller stores at most n bytes there and adds what it wrote to o->len. */
static inline char *out_room(struct out *o, size_t n)
{
    if (OUT_BUFSZ - o->len < n)
        out_flush(o);
    return o->buf + o->len;
}

/* A short field's padding is written by one fixed-size memset of OUT_PAD bytes, which
 * the compiler turns into a few stores, where a memset of the padding's own length is a
 * call into libc: three a line in the packet list. */
#define OUT_PAD 64

/* Room for a field of n <= OUT_PAD bytes, filled with c: the caller writes its text
 * over the start and adds n to o->len. The fill runs past the field into room no one
 * has written yet when there is room for OUT_PAD; otherwise it is n bytes, after a
 * flush if n do not fit, as out_room(o, n) (a caller may have reserved room for a
 * whole text, and counts on no flush inside it). */
static inline char *out_room_filled(struct out *o, char c, size_t n)
{
    char *p = o->buf + o->len;
    if (OUT_BUFSZ - o->len >= OUT_PAD) {
        memset(p, c, OUT_PAD);
        return p;
    }
    p = out_room(o, n);
    memset(p, c, n);
    return p;
}

/* Decimal digits of v (1 for 0). */
static inline unsigned out_u64_len(uint64_t v)
{
    unsigned n = 1;
    for (;;) {
        if (v < 10)
            return n;
        if (v < 100)
            return n + 1;
        if (v < 1000)
            return n + 2;
        if (v < 10000)
            return n + 3;
        v /= 10000;
        n += 4;
    }
}

/* Writes the n = out_u64_len(v) digits of v at p. Below 2^32 (every number of a
 * packet's line) in 32-bit arithmetic: a division by 100 is then one multiply, where a
 * 64-bit one is a wide multiply and its fix-ups. */
static inline void out_u64_put(char *p, uint64_t v, unsigned n)
{
    char *e = p + n;
    while (v > UINT32_MAX) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        e -= 2;
        memcpy(e, out_digits2 + 2 * r, 2);
    }
    uint32_t w = (uint32_t)v;
    while (w >= 100) {
        uint32_t r = w % 100;
        w /= 100;
        e -= 2;
        memcpy(e, out_digits2 + 2 * r, 2);
    }
    if (w >= 10) {
        memcpy(e - 2, out_digits2 + 2 * w, 2);
    } else {
        e[-1] = (char)('0' + w);
    }
}

static inline void out_mem(struct out *o, const void *p, size_t n)
{
    if (OUT_BUFSZ - o->len >= n) {
        memcpy(o->buf + o->len, p, n);
        o->len += n;
    } else {
        out_mem_slow(o, p, n);
    }
}

static inline void out_str(struct out *o, const char *s)
{
    out_mem(o, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define OUT_LIT(o, lit) out_mem((o), "" lit, sizeof(lit) - 1)

static inline void out_char(struct out *o, char c)
{
    if (o->len == OUT_BUFSZ)
        out_flush(o);
    o->buf[o->len++] = c;
}

static inline void out_u64(struct out *o, uint64_t v)
{
    char *p = out_room(o, 20);
    unsigned n = out_u64_len(v);
    out_u64_put(p, v, n);
    o->len += n;
}

/* v right-aligned in width columns, padded with pad on the left. */
static inline void out_u64_pad(struct out *o, uint64_t v, int width, char pad)
{
    unsigned n = out_u64_len(v);
    unsigned w = width > 0 && (unsigned)width > n ? (unsigned)width : n;
    if (w > OUT_PAD) { /* never on the hot path: pad in pieces */
        for (unsigned i = n; i < w; i++)
            out_char(o, pad);
        w = n;
    }
    char *p = out_room_filled(o, pad, w);
    out_u64_put(p + (w - n), v, n);
    o->len += w;
}

static inline void out_spaces(struct out *o, int n)
{
    if (n <= 0)
        return;
    if (n <= OUT_PAD) {
        (void)out_room_filled(o, ' ', (size_t)n);
        o->len += (size_t)n;
    } else {
        out_spaces_slow(o, n);
    }
}

#endif
