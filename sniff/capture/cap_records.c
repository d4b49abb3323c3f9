/*
 * cap_records.c: a classic pcap file's records, read past libpcap (see cap_records.h).
 *
 * pcap-savefile(5): after the 24-byte file header, each record is a 16-byte header
 * (seconds, micro- or nanoseconds, captured length, original length, in the file's
 * byte order) and the captured bytes. The buffer holds one read of the file (chunk
 * bytes) after what is left of the record being assembled, at most a record header and
 * libpcap's largest record: its size is fixed at open, whatever the file says.
 */
#include "cap_records.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REC_HEADER 16u
#define REC_MAX 262144u /* libpcap's MAXIMUM_SNAPLEN: its largest record for these types */

struct cap_records {
    struct cap_stream *st;
    uint8_t *buf;
    size_t chunk, at, end; /* unread bytes: buf[at, end) */
    bool swapped, eof;
    struct pcap_pkthdr h;
    char err[PCAP_ERRBUF_SIZE];
};

/* The link types whose records libpcap returns untouched (pcap_post_process rewrites
 * the pseudo-headers of USB, NFLOG and Linux cooked captures). */
static bool plain_linktype(int dlt)
{
    return dlt == DLT_EN10MB || dlt == DLT_RAW || dlt == DLT_IPV4 || dlt == DLT_IPV6 ||
           dlt == DLT_NULL || dlt == DLT_LOOP;
}

struct cap_records *cap_records_new(struct cap_stream *st, pcap_t *pc, size_t chunk)
{
    const uint8_t *head;
    if (cap_stream_head(st, &head) < 4 || cap_stream_offset(st) != 24)
        return NULL; /* not a pcap header read to its end, and no further */
    uint32_t magic =
        (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 | (uint32_t)head[2] << 8 | head[3];
    bool micro = magic == 0xa1b2c3d4u || magic == 0xd4c3b2a1u;
    bool nano = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
    bool nano_asked = pcap_get_tstamp_precision(pc) == PCAP_TSTAMP_PRECISION_NANO;
    if ((!micro && !nano) || nano != nano_asked || pcap_major_version(pc) != 2 ||
        pcap_minor_version(pc) < 4 || !plain_linktype(pcap_datalink(pc)) ||
        pcap_snapshot(pc) != (int)REC_MAX)
        return NULL;
    struct cap_records *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->buf = malloc(chunk + REC_HEADER + REC_MAX);
    if (r->buf == NULL) {
        free(r);
        return NULL;
    }
    r->st = st;
    r->chunk = chunk;
    r->swapped = pcap_is_swapped(pc) == 1;
    return r;
}

/* One more read of the file after the unread bytes (moved to the front): what read
 * returned, 0 at the end of the file (and from then on, as stdio). */
static ssize_t refill(struct cap_records *r)
{
    if (r->eof)
        return 0;
    if (r->at > 0) {
        memmove(r->buf, r->buf + r->at, r->end - r->at);
        r->end -= r->at;
        r->at = 0;
    }
    ssize_t n = cap_stream_read(r->st, (char *)r->buf + r->end, r->chunk);
    if (n > 0)
        r->end += (size_t)n;
    else if (n == 0)
        r->eof = true;
    return n;
}

/* Reads until want bytes are unread: 1, 0 (the file ends first), -1 (a read failed). */
static int need(struct cap_records *r, size_t want)
{
    while (r->end - r->at < want) {
        ssize_t n = refill(r);
        if (n <= 0)
            return n < 0 ? -1 : 0;
    }
    return 1;
}

static int failed_read(struct cap_records *r)
{
    snprintf(r->err, sizeof r->err, "error reading dump file: %s", strerror(errno));
    return PCAP_ERROR;
}

static uint32_t field(const struct cap_records *r, const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return r->swapped ? __builtin_bswap32(v) : v;
}

/* The record at buf + at, whole in the buffer (caplen checked): handed out in place. */
static int record(struct cap_records *r, uint32_t caplen, struct pcap_pkthdr **h,
                  const u_char **data)
{
    const uint8_t *p = r->buf + r->at;
    /* libpcap's record header holds signed 32-bit times: as it, widen them with their
     * sign, unless it swapped their bytes (an unsigned result). */
    uint32_t sec = field(r, p), frac = field(r, p + 4);
    r->h.ts.tv_sec = r->swapped ? (time_t)sec : (time_t)(int32_t)sec;
    r->h.ts.tv_usec = r->swapped ? (suseconds_t)frac : (suseconds_t)(int32_t)frac;
    r->h.caplen = caplen;
    r->h.len = field(r, p + 12);
    *h = &r->h;
    *data = p + REC_HEADER;
    r->at += REC_HEADER + caplen;
    return 1;
}

/* A record not whole in the buffer: read more, or say why there is none. */
static int record_slow(struct cap_records *r, struct pcap_pkthdr **h, const u_char **data)
{
    int got = need(r, REC_HEADER);
    if (got < 0)
        return failed_read(r);
    if (got == 0) {
        if (r->end == r->at)
            return PCAP_ERROR_BREAK;
        snprintf(r->err, sizeof r->err,
                 "truncated dump file; tried to read %u header bytes, only got %zu", REC_HEADER,
                 r->end - r->at);
        return PCAP_ERROR;
    }
    uint32_t caplen = field(r, r->buf + r->at + 8);
    if (caplen > REC_MAX) {
        snprintf(r->err, sizeof r->err,
                 "invalid packet capture length %u, bigger than snaplen of %u", caplen, REC_MAX);
        return PCAP_ERROR;
    }
    got = need(r, REC_HEADER + caplen);
    if (got < 0)
        return failed_read(r);
    if (got == 0) {
        snprintf(r->err, sizeof r->err,
                 "truncated dump file; tried to read %u captured bytes, only got %zu", caplen,
                 r->end - r->at - REC_HEADER);
        return PCAP_ERROR;
    }
    return record(r, caplen, h, data);
}

int cap_records_next(struct cap_records *r, struct pcap_pkthdr **h, const u_char **data)
{
    size_t have = r->end - r->at;
    if (have >= REC_HEADER) { /* the usual case: the whole record is in the buffer */
        uint32_t caplen = field(r, r->buf + r->at + 8);
        if (caplen <= REC_MAX && have - REC_HEADER >= caplen)
            return record(r, caplen, h, data);
    }
    return record_slow(r, h, data);
}

const char *cap_records_error(const struct cap_records *r)
{
    return r->err;
}

void cap_records_free(struct cap_records *r)
{
    if (r == NULL)
        return;
    free(r->buf);
    free(r);
}
