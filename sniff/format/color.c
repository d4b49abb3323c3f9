/*
 * color.c: packet-line colouring in the spirit of Wireshark's default colouring rules.
 *
 * Wireshark's defaults (colorfilters) paint "Bad TCP" and checksum errors black on red,
 * "TCP RST" red-ish, "TCP SYN/FIN" dark grey, "TCP" light purple and "UDP" light blue.
 * A terminal's palette is not Wireshark's, so the choice here aims at being readable on
 * both dark and light backgrounds:
 *   - SYN/FIN: bold (SGR 1) only. Grey (90) vanishes on dark themes and black on dark
 *     backgrounds is unreadable; bold stands out on both while staying in the text colour.
 *   - RST: red foreground (31), readable on black and on white.
 *   - bad/malformed/truncated: bold white on red background (1;37;41), Wireshark's
 *     "black on red" with white text because black on red is poor on many palettes.
 *   - other TCP (data and ACKs, as Wireshark's "TCP" rule): magenta foreground (35), the
 *     terminal's "light purple".
 *   - other (UDP, ICMP, ARP): cyan (36), Wireshark's light blue.
 * Only the 8 basic colours are used so 16-colour consoles show them; colour is applied
 * only when the caller asked (NO_COLOR and --color are handled by main).
 */
#include "fmt.h"

/* A header (not just the payload) was cut by the snapshot length. A short snapshot that
 * keeps every header, tcpdump's old -s 96 habit, is not a fault worth a red line. */
static bool header_cut(const struct packet *p)
{
    return p->link.status == LAYER_TRUNCATED || p->ip4.status == LAYER_TRUNCATED ||
           p->ip6.status == LAYER_TRUNCATED || p->tcp.status == LAYER_TRUNCATED ||
           /* the UDP decoder also says TRUNCATED for a cut payload: the header is 8 bytes */
           (p->udp.status == LAYER_TRUNCATED && p->frame.caplen < p->l4_off + 8u) ||
           p->icmp.status == LAYER_TRUNCATED || p->arp.status == LAYER_TRUNCATED;
}

enum pkt_color color_of(const struct packet *p)
{
    if (p->malformed || header_cut(p))
        return COLOR_BAD;
    if (p->l4 == L4_TCP) {
        if (p->tcp.status != LAYER_OK)
            return COLOR_BAD;
        if (p->tcp.flags & TCP_RST)
            return COLOR_RST;
        if (p->tcp.flags & (TCP_SYN | TCP_FIN))
            return COLOR_SYNFIN;
        return COLOR_DATA; /* Wireshark's "TCP" rule: every other segment, ACKs too */
    }
    if (p->l4 == L4_UDP || p->l4 == L4_ICMP || p->l4 == L4_ICMPV6 || p->net == NET_ARP)
        return COLOR_OTHER;
    return COLOR_NONE;
}

const char *color_start(enum pkt_color c)
{
    return color_start_pal(c, false);
}

/* The light palette differs in one colour: cyan fades on a white screen (a projector),
 * blue does not. */
const char *color_start_pal(enum pkt_color c, bool light)
{
    if (light && c == COLOR_OTHER)
        return "\033[34m";
    switch (c) {
    case COLOR_SYNFIN:
        return "\033[1m";
    case COLOR_RST:
        return "\033[31m";
    case COLOR_DATA:
        return "\033[35m";
    case COLOR_BAD:
        return "\033[1;37;41m";
    case COLOR_OTHER:
        return "\033[36m";
    case COLOR_NONE:
        break;
    }
    return "";
}

const char *color_end(void)
{
    return "\033[0m";
}
