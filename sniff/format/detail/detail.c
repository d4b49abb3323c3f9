/*
 * detail.c: -V, the packet detail tree, worded and laid out as `tshark -V` (Wireshark
 * 4.0) prints it, so a student can put the two side by side (here with -n, no vendor
 * names, as `tshark -n -V`):
 *
 *   Frame 1799: 72 bytes on wire (576 bits), 72 bytes captured (576 bits)
 *   Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64
 *   Internet Protocol Version 4, Src: 128.237.252.163, Dst: 128.2.220.10
 *       0100 .... = Version: 4
 *   Transmission Control Protocol, Src Port: 55306, Dst Port: 15213, Seq: 1, Ack: 1, Len: 18
 *
 * Each protocol is a top-level line with its fields indented 4 spaces per level beneath
 * it; bit fields show their bits in a mask picture ("010. .... = Flags: 0x2, ..."), as
 * Wireshark's proto_item_fill_label does. This file puts the layers in order (one
 * printer per protocol beside it, see detail.h), the payload Wireshark calls "Data",
 * and the closing mark of a packet the snapshot cut or that declares impossible lengths.
 * Everything comes from the decoded struct packet (and the tracker's p->track); no
 * printer parses headers. They do read bytes the decoders located (payload, unused
 * link-address bytes, padding) to print them as data, and ping's send time from echo
 * data as Wireshark guesses it.
 *
 * What tshark shows that needs state this formatter does not have is left out, and the
 * end-to-end test (tests/test_sniff_view.sh) lists each such line: the time deltas from
 * previous frames, TCP conversation completeness, [Timestamps] and [SEQ/ACK analysis],
 * UDP stream indices, and expert notes that depend on earlier packets. Options whose
 * values the decoders do not keep (IPv4 options, IPv6 hop-by-hop TLVs, routing header
 * fields) are shown as their header only.
 */
#include "detail.h"

int det_ip6_pending_ext(const struct packet *p)
{
    const struct ipv6_info *ip = &p->ip6;
    if (p->net != NET_IPV6 || ip->status == LAYER_OK || ip->version != 6)
        return -1;
    int n = ip->next < PKT_MAX_IP6_EXT ? ip->next : PKT_MAX_IP6_EXT;
    if (n > 0 && ip->ext[n - 1].type == IP_PROTO_FRAGMENT)
        return -1; /* a fragment header ends the chain */
    uint8_t nh = n > 0 ? ip->ext[n - 1].next : ip->next_header;
    return nh == IP_PROTO_HOPOPTS || nh == IP_PROTO_ROUTING || nh == IP_PROTO_FRAGMENT ||
                   nh == IP_PROTO_DSTOPTS || nh == IP_PROTO_AH
               ? nh
               : -1;
}

uint32_t det_other_net_bytes(const struct packet *p)
{
    if (p->link.status != LAYER_OK || p->frame.caplen <= p->link.hdr_len)
        return 0;
    return p->frame.caplen - p->link.hdr_len;
}

uint32_t det_l4_payload(const struct packet *p, const uint8_t **b, uint32_t *caplen)
{
    *b = NULL;
    *caplen = 0;
    uint32_t hdr, len;
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status == LAYER_ABSENT || p->tcp.hdr_len < 20 || det_l4_captured(p) < 20)
            return 0;
        *b = p->tcp.payload;
        *caplen = p->tcp.payload != NULL ? p->tcp.payload_caplen : 0;
        return p->tcp.payload_len;
    case L4_UDP:
        if (p->udp.status != LAYER_OK && p->udp.status != LAYER_MALFORMED)
            return 0;
        if (p->l4_len < 8 || det_l4_captured(p) < 8)
            return 0;
        hdr = 8;
        len = (p->udp.len >= 8 && p->udp.len <= p->l4_len ? p->udp.len : p->l4_len) - 8u;
        break;
    case L4_ICMP:
    case L4_ICMPV6:
        if (p->icmp.echo == ICMP_NOT_ECHO || p->icmp.status != LAYER_OK || p->l4_len < 8)
            return 0;
        hdr = 8;
        len = p->l4_len - 8;
        break;
    default:
        return 0;
    }
    *b = det_frame_bytes(p, p->l4_off + hdr, len, caplen);
    return len;
}

const struct proto_name det_ip6_ext_names[] = {
    {IP_PROTO_HOPOPTS, "ipv6.hopopts", "IPv6 Hop-by-Hop"},
    {IP_PROTO_ROUTING, "ipv6.routing", "IPv6 Routing"},
    {IP_PROTO_FRAGMENT, "ipv6.fraghdr", "IPv6 Fragment"},
    {IP_PROTO_DSTOPTS, "ipv6.dstopts", "IPv6 Destination"},
    {IP_PROTO_AH, "ah", NULL},
    {0, NULL, NULL},
};

/* An IPv6 extension header's name in Wireshark's marks ("IPv6" for others). */
static const char *ip6_ext_short(uint8_t type)
{
    const char *name = proto_long(det_ip6_ext_names, type);
    return name != NULL ? name : "IPv6";
}

/* The link layer's name in Wireshark's marks. */
static const char *link_short_name(const struct packet *p)
{
    switch (p->link.kind) {
    case LINK_ETHERNET: /* cut after the Ethernet header: inside a VLAN tag */
        return p->frame.caplen >= 14 ? "VLAN" : "Ethernet";
    case LINK_SLL:
    case LINK_SLL2:
        return "SLL";
    case LINK_NULL:
    case LINK_LOOP:
        return "Null";
    default:
        return "Raw";
    }
}

/* The innermost header layer the snapshot length cut, in Wireshark's short names. */
static const char *truncated_layer(const struct packet *p)
{
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status == LAYER_TRUNCATED)
            return "TCP";
        break;
    case L4_UDP:
        if (p->udp.status == LAYER_TRUNCATED && det_l4_captured(p) < 8)
            return "UDP";
        break;
    case L4_ICMP:
    case L4_ICMPV6:
        if (p->icmp.status == LAYER_TRUNCATED)
            return p->icmp.v6 ? "ICMPv6" : "ICMP";
        break;
    default:
        break;
    }
    if (p->net == NET_IPV6 && p->ip6.status == LAYER_TRUNCATED) {
        int pending = det_ip6_pending_ext(p);
        return pending >= 0 ? ip6_ext_short((uint8_t)pending) : "IPv6";
    }
    if (p->net == NET_IPV4 && p->ip4.status == LAYER_TRUNCATED)
        return "IPv4";
    if (p->net == NET_ARP && p->arp.status == LAYER_TRUNCATED)
        return "ARP";
    if (p->link.status == LAYER_TRUNCATED)
        return link_short_name(p);
    return NULL;
}

/* A header that runs past the length its packet declared: Wireshark's exception, shown
 * as "[Malformed Packet: TCP]". Bogus length fields get an expert note instead. */
static const char *malformed_layer(const struct packet *p)
{
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status == LAYER_MALFORMED &&
            (p->tcp.problem == NULL || p->tcp.hdr_len > p->l4_len))
            return "TCP";
        break;
    case L4_UDP:
        if (p->udp.status == LAYER_MALFORMED && p->udp.problem == NULL)
            return "UDP";
        break;
    case L4_ICMP:
    case L4_ICMPV6:
        if (p->icmp.status == LAYER_MALFORMED && p->icmp.problem == NULL)
            return p->icmp.v6 ? "ICMPv6" : "ICMP";
        break;
    default:
        break;
    }
    if (p->net == NET_IPV4 && p->ip4.status == LAYER_MALFORMED && p->ip4.problem == NULL)
        return "IPv4";
    if (p->net == NET_IPV6 && p->ip6.status == LAYER_MALFORMED) {
        /* An extension header running past the payload throws in Wireshark. */
        int pending = det_ip6_pending_ext(p);
        if (pending >= 0)
            return ip6_ext_short((uint8_t)pending);
        if (p->ip6.problem == NULL)
            return "IPv6";
    }
    if (p->link.status == LAYER_MALFORMED)
        return link_short_name(p);
    return NULL;
}

static void network(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    /* A network header of which the snapshot kept nothing has no tree, only the mark. */
    bool net_seen = p->frame.caplen > p->net_off;
    if (p->net == NET_IPV4 && p->ip4.status != LAYER_ABSENT && net_seen)
        det_ip4(o, p, opts);
    else if (p->net == NET_IPV6 && p->ip6.status != LAYER_ABSENT && net_seen)
        det_ip6(o, p);
    else if (p->net == NET_ARP)
        det_arp(o, p, opts);
    else if (p->net == NET_OTHER && det_other_net_bytes(p) > 0) { /* an EtherType not decoded */
        dl_at(o, p->link.hdr_len, det_other_net_bytes(p));
        det_data(o, 0, p->frame.data + p->link.hdr_len, det_other_net_bytes(p), opts->redact);
    }
}

static void transport(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const uint8_t *b;
    uint32_t cap;
    uint32_t plen = det_l4_payload(p, &b, &cap);
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status != LAYER_ABSENT)
            det_tcp(o, p, opts);
        break;
    case L4_UDP:
        if (p->udp.status != LAYER_ABSENT)
            det_udp(o, p, opts);
        break;
    case L4_ICMP:
    case L4_ICMPV6: {
        if (p->icmp.status != LAYER_ABSENT)
            det_icmp(o, p, opts);
        int64_t sec;
        uint32_t usec;
        if (plen > 0 && det_icmp_data_time(p, &sec, &usec)) {
            /* The timestamp took the first 8 bytes (captured, or it would not be found). */
            plen -= 8;
            b += 8;
            cap -= 8;
        }
        if (plen > 0 && cap > 0) {
            dl_at(o, (uint32_t)(b - p->frame.data), cap);
            det_data(o, 1, b, cap, false); /* inside ICMP's tree; never redacted */
        }
        return;
    }
    case L4_NONE:
    case L4_OTHER: {
        /* A fragment or an unknown protocol: its bytes are data. */
        bool ipok = (p->net == NET_IPV4 && p->ip4.status == LAYER_OK) ||
                    (p->net == NET_IPV6 && p->ip6.status == LAYER_OK);
        if (ipok && p->l4_off > 0 && p->l4_len > 0) {
            b = det_frame_bytes(p, p->l4_off, p->l4_len, &cap);
            if (b != NULL && cap > 0) {
                dl_at(o, p->l4_off, cap);
                det_data(o, 0, b, cap, opts->redact);
            }
        }
        return;
    }
    }
    if (plen > 0 && cap > 0) {
        dl_at(o, (uint32_t)(b - p->frame.data), cap);
        det_data(o, 0, b, cap, opts->redact);
    }
}

void fmt_detail(struct out *o, const struct packet *p, const struct fmt_opts *opts,
                struct fmt_detail_cache *cache)
{
    det_frame(o, p, opts, cache);
    if (p->link.status == LAYER_ABSENT) {
        out_char(o, '\n');
        return;
    }
    det_link(o, p, opts);
    network(o, p, opts);
    transport(o, p, opts);
    const char *cut = truncated_layer(p);
    const char *bad = cut == NULL ? malformed_layer(p) : NULL;
    if (cut != NULL) {
        dl_s3(o, 0, "[Packet size limited during capture: ", cut, " truncated]");
    } else if (bad != NULL) {
        dl_s3(o, 0, "[Malformed Packet: ", bad, "]");
        dl_expert(o, 1, "Error", "Malformed", "Malformed Packet (Exception occurred)");
    }
    out_char(o, '\n');
}
