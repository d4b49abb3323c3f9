/*
 * dec_tcp.c: the TCP header (RFC 9293) and every option: EOL, NOP, MSS (RFC 9293 3.2),
 * window scale and timestamps (RFC 7323), SACK-permitted and SACK blocks (RFC 2018), and
 * any other kind kept by kind and length. The segment length comes from the IP header,
 * never from the captured length.
 *
 * Option parsing follows Wireshark's: EOL is one byte, as NOP, and the bytes after it are
 * read as options too (Wireshark lists each); a length below 2 or running past the
 * header stops it (the rest cannot be trusted) unless the snapshot length cut it; a known
 * kind with the wrong length is flagged and skipped by its declared length. The values
 * of the newer options (TFO, MD5, TCP-AO, MPTCP, AccECN, user timeout) are read by
 * tcp_opt_value (dec_tcp_opt.c) for whoever shows them.
 */
#include "decode.h"
#include "names.h"
#include "proto.h"

static void tcp_fail(struct packet *p, enum layer_status st, const char *why)
{
    p->tcp.status = st;
    p->tcp.problem = why;
    dec_note(p, st, "TCP");
}

/* The length a known option must have (names.c's table; 0: any, checked separately). */
static uint8_t opt_len_for(uint8_t kind)
{
    const struct tcp_opt_name *n = tcp_opt_lookup(kind);
    return n != NULL && kind > TCP_OPT_NOP ? n->len : 0;
}

/* Parses the option bytes in o (hdr_len - 20 of them, possibly fewer captured). */
static void parse_options(struct packet *p, struct cursor o, bool whole)
{
    struct tcp_info *t = &p->tcp;
    while (cursor_left(&o) > 0 && t->nopts < PKT_MAX_TCP_OPTS) {
        uint8_t kind, len;
        (void)cursor_u8(&o, &kind);
        struct tcp_opt *opt = &t->opts[t->nopts++];
        *opt = (struct tcp_opt){.kind = kind, .len = 1}; /* decode_packet leaves it as it was */
        if (kind == TCP_OPT_EOL || kind == TCP_OPT_NOP)  /* one byte each */
            continue;
        if (!cursor_u8(&o, &len)) {
            if (!whole) { /* the snapshot cut it: not the sender's fault */
                t->nopts--;
                return;
            }
            opt->bad = true;
            t->opts_bad = true;
            return;
        }
        opt->len = len;
        if (!whole && len >= 2 && (size_t)len - 2 > cursor_left(&o)) {
            t->nopts--;
            return;
        }
        if (len < 2 || (size_t)len - 2 > cursor_left(&o)) {
            /* Impossible length, or one running past the header: stop here. */
            opt->bad = true;
            t->opts_bad = true;
            return;
        }
        opt->data = o.p;
        struct cursor v = o;
        (void)cursor_skip(&o, (size_t)len - 2);
        uint8_t want = opt_len_for(kind);
        if ((want != 0 && len != want) ||
            (kind == TCP_OPT_SACK && ((len - 2) % 8 != 0 || len < 10))) {
            opt->bad = true;
            t->opts_bad = true;
            continue;
        }
        switch (kind) {
        case TCP_OPT_MSS:
            (void)cursor_u16be(&v, &t->mss);
            t->has_mss = true;
            break;
        case TCP_OPT_WS:
            (void)cursor_u8(&v, &t->ws_shift);
            t->has_ws = true;
            break;
        case TCP_OPT_SACK_PERM:
            t->has_sack_perm = true;
            break;
        case TCP_OPT_SACK:
            /* RFC 2018 3: left and right edges, 8 bytes a block, at most 4 blocks. */
            for (int i = 0; i < (len - 2) / 8 && t->nsack < PKT_MAX_SACK; i++) {
                (void)cursor_u32be(&v, &t->sack_left[t->nsack]);
                (void)cursor_u32be(&v, &t->sack_right[t->nsack]);
                t->nsack++;
            }
            break;
        case TCP_OPT_TS:
            (void)cursor_u32be(&v, &t->ts_val);
            (void)cursor_u32be(&v, &t->ts_ecr);
            t->has_ts = true;
            break;
        default:
            break;
        }
    }
}

void dec_tcp(struct packet *p, struct dcur *d)
{
    struct tcp_info *t = &p->tcp;
    struct cursor *c = &d->c;
    uint8_t off_res, flags;
    uint32_t seglen = d->wire;
    t->seg_len = seglen;
    if (!cursor_u16be(c, &t->sport) || !cursor_u16be(c, &t->dport)) {
        tcp_fail(p, dec_short(d, 20), NULL);
        return;
    }
    t->have_ports = true;
    if (!cursor_u32be(c, &t->seq) || !cursor_u32be(c, &t->ack) || !cursor_u8(c, &off_res) ||
        !cursor_u8(c, &flags) || !cursor_u16be(c, &t->window)) {
        tcp_fail(p, dec_short(d, 20), NULL);
        return;
    }
    /* Data offset:4, reserved:3, AE:1 (RFC 9293 3.1; AE was NS, RFC 3540). */
    t->hdr_len = (uint8_t)((off_res >> 4) * 4);
    t->reserved = (off_res >> 1) & 7;
    t->flags = (uint16_t)(flags | (off_res & 1) << 8);
    if (t->hdr_len < 20) {
        /* Wireshark reports this in Info ("bogus TCP header length") rather than as a
         * [Malformed Packet], and stops before the checksum: the layer is malformed, the
         * packet summary is not marked, even when the snapshot cut what follows. */
        t->status = LAYER_MALFORMED;
        t->problem = "Bogus TCP header length, must be at least 20";
        (void)cursor_u16be(c, &t->checksum);
        (void)cursor_u16be(c, &t->urgent);
        return;
    }
    if (!cursor_u16be(c, &t->checksum) || !cursor_u16be(c, &t->urgent)) {
        /* Cut after the window: Wireshark has read the flags, numbers and window for the
         * Info column when it runs out of bytes at the checksum. */
        t->head_only = true;
        if (t->hdr_len >= 20 && t->hdr_len <= seglen)
            t->payload_len = seglen - t->hdr_len;
        tcp_fail(p, dec_short(d, 20), NULL);
        return;
    }
    if (t->hdr_len > seglen) {
        tcp_fail(p, LAYER_MALFORMED, "Bogus TCP header length, longer than the segment");
        return;
    }
    bool whole;
    struct cursor opts = cursor_sub(c, t->hdr_len - 20u, &whole);
    parse_options(p, opts, whole);
    dec_took(d, t->hdr_len);
    t->payload_len = seglen - t->hdr_len;
    t->payload = c->p;
    t->payload_caplen = (uint32_t)cursor_left(c);
    if (t->payload_caplen > t->payload_len)
        t->payload_caplen = t->payload_len;
    if (!whole) {
        tcp_fail(p, LAYER_TRUNCATED, NULL);
        return;
    }
    /* A bad option is reported on the option (Wireshark's expert info), not as a
     * malformed packet: the header itself is sound. A payload the snapshot cut is not
     * marked: Wireshark marks a packet only where a dissector read past the cut, and the
     * payload is shown as the bytes there are. */
    t->status = LAYER_OK;
    if (t->opts_bad)
        t->problem = "TCP option with an impossible length";
}
