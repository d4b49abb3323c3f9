/*
 * det_frame.c: the Frame tree of -V, what the capture file says of the packet: its
 * number, lengths, arrival time and link type, and Wireshark's [Protocols in frame].
 */
#include "detail.h"

#include <string.h>

/* Wireshark's encapsulation names, with its WTAP_ENCAP numbers, by link kind. */
static const char *const encapsulations[] = {
    [LINK_ETHERNET] = "Ethernet (1)",
    [LINK_SLL] = "Linux cooked-mode capture v1 (25)",
    [LINK_SLL2] = "Linux cooked-mode capture v2 (210)",
    [LINK_NULL] = "NULL/Loopback (15)",
    [LINK_LOOP] = "OpenBSD loopback (174)",
    [LINK_RAW] = "Raw IP (7)",
    [LINK_IPV4] = "Raw IPv4 (129)",
    [LINK_IPV6] = "Raw IPv6 (130)",
};

/* An IPv6 extension header's name in frame.protocols ("ipv6.ext" for others). */
static const char *ext_proto_name(uint8_t type)
{
    const char *name = proto_abbrev(det_ip6_ext_names, type);
    return name != NULL ? name : "ipv6.ext";
}

/* frame.protocols as it is built: names joined by ':', cut at the buffer's end. */
struct protos {
    char buf[256];
    size_t len;
};

static void add(struct protos *s, const char *name)
{
    size_t n = strlen(name);
    if (s->len > 0 && s->len < sizeof s->buf - 1)
        s->buf[s->len++] = ':';
    if (n > sizeof s->buf - 1 - s->len)
        n = sizeof s->buf - 1 - s->len;
    memcpy(s->buf + s->len, name, n);
    s->len += n;
}

static void link_protocols(struct protos *s, const struct packet *p)
{
    bool whole = p->link.status == LAYER_OK;
    switch (p->link.kind) {
    case LINK_ETHERNET:
        if (p->frame.caplen < 14) {
            add(s, "eth");
            break;
        }
        add(s, "eth:ethertype");
        for (int i = 0; i < p->link.nvlan && i < PKT_MAX_VLAN; i++)
            add(s, p->link.vlan[i].tpid == ETYPE_QINQ ? "ieee8021ad:ethertype" : "vlan:ethertype");
        for (int i = 0; i < p->link.nvlan_more; i++)
            add(s, "vlan:ethertype"); /* skipped tags: their TPIDs were not kept */
        if (!whole)
            add(s, "vlan"); /* the tag the snapshot cut */
        break;
    case LINK_SLL:
    case LINK_SLL2:
        add(s, whole ? "sll:ethertype" : "sll");
        break;
    case LINK_NULL:
    case LINK_LOOP:
        add(s, "null");
        break;
    case LINK_RAW:
        add(s, "raw");
        break;
    case LINK_IPV4:
    case LINK_IPV6:
        break;
    }
}

static void net_protocols(struct protos *s, const struct packet *p)
{
    if (p->net == NET_IPV4 && p->ip4.status != LAYER_ABSENT) {
        add(s, "ip");
    } else if (p->net == NET_IPV6 && p->ip6.status != LAYER_ABSENT) {
        add(s, "ipv6");
        for (int i = 0; i < p->ip6.next && i < PKT_MAX_IP6_EXT; i++)
            add(s, ext_proto_name(p->ip6.ext[i].type));
        int pending = det_ip6_pending_ext(p);
        if (pending >= 0)
            add(s, ext_proto_name((uint8_t)pending));
    } else if (p->net == NET_ARP) {
        add(s, "arp");
    } else if (p->net == NET_OTHER && det_other_net_bytes(p) > 0) {
        add(s, "data");
    }
}

/* "eth:ethertype:ip:tcp:data", Wireshark's frame.protocols. */
static void protocols_in_frame(struct out *o, const struct packet *p)
{
    struct protos s = {.len = 0};
    link_protocols(&s, p);
    net_protocols(&s, p);
    bool frag =
        (p->net == NET_IPV4 && p->ip4.is_fragment) || (p->net == NET_IPV6 && p->ip6.is_fragment);
    static const char *const l4_names[] = {
        [L4_TCP] = "tcp", [L4_UDP] = "udp", [L4_ICMP] = "icmp", [L4_ICMPV6] = "icmpv6"};
    enum layer_status st = p->l4 == L4_TCP                          ? p->tcp.status
                           : p->l4 == L4_UDP                        ? p->udp.status
                           : p->l4 == L4_ICMP || p->l4 == L4_ICMPV6 ? p->icmp.status
                                                                    : LAYER_ABSENT;
    if (st != LAYER_ABSENT)
        add(&s, l4_names[p->l4]);
    const uint8_t *b = NULL;
    uint32_t cap = 0;
    bool payload = det_l4_payload(p, &b, &cap) > 0 && cap > 0;
    if (frag || p->l4 == L4_OTHER || payload)
        add(&s, "data");
    dl_begin(o, 1, "[Protocols in frame: ");
    out_mem(o, s.buf, s.len);
    OUT_LIT(o, "]\n");
}

/* "72 bytes" and, with how, " on wire" or " captured"; then " (576 bits)". */
static void bytes_bits(struct out *o, uint32_t n, const char *how)
{
    out_u64(o, n);
    OUT_LIT(o, " byte");
    out_str(o, dl_plural(n));
    out_str(o, how);
    OUT_LIT(o, " (");
    out_u64(o, (uint64_t)n * 8);
    OUT_LIT(o, " bits)");
}

void det_frame(struct out *o, const struct packet *p, const struct fmt_opts *opts,
               struct fmt_detail_cache *cache)
{
    const struct frame_info *f = &p->frame;
    dl_at(o, 0, f->caplen); /* the whole frame; its lines are about it, not in it */
    dl_begin(o, 0, "Frame ");
    out_u64(o, f->number);
    OUT_LIT(o, ": ");
    bytes_bits(o, f->len, " on wire");
    OUT_LIT(o, ", ");
    bytes_bits(o, f->caplen, " captured");
    dl_end(o);
    dl_s(o, 1, "Encapsulation type: ", encapsulations[p->link.kind]);
    dl_begin(o, 1, "Arrival Time: ");
    det_abs_time(o, f->ts_sec, f->ts_nsec, opts, cache);
    dl_end(o);
    dl_text(o, 1, "[Time shift for this packet: 0.000000000 seconds]");
    dl_begin(o, 1, "Epoch Time: ");
    out_i64(o, f->ts_sec);
    out_char(o, '.');
    out_u64_pad(o, f->ts_nsec, 9, '0');
    OUT_LIT(o, " seconds\n");
    dl_u(o, 1, "Frame Number: ", f->number);
    dl_begin(o, 1, "Frame Length: ");
    bytes_bits(o, f->len, "");
    dl_end(o);
    if (f->len < f->caplen) /* a capture file's record that contradicts itself */
        dl_expert(o, 2, "Error", "Malformed", "Frame length is less than captured length");
    dl_begin(o, 1, "Capture Length: ");
    bytes_bits(o, f->caplen, "");
    dl_end(o);
    dl_text(o, 1, "[Frame is marked: False]");
    dl_text(o, 1, "[Frame is ignored: False]");
    protocols_in_frame(o, p);
}
