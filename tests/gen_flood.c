/*
 * gen_flood.c: a hash-flooding capture and its honest twin, for test_hash_flood.sh.
 *
 *   gen_flood -n PAIRS [--honest] -w FILE
 *
 * Both files hold PAIRS IPv6 echo connections (client fd01::/16 or fd02::/16 port 40000,
 * server fd00::1 port 15213), all open at once: every connection's SYN, then every
 * SYN-ACK, ACK, request, echo, FIN, FIN and last ACK, so the connection table holds them
 * all. In the flood, the client addresses are chosen so that every socket pair falls in
 * one bucket of the fixed, unkeyed hashes sniff used before issue 14 (copied below, only
 * to aim at them): half collide in the analysis table's open addressing (each lookup then
 * walks a run of thousands of slots), half in the old tracker's hash chains. With the
 * run's random SipHash key no one can aim: both files must take about the same time.
 * In the honest file the addresses come from a seeded generator. Frames are Ethernet,
 * IPv6, TCP with correct checksums, one millisecond apart.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "gen_pcap.h"

#define PHI 0x9e3779b97f4a7c15ull
#define BUCKETS_MASK 32767u /* both old tables had 32768 buckets for 16,384 connections */

static const uint8_t server_addr[16] = {0xfd, 0, [15] = 1};
enum { CLIENT_PORT = 40000, SERVER_PORT = 15213 };

static uint64_t le64(const uint8_t *b)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

static void put_le64(uint8_t *b, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

/* The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration). */
static uint64_t inverse(uint64_t c)
{
    uint64_t x = c;
    for (int i = 0; i < 6; i++)
        x *= 2 - c * x;
    return x;
}

/* x such that x ^ (x >> s) == y (s >= 22, so three terms suffice). */
static uint64_t unshift(uint64_t y, int s)
{
    uint64_t x = y;
    for (int k = s; k < 64; k += s)
        x ^= y >> k;
    return x;
}

/* ---- the old analysis table's hash (pair_hash of an endpoint pair) ---- */

static uint64_t old_mix_head(uint16_t port, uint64_t w0)
{
    uint64_t h = ((uint64_t)port << 8 | 6) * PHI;
    return (h ^ w0) * 0xbf58476d1ce4e5b9ull;
}

static uint64_t old_mix(uint16_t port, uint64_t w0, uint64_t w1)
{
    uint64_t h = old_mix_head(port, w0);
    h = (h ^ (h >> 31) ^ w1) * 0x94d049bb133111ebull;
    return h ^ (h >> 29);
}

static uint32_t old_pair_bucket(const uint8_t a[16], uint16_t pa, const uint8_t b[16], uint16_t pb)
{
    uint64_t s = old_mix(pa, le64(a), le64(a + 8)) + old_mix(pb, le64(b), le64(b + 8));
    return (uint32_t)((s * PHI) >> 32) & BUCKETS_MASK;
}

/* The client's low word that puts (client, server) in bucket target, for this high word;
 * tag varies the rest of the hash so that every client differs. */
static uint64_t aim_pair(uint64_t hi, uint32_t target, uint32_t tag)
{
    uint64_t sum = ((uint64_t)(target | tag << 15) << 32) * inverse(PHI);
    uint64_t m = sum - old_mix(SERVER_PORT, le64(server_addr), le64(server_addr + 8));
    uint64_t h = unshift(m, 29) * inverse(0x94d049bb133111ebull);
    uint64_t h1 = old_mix_head(CLIENT_PORT, hi);
    return h ^ h1 ^ (h1 >> 31);
}

/* ---- the old tracker's hash (key_hash of the pair in canonical order) ---- */

static uint64_t old_key_prefix(void)
{
    /* The server is the lower endpoint: family, its port, the client's, its two words. */
    uint64_t h = (uint64_t)6 << 32 | (uint64_t)SERVER_PORT << 16 | CLIENT_PORT;
    for (int i = 0; i < 2; i++) {
        h = (h ^ le64(server_addr + 8 * i)) * PHI;
        h ^= h >> 29;
    }
    return h;
}

static uint32_t old_key_bucket(const uint8_t client[16])
{
    uint64_t h = old_key_prefix();
    for (int i = 0; i < 2; i++) {
        h = (h ^ le64(client + 8 * i)) * PHI;
        h ^= h >> 29;
    }
    h *= 0xbf58476d1ce4e5b9ull;
    return (uint32_t)(h ^ (h >> 32)) & BUCKETS_MASK;
}

static uint64_t aim_key(uint64_t hi, uint32_t target, uint32_t tag)
{
    uint64_t h = (old_key_prefix() ^ hi) * PHI;
    h ^= h >> 29;
    uint64_t f = (uint64_t)tag << 32 | (tag ^ target); /* f ^ (f >> 32) ends in target */
    uint64_t x = unshift(f * inverse(0xbf58476d1ce4e5b9ull), 29);
    return h ^ (x * inverse(PHI));
}

/* ---- frames ---- */

/* One Ethernet/IPv6/TCP frame into f; returns its length. */
static size_t frame(uint8_t *f, const uint8_t *src, const uint8_t *dst, uint16_t sport,
                    uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags, const char *data)
{
    size_t dlen = data ? strlen(data) : 0, tlen = 20 + dlen;
    static const uint8_t eth[14] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd};
    memcpy(f, eth, 14);
    uint8_t *ip = f + 14, *t = ip + 40;
    memset(ip, 0, 40);
    ip[0] = 0x60;
    gen_be16(ip + 4, (uint32_t)tlen);
    ip[6] = 6;
    ip[7] = 64;
    memcpy(ip + 8, src, 16);
    memcpy(ip + 24, dst, 16);
    memset(t, 0, 20);
    gen_be16(t, sport);
    gen_be16(t + 2, dport);
    gen_be32(t + 4, seq);
    gen_be32(t + 8, ack);
    t[12] = 0x50; /* data offset 5: no options */
    t[13] = flags;
    gen_be16(t + 14, 0xffff);
    if (dlen)
        memcpy(t + 20, data, dlen);
    /* RFC 8200 8.1: the pseudo-header is both addresses, the length and next header. */
    uint8_t pseudo[4] = {0, 0, (uint8_t)(tlen >> 8), (uint8_t)tlen};
    uint8_t next[4] = {0, 0, 0, 6};
    uint32_t s = csum_add(csum_add(csum_add(0, ip + 8, 32), pseudo, 4), next, 4);
    uint16_t ck = csum_fold(csum_add(s, t, tlen));
    gen_be16(t + 16, ck);
    return 14 + 40 + tlen;
}

/* Client i's address: crafted to collide (half in each old table), or seeded random. */
static void client_addr(uint8_t a[16], uint32_t i, bool honest, uint64_t *rng)
{
    memset(a, 0, 16);
    a[0] = 0xfd;
    a[1] = i % 2 == 0 ? 1 : 2;
    a[4] = (uint8_t)(i >> 24);
    a[5] = (uint8_t)(i >> 16);
    a[6] = (uint8_t)(i >> 8);
    a[7] = (uint8_t)i;
    uint64_t lo;
    if (honest) {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        lo = *rng;
    } else if (i % 2 == 0) {
        lo = aim_pair(le64(a), 0x1234, i / 2 + 1);
    } else {
        lo = aim_key(le64(a), 0x0567, i / 2 + 1);
    }
    put_le64(a + 8, lo);
}

struct step {
    int dir; /* 0 client to server */
    uint8_t flags;
    uint32_t seq, ack; /* relative to the ISNs */
    const char *data;
};

enum { FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16 };

static const struct step steps[] = {
    {0, SYN, 0, 0, NULL},           {1, SYN | ACK, 0, 1, NULL},     {0, ACK, 1, 1, NULL},
    {0, PSH | ACK, 1, 1, "ping\n"}, {1, PSH | ACK, 1, 6, "ping\n"}, {0, FIN | ACK, 6, 6, NULL},
    {1, FIN | ACK, 6, 7, NULL},     {0, ACK, 7, 7, NULL},
};

static int write_file(const char *path, uint32_t pairs, bool honest)
{
    uint8_t(*clients)[16] = malloc((size_t)pairs * 16);
    if (clients == NULL) {
        fprintf(stderr, "gen_flood: out of memory for %u client addresses\n", pairs);
        return 1;
    }
    pcap_t *pd;
    pcap_dumper_t *d = gen_pcap_open("gen_flood", path, &pd);
    if (d == NULL) {
        free(clients);
        return 1;
    }
    uint64_t rng = 0x2545f4914f6cdd1dull;
    for (uint32_t i = 0; i < pairs; i++)
        client_addr(clients[i], i, honest, &rng);
    uint8_t f[128];
    uint64_t t_ms = 0;
    const uint32_t isn[2] = {0x10000000u, 0x20000000u};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        const struct step *s = &steps[k];
        for (uint32_t i = 0; i < pairs; i++) {
            const uint8_t *src = s->dir ? server_addr : clients[i];
            const uint8_t *dst = s->dir ? clients[i] : server_addr;
            size_t n =
                frame(f, src, dst, s->dir ? SERVER_PORT : CLIENT_PORT,
                      s->dir ? CLIENT_PORT : SERVER_PORT, isn[s->dir] + s->seq + i,
                      (s->flags & ACK) ? isn[1 - s->dir] + s->ack + i : 0, s->flags, s->data);
            gen_pcap_write(d, t_ms++ * 1000, f, n);
        }
    }
    pcap_dump_close(d);
    pcap_close(pd);
    free(clients);
    return 0;
}

/* The crafted addresses must really collide under the old hashes: checked here, so a
 * flood that stopped flooding cannot pass for one. */
static int check_aim(uint32_t pairs)
{
    uint64_t rng = 0;
    for (uint32_t i = 0; i < pairs; i++) {
        uint8_t a[16];
        client_addr(a, i, false, &rng);
        bool hit = i % 2 == 0 ? old_pair_bucket(a, CLIENT_PORT, server_addr, SERVER_PORT) == 0x1234
                              : old_key_bucket(a) == 0x0567;
        if (!hit) {
            fprintf(stderr, "gen_flood: client %u misses its bucket\n", i);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct gen_opts o = {.n = 8000};
    if (!gen_opts_parse(argc, argv, 1, &o) || o.out == NULL || o.n == 0 || o.n > 16000) {
        fprintf(stderr, "usage: gen_flood -n PAIRS (1-16000) [--honest] -w FILE\n");
        return 2;
    }
    if (!o.honest && check_aim(o.n) != 0)
        return 1;
    return write_file(o.out, o.n, o.honest);
}
