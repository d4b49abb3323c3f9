/*
 * capread.c: the -r file's stream, its pcapng comment parser, and libpcap's file errors
 * in our words (see capread.h).
 *
 * pcapng (draft-ietf-opsawg-pcapng): every block is type (4), total length (4), body,
 * total length again; the Section Header Block's byte-order magic 0x1A2B3C4D says the
 * byte order of the section. Enhanced Packet Blocks (type 6) and the obsolete Packet
 * Blocks (type 2) have 20 fixed bytes after the header (the captured length at block
 * offset 20), the packet data padded to 32 bits, then options: code (2), length (2),
 * value padded to 32 bits, ending at opt_endofopt (0). opt_comment is code 1. Simple
 * Packet Blocks (type 3) have no options.
 *
 * A pcapng file (or standard input) reaches libpcap through a stream of ours, with
 * stdio's buffer of RD_STDIO bytes, so the parser reads ahead of the packet libpcap returns by at
 * most that much: the comments it finds wait in a queue, by packet number, until their packet is
 * asked for. A block holds at least one packet, so the queue never holds more than RD_STDIO / 32
 * entries; it is sized for that, and the comment text for RD_STDIO bytes.
 */
#include "capread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RD_STDIO (64 * 1024)
#define RD_PLAIN (1024 * 1024) /* a pcap file's stdio buffer: libpcap's two freads a record */
#define RD_QUEUE (RD_STDIO / 32 + 1)
#define RD_TEXT (2 * RD_STDIO + CAP_COMMENT_BYTES)
#define SHB_TYPE 0x0A0D0D0Au
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define MAX_BLOCK (64u * 1024 * 1024)

/* A packet block's comments, waiting for libpcap to return the packet. */
struct pending {
    uint64_t packet;
    uint32_t at; /* text: RD_TEXT ring offset of the first comment */
    int nc, more;
    uint32_t len[CAP_MAX_COMMENTS];
};

struct cap_reader {
    int fd;
    char *stdio; /* stdio's buffer for the stream (RD_PLAIN bytes) */
    FILE *plain; /* a regular file that is not pcapng: read straight, no parser */
    uint64_t consumed;
    uint8_t head[16]; /* the file's first bytes, for the error sentences */
    size_t nhead;
    /* the block being parsed */
    bool off; /* not pcapng, or a block it cannot follow: no more parsing */
    bool swapped;
    uint8_t hdr[28];
    size_t need; /* header bytes wanted before the body: 8, 12 (SHB) or 28 (packets) */
    uint32_t type, total, pos, opts_start;
    uint8_t *opts;
    size_t nopts;
    uint64_t blocks, packets;
    /* the queue of comments read ahead */
    struct pending *q;
    uint32_t qhead, qn;
    char *ring;         /* RD_TEXT bytes */
    uint32_t ring_tail; /* where the next comment's text goes */
    /* the comments of the packet asked for last */
    struct cap_comment c[CAP_MAX_COMMENTS];
    char *text;
};

static uint32_t rd32(const struct cap_reader *r, const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return r->swapped ? __builtin_bswap32(v) : v;
}

static uint16_t rd16(const struct cap_reader *r, const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return r->swapped ? __builtin_bswap16(v) : v;
}

static bool packet_block(uint32_t type)
{
    return type == 6 || type == 2; /* Enhanced, obsolete Packet Block */
}

/* Copies n bytes into the text ring, wrapping. */
static void ring_put(struct cap_reader *r, const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        r->ring[(r->ring_tail + i) % RD_TEXT] = (char)p[i];
    r->ring_tail = (r->ring_tail + n) % RD_TEXT;
}

/* A packet block's options: its comments, queued for when its packet is returned. */
static void queue_comments(struct cap_reader *r)
{
    struct pending e = {.packet = r->packets, .at = r->ring_tail};
    size_t at = 0, used = 0;
    while (at + 4 <= r->nopts) {
        uint16_t code = rd16(r, r->opts + at), len = rd16(r, r->opts + at + 2);
        size_t padded = ((size_t)len + 3) & ~(size_t)3;
        if (code == 0 || padded > r->nopts - at - 4)
            break; /* the end, or an option past the block: stop here */
        if (code == 1 && e.nc < CAP_MAX_COMMENTS && len <= CAP_COMMENT_BYTES - used) {
            ring_put(r, r->opts + at + 4, len);
            e.len[e.nc++] = len;
            used += len;
        } else if (code == 1) {
            e.more++;
        }
        at += 4 + padded;
    }
    if ((e.nc > 0 || e.more > 0) && r->qn < RD_QUEUE) /* never full: see above */
        r->q[(r->qhead + r->qn++) % RD_QUEUE] = e;
}

static void end_block(struct cap_reader *r)
{
    r->blocks++;
    if (packet_block(r->type) || r->type == 3) {
        r->packets++;
        if (r->type != 3)
            queue_comments(r);
    }
    r->pos = 0;
    r->need = 8;
    r->nopts = 0;
}

/* The block's length, checked; false stops the parsing (libpcap will say what is wrong). */
static bool block_length(struct cap_reader *r)
{
    r->total = rd32(r, r->hdr + 4);
    return r->total >= 12 && r->total % 4 == 0 && r->total <= MAX_BLOCK && r->total >= r->pos;
}

/* The header is complete up to r->need bytes: what comes next. */
static void on_header(struct cap_reader *r)
{
    if (r->pos == 8) {
        r->type = rd32(r, r->hdr);
        if (r->type == SHB_TYPE) { /* the byte order comes next: 4 more bytes */
            r->need = 12;
            return;
        }
        if (r->blocks == 0) { /* not a pcapng file: a pcap file, or not a capture */
            r->off = true;
            return;
        }
    } else if (r->pos == 12) {
        uint32_t magic;
        memcpy(&magic, r->hdr + 8, 4);
        r->swapped = magic != BYTE_ORDER_MAGIC;
        if (r->swapped && __builtin_bswap32(magic) != BYTE_ORDER_MAGIC) {
            r->off = true;
            return;
        }
    }
    if (r->pos <= 12 && !block_length(r)) {
        r->off = true;
        return;
    }
    if (r->pos <= 12 && packet_block(r->type) && r->total >= 32) {
        r->need = 28;
        return;
    }
    r->opts_start = r->total; /* no options read */
    if (r->pos == 28) {       /* a packet block's fixed part: where its options start */
        uint64_t data_end = 28 + (((uint64_t)rd32(r, r->hdr + 20) + 3) & ~(uint64_t)3);
        if (data_end + 4 > r->total) {
            r->off = true;
            return;
        }
        r->opts_start = (uint32_t)data_end;
    }
    r->need = r->pos;
}

/* The bytes libpcap is handed, in order. */
static void feed(struct cap_reader *r, const uint8_t *p, size_t n)
{
    while (n > 0 && !r->off) {
        size_t k;
        if (r->pos < r->need) {
            k = r->need - r->pos < n ? r->need - r->pos : n;
            memcpy(r->hdr + r->pos, p, k);
            r->pos += (uint32_t)k;
            if (r->pos == r->need)
                on_header(r);
        } else {
            k = r->total - r->pos < n ? r->total - r->pos : n;
            /* The part of [pos, pos + k) in the options, [opts_start, total - 4). */
            uint64_t lo = r->pos > r->opts_start ? r->pos : r->opts_start;
            uint64_t hi = (uint64_t)r->pos + k < r->total - 4 ? r->pos + k : r->total - 4;
            for (uint64_t i = lo; i < hi && r->nopts < CAP_OPTIONS_MAX; i++)
                r->opts[r->nopts++] = p[i - r->pos];
            r->pos += (uint32_t)k;
        }
        p += k;
        n -= k;
        if (!r->off && r->pos == r->total)
            end_block(r);
    }
}

static ssize_t rd_read(void *cookie, char *out, size_t size)
{
    struct cap_reader *r = cookie;
    ssize_t k;
    do
        k = read(r->fd, out, size);
    while (k < 0 && errno == EINTR);
    if (k <= 0)
        return k;
    for (ssize_t i = 0; i < k && r->nhead < sizeof r->head; i++)
        r->head[r->nhead++] = (uint8_t)out[i];
    r->consumed += (uint64_t)k;
    feed(r, (const uint8_t *)out, (size_t)k);
    return k;
}

static int rd_close(void *cookie)
{
    struct cap_reader *r = cookie;
    int rc = r->fd >= 0 ? close(r->fd) : 0;
    r->fd = -1;
    return rc;
}

int cap_reader_comments(struct cap_reader *r, uint64_t frame, const struct cap_comment **c,
                        int *more)
{
    *c = r->c;
    *more = 0;
    while (r->qn > 0 && r->q[r->qhead].packet < frame) { /* packets never asked for */
        r->qhead = (r->qhead + 1) % RD_QUEUE;
        r->qn--;
    }
    if (r->qn == 0 || r->q[r->qhead].packet != frame)
        return 0;
    const struct pending *e = &r->q[r->qhead];
    uint32_t at = e->at, used = 0;
    for (int i = 0; i < e->nc; i++) {
        for (uint32_t j = 0; j < e->len[i]; j++)
            r->text[used + j] = r->ring[(at + j) % RD_TEXT];
        r->c[i] = (struct cap_comment){r->text + used, e->len[i]};
        at = (at + e->len[i]) % RD_TEXT;
        used += e->len[i];
    }
    int n = e->nc;
    *more = e->more;
    r->qhead = (r->qhead + 1) % RD_QUEUE;
    r->qn--;
    return n;
}

uint64_t cap_reader_offset(const struct cap_reader *r)
{
    long at = r->plain != NULL ? ftell(r->plain) : -1;
    return at >= 0 ? (uint64_t)at : r->consumed;
}

void cap_reader_free(struct cap_reader *r)
{
    if (r == NULL)
        return;
    if (r->fd >= 0)
        close(r->fd);
    free(r->stdio);
    free(r->opts);
    free(r->q);
    free(r->ring);
    free(r->text);
    free(r);
}

static struct cap_reader *reader_new(int fd)
{
    struct cap_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->fd = fd;
    r->need = 8;
    r->stdio = malloc(RD_PLAIN);
    r->opts = malloc(CAP_OPTIONS_MAX);
    r->q = malloc(RD_QUEUE * sizeof *r->q);
    r->ring = malloc(RD_TEXT);
    r->text = malloc(CAP_COMMENT_BYTES);
    if (r->stdio == NULL || r->opts == NULL || r->q == NULL || r->ring == NULL || r->text == NULL) {
        r->fd = -1;
        cap_reader_free(r);
        return NULL;
    }
    return r;
}

/* A regular file that does not begin as pcapng (a pcap file, or not a capture): it has
 * no comments to look for, so libpcap reads it through a plain stdio stream, the fast
 * way (the first bytes and the size are read here, for the error sentences). */
static FILE *open_plain(struct cap_reader *r, int fd, bool pcapng_too)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    ssize_t k = pread(fd, r->head, sizeof r->head, 0);
    if (k < 0 || (!pcapng_too && k >= 4 && memcmp(r->head, "\x0a\x0d\x0d\x0a", 4) == 0))
        return NULL;
    r->nhead = (size_t)k;
    r->consumed = (uint64_t)st.st_size;
    FILE *f = fdopen(fd, "rb");
    if (f == NULL)
        return NULL;
    r->fd = -1; /* the stream owns it */
    if (setvbuf(f, r->stdio, _IOFBF, RD_PLAIN) != 0)
        (void)0; /* still usable, with stdio's own buffer */
    r->plain = f;
    return f;
}

enum status cap_open_offline(pcap_t **out, int fd, const char *name, struct cap_reader **rd,
                             char *err, size_t errlen)
{
    return cap_open_offline_as(out, fd, name, false, rd, err, errlen);
}

enum status cap_open_offline_as(pcap_t **out, int fd, const char *name, bool plain,
                                struct cap_reader **rd, char *err, size_t errlen)
{
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    *out = NULL;
    *rd = reader_new(fd);
    if (*rd == NULL) {
        snprintf(err, errlen, "%s: out of memory for the file's buffers", name);
        close(fd);
        return STATUS_RUNTIME;
    }
    FILE *f = open_plain(*rd, fd, plain);
    if (f != NULL) {
        *out = pcap_fopen_offline(f, ebuf);
        if (*out != NULL)
            return STATUS_OK;
        cap_describe_open_error(name, (*rd)->head, (*rd)->nhead, (*rd)->consumed, ebuf, err,
                                errlen);
        (*rd)->plain = NULL;
        fclose(f);
        return STATUS_RUNTIME;
    }
    cookie_io_functions_t io = {.read = rd_read, .close = rd_close};
    f = fopencookie(*rd, "rb", io);
    if (f == NULL || setvbuf(f, (*rd)->stdio, _IOFBF, RD_STDIO) != 0) {
        snprintf(err, errlen, "%s: %s", name, strerror(errno));
        if (f != NULL)
            fclose(f);
        return STATUS_RUNTIME;
    }
    *out = pcap_fopen_offline(f, ebuf);
    if (*out != NULL)
        return STATUS_OK;
    const struct cap_reader *r = *rd;
    cap_describe_open_error(name, r->head, r->nhead, r->consumed, ebuf, err, errlen);
    fclose(f);
    return STATUS_RUNTIME;
}
