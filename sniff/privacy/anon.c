/*
 * anon.c: Crypto-PAn pseudonyms for IP addresses, a keyed permutation for MAC
 * addresses, and their rewriting in raw frames (see anon.h for what and why).
 *
 * AES-128 and SHA-256 come from nettle (Debian's nettle-dev); no cipher is written
 * here. Crypto-PAn computes bit i of the pseudonym as bit i of the address XOR the
 * first bit of AES_K(first i bits of the address, followed by the rest of a secret pad).
 * That costs one AES block per address bit (32 for IPv4, 128 for IPv6), a few
 * microseconds per packet, and needs no table, so memory stays fixed however many
 * addresses a capture holds.
 */
#include "anon.h"

#include <nettle/aes.h>
#include <nettle/sha2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon_int.h"
#include "redact.h"

#define rewrite_mac anon_rewrite_mac
#define rewrite_ip anon_rewrite_ip

struct anon {
    struct aes128_ctx aes; /* Crypto-PAn's pseudorandom function */
    struct aes128_ctx mac; /* the MAC permutation's round function */
    uint8_t pad[16];       /* AES_K(second half of the key), as in the reference code */
};

/* Crypto-PAn over nbytes (4 or 16) bytes. */
static void cryptopan(const struct anon *a, const uint8_t *in, uint8_t *out, unsigned nbytes)
{
    uint8_t res[16] = {0};
    for (unsigned pos = 0; pos < nbytes * 8; pos++) {
        uint8_t blk[16], enc[16];
        unsigned full = pos / 8, rem = pos % 8;
        memcpy(blk, a->pad, sizeof blk);
        memcpy(blk, in, full);
        if (rem) {
            uint8_t mask = (uint8_t)(0xff << (8 - rem));
            blk[full] = (uint8_t)((in[full] & mask) | (a->pad[full] & ~mask));
        }
        aes128_encrypt(&a->aes, sizeof blk, enc, blk);
        res[full] |= (uint8_t)((enc[0] >> 7) << (7 - rem));
    }
    for (unsigned i = 0; i < nbytes; i++)
        out[i] = in[i] ^ res[i];
}

void anon_ip4(const struct anon *a, const uint8_t in[4], uint8_t out[4])
{
    cryptopan(a, in, out, 4);
}

void anon_ip6(const struct anon *a, const uint8_t in[16], uint8_t out[16])
{
    cryptopan(a, in, out, 16);
}

/* MAC addresses: the I/G bit (0x01 of the first byte) and U/L bit (0x02) select one of
 * four classes; the other 46 bits are permuted by a 4-round Feistel network on two
 * 23-bit halves with AES as the round function (Luby-Rackoff), keyed by the class. */
#define HALF_MASK ((1u << 23) - 1)

static uint32_t feistel_f(const struct anon *a, unsigned cls, unsigned round, uint32_t r)
{
    uint8_t blk[16] = {
        'M',       'A', 'C', (uint8_t)cls, (uint8_t)round, (uint8_t)(r >> 16), (uint8_t)(r >> 8),
        (uint8_t)r};
    uint8_t enc[16];
    aes128_encrypt(&a->mac, sizeof blk, enc, blk);
    return ((uint32_t)enc[0] << 16 | (uint32_t)enc[1] << 8 | enc[2]) & HALF_MASK;
}

static uint64_t mac_permute(const struct anon *a, unsigned cls, uint64_t v)
{
    uint32_t l = (uint32_t)(v >> 23) & HALF_MASK, r = (uint32_t)v & HALF_MASK;
    for (unsigned round = 0; round < 4; round++) {
        uint32_t nl = r;
        r = l ^ feistel_f(a, cls, round, r);
        l = nl;
    }
    return (uint64_t)l << 23 | r;
}

void anon_mac(const struct anon *a, const uint8_t in[6], uint8_t out[6])
{
    uint64_t m = 0;
    for (int i = 0; i < 6; i++)
        m = m << 8 | in[i];
    const uint64_t low40 = ((uint64_t)1 << 40) - 1, all46 = ((uint64_t)1 << 46) - 1;
    unsigned cls = (unsigned)(m >> 40) & 3;
    uint64_t v = (m >> 42) << 40 | (m & low40);
    /* Broadcast (group, local, all ones) and all-zero name no host: kept. Cycle-walking
     * keeps every other address away from them, so the map stays one-to-one. */
    uint64_t reserved = cls == 3 ? all46 : cls == 0 ? 0 : UINT64_MAX;
    if (v != reserved) {
        do
            v = mac_permute(a, cls, v);
        while (v == reserved);
    }
    m = (v >> 40) << 42 | (uint64_t)cls << 40 | (v & low40);
    for (int i = 5; i >= 0; i--, m >>= 8)
        out[i] = (uint8_t)m;
}

/* The value of a hexadecimal digit already checked with strspn(): '0'-'9' are 0x3_,
 * 'a'-'f' and 'A'-'F' have 0x40 set and low bits 1-6. */
static uint8_t nibble(char c)
{
    return (uint8_t)((c & 0xf) + (c & 0x40 ? 9 : 0));
}

int anon_new_raw(struct anon **ap, const uint8_t key[ANON_KEY_BYTES], char *err, size_t errlen)
{
    static const uint8_t mac_label[16] = "echosniff MAC ky";
    struct anon *a = calloc(1, sizeof *a);
    *ap = NULL;
    if (!a) {
        snprintf(err, errlen, "out of memory for the %zu-byte --anonymize state", sizeof *a);
        return -1;
    }
    aes128_set_encrypt_key(&a->aes, key);
    aes128_encrypt(&a->aes, sizeof a->pad, a->pad, key + 16);
    uint8_t mac_key[16];
    aes128_encrypt(&a->aes, sizeof mac_key, mac_key, mac_label);
    aes128_set_encrypt_key(&a->mac, mac_key);
    *ap = a;
    return 0;
}

int anon_new(struct anon **ap, const char *key, char *err, size_t errlen)
{
    uint8_t k[ANON_KEY_BYTES];
    size_t len = key ? strlen(key) : 0;
    *ap = NULL;
    if (len == 0) {
        snprintf(err, errlen, "--anonymize needs a non-empty KEY");
        return -1;
    }
    if (len == 2 * ANON_KEY_BYTES && strspn(key, "0123456789abcdefABCDEF") == len) {
        for (size_t i = 0; i < ANON_KEY_BYTES; i++)
            k[i] = (uint8_t)(nibble(key[2 * i]) << 4 | nibble(key[2 * i + 1]));
    } else {
        struct sha256_ctx h;
        sha256_init(&h);
        sha256_update(&h, len, (const uint8_t *)key);
        sha256_digest(&h, SHA256_DIGEST_SIZE, k);
    }
    int r = anon_new_raw(ap, k, err, errlen);
    memset(k, 0, sizeof k);
    return r;
}

void anon_free(struct anon *a)
{
    if (!a)
        return;
    memset(a, 0, sizeof *a);
    free(a);
}

/* ---- frames --------------------------------------------------------------------------- */

/* Whether [off, off + n) lies inside the captured bytes. */
bool anon_fits(uint32_t caplen, uint32_t off, uint32_t n)
{
    return off <= caplen && n <= caplen - off;
}
#define fits anon_fits

void anon_rewrite_mac(const struct anon *a, uint8_t *frame, uint32_t caplen, uint32_t off)
{
    if (fits(caplen, off, 6))
        anon_mac(a, frame + off, frame + off);
    else if (off < caplen)
        memset(frame + off, 0, caplen - off); /* a cut address: nothing to keep of it */
}

/* Rewrites an n-byte (4 or 16) IP address at off. Returns true when it was captured in
 * full, with the old value in old. A partly captured address still gets its pseudonym's
 * first bytes: Crypto-PAn's output prefix depends only on the input prefix. */
bool anon_rewrite_ip(const struct anon *a, uint8_t *frame, uint32_t caplen, uint32_t off,
                     unsigned n, uint8_t *old)
{
    if (off >= caplen)
        return false;
    uint8_t in[16] = {0}, out[16];
    unsigned have = caplen - off < n ? caplen - off : n;
    memcpy(in, frame + off, have);
    memcpy(old, in, n);
    cryptopan(a, in, out, n);
    memcpy(frame + off, out, have);
    return have == n;
}

/* The checksum field of the first fragment's (or unfragmented) transport header, when
 * its pseudo-header includes the IP addresses and the field was captured. */
static uint8_t *l4_field(uint8_t *frame, uint32_t caplen, const struct packet *p, uint8_t proto,
                         bool first_piece)
{
    if (!first_piece || p->l4_off == 0)
        return NULL;
    uint32_t at = proto == 6 ? 16 : proto == 17 ? 6 : proto == 58 && p->net == NET_IPV6 ? 2 : 0;
    if (at == 0 || p->l4_len < at + 2 || !fits(caplen, p->l4_off + at, 2))
        return NULL;
    uint8_t *f = frame + p->l4_off + at;
    if (proto == 17 && f[0] == 0 && f[1] == 0)
        return NULL; /* UDP without a checksum (RFC 768) */
    return f;
}

static void fix_l4(uint8_t *f, uint8_t proto, const uint8_t *old, const uint8_t *new_bytes,
                   size_t n)
{
    if (!f)
        return;
    rfc1624_update(f, old, new_bytes, n);
    if (proto == 17 && f[0] == 0 && f[1] == 0)
        f[0] = f[1] = 0xff;
}

static void anon_ipv4(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    uint32_t h = p->net_off;
    if (!fits(caplen, h, 1) || frame[h] >> 4 != 4)
        return;
    uint8_t old[8];
    bool s = rewrite_ip(a, frame, caplen, h + 12, 4, old);
    bool d = rewrite_ip(a, frame, caplen, h + 16, 4, old + 4);
    if (!s || !d)
        return; /* a checksum over a cut address cannot be updated */
    rfc1624_update(frame + h + 10, old, frame + h + 12, 8);
    bool first = !p->ip4.is_fragment || p->ip4.frag_offset == 0;
    /* After an authentication header, its next header is the transport. */
    uint8_t proto = p->ip4.ah.present ? p->ip4.ah.next : frame[h + 9];
    fix_l4(l4_field(frame, caplen, p, proto, first), proto, old, frame + h + 12, 8);
}

static void anon_ipv6(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    uint32_t h = p->net_off;
    if (!fits(caplen, h, 1) || frame[h] >> 4 != 6)
        return;
    uint8_t old[32];
    bool s = rewrite_ip(a, frame, caplen, h + 8, 16, old);
    bool d = rewrite_ip(a, frame, caplen, h + 24, 16, old + 16);
    if (!s || !d)
        return;
    bool first = true;
    for (int i = 0; i < p->ip6.next && i < PKT_MAX_IP6_EXT; i++)
        if (p->ip6.ext[i].type == 44 && p->ip6.ext[i].frag_offset != 0)
            first = false;
    fix_l4(l4_field(frame, caplen, p, p->ip6.proto, first), p->ip6.proto, old, frame + h + 8, 32);
}

/* ARP (RFC 826): sender and target hardware and protocol addresses, Ethernet/IPv4. */
static void anon_arp(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    uint32_t h = p->net_off;
    if (!fits(caplen, h, 8))
        return;
    uint16_t ptype = (uint16_t)(frame[h + 2] << 8 | frame[h + 3]);
    if (frame[h + 4] != 6 || frame[h + 5] != 4 || ptype != 0x0800)
        return;
    uint8_t old[4];
    rewrite_mac(a, frame, caplen, h + 8);
    rewrite_ip(a, frame, caplen, h + 14, 4, old);
    rewrite_mac(a, frame, caplen, h + 18);
    rewrite_ip(a, frame, caplen, h + 24, 4, old);
}

void anon_frame(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    if (!a || !frame || p->link.status == LAYER_ABSENT)
        return;
    switch (p->link.kind) {
    case LINK_ETHERNET:
        rewrite_mac(a, frame, caplen, 0);
        rewrite_mac(a, frame, caplen, 6);
        break;
    case LINK_JUNIPER:
    case LINK_WLAN:
    case LINK_RADIOTAP:
    case LINK_PPI:
    case LINK_IPOIB:
    case LINK_ARCNET:
        anon_link_other(a, frame, caplen, p);
        break;
    case LINK_SLL:
    case LINK_SLL2: {
        /* SLL: the address is at 6, its length at 4; SLL2: at 12, its length at 11. */
        uint32_t at = p->link.kind == LINK_SLL ? 6 : 12;
        uint32_t n = p->link.halen;
        if (n == 6) {
            rewrite_mac(a, frame, caplen, at);
        } else if (n > 0) {
            n = n > 8 ? 8 : n; /* the header has room for 8 */
            if (fits(caplen, at, n))
                memset(frame + at, 0, n); /* not an Ethernet address: blank it */
        }
        break;
    }
    default:
        break; /* loopback, raw IP, PPP, Cisco HDLC: no link-layer addresses */
    }
    /* The headers around a tunnel's inner packet first, then the inner packet's: a
     * checksum over both (an outer UDP or GRE one) is computed again at the end. */
    uint8_t good = anon_tunnel_checked(frame, caplen, p);
    anon_tunnels(a, frame, caplen, p);
    if (p->net == NET_IPV4)
        anon_ipv4(a, frame, caplen, p);
    else if (p->net == NET_IPV6)
        anon_ipv6(a, frame, caplen, p);
    else if (p->net == NET_ARP)
        anon_arp(a, frame, caplen, p);
    anon_tunnel_checksums(frame, caplen, p, good);
}
