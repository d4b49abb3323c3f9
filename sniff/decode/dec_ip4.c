/*
 * dec_ip4.c: the IPv4 header (RFC 791), its options kept as bytes for the detail view
 * (with where they carry addresses), and the hand-off to the transport layer. Fragments (MF set or
 * a non-zero offset) are shown as such and not reassembled: their payload is not decoded as a
 * transport header, except a first fragment's TCP header when the snapshot cut the
 * fragment (dec_first_fragment). The transport layer gets exactly total length - header length
 * bytes, so Ethernet padding never counts as payload.
 */
#include "decode.h"
#include "proto.h"

static void ip4_fail(struct packet *p, enum layer_status st, const char *why)
{
    p->ip4.status = st;
    p->ip4.problem = why;
    dec_note(p, st, "IPv4");
}

/* The options that carry addresses (RFC 791 section 3.1): Record Route, Loose and
 * Strict Source Route, each "type, length, pointer, route data", and Timestamp with its
 * flag 1 (address and timestamp pairs) or 3 (prespecified addresses). The pointer is the
 * 1-based offset of the next free entry: entries before it are filled. */

static void ip4_note_addr(struct ipv4_info *ip, uint32_t off)
{
    if (ip->opt_naddrs < PKT_MAX_IP4_OPT_ADDRS)
        ip->opt_addr_off[ip->opt_naddrs++] = off;
}

/* opt: a cursor over one option's bytes after its type and length; at: the frame offset
 * of the option's first byte. */
static void ip4_option_addrs(struct ipv4_info *ip, uint8_t type, uint8_t len, struct cursor opt,
                             uint32_t at)
{
    uint8_t ptr, flags = 0;
    if (!cursor_u8(&opt, &ptr))
        return;
    uint32_t first = 3, step = 4, filled = len;
    switch (type) {
    case IP4_OPT_RR:
        filled = ptr > 0 ? ptr - 1u : 0;
        break;
    case IP4_OPT_LSRR:
    case IP4_OPT_SSRR:
        break;
    case IP4_OPT_TS:
        if (!cursor_u8(&opt, &flags) || ((flags & 0x0f) != 1 && (flags & 0x0f) != 3))
            return;
        first = 4;
        step = 8;
        if ((flags & 0x0f) == 1)
            filled = ptr > 0 ? ptr - 1u : 0;
        break;
    default:
        return;
    }
    for (uint32_t a = first; a + 4 <= len && a + 4 <= filled; a += step)
        ip4_note_addr(ip, at + a);
}

/* Walks the options (captured in full: the caller checked) for their addresses. */
static void ip4_options(struct ipv4_info *ip, uint32_t at)
{
    struct cursor c = cursor_make(ip->options, ip->options_len);
    uint8_t type, len;
    while (cursor_u8(&c, &type) && type != IP4_OPT_EOL) {
        uint32_t start = at + (uint32_t)(c.p - 1 - ip->options);
        if (type == IP4_OPT_NOP)
            continue;
        if (!cursor_u8(&c, &len) || len < 2 || cursor_left(&c) < (size_t)len - 2)
            return; /* a bad length ends the walk: what follows cannot be trusted */
        bool whole;
        struct cursor body = cursor_sub(&c, (size_t)len - 2, &whole);
        ip4_option_addrs(ip, type, len, body, start);
    }
}

void dec_ip4(struct packet *p, struct dcur *d)
{
    struct ipv4_info *ip = &p->ip4;
    struct cursor *c = &d->c;
    uint8_t vihl, tos, ttl, proto;
    uint16_t total, id, frag, sum;

    if (!cursor_u8(c, &vihl)) {
        ip4_fail(p, dec_short(d, 1), NULL);
        return;
    }
    ip->version = vihl >> 4;
    ip->hdr_len = (uint8_t)((vihl & 0x0f) * 4);
    if (ip->version != 4) {
        ip4_fail(p, LAYER_MALFORMED, "Bogus IP version");
        return;
    }
    if (ip->hdr_len < 20) {
        /* Wireshark says "Bogus IP header length (16, must be at least 20)" in Info and
         * stops, without marking the packet [Malformed Packet]. */
        ip->status = LAYER_MALFORMED;
        ip->problem = "Bogus IP header length";
        return;
    }
    if (!cursor_u8(c, &tos) || !cursor_u16be(c, &total) || !cursor_u16be(c, &id) ||
        !cursor_u16be(c, &frag) || !cursor_u8(c, &ttl) || !cursor_u8(c, &proto) ||
        !cursor_u16be(c, &sum) || !cursor_bytes(c, ip->src, 4) || !cursor_bytes(c, ip->dst, 4)) {
        ip4_fail(p, dec_short(d, 20), NULL);
        return;
    }
    ip->dscp = tos >> 2;
    ip->ecn = tos & 3;
    ip->total_len = total;
    ip->id = id;
    ip->rb = (frag & 0x8000) != 0;
    ip->df = (frag & 0x4000) != 0;
    ip->mf = (frag & 0x2000) != 0;
    ip->frag_offset = (uint16_t)((frag & 0x1fff) * 8u);
    ip->ttl = ttl;
    ip->proto = proto;
    ip->checksum = sum;
    ip->is_fragment = ip->mf || ip->frag_offset != 0;
    p->l4_proto = proto;

    /* Options: the rest of the IHL-declared header. */
    ip->options = c->p;
    ip->options_len = (uint8_t)(ip->hdr_len - 20);
    uint32_t opt_at = dec_offset(p, d);
    if (!cursor_skip(c, ip->options_len)) {
        ip4_fail(p, dec_short(d, ip->hdr_len), NULL);
        return;
    }
    ip4_options(ip, opt_at);
    /* Total length 0 is what TCP segmentation offload leaves in captures of outgoing
     * packets: the frame's length is the only one there is. */
    uint32_t dgram = total != 0 ? total : d->wire;
    if (dgram < ip->hdr_len) {
        /* Wireshark says "Bogus IP length (12, less than header length 20)" in Info and
         * stops, as for a short IHL: no [Malformed Packet], link addresses in the list. */
        ip->status = LAYER_MALFORMED;
        ip->problem = "Bogus IP length";
        return;
    }
    ip->status = LAYER_OK;
    if (dgram > d->wire) {
        /* The header claims more than the frame holds: noted (Wireshark's expert info),
         * and the frame's own length used, as Wireshark does. */
        ip->problem = "IPv4 total length exceeds packet length";
        dgram = d->wire;
    }
    dec_took(d, ip->hdr_len);
    dec_limit(d, dgram - ip->hdr_len);
    if (ip->is_fragment && !dec_first_fragment(p, proto, ip->frag_offset, d))
        dec_fragment(p, d, "IPv4");
    else if (!ip->is_fragment)
        dec_transport(p, proto, d);
}
