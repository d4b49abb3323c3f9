/*
 * inet_csum.h: the Internet checksum (RFC 1071) for the capture generators
 * (tests/gen_hostile.c, bench/gen_capture.c), which write their checksums without
 * sniff's own code (sniff/decode/checksum.c) so that a bug there cannot hide in the
 * files that test it.
 */
#ifndef ECHOSNIFF_INET_CSUM_H
#define ECHOSNIFF_INET_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* The ones' complement sum of n bytes as 16-bit big-endian words (an odd last byte
 * padded with zero), continued from sum; fold it with inet_csum_fold. */
static inline uint32_t inet_csum_add(uint32_t sum, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)b[i] << 8 | b[i + 1];
    if (n & 1)
        sum += (uint32_t)b[n - 1] << 8;
    return sum;
}

/* Folds the carries into 16 bits and complements: the value a checksum field holds. */
static inline uint16_t inet_csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

#endif
