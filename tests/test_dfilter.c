/*
 * test_dfilter.c: unit tests for the display-filter compiler and matcher (sniff/filter/dfilter.c).
 *
 * Packets are built by hand as struct packet, so these tests do not depend on the
 * decoders; the expected verdicts were checked against tshark 4.0 -Y on the same
 * traffic (see the comments on the Wireshark-specific cases).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dfilter.h"

/* An Ethernet frame of len bytes, all captured, with nothing decoded above the link. */
static struct packet ether_frame(uint64_t number, uint32_t len)
{
    struct packet p;
    memset(&p, 0, sizeof p);
    p.frame.number = number;
    p.frame.len = p.frame.caplen = len;
    p.link.kind = LINK_ETHERNET;
    p.link.status = LAYER_OK;
    p.link.hdr_len = 14;
    /* The lecture's addresses: an Intel NIC talking to a Carnegie router. */
    memcpy(p.link.src, (uint8_t[]){0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6}, 6);
    memcpy(p.link.dst, (uint8_t[]){0x08, 0x00, 0x7f, 0x20, 0x00, 0x64}, 6);
    p.link.ethertype = 0x0800;
    return p;
}

/* Frame 1799 of the lecture: 128.237.252.163:55306 -> 128.2.220.10:15213 [PSH, ACK],
 * 18 bytes of data, relative Seq=1 Ack=1. */
static struct packet echo_data(void)
{
    struct packet p = ether_frame(1799, 72);
    p.net = NET_IPV4;
    p.ip4.status = LAYER_OK;
    p.ip4.version = 4;
    p.ip4.hdr_len = 20;
    p.ip4.total_len = 58;
    p.ip4.ttl = 128;
    p.ip4.proto = 6;
    p.ip4.df = true;
    memcpy(p.ip4.src, (uint8_t[]){128, 237, 252, 163}, 4);
    memcpy(p.ip4.dst, (uint8_t[]){128, 2, 220, 10}, 4);
    p.l4 = L4_TCP;
    p.l4_proto = 6;
    p.tcp.status = LAYER_OK;
    p.tcp.sport = 55306;
    p.tcp.dport = 15213;
    p.tcp.seq = 4104427884u;
    p.tcp.ack = 1977512298u;
    p.tcp.hdr_len = 20;
    p.tcp.flags = TCP_PSH | TCP_ACK;
    p.tcp.window = 16383;
    p.tcp.payload_len = 18;
    p.tcp.have_ports = true;
    p.l4_off = 34; /* Ethernet 14 + IPv4 20 */
    p.l4_len = 38; /* TCP header 20 + 18 bytes of data */
    p.track.valid = true;
    p.track.stream = 0;
    p.track.rel_seq = 1;
    p.track.rel_ack = 1;
    p.track.ack_valid = true;
    p.track.next_rel_seq = 19;
    return p;
}

/* A SYN over IPv6: [fe80::1]:40000 -> [2001:db8::5]:22, not tracked. */
static struct packet syn6(void)
{
    struct packet p = ether_frame(3, 94);
    p.net = NET_IPV6;
    p.ip6.status = LAYER_OK;
    p.ip6.version = 6;
    p.ip6.hop_limit = 64;
    p.ip6.next_header = 6;
    p.ip6.proto = 6;
    p.ip6.src[0] = 0xfe;
    p.ip6.src[1] = 0x80;
    p.ip6.src[15] = 1;
    p.ip6.dst[0] = 0x20;
    p.ip6.dst[1] = 0x01;
    p.ip6.dst[2] = 0x0d;
    p.ip6.dst[3] = 0xb8;
    p.ip6.dst[15] = 5;
    p.l4 = L4_TCP;
    p.tcp.status = LAYER_OK;
    p.tcp.sport = 40000;
    p.tcp.dport = 22;
    p.tcp.seq = 1000;
    p.tcp.ack = 0;
    p.tcp.flags = TCP_SYN;
    p.tcp.hdr_len = 40;
    p.tcp.have_ports = true;
    p.l4_off = 54; /* Ethernet 14 + IPv6 40 */
    p.l4_len = 40;
    return p;
}

/* A UDP datagram 10.1.2.3:5353 -> 10.9.9.9:53. */
static struct packet udp4(void)
{
    struct packet p = ether_frame(7, 60);
    p.net = NET_IPV4;
    p.ip4.status = LAYER_OK;
    p.ip4.proto = 17;
    memcpy(p.ip4.src, (uint8_t[]){10, 1, 2, 3}, 4);
    memcpy(p.ip4.dst, (uint8_t[]){10, 9, 9, 9}, 4);
    p.l4 = L4_UDP;
    p.udp.status = LAYER_OK;
    p.udp.sport = 5353;
    p.udp.dport = 53;
    p.udp.len = 26;
    p.l4_off = 34;
    p.l4_len = 26;
    return p;
}

static bool matches(const char *expr, const struct packet *p)
{
    struct dfilter *f = NULL;
    char err[512];
    int rc = dfilter_compile(expr, &f, err, sizeof err);
    if (rc != 0)
        fail_msg("'%s' did not compile: %s", expr, err);
    bool m = dfilter_match(f, p);
    dfilter_free(f);
    return m;
}

struct verdict {
    const char *expr;
    bool data, syn, udp; /* expected on echo_data(), syn6(), udp4() */
};

static void test_verdicts(void **state)
{
    (void)state;
    static const struct verdict cases[] = {
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
    struct packet d = echo_data(), s = syn6(), u = udp4();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct verdict *c = &cases[i];
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

struct bad {
    const char *expr;
    const char *msg; /* the first line of err */
    size_t pos, len; /* the caret */
};

static void test_errors(void **state)
{
    (void)state;
    static const struct bad cases[] = {
        {"tcp.prot eq 1", "tcp.prot is neither a field nor a protocol name", 0, 8},
        {"http.request",
         "sniff does not support the field http.request yet (sniff does not decode "
         "http; if the name is right, tshark can filter on it)",
         0, 12},
        {"tcp.analysis.initial_rtt",
         "sniff does not support the field tcp.analysis.initial_rtt yet", 0, 24},
        {"tcp.port == 70000", "\"70000\" too big for this field, maximum 65535", 12, 5},
        {"tcp.port == 0x10000", "\"0x10000\" too big for this field, maximum 65535", 12, 7},
        {"tcp.port == 99999999999999999999999",
         "\"99999999999999999999999\" too big for this field, maximum 65535", 12, 23},
        {"tcp.port == foo", "\"foo\" is not a valid number", 12, 3},
        {"tcp.port == -1", "\"-1\" is not a valid number", 12, 2},
        {"tcp.port == 1.5", "\"1.5\" is not a valid number", 12, 3},
        {"tcp.port == 08", "\"08\" is not a valid number", 12, 2},
        {"ip.addr == 1.2.3",
         "\"1.2.3\" is not a valid IPv4 address (sniff resolves no host names, as tshark -n)", 11,
         5},
        {"ip.addr == ::1",
         "\"::1\" is not a valid IPv4 address (sniff resolves no host names, as tshark -n)", 11, 3},
        {"ipv6.addr == 1.2.3.4",
         "\"1.2.3.4\" is not a valid IPv6 address (sniff resolves no host names, as tshark -n)", 13,
         7},
        {"ip.addr == 10.0.0.0/33", "Netmask bits in a CIDR IPv4 address should be <= 32, not 33",
         11, 11},
        {"ipv6.addr == ::/129", "Netmask bits in a CIDR IPv6 address should be <= 128, not 129", 13,
         6},
        {"ip.addr == 10.0.0.0/x", "\"x\" is not a valid CIDR netmask length", 11, 10},
        {"tcp.flags.syn == maybe",
         "maybe cannot be found among the possible values for tcp.flags.syn (1, 0, True or False)",
         17, 5},
        {"(tcp", "Missing \")\" to close this \"(\"", 0, 1},
        {"tcp and", "Unexpected end of filter expression", 7, 1},
        {"tcp.port ==", "Unexpected end of filter expression", 11, 1},
        {"!", "Unexpected end of filter expression", 1, 1},
        {")", "\")\" was unexpected in this context", 0, 1},
        {"tcp)", "\")\" was unexpected in this context", 3, 1},
        {"tcp.port eq 15213 extra", "\"extra\" was unexpected in this context", 18, 5},
        {"tcp.port == == 1", "\"==\" was unexpected in this context", 12, 2},
        {"tcp and or udp", "\"or\" was unexpected in this context", 8, 2},
        {"1 == 2", "A constant cannot be tested alone: compare it with a field", 0, 1},
        {"tcp.analysis.flags == 1", "tcp.analysis.flags has no value to compare 1 with", 22, 1},
        {"tcp.port ~ \"1\"", "tcp.port is an unsigned integer: \"~\" takes bytes or text", 0, 8},
        {"tcp.port == \"1\"",
         "tcp.port is an unsigned integer and cannot be compared with a string (\"1\"); write the "
         "number without quotes",
         12, 3},
        {"tcp & udp", "\"tcp\" is a protocol: arithmetic takes integers", 0, 3},
        {"tcp & 0x01", "\"tcp\" is a protocol: arithmetic takes integers", 0, 3},
        {"", "Empty filter expression", 0, 1},
        {"   ", "Empty filter expression", 0, 1},
        {"tcp.port == \x01", "unexpected byte 0x01 in the expression", 12, 1},
        {"tcp.port in {}", "\"}\" was unexpected in this context", 13, 1},
        {"tcp.port in {80 443}", "\"443\" was unexpected in this context", 16, 3},
        {"tcp.port in {80,", "Unexpected end of filter expression", 16, 1},
        {"tcp.port in 80", "\"80\" was unexpected in this context", 12, 2},
        {"tcp.port in {1..}", "\"}\" is not a valid number", 16, 1},
        {"tcp.port in {1..70000}", "\"70000\" too big for this field, maximum 65535", 16, 5},
        {"tcp.port[0] == 1",
         "\"tcp.port\" is an unsigned integer and cannot be sliced into a sequence of bytes", 0, 8},
        {"upper(tcp.payload) == \"X\"", "upper() takes a string field", 6, 11},
        {"tcp.payload matches \"((\"",
         "Invalid regular expression at character 2: missing closing parenthesis", 20, 4},
        {"tcp.payload contains \"\\q\"", "\\q is not a valid character escape sequence", 22, 2},
        {"ip.src == \"1.2.3.4\"",
         "An IPv4 address cannot be written as a string: write \"1.2.3.4\" without quotes", 10, 9},
        {"frame.time_relative > \"x\"",
         "\"x\" is not a valid time offset: write seconds without quotes, e.g. 0.25", 22, 3},
        {"tcp.payload == \"abc", "The quote that starts here is never closed", 15, 1},
        {"eth.src == 00:16:ea:e3:54", "\"00:16:ea:e3:54\" is not a valid Ethernet address", 11, 14},
        {"eth.src == 00:16-ea:e3:54:e6", "\"00:16-ea:e3:54:e6\" is not a valid Ethernet address",
         11, 17},
        {"in", "\"in\" was unexpected in this context", 0, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bad *c = &cases[i];
        struct dfilter *f = (struct dfilter *)&f; /* must be reset to NULL */
        char err[512];
        size_t pos = 999, len = 999;
        int rc = dfilter_compile_loc(c->expr, &f, err, sizeof err, &pos, &len);
        if (rc == 0)
            fail_msg("'%s' compiled", c->expr);
        assert_null(f);
        if (strcmp(err, c->msg) != 0)
            fail_msg("'%s': got '%s', want '%s'", c->expr, err, c->msg);
        if (pos != c->pos || len != c->len)
            fail_msg("'%s': caret at %zu+%zu, want %zu+%zu", c->expr, pos, len, c->pos, c->len);
    }
}

/* The full three-line message main prints. */
static void test_error_text(void **state)
{
    (void)state;
    struct dfilter *f;
    char err[512];
    assert_int_not_equal(dfilter_compile("tcp.prot eq 1", &f, err, sizeof err), 0);
    assert_string_equal(err, "tcp.prot is neither a field nor a protocol name\n"
                             "    tcp.prot eq 1\n"
                             "    ^~~~~~~~");
    assert_int_not_equal(dfilter_compile("tcp.port == 70000", &f, err, sizeof err), 0);
    assert_string_equal(err, "\"70000\" too big for this field, maximum 65535\n"
                             "    tcp.port == 70000\n"
                             "                ^~~~~");
    /* A tab before the token is kept so the caret stays under it. */
    assert_int_not_equal(dfilter_compile("tcp\tfoo", &f, err, sizeof err), 0);
    assert_string_equal(err, "\"foo\" was unexpected in this context\n"
                             "    tcp\tfoo\n"
                             "       \t^~~");
    /* A small buffer is filled, NUL-terminated, and not overrun. */
    char small[12];
    memset(small, 'X', sizeof small);
    assert_int_not_equal(dfilter_compile("tcp.prot eq 1", &f, small, 8), 0);
    assert_int_equal(strlen(small), 7);
    assert_int_equal(small[8], 'X');
    /* errlen 0: nothing written. */
    assert_int_not_equal(dfilter_compile("tcp.prot", &f, small, 0), 0);
    assert_int_equal(small[8], 'X');
}

/* Hostile nesting is rejected at the limit, not recursed into. */
static void test_depth_limit(void **state)
{
    (void)state;
    size_t n = 100000;
    char *s = malloc(2 * n + 4);
    assert_non_null(s);
    struct dfilter *f;
    char err[256];

    memset(s, '(', n);
    strcpy(s + n, "tcp");
    assert_int_not_equal(dfilter_compile(s, &f, err, sizeof err), 0); /* too long */
    memset(s, '!', n);
    assert_int_not_equal(dfilter_compile(s, &f, err, sizeof err), 0);

    /* Exactly at the limit compiles, one more does not. */
    for (int depth = DFILTER_MAX_DEPTH; depth <= DFILTER_MAX_DEPTH + 1; depth++) {
        size_t k = 0;
        for (int i = 0; i < depth; i++)
            s[k++] = '(';
        memcpy(s + k, "tcp", 3);
        k += 3;
        for (int i = 0; i < depth; i++)
            s[k++] = ')';
        s[k] = '\0';
        size_t pos = 0, len = 0;
        int rc = dfilter_compile_loc(s, &f, err, sizeof err, &pos, &len);
        if (depth == DFILTER_MAX_DEPTH) {
            assert_int_equal(rc, 0);
            struct packet p = echo_data();
            assert_true(dfilter_match(f, &p));
            dfilter_free(f);
        } else {
            assert_int_not_equal(rc, 0);
            assert_int_equal(pos, DFILTER_MAX_DEPTH);
            assert_non_null(strstr(err, "nested too deeply"));
        }
    }
    /* A long flat chain is iterative and fine. */
    {
        size_t k = 0;
        for (int i = 0; i < 500; i++) {
            memcpy(s + k, "tcp or ", 7);
            k += 7;
        }
        memcpy(s + k, "udp", 4);
        assert_int_equal(dfilter_compile(s, &f, err, sizeof err), 0);
        struct packet p = udp4();
        assert_true(dfilter_match(f, &p));
        dfilter_free(f);
    }
    free(s);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_relative_numbers),
        cmocka_unit_test(test_truncated_layer),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_error_text),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_null_filter),
        cmocka_unit_test(test_language),
        cmocka_unit_test(test_frame_context),
        cmocka_unit_test(test_vlan_ids),
        cmocka_unit_test(test_option_echo_arp_fields),
        cmocka_unit_test(test_bogus_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
