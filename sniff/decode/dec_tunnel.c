/*
 * dec_tunnel.c: packets inside packets, and the IP-level headers between IP and its
 * payload.
 *
 *   IP in IP: IPv4 or IPv6 as IP protocol 4 or 41 (RFC 2003, RFC 4213, RFC 2473), over
 *   IPv4 or IPv6: what iproute2's ipip, sit and ip6tnl tunnels send.
 *   GRE (RFC 2784, RFC 2890 key and sequence number; version 1 as PPTP's, RFC 2637),
 *   carrying IPv4, IPv6 or Ethernet (0x6558), and WCCP's redirect (0x883e): Cisco's
 *   4-byte redirect header, then IPv4.
 *   VXLAN (RFC 7348, UDP 4789) and Geneve (RFC 8926, UDP 6081), carrying Ethernet (or,
 *   for Geneve, what its protocol type names); L2TPv2 data messages (RFC 2661, UDP
 *   1701), carrying PPP: what a DSL line's captures hold.
 *   AH over IPv4 (RFC 4302): its header, then the protocol it names. IPComp (RFC 3173):
 *   its header; the payload is compressed and shown as data.
 *
 * The headers around the inner packet move into p->encap[], outermost first, and the
 * packet's network and transport fields are cleared for the inner packet's decoders:
 * from then on they describe the innermost packet, as Wireshark's columns do, so the
 * tracker keys the connection on the inner socket pair. A tunnel nested deeper than
 * PKT_MAX_ENCAP is left as data (p->encap_more).
 */
#include "decode.h"

#include <string.h>

#include "proto.h"

/* Room for n more tunnel headers; otherwise the rest stays undecoded. */
static bool room(struct packet *p, int n)
{
    if (p->nencap + n <= PKT_MAX_ENCAP)
        return true;
    p->encap_more = true;
    return false;
}

static struct encap *push(struct packet *p, enum encap_kind kind, uint32_t off, uint32_t len)
{
    struct encap *e = &p->encap[p->nencap++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->off = off;
    e->len = len;
    return e;
}

/* The network header that carries the tunnel becomes an outer layer; the packet's
 * network and transport fields are cleared for the inner packet. */
static void push_net(struct packet *p)
{
    struct encap *e;
    if (p->net == NET_IPV4) {
        e = push(p, ENCAP_IP4, p->net_off, p->l4_off - p->net_off + p->l4_len);
        e->u.ip4 = p->ip4;
    } else {
        e = push(p, ENCAP_IP6, p->net_off, p->l4_off - p->net_off + p->l4_len);
        e->u.ip6 = p->ip6;
    }
    memset(&p->ip4, 0, sizeof p->ip4);
    memset(&p->ip6, 0, sizeof p->ip6);
    p->net = NET_NONE;
    p->l4 = L4_NONE;
    p->l4_proto = 0;
    p->l4_off = 0;
    p->l4_len = 0;
}

/* An inner Ethernet frame (VXLAN, Geneve, GRE's transparent bridging). */
static void inner_ether(struct packet *p, struct dcur *d)
{
    struct encap *e = push(p, ENCAP_ETH, dec_offset(p, d), d->wire);
    if (dec_eth_header(p, &e->u.eth, d))
        dec_ethertype(p, e->u.eth.ethertype, d);
    else if (e->u.eth.status == LAYER_OK)
        p->net = NET_OTHER; /* an 802.3 length: LLC, shown as data */
}

/* What an EtherType-typed tunnel carries. */
static void inner_type(struct packet *p, uint16_t type, struct dcur *d)
{
    if (type == ETYPE_TEB)
        inner_ether(p, d);
    else if (type == ETYPE_IPV4 || type == ETYPE_IPV6)
        dec_ethertype(p, type, d);
    else {
        p->net = NET_OTHER;
        p->net_off = dec_offset(p, d);
    }
}

/* GRE: flags and version, protocol, then checksum and offset (C or R), key (K),
 * sequence number (S), and in version 1 the acknowledgment number (A). */
#define GRE_C 0x8000
#define GRE_R 0x4000
#define GRE_K 0x2000
#define GRE_S 0x1000
#define GRE_A 0x0080 /* version 1 */
static bool gre_header(struct gre_info *g, struct cursor *c)
{
    if (!cursor_u16be(c, &g->flags_ver) || !cursor_u16be(c, &g->proto))
        return false;
    g->hdr_len = 4;
    uint16_t f = g->flags_ver;
    if (f & (GRE_C | GRE_R)) {
        if (!cursor_u16be(c, &g->checksum) || !cursor_u16be(c, &g->offset))
            return false;
        g->hdr_len += 4;
    }
    if (f & GRE_K) {
        if (!cursor_u32be(c, &g->key))
            return false;
        g->hdr_len += 4;
    }
    if (f & GRE_S) {
        if (!cursor_u32be(c, &g->seq))
            return false;
        g->hdr_len += 4;
    }
    if ((f & 7) == 1 && (f & GRE_A)) {
        if (!cursor_skip(c, 4))
            return false;
        g->hdr_len += 4;
    }
    return true;
}

static void gre(struct packet *p, struct dcur *d)
{
    struct gre_info g;
    memset(&g, 0, sizeof g);
    struct cursor c = d->c;
    if (!gre_header(&g, &c)) {
        p->l4 = L4_OTHER;
        dec_note(p, dec_short(d, 4), "GRE");
        return;
    }
    push_net(p);
    struct encap *e = push(p, ENCAP_GRE, dec_offset(p, d), d->wire);
    dec_advance(d, g.hdr_len);
    if (g.proto == ETYPE_WCCP) {
        /* WCCPv2 puts a 4-byte redirect header first; WCCPv1 does not, and then IPv4
         * starts right away (its version nibble says so). */
        uint8_t first;
        struct cursor peek = d->c;
        if (cursor_u8(&peek, &first) && (first & 0xf0) != 0x40) {
            struct cursor w = d->c;
            if (!cursor_u32be(&w, &g.wccp_hdr)) {
                e->u.gre = g;
                p->net = NET_OTHER;
                dec_note(p, dec_short(d, 4), "GRE");
                return;
            }
            g.wccp = true;
            dec_advance(d, 4);
        }
        e->u.gre = g;
        dec_ethertype(p, ETYPE_IPV4, d);
        return;
    }
    e->u.gre = g;
    inner_type(p, g.proto, d);
}

bool dec_ip_tunnel(struct packet *p, uint8_t proto, struct dcur *d)
{
    switch (proto) {
    case IP_PROTO_IPIP:
    case IP_PROTO_IPV6: {
        /* The inner header's version must match the protocol, or it is data. */
        uint8_t v;
        struct cursor peek = d->c;
        if (!cursor_u8(&peek, &v) || (v >> 4) != (proto == IP_PROTO_IPIP ? 4 : 6) || !room(p, 1))
            return false;
        push_net(p);
        dec_ethertype(p, proto == IP_PROTO_IPIP ? ETYPE_IPV4 : ETYPE_IPV6, d);
        return true;
    }
    case IP_PROTO_GRE:
        if (!room(p, 3))
            return false;
        gre(p, d);
        return true;
    default:
        return false;
    }
}

/* The outer IP and UDP headers of a VXLAN or Geneve packet, then its own header. */
static struct encap *push_udp(struct packet *p, enum encap_kind kind, struct dcur *d)
{
    struct udp_info udp = p->udp;
    uint32_t off = p->l4_off, len = p->l4_len;
    push_net(p);
    push(p, ENCAP_UDP, off, len)->u.udp = udp;
    memset(&p->udp, 0, sizeof p->udp);
    return push(p, kind, dec_offset(p, d), d->wire);
}

/* VXLAN: flags, group policy ID, VNI (24 bits), reserved; then Ethernet. */
static bool vxlan(struct packet *p, struct dcur *d)
{
    struct vxlan_info v;
    uint32_t w;
    memset(&v, 0, sizeof v);
    struct cursor c = d->c;
    if (!cursor_u16be(&c, &v.flags) || !cursor_u16be(&c, &v.gpid) || !cursor_u32be(&c, &w))
        return false; /* too short: the UDP payload stays data */
    v.vni = w >> 8;
    v.reserved = (uint8_t)w;
    push_udp(p, ENCAP_VXLAN, d)->u.vxlan = v;
    dec_advance(d, 8);
    inner_ether(p, d);
    return true;
}

/* Geneve: version and options length, flags, protocol type, VNI, reserved, options. */
static bool geneve(struct packet *p, struct dcur *d)
{
    struct geneve_info g;
    uint8_t b0;
    uint32_t w;
    memset(&g, 0, sizeof g);
    struct cursor c = d->c;
    if (!cursor_u8(&c, &b0) || !cursor_u8(&c, &g.flags) || !cursor_u16be(&c, &g.proto) ||
        !cursor_u32be(&c, &w))
        return false;
    g.version = b0 >> 6;
    g.opt_len = (uint8_t)((b0 & 0x3f) * 4);
    g.vni = w >> 8;
    g.reserved = (uint8_t)w;
    if (g.version != 0 || cursor_left(&c) < g.opt_len)
        return false;
    push_udp(p, ENCAP_GENEVE, d)->u.geneve = g;
    dec_advance(d, 8u + g.opt_len);
    inner_type(p, g.proto, d);
    return true;
}

/* L2TPv2's header (RFC 2661 3.1); *hlen its length. A control message, another version,
 * or a header cut short is not decoded. */
static bool l2tp_header(struct l2tp_info *h, struct cursor *c, uint32_t *hlen)
{
    if (!cursor_u16be(c, &h->flags_ver) || (h->flags_ver & 0xf) != 2 || (h->flags_ver & L2TP_T))
        return false;
    uint16_t f = h->flags_ver;
    if ((f & L2TP_L) && !cursor_u16be(c, &h->len))
        return false;
    if (!cursor_u16be(c, &h->tunnel) || !cursor_u16be(c, &h->session))
        return false;
    if ((f & L2TP_S) && (!cursor_u16be(c, &h->ns) || !cursor_u16be(c, &h->nr)))
        return false;
    if ((f & L2TP_O) && (!cursor_u16be(c, &h->offset) || !cursor_skip(c, h->offset)))
        return false;
    *hlen = 6u + ((f & L2TP_L) ? 2u : 0u) + ((f & L2TP_S) ? 4u : 0u) +
            ((f & L2TP_O) ? 2u + h->offset : 0u);
    return true;
}

/* L2TP's PPP frame: address and control (0xff 0x03) when not compressed away, then the
 * protocol, one byte when compressed (odd) or two (RFC 1661 6.5, 6.6). */
static bool l2tp_ppp(struct l2tp_info *h, struct cursor *c, uint32_t *hlen)
{
    uint8_t b0, b1;
    struct cursor peek = *c;
    if (cursor_u8(&peek, &b0) && cursor_u8(&peek, &b1) && b0 == 0xff && b1 == 0x03) {
        h->ppp_ac = true;
        *c = peek;
        *hlen += 2;
    }
    if (!cursor_u8(c, &b0))
        return false;
    h->ppp_protocol = b0;
    *hlen += 1;
    if (b0 & 1)
        return true;
    if (!cursor_u8(c, &b1))
        return false;
    h->ppp_protocol = (uint16_t)(b0 << 8 | b1);
    *hlen += 1;
    return true;
}

static bool l2tp(struct packet *p, struct dcur *d)
{
    struct l2tp_info h;
    memset(&h, 0, sizeof h);
    struct cursor c = d->c;
    uint32_t hlen;
    if (!l2tp_header(&h, &c, &hlen) || !l2tp_ppp(&h, &c, &hlen))
        return false; /* the UDP payload stays data */
    push_udp(p, ENCAP_L2TP, d)->u.l2tp = h;
    dec_advance(d, hlen);
    if (h.ppp_protocol == PPP_PROTO_IP || h.ppp_protocol == PPP_PROTO_IPV6) {
        dec_ethertype(p, h.ppp_protocol == PPP_PROTO_IP ? ETYPE_IPV4 : ETYPE_IPV6, d);
    } else {
        p->net = NET_OTHER;
        p->net_off = dec_offset(p, d);
    }
    return true;
}

bool dec_udp_tunnel(struct packet *p, struct dcur *d)
{
    const struct udp_info *u = &p->udp;
    /* Wireshark tries the lower port first (a well-known port below 1024 would take an
     * L2TP peer's datagram: not decoded as L2TP here either). */
    uint16_t lo = u->sport < u->dport ? u->sport : u->dport;
    uint16_t hi = u->sport < u->dport ? u->dport : u->sport;
    if ((lo == UDP_PORT_L2TP || (hi == UDP_PORT_L2TP && lo >= 1024)) && room(p, 4))
        return l2tp(p, d);
    uint16_t port = lo == UDP_PORT_VXLAN || lo == UDP_PORT_GENEVE ? lo : hi;
    if ((port != UDP_PORT_VXLAN && port != UDP_PORT_GENEVE) || !room(p, 4))
        return false;
    return port == UDP_PORT_VXLAN ? vxlan(p, d) : geneve(p, d);
}

/* PPPoE session stage (RFC 2516 4): ver and type (0x11), code 0, session ID, length,
 * then a PPP protocol field and the packet it names. */
void dec_pppoe(struct packet *p, struct dcur *d)
{
    struct pppoe_info h;
    memset(&h, 0, sizeof h);
    struct cursor c = d->c;
    if (!cursor_u8(&c, &h.ver_type) || !cursor_u8(&c, &h.code) || !cursor_u16be(&c, &h.session) ||
        !cursor_u16be(&c, &h.len) || !cursor_u16be(&c, &h.ppp_protocol) || !room(p, 1)) {
        dec_note(p, dec_short(d, 8), "PPPoES");
        return;
    }
    push(p, ENCAP_PPPOE, dec_offset(p, d), d->wire)->u.pppoe = h;
    dec_advance(d, 8);
    if (h.len >= 2)
        dec_limit(d, h.len - 2u);
    if (h.ppp_protocol == PPP_PROTO_IP || h.ppp_protocol == PPP_PROTO_IPV6) {
        dec_ethertype(p, h.ppp_protocol == PPP_PROTO_IP ? ETYPE_IPV4 : ETYPE_IPV6, d);
    } else {
        p->net = NET_OTHER;
        p->net_off = dec_offset(p, d);
    }
}

/* MPLS (RFC 3032): label stack entries to the bottom one, then what the first nibble of
 * the payload says (RFC 4928's heuristic, as Wireshark): IPv4, IPv6, or data. */
void dec_mpls(struct packet *p, struct dcur *d)
{
    for (;;) {
        uint32_t w;
        struct cursor c = d->c;
        if (!cursor_u32be(&c, &w)) {
            dec_note(p, dec_short(d, 4), "MPLS");
            return;
        }
        if (!room(p, 1)) {
            p->net = NET_OTHER;
            return;
        }
        struct mpls_info m = {w >> 12, (uint8_t)(w >> 9 & 7), (uint8_t)w, (w >> 8 & 1) != 0};
        push(p, ENCAP_MPLS, dec_offset(p, d), d->wire)->u.mpls = m;
        dec_advance(d, 4);
        if (m.bottom)
            break;
    }
    uint8_t first;
    struct cursor peek = d->c;
    if (cursor_u8(&peek, &first) && (first >> 4 == 4 || first >> 4 == 6)) {
        dec_ethertype(p, first >> 4 == 4 ? ETYPE_IPV4 : ETYPE_IPV6, d);
    } else {
        p->net = NET_OTHER;
        p->net_off = dec_offset(p, d);
    }
}

/* AH after an IPv4 header (RFC 4302 2): next header, payload length (32-bit words,
 * less 2), reserved, SPI, sequence number, ICV. */
void dec_ah4(struct packet *p, struct dcur *d)
{
    struct ah_info *ah = &p->ip4.ah;
    struct cursor c = d->c;
    uint8_t len8;
    uint16_t reserved;
    ah->off = dec_offset(p, d);
    if (!cursor_u8(&c, &ah->next) || !cursor_u8(&c, &len8) || !cursor_u16be(&c, &reserved) ||
        !cursor_u32be(&c, &ah->spi) || !cursor_u32be(&c, &ah->seq)) {
        p->l4 = L4_OTHER;
        dec_note(p, dec_short(d, 12), "AH");
        return;
    }
    ah->len = (uint16_t)((len8 + 2u) * 4u);
    if (ah->len > d->wire || cursor_left(&d->c) < ah->len) {
        p->l4 = L4_OTHER;
        dec_note(p, ah->len > d->wire ? LAYER_MALFORMED : LAYER_TRUNCATED, "AH");
        return;
    }
    ah->present = true;
    dec_advance(d, ah->len);
    dec_transport(p, ah->next, d);
}

/* IPComp (RFC 3173 2.1): next header, flags, CPI. */
void dec_ipcomp(struct packet *p, struct dcur *d)
{
    struct ipcomp_info *h = &p->ipcomp;
    struct cursor c = d->c;
    if (!cursor_u8(&c, &h->next) || !cursor_u8(&c, &h->flags) || !cursor_u16be(&c, &h->cpi))
        dec_note(p, dec_short(d, 4), "IPComp");
}
