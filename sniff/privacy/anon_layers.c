/*
 * anon_layers.c: --anonymize beyond Ethernet, the cooked captures and the innermost IP
 * header (anon_int.h): the addresses of 802.11 headers (every address field the frame
 * has), of Juniper's Ethernet frame, of IP over InfiniBand's pseudo-header (QPN and GIDs,
 * blanked: a GID holds a port's GUID) and of ARCNET's header (the 1-byte station IDs,
 * blanked: 8 bits cannot be permuted without naming the station); and of a tunnel, the
 * outer IPv4 and IPv6 headers (their header checksum updated, RFC 1624) and the inner
 * Ethernet headers. The checksums that cover an inner packet (an outer UDP's, GRE's)
 * are computed again once everything is rewritten.
 */
#include <string.h>

#include "anon_int.h"
#include "checksum.h"
#include "proto.h"
#include "redact.h"

static void blank(uint8_t *frame, uint32_t caplen, uint32_t off, uint32_t n)
{
    if (off >= caplen)
        return;
    memset(frame + off, 0, caplen - off < n ? caplen - off : n);
}

void anon_link_other(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    const struct link_info *l = &p->link;
    switch (l->kind) {
    case LINK_JUNIPER:
        if (l->u.juniper.flags & 0x02)
            return; /* no layer 2 header */
        anon_rewrite_mac(a, frame, caplen, l->eth_off);
        anon_rewrite_mac(a, frame, caplen, l->eth_off + 6);
        return;
    case LINK_PPI:
        if (l->u.wlan.radio.ppi_dlt == 1) {
            anon_rewrite_mac(a, frame, caplen, l->eth_off);
            anon_rewrite_mac(a, frame, caplen, l->eth_off + 6);
            return;
        }
        /* fall through */
    case LINK_WLAN:
    case LINK_RADIOTAP: {
        /* Addresses 1 to 3 follow frame control and duration; the fourth follows the
         * sequence control (IEEE 802.11-2020 9.3.2.1). */
        const struct wlan_hdr *w = &l->u.wlan;
        for (uint8_t i = 0; i < w->naddr && i < 3; i++)
            anon_rewrite_mac(a, frame, caplen, w->off + 4u + 6u * i);
        if (w->naddr == 4)
            anon_rewrite_mac(a, frame, caplen, w->off + 24);
        return;
    }
    case LINK_IPOIB:
        blank(frame, caplen, 5, 35); /* the GRH's QPN and GIDs, or the destination's */
        return;
    case LINK_ARCNET:
        blank(frame, caplen, 0, 2);
        return;
    default:
        return;
    }
}

/* An outer IPv4 header: its addresses and header checksum. */
static void outer_ip4(const struct anon *a, uint8_t *frame, uint32_t caplen, uint32_t h)
{
    uint8_t old[8];
    if (!anon_fits(caplen, h, 1) || frame[h] >> 4 != 4)
        return;
    bool s = anon_rewrite_ip(a, frame, caplen, h + 12, 4, old);
    bool d = anon_rewrite_ip(a, frame, caplen, h + 16, 4, old + 4);
    if (s && d)
        rfc1624_update(frame + h + 10, old, frame + h + 12, 8);
}

static void outer_ip6(const struct anon *a, uint8_t *frame, uint32_t caplen, uint32_t h)
{
    uint8_t old[32];
    if (!anon_fits(caplen, h, 1) || frame[h] >> 4 != 6)
        return;
    (void)anon_rewrite_ip(a, frame, caplen, h + 8, 16, old);
    (void)anon_rewrite_ip(a, frame, caplen, h + 24, 16, old + 16);
}

void anon_tunnels(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    for (int i = 0; i < p->nencap; i++) {
        const struct encap *e = &p->encap[i];
        if (e->kind == ENCAP_IP4) {
            outer_ip4(a, frame, caplen, e->off);
        } else if (e->kind == ENCAP_IP6) {
            outer_ip6(a, frame, caplen, e->off);
        } else if (e->kind == ENCAP_ETH) {
            anon_rewrite_mac(a, frame, caplen, e->off);
            anon_rewrite_mac(a, frame, caplen, e->off + 6);
        }
    }
}

/* An outer UDP checksum (RFC 768, RFC 8200 8.1) as it should be; false when it cannot
 * be computed (not captured whole) or there is none (IPv4's zero). */
static bool udp_sum(const uint8_t *frame, uint32_t caplen, const struct encap *ip,
                    const struct encap *u, uint16_t *c)
{
    uint32_t n = u->len;
    if (n < 8 || !anon_fits(caplen, u->off, n) ||
        (frame[u->off + 6] == 0 && frame[u->off + 7] == 0))
        return false;
    uint32_t sum = 0;
    if (ip->kind == ENCAP_IP4)
        sum = csum_add(csum_add(0, frame + ip->off + 12, 4), frame + ip->off + 16, 4);
    else
        sum = csum_add(csum_add(0, frame + ip->off + 8, 16), frame + ip->off + 24, 16);
    sum += IP_PROTO_UDP + (n >> 16) + (n & 0xffffu);
    sum = csum_add(sum, frame + u->off, 6);
    sum = csum_add(sum, frame + u->off + 8, n - 8);
    *c = csum_fold(sum);
    if (*c == 0)
        *c = 0xffff; /* zero means none */
    return true;
}

/* GRE's checksum (RFC 2784 2.5): the header and payload. */
static bool gre_sum(const uint8_t *frame, uint32_t caplen, const struct encap *g, uint16_t *c)
{
    if (!(g->u.gre.flags_ver & 0x8000) || g->len < 6 || !anon_fits(caplen, g->off, g->len))
        return false;
    *c = csum_fold(csum_add(csum_add(0, frame + g->off, 4), frame + g->off + 6, g->len - 6u));
    return true;
}

/* The checksum of p->encap[i] as it should be, and where its field is; false: none. */
static bool tunnel_sum(const uint8_t *frame, uint32_t caplen, const struct packet *p, int i,
                       uint16_t *c, uint32_t *at)
{
    const struct encap *e = &p->encap[i];
    if (e->kind == ENCAP_UDP && i > 0) {
        *at = e->off + 6;
        return udp_sum(frame, caplen, &p->encap[i - 1], e, c);
    }
    if (e->kind == ENCAP_GRE) {
        *at = e->off + 4;
        return gre_sum(frame, caplen, e, c);
    }
    return false;
}

uint8_t anon_tunnel_checked(const uint8_t *frame, uint32_t caplen, const struct packet *p)
{
    uint8_t good = 0;
    for (int i = 0; i < p->nencap && i < 8; i++) {
        uint16_t c;
        uint32_t at;
        if (tunnel_sum(frame, caplen, p, i, &c, &at) &&
            (uint16_t)(frame[at] << 8 | frame[at + 1]) == c)
            good |= (uint8_t)(1u << i);
    }
    return good;
}

void anon_tunnel_checksums(uint8_t *frame, uint32_t caplen, const struct packet *p, uint8_t good)
{
    /* Innermost first: an outer checksum covers the inner ones. */
    for (int i = p->nencap - 1; i >= 0; i--) {
        uint16_t c;
        uint32_t at;
        if (i < 8 && (good & (1u << i)) && tunnel_sum(frame, caplen, p, i, &c, &at)) {
            frame[at] = (uint8_t)(c >> 8);
            frame[at + 1] = (uint8_t)c;
        }
    }
}
