/*
 * out.c: the buffered stdout writer (see out.h).
 */
#include "out.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void out_init(struct out *o, int fd)
{
    o->fd = fd;
    o->len = 0;
    o->failed = false;
    o->err = 0;
    o->flushed = 0;
    o->sink = NULL;
    o->sink_ctx = NULL;
    o->marks = NULL;
}

bool out_flush(struct out *o)
{
    o->flushed += o->len;
    if (o->sink != NULL) {
        o->sink(o->sink_ctx, o->buf, o->len);
        o->len = 0;
        return true;
    }
    size_t off = 0;
    while (off < o->len && !o->failed) {
        ssize_t n = write(o->fd, o->buf + off, o->len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            o->failed = true;
            o->err = errno;
            break;
        }
        off += (size_t)n;
    }
    o->len = 0;
    return !o->failed;
}

const char out_digits2[200] = "00010203040506070809101112131415161718192021222324"
                              "25262728293031323334353637383940414243444546474849"
                              "50515253545556575859606162636465666768697071727374"
                              "75767778798081828384858687888990919293949596979899";

const char out_hexdigits[17] = "0123456789abcdef";

void out_mem_slow(struct out *o, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0) {
        if (o->len == OUT_BUFSZ)
            out_flush(o);
        size_t room = OUT_BUFSZ - o->len;
        size_t take = n < room ? n : room;
        memcpy(o->buf + o->len, s, take);
        o->len += take;
        s += take;
        n -= take;
    }
}

void out_i64(struct out *o, int64_t v)
{
    if (v < 0) {
        out_char(o, '-');
        out_u64(o, (uint64_t)0 - (uint64_t)v);
    } else {
        out_u64(o, (uint64_t)v);
    }
}

void out_hex(struct out *o, uint64_t v, int digits)
{
    char tmp[16];
    if (digits > 16)
        digits = 16;
    for (int i = digits - 1; i >= 0; i--) {
        tmp[i] = out_hexdigits[v & 0xf];
        v >>= 4;
    }
    out_mem(o, tmp, (size_t)digits);
}

void out_spaces_slow(struct out *o, int n)
{
    for (; n > 0; n--)
        out_char(o, ' ');
}

void out_printf(struct out *o, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        out_mem(o, tmp, (size_t)n);
        return;
    }
    /* Longer than the stack buffer: format straight into the output buffer. */
    out_flush(o);
    va_start(ap, fmt);
    if ((size_t)n < OUT_BUFSZ)
        o->len = (size_t)vsnprintf(o->buf, OUT_BUFSZ, fmt, ap);
    va_end(ap);
}
