/*
 * dec_link_other.c: three link types of data-centre and router captures.
 *
 *   DLT_IPOIB (242): IP over InfiniBand (RFC 4391 6) as libpcap records it: a 40-byte
 *   pseudo-header (a Global Route Header, or, for unicast, zeros then the destination's
 *   QPN and GID), then the 4-byte IPoIB header: an EtherType and 2 reserved bytes.
 *   DLT_ARCNET_LINUX (129): source and destination IDs, 2 bytes of hardware offset, a
 *   protocol ID, and for RFC 1201 protocols a split flag and a sequence number.
 *   DLT_JUNIPER_ETHER (178): "MGC", a flags byte, with flag 0x80 a length and TLV
 *   extensions; then an Ethernet frame, or with flag 0x02 (no layer 2 header) a 4-byte
 *   little-endian protocol and the IP packet.
 */
#include "decode.h"
#include "proto.h"

#define IPOIB_PSEUDO 40

void dec_ipoib(struct packet *p, struct dcur *d)
{
    struct ipoib_hdr *h = &p->link.u.ipoib;
    struct cursor c = d->c;
    uint16_t first = 0, type = 0;
    uint32_t w1 = 0;
    if (cursor_left(&c) < IPOIB_PSEUDO + 4) {
        dec_link_short(p, d, IPOIB_PSEUDO + 4);
        return;
    }
    struct cursor g = c;
    (void)cursor_u16be(&g, &first);
    h->grh = first != 0;
    g = c;
    (void)cursor_u32be(&g, &h->word0);
    (void)cursor_u32be(&g, &w1); /* GRH: payload length, next header, hop limit; QPN */
    (void)cursor_bytes(&g, h->sgid, 16);
    (void)cursor_bytes(&g, h->dgid, 16);
    if (h->grh) {
        h->qpn = w1 & 0xffffff; /* the source QPN, in the GRH's bytes 5 to 7 */
    } else {
        struct cursor q = c;
        uint32_t qw = 0;
        (void)cursor_skip(&q, 20);
        (void)cursor_u32be(&q, &qw);
        h->qpn = qw & 0xffffff; /* bytes 21 to 23: the destination's */
    }
    (void)cursor_skip(&c, IPOIB_PSEUDO);
    (void)cursor_u16be(&c, &type);
    (void)cursor_u16be(&c, &h->reserved);
    dec_advance(d, IPOIB_PSEUDO + 4);
    p->link.hdr_len = IPOIB_PSEUDO + 4;
    p->link.status = LAYER_OK;
    p->link.ethertype = type;
    if (type == ETYPE_IPV4 || type == ETYPE_IPV6 || type == ETYPE_ARP) {
        dec_ethertype(p, type, d);
    } else {
        p->net = NET_OTHER;
        p->net_off = dec_offset(p, d);
    }
}

/* The protocol IDs whose header has no split flag and sequence number. */
static bool arcnet_short_header(uint8_t id)
{
    return id == ARCNET_IP_1051 || id == ARCNET_ARP_1051 || id == ARCNET_DIAGNOSE ||
           id == ARCNET_BACNET;
}

void dec_arcnet(struct packet *p, struct dcur *d)
{
    struct arcnet_hdr *h = &p->link.u.arcnet;
    struct cursor *c = &d->c;
    if (!cursor_u8(c, &h->src) || !cursor_u8(c, &h->dst) || !cursor_bytes(c, h->offset, 2) ||
        !cursor_u8(c, &h->protid)) {
        dec_link_short(p, d, 5);
        return;
    }
    dec_took(d, 5);
    p->link.hdr_len = 5;
    if (!arcnet_short_header(h->protid)) {
        if (!cursor_u8(c, &h->split) || !cursor_u16be(c, &h->seq)) {
            dec_link_short(p, d, 3);
            return;
        }
        h->has_split = true;
        dec_took(d, 3);
        p->link.hdr_len += 3;
    }
    p->link.status = LAYER_OK;
    uint16_t type = 0;
    switch (h->protid) {
    case ARCNET_IP_1051:
    case ARCNET_IP_1201:
        type = ETYPE_IPV4;
        break;
    case ARCNET_ARP_1051:
    case ARCNET_ARP_1201:
        type = ETYPE_ARP;
        break;
    case ARCNET_IPV6:
        type = ETYPE_IPV6;
        break;
    default:
        p->net = NET_OTHER;
        p->net_off = dec_offset(p, d);
        return;
    }
    p->link.ethertype = type;
    dec_ethertype(p, type, d);
}

#define JUNIPER_FLAG_NO_L2 0x02
#define JUNIPER_FLAG_EXT 0x80
#define JUNIPER_MAGIC 0x4d4743 /* "MGC" */
/* The payload protocols of a Juniper header without a layer 2 header. */
#define JUNIPER_PROTO_IP 2
#define JUNIPER_PROTO_IP6 6

/* The extension TLVs (type, length, value); below type 128 a value is little-endian. */
static void juniper_tlvs(struct juniper_hdr *h, struct cursor c)
{
    uint8_t type, len;
    while (cursor_left(&c) > 2 && cursor_u8(&c, &type) && cursor_u8(&c, &len)) {
        if (len == 0 || len > cursor_left(&c))
            return;
        if (h->ntlv < PKT_MAX_JUNIPER_TLV) {
            uint32_t v = 0;
            for (uint8_t i = 0; i < len && i < 4; i++)
                v = type < 128 ? v | (uint32_t)c.p[i] << (8 * i) : v << 8 | c.p[i];
            h->tlv[h->ntlv].type = type;
            h->tlv[h->ntlv].len = len;
            h->tlv[h->ntlv].value = v;
            h->ntlv++;
        }
        (void)cursor_skip(&c, len);
    }
}

void dec_juniper(struct packet *p, struct dcur *d)
{
    struct juniper_hdr *h = &p->link.u.juniper;
    struct cursor *c = &d->c;
    uint8_t magic[3];
    if (!cursor_bytes(c, magic, 3) || !cursor_u8(c, &h->flags)) {
        dec_link_short(p, d, 4);
        return;
    }
    if (((uint32_t)magic[0] << 16 | (uint32_t)magic[1] << 8 | magic[2]) != JUNIPER_MAGIC) {
        p->link.status = LAYER_MALFORMED; /* Wireshark: "no magic-number found" */
        p->net = NET_OTHER;
        return;
    }
    dec_took(d, 4);
    uint32_t hdr = 4;
    if (h->flags & JUNIPER_FLAG_EXT) {
        if (!cursor_u16be(c, &h->ext_len) || cursor_left(c) < h->ext_len) {
            dec_link_short(p, d, 2u + h->ext_len);
            return;
        }
        juniper_tlvs(h, (struct cursor){c->p, c->p + h->ext_len});
        (void)cursor_skip(c, h->ext_len);
        dec_took(d, 2u + h->ext_len);
        hdr += 2u + h->ext_len;
    }
    p->link.hdr_len = hdr;
    if (h->flags & JUNIPER_FLAG_NO_L2) {
        uint32_t proto;
        if (!cursor_u32le(c, &proto)) {
            dec_link_short(p, d, 4);
            return;
        }
        dec_took(d, 4);
        p->link.hdr_len += 4;
        p->link.status = LAYER_OK;
        p->link.family = proto;
        p->link.ethertype = proto == JUNIPER_PROTO_IP    ? ETYPE_IPV4
                            : proto == JUNIPER_PROTO_IP6 ? ETYPE_IPV6
                                                         : 0;
        if (p->link.ethertype != 0)
            dec_ethertype(p, p->link.ethertype, d);
        else
            p->net = NET_OTHER;
        return;
    }
    if (dec_eth_header(p, &p->link, d))
        dec_ethertype(p, p->link.ethertype, d);
}
