/*
 * fmt_detail.c: -V, the packet detail tree, worded and laid out as `tshark -V` (Wireshark
 * 4.0) prints it, so a student can put the two side by side (here with -n, no vendor
 * names, as `tshark -n -V`):
 *
 *   Frame 1799: 72 bytes on wire (576 bits), 72 bytes captured (576 bits)
 *   Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64
 *   Internet Protocol Version 4, Src: 128.237.252.163, Dst: 128.2.220.10
 *       0100 .... = Version: 4
 *   Transmission Control Protocol, Src Port: 55306, Dst Port: 15213, Seq: 1, Ack: 1, Len: 18
 *
 * Each protocol is a top-level line with its fields indented 4 spaces per level beneath
 * it; bit fields show their bits in a mask picture ("010. .... = Flags: 0x2, ..."), as
 * Wireshark's proto_item_fill_label does. Everything comes from the decoded struct packet
 * (and the tracker's p->track); this file never parses headers. It does read bytes the
 * decoders located (payload, unused link-address bytes, padding) to print them as data,
 * it sums ICMP messages for their checksum, which tshark always verifies, and it reads
 * ping's send time from echo data as Wireshark guesses it.
 *
 * What tshark shows that needs state this formatter does not have is left out, and the
 * end-to-end test (tests/test_sniff_view.sh) lists each such line: the time deltas from
 * previous frames, TCP conversation completeness, [Timestamps] and [SEQ/ACK analysis],
 * UDP stream indices, and expert notes that depend on earlier packets. Options whose
 * values the decoders do not keep (IPv4 options, IPv6 hop-by-hop TLVs, routing header
 * fields) are shown as their header only.
 */
#include "fmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "checksum.h"
#include "names.h"
#include "oui.h"

/* ---- names --------------------------------------------------------------------------- */

/* The tables shared with the packet list (names.h) plus the tree's own: the tree uses
 * Wireshark's long names ("802.1Q Virtual LAN", "IPv6 Hop-by-Hop Option") where the
 * packet list uses short ones ("802.1Q", "HOPOPT"). */
static const char *tok_name(const struct tok *t, unsigned v, const char *dflt)
{
    const char *name = tok_lookup(t, v);
    return name != NULL ? name : dflt;
}

static const struct tok ethertypes[] = {
    {0x0800, "IPv4"},
    {0x86dd, "IPv6"},
    {0x0806, "ARP"},
    {0x8035, "RARP"},
    {0x8100, "802.1Q Virtual LAN"},
    {0x88a8, "802.1ad Provider Bridge (Q-in-Q)"},
    {0x8847, "MPLS label switched packet"},
    {0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)"},
    {0x888e, "802.1X Authentication"},
    {0x88b5, "Local Experimental Ethertype 1"},
    {0x88b6, "Local Experimental Ethertype 2"},
    {0x88f7, "PTPv2 over Ethernet (IEEE1588)"},
    {0, NULL},
};

/* IP protocol numbers as Wireshark names them (ipproto_val). */
static const struct tok ipprotos[] = {
    {0, "IPv6 Hop-by-Hop Option"},
    {1, "ICMP"},
    {2, "IGMP"},
    {4, "IPIP"},
    {6, "TCP"},
    {17, "UDP"},
    {41, "IPv6"},
    {43, "Routing Header for IPv6"},
    {44, "Fragment Header for IPv6"},
    {47, "GRE"},
    {50, "Encap Security Payload"},
    {51, "Authentication Header"},
    {58, "ICMPv6"},
    {59, "No Next Header for IPv6"},
    {60, "Destination Options for IPv6"},
    {89, "OSPF IGP"},
    {103, "PIM"},
    {112, "VRRP"},
    {132, "SCTP"},
    {0, NULL},
};

/* RFC 2474, 3246, 2597, 5865, 8622: long name and the short one in the summary. */
static const struct dscp_name {
    uint8_t value;
    const char *name, *shortname;
} dscps[] = {
    {0, "Default", "CS0"},
    {1, "Lower Effort", "LE"},
    {8, "Class Selector 1", "CS1"},
    {10, "Assured Forwarding 11", "AF11"},
    {12, "Assured Forwarding 12", "AF12"},
    {14, "Assured Forwarding 13", "AF13"},
    {16, "Class Selector 2", "CS2"},
    {18, "Assured Forwarding 21", "AF21"},
    {20, "Assured Forwarding 22", "AF22"},
    {22, "Assured Forwarding 23", "AF23"},
    {24, "Class Selector 3", "CS3"},
    {26, "Assured Forwarding 31", "AF31"},
    {28, "Assured Forwarding 32", "AF32"},
    {30, "Assured Forwarding 33", "AF33"},
    {32, "Class Selector 4", "CS4"},
    {34, "Assured Forwarding 41", "AF41"},
    {36, "Assured Forwarding 42", "AF42"},
    {38, "Assured Forwarding 43", "AF43"},
    {40, "Class Selector 5", "CS5"},
    {44, "Voice Admit", "VOICE-ADMIT"},
    {46, "Expedited Forwarding", "EF PHB"},
    {48, "Class Selector 6", "CS6"},
    {56, "Class Selector 7", "CS7"},
};

/* RFC 3168 ECN codepoints: long and short names. */
static const char *const ecn_long[4] = {
    "Not ECN-Capable Transport", "ECN-Capable Transport codepoint '01'",
    "ECN-Capable Transport codepoint '10'", "Congestion Experienced"};
static const char *const ecn_short[4] = {"Not-ECT", "ECT(1)", "ECT(0)", "CE"};

static const struct tok vlan_priorities[] = {
    {0, "Best Effort (default)"},
    {1, "Background"},
    {2, "Excellent Effort"},
    {3, "Critical Applications"},
    {4, "Video, < 100ms latency and jitter"},
    {5, "Voice, < 10ms latency and jitter"},
    {6, "Internetwork Control"},
    {7, "Network Control"},
    {0, NULL},
};

static const struct tok sll_pkttypes[] = {
    {0, "Unicast to us"},           {1, "Broadcast"},  {2, "Multicast"},
    {3, "Unicast to another host"}, {4, "Sent by us"}, {0, NULL},
};

static const struct tok arphrd_types[] = {
    {1, "Ethernet"}, {24, "IEEE 1394"}, {512, "PPP"},         {768, "IPIP"},   {772, "Loopback"},
    {776, "SIT"},    {778, "IP GRE"},   {801, "IEEE 802.11"}, {65534, "None"}, {0, NULL},
};

/* BSD address families in DLT_NULL/DLT_LOOP headers; IPv6 differs between BSDs. */
static const struct tok null_families[] = {
    {2, "IP"}, {24, "IPv6"}, {28, "IPv6"}, {30, "IPv6"}, {0, NULL},
};

/* The TCP flags in Wireshark's summary order, and the letters of "[TCP Flags: ...]". */
static const struct tok tcp_flag_names[] = {
    {TCP_FIN, "FIN"}, {TCP_SYN, "SYN"}, {TCP_RST, "RST"}, {TCP_PSH, "PSH"}, {TCP_ACK, "ACK"},
    {TCP_URG, "URG"}, {TCP_ECE, "ECE"}, {TCP_CWR, "CWR"}, {TCP_AE, "AE"},   {0, NULL},
};

/* One line per flag bit, high to low, below "Flags: 0x018 (PSH, ACK)". */
static const struct tok tcp_flag_lines[] = {
    {TCP_AE, "Accurate ECN"},
    {TCP_CWR, "Congestion Window Reduced"},
    {TCP_ECE, "ECN-Echo"},
    {TCP_URG, "Urgent"},
    {TCP_ACK, "Acknowledgment"},
    {TCP_PSH, "Push"},
    {TCP_RST, "Reset"},
    {TCP_SYN, "Syn"},
    {TCP_FIN, "Fin"},
    {0, NULL},
};

static const struct tok tcp_opt_kinds[] = {
    {0, "End of Option List"},
    {1, "No-Operation"},
    {2, "Maximum Segment Size"},
    {3, "Window Scale"},
    {4, "SACK Permitted"},
    {5, "SACK"},
    {8, "Time Stamp Option"},
    {19, "MD5 Signature Option"},
    {28, "User Timeout"},
    {29, "TCP Authentication Option"},
    {30, "Multipath TCP"},
    {34, "TCP Fast Open Cookie"},
    {253, "RFC3692-style Experiment 1"},
    {254, "RFC3692-style Experiment 2"},
    {0, NULL},
};

static const struct tok icmp_ttl_codes[] = {
    {0, "Time to live exceeded in transit"},
    {1, "Fragment reassembly time exceeded"},
    {0, NULL},
};

/* ---- line helpers -------------------------------------------------------------------- */

#define LINE_MAX_LEN 1024

static void vline(struct out *o, int lvl, const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void vline(struct out *o, int lvl, const char *prefix, const char *fmt, va_list ap)
{
    char buf[LINE_MAX_LEN];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < 0)
        return;
    out_spaces(o, 4 * lvl);
    if (prefix != NULL)
        out_str(o, prefix);
    out_mem(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
    out_char(o, '\n');
}

/* One tree line at depth lvl. */
static void line(struct out *o, int lvl, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void line(struct out *o, int lvl, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(o, lvl, NULL, fmt, ap);
    va_end(ap);
}

/*
 * A bit-field line: the field's bits inside a width-bit word drawn as Wireshark draws
 * them, '0'/'1' where mask has a bit and '.' elsewhere, in groups of four, then " = " and
 * the label, e.g. "0100 .... = Version: 4" for (0x45, 8, 0xf0).
 */
static void bitline(struct out *o, int lvl, uint32_t word, int width, uint32_t mask,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void bitline(struct out *o, int lvl, uint32_t word, int width, uint32_t mask,
                    const char *fmt, ...)
{
    char bits[32 + 8 + 4];
    size_t k = 0;
    for (int i = width - 1; i >= 0; i--) {
        if (i != width - 1 && (width - 1 - i) % 4 == 0)
            bits[k++] = ' ';
        uint32_t b = (uint32_t)1 << i;
        bits[k++] = (mask & b) ? ((word & b) ? '1' : '0') : '.';
    }
    memcpy(bits + k, " = ", 4);
    va_list ap;
    va_start(ap, fmt);
    vline(o, lvl, bits, fmt, ap);
    va_end(ap);
}

/* Wireshark's expert-info block: the message with its severity and group beneath. */
static void expert(struct out *o, int lvl, const char *severity, const char *group, const char *msg)
{
    line(o, lvl, "[Expert Info (%s/%s): %s]", severity, group, msg);
    line(o, lvl + 1, "[%s]", msg);
    line(o, lvl + 1, "[Severity level: %s]", severity);
    line(o, lvl + 1, "[Group: %s]", group);
}

static const char *set_str(bool b)
{
    return b ? "Set" : "Not set";
}

static const char *plural(uint32_t n)
{
    return n == 1 ? "" : "s";
}

static void fmt_mac(char buf[18], const uint8_t m[6])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/*
 * How a MAC address is named. Wireshark with name resolution (its default, and tshark's)
 * shows "Intel_e3:54:e6 (00:16:ea:e3:54:e6)", and "02:00:5e:10:00:01
 * (02:00:5e:10:00:01)" when the registry has no vendor for it; with -n (tshark -n) the
 * address alone.
 */
static void mac_name(char *buf, size_t n, const uint8_t m[6], const struct fmt_opts *opts)
{
    char a[18];
    fmt_mac(a, m);
    if (!opts->resolve_vendors) {
        snprintf(buf, n, "%s", a);
        return;
    }
    /* opts->oui may be NULL (no registry installed): "Broadcast (ff:...)" and
     * "addr (addr)" then, the form tshark gives addresses it has no vendor for. */
    char name[OUI_SHORT_MAX + 16]; /* "Vendor_e3:54:e6" */
    oui_name(opts->oui, m, name, sizeof name);
    if (snprintf(buf, n, "%s (%s)", name, a) < 0)
        buf[0] = '\0';
}

static void fmt_ip4(char buf[16], const uint8_t a[4])
{
    snprintf(buf, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/* RFC 5952 text form: lower case, longest run of two or more zero groups as "::". */
static void fmt_ip6(char buf[46], const uint8_t a[16])
{
    unsigned g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    int best = -1, bestlen = 0;
    for (int i = 0; i < 8;) {
        if (g[i] != 0) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && g[j] == 0)
            j++;
        if (j - i > bestlen && j - i >= 2) {
            best = i;
            bestlen = j - i;
        }
        i = j;
    }
    /* IPv4-mapped (::ffff:a.b.c.d) is written with a dotted quad, as inet_ntop does. */
    if (best == 0 && bestlen == 5 && g[5] == 0xffff) {
        snprintf(buf, 46, "::ffff:%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
        return;
    }
    size_t k = 0;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            buf[k++] = ':';
            if (i == 0)
                buf[k++] = ':';
            i += bestlen - 1;
            continue;
        }
        k += (size_t)snprintf(buf + k, 46 - k, "%x%s", g[i], i < 7 ? ":" : "");
    }
    buf[k] = '\0';
}

/* Bytes as contiguous hex, cut after 36 bytes with an ellipsis, as tshark's labels are. */
static void hex_field(char *buf, size_t n, const uint8_t *b, size_t len)
{
    static const char hexd[] = "0123456789abcdef";
    size_t show = len > 36 ? 36 : len, k = 0;
    for (size_t i = 0; i < show && k + 3 < n; i++) {
        buf[k++] = hexd[b[i] >> 4];
        buf[k++] = hexd[b[i] & 0xf];
    }
    if (show < len && k + 4 < n) {
        memcpy(buf + k, "\xe2\x80\xa6", 3); /* U+2026 HORIZONTAL ELLIPSIS */
        k += 3;
    }
    buf[k] = '\0';
}

/* Captured bytes from frame offset off, at most want; *got says how many are there. */
static const uint8_t *frame_bytes(const struct packet *p, uint32_t off, uint32_t want,
                                  uint32_t *got)
{
    *got = 0;
    if (p->frame.data == NULL || off >= p->frame.caplen)
        return NULL;
    uint32_t have = p->frame.caplen - off;
    *got = have < want ? have : want;
    return p->frame.data + off;
}

/* "Data (N bytes)" with its Data and Length lines; captured bytes only. With --redact
 * the bytes are not shown at all (they are zeros by then): the header line says so.
 * ICMP messages are never redacted (redact.h), so their data is always shown. */
static void data_tree(struct out *o, int lvl, const uint8_t *b, uint32_t caplen, bool redacted)
{
    char hex[2 * 36 + 8];
    if (redacted) {
        line(o, lvl, "Data (%u byte%s) [redacted]", caplen, plural(caplen));
        line(o, lvl + 1, "[Length: %u]", caplen);
        return;
    }
    line(o, lvl, "Data (%u byte%s)", caplen, plural(caplen));
    hex_field(hex, sizeof hex, b, caplen);
    line(o, lvl + 1, "Data: %s", hex);
    line(o, lvl + 1, "[Length: %u]", caplen);
}

/* ---- frame --------------------------------------------------------------------------- */

static const char *encapsulation(const struct packet *p)
{
    switch (p->link.kind) {
    case LINK_ETHERNET:
        return "Ethernet (1)";
    case LINK_SLL:
        return "Linux cooked-mode capture v1 (25)";
    case LINK_SLL2:
        return "Linux cooked-mode capture v2 (210)";
    case LINK_NULL:
        return "NULL/Loopback (15)";
    case LINK_LOOP:
        return "OpenBSD loopback (174)";
    case LINK_RAW:
        return "Raw IP (7)";
    case LINK_IPV4:
        return "Raw IPv4 (129)";
    case LINK_IPV6:
        return "Raw IPv6 (130)";
    }
    return "Unknown";
}

static const char *ext_proto_name(uint8_t type)
{
    switch (type) {
    case 0:
        return "ipv6.hopopts";
    case 43:
        return "ipv6.routing";
    case 44:
        return "ipv6.fraghdr";
    case 60:
        return "ipv6.dstopts";
    case 51:
        return "ah";
    default:
        return "ipv6.ext";
    }
}

/* The extension header the IPv6 decoder stopped in (cut or impossible), or -1: the next
 * header named by the last one decoded, when that is an extension header itself. */
static int ip6_pending_ext(const struct packet *p)
{
    const struct ipv6_info *ip = &p->ip6;
    if (p->net != NET_IPV6 || ip->status == LAYER_OK || ip->version != 6)
        return -1;
    int n = ip->next < PKT_MAX_IP6_EXT ? ip->next : PKT_MAX_IP6_EXT;
    if (n > 0 && ip->ext[n - 1].type == 44)
        return -1; /* a fragment header ends the chain */
    uint8_t nh = n > 0 ? ip->ext[n - 1].next : ip->next_header;
    return nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51 ? nh : -1;
}

/* Whether the transport carried data that Wireshark hands to its "data" dissector. */
static uint32_t l4_payload(const struct packet *p, const uint8_t **b, uint32_t *caplen);

/* Bytes after the link header when its EtherType is none sniff decodes (captured ones). */
static uint32_t other_net_bytes(const struct packet *p)
{
    if (p->link.status != LAYER_OK || p->frame.caplen <= p->link.hdr_len)
        return 0;
    return p->frame.caplen - p->link.hdr_len;
}

/* "eth:ethertype:ip:tcp:data", Wireshark's frame.protocols. */
static void protocols_in_frame(const struct packet *p, char *buf, size_t n)
{
    size_t k = 0;
#define ADD(s)                                                                                     \
    do {                                                                                           \
        int w_ = snprintf(buf + k, n - k, "%s%s", k ? ":" : "", (s));                              \
        if (w_ > 0)                                                                                \
            k = k + (size_t)w_ < n ? k + (size_t)w_ : n - 1;                                       \
    } while (0)
    buf[0] = '\0';
    bool whole = p->link.status == LAYER_OK;
    switch (p->link.kind) {
    case LINK_ETHERNET:
        if (p->frame.caplen < 14) {
            ADD("eth");
            break;
        }
        ADD("eth:ethertype");
        for (int i = 0; i < p->link.nvlan && i < PKT_MAX_VLAN; i++)
            ADD(p->link.vlan[i].tpid == 0x88a8 ? "ieee8021ad:ethertype" : "vlan:ethertype");
        for (int i = 0; i < p->link.nvlan_more; i++)
            ADD("vlan:ethertype"); /* skipped tags: their TPIDs were not kept */
        if (!whole)
            ADD("vlan"); /* the tag the snapshot cut */
        break;
    case LINK_SLL:
    case LINK_SLL2:
        ADD(whole ? "sll:ethertype" : "sll");
        break;
    case LINK_NULL:
    case LINK_LOOP:
        ADD("null");
        break;
    case LINK_RAW:
        ADD("raw");
        break;
    case LINK_IPV4:
    case LINK_IPV6:
        break;
    }
    if (p->net == NET_IPV4 && p->ip4.status != LAYER_ABSENT) {
        ADD("ip");
    } else if (p->net == NET_IPV6 && p->ip6.status != LAYER_ABSENT) {
        ADD("ipv6");
        for (int i = 0; i < p->ip6.next && i < PKT_MAX_IP6_EXT; i++)
            ADD(ext_proto_name(p->ip6.ext[i].type));
        int pending = ip6_pending_ext(p);
        if (pending >= 0)
            ADD(ext_proto_name((uint8_t)pending));
    } else if (p->net == NET_ARP) {
        ADD("arp");
    } else if (p->net == NET_OTHER && other_net_bytes(p) > 0) {
        ADD("data");
    }
    bool frag =
        (p->net == NET_IPV4 && p->ip4.is_fragment) || (p->net == NET_IPV6 && p->ip6.is_fragment);
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status != LAYER_ABSENT)
            ADD("tcp");
        break;
    case L4_UDP:
        if (p->udp.status != LAYER_ABSENT)
            ADD("udp");
        break;
    case L4_ICMP:
        if (p->icmp.status != LAYER_ABSENT)
            ADD("icmp");
        break;
    case L4_ICMPV6:
        if (p->icmp.status != LAYER_ABSENT)
            ADD("icmpv6");
        break;
    case L4_NONE:
    case L4_OTHER:
        break;
    }
    const uint8_t *b = NULL;
    uint32_t cap = 0;
    bool payload = l4_payload(p, &b, &cap) > 0 && cap > 0;
    if (frag || p->l4 == L4_OTHER || payload)
        ADD("data");
#undef ADD
}

/* "Nov 14, 2023 22:13:20.000000000 UTC": in the local zone (tshark's default) or UTC. */
static void abs_time(char *buf, size_t n, int64_t sec, uint32_t nsec, const struct fmt_opts *opts)
{
    time_t t = (time_t)sec;
    struct tm tm;
    buf[0] = '\0';
    bool ok = opts->utc ? gmtime_r(&t, &tm) != NULL : localtime_r(&t, &tm) != NULL;
    if (!ok)
        return;
    size_t w = strftime(buf, n, "%b %e, %Y %H:%M:%S", &tm);
    char zone[16] = "UTC";
    if (!opts->utc)
        strftime(zone, sizeof zone, "%Z", &tm);
    snprintf(buf + w, n - w, ".%09u %s", nsec, zone);
}

static void frame_tree(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct frame_info *f = &p->frame;
    line(o, 0, "Frame %llu: %u byte%s on wire (%llu bits), %u byte%s captured (%llu bits)",
         (unsigned long long)f->number, f->len, plural(f->len), (unsigned long long)f->len * 8,
         f->caplen, plural(f->caplen), (unsigned long long)f->caplen * 8);
    line(o, 1, "Encapsulation type: %s", encapsulation(p));

    char when[64];
    abs_time(when, sizeof when, f->ts_sec, f->ts_nsec, opts);
    line(o, 1, "Arrival Time: %s", when);
    line(o, 1, "[Time shift for this packet: 0.000000000 seconds]");
    line(o, 1, "Epoch Time: %lld.%09u seconds", (long long)f->ts_sec, f->ts_nsec);
    line(o, 1, "Frame Number: %llu", (unsigned long long)f->number);
    line(o, 1, "Frame Length: %u byte%s (%llu bits)", f->len, plural(f->len),
         (unsigned long long)f->len * 8);
    if (f->len < f->caplen) /* a capture file's record that contradicts itself */
        expert(o, 2, "Error", "Malformed", "Frame length is less than captured length");
    line(o, 1, "Capture Length: %u byte%s (%llu bits)", f->caplen, plural(f->caplen),
         (unsigned long long)f->caplen * 8);
    line(o, 1, "[Frame is marked: False]");
    line(o, 1, "[Frame is ignored: False]");
    char protos[256];
    protocols_in_frame(p, protos, sizeof protos);
    line(o, 1, "[Protocols in frame: %s]", protos);
}

/* ---- link layers --------------------------------------------------------------------- */

static void ethertype_line(struct out *o, int lvl, const char *label, uint16_t type)
{
    line(o, lvl, "%s: %s (0x%04x)", label, tok_name(ethertypes, type, "Unknown"), type);
}

static void eth_addr(struct out *o, const char *label, const uint8_t m[6],
                     const struct fmt_opts *opts)
{
    char name[64], a[18];
    mac_name(name, sizeof name, m, opts);
    fmt_mac(a, m);
    line(o, 1, "%s: %s", label, name);
    line(o, 2, "Address: %s", name);
    /* IEEE 802: bit 1 of the first byte is local/universal, bit 0 group/individual. */
    uint32_t word = (uint32_t)m[0] << 16 | (uint32_t)m[1] << 8 | m[2];
    bitline(o, 2, word, 24, 0x020000, "LG bit: %s",
            (m[0] & 2) ? "Locally administered address (this is NOT the factory default)"
                       : "Globally unique address (factory default)");
    bitline(o, 2, word, 24, 0x010000, "IG bit: %s",
            (m[0] & 1) ? "Group address (multicast/broadcast)" : "Individual address (unicast)");
}

static void ethernet_tree(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct link_info *l = &p->link;
    char src[64], dst[64];
    mac_name(src, sizeof src, l->src, opts);
    mac_name(dst, sizeof dst, l->dst, opts);
    line(o, 0, "Ethernet II, Src: %s, Dst: %s", src, dst);
    eth_addr(o, "Destination", l->dst, opts);
    eth_addr(o, "Source", l->src, opts);
    int nvlan = l->nvlan < PKT_MAX_VLAN ? l->nvlan : PKT_MAX_VLAN;
    /* Cut inside a tag the decoder did not keep: the type it named is not known here. */
    if (l->status != LAYER_OK && (l->hdr_len < 14 || (nvlan == 0 && l->ethertype == 0)))
        return;
    ethertype_line(o, 1, "Type", nvlan > 0 ? l->vlan[0].tpid : l->ethertype);
    /* Padding up to Ethernet's 60-byte minimum (IEEE 802.3 4.2.3.3), after the datagram
     * the network layer declared; Wireshark shows it in the Ethernet tree. */
    uint32_t dgram = 0;
    if (p->net == NET_IPV4 && p->ip4.status == LAYER_OK)
        dgram = p->ip4.total_len;
    else if (p->net == NET_IPV6 && p->ip6.status == LAYER_OK)
        dgram = 40u + p->ip6.payload_len;
    else if (p->net == NET_ARP && p->arp.status == LAYER_OK)
        dgram = 8u + 2u * ((uint32_t)p->arp.hlen + p->arp.plen);
    for (int i = 0; i < nvlan; i++) {
        const struct vlan_tag *v = &l->vlan[i];
        uint16_t tci = (uint16_t)(v->pcp << 13 | (v->dei ? 0x1000 : 0) | v->vid);
        if (v->tpid == 0x88a8) {
            /* The provider (S-)tag: Wireshark names neither priority nor DEI. */
            line(o, 0, "IEEE 802.1ad, ID: %u", v->vid);
            bitline(o, 1, tci, 16, 0xe000, "Priority: %u", v->pcp);
            bitline(o, 1, tci, 16, 0x1000, "DEI: %u", v->dei ? 1 : 0);
        } else {
            line(o, 0, "802.1Q Virtual LAN, PRI: %u, DEI: %u, ID: %u", v->pcp, v->dei ? 1 : 0,
                 v->vid);
            bitline(o, 1, tci, 16, 0xe000, "Priority: %s (%u)",
                    tok_name(vlan_priorities, v->pcp, "Unknown"), v->pcp);
            bitline(o, 1, tci, 16, 0x1000, "DEI: %s", v->dei ? "Eligible" : "Ineligible");
        }
        bitline(o, 1, tci, 16, 0x0fff, "ID: %u", v->vid);
        ethertype_line(o, 1, "Type",
                       i + 1 < nvlan       ? l->vlan[i + 1].tpid
                       : l->nvlan_more > 0 ? l->more_tpid
                                           : l->ethertype);
    }
    if (l->nvlan_more > 0 && l->status == LAYER_OK) {
        /* Wireshark shows every tag; sniff keeps PKT_MAX_VLAN and says what it skipped. */
        line(o, 0, "[%d more VLAN tag%s, not decoded: sniff keeps the first %d]", l->nvlan_more,
             l->nvlan_more == 1 ? "" : "s", PKT_MAX_VLAN);
        ethertype_line(o, 1, "Type", l->ethertype);
    }
    if (dgram > 0 && p->frame.len <= 60 && l->hdr_len + dgram < p->frame.len) {
        uint32_t got;
        const uint8_t *b = frame_bytes(p, l->hdr_len + dgram, p->frame.len, &got);
        if (b != NULL && got > 0) {
            char hex[2 * 36 + 8];
            hex_field(hex, sizeof hex, b, got);
            /* With VLAN tags the padding belongs to the innermost tag's tree. */
            line(o, 1, "Padding: %s", hex);
        }
    }
}

/* The cooked header's link-layer address: halen bytes (at most 8), the rest "Unused". */
static void sll_address(struct out *o, const struct link_info *l)
{
    uint16_t n = l->halen < 8 ? l->halen : 8;
    char hex[40];
    if (n == 6) {
        char a[18];
        fmt_mac(a, l->addr);
        line(o, 1, "Source: %s", a);
    } else if (n > 0) {
        size_t k = 0;
        for (uint16_t i = 0; i < n; i++)
            k += (size_t)snprintf(hex + k, sizeof hex - k, "%s%02x", i ? ":" : "", l->addr[i]);
        line(o, 1, "Source: %s", hex);
    }
    if (n < 8) {
        hex_field(hex, sizeof hex, l->addr + n, (size_t)(8 - n));
        line(o, 1, "Unused: %s", hex);
    }
}

static void sll_tree(struct out *o, const struct packet *p)
{
    const struct link_info *l = &p->link;
    const char *pkttype = tok_name(sll_pkttypes, l->pkttype, "Unknown");
    const char *hatype = tok_name(arphrd_types, l->hatype, "Unknown");
    if (l->kind == LINK_SLL) {
        line(o, 0, "Linux cooked capture v1");
        line(o, 1, "Packet type: %s (%u)", pkttype, l->pkttype);
        line(o, 1, "Link-layer address type: %s (%u)", hatype, l->hatype);
        line(o, 1, "Link-layer address length: %u", l->halen);
        sll_address(o, l);
        ethertype_line(o, 1, "Protocol", l->ethertype);
    } else {
        line(o, 0, "Linux cooked capture v2");
        ethertype_line(o, 1, "Protocol", l->ethertype);
        line(o, 1, "Interface index: %u", l->ifindex);
        line(o, 1, "Link-layer address type: %s (%u)", hatype, l->hatype);
        line(o, 1, "Packet type: %s (%u)", pkttype, l->pkttype);
        line(o, 1, "Link-layer address length: %u", l->halen);
        sll_address(o, l);
    }
}

static void link_tree(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    /* A cut link header: Wireshark shows an Ethernet header as far as it goes, but a
     * cooked or loopback header not at all (only the mark at the end). */
    bool whole = p->link.status == LAYER_OK;
    switch (p->link.kind) {
    case LINK_ETHERNET:
        if (p->frame.caplen >= 14)
            ethernet_tree(o, p, opts);
        break;
    case LINK_SLL:
    case LINK_SLL2:
        if (whole)
            sll_tree(o, p);
        break;
    case LINK_NULL:
    case LINK_LOOP:
        if (whole) {
            line(o, 0, "Null/Loopback");
            line(o, 1, "Family: %s (%u)", tok_name(null_families, p->link.family, "Unknown"),
                 p->link.family);
        }
        break;
    case LINK_RAW:
        line(o, 0, "Raw packet data");
        break;
    case LINK_IPV4:
    case LINK_IPV6:
        break;
    }
}

/* ---- IPv4 ---------------------------------------------------------------------------- */

static const struct dscp_name *dscp_lookup(uint8_t v)
{
    for (size_t i = 0; i < sizeof dscps / sizeof dscps[0]; i++)
        if (dscps[i].value == v)
            return &dscps[i];
    return NULL;
}

/* How Wireshark words a checksum field and its status lines, per protocol. */
struct csum_words {
    const char *field;      /* "Header Checksum" */
    const char *status;     /* "Header checksum status" */
    const char *offload;    /* "(may be caused by \"IP checksum offload\"?)" */
    const char *unverified; /* "validation disabled" */
};

static const struct csum_words ip4_words = {"Header Checksum", "Header checksum status",
                                            "(may be caused by \"IP checksum offload\"?)",
                                            "validation disabled"};
static const struct csum_words tcp_words = {
    "Checksum", "Checksum Status", "(maybe caused by \"TCP checksum offload\"?)", "unverified"};

/* The IPv4 and TCP checksum lines: value and verdict, expert note, calculated value. */
static void checksum_lines(struct out *o, const struct csum_words *w, uint16_t v,
                           struct csum_result r)
{
    char msg[64];
    switch (r.status) {
    case CSUM_CORRECT:
        line(o, 1, "%s: 0x%04x [correct]", w->field, v);
        line(o, 1, "[%s: Good]", w->status);
        line(o, 1, "[Calculated Checksum: 0x%04x]", r.expect);
        break;
    case CSUM_INCORRECT:
        line(o, 1, "%s: 0x%04x incorrect, should be 0x%04x%s", w->field, v, r.expect, w->offload);
        snprintf(msg, sizeof msg, "Bad checksum [should be 0x%04x]", r.expect);
        expert(o, 2, "Error", "Checksum", msg);
        line(o, 1, "[%s: Bad]", w->status);
        line(o, 1, "[Calculated Checksum: 0x%04x]", r.expect);
        break;
    case CSUM_UNVERIFIED:
    case CSUM_ZERO:
        line(o, 1, "%s: 0x%04x [%s]", w->field, v, w->unverified);
        line(o, 1, "[%s: Unverified]", w->status);
        break;
    }
}

static void ip4_tree(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct ipv4_info *ip = &p->ip4;
    char src[16], dst[16], msg[128];
    /* The decoder fills the fixed header only once all 20 bytes were read. */
    bool fixed = ip->status == LAYER_OK ||
                 (p->frame.caplen >= p->net_off + 20u && p->frame.len >= p->net_off + 20u);
    fmt_ip4(src, ip->src);
    fmt_ip4(dst, ip->dst);
    if (!fixed || ip->hdr_len < 20) {
        line(o, 0, "Internet Protocol Version 4");
        if (ip->hdr_len != 0 && ip->hdr_len < 20) {
            uint8_t vihl = (uint8_t)(4 << 4 | ip->hdr_len / 4);
            bitline(o, 1, vihl, 8, 0xf0, "Version: 4");
            bitline(o, 1, vihl, 8, 0x0f, "Header Length: %u bytes (%u)", ip->hdr_len,
                    ip->hdr_len / 4);
            snprintf(msg, sizeof msg, "Bogus IP header length (%u, must be at least 20)",
                     ip->hdr_len);
            expert(o, 2, "Error", "Protocol", msg);
        }
        return;
    }
    /* A total length shorter than the header (RFC 791): Wireshark stops after it. */
    bool bogus_len =
        ip->status == LAYER_MALFORMED && ip->total_len != 0 && ip->total_len < ip->hdr_len;
    if (bogus_len)
        line(o, 0, "Internet Protocol Version 4");
    else
        line(o, 0, "Internet Protocol Version 4, Src: %s, Dst: %s", src, dst);
    uint8_t vihl = (uint8_t)(4 << 4 | ip->hdr_len / 4);
    bitline(o, 1, vihl, 8, 0xf0, "Version: 4");
    bitline(o, 1, vihl, 8, 0x0f, "Header Length: %u bytes (%u)", ip->hdr_len, ip->hdr_len / 4);

    uint8_t tos = (uint8_t)(ip->dscp << 2 | (ip->ecn & 3));
    const struct dscp_name *d = dscp_lookup(ip->dscp);
    line(o, 1, "Differentiated Services Field: 0x%02x (DSCP: %s, ECN: %s)", tos,
         d ? d->shortname : "Unknown", ecn_short[ip->ecn & 3]);
    if (d != NULL)
        bitline(o, 2, tos, 8, 0xfc, "Differentiated Services Codepoint: %s (%u)", d->name,
                ip->dscp);
    else
        bitline(o, 2, tos, 8, 0xfc, "Differentiated Services Codepoint: Unknown (%u)", ip->dscp);
    bitline(o, 2, tos, 8, 0x03, "Explicit Congestion Notification: %s (%u)", ecn_long[ip->ecn & 3],
            ip->ecn & 3);

    if (bogus_len) {
        line(o, 1, "Total Length: %u bytes (bogus, less than header length %u)", ip->total_len,
             ip->hdr_len);
        expert(o, 2, "Error", "Protocol", "Bogus IP length");
        return;
    }
    line(o, 1, "Total Length: %u", ip->total_len);
    uint32_t flen = p->frame.len > p->frame.caplen ? p->frame.len : p->frame.caplen;
    uint32_t avail = flen > p->net_off ? flen - p->net_off : 0;
    if (ip->total_len > avail && ip->total_len != 0) {
        snprintf(msg, sizeof msg, "IPv4 total length exceeds packet length (%u bytes)", avail);
        expert(o, 2, "Error", "Protocol", msg);
    }
    line(o, 1, "Identification: 0x%04x (%u)", ip->id, ip->id);

    unsigned fl = (ip->rb ? 4u : 0u) | (ip->df ? 2u : 0u) | (ip->mf ? 1u : 0u);
    char names[64] = "";
    size_t k = 0;
    if (ip->rb)
        k += (size_t)snprintf(names + k, sizeof names - k, ", Reserved bit");
    if (ip->df)
        k += (size_t)snprintf(names + k, sizeof names - k, ", Don't fragment");
    if (ip->mf)
        snprintf(names + k, sizeof names - k, ", More fragments");
    bitline(o, 1, fl << 5, 8, 0xe0, "Flags: 0x%x%s", fl, names);
    bitline(o, 2, fl << 5, 8, 0x80, "Reserved bit: %s", set_str(ip->rb));
    bitline(o, 2, fl << 5, 8, 0x40, "Don't fragment: %s", set_str(ip->df));
    bitline(o, 2, fl << 5, 8, 0x20, "More fragments: %s", set_str(ip->mf));
    bitline(o, 1, (uint32_t)(ip->frag_offset / 8), 16, 0x1fff, "Fragment Offset: %u",
            ip->frag_offset);
    line(o, 1, "Time to Live: %u", ip->ttl);
    /* Wireshark notes a unicast TTL below 5: the packet is about to die on the way. */
    if (ip->ttl < 5 && (ip->dst[0] & 0xf0) != 0xe0 && ip->proto != 103) {
        snprintf(msg, sizeof msg, "\"Time To Live\" only %u", ip->ttl);
        expert(o, 2, "Note", "Sequence", msg);
    }
    line(o, 1, "Protocol: %s (%u)", tok_name(ipprotos, ip->proto, "Unknown"), ip->proto);
    checksum_lines(o, &ip4_words, ip->checksum, csum_check_ip4(p, opts->check_checksums));
    line(o, 1, "Source Address: %s", src);
    line(o, 1, "Destination Address: %s", dst);
    if (ip->options_len > 0 && ip->hdr_len >= 20)
        line(o, 1, "Options: (%u bytes)", ip->options_len);
}

/* ---- IPv6 ---------------------------------------------------------------------------- */

/* Wireshark adds the MAC address an EUI-64 interface identifier was made from. */
static void slaac_line(struct out *o, const char *which, const uint8_t a[16])
{
    if (a[11] != 0xff || a[12] != 0xfe)
        return;
    uint8_t m[6] = {(uint8_t)(a[8] ^ 0x02), a[9], a[10], a[13], a[14], a[15]};
    char mac[18];
    fmt_mac(mac, m);
    line(o, 1, "[%s SLAAC MAC: %s]", which, mac);
}

static void ip6_ext_tree(struct out *o, const struct ip6_ext *e)
{
    const char *next = tok_name(ipprotos, e->next, "Unknown");
    switch (e->type) {
    case 44: {
        line(o, 1, "Fragment Header for IPv6");
        line(o, 2, "Next header: %s (%u)", next, e->next);
        line(o, 2, "Reserved octet: 0x00");
        uint32_t offm = (uint32_t)e->frag_offset | (e->mf ? 1u : 0u);
        bitline(o, 2, offm, 16, 0xfff8, "Offset: %u (%u bytes)", e->frag_offset / 8u,
                e->frag_offset);
        bitline(o, 2, offm, 16, 0x0006, "Reserved bits: 0");
        bitline(o, 2, offm, 16, 0x0001, "More Fragments: %s", e->mf ? "Yes" : "No");
        line(o, 2, "Identification: 0x%08x", e->frag_id);
        return;
    }
    case 51:
        line(o, 1, "Authentication Header");
        line(o, 2, "Next header: %s (%u)", next, e->next);
        line(o, 2, "Length: %u", e->len / 4u - 2u);
        return;
    default:
        line(o, 1, "%s",
             e->type == 0    ? "IPv6 Hop-by-Hop Option"
             : e->type == 43 ? "Routing Header for IPv6"
                             : "Destination Options for IPv6");
        line(o, 2, "Next Header: %s (%u)", next, e->next);
        line(o, 2, "Length: %u", e->len / 8u - 1u);
        line(o, 2, "[Length: %u bytes]", e->len);
        return;
    }
}

static void ip6_tree(struct out *o, const struct packet *p)
{
    const struct ipv6_info *ip = &p->ip6;
    char src[46], dst[46];
    if (ip->version != 6) {
        line(o, 0, "Internet Protocol Version 6");
        return;
    }
    fmt_ip6(src, ip->src);
    fmt_ip6(dst, ip->dst);
    line(o, 0, "Internet Protocol Version 6, Src: %s, Dst: %s", src, dst);
    uint32_t word = (uint32_t)6 << 28 | (uint32_t)ip->tclass << 20 | (ip->flow & 0xfffff);
    bitline(o, 1, word >> 24, 8, 0xf0, "Version: 6");
    uint8_t dscp = ip->tclass >> 2, ecn = ip->tclass & 3;
    const struct dscp_name *d = dscp_lookup(dscp);
    bitline(o, 1, word, 32, 0x0ff00000, "Traffic Class: 0x%02x (DSCP: %s, ECN: %s)", ip->tclass,
            d ? d->shortname : "Unknown", ecn_short[ecn]);
    if (d != NULL)
        bitline(o, 2, word, 32, 0x0fc00000, "Differentiated Services Codepoint: %s (%u)", d->name,
                dscp);
    else
        bitline(o, 2, word, 32, 0x0fc00000, "Differentiated Services Codepoint: Unknown (%u)",
                dscp);
    bitline(o, 2, word, 32, 0x00300000, "Explicit Congestion Notification: %s (%u)", ecn_long[ecn],
            ecn);
    bitline(o, 1, word & 0xffffff, 24, 0x0fffff, "Flow Label: 0x%05x", ip->flow & 0xfffff);
    line(o, 1, "Payload Length: %u", ip->payload_len);
    line(o, 1, "Next Header: %s (%u)", tok_name(ipprotos, ip->next_header, "Unknown"),
         ip->next_header);
    line(o, 1, "Hop Limit: %u", ip->hop_limit);
    line(o, 1, "Source Address: %s", src);
    line(o, 1, "Destination Address: %s", dst);
    slaac_line(o, "Source", ip->src);
    slaac_line(o, "Destination", ip->dst);
    for (int i = 0; i < ip->next && i < PKT_MAX_IP6_EXT; i++)
        ip6_ext_tree(o, &ip->ext[i]);
}

/* ---- ARP ----------------------------------------------------------------------------- */

static void arp_tree(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct arp_info *a = &p->arp;
    const char *op = a->oper == 1 ? "request" : a->oper == 2 ? "reply" : "Unknown";
    line(o, 0, "Address Resolution Protocol (%s)", op);
    if (a->status == LAYER_ABSENT)
        return;
    line(o, 1, "Hardware type: %s (%u)", tok_name(arphrd_types, a->htype, "Unknown"), a->htype);
    ethertype_line(o, 1, "Protocol type", a->ptype);
    line(o, 1, "Hardware size: %u", a->hlen);
    line(o, 1, "Protocol size: %u", a->plen);
    line(o, 1, "Opcode: %s (%u)", op, a->oper);
    if (a->status != LAYER_OK || a->hlen != 6 || a->plen != 4)
        return;
    char mac[64], ip[16];
    mac_name(mac, sizeof mac, a->sha, opts);
    fmt_ip4(ip, a->spa);
    line(o, 1, "Sender MAC address: %s", mac);
    line(o, 1, "Sender IP address: %s", ip);
    mac_name(mac, sizeof mac, a->tha, opts);
    fmt_ip4(ip, a->tpa);
    line(o, 1, "Target MAC address: %s", mac);
    line(o, 1, "Target IP address: %s", ip);
}

/* ---- TCP ----------------------------------------------------------------------------- */

/* How many bytes of the transport header were captured. */
static uint32_t l4_captured(const struct packet *p)
{
    return p->frame.caplen > p->l4_off ? p->frame.caplen - p->l4_off : 0;
}

static const char *opt_summary_name(uint8_t kind)
{
    switch (kind) {
    case 0:
        return "End of Option List (EOL)";
    case 1:
        return "No-Operation (NOP)";
    case 2:
        return "Maximum segment size";
    case 3:
        return "Window scale";
    case 4:
        return "SACK permitted";
    case 5:
        return "SACK";
    case 8:
        return "Timestamps";
    case 34:
        return "TCP Fast Open";
    case 253:
    case 254:
        return "Experimental";
    default:
        return tok_name(tcp_opt_kinds, kind, "Unknown");
    }
}

/* The name in the "Options: (N bytes), ..." summary; unknown kinds show their number. */
static void opt_list_name(char *buf, size_t n, uint8_t kind)
{
    if (tok_name(tcp_opt_kinds, kind, NULL) == NULL && kind != 253 && kind != 254)
        snprintf(buf, n, "Unknown (0x%02x)", kind);
    else
        snprintf(buf, n, "%s", opt_summary_name(kind));
}

static void tcp_option(struct out *o, const struct packet *p, const struct tcp_opt *op)
{
    const struct tcp_info *t = &p->tcp;
    const char *kname = tok_name(tcp_opt_kinds, op->kind, "Unknown");
    switch (op->kind) {
    case 0:
    case 1:
        line(o, 2, "TCP Option - %s", opt_summary_name(op->kind));
        line(o, 3, "Kind: %s (%u)", kname, op->kind);
        return;
    case 2:
        if (op->bad)
            break;
        line(o, 2, "TCP Option - Maximum segment size: %u bytes", t->mss);
        if (!(t->flags & TCP_SYN)) /* RFC 9293 3.7.1: MSS is sent only in SYNs */
            expert(o, 3, "Warning", "Protocol", "The non-SYN packet does contain a MSS option");
        line(o, 3, "Kind: %s (%u)", kname, op->kind);
        line(o, 3, "Length: %u", op->len);
        line(o, 3, "MSS Value: %u", t->mss);
        return;
    case 3:
        if (op->bad)
            break;
        line(o, 2, "TCP Option - Window scale: %u (multiply by %u)", t->ws_shift,
             t->ws_shift < 31 ? 1u << t->ws_shift : 0u);
        line(o, 3, "Kind: %s (%u)", kname, op->kind);
        line(o, 3, "Length: %u", op->len);
        line(o, 3, "Shift count: %u", t->ws_shift);
        line(o, 3, "[Multiplier: %u]", t->ws_shift < 31 ? 1u << t->ws_shift : 0u);
        return;
    case 4:
        if (op->bad)
            break;
        line(o, 2, "TCP Option - SACK permitted");
        line(o, 3, "Kind: %s (%u)", kname, op->kind);
        line(o, 3, "Length: %u", op->len);
        return;
    case 5: {
        if (op->bad)
            break;
        /* SACK edges are in the peer's sequence space, relative to its ISN as the
         * acknowledgment number is. */
        bool rel = p->track.valid && p->track.ack_valid;
        uint32_t base = rel ? t->ack - p->track.rel_ack : 0;
        char title[256];
        size_t k = (size_t)snprintf(title, sizeof title, "TCP Option - SACK");
        for (int i = 0; i < t->nsack && k < sizeof title; i++)
            k += (size_t)snprintf(title + k, sizeof title - k, " %u-%u", t->sack_left[i] - base,
                                  t->sack_right[i] - base);
        line(o, 2, "%s", title);
        line(o, 3, "Kind: %s (%u)", kname, op->kind);
        line(o, 3, "Length: %u", op->len);
        for (int i = 0; i < t->nsack; i++) {
            line(o, 3, "left edge = %u%s", t->sack_left[i] - base, rel ? " (relative)" : "");
            line(o, 3, "right edge = %u%s", t->sack_right[i] - base, rel ? " (relative)" : "");
        }
        line(o, 3, "[TCP SACK Count: %d]", t->nsack);
        return;
    }
    case 8:
        if (op->bad)
            break;
        line(o, 2, "TCP Option - Timestamps: TSval %u, TSecr %u", t->ts_val, t->ts_ecr);
        line(o, 3, "Kind: %s (%u)", kname, op->kind);
        line(o, 3, "Length: %u", op->len);
        line(o, 3, "Timestamp value: %u", t->ts_val);
        line(o, 3, "Timestamp echo reply: %u", t->ts_ecr);
        return;
    case 34:
        /* RFC 7413 TCP Fast Open: an empty cookie asks for one. */
        if (op->bad)
            break;
        line(o, 2, "TCP Option - TCP Fast Open");
        line(o, 3, "Kind: %s (%u)", kname, op->kind);
        line(o, 3, "Length: %u", op->len);
        if (op->len == 2) {
            line(o, 3, "Fast Open Cookie Request");
        } else if (op->data != NULL) {
            char hex[2 * 36 + 8];
            hex_field(hex, sizeof hex, op->data, (size_t)op->len - 2);
            line(o, 3, "Fast Open Cookie: %s", hex);
        }
        return;
    default:
        break;
    }
    /* Other kinds, and known ones with an impossible length: kind, length, value. */
    line(o, 2, "TCP Option - %s", opt_summary_name(op->kind));
    if (op->kind == 2 && !(t->flags & TCP_SYN))
        expert(o, 3, "Warning", "Protocol", "The non-SYN packet does contain a MSS option");
    line(o, 3, "Kind: %s (%u)", kname, op->kind);
    if (op->len >= 2 || op->bad)
        line(o, 3, "Length: %u", op->len);
    /* RFC 9293 3.2, RFC 7323, RFC 2018: the fixed lengths of the common kinds. */
    unsigned want = op->kind == 2   ? 4
                    : op->kind == 3 ? 3
                    : op->kind == 4 ? 2
                    : op->kind == 8 ? 10
                                    : 0;
    if (op->bad && want != 0 && op->len >= 2 && op->len != want) {
        char msg[48];
        snprintf(msg, sizeof msg, "option length should be %u", want);
        expert(o, 4, "Note", "Sequence", msg);
    }
    if (op->data != NULL && op->len > 2 && !op->bad) {
        char hex[2 * 36 + 8];
        hex_field(hex, sizeof hex, op->data, (size_t)op->len - 2);
        line(o, 3, "Payload: %s", hex);
    }
}

static void tcp_options(struct out *o, const struct packet *p)
{
    const struct tcp_info *t = &p->tcp;
    uint32_t optlen = t->hdr_len - 20u;
    char summary[LINE_MAX_LEN];
    size_t k = (size_t)snprintf(summary, sizeof summary, "Options: (%u bytes)", optlen);
    int n = t->nopts < PKT_MAX_TCP_OPTS ? t->nopts : PKT_MAX_TCP_OPTS;
    /* An option whose declared length runs past the header, or is below 2 (RFC 9293
     * 3.1: the length counts kind and length), is not listed in the summary; Wireshark
     * notes it in its place. Offsets follow from the lengths. */
    bool overrun[PKT_MAX_TCP_OPTS] = {false};
    bool too_short[PKT_MAX_TCP_OPTS] = {false};
    uint32_t off = 0;
    for (int i = 0; i < n; i++) {
        uint32_t len = t->opts[i].kind <= 1 ? 1u : t->opts[i].len;
        overrun[i] = t->opts[i].bad && len >= 2 && off + len > optlen;
        too_short[i] = t->opts[i].bad && len < 2;
        off += len >= 1 ? len : 1;
        if (!overrun[i] && !too_short[i] && k < sizeof summary) {
            char name[64];
            opt_list_name(name, sizeof name, t->opts[i].kind);
            k += (size_t)snprintf(summary + k, sizeof summary - k, ", %s", name);
        }
    }
    line(o, 1, "%s", summary);
    for (int i = 0; i < n; i++) {
        if (!overrun[i] && !too_short[i]) {
            tcp_option(o, p, &t->opts[i]);
            continue;
        }
        char msg[160];
        if (too_short[i])
            snprintf(msg, sizeof msg, "%s (with too-short option length = %u byte%s)",
                     opt_summary_name(t->opts[i].kind), t->opts[i].len,
                     t->opts[i].len == 1 ? "" : "s");
        else
            snprintf(msg, sizeof msg,
                     "%s (option length = %u bytes says option goes past end of options)",
                     opt_summary_name(t->opts[i].kind), t->opts[i].len);
        line(o, 2, "%s", msg);
        expert(o, 3, "Note", "Sequence", msg);
    }
}

static void tcp_flags_tree(struct out *o, const struct tcp_info *t)
{
    uint32_t word = (uint32_t)t->reserved << 9 | (t->flags & 0x1ffu);
    char names[128] = "";
    size_t k = 0;
    for (const struct tok *f = tcp_flag_names; f->name != NULL; f++)
        if (t->flags & f->value)
            k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", k ? ", " : "", f->name);
    if (t->reserved != 0)
        snprintf(names + k, sizeof names - k, "%sReserved", k ? ", " : "");
    line(o, 1, "Flags: 0x%03x (%s)", word, names);
    bitline(o, 2, word, 12, 0xe00, "Reserved: %s", set_str(t->reserved != 0));
    for (const struct tok *f = tcp_flag_lines; f->name != NULL; f++) {
        bitline(o, 2, word, 12, f->value, "%s: %s", f->name, set_str(t->flags & f->value));
        char msg[128];
        if (f->value == TCP_SYN && (t->flags & TCP_SYN)) {
            if (t->flags & TCP_ACK)
                snprintf(msg, sizeof msg,
                         "Connection establish acknowledge (SYN+ACK): server port %u", t->sport);
            else
                snprintf(msg, sizeof msg, "Connection establish request (SYN): server port %u",
                         t->dport);
            expert(o, 3, "Chat", "Sequence", msg);
        } else if (f->value == TCP_RST && (t->flags & TCP_RST)) {
            expert(o, 3, "Warning", "Sequence", "Connection reset (RST)");
        } else if (f->value == TCP_FIN && (t->flags & TCP_FIN)) {
            expert(o, 3, "Chat", "Sequence", "Connection finish (FIN)");
        }
    }
    /* "[TCP Flags: ·······AP···]": one letter per set bit, a middle dot otherwise. */
    static const char letters[] = "RRRACEUAPRSF";
    char str[12 * 2 + 1];
    size_t s = 0;
    for (int i = 0; i < 12; i++) {
        if (word & (1u << (11 - i))) {
            str[s++] = letters[i];
        } else {
            str[s++] = '\xc2'; /* U+00B7 MIDDLE DOT */
            str[s++] = '\xb7';
        }
    }
    str[s] = '\0';
    line(o, 2, "[TCP Flags: %s]", str);
}

static void tcp_tree(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct tcp_info *t = &p->tcp;
    const struct tcp_track *k = &p->track;
    uint32_t have = l4_captured(p);
    char msg[160];

    if (have < 20 || (t->status != LAYER_OK && t->hdr_len == 0)) {
        /* The fixed header was cut (by the snapshot or by the IP length): what was read. */
        if (have >= 4 && p->l4_len >= 4) {
            line(o, 0, "Transmission Control Protocol, Src Port: %u, Dst Port: %u", t->sport,
                 t->dport);
            line(o, 1, "Source Port: %u", t->sport);
            line(o, 1, "Destination Port: %u", t->dport);
        } else if (p->l4_len < 4 || have >= p->l4_len) {
            /* Too short on the wire; one the snapshot cut before its ports gets no tree
             * in tshark, only the mark at the end. */
            line(o, 0, "Transmission Control Protocol");
        }
        return;
    }
    bool rel = k->valid;
    uint32_t seq = rel ? k->rel_seq : t->seq;
    bool ackf = (t->flags & TCP_ACK) != 0;
    uint32_t ack = rel && k->ack_valid ? k->rel_ack : t->ack;

    if (t->hdr_len < 20) {
        /* Data offset below 5 (RFC 9293 3.1): Wireshark stops after the header length. */
        line(o, 0, "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u", t->sport,
             t->dport, seq);
        line(o, 1, "Source Port: %u", t->sport);
        line(o, 1, "Destination Port: %u", t->dport);
        if (rel)
            line(o, 1, "[Stream index: %u]", k->stream);
        if (p->l4_len >= t->hdr_len)
            line(o, 1, "[TCP Segment Len: %u]", p->l4_len - t->hdr_len);
        line(o, 1, "Sequence Number: %u%s", seq, rel ? "    (relative sequence number)" : "");
        line(o, 1, "Sequence Number (raw): %u", t->seq);
        bitline(o, 1, (uint32_t)t->hdr_len / 4 << 4, 8, 0xf0, "Header Length: %u bytes (%u)",
                t->hdr_len, t->hdr_len / 4);
        snprintf(msg, sizeof msg, "Bogus TCP header length (%u, must be at least 20)", t->hdr_len);
        expert(o, 2, "Error", "Protocol", msg);
        return;
    }

    /* A data offset past the end of the segment (the IP length): Wireshark's "short
     * segment", shown without a length, and a [Malformed Packet] at the end. */
    bool shortseg = t->hdr_len > p->l4_len;
    char top[160];
    int w = snprintf(top, sizeof top,
                     "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u", t->sport,
                     t->dport, seq);
    if (ackf && w > 0 && (size_t)w < sizeof top)
        w += snprintf(top + w, sizeof top - (size_t)w, ", Ack: %u", ack);
    if (!shortseg && w > 0 && (size_t)w < sizeof top)
        snprintf(top + w, sizeof top - (size_t)w, ", Len: %u", t->payload_len);
    line(o, 0, "%s", top);
    line(o, 1, "Source Port: %u", t->sport);
    line(o, 1, "Destination Port: %u", t->dport);
    if (rel)
        line(o, 1, "[Stream index: %u]", k->stream);
    if (shortseg) {
        static const char shortmsg[] =
            "Short segment. Segment/fragment does not contain a full TCP header (might be "
            "NMAP or someone else deliberately sending unusual packets)";
        line(o, 1, "%s", shortmsg);
        expert(o, 2, "Warning", "Malformed", shortmsg);
    } else {
        line(o, 1, "[TCP Segment Len: %u]", t->payload_len);
    }
    /* -S: Wireshark with relative numbers off: the numbers alone, no raw lines. */
    bool abs = opts->absolute_seq;
    line(o, 1, "Sequence Number: %u%s", seq, rel && !abs ? "    (relative sequence number)" : "");
    if (!abs)
        line(o, 1, "Sequence Number (raw): %u", t->seq);
    if (rel && !shortseg)
        line(o, 1, "[Next Sequence Number: %u%s]", k->next_rel_seq,
             abs ? "" : "    (relative sequence number)");
    if (ackf && rel && k->ack_valid)
        line(o, 1, "Acknowledgment Number: %u%s", ack, abs ? "" : "    (relative ack number)");
    else
        line(o, 1, "Acknowledgment Number: %u", t->ack);
    if (!abs || !ackf)
        line(o, 1, "Acknowledgment number (raw): %u", t->ack);
    bitline(o, 1, (uint32_t)t->hdr_len / 4 << 4, 8, 0xf0, "Header Length: %u bytes (%u)",
            t->hdr_len, t->hdr_len / 4);
    tcp_flags_tree(o, t);
    line(o, 1, "Window: %u", t->window);
    line(o, 1, "[Calculated window size: %llu]",
         (unsigned long long)(rel ? k->calc_window : t->window));
    /* Not shown on SYNs, whose window is never scaled (RFC 7323 2.2). */
    if (!(t->flags & TCP_SYN)) {
        int32_t ws = rel ? k->ws_shift : -1;
        if (ws == -1)
            line(o, 1, "[Window size scaling factor: -1 (unknown)]");
        else if (ws == -2)
            line(o, 1, "[Window size scaling factor: -2 (no window scaling used)]");
        else
            line(o, 1, "[Window size scaling factor: %u]", ws < 31 ? 1u << ws : 0u);
    }
    checksum_lines(o, &tcp_words, t->checksum, csum_check_tcp(p, opts->check_checksums));
    line(o, 1, "Urgent Pointer: %u", t->urgent);
    if (t->hdr_len > 20)
        tcp_options(o, p);
    if (t->payload_len > 0 && have >= t->hdr_len)
        line(o, 1, "TCP payload (%u byte%s)", t->payload_len, plural(t->payload_len));
}

/* ---- UDP ----------------------------------------------------------------------------- */

static void udp_checksum(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct udp_info *u = &p->udp;
    char msg[64];
    if (u->checksum == 0 && p->net == NET_IPV4) {
        /* RFC 768: zero means no checksum was computed; tshark says so even unverified. */
        line(o, 1, "Checksum: 0x0000 [zero-value ignored]");
        line(o, 2, "[Checksum Status: Not present]");
        return;
    }
    struct csum_result r = csum_check_udp(p, opts->check_checksums && u->status == LAYER_OK);
    switch (r.status) {
    case CSUM_CORRECT:
        line(o, 1, "Checksum: 0x%04x [correct]", u->checksum);
        line(o, 2, "[Calculated Checksum: 0x%04x]", r.expect);
        line(o, 1, "[Checksum Status: Good]");
        break;
    case CSUM_INCORRECT:
        line(o, 1,
             "Checksum: 0x%04x incorrect, should be 0x%04x (maybe caused by \"UDP checksum "
             "offload\"?)",
             u->checksum, r.expect);
        snprintf(msg, sizeof msg, "Bad checksum [should be 0x%04x]", r.expect);
        expert(o, 2, "Error", "Checksum", msg);
        line(o, 2, "[Calculated Checksum: 0x%04x]", r.expect);
        line(o, 1, "[Checksum Status: Bad]");
        break;
    case CSUM_UNVERIFIED:
    case CSUM_ZERO:
        line(o, 1, "Checksum: 0x%04x [unverified]", u->checksum);
        line(o, 1, "[Checksum Status: Unverified]");
        break;
    }
}

static void udp_tree(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct udp_info *u = &p->udp;
    uint32_t have = l4_captured(p);
    char msg[128];
    if (have < 8 || p->l4_len < 8) {
        if (have >= 4 && p->l4_len >= 4) {
            line(o, 0, "User Datagram Protocol, Src Port: %u, Dst Port: %u", u->sport, u->dport);
            line(o, 1, "Source Port: %u", u->sport);
            line(o, 1, "Destination Port: %u", u->dport);
        } else if (p->l4_len < 4 || have >= p->l4_len) { /* as for TCP */
            line(o, 0, "User Datagram Protocol");
        }
        return;
    }
    line(o, 0, "User Datagram Protocol, Src Port: %u, Dst Port: %u", u->sport, u->dport);
    line(o, 1, "Source Port: %u", u->sport);
    line(o, 1, "Destination Port: %u", u->dport);
    if (u->len > p->l4_len) {
        line(o, 1, "Length: %u (bogus, payload length %u)", u->len, p->l4_len);
        snprintf(msg, sizeof msg, "Bad length value %u > IP payload length", u->len);
        expert(o, 2, "Error", "Malformed", msg);
    } else if (u->len < 8) {
        line(o, 1, "Length: %u (bogus, must be >= 8)", u->len);
        snprintf(msg, sizeof msg, "Bad length value %u < UDP header length 8", u->len);
        expert(o, 2, "Error", "Malformed", msg);
    } else {
        line(o, 1, "Length: %u", u->len);
    }
    udp_checksum(o, p, opts);
    uint32_t plen = (u->len >= 8 && u->len <= p->l4_len ? u->len : p->l4_len) - 8u;
    if (plen > 0)
        line(o, 1, "UDP payload (%u byte%s)", plen, plural(plen));
}

/* ---- ICMP / ICMPv6 ------------------------------------------------------------------- */

/* The ICMP checksum, which Wireshark always verifies: 0 unverifiable (not all captured),
 * 1 correct, -1 wrong with *should set. ICMPv6 includes the IPv6 pseudo-header. */
static int icmp_verify(const struct packet *p, uint16_t *should)
{
    uint32_t got;
    const uint8_t *b = frame_bytes(p, p->l4_off, p->l4_len, &got);
    if (b == NULL || got < p->l4_len || p->l4_len < 4)
        return 0;
    uint32_t sum = 0;
    if (p->icmp.v6) {
        if (p->net != NET_IPV6)
            return 0;
        uint8_t tail[8] = {(uint8_t)(p->l4_len >> 24),
                           (uint8_t)(p->l4_len >> 16),
                           (uint8_t)(p->l4_len >> 8),
                           (uint8_t)p->l4_len,
                           0,
                           0,
                           0,
                           58};
        sum = csum_add(sum, p->ip6.src, 16);
        sum = csum_add(sum, p->ip6.dst, 16);
        sum = csum_add(sum, tail, sizeof tail);
    }
    sum = csum_add(sum, b, p->l4_len);
    if (csum_fold(sum) == 0)
        return 1;
    /* What the field should have held: the sum with the field taken as zero. */
    uint8_t field[2] = {(uint8_t)(p->icmp.checksum >> 8), (uint8_t)p->icmp.checksum};
    uint32_t without = csum_add(0, field, 2);
    /* Ones' complement subtraction: add the complement of the field. */
    uint32_t s = sum;
    s += (~without) & 0xffff;
    *should = csum_fold(s);
    return -1;
}

static void icmp_checksum(struct out *o, const struct packet *p)
{
    uint16_t should = 0;
    char msg[64];
    switch (icmp_verify(p, &should)) {
    case 1:
        line(o, 1, "Checksum: 0x%04x [correct]", p->icmp.checksum);
        line(o, 1, "[Checksum Status: Good]");
        break;
    case -1:
        line(o, 1, "Checksum: 0x%04x incorrect, should be 0x%04x", p->icmp.checksum, should);
        snprintf(msg, sizeof msg, "Bad checksum [should be 0x%04x]", should);
        expert(o, 2, "Warning", "Checksum", msg);
        line(o, 1, "[Checksum Status: Bad]");
        break;
    default:
        line(o, 1, "Checksum: 0x%04x [unverified]", p->icmp.checksum);
        line(o, 1, "[Checksum Status: Unverified]");
        break;
    }
}

/*
 * ping(8) puts the time it sent the request at the start of the echo data; Wireshark
 * guesses it as tshark 4.0's get_best_guess_timestamp does: the first 8 data bytes as
 * 32-bit seconds and microseconds, big-endian first, then little-endian, accepted when
 * the seconds are within a day of the frame's time and the microseconds below 10^6.
 * (Linux's 64-bit timeval reads as its low 32 bits of seconds and 0 microseconds, as in
 * Wireshark.) This reads data, not headers: the decoder has nothing to say about it.
 */
static bool icmp_data_time(const struct packet *p, int64_t *sec, uint32_t *usec)
{
    bool echo = p->icmp.v6 ? (p->icmp.type == 128 || p->icmp.type == 129)
                           : (p->icmp.type == 0 || p->icmp.type == 8);
    uint32_t got;
    if (p->icmp.v6 || !echo || p->icmp.status != LAYER_OK || p->l4_len < 16)
        return false;
    const uint8_t *b = frame_bytes(p, p->l4_off + 8, 8, &got);
    if (b == NULL || got < 8)
        return false;
    for (int le = 0; le < 2; le++) {
        uint32_t s = le ? (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0]
                        : (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
        uint32_t u = le ? (uint32_t)b[7] << 24 | (uint32_t)b[6] << 16 | (uint32_t)b[5] << 8 | b[4]
                        : (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7];
        int64_t d = (int64_t)s - p->frame.ts_sec;
        if (d > -86400 && d < 86400 && u < 1000000) {
            *sec = s;
            *usec = u;
            return true;
        }
    }
    return false;
}

static void icmp_tree(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct icmp_info *ic = &p->icmp;
    bool echo = ic->v6 ? (ic->type == 128 || ic->type == 129) : (ic->type == 0 || ic->type == 8);
    line(o, 0, "%s",
         ic->v6 ? "Internet Control Message Protocol v6" : "Internet Control Message Protocol");
    if (l4_captured(p) < 4 || p->l4_len < 4)
        return;
    if (ic->v6) {
        line(o, 1, "Type: %s (%u)", tok_name(names_icmp6_type, ic->type, "Unknown"), ic->type);
        line(o, 1, "Code: %u", ic->code);
    } else {
        line(o, 1, "Type: %u (%s)", ic->type, tok_name(names_icmp_type, ic->type, "Unknown"));
        const struct tok *codes = ic->type == 3    ? names_icmp_unreach
                                  : ic->type == 11 ? icmp_ttl_codes
                                                   : NULL;
        if (codes != NULL)
            line(o, 1, "Code: %u (%s)", ic->code, tok_name(codes, ic->code, "Unknown"));
        else
            line(o, 1, "Code: %u", ic->code);
    }
    icmp_checksum(o, p);
    uint32_t have = l4_captured(p) < p->l4_len ? l4_captured(p) : p->l4_len;
    if (!echo) {
        /* Errors carry 4 unused bytes before the offending datagram (RFC 792). */
        bool err = ic->v6 ? (ic->type >= 1 && ic->type <= 3) : (ic->type == 3 || ic->type == 11);
        uint32_t got;
        const uint8_t *b = frame_bytes(p, p->l4_off + 4, 4, &got);
        if (err && !(ic->v6 ? ic->type == 2 : ic->type == 3 && ic->code == 4) && have >= 8 &&
            b != NULL && got == 4) {
            char hex[16];
            hex_field(hex, sizeof hex, b, 4);
            line(o, 1, "%s: %s", ic->v6 ? "Reserved" : "Unused", hex);
        }
        return;
    }
    if (have < 6)
        return;
    if (ic->v6) {
        line(o, 1, "Identifier: 0x%04x", ic->id);
        if (have >= 8)
            line(o, 1, "Sequence: %u", ic->seq);
    } else {
        /* Wireshark shows both byte orders: Windows and Linux pings differ. */
        unsigned id_le = (unsigned)((ic->id >> 8) | (ic->id & 0xff) << 8);
        unsigned seq_le = (unsigned)((ic->seq >> 8) | (ic->seq & 0xff) << 8);
        line(o, 1, "Identifier (BE): %u (0x%04x)", ic->id, ic->id);
        line(o, 1, "Identifier (LE): %u (0x%04x)", id_le, id_le);
        if (have < 8)
            return;
        line(o, 1, "Sequence Number (BE): %u (0x%04x)", ic->seq, ic->seq);
        line(o, 1, "Sequence Number (LE): %u (0x%04x)", seq_le, seq_le);
        if (ic->type == 0 && ic->request_in != 0) /* the tracker matched the request */
            line(o, 1, "[Request frame: %llu]", (unsigned long long)ic->request_in);
        int64_t sec;
        uint32_t usec;
        if (icmp_data_time(p, &sec, &usec)) {
            char when[64];
            abs_time(when, sizeof when, sec, usec * 1000u, opts);
            line(o, 1, "Timestamp from icmp data: %s", when);
            /* The frame's time minus the data's, to the nanosecond. */
            int64_t ns = (p->frame.ts_sec - sec) * 1000000000 + (int64_t)p->frame.ts_nsec -
                         (int64_t)usec * 1000;
            uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
            line(o, 1, "[Timestamp from icmp data (relative): %s%llu.%09llu seconds]",
                 ns < 0 ? "-" : "", (unsigned long long)(mag / 1000000000u),
                 (unsigned long long)(mag % 1000000000u));
        }
    }
}

/* ---- payload and problems ------------------------------------------------------------ */

/* The transport payload Wireshark shows as "Data": its length on the wire, and the
 * captured bytes through *b and *caplen. */
static uint32_t l4_payload(const struct packet *p, const uint8_t **b, uint32_t *caplen)
{
    *b = NULL;
    *caplen = 0;
    uint32_t hdr, len;
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status == LAYER_ABSENT || p->tcp.hdr_len < 20 || l4_captured(p) < 20)
            return 0;
        *b = p->tcp.payload;
        *caplen = p->tcp.payload != NULL ? p->tcp.payload_caplen : 0;
        return p->tcp.payload_len;
    case L4_UDP:
        if (p->udp.status != LAYER_OK && p->udp.status != LAYER_MALFORMED)
            return 0;
        if (p->l4_len < 8 || l4_captured(p) < 8)
            return 0;
        hdr = 8;
        len = (p->udp.len >= 8 && p->udp.len <= p->l4_len ? p->udp.len : p->l4_len) - 8u;
        break;
    case L4_ICMP:
    case L4_ICMPV6: {
        bool echo = p->icmp.v6 ? (p->icmp.type == 128 || p->icmp.type == 129)
                               : (p->icmp.type == 0 || p->icmp.type == 8);
        if (!echo || p->icmp.status != LAYER_OK || p->l4_len < 8)
            return 0;
        hdr = 8;
        len = p->l4_len - 8;
        break;
    }
    default:
        return 0;
    }
    *b = frame_bytes(p, p->l4_off + hdr, len, caplen);
    return len;
}

static const char *ip6_ext_short(uint8_t type)
{
    switch (type) {
    case 0:
        return "IPv6 Hop-by-Hop";
    case 43:
        return "IPv6 Routing";
    case 44:
        return "IPv6 Fragment";
    case 60:
        return "IPv6 Destination";
    default:
        return "IPv6";
    }
}

/* The link layer's name in Wireshark's marks. */
static const char *link_short_name(const struct packet *p)
{
    switch (p->link.kind) {
    case LINK_ETHERNET: /* cut after the Ethernet header: inside a VLAN tag */
        return p->frame.caplen >= 14 ? "VLAN" : "Ethernet";
    case LINK_SLL:
    case LINK_SLL2:
        return "SLL";
    case LINK_NULL:
    case LINK_LOOP:
        return "Null";
    default:
        return "Raw";
    }
}

/* The innermost header layer the snapshot length cut, in Wireshark's short names. */
static const char *truncated_layer(const struct packet *p)
{
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status == LAYER_TRUNCATED)
            return "TCP";
        break;
    case L4_UDP:
        if (p->udp.status == LAYER_TRUNCATED && l4_captured(p) < 8)
            return "UDP";
        break;
    case L4_ICMP:
    case L4_ICMPV6:
        if (p->icmp.status == LAYER_TRUNCATED)
            return p->icmp.v6 ? "ICMPv6" : "ICMP";
        break;
    default:
        break;
    }
    if (p->net == NET_IPV6 && p->ip6.status == LAYER_TRUNCATED) {
        int pending = ip6_pending_ext(p);
        return pending >= 0 ? ip6_ext_short((uint8_t)pending) : "IPv6";
    }
    if (p->net == NET_IPV4 && p->ip4.status == LAYER_TRUNCATED)
        return "IPv4";
    if (p->net == NET_ARP && p->arp.status == LAYER_TRUNCATED)
        return "ARP";
    if (p->link.status == LAYER_TRUNCATED)
        return link_short_name(p);
    return NULL;
}

/* A header that runs past the length its packet declared: Wireshark's exception, shown
 * as "[Malformed Packet: TCP]". Bogus length fields get an expert note instead. */
static const char *malformed_layer(const struct packet *p)
{
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status == LAYER_MALFORMED &&
            (p->tcp.problem == NULL || p->tcp.hdr_len > p->l4_len))
            return "TCP";
        break;
    case L4_UDP:
        if (p->udp.status == LAYER_MALFORMED && p->udp.problem == NULL)
            return "UDP";
        break;
    case L4_ICMP:
    case L4_ICMPV6:
        if (p->icmp.status == LAYER_MALFORMED && p->icmp.problem == NULL)
            return p->icmp.v6 ? "ICMPv6" : "ICMP";
        break;
    default:
        break;
    }
    if (p->net == NET_IPV4 && p->ip4.status == LAYER_MALFORMED && p->ip4.problem == NULL)
        return "IPv4";
    if (p->net == NET_IPV6 && p->ip6.status == LAYER_MALFORMED) {
        /* An extension header running past the payload throws in Wireshark. */
        int pending = ip6_pending_ext(p);
        if (pending >= 0)
            return ip6_ext_short((uint8_t)pending);
        if (p->ip6.problem == NULL)
            return "IPv6";
    }
    if (p->link.status == LAYER_MALFORMED)
        return link_short_name(p);
    return NULL;
}

/* ---- the tree ------------------------------------------------------------------------ */

void fmt_detail(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    frame_tree(o, p, opts);
    if (p->link.status == LAYER_ABSENT) {
        out_char(o, '\n');
        return;
    }
    link_tree(o, p, opts);
    /* A network header of which the snapshot kept nothing has no tree, only the mark. */
    bool net_seen = p->frame.caplen > p->net_off;
    if (p->net == NET_IPV4 && p->ip4.status != LAYER_ABSENT && net_seen)
        ip4_tree(o, p, opts);
    else if (p->net == NET_IPV6 && p->ip6.status != LAYER_ABSENT && net_seen)
        ip6_tree(o, p);
    else if (p->net == NET_ARP)
        arp_tree(o, p, opts);
    else if (p->net == NET_OTHER && other_net_bytes(p) > 0) /* an EtherType not decoded */
        data_tree(o, 0, p->frame.data + p->link.hdr_len, other_net_bytes(p), opts->redact);

    const uint8_t *b;
    uint32_t cap;
    uint32_t plen = l4_payload(p, &b, &cap);
    switch (p->l4) {
    case L4_TCP:
        if (p->tcp.status != LAYER_ABSENT)
            tcp_tree(o, p, opts);
        if (plen > 0 && cap > 0)
            data_tree(o, 0, b, cap, opts->redact);
        break;
    case L4_UDP:
        if (p->udp.status != LAYER_ABSENT)
            udp_tree(o, p, opts);
        if (plen > 0 && cap > 0)
            data_tree(o, 0, b, cap, opts->redact);
        break;
    case L4_ICMP:
    case L4_ICMPV6:
        if (p->icmp.status != LAYER_ABSENT)
            icmp_tree(o, p, opts);
        int64_t sec;
        uint32_t usec;
        if (plen > 0 && icmp_data_time(p, &sec, &usec)) {
            /* The timestamp took the first 8 bytes (captured, or it would not be found). */
            plen -= 8;
            b += 8;
            cap -= 8;
        }
        if (plen > 0 && cap > 0)
            data_tree(o, 1, b, cap, false); /* inside ICMP's tree; never redacted */
        break;
    case L4_NONE:
    case L4_OTHER: {
        /* A fragment or an unknown protocol: its bytes are data. */
        bool ipok = (p->net == NET_IPV4 && p->ip4.status == LAYER_OK) ||
                    (p->net == NET_IPV6 && p->ip6.status == LAYER_OK);
        if (ipok && p->l4_off > 0 && p->l4_len > 0) {
            b = frame_bytes(p, p->l4_off, p->l4_len, &cap);
            if (b != NULL && cap > 0)
                data_tree(o, 0, b, cap, opts->redact);
        }
        break;
    }
    }

    const char *cut = truncated_layer(p);
    const char *bad = cut == NULL ? malformed_layer(p) : NULL;
    if (cut != NULL) {
        line(o, 0, "[Packet size limited during capture: %s truncated]", cut);
    } else if (bad != NULL) {
        line(o, 0, "[Malformed Packet: %s]", bad);
        expert(o, 1, "Error", "Malformed", "Malformed Packet (Exception occurred)");
    }
    out_char(o, '\n');
}
