/*
 * cap_stream.c: the -r file's stream and its block walker (see cap_stream.h).
 *
 * pcap (the classic format): a 24-byte header, magic (0xa1b2c3d4 microseconds,
 * 0xa1b23c4d nanoseconds, either byte order), version, zone, accuracy, snapshot length at
 * bytes 16-19, link type; then records, each of interface 0.
 * pcapng (draft-ietf-opsawg-pcapng): blocks of type (4), total length (4), body, total
 * length again. A Section Header Block (0x0A0D0D0A) says the section's byte order
 * (0x1A2B3C4D) and starts a new list of interfaces; an Interface Description Block (1)
 * has link type (2), reserved (2), snapshot length (4, bytes 12-15), then options: code
 * (2), length (2), value padded to 32 bits, if_name (2), if_description (3), if_tsresol
 * (9); an Enhanced Packet Block (6) names its interface at bytes 8-11, the obsolete
 * Packet Block (2) at bytes 8-9, a Simple Packet Block (3) is interface 0's. An EPB's
 * captured length is at bytes 20-23, its data from byte 28, padded to 32 bits, then its
 * options up to the trailing length: epb_flags (2, 4 bytes) says the packet's direction.
 *
 * The walker sees each byte once, as it goes to stdio's buffer. It keeps the first bytes
 * of each block (all of an interface description, up to WALK_HEAD), skips the rest, and
 * writes zeros over the snapshot length fields as they pass: zero is "no limit" to
 * libpcap in both formats, so no record is clipped to the file's stated snapshot length.
 * It also writes the file's first interface's link type over every later interface's
 * (bytes 8-9), keeping the real one for cap_stream_next: libpcap stops at an interface
 * of another type, Wireshark reads such a file ("per packet" encapsulation).
 * Anything it cannot follow (a length that is not a multiple of 4, a block too long)
 * stops the walking, never the reading: later records are then "unknown".
 */
#include "cap_stream.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCAP_FILE_HEADER 24u        /* a classic pcap file's header */
#define WALK_HEAD 4096              /* bytes kept of a block: an IDB's options */
#define WALK_MAX_BLOCK (256u << 20) /* a longer block is taken as garbage */
#define SHB 0x0A0D0D0Au
#define BOM 0x1A2B3C4Du
#define IDB 1u
#define PB 2u
#define SPB 3u
#define EPB 6u

struct iface {
    uint8_t digits;
    uint16_t linktype; /* LINKTYPE_*, as the file says it */
    uint32_t snaplen;  /* as the file says it (the bytes libpcap reads say 0) */
    bool has_name, has_descr;
    char name[CAP_STREAM_NAME], descr[CAP_STREAM_NAME];
};

/* The interfaces of one section; two are kept, the walker being ahead of libpcap. */
struct section {
    uint32_t number, n;
    struct iface ifs[CAP_STREAM_MAX_IFACES];
};

struct rec {
    uint32_t iface, section;
    bool has_flags, has_wire;
    uint32_t flags, wire;
};

struct cap_stream {
    int fd;
    bool pcapng, swapped, off, nano;
    uint8_t pre[16]; /* the first bytes, read at open to tell the format (and for errors) */
    size_t npre, pre_at;
    uint8_t first[16]; /* the file's first bytes, for the error sentences */
    size_t nfirst;
    cap_stream_options_fn *on_options;
    void *ctx;
    uint64_t packets;   /* packet records seen (EPB, PB, SPB) */
    uint64_t pos;       /* bytes walked */
    uint64_t delivered; /* bytes handed to stdio: the file's offset, for ftell */
    /* the block being walked */
    uint8_t head[WALK_HEAD];
    uint32_t nhead, want, type, len, left;
    bool head_done; /* the kept head was read (block_head) */
    bool have_lt;   /* the first interface's link type, given to every interface */
    uint16_t first_lt;
    size_t at;       /* the walked byte's index in this read's bytes */
    uint32_t opt_at; /* a packet block's options start at this block offset (0: none) */
    uint8_t *opts;   /* CAP_STREAM_OPTS bytes */
    uint32_t nopts;
    struct section sec[2];
    int cur;
    uint32_t section;
    /* the records read ahead of libpcap */
    struct rec *q;
    uint32_t qcap, qhead, qn;
};

static uint32_t rd32(const struct cap_stream *s, const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return s->swapped ? __builtin_bswap32(v) : v;
}

static uint16_t rd16(const struct cap_stream *s, const uint8_t *p)
{
    uint16_t v = (uint16_t)(p[0] | p[1] << 8);
    return s->swapped ? __builtin_bswap16(v) : v;
}

static void push(struct cap_stream *s, uint32_t iface)
{
    s->packets++;
    if (s->qn == s->qcap)
        return; /* cannot happen with the sizes chosen; the record is then "unknown" */
    s->q[(s->qhead + s->qn) % s->qcap] = (struct rec){iface, s->section, false, false, 0, 0};
    s->qn++;
}

/* if_tsresol: a power of 10 (the digits) or, with the top bit, of 2 (digits enough). */
static uint8_t tsresol_digits(uint8_t v)
{
    if (!(v & 0x80))
        return v <= 9 ? v : 9;
    /* The fewest decimals that resolve 2^-bits seconds. */
    unsigned bits = v & 0x7f;
    uint64_t units = bits < 63 ? 1ull << bits : 1ull << 63, pow10 = 1;
    uint8_t d = 0;
    while (d < 9 && pow10 < units) {
        pow10 *= 10;
        d++;
    }
    return d;
}

static void copy_opt(char *dst, const uint8_t *v, uint16_t n)
{
    size_t k = n < CAP_STREAM_NAME - 1 ? n : CAP_STREAM_NAME - 1;
    memcpy(dst, v, k);
    dst[k] = '\0';
}

/* An interface description: its options, as far as kept. */
static void idb(struct cap_stream *s)
{
    struct section *sec = &s->sec[s->cur];
    if (sec->n >= CAP_STREAM_MAX_IFACES) {
        sec->n++;
        return;
    }
    struct iface *f = &sec->ifs[sec->n++];
    memset(f, 0, sizeof *f);
    f->digits = 6;
    f->linktype = rd16(s, s->head + 8);
    f->snaplen = rd32(s, s->head + 12);
    uint32_t end = s->nhead < s->len - 4 ? s->nhead : s->len - 4;
    for (uint32_t at = 16; at + 4 <= end;) {
        uint16_t code = rd16(s, s->head + at), n = rd16(s, s->head + at + 2);
        const uint8_t *v = s->head + at + 4;
        if (code == 0 || at + 4u + n > end)
            break;
        if (code == 2) {
            copy_opt(f->name, v, n);
            f->has_name = true;
        } else if (code == 3) {
            copy_opt(f->descr, v, n);
            f->has_descr = true;
        } else if (code == 9 && n >= 1) {
            f->digits = tsresol_digits(v[0]);
        }
        at += 4u + ((n + 3u) & ~3u);
    }
}

/* The head of the block is kept (want bytes): what it says. */
static void block_head(struct cap_stream *s)
{
    switch (s->type) {
    case SHB:
        s->section++;
        s->cur ^= 1;
        s->sec[s->cur].number = s->section;
        s->sec[s->cur].n = 0;
        break;
    case IDB:
        idb(s);
        break;
    case EPB:
    case PB:
        push(s, s->type == EPB ? rd32(s, s->head + 8) : rd16(s, s->head + 8));
        if (s->want == 28) {
            uint64_t at = 28u + (((uint64_t)rd32(s, s->head + 20) + 3u) & ~3ull);
            s->opt_at = at + 4 < s->len ? (uint32_t)at : 0;
            s->nopts = 0;
        }
        break;
    case SPB:
        push(s, 0);
        break;
    default:
        break;
    }
}

/* The block's total length, once its first kept bytes are in: a multiple of 4, at least
 * min (a block's smallest), at most what the walk keeps; anything else puts the stream
 * off (false). */
static bool block_length(struct cap_stream *s, uint32_t min, uint32_t kept)
{
    s->len = rd32(s, s->head + 4);
    if (s->len < min || s->len % 4 != 0 || s->len > WALK_MAX_BLOCK) {
        s->off = true;
        return false;
    }
    s->left = s->len - kept;
    return true;
}

/* The first 8 bytes of a pcapng block are kept: its type and length. */
static void block_start(struct cap_stream *s)
{
    s->type = rd32(s, s->head);
    if (s->type == SHB) {
        /* The byte order is the section's own: read the magic before the length. */
        s->want = 12;
        s->len = 0;
        return;
    }
    if (!block_length(s, 12, 8))
        return;
    s->want = s->type == IDB   ? (s->len < WALK_HEAD ? s->len : WALK_HEAD)
              : s->type == EPB ? (s->len >= 32 ? 28 : 12)
              : s->type == PB  ? (s->len >= 32 ? 28 : 10)
              : s->type == SPB ? 12
                               : 8;
}

/* The end of a packet block with options: an EPB's epb_flags go with the record queued
 * for it, and all of them to on_options (the comments). The kept bytes include the
 * trailing length (4), which no option reaches. */
static void epb_options(struct cap_stream *s)
{
    uint32_t end = s->nopts >= 4 ? s->nopts - 4 : 0;
    if (s->len - s->opt_at - 4 < end)
        end = s->len - s->opt_at - 4;
    if (s->on_options != NULL)
        s->on_options(s->ctx, s->packets, s->opts, end, s->swapped);
    for (uint32_t at = 0; s->type == EPB && at + 4 <= end;) {
        uint16_t code = rd16(s, s->opts + at), n = rd16(s, s->opts + at + 2);
        if (code == 0 || at + 4u + n > end)
            break;
        if (code == 2 && n == 4 && s->qn > 0) {
            struct rec *r = &s->q[(s->qhead + s->qn - 1) % s->qcap];
            r->has_flags = true;
            r->flags = rd32(s, s->opts + at + 4);
        }
        at += 4u + ((n + 3u) & ~3u);
    }
    s->opt_at = 0;
    s->nopts = 0;
}

/* Byte 8 or 9 of an IDB, its link type, has just been kept: the first interface's type
 * is noted, a later interface gets it in the bytes libpcap reads. */
static void idb_linktype_byte(struct cap_stream *s, uint8_t *b)
{
    if (!s->have_lt) {
        if (s->nhead == 10) {
            s->first_lt = rd16(s, s->head + 8);
            s->have_lt = true;
        }
        return;
    }
    /* rd16 reads little-endian unless the section is swapped: write it back alike. */
    uint16_t v = s->first_lt;
    bool low = (s->nhead == 9) != s->swapped;
    *b = low ? (uint8_t)(v & 0xff) : (uint8_t)(v >> 8);
}

/* A Simple Packet Block holds min(original length, interface 0's snapshot length)
 * bytes, and says only the original length: libpcap, told "no limit", would look for
 * all of them and stop at the block's end. The captured length goes in its place in the
 * bytes libpcap reads (b is the length's last byte, the other three are before it when
 * this read brought them all), and the original length with the record. */
static void spb_length(struct cap_stream *s, uint8_t *b)
{
    uint32_t orig = rd32(s, s->head + 8);
    const struct section *sec = &s->sec[s->cur];
    uint32_t snap = sec->n > 0 ? sec->ifs[0].snaplen : 0, cap = orig;
    if (snap != 0 && cap > snap)
        cap = snap;
    if (cap > s->len - 16)
        cap = s->len - 16;
    if (cap == orig || s->at < 3 || s->qn == 0)
        return;
    struct rec *r = &s->q[(s->qhead + s->qn - 1) % s->qcap];
    r->has_wire = true;
    r->wire = orig;
    for (int i = 0; i < 4; i++) {
        /* rd32 reads little-endian unless the section is swapped: write it alike. */
        int shift = s->swapped ? 8 * (3 - i) : 8 * i;
        b[i - 3] = (uint8_t)(cap >> shift);
    }
}

/* One byte of a pcapng file: kept, patched (an IDB's snapshot length), or skipped. */
static void walk_ng_byte(struct cap_stream *s, uint8_t *b)
{
    if (s->nhead < 8 || s->nhead < s->want) {
        uint8_t orig = *b;
        if (s->type == IDB && s->nhead >= 12 && s->nhead < 16 && s->want > 8)
            *b = 0; /* the snapshot length: no limit */
        s->head[s->nhead++] = orig;
        if (s->type == IDB && s->want > 8 && (s->nhead == 9 || s->nhead == 10))
            idb_linktype_byte(s, b);
        if (s->nhead > 8)
            s->left--;
        if (s->nhead == 8) {
            block_start(s);
            if (s->off)
                return;
        } else if (s->type == SHB && s->nhead == 12 && s->len == 0) {
            uint32_t bom = rd32(s, s->head + 8);
            if (bom != BOM)
                s->swapped = !s->swapped;
            if (rd32(s, s->head + 8) != BOM) {
                s->off = true;
                return;
            }
            if (!block_length(s, 28, 12))
                return;
        }
        if (s->nhead == s->want && !s->head_done && (s->type != SHB || s->nhead == 12)) {
            s->head_done = true;
            block_head(s);
            if (s->type == SPB && s->want == 12)
                spb_length(s, b);
        }
    } else {
        uint32_t boff = s->len - s->left;
        if (s->opt_at != 0 && boff >= s->opt_at && s->nopts < CAP_STREAM_OPTS)
            s->opts[s->nopts++] = *b;
        s->left--;
    }
    if (s->nhead >= s->want && s->want >= 8 && s->left == 0) {
        if (s->opt_at != 0)
            epb_options(s);
        s->nhead = 0;
        s->want = 0;
        s->head_done = false;
    }
}

/* The bytes b[0..n) on their way to stdio. */
static void walk(struct cap_stream *s, uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n && !s->off; i++, s->pos++) {
        if (!s->pcapng) {
            /* The classic header: the snapshot length at 16-19; then nothing to read. */
            if (s->pos >= 16 && s->pos < 20)
                b[i] = 0;
            if (s->pos >= 23)
                s->off = true;
            continue;
        }
        /* Skip a block's body in one step. */
        if (s->nhead >= s->want && s->want >= 8 && s->left > 1) {
            uint32_t stop = s->left - 1, boff = s->len - s->left;
            if (s->opt_at != 0) /* stop at the options: they are read byte by byte */
                stop = boff < s->opt_at ? (s->opt_at - boff < stop ? s->opt_at - boff : stop) : 0;
            size_t k = n - i - 1 < stop ? n - i - 1 : stop;
            s->left -= (uint32_t)k;
            i += k;
            s->pos += k;
        }
        s->at = i;
        walk_ng_byte(s, &b[i]);
    }
}

/* The bytes handed to stdio: the first ones kept for the error sentences, then walked. */
static void deliver(struct cap_stream *s, char *buf, size_t k)
{
    for (size_t i = 0; i < k && s->nfirst < sizeof s->first; i++)
        s->first[s->nfirst++] = (uint8_t)buf[i];
    walk(s, (uint8_t *)buf, k);
    s->delivered += k;
}

/* A classic pcap file's first reads stop at the end of its 24-byte header, so that
 * libpcap's opening reads no record: capread's own record reader (cap_records.h) can
 * then take the records from the file. The read after the header is 8 bytes short of
 * stdio's buffer, so that later reads start where stdio's would have started (at 16, the
 * bytes read at open, plus a multiple of the buffer) whoever reads: a cut file is then
 * reported cut at the same byte either way. */
static size_t classic_limit(struct cap_stream *s, size_t size)
{
    if (s->pcapng || s->npre != sizeof s->pre || s->delivered > PCAP_FILE_HEADER)
        return size;
    if (s->delivered < PCAP_FILE_HEADER)
        return PCAP_FILE_HEADER - s->delivered < size ? PCAP_FILE_HEADER - s->delivered : size;
    return size > PCAP_FILE_HEADER - sizeof s->pre ? size - (PCAP_FILE_HEADER - sizeof s->pre)
                                                   : size;
}

ssize_t cap_stream_read(struct cap_stream *s, char *buf, size_t size)
{
    size = classic_limit(s, size);
    if (s->pre_at < s->npre) {
        size_t k = s->npre - s->pre_at < size ? s->npre - s->pre_at : size;
        memcpy(buf, s->pre + s->pre_at, k);
        s->pre_at += k;
        deliver(s, buf, k);
        return (ssize_t)k;
    }
    ssize_t r;
    do
        r = read(s->fd, buf, size);
    while (r < 0 && errno == EINTR);
    if (r > 0)
        deliver(s, buf, (size_t)r);
    return r;
}

static ssize_t stream_read(void *cookie, char *buf, size_t size)
{
    return cap_stream_read(cookie, buf, size);
}

/* Only ftell's question (where are we?) is answered: the stream does not seek. */
static int stream_seek(void *cookie, off64_t *offset, int whence)
{
    struct cap_stream *s = cookie;
    if (whence != SEEK_CUR || *offset != 0) {
        errno = ESPIPE;
        return -1;
    }
    *offset = (off64_t)s->delivered;
    return 0;
}

static int stream_close(void *cookie)
{
    struct cap_stream *s = cookie;
    return close(s->fd);
}

FILE *cap_stream_open(int fd, char *buf, size_t bufsize, cap_stream_options_fn *on_options,
                      void *ctx, struct cap_stream **out, bool *nano)
{
    *out = NULL;
    *nano = false;
    struct cap_stream *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->fd = fd;
    s->on_options = on_options;
    s->ctx = ctx;
    while (s->npre < sizeof s->pre) {
        ssize_t r = read(fd, s->pre + s->npre, sizeof s->pre - s->npre);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        s->npre += (size_t)r;
    }
    uint32_t magic = s->npre >= 4 ? (uint32_t)s->pre[0] << 24 | (uint32_t)s->pre[1] << 16 |
                                        (uint32_t)s->pre[2] << 8 | s->pre[3]
                                  : 0;
    s->pcapng = magic == SHB;
    s->nano = s->pcapng || magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
    s->off = !s->pcapng && magic != 0xa1b2c3d4u && magic != 0xd4c3b2a1u && !s->nano;
    if (s->pcapng && bufsize > CAP_STREAM_NG_BUF)
        bufsize = CAP_STREAM_NG_BUF;
    /* A block is at least 16 bytes, and the walker is ahead of libpcap by at most one
     * stdio buffer (and the 4 bytes read here). */
    s->qcap = (uint32_t)((bufsize != 0 ? bufsize : BUFSIZ) / 16 + 4);
    s->q = calloc(s->qcap, sizeof *s->q);
    s->opts = s->pcapng ? malloc(CAP_STREAM_OPTS) : NULL;
    if (s->q == NULL || (s->pcapng && s->opts == NULL)) {
        cap_stream_free(s);
        return NULL;
    }
    cookie_io_functions_t io = {.read = stream_read, .seek = stream_seek, .close = stream_close};
    FILE *f = fopencookie(s, "rb", io);
    if (f == NULL) {
        cap_stream_free(s);
        return NULL;
    }
    if (buf != NULL && setvbuf(f, buf, _IOFBF, bufsize) != 0)
        (void)0; /* still usable, with stdio's own buffer */
    *out = s;
    *nano = s->nano;
    return f;
}

/* A file's LINKTYPE_* as libpcap's DLT_*: the few that differ (pcap-linktype(7)). */
static int linktype_dlt(uint16_t lt)
{
    switch (lt) {
    case 100:
        return DLT_ATM_RFC1483;
    case 101:
        return DLT_RAW;
    case 102:
        return DLT_SLIP_BSDOS;
    case 103:
        return DLT_PPP_BSDOS;
    default:
        return lt;
    }
}

void cap_stream_next(struct cap_stream *s, struct cap_record *r)
{
    memset(r, 0, sizeof *r);
    r->pcapng = s->pcapng;
    r->ts_digits = s->nano && !s->pcapng ? 9 : 6;
    if (!s->pcapng || s->qn == 0)
        return;
    struct rec e = s->q[s->qhead];
    s->qhead = (s->qhead + 1) % s->qcap;
    s->qn--;
    r->iface = e.iface;
    r->section = e.section;
    for (int i = 0; i < 2; i++) {
        const struct section *sec = &s->sec[i];
        if (sec->number != e.section || e.iface >= sec->n || e.iface >= CAP_STREAM_MAX_IFACES)
            continue;
        const struct iface *f = &sec->ifs[e.iface];
        r->ts_digits = f->digits;
        r->name = f->has_name ? f->name : NULL;
        r->descr = f->has_descr ? f->descr : NULL;
        r->own_linktype = s->have_lt && f->linktype != s->first_lt;
        r->linktype = linktype_dlt(f->linktype);
    }
    r->has_flags = e.has_flags;
    r->flags = e.flags;
    r->has_wire_len = e.has_wire;
    r->wire_len = e.wire;
}

size_t cap_stream_head(const struct cap_stream *s, const uint8_t **head)
{
    *head = s->first;
    return s->nfirst;
}

uint64_t cap_stream_offset(const struct cap_stream *s)
{
    return s->delivered;
}

void cap_stream_free(struct cap_stream *s)
{
    if (s == NULL)
        return;
    free(s->opts);
    free(s->q);
    free(s);
}
