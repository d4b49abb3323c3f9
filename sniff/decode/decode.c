/*
 * decode.c: the decoder's entry point and the bookkeeping every layer shares (see
 * decode.h). decode_packet() resets the packet, lets the link layer dispatch upward, and
 * leaves p->truncated / p->malformed saying what the formatters must mark.
 */
#include "decode.h"

#include "proto.h"

#include <stddef.h>
#include <string.h>

enum layer_status dec_short(const struct dcur *d, uint32_t need)
{
    /* Present on the wire but not captured: the snapshot length cut it. */
    return d->wire >= need ? LAYER_TRUNCATED : LAYER_MALFORMED;
}

void dec_note(struct packet *p, enum layer_status st, const char *layer)
{
    if (st == LAYER_TRUNCATED) {
        p->truncated = true;
    } else if (st == LAYER_MALFORMED) {
        if (!p->malformed)
            p->malformed_layer = layer;
        p->malformed = true;
    }
}

uint32_t dec_offset(const struct packet *p, const struct dcur *d)
{
    return (uint32_t)(d->c.p - p->frame.data);
}

const struct dec_next *dec_find(const struct dec_next *t, size_t n, unsigned key)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].key == key)
            return &t[i];
    return NULL;
}

void dec_fragment(struct packet *p, struct dcur *d, const char *layer)
{
    p->l4 = L4_NONE;
    p->l4_off = dec_offset(p, d);
    p->l4_len = d->wire;
    /* Shown as data: a snapshot that cut it is not marked, as Wireshark's data
     * dissector reads only what was captured. */
    (void)layer;
}

bool dec_first_fragment(struct packet *p, uint8_t proto, uint32_t frag_offset, struct dcur *d)
{
    /* Wireshark reassembles a datagram whose fragments were captured in full; of one
     * the snapshot cut, it decodes the first fragment's payload as what it is, telling
     * the transport that it is a fragment (pinfo->fragmented). For TCP that means the
     * header without the sequence analysis. */
    if (frag_offset != 0 || proto != IP_PROTO_TCP || cursor_left(&d->c) >= d->wire)
        return false;
    p->tcp.fragmented = true;
    dec_transport(p, proto, d);
    return true;
}

void dec_advance(struct dcur *d, uint32_t n)
{
    size_t have = cursor_left(&d->c);
    d->c.p += n < have ? n : have;
    d->wire = n < d->wire ? d->wire - n : 0;
}

void dec_took(struct dcur *d, uint32_t n)
{
    d->wire = n < d->wire ? d->wire - n : 0;
}

void dec_limit(struct dcur *d, uint32_t n)
{
    if (n < d->wire)
        d->wire = n;
    if (n < cursor_left(&d->c))
        d->c.end = d->c.p + n;
}

/* Zeroes the packet but for what is written before it is read: the frame (copied in
 * next), the IPv6 extension headers and the TCP options (each written as it is counted,
 * in ip6.next and tcp.nopts, and nothing reads past those counts) and the tunnel
 * headers (reset as they are used: most packets have none). Half of the 2 KiB left to
 * clear are the TCP option slots. */
static void packet_reset(struct packet *p)
{
    char *b = (char *)p;
    const size_t frame_end = sizeof p->frame, ext = offsetof(struct packet, ip6.ext),
                 ext_end = ext + sizeof p->ip6.ext, opts = offsetof(struct packet, tcp.opts),
                 opts_end = opts + sizeof p->tcp.opts, end = offsetof(struct packet, encap);
    _Static_assert(offsetof(struct packet, frame) == 0 &&
                       offsetof(struct packet, ip6) < offsetof(struct packet, tcp) &&
                       offsetof(struct packet, tcp) < offsetof(struct packet, encap),
                   "packet_reset's ranges follow struct packet's order");
    memset(b + frame_end, 0, ext - frame_end);
    memset(b + ext_end, 0, opts - ext_end);
    memset(b + opts_end, 0, end - opts_end);
}

void decode_packet(struct packet *p, const struct frame_info *frame)
{
    packet_reset(p);
    p->frame = *frame;
    uint32_t caplen = frame->caplen;
    /* A capture file may claim more captured than on the wire; trust the smaller. */
    uint32_t wire = frame->len > caplen ? frame->len : caplen;
    struct dcur d = {cursor_make(frame->data, caplen), wire};
    dec_link(p, &d);
}
