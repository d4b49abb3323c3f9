/*
 * det_ip4.c: IPv4 (RFC 791) in -V: version and header length, the DS field (RFC 2474,
 * RFC 3168), lengths, identification, flags and fragment offset, TTL, protocol,
 * checksum and addresses, with Wireshark's notes on impossible lengths and dying TTLs.
 * Options are shown by their length only: the decoder keeps their bytes, not their
 * fields.
 */
#include "detail.h"

#include <stdio.h>

#include "fmt_addr.h"

static const struct csum_words ip4_words = {"Header Checksum",
                                            "Header checksum status",
                                            "(may be caused by \"IP checksum offload\"?)",
                                            "validation disabled",
                                            "Error",
                                            CALC_AFTER};

/* "0100 .... = Version: 4" and ".... 0101 = Header Length: 20 bytes (5)", in byte at. */
static void header_length(struct out *o, const struct ipv4_info *ip, uint32_t at)
{
    uint8_t vihl = (uint8_t)(4 << 4 | ip->hdr_len / 4);
    dl_at(o, at, 1);
    dl_bits(o, 1, vihl, 8, 0xf0);
    dl_text(o, 0, "Version: 4");
    dl_at(o, at, 1);
    dl_bits(o, 1, vihl, 8, 0x0f);
    OUT_LIT(o, "Header Length: ");
    out_u64(o, ip->hdr_len);
    dl_u3(o, 0, " bytes (", ip->hdr_len / 4u, ")");
}

static void ds_field(struct out *o, const struct ipv4_info *ip, uint32_t at)
{
    uint8_t tos = (uint8_t)(ip->dscp << 2 | (ip->ecn & 3));
    dl_at(o, at, 1);
    dl_begin(o, 1, "Differentiated Services Field: ");
    dl_hex(o, tos, 2);
    OUT_LIT(o, " (DSCP: ");
    out_str(o, det_dscp_abbrev(ip->dscp));
    dl_s3(o, 0, ", ECN: ", names_ecn_short[ip->ecn & 3], ")");
    det_dscp_lines(o, tos, 8, 0xfc, 0x03, ip->dscp, ip->ecn);
}

static void flags_offset(struct out *o, const struct ipv4_info *ip, uint32_t at)
{
    unsigned fl = (ip->rb ? 4u : 0u) | (ip->df ? 2u : 0u) | (ip->mf ? 1u : 0u);
    dl_at(o, at, 1);
    dl_bits(o, 1, fl << 5, 8, 0xe0);
    OUT_LIT(o, "Flags: 0x");
    out_hex(o, fl, 1);
    if (ip->rb)
        OUT_LIT(o, ", Reserved bit");
    if (ip->df)
        OUT_LIT(o, ", Don't fragment");
    if (ip->mf)
        OUT_LIT(o, ", More fragments");
    dl_end(o);
    dl_bits(o, 2, fl << 5, 8, 0x80);
    dl_s(o, 0, "Reserved bit: ", dl_set(ip->rb));
    dl_bits(o, 2, fl << 5, 8, 0x40);
    dl_s(o, 0, "Don't fragment: ", dl_set(ip->df));
    dl_bits(o, 2, fl << 5, 8, 0x20);
    dl_s(o, 0, "More fragments: ", dl_set(ip->mf));
    dl_at(o, at, 2);
    dl_bits(o, 1, (uint32_t)(ip->frag_offset / 8), 16, 0x1fff);
    dl_u(o, 0, "Fragment Offset: ", ip->frag_offset);
}

/* A header cut before its fixed 20 bytes, or an IHL below 5: the version, and the
 * header length when it is the problem. */
static void short_header(struct out *o, const struct ipv4_info *ip, uint32_t at)
{
    dl_at(o, at, 1);
    dl_text(o, 0, "Internet Protocol Version 4");
    if (ip->hdr_len == 0 || ip->hdr_len >= 20)
        return;
    header_length(o, ip, at);
    char msg[64];
    snprintf(msg, sizeof msg, "Bogus IP header length (%u, must be at least 20)", ip->hdr_len);
    dl_expert(o, 2, "Error", "Protocol", msg);
}

/* "Total Length", with Wireshark's notes when it is impossible; false: stop here. */
static bool total_length(struct out *o, const struct packet *p, bool bogus_len)
{
    const struct ipv4_info *ip = &p->ip4;
    dl_at(o, p->net_off + 2, 2);
    if (bogus_len) {
        dl_begin(o, 1, "Total Length: ");
        out_u64(o, ip->total_len);
        dl_u3(o, 0, " bytes (bogus, less than header length ", ip->hdr_len, ")");
        dl_expert(o, 2, "Error", "Protocol", "Bogus IP length");
        return false;
    }
    dl_u(o, 1, "Total Length: ", ip->total_len);
    uint32_t flen = p->frame.len > p->frame.caplen ? p->frame.len : p->frame.caplen;
    uint32_t avail = flen > p->net_off ? flen - p->net_off : 0;
    if (ip->total_len > avail && ip->total_len != 0) {
        char msg[80];
        snprintf(msg, sizeof msg, "IPv4 total length exceeds packet length (%u bytes)", avail);
        dl_expert(o, 2, "Error", "Protocol", msg);
    }
    return true;
}

void det_ip4(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct ipv4_info *ip = &p->ip4;
    /* The decoder fills the fixed header only once all 20 bytes were read. */
    bool fixed = ip->status == LAYER_OK ||
                 (p->frame.caplen >= p->net_off + 20u && p->frame.len >= p->net_off + 20u);
    uint32_t at = p->net_off; /* RFC 791 3.1: each field's place in the header */
    if (!fixed || ip->hdr_len < 20) {
        short_header(o, ip, at);
        return;
    }
    char src[FMT_IP4_MAX], dst[FMT_IP4_MAX];
    size_t slen = fmt_ip4(src, ip->src), dlen = fmt_ip4(dst, ip->dst);
    /* A total length shorter than the header (RFC 791): Wireshark stops after it. */
    bool bogus_len =
        ip->status == LAYER_MALFORMED && ip->total_len != 0 && ip->total_len < ip->hdr_len;
    dl_at(o, at, ip->hdr_len);
    dl_begin(o, 0, "Internet Protocol Version 4");
    if (!bogus_len) {
        OUT_LIT(o, ", Src: ");
        out_mem(o, src, slen);
        OUT_LIT(o, ", Dst: ");
        out_mem(o, dst, dlen);
    }
    dl_end(o);
    header_length(o, ip, at);
    ds_field(o, ip, at + 1);
    if (!total_length(o, p, bogus_len))
        return;
    dl_at(o, at + 4, 2);
    dl_begin(o, 1, "Identification: ");
    dl_hex(o, ip->id, 4);
    dl_u3(o, 0, " (", ip->id, ")");
    flags_offset(o, ip, at + 6);
    dl_at(o, at + 8, 1);
    dl_u(o, 1, "Time to Live: ", ip->ttl);
    /* Wireshark notes a unicast TTL below 5: the packet is about to die on the way. */
    if (ip->ttl < 5 && (ip->dst[0] & 0xf0) != 0xe0 && ip->proto != IP_PROTO_PIM) {
        char msg[32];
        snprintf(msg, sizeof msg, "\"Time To Live\" only %u", ip->ttl);
        dl_expert(o, 2, "Note", "Sequence", msg);
    }
    const char *proto = proto_long(names_ipproto, ip->proto);
    dl_at(o, at + 9, 1);
    dl_named(o, 1, "Protocol: ", proto != NULL ? proto : "Unknown", ip->proto);
    dl_at(o, at + 10, 2);
    det_checksum(o, &ip4_words, ip->checksum, csum_check_ip4(p, opts->check_checksums));
    det_addresses(o, src, slen, dst, dlen, at + 12, 4);
    if (ip->options_len > 0 && ip->hdr_len >= 20) {
        dl_at(o, at + 20, ip->options_len);
        dl_u3(o, 1, "Options: (", ip->options_len, " bytes)");
    }
}
