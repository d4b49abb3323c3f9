/*
 * hostile_frames.c: single frames, good and hostile, each an L3 packet a builder writes
 * and a link header wraps: an IPv4 header length below 5 or a total length below it, a
 * TCP data offset below 5 or past the end, options of length 0 or 1 or overrunning the
 * header, IPv6 extension-header loops and overruns, a payload length shorter than the
 * extension headers; and the good frames the fuzz harnesses start from (TCP with every
 * option, SACK, IPv6, UDP, ICMP, a fragment, ARP).
 */

#include "gen_hostile.h"
#include "inet_csum.h"

/* An ACK from port 40000 to 15213 in the IPv4 header s, with data offset doff (-1: the
 * right one) and payload (NULL: none). */
static unsigned ack4(struct pkt *l3, const struct ip4_spec *s, int doff, const char *payload)
{
    struct tcp_spec t = {
        .sport = 40000, .dport = 15213, .flags = TCP_ACK, .doff = doff, .payload = payload};
    tcp4(l3, s, &t);
    return 0x0800;
}

static unsigned l3_ip4_ihl_lt5(struct pkt *l3)
{
    struct ip4_spec s = IP4_OK;
    s.ihl = 4;
    return ack4(l3, &s, -1, NULL);
}

static unsigned l3_ip4_totlen_lt_hdr(struct pkt *l3)
{
    struct ip4_spec s = IP4_OK;
    s.totlen = 12;
    return ack4(l3, &s, -1, NULL);
}

static unsigned l3_tcp_doff_lt5(struct pkt *l3)
{
    return ack4(l3, &IP4_OK, 3, "xyz");
}

/* Data offset 15 (60 bytes) in a segment of 20: past the end of what the IP header
 * declares (and of what was captured). */
static unsigned l3_tcp_doff_past_end(struct pkt *l3)
{
    return ack4(l3, &IP4_OK, 15, NULL);
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
unsigned l3_tcp_syn_opts(struct pkt *l3)
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

unsigned l3_tcp_data(struct pkt *l3)
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

/* Nine IPv4 headers, each carrying the next (IP-in-IP, protocol 4), the innermost an ACK:
 * more addresses than -Y and -T fields keep for one packet (sixteen). Not malformed, but
 * it once made ip.addr write past its array. */
static unsigned l3_ip4_nested9(struct pkt *l3)
{
    struct pkt in = {.n = 0};
    ack4(&in, &IP4_OK, -1, NULL);
    struct ip4_spec s = IP4_OK;
    s.proto = 4;
    for (int i = 0; i < 7; i++) {
        struct pkt out = {.n = 0};
        ip4(&out, &s, &in);
        in = out;
    }
    ip4(l3, &s, &in); /* the ninth */
    return 0x0800;
}

const struct hostile_frame frames[] = {
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
    {"ip4_nested9", l3_ip4_nested9, true},
};
const size_t nframes = sizeof frames / sizeof frames[0];

void eth_frame(struct pkt *out, l3_builder b, int nvlan)
{
    struct pkt l3 = {.n = 0};
    unsigned et = b(&l3);
    link_wrap(out, LT_ETHERNET, et, nvlan, &l3);
}
