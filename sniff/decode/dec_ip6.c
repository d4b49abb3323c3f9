/*
 * dec_ip6.c: the IPv6 header (RFC 8200) and its extension headers: hop-by-hop options
 * (0), routing (43), fragment (44), destination options (60), and the authentication
 * header (51, RFC 4302) whose length is counted differently. The chain is followed to
 * the upper-layer protocol; a fragment is shown, not reassembled.
 */
#include "decode.h"
#include "proto.h"

static void ip6_fail(struct packet *p, enum layer_status st, const char *why)
{
    p->ip6.status = st;
    p->ip6.problem = why;
    dec_note(p, st, "IPv6");
}

static bool is_ext_header(uint8_t nh)
{
    return nh == IP_PROTO_HOPOPTS || nh == IP_PROTO_ROUTING || nh == IP_PROTO_FRAGMENT ||
           nh == IP_PROTO_DSTOPTS || nh == IP_PROTO_AH;
}

/* One extension header of type *nh at the cursor: kept in ip->ext, passed, and *nh set
 * to the header it names; false (the layer's verdict set) when cut or impossible. */
static bool ext_header(struct packet *p, struct dcur *d, uint8_t *nh)
{
    struct ipv6_info *ip = &p->ip6;
    uint8_t next, len8;
    struct cursor hdr = d->c;
    if (!cursor_u8(&hdr, &next) || !cursor_u8(&hdr, &len8)) {
        ip6_fail(p, dec_short(d, 2), NULL);
        return false;
    }
    /* Length in 8-octet units not counting the first 8 (RFC 8200 4.3); the fragment
     * header is always 8 bytes; AH counts 4-octet units minus 2 (RFC 4302 2.2). */
    uint32_t len = *nh == IP_PROTO_FRAGMENT ? 8u
                   : *nh == IP_PROTO_AH     ? (len8 + 2u) * 4u
                                            : (len8 + 1u) * 8u;
    struct ip6_ext e = {.type = *nh, .len = (uint16_t)len, .next = next};
    e.off = dec_offset(p, d);
    if (*nh == IP_PROTO_AH) {
        /* next header, payload length, reserved (2), SPI, sequence number (RFC 4302) */
        struct cursor ah = hdr;
        (void)cursor_skip(&ah, 2);
        (void)cursor_u32be(&ah, &e.spi);
        (void)cursor_u32be(&ah, &e.ah_seq);
    }
    if (*nh == IP_PROTO_FRAGMENT) {
        /* next header, reserved (read above as len8), offset:13 res:2 M:1, id */
        uint16_t offm;
        if (!cursor_u16be(&hdr, &offm) || !cursor_u32be(&hdr, &e.frag_id)) {
            ip6_fail(p, dec_short(d, 8), NULL);
            return false;
        }
        e.frag_offset = offm & 0xfff8; /* 13-bit offset in 8-octet units */
        e.mf = (offm & 1) != 0;
        ip->is_fragment = true;
    }
    if (len > d->wire) {
        ip6_fail(p, LAYER_MALFORMED, "IPv6 extension header length exceeds payload");
        return false;
    }
    if (cursor_left(&d->c) < len) {
        ip6_fail(p, LAYER_TRUNCATED, NULL);
        return false;
    }
    if (ip->next < PKT_MAX_IP6_EXT)
        ip->ext[ip->next++] = e;
    dec_advance(d, len);
    ip->hdrs_len += len;
    *nh = next;
    return true;
}

void dec_ip6(struct packet *p, struct dcur *d)
{
    struct ipv6_info *ip = &p->ip6;
    struct cursor *c = &d->c;
    uint32_t word = 0;
    if (!cursor_u32be(c, &word) || !cursor_u16be(c, &ip->payload_len) ||
        !cursor_u8(c, &ip->next_header) || !cursor_u8(c, &ip->hop_limit) ||
        !cursor_bytes(c, ip->src, 16) || !cursor_bytes(c, ip->dst, 16)) {
        ip6_fail(p, dec_short(d, 40), NULL);
        return;
    }
    ip->version = (uint8_t)(word >> 28);
    ip->tclass = (uint8_t)(word >> 20);
    ip->flow = word & 0xfffff;
    if (ip->version != 6) {
        ip6_fail(p, LAYER_MALFORMED, "Bogus IP version");
        return;
    }
    dec_took(d, 40);
    /* Payload length 0 with a hop-by-hop jumbo option (RFC 2675): the frame decides. */
    uint32_t plen = ip->payload_len != 0 ? ip->payload_len : d->wire;
    enum layer_status st = LAYER_OK;
    if (plen > d->wire) {
        /* Noted, and the frame's length used, as for IPv4. */
        ip->problem = "IPv6 payload length exceeds framing length";
        plen = d->wire;
    }
    dec_limit(d, plen);
    ip->hdrs_len = 40;

    uint8_t nh = ip->next_header;
    while (is_ext_header(nh)) {
        if (!ext_header(p, d, &nh))
            return;
        if (ip->is_fragment)
            break;
    }
    ip->proto = nh;
    p->l4_proto = nh;
    ip->status = st;
    if (ip->is_fragment &&
        !dec_first_fragment(p, nh, ip->next > 0 ? ip->ext[ip->next - 1].frag_offset : 1, d))
        dec_fragment(p, d, "IPv6");
    else if (!ip->is_fragment)
        dec_transport(p, nh, d);
}
