/*
 * fview.c: a frame again, on demand. The index knows where each frame's record starts;
 * a second libpcap reader of the same file (opened on a stdio stream of our own that
 * reads with pread, so it never moves the first reader's file position) seeks there and
 * reads the record exactly as sniff -r read it, every quirk of libpcap's included. The
 * frame is decoded again and given back what the connection model said of it when the
 * file was read (frame_rec_track: relative numbers, stream index, window scale; an ICMP
 * reply's request frame): the list line, the -V tree and the bytes are then the line
 * mode's, without running the analysis again.
 *
 * pcapng: an Enhanced Packet Block names an interface by number, and a reader knows the
 * interfaces of the section it has read. The indexer notes the section and interface
 * blocks between frames (ingest.c); before a seek, the reader is shown those its frame
 * needs (prime), a gap at a time, each block once per section.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "decode.h"
#include "fmt_conn.h"
#include "fmt_summary.h"
#include "tui_int.h"

#define FVIEW_BUFSZ (8 * 1024) /* small: a random read refills it whole */

/* ---- a stdio stream over pread ---- */

struct pstream {
    int fd;
    off64_t pos;
};

static ssize_t ps_read(void *c, char *buf, size_t n)
{
    struct pstream *ps = c;
    ssize_t r;
    do
        r = pread(ps->fd, buf, n, ps->pos);
    while (r < 0 && errno == EINTR);
    if (r > 0)
        ps->pos += r;
    return r;
}

static int ps_seek(void *c, off64_t *off, int whence)
{
    struct pstream *ps = c;
    if (whence == SEEK_SET)
        ps->pos = *off;
    else if (whence == SEEK_CUR)
        ps->pos += *off;
    else
        return -1;
    *off = ps->pos;
    return 0;
}

static int ps_close(void *c)
{
    free(c);
    return 0;
}

bool fview_open(struct tui *t, int fd, char *err, size_t errlen)
{
    struct fview *fv = &t->fv;
    fv->entry = FX_NONE;
    fv->block = FX_NONE;
    struct pstream *ps = malloc(sizeof *ps);
    if (ps == NULL) {
        snprintf(err, errlen, "out of memory for the reader of frames");
        return false;
    }
    *ps = (struct pstream){.fd = fd, .pos = 0};
    cookie_io_functions_t io = {.read = ps_read, .write = NULL, .seek = ps_seek, .close = ps_close};
    FILE *f = fopencookie(ps, "rb", io);
    if (f == NULL) {
        free(ps);
        snprintf(err, errlen, "cannot set up the reader of frames: %s", strerror(errno));
        return false;
    }
    fv->buf = malloc(FVIEW_BUFSZ);
    if (fv->buf != NULL && setvbuf(f, fv->buf, _IOFBF, FVIEW_BUFSZ) != 0) {
        free(fv->buf);
        fv->buf = NULL;
    }
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    /* The first reader's time precision: a nanosecond file's times to the nanosecond. */
    fv->pc = pcap_fopen_offline_with_tstamp_precision(
        f, t->s->nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, ebuf);
    if (fv->pc == NULL) {
        fclose(f);
        snprintf(err, errlen, "cannot read the capture again: %s", ebuf);
        return false;
    }
    return true;
}

void fview_close(struct fview *fv)
{
    if (fv->pc != NULL)
        pcap_close(fv->pc);
    fv->pc = NULL;
    free(fv->buf);
    fv->buf = NULL;
}

/* ---- pcapng: the blocks a frame's reader must have seen ---- */

static const struct fx_block *block(const struct findex *ix, uint32_t k)
{
    return (const struct fx_block *)ix->blocks.v + k;
}

/* Reads from off up to and including the next packet: the blocks in between are
 * taken in by libpcap (a section header resets its interfaces). */
static void read_through(struct fview *fv, uint64_t off)
{
    struct pcap_pkthdr *h;
    const u_char *d;
    if (fseeko(pcap_file(fv->pc), (off_t)off, SEEK_SET) == 0)
        (void)pcap_next_ex(fv->pc, &h, &d);
}

/* The last block event of the gap event k belongs to (events of one gap share an entry
 * and are read together). */
static uint32_t gap_end(const struct findex *ix, uint32_t k)
{
    while (k + 1 < ix->blocks.n && block(ix, k + 1)->entry == block(ix, k)->entry)
        k++;
    return k;
}

static void prime(struct tui *t, uint32_t e)
{
    struct fview *fv = &t->fv;
    const struct findex *ix = &t->ix;
    uint32_t need = fx_block_for(ix, e);
    if (need == fv->block)
        return;
    /* The section of need: its last section header (FX_NONE: the file's first). */
    uint32_t sh = need;
    while (sh != FX_NONE && !block(ix, sh)->shb)
        sh = sh == 0 ? FX_NONE : sh - 1;
    uint32_t cur_sh = fv->block;
    while (cur_sh != FX_NONE && !block(ix, cur_sh)->shb)
        cur_sh = cur_sh == 0 ? FX_NONE : cur_sh - 1;
    uint32_t k; /* the last event applied */
    bool forward = cur_sh == sh && (need == FX_NONE ? fv->block == FX_NONE
                                                    : fv->block == FX_NONE || fv->block < need);
    if (forward) {
        k = fv->block;
    } else if (sh == FX_NONE) {
        read_through(fv, 0); /* the file's start: its section and first gap */
        k = ix->blocks.n > 0 && block(ix, 0)->entry == 0 ? gap_end(ix, 0) : FX_NONE;
    } else {
        read_through(fv, block(ix, sh)->off);
        k = gap_end(ix, sh);
    }
    while (need != FX_NONE && (k == FX_NONE || k < need)) {
        uint32_t next = k == FX_NONE ? 0 : k + 1;
        read_through(fv, block(ix, next)->off);
        k = gap_end(ix, next);
    }
    fv->block = need;
}

/* ---- a frame ---- */

bool fview_load(struct tui *t, uint32_t e)
{
    struct fview *fv = &t->fv;
    struct sniff *s = t->s;
    if (fv->entry == e)
        return true;
    fv->entry = FX_NONE;
    if (e >= t->ix.n) {
        snprintf(fv->err, sizeof fv->err, "no frame %u in the index", e);
        return false;
    }
    if (t->live && t->spool != NULL)
        pcap_dump_flush(t->spool);
    if (t->pcapng)
        prime(t, e);
    uint64_t off = fx_offset(&t->ix, e);
    uint64_t number = fx_frame(&t->ix, e);
    struct pcap_pkthdr *h;
    const u_char *d;
    /* Frames in file order (the filter job, Follow) are read on from the buffer: a seek
     * would drop it and read it again for every frame. */
    FILE *f = pcap_file(fv->pc);
    bool there = !feof(f) && !ferror(f) && ftello(f) == (off_t)off; /* (EOF is sticky) */
    if ((!there && fseeko(f, (off_t)off, SEEK_SET) != 0) || pcap_next_ex(fv->pc, &h, &d) != 1) {
        snprintf(fv->err, sizeof fv->err, "frame %llu cannot be read again at byte %llu: %s",
                 (unsigned long long)number, (unsigned long long)off, pcap_geterr(fv->pc));
        return false;
    }
    fv->hdr = *h;
    fv->data = fv->rewrite ? sniff_rewrite(s, &fv->hdr, d) : d;
    struct frame_info fi = {
        .number = number,
        .ts_sec = fv->hdr.ts.tv_sec,
        .ts_nsec = t->s->nano ? (uint32_t)fv->hdr.ts.tv_usec : (uint32_t)fv->hdr.ts.tv_usec * 1000u,
        .caplen = fv->hdr.caplen,
        .len = fv->hdr.len,
        .linktype = s->linktype,
        .data = fv->data,
    };
    struct packet *p = &fv->pkt;
    decode_packet(p, &fi);
    frame_rec_track(&fx_entry(&t->ix, e)->rec, &p->tcp, &p->track);
    if (s->opt.fmt.absolute_seq)
        sniff_absolute_numbers(p); /* -S, as the line mode */
    uint64_t v;
    if ((p->l4 == L4_ICMP || p->l4 == L4_ICMPV6) && fx_extra(&t->ix, e, FX_ICMP_REQUEST, &v))
        p->icmp.request_in = v;
    fv->entry = e;
    return true;
}

void fview_flags_prefix(const struct tui *t, uint32_t e, char *buf, size_t n)
{
    const struct frame_rec *r = &fx_entry(&t->ix, e)->rec;
    buf[0] = '\0';
    if (!(r->bits & FREC_ANALYSED) || r->flags == 0)
        return;
    uint64_t frame = fx_frame(&t->ix, e);
    fmt_an_flags(r->flags, frame - r->dupack_back, r->dupack_num, buf, n);
}

/* Wireshark's "Bad TCP" colouring rule: analysis flags other than the harmless ones. */
#define BENIGN_FLAGS (AN_WINDOW_UPDATE | AN_KEEP_ALIVE | AN_KEEP_ALIVE_ACK)

static enum tui_color color_for(const struct tui *t, uint32_t e, const struct packet *p)
{
    const struct frame_rec *r = &fx_entry(&t->ix, e)->rec;
    if ((r->bits & FREC_ANALYSED) && (r->flags & ~(uint32_t)BENIGN_FLAGS))
        return TC_BAD;
    switch (color_of(p)) {
    case COLOR_SYNFIN:
        return TC_SYNFIN;
    case COLOR_RST:
        return TC_RST;
    case COLOR_DATA:
        return TC_DATA;
    case COLOR_BAD:
        return TC_BAD;
    case COLOR_OTHER:
        return TC_OTHER;
    case COLOR_NONE:
    default:
        return TC_NORMAL;
    }
}

bool fview_line(struct tui *t, uint32_t e, enum tui_color *color)
{
    struct sniff *s = t->s;
    struct fmt_time tm = s->time;
    tm.have_prev = false;
    tm.cached = false;
    if (s->opt.fmt.time_format == TIME_DELTA && e > 0 && fview_load(t, e - 1)) {
        tm.have_prev = true;
        tm.prev_sec = t->fv.hdr.ts.tv_sec;
        tm.prev_nsec = (uint32_t)t->fv.hdr.ts.tv_usec * 1000u;
    }
    tbuf_reset(&t->line, 0);
    if (!fview_load(t, e)) {
        tbuf_sink(&t->line, t->fv.err, strlen(t->fv.err));
        *color = TC_BAD;
        return false;
    }
    const struct packet *p = &t->fv.pkt;
    char prefix[256];
    prefix[0] = '\0';
    if (p->l4 == L4_TCP && p->tcp.status == LAYER_OK)
        fview_flags_prefix(t, e, prefix, sizeof prefix);
    struct out *o = t->o;
    o->sink = tbuf_sink;
    o->sink_ctx = &t->line;
    o->marks = NULL;
    fmt_summary_prefixed(o, p, &s->opt.fmt, &tm, s->oui, prefix);
    out_flush(o);
    while (t->line.len > 0 && t->line.p[t->line.len - 1] == '\n')
        t->line.len--;
    *color = color_for(t, e, p);
    return true;
}

bool fview_detail(struct tui *t, uint32_t e, struct out *o)
{
    if (!fview_load(t, e)) {
        out_str(o, t->fv.err);
        out_char(o, '\n');
        return false;
    }
    fmt_detail(o, &t->fv.pkt, &t->s->opt.fmt, NULL);
    return true;
}

bool fview_problem(const struct tui *t, uint32_t e)
{
    const struct frame_rec *r = &fx_entry(&t->ix, e)->rec;
    if (fx_bits(&t->ix, e) & FX_BAD)
        return true;
    if (!(r->bits & FREC_ANALYSED))
        return false;
    if (r->flags & (AN_ANY_RETRANSMISSION | AN_LOST_SEGMENT | AN_ACKED_UNSEEN | AN_DUP_ACK |
                    AN_ZERO_WINDOW | AN_OUT_OF_ORDER | AN_WINDOW_FULL))
        return true;
    if (r->event == AN_EV_RST || r->event == AN_EV_REFUSED || (r->bits & FREC_EARLY_MISMATCH))
        return true;
    switch ((enum echo_verdict)r->echo_verdict) {
    case ECHO_MISMATCH:
    case ECHO_UNCHECKED: /* not captured, or given up to the memory budget */
    case ECHO_SHORT:
    case ECHO_EXTRA:
        return true;
    default:
        return false;
    }
}
