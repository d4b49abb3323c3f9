/*
 * dec_link.c: link-layer headers, chosen by the capture's DLT_* type, then the
 * EtherType dispatch to the network layer; ARP (RFC 826) is decoded here too, being a
 * one-header protocol that lives beside the link.
 *   Ethernet II (IEEE 802.3) with 802.1Q / 802.1ad (QinQ) tags
 *   Linux cooked capture v1 (16 bytes) and v2 (20 bytes): what "any" captures give
 *   BSD loopback: NULL (address family in the capturing host's order) and LOOP (network)
 *   raw IP, IPv4, IPv6: no link header at all
 * The link types of routers and radios have their own files: PPP and Cisco HDLC
 * (dec_ppp.c), IEEE 802.11 with radiotap or PPI (dec_wlan.c), IP over InfiniBand, ARCNET
 * and Juniper's Ethernet (dec_link_other.c).
 */
#include "decode.h"

#include <pcap/dlt.h>

#include "proto.h"

void dec_link_short(struct packet *p, struct dcur *d, uint32_t need)
{
    p->link.status = dec_short(d, need);
    dec_note(p, p->link.status, "link");
}

bool dec_eth_header(struct packet *p, struct link_info *l, struct dcur *d)
{
    struct cursor *c = &d->c;
    uint16_t type;
    l->eth_off = dec_offset(p, d);
    if (!cursor_bytes(c, l->dst, 6) || !cursor_bytes(c, l->src, 6) || !cursor_u16be(c, &type)) {
        l->status = dec_short(d, 14);
        dec_note(p, l->status, "link");
        return false;
    }
    dec_took(d, 14);
    l->hdr_len += 14;
    /* 802.1Q tag: TPID (already read as the type), then PCP:3 DEI:1 VID:12, then the
     * next type; 802.1ad stacks a service tag in front. */
    while (type == ETYPE_VLAN || type == ETYPE_QINQ || type == ETYPE_QINQ_OLD) {
        uint16_t tci, next;
        if (!cursor_u16be(c, &tci) || !cursor_u16be(c, &next)) {
            l->status = dec_short(d, 4);
            dec_note(p, l->status, "link");
            return false;
        }
        dec_took(d, 4);
        if (l->nvlan < PKT_MAX_VLAN) {
            struct vlan_tag *t = &l->vlan[l->nvlan++];
            t->tpid = type;
            t->pcp = (uint8_t)(tci >> 13);
            t->dei = (tci >> 12) & 1;
            t->vid = tci & 0x0fff;
        } else if (l->nvlan_more++ == 0) {
            l->more_tpid = type;
        }
        l->hdr_len += 4;
        type = next;
    }
    l->status = LAYER_OK;
    l->ethertype = type;
    if (type <= ETYPE_MAX_LENGTH) {
        /* An IEEE 802.3 length field: an LLC frame follows, not an EtherType. */
        p->net = NET_OTHER;
        dec_limit(d, type);
        return false;
    }
    return true;
}

static void dec_ether(struct packet *p, struct dcur *d)
{
    if (dec_eth_header(p, &p->link, d))
        dec_ethertype(p, p->link.ethertype, d);
}

/* Linux cooked capture v1: pkttype, ARPHRD type, address length, 8 address bytes, protocol. */
static void dec_sll(struct packet *p, struct dcur *d)
{
    struct cursor *c = &d->c;
    uint16_t type;
    if (!cursor_u16be(c, &p->link.pkttype) || !cursor_u16be(c, &p->link.hatype) ||
        !cursor_u16be(c, &p->link.halen) || !cursor_bytes(c, p->link.addr, 8) ||
        !cursor_u16be(c, &type)) {
        dec_link_short(p, d, 16);
        return;
    }
    dec_took(d, 16);
    p->link.hdr_len = 16;
    p->link.status = LAYER_OK;
    p->link.ethertype = type;
    dec_ethertype(p, type, d);
}

/* Linux cooked capture v2: protocol, reserved, ifindex, ARPHRD type, pkttype, address
 * length, 8 address bytes. */
static void dec_sll2(struct packet *p, struct dcur *d)
{
    struct cursor *c = &d->c;
    uint16_t type, reserved;
    uint8_t pkttype, halen;
    if (!cursor_u16be(c, &type) || !cursor_u16be(c, &reserved) ||
        !cursor_u32be(c, &p->link.ifindex) || !cursor_u16be(c, &p->link.hatype) ||
        !cursor_u8(c, &pkttype) || !cursor_u8(c, &halen) || !cursor_bytes(c, p->link.addr, 8)) {
        dec_link_short(p, d, 20);
        return;
    }
    dec_took(d, 20);
    p->link.pkttype = pkttype;
    p->link.halen = halen;
    p->link.hdr_len = 20;
    p->link.status = LAYER_OK;
    p->link.ethertype = type;
    dec_ethertype(p, type, d);
}

/* BSD loopback: a 4-byte address family. AF_INET is 2 everywhere; AF_INET6 is 10 on
 * Linux, 24 on NetBSD/OpenBSD, 28 on FreeBSD and 30 on macOS. */
static void dec_null(struct packet *p, struct dcur *d, bool network_order)
{
    uint32_t fam;
    struct cursor peek = d->c;
    bool ok = network_order ? cursor_u32be(&d->c, &fam) : cursor_u32le(&d->c, &fam);
    if (!ok) {
        dec_link_short(p, d, 4);
        return;
    }
    /* NULL is in the capturing host's order; a big-endian writer puts the family in the
     * high half when read as little-endian (as libpcap and Wireshark reason too). */
    if (!network_order && (fam & 0xffff0000u) != 0)
        (void)cursor_u32be(&peek, &fam);
    dec_took(d, 4);
    p->link.family = fam;
    p->link.hdr_len = 4;
    p->link.status = LAYER_OK;
    switch (fam) {
    case BSD_AF_INET:
        p->link.ethertype = ETYPE_IPV4;
        break;
    case BSD_AF_INET6_LINUX:
    case BSD_AF_INET6_BSD:
    case BSD_AF_INET6_FREEBSD:
    case BSD_AF_INET6_DARWIN:
        p->link.ethertype = ETYPE_IPV6;
        break;
    default:
        p->net = NET_OTHER;
        return;
    }
    dec_ethertype(p, p->link.ethertype, d);
}

/* Raw IP: the version nibble says which. */
static void dec_raw(struct packet *p, struct dcur *d)
{
    p->link.status = LAYER_OK;
    p->link.hdr_len = 0;
    uint8_t vihl;
    struct cursor peek = d->c;
    if (!cursor_u8(&peek, &vihl)) {
        dec_link_short(p, d, 1);
        return;
    }
    p->link.ethertype = (vihl >> 4) == 6 ? ETYPE_IPV6 : ETYPE_IPV4;
    dec_ethertype(p, p->link.ethertype, d);
}

static void dec_null_host(struct packet *p, struct dcur *d)
{
    dec_null(p, d, false);
}

static void dec_null_net(struct packet *p, struct dcur *d)
{
    dec_null(p, d, true);
}

/* LINKTYPE_IPV4 and LINKTYPE_IPV6: the IP header first, its version known in advance. */
static void dec_ip_only(struct packet *p, struct dcur *d)
{
    p->link.status = LAYER_OK;
    p->link.ethertype = p->link.kind == LINK_IPV4 ? ETYPE_IPV4 : ETYPE_IPV6;
    dec_ethertype(p, p->link.ethertype, d);
}

/* The link types sniff decodes: libpcap's DLT_*, the kind, the header's decoder (the
 * others in dec_ppp.c, dec_wlan.c and dec_link_other.c). */
static const struct dec_next link_types[] = {
    {DLT_EN10MB, LINK_ETHERNET, dec_ether},
    {DLT_LINUX_SLL, LINK_SLL, dec_sll},
    {DLT_LINUX_SLL2, LINK_SLL2, dec_sll2},
    {DLT_NULL, LINK_NULL, dec_null_host},
    {DLT_LOOP, LINK_LOOP, dec_null_net},
    {DLT_RAW, LINK_RAW, dec_raw},
    {DLT_IPV4, LINK_IPV4, dec_ip_only},
    {DLT_IPV6, LINK_IPV6, dec_ip_only},
    {DLT_PPP, LINK_PPP, dec_ppp},
    {DLT_PPP_SERIAL, LINK_PPP_HDLC, dec_ppp},
    {DLT_C_HDLC, LINK_CHDLC, dec_chdlc},
    {DLT_IEEE802_11, LINK_WLAN, dec_wlan},
    {DLT_IEEE802_11_RADIO, LINK_RADIOTAP, dec_radiotap},
    {DLT_PPI, LINK_PPI, dec_ppi},
    {DLT_IPOIB, LINK_IPOIB, dec_ipoib},
    {DLT_ARCNET_LINUX, LINK_ARCNET, dec_arcnet},
    {DLT_JUNIPER_ETHER, LINK_JUNIPER, dec_juniper},
};
#define NLINK_TYPES (sizeof link_types / sizeof link_types[0])

bool decode_linktype_supported(int linktype)
{
    return dec_find(link_types, NLINK_TYPES, (unsigned)linktype) != NULL;
}

void dec_link(struct packet *p, struct dcur *d)
{
    const struct dec_next *lt = dec_find(link_types, NLINK_TYPES, (unsigned)p->frame.linktype);
    if (lt == NULL) {
        /* A link type sniff does not know: the frame is shown as data. */
        p->link.kind = LINK_UNKNOWN;
        p->link.status = LAYER_ABSENT;
        return;
    }
    p->link.kind = (enum link_kind)lt->kind;
    lt->decode(p, d);
}

/* The network layers sniff decodes, by EtherType; any other is NET_OTHER, its bytes
 * shown as data. */
static const struct dec_next net_types[] = {
    {ETYPE_IPV4, NET_IPV4, dec_ip4},
    {ETYPE_IPV6, NET_IPV6, dec_ip6},
    {ETYPE_ARP, NET_ARP, dec_arp},
    {ETYPE_PPPOES, NET_OTHER, dec_pppoe}, /* dec_tunnel.c: the packets inside */
    {ETYPE_MPLS, NET_OTHER, dec_mpls},
};

void dec_ethertype(struct packet *p, uint16_t ethertype, struct dcur *d)
{
    p->net_off = dec_offset(p, d);
    const struct dec_next *n =
        dec_find(net_types, sizeof net_types / sizeof net_types[0], ethertype);
    p->net = n != NULL ? (enum net_kind)n->kind : NET_OTHER;
    if (n != NULL)
        n->decode(p, d);
}

/* ARP: hardware type, protocol type, their lengths, operation, then the addresses. Only
 * Ethernet/IPv4 addresses are kept; others are skipped by their declared lengths. */
void dec_arp(struct packet *p, struct dcur *d)
{
    struct arp_info *a = &p->arp;
    struct cursor *c = &d->c;
    if (!cursor_u16be(c, &a->htype) || !cursor_u16be(c, &a->ptype) || !cursor_u8(c, &a->hlen) ||
        !cursor_u8(c, &a->plen) || !cursor_u16be(c, &a->oper)) {
        a->status = dec_short(d, 8);
        dec_note(p, a->status, "ARP");
        return;
    }
    uint32_t body = 2u * a->hlen + 2u * a->plen;
    if (a->hlen != 6 || a->plen != 4) { /* not Ethernet and IPv4 addresses */
        a->status = cursor_skip(c, body) ? LAYER_OK : dec_short(d, 8 + body);
        dec_note(p, a->status, "ARP");
        return;
    }
    if (!cursor_bytes(c, a->sha, 6) || !cursor_bytes(c, a->spa, 4) || !cursor_bytes(c, a->tha, 6) ||
        !cursor_bytes(c, a->tpa, 4)) {
        a->status = dec_short(d, 28);
        dec_note(p, a->status, "ARP");
        return;
    }
    a->status = LAYER_OK;
}
