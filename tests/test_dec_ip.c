/*
 * test_dec_ip.c: the network layer and the small transports: IPv4 (options, fragments,
 * impossible lengths), IPv6 and its extension headers, UDP, ICMP and ICMPv6, each also
 * cut at every length.
 */
#include "test_dec_common.h"

#include "icmp_track.h"

#include <pcap/dlt.h>

static void fix_ip4_checksum(uint8_t *ip)
{
    size_t hl = (size_t)(ip[0] & 15) * 4;
    put16(ip + 10, 0);
    put16(ip + 10, csum_fold(csum_add(0, ip, hl)));
}

static void test_ipv4_fields(void **state)
{
    (void)state;
    uint8_t buf[1514];
    size_t n = build_syn4(buf);
    buf[15] = 0xb9; /* DSCP 46 (EF), ECN 1 */
    fix_ip4_checksum(buf + 14);
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->ip4.status, LAYER_OK);
    assert_int_equal(p->ip4.version, 4);
    assert_int_equal(p->ip4.hdr_len, 20);
    assert_int_equal(p->ip4.dscp, 46);
    assert_int_equal(p->ip4.ecn, 1);
    assert_int_equal(p->ip4.total_len, 40);
    assert_int_equal(p->ip4.id, 0x2c7a);
    assert_true(p->ip4.df);
    assert_false(p->ip4.mf);
    assert_int_equal(p->ip4.ttl, 64);
    assert_int_equal(p->ip4.proto, 6);
    assert_false(p->ip4.is_fragment);
    assert_int_equal(p->l4_len, 20);
    every_length(DLT_EN10MB, buf, n);
}

static void test_ipv4_options(void **state)
{
    (void)state;
    uint8_t buf[1514], frame[1514];
    size_t n = build_syn4(frame);
    /* Insert 4 option bytes (NOP NOP NOP EOL) after the 20-byte header: IHL 6. */
    memcpy(buf, frame, 34);
    memcpy(buf + 34, (uint8_t[]){1, 1, 1, 0}, 4);
    memcpy(buf + 38, frame + 34, n - 34);
    n += 4;
    buf[14] = 0x46;
    put16(buf + 16, 44);
    fix_ip4_checksum(buf + 14);
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->ip4.status, LAYER_OK);
    assert_int_equal(p->ip4.hdr_len, 24);
    assert_int_equal(p->ip4.options_len, 4);
    assert_int_equal(p->ip4.options[0], 1);
    assert_int_equal(p->tcp.dport, 15213);
    assert_int_equal(csum_check_ip4(p, true).status, CSUM_CORRECT);
    every_length(DLT_EN10MB, buf, n);
}

static void test_ipv4_bogus_lengths(void **state)
{
    (void)state;
    uint8_t buf[1514];
    size_t n = build_syn4(buf);
    buf[14] = 0x44; /* IHL 4: 16 bytes */
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->ip4.status, LAYER_MALFORMED);
    assert_int_equal(p->ip4.hdr_len, 16);
    assert_int_equal(p->l4, L4_NONE);
    assert_string_equal(info_of(p), "Bogus IP header length (16, must be at least 20)");
    every_length_check(DLT_EN10MB, buf, n, false); /* the rest is claimed by no layer */

    n = build_syn4(buf);
    put16(buf + 16, 12); /* total length below the header's: Wireshark's Info, no marker */
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->ip4.status, LAYER_MALFORMED);
    assert_string_equal(p->ip4.problem, "Bogus IP length");
    assert_false(p->malformed);
    assert_int_equal(p->l4, L4_NONE);
    assert_string_equal(info_of(p), "Bogus IP length (12, less than header length 20)");
    every_length_check(DLT_EN10MB, buf, n, false); /* as for IHL 4: the rest is unclaimed */

    n = build_syn4(buf);
    put16(buf + 16, 200); /* more than the frame holds: noted, frame length used */
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_non_null(p->ip4.problem);
    assert_int_equal(p->tcp.status, LAYER_OK);
    assert_int_equal(p->tcp.payload_len, 0);
    every_length(DLT_EN10MB, buf, n);

    n = build_syn4(buf);
    buf[14] = 0x65; /* version 6 in an IPv4 EtherType */
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->ip4.status, LAYER_MALFORMED);
    assert_true(p->malformed);
}

static void test_ipv4_fragments(void **state)
{
    (void)state;
    uint8_t buf[1514];
    size_t n = build_syn4(buf);
    put16(buf + 18, 0x1234);
    put16(buf + 20, 0x2000); /* MF, offset 0 */
    fix_ip4_checksum(buf + 14);
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_true(p->ip4.is_fragment);
    assert_true(p->ip4.mf);
    assert_int_equal(p->l4, L4_NONE);
    assert_string_equal(fmt_protocol(p, (char[16]){0}), "IPv4");
    assert_string_equal(info_of(p), "Fragmented IP protocol (proto=TCP 6, off=0, ID=1234)");
    put16(buf + 20, 0x0003); /* last fragment at offset 24 */
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_true(p->ip4.is_fragment);
    assert_int_equal(p->ip4.frag_offset, 24);
    assert_string_equal(info_of(p), "Fragmented IP protocol (proto=TCP 6, off=24, ID=1234)");
    assert_int_equal(csum_check_tcp(p, true).status, CSUM_UNVERIFIED);
    every_length(DLT_EN10MB, buf, n);
}

/* Ethernet + IPv6 with the given extension headers, then a TCP SYN (20 bytes). */
static size_t ip6_frame(uint8_t *buf, uint8_t first_nh, const uint8_t *ext, size_t extlen)
{
    memset(buf, 0, 14);
    put16(buf + 12, 0x86dd);
    uint8_t *ip = buf + 14;
    put32(ip, 0x6abcdef0u); /* version 6, traffic class 0xab, flow 0xcdef0 */
    put16(ip + 4, (uint16_t)(extlen + 20));
    ip[6] = first_nh;
    ip[7] = 64;
    memset(ip + 8, 0, 32);
    ip[8] = 0xfe, ip[9] = 0x80, ip[23] = 1;
    ip[24] = 0xfe, ip[25] = 0x80, ip[39] = 2;
    memcpy(ip + 40, ext, extlen);
    uint8_t *t = ip + 40 + extlen;
    memset(t, 0, 20);
    put16(t, 40002);
    put16(t + 2, 15213);
    t[12] = 5 << 4;
    t[13] = TCP_SYN;
    put16(t + 14, 65535);
    return 14 + 40 + extlen + 20;
}

static void test_ipv6_extension_chain(void **state)
{
    (void)state;
    /* hop-by-hop (8, PadN) -> routing (8) -> destination options (16) -> TCP */
    static const uint8_t ext[] = {43, 0, 1, 4,  0, 0, 0, 0, 60, 0, 0, 0, 0, 0, 0, 0,
                                  6,  1, 1, 12, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0};
    uint8_t buf[1514];
    size_t n = ip6_frame(buf, 0, ext, sizeof ext);
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->ip6.status, LAYER_OK);
    assert_int_equal(p->ip6.tclass, 0xab);
    assert_true(p->ip6.flow == 0xcdef0);
    assert_int_equal(p->ip6.next, 3);
    assert_int_equal(p->ip6.ext[0].type, 0);
    assert_int_equal(p->ip6.ext[1].type, 43);
    assert_int_equal(p->ip6.ext[2].type, 60);
    assert_int_equal(p->ip6.ext[2].len, 16);
    assert_int_equal(p->ip6.proto, 6);
    assert_int_equal(p->ip6.hdrs_len, 72);
    assert_int_equal(p->l4, L4_TCP);
    assert_int_equal(p->tcp.dport, 15213);
    char a[46];
    fmt_ip6(a, p->ip6.src);
    assert_string_equal(a, "fe80::1");
    every_length(DLT_EN10MB, buf, n);
}

static void test_ipv6_fragment_and_overrun(void **state)
{
    (void)state;
    static const uint8_t frag[] = {6, 0, 0x01, 0x01, 0, 0, 0, 9}; /* offset 32, M, id 9 */
    uint8_t buf[1514];
    size_t n = ip6_frame(buf, 44, frag, sizeof frag);
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_true(p->ip6.is_fragment);
    assert_int_equal(p->ip6.ext[0].frag_offset, 256);
    assert_true(p->ip6.ext[0].mf);
    assert_true(p->ip6.ext[0].frag_id == 9);
    assert_int_equal(p->l4, L4_NONE);
    assert_string_equal(info_of(p), "IPv6 fragment (off=256 more=y ident=0x00000009 nxt=6)");
    every_length(DLT_EN10MB, buf, n);
    /* A hop-by-hop header claiming 2048 bytes in a 28-byte payload. */
    static const uint8_t big[] = {6, 255, 1, 4, 0, 0, 0, 0};
    n = ip6_frame(buf, 0, big, sizeof big);
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->ip6.status, LAYER_MALFORMED);
    assert_true(p->malformed);
    every_length(DLT_EN10MB, buf, n);
}

static void test_udp(void **state)
{
    (void)state;
    uint8_t buf[1514];
    size_t n = build_syn4(buf);
    buf[23] = 17;
    uint8_t *u = buf + 34;
    put16(u, 40100);
    put16(u + 2, 40101);
    put16(u + 4, 13);
    put16(u + 6, 0);
    memcpy(u + 8, "hello", 5);
    n = 34 + 13;
    put16(buf + 16, 33);
    fix_ip4_checksum(buf + 14);
    struct packet *p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->l4, L4_UDP);
    assert_int_equal(p->udp.status, LAYER_OK);
    assert_string_equal(info_of(p), "40100 > 40101 Len=5");
    assert_int_equal(csum_check_udp(p, true).status, CSUM_ZERO);
    every_length(DLT_EN10MB, buf, n);
    put16(u + 4, 4); /* shorter than its own header */
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->udp.status, LAYER_MALFORMED);
    put16(u + 4, 99); /* longer than the IP payload */
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->udp.status, LAYER_MALFORMED);
}

static void test_icmp_and_icmpv6(void **state)
{
    (void)state;
    uint8_t buf[1514];
    build_syn4(buf);
    buf[23] = 1;
    uint8_t *ic = buf + 34;
    memcpy(ic, (uint8_t[]){8, 0, 0, 0, 0, 1, 0, 1, 'a', 'b'}, 10);
    put16(buf + 16, 30);
    struct packet *p = decode_whole(DLT_EN10MB, buf, 44);
    assert_int_equal(p->l4, L4_ICMP);
    assert_string_equal(info_of(p), "Echo (ping) request  id=0x0001, seq=1/256, ttl=64");
    ic[0] = 0;
    p = decode_whole(DLT_EN10MB, buf, 44);
    assert_string_equal(info_of(p), "Echo (ping) reply    id=0x0001, seq=1/256, ttl=64");
    every_length(DLT_EN10MB, buf, 44);
    ic[0] = 3, ic[1] = 3;
    p = decode_whole(DLT_EN10MB, buf, 44);
    assert_string_equal(info_of(p), "Destination unreachable (Port unreachable)");

    static const uint8_t none[1] = {0};
    size_t n = ip6_frame(buf, 58, none, 0);
    memcpy(buf + 54, (uint8_t[]){128, 0, 0, 0, 0, 1, 0, 1}, 8);
    p = decode_whole(DLT_EN10MB, buf, n);
    assert_int_equal(p->l4, L4_ICMPV6);
    assert_string_equal(fmt_protocol(p, (char[16]){0}), "ICMPv6");
    assert_string_equal(info_of(p), "Echo (ping) request id=0x0001, seq=1, hop limit=64");
    every_length(DLT_EN10MB, buf, n);
}

/* A reply names its request, as tshark's single pass does: "(request in 1)", when its
 * checksum shows it carries the request's data back. */
static void test_echo_pairing(void **state)
{
    (void)state;
    static struct icmp_track t; /* 1024 slots: static, not on the stack */
    memset(&t, 0, sizeof t);
    uint8_t req[1514], rep[1514];
    build_syn4(req);
    req[23] = 1;
    put16(req + 16, 28);
    memcpy(req + 34, (uint8_t[]){8, 0, 0, 0, 0x12, 0x34, 0, 7}, 8);
    put16(req + 36, csum_fold(csum_add(0, req + 34, 8)));
    memcpy(rep, req, 42);
    memcpy(rep + 26, req + 30, 4); /* swap the addresses */
    memcpy(rep + 30, req + 26, 4);
    rep[34] = 0;
    put16(rep + 36, 0);
    put16(rep + 36, csum_fold(csum_add(0, rep + 34, 8)));
    struct packet *p = decode_whole(DLT_EN10MB, rep, 42);
    icmp_track(&t, p); /* a reply before any request: nothing to name */
    assert_true(p->icmp.request_in == 0);
    p = decode_whole(DLT_EN10MB, req, 42);
    p->frame.number = 5;
    icmp_track(&t, p);
    p = decode_whole(DLT_EN10MB, rep, 42);
    p->frame.number = 6;
    icmp_track(&t, p);
    assert_true(p->icmp.request_in == 5);
    assert_string_equal(info_of(p),
                        "Echo (ping) reply    id=0x1234, seq=7/1792, ttl=64 (request in 5)");
    rep[37] ^= 1; /* a wrong checksum: Wireshark does not pair it, nor do we */
    p = decode_whole(DLT_EN10MB, rep, 42);
    p->frame.number = 7;
    icmp_track(&t, p);
    assert_true(p->icmp.request_in == 0);
    rep[37] ^= 1;
    rep[41] = 8; /* another sequence number: no match */
    p = decode_whole(DLT_EN10MB, rep, 42);
    p->frame.number = 7;
    icmp_track(&t, p);
    assert_true(p->icmp.request_in == 0);
}

UNIT_MAIN(cmocka_unit_test(test_ipv4_fields), cmocka_unit_test(test_ipv4_options),
          cmocka_unit_test(test_ipv4_bogus_lengths), cmocka_unit_test(test_ipv4_fragments),
          cmocka_unit_test(test_ipv6_extension_chain),
          cmocka_unit_test(test_ipv6_fragment_and_overrun), cmocka_unit_test(test_udp),
          cmocka_unit_test(test_icmp_and_icmpv6), cmocka_unit_test(test_echo_pairing))
