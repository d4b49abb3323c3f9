/*
 * test_dfilter.c: unit tests for the display-filter matcher (sniff/filter/dfilter.c): which
 * packets each expression matches, field by field, and the language beyond comparisons.
 * What the compiler refuses is test_dfilter_errors.c's.
 *
 * Packets are built by hand as struct packet (dfilter_packets.c), so these tests do not
 * depend on the decoders; the expected verdicts were checked against tshark 4.0 -Y on
 * the same traffic (see the comments on the Wireshark-specific cases).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "dfilter_packets.h"

struct verdict {
    const char *expr;
    bool data, syn, udp; /* expected on echo_data(), syn6(), udp4() */
};

/* Each expression on echo_data(), syn6() and udp4(), checked against tshark 4.0 -Y. */
static const struct verdict verdict_cases[] = {
    {"tcp.port eq 15213", true, false, false},
    {"tcp.port == 15213", true, false, false},
    {"tcp.port==15213", true, false, false},
    {"tcp.port == 0x3b6d", true, false, false}, /* hex */
    {"tcp.port == 035555", true, false, false}, /* octal, as Wireshark's strtoul */
    {"tcp.port == 55306", true, false, false},  /* either port */
    {"tcp.srcport == 55306", true, false, false},
    {"tcp.dstport == 55306", false, false, false},
    {"tcp.port != 15213", false, true, false}, /* absent field: false, not true */
    {"tcp.port ne 22", true, false, false},
    {"tcp", true, true, false},
    {"udp", false, false, true},
    {"ip", true, false, true},
    {"ipv6", false, true, false},
    {"icmp", false, false, false},
    {"arp", false, false, false},
    {"frame", true, true, true},
    {"eth", true, true, true},
    {"!tcp", false, false, true},
    {"not tcp", false, false, true},
    {"tcp.port", true, true, false},      /* bare field: exists */
    {"tcp.flags.syn", true, true, false}, /* exists for every segment */
    {"tcp.flags.syn == 1", false, true, false},
    {"tcp.flags.syn == true", false, true, false},
    {"tcp.flags.syn == True", false, true, false},
    {"tcp.flags.syn == 0", true, false, false},
    {"tcp.flags.syn == false", true, false, false},
    {"tcp.flags.syn == 2", false, true, false}, /* non-zero is set (tshark agrees) */
    {"tcp.flags.push == 1 && tcp.flags.ack == 1", true, false, false},
    {"tcp.flags.fin == 1 || tcp.flags.reset == 1", false, false, false},
    {"tcp.flags.urg == 0", true, true, false},
    {"tcp.len == 18", true, false, false},
    {"tcp.len > 0", true, false, false},
    {"tcp.len gt 17 and tcp.len lt 19", true, false, false},
    {"tcp.len >= 18 && tcp.len <= 18", true, false, false},
    {"tcp.len ge 19", false, false, false},
    {"tcp.len le 0", false, true, false},
    {"tcp.seq == 1", true, false, false},    /* relative when tracked */
    {"tcp.seq == 1000", false, true, false}, /* raw when not */
    {"tcp.ack == 1", true, false, false},
    {"tcp.ack == 0", false, true, false},
    {"tcp.seq_raw == 4104427884", true, false, false},
    {"tcp.ack_raw == 1977512298", true, false, false},
    {"tcp.stream == 0", true, false, false},
    {"tcp.stream", true, false, false},
    {"frame.len == 72", true, false, false},
    {"frame.len > 60", true, true, false},
    {"frame.number == 1799", true, false, false},
    {"frame.number < 10", false, true, true},
    {"ip.addr == 128.2.220.10", true, false, false},
    {"ip.addr == 128.237.252.163", true, false, false},
    {"ip.addr == 10.0.0.0/8", false, false, true},
    {"ip.addr == 128.0.0.0/1", true, false, false},
    {"ip.addr == 0.0.0.0/0", true, false, true},
    {"ip.addr eq 128.2.0.0/16", true, false, false},
    {"ip.src == 128.2.220.10", false, false, false},
    {"ip.dst == 128.2.220.10", true, false, false},
    {"ip.src == 10.1.2.3/32", false, false, true},
    {"ip.addr != 128.2.220.10", false, false, true}, /* all_ne: neither address */
    {"ip.addr != 1.2.3.4", true, false, true},
    /* Wireshark 4.0's explicit forms for multi-valued fields */
    {"ip.addr !== 128.2.220.10", false, false, true}, /* all not equal */
    {"ip.addr all_ne 128.2.220.10", false, false, true},
    {"ip.addr ~= 128.2.220.10", true, false, true}, /* any not equal */
    {"ip.addr any_ne 128.2.220.10", true, false, true},
    {"ip.addr === 128.2.220.10", false, false, false}, /* all equal */
    {"ip.addr all_eq 128.0.0.0/8", true, false, false},
    {"tcp.port any_eq 22", false, true, false},
    {"ip.addr ~= 10.0.0.0/8", true, false, false},
    {"!(ip.addr == 128.2.220.10)", false, true, true},
    {"ip.dst > 128.2.220.9", true, false, false},
    {"ip.ttl == 128 and ip.proto == 6", true, false, false},
    {"ip.flags.df == 1", true, false, false},
    {"ipv6.addr == fe80::1", false, true, false},
    {"ipv6.addr == 2001:db8::5", false, true, false},
    {"ipv6.addr == 2001:db8::/32", false, true, false},
    {"ipv6.addr == 2001:db9::/32", false, false, false},
    {"ipv6.src == fe80::/10", false, true, false},
    {"ipv6.dst == fe80::1", false, false, false},
    {"ipv6.addr != fe80::1", false, false, false},
    {"ipv6.hlim == 64", false, true, false},
    {"udp.port == 53", false, false, true},
    {"udp.port == 5353", false, false, true},
    {"udp.srcport == 53", false, false, false},
    {"udp.dstport == 53 and udp.length == 26", false, false, true},
    {"tcp or udp", true, true, true},
    {"tcp and udp", false, false, false},
    {"tcp && !ipv6", true, false, false},
    {"(tcp.port == 22 || tcp.port == 15213) && ip", true, false, false},
    {"(tcp.port == 22 || tcp.port == 15213) && ipv6", false, true, false},
    {"not (tcp.port == 22 or udp)", true, false, false},
    {"!!tcp", true, true, false},
    {"((((tcp))))", true, true, false},
    {"tcp.port == 1 or tcp.port == 2 or tcp.port == 22", false, true, false},
    /* "and" binds tighter than "or" */
    {"udp or tcp and tcp.port == 22", false, true, true},
    {"  tcp.port\teq\n15213  ", true, false, false},
    {"tcp.flags == 0x018", true, false, false},
    {"tcp.window_size_value == 16383", true, false, false},
    /* Ethernet addresses in Wireshark's three spellings; eth.addr is either */
    {"eth.src == 00:16:ea:e3:54:e6", true, true, true},
    {"eth.dst == 08-00-7f-20-00-64", true, true, true},
    {"eth.addr == 0800.7f20.0064", true, true, true},
    {"eth.addr == 00:16:EA:E3:54:E6", true, true, true},
    {"eth.dst == 00:16:ea:e3:54:e6", false, false, false},
    {"eth.addr != 00:16:ea:e3:54:e6", false, false, false},
    {"eth.type == 0x0800", true, true, true},
    /* Sets (Wireshark 4.0: comma-separated, ranges with ..) */
    {"tcp.port in {80, 15213}", true, false, false},
    {"tcp.port in {22}", false, true, false},
    {"tcp.port in {1..1023}", false, true, false},
    {"tcp.port in {15000..15300, 22}", true, true, false},
    {"tcp.len in {18..18}", true, false, false},
    {"ip.addr in {10.0.0.0/8, 1.2.3.4}", false, false, true},
    {"ip.addr in {128.2.220.0..128.2.220.255}", true, false, false},
    {"udp.port in {53}", false, false, true},
    {"!(tcp.port in {15213})", false, true, true},
    {"vlan.id", false, false, false},
};

static void test_verdicts(void **state)
{
    (void)state;
    struct packet d = echo_data(), s = syn6(), u = udp4();
    for (size_t i = 0; i < sizeof verdict_cases / sizeof verdict_cases[0]; i++) {
        const struct verdict *c = &verdict_cases[i];
        if (matches(c->expr, &d) != c->data)
            fail_msg("'%s' on the echo data segment: expected %d", c->expr, c->data);
        if (matches(c->expr, &s) != c->syn)
            fail_msg("'%s' on the IPv6 SYN: expected %d", c->expr, c->syn);
        if (matches(c->expr, &u) != c->udp)
            fail_msg("'%s' on the UDP datagram: expected %d", c->expr, c->udp);
    }
}

/* Relative ack when the tracker knows the peer's ISN, raw otherwise. */
static void test_relative_numbers(void **state)
{
    (void)state;
    struct packet p = echo_data();
    p.track.ack_valid = false;
    assert_false(matches("tcp.ack == 1", &p));
    assert_true(matches("tcp.ack == 1977512298", &p));
    p.track.valid = false;
    assert_true(matches("tcp.seq == 4104427884", &p));
    assert_false(matches("tcp.stream", &p));
}

/* Option values, echo identifiers, ARP addresses: present only when the packet has them
 * (verdicts checked with tshark 4.0 on the same frames). */
static void test_option_echo_arp_fields(void **state)
{
    (void)state;
    struct packet syn = syn6();
    syn.tcp.has_mss = true;
    syn.tcp.mss = 1440;
    syn.tcp.has_ws = true;
    syn.tcp.ws_shift = 7;
    assert_true(matches("tcp.options.mss_val == 1440", &syn));
    assert_true(matches("tcp.options.wscale.shift == 7", &syn));
    assert_false(matches("tcp.options.timestamp.tsval", &syn));
    struct packet d = echo_data();
    assert_false(matches("tcp.options.mss_val", &d));
    assert_true(matches("ip.hdr_len == 20 && ip.dsfield.dscp == 0", &d));

    struct packet ping = udp4();
    ping.l4 = L4_ICMP;
    ping.icmp.status = LAYER_OK;
    ping.icmp.type = 8;
    ping.icmp.echo = ICMP_ECHO_REQUEST; /* as the decoder decides it */
    ping.icmp.id = 0x1c46;
    ping.icmp.seq = 1;
    assert_true(matches("icmp.ident == 0x1c46 and icmp.seq == 1", &ping));
    assert_true(matches("icmp.ident_le == 17948 and icmp.seq_le == 256", &ping));
    assert_false(matches("icmpv6.echo.identifier", &ping));
    ping.icmp.type = 3; /* an error has no identifier */
    ping.icmp.echo = ICMP_NOT_ECHO;
    assert_false(matches("icmp.ident", &ping));
    assert_true(matches("icmp.type == 3", &ping));

    struct packet arp = ether_frame(1, 60);
    arp.net = NET_ARP;
    arp.arp.status = LAYER_OK;
    arp.arp.oper = 1;
    arp.arp.hlen = 6;
    arp.arp.plen = 4;
    memcpy(arp.arp.sha, arp.link.src, 6);
    memcpy(arp.arp.spa, (uint8_t[]){10, 0, 0, 1}, 4);
    memcpy(arp.arp.tpa, (uint8_t[]){10, 0, 0, 2}, 4);
    assert_true(matches("arp && arp.opcode == 1", &arp));
    assert_true(matches("arp.src.proto_ipv4 == 10.0.0.1 && arp.dst.proto_ipv4 == 10.0.0.2", &arp));
    assert_true(matches("arp.src.hw_mac == 00:16:ea:e3:54:e6", &arp));
    assert_true(matches("arp.dst.hw_mac == 00:00:00:00:00:00", &arp));
    assert_false(matches("ip", &arp));
}

/* vlan.id has a value per tag: any of them may match. */
static void test_vlan_ids(void **state)
{
    (void)state;
    struct packet p = udp4();
    p.link.nvlan = 2;
    p.link.vlan[0] = (struct vlan_tag){0x88a8, 0, false, 5};
    p.link.vlan[1] = (struct vlan_tag){0x8100, 3, false, 100};
    assert_true(matches("vlan.id == 5", &p));
    assert_true(matches("vlan.id == 100", &p));
    assert_true(matches("vlan.id in {99..101}", &p));
    assert_false(matches("vlan.id == 7", &p));
    assert_false(matches("vlan.id != 100", &p));
    assert_true(matches("eth.type == 0x88a8", &p));
}

/* A layer that was cut short: the protocol is there once its ports were captured, with
 * them (Wireshark shows the ports of a header cut after them), but not the other fields
 * until the whole fixed header was. */
static void test_truncated_layer(void **state)
{
    (void)state;
    struct packet p = echo_data();
    p.tcp.status = LAYER_TRUNCATED;
    p.frame.caplen = 40; /* 6 bytes of the TCP header */
    assert_true(matches("tcp", &p));
    assert_true(matches("tcp.port == 15213", &p));
    assert_false(matches("tcp.seq", &p));
    assert_false(matches("tcp.flags.ack", &p));
    p.tcp.have_ports = false;
    p.frame.caplen = 36; /* 2 bytes: Wireshark adds no TCP at all */
    assert_false(matches("tcp", &p));
    assert_true(matches("ip", &p));
    assert_false(matches("tcp.port", &p));
    assert_false(matches("tcp.port == 15213", &p));
    assert_false(matches("tcp.port != 15213", &p));
}

/* Bogus but read headers keep their fields, as in Wireshark: a TCP data offset below 5
 * has ports, sequence number and length but nothing after the header length; a UDP
 * length past the datagram still has ports. */
static void test_bogus_headers(void **state)
{
    (void)state;
    struct packet p = echo_data();
    p.tcp.status = LAYER_MALFORMED;
    p.tcp.hdr_len = 16;
    p.track.valid = false;
    assert_true(matches("tcp.port == 15213 && tcp.seq == 4104427884", &p));
    assert_true(matches("tcp.len == 22", &p)); /* 38 - 16, as tshark counts */
    assert_false(matches("tcp.flags.ack", &p));
    assert_false(matches("tcp.ack", &p));
    struct packet u = udp4();
    u.udp.status = LAYER_MALFORMED;
    u.udp.len = 64;
    assert_true(matches("udp.port == 53", &u));
    /* A data offset past the segment: no length at all. */
    p = echo_data();
    p.tcp.status = LAYER_MALFORMED;
    p.tcp.hdr_len = 60;
    assert_false(matches("tcp.len", &p));
    assert_true(matches("tcp.flags.ack == 1", &p));
}

/* Wireshark 4.0's language beyond comparisons, on the lecture's data segment (checked
 * against tshark -Y on captures/echo-lo.pcap's equivalent frame 4). */
static void test_language(void **state)
{
    (void)state;
    static const uint8_t frame[72] = {[54] = 'h', 'e', 'r', 'e', ' ', 'i', 's', ' ', 'a',
                                      ' ',        'm', 'e', 's', 's', 'a', 'g', 'e', '\n'};
    struct packet p = echo_data();
    p.frame.data = frame;
    p.tcp.payload = frame + 54;
    p.tcp.payload_caplen = 18;
    static const char *const yes[] = {
        "tcp.payload contains \"message\"",
        "tcp.payload contains 6d:65:73",
        "tcp.payload contains \"\\x68ere\"",
        "tcp.payload matches \"^HERE.*mess\"",
        "tcp.payload ~ \"age\\n$\"",
        "tcp.payload[0:4] == \"here\"",
        "tcp.payload[0:4] == 68657265",
        "tcp.payload[1-3] == \"ere\"",
        "tcp.payload[-2:] == \"e\\n\"",
        "tcp.payload[0:2,4] == \"he \"",
        "tcp.payload[0] == 'h'",
        "tcp.flags & 0x08",
        "tcp.flags & 0x18 == 0x18",
        "len(tcp.payload) == 18",
        "count(ip.addr) == 2",
        "eth.src[0:3] == 00:16:ea",
        "ip.src[0:2] == 80:ed",
        "{tcp.len + 1} == 19",
        "{tcp.len - 20} < 0",
        "-tcp.len == -18",
        "tcp.port in {80, 15000..15300}",
        "tcp.port not in {80, 443}",
        "ip.ttl in {64, 128}",
        "tcp.srcport > tcp.dstport",
        "string(tcp.srcport) == \"55306\"",
        "tcp.nxtseq == 19",
        "frame contains \"message\"",
        "tcp.flags.syn == False",
        "ip.addr == 128.0.0.0/8",
    };
    static const char *const no[] = {
        "tcp.payload contains \"Message\"",
        "tcp.payload matches \"(?-i)HERE\"",
        "tcp.payload[16:4] == 00",
        "tcp.flags & 0x02",
        "tcp.port in {80, 443}",
        "tcp.payload[0:2,40] == \"he\"",
        "frame.comment",
        "tcp.analysis.flags",
        "udp.port not in {53}",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!matches(yes[i], &p))
            fail_msg("'%s' should match", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (matches(no[i], &p) != (strcmp(no[i], "udp.port not in {53}") == 0))
            fail_msg("'%s' gave the wrong verdict", no[i]);
}

/* The analysis's fields and the frame's context (times, comments). */
static void test_frame_context(void **state)
{
    (void)state;
    struct packet p = echo_data();
    p.frame.ts_sec = 100;
    p.frame.ts_nsec = 500000000;
    struct pkt_analysis pa;
    memset(&pa, 0, sizeof pa);
    pa.valid = pa.verified = true;
    pa.flags = AN_FAST_RETRANSMISSION;
    pa.acks_frame = 3;
    pa.ack_rtt_ns = 250000;
    pa.bytes_in_flight = 18;
    pa.echo.verdict = ECHO_MISMATCH;
    pa.echo.mismatch_at = 7;
    pa.echo.req_first = pa.echo.req_last = 2;
    struct df_comment c = {"hello, world", 12};
    struct df_frame fr = {.p = &p,
                          .pa = &pa,
                          .first_ns = 99000000000LL,
                          .prev_ns = 100000000000LL,
                          .comments = &c,
                          .ncomments = 1};
    static const char *const yes[] = {
        "tcp.analysis.retransmission",
        "tcp.analysis.fast_retransmission",
        "tcp.analysis.flags",
        "tcp.analysis.acks_frame == 3",
        "tcp.analysis.ack_rtt < 0.001",
        "tcp.analysis.bytes_in_flight == 18",
        "echo.verdict == \"mismatch\"",
        "echo.mismatch_offset == 7",
        "echo.request == 2",
        "frame.time_relative == 1.5",
        "frame.time_delta == 0.5",
        "frame.comment contains \"world\"",
        "upper(frame.comment) == \"HELLO, WORLD\"",
        "lower(frame.comment) matches \"^hello\"",
        "frame.time > \"1970-01-01 00:00:00Z\"",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        struct dfilter *f = NULL;
        char err[512];
        if (dfilter_compile(yes[i], &f, err, sizeof err) != 0)
            fail_msg("'%s' did not compile: %s", yes[i], err);
        if (!dfilter_match_frame(f, &fr))
            fail_msg("'%s' should match", yes[i]);
        dfilter_free(f);
    }
}

static void test_null_filter(void **state)
{
    (void)state;
    struct packet p = udp4();
    assert_true(dfilter_match(NULL, &p));
    dfilter_free(NULL);
}

UNIT_MAIN(cmocka_unit_test(test_verdicts), cmocka_unit_test(test_relative_numbers),
          cmocka_unit_test(test_truncated_layer), cmocka_unit_test(test_null_filter),
          cmocka_unit_test(test_language), cmocka_unit_test(test_frame_context),
          cmocka_unit_test(test_vlan_ids), cmocka_unit_test(test_option_echo_arp_fields),
          cmocka_unit_test(test_bogus_headers))
