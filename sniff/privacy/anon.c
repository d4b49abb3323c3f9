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

#include <pcap/dlt.h>

#include "checksum.h"
#include "decode.h"
#include "anon_int.h"
#include "proto.h"
#include "redact.h"

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

/* Quotes within quotes (an ICMP error about an ICMP error about...) are rewritten this
 * deep; a deeper one is blanked: RFC 1122 forbids errors about errors, so only crafted
 * traffic nests them, and nothing in it may keep an address. */
#define ANON_MAX_DEPTH 4

/* The bytes being rewritten: a frame, or the datagram an ICMP error quotes inside one.
 * Offsets in a decoded packet count from base; n bytes of it were captured. */
struct span {
    uint8_t *base;
    uint32_t n;
};

/* Whether [off, off + len) lies inside the captured bytes. */
static bool fits(const struct span *s, uint32_t off, uint32_t len)
{
    return off <= s->n && len <= s->n - off;
}

/* The ones' complement sum (RFC 1071) of the captured part of [off, off + len). */
static uint32_t sum_of(const struct span *s, uint32_t off, uint32_t len)
{
    if (off >= s->n)
        return 0;
    return csum_add(0, s->base + off, len < s->n - off ? len : s->n - off);
}

/* RFC 1624 eqn. 3 for a whole region whose sum went from before to after: the checksum
 * field stays correct if it was, and wrong by as much if it was not. */
static void csum_region_update(uint8_t field[2], uint32_t before, uint32_t after)
{
    uint16_t m = (uint16_t)~csum_fold(before), m2 = (uint16_t)~csum_fold(after);
    uint8_t old[2] = {(uint8_t)(m >> 8), (uint8_t)m}, now[2] = {(uint8_t)(m2 >> 8), (uint8_t)m2};
    rfc1624_update(field, old, now, 2);
}

static void rewrite_mac(const struct anon *a, const struct span *s, uint32_t off)
{
    if (fits(s, off, 6))
        anon_mac(a, s->base + off, s->base + off);
    else if (off < s->n)
        memset(s->base + off, 0, s->n - off); /* a cut address: nothing to keep of it */
}

/* Rewrites an n-byte (4 or 16) IP address at off. Returns true when it was captured in
 * full, with the old value in old. A partly captured address still gets its pseudonym's
 * first bytes: Crypto-PAn's output prefix depends only on the input prefix. */
static bool rewrite_ip(const struct anon *a, const struct span *s, uint32_t off, unsigned n,
                       uint8_t *old)
{
    if (off >= s->n)
        return false;
    uint8_t in[16] = {0}, out[16];
    unsigned have = s->n - off < n ? s->n - off : n;
    memcpy(in, s->base + off, have);
    memcpy(old, in, n);
    cryptopan(a, in, out, n);
    memcpy(s->base + off, out, have);
    return have == n;
}

/* The same for the link layers and tunnels of anon_layers.c, on a whole frame. */
bool anon_fits(uint32_t caplen, uint32_t off, uint32_t n)
{
    return off <= caplen && n <= caplen - off;
}

void anon_rewrite_mac(const struct anon *a, uint8_t *frame, uint32_t caplen, uint32_t off)
{
    struct span s = {frame, caplen};
    rewrite_mac(a, &s, off);
}

bool anon_rewrite_ip(const struct anon *a, uint8_t *frame, uint32_t caplen, uint32_t off,
                     unsigned n, uint8_t *old)
{
    struct span s = {frame, caplen};
    return rewrite_ip(a, &s, off, n, old);
}

/* The checksum field of the first fragment's (or unfragmented) transport header, when
 * its pseudo-header includes the IP addresses (TCP, UDP; ICMPv6 over IPv6) and the field
 * was captured. */
static uint8_t *l4_field(const struct span *s, const struct packet *p, uint8_t proto,
                         bool first_piece)
{
    if (!first_piece || p->l4_off == 0)
        return NULL;
    uint32_t at = proto == IP_PROTO_TCP                            ? 16
                  : proto == IP_PROTO_UDP                          ? 6
                  : proto == IP_PROTO_ICMPV6 && p->net == NET_IPV6 ? 2
                                                                   : 0;
    if (at == 0 || p->l4_len < at + 2 || !fits(s, p->l4_off + at, 2))
        return NULL;
    uint8_t *f = s->base + p->l4_off + at;
    if (proto == IP_PROTO_UDP && f[0] == 0 && f[1] == 0)
        return NULL; /* UDP without a checksum (RFC 768) */
    return f;
}

static void fix_l4(uint8_t *f, uint8_t proto, const uint8_t *old, const uint8_t *new_bytes,
                   size_t n)
{
    if (!f)
        return;
    rfc1624_update(f, old, new_bytes, n);
    if (proto == IP_PROTO_UDP && f[0] == 0 && f[1] == 0)
        f[0] = f[1] = 0xff;
}

/* IPv4 (RFC 791): source, destination, and the addresses of the Record Route, Source
 * Route and Timestamp options; the header checksum over the whole header, the
 * transport's over its pseudo-header. */
static void anon_ipv4(const struct anon *a, const struct span *s, const struct packet *p)
{
    const struct ipv4_info *ip = &p->ip4;
    uint32_t h = p->net_off;
    if (ip->status == LAYER_ABSENT || ip->version != 4 || !fits(s, h, 1))
        return;
    uint32_t hlen = ip->hdr_len >= 20 ? ip->hdr_len : 20;
    uint32_t before = sum_of(s, h, hlen);
    uint8_t old[8], tmp[4];
    bool sd = rewrite_ip(a, s, h + 12, 4, old);
    sd &= rewrite_ip(a, s, h + 16, 4, old + 4);
    for (unsigned i = 0; i < ip->opt_naddrs && i < PKT_MAX_IP4_OPT_ADDRS; i++)
        (void)rewrite_ip(a, s, ip->opt_addr_off[i], 4, tmp);
    if (fits(s, h + 10, 2))
        csum_region_update(s->base + h + 10, before, sum_of(s, h, hlen));
    if (!sd)
        return; /* a pseudo-header over a cut address cannot be updated */
    bool first = !ip->is_fragment || ip->frag_offset == 0;
    /* After an authentication header, its next header is the transport. */
    uint8_t proto = ip->ah.present ? ip->ah.next : ip->proto;
    fix_l4(l4_field(s, p, proto, first), proto, old, s->base + h + 12, 8);
}

static void anon_ipv6(const struct anon *a, const struct span *s, const struct packet *p)
{
    uint32_t h = p->net_off;
    /* A header cut before its end was not given a version by the decoder: its captured
     * address bytes are rewritten all the same (a privacy tool errs that way). */
    if (p->ip6.status == LAYER_ABSENT || (p->ip6.version != 0 && p->ip6.version != 6))
        return;
    uint8_t old[32];
    bool sd = rewrite_ip(a, s, h + 8, 16, old);
    sd &= rewrite_ip(a, s, h + 24, 16, old + 16);
    if (!sd)
        return;
    bool first = true;
    for (int i = 0; i < p->ip6.next && i < PKT_MAX_IP6_EXT; i++)
        if (p->ip6.ext[i].type == IP_PROTO_FRAGMENT && p->ip6.ext[i].frag_offset != 0)
            first = false;
    fix_l4(l4_field(s, p, p->ip6.proto, first), p->ip6.proto, old, s->base + h + 8, 32);
}

/* ARP (RFC 826): sender and target hardware and protocol addresses, as the decoder found
 * them (Ethernet and IPv4 only: 8 bytes of header, then 6 + 4 + 6 + 4). */
static void anon_arp(const struct anon *a, const struct span *s, const struct packet *p)
{
    const struct arp_info *arp = &p->arp;
    if (arp->status == LAYER_ABSENT || arp->hlen != 6 || arp->plen != 4 || arp->ptype != ETYPE_IPV4)
        return;
    uint32_t h = p->net_off;
    uint8_t old[4];
    rewrite_mac(a, s, h + 8);
    rewrite_ip(a, s, h + 14, 4, old);
    rewrite_mac(a, s, h + 18);
    rewrite_ip(a, s, h + 24, 4, old);
}

static void anon_packet(const struct anon *a, const struct span *s, const struct packet *p,
                        int depth);

/* The datagram an ICMP error quotes (RFC 792, RFC 4443 2.4): decoded as a datagram of its
 * own, by the decoders, and rewritten as one (its addresses, its header checksum, its
 * transport's pseudo-header checksum; its own quote, if it is an error too). */
static void anon_quote(const struct anon *a, const struct span *s, const struct packet *p,
                       int depth)
{
    const struct icmp_info *ic = &p->icmp;
    if (ic->quote_off == 0 || ic->quote_off >= s->n)
        return;
    struct span q = {s->base + ic->quote_off, s->n - ic->quote_off};
    if (depth + 1 >= ANON_MAX_DEPTH) {
        memset(q.base, 0, q.n);
        return;
    }
    uint32_t end = p->l4_off + p->l4_len;
    uint32_t wire = end > ic->quote_off ? end - ic->quote_off : 0;
    struct frame_info f = {
        .caplen = q.n, .len = wire > q.n ? wire : q.n, .linktype = DLT_RAW, .data = q.base};
    struct packet inner;
    decode_packet(&inner, &f);
    anon_packet(a, &q, &inner, depth + 1);
}

/* What the ICMP or ICMPv6 message itself carries: an error's quote, a redirect's gateway,
 * neighbour discovery's target and destination and its link-layer address options. Its
 * checksum is updated over the whole message, whatever moved inside it. */
static void anon_icmp(const struct anon *a, const struct span *s, const struct packet *p, int depth)
{
    const struct icmp_info *ic = &p->icmp;
    if (ic->status == LAYER_ABSENT || p->l4_off == 0)
        return;
    if (ic->quote_off == 0 && ic->naddrs == 0 && ic->nmacs == 0)
        return;
    uint32_t before = sum_of(s, p->l4_off, p->l4_len);
    uint8_t old[16];
    for (unsigned i = 0; i < ic->naddrs && i < 2; i++)
        (void)rewrite_ip(a, s, ic->addr_off[i], ic->v6 ? 16 : 4, old);
    for (unsigned i = 0; i < ic->nmacs && i < 4; i++)
        rewrite_mac(a, s, ic->mac_off[i]);
    anon_quote(a, s, p, depth);
    if (fits(s, p->l4_off + 2, 2))
        csum_region_update(s->base + p->l4_off + 2, before, sum_of(s, p->l4_off, p->l4_len));
}

/* The network layer and what it carries, in a frame or a quote. */
static void anon_packet(const struct anon *a, const struct span *s, const struct packet *p,
                        int depth)
{
    if (p->net == NET_IPV4)
        anon_ipv4(a, s, p);
    else if (p->net == NET_IPV6)
        anon_ipv6(a, s, p);
    else if (p->net == NET_ARP)
        anon_arp(a, s, p);
    if (p->l4 == L4_ICMP || p->l4 == L4_ICMPV6)
        anon_icmp(a, s, p, depth);
}

void anon_frame(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    if (!a || !frame || p->link.status == LAYER_ABSENT)
        return;
    struct span s = {frame, caplen};
    switch (p->link.kind) {
    case LINK_ETHERNET:
        rewrite_mac(a, &s, 0);
        rewrite_mac(a, &s, 6);
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
            rewrite_mac(a, &s, at);
        } else if (n > 0) {
            n = n > 8 ? 8 : n; /* the header has room for 8 */
            if (fits(&s, at, n))
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
    anon_packet(a, &s, p, 0);
    anon_tunnel_checksums(frame, caplen, p, good);
}
