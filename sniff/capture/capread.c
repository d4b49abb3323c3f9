/*
 * capread.c: the -r file's reader: the stream of cap_stream.c (its block walker reads
 * every byte on its way to libpcap), the comments of its packet blocks queued until
 * libpcap returns their packet, and libpcap's file errors in our words (see capread.h).
 *
 * pcapng (draft-ietf-opsawg-pcapng): a packet block's options are code (2), length (2),
 * value padded to 32 bits, ending at opt_endofopt (0); opt_comment is code 1. The walker
 * hands them over at the end of each block, ahead of the packet libpcap returns by at
 * most a pcapng stream's stdio buffer (CAP_STREAM_NG_BUF): the comments wait in a queue,
 * by packet number, until their packet is asked for. A block holds at least one packet,
 * so the queue never holds more than CAP_STREAM_NG_BUF / 32 entries; it is sized for
 * that, and the comment text for twice the buffer.
 */
#include "capread.h"

#include "cap_records.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* stdio's buffer: libpcap reads each record with two freads, through 4 KiB by default
 * (~10% of sniff -r's time on a million packets); a pcapng stream uses 64 KiB of it. A
 * classic pcap file's records are read past stdio (cap_records.h), this many bytes at a
 * time. */
#define RD_BUF (1024 * 1024)
#define RD_QUEUE (CAP_STREAM_NG_BUF / 32 + 1)
#define RD_TEXT (2 * CAP_STREAM_NG_BUF + CAP_COMMENT_BYTES)

/* A packet block's comments, waiting for libpcap to return the packet. */
struct pending {
    uint64_t packet;
    uint32_t at; /* text: RD_TEXT ring offset of the first comment */
    int nc, more;
    uint32_t len[CAP_MAX_COMMENTS];
};

struct cap_reader {
    struct cap_stream *st;    /* the walker (cap_stream.h) */
    struct cap_records *recs; /* a classic pcap file's records, past libpcap (or NULL) */
    pcap_t *pc;
    char *stdio;     /* stdio's buffer for the stream (RD_BUF bytes) */
    uint64_t size;   /* a regular file's size, for the error sentences */
    bool plain_nano; /* open_plain: a nanosecond pcap file */
    /* the queue of comments read ahead */
    struct pending *q;
    uint32_t qhead, qn;
    char *ring;         /* RD_TEXT bytes */
    uint32_t ring_tail; /* where the next comment's text goes */
    /* the comments of the packet asked for last */
    struct cap_comment c[CAP_MAX_COMMENTS];
    char *text;
};

static uint16_t rd16(bool swapped, const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return swapped ? __builtin_bswap16(v) : v;
}

/* Copies n bytes into the text ring, wrapping. */
static void ring_put(struct cap_reader *r, const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        r->ring[(r->ring_tail + i) % RD_TEXT] = (char)p[i];
    r->ring_tail = (r->ring_tail + n) % RD_TEXT;
}

/* A packet block's options (the walker's on_options): its comments, queued for when its
 * packet is returned. */
static void queue_comments(void *ctx, uint64_t packet, const uint8_t *opts, size_t nopts,
                           bool swapped)
{
    struct cap_reader *r = ctx;
    struct pending e = {.packet = packet, .at = r->ring_tail};
    size_t at = 0, used = 0;
    while (at + 4 <= nopts) {
        uint16_t code = rd16(swapped, opts + at), len = rd16(swapped, opts + at + 2);
        size_t padded = ((size_t)len + 3) & ~(size_t)3;
        if (code == 0 || padded > nopts - at - 4)
            break; /* the end, or an option past the block: stop here */
        if (code == 1 && e.nc < CAP_MAX_COMMENTS && len <= CAP_COMMENT_BYTES - used) {
            ring_put(r, opts + at + 4, len);
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

void cap_reader_next(struct cap_reader *r, struct cap_record *rec)
{
    if (r->st == NULL) { /* a plain stream (open_plain): the file's facts only */
        *rec = (struct cap_record){.ts_digits = r->plain_nano ? 9 : 6};
        return;
    }
    cap_stream_next(r->st, rec);
}

int cap_reader_read(struct cap_reader *r, struct pcap_pkthdr **h, const u_char **data)
{
    if (r->recs != NULL)
        return cap_records_next(r->recs, h, data);
    return pcap_next_ex(r->pc, h, data);
}

const char *cap_reader_error(const struct cap_reader *r)
{
    return r->recs != NULL ? cap_records_error(r->recs) : pcap_geterr(r->pc);
}

uint64_t cap_reader_offset(const struct cap_reader *r)
{
    return r->st != NULL ? cap_stream_offset(r->st) : 0;
}

void cap_reader_free(struct cap_reader *r)
{
    if (r == NULL)
        return;
    cap_records_free(r->recs);
    cap_stream_free(r->st);
    free(r->stdio);
    free(r->q);
    free(r->ring);
    free(r->text);
    free(r);
}

static struct cap_reader *reader_new(void)
{
    struct cap_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->stdio = malloc(RD_BUF);
    r->q = malloc(RD_QUEUE * sizeof *r->q);
    r->ring = malloc(RD_TEXT);
    r->text = malloc(CAP_COMMENT_BYTES);
    if (r->stdio == NULL || r->q == NULL || r->ring == NULL || r->text == NULL) {
        cap_reader_free(r);
        return NULL;
    }
    return r;
}

/* The terminal UI reads records back by their offsets in the file (ftell on libpcap's
 * stream), which the walker's stream cannot give: for it, a plain stdio stream of the
 * file, without the walker's facts (each record's own link type, pcapng interfaces and
 * flags, comments). */
static enum status open_plain(pcap_t **out, struct cap_reader *r, int fd, const char *name,
                              char *err, size_t errlen)
{
    uint8_t head[16];
    ssize_t k = pread(fd, head, sizeof head, 0);
    size_t nhead = k > 0 ? (size_t)k : 0;
    /* pcap's nanosecond magic, in either byte order */
    r->plain_nano = nhead >= 4 && (memcmp(head, "\x4d\x3c\xb2\xa1", 4) == 0 ||
                                   memcmp(head, "\xa1\xb2\x3c\x4d", 4) == 0);
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "%s: %s", name, strerror(errno));
        close(fd);
        return STATUS_RUNTIME;
    }
    (void)setvbuf(f, r->stdio, _IOFBF, RD_BUF); /* else stdio's own buffer: still usable */
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    *out = r->pc = pcap_fopen_offline_with_tstamp_precision(
        f, r->plain_nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, ebuf);
    if (*out != NULL)
        return STATUS_OK;
    cap_describe_open_error(name, head, nhead, r->size, ebuf, err, errlen);
    fclose(f);
    return STATUS_RUNTIME;
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
    struct cap_reader *r = *rd = reader_new();
    if (r == NULL) {
        snprintf(err, errlen, "%s: out of memory for the file's buffers", name);
        close(fd);
        return STATUS_RUNTIME;
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
        r->size = (uint64_t)sb.st_size;
    if (plain)
        return open_plain(out, r, fd, name, err, errlen);
    /* pcap and pcapng alike reach libpcap through the walker's stream; pcap_close
     * closes it (and fd), cap_reader_free frees the rest after. */
    bool nano;
    FILE *f = cap_stream_open(fd, r->stdio, RD_BUF, queue_comments, r, &r->st, &nano);
    if (f == NULL) {
        snprintf(err, errlen, "%s: %s", name, strerror(errno));
        close(fd);
        return STATUS_RUNTIME;
    }
    /* Nanosecond files are read at their own resolution, so times print as Wireshark
     * prints them (9 decimals); others at microseconds, so -w writes what was read. */
    *out = r->pc = pcap_fopen_offline_with_tstamp_precision(
        f, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, ebuf);
    if (*out != NULL) {
        r->recs = cap_records_new(r->st, *out, RD_BUF); /* NULL: libpcap reads them */
        return STATUS_OK;
    }
    const uint8_t *head;
    size_t nhead = cap_stream_head(r->st, &head);
    uint64_t size = r->size != 0 ? r->size : cap_stream_offset(r->st);
    cap_describe_open_error(name, head, nhead, size, ebuf, err, errlen);
    fclose(f);
    return STATUS_RUNTIME;
}
