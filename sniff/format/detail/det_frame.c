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
    [LINK_PPP] = "PPP (4)",
    [LINK_PPP_HDLC] = "PPP (4)",
    [LINK_CHDLC] = "Cisco HDLC (28)",
    [LINK_WLAN] = "IEEE 802.11 Wireless LAN (20)",
    [LINK_RADIOTAP] = "IEEE 802.11 plus radiotap radio header (23)",
    [LINK_PPI] = "Per-Packet Information header (97)",
    [LINK_IPOIB] = "IP over IB (180)",
    [LINK_ARCNET] = "Linux ARCNET (9)",
    [LINK_JUNIPER] = "Juniper Ethernet (83)",
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

/* An Ethernet header's names: "eth:ethertype", a tag's "vlan:ethertype" each. */
static void eth_protocols(struct protos *s, const struct link_info *l, uint32_t have)
{
    if (have < 14) {
        add(s, "eth");
        return;
    }
    add(s, "eth:ethertype");
    for (int i = 0; i < l->nvlan && i < PKT_MAX_VLAN; i++)
        add(s, l->vlan[i].tpid == ETYPE_QINQ ? "ieee8021ad:ethertype" : "vlan:ethertype");
    for (int i = 0; i < l->nvlan_more; i++)
        add(s, "vlan:ethertype"); /* skipped tags: their TPIDs were not kept */
    if (l->status != LAYER_OK)
        add(s, "vlan"); /* the tag the snapshot cut */
}

/* The PPP and 802.11 link types' names. */
static void link_other_protocols(struct protos *s, const struct packet *p)
{
    const struct link_info *l = &p->link;
    switch (l->kind) {
    case LINK_PPP:
    case LINK_PPP_HDLC:
    case LINK_CHDLC:
        if (l->kind != LINK_CHDLC)
            add(s, "ppp");
        if (l->u.ppp.chdlc)
            add(s, "chdlc");
        if (l->status == LAYER_OK && p->net == NET_OTHER && !l->u.ppp.chdlc) {
            const struct ppp_proto_name *n = ppp_proto_lookup(l->u.ppp.protocol);
            add(s, n != NULL && n->filter != NULL ? n->filter : "data");
        }
        break;
    case LINK_RADIOTAP:
    case LINK_PPI:
        add(s, l->kind == LINK_RADIOTAP ? "radiotap:wlan_radio" : "ppi:wlan_radio");
        /* fall through */
    case LINK_WLAN:
        if (l->status == LAYER_OK || l->u.wlan.naddr > 0)
            add(s, "wlan");
        if (l->u.wlan.has_llc)
            add(s, "llc");
        break;
    case LINK_IPOIB:
        add(s, "ipoib");
        break;
    case LINK_ARCNET:
        add(s, "arcnet");
        break;
    case LINK_JUNIPER:
        add(s, "juniper");
        if (!(l->u.juniper.flags & 0x02))
            eth_protocols(s, l, p->frame.caplen > l->eth_off ? p->frame.caplen - l->eth_off : 0);
        break;
    default:
        break;
    }
}

static void link_protocols(struct protos *s, const struct packet *p)
{
    bool whole = p->link.status == LAYER_OK;
    switch (p->link.kind) {
    case LINK_ETHERNET:
        eth_protocols(s, &p->link, p->frame.caplen);
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
    case LINK_UNKNOWN:
        if (det_user_dlt(p->frame.linktype) >= 0)
            add(s, "user_dlt");
        if (p->frame.caplen > 0)
            add(s, "data");
        break;
    default:
        link_other_protocols(s, p);
        break;
    }
}

static void ip6_protocols(struct protos *s, const struct ipv6_info *ip)
{
    add(s, "ipv6");
    for (int i = 0; i < ip->next && i < PKT_MAX_IP6_EXT; i++)
        add(s, ext_proto_name(ip->ext[i].type));
}

/* The tunnel headers around the inner packet. */
static void encap_protocols(struct protos *s, const struct packet *p)
{
    static const char *const names[] = {[ENCAP_IP4] = "ip",
                                        [ENCAP_UDP] = "udp",
                                        [ENCAP_GRE] = "gre",
                                        [ENCAP_VXLAN] = "vxlan",
                                        [ENCAP_GENEVE] = "geneve"};
    for (int i = 0; i < p->nencap; i++) {
        const struct encap *e = &p->encap[i];
        if (e->kind == ENCAP_IP6) {
            ip6_protocols(s, &e->u.ip6);
        } else if (e->kind == ENCAP_ETH) {
            eth_protocols(s, &e->u.eth, p->frame.caplen > e->off ? p->frame.caplen - e->off : 0);
        } else if (e->kind == ENCAP_PPPOE) {
            add(s, "pppoes:ppp");
        } else if (e->kind == ENCAP_L2TP) {
            add(s, "l2tp:ppp");
        } else if (e->kind == ENCAP_MPLS) {
            if (i == 0 || p->encap[i - 1].kind != ENCAP_MPLS) /* one name for the stack */
                add(s, "mpls");
        } else {
            add(s, names[e->kind]);
            if (e->kind == ENCAP_IP4 && e->u.ip4.ah.present)
                add(s, "ah");
        }
    }
}

static void net_protocols(struct protos *s, const struct packet *p)
{
    encap_protocols(s, p);
    if (p->net == NET_IPV4 && p->ip4.status != LAYER_ABSENT) {
        add(s, "ip");
        if (p->ip4.ah.present)
            add(s, "ah");
    } else if (p->net == NET_IPV6 && p->ip6.status != LAYER_ABSENT) {
        ip6_protocols(s, &p->ip6);
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
    bool frag = pkt_shown_as_fragment(p);
    static const char *const l4_names[] = {
        [L4_TCP] = "tcp", [L4_UDP] = "udp", [L4_ICMP] = "icmp", [L4_ICMPV6] = "icmpv6"};
    enum layer_status st = p->l4 == L4_TCP                          ? p->tcp.status
                           : p->l4 == L4_UDP                        ? p->udp.status
                           : p->l4 == L4_ICMP || p->l4 == L4_ICMPV6 ? p->icmp.status
                                                                    : LAYER_ABSENT;
    if (st != LAYER_ABSENT)
        add(&s, l4_names[p->l4]);
    if (st != LAYER_ABSENT && p->l4 == L4_TCP && det_has_mptcp(&p->tcp))
        add(&s, "mptcp");
    if (p->l4 == L4_OTHER && p->l4_proto == IP_PROTO_IPCOMP)
        add(&s, "ipcomp");
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

/* The name Wireshark gives a pcapng record's interface: its if_name, else its
 * description, else "unknown". */
static const char *iface_name(const struct frame_info *f)
{
    return f->iface_name != NULL    ? f->iface_name
           : f->iface_descr != NULL ? f->iface_descr
                                    : "unknown";
}

/* pcapng: the section and the interface, with what its description block says. */
static void interface_lines(struct out *o, const struct frame_info *f)
{
    dl_u(o, 1, "Section number: ", f->section != 0 ? f->section : 1);
    dl_begin(o, 1, "Interface id: ");
    out_u64(o, f->iface_id);
    dl_s3(o, 0, " (", iface_name(f), ")");
    if (f->iface_name != NULL)
        dl_s(o, 2, "Interface name: ", f->iface_name);
    if (f->iface_descr != NULL)
        dl_s(o, 2, "Interface description: ", f->iface_descr);
}

/* pcapng's epb_flags (the pcapng draft's "Enhanced Packet Block Flags Word"): direction
 * in bits 0-1, reception type in 2-4, FCS length in 5-8, link-layer errors in 24-31. */
static const char *const epb_dirs[4] = {"Unknown", "Inbound", "Outbound", "Unknown"};
static const char *const epb_rx[8] = {"Not specified", "Unicast", "Multicast", "Broadcast",
                                      "Promiscuous",   "Unknown", "Unknown",   "Unknown"};
static const char *const epb_errors[8] = {"CRC error",
                                          "Packet too long error",
                                          "Packet too short error",
                                          "Wrong interframe gap error",
                                          "Unaligned frame error",
                                          "Start frame delimiter error",
                                          "Preamble error",
                                          "Symbol error"};

static void packet_flags(struct out *o, uint32_t w)
{
    dl_x(o, 1, "Packet flags: ", w, 8);
    dl_bits(o, 2, w, 32, 0x3);
    OUT_LIT(o, "Direction: ");
    out_str(o, epb_dirs[w & 3]);
    OUT_LIT(o, " (");
    dl_hex(o, w & 3, 1);
    OUT_LIT(o, ")\n");
    dl_bits(o, 2, w, 32, 0x1c);
    dl_named(o, 0, "Reception type: ", epb_rx[(w >> 2) & 7], (w >> 2) & 7);
    dl_bits(o, 2, w, 32, 0x1e0);
    dl_u(o, 0, "FCS length: ", (w >> 5) & 0xf);
    dl_bits(o, 2, w, 32, 0xfe00);
    dl_u(o, 0, "Reserved: ", (w >> 9) & 0x7f);
    for (int i = 0; i < 8; i++) {
        dl_bits(o, 2, w, 32, 1u << (24 + i));
        dl_s3(o, 0, epb_errors[i], ": ", dl_set(w >> (24 + i) & 1));
    }
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
    if (f->has_iface) {
        OUT_LIT(o, " on interface ");
        out_str(o, iface_name(f));
        OUT_LIT(o, ", id ");
        out_u64(o, f->iface_id);
    }
    if (f->has_epb_flags && (f->epb_flags & 3) == 1)
        OUT_LIT(o, " (inbound)");
    else if (f->has_epb_flags && (f->epb_flags & 3) == 2)
        OUT_LIT(o, " (outbound)");
    dl_end(o);
    if (f->has_iface)
        interface_lines(o, f);
    if (f->has_epb_flags)
        packet_flags(o, f->epb_flags);
    if (p->link.kind != LINK_UNKNOWN) {
        dl_s(o, 1, "Encapsulation type: ", encapsulations[p->link.kind]);
    } else if (det_user_dlt(f->linktype) >= 0) {
        /* DLT_USER0 to 15: Wireshark's WTAP_ENCAP_USER0 (45) onwards */
        dl_begin(o, 1, "Encapsulation type: USER ");
        out_u64(o, (uint64_t)det_user_dlt(f->linktype));
        dl_u3(o, 0, " (", 45u + (unsigned)det_user_dlt(f->linktype), ")");
    }
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
    if (f->has_epb_flags && (f->epb_flags & 3) == 1)
        dl_text(o, 1, "Point-to-Point Direction: Received (1)");
    else if (f->has_epb_flags && (f->epb_flags & 3) == 2)
        dl_text(o, 1, "Point-to-Point Direction: Sent (0)");
    protocols_in_frame(o, p);
}
