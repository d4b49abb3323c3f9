/*
 * reasm.h: one direction of a TCP byte stream, reassembled by sequence number.
 *
 * Segments are added at their stream offset (0 = the first byte after the SYN, unwrapped
 * to 64 bits by the caller) in any order, any number of times: bytes already held are
 * ignored (retransmissions, overlaps), bytes ahead of the contiguous end are kept until
 * the hole before them is filled (out of order). A hole that will never be filled (the
 * capture missed the segment; the peer's ACK proves it was sent) is declared with
 * reasm_gap: its bytes become "resolved but not captured", so the stream moves on and
 * whoever reads it can say "not captured" rather than compare garbage.
 *
 * Memory is bounded: bytes live in a ring of at most `max` bytes (a power of two)
 * covering [base, base + cap); the owner releases what it no longer needs. The ring is
 * allocated on first use and doubled as needed: a handful of allocations per connection,
 * none per packet. A segment that does not fit sets `overflow` and is dropped.
 */
#ifndef ECHOSNIFF_REASM_H
#define ECHOSNIFF_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REASM_MIN_CAP 512u

struct reasm {
    uint8_t *buf;       /* ring of cap bytes: offset o lives at buf[o & (cap - 1)] */
    uint8_t *have;      /* bitmap: byte resolved (captured, or declared not captured) */
    uint8_t *known;     /* bitmap: byte captured (its value is in buf) */
    size_t cap;         /* current ring size, 0 before first use */
    size_t max;         /* largest ring allowed (power of two) */
    uint64_t base;      /* bytes below base were released */
    uint64_t contig;    /* every byte below contig is resolved */
    uint64_t high;      /* one past the highest byte ever resolved or added */
    bool overflow;      /* a segment did not fit within max bytes */
    uint64_t dup_bytes; /* bytes received again (retransmission, overlap) */
    uint64_t gap_bytes; /* bytes declared not captured */
};

/* Bits of reasm_add's result. */
enum {
    REASM_NEW = 1,      /* some bytes were new */
    REASM_DUP = 2,      /* some bytes were already held or released */
    REASM_AHEAD = 4,    /* some new bytes are beyond a hole */
    REASM_OVERFLOW = 8, /* did not fit: dropped (overflow is now set) */
};

/* max is rounded up to a power of two, at least REASM_MIN_CAP. Allocates nothing. */
void reasm_init(struct reasm *r, size_t max);
void reasm_free(struct reasm *r);

/* Adds bytes [off, off + len) of which the first caplen were captured (data); the rest
 * are resolved as not captured (the snapshot length cut them). */
int reasm_add(struct reasm *r, uint64_t off, const uint8_t *data, uint32_t caplen, uint32_t len);

/* Resolves every unresolved byte below upto as not captured. Returns false (and sets
 * overflow) when the range does not fit in the ring. */
bool reasm_gap(struct reasm *r, uint64_t upto);

/* Forgets everything held and restarts the stream at off (bytes between the old
 * contiguous end and off count as not captured). */
void reasm_reset(struct reasm *r, uint64_t off);

/* Forgets bytes below upto (clamped to contig). */
void reasm_release(struct reasm *r, uint64_t upto);

/* From off (base <= off < end <= contig): the length of the run of bytes that are all
 * captured or all not captured, and which (*known). */
size_t reasm_run(const struct reasm *r, uint64_t off, uint64_t end, bool *known);

/* A pointer to the held byte at off and how many bytes follow it contiguously in memory
 * (up to n). off must be held (base <= off < high). */
const uint8_t *reasm_ptr(const struct reasm *r, uint64_t off, size_t n, size_t *got);

/* Copies n held bytes from off into dst (which may wrap around the ring). */
void reasm_copy(const struct reasm *r, uint64_t off, uint8_t *dst, size_t n);

#endif
