/*
 * sniff_frame.c: the per-frame pipeline, what happens to every frame the loops read
 * (run_offline.c, run_live.c) or the terminal UI hands over.
 *
 * decode -> track -> display filter -> format, for every frame that passes the capture
 * filter. On replay the BPF program runs here (pcap_offline_filter) rather than inside
 * libpcap, so that every frame of the file is counted: No. and Time are then the frame's
 * position in the file and its time since the file's first frame, as in Wireshark.
 * Around it: --redact and --anonymize rewrite a copy of the frame first, the -w file
 * gets it (with its comments), and a shown frame is printed in the view the options
 * chose (list, -V tree, -T json or fields, --follow, pictures).
 */
#include "sniff.h"

#include <stdio.h>
#include <string.h>

#include "anon.h"
#include "app_int.h"
#include "decode.h"
#include "dfilter.h"
#include "fmt_addr.h"
#include "fmt_comment.h"
#include "fmt_conn.h"
#include "fmt_json.h"
#include "oui.h"
#include "names.h"
#include "redact.h"
#include "wfile.h"

/* MAC vendor names are needed only for frames without IP addresses: load the registry
 * the first time one is printed, never for a capture of TCP alone. */
static const struct oui_db *vendors(struct sniff *s)
{
    if (!s->opt.fmt.resolve_vendors)
        return NULL;
    if (!s->oui_tried) {
        char err[256];
        s->oui_tried = true;
        if (oui_open(&s->oui, NULL, err, sizeof err) != 0)
            s->oui = NULL; /* plain addresses, as Wireshark without a manuf file */
    }
    return s->oui;
}

static bool needs_vendor_names(const struct packet *p)
{
    return p->link.kind == LINK_ETHERNET && p->net != NET_IPV4 && p->net != NET_IPV6;
}

/* The annotation of the packet, computed once whether it is printed, written as a
 * pcapng comment, or both. */
static bool annotation(struct sniff *s, const struct packet *p)
{
    if (!s->annotating && !s->wcomments)
        return false;
    const struct pkt_analysis *pa = s->analysing && s->pa.valid ? &s->pa : NULL;
    bool annotate = (s->annotating || s->wcomments) && pa != NULL &&
                    (s->opt.annotate == ANNOTATE_ALL || pa->verified);
    if (annotate && s->lines_frame != p->frame.number) {
        annotate_lines(&s->ann, p, pa, &s->lines);
        s->lines_frame = p->frame.number;
    } else if (!annotate && p->l4 != L4_TCP) { /* ARP, ICMP */
        if (s->lines_frame != p->frame.number) {
            annotate_other(&s->ann, p, &s->lines);
            s->lines_frame = p->frame.number;
        }
        annotate = s->lines.n > 0;
    }
    return annotate;
}

/* tcpdump's -e: the link layer's addresses and type at the start of Info. */
static void link_prefix(const struct packet *p, char *buf, size_t n)
{
    if (p->link.kind != LINK_ETHERNET || p->link.status == LAYER_ABSENT || p->link.hdr_len < 14)
        return;
    char src[18], dst[18];
    fmt_mac(src, p->link.src, 6);
    fmt_mac(dst, p->link.dst, 6);
    uint16_t type = p->link.nvlan > 0 ? p->link.vlan[0].tpid : p->link.ethertype;
    const char *name = proto_abbrev(names_ethertype, type);
    snprintf(buf, n, "%s > %s, %s (0x%04x): ", src, dst, name != NULL ? name : "ethertype", type);
}

static void print_packet(struct sniff *s, const struct packet *p, const struct df_frame *fr)
{
    struct out *o = &s->out;
    const struct oui_db *oui = needs_vendor_names(p) ? vendors(s) : NULL;
    const struct pkt_analysis *pa = fr->pa;
    bool annotate = annotation(s, p) && s->annotating;
    if (s->drawing) { /* pictures instead of lines */
        draw_packet(&s->draw, p, pa, annotate ? &s->lines : NULL, &s->time, oui);
        return;
    }
    if (s->opt.follow) { /* --follow: the conversation only */
        if (pa != NULL)
            follow_packet(&s->follow, o, pa);
        return;
    }
    if (s->opt.fields) {
        fmt_fields_packet(&s->opt.fields_fmt, o, fr);
        return;
    }
    if (s->opt.json) {
        fmt_json_packet(o, p, pa, annotate ? &s->lines : NULL);
        return;
    }
    char prefix[384];
    prefix[0] = '\0';
    if (s->opt.link_header)
        link_prefix(p, prefix, 128);
    size_t k = strlen(prefix);
    if (pa != NULL && pa->flags != 0)
        fmt_an_flags(pa->flags, pa->dupack_of, pa->dupack_num, prefix + k, sizeof prefix - k);
    if (s->opt.detail) {
        fmt_comments_detail(o, fr->comments, fr->ncomments);
        fmt_detail(o, p, &s->opt.fmt, &s->detail);
    } else {
        fmt_summary_prefixed(o, p, &s->opt.fmt, &s->time, oui, prefix);
        if (fr->ncomments > 0 || s->more_comments > 0)
            fmt_comments_list(o, fr->comments, fr->ncomments, s->more_comments);
    }
    if (annotate)
        annotate_print_style(o, &s->lines, &s->ann_style);
    if (s->opt.hex == HEX_ALL) {
        uint32_t off, len;
        if (s->opt.redact && redact_range(p, &off, &len))
            fmt_hex_masked(o, p->frame.data, fmt_hex_len(p), off, len);
        else
            fmt_hex(o, p->frame.data, fmt_hex_len(p));
    } else if (s->opt.hex == HEX_PAYLOAD && p->l4 == L4_TCP && p->tcp.payload_caplen > 0) {
        if (s->opt.redact)
            fmt_hex_masked(o, p->tcp.payload, p->tcp.payload_caplen, 0, p->tcp.payload_caplen);
        else
            fmt_hex(o, p->tcp.payload, p->tcp.payload_caplen);
    }
}

/* The record's nanoseconds: libpcap's tv_usec holds them in a nanosecond file. */
static uint32_t ts_nsec(const struct sniff *s, const struct pcap_pkthdr *h)
{
    return s->nano ? (uint32_t)h->ts.tv_usec : (uint32_t)h->ts.tv_usec * 1000u;
}

static void frame_info_of(struct frame_info *f, const struct sniff *s, const struct pcap_pkthdr *h,
                          const uint8_t *data)
{
    *f = (struct frame_info){
        .number = s->frames,
        .ts_sec = h->ts.tv_sec,
        .ts_nsec = ts_nsec(s, h),
        .caplen = h->caplen,
        .len = s->rec.has_wire_len ? s->rec.wire_len : h->len,
        .linktype = s->rec.own_linktype ? s->rec.linktype : s->linktype,
        .data = data,
        .ts_digits = s->rec.ts_digits,
        .has_iface = s->rec.pcapng,
        .iface_id = s->rec.iface,
        .section = s->rec.section,
        .iface_name = s->rec.name,
        .iface_descr = s->rec.descr,
        .has_epb_flags = s->rec.has_flags,
        .epb_flags = s->rec.flags,
    };
}

/* --redact and --anonymize: the frame is copied into the buffer allocated at start
 * (rewrite_len, at least the snapshot length, so a copy never allocates), decoded to
 * find its payload and addresses, and rewritten there. Everything after -- the -w
 * file, the decode for printing, -Y -- reads the copy, so no output sees the original
 * bytes. A record longer than the buffer (a file claiming more than its own snapshot
 * length) is cut to it, as a capture with that snapshot length would have been. */
static const uint8_t *rewrite_frame(struct sniff *s, struct pcap_pkthdr *h, const uint8_t *data)
{
    if (h->caplen > s->rewrite_len)
        h->caplen = s->rewrite_len;
    memcpy(s->rewrite, data, h->caplen);
    struct frame_info f;
    frame_info_of(&f, s, h, s->rewrite);
    struct packet *p = &s->pkt;
    decode_packet(p, &f);
    if (s->opt.redact)
        redact_frame(s->rewrite, h->caplen, p);
    if (s->anon != NULL)
        anon_frame(s->anon, s->rewrite, h->caplen, p);
    return s->rewrite;
}

const uint8_t *sniff_rewrite(struct sniff *s, struct pcap_pkthdr *h, const uint8_t *data)
{
    return s->rewrite != NULL ? rewrite_frame(s, h, data) : data;
}

/* The capture filter's program for the record's link type: libpcap's for the file's
 * first interface, or one compiled the first time an interface of another type has a
 * record (NULL when the table is full). */
static const struct lt_prog *lt_prog_for(struct sniff *s, int linktype)
{
    for (int i = 0; i < s->n_lt_prog; i++)
        if (s->lt_prog[i].linktype == linktype)
            return &s->lt_prog[i];
    if (s->n_lt_prog == SNIFF_LT_PROGS)
        return NULL;
    struct lt_prog *lp = &s->lt_prog[s->n_lt_prog++];
    lp->linktype = linktype;
    pcap_t *dead = pcap_open_dead(linktype, CAP_DEFAULT_SNAPLEN);
    lp->ok =
        dead != NULL && pcap_compile(dead, &lp->prog, s->opt.capture, 1, PCAP_NETMASK_UNKNOWN) == 0;
    if (dead != NULL)
        pcap_close(dead);
    return lp;
}

static bool filter_pass(struct sniff *s, const struct pcap_pkthdr *hdr, const uint8_t *data)
{
    if (!s->offline_filter)
        return true;
    if (!s->rec.own_linktype)
        return pcap_offline_filter(&s->prog, hdr, data) != 0;
    const struct lt_prog *lp = lt_prog_for(s, s->rec.linktype);
    return lp != NULL && lp->ok && pcap_offline_filter(&lp->prog, hdr, data) != 0;
}

/* What the display filter and -T fields read of a frame: the packet, its analysis, the
 * capture's first and previous frame times, the frame's comments. */
void sniff_df_frame(const struct sniff *s, const struct packet *p, struct df_frame *fr)
{
    const struct fmt_time *t = &s->time;
    int64_t own = frame_ns(&p->frame);
    *fr = (struct df_frame){
        .p = p,
        .pa = s->analysing && s->pa.valid ? &s->pa : NULL,
        .first_ns = t->have_first ? t->first_sec * 1000000000LL + t->first_nsec : own,
        .prev_ns = t->have_prev ? t->prev_sec * 1000000000LL + t->prev_nsec : own,
        .comments = s->df_comments,
        .ncomments = s->nin_comments,
    };
}

/* -S: Wireshark's relative sequence numbers off: the tracker's numbers are the raw ones,
 * in the list, the tree and the filter's tcp.seq alike. */
void sniff_absolute_numbers(struct packet *p)
{
    struct tcp_track *k = &p->track;
    if (!k->valid)
        return;
    k->next_rel_seq = p->tcp.seq + (k->next_rel_seq - k->rel_seq);
    k->rel_seq = p->tcp.seq;
    if (k->ack_valid)
        k->rel_ack = p->tcp.ack;
}

/* The frame's comments from the -r file (pcapng), then, when -A writes them into a
 * pcapng file, its annotation's lines. */
static void collect_comments(struct sniff *s, bool annotated)
{
    int n = 0;
    s->more_comments = 0;
    if (s->rd != NULL) {
        const struct cap_comment *c;
        int k = cap_reader_comments(s->rd, s->frames, &c, &s->more_comments);
        for (int i = 0; i < k; i++, n++) {
            s->comments[n] = c[i];
            s->df_comments[n] = (struct df_comment){c[i].text, c[i].len};
        }
    }
    s->nin_comments = n;
    for (int i = 0; annotated && s->wcomments && i < s->lines.n; i++, n++)
        s->comments[n] = (struct cap_comment){s->lines.line[i], (uint32_t)strlen(s->lines.line[i])};
    s->ncomments = n;
}

/* Decode, track, analyse: everything a printed packet or its comment needs. */
static void analyse_frame(struct sniff *s, const struct pcap_pkthdr *h, const uint8_t *data)
{
    struct frame_info f;
    frame_info_of(&f, s, h, data);
    struct packet *p = &s->pkt;
    decode_packet(p, &f);
    /* Every decoded frame goes through the connection model, shown or not: -Y hides
     * packets, not the bytes the echo check and the flags need. */
    if (s->analysing)
        (void)analysis_packet(&s->an, p, &s->pa);
    else
        memset(&p->track, 0, sizeof p->track);
    if (s->opt.fmt.absolute_seq)
        sniff_absolute_numbers(p);
    if (!s->have_first) {
        s->have_first = true;
        s->first_ns = frame_ns(&f);
    }
    icmp_track(&s->echoes, p);
}

/* -w: the packet (and its comments) into the file; a failed write stops everything. The
 * file has one interface, of one link type: a record of another (a pcapng file of
 * several) is counted, not written mislabelled. */
static void write_frame(struct sniff *s, const struct pcap_pkthdr *h, const uint8_t *data)
{
    if (s->rec.own_linktype) {
        s->dump_skipped++;
        return;
    }
    if (!wfile_packet(s->wf, h, data, s->comments, s->ncomments) ||
        (s->opt.packet_flush && !wfile_flush(s->wf))) {
        s->write_failed = true;
        pcap_breakloop(s->pc);
    } else if (wfile_full(s->wf)) {
        s->stopped = true; /* -a filesize: */
        pcap_breakloop(s->pc);
    }
}

static void display_frame(struct sniff *s, const struct packet *p)
{
    struct df_frame fr;
    if (s->df != NULL || s->opt.fields) {
        sniff_df_frame(s, p, &fr);
    } else { /* what the printers read; the times only the filter's fields need */
        fr.p = p;
        fr.pa = s->analysing && s->pa.valid ? &s->pa : NULL;
        fr.comments = s->df_comments;
        fr.ncomments = s->nin_comments;
    }
    if (s->df != NULL && !dfilter_match_frame(s->df, &fr)) {
        if (s->annotating && s->pa.valid)
            annotate_note(&s->ann, p, &s->pa); /* the next shown one follows on */
        return;
    }
    s->shown++;
    if (!s->opt.quiet)
        print_packet(s, p, &fr);
    if (s->opt.line_flush)
        out_flush(&s->out);
}

void sniff_frame(struct sniff *s, const struct pcap_pkthdr *hdr, const uint8_t *data)
{
    s->frames++;
    /* What the -r file's walker knows of this record (interface, time resolution). */
    if (s->rd != NULL)
        cap_reader_next(s->rd, &s->rec);
    bool pass = filter_pass(s, hdr, data);
    struct pcap_pkthdr copy;
    const struct pcap_pkthdr *h = hdr;
    if (pass && s->rewrite != NULL) {
        copy = *hdr;
        data = rewrite_frame(s, &copy, data);
        h = &copy;
    }
    if (pass && !s->write_failed) {
        s->matched++;
        if (s->printing || s->wcomments)
            analyse_frame(s, h, data);
        bool annotated = s->wcomments && annotation(s, &s->pkt);
        collect_comments(s, annotated);
        if (s->wf != NULL) /* flushed per batch (sniff_run_live) and at the end */
            write_frame(s, h, data);
        if (s->printing && !s->write_failed && s->frame_hook != NULL)
            s->frame_hook(s->frame_hook_ctx, s, h, data, &s->pkt, &s->pa);
        else if (s->printing && !s->write_failed)
            display_frame(s, &s->pkt);
        if (s->opt.count != 0 && s->matched >= s->opt.count)
            pcap_breakloop(s->pc);
    }
    /* Every frame read moves the reference times, shown or not. */
    fmt_time_note(&s->time, h->ts.tv_sec, ts_nsec(s, h));
    if (s->live)
        out_flush(&s->out);
}

/* A failed -w write: its sentence, and what was captured is what the file holds. */
int sniff_write_failure(struct sniff *s, char *err, size_t errlen)
{
    wfile_error(s->wf, err, errlen);
    s->matched = wfile_packets(s->wf);
    return 1;
}
