/*
 * fmt_summary.c: the packet list (see fmt_summary.h).
 *
 * The TCP Info column is composed in the order Wireshark's packet-tcp.c appends to it:
 *   55306 > 15213 [PSH, ACK] Seq=1 Ack=1 Win=65536 Len=18 TSval=1697484898 TSecr=3422084518
 * ports, flags, relative Seq, Ack when ACK is set, the calculated window, Urg when URG is
 * set, the segment length from the IP header, then the options in wire order (MSS=, WS=
 * as the multiplier, SACK_PERM, TSval= TSecr=, SLE= SRE= relative to the peer's ISN).
 * A decode problem appends "[Packet size limited during capture]" or "[Malformed Packet]".
 * Everything is appended to struct out with hand-rolled integer formatting: this runs a
 * million times in the benchmark. The line itself (columns, their widths on a terminal)
 * is fmt_list.c's.
 */
#include "fmt_summary.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fmt_addr.h"
#include "names.h"
#include "proto.h"

/* ---- small appenders ------------------------------------------------------------- */

static void pad_to(struct out *o, size_t used, int width)
{
    out_spaces(o, width - (int)used);
}

/* Inline, so that the key's strlen folds to a constant. */
static inline void out_kv(struct out *o, const char *key, uint64_t v)
{
    out_str(o, key);
    out_u64(o, v);
}

/* The flag sets nearly every segment carries, and their text's length; NULL for others
 * (fmt_tcp_flags writes those). */
static const char *tcp_flags_common(uint16_t flags, uint8_t reserved, size_t *len)
{
    if (reserved != 0)
        return NULL;
    switch (flags) {
    case TCP_ACK:
        *len = 3;
        return "ACK";
    case TCP_PSH | TCP_ACK:
        *len = 8;
        return "PSH, ACK";
    case TCP_SYN:
        *len = 3;
        return "SYN";
    case TCP_SYN | TCP_ACK:
        *len = 8;
        return "SYN, ACK";
    case TCP_FIN | TCP_ACK:
        *len = 8;
        return "FIN, ACK";
    default:
        return NULL;
    }
}

/* ---- time column ----------------------------------------------------------------- */

void fmt_time_note(struct fmt_time *t, int64_t sec, uint32_t nsec)
{
    if (!t->have_first) {
        t->have_first = true;
        t->first_sec = sec;
        t->first_nsec = nsec;
    }
    t->have_prev = true;
    t->prev_sec = sec;
    t->prev_nsec = nsec;
}

/* Appends sec.usec for a signed difference of two times. */
static void out_diff(struct out *o, int64_t sec, uint32_t nsec, int64_t bsec, uint32_t bnsec)
{
    int64_t ns = (sec - bsec) * 1000000000 + ((int64_t)nsec - (int64_t)bnsec);
    if (ns < 0) {
        out_char(o, '-');
        ns = -ns;
    }
    int64_t us = ns / 1000;
    out_u64(o, (uint64_t)(us / 1000000));
    out_char(o, '.');
    out_u64_pad(o, (uint64_t)(us % 1000000), 6, '0');
}

static void time_text(struct out *o, struct fmt_time *t, const struct frame_info *f,
                      const struct fmt_opts *opts)
{
    switch (opts->time_format) {
    case TIME_EPOCH:
        out_i64(o, f->ts_sec);
        out_char(o, '.');
        out_u64_pad(o, f->ts_nsec / 1000, 6, '0');
        return;
    case TIME_DELTA:
        if (!t->have_prev)
            out_diff(o, 0, 0, 0, 0);
        else
            out_diff(o, f->ts_sec, f->ts_nsec, t->prev_sec, t->prev_nsec);
        return;
    case TIME_ABSOLUTE:
    case TIME_DATE:
        /* localtime() once per distinct second, not once per packet. */
        if (!t->cached || t->cached_sec != f->ts_sec) {
            time_t tt = (time_t)f->ts_sec;
            struct tm tm;
            bool ok = opts->utc ? gmtime_r(&tt, &tm) != NULL : localtime_r(&tt, &tm) != NULL;
            if (!ok ||
                strftime(t->cached_text, sizeof t->cached_text, "%Y-%m-%d %H:%M:%S", &tm) == 0)
                strcpy(t->cached_text, "0000-00-00 00:00:00");
            t->cached = true;
            t->cached_sec = f->ts_sec;
        }
        out_str(o, opts->time_format == TIME_DATE ? t->cached_text : t->cached_text + 11);
        out_char(o, '.');
        out_u64_pad(o, f->ts_nsec / 1000, 6, '0');
        return;
    case TIME_RELATIVE:
    default:
        if (!t->have_first)
            out_diff(o, 0, 0, 0, 0);
        else
            out_diff(o, f->ts_sec, f->ts_nsec, t->first_sec, t->first_nsec);
        return;
    }
}

void fmt_time_column(struct out *o, struct fmt_time *t, const struct frame_info *f,
                     const struct fmt_opts *opts)
{
    /* Room for the longest text first (a date and time is 26 bytes, a signed difference
     * at most 28), so the writer cannot flush mid-text and the padding is measured on
     * the text itself. It once could: a line every 256 KiB lost its time padding. */
    (void)out_room(o, 64);
    size_t before = o->len;
    time_text(o, t, f, opts);
    pad_to(o, o->len - before, fmt_time_width(opts));
}

/* ---- protocol and info ----------------------------------------------------------- */

static const char *ethertype_name(uint16_t t)
{
    return proto_abbrev(names_ethertype, t);
}

const char *fmt_protocol(const struct packet *p, char buf[16])
{
    switch (p->net) {
    case NET_IPV4:
    case NET_IPV6: {
        bool frag = p->net == NET_IPV4 ? p->ip4.is_fragment : p->ip6.is_fragment;
        if (frag)
            return p->net == NET_IPV4 ? "IPv4" : "IPv6";
        switch (p->l4) {
        case L4_TCP:
            /* An MPTCP option (kind 30, RFC 8684) hands the segment to Wireshark's MPTCP
             * dissector, which names the protocol. */
            for (int i = 0; i < p->tcp.nopts; i++)
                if (p->tcp.opts[i].kind == TCP_OPT_MPTCP && !p->tcp.opts[i].bad)
                    return "MPTCP";
            return "TCP";
        case L4_UDP:
            return "UDP";
        case L4_ICMP:
            return "ICMP";
        case L4_ICMPV6:
            return "ICMPv6";
        case L4_OTHER: {
            const char *n = proto_abbrev(names_ipproto, p->l4_proto);
            return n != NULL ? n : p->net == NET_IPV4 ? "IPv4" : "IPv6";
        }
        case L4_NONE:
        default:
            return p->net == NET_IPV4 ? "IPv4" : "IPv6";
        }
    }
    case NET_ARP:
        return "ARP";
    case NET_OTHER: {
        if (p->link.kind == LINK_ETHERNET && p->link.ethertype <= ETYPE_MAX_LENGTH)
            return "LLC";
        const char *n = ethertype_name(p->link.ethertype);
        if (n != NULL)
            return n;
        /* Wireshark names an EtherType it has no dissector for by its number. */
        snprintf(buf, 16, "0x%04x", (unsigned)p->link.ethertype);
        return buf;
    }
    case NET_NONE:
    default:
        return p->link.kind == LINK_ETHERNET ? "Ethernet" : "Frame";
    }
}

static void info_tcp(struct out *o, const struct packet *p)
{
    const struct tcp_info *t = &p->tcp;
    const struct tcp_track *tr = &p->track;
    char flags[FMT_TCP_FLAGS_MAX];
    if (!t->have_ports)
        return;
    out_u64(o, t->sport);
    out_str(o, " > ");
    out_u64(o, t->dport);
    if (t->hdr_len == 0) /* the fixed header was cut: Wireshark stops after the ports */
        return;
    size_t flen;
    const char *common = tcp_flags_common(t->flags, t->reserved, &flen);
    if (common == NULL) {
        flen = fmt_tcp_flags(flags, t->flags, t->reserved);
        common = flags;
    }
    OUT_LIT(o, " [");
    out_mem(o, common, flen);
    out_char(o, ']');
    out_kv(o, " Seq=", tr->valid ? tr->rel_seq : t->seq);
    if (t->flags & TCP_ACK)
        out_kv(o, " Ack=", tr->valid && tr->ack_valid ? tr->rel_ack : t->ack);
    out_kv(o, " Win=", tr->valid ? tr->calc_window : t->window);
    if (t->hdr_len < 20) {
        out_kv(o, ", bogus TCP header length (", t->hdr_len);
        out_str(o, ", must be at least 20)");
        return;
    }
    if (t->hdr_len > t->seg_len) /* Wireshark throws before Len: [Malformed Packet] */
        return;
    if (t->flags & TCP_URG)
        out_kv(o, " Urg=", t->urgent);
    out_kv(o, " Len=", t->payload_len);
    /* Options in wire order, as each option's dissector appends itself. */
    int isack = 0;
    for (int i = 0; i < t->nopts; i++) {
        const struct tcp_opt *op = &t->opts[i];
        if (op->bad)
            continue;
        switch (op->kind) {
        case TCP_OPT_MSS:
            out_kv(o, " MSS=", t->mss);
            break;
        case TCP_OPT_WS:
            /* WS is shown as the multiplier: WS=1024 is a shift of 10 (RFC 7323 2.2). */
            out_kv(o, " WS=", (uint64_t)1 << (t->ws_shift > 14 ? 14 : t->ws_shift));
            break;
        case TCP_OPT_SACK_PERM:
            out_str(o, " SACK_PERM");
            break;
        case TCP_OPT_TS:
            out_kv(o, " TSval=", t->ts_val);
            out_kv(o, " TSecr=", t->ts_ecr);
            break;
        case TCP_OPT_SACK: {
            int blocks = (op->len - 2) / 8;
            /* SACK edges are the peer's sequence numbers: relative to the base of the
             * direction being acknowledged, which is what rel_ack subtracts. */
            uint32_t base = tr->valid && tr->ack_valid ? t->ack - tr->rel_ack : 0;
            for (int b = 0; b < blocks && isack < t->nsack; b++, isack++) {
                out_kv(o, " SLE=", t->sack_left[isack] - base);
                out_kv(o, " SRE=", t->sack_right[isack] - base);
            }
            break;
        }
        default:
            break;
        }
    }
}

static void ipproto_label(struct out *o, uint8_t proto)
{
    const char *n = proto_abbrev(names_ipproto, proto);
    out_str(o, n != NULL ? n : "Unknown");
    out_char(o, ' ');
    out_u64(o, proto);
}

static void info_icmp(struct out *o, const struct packet *p)
{
    const struct icmp_info *ic = &p->icmp;
    const char *n = tok_lookup(ic->v6 ? names_icmp6_type : names_icmp_type, ic->type);
    if (n == NULL) {
        out_str(o, ic->v6 ? "Unknown ICMPv6 type " : "Unknown ICMP type ");
        out_u64(o, ic->type);
        return;
    }
    size_t nlen = strlen(n);
    out_str(o, n);
    if (!ic->v6 && ic->type == ICMP_TYPE_UNREACH) {
        const char *c = tok_lookup(names_icmp_unreach, ic->code);
        if (c != NULL) {
            out_str(o, " (");
            out_str(o, c);
            out_char(o, ')');
        }
    }
    if (ic->echo == ICMP_NOT_ECHO || ic->status != LAYER_OK)
        return;
    /* Wireshark: "%-20s id=0x%04x, seq=%u/%u, ttl=%u" (the type padded to 20 columns,
     * the sequence number read in both byte orders); ICMPv6: " id=0x0001, seq=1, hop
     * limit=64". */
    if (!ic->v6)
        out_spaces(o, 20 - (int)nlen);
    out_str(o, " id=0x");
    out_hex(o, ic->id, 4);
    out_kv(o, ", seq=", ic->seq);
    if (!ic->v6) {
        out_char(o, '/');
        out_u64(o, (uint16_t)(ic->seq << 8 | ic->seq >> 8));
        out_kv(o, ", ttl=", p->ip4.ttl);
    } else {
        out_kv(o, ", hop limit=", p->ip6.hop_limit);
    }
    if (ic->request_in != 0) {
        out_kv(o, " (request in ", ic->request_in);
        out_char(o, ')');
    }
}

static void info_arp(struct out *o, const struct packet *p)
{
    const struct arp_info *a = &p->arp;
    char ip[FMT_IP4_MAX], mac[18];
    if (a->status != LAYER_OK || a->hlen != 6 || a->plen != 4) {
        out_str(o, "ARP");
        return;
    }
    if (a->oper == ARP_OP_REQUEST) {
        fmt_ip4(ip, a->tpa);
        out_str(o, "Who has ");
        out_str(o, ip);
        fmt_ip4(ip, a->spa);
        out_str(o, "? Tell ");
        out_str(o, ip);
    } else if (a->oper == ARP_OP_REPLY) {
        fmt_ip4(ip, a->spa);
        fmt_mac(mac, a->sha, 6);
        out_str(o, ip);
        out_str(o, " is at ");
        out_str(o, mac);
    } else {
        out_kv(o, "ARP opcode ", a->oper);
    }
}

static void info_other_net(struct out *o, const struct packet *p)
{
    if (p->link.kind == LINK_ETHERNET && p->link.ethertype <= ETYPE_MAX_LENGTH) {
        out_kv(o, "IEEE 802.3 frame, length ", p->link.ethertype);
        return;
    }
    if (p->link.kind == LINK_NULL || p->link.kind == LINK_LOOP) {
        out_kv(o, "Null/Loopback, address family ", p->link.family);
        return;
    }
    const char *n = ethertype_name(p->link.ethertype);
    out_str(o, "EtherType 0x");
    out_hex(o, p->link.ethertype, 4);
    if (n != NULL) {
        out_str(o, " (");
        out_str(o, n);
        out_char(o, ')');
    }
}

/* An IPv4 header Wireshark stops at (impossible lengths or version) or a fragment it
 * does not reassemble: the whole Info text. false: the transport's Info follows. */
static bool info_ip4(struct out *o, const struct ipv4_info *ip)
{
    if (ip->status == LAYER_MALFORMED && ip->hdr_len < 20) {
        out_kv(o, "Bogus IP header length (", ip->hdr_len);
        out_str(o, ", must be at least 20)");
    } else if (ip->status == LAYER_MALFORMED && ip->total_len != 0 && ip->total_len < ip->hdr_len) {
        out_kv(o, "Bogus IP length (", ip->total_len);
        out_kv(o, ", less than header length ", ip->hdr_len);
        out_char(o, ')');
    } else if (ip->version != 4 && ip->status == LAYER_MALFORMED) {
        out_kv(o, "Bogus IP version (", ip->version);
        out_char(o, ')');
    } else if (ip->is_fragment) {
        out_str(o, "Fragmented IP protocol (proto=");
        ipproto_label(o, ip->proto);
        out_kv(o, ", off=", ip->frag_offset);
        out_str(o, ", ID=");
        out_hex(o, ip->id, 4);
        out_str(o, ") [not reassembled]");
    } else {
        return false;
    }
    return true;
}

/* An IPv6 fragment (RFC 8200 4.5), not reassembled. */
static void info_ip6_fragment(struct out *o, const struct ipv6_info *ip)
{
    const struct ip6_ext *e = NULL;
    for (int i = 0; i < ip->next; i++)
        if (ip->ext[i].type == IP_PROTO_FRAGMENT)
            e = &ip->ext[i];
    if (e == NULL)
        return;
    out_kv(o, "IPv6 fragment (off=", e->frag_offset);
    out_str(o, e->mf ? " more=y ident=0x" : " more=n ident=0x");
    out_hex(o, e->frag_id, 8);
    out_kv(o, " nxt=", e->next);
    out_str(o, ") [not reassembled]");
}

static void info_transport(struct out *o, const struct packet *p)
{
    switch (p->l4) {
    case L4_TCP:
        info_tcp(o, p);
        break;
    case L4_UDP:
        if (p->udp.len >= 8 || p->udp.status == LAYER_OK) {
            out_u64(o, p->udp.sport);
            out_str(o, " > ");
            out_u64(o, p->udp.dport);
            out_kv(o, " Len=", p->udp.len >= 8 ? p->udp.len - 8u : 0u);
        }
        break;
    case L4_ICMP:
    case L4_ICMPV6:
        if (p->icmp.status == LAYER_OK)
            info_icmp(o, p);
        break;
    case L4_OTHER:
        out_str(o, "IP protocol ");
        ipproto_label(o, p->l4_proto);
        break;
    case L4_NONE:
    default:
        break;
    }
}

void fmt_info(struct out *o, const struct packet *p)
{
    switch (p->net) {
    case NET_IPV4:
        if (!info_ip4(o, &p->ip4))
            info_transport(o, p);
        break;
    case NET_IPV6:
        if (p->ip6.is_fragment)
            info_ip6_fragment(o, &p->ip6);
        else
            info_transport(o, p);
        break;
    case NET_ARP:
        info_arp(o, p);
        break;
    case NET_OTHER:
        info_other_net(o, p);
        break;
    case NET_NONE:
    default:
        if (p->link.kind == LINK_ETHERNET)
            out_str(o, "Ethernet II");
        break;
    }
    /* The outermost problem decides, appended with no space, as Wireshark's exception
     * handler does. */
    if (p->malformed || p->truncated)
        out_str(o, p->malformed ? "[Malformed Packet]" : "[Packet size limited during capture]");
}
