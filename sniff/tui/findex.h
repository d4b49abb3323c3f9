/*
 * findex.h: the frame index of sniff --tui: what the terminal UI keeps of each frame of
 * a capture, so that it can show any of a million frames while holding none of them.
 *
 * One entry per frame that passed the capture filter: the connection model's record of
 * the frame (struct frame_rec, analysis.h: stream, relative numbers, flags, states, echo
 * verdict) and where its record starts in the file (a 64-bit base every 64 entries and a
 * 32-bit distance from it), 41 bytes in all. Entries live in chunks of 65,536 allocated
 * as they fill, so nothing is ever copied and a million frames cost about 39 MiB.
 * Beside them, small tables only as long as what is rare: frame numbers where the
 * capture filter skipped frames, the few per-frame facts the record does not hold (an
 * ICMP reply's request frame, the connection an echo waited for, the time a
 * frame's time delta counts from when the capture filter skipped frames before it), one row per
 * connection (its first and last entry and its frame count), and, in a pcapng file, the
 * blocks a reader must have seen before a frame (section headers, interfaces).
 *
 * A view is the list of rows on screen: every entry, or those a display filter passed
 * (entry indices), built by the indexer as it goes or by a filter job afterwards.
 */
#ifndef ECHOSNIFF_FINDEX_H
#define ECHOSNIFF_FINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

#define FX_CHUNK_BITS 16
#define FX_CHUNK (1u << FX_CHUNK_BITS)
#define FX_NONE UINT32_MAX

/* fx_chunk.bits */
enum { FX_BAD = 1 }; /* malformed, or a header cut by the snapshot length */

struct fx_entry {
    struct frame_rec rec;
    uint32_t delta; /* from the chunk's base of this entry's 64; UINT32_MAX: see over */
};

struct fx_chunk {
    struct fx_entry e[FX_CHUNK];
    uint64_t base[FX_CHUNK / 64];
    uint8_t bits[FX_CHUNK];
};

struct fx_skip { /* from entry `entry` on, frame numbers count up from `frame` */
    uint32_t entry;
    uint64_t frame;
};
struct fx_over { /* an offset too far from its base for 32 bits */
    uint32_t entry;
    uint64_t off;
};
/* FX_PREV_TIME: the time frame.time_delta counts from, when it is not the entry
 * before's (the capture filter skipped the frames between). */
enum fx_extra_kind { FX_ICMP_REQUEST = 1, FX_WAITED = 2, FX_PREV_TIME = 3 };
struct fx_extra {
    uint32_t entry;
    uint32_t kind;
    uint64_t value;
};
struct fx_stream {
    uint32_t first, last, count;
};
struct fx_block {   /* pcapng: a section header or interface block a reader must see */
    uint32_t entry; /* before this entry */
    bool shb;       /* a section header (resets the interfaces) */
    uint64_t off;
};

/* A growable array of fixed-size items. */
struct fx_vec {
    void *v;
    size_t n, cap, size;
};

struct findex {
    struct fx_chunk **chunk;
    size_t nchunks, chunk_cap;
    uint32_t n;          /* entries */
    uint32_t max;        /* entries kept at most */
    bool full;           /* max reached: later frames not kept */
    struct fx_vec skip;  /* struct fx_skip */
    struct fx_vec over;  /* struct fx_over */
    struct fx_vec extra; /* struct fx_extra */
    struct fx_vec streams;
    struct fx_vec blocks;
    bool oom; /* an allocation failed: indexing stopped there */
};

/* A list of rows: every entry (all) or the entries a filter passed. */
struct fx_view {
    bool all;
    uint32_t *rows;
    uint32_t n, cap;
    uint32_t done; /* entries examined */
};

void fx_init(struct findex *ix, uint32_t max);
void fx_free(struct findex *ix);

/* Appends an entry; false when the index is full or memory is short. */
bool fx_add(struct findex *ix, uint64_t frame, uint64_t off, const struct frame_rec *rec,
            uint8_t bits);
void fx_add_extra(struct findex *ix, uint32_t entry, enum fx_extra_kind kind, uint64_t value);
void fx_add_block(struct findex *ix, uint32_t entry, bool shb, uint64_t off);

static inline const struct fx_entry *fx_entry(const struct findex *ix, uint32_t i)
{
    return &ix->chunk[i >> FX_CHUNK_BITS]->e[i & (FX_CHUNK - 1)];
}
static inline uint8_t fx_bits(const struct findex *ix, uint32_t i)
{
    return ix->chunk[i >> FX_CHUNK_BITS]->bits[i & (FX_CHUNK - 1)];
}
uint64_t fx_offset(const struct findex *ix, uint32_t i);
uint64_t fx_frame(const struct findex *ix, uint32_t i);
/* The entry of frame number `frame`, or the first one after it; FX_NONE past the end. */
uint32_t fx_find_frame(const struct findex *ix, uint64_t frame);
/* The extra of this kind for an entry; false when none. */
bool fx_extra(const struct findex *ix, uint32_t entry, enum fx_extra_kind kind, uint64_t *value);
uint32_t fx_nstreams(const struct findex *ix);
const struct fx_stream *fx_stream(const struct findex *ix, uint32_t stream);
/* The last block event at or before entry (index into blocks), or FX_NONE. */
uint32_t fx_block_for(const struct findex *ix, uint32_t entry);

/* Views. */
void fx_view_init(struct fx_view *v, bool all);
void fx_view_free(struct fx_view *v);
bool fx_view_push(struct fx_view *v, uint32_t entry);
static inline uint32_t fx_view_n(const struct fx_view *v, const struct findex *ix)
{
    return v->all ? ix->n : v->n;
}
static inline uint32_t fx_view_entry(const struct fx_view *v, uint32_t row)
{
    return v->all ? row : v->rows[row];
}
/* The row showing entry e, or the last row before it (FX_NONE: none before). */
uint32_t fx_view_row_at(const struct fx_view *v, const struct findex *ix, uint32_t e);

/* Bytes the index holds (for the status bar and the benchmark). */
size_t fx_memory(const struct findex *ix);

#endif
