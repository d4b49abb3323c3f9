/*
 * dec_udp_icmp.c: the transport dispatch and the small transports that get a one-line
 * summary: UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443). Echo request/reply
 * identifiers and sequence numbers are kept for the summary line.
 */
#include "decode.h"

void dec_transport(struct packet *p, uint8_t proto, struct dcur *d)
{
    p->l4_proto = proto;
    p->l4_off = dec_offset(p, d);
    p->l4_len = d->wire;
    switch (proto) {
    case 6:
        p->l4 = L4_TCP;
        dec_tcp(p, d);
        break;
    case 17:
        p->l4 = L4_UDP;
        dec_udp(p, d);
        break;
    case 1:
        p->l4 = L4_ICMP;
        dec_icmp(p, d, false);
        break;
    case 58:
        p->l4 = L4_ICMPV6;
        dec_icmp(p, d, true);
        break;
    default:
        p->l4 = L4_OTHER;
        break;
    }
}

void dec_udp(struct packet *p, struct dcur *d)
{
    struct udp_info *u = &p->udp;
    struct cursor *c = &d->c;
    uint32_t avail = d->wire;
    if (!cursor_u16be(c, &u->sport) || !cursor_u16be(c, &u->dport) || !cursor_u16be(c, &u->len) ||
        !cursor_u16be(c, &u->checksum)) {
        u->status = dec_short(d, 8);
        dec_note(p, u->status, "UDP");
        return;
    }
    dec_took(d, 8);
    if (u->len < 8) {
        u->status = LAYER_MALFORMED;
        u->problem = "Bogus UDP length, must be at least 8";
    } else if (u->len > avail) {
        u->status = LAYER_MALFORMED;
        u->problem = "Bogus UDP length, longer than the IP payload";
    } else {
        u->status = LAYER_OK;
        if (cursor_left(c) < (size_t)u->len - 8)
            u->status = LAYER_TRUNCATED;
    }
    dec_note(p, u->status, "UDP");
}

void dec_icmp(struct packet *p, struct dcur *d, bool v6)
{
    struct icmp_info *ic = &p->icmp;
    struct cursor *c = &d->c;
    ic->v6 = v6;
    if (!cursor_u8(c, &ic->type) || !cursor_u8(c, &ic->code) || !cursor_u16be(c, &ic->checksum)) {
        ic->status = dec_short(d, 4);
        dec_note(p, ic->status, v6 ? "ICMPv6" : "ICMP");
        return;
    }
    dec_took(d, 4);
    bool echo = v6 ? (ic->type == 128 || ic->type == 129) : (ic->type == 0 || ic->type == 8);
    if (echo) {
        if (!cursor_u16be(c, &ic->id) || !cursor_u16be(c, &ic->seq)) {
            ic->status = dec_short(d, 4);
            dec_note(p, ic->status, v6 ? "ICMPv6" : "ICMP");
            return;
        }
        dec_took(d, 4);
    }
    ic->status = LAYER_OK;
    /* The message's data (an echo's payload, an error's quoted datagram) was cut. */
    if (cursor_left(c) < d->wire)
        dec_note(p, LAYER_TRUNCATED, v6 ? "ICMPv6" : "ICMP");
}
