/*
 * test_dec_link.c: link-layer decoding (dec_link.c): Ethernet with 802.1Q and nested
 * 802.1ad tags (more than the model keeps, too), 802.3 length frames, Linux SLL and SLL2,
 * BSD NULL in either byte order, LOOP, raw IP, and ARP; each also cut at every length.
 */
#include "test_dec_common.h"

#include <pcap/dlt.h>

/* A minimal IPv4/TCP packet (20 + 20 bytes) to put behind each link header. */
static size_t ip_tcp(uint8_t *buf)
{
    uint8_t frame[1514];
    size_t n = build_syn4(frame);
    memcpy(buf, frame + 14, n - 14);
    return n - 14;
}

static void test_ethernet(void **state)
{
    (void)state;
    uint8_t buf[1514];
    size_t n = build_tcp4(buf, &(struct seg){.sport = 1, .dport = 2, .flags = TCP_SYN});
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->link.kind, LINK_ETHERNET);
    assert_int_equal(p->link.status, LAYER_OK);
    assert_int_equal(p->link.hdr_len, 14);
    assert_int_equal(p->link.ethertype, 0x0800);
    assert_int_equal(p->link.dst[0], 0x08);
    assert_int_equal(p->link.src[5], 0xe6);
    assert_int_equal(p->net, NET_IPV4);
    assert_int_equal(p->net_off, 14);
    assert_int_equal(p->l4_off, 34);
    every_length(DLT_EN10MB, buf, n);
}

/* Builds dst, src, then ntags tags (alternating 802.1ad and 802.1Q), then IPv4/TCP. */
static size_t vlan_frame(uint8_t *buf, int ntags)
{
    memset(buf, 0x11, 12);
    size_t off = 12;
    for (int i = 0; i < ntags; i++) {
        put16(buf + off, i % 2 == 0 ? 0x88a8 : 0x8100);
        put16(buf + off + 2, (uint16_t)(5 << 13 | 1 << 12 | (100 + i)));
        off += 4;
    }
    put16(buf + off, 0x0800);
    off += 2;
    return off + ip_tcp(buf + off);
}

static void test_vlan_nested(void **state)
{
    (void)state;
    uint8_t buf[1514];
    size_t n = vlan_frame(buf, 2);
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->link.nvlan, 2);
    assert_int_equal(p->link.vlan[0].tpid, 0x88a8);
    assert_int_equal(p->link.vlan[1].tpid, 0x8100);
    assert_int_equal(p->link.vlan[0].pcp, 5);
    assert_true(p->link.vlan[0].dei);
    assert_int_equal(p->link.vlan[1].vid, 101);
    assert_int_equal(p->link.hdr_len, 22);
    assert_int_equal(p->l4, L4_TCP);
    assert_int_equal(p->tcp.dport, 15213);
    every_length(DLT_EN10MB, buf, n);
    /* More tags than the model keeps: the rest are skipped, the packet still decodes. */
    n = vlan_frame(buf, PKT_MAX_VLAN + 3);
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->link.nvlan, PKT_MAX_VLAN);
    assert_int_equal(p->link.nvlan_more, 3);
    assert_int_equal(p->link.more_tpid,
                     PKT_MAX_VLAN % 2 == 0 ? 0x88a8 : 0x8100); /* see vlan_frame */
    assert_int_equal(p->link.hdr_len, 14 + 4 * (PKT_MAX_VLAN + 3));
    assert_int_equal(p->tcp.dport, 15213);
    every_length(DLT_EN10MB, buf, n);
}

static void test_8023_and_other_ethertypes(void **state)
{
    (void)state;
    uint8_t buf[64];
    memset(buf, 0, sizeof buf);
    put16(buf + 12, 46); /* a length, not a type: LLC follows */
    struct packet *p = decode_whole(DLT_EN10MB, buf, 60);
    assert_int_equal(p->net, NET_OTHER);
    assert_string_equal(fmt_protocol(p, (char[16]){0}), "LLC");
    put16(buf + 12, 0x88b5);
    p = decode_whole(DLT_EN10MB, buf, 60);
    char proto[16];
    assert_string_equal(fmt_protocol(p, proto), "0x88b5");
    assert_string_equal(info_of(p), "EtherType 0x88b5");
    put16(buf + 12, 0x88cc);
    p = decode_whole(DLT_EN10MB, buf, 60);
    assert_string_equal(fmt_protocol(p, proto), "LLDP");
}

static void test_sll_and_sll2(void **state)
{
    (void)state;
    uint8_t buf[1514];
    /* SLL: pkttype 4 (outgoing), ARPHRD_LOOPBACK 772, address length 6, address, type */
    memset(buf, 0, 16);
    put16(buf, 4);
    put16(buf + 2, 772);
    put16(buf + 4, 6);
    buf[6] = 0xaa;
    put16(buf + 14, 0x0800);
    size_t n = 16 + ip_tcp(buf + 16);
    struct packet *p = decode_whole(DLT_LINUX_SLL, buf, n);
    assert_int_equal(p->link.kind, LINK_SLL);
    assert_int_equal(p->link.pkttype, 4);
    assert_int_equal(p->link.hatype, 772);
    assert_int_equal(p->link.halen, 6);
    assert_int_equal(p->link.addr[0], 0xaa);
    assert_int_equal(p->l4, L4_TCP);
    every_length(DLT_LINUX_SLL, buf, n);
    /* SLL2: type, reserved, ifindex, hatype, pkttype, halen, address */
    memset(buf, 0, 20);
    put16(buf, 0x0800);
    put32(buf + 4, 7);
    put16(buf + 8, 1);
    buf[10] = 0;
    buf[11] = 6;
    n = 20 + ip_tcp(buf + 20);
    p = decode_whole(DLT_LINUX_SLL2, buf, n);
    assert_int_equal(p->link.kind, LINK_SLL2);
    assert_int_equal(p->link.ifindex, 7);
    assert_int_equal(p->link.hatype, 1);
    assert_int_equal(p->l4, L4_TCP);
    every_length(DLT_LINUX_SLL2, buf, n);
}

static void test_null_loop_raw(void **state)
{
    (void)state;
    uint8_t buf[1514];
    /* NULL, little-endian host: AF_INET = 2 */
    buf[0] = 2, buf[1] = 0, buf[2] = 0, buf[3] = 0;
    size_t n = 4 + ip_tcp(buf + 4);
    struct packet *p = decode_whole(DLT_NULL, buf, n);
    assert_int_equal(p->link.family, 2);
    assert_int_equal(p->net, NET_IPV4);
    every_length(DLT_NULL, buf, n);
    /* NULL written by a big-endian host */
    put32(buf, 2);
    p = decode_whole(DLT_NULL, buf, n);
    assert_int_equal(p->link.family, 2);
    assert_int_equal(p->net, NET_IPV4);
    /* macOS AF_INET6 = 30 is IPv6; an unknown family is "other" */
    buf[0] = 30, buf[1] = 0, buf[2] = 0, buf[3] = 0;
    p = decode_whole(DLT_NULL, buf, n);
    assert_int_equal(p->net, NET_IPV6);
    buf[0] = 99;
    p = decode_whole(DLT_NULL, buf, n);
    assert_int_equal(p->net, NET_OTHER);
    /* LOOP: network order */
    put32(buf, 2);
    p = decode_whole(DLT_LOOP, buf, n);
    assert_int_equal(p->link.kind, LINK_LOOP);
    assert_int_equal(p->net, NET_IPV4);
    every_length(DLT_LOOP, buf, n);
    /* raw IP */
    n = ip_tcp(buf);
    p = decode_whole(DLT_RAW, buf, n);
    assert_int_equal(p->link.hdr_len, 0);
    assert_int_equal(p->l4, L4_TCP);
    every_length(DLT_RAW, buf, n);
    every_length(DLT_IPV4, buf, n);
    every_length(DLT_IPV6, buf, n); /* IPv4 bytes where IPv6 is promised: malformed */
    assert_false(decode_linktype_supported(DLT_USER0));
    assert_true(decode_linktype_supported(DLT_LINUX_SLL2));
}

static void test_arp(void **state)
{
    (void)state;
    uint8_t buf[60];
    memset(buf, 0, sizeof buf);
    memset(buf, 0xff, 6);
    put16(buf + 12, 0x0806);
    uint8_t *a = buf + 14;
    put16(a, 1);
    put16(a + 2, 0x0800);
    a[4] = 6;
    a[5] = 4;
    put16(a + 6, 1);
    memcpy(a + 14, (uint8_t[]){10, 0, 0, 1}, 4);
    memcpy(a + 24, (uint8_t[]){10, 0, 0, 2}, 4);
    struct packet *p = decode_whole(DLT_EN10MB, buf, 60);
    assert_int_equal(p->net, NET_ARP);
    assert_int_equal(p->arp.status, LAYER_OK);
    assert_string_equal(info_of(p), "Who has 10.0.0.2? Tell 10.0.0.1");
    every_length(DLT_EN10MB, buf, 42);
    put16(a + 6, 2);
    memcpy(a + 8, (uint8_t[]){0, 0x16, 0xea, 0xe3, 0x54, 0xe6}, 6);
    p = decode_whole(DLT_EN10MB, buf, 60);
    assert_string_equal(info_of(p), "10.0.0.1 is at 00:16:ea:e3:54:e6");
}

/* Hostile input: for each link type, frames of random bytes and random mutations of a
 * good frame (a fixed-seed generator, so a failure repeats), each decoded at its full
 * length and at every cut. Nothing is asserted but survival: ASan and UBSan watch. */
static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static void test_random_bytes(void **state)
{
    (void)state;
    static const int dlts[] = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL,
                               DLT_LOOP,   DLT_RAW,       DLT_IPV4,       DLT_IPV6};
    uint32_t seed = 15213;
    uint8_t good[1514], buf[1514];
    size_t n = vlan_frame(good, 1);
    for (size_t k = 0; k < sizeof dlts / sizeof dlts[0]; k++) {
        for (int i = 0; i < 60; i++) {
            size_t len = 1 + lcg(&seed) % 120;
            for (size_t j = 0; j < len; j++)
                buf[j] = (uint8_t)lcg(&seed);
            /* Make the common paths likely: an IP version nibble, a known EtherType. */
            if (i % 2 == 0 && len > 20) {
                buf[0] = (uint8_t)((i % 4 == 0 ? 0x40 : 0x60) | (buf[0] & 15));
                put16(buf + 12, i % 3 == 0 ? 0x0800 : 0x86dd);
            }
            every_length_check(dlts[k], buf, len, false);
        }
        for (int i = 0; i < 40; i++) {
            memcpy(buf, good, n);
            for (int f = 0; f < 3; f++)
                buf[lcg(&seed) % n] ^= (uint8_t)(1u << (lcg(&seed) % 8));
            every_length_check(dlts[k], buf, n, false);
        }
    }
}

UNIT_MAIN(cmocka_unit_test(test_ethernet), cmocka_unit_test(test_vlan_nested),
          cmocka_unit_test(test_8023_and_other_ethertypes), cmocka_unit_test(test_sll_and_sll2),
          cmocka_unit_test(test_null_loop_raw), cmocka_unit_test(test_arp),
          cmocka_unit_test(test_random_bytes))
