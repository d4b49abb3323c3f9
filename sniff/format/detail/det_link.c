/*
 * det_link.c: the link layer of -V, chosen by the capture's link type: Ethernet
 * (det_eth.c), Linux cooked capture v1 and v2 (what capturing on "any" gives), BSD
 * loopback's address family, and raw IP, which has no header to show.
 */
#include "detail.h"

#include "fmt_addr.h"

static const struct tok sll_pkttypes[] = {
    {0, "Unicast to us"},           {1, "Broadcast"},  {2, "Multicast"},
    {3, "Unicast to another host"}, {4, "Sent by us"}, {0, NULL},
};

/* BSD address families in DLT_NULL/DLT_LOOP headers; IPv6 differs between BSDs. */
static const struct tok null_families[] = {
    {BSD_AF_INET, "IP"},
    {BSD_AF_INET6_BSD, "IPv6"},
    {BSD_AF_INET6_FREEBSD, "IPv6"},
    {BSD_AF_INET6_DARWIN, "IPv6"},
    {0, NULL},
};

/* The cooked header's link-layer address, at off: halen bytes (at most 8), the rest
 * "Unused". */
static void sll_address(struct out *o, const struct link_info *l, uint32_t off)
{
    uint16_t n = l->halen < 8 ? l->halen : 8;
    if (n > 0) {
        char a[3 * 8];
        dl_at(o, off, n);
        dl_begin(o, 1, "Source: ");
        out_mem(o, a, fmt_mac(a, l->addr, n));
        dl_end(o);
    }
    if (n < 8) {
        dl_at(o, off + n, 8u - n);
        dl_begin(o, 1, "Unused: ");
        dl_hexfield(o, l->addr + n, (size_t)(8 - n));
        dl_end(o);
    }
}

static void sll_tree(struct out *o, const struct packet *p)
{
    const struct link_info *l = &p->link;
    const char *pkttype = tok_name(sll_pkttypes, l->pkttype, "Unknown");
    const char *hatype = tok_name(names_arphrd, l->hatype, "Unknown");
    /* The fields' places: LINKTYPE_LINUX_SLL and LINKTYPE_LINUX_SLL2 (tcpdump.org). */
    if (l->kind == LINK_SLL) {
        dl_at(o, 0, 16);
        dl_text(o, 0, "Linux cooked capture v1");
        dl_at(o, 0, 2);
        dl_named(o, 1, "Packet type: ", pkttype, l->pkttype);
        dl_at(o, 2, 2);
        dl_named(o, 1, "Link-layer address type: ", hatype, l->hatype);
        dl_at(o, 4, 2);
        dl_u(o, 1, "Link-layer address length: ", l->halen);
        sll_address(o, l, 6);
        dl_at(o, 14, 2);
        det_ethertype(o, 1, "Protocol", l->ethertype);
    } else {
        dl_at(o, 0, 20);
        dl_text(o, 0, "Linux cooked capture v2");
        dl_at(o, 0, 2);
        det_ethertype(o, 1, "Protocol", l->ethertype);
        dl_at(o, 4, 4);
        dl_u(o, 1, "Interface index: ", l->ifindex);
        dl_at(o, 8, 2);
        dl_named(o, 1, "Link-layer address type: ", hatype, l->hatype);
        dl_at(o, 10, 1);
        dl_named(o, 1, "Packet type: ", pkttype, l->pkttype);
        dl_at(o, 11, 1);
        dl_u(o, 1, "Link-layer address length: ", l->halen);
        sll_address(o, l, 12);
    }
}

void det_link(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    /* A cut link header: Wireshark shows an Ethernet header as far as it goes, but a
     * cooked or loopback header not at all (only the mark at the end). */
    bool whole = p->link.status == LAYER_OK;
    switch (p->link.kind) {
    case LINK_ETHERNET:
        if (p->frame.caplen >= 14)
            det_ethernet(o, p, opts);
        break;
    case LINK_SLL:
    case LINK_SLL2:
        if (whole)
            sll_tree(o, p);
        break;
    case LINK_NULL:
    case LINK_LOOP:
        if (whole) {
            dl_at(o, 0, 4);
            dl_text(o, 0, "Null/Loopback");
            dl_named(o, 1, "Family: ", tok_name(null_families, p->link.family, "Unknown"),
                     p->link.family);
        }
        break;
    case LINK_RAW:
        dl_text(o, 0, "Raw packet data");
        break;
    case LINK_IPV4:
    case LINK_IPV6:
        break;
    }
}
