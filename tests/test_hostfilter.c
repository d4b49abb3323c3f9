/*
 * test_hostfilter.c: sniff/capture/hostfilter.c, the capture filter's condition that keeps
 * a capture without --promisc to this host's frames. Each condition is compiled by
 * libpcap for its link type (pcap_open_dead), alone and joined with a user's expression,
 * and run (pcap_offline_filter, the same BPF the kernel runs) over frames built here:
 * this host's unicast both ways, broadcast, multicast and another host's unicast on
 * Ethernet; each packet type on Linux cooked v1 and v2. Loopback and links without
 * link-layer addresses get no condition; link types sniff cannot judge are refused;
 * hostfilter_read finds lo's flag and an Ethernet interface's address on this machine.
 */
#include "unit.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "hostfilter.h"

static const uint8_t own[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x0e};
static const uint8_t alice[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x0a};
static const uint8_t bob[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x0b};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}; /* 224.0.0.251 */

/* An Ethernet frame dst, src, IPv4 with a TCP header to port 15213 (the user's filter in
 * the joined tests), 54 bytes. */
static void eth_frame(uint8_t f[54], const uint8_t dst[6], const uint8_t src[6], uint16_t dport)
{
    memset(f, 0, 54);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08; /* IPv4 */
    f[14] = 0x45;
    f[17] = 40; /* total length */
    f[22] = 64;
    f[23] = 6; /* TCP */
    f[14 + 20 + 2] = (uint8_t)(dport >> 8);
    f[14 + 20 + 3] = (uint8_t)dport;
    f[14 + 20 + 12] = 0x50;
}

static bool passes(pcap_t *pc, const char *expr, const uint8_t *frame, uint32_t len)
{
    struct bpf_program prog;
    if (pcap_compile(pc, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0)
        fail_msg("'%s' does not compile: %s", expr, pcap_geterr(pc));
    struct pcap_pkthdr h = {.caplen = len, .len = len};
    int r = pcap_offline_filter(&prog, &h, frame);
    pcap_freecode(&prog);
    return r != 0;
}

static void make_ok(struct hostfilter *hf, const char *iface, int dlt, bool lo,
                    const uint8_t (*mac)[6], size_t n)
{
    char err[256] = "";
    if (hostfilter_make(hf, iface, dlt, lo, mac, n, err, sizeof err) != STATUS_OK)
        fail_msg("hostfilter_make(%s): %s", iface, err);
}

static void test_ethernet(void **state)
{
    (void)state;
    struct hostfilter hf;
    make_ok(&hf, "eve0", DLT_EN10MB, false, &own, 1);
    assert_string_equal(hf.cond, "ether host 02:00:5e:10:00:0e or ether multicast");
    assert_non_null(
        strstr(hf.says, "only frames to or from 02:00:5e:10:00:0e, broadcast or multicast"));
    pcap_t *pc = pcap_open_dead(DLT_EN10MB, 262144);
    assert_non_null(pc);
    uint8_t f[54];
    eth_frame(f, own, alice, 15213); /* to this host */
    assert_true(passes(pc, hf.cond, f, sizeof f));
    eth_frame(f, bob, own, 15213); /* from this host */
    assert_true(passes(pc, hf.cond, f, sizeof f));
    eth_frame(f, bcast, alice, 15213);
    assert_true(passes(pc, hf.cond, f, sizeof f));
    eth_frame(f, mcast, alice, 15213);
    assert_true(passes(pc, hf.cond, f, sizeof f));
    eth_frame(f, bob, alice, 15213); /* between two other hosts: what a card drops */
    assert_false(passes(pc, hf.cond, f, sizeof f));
    eth_frame(f, alice, bob, 15213);
    assert_false(passes(pc, hf.cond, f, sizeof f));

    /* Joined with the user's filter: both must hold, whatever the user's operators. */
    bool oom = true;
    char *both = hostfilter_join(hf.cond, "tcp port 15213 or udp", &oom);
    assert_false(oom);
    assert_string_equal(both, "(ether host 02:00:5e:10:00:0e or ether multicast) and "
                              "(tcp port 15213 or udp)");
    eth_frame(f, own, alice, 15213);
    assert_true(passes(pc, both, f, sizeof f));
    eth_frame(f, own, alice, 80); /* this host's, but not the user's port */
    assert_false(passes(pc, both, f, sizeof f));
    eth_frame(f, bob, alice, 15213); /* the user's port, another host's frame */
    assert_false(passes(pc, both, f, sizeof f));
    free(both);
    pcap_close(pc);
}

static void test_ethernet_two_addresses(void **state)
{
    (void)state;
    const uint8_t two[2][6] = {{0x02, 0, 0x5e, 0x10, 0, 0x0e}, {0x02, 0, 0x5e, 0x10, 0, 0x0f}};
    struct hostfilter hf;
    make_ok(&hf, "eve0", DLT_EN10MB, false, two, 2);
    assert_string_equal(hf.cond, "ether host 02:00:5e:10:00:0e or ether host 02:00:5e:10:00:0f "
                                 "or ether multicast");
    pcap_t *pc = pcap_open_dead(DLT_EN10MB, 262144);
    uint8_t f[54];
    eth_frame(f, two[1], alice, 1);
    assert_true(passes(pc, hf.cond, f, sizeof f));
    eth_frame(f, bob, alice, 1);
    assert_false(passes(pc, hf.cond, f, sizeof f));
    pcap_close(pc);
}

/* A Linux cooked v1 (16-byte header) or v2 (20-byte header) packet of the given packet
 * type (0 host, 1 broadcast, 2 multicast, 3 otherhost, 4 outgoing), IPv4 after it. */
static uint32_t cooked(uint8_t *p, int dlt, int pkttype)
{
    memset(p, 0, 64);
    uint32_t hl = dlt == DLT_LINUX_SLL ? 16 : 20;
    if (dlt == DLT_LINUX_SLL) {
        p[1] = (uint8_t)pkttype;
        p[14] = 0x08; /* protocol: IPv4 */
    } else {
        p[0] = 0x08; /* protocol: IPv4 */
        p[7] = 2;    /* interface index */
        p[9] = 1;    /* ARPHRD_ETHER */
        p[10] = (uint8_t)pkttype;
        p[11] = 6;
    }
    p[hl] = 0x45;
    p[hl + 3] = 40;
    p[hl + 9] = 6;
    return hl + 40;
}

static void check_cooked(int dlt, const char *want)
{
    struct hostfilter hf;
    make_ok(&hf, "any", dlt, false, NULL, 0);
    assert_string_equal(hf.cond, want);
    assert_non_null(strstr(hf.says, "not \"otherhost\""));
    pcap_t *pc = pcap_open_dead(dlt, 262144);
    assert_non_null(pc);
    uint8_t p[64];
    for (int t = 0; t <= 4; t++) {
        uint32_t n = cooked(p, dlt, t);
        assert_int_equal(passes(pc, hf.cond, p, n), t != 3);
    }
    bool oom;
    char *both = hostfilter_join(hf.cond, "tcp", &oom);
    uint32_t n = cooked(p, dlt, 4);
    assert_true(passes(pc, both, p, n));
    n = cooked(p, dlt, 3);
    assert_false(passes(pc, both, p, n));
    free(both);
    pcap_close(pc);
}

static void test_cooked_v1(void **state)
{
    (void)state;
    check_cooked(DLT_LINUX_SLL, "link[0:2] != 3");
}

static void test_cooked_v2(void **state)
{
    (void)state;
    check_cooked(DLT_LINUX_SLL2, "link[10] != 3");
}

static void test_nothing_to_leave_out(void **state)
{
    (void)state;
    struct hostfilter hf;
    make_ok(&hf, "lo", DLT_EN10MB, true, NULL, 0);
    assert_string_equal(hf.cond, "");
    assert_non_null(strstr(hf.says, "nothing left out on lo"));
    make_ok(&hf, "tun0", DLT_RAW, false, NULL, 0);
    assert_string_equal(hf.cond, "");
    assert_non_null(strstr(hf.says, "nothing left out on tun0"));

    bool oom = true;
    assert_null(hostfilter_join("", NULL, &oom));
    assert_false(oom);
    char *s = hostfilter_join("", "tcp", &oom);
    assert_string_equal(s, "tcp");
    free(s);
    s = hostfilter_join("ether multicast", "", &oom);
    assert_string_equal(s, "ether multicast");
    free(s);
}

static void test_refused(void **state)
{
    (void)state;
    struct hostfilter hf;
    char err[256] = "";
    /* Ethernet without an address to match: refused, never everything. */
    assert_int_equal(hostfilter_make(&hf, "eth9", DLT_EN10MB, false, NULL, 0, err, sizeof err),
                     STATUS_RUNTIME);
    assert_non_null(strstr(err, "eth9: cannot find the interface's Ethernet address"));
    assert_non_null(strstr(err, "--promisc"));
    assert_int_equal(
        hostfilter_make(&hf, "wlan0mon", DLT_IEEE802_11_RADIO, false, NULL, 0, err, sizeof err),
        STATUS_RUNTIME);
    assert_non_null(strstr(err, "IEEE802_11_RADIO"));
}

/* The real interfaces of this machine: lo is found to be a loopback; an Ethernet
 * interface's condition names the address getifaddrs reports. */
static void test_read(void **state)
{
    (void)state;
    struct hostfilter hf;
    char err[256] = "";
    assert_int_equal(hostfilter_read(&hf, "lo", DLT_EN10MB, err, sizeof err), STATUS_OK);
    assert_string_equal(hf.cond, "");
    assert_int_equal(hostfilter_read(&hf, "no-such-if0", DLT_EN10MB, err, sizeof err),
                     STATUS_RUNTIME);
    struct ifaddrs *all = NULL;
    assert_int_equal(getifaddrs(&all), 0);
    for (struct ifaddrs *a = all; a != NULL; a = a->ifa_next) {
        if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_PACKET ||
            (a->ifa_flags & IFF_LOOPBACK))
            continue;
        assert_int_equal(hostfilter_read(&hf, a->ifa_name, DLT_LINUX_SLL, err, sizeof err),
                         STATUS_OK);
        assert_string_equal(hf.cond, "link[0:2] != 3");
        const struct sockaddr_ll *ll = (const struct sockaddr_ll *)(const void *)a->ifa_addr;
        if (ll->sll_hatype != ARPHRD_ETHER || ll->sll_halen != 6)
            continue;
        assert_int_equal(hostfilter_read(&hf, a->ifa_name, DLT_EN10MB, err, sizeof err), STATUS_OK);
        char want[64];
        const unsigned char *m = ll->sll_addr;
        snprintf(want, sizeof want, "ether host %02x:%02x:%02x:%02x:%02x:%02x or ether multicast",
                 m[0], m[1], m[2], m[3], m[4], m[5]);
        assert_string_equal(hf.cond, want);
    }
    freeifaddrs(all);
}

UNIT_MAIN(cmocka_unit_test(test_ethernet), cmocka_unit_test(test_ethernet_two_addresses),
          cmocka_unit_test(test_cooked_v1), cmocka_unit_test(test_cooked_v2),
          cmocka_unit_test(test_nothing_to_leave_out), cmocka_unit_test(test_refused),
          cmocka_unit_test(test_read))
