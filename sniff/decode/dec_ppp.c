/*
 * dec_ppp.c: PPP as capture files frame it, and Cisco HDLC.
 *
 *   DLT_PPP (9) and DLT_PPP_SERIAL (50): a PPP frame (RFC 1661), with the HDLC-like
 *   address and control bytes 0xff 0x03 (RFC 1662 3.1) or without them, its protocol
 *   field two bytes or, compressed, one (an odd first byte, RFC 1661 6.5). A frame that
 *   starts with Cisco HDLC's address (0x0f or 0x8f) is Cisco HDLC, as routers write both
 *   under these link types and Wireshark reads them so.
 *   DLT_C_HDLC (104): Cisco HDLC: address, control, then an EtherType.
 *
 * IPv4 and IPv6 go on to the network layer. The control protocols (LCP, IPCP, IPV6CP,
 * CCP, MPLSCP: RFC 1661 5) have their code, identifier and length read for the list;
 * anything else is shown as data under its protocol number.
 */
#include "decode.h"
#include "proto.h"

/* The PPP protocols that are PPP's option negotiation (RFC 1661 5), by one packet
 * format: code, identifier, length. */
static bool control_protocol(uint16_t proto)
{
    return proto == PPP_PROTO_LCP || proto == PPP_PROTO_IPCP || proto == PPP_PROTO_IPV6CP ||
           proto == PPP_PROTO_CCP || proto == PPP_PROTO_MPLSCP;
}

/* The header is read: hand what follows to the network layer, or read a control
 * packet's code. */
static void ppp_payload(struct packet *p, struct dcur *d)
{
    struct ppp_hdr *h = &p->link.u.ppp;
    p->link.status = LAYER_OK;
    if (h->chdlc) {
        p->link.ethertype = h->protocol;
    } else if (h->protocol == PPP_PROTO_IP) {
        p->link.ethertype = ETYPE_IPV4;
    } else if (h->protocol == PPP_PROTO_IPV6) {
        p->link.ethertype = ETYPE_IPV6;
    } else {
        p->net = NET_OTHER;
        p->net_off = dec_offset(p, d);
        struct cursor c = d->c;
        if (control_protocol(h->protocol) && cursor_u8(&c, &h->code) && cursor_u8(&c, &h->id) &&
            cursor_u16be(&c, &h->len))
            h->has_code = true;
        return;
    }
    if (h->chdlc && h->protocol != ETYPE_IPV4 && h->protocol != ETYPE_IPV6) {
        /* Cisco HDLC carries IP; its other protocols (SLARP, CDP) are shown as data. */
        p->net = NET_OTHER;
        p->net_off = dec_offset(p, d);
        return;
    }
    dec_ethertype(p, p->link.ethertype, d);
}

/* Cisco HDLC: address (0x0f unicast, 0x8f multicast), control, EtherType. */
static void chdlc_header(struct packet *p, struct dcur *d)
{
    struct ppp_hdr *h = &p->link.u.ppp;
    h->chdlc = true;
    h->has_ac = true;
    if (!cursor_u8(&d->c, &h->address) || !cursor_u8(&d->c, &h->control) ||
        !cursor_u16be(&d->c, &h->protocol)) {
        dec_link_short(p, d, 4);
        return;
    }
    h->proto_len = 2;
    dec_took(d, 4);
    p->link.hdr_len = 4;
    ppp_payload(p, d);
}

void dec_chdlc(struct packet *p, struct dcur *d)
{
    chdlc_header(p, d);
}

void dec_ppp(struct packet *p, struct dcur *d)
{
    struct ppp_hdr *h = &p->link.u.ppp;
    struct cursor peek = d->c;
    uint8_t b0 = 0, b1 = 0;
    if (!cursor_u8(&peek, &b0)) {
        dec_link_short(p, d, 1);
        return;
    }
    if (b0 == CHDLC_UNICAST || b0 == CHDLC_MULTICAST) {
        chdlc_header(p, d);
        return;
    }
    uint32_t n = 0;
    if (b0 == PPP_ADDRESS && cursor_u8(&peek, &b1) && b1 == PPP_CONTROL) {
        h->has_ac = true;
        h->address = b0;
        h->control = b1;
        n = 2;
        dec_advance(d, 2);
    }
    /* RFC 1661 6.5: a protocol whose first byte is odd was compressed to that byte. */
    uint8_t first;
    if (!cursor_u8(&d->c, &first)) {
        dec_link_short(p, d, 2);
        return;
    }
    if (first & 1) {
        h->protocol = first;
        h->proto_len = 1;
    } else {
        uint8_t second;
        if (!cursor_u8(&d->c, &second)) {
            dec_link_short(p, d, 2);
            return;
        }
        h->protocol = (uint16_t)(first << 8 | second);
        h->proto_len = 2;
    }
    dec_took(d, h->proto_len);
    p->link.hdr_len = n + h->proto_len;
    ppp_payload(p, d);
}
