/*
 * redact.c: zeroing transport payloads in captured frames (see redact.h).
 *
 * Offsets come from what the decoders recorded (p->l4_off, the transport header
 * length); every range is clipped to the captured length before a byte is touched.
 * The checksum is updated incrementally rather than recomputed, which keeps working
 * when the capture holds only part of the segment (snap length) and keeps a checksum
 * that was wrong before (offloaded, or really corrupt) exactly as wrong after.
 */
#include "redact.h"

#include "anon_int.h"

#include <string.h>

void rfc1624_update(uint8_t field[2], const uint8_t *old_bytes, const uint8_t *new_bytes,
                    size_t len)
{
    uint32_t sum = (uint16_t) ~((uint32_t)field[0] << 8 | field[1]);
    for (size_t i = 0; i < len; i += 2) {
        uint32_t m = (uint32_t)old_bytes[i] << 8 | (i + 1 < len ? old_bytes[i + 1] : 0);
        uint32_t m2 = 0;
        if (new_bytes)
            m2 = (uint32_t)new_bytes[i] << 8 | (i + 1 < len ? new_bytes[i + 1] : 0);
        sum += (uint16_t)~m + m2;
        sum = (sum & 0xffffu) + (sum >> 16);
    }
    while (sum > 0xffffu)
        sum = (sum & 0xffffu) + (sum >> 16);
    uint16_t hc = (uint16_t)~sum;
    field[0] = (uint8_t)(hc >> 8);
    field[1] = (uint8_t)hc;
}

static bool is_fragment(const struct packet *p)
{
    if (p->net == NET_IPV4)
        return p->ip4.is_fragment;
    if (p->net == NET_IPV6)
        return p->ip6.is_fragment;
    return false;
}

/* The transport payload on the wire: its offset and length, before clipping. */
static bool payload_span(const struct packet *p, uint32_t *off, uint32_t *len)
{
    if (p->net != NET_IPV4 && p->net != NET_IPV6)
        return false;
    if (p->l4_off == 0 || p->l4_len == 0)
        return false;
    uint32_t hdr;
    if (is_fragment(p) || p->l4 == L4_OTHER) {
        /* A fragment holds no complete transport header, and in a transport we do not
         * decode nothing is known to be one: all of it is data. */
        hdr = 0;
    } else if (p->l4 == L4_TCP) {
        if (p->tcp.status == LAYER_ABSENT)
            return false;
        /* A malformed data offset (< 20 or past the segment): keep the fixed header. */
        hdr = p->tcp.hdr_len >= 20 && p->tcp.hdr_len <= p->l4_len ? p->tcp.hdr_len : 20;
    } else if (p->l4 == L4_UDP) {
        if (p->udp.status == LAYER_ABSENT)
            return false;
        hdr = 8;
    } else {
        return false; /* ICMP, ICMPv6, none */
    }
    if (p->l4_len <= hdr)
        return false;
    *off = p->l4_off + hdr;
    *len = p->l4_len - hdr;
    return true;
}

/* Cuts [off, off + *len) to the captured bytes; false when nothing of it was captured. */
static bool clip(uint32_t caplen, uint32_t off, uint32_t *len)
{
    if (off >= caplen) {
        *len = 0;
        return false;
    }
    if (*len > caplen - off)
        *len = caplen - off;
    return *len > 0;
}

bool redact_range(const struct packet *p, uint32_t *off, uint32_t *len)
{
    uint32_t o, l;
    if (!payload_span(p, &o, &l) || !clip(p->frame.caplen, o, &l)) {
        *off = *len = 0;
        return false;
    }
    *off = o;
    *len = l;
    return true;
}

void redact_frame(uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    uint32_t off, len;
    if (frame == NULL || !payload_span(p, &off, &len) || !clip(caplen, off, &len))
        return;
    /* The checksum field, when it is there to update: TCP at 16, UDP at 6. UDP over
     * IPv4 with checksum 0 carries none (RFC 768) and keeps it. A fragment's checksum
     * covers the whole datagram, which no single frame holds: left alone. */
    uint8_t *field = NULL;
    if (!is_fragment(p)) {
        uint32_t at = p->l4 == L4_TCP ? 16 : p->l4 == L4_UDP ? 6 : UINT32_MAX;
        if (at != UINT32_MAX && p->l4_off + at + 2 <= caplen && p->l4_off + at + 2 <= off)
            field = frame + p->l4_off + at;
        if (field && p->l4 == L4_UDP && p->net == NET_IPV4 && field[0] == 0 && field[1] == 0)
            field = NULL;
    }
    if (field) {
        rfc1624_update(field, frame + off, NULL, len);
        /* In ones' complement 0x0000 and 0xffff are the same; UDP sends 0xffff because
         * 0 means "no checksum". */
        if (p->l4 == L4_UDP && field[0] == 0 && field[1] == 0)
            field[0] = field[1] = 0xff;
    }
    /* A tunnel's outer UDP and GRE checksums cover the payload too. */
    uint8_t good = anon_tunnel_checked(frame, caplen, p);
    memset(frame + off, 0, len);
    anon_tunnel_checksums(frame, caplen, p, good);
}
