/*
 * siphash.h: SipHash (Aumasson and Bernstein, 2012), a keyed hash for tables whose keys
 * come from packets.
 *
 * Every table sniff keys by packet contents (connections, the "Port numbers reused"
 * history, ICMP echo requests) hashes with a key drawn at random once per run
 * (getrandom, in set-up, before the sandbox): whoever writes the traffic cannot know
 * which socket pairs share a bucket, so cannot make lookups walk long chains. An unkeyed
 * hash let 16,000 crafted socket pairs turn a 0.6 s packet list into 32 s (issue 14).
 *
 * SipHash-2-4 is the reference function; the tables use SipHash-1-3 (one compression
 * round, three finalisation rounds: Linux's hsiphash on 64-bit and Rust's HashMap
 * default), which is enough against collision flooding and costs about 40% less per
 * key. No Debian library fits: nettle 3.8 has no SipHash, libhighwayhash needs C++, and
 * libsodium's crypto_shorthash is SipHash-2-4 only, behind a byte-buffer call. Both are
 * checked against the reference test vectors (tests/test_siphash.c).
 */
#ifndef ECHOSNIFF_SIPHASH_H
#define ECHOSNIFF_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct sip_key {
    uint64_t k0, k1; /* the 16 key bytes, read little-endian */
};

/* SipHash-c-d of len bytes at msg; the 64-bit result. */
uint64_t siphash24(const struct sip_key *k, const void *msg, size_t len);
uint64_t siphash13(const struct sip_key *k, const void *msg, size_t len);

/* The key from 16 bytes (as the reference implementation reads them). */
struct sip_key sip_key_from_bytes(const uint8_t b[16]);

/* SipHash-1-3 of a message given as n 64-bit words followed by taillen (< 8) bytes: the
 * same value as siphash13() of the words' little-endian bytes and then the low taillen
 * bytes of tail, little-endian first. For keys a table assembles in registers (a socket
 * pair is two or five words): no byte buffer, no call. */
#define SIP_ROUND(v0, v1, v2, v3)                                                                  \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = v1 << 13 | v1 >> 51;                                                                  \
        v1 ^= v0;                                                                                  \
        v0 = v0 << 32 | v0 >> 32;                                                                  \
        v2 += v3;                                                                                  \
        v3 = v3 << 16 | v3 >> 48;                                                                  \
        v3 ^= v2;                                                                                  \
        v0 += v3;                                                                                  \
        v3 = v3 << 21 | v3 >> 43;                                                                  \
        v3 ^= v0;                                                                                  \
        v2 += v1;                                                                                  \
        v1 = v1 << 17 | v1 >> 47;                                                                  \
        v1 ^= v2;                                                                                  \
        v2 = v2 << 32 | v2 >> 32;                                                                  \
    } while (0)

static inline uint64_t sip13_words(const struct sip_key *k, const uint64_t *w, size_t n,
                                   uint64_t tail, unsigned taillen)
{
    uint64_t v0 = k->k0 ^ 0x736f6d6570736575ull, v1 = k->k1 ^ 0x646f72616e646f6dull;
    uint64_t v2 = k->k0 ^ 0x6c7967656e657261ull, v3 = k->k1 ^ 0x7465646279746573ull;
    for (size_t i = 0; i < n; i++) {
        v3 ^= w[i];
        SIP_ROUND(v0, v1, v2, v3);
        v0 ^= w[i];
    }
    uint64_t mask = taillen ? ~0ull >> (64 - 8 * taillen) : 0;
    uint64_t b = (uint64_t)((8 * n + taillen) & 0xff) << 56 | (tail & mask);
    v3 ^= b;
    SIP_ROUND(v0, v1, v2, v3);
    v0 ^= b;
    v2 ^= 0xff;
    SIP_ROUND(v0, v1, v2, v3);
    SIP_ROUND(v0, v1, v2, v3);
    SIP_ROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

#endif
