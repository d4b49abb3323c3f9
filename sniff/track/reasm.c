/*
 * reasm.c: bounded per-direction TCP stream reassembly (see reasm.h).
 *
 * The ring holds [base, base + cap); two bitmaps say which of those bytes are resolved
 * (have) and which of those were captured (known). The common case, a segment that starts
 * exactly at the contiguous end with nothing held beyond it, is a memcpy and a few
 * memsets; the general case (overlaps, holes) walks the bitmap byte by byte, which only
 * retransmitted or out-of-order segments pay for.
 */
#include "reasm.h"

#include <stdlib.h>
#include <string.h>

static size_t pow2_at_least(size_t n)
{
    size_t p = REASM_MIN_CAP;
    while (p < n && p < ((size_t)1 << 40))
        p <<= 1;
    return p;
}

void reasm_init(struct reasm *r, size_t max)
{
    memset(r, 0, sizeof *r);
    r->max = pow2_at_least(max);
}

void reasm_free(struct reasm *r)
{
    free(r->buf);
    free(r->have);
    free(r->known);
    r->buf = r->have = r->known = NULL;
    r->cap = 0;
}

static bool bit_get(const uint8_t *map, size_t i)
{
    return (map[i >> 3] >> (i & 7)) & 1;
}

static void bit_put(uint8_t *map, size_t i, bool v)
{
    if (v)
        map[i >> 3] |= (uint8_t)(1u << (i & 7));
    else
        map[i >> 3] &= (uint8_t) ~(1u << (i & 7));
}

/* Sets or clears bits [a, b) of a linear range (no wrap). */
static void bits_linear(uint8_t *map, size_t a, size_t b, bool v)
{
    while (a < b && (a & 7) != 0)
        bit_put(map, a++, v);
    if (b - a >= 8) {
        size_t nbytes = (b - a) >> 3;
        memset(map + (a >> 3), v ? 0xff : 0x00, nbytes);
        a += nbytes << 3;
    }
    while (a < b)
        bit_put(map, a++, v);
}

/* Sets or clears the bits of ring offsets [off, off + n), n <= cap. */
static void bits_ring(const struct reasm *r, uint8_t *map, uint64_t off, size_t n, bool v)
{
    size_t pos = (size_t)(off & (r->cap - 1));
    size_t first = n < r->cap - pos ? n : r->cap - pos;
    bits_linear(map, pos, pos + first, v);
    if (first < n)
        bits_linear(map, 0, n - first, v);
}

static bool held(const struct reasm *r, const uint8_t *map, uint64_t off)
{
    return bit_get(map, (size_t)(off & (r->cap - 1)));
}

/* Makes room for offsets below end; false when that would exceed max. */
static bool ensure(struct reasm *r, uint64_t end)
{
    uint64_t need = end - r->base;
    if (need <= r->cap)
        return true;
    if (need > r->max)
        return false;
    size_t ncap = r->cap ? r->cap : REASM_MIN_CAP;
    while (ncap < need)
        ncap <<= 1;
    uint8_t *nbuf = malloc(ncap);
    uint8_t *nhave = calloc(ncap / 8, 1);
    uint8_t *nknown = calloc(ncap / 8, 1);
    if (!nbuf || !nhave || !nknown) {
        free(nbuf);
        free(nhave);
        free(nknown);
        return false;
    }
    for (uint64_t o = r->base; r->cap && o < r->high; o++) {
        size_t op = (size_t)(o & (r->cap - 1)), np = (size_t)(o & (ncap - 1));
        nbuf[np] = r->buf[op];
        bit_put(nhave, np, bit_get(r->have, op));
        bit_put(nknown, np, bit_get(r->known, op));
    }
    free(r->buf);
    free(r->have);
    free(r->known);
    r->buf = nbuf;
    r->have = nhave;
    r->known = nknown;
    r->cap = ncap;
    return true;
}

static void advance_contig(struct reasm *r)
{
    while (r->contig < r->high && held(r, r->have, r->contig))
        r->contig++;
}

static void copy_in(struct reasm *r, uint64_t off, const uint8_t *data, size_t n)
{
    size_t pos = (size_t)(off & (r->cap - 1));
    size_t first = n < r->cap - pos ? n : r->cap - pos;
    memcpy(r->buf + pos, data, first);
    if (first < n)
        memcpy(r->buf, data + first, n - first);
}

int reasm_add(struct reasm *r, uint64_t off, const uint8_t *data, uint32_t caplen, uint32_t len)
{
    int res = 0;
    if (caplen > len)
        caplen = len;
    if (len == 0)
        return 0;
    uint64_t end = off + len;
    if (end <= r->contig) {
        r->dup_bytes += len;
        return REASM_DUP;
    }
    if (off < r->contig) {
        uint32_t skip = (uint32_t)(r->contig - off);
        r->dup_bytes += skip;
        res |= REASM_DUP;
        off += skip;
        len -= skip;
        if (caplen > skip) {
            data += skip;
            caplen -= skip;
        } else {
            caplen = 0;
        }
    }
    if (!ensure(r, end)) {
        r->overflow = true;
        return res | REASM_OVERFLOW;
    }
    if (off == r->contig && r->high <= off) {
        /* In order with nothing held beyond: the fast path. */
        if (caplen)
            copy_in(r, off, data, caplen);
        bits_ring(r, r->have, off, len, true);
        bits_ring(r, r->known, off, caplen, true);
        if (caplen < len)
            r->gap_bytes += len - caplen;
        r->contig = r->high = end;
        return res | REASM_NEW;
    }
    bool any_new = false;
    for (uint32_t i = 0; i < len; i++) {
        uint64_t o = off + i;
        size_t pos = (size_t)(o & (r->cap - 1));
        if (bit_get(r->have, pos)) {
            r->dup_bytes++;
            res |= REASM_DUP;
            continue;
        }
        any_new = true;
        bit_put(r->have, pos, true);
        if (i < caplen) {
            r->buf[pos] = data[i];
            bit_put(r->known, pos, true);
        } else {
            r->gap_bytes++;
        }
    }
    if (any_new) {
        res |= REASM_NEW;
        if (off > r->contig)
            res |= REASM_AHEAD;
    }
    if (end > r->high)
        r->high = end;
    advance_contig(r);
    return res;
}

bool reasm_gap(struct reasm *r, uint64_t upto)
{
    if (upto <= r->contig)
        return true;
    if (r->base == r->contig && r->high <= r->contig) {
        /* Nothing held: jump, whatever the size of the hole. */
        /* No bits are set (released bits are cleared), so the ring is reusable as is. */
        r->gap_bytes += upto - r->contig;
        r->base = r->contig = r->high = upto;
        return true;
    }
    if (!ensure(r, upto)) {
        r->overflow = true;
        return false;
    }
    for (uint64_t o = r->contig; o < upto; o++) {
        size_t pos = (size_t)(o & (r->cap - 1));
        if (!bit_get(r->have, pos)) {
            bit_put(r->have, pos, true);
            r->gap_bytes++;
        }
    }
    if (upto > r->high)
        r->high = upto;
    advance_contig(r);
    return true;
}

void reasm_reset(struct reasm *r, uint64_t off)
{
    if (r->cap) {
        memset(r->have, 0, r->cap / 8);
        memset(r->known, 0, r->cap / 8);
    }
    if (off > r->contig)
        r->gap_bytes += off - r->contig;
    r->base = r->contig = r->high = off;
}

void reasm_release(struct reasm *r, uint64_t upto)
{
    if (upto > r->contig)
        upto = r->contig;
    if (upto <= r->base)
        return;
    if (r->cap) {
        uint64_t n = upto - r->base;
        if (n > r->cap)
            n = r->cap;
        bits_ring(r, r->have, r->base, (size_t)n, false);
        bits_ring(r, r->known, r->base, (size_t)n, false);
    }
    r->base = upto;
}

size_t reasm_run(const struct reasm *r, uint64_t off, uint64_t end, bool *known)
{
    if (off >= end || r->cap == 0) {
        *known = false;
        return off < end ? (size_t)(end - off) : 0;
    }
    bool k = held(r, r->known, off);
    uint64_t o = off + 1;
    while (o < end) {
        size_t pos = (size_t)(o & (r->cap - 1));
        if ((pos & 7) == 0 && o + 8 <= end && r->known[pos >> 3] == (k ? 0xff : 0x00)) {
            o += 8;
            continue;
        }
        if (bit_get(r->known, pos) != k)
            break;
        o++;
    }
    *known = k;
    return (size_t)(o - off);
}

const uint8_t *reasm_ptr(const struct reasm *r, uint64_t off, size_t n, size_t *got)
{
    size_t pos = (size_t)(off & (r->cap - 1));
    size_t room = r->cap - pos;
    *got = n < room ? n : room;
    return r->buf + pos;
}

void reasm_copy(const struct reasm *r, uint64_t off, uint8_t *dst, size_t n)
{
    while (n > 0) {
        size_t got;
        const uint8_t *p = reasm_ptr(r, off, n, &got);
        memcpy(dst, p, got);
        dst += got;
        off += got;
        n -= got;
    }
}
