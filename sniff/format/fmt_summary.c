/*
 * fmt_summary.c: the packet list (see fmt_summary.h).
 *
 * The TCP Info column is composed in the order Wireshark's packet-tcp.c appends to it:
 *   55306 > 15213 [PSH, ACK] Seq=1 Ack=1 Win=65536 Len=18 TSval=1697484898 TSecr=3422084518
 * ports, flags, relative Seq, Ack when ACK is set, the calculated window, Urg when URG is
 * set, the segment length from the IP header, then the options in wire order (MSS=, WS=
 * as the multiplier, SACK_PERM, TSval= TSecr=, SLE= SRE= relative to the peer's ISN,
 * then TFO=, MD5, TCP AO, USER_TO=, Accurate ECN's counters); in a connection using
 * Accurate ECN the flags show ACE=n. A decode problem appends "[Packet size limited
 * during capture]" or "[Malformed Packet]". The Time column is fmt_time.c's, the
 * columns of frames no IP packet names (802.11, PPP, tunnels) fmt_link.c's.
 * Everything is appended to struct out with hand-rolled integer formatting: this runs a
 * million times in the benchmark. The line itself (columns, their widths on a terminal)
 * is fmt_list.c's.
 */
#include "fmt_summary.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "fmt_addr.h"
#include "detail/detail.h"
#include "fmt_link.h"
#include "names.h"
#include "proto.h"

/* ---- small appenders ------------------------------------------------------------- */

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

/* ---- protocol and info ----------------------------------------------------------- */

static const char *ethertype_name(uint16_t t)
{
    return proto_abbrev(names_ethertype, t);
}

const char *fmt_protocol(const struct packet *p, char buf[16])
{
    const char *link = fmt_link_protocol(p, buf);
    if (link != NULL)
        return link;
    switch (p->net) {
    case NET_IPV4:
    case NET_IPV6: {
        if (pkt_shown_as_fragment(p))
            return p->net == NET_IPV4 ? "IPv4" : "IPv6";
        switch (p->l4) {
        case L4_TCP:
            /* An MPTCP option (kind 30, RFC 8684) hands the segment to Wireshark's MPTCP
             * dissector, which names the protocol. */
            return det_has_mptcp(&p->tcp) ? "MPTCP" : "TCP";
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

/* The options Wireshark's option dissectors append beyond the classic ones: TCP Fast
 * Open (RFC 7413; "TFO=R" a cookie request, "TFO=C" a cookie), MD5 (RFC 2385), TCP-AO
 * (RFC 5925; appended without a space, as Wireshark does), the user timeout (RFC 5482)
 * and Accurate ECN's byte counters in wire order. */
static void info_tcp_newer_option(struct out *o, const struct tcp_opt *op)
{
    static const char *const accecn[2][3] = {{" EE0B=", " ECEB=", " EE1B="},
                                             {" EE1B=", " ECEB=", " EE0B="}};
    struct tcp_opt_value v;
    if (op->kind == TCP_OPT_MD5) {
        OUT_LIT(o, " MD5");
        return;
    }
    if (op->kind == TCP_OPT_AO) {
        OUT_LIT(o, "TCP AO");
        return;
    }
    if (!tcp_opt_value(op, &v))
        return;
    switch (op->kind) {
    case TCP_OPT_TFO:
    case TCP_OPT_EXP1:
    case TCP_OPT_EXP2:
        if (v.tfo)
            out_str(o, v.cookie_len == 0 ? " TFO=R" : " TFO=C");
        break;
    case TCP_OPT_USER_TIMEOUT:
        out_kv(o, " USER_TO=", v.uto);
        break;
    case TCP_OPT_ACCECN0:
    case TCP_OPT_ACCECN1:
        if (v.ncounters == 0)
            OUT_LIT(o, " AccECN");
        for (int i = 0; i < v.ncounters && i < 3; i++)
            out_kv(o, accecn[op->kind == TCP_OPT_ACCECN1][i], v.counter[i]);
        break;
    default:
        break;
    }
}

/* "[ACK]", or in a connection using Accurate ECN, where AE, CWR and ECE are a counter,
 * "[ACK, ACE=2]" (SYNs show their bits: they negotiate it). */
static void info_tcp_flags(struct out *o, const struct packet *p)
{
    const struct tcp_info *t = &p->tcp;
    char flags[FMT_TCP_FLAGS_MAX];
    size_t flen;
    const char *common = NULL;
    if (p->track.accecn && !(t->flags & TCP_SYN)) {
        flen = fmt_tcp_flags_ace(flags, t->flags, t->reserved);
        common = flags;
    } else {
        common = tcp_flags_common(t->flags, t->reserved, &flen);
    }
    if (common == NULL) {
        flen = fmt_tcp_flags(flags, t->flags, t->reserved);
        common = flags;
    }
    OUT_LIT(o, " [");
    out_mem(o, common, flen);
    out_char(o, ']');
}

static void info_tcp(struct out *o, const struct packet *p)
{
    const struct tcp_info *t = &p->tcp;
    const struct tcp_track *tr = &p->track;
    if (!t->have_ports)
        return;
    out_u64(o, t->sport);
    out_str(o, " > ");
    out_u64(o, t->dport);
    if (t->hdr_len == 0) /* the fixed header was cut: Wireshark stops after the ports */
        return;
    info_tcp_flags(o, p);
    out_kv(o, " Seq=", tr->valid ? tr->rel_seq : t->seq);
    if (t->flags & TCP_ACK)
        out_kv(o, " Ack=", tr->valid && tr->ack_valid ? tr->rel_ack : t->ack);
    out_kv(o, " Win=", tr->valid ? tr->calc_window : t->window);
    if (t->hdr_len < 20) {
        out_kv(o, ", bogus TCP header length (", t->hdr_len);
        out_str(o, ", must be at least 20)");
        return;
    }
    /* Wireshark throws before Len when the header runs past the segment ([Malformed
     * Packet]) or the checksum was not captured. */
    if (t->hdr_len > t->seg_len || t->head_only)
        return;
    if (t->flags & TCP_URG)
        out_kv(o, " Urg=", t->urgent);
    /* A first fragment's segment length is not known: Wireshark leaves Len out. */
    if (!t->fragmented)
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
        case TCP_OPT_NOP: /* no value, nothing shown: the common case, said at once */
        case TCP_OPT_EOL:
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
            info_tcp_newer_option(o, op);
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
static bool info_ip4(struct out *o, const struct ipv4_info *ip, bool shown_as_tcp)
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
    } else if (ip->is_fragment && !shown_as_tcp) {
        /* sniff does not reassemble: Wireshark's line for a fragment it could not. */
        out_str(o, "Fragmented IP protocol (proto=");
        ipproto_label(o, ip->proto);
        out_kv(o, ", off=", ip->frag_offset);
        out_str(o, ", ID=");
        out_hex(o, ip->id, 4);
        out_char(o, ')');
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
    out_char(o, ')');
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
    if (fmt_link_info(o, p))
        goto marks;
    switch (p->net) {
    case NET_IPV4:
        if (!info_ip4(o, &p->ip4, !pkt_shown_as_fragment(p)))
            info_transport(o, p);
        break;
    case NET_IPV6:
        if (pkt_shown_as_fragment(p))
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
marks:
    /* The outermost problem decides, appended with no space, as Wireshark's exception
     * handler does. */
    if (p->malformed || p->truncated)
        out_str(o, p->malformed ? "[Malformed Packet]" : "[Packet size limited during capture]");
}
