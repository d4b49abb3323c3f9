/*
 * page_int.h: the page writer's state, shared by page.c (the file and its blocks) and
 * page_rec.c (a packet's and a connection's records).
 */
#ifndef ECHOSNIFF_PAGE_INT_H
#define ECHOSNIFF_PAGE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "draw.h"
#include "figure.h"
#include "graph.h"
#include "ladder.h"
#include "page.h"
#include "sbuf.h"
#include "siphash.h"
#include "smap.h"

#define PAGE_MARKS 1024       /* byte ranges of one packet's tree */
#define PAGE_DICT_SLOTS 65536 /* a block's table of distinct tree lines */
#define PAGE_DICT_MAX (PAGE_DICT_SLOTS / 2)
#define PAGE_MAX_PROBLEMS (1u << 20) /* problem packets listed for the keys */

/* What the page draws of one connection while it is open. */
struct page_pic {
    struct ladder l;
    struct graph g;
};

struct page {
    struct draw_opts o;
    struct fmt_opts fmt; /* the printers' options, without colour */
    struct out *out;     /* the file */
    struct out *mem;     /* the formatters write here; its sink fills cur */
    struct sbuf cur;
    struct out_marks marks;
    struct out_mark markbuf[PAGE_MARKS];
    /* the block being made: its list records and its trees, JSON arrays; the trees' lines
     * are numbers into the block's table of distinct lines (most lines repeat from
     * packet to packet: "Encapsulation type: Ethernet (1)"), kept in dict_txt */
    struct sbuf lst, det;
    struct sbuf dict_json; /* the distinct lines as JSON strings, in order */
    struct sbuf dict_raw;  /* and as they are, to compare with */
    struct page_word {
        uint64_t hash;
        uint32_t off, len;
    } * words;
    uint32_t *slots; /* PAGE_DICT_SLOTS: 0 empty, else a words index + 1 */
    uint32_t nwords;
    struct sip_key key;
    uint32_t blk_n, nblocks;
    uint64_t blk_first, blk_frame0; /* its first packet's index and frame number */
    uint64_t npackets;
    /* the connections' objects, and what the keys need */
    struct sbuf conns;
    uint32_t *problems, nproblems, cproblems;
    bool problems_cut;
    uint32_t *firsts, nfirsts, cfirsts; /* [stream, index] pairs */
    bool have_stream;
    uint32_t max_stream;
    /* figures */
    struct smap pics;
    size_t pic_bytes;
    uint32_t figures, figures_omitted;
    int64_t t0_ns; /* the first packet's time: the ladders' Time origin */
    struct sbuf tmp;
    unsigned char *z;
    size_t zcap;
    bool failed;
};

/* Base64 of n bytes into dst (4 * ceil(n / 3) characters); returns the count. */
size_t page_b64(char *dst, const unsigned char *p, size_t n);
void page_chunk(struct page *pg, const char *attrs, const char *data, size_t n);
void page_json_str(struct sbuf *b, const char *s, size_t n);
/* Starts collecting what the formatters write to pg->mem; page_captured returns it. */
void page_capture(struct page *pg);
const char *page_captured(struct page *pg, size_t *n);
void page_flush_block(struct page *pg);
/* A tree line's number in the block's table (added if new); UINT32_MAX when it is full. */
uint32_t page_word(struct page *pg, const char *s, size_t n);
/* Appends a decimal integer. */
void page_int(struct sbuf *b, int64_t v);
void page_conn_json(struct page *pg, const char *json, size_t n);
void page_pic_free(struct page_pic *pic);

#endif
