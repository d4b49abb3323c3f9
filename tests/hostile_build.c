/*
 * hostile_build.c: the bytes of gen_hostile's captures, built from scratch: packets layer
 * by layer (TCP, IPv4, IPv6 with extension headers, then a link header of any link type
 * sniff decodes), each field correct unless a spec breaks it on purpose, checksums
 * computed; and pcap files written by hand, since libpcap would refuse to write most of
 * the faults (caplen above len or the snapshot length, records cut short).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_hostile.h"
#include "inet_csum.h"

void put8(struct pkt *p, unsigned v)
{
    if (p->n < MAXPKT)
        p->b[p->n++] = (uint8_t)v;
}

void put16(struct pkt *p, unsigned v)
{
    put8(p, v >> 8);
    put8(p, v);
}

void put32(struct pkt *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p, v & 0xffff);
}

void putn(struct pkt *p, const void *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put8(p, ((const uint8_t *)src)[i]);
}

void set16(struct pkt *p, size_t off, unsigned v)
{
    p->b[off] = (uint8_t)(v >> 8);
    p->b[off + 1] = (uint8_t)v;
}

/* ---- transport ---- */

/* Appends a TCP segment; the checksum covers it with the pseudo-header of src/dst. */
void tcp_seg(struct pkt *p, const struct tcp_spec *t, const uint8_t *src, const uint8_t *dst,
             size_t alen)
{
    size_t start = p->n;
    size_t optpad = (t->optlen + 3) & ~(size_t)3;
    int doff = t->doff >= 0 ? t->doff : (int)(5 + optpad / 4);
    put16(p, t->sport);
    put16(p, t->dport);
    put32(p, t->seq);
    put32(p, t->ack);
    put8(p, (unsigned)doff << 4);
    put8(p, t->flags);
    put16(p, 65535);
    put16(p, 0); /* checksum, below */
    put16(p, 0);
    putn(p, t->opts, t->optlen);
    for (size_t i = t->optlen; i < optpad; i++)
        put8(p, 0);
    if (t->payload)
        putn(p, t->payload, strlen(t->payload));
    size_t seglen = p->n - start;
    uint32_t sum = inet_csum_add(0, src, alen);
    sum = inet_csum_add(sum, dst, alen);
    sum += 6u + (uint32_t)seglen;
    sum = inet_csum_add(sum, p->b + start, seglen);
    set16(p, start + 16, inet_csum_fold(sum));
}

const uint8_t lo4[4] = {127, 0, 0, 1};
const uint8_t lo6[16] = {[15] = 1};

/* ---- network ---- */

/* Appends an IPv4 header (no options unless ihl > 5: then NOPs) and the l4 bytes. */
void ip4(struct pkt *p, const struct ip4_spec *s, const struct pkt *l4)
{
    size_t start = p->n;
    int ihl = s->ihl >= 0 ? s->ihl : 5;
    size_t hlen = ihl >= 5 ? (size_t)ihl * 4 : 20; /* IHL < 5 still writes 20 bytes */
    put8(p, 0x40u | (unsigned)(ihl & 15));
    put8(p, 0);
    put16(p, s->totlen >= 0 ? (unsigned)s->totlen : (unsigned)(hlen + l4->n));
    put16(p, 0x1234);
    put16(p, s->frag ? s->frag : 0x4000); /* DF */
    put8(p, 64);
    put8(p, s->proto);
    put16(p, 0);
    putn(p, lo4, 4);
    putn(p, lo4, 4);
    while (p->n - start < hlen)
        put8(p, 1); /* NOP options */
    set16(p, start + 10, inet_csum_fold(inet_csum_add(0, p->b + start, hlen)));
    putn(p, l4->b, l4->n);
}

/* IPv4 + TCP over loopback, the workhorse of the cases. */
void tcp4(struct pkt *p, const struct ip4_spec *ip, const struct tcp_spec *t)
{
    struct pkt seg = {.n = 0};
    tcp_seg(&seg, t, lo4, lo4, 4);
    struct ip4_spec s = *ip;
    s.proto = 6;
    ip4(p, &s, &seg);
}

const struct ip4_spec IP4_OK = {.ihl = -1, .totlen = -1, .proto = 6};

/* Appends an IPv6 header, the extension headers, then l4 (proto after the chain). The
 * payload length is plen if >= 0, else what follows the fixed header. */
void ip6(struct pkt *p, const struct ext6 *ext, int next, uint8_t proto, const struct pkt *l4,
         int plen)
{
    size_t extlen = 0;
    for (int i = 0; i < next; i++)
        extlen += 8u * (1u + ext[i].hlen8);
    put32(p, 0x60000000u);
    put16(p, plen >= 0 ? (unsigned)plen : (unsigned)(extlen + l4->n));
    put8(p, next > 0 ? ext[0].type : proto);
    put8(p, 64);
    putn(p, lo6, 16);
    putn(p, lo6, 16);
    for (int i = 0; i < next; i++) {
        put8(p, ext[i].next);
        put8(p, ext[i].hlen8);
        if (ext[i].type == 44) { /* fragment header: offset 0, M=0, id */
            put16(p, 0);
            put32(p, 0xabcd);
        } else { /* options: PadN over the rest */
            size_t len = 8u * (1u + ext[i].hlen8);
            put8(p, 1);
            put8(p, (unsigned)(len - 4));
            for (size_t k = 4; k < len; k++)
                put8(p, 0);
        }
    }
    putn(p, l4->b, l4->n);
}

/* ---- link ---- */

/* Wraps an L3 packet in the link header of linktype. ethertype 0x0800/0x86dd/0x0806.
 * nvlan 802.1Q/802.1ad tags go between the Ethernet addresses and the type. */
void link_wrap(struct pkt *out, int linktype, unsigned ethertype, int nvlan, const struct pkt *l3)
{
    static const uint8_t mac_a[6] = {0x02, 0, 0, 0, 0, 1}, mac_b[6] = {0x02, 0, 0, 0, 0, 2};
    out->n = 0;
    bool v6 = ethertype == 0x86dd;
    switch (linktype) {
    case LT_ETHERNET:
        putn(out, mac_b, 6);
        putn(out, mac_a, 6);
        for (int i = 0; i < nvlan; i++) {
            put16(out, i == 0 && nvlan > 1 ? 0x88a8 : 0x8100);
            put16(out, (unsigned)(100 + i)); /* PCP 0, DEI 0, VID 100 + i */
        }
        put16(out, ethertype);
        break;
    case LT_SLL:
        put16(out, 0);   /* to us */
        put16(out, 772); /* ARPHRD_LOOPBACK */
        put16(out, 6);
        putn(out, mac_a, 6);
        put16(out, 0);
        put16(out, ethertype);
        break;
    case LT_SLL2:
        put16(out, ethertype);
        put16(out, 0);
        put32(out, 1); /* ifindex of lo */
        put16(out, 772);
        put8(out, 0);
        put8(out, 6);
        putn(out, mac_a, 6);
        put16(out, 0);
        break;
    case LT_NULL: { /* host order: little-endian here; AF_INET 2, AF_INET6 24 (BSD) */
        uint32_t af = v6 ? 24 : 2;
        put8(out, af);
        put8(out, af >> 8);
        put8(out, af >> 16);
        put8(out, af >> 24);
        break;
    }
    case LT_LOOP:
        put32(out, v6 ? 24 : 2);
        break;
    default: /* RAW, IPV4, IPV6: the IP header comes first */
        break;
    }
    putn(out, l3->b, l3->n);
}

/* ---- pcap files ---- */

void wbytes(struct wr *w, const void *b, size_t n)
{
    if (n && fwrite(b, 1, n, w->f) != n)
        w->failed = true;
}

static void wle32(struct wr *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    wbytes(w, b, 4);
}

bool wopen(struct wr *w, const char *dir, const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s.pcap", dir, name);
    w->path = path;
    w->failed = false;
    w->f = fopen(path, "wb");
    if (!w->f) {
        fprintf(stderr, "gen_hostile: %s: %s\n", path, strerror(errno));
        return false;
    }
    return true;
}

/* The 24-byte global header (microsecond pcap, little-endian), written up to cut bytes. */
void whdr_cut(struct wr *w, uint32_t linktype, uint32_t snaplen, size_t cut)
{
    uint8_t h[24];
    uint32_t f[] = {0xa1b2c3d4u, 2u | 4u << 16, 0, 0, snaplen, linktype};
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < 4; k++)
            h[i * 4 + k] = (uint8_t)(f[i] >> (8 * k));
    wbytes(w, h, cut < 24 ? cut : 24);
}

void whdr(struct wr *w, uint32_t linktype, uint32_t snaplen)
{
    whdr_cut(w, linktype, snaplen, 24);
}

/* A record header claiming caplen/len, then ndata bytes of data (which may be fewer than
 * caplen, to cut the file mid-record). */
void wrec_raw(struct wr *w, uint32_t sec, uint32_t usec, uint32_t caplen, uint32_t len,
              const uint8_t *data, size_t ndata)
{
    wle32(w, sec);
    wle32(w, usec);
    wle32(w, caplen);
    wle32(w, len);
    wbytes(w, data, ndata);
}

void wrec(struct wr *w, uint32_t sec, const struct pkt *frame)
{
    wrec_raw(w, sec, 0, (uint32_t)frame->n, (uint32_t)frame->n, frame->b, frame->n);
}

/* A record captured to caplen bytes of a frame whose wire length is frame->n. */
void wrec_snap(struct wr *w, uint32_t sec, const struct pkt *frame, size_t caplen)
{
    wrec_raw(w, sec, 0, (uint32_t)caplen, (uint32_t)frame->n, frame->b, caplen);
}

int wclose(struct wr *w)
{
    if (fclose(w->f) != 0)
        w->failed = true;
    if (w->failed) {
        fprintf(stderr, "gen_hostile: %s: write failed\n", w->path);
        return -1;
    }
    return 0;
}

int mkdir_p(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen_hostile: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}
