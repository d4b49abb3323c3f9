/*
 * checksum.c: Internet checksums (RFC 1071) for IPv4 headers and TCP/UDP segments with
 * their pseudo-headers (see checksum.h). Only bytes inside the captured frame are read:
 * when the covered range was not captured in full the result is CSUM_UNVERIFIED.
 */
#include "checksum.h"

#include <stdio.h>

#include "proto.h"

uint32_t csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
    size_t i = 0;
    for (; i + 1 < len; i += 2)
        sum += (uint32_t)data[i] << 8 | data[i + 1];
    if (i < len)
        sum += (uint32_t)data[i] << 8; /* odd length: pad with a zero byte */
    /* Fold early so a long segment cannot overflow 32 bits. */
    while (sum > 0xffffu)
        sum = (sum & 0xffffu) + (sum >> 16);
    return sum;
}

uint16_t csum_fold(uint32_t sum)
{
    while (sum > 0xffffu)
        sum = (sum & 0xffffu) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Bytes [off, off + len) of the frame, or NULL when not all were captured. */
static const uint8_t *frame_range(const struct packet *p, uint32_t off, uint32_t len)
{
    if (p->frame.data == NULL || off > p->frame.caplen || len > p->frame.caplen - off)
        return NULL;
    return p->frame.data + off;
}

struct csum_result csum_check_ip4(const struct packet *p, bool verify)
{
    struct csum_result r = {CSUM_UNVERIFIED, p->ip4.checksum, 0};
    if (!verify || p->net != NET_IPV4 || p->ip4.hdr_len < 20)
        return r;
    const uint8_t *h = frame_range(p, p->net_off, p->ip4.hdr_len);
    if (h == NULL)
        return r;
    /* Sum the header with the checksum field taken as zero (RFC 791). */
    uint32_t sum = csum_add(0, h, 10);
    sum = csum_add(sum, h + 12, p->ip4.hdr_len - 12u);
    r.expect = csum_fold(sum);
    r.status = r.expect == r.field ? CSUM_CORRECT : CSUM_INCORRECT;
    return r;
}

/* The pseudo-header sum: addresses, protocol and upper-layer length (RFC 9293 3.1 for
 * IPv4, RFC 8200 8.1 for IPv6). */
static uint32_t pseudo_sum(const struct packet *p, uint8_t proto, uint32_t len)
{
    uint32_t sum = 0;
    if (p->net == NET_IPV4) {
        sum = csum_add(sum, p->ip4.src, 4);
        sum = csum_add(sum, p->ip4.dst, 4);
    } else {
        sum = csum_add(sum, p->ip6.src, 16);
        sum = csum_add(sum, p->ip6.dst, 16);
    }
    sum += proto;
    sum += len >> 16;
    sum += len & 0xffffu;
    return sum;
}

static bool l4_checkable(const struct packet *p)
{
    if (p->net == NET_IPV4)
        return p->ip4.status == LAYER_OK && !p->ip4.is_fragment;
    if (p->net == NET_IPV6)
        return p->ip6.status == LAYER_OK && !p->ip6.is_fragment;
    return false;
}

/* The checksum of the l4_len-byte segment at l4_off, its field at byte field_at. */
static struct csum_result check_l4(const struct packet *p, uint8_t proto, uint16_t field,
                                   size_t field_at, bool verify)
{
    struct csum_result r = {CSUM_UNVERIFIED, field, 0};
    if (!verify || !l4_checkable(p) || p->l4_len < field_at + 2)
        return r;
    const uint8_t *seg = frame_range(p, p->l4_off, p->l4_len);
    if (seg == NULL)
        return r;
    uint32_t sum = pseudo_sum(p, proto, p->l4_len);
    sum = csum_add(sum, seg, field_at);
    sum = csum_add(sum, seg + field_at + 2, p->l4_len - field_at - 2);
    r.expect = csum_fold(sum);
    r.status = r.expect == r.field ? CSUM_CORRECT : CSUM_INCORRECT;
    return r;
}

struct csum_result csum_check_tcp(const struct packet *p, bool verify)
{
    if (p->l4 != L4_TCP) {
        struct csum_result r = {CSUM_UNVERIFIED, 0, 0};
        return r;
    }
    return check_l4(p, IP_PROTO_TCP, p->tcp.checksum, 16, verify);
}

struct csum_result csum_check_udp(const struct packet *p, bool verify)
{
    struct csum_result r = {CSUM_UNVERIFIED, p->udp.checksum, 0};
    if (p->l4 != L4_UDP)
        return r;
    if (verify && p->net == NET_IPV4 && p->udp.checksum == 0) {
        r.status = CSUM_ZERO; /* RFC 768: zero means the sender computed none */
        return r;
    }
    r = check_l4(p, IP_PROTO_UDP, p->udp.checksum, 6, verify);
    /* A computed 0 is sent as 0xffff (RFC 768). */
    if (r.status == CSUM_INCORRECT && r.expect == 0x0000 && r.field == 0xffff)
        r.status = CSUM_CORRECT;
    if (r.status != CSUM_UNVERIFIED && r.expect == 0x0000)
        r.expect = 0xffff;
    return r;
}

struct csum_result csum_check_icmp(const struct packet *p)
{
    struct csum_result r = {CSUM_UNVERIFIED, p->icmp.checksum, 0};
    if ((p->l4 != L4_ICMP && p->l4 != L4_ICMPV6) || p->l4_len < 4)
        return r;
    const uint8_t *msg = frame_range(p, p->l4_off, p->l4_len);
    if (msg == NULL)
        return r;
    uint32_t sum = 0;
    if (p->icmp.v6) {
        /* RFC 4443 2.3: over the IPv6 pseudo-header too (RFC 8200 8.1). */
        if (p->net != NET_IPV6)
            return r;
        sum = pseudo_sum(p, IP_PROTO_ICMPV6, p->l4_len);
    }
    sum = csum_add(sum, msg, p->l4_len);
    if (csum_fold(sum) == 0) {
        r.status = CSUM_CORRECT;
        r.expect = r.field;
        return r;
    }
    /* What the field should have held: the sum less the field, in ones' complement
     * arithmetic (adding the field's complement). */
    uint8_t field[2] = {(uint8_t)(r.field >> 8), (uint8_t)r.field};
    sum += ~csum_add(0, field, 2) & 0xffffu;
    r.status = CSUM_INCORRECT;
    r.expect = csum_fold(sum);
    return r;
}

const char *csum_status_str(struct csum_result r, char *buf, size_t buflen)
{
    switch (r.status) {
    case CSUM_CORRECT:
        snprintf(buf, buflen, "[correct]");
        break;
    case CSUM_INCORRECT:
        snprintf(buf, buflen, "[incorrect, should be 0x%04x]", (unsigned)r.expect);
        break;
    case CSUM_ZERO:
        snprintf(buf, buflen, "[zero-value ignored]");
        break;
    case CSUM_UNVERIFIED:
    default:
        snprintf(buf, buflen, "[unverified]");
        break;
    }
    return buf;
}
