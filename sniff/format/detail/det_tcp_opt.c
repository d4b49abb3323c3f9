/*
 * det_tcp_opt.c: TCP options in -V, after "Options: (N bytes), <names>": MSS (RFC 9293
 * 3.2), window scale and timestamps (RFC 7323), SACK-permitted and SACK blocks
 * (RFC 2018), TCP Fast Open (RFC 7413), and any other kind by kind, length and value.
 * An option with an impossible length gets Wireshark's note in its place.
 */
#include "detail.h"

#include <stdio.h>

/* The option's title in the tree and the summary ("Maximum segment size"). */
static const char *opt_title(uint8_t kind)
{
    const struct tcp_opt_name *n = tcp_opt_lookup(kind);
    return n != NULL ? n->title : "Unknown";
}

/* "Kind: Maximum Segment Size (2)" and, when given, "Length: 4"; the option at frame
 * offset at (RFC 9293 3.1: kind, length, then the value). */
static void kind_len(struct out *o, const struct tcp_opt *op, bool with_len, uint32_t at)
{
    const struct tcp_opt_name *n = tcp_opt_lookup(op->kind);
    dl_at(o, at, 1);
    dl_named(o, 3, "Kind: ", n != NULL ? n->name : "Unknown", op->kind);
    dl_at(o, at + 1, 1);
    if (with_len)
        dl_u(o, 3, "Length: ", op->len);
}

static void mss_note(struct out *o, const struct tcp_info *t)
{
    if (!(t->flags & TCP_SYN)) /* RFC 9293 3.7.1: MSS is sent only in SYNs */
        dl_expert(o, 3, "Warning", "Protocol", "The non-SYN packet does contain a MSS option");
}

/* SACK edges are in the peer's sequence space, relative to its ISN as the
 * acknowledgment number is. */
static void sack(struct out *o, const struct packet *p, const struct tcp_opt *op, uint32_t at)
{
    const struct tcp_info *t = &p->tcp;
    bool rel = p->track.valid && p->track.ack_valid;
    uint32_t base = rel ? t->ack - p->track.rel_ack : 0;
    dl_begin(o, 2, "TCP Option - SACK");
    for (int i = 0; i < t->nsack; i++) {
        out_char(o, ' ');
        out_u64(o, t->sack_left[i] - base);
        out_char(o, '-');
        out_u64(o, t->sack_right[i] - base);
    }
    dl_end(o);
    kind_len(o, op, true, at);
    for (int i = 0; i < t->nsack; i++) {
        dl_at(o, at + 2 + 8 * (uint32_t)i, 4);
        dl_u3(o, 3, "left edge = ", t->sack_left[i] - base, rel ? " (relative)" : "");
        dl_at(o, at + 6 + 8 * (uint32_t)i, 4);
        dl_u3(o, 3, "right edge = ", t->sack_right[i] - base, rel ? " (relative)" : "");
    }
    dl_gen(o);
    dl_u3(o, 3, "[TCP SACK Count: ", (uint64_t)t->nsack, "]");
}

/* The kinds Wireshark dissects field by field; false for the others. */
static bool known_option(struct out *o, const struct packet *p, const struct tcp_opt *op,
                         uint32_t at)
{
    const struct tcp_info *t = &p->tcp;
    unsigned mult = t->ws_shift < 31 ? 1u << t->ws_shift : 0u;
    switch (op->kind) {
    case TCP_OPT_MSS:
        dl_u3(o, 2, "TCP Option - Maximum segment size: ", t->mss, " bytes");
        mss_note(o, t);
        kind_len(o, op, true, at);
        dl_at(o, at + 2, 2);
        dl_u(o, 3, "MSS Value: ", t->mss);
        return true;
    case TCP_OPT_WS:
        dl_begin(o, 2, "TCP Option - Window scale: ");
        out_u64(o, t->ws_shift);
        dl_u3(o, 0, " (multiply by ", mult, ")");
        kind_len(o, op, true, at);
        dl_at(o, at + 2, 1);
        dl_u(o, 3, "Shift count: ", t->ws_shift);
        dl_gen(o);
        dl_u3(o, 3, "[Multiplier: ", mult, "]");
        return true;
    case TCP_OPT_SACK_PERM:
        dl_text(o, 2, "TCP Option - SACK permitted");
        kind_len(o, op, true, at);
        return true;
    case TCP_OPT_SACK:
        sack(o, p, op, at);
        return true;
    case TCP_OPT_TS:
        dl_begin(o, 2, "TCP Option - Timestamps: TSval ");
        out_u64(o, t->ts_val);
        dl_u(o, 0, ", TSecr ", t->ts_ecr);
        kind_len(o, op, true, at);
        dl_at(o, at + 2, 4);
        dl_u(o, 3, "Timestamp value: ", t->ts_val);
        dl_at(o, at + 6, 4);
        dl_u(o, 3, "Timestamp echo reply: ", t->ts_ecr);
        return true;
    case TCP_OPT_TFO:
        /* RFC 7413 TCP Fast Open: an empty cookie asks for one. */
        dl_text(o, 2, "TCP Option - TCP Fast Open");
        kind_len(o, op, true, at);
        if (op->len == 2) {
            dl_text(o, 3, "Fast Open Cookie Request");
        } else if (op->data != NULL) {
            dl_at(o, at + 2, (uint32_t)op->len - 2);
            dl_begin(o, 3, "Fast Open Cookie: ");
            dl_hexfield(o, op->data, (size_t)op->len - 2);
            dl_end(o);
        }
        return true;
    default:
        return false;
    }
}

/* Other kinds, and known ones with an impossible length: kind, length, value. */
static void other_option(struct out *o, const struct tcp_info *t, const struct tcp_opt *op,
                         uint32_t at)
{
    dl_s(o, 2, "TCP Option - ", opt_title(op->kind));
    if (op->kind == TCP_OPT_MSS)
        mss_note(o, t);
    kind_len(o, op, op->len >= 2 || op->bad, at);
    /* RFC 9293 3.2, RFC 7323, RFC 2018: the fixed lengths of the common kinds. */
    const struct tcp_opt_name *n = tcp_opt_lookup(op->kind);
    unsigned want = n != NULL && op->kind > TCP_OPT_NOP ? n->len : 0;
    if (op->bad && want != 0 && op->len >= 2 && op->len != want) {
        char msg[48];
        snprintf(msg, sizeof msg, "option length should be %u", want);
        dl_expert(o, 4, "Note", "Sequence", msg);
    }
    if (op->data != NULL && op->len > 2 && !op->bad) {
        dl_at(o, at + 2, (uint32_t)op->len - 2);
        dl_begin(o, 3, "Payload: ");
        dl_hexfield(o, op->data, (size_t)op->len - 2);
        dl_end(o);
    }
}

/* The option at frame offset at, len bytes of it within the options. */
static void option(struct out *o, const struct packet *p, const struct tcp_opt *op, uint32_t at,
                   uint32_t len)
{
    dl_at(o, at, len);
    if (op->kind == TCP_OPT_EOL || op->kind == TCP_OPT_NOP) {
        dl_s(o, 2, "TCP Option - ", opt_title(op->kind));
        kind_len(o, op, false, at);
        return;
    }
    if (!op->bad && known_option(o, p, op, at))
        return;
    dl_at(o, at, len); /* known_option wrote nothing */
    other_option(o, &p->tcp, op, at);
}

/* An option whose declared length runs past the header, or is below 2 (RFC 9293 3.1:
 * the length counts kind and length), is not listed in the summary; Wireshark notes it
 * in its place. Offsets follow from the lengths. */
enum opt_fit { OPT_FITS, OPT_OVERRUN, OPT_TOO_SHORT };

static void fits(const struct tcp_info *t, int n, enum opt_fit fit[PKT_MAX_TCP_OPTS],
                 uint32_t start[PKT_MAX_TCP_OPTS], uint32_t size[PKT_MAX_TCP_OPTS])
{
    uint32_t optlen = t->hdr_len - 20u, off = 0;
    for (int i = 0; i < n; i++) {
        uint32_t len = t->opts[i].kind <= TCP_OPT_NOP ? 1u : t->opts[i].len;
        fit[i] = !t->opts[i].bad      ? OPT_FITS
                 : len < 2            ? OPT_TOO_SHORT
                 : off + len > optlen ? OPT_OVERRUN
                                      : OPT_FITS;
        start[i] = off;
        size[i] = off < optlen ? (len < optlen - off ? (len >= 1 ? len : 1) : optlen - off) : 0;
        off += len >= 1 ? len : 1;
    }
}

static void misfit(struct out *o, const struct tcp_opt *op, enum opt_fit fit)
{
    char msg[160];
    if (fit == OPT_TOO_SHORT)
        snprintf(msg, sizeof msg, "%s (with too-short option length = %u byte%s)",
                 opt_title(op->kind), op->len, op->len == 1 ? "" : "s");
    else
        snprintf(msg, sizeof msg,
                 "%s (option length = %u bytes says option goes past end of options)",
                 opt_title(op->kind), op->len);
    dl_text(o, 2, msg);
    dl_expert(o, 3, "Note", "Sequence", msg);
}

void det_tcp_options(struct out *o, const struct packet *p)
{
    const struct tcp_info *t = &p->tcp;
    int n = t->nopts < PKT_MAX_TCP_OPTS ? t->nopts : PKT_MAX_TCP_OPTS;
    enum opt_fit fit[PKT_MAX_TCP_OPTS];
    uint32_t start[PKT_MAX_TCP_OPTS], size[PKT_MAX_TCP_OPTS];
    fits(t, n, fit, start, size);
    uint32_t at = p->l4_off + 20; /* the options' first byte */
    dl_at(o, at, t->hdr_len - 20u);
    dl_begin(o, 1, "Options: (");
    out_u64(o, t->hdr_len - 20u);
    OUT_LIT(o, " bytes)");
    for (int i = 0; i < n; i++) {
        if (fit[i] != OPT_FITS)
            continue;
        OUT_LIT(o, ", ");
        if (tcp_opt_lookup(t->opts[i].kind) != NULL) {
            out_str(o, opt_title(t->opts[i].kind));
        } else { /* unknown kinds show their number */
            OUT_LIT(o, "Unknown (0x");
            out_hex(o, t->opts[i].kind, 2);
            out_char(o, ')');
        }
    }
    dl_end(o);
    for (int i = 0; i < n; i++) {
        if (fit[i] == OPT_FITS) {
            option(o, p, &t->opts[i], at + start[i], size[i]);
        } else {
            dl_at(o, at + start[i], size[i]);
            misfit(o, &t->opts[i], fit[i]);
        }
    }
}
