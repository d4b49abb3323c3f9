/*
 * reasm.c: TCP stream reassembly in sparse chunks under one memory budget (see reasm.h).
 *
 * A stream holds a sorted array of chunks, each covering REASM_CHUNK stream bytes at an
 * aligned offset, with two bitmaps: `known` (the byte was captured: its value is in data)
 * and `have` (the byte is resolved: captured or declared not captured), the latter only
 * meaningful above the contiguous end. Below contig every byte is resolved, so a byte
 * there is given up (below given_up_to), captured (its known bit), or not captured (a
 * clear known bit, or no chunk at all: a hole costs nothing). The common case, a segment
 * that starts at the contiguous end with nothing held beyond it, is a memcpy and a few
 * bit sets per chunk; out-of-order and overlapping segments walk their own bytes.
 *
 * The pool keeps the chunks in use in one list, in the order they were taken: the head is
 * the oldest pending data of the whole run, the first to go when the budget is spent.
 * Chunks are blocks of POOL_BLOCK bytes, as the owners' connection states are: allocated
 * once and kept for reuse (spare) rather than freed, so the steady state allocates
 * nothing per packet, memory never exceeds the budget, and the heap never fragments.
 */
#include "reasm.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_MASK ((uint64_t)REASM_CHUNK - 1)
#define MAP_BYTES (REASM_CHUNK / 8)

struct rchunk {
    uint64_t start; /* stream offset of data[0], a multiple of REASM_CHUNK */
    struct reasm *owner;
    struct rchunk *older, *newer; /* the pool's list of chunks in use */
    uint8_t have[MAP_BYTES];
    uint8_t known[MAP_BYTES];
    uint8_t data[REASM_CHUNK];
};

_Static_assert(sizeof(struct rchunk) <= POOL_BLOCK, "a chunk fits in a pool block");

/* A spare block. */
struct pool_block {
    struct pool_block *next;
};

/* The size of one entry of a stream's chunk index (a pointer). */
#define CH_SIZE sizeof(struct rchunk *)

/* What a block costs, malloc's header included. */
#define BLOCK_COST ((size_t)POOL_BLOCK + 16)

static const uint8_t zeros[REASM_CHUNK];

/* ---- bits ---- */

static bool bit_get(const uint8_t *map, size_t i)
{
    return (map[i >> 3] >> (i & 7)) & 1;
}

/* Sets bits [a, b) of a chunk's map. */
static void bits_set(uint8_t *map, size_t a, size_t b)
{
    while (a < b && (a & 7) != 0) {
        map[a >> 3] |= (uint8_t)(1u << (a & 7));
        a++;
    }
    if (b - a >= 8) {
        size_t nbytes = (b - a) >> 3;
        memset(map + (a >> 3), 0xff, nbytes);
        a += nbytes << 3;
    }
    while (a < b) {
        map[a >> 3] |= (uint8_t)(1u << (a & 7));
        a++;
    }
}

/* The first i in [a, b) whose bit is not v, or b. */
static size_t bits_run(const uint8_t *map, size_t a, size_t b, bool v)
{
    uint8_t whole = v ? 0xff : 0x00;
    while (a < b) {
        if ((a & 7) == 0 && a + 8 <= b && map[a >> 3] == whole) {
            a += 8;
            continue;
        }
        if (bit_get(map, a) != v)
            return a;
        a++;
    }
    return b;
}

/* ---- the pool ---- */

static void pool_count(struct reasm_pool *p, size_t n)
{
    p->used += n;
    if (p->used > p->peak)
        p->peak = p->used;
}

void pool_init(struct reasm_pool *p, size_t budget)
{
    memset(p, 0, sizeof *p);
    p->budget = budget;
}

static void pool_uncount(struct reasm_pool *p, size_t n)
{
    p->used -= n < p->used ? n : p->used;
}

void pool_free(struct reasm_pool *p)
{
    while (p->spare != NULL) {
        struct pool_block *b = p->spare;
        p->spare = b->next;
        free(b);
        pool_uncount(p, BLOCK_COST);
    }
}

static void give_up_to(struct reasm *r, uint64_t upto);

/* Gives chunk c up: its stream forgets every byte below the chunk's end (or its highest
 * byte, when the chunk is not full), and reads them as given up from then on. */
static void give_up_chunk(struct reasm_pool *p, struct rchunk *c)
{
    struct reasm *r = c->owner;
    uint64_t upto = c->start + REASM_CHUNK;
    if (r->high < upto)
        upto = r->high;
    if (upto <= c->start)
        upto = c->start + 1; /* cannot happen: a chunk is taken for a byte below high */
    p->given_up_chunks++;
    give_up_to(r, upto);
}

static void chunk_put(struct reasm_pool *p, struct rchunk *c)
{
    if (c->older != NULL)
        c->older->newer = c->newer;
    else
        p->oldest = c->newer;
    if (c->newer != NULL)
        c->newer->older = c->older;
    else
        p->newest = c->older;
    pool_block_put(p, c);
}

void pool_block_put(struct reasm_pool *p, void *b)
{
    struct pool_block *s = b;
    s->next = p->spare;
    p->spare = s;
}

void *pool_block_get(struct reasm_pool *p)
{
    for (;;) {
        if (p->spare != NULL) {
            struct pool_block *b = p->spare;
            p->spare = b->next;
            return b;
        }
        if (p->used + BLOCK_COST <= p->budget) {
            void *b = malloc(POOL_BLOCK);
            if (b != NULL)
                pool_count(p, BLOCK_COST);
            return b;
        }
        if (p->oldest == NULL)
            return NULL;
        give_up_chunk(p, p->oldest); /* the run's oldest pending bytes */
    }
}

/* ---- a stream's chunks ---- */

void reasm_init(struct reasm *r, struct reasm_pool *p, size_t max_bytes)
{
    memset(r, 0, sizeof *r);
    r->pool = p;
    uint64_t n = (max_bytes + REASM_CHUNK - 1) / REASM_CHUNK;
    r->max_chunks = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

void reasm_free(struct reasm *r)
{
    for (uint32_t i = 0; i < r->nch; i++)
        chunk_put(r->pool, r->ch[i]);
    free(r->ch);
    pool_uncount(r->pool, (size_t)r->capch * CH_SIZE);
    r->ch = NULL;
    r->nch = r->capch = 0;
}

/* The index of the first chunk starting at or after start. */
static uint32_t lower_bound(const struct reasm *r, uint64_t start)
{
    uint32_t lo = 0, hi = r->nch;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (r->ch[mid]->start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The chunk holding offset off, or NULL. The last and first chunks are tried first:
 * appending and comparing touch them. */
static struct rchunk *find(const struct reasm *r, uint64_t off)
{
    uint64_t s = off & ~CHUNK_MASK;
    if (r->nch == 0)
        return NULL;
    if (r->ch[r->nch - 1]->start == s)
        return r->ch[r->nch - 1];
    if (r->ch[0]->start == s)
        return r->ch[0];
    uint32_t i = lower_bound(r, s);
    return i < r->nch && r->ch[i]->start == s ? r->ch[i] : NULL;
}

/* Forgets the first k chunks of the index (already returned), and halves the index while
 * it is at most a quarter full: a stream that once held many chunks does not keep their
 * index (16,000 flows that each held 255 chunks for a moment kept 34 MiB of it). */
static void drop_first(struct reasm *r, uint32_t k)
{
    if (k == 0)
        return;
    memmove(r->ch, r->ch + k, (r->nch - k) * CH_SIZE);
    r->nch -= k;
    uint32_t ncap = r->capch;
    while (ncap > 4 && r->nch <= ncap / 4)
        ncap /= 2;
    if (ncap == r->capch)
        return;
    struct rchunk **n = realloc(r->ch, (size_t)ncap * CH_SIZE);
    if (n == NULL)
        return; /* the larger index stays, counted */
    pool_uncount(r->pool, (size_t)(r->capch - ncap) * CH_SIZE);
    r->ch = n;
    r->capch = ncap;
}

/* Returns the chunks below upto to the pool. */
static void drop_below(struct reasm *r, uint64_t upto)
{
    uint32_t k = 0;
    while (k < r->nch && r->ch[k]->start + REASM_CHUNK <= upto)
        chunk_put(r->pool, r->ch[k++]);
    drop_first(r, k);
}

static void advance_contig(struct reasm *r)
{
    while (r->contig < r->high) {
        struct rchunk *c = find(r, r->contig);
        if (c == NULL)
            return; /* no chunk: unresolved */
        size_t i = (size_t)(r->contig - c->start);
        size_t e = bits_run(c->have, i, REASM_CHUNK, true);
        r->contig += e - i;
        if (e < REASM_CHUNK)
            return;
    }
}

/* The stream forgets every byte below upto: given up, chunks returned. */
static void give_up_to(struct reasm *r, uint64_t upto)
{
    uint64_t lo = r->given_up_to > r->base ? r->given_up_to : r->base;
    if (upto > lo) {
        r->given_up += upto - lo;
        r->pool->given_up_bytes += upto - lo;
        r->given_up_to = upto;
    }
    uint32_t k = 0;
    while (k < r->nch && r->ch[k]->start < upto)
        chunk_put(r->pool, r->ch[k++]);
    drop_first(r, k);
    if (r->contig < upto) {
        r->contig = upto;
        if (r->high < upto)
            r->high = upto;
        advance_contig(r);
    }
}

/* Makes room in the index for one more chunk: doubles it, within the budget. To stay in
 * it a spare block is freed, or the run's oldest chunk given up (its block becomes a
 * spare); when that chunk was this stream's own, the index has room as it is. */
static bool grow_index(struct reasm *r)
{
    struct reasm_pool *p = r->pool;
    uint32_t ncap = r->capch ? r->capch * 2 : 4;
    size_t more = (size_t)(ncap - r->capch) * CH_SIZE;
    while (p->used + more > p->budget) {
        if (p->spare != NULL) { /* a block no one uses: its memory goes to the index */
            struct pool_block *b = p->spare;
            p->spare = b->next;
            free(b);
            pool_uncount(p, BLOCK_COST);
        } else if (p->oldest != NULL) {
            give_up_chunk(p, p->oldest); /* its block becomes a spare */
            if (r->nch < r->capch)
                return true;
        } else {
            return false;
        }
    }
    struct rchunk **n = realloc(r->ch, (size_t)ncap * CH_SIZE);
    if (n == NULL)
        return false;
    pool_count(p, more);
    r->ch = n;
    r->capch = ncap;
    return true;
}

/* A new chunk for stream offset s (not held), inserted in order; NULL when no memory can
 * be had. Making room may give up bytes of this stream (its own cap first) or others'. */
static struct rchunk *take(struct reasm *r, uint64_t s)
{
    struct reasm_pool *p = r->pool;
    if (r->max_chunks != 0 && r->nch >= r->max_chunks)
        give_up_chunk(p, r->ch[0]); /* its own oldest bytes first */
    if (r->nch == r->capch && !grow_index(r))
        return NULL;
    struct rchunk *c = pool_block_get(p);
    if (c == NULL)
        return NULL;
    memset(c->have, 0, sizeof c->have);
    memset(c->known, 0, sizeof c->known);
    c->start = s;
    c->owner = r;
    c->newer = NULL;
    c->older = p->newest;
    if (p->newest != NULL)
        p->newest->newer = c;
    else
        p->oldest = c;
    p->newest = c;
    uint32_t i = lower_bound(r, s);
    memmove(r->ch + i + 1, r->ch + i, (r->nch - i) * CH_SIZE);
    r->ch[i] = c;
    r->nch++;
    return c;
}

/* ---- adding bytes ---- */

/* In order, nothing held beyond: copy the captured bytes chunk by chunk; the rest of the
 * segment (cut by the snapshot length) is not captured, which below contig is simply a
 * clear known bit or no chunk. contig and high follow each chunk, so that making room
 * for the next chunk can give up at most what this one already holds. */
static void add_in_order(struct reasm *r, uint64_t off, uint64_t from, const uint8_t *data,
                         uint64_t cap_end, uint64_t end)
{
    uint64_t pos = from;
    while (pos < cap_end) {
        uint64_t s = pos & ~CHUNK_MASK;
        uint64_t lim = s + REASM_CHUNK < cap_end ? s + REASM_CHUNK : cap_end;
        struct rchunk *c = find(r, s);
        if (c == NULL && (c = take(r, s)) == NULL) {
            give_up_to(r, end); /* no memory at all: these bytes cannot be held */
            return;
        }
        memcpy(c->data + (pos - s), data + (pos - off), (size_t)(lim - pos));
        bits_set(c->known, (size_t)(pos - s), (size_t)(lim - s));
        pos = lim;
        r->contig = r->high = pos;
    }
    r->contig = r->high = end;
}

/* Anywhere: byte by byte, each new byte from `from` on resolved (and kept when
 * captured: data holds the bytes from off to cap_end). */
static int add_general(struct reasm *r, uint64_t off, uint64_t from, const uint8_t *data,
                       uint64_t cap_end, uint64_t end)
{
    int res = 0;
    uint64_t pos = from;
    while (pos < end) {
        if (pos < r->contig) { /* given up meanwhile, to make room */
            pos = r->contig;
            continue;
        }
        uint64_t s = pos & ~CHUNK_MASK;
        uint64_t lim = s + REASM_CHUNK < end ? s + REASM_CHUNK : end;
        struct rchunk *c = find(r, s);
        if (c == NULL && (c = take(r, s)) == NULL) {
            give_up_to(r, lim);
            pos = lim;
            continue;
        }
        if (pos < r->contig)
            continue; /* the new chunk's room cost this stream bytes above pos */
        for (; pos < lim; pos++) {
            size_t i = (size_t)(pos - s);
            if (bit_get(c->have, i)) {
                r->dup_bytes++;
                res |= REASM_DUP;
                continue;
            }
            res |= REASM_NEW;
            c->have[i >> 3] |= (uint8_t)(1u << (i & 7));
            if (pos < cap_end) {
                c->data[i] = data[pos - off];
                c->known[i >> 3] |= (uint8_t)(1u << (i & 7));
            }
        }
        if (lim > r->high)
            r->high = lim;
    }
    advance_contig(r);
    return res;
}

int reasm_add(struct reasm *r, uint64_t off, const uint8_t *data, uint32_t caplen, uint32_t len)
{
    if (caplen > len)
        caplen = len;
    if (len == 0)
        return 0;
    uint64_t end = off + len, cap_end = off + caplen;
    if (end <= r->contig) {
        r->dup_bytes += len;
        return REASM_DUP;
    }
    int res = 0;
    uint64_t from = off;
    if (off < r->contig) {
        r->dup_bytes += r->contig - off;
        res |= REASM_DUP;
        from = r->contig;
    }
    if (from == r->contig && r->high <= from) {
        add_in_order(r, off, from, data, cap_end, end);
        return res | REASM_NEW;
    }
    bool ahead = from > r->contig;
    int got = add_general(r, off, from, data, cap_end, end);
    if (ahead && (got & REASM_NEW))
        got |= REASM_AHEAD;
    return res | got;
}

void reasm_gap(struct reasm *r, uint64_t upto)
{
    if (upto <= r->contig)
        return;
    /* Unresolved bytes below upto have a clear known bit or no chunk: not captured. */
    r->contig = upto;
    if (r->high < upto)
        r->high = upto;
    advance_contig(r);
}

void reasm_release(struct reasm *r, uint64_t upto)
{
    if (upto > r->contig)
        upto = r->contig;
    if (upto <= r->base)
        return;
    drop_below(r, upto);
    r->base = upto;
}

/* ---- reading ---- */

size_t reasm_run(const struct reasm *r, uint64_t off, uint64_t end, enum reasm_kind *kind)
{
    if (off >= end) {
        *kind = REASM_GAP;
        return 0;
    }
    if (off < r->given_up_to) {
        *kind = REASM_GIVEN_UP;
        return (size_t)((end < r->given_up_to ? end : r->given_up_to) - off);
    }
    uint64_t pos = off;
    uint32_t i = lower_bound(r, off & ~CHUNK_MASK);
    bool first = true;
    enum reasm_kind k0 = REASM_GAP;
    while (pos < end) {
        enum reasm_kind k;
        uint64_t next;
        if (i < r->nch && r->ch[i]->start <= pos) {
            const struct rchunk *c = r->ch[i];
            uint64_t lim = c->start + REASM_CHUNK < end ? c->start + REASM_CHUNK : end;
            size_t a = (size_t)(pos - c->start);
            k = bit_get(c->known, a) ? REASM_KNOWN : REASM_GAP;
            if (!first && k != k0)
                break;
            next = c->start + bits_run(c->known, a, (size_t)(lim - c->start), k == REASM_KNOWN);
            i++;
            if (next < lim) {
                k0 = k;
                pos = next;
                break;
            }
        } else {
            k = REASM_GAP; /* no chunk below contig: not captured */
            if (!first && k != k0)
                break;
            next = i < r->nch && r->ch[i]->start < end ? r->ch[i]->start : end;
        }
        k0 = k;
        first = false;
        pos = next;
    }
    *kind = k0;
    return (size_t)(pos - off);
}

uint64_t reasm_next_resolved(const struct reasm *r, uint64_t from, uint64_t lim)
{
    for (uint32_t i = lower_bound(r, from & ~CHUNK_MASK); i < r->nch; i++) {
        const struct rchunk *c = r->ch[i];
        if (c->start >= lim)
            break;
        uint64_t a = c->start > from ? c->start : from;
        uint64_t b = c->start + REASM_CHUNK < lim ? c->start + REASM_CHUNK : lim;
        size_t e = bits_run(c->have, (size_t)(a - c->start), (size_t)(b - c->start), false);
        if (c->start + e < b)
            return c->start + e;
    }
    return lim;
}

const uint8_t *reasm_ptr(const struct reasm *r, uint64_t off, size_t n, size_t *got)
{
    const struct rchunk *c = find(r, off);
    size_t pos = (size_t)(off & CHUNK_MASK);
    size_t room = REASM_CHUNK - pos;
    *got = n < room ? n : room;
    /* Only captured bytes are asked for; zeros rather than a crash if not. */
    return c != NULL ? c->data + pos : zeros + pos;
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
