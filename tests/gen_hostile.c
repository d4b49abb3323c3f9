/*
 * gen_hostile.c: writes capture files that are broken on purpose, for test_hostile.sh.
 *
 *   gen_hostile DIR            one CASE.pcap per hostile case (the list: gen_hostile -l)
 *   gen_hostile --seeds DIR    seed inputs for the fuzz harnesses: DIR/decode_LINK/NAME
 *                              (a control byte, then a frame) and DIR/pcap/NAME.pcap
 *
 * Every case is built from scratch, byte by byte, rather than by editing a capture, so
 * each file holds exactly the fault its name says, with valid checksums everywhere else.
 * Where the file format allows it a good packet comes before the fault and another after
 * it (TCP 127.0.0.1:40000 -> 127.0.0.1:15213, payloads "good-before" and "good-after"),
 * so the test can check that the sniffer reports the fault and carries on. Files cut
 * short (mid-header, mid-record) can only have good packets before the cut.
 *
 * The pcap files are written by hand (not with pcap_dump) because libpcap would refuse
 * to write most of these faults: caplen above len or above the snapshot length, records
 * cut short, unknown link types.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "inet_csum.h"

/* Link types as written in files (LINKTYPE_*, tcpdump.org/linktypes.html). */
enum {
    LT_NULL = 0,
    LT_ETHERNET = 1,
    LT_RAW = 101,
    LT_LOOP = 108,
    LT_SLL = 113,
    LT_USER0 = 147, /* reserved for private use: no dissector knows it */
    LT_IPV4 = 228,
    LT_IPV6 = 229,
    LT_SLL2 = 276,
};

#define MAXPKT 4096

struct pkt {
    uint8_t b[MAXPKT];
    size_t n;
};

static void put8(struct pkt *p, unsigned v)
{
    if (p->n < MAXPKT)
        p->b[p->n++] = (uint8_t)v;
}

static void put16(struct pkt *p, unsigned v)
{
    put8(p, v >> 8);
    put8(p, v);
}

static void put32(struct pkt *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p, v & 0xffff);
}

static void putn(struct pkt *p, const void *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put8(p, ((const uint8_t *)src)[i]);
}

static void set16(struct pkt *p, size_t off, unsigned v)
{
    p->b[off] = (uint8_t)(v >> 8);
    p->b[off + 1] = (uint8_t)v;
}

/* ---- transport ---- */

/* How a TCP header is to be broken: -1 leaves a field as a correct header has it. */
struct tcp_spec {
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    const uint8_t *opts;
    size_t optlen; /* padded with EOL to a multiple of 4 unless doff is forced */
    const char *payload;
    int doff; /* data offset in 32-bit words */
};

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* Appends a TCP segment; the checksum covers it with the pseudo-header of src/dst. */
static void tcp_seg(struct pkt *p, const struct tcp_spec *t, const uint8_t *src, const uint8_t *dst,
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

static const uint8_t lo4[4] = {127, 0, 0, 1};
static const uint8_t lo6[16] = {[15] = 1};

/* ---- network ---- */

struct ip4_spec {
    int ihl;    /* -1: 5 */
    int totlen; /* -1: header + payload */
    uint8_t proto;
    uint16_t frag; /* flags and offset field */
};

/* Appends an IPv4 header (no options unless ihl > 5: then NOPs) and the l4 bytes. */
static void ip4(struct pkt *p, const struct ip4_spec *s, const struct pkt *l4)
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
static void tcp4(struct pkt *p, const struct ip4_spec *ip, const struct tcp_spec *t)
{
    struct pkt seg = {.n = 0};
    tcp_seg(&seg, t, lo4, lo4, 4);
    struct ip4_spec s = *ip;
    s.proto = 6;
    ip4(p, &s, &seg);
}

static const struct ip4_spec IP4_OK = {.ihl = -1, .totlen = -1, .proto = 6};

/* An IPv6 extension header of 8 * (1 + hlen8) bytes naming next. */
struct ext6 {
    uint8_t type, next, hlen8;
};

/* Appends an IPv6 header, the extension headers, then l4 (proto after the chain). The
 * payload length is plen if >= 0, else what follows the fixed header. */
static void ip6(struct pkt *p, const struct ext6 *ext, int next, uint8_t proto,
                const struct pkt *l4, int plen)
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
static void link_wrap(struct pkt *out, int linktype, unsigned ethertype, int nvlan,
                      const struct pkt *l3)
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

struct wr {
    FILE *f;
    const char *path;
    bool failed;
};

static void wbytes(struct wr *w, const void *b, size_t n)
{
    if (n && fwrite(b, 1, n, w->f) != n)
        w->failed = true;
}

static void wle32(struct wr *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    wbytes(w, b, 4);
}

static bool wopen(struct wr *w, const char *dir, const char *name)
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
static void whdr_cut(struct wr *w, uint32_t linktype, uint32_t snaplen, size_t cut)
{
    uint8_t h[24];
    uint32_t f[] = {0xa1b2c3d4u, 2u | 4u << 16, 0, 0, snaplen, linktype};
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < 4; k++)
            h[i * 4 + k] = (uint8_t)(f[i] >> (8 * k));
    wbytes(w, h, cut < 24 ? cut : 24);
}

static void whdr(struct wr *w, uint32_t linktype, uint32_t snaplen)
{
    whdr_cut(w, linktype, snaplen, 24);
}

/* A record header claiming caplen/len, then ndata bytes of data (which may be fewer than
 * caplen, to cut the file mid-record). */
static void wrec_raw(struct wr *w, uint32_t sec, uint32_t usec, uint32_t caplen, uint32_t len,
                     const uint8_t *data, size_t ndata)
{
    wle32(w, sec);
    wle32(w, usec);
    wle32(w, caplen);
    wle32(w, len);
    wbytes(w, data, ndata);
}

static void wrec(struct wr *w, uint32_t sec, const struct pkt *frame)
{
    wrec_raw(w, sec, 0, (uint32_t)frame->n, (uint32_t)frame->n, frame->b, frame->n);
}

/* A record captured to caplen bytes of a frame whose wire length is frame->n. */
static void wrec_snap(struct wr *w, uint32_t sec, const struct pkt *frame, size_t caplen)
{
    wrec_raw(w, sec, 0, (uint32_t)caplen, (uint32_t)frame->n, frame->b, caplen);
}

static int wclose(struct wr *w)
{
    if (fclose(w->f) != 0)
        w->failed = true;
    if (w->failed) {
        fprintf(stderr, "gen_hostile: %s: write failed\n", w->path);
        return -1;
    }
    return 0;
}

/* ---- the good packets around each fault ---- */

static void good_frame(struct pkt *out, int linktype, const char *payload, uint32_t seq)
{
    struct tcp_spec t = {.sport = 40000,
                         .dport = 15213,
                         .seq = seq,
                         .ack = 1,
                         .flags = TCP_PSH | TCP_ACK,
                         .payload = payload,
                         .doff = -1};
    struct pkt l3 = {.n = 0};
    tcp4(&l3, &IP4_OK, &t);
    link_wrap(out, linktype, 0x0800, 0, &l3);
}

/* Opens NAME.pcap (Ethernet) and writes the good packet before. */
static bool begin(struct wr *w, const char *dir, const char *name)
{
    if (!wopen(w, dir, name))
        return false;
    whdr(w, LT_ETHERNET, 262144);
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "good-before", 1000);
    wrec(w, 1700000000, &g);
    return true;
}

/* Writes the good packet after and closes. */
static int end(struct wr *w)
{
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "good-after", 2000);
    wrec(w, 1700000002, &g);
    return wclose(w);
}

/* A file with the good packets around one hostile Ethernet frame. */
static int around(const char *dir, const char *name, const struct pkt *frame)
{
    struct wr w;
    if (!begin(&w, dir, name))
        return -1;
    wrec(&w, 1700000001, frame);
    return end(&w);
}

/* ---- the hostile frames (Ethernet + L3), shared with the fuzz seeds ---- */

/* Each builds an L3 packet into l3 and says which EtherType carries it. */
typedef unsigned (*l3_builder)(struct pkt *l3);

static unsigned l3_ip4_ihl_lt5(struct pkt *l3)
{
    struct tcp_spec t = {.sport = 40000, .dport = 15213, .flags = TCP_ACK, .doff = -1};
    struct ip4_spec s = IP4_OK;
    s.ihl = 4;
    tcp4(l3, &s, &t);
    return 0x0800;
}

static unsigned l3_ip4_totlen_lt_hdr(struct pkt *l3)
{
    struct tcp_spec t = {.sport = 40000, .dport = 15213, .flags = TCP_ACK, .doff = -1};
    struct ip4_spec s = IP4_OK;
    s.totlen = 12;
    tcp4(l3, &s, &t);
    return 0x0800;
}

static unsigned l3_tcp_doff_lt5(struct pkt *l3)
{
    struct tcp_spec t = {
        .sport = 40000, .dport = 15213, .flags = TCP_ACK, .doff = 3, .payload = "xyz"};
    tcp4(l3, &IP4_OK, &t);
    return 0x0800;
}

/* Data offset 15 (60 bytes) in a segment of 20: past the end of what the IP header
 * declares (and of what was captured). */
static unsigned l3_tcp_doff_past_end(struct pkt *l3)
{
    struct tcp_spec t = {.sport = 40000, .dport = 15213, .flags = TCP_ACK, .doff = 15};
    tcp4(l3, &IP4_OK, &t);
    return 0x0800;
}

static unsigned tcp_with_opts(struct pkt *l3, const uint8_t *opts, size_t n)
{
    struct tcp_spec t = {
        .sport = 40000, .dport = 15213, .flags = TCP_SYN, .opts = opts, .optlen = n, .doff = -1};
    tcp4(l3, &IP4_OK, &t);
    return 0x0800;
}

static unsigned l3_tcp_opt_len0(struct pkt *l3)
{
    static const uint8_t o[] = {2, 0, 5, 0xb4}; /* MSS with length 0 */
    return tcp_with_opts(l3, o, sizeof o);
}

static unsigned l3_tcp_opt_len1(struct pkt *l3)
{
    static const uint8_t o[] = {1, 1, 8, 1}; /* NOP NOP, timestamps with length 1 */
    return tcp_with_opts(l3, o, sizeof o);
}

static unsigned l3_tcp_opt_overrun(struct pkt *l3)
{
    static const uint8_t o[] = {1, 1, 8, 30, 0, 0, 0, 1}; /* TS claims 30 of 6 left */
    return tcp_with_opts(l3, o, sizeof o);
}

/* Every option at once, correct: the SYN Linux sends, for the seeds. */
static unsigned l3_tcp_syn_opts(struct pkt *l3)
{
    static const uint8_t o[] = {2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
    return tcp_with_opts(l3, o, sizeof o);
}

static unsigned l3_tcp_sack(struct pkt *l3)
{
    static const uint8_t o[] = {1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40};
    struct tcp_spec t = {.sport = 15213,
                         .dport = 40000,
                         .flags = TCP_ACK,
                         .opts = o,
                         .optlen = sizeof o,
                         .doff = -1,
                         .ack = 5};
    tcp4(l3, &IP4_OK, &t);
    return 0x0800;
}

/* Twelve destination-options headers each naming the next: more than any decoder keeps
 * (PKT_MAX_IP6_EXT is 8), the closest a linear header can come to a loop. */
static unsigned l3_ip6_ext_loop(struct pkt *l3)
{
    struct ext6 e[12];
    for (int i = 0; i < 12; i++)
        e[i] = (struct ext6){.type = i == 0 ? 0 : 60, .next = 60, .hlen8 = 0};
    e[11].next = 6;
    struct pkt seg = {.n = 0};
    struct tcp_spec t = {.sport = 40000, .dport = 15213, .flags = TCP_ACK, .doff = -1};
    tcp_seg(&seg, &t, lo6, lo6, 16);
    ip6(l3, e, 12, 6, &seg, -1);
    return 0x86dd;
}

/* A hop-by-hop header claiming 8 * (1 + 200) bytes in a payload of 16. */
static unsigned l3_ip6_ext_overrun(struct pkt *l3)
{
    struct ext6 e[2] = {{.type = 0, .next = 60, .hlen8 = 0}, {.type = 60, .next = 6, .hlen8 = 0}};
    struct pkt none = {.n = 0};
    ip6(l3, e, 2, 6, &none, -1);
    l3->b[40 + 8 + 1] = 200; /* the second header's length: far past the end */
    return 0x86dd;
}

/* A payload length shorter than the extension headers it carries. */
static unsigned l3_ip6_plen_short(struct pkt *l3)
{
    struct ext6 e[1] = {{.type = 44, .next = 6, .hlen8 = 0}};
    struct pkt seg = {.n = 0};
    struct tcp_spec t = {.sport = 40000, .dport = 15213, .flags = TCP_ACK, .doff = -1};
    tcp_seg(&seg, &t, lo6, lo6, 16);
    ip6(l3, e, 1, 6, &seg, 4);
    return 0x86dd;
}

static unsigned l3_tcp6_ok(struct pkt *l3)
{
    static const uint8_t o[] = {2, 4, 0xff, 0xc4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
    struct pkt seg = {.n = 0};
    struct tcp_spec t = {.sport = 40001,
                         .dport = 15213,
                         .flags = TCP_SYN,
                         .opts = o,
                         .optlen = sizeof o,
                         .doff = -1};
    tcp_seg(&seg, &t, lo6, lo6, 16);
    ip6(l3, NULL, 0, 6, &seg, -1);
    return 0x86dd;
}

static unsigned l3_udp4(struct pkt *l3)
{
    struct pkt u = {.n = 0};
    put16(&u, 5353);
    put16(&u, 53);
    put16(&u, 12);
    put16(&u, 0);
    putn(&u, "ping", 4);
    struct ip4_spec s = IP4_OK;
    s.proto = 17;
    ip4(l3, &s, &u);
    return 0x0800;
}

/* An echo request's header: ICMP type 8 or ICMPv6 type 128, code 0, the checksum 0 (for
 * the caller to fill), identifier 0x77, sequence number 1. */
static void icmp_echo_request(struct pkt *u, unsigned type)
{
    put8(u, type);
    put8(u, 0);
    put16(u, 0);
    put16(u, 0x77);
    put16(u, 1);
}

static unsigned l3_icmp4(struct pkt *l3)
{
    struct pkt u = {.n = 0};
    icmp_echo_request(&u, 8);
    putn(&u, "abcdefgh", 8);
    set16(&u, 2, inet_csum_fold(inet_csum_add(0, u.b, u.n)));
    struct ip4_spec s = IP4_OK;
    s.proto = 1;
    ip4(l3, &s, &u);
    return 0x0800;
}

static unsigned l3_icmp6(struct pkt *l3)
{
    struct pkt u = {.n = 0};
    icmp_echo_request(&u, 128);
    ip6(l3, NULL, 0, 58, &u, -1);
    return 0x86dd;
}

static unsigned l3_ip4_fragment(struct pkt *l3)
{
    struct tcp_spec t = {
        .sport = 40000, .dport = 15213, .flags = TCP_ACK, .doff = -1, .payload = "fragmented"};
    struct ip4_spec s = IP4_OK;
    s.frag = 0x2000; /* MF */
    tcp4(l3, &s, &t);
    return 0x0800;
}

static unsigned l3_arp(struct pkt *l3)
{
    static const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 1};
    put16(l3, 1);
    put16(l3, 0x0800);
    put8(l3, 6);
    put8(l3, 4);
    put16(l3, 1);
    putn(l3, mac, 6);
    putn(l3, lo4, 4);
    for (int i = 0; i < 6; i++)
        put8(l3, 0);
    putn(l3, lo4, 4);
    return 0x0806;
}

static unsigned l3_tcp_data(struct pkt *l3)
{
    struct tcp_spec t = {.sport = 40000,
                         .dport = 15213,
                         .seq = 1,
                         .ack = 1,
                         .flags = TCP_PSH | TCP_ACK,
                         .payload = "hello, echo\n",
                         .doff = -1};
    tcp4(l3, &IP4_OK, &t);
    return 0x0800;
}

static const struct {
    const char *name;
    l3_builder build;
    bool hostile;
} frames[] = {
    {"tcp_data", l3_tcp_data, false},
    {"tcp_syn_opts", l3_tcp_syn_opts, false},
    {"tcp_sack", l3_tcp_sack, false},
    {"tcp6_syn", l3_tcp6_ok, false},
    {"udp4", l3_udp4, false},
    {"icmp4", l3_icmp4, false},
    {"icmp6", l3_icmp6, false},
    {"ip4_fragment", l3_ip4_fragment, false},
    {"arp", l3_arp, false},
    {"ip4_ihl_lt5", l3_ip4_ihl_lt5, true},
    {"ip4_totlen_lt_hdr", l3_ip4_totlen_lt_hdr, true},
    {"tcp_doff_lt5", l3_tcp_doff_lt5, true},
    {"tcp_doff_past_end", l3_tcp_doff_past_end, true},
    {"tcp_opt_len0", l3_tcp_opt_len0, true},
    {"tcp_opt_len1", l3_tcp_opt_len1, true},
    {"tcp_opt_overrun", l3_tcp_opt_overrun, true},
    {"ip6_ext_loop", l3_ip6_ext_loop, true},
    {"ip6_ext_overrun", l3_ip6_ext_overrun, true},
    {"ip6_plen_short", l3_ip6_plen_short, true},
};
#define NFRAMES (sizeof frames / sizeof frames[0])

static void eth_frame(struct pkt *out, l3_builder b, int nvlan)
{
    struct pkt l3 = {.n = 0};
    unsigned et = b(&l3);
    link_wrap(out, LT_ETHERNET, et, nvlan, &l3);
}

/* ---- the file-level cases ---- */

static int case_cut_global_header(const char *dir)
{
    struct wr w;
    if (!wopen(&w, dir, "cut_global_header"))
        return -1;
    whdr_cut(&w, LT_ETHERNET, 262144, 10);
    return wclose(&w);
}

static int case_cut_record_header(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "cut_record_header"))
        return -1;
    uint8_t half[8] = {0};
    wbytes(&w, half, sizeof half); /* 8 of the next record header's 16 bytes */
    return wclose(&w);
}

static int case_cut_record_data(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "cut_record_data"))
        return -1;
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "never-complete", 3000);
    wrec_raw(&w, 1700000001, 0, (uint32_t)g.n, (uint32_t)g.n, g.b, 20);
    return wclose(&w);
}

static int case_caplen_gt_len(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "caplen_gt_len"))
        return -1;
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "caplen-above-len", 3000);
    wrec_raw(&w, 1700000001, 0, (uint32_t)g.n, 40, g.b, g.n);
    return end(&w);
}

/* A snapshot length of 64 in the header, and a record of 120 captured bytes. */
static int case_caplen_gt_snaplen(const char *dir)
{
    struct wr w;
    if (!wopen(&w, dir, "caplen_gt_snaplen"))
        return -1;
    whdr(&w, LT_ETHERNET, 64);
    struct pkt g, big;
    good_frame(&g, LT_ETHERNET, "good", 1000);
    wrec(&w, 1700000000, &g);
    good_frame(&big, LT_ETHERNET,
               "this payload makes the frame longer than the file's 64-byte snapshot", 1004);
    wrec(&w, 1700000001, &big);
    good_frame(&g, LT_ETHERNET, "good", 1072);
    wrec(&w, 1700000002, &g);
    return wclose(&w);
}

/* A record header claiming 0xfffffff0 captured bytes (and the good packet before). */
static int case_huge_caplen(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "huge_caplen"))
        return -1;
    uint8_t some[64] = {0};
    wrec_raw(&w, 1700000001, 0, 0xfffffff0u, 0xfffffff0u, some, sizeof some);
    return wclose(&w);
}

static int case_zero_length(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "zero_length"))
        return -1;
    wrec_raw(&w, 1700000001, 0, 0, 0, NULL, 0);  /* nothing at all */
    wrec_raw(&w, 1700000001, 1, 0, 60, NULL, 0); /* 60 on the wire, none captured */
    return end(&w);
}

static int case_unknown_linktype(const char *dir)
{
    struct wr w;
    if (!wopen(&w, dir, "unknown_linktype"))
        return -1;
    whdr(&w, LT_USER0, 262144);
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "opaque", 1000);
    wrec(&w, 1700000000, &g);
    return wclose(&w);
}

static int case_timestamps_backwards(const char *dir)
{
    struct wr w;
    if (!wopen(&w, dir, "timestamps_backwards"))
        return -1;
    whdr(&w, LT_ETHERNET, 262144);
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "t=10", 1000);
    wrec(&w, 1700000010, &g);
    good_frame(&g, LT_ETHERNET, "t=5", 1004);
    wrec(&w, 1700000005, &g);
    good_frame(&g, LT_ETHERNET, "t=0", 1007);
    wrec_raw(&w, 0, 0, (uint32_t)g.n, (uint32_t)g.n, g.b, g.n); /* the epoch itself */
    good_frame(&g, LT_ETHERNET, "t=12", 1010);
    wrec(&w, 1700000012, &g);
    return wclose(&w);
}

/* Six VLAN tags (one 802.1ad, five 802.1Q), and ten: more than sniff keeps (8). */
static int case_vlan_stacked(const char *dir)
{
    struct pkt f;
    eth_frame(&f, l3_tcp_data, 6);
    int rc = around(dir, "vlan_stacked", &f);
    eth_frame(&f, l3_tcp_data, 10);
    rc |= around(dir, "vlan_deep", &f);
    eth_frame(&f, l3_tcp_data, 2); /* the ordinary QinQ pair */
    return rc | around(dir, "vlan_qinq", &f);
}

/* One TCP/IPv4 packet with options and payload, recorded at every caplen from 0 to its
 * length (len always the full length): truncation at every byte. */
static int case_truncated_every_length(const char *dir)
{
    struct wr w;
    if (!wopen(&w, dir, "truncated_every_length"))
        return -1;
    whdr(&w, LT_ETHERNET, 262144);
    struct pkt f;
    eth_frame(&f, l3_tcp_syn_opts, 1);
    for (size_t c = 0; c <= f.n; c++)
        wrec_snap(&w, 1700000000 + (uint32_t)c, &f, c);
    return wclose(&w);
}

/* The same packet in every link type we decode, one file each. */
static int case_link_types(const char *dir)
{
    static const struct {
        int lt;
        const char *name;
    } lts[] = {{LT_NULL, "link_null"}, {LT_LOOP, "link_loop"}, {LT_RAW, "link_raw"},
               {LT_SLL, "link_sll"},   {LT_SLL2, "link_sll2"}, {LT_IPV4, "link_ipv4"}};
    int rc = 0;
    for (size_t i = 0; i < sizeof lts / sizeof lts[0]; i++) {
        struct wr w;
        if (!wopen(&w, dir, lts[i].name))
            return -1;
        whdr(&w, (uint32_t)lts[i].lt, 262144);
        struct pkt g;
        good_frame(&g, lts[i].lt, "good-before", 1000);
        wrec(&w, 1700000000, &g);
        /* A frame cut inside the link header itself. */
        wrec_snap(&w, 1700000001, &g, lts[i].lt == LT_SLL2 ? 11 : 2);
        good_frame(&g, lts[i].lt, "good-after", 2000);
        wrec(&w, 1700000002, &g);
        rc |= wclose(&w);
    }
    return rc;
}

static int write_cases(const char *dir)
{
    int rc = 0;
    rc |= case_cut_global_header(dir);
    rc |= case_cut_record_header(dir);
    rc |= case_cut_record_data(dir);
    rc |= case_caplen_gt_len(dir);
    rc |= case_caplen_gt_snaplen(dir);
    rc |= case_huge_caplen(dir);
    rc |= case_zero_length(dir);
    rc |= case_unknown_linktype(dir);
    rc |= case_timestamps_backwards(dir);
    rc |= case_vlan_stacked(dir);
    rc |= case_truncated_every_length(dir);
    rc |= case_link_types(dir);
    for (size_t i = 0; i < NFRAMES; i++) {
        if (!frames[i].hostile)
            continue;
        struct pkt f;
        eth_frame(&f, frames[i].build, 0);
        rc |= around(dir, frames[i].name, &f);
        /* The same fault with the frame cut short by the snapshot length too. */
        struct wr w;
        char name[128];
        snprintf(name, sizeof name, "%s_snap", frames[i].name);
        if (!begin(&w, dir, name))
            return -1;
        wrec_snap(&w, 1700000001, &f, f.n > 40 ? f.n - 6 : f.n);
        rc |= end(&w);
    }
    return rc;
}

/* ---- fuzz seeds ---- */

static int mkdir_p(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen_hostile: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int write_seed(const char *dir, const char *name, uint8_t ctl, const struct pkt *f)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "gen_hostile: %s: %s\n", path, strerror(errno));
        return -1;
    }
    bool ok = fwrite(&ctl, 1, 1, fp) == 1 && fwrite(f->b, 1, f->n, fp) == f->n;
    return fclose(fp) == 0 && ok ? 0 : -1;
}

static int write_track_seeds(const char *dir);

static int write_seeds(const char *out)
{
    static const struct {
        int lt;
        const char *harness;
    } lts[] = {{LT_ETHERNET, "decode_eth"}, {LT_SLL, "decode_sll"},   {LT_SLL2, "decode_sll2"},
               {LT_NULL, "decode_null"},    {LT_LOOP, "decode_loop"}, {LT_RAW, "decode_raw"},
               {LT_IPV4, "decode_ipv4"},    {LT_IPV6, "decode_ipv6"}};
    int rc = mkdir_p(out);
    for (size_t i = 0; rc == 0 && i < sizeof lts / sizeof lts[0]; i++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", out, lts[i].harness);
        if (mkdir_p(dir) != 0)
            return -1;
        for (size_t k = 0; k < NFRAMES; k++) {
            struct pkt l3 = {.n = 0}, f;
            unsigned et = frames[k].build(&l3);
            if ((lts[i].lt == LT_IPV4 && et != 0x0800) || (lts[i].lt == LT_IPV6 && et != 0x86dd))
                continue;
            if (et == 0x0806 && lts[i].lt != LT_ETHERNET && lts[i].lt != LT_SLL &&
                lts[i].lt != LT_SLL2)
                continue;
            link_wrap(&f, lts[i].lt, et, 0, &l3);
            rc |= write_seed(dir, frames[k].name, 0, &f);
            if (!frames[k].hostile && f.n > 30) { /* and cut by a snapshot length */
                char name[160];
                snprintf(name, sizeof name, "%s_snap", frames[k].name);
                struct pkt cut = f;
                cut.n = f.n - 10;
                rc |= write_seed(dir, name, 3, &cut);
            }
        }
        if (lts[i].lt == LT_ETHERNET) {
            struct pkt f;
            eth_frame(&f, l3_tcp_data, 2);
            rc |= write_seed(dir, "vlan_qinq", 0, &f);
            eth_frame(&f, l3_tcp_data, 6);
            rc |= write_seed(dir, "vlan_stacked", 0, &f);
        }
    }
    char tdir[4096];
    snprintf(tdir, sizeof tdir, "%s/track", out);
    rc |= write_track_seeds(tdir);
    char pdir[4096];
    snprintf(pdir, sizeof pdir, "%s/pcap", out);
    if (rc == 0 && mkdir_p(pdir) == 0)
        rc |= write_cases(pdir);
    return rc;
}

/* ---- sequences for the tracker harness: [ctl][len16][raw IP packet]... ---- */

struct seq_step {
    bool from_server;
    uint8_t flags;
    uint32_t seq, ack;
    const char *payload;
    uint8_t ctl; /* the harness's control byte: time step, snapshot cut */
};

static int write_track_seed(const char *dir, const char *name, const struct seq_step *st, size_t n,
                            bool v6)
{
    static const uint8_t syn_opts[] = {2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0,
                                       0, 1, 0,    0,    0, 0, 1, 3,  3, 7};
    struct pkt out = {.n = 0};
    for (size_t i = 0; i < n; i++) {
        struct tcp_spec t = {.sport = st[i].from_server ? 15213 : 40000,
                             .dport = st[i].from_server ? 40000 : 15213,
                             .seq = st[i].seq,
                             .ack = st[i].ack,
                             .flags = st[i].flags,
                             .payload = st[i].payload,
                             .doff = -1};
        if (st[i].flags & TCP_SYN) {
            t.opts = syn_opts;
            t.optlen = sizeof syn_opts;
        }
        struct pkt l3 = {.n = 0};
        if (v6) {
            struct pkt seg = {.n = 0};
            tcp_seg(&seg, &t, lo6, lo6, 16);
            ip6(&l3, NULL, 0, 6, &seg, -1);
        } else {
            tcp4(&l3, &IP4_OK, &t);
        }
        put8(&out, st[i].ctl);
        put16(&out, (unsigned)l3.n);
        putn(&out, l3.b, l3.n);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "gen_hostile: %s: %s\n", path, strerror(errno));
        return -1;
    }
    bool ok = fwrite(out.b, 1, out.n, fp) == out.n;
    return fclose(fp) == 0 && ok ? 0 : -1;
}

#define SA (TCP_SYN | TCP_ACK)
#define PA (TCP_PSH | TCP_ACK)
#define FA (TCP_FIN | TCP_ACK)

static int write_track_seeds(const char *dir)
{
    /* A whole echo session: handshake, two requests echoed, both FINs. */
    static const struct seq_step echo[] = {
        {false, TCP_SYN, 100, 0, NULL, 1},
        {true, SA, 900, 101, NULL, 1},
        {false, TCP_ACK, 101, 901, NULL, 1},
        {false, PA, 101, 901, "hello\n", 2},
        {true, PA, 901, 107, "hello\n", 1},
        {false, TCP_ACK, 107, 907, NULL, 1},
        {false, PA, 107, 907, "second line\n", 2},
        {true, PA, 907, 119, "second ", 1},
        {true, PA, 914, 119, "line\n", 1},
        {false, FA, 119, 919, NULL, 3},
        {true, FA, 919, 120, NULL, 1},
        {false, TCP_ACK, 120, 920, NULL, 1},
    };
    /* An echo that differs, a retransmission, an out-of-order segment and a reset. */
    static const struct seq_step bad[] = {
        {false, TCP_SYN, 100, 0, NULL, 1},      {true, SA, 900, 101, NULL, 1},
        {false, TCP_ACK, 101, 901, NULL, 1},    {false, PA, 101, 901, "abcdef", 2},
        {false, PA, 101, 901, "abcdef", 40},    {true, PA, 901, 107, "abXdef", 1},
        {false, PA, 113, 907, "later", 2},      {false, PA, 107, 907, "gap!!!", 1},
        {true, PA, 907, 118, "gap!!!la", 0x41}, {true, TCP_ACK, 915, 118, NULL, 0x85},
        {false, TCP_RST, 118, 0, NULL, 1},
    };
    /* Mid-stream start (no SYN), a zero window, keep-alives, a server that echoes more. */
    static const struct seq_step mid[] = {
        {false, PA, 5000, 7000, "xyz", 1},
        {true, PA, 7000, 5003, "xyz", 1},
        {true, TCP_ACK, 7003, 5003, NULL, 1},
        {false, TCP_ACK, 5002, 7003, NULL, 30},
        {true, PA, 7003, 5003, "extra", 1},
        {false, FA, 5003, 7008, NULL, 1},
        {true, TCP_RST | TCP_ACK, 7008, 5004, NULL, 1},
    };
    int rc = mkdir_p(dir);
    rc |= write_track_seed(dir, "echo4", echo, sizeof echo / sizeof echo[0], false);
    rc |= write_track_seed(dir, "echo6", echo, sizeof echo / sizeof echo[0], true);
    rc |= write_track_seed(dir, "mismatch_retrans_rst", bad, sizeof bad / sizeof bad[0], false);
    rc |= write_track_seed(dir, "midstream", mid, sizeof mid / sizeof mid[0], false);
    return rc;
}

static void list_cases(void)
{
    puts("cut_global_header\ncut_record_header\ncut_record_data\ncaplen_gt_len\n"
         "caplen_gt_snaplen\nhuge_caplen\nzero_length\nunknown_linktype\n"
         "timestamps_backwards\nvlan_stacked\nvlan_deep\nvlan_qinq\ntruncated_every_length\n"
         "link_null\nlink_loop\nlink_raw\nlink_sll\nlink_sll2\nlink_ipv4");
    for (size_t i = 0; i < NFRAMES; i++)
        if (frames[i].hostile)
            printf("%s\n%s_snap\n", frames[i].name, frames[i].name);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "-l") == 0) {
        list_cases();
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "--seeds") == 0)
        return write_seeds(argv[2]) == 0 ? 0 : 1;
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: gen_hostile DIR | gen_hostile --seeds DIR | gen_hostile -l\n");
        return 2;
    }
    if (mkdir_p(argv[1]) != 0)
        return 1;
    return write_cases(argv[1]) == 0 ? 0 : 1;
}
