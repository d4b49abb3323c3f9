/*
 * reasm.h: one direction of a TCP byte stream, reassembled by sequence number, in memory
 * shared by every stream of the run under one budget.
 *
 * Segments are added at their stream offset (0 = the first byte after the SYN, unwrapped
 * to 64 bits by the caller) in any order, any number of times: bytes already held are
 * ignored (retransmissions, overlaps), bytes ahead of the contiguous end are kept until
 * the hole before them is filled (out of order). A hole that will never be filled (the
 * capture missed the segment; the peer's ACK proves it was sent) is declared with
 * reasm_gap: its bytes become "not captured", so the stream moves on and whoever reads
 * it can say so rather than compare garbage.
 *
 * Memory: bytes live in chunks of REASM_CHUNK stream bytes, allocated only where bytes
 * arrive (a hole of 2 GiB costs nothing) from a pool shared by all streams
 * (struct reasm_pool), which never holds more than its budget. A chunk is taken when
 * data arrives and returned when its owner releases the bytes (echoed, printed). When a
 * chunk is needed and the budget is spent, the pool gives up the oldest chunk in use, in
 * whichever stream it is: that stream forgets every byte below the chunk's end (its
 * oldest pending bytes) and reads them from then on as "given up" (REASM_GIVEN_UP), never
 * as data. One stream may also hold at most max_chunks chunks; past that it gives up its
 * own oldest bytes first, so one connection cannot take the budget from all the others.
 *
 * Cost: every operation is bounded by the bytes the stream holds (its chunks), never by
 * the size of a hole or the distance between two offsets.
 */
#ifndef ECHOSNIFF_REASM_H
#define ECHOSNIFF_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REASM_CHUNK 1024u /* stream bytes per chunk (a power of two) */

/* The pool hands out blocks of one size: a chunk, or an owner's per-connection state
 * (struct echo_conn) through pool_block_get. A block given back is kept for the next
 * one, of either use, and goes back to malloc only at pool_free: the heap holds blocks
 * of one size that are never freed during the run, so it cannot fragment. (With chunks
 * and connection states of different sizes freed and allocated in turn, a heap of 44 MiB
 * held 34 MiB in use, and a live capture's RSS crept up with it.) */
#define POOL_BLOCK 1536u

struct rchunk;
struct reasm;
struct pool_block;

/* The memory every stream of a run reassembles in. budget counts the blocks (in use or
 * kept for reuse) and the streams' chunk indexes. */
struct reasm_pool {
    size_t budget;
    size_t used;                    /* bytes counted against the budget now */
    size_t peak;                    /* the most used ever */
    struct pool_block *spare;       /* blocks allocated, not in use (a stack) */
    struct rchunk *oldest, *newest; /* chunks in use, in the order they were taken */
    uint64_t given_up_bytes;        /* stream bytes given up, all streams, whole run */
    uint64_t given_up_chunks;       /* chunks taken back from their stream for another */
};

/* What a byte below the contiguous end is (reasm_run). */
enum reasm_kind {
    REASM_KNOWN = 0, /* captured: its value is held */
    REASM_GAP,       /* not captured (a declared hole, or cut by the snapshot length) */
    REASM_GIVEN_UP,  /* captured, but given up to the memory budget: value unknown */
};

struct reasm {
    struct reasm_pool *pool;
    struct rchunk **ch; /* chunks held, by stream offset */
    uint32_t nch, capch;
    uint32_t max_chunks;  /* at most this many (0: no cap but the pool's) */
    uint64_t base;        /* bytes below base were released */
    uint64_t contig;      /* every byte below contig is resolved */
    uint64_t high;        /* one past the highest byte ever resolved or added */
    uint64_t given_up_to; /* bytes in [base, given_up_to) were given up */
    uint64_t given_up;    /* stream bytes given up, this stream */
    uint64_t dup_bytes;   /* bytes received again (retransmission, overlap) */
};

/* Bits of reasm_add's result. */
enum {
    REASM_NEW = 1,   /* some bytes were new */
    REASM_DUP = 2,   /* some bytes were already held or released */
    REASM_AHEAD = 4, /* some new bytes are beyond a hole */
};

void pool_init(struct reasm_pool *p, size_t budget);
/* Frees the spare blocks; every stream and block owner must have been freed first. */
void pool_free(struct reasm_pool *p);
/* A block of POOL_BLOCK bytes (uninitialised) counted against the budget, giving up the
 * oldest chunks in use if need be; NULL when even that does not make room. */
void *pool_block_get(struct reasm_pool *p);
/* Gives block b back to the pool, for reuse (it stays counted). */
void pool_block_put(struct reasm_pool *p, void *b);

/* A stream in pool p holding at most max_bytes (rounded up to chunks; 0: no cap but the
 * pool's). Allocates nothing. */
void reasm_init(struct reasm *r, struct reasm_pool *p, size_t max_bytes);
/* Returns every chunk to the pool. */
void reasm_free(struct reasm *r);

/* Adds bytes [off, off + len) of which the first caplen were captured (data); the rest
 * are resolved as not captured (the snapshot length cut them). Bytes that find no
 * memory are given up (with the stream's older ones). */
int reasm_add(struct reasm *r, uint64_t off, const uint8_t *data, uint32_t caplen, uint32_t len);

/* Resolves every unresolved byte below upto as not captured: O(bytes held). */
void reasm_gap(struct reasm *r, uint64_t upto);

/* Forgets bytes below upto (clamped to contig): their chunks go back to the pool. */
void reasm_release(struct reasm *r, uint64_t upto);

/* From off (base <= off < end <= contig): the length of the run of bytes of one kind,
 * and which (*kind). */
size_t reasm_run(const struct reasm *r, uint64_t off, uint64_t end, enum reasm_kind *kind);

/* The first resolved byte in [from, lim) (from >= contig), or lim: where a hole ends. */
uint64_t reasm_next_resolved(const struct reasm *r, uint64_t from, uint64_t lim);

/* A pointer to the captured byte at off (kind REASM_KNOWN) and how many bytes follow it
 * contiguously in memory (up to n). */
const uint8_t *reasm_ptr(const struct reasm *r, uint64_t off, size_t n, size_t *got);

/* Copies n captured bytes from off into dst (across chunks). */
void reasm_copy(const struct reasm *r, uint64_t off, uint8_t *dst, size_t n);

#endif
