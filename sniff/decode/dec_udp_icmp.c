/*
 * dec_udp_icmp.c: the transport dispatch and the small transports that get a one-line
 * summary: UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443). Whether a message is an
 * echo request or reply is decided here, once, with its identifier and sequence number.
 */
#include "decode.h"
#include "proto.h"

static void dec_icmp4(struct packet *p, struct dcur *d)
{
    dec_icmp(p, d, false);
}

static void dec_icmp6(struct packet *p, struct dcur *d)
{
    dec_icmp(p, d, true);
}

/* The transports sniff decodes, by IP protocol number; any other is L4_OTHER. */
static const struct dec_next l4_types[] = {
    {IP_PROTO_TCP, L4_TCP, dec_tcp},
    {IP_PROTO_UDP, L4_UDP, dec_udp},
    {IP_PROTO_ICMP, L4_ICMP, dec_icmp4},
    {IP_PROTO_ICMPV6, L4_ICMPV6, dec_icmp6},
};

void dec_transport(struct packet *p, uint8_t proto, struct dcur *d)
{
    p->l4_proto = proto;
    p->l4_off = dec_offset(p, d);
    p->l4_len = d->wire;
    /* The IP-level headers and the tunnels (dec_tunnel.c). */
    if (dec_ip_tunnel(p, proto, d))
        return;
    if (proto == IP_PROTO_AH && p->net == NET_IPV4) {
        dec_ah4(p, d);
        return;
    }
    if (proto == IP_PROTO_IPCOMP) {
        p->l4 = L4_OTHER;
        dec_ipcomp(p, d);
        return;
    }
    const struct dec_next *n = dec_find(l4_types, sizeof l4_types / sizeof l4_types[0], proto);
    p->l4 = n != NULL ? (enum l4_kind)n->kind : L4_OTHER;
    if (n != NULL)
        n->decode(p, d);
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
        dec_limit(d, u->len - 8u);
        if (dec_udp_tunnel(p, d))
            return;
    }
    dec_note(p, u->status, "UDP");
}

static uint32_t cur_off(const struct packet *p, const struct cursor *c)
{
    return (uint32_t)(c->p - p->frame.data);
}

/* An address field of n bytes at the cursor, if captured in full. */
static void icmp_addr(struct packet *p, struct cursor *c, size_t n)
{
    struct icmp_info *ic = &p->icmp;
    if (cursor_left(c) >= n && ic->naddrs < 2)
        ic->addr_off[ic->naddrs++] = cur_off(p, c);
    (void)cursor_skip(c, n);
}

/* Neighbour discovery options (RFC 4861 4.6): type, length in units of 8 bytes; the
 * link-layer address options of Ethernet hold 6 bytes. */
static void nd_options(struct packet *p, struct cursor c)
{
    struct icmp_info *ic = &p->icmp;
    uint8_t type, units;
    while (cursor_u8(&c, &type) && cursor_u8(&c, &units) && units != 0) {
        size_t body = (size_t)units * 8 - 2;
        if ((type == ND_OPTION_SRC_LLADDR || type == ND_OPTION_TGT_LLADDR) && units == 1 &&
            cursor_left(&c) >= 6 && ic->nmacs < 4)
            ic->mac_off[ic->nmacs++] = cur_off(p, &c);
        if (!cursor_skip(&c, body))
            return;
    }
}

/* What the body after the 4-byte header holds that is not plain data: the quoted
 * datagram of an error, a redirect's gateway, ND's addresses and options. Read on a
 * copy of the cursor: the layer's own bookkeeping is unchanged. */
static void icmp_body(struct packet *p, struct cursor c)
{
    struct icmp_info *ic = &p->icmp;
    uint8_t t = ic->type;
    bool error = ic->v6 ? t >= ICMP6_TYPE_UNREACH && t <= ICMP6_TYPE_PARAM_PROBLEM
                        : t == ICMP_TYPE_UNREACH || t == ICMP_TYPE_SOURCE_QUENCH ||
                              t == ICMP_TYPE_REDIRECT || t == ICMP_TYPE_TIME_EXCEEDED ||
                              t == ICMP_TYPE_PARAM_PROBLEM;
    if (!ic->v6 && t == ICMP_TYPE_REDIRECT)
        icmp_addr(p, &c, 4);
    else if (error && !cursor_skip(&c, 4))
        return;
    if (error) {
        if (cursor_left(&c) > 0)
            ic->quote_off = cur_off(p, &c);
        return;
    }
    if (!ic->v6 || t < ICMP6_TYPE_ROUTER_SOLICIT || t > ICMP6_TYPE_REDIRECT)
        return;
    /* RS: 4 reserved bytes; RA: 12 bytes of parameters; NS, NA: 4 bytes, the target;
     * redirect: 4 bytes, the target, the destination. */
    if (!cursor_skip(&c, t == ICMP6_TYPE_ROUTER_ADVERT ? 12 : 4))
        return;
    if (t == ICMP6_TYPE_NEIGHBOR_SOLICIT || t == ICMP6_TYPE_NEIGHBOR_ADVERT ||
        t == ICMP6_TYPE_REDIRECT)
        icmp_addr(p, &c, 16);
    if (t == ICMP6_TYPE_REDIRECT)
        icmp_addr(p, &c, 16);
    nd_options(p, c);
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
    icmp_body(p, d->c);
    /* Decided here, once: every later stage reads ic->echo. */
    if (ic->type == (v6 ? ICMP6_TYPE_ECHO_REQUEST : ICMP_TYPE_ECHO_REQUEST))
        ic->echo = ICMP_ECHO_REQUEST;
    else if (ic->type == (v6 ? ICMP6_TYPE_ECHO_REPLY : ICMP_TYPE_ECHO_REPLY))
        ic->echo = ICMP_ECHO_REPLY;
    if (ic->echo != ICMP_NOT_ECHO) {
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
