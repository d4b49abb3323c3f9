/*
 * det_tcp.c: TCP (RFC 9293) in -V: ports, the tracker's stream index and relative
 * numbers, header length, the flags (one line a bit, with Wireshark's notes on SYN, RST
 * and FIN), the window and its scaling (RFC 7323), checksum, urgent pointer, then the
 * options (det_tcp_opt.c). A header cut short or declaring an impossible length shows
 * what Wireshark shows before it stops.
 */
#include "detail.h"

#include <stdio.h>

#include "fmt_addr.h"
#include "fmt_conn.h"

static const struct csum_words tcp_words = {
    "Checksum",   "Checksum Status", "(maybe caused by \"TCP checksum offload\"?)",
    "unverified", "Error",           CALC_AFTER};

/* RFC 9293 3.1: each field's place, from the header's first byte at. */
static void ports(struct out *o, const struct tcp_info *t, uint32_t at)
{
    dl_at(o, at, 2);
    dl_u(o, 1, "Source Port: ", t->sport);
    dl_at(o, at + 2, 2);
    dl_u(o, 1, "Destination Port: ", t->dport);
}

/* "Transmission Control Protocol, Src Port: 55306, Dst Port: 15213" (no line end). */
static void title(struct out *o, const struct tcp_info *t)
{
    dl_begin(o, 0, "Transmission Control Protocol, Src Port: ");
    out_u64(o, t->sport);
    OUT_LIT(o, ", Dst Port: ");
    out_u64(o, t->dport);
}

static void header_length(struct out *o, const struct tcp_info *t, uint32_t at)
{
    dl_at(o, at + 12, 1);
    dl_bits(o, 1, (uint32_t)t->hdr_len / 4 << 4, 8, 0xf0);
    OUT_LIT(o, "Header Length: ");
    out_u64(o, t->hdr_len);
    dl_u3(o, 0, " bytes (", t->hdr_len / 4u, ")");
}

/* "Sequence Number: 1    (relative sequence number)" and the raw one; with -S
 * (abs: Wireshark's relative numbers off) the number alone. */
static void sequence(struct out *o, const struct tcp_info *t, uint32_t seq, bool rel, bool abs,
                     uint32_t at)
{
    dl_at(o, at + 4, 4);
    dl_u3(o, 1, "Sequence Number: ", seq, rel && !abs ? "    (relative sequence number)" : "");
    if (!abs) {
        dl_at(o, at + 4, 4);
        dl_u(o, 1, "Sequence Number (raw): ", t->seq);
    }
}

/* The fixed header cut (by the snapshot or by the IP length): what was read. */
static void cut_header(struct out *o, const struct packet *p, uint32_t have)
{
    const struct tcp_info *t = &p->tcp;
    dl_at(o, p->l4_off, have);
    if (have >= 4 && p->l4_len >= 4) {
        title(o, t);
        dl_end(o);
        ports(o, t, p->l4_off);
    } else if (p->l4_len < 4 || have >= p->l4_len) {
        /* Too short on the wire; one the snapshot cut before its ports gets no tree in
         * tshark, only the mark at the end. */
        dl_text(o, 0, "Transmission Control Protocol");
    }
}

/* Data offset below 5 (RFC 9293 3.1): Wireshark stops after the header length. */
static void bogus_header(struct out *o, const struct packet *p, uint32_t seq, bool rel, bool abs)
{
    const struct tcp_info *t = &p->tcp;
    uint32_t at = p->l4_off;
    dl_at(o, at, 20);
    title(o, t);
    dl_u(o, 0, ", Seq: ", seq);
    ports(o, t, at);
    dl_gen(o);
    if (rel)
        dl_u3(o, 1, "[Stream index: ", p->track.stream, "]");
    dl_gen(o);
    if (p->l4_len >= t->hdr_len)
        dl_u3(o, 1, "[TCP Segment Len: ", p->l4_len - t->hdr_len, "]");
    sequence(o, t, seq, rel, abs, at);
    header_length(o, t, at);
    char msg[64];
    snprintf(msg, sizeof msg, "Bogus TCP header length (%u, must be at least 20)", t->hdr_len);
    dl_expert(o, 2, "Error", "Protocol", msg);
}

/* Wireshark's note under a set SYN, RST or FIN bit. */
static void flag_note(struct out *o, const struct tcp_info *t, uint16_t bit)
{
    char msg[80];
    if (bit == TCP_SYN) {
        if (t->flags & TCP_ACK)
            snprintf(msg, sizeof msg, "Connection establish acknowledge (SYN+ACK): server port %u",
                     t->sport);
        else
            snprintf(msg, sizeof msg, "Connection establish request (SYN): server port %u",
                     t->dport);
        dl_expert(o, 3, "Chat", "Sequence", msg);
    } else if (bit == TCP_RST) {
        dl_expert(o, 3, "Warning", "Sequence", "Connection reset (RST)");
    } else if (bit == TCP_FIN) {
        dl_expert(o, 3, "Chat", "Sequence", "Connection finish (FIN)");
    }
}

/* "Flags: 0x018 (PSH, ACK)", a line per bit from the reserved ones down to FIN, and
 * "[TCP Flags: ·······AP···]", one letter per set bit, a middle dot otherwise. */
static void flags_tree(struct out *o, const struct tcp_info *t, uint32_t at)
{
    uint32_t word = (uint32_t)t->reserved << 9 | (t->flags & 0x1ffu);
    char names[FMT_TCP_FLAGS_MAX];
    size_t n = fmt_tcp_flags(names, t->flags, t->reserved); /* "<None>" for none, as tshark */
    dl_at(o, at + 12, 2);
    dl_begin(o, 1, "Flags: ");
    dl_hex(o, word, 3);
    OUT_LIT(o, " (");
    out_mem(o, names, n);
    OUT_LIT(o, ")\n");
    dl_bits(o, 2, word, 12, 0xe00);
    dl_s(o, 0, "Reserved: ", dl_set(t->reserved != 0));
    char letters[3 + 2 * TCP_NFLAGS + 2 * 3];
    size_t k = 0;
    for (int b = 0; b < 3; b++) /* the reserved bits, high to low */
        if (t->reserved & (4 >> b)) {
            letters[k++] = 'R';
        } else {
            letters[k++] = '\xc2'; /* U+00B7 MIDDLE DOT */
            letters[k++] = '\xb7';
        }
    for (int i = TCP_NFLAGS - 1; i >= 0; i--) {
        const struct tcp_flag_name *f = &tcp_flag_names[i];
        bool set = (t->flags & f->bit) != 0;
        dl_bits(o, 2, word, 12, f->bit);
        out_str(o, f->name);
        OUT_LIT(o, ": ");
        out_str(o, dl_set(set));
        dl_end(o);
        if (set) {
            flag_note(o, t, f->bit);
            letters[k++] = f->letter;
        } else {
            letters[k++] = '\xc2';
            letters[k++] = '\xb7';
        }
    }
    dl_gen(o);
    dl_begin(o, 2, "[TCP Flags: ");
    out_mem(o, letters, k);
    OUT_LIT(o, "]\n");
}

/* Window, calculated window and the scaling factor (not on SYNs, whose window is never
 * scaled, RFC 7323 2.2). */
static void window(struct out *o, const struct tcp_info *t, const struct tcp_track *k, bool rel,
                   uint32_t at)
{
    dl_at(o, at + 14, 2);
    dl_u(o, 1, "Window: ", t->window);
    dl_gen(o);
    dl_u3(o, 1, "[Calculated window size: ", rel ? k->calc_window : t->window, "]");
    if (t->flags & TCP_SYN)
        return;
    int32_t ws = rel ? k->ws_shift : -1;
    dl_gen(o);
    if (ws == -1)
        dl_text(o, 1, "[Window size scaling factor: -1 (unknown)]");
    else if (ws == -2)
        dl_text(o, 1, "[Window size scaling factor: -2 (no window scaling used)]");
    else
        dl_u3(o, 1, "[Window size scaling factor: ", ws < 31 ? 1u << ws : 0u, "]");
}

/* The top line: ", Ack:" when ACK is set, ", Len:" unless the header runs past the
 * segment. */
static void top_line(struct out *o, const struct tcp_info *t, uint32_t seq, uint32_t ack,
                     bool shortseg)
{
    title(o, t);
    OUT_LIT(o, ", Seq: ");
    out_u64(o, seq);
    if (t->flags & TCP_ACK) {
        OUT_LIT(o, ", Ack: ");
        out_u64(o, ack);
    }
    if (!shortseg) {
        OUT_LIT(o, ", Len: ");
        out_u64(o, t->payload_len);
    }
    dl_end(o);
}

/* sniff's own generated line, where tshark's stateful ones are (after the stream
 * index): "[TCP state: client ESTABLISHED -> FIN-WAIT-1, server ESTABLISHED -> CLOSE-WAIT]",
 * RFC 9293's states of both ends as the connection model infers them (conn.h). */
static void states(struct out *o, const struct tcp_track *k)
{
    char buf[FMT_STATES_MAX];
    bool first = k->state_before[0] == 0 && k->state_before[1] == 0; /* both UNKNOWN */
    size_t n = fmt_tcp_states(buf, sizeof buf, k->state_before, k->state, first);
    dl_begin(o, 1, "[TCP state: ");
    out_mem(o, buf, n);
    OUT_LIT(o, "]\n");
}

/* Segment length (or Wireshark's "short segment" when the data offset runs past the
 * IP length), sequence and acknowledgment numbers, raw and relative. */
static void numbers(struct out *o, const struct packet *p, uint32_t seq, bool shortseg, bool abs)
{
    const struct tcp_info *t = &p->tcp;
    const struct tcp_track *k = &p->track;
    bool rel = k->valid;
    uint32_t at = p->l4_off;
    dl_gen(o);
    if (rel)
        dl_u3(o, 1, "[Stream index: ", k->stream, "]");
    if (rel && k->states_valid)
        states(o, k);
    dl_gen(o);
    if (shortseg) {
        static const char shortmsg[] =
            "Short segment. Segment/fragment does not contain a full TCP header (might be "
            "NMAP or someone else deliberately sending unusual packets)";
        dl_text(o, 1, shortmsg);
        dl_expert(o, 2, "Warning", "Malformed", shortmsg);
    } else {
        dl_u3(o, 1, "[TCP Segment Len: ", t->payload_len, "]");
    }
    sequence(o, t, seq, rel, abs, at);
    dl_gen(o);
    if (rel && !shortseg)
        dl_u3(o, 1, "[Next Sequence Number: ", k->next_rel_seq,
              abs ? "]" : "    (relative sequence number)]");
    dl_at(o, at + 8, 4);
    if ((t->flags & TCP_ACK) && rel && k->ack_valid)
        dl_u3(o, 1, "Acknowledgment Number: ", k->rel_ack, abs ? "" : "    (relative ack number)");
    else
        dl_u(o, 1, "Acknowledgment Number: ", t->ack);
    if (!abs || !(t->flags & TCP_ACK)) { /* tshark -S keeps the raw line of a segment without ACK */
        dl_at(o, at + 8, 4);
        dl_u(o, 1, "Acknowledgment number (raw): ", t->ack);
    }
}

void det_tcp(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct tcp_info *t = &p->tcp;
    const struct tcp_track *k = &p->track;
    uint32_t have = det_l4_captured(p);
    if (have < 20 || (t->status != LAYER_OK && t->hdr_len == 0)) {
        cut_header(o, p, have);
        return;
    }
    bool rel = k->valid;
    uint32_t seq = rel ? k->rel_seq : t->seq;
    uint32_t ack = rel && k->ack_valid ? k->rel_ack : t->ack;
    if (t->hdr_len < 20) {
        bogus_header(o, p, seq, rel, opts->absolute_seq);
        return;
    }
    /* A data offset past the end of the segment (the IP length): Wireshark's "short
     * segment", shown without a length, and a [Malformed Packet] at the end. */
    bool shortseg = t->hdr_len > p->l4_len;
    uint32_t at = p->l4_off;
    dl_at(o, at, t->hdr_len < have ? t->hdr_len : have);
    top_line(o, t, seq, ack, shortseg);
    ports(o, t, at);
    numbers(o, p, seq, shortseg, opts->absolute_seq);
    header_length(o, t, at);
    flags_tree(o, t, at);
    window(o, t, k, rel, at);
    dl_at(o, at + 16, 2);
    det_checksum(o, &tcp_words, t->checksum, csum_check_tcp(p, opts->check_checksums));
    dl_at(o, at + 18, 2);
    dl_u(o, 1, "Urgent Pointer: ", t->urgent);
    if (t->hdr_len > 20)
        det_tcp_options(o, p);
    if (t->payload_len > 0 && have >= t->hdr_len) {
        dl_at(o, at + t->hdr_len, t->payload_caplen);
        dl_begin(o, 1, "TCP payload (");
        out_u64(o, t->payload_len);
        OUT_LIT(o, " byte");
        out_str(o, dl_plural(t->payload_len));
        OUT_LIT(o, ")\n");
    }
}
