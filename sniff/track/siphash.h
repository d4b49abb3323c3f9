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

#endif
