/*
 * cursor.h: a bounds-checked reader over captured bytes.
 *
 * Every decoder in sniff/ reads packet bytes only through a struct cursor. Each accessor
 * checks that enough captured bytes remain before it reads, and returns false otherwise,
 * so no read past the captured length is possible by construction (the idea of tcpdump's
 * GET_BE_U_2 accessors). Multi-byte reads are big-endian (network order), assembled byte
 * by byte: no casts of packet bytes to C structs, no alignment assumptions.
 */
#ifndef ECHOSNIFF_CURSOR_H
#define ECHOSNIFF_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
    const uint8_t *p;   /* next byte to read */
    const uint8_t *end; /* one past the last captured byte */
};

static inline struct cursor cursor_make(const uint8_t *data, size_t len)
{
    struct cursor c = {data, data + len};
    return c;
}

static inline size_t cursor_left(const struct cursor *c)
{
    return (size_t)(c->end - c->p);
}

static inline bool cursor_skip(struct cursor *c, size_t n)
{
    if (cursor_left(c) < n)
        return false;
    c->p += n;
    return true;
}

static inline bool cursor_u8(struct cursor *c, uint8_t *v)
{
    if (cursor_left(c) < 1)
        return false;
    *v = c->p[0];
    c->p += 1;
    return true;
}

static inline bool cursor_u16be(struct cursor *c, uint16_t *v)
{
    if (cursor_left(c) < 2)
        return false;
    *v = (uint16_t)((unsigned)c->p[0] << 8 | c->p[1]);
    c->p += 2;
    return true;
}

static inline bool cursor_u32be(struct cursor *c, uint32_t *v)
{
    if (cursor_left(c) < 4)
        return false;
    *v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
    c->p += 4;
    return true;
}

/* Little-endian reads, for link headers written in host order (BSD NULL, pcap records)
 * or little-endian by definition (802.11, radiotap, PPI). */
static inline bool cursor_u16le(struct cursor *c, uint16_t *v)
{
    if (cursor_left(c) < 2)
        return false;
    *v = (uint16_t)((unsigned)c->p[1] << 8 | c->p[0]);
    c->p += 2;
    return true;
}

static inline bool cursor_u32le(struct cursor *c, uint32_t *v)
{
    if (cursor_left(c) < 4)
        return false;
    *v = (uint32_t)c->p[3] << 24 | (uint32_t)c->p[2] << 16 | (uint32_t)c->p[1] << 8 | c->p[0];
    c->p += 4;
    return true;
}

static inline bool cursor_u64le(struct cursor *c, uint64_t *v)
{
    uint32_t lo = 0, hi = 0;
    if (cursor_left(c) < 8)
        return false;
    (void)cursor_u32le(c, &lo);
    (void)cursor_u32le(c, &hi);
    *v = (uint64_t)hi << 32 | lo;
    return true;
}

/* Copies n bytes out; false (and nothing copied) when fewer than n remain. */
static inline bool cursor_bytes(struct cursor *c, void *dst, size_t n)
{
    if (cursor_left(c) < n)
        return false;
    memcpy(dst, c->p, n);
    c->p += n;
    return true;
}

/* A sub-cursor over the next n bytes (or fewer, if fewer were captured); advances c past
 * them. *whole is set to whether all n bytes were captured. */
static inline struct cursor cursor_sub(struct cursor *c, size_t n, bool *whole)
{
    size_t have = cursor_left(c);
    size_t take = n < have ? n : have;
    struct cursor s = {c->p, c->p + take};
    *whole = take == n;
    c->p += take;
    return s;
}

#endif
