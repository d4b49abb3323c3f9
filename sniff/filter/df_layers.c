/*
 * df_layers.c: values of the display-filter fields of the layers beyond Ethernet, IP,
 * TCP and UDP (df_layers.h), read from the decoded packet as Wireshark's fields of the
 * same names hold them: 802.11 addresses by the DS bits, a tunnel's headers wherever it
 * sits in p->encap, the TCP options' values through tcp_opt_value.
 */
#include "df_layers.h"

#include <string.h>

#include "decode.h"
#include "proto.h"

static bool is_wlan(const struct packet *p)
{
    return (p->link.kind == LINK_WLAN || p->link.kind == LINK_RADIOTAP ||
            p->link.kind == LINK_PPI) &&
           p->link.status == LAYER_OK;
}

static bool is_ppp(const struct packet *p)
{
    return (p->link.kind == LINK_PPP || p->link.kind == LINK_PPP_HDLC) &&
           p->link.status == LAYER_OK && !p->link.u.ppp.chdlc;
}

static bool is_chdlc(const struct packet *p)
{
    return p->link.kind >= LINK_PPP && p->link.kind <= LINK_CHDLC && p->link.status == LAYER_OK &&
           p->link.u.ppp.chdlc;
}

/* The first tunnel header of a kind, or NULL. */
static const struct encap *encap_of(const struct packet *p, enum encap_kind kind)
{
    for (int i = 0; i < p->nencap; i++)
        if (p->encap[i].kind == kind)
            return &p->encap[i];
    return NULL;
}

/* An AH after IPv4 (the packet's own or a tunnel's) or in an IPv6 chain. */
static bool ah_of(const struct packet *p, uint32_t *spi, uint32_t *seq)
{
    if (p->net == NET_IPV4 && p->ip4.ah.present) {
        *spi = p->ip4.ah.spi;
        *seq = p->ip4.ah.seq;
        return true;
    }
    const struct ipv6_info *chains[PKT_MAX_ENCAP + 1];
    int n = 0;
    for (int i = 0; i < p->nencap; i++)
        if (p->encap[i].kind == ENCAP_IP6)
            chains[n++] = &p->encap[i].u.ip6;
    if (p->net == NET_IPV6)
        chains[n++] = &p->ip6;
    for (int c = 0; c < n; c++)
        for (int i = 0; i < chains[c]->next && i < PKT_MAX_IP6_EXT; i++)
            if (chains[c]->ext[i].type == IP_PROTO_AH) {
                *spi = chains[c]->ext[i].spi;
                *seq = chains[c]->ext[i].ah_seq;
                return true;
            }
    return false;
}

static bool has_tcp_options(const struct packet *p)
{
    return p->l4 == L4_TCP && p->tcp.status != LAYER_ABSENT && p->tcp.hdr_len >= 20 &&
           !p->tcp.head_only;
}

bool df_layer_present(int id, const struct packet *p)
{
    uint32_t spi, seq;
    switch (id) {
    case DFL_PPP:
        return (p->link.kind == LINK_PPP || p->link.kind == LINK_PPP_HDLC) &&
               p->link.status == LAYER_OK;
    case DFL_CHDLC:
        return is_chdlc(p);
    case DFL_WLAN:
        return is_wlan(p);
    case DFL_RADIOTAP:
        return p->link.kind == LINK_RADIOTAP && p->link.u.wlan.radio.len >= 8;
    case DFL_PPI:
        return p->link.kind == LINK_PPI && p->link.u.wlan.radio.len >= 8;
    case DFL_LLC:
        return is_wlan(p) && p->link.u.wlan.has_llc;
    case DFL_ARCNET:
        return p->link.kind == LINK_ARCNET && p->link.status == LAYER_OK;
    case DFL_IPOIB:
        return p->link.kind == LINK_IPOIB && p->link.status == LAYER_OK;
    case DFL_JUNIPER:
        return p->link.kind == LINK_JUNIPER && p->link.hdr_len > 0;
    case DFL_GRE:
        return encap_of(p, ENCAP_GRE) != NULL;
    case DFL_VXLAN:
        return encap_of(p, ENCAP_VXLAN) != NULL;
    case DFL_GENEVE:
        return encap_of(p, ENCAP_GENEVE) != NULL;
    case DFL_AH:
        return ah_of(p, &spi, &seq);
    case DFL_IPCOMP:
        return p->l4 == L4_OTHER && p->l4_proto == IP_PROTO_IPCOMP;
    case DFL_PPPOES:
        return encap_of(p, ENCAP_PPPOE) != NULL;
    case DFL_MPLS:
        return encap_of(p, ENCAP_MPLS) != NULL;
    case DFL_L2TP:
        return encap_of(p, ENCAP_L2TP) != NULL;
    case DFL_MPTCP:
        if (!has_tcp_options(p))
            return false;
        for (int i = 0; i < p->tcp.nopts; i++)
            if (p->tcp.opts[i].kind == TCP_OPT_MPTCP && !p->tcp.opts[i].bad)
                return true;
        return false;
    default:
        return false;
    }
}

/* 802.11 addresses by role: DA, SA, BSSID by the DS bits (IEEE 802.11-2020 Table 9-30);
 * -1 when the frame has none in that role. */
static int wlan_role(const struct wlan_hdr *w, int id)
{
    static const int8_t roles[4][3] = {{0, 1, 2}, {2, 1, 0}, {0, 2, 1}, {2, 3, -1}};
    unsigned ds = w->type == WLAN_DATA ? (w->flags & 3u) : 0;
    int r = id == DFL_WLAN_RA      ? 0
            : id == DFL_WLAN_TA    ? (w->naddr > 1 ? 1 : -1)
            : w->type == WLAN_CTRL ? -1
                                   : roles[ds][id == DFL_WLAN_DA   ? 0
                                               : id == DFL_WLAN_SA ? 1
                                                                   : 2];
    return r >= 0 && r < w->naddr ? r : -1;
}

static int wlan_values(int id, const struct packet *p, struct df_lval *v, int max)
{
    const struct wlan_hdr *w = &p->link.u.wlan;
    if (!is_wlan(p))
        return 0;
    switch (id) {
    case DFL_WLAN_TYPE_SUBTYPE:
        v[0].u = (uint64_t)(w->type << 4 | w->subtype);
        return 1;
    case DFL_WLAN_TYPE:
        v[0].u = w->type;
        return 1;
    case DFL_WLAN_SUBTYPE:
        v[0].u = w->subtype;
        return 1;
    case DFL_WLAN_SEQ:
        v[0].u = (uint64_t)(w->seq_ctl >> 4);
        return w->has_seq ? 1 : 0;
    case DFL_WLAN_TODS:
    case DFL_WLAN_FROMDS:
    case DFL_WLAN_PROTECTED:
        v[0].u = (w->flags & (id == DFL_WLAN_TODS     ? WLAN_TO_DS
                              : id == DFL_WLAN_FROMDS ? WLAN_FROM_DS
                                                      : WLAN_PROTECTED)) != 0;
        return 1;
    case DFL_WLAN_ADDR: {
        int n = 0;
        for (int i = 0; i < w->naddr && n < max; i++)
            memcpy(v[n++].a, w->addr[i], 6);
        return n;
    }
    default: {
        int r = wlan_role(w, id);
        if (r < 0)
            return 0;
        memcpy(v[0].a, w->addr[r], 6);
        return 1;
    }
    }
}

/* The values of a TCP option family, one per option. */
static int tcp_option_values(int id, const struct packet *p, struct df_lval *v, int max)
{
    const struct tcp_info *t = &p->tcp;
    int n = 0;
    if (!has_tcp_options(p))
        return 0;
    for (int i = 0; i < t->nopts && n < max; i++) {
        const struct tcp_opt *op = &t->opts[i];
        struct tcp_opt_value val;
        if (id == DFL_TCP_OPTION_KIND) {
            v[n++].u = op->kind;
            continue;
        }
        if (!tcp_opt_value(op, &val))
            continue;
        if (id == DFL_TCP_UTO && op->kind == TCP_OPT_USER_TIMEOUT)
            v[n++].u = val.uto;
        else if (id == DFL_TCP_MPTCP_SUBTYPE && op->kind == TCP_OPT_MPTCP)
            v[n++].u = val.mp_subtype;
        else if (id >= DFL_TCP_ACCECN_EE0B && id <= DFL_TCP_ACCECN_EE1B &&
                 (op->kind == TCP_OPT_ACCECN0 || op->kind == TCP_OPT_ACCECN1)) {
            /* order 0 holds EE0B, ECEB, EE1B; order 1 EE1B, ECEB, EE0B */
            int want = id - DFL_TCP_ACCECN_EE0B;
            int at = op->kind == TCP_OPT_ACCECN0 ? want : 2 - want;
            if (at < val.ncounters)
                v[n++].u = val.counter[at];
        }
    }
    return n;
}

/* The link types' numbers. */
static int link_values(int id, const struct packet *p, struct df_lval *v)
{
    const struct link_info *l = &p->link;
    switch (id) {
    case DFL_PPP_PROTOCOL:
    case DFL_CHDLC_PROTOCOL:
        if (id == DFL_PPP_PROTOCOL ? !is_ppp(p) : !is_chdlc(p))
            return 0;
        v[0].u = l->u.ppp.protocol;
        return 1;
    case DFL_RADIOTAP_FREQ:
    case DFL_WLAN_RADIO_FREQ:
    case DFL_WLAN_RADIO_CHANNEL: {
        const struct radio_info *r = &l->u.wlan.radio;
        if (!is_wlan(p) || !(r->has & (1u << RT_CHANNEL)) ||
            (id == DFL_RADIOTAP_FREQ && l->kind != LINK_RADIOTAP))
            return 0;
        unsigned f = r->freq;
        v[0].u = id != DFL_WLAN_RADIO_CHANNEL ? f
                 : f == 2484                  ? 14
                 : f >= 2412 && f < 2484      ? (f - 2407) / 5
                 : f >= 5000 && f < 6000      ? (f - 5000) / 5
                                              : 0;
        return v[0].u != 0 ? 1 : 0;
    }
    case DFL_ARCNET_SRC:
    case DFL_ARCNET_DST:
    case DFL_ARCNET_PROTID:
        if (l->kind != LINK_ARCNET || l->status != LAYER_OK)
            return 0;
        v[0].u = id == DFL_ARCNET_SRC   ? l->u.arcnet.src
                 : id == DFL_ARCNET_DST ? l->u.arcnet.dst
                                        : l->u.arcnet.protid;
        return 1;
    case DFL_IPOIB_TYPE:
        if (l->kind != LINK_IPOIB || l->status != LAYER_OK)
            return 0;
        v[0].u = l->ethertype;
        return 1;
    case DFL_JUNIPER_DIRECTION:
        if (l->kind != LINK_JUNIPER || l->hdr_len == 0)
            return 0;
        v[0].u = l->u.juniper.flags & 1u;
        return 1;
    default:
        return 0;
    }
}

int df_layer_values(int id, const struct packet *p, struct df_lval *v, int max)
{
    const struct encap *e;
    uint32_t spi, seq;
    memset(v, 0, sizeof *v);
    switch (id) {
    case DFL_PPP_PROTOCOL:
    case DFL_CHDLC_PROTOCOL:
    case DFL_RADIOTAP_FREQ:
    case DFL_WLAN_RADIO_FREQ:
    case DFL_WLAN_RADIO_CHANNEL:
    case DFL_ARCNET_SRC:
    case DFL_ARCNET_DST:
    case DFL_ARCNET_PROTID:
    case DFL_IPOIB_TYPE:
    case DFL_JUNIPER_DIRECTION:
        return link_values(id, p, v);
    case DFL_GRE_PROTO:
    case DFL_GRE_KEY:
        if ((e = encap_of(p, ENCAP_GRE)) == NULL ||
            (id == DFL_GRE_KEY && !(e->u.gre.flags_ver & 0x2000)))
            return 0;
        v[0].u = id == DFL_GRE_PROTO ? e->u.gre.proto : e->u.gre.key;
        return 1;
    case DFL_VXLAN_VNI:
    case DFL_GENEVE_VNI:
        if ((e = encap_of(p, id == DFL_VXLAN_VNI ? ENCAP_VXLAN : ENCAP_GENEVE)) == NULL)
            return 0;
        v[0].u = id == DFL_VXLAN_VNI ? e->u.vxlan.vni : e->u.geneve.vni;
        return 1;
    case DFL_AH_SPI:
    case DFL_AH_SEQ:
        if (!ah_of(p, &spi, &seq))
            return 0;
        v[0].u = id == DFL_AH_SPI ? spi : seq;
        return 1;
    case DFL_PPPOES_SESSION:
        if ((e = encap_of(p, ENCAP_PPPOE)) == NULL)
            return 0;
        v[0].u = e->u.pppoe.session;
        return 1;
    case DFL_L2TP_TUNNEL:
    case DFL_L2TP_SESSION:
        if ((e = encap_of(p, ENCAP_L2TP)) == NULL)
            return 0;
        v[0].u = id == DFL_L2TP_TUNNEL ? e->u.l2tp.tunnel : e->u.l2tp.session;
        return 1;
    case DFL_MPLS_LABEL: {
        int n = 0;
        for (int i = 0; i < p->nencap && n < max; i++)
            if (p->encap[i].kind == ENCAP_MPLS)
                v[n++].u = p->encap[i].u.mpls.label;
        return n;
    }
    case DFL_IPCOMP_CPI:
        if (!df_layer_present(DFL_IPCOMP, p))
            return 0;
        v[0].u = p->ipcomp.cpi;
        return 1;
    case DFL_TCP_AE:
    case DFL_TCP_ACE:
        /* tcp.flags.ace is there where Wireshark reads the bits as the counter. */
        if (!has_tcp_options(p) ||
            (id == DFL_TCP_ACE && (!p->track.accecn || (p->tcp.flags & TCP_SYN))))
            return 0;
        v[0].u =
            id == DFL_TCP_AE ? (p->tcp.flags & TCP_AE) != 0 : (uint64_t)((p->tcp.flags >> 6) & 7u);
        return 1;
    case DFL_TCP_OPTION_KIND:
    case DFL_TCP_UTO:
    case DFL_TCP_MPTCP_SUBTYPE:
    case DFL_TCP_ACCECN_EE0B:
    case DFL_TCP_ACCECN_ECEB:
    case DFL_TCP_ACCECN_EE1B:
        return tcp_option_values(id, p, v, max);
    default:
        return wlan_values(id, p, v, max);
    }
}
