/*
 * test_fmt_addr.c: the one formatter per notation (sniff/format/fmt_addr.c).
 *
 * IPv6 text is checked two ways: against the strings tshark 4.0.17 printed for
 * addresses where text forms disagree (::1.2.3.4 was once "::102:304" in -V and
 * "::1.2.3.4" in the packet list; tshark writes the latter), and against glibc's
 * inet_ntop, whose rules tshark's output matched on every address tried, over every
 * pattern of zero and non-zero groups. tests/test_addr_text.sh compares sniff's every
 * output with tshark's on a capture of such addresses.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include <arpa/inet.h>

#include "fmt_addr.h"
#include "packet.h"

static void parse6(const char *text, uint8_t a[16])
{
    assert_int_equal(inet_pton(AF_INET6, text, a), 1);
}

/* What tshark -T fields -e ipv6.src printed for each address. */
static void test_ip6_as_tshark(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "::1.2.3.4",
        "::ffff:1.2.3.4",
        "64:ff9b::102:304",
        "::1",
        "::",
        "::100",
        "::ffff:0:102:304",
        "2001:db8::1",
        "::5efe:102:304",
        "::0.1.255.255",
        "::ffff:0.0.0.0",
        "1::",
        "fe80::1",
        "1:0:0:1::1",
        "::2",
        "2001:db8:0:1:1:1:1:1",
        "1:0:0:2::3",
        "1::2:0:0:3",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t a[16];
        char buf[FMT_IP6_MAX];
        parse6(cases[i], a);
        size_t n = fmt_ip6(buf, a);
        assert_string_equal(buf, cases[i]);
        assert_int_equal(n, strlen(cases[i]));
    }
}

/* Every pattern of zero and non-zero groups, with several values, as inet_ntop. */
static void test_ip6_as_inet_ntop(void **state)
{
    (void)state;
    static const uint16_t values[] = {1, 0xffff, 0x102, 0x304, 0xa, 0x5efe, 0x10, 0xabc};
    for (unsigned mask = 0; mask < 256; mask++) {
        for (unsigned v = 0; v < sizeof values / sizeof values[0]; v++) {
            uint8_t a[16] = {0};
            for (int g = 0; g < 8; g++) {
                uint16_t x = values[(v + (unsigned)g) % (sizeof values / sizeof values[0])];
                if (mask & (1u << g)) {
                    a[2 * g] = (uint8_t)(x >> 8);
                    a[2 * g + 1] = (uint8_t)x;
                }
            }
            char want[INET6_ADDRSTRLEN], got[FMT_IP6_MAX];
            assert_non_null(inet_ntop(AF_INET6, a, want, sizeof want));
            assert_int_equal(fmt_ip6(got, a), strlen(want));
            if (strcmp(got, want) != 0)
                fail_msg("mask 0x%02x: got %s, inet_ntop %s", mask, got, want);
        }
    }
}

static void test_ip4_mac_endpoint_hex(void **state)
{
    (void)state;
    char buf[64];
    const uint8_t ip[4] = {128, 2, 220, 10}, zero[4] = {0, 0, 0, 0};
    assert_int_equal(fmt_ip4(buf, ip), 12);
    assert_string_equal(buf, "128.2.220.10");
    fmt_ip4(buf, zero);
    assert_string_equal(buf, "0.0.0.0");
    const uint8_t mac[6] = {0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6};
    assert_int_equal(fmt_mac(buf, mac, 6), 17);
    assert_string_equal(buf, "00:16:ea:e3:54:e6");
    assert_int_equal(fmt_mac(buf, mac, 0), 0);
    assert_string_equal(buf, "");
    assert_int_equal(fmt_endpoint(buf, 4, ip, 15213), 18);
    assert_string_equal(buf, "128.2.220.10:15213");
    uint8_t v6[16];
    parse6("::1", v6);
    fmt_endpoint(buf, 6, v6, 0);
    assert_string_equal(buf, "[::1]:0");
    parse6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", v6);
    assert_int_equal(fmt_endpoint(buf, 6, v6, 65535), 47);
    assert_int_equal(fmt_hexbytes(buf, mac, 3), 6);
    assert_string_equal(buf, "0016ea");
}

/* One table names the flags for the Info column, -V and JSON. */
static void test_tcp_flags(void **state)
{
    (void)state;
    char buf[FMT_TCP_FLAGS_MAX];
    assert_int_equal(fmt_tcp_flags(buf, 0x1ff, 7), 52);
    assert_string_equal(buf, "FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE, Reserved");
    fmt_tcp_flags(buf, TCP_SYN | TCP_ACK, 0);
    assert_string_equal(buf, "SYN, ACK");
    fmt_tcp_flags(buf, 0, 0);
    assert_string_equal(buf, "<None>");
}

UNIT_MAIN(cmocka_unit_test(test_ip6_as_tshark), cmocka_unit_test(test_ip6_as_inet_ntop),
          cmocka_unit_test(test_ip4_mac_endpoint_hex), cmocka_unit_test(test_tcp_flags))
