/*
 * det_ip6.c: IPv6 (RFC 8200) in -V: version, traffic class (RFC 2474, RFC 3168), flow
 * label, payload length, next header, hop limit and addresses (with the MAC address an
 * EUI-64 interface identifier was made from), then each extension header: fragment,
 * authentication (RFC 4302), and the others by their length.
 */
#include "detail.h"

#include "fmt_addr.h"

static const char *next_name(uint8_t nh)
{
    const char *name = proto_long(names_ipproto, nh);
    return name != NULL ? name : "Unknown";
}

/* Wireshark adds the MAC address an EUI-64 interface identifier was made from. */
static void slaac_line(struct out *o, const char *which, const uint8_t a[16], uint32_t at)
{
    if (a[11] != 0xff || a[12] != 0xfe)
        return;
    dl_at(o, at, 16);
    uint8_t m[6] = {(uint8_t)(a[8] ^ 0x02), a[9], a[10], a[13], a[14], a[15]};
    char mac[18];
    dl_begin(o, 1, "[");
    out_str(o, which);
    OUT_LIT(o, " SLAAC MAC: ");
    out_mem(o, mac, fmt_mac(mac, m, 6));
    OUT_LIT(o, "]\n");
}

/* RFC 8200 4.5, at frame offset at. */
static void fragment_header(struct out *o, const struct ip6_ext *e, uint32_t at)
{
    dl_at(o, at, 8);
    dl_text(o, 1, "Fragment Header for IPv6");
    dl_at(o, at, 1);
    dl_named(o, 2, "Next header: ", next_name(e->next), e->next);
    dl_at(o, at + 1, 1);
    dl_text(o, 2, "Reserved octet: 0x00");
    uint32_t offm = (uint32_t)e->frag_offset | (e->mf ? 1u : 0u);
    dl_at(o, at + 2, 2);
    dl_bits(o, 2, offm, 16, 0xfff8);
    OUT_LIT(o, "Offset: ");
    out_u64(o, e->frag_offset / 8u);
    dl_u3(o, 0, " (", e->frag_offset, " bytes)");
    dl_at(o, at + 2, 2);
    dl_bits(o, 2, offm, 16, 0x0006);
    dl_text(o, 0, "Reserved bits: 0");
    dl_at(o, at + 2, 2);
    dl_bits(o, 2, offm, 16, 0x0001);
    dl_s(o, 0, "More Fragments: ", e->mf ? "Yes" : "No");
    dl_at(o, at + 4, 4);
    dl_x(o, 2, "Identification: ", e->frag_id, 8);
}

/* The fragment header, AH (RFC 4302: its length in 4-octet units, less 2), or one of
 * the options and routing headers (8-octet units, less 1), named as IP protocols. */
static void ext_header(struct out *o, const struct packet *p, const struct ip6_ext *e, uint32_t at)
{
    if (e->type == IP_PROTO_FRAGMENT) {
        fragment_header(o, e, at);
        return;
    }
    dl_at(o, at, e->len);
    if (e->type == IP_PROTO_AH) {
        struct ah_info ah = {true, e->next, e->len, e->spi, e->ah_seq, e->off};
        det_ah(o, 1, p, &ah);
        return;
    }
    dl_text(o, 1, next_name(e->type));
    dl_at(o, at, 1);
    dl_named(o, 2, "Next Header: ", next_name(e->next), e->next);
    dl_at(o, at + 1, 1);
    dl_u(o, 2, "Length: ", e->len / 8u - 1u);
    dl_gen(o);
    dl_u3(o, 2, "[Length: ", e->len, " bytes]");
}

static void traffic_class(struct out *o, const struct ipv6_info *ip, uint32_t word)
{
    uint8_t dscp = ip->tclass >> 2, ecn = ip->tclass & 3;
    dl_bits(o, 1, word, 32, 0x0ff00000);
    OUT_LIT(o, "Traffic Class: ");
    dl_hex(o, ip->tclass, 2);
    OUT_LIT(o, " (DSCP: ");
    out_str(o, det_dscp_abbrev(dscp));
    dl_s3(o, 0, ", ECN: ", names_ecn_short[ecn], ")");
    det_dscp_lines(o, word, 32, 0x0fc00000, 0x00300000, dscp, ecn);
}

void det_ip6(struct out *o, const struct packet *p)
{
    const struct ipv6_info *ip = &p->ip6;
    uint32_t at = p->net_off; /* RFC 8200 3: each field's place in the header */
    if (ip->version != 6) {
        dl_at(o, at, 1);
        dl_text(o, 0, "Internet Protocol Version 6");
        return;
    }
    char src[FMT_IP6_MAX], dst[FMT_IP6_MAX];
    size_t slen = fmt_ip6(src, ip->src), dlen = fmt_ip6(dst, ip->dst);
    dl_at(o, at, ip->hdrs_len >= 40 ? ip->hdrs_len : 40);
    dl_begin(o, 0, "Internet Protocol Version 6, Src: ");
    out_mem(o, src, slen);
    OUT_LIT(o, ", Dst: ");
    out_mem(o, dst, dlen);
    dl_end(o);
    uint32_t word = (uint32_t)6 << 28 | (uint32_t)ip->tclass << 20 | (ip->flow & 0xfffff);
    dl_at(o, at, 1);
    dl_bits(o, 1, word >> 24, 8, 0xf0);
    dl_text(o, 0, "Version: 6");
    dl_at(o, at, 2);
    traffic_class(o, ip, word);
    dl_at(o, at + 1, 3);
    dl_bits(o, 1, word & 0xffffff, 24, 0x0fffff);
    OUT_LIT(o, "Flow Label: ");
    dl_hex(o, ip->flow & 0xfffff, 5);
    dl_end(o);
    dl_at(o, at + 4, 2);
    dl_u(o, 1, "Payload Length: ", ip->payload_len);
    dl_at(o, at + 6, 1);
    dl_named(o, 1, "Next Header: ", next_name(ip->next_header), ip->next_header);
    dl_at(o, at + 7, 1);
    dl_u(o, 1, "Hop Limit: ", ip->hop_limit);
    det_addresses(o, src, slen, dst, dlen, at + 8, 16);
    slaac_line(o, "Source", ip->src, at + 8);
    slaac_line(o, "Destination", ip->dst, at + 24);
    uint32_t ext = at + 40;
    for (int i = 0; i < ip->next && i < PKT_MAX_IP6_EXT; i++) {
        ext_header(o, p, &ip->ext[i], ext);
        ext += ip->ext[i].len;
    }
}
