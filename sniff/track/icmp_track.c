/*
 * icmp_track.c: echo request/reply pairing (see icmp_track.h). A reply from B to A
 * matches the request from A to B with the same identifier and sequence number, seen
 * earlier in the capture (RFC 792, RFC 4443 4.2).
 */
#include "icmp_track.h"

#include <string.h>

/* Ones' complement addition (RFC 1071), with 0xffff and 0 taken as the same zero. */
static uint16_t ones_add(uint16_t a, uint16_t b)
{
    uint32_t s = (uint32_t)a + b;
    s = (s & 0xffffu) + (s >> 16);
    return s == 0xffffu ? 0 : (uint16_t)s;
}

/* The checksum the request had, given the reply's: only the type differs (8 -> 0 moves
 * the sum by 0x0800; ICMPv6 128 -> 129 by 0x0100 the other way), so the request's is
 * the reply's plus -0x0800 (that is, + 0xf7ff), or plus 0x0100. */
static uint16_t request_cksum(uint16_t reply_cksum, bool v6)
{
    return ones_add(reply_cksum, v6 ? 0x0100 : 0xf7ff);
}

static uint32_t slot_of(const struct icmp_track *t, const uint8_t *a, const uint8_t *b, uint16_t id,
                        uint16_t seq)
{
    uint8_t k[36];
    memcpy(k, a, 16);
    memcpy(k + 16, b, 16);
    k[32] = (uint8_t)(id >> 8);
    k[33] = (uint8_t)id;
    k[34] = (uint8_t)(seq >> 8);
    k[35] = (uint8_t)seq;
    return (uint32_t)(siphash13(&t->key, k, sizeof k) % ICMP_TRACK_SLOTS);
}

void icmp_track_init(struct icmp_track *t, const struct sip_key *key)
{
    memset(t, 0, sizeof *t);
    t->key = *key;
}

void icmp_track(struct icmp_track *t, struct packet *p)
{
    const struct icmp_info *ic = &p->icmp;
    if ((p->l4 != L4_ICMP && p->l4 != L4_ICMPV6) || ic->status != LAYER_OK)
        return;
    bool request = ic->echo == ICMP_ECHO_REQUEST;
    bool reply = ic->echo == ICMP_ECHO_REPLY;
    if (!request && !reply)
        return;
    uint8_t src[16] = {0}, dst[16] = {0};
    if (p->net == NET_IPV4) {
        memcpy(src, p->ip4.src, 4);
        memcpy(dst, p->ip4.dst, 4);
    } else {
        memcpy(src, p->ip6.src, 16);
        memcpy(dst, p->ip6.dst, 16);
    }
    if (request) {
        struct icmp_req *r = &t->slot[slot_of(t, src, dst, ic->id, ic->seq)];
        r->used = true;
        r->v6 = ic->v6;
        memcpy(r->src, src, 16);
        memcpy(r->dst, dst, 16);
        r->id = ic->id;
        r->seq = ic->seq;
        r->cksum = ones_add(ic->checksum, 0);
        r->frame = p->frame.number;
        return;
    }
    const struct icmp_req *r = &t->slot[slot_of(t, dst, src, ic->id, ic->seq)];
    if (r->used && r->v6 == ic->v6 && r->id == ic->id && r->seq == ic->seq &&
        memcmp(r->src, dst, 16) == 0 && memcmp(r->dst, src, 16) == 0 &&
        r->cksum == request_cksum(ic->checksum, ic->v6) && r->frame < p->frame.number)
        p->icmp.request_in = r->frame;
}
