/*
 * df_fields_pkt.c: the readers of the frame, link, network and ICMP fields (df_fields.h),
 * from the decoded struct packet. Addresses come in wire order (eth.addr: destination,
 * then source; ip.addr: source, then destination), as tshark -T fields prints them.
 */
#include "df_fields.h"

int df_get_frame(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    int64_t t = frame_ns(&p->frame);
    switch (arg) {
    case FR_NUMBER:
        return df_put(v, DF_UINT, p->frame.number);
    case FR_LEN:
        return df_put(v, DF_UINT, p->frame.len);
    case FR_CAP_LEN:
        return df_put(v, DF_UINT, p->frame.caplen);
    case FR_TIME:
    case FR_EPOCH:
    case FR_DELTA:
    case FR_RELATIVE:
        df_put(v, arg == FR_TIME ? DF_ABSTIME : DF_RELTIME, 0);
        v->v.ns = arg == FR_DELTA ? t - fr->prev_ns : arg == FR_RELATIVE ? t - fr->first_ns : t;
        return 1;
    case FR_COMMENT: {
        int n = 0;
        for (int i = 0; i < fr->ncomments && n < DF_MAX_VALUES; i++)
            n += df_put_bytes(&v[n], DF_STRING, (const uint8_t *)fr->comments[i].text,
                              fr->comments[i].len);
        return n;
    }
    default:
        return 0;
    }
}

static bool has_eth(const struct packet *p)
{
    return p->link.kind == LINK_ETHERNET && p->link.status != LAYER_ABSENT && p->link.hdr_len >= 14;
}

static int vlan_values(const struct packet *p, int arg, struct df_value *v)
{
    int n = 0;
    for (int i = 0; i < p->link.nvlan && n < DF_MAX_VALUES; i++) {
        const struct vlan_tag *t = &p->link.vlan[i];
        /* The Type after each tag: the next tag's TPID, or the EtherType. */
        uint16_t next = i + 1 < p->link.nvlan    ? p->link.vlan[i + 1].tpid
                        : p->link.nvlan_more > 0 ? p->link.more_tpid
                                                 : p->link.ethertype;
        n += df_put(&v[n], arg == VLAN_DEI ? DF_BOOL : DF_UINT,
                    arg == VLAN_ID     ? t->vid
                    : arg == VLAN_PRIO ? t->pcp
                    : arg == VLAN_DEI  ? t->dei
                                       : next);
    }
    return n;
}

int df_get_eth(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    if (arg >= VLAN_ID)
        return vlan_values(p, arg, v);
    if (!has_eth(p))
        return 0;
    const uint8_t *dst = p->link.dst, *src = p->link.src;
    switch (arg) {
    case ETH_ADDR:
        df_put_bytes(&v[0], DF_ETHER, NULL, 0);
        df_put_bytes(&v[1], DF_ETHER, NULL, 0);
        memcpy(v[0].v.a, dst, 6);
        memcpy(v[1].v.a, src, 6);
        return 2;
    case ETH_SRC:
    case ETH_DST:
        df_put_bytes(v, DF_ETHER, NULL, 0);
        memcpy(v->v.a, arg == ETH_SRC ? src : dst, 6);
        return 1;
    case ETH_TYPE:
        return df_put(v, DF_UINT, p->link.nvlan > 0 ? p->link.vlan[0].tpid : p->link.ethertype);
    case ETH_LG: /* bit 1 of the first byte: locally administered; bit 0: group */
    case ETH_IG:
        df_put(&v[0], DF_BOOL, (dst[0] >> (arg == ETH_LG)) & 1);
        df_put(&v[1], DF_BOOL, (src[0] >> (arg == ETH_LG)) & 1);
        return 2;
    case ETH_SRC_LG:
    case ETH_SRC_IG:
        return df_put(v, DF_BOOL, (src[0] >> (arg == ETH_SRC_LG)) & 1);
    default:
        return df_put(v, DF_BOOL, (dst[0] >> (arg == ETH_DST_LG)) & 1);
    }
}

/* How far Wireshark reads an IPv4 header: 1, the version and header length (a header
 * length below 20, or a header cut short, stops it there); 2, also the DS field and
 * the total length (a total length below the header's stops it there); 3, all. */
static int ip4_level(const struct packet *p)
{
    const struct ipv4_info *ip = &p->ip4;
    if (p->net != NET_IPV4 || ip->status == LAYER_ABSENT)
        return 0;
    if (ip->status == LAYER_OK)
        return 3;
    if (p->frame.caplen <= p->net_off || ip->version != 4)
        return 0;
    if (ip->hdr_len >= 20 && ip->status == LAYER_MALFORMED && ip->problem != NULL &&
        strcmp(ip->problem, "Bogus IP length") == 0)
        return 2;
    return 1;
}

int df_get_ip(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    const struct ipv4_info *ip = &p->ip4;
    /* IPv6 has Wireshark's ip.version too (the version nibble both share). */
    if (arg == IP_VERSION && p->net == NET_IPV6 && p->ip6.status != LAYER_ABSENT &&
        p->ip6.version == 6)
        return df_put(v, DF_UINT, 6);
    int level = ip4_level(p);
    int need = arg == IP_VERSION || arg == IP_HDR_LEN                                  ? 1
               : arg == IP_DSFIELD || arg == IP_DSCP || arg == IP_ECN || arg == IP_LEN ? 2
                                                                                       : 3;
    if (arg == IP_SRC || arg == IP_DST || arg == IP_ADDR) {
        /* A tunnel's outer headers first, as Wireshark matches every layer's. */
        bool src = arg != IP_DST, dst = arg != IP_SRC;
        int n = df_outer_ip(p, false, src, dst, v);
        if (level >= need && n + 2 <= DF_MAX_VALUES) /* eight tunnels fill v */
            n += df_put_addrs(&v[n], ip->src, ip->dst, false, src, dst);
        return n;
    }
    if (level < need)
        return 0;
    switch (arg) {
    case IP_RB:
    case IP_DF:
    case IP_MF:
        return df_put(v, DF_BOOL, arg == IP_RB ? ip->rb : arg == IP_DF ? ip->df : ip->mf);
    default:
        break;
    }
    uint64_t u = arg == IP_VERSION   ? ip->version
                 : arg == IP_HDR_LEN ? ip->hdr_len
                 : arg == IP_DSFIELD ? (uint64_t)(ip->dscp << 2 | ip->ecn)
                 : arg == IP_DSCP    ? ip->dscp
                 : arg == IP_ECN     ? ip->ecn
                 : arg == IP_LEN     ? ip->total_len
                 : arg == IP_ID      ? ip->id
                 : arg == IP_FLAGS   ? (uint64_t)(ip->rb << 2 | ip->df << 1 | ip->mf)
                 : arg == IP_FRAG    ? ip->frag_offset
                 : arg == IP_TTL     ? ip->ttl
                 : arg == IP_PROTO   ? ip->proto
                                     : ip->checksum;
    return df_put(v, DF_UINT, u);
}

int df_get_ipv6(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    const struct ipv6_info *ip = &p->ip6;
    /* The fixed header was read (its version set): extension-header trouble after it
     * does not take its fields away, as in Wireshark. */
    bool have = p->net == NET_IPV6 && ip->status != LAYER_ABSENT && ip->version == 6;
    if (arg == IP6_SRC || arg == IP6_DST || arg == IP6_ADDR) {
        /* A tunnel's outer headers first, as Wireshark matches every layer's. */
        bool src = arg != IP6_DST, dst = arg != IP6_SRC;
        int n = df_outer_ip(p, true, src, dst, v);
        if (have && n + 2 <= DF_MAX_VALUES)
            n += df_put_addrs(&v[n], ip->src, ip->dst, true, src, dst);
        return n;
    }
    if (!have)
        return 0;
    uint64_t u = arg == IP6_VERSION  ? ip->version
                 : arg == IP6_TCLASS ? ip->tclass
                 : arg == IP6_DSCP   ? (uint64_t)(ip->tclass >> 2)
                 : arg == IP6_ECN    ? (uint64_t)(ip->tclass & 3)
                 : arg == IP6_FLOW   ? ip->flow
                 : arg == IP6_PLEN   ? ip->payload_len
                 : arg == IP6_NXT    ? ip->next_header
                                     : ip->hop_limit;
    return df_put(v, DF_UINT, u);
}

static int icmp_values(const struct packet *p, bool v6, int arg, struct df_value *v)
{
    const struct icmp_info *ic = &p->icmp;
    if (p->l4 != (v6 ? L4_ICMPV6 : L4_ICMP) || ic->status != LAYER_OK)
        return 0;
    if (arg == ICMP_TYPE || arg == ICMP_CODE || arg == ICMP_CHECKSUM)
        return df_put(v, DF_UINT,
                      arg == ICMP_TYPE   ? ic->type
                      : arg == ICMP_CODE ? ic->code
                                         : ic->checksum);
    if (ic->echo == ICMP_NOT_ECHO)
        return 0;
    if (arg == ICMP_RESP_TO)
        return ic->request_in != 0 ? df_put(v, DF_FRAMENUM, ic->request_in) : 0;
    uint16_t x = arg == ICMP_IDENT || arg == ICMP_IDENT_LE ? ic->id : ic->seq;
    if (arg == ICMP_IDENT_LE || arg == ICMP_SEQ_LE) /* Wireshark reads both byte orders */
        x = (uint16_t)(x >> 8 | x << 8);
    return df_put(v, DF_UINT, x);
}

int df_get_icmp(const struct df_frame *fr, int arg, struct df_value *v)
{
    return icmp_values(fr->p, false, arg, v);
}

int df_get_icmpv6(const struct df_frame *fr, int arg, struct df_value *v)
{
    return icmp_values(fr->p, true, arg, v);
}

int df_get_arp(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct arp_info *a = &fr->p->arp;
    if (fr->p->net != NET_ARP || a->status != LAYER_OK)
        return 0;
    switch (arg) {
    case ARP_HW_TYPE:
        return df_put(v, DF_UINT, a->htype);
    case ARP_PROTO_TYPE:
        return df_put(v, DF_UINT, a->ptype);
    case ARP_HW_SIZE:
        return df_put(v, DF_UINT, a->hlen);
    case ARP_PROTO_SIZE:
        return df_put(v, DF_UINT, a->plen);
    case ARP_OPCODE:
        return df_put(v, DF_UINT, a->oper);
    default:
        break;
    }
    if (a->hlen != 6 || a->plen != 4) /* the addresses are kept for Ethernet/IPv4 only */
        return 0;
    if (arg == ARP_SRC_IP || arg == ARP_DST_IP)
        return df_put_addr(v, arg == ARP_SRC_IP ? a->spa : a->tpa, false);
    df_put_bytes(v, DF_ETHER, NULL, 0);
    memcpy(v->v.a, arg == ARP_SRC_MAC ? a->sha : a->tha, 6);
    return 1;
}

/* A protocol's bytes: from its first byte to the end of what it carries (its parent's
 * declared length, as far as captured), and its own length for len(). */
static int proto_bytes(const struct packet *p, uint32_t off, uint32_t end, uint32_t item,
                       struct df_value *v)
{
    if (end > p->frame.caplen)
        end = p->frame.caplen;
    if (off > end)
        off = end;
    df_put_bytes(v, DF_PROTO, p->frame.data + off, end - off);
    v->item_len = item;
    return 1;
}

/* The protocol as the packet's own layer (the innermost), or 0. */
static int own_proto(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    uint32_t cap = p->frame.caplen;
    switch (arg) {
    case P_FRAME:
        return proto_bytes(p, 0, cap, cap, v);
    case P_ETH:
        return p->link.kind == LINK_ETHERNET && p->link.status != LAYER_ABSENT
                   ? proto_bytes(p, 0, cap, 14, v)
                   : 0;
    case P_IP: /* Wireshark calls no dissector for a layer of which nothing was captured */
        if (p->net != NET_IPV4 || p->ip4.status == LAYER_ABSENT || cap <= p->net_off)
            return 0;
        return proto_bytes(p, p->net_off, p->net_off + p->ip4.total_len, p->ip4.hdr_len, v);
    case P_IPV6:
        if (p->net != NET_IPV6 || p->ip6.status == LAYER_ABSENT || cap <= p->net_off)
            return 0;
        return proto_bytes(p, p->net_off, p->net_off + 40u + p->ip6.payload_len, 40, v);
    case P_TCP: /* from its ports on, as in Wireshark */
        if (p->l4 != L4_TCP || p->tcp.status == LAYER_ABSENT || !p->tcp.have_ports)
            return 0;
        return proto_bytes(p, p->l4_off, p->l4_off + p->l4_len, p->tcp.hdr_len, v);
    case P_UDP:
        if (p->l4 != L4_UDP || p->udp.status == LAYER_ABSENT)
            return 0;
        return proto_bytes(p, p->l4_off, p->l4_off + p->l4_len, 8, v);
    case P_ICMP:
    case P_ICMPV6:
        if (p->l4 != (arg == P_ICMP ? L4_ICMP : L4_ICMPV6) || p->icmp.status == LAYER_ABSENT)
            return 0;
        return proto_bytes(p, p->l4_off, p->l4_off + p->l4_len, p->l4_len, v);
    case P_ARP:
        if (p->net != NET_ARP)
            return 0;
        return proto_bytes(p, p->net_off, cap, 8u + 2u * (p->arp.hlen + p->arp.plen), v);
    default:
        return 0;
    }
}

int df_get_proto(const struct df_frame *fr, int arg, struct df_value *v)
{
    int n = own_proto(fr, arg, v);
    /* A tunnel's outer IP, UDP or Ethernet header is that protocol too. */
    return n > 0 ? n : df_outer_proto(fr->p, arg, v);
}
