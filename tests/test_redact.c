/*
 * test_redact.c: --redact. The lecture's frame 1799 ("here is a message") loses its
 * text and keeps every header byte and length; the TCP/UDP checksum is still correct
 * by an independent computation (privacy_frames.h); the byte range the hex printer masks
 * is exactly what was zeroed; at every capture length nothing outside the captured
 * bytes is touched; and what is not TCP/UDP payload is left alone.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "privacy_frames.h"
#include "redact.h"

static const char msg[] = "here is a message\n";

static bool all_zero(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* Redacts a copy of f: the payload [off, len) is zero, the headers are unchanged but
 * for the checksum at field_at, and the checksum verifies. */
static void check_redacted(const uint8_t *f, uint32_t len, uint32_t off, uint8_t proto,
                           uint32_t field_at)
{
    uint8_t g[256];
    struct packet p;
    memcpy(g, f, len);
    pf_decode(&p, g, len, len);
    uint32_t roff, rlen;
    assert_true(redact_range(&p, &roff, &rlen));
    assert_int_equal(roff, off);
    assert_int_equal(rlen, len - off);
    redact_frame(g, len, &p);
    assert_true(all_zero(g + off, len - off));
    assert_memory_equal(g, f, field_at);
    assert_memory_equal(g + field_at + 2, f + field_at + 2, off - field_at - 2);
    const uint8_t *ip = g + 14;
    uint32_t seg = 14 + (ip[0] >> 4 == 4 ? 20 : 40);
    assert_int_equal(pf_l4_verify(ip, g + seg, len - seg, proto), 0);
    if (ip[0] >> 4 == 4)
        assert_int_equal(pf_ip4_verify(ip), 0);
    /* Decoded again, it is the same conversation: same lengths, same sequence. */
    struct packet q;
    pf_decode(&q, g, len, len);
    assert_int_equal(q.l4, p.l4);
    assert_int_equal(q.l4_len, p.l4_len);
    if (p.l4 == L4_TCP) {
        assert_int_equal(q.tcp.seq, p.tcp.seq);
        assert_int_equal(q.tcp.payload_len, p.tcp.payload_len);
    }
}

static void test_lecture_frame(void **state)
{
    (void)state;
    uint8_t f[256];
    uint32_t len = pf_frame(f, false, PF_TCP, msg);
    assert_int_equal(len, 72);
    /* The payload is readable text before: the point of the lecture's slide. */
    assert_memory_equal(f + 54, "here is a message\n", 18);
    check_redacted(f, len, 54, 6, 14 + 20 + 16);

    len = pf_frame(f, true, PF_TCP, msg);
    check_redacted(f, len, 14 + 40 + 20, 6, 14 + 40 + 16);
    len = pf_frame(f, false, PF_UDP, "odd length");
    check_redacted(f, len, 14 + 20 + 8, 17, 14 + 20 + 6);
    len = pf_frame(f, true, PF_UDP, "odd!!");
    check_redacted(f, len, 14 + 40 + 8, 17, 14 + 40 + 6);
}

/* A checksum that was wrong stays wrong by the same amount (offloaded checksums on
 * a sending host's capture are "wrong" this way). */
static void test_wrong_checksum_stays_wrong(void **state)
{
    (void)state;
    uint8_t f[256];
    uint32_t len = pf_frame(f, false, PF_TCP, msg);
    uint8_t *field = f + 14 + 20 + 16;
    pf_put16(field, pf_get16(field) ^ 0x0100);
    uint16_t before = pf_l4_verify(f + 14, f + 34, len - 34, 6);
    assert_int_not_equal(before, 0);
    struct packet p;
    pf_decode(&p, f, len, len);
    redact_frame(f, len, &p);
    assert_int_equal(pf_l4_verify(f + 14, f + 34, len - 34, 6), before);
}

/* UDP over IPv4: a zero checksum means "none" and stays zero; a result of zero is sent
 * as 0xffff (RFC 768). */
static void test_udp_zero(void **state)
{
    (void)state;
    uint8_t f[256];
    struct packet p;
    uint32_t len = pf_frame(f, false, PF_UDP, "secret");
    uint8_t *udp = f + 34;
    pf_put16(udp + 6, 0);
    pf_decode(&p, f, len, len);
    redact_frame(f, len, &p);
    assert_int_equal(pf_get16(udp + 6), 0);
    assert_true(all_zero(udp + 8, 6));

    /* Choose the source port so that the redacted datagram sums to 0xffff: its computed
     * checksum is then 0, which must go on the wire as 0xffff. */
    len = pf_frame(f, false, PF_UDP, "secret");
    pf_put16(udp, 0);
    pf_put16(udp + 6, 0);
    uint8_t z[6] = {0};
    memcpy(udp + 8, z, 6);
    uint16_t c = pf_l4_verify(f + 14, udp, len - 34, 17); /* ~sum with port 0 */
    pf_put16(udp, c);                                     /* now the sum is 0xffff */
    memcpy(udp + 8, "secret", 6);
    pf_l4_fill(f + 14, udp, len - 34, 17, 6);
    pf_decode(&p, f, len, len);
    redact_frame(f, len, &p);
    assert_int_equal(pf_get16(udp + 6), 0xffff);
    assert_int_equal(pf_l4_verify(f + 14, udp, len - 34, 17), 0);
}

/* Every capture length, in a buffer of exactly that size (ASan sees any overrun). */
static void test_truncated(void **state)
{
    (void)state;
    for (int v6 = 0; v6 <= 1; v6++) {
        uint8_t f[256];
        uint32_t len = pf_frame(f, v6, PF_TCP, msg);
        uint32_t pay = len - 18;
        for (uint32_t cap = 0; cap <= len; cap++) {
            uint8_t *g = malloc(cap ? cap : 1);
            assert_non_null(g);
            memcpy(g, f, cap);
            struct packet p;
            pf_decode(&p, g, cap, len);
            uint32_t off, rlen;
            bool any = redact_range(&p, &off, &rlen);
            assert_int_equal(any, cap > pay);
            if (any) {
                assert_int_equal(off, pay);
                assert_int_equal(rlen, cap - pay);
            }
            redact_frame(g, cap, &p);
            for (uint32_t i = 0; i < cap; i++) {
                if (i >= pay)
                    assert_int_equal(g[i], 0);
                else if (i < pay - 4 || i >= pay - 2) /* all but the checksum */
                    assert_int_equal(g[i], f[i]);
            }
            free(g);
        }
    }
}

static void test_left_alone(void **state)
{
    (void)state;
    uint8_t f[256], g[256];
    struct packet p;
    uint32_t off = 1, rlen = 1;
    /* ICMPv6 echo data is kept. */
    uint32_t len = pf_frame(f, true, PF_ICMP6, "ping data");
    memcpy(g, f, len);
    pf_decode(&p, g, len, len);
    assert_false(redact_range(&p, &off, &rlen));
    assert_int_equal(off, 0);
    assert_int_equal(rlen, 0);
    redact_frame(g, len, &p);
    assert_memory_equal(g, f, len);
    /* A TCP segment without payload (the handshake): nothing to do. */
    len = pf_frame(f, false, PF_TCP, "");
    memcpy(g, f, len);
    pf_decode(&p, g, len, len);
    assert_false(redact_range(&p, &off, &rlen));
    redact_frame(g, len, &p);
    assert_memory_equal(g, f, len);
    /* ARP: no payload. */
    static const uint8_t arp[42] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x06,
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6,
        128,  237,  252,  163,  0,    0,    0,    0,    0,    0,    128,  2,    220,  10};
    memcpy(g, arp, sizeof arp);
    pf_decode(&p, g, sizeof arp, sizeof arp);
    assert_false(redact_range(&p, &off, &rlen));
    redact_frame(g, sizeof arp, &p);
    assert_memory_equal(g, arp, sizeof arp);
}

/* A later IPv4 fragment carries only data: all of it is zeroed, no checksum touched. */
static void test_fragment(void **state)
{
    (void)state;
    uint8_t f[256];
    uint32_t len = pf_frame(f, false, PF_UDP, "fragment body!!!");
    uint8_t *ip = f + 14;
    pf_put16(ip + 6, 0x2000 | 3); /* MF, offset 24 bytes */
    pf_put16(ip + 10, 0);
    pf_put16(ip + 10, pf_ip4_verify(ip));
    uint8_t orig_ip[20];
    memcpy(orig_ip, ip, 20);
    struct packet p;
    pf_decode(&p, f, len, len);
    uint32_t off, rlen;
    assert_true(redact_range(&p, &off, &rlen));
    assert_int_equal(off, 34);
    assert_int_equal(rlen, len - 34);
    redact_frame(f, len, &p);
    assert_true(all_zero(f + 34, len - 34));
    assert_memory_equal(ip, orig_ip, 20);
}

UNIT_MAIN(cmocka_unit_test(test_lecture_frame), cmocka_unit_test(test_wrong_checksum_stays_wrong),
          cmocka_unit_test(test_udp_zero), cmocka_unit_test(test_truncated),
          cmocka_unit_test(test_left_alone), cmocka_unit_test(test_fragment))
