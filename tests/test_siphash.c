/*
 * test_siphash.c: sniff/track/siphash.c against the reference test vectors: SipHash-2-4
 * with key 00 01 .. 0f on the messages 00, 00 01, ..., 00 01 .. 3e (every length from 0
 * to 63 bytes: every tail length, one to seven blocks), from the SipHash paper's
 * reference implementation; SipHash-1-3 on the same inputs, checked in its low 32 bits
 * against Linux's hsiphash vectors (lib/test_siphash.c: on 64-bit kernels hsiphash is
 * SipHash-1-3 truncated to 32 bits). Then that the key matters, that a message read from
 * an unaligned address gives the same hash, and that the word form the tables use
 * (sip13_words) is the same function.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"

#include "siphash.h"

static const uint64_t sip24[64] = {
    0x726fdb47dd0e0e31ull, 0x74f839c593dc67fdull, 0x0d6c8009d9a94f5aull, 0x85676696d7fb7e2dull,
    0xcf2794e0277187b7ull, 0x18765564cd99a68dull, 0xcbc9466e58fee3ceull, 0xab0200f58b01d137ull,
    0x93f5f5799a932462ull, 0x9e0082df0ba9e4b0ull, 0x7a5dbbc594ddb9f3ull, 0xf4b32f46226bada7ull,
    0x751e8fbc860ee5fbull, 0x14ea5627c0843d90ull, 0xf723ca908e7af2eeull, 0xa129ca6149be45e5ull,
    0x3f2acc7f57c29bdbull, 0x699ae9f52cbe4794ull, 0x4bc1b3f0968dd39cull, 0xbb6dc91da77961bdull,
    0xbed65cf21aa2ee98ull, 0xd0f2cbb02e3b67c7ull, 0x93536795e3a33e88ull, 0xa80c038ccd5ccec8ull,
    0xb8ad50c6f649af94ull, 0xbce192de8a85b8eaull, 0x17d835b85bbb15f3ull, 0x2f2e6163076bcfadull,
    0xde4daaaca71dc9a5ull, 0xa6a2506687956571ull, 0xad87a3535c49ef28ull, 0x32d892fad841c342ull,
    0x7127512f72f27cceull, 0xa7f32346f95978e3ull, 0x12e0b01abb051238ull, 0x15e034d40fa197aeull,
    0x314dffbe0815a3b4ull, 0x027990f029623981ull, 0xcadcd4e59ef40c4dull, 0x9abfd8766a33735cull,
    0x0e3ea96b5304a7d0ull, 0xad0c42d6fc585992ull, 0x187306c89bc215a9ull, 0xd4a60abcf3792b95ull,
    0xf935451de4f21df2ull, 0xa9538f0419755787ull, 0xdb9acddff56ca510ull, 0xd06c98cd5c0975ebull,
    0xe612a3cb9ecba951ull, 0xc766e62cfcadaf96ull, 0xee64435a9752fe72ull, 0xa192d576b245165aull,
    0x0a8787bf8ecb74b2ull, 0x81b3e73d20b49b6full, 0x7fa8220ba3b2eceaull, 0x245731c13ca42499ull,
    0xb78dbfaf3a8d83bdull, 0xea1ad565322a1a0bull, 0x60e61c23a3795013ull, 0x6606d7e446282b93ull,
    0x6ca4ecb15c5f91e1ull, 0x9f626da15c9625f3ull, 0xe51b38608ef25f57ull, 0x958a324ceb064572ull,
};

static const uint32_t sip13_low32[64] = {
    0x050fc4dc, 0x7d57ca93, 0x4dc7d44d, 0xe7ddf7fb, 0x88d38328, 0x49533b67, 0xc59f22a7, 0x9bb11140,
    0x8d299a8e, 0x6c063de4, 0x92ff097f, 0xf94dc352, 0x57b4d9a2, 0x1229ffa7, 0xc0f95d34, 0x2a519956,
    0x7d908b66, 0x63dbd80c, 0xb473e63e, 0x8d297d1c, 0xa6cce040, 0x2b45f844, 0xa320872e, 0xdae6c123,
    0x67349c8c, 0x705b0979, 0xca9913a5, 0x4ade3b35, 0xef6cd00d, 0x4ab1e1f4, 0x43c5e663, 0x8c21d1bc,
    0x16a7b60d, 0x7a8ff9bf, 0x1f2a753e, 0xbf186b91, 0xada26206, 0xa3c33057, 0xae3a36a1, 0x7b108392,
    0x99e41531, 0x3f1ad944, 0xc8138825, 0xc28949a6, 0xfaf8876b, 0x9f042196, 0x68b1d623, 0x8b5114fd,
    0xdf074c46, 0x12cc86b3, 0x0a52098f, 0x9d292f9a, 0xa2f41f12, 0x43a71ed0, 0x73f0bce6, 0x70a7e980,
    0x243c6d75, 0xfdb71513, 0xa67d8a08, 0xb7e8f148, 0xf7a644ee, 0x0f1837f2, 0x4b6694e0, 0xb7bbb3a8,
};

static struct sip_key ref_key(void)
{
    uint8_t k[16];
    for (int i = 0; i < 16; i++)
        k[i] = (uint8_t)i;
    return sip_key_from_bytes(k);
}

/* Every length from 0 to 63 of the message 00 01 02 ... under the key 00 01 .. 0f. */
static void check_vectors(bool two_four)
{
    struct sip_key k = ref_key();
    uint8_t m[64];
    for (int i = 0; i < 64; i++)
        m[i] = (uint8_t)i;
    for (size_t len = 0; len < 64; len++) {
        if (two_four)
            assert_true(siphash24(&k, m, len) == sip24[len]);
        else
            assert_int_equal((uint32_t)siphash13(&k, m, len), sip13_low32[len]);
    }
}

static void test_siphash24_vectors(void **state)
{
    (void)state;
    check_vectors(true);
}

static void test_siphash13_vectors(void **state)
{
    (void)state;
    check_vectors(false);
}

static void test_key_and_alignment(void **state)
{
    (void)state;
    struct sip_key k = ref_key(), other = k;
    other.k1 ^= 1;
    uint8_t m[40], shifted[41];
    for (int i = 0; i < 40; i++)
        m[i] = shifted[i + 1] = (uint8_t)(i * 7);
    assert_true(siphash13(&k, m, 37) != siphash13(&other, m, 37));
    assert_true(siphash24(&k, m, 37) != siphash24(&other, m, 37));
    assert_true(siphash13(&k, m, 37) == siphash13(&k, shifted + 1, 37));
    assert_true(siphash24(&k, m, 13) == siphash24(&k, shifted + 1, 13));
}

/* The word form equals the byte form on the words' little-endian bytes, for every count
 * of words a table uses and every tail length. */
static void test_words_form(void **state)
{
    (void)state;
    struct sip_key k = ref_key();
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t n = 0; n <= 5; n++) {
        for (unsigned tl = 0; tl < 8; tl++) {
            uint64_t w[5], tail;
            uint8_t b[48];
            for (size_t i = 0; i <= n; i++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if (i < n)
                    w[i] = x;
                else
                    tail = x;
            }
            for (size_t i = 0; i < 8 * n + tl; i++) {
                uint64_t v = i < 8 * n ? w[i / 8] : tail;
                b[i] = (uint8_t)(v >> (8 * (i % 8)));
            }
            assert_true(sip13_words(&k, w, n, tail, tl) == siphash13(&k, b, 8 * n + tl));
        }
    }
}

UNIT_MAIN(cmocka_unit_test(test_siphash24_vectors), cmocka_unit_test(test_siphash13_vectors),
          cmocka_unit_test(test_key_and_alignment), cmocka_unit_test(test_words_form))
