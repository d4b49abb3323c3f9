/*
 * siphash.c: SipHash-2-4 and SipHash-1-3 (see siphash.h), written from the paper's
 * description: four 64-bit words of state initialised from the key and the constants
 * "somepseudorandomlygeneratedbytes", each 8-byte little-endian block xored in around c
 * SipRounds, a last block holding the remaining bytes and the length's low byte, then d
 * rounds after xoring 0xff into v2.
 */
#include "siphash.h"

#include <endian.h>
#include <string.h>

static inline uint64_t le64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return le64toh(v);
}

static inline uint64_t sip(const struct sip_key *k, const uint8_t *in, size_t len, int c, int d)
{
    uint64_t v0 = k->k0 ^ 0x736f6d6570736575ull;
    uint64_t v1 = k->k1 ^ 0x646f72616e646f6dull;
    uint64_t v2 = k->k0 ^ 0x6c7967656e657261ull;
    uint64_t v3 = k->k1 ^ 0x7465646279746573ull;
    size_t whole = len & ~(size_t)7;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = le64(in + i);
        v3 ^= m;
        for (int r = 0; r < c; r++)
            SIP_ROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    uint8_t last[8] = {0};
    memcpy(last, in + whole, len - whole);
    uint64_t b = (uint64_t)(len & 0xff) << 56 | le64(last);
    v3 ^= b;
    for (int r = 0; r < c; r++)
        SIP_ROUND(v0, v1, v2, v3);
    v0 ^= b;
    v2 ^= 0xff;
    for (int r = 0; r < d; r++)
        SIP_ROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t siphash24(const struct sip_key *k, const void *msg, size_t len)
{
    return sip(k, msg, len, 2, 4);
}

uint64_t siphash13(const struct sip_key *k, const void *msg, size_t len)
{
    return sip(k, msg, len, 1, 3);
}

struct sip_key sip_key_from_bytes(const uint8_t b[16])
{
    struct sip_key k = {le64(b), le64(b + 8)};
    return k;
}
