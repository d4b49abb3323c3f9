/*
 * test_anon.c: --anonymize. Crypto-PAn against the reference implementation's published
 * sample (its 32-byte sample key and the address pairs of sample_trace_raw.dat /
 * sample_trace_sanitized.dat), prefix preservation, consistency, key dependence, the
 * MAC permutation's kept bits, and frames rewritten in place with checksums that an
 * independent computation (privacy_frames.h) still finds correct, at every capture length.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "anon.h"
#include "privacy_frames.h"

/* The key of the Crypto-PAn reference distribution's sample. */
static const uint8_t sample_key[32] = {21,  34, 23,  141, 51, 164, 207, 128, 19,  10,  91,
                                       22,  73, 144, 125, 16, 216, 152, 143, 131, 121, 121,
                                       101, 39, 98,  87,  76, 45,  42,  132, 34,  2};

/* Address pairs from the reference sample trace (raw -> sanitized). */
static const char *const v4_vectors[][2] = {
    {"128.11.68.132", "135.242.180.132"},   {"129.118.74.4", "134.136.186.123"},
    {"130.132.252.244", "133.68.164.234"},  {"141.223.7.43", "141.167.8.160"},
    {"141.233.145.108", "141.129.237.235"}, {"152.163.225.39", "151.140.114.167"},
    {"156.29.3.236", "147.225.12.42"},      {"165.247.96.84", "162.9.99.234"},
    {"166.107.77.190", "160.132.178.185"},  {"192.102.249.13", "252.138.62.131"},
    {"192.215.32.125", "252.43.47.189"},    {"192.233.80.103", "252.25.108.8"},
    {"192.41.57.43", "252.222.221.184"},    {"193.150.244.223", "253.169.52.216"},
    {"195.205.63.100", "255.186.223.5"},    {"198.200.171.101", "249.199.68.213"},
    {"198.26.132.101", "249.36.123.202"},   {"198.36.213.5", "249.7.21.132"},
    {"198.51.77.238", "249.18.186.254"},    {"199.217.79.101", "248.38.184.213"},
    {"202.49.198.20", "245.206.7.234"},     {"203.12.160.252", "244.248.163.4"},
    {"204.184.162.189", "243.192.77.90"},   {"204.202.136.230", "243.178.4.198"},
    {"204.29.20.4", "243.33.20.123"},       {"205.178.38.67", "242.108.198.51"},
    {"205.188.147.153", "242.96.16.101"},   {"205.188.248.25", "242.96.88.27"},
    {"205.245.121.43", "242.21.121.163"},   {"207.105.49.5", "241.118.205.138"},
    {"207.135.65.238", "241.202.129.222"},  {"207.155.9.214", "241.220.250.22"},
    {"207.188.7.45", "241.255.249.220"},    {"207.25.71.27", "241.33.119.156"},
    {"207.33.151.131", "241.1.233.131"},    {"208.147.89.59", "227.237.98.191"},
    {"208.234.120.210", "227.154.67.17"},   {"208.28.185.184", "227.39.94.90"},
    {"208.52.56.122", "227.8.63.165"},      {"209.12.231.7", "226.243.167.8"},
    {"209.238.72.3", "226.6.119.243"},      {"209.246.74.109", "226.22.124.76"},
    {"209.68.60.238", "226.184.220.233"},   {"209.85.249.6", "226.170.70.6"},
    {"212.120.124.31", "228.135.163.231"},  {"212.146.8.236", "228.19.4.234"},
    {"212.186.227.154", "228.59.98.98"},    {"212.204.172.118", "228.71.195.169"},
    {"212.206.130.201", "228.69.242.193"},  {"216.148.237.145", "235.84.194.111"},
    {"216.157.30.252", "235.89.31.26"},     {"216.184.159.48", "235.96.225.78"},
    {"216.227.10.221", "235.28.253.36"},    {"216.254.18.172", "235.7.16.162"},
    {"216.32.132.250", "235.192.139.38"},   {"216.35.217.178", "235.195.157.81"},
    {"24.0.250.221", "100.15.198.226"},     {"24.13.62.231", "100.2.192.247"},
    {"24.14.213.138", "100.1.42.141"},      {"24.5.0.80", "100.9.15.210"},
    {"24.7.198.88", "100.10.6.25"},         {"24.94.26.44", "100.88.228.35"},
    {"38.15.67.68", "64.3.66.187"},         {"4.3.88.225", "124.60.155.63"},
    {"63.14.55.111", "95.9.215.7"},         {"63.195.241.44", "95.179.238.44"},
    {"63.97.7.140", "95.97.9.123"},         {"64.14.118.196", "0.255.183.58"},
    {"64.34.154.117", "0.221.154.117"},     {"64.39.15.238", "0.219.7.41"},
    {"10.185.25.118", "117.161.29.118"},
};

/* The same construction over 128 bits, as published with an independent Go
 * implementation of Crypto-PAn (Yawning Angel's cryptopan), with the same key. */
static const char *const v6_vectors[][2] = {
    {"::1", "78ff:f001:9fc0:20df:8380:b1f1:704:ed"},
    {"::2", "78ff:f001:9fc0:20df:8380:b1f1:704:ef"},
    {"::ffff", "78ff:f001:9fc0:20df:8380:b1f1:704:f838"},
    {"2001:db8::1", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e"},
    {"2001:db8::2", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1c"},
};

static struct anon *make(const char *key)
{
    struct anon *a;
    char err[128];
    assert_int_equal(anon_new(&a, key, err, sizeof err), 0);
    return a;
}

static void test_reference_vectors(void **state)
{
    (void)state;
    struct anon *a;
    char err[128];
    assert_int_equal(anon_new_raw(&a, sample_key, err, sizeof err), 0);
    for (size_t i = 0; i < sizeof v4_vectors / sizeof v4_vectors[0]; i++) {
        uint8_t in[4], want[4], got[4];
        assert_int_equal(inet_pton(AF_INET, v4_vectors[i][0], in), 1);
        assert_int_equal(inet_pton(AF_INET, v4_vectors[i][1], want), 1);
        anon_ip4(a, in, got);
        if (memcmp(got, want, 4) != 0)
            fail_msg("%s -> %u.%u.%u.%u, want %s", v4_vectors[i][0], got[0], got[1], got[2], got[3],
                     v4_vectors[i][1]);
    }
    for (size_t i = 0; i < sizeof v6_vectors / sizeof v6_vectors[0]; i++) {
        uint8_t in[16], want[16], got[16];
        assert_int_equal(inet_pton(AF_INET6, v6_vectors[i][0], in), 1);
        assert_int_equal(inet_pton(AF_INET6, v6_vectors[i][1], want), 1);
        anon_ip6(a, in, got);
        assert_memory_equal(got, want, 16);
    }
    anon_free(a);

    /* The same key given as 64 hex digits on the command line. */
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02X", sample_key[i]);
    a = make(hex);
    uint8_t in[4] = {128, 11, 68, 132}, got[4], want[4] = {135, 242, 180, 132};
    anon_ip4(a, in, got);
    assert_memory_equal(got, want, 4);
    anon_free(a);
}

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static unsigned common_prefix(const uint8_t *x, const uint8_t *y, unsigned nbits)
{
    unsigned k = 0;
    while (k < nbits && ((x[k / 8] ^ y[k / 8]) & (0x80 >> (k % 8))) == 0)
        k++;
    return k;
}

static void test_prefix_preserving(void **state)
{
    (void)state;
    struct anon *a = make("lab hour key");
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (unsigned nbytes = 4; nbytes <= 16; nbytes += 12) {
        unsigned nbits = nbytes * 8;
        for (unsigned k = 0; k < nbits; k++) {
            for (int trial = 0; trial < 4; trial++) {
                uint8_t x[16], y[16], ax[16], ay[16];
                for (unsigned i = 0; i < nbytes; i++)
                    x[i] = (uint8_t)rng_next(&s);
                memcpy(y, x, nbytes);
                /* y shares exactly k bits with x: bit k flipped, the rest random. */
                y[k / 8] ^= (uint8_t)(0x80 >> (k % 8));
                for (unsigned b = k + 1; b < nbits; b++)
                    if (rng_next(&s) & 1)
                        y[b / 8] ^= (uint8_t)(0x80 >> (b % 8));
                assert_int_equal(common_prefix(x, y, nbits), k);
                if (nbytes == 4)
                    anon_ip4(a, x, ax), anon_ip4(a, y, ay);
                else
                    anon_ip6(a, x, ax), anon_ip6(a, y, ay);
                if (common_prefix(ax, ay, nbits) != k)
                    fail_msg("%u-bit prefix became %u bits (IPv%d)", k,
                             common_prefix(ax, ay, nbits), nbytes == 4 ? 4 : 6);
            }
        }
    }
    /* One-to-one on a whole /16: 65536 addresses, 65536 pseudonyms, all in one /16. */
    uint8_t *seen = calloc(65536, 1);
    assert_non_null(seen);
    uint8_t first[4];
    for (uint32_t i = 0; i < 65536; i++) {
        uint8_t x[4] = {192, 0, (uint8_t)(i >> 8), (uint8_t)i}, y[4];
        anon_ip4(a, x, y);
        if (i == 0)
            memcpy(first, y, 4);
        assert_memory_equal(y, first, 2);
        uint32_t low = (uint32_t)y[2] << 8 | y[3];
        assert_int_equal(seen[low], 0);
        seen[low] = 1;
    }
    free(seen);
    anon_free(a);
}

static void test_keys(void **state)
{
    (void)state;
    struct anon *a = make("alpha"), *a2 = make("alpha"), *b = make("beta");
    uint8_t x[4] = {192, 0, 2, 1}, ya[4], ya2[4], yb[4];
    anon_ip4(a, x, ya);
    anon_ip4(a2, x, ya2);
    anon_ip4(b, x, yb);
    assert_memory_equal(ya, ya2, 4);
    assert_memory_not_equal(ya, yb, 4);
    assert_memory_not_equal(ya, x, 4);
    uint8_t m[6], ma[6], mb[6];
    memcpy(m, pf_mac_client, 6);
    anon_mac(a, m, ma);
    anon_mac(b, m, mb);
    assert_memory_not_equal(ma, mb, 6);

    struct anon *none = (struct anon *)1;
    char err[128] = "";
    assert_int_equal(anon_new(&none, "", err, sizeof err), -1);
    assert_null(none);
    assert_non_null(strstr(err, "KEY"));
    anon_free(NULL);
    anon_free(a);
    anon_free(a2);
    anon_free(b);
}

static int cmp48(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static void test_mac(void **state)
{
    (void)state;
    struct anon *a = make("mac key");
    const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, zero[6] = {0};
    uint8_t out[6];
    anon_mac(a, bcast, out);
    assert_memory_equal(out, bcast, 6);
    anon_mac(a, zero, out);
    assert_memory_equal(out, zero, 6);

    /* The I/G and U/L bits are kept, and no two addresses share a pseudonym, nor does
     * any take the kept broadcast or zero address. */
    enum { N = 50000 };
    uint64_t *outs = malloc(N * sizeof *outs);
    assert_non_null(outs);
    uint64_t s = 12345;
    for (int i = 0; i < N; i++) {
        uint8_t in[6];
        uint64_t r = rng_next(&s);
        for (int k = 0; k < 6; k++)
            in[k] = (uint8_t)(r >> (8 * k));
        if (i < 4) /* near the kept addresses, in their own classes */
            memcpy(in, i < 2 ? bcast : zero, 6), in[5] ^= (uint8_t)(1 + i % 2);
        anon_mac(a, in, out);
        assert_int_equal(out[0] & 3, in[0] & 3);
        assert_memory_not_equal(out, bcast, 6);
        assert_memory_not_equal(out, zero, 6);
        uint64_t v = 0;
        for (int k = 0; k < 6; k++)
            v = v << 8 | out[k];
        outs[i] = v;
    }
    qsort(outs, N, sizeof *outs, cmp48);
    for (int i = 1; i < N; i++)
        assert_true(outs[i] != outs[i - 1]);
    free(outs);
    anon_free(a);
}

/* Rewrites a copy of f and checks every address and checksum. */
static void check_frame(const struct anon *a, const uint8_t *f, uint32_t len, bool v6,
                        uint8_t proto)
{
    uint8_t g[256];
    struct packet p;
    memcpy(g, f, len);
    pf_decode(&p, g, len, len);
    anon_frame(a, g, len, &p);

    uint8_t want[16];
    anon_mac(a, f, want);
    assert_memory_equal(g, want, 6);
    anon_mac(a, f + 6, want);
    assert_memory_equal(g + 6, want, 6);
    const uint8_t *ip = g + 14, *oip = f + 14;
    uint32_t seg_off = 14 + (v6 ? 40 : 20);
    if (!v6) {
        anon_ip4(a, oip + 12, want);
        assert_memory_equal(ip + 12, want, 4);
        anon_ip4(a, oip + 16, want);
        assert_memory_equal(ip + 16, want, 4);
        assert_memory_not_equal(ip + 12, oip + 12, 4);
        assert_int_equal(pf_ip4_verify(ip), 0);
    } else {
        anon_ip6(a, oip + 8, want);
        assert_memory_equal(ip + 8, want, 16);
        anon_ip6(a, oip + 24, want);
        assert_memory_equal(ip + 24, want, 16);
    }
    assert_int_equal(pf_l4_verify(ip, g + seg_off, len - seg_off, proto), 0);
    /* Everything else is as it was: the source port (ICMPv6 type and code), the
     * payload. */
    assert_memory_equal(g + seg_off, f + seg_off, 2);
    assert_memory_equal(g + len - 5, f + len - 5, 5);

    /* Consistent: a second rewrite of the original gives the same bytes. */
    uint8_t h[256];
    memcpy(h, f, len);
    pf_decode(&p, h, len, len);
    anon_frame(a, h, len, &p);
    assert_memory_equal(g, h, len);
}

static void test_frames_checksums(void **state)
{
    (void)state;
    struct anon *a = make("lab hour key");
    uint8_t f[256];
    uint32_t len;
    len = pf_frame(f, false, PF_TCP, "here is a message\n");
    assert_int_equal(len, 72); /* frame 1799's size */
    check_frame(a, f, len, false, 6);
    len = pf_frame(f, false, PF_UDP, "here is a message\n");
    check_frame(a, f, len, false, 17);
    len = pf_frame(f, true, PF_TCP, "here is a message\n");
    check_frame(a, f, len, true, 6);
    len = pf_frame(f, true, PF_UDP, "odd\n!");
    check_frame(a, f, len, true, 17);
    len = pf_frame(f, true, PF_ICMP6, "ping");
    check_frame(a, f, len, true, 58);

    /* UDP over IPv4 without a checksum keeps none. */
    len = pf_frame(f, false, PF_UDP, "no checksum");
    pf_put16(f + 14 + 20 + 6, 0);
    struct packet p;
    pf_decode(&p, f, len, len);
    anon_frame(a, f, len, &p);
    assert_int_equal(pf_get16(f + 14 + 20 + 6), 0);
    assert_int_equal(pf_ip4_verify(f + 14), 0);
    anon_free(a);
}

/* Linux cooked capture ("any" interface, DLT_LINUX_SLL = 113): the source address in
 * the 16-byte header is a MAC address and is pseudonymised like an Ethernet one. */
static void test_sll(void **state)
{
    (void)state;
    struct anon *a = make("lab hour key");
    uint8_t eth[256], f[256], orig[256];
    uint32_t elen = pf_frame(eth, false, PF_TCP, "here is a message\n");
    memset(f, 0, 16);
    pf_put16(f + 2, 1); /* ARPHRD_ETHER */
    pf_put16(f + 4, 6); /* address length */
    memcpy(f + 6, pf_mac_client, 6);
    pf_put16(f + 14, 0x0800);
    memcpy(f + 16, eth + 14, elen - 14);
    uint32_t len = elen - 14 + 16;
    memcpy(orig, f, len);
    struct frame_info fi = {0};
    fi.caplen = fi.len = len;
    fi.linktype = 113;
    fi.data = f;
    struct packet p;
    decode_packet(&p, &fi);
    assert_int_equal(p.link.kind, LINK_SLL);
    anon_frame(a, f, len, &p);
    uint8_t want[6];
    anon_mac(a, orig + 6, want);
    assert_memory_equal(f + 6, want, 6);
    assert_memory_equal(f, orig, 6);
    assert_memory_equal(f + 12, orig + 12, 4); /* padding and protocol */
    assert_memory_not_equal(f + 16 + 12, orig + 16 + 12, 8);
    assert_int_equal(pf_ip4_verify(f + 16), 0);
    assert_int_equal(pf_l4_verify(f + 16, f + 36, len - 36, 6), 0);
    anon_free(a);
}

/* IPv6 with a fragment header that holds the whole datagram (offset 0, M=0, an "atomic
 * fragment", RFC 6946): the UDP checksum behind the extension header is updated too. */
static void test_ip6_fragment_header(void **state)
{
    (void)state;
    struct anon *a = make("lab hour key");
    uint8_t base[256], f[256];
    uint32_t blen = pf_frame(base, true, PF_UDP, "fragmented?");
    uint32_t seglen = blen - 54;
    memcpy(f, base, 54);
    f[14 + 6] = 44;                              /* next header: fragment */
    pf_put16(f + 14 + 4, seglen + 8);            /* payload length */
    uint8_t frag[8] = {17, 0, 0, 0, 0, 0, 0, 7}; /* UDP follows, offset 0, M=0, id 7 */
    memcpy(f + 54, frag, 8);
    memcpy(f + 62, base + 54, seglen);
    uint32_t len = blen + 8;
    struct packet p;
    pf_decode(&p, f, len, len);
    assert_true(p.ip6.is_fragment);
    assert_int_equal(p.l4_off, 62);
    assert_int_equal(pf_l4_verify(f + 14, f + 62, seglen, 17), 0);
    anon_frame(a, f, len, &p);
    uint8_t want[16];
    anon_ip6(a, pf_ip6_client, want);
    assert_memory_equal(f + 14 + 8, want, 16);
    assert_int_equal(pf_l4_verify(f + 14, f + 62, seglen, 17), 0);
    anon_free(a);
}

/* Every capture length, in a buffer of exactly that size (ASan sees any overrun): the
 * captured part of each address is the captured part of its full pseudonym. */
static void test_truncated(void **state)
{
    (void)state;
    struct anon *a = make("lab hour key");
    for (int v6 = 0; v6 <= 1; v6++) {
        uint8_t f[256], full[256];
        uint32_t len = pf_frame(f, v6, PF_TCP, "here is a message\n");
        struct packet p;
        memcpy(full, f, len);
        pf_decode(&p, full, len, len);
        anon_frame(a, full, len, &p);
        uint32_t a_off = v6 ? 14 + 8 : 14 + 12, a_len = v6 ? 32 : 8;
        for (uint32_t cap = 0; cap <= len; cap++) {
            uint8_t *g = malloc(cap ? cap : 1);
            assert_non_null(g);
            memcpy(g, f, cap);
            pf_decode(&p, g, cap, len);
            anon_frame(a, g, cap, &p);
            for (uint32_t i = a_off; i < a_off + a_len && i < cap; i++)
                assert_int_equal(g[i], full[i]);
            if (cap >= 6)
                assert_memory_equal(g, full, 6);
            if (cap >= 12)
                assert_memory_equal(g + 6, full + 6, 6);
            free(g);
        }
    }
    anon_free(a);
}

UNIT_MAIN(cmocka_unit_test(test_reference_vectors), cmocka_unit_test(test_prefix_preserving),
          cmocka_unit_test(test_keys), cmocka_unit_test(test_mac),
          cmocka_unit_test(test_frames_checksums), cmocka_unit_test(test_sll),
          cmocka_unit_test(test_ip6_fragment_header), cmocka_unit_test(test_truncated))
