/*
 * df_fields_layers.c: the reader behind the field table's entries for the layers beyond
 * Ethernet, IP, TCP and UDP (df_fields.c, df_get_layer): the other link types, the
 * tunnels and the newer TCP options. Their values come from df_layers.c, which reads
 * them from the decoded packet as Wireshark's fields of the same names hold them; here
 * they become the table's values (numbers, Ethernet addresses, a protocol's bytes).
 *
 * Also here: a tunnel's outer headers, which Wireshark matches as the protocols they are
 * (ip.addr, ipv6.addr, udp.port and the protocol names see every layer's header, the
 * outer ones first): df_outer_ip, df_outer_udp, df_outer_proto.
 */
#include "df_fields.h"
#include "df_layers.h"

#include "decode.h"

/* The first tunnel header of a kind, or NULL. */
static const struct encap *encap_of(const struct packet *p, enum encap_kind kind)
{
    for (int i = 0; i < p->nencap; i++)
        if (p->encap[i].kind == kind)
            return &p->encap[i];
    return NULL;
}

/* A header's own length: up to the next header the decoder found (the next tunnel
 * header, the network or transport layer), as far as captured. */
static uint32_t header_len(const struct packet *p, int i)
{
    uint32_t off = p->encap[i].off;
    uint32_t next = i + 1 < p->nencap    ? p->encap[i + 1].off
                    : p->net != NET_NONE ? p->net_off
                                         : p->encap[i].off + p->encap[i].len;
    return next > off ? next - off : 0;
}

static int bytes_of(const struct packet *p, uint32_t off, uint32_t end, uint32_t item,
                    struct df_value *v)
{
    uint32_t cap = p->frame.caplen;
    if (end > cap)
        end = cap;
    if (off > end)
        off = end;
    df_put_bytes(v, DF_PROTO, p->frame.data + off, end - off);
    v->item_len = item < end - off ? item : end - off;
    return 1;
}

/* A protocol of df_layers.c as a value: its bytes, as far as sniff knows them. */
static int layer_proto(const struct packet *p, int id, struct df_value *v)
{
    static const struct {
        int id;
        enum encap_kind kind;
    } encaps[] = {{DFL_GRE, ENCAP_GRE},      {DFL_VXLAN, ENCAP_VXLAN}, {DFL_GENEVE, ENCAP_GENEVE},
                  {DFL_PPPOES, ENCAP_PPPOE}, {DFL_MPLS, ENCAP_MPLS},   {DFL_L2TP, ENCAP_L2TP}};
    if (!df_layer_present(id, p))
        return 0;
    for (size_t k = 0; k < sizeof encaps / sizeof encaps[0]; k++)
        if (encaps[k].id == id)
            for (int i = 0; i < p->nencap; i++)
                if (p->encap[i].kind == encaps[k].kind)
                    return bytes_of(p, p->encap[i].off, p->encap[i].off + p->encap[i].len,
                                    header_len(p, i), v);
    if (id == DFL_IPCOMP || id == DFL_MPTCP || id == DFL_AH)
        /* AH sits in the network header, MPTCP in TCP's options, IPComp is the payload */
        return bytes_of(p, p->net_off, p->l4_off + p->l4_len, p->l4_off - p->net_off, v);
    return bytes_of(p, 0, p->frame.caplen, p->link.hdr_len, v); /* a link layer */
}

int df_get_layer(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    if (arg <= DFL_LAST_PROTO)
        return layer_proto(p, arg, v);
    struct df_lval lv[DF_MAX_VALUES];
    int n = df_layer_values(arg, p, lv, DF_MAX_VALUES);
    bool ether = arg >= DFL_WLAN_SA && arg <= DFL_WLAN_ADDR;
    bool boolean = arg == DFL_WLAN_TODS || arg == DFL_WLAN_FROMDS || arg == DFL_WLAN_PROTECTED;
    for (int i = 0; i < n; i++) {
        if (ether) {
            memset(&v[i], 0, sizeof v[i]);
            v[i].type = DF_ETHER;
            memcpy(v[i].v.a, lv[i].a, 6);
        } else {
            df_put(&v[i], boolean ? DF_BOOL : DF_UINT, lv[i].u);
        }
    }
    return n;
}

int df_outer_ip(const struct packet *p, bool v6, bool src, bool dst, struct df_value *v)
{
    int n = 0;
    for (int i = 0; i < p->nencap && n + 2 <= DF_MAX_VALUES; i++) {
        const struct encap *e = &p->encap[i];
        if (e->kind == (v6 ? ENCAP_IP6 : ENCAP_IP4))
            n += v6 ? df_put_addrs(&v[n], e->u.ip6.src, e->u.ip6.dst, true, src, dst)
                    : df_put_addrs(&v[n], e->u.ip4.src, e->u.ip4.dst, false, src, dst);
    }
    return n;
}

int df_outer_udp(const struct packet *p, struct df_value *v)
{
    int n = 0;
    for (int i = 0; i < p->nencap && n + 2 <= DF_MAX_VALUES; i++)
        if (p->encap[i].kind == ENCAP_UDP) {
            n += df_put(&v[n], DF_UINT, p->encap[i].u.udp.sport);
            n += df_put(&v[n], DF_UINT, p->encap[i].u.udp.dport);
        }
    return n;
}

int df_outer_proto(const struct packet *p, int arg, struct df_value *v)
{
    enum encap_kind kind = arg == P_IP     ? ENCAP_IP4
                           : arg == P_IPV6 ? ENCAP_IP6
                           : arg == P_UDP  ? ENCAP_UDP
                                           : ENCAP_ETH;
    if ((arg != P_IP && arg != P_IPV6 && arg != P_UDP && arg != P_ETH) || encap_of(p, kind) == NULL)
        return 0;
    for (int i = 0; i < p->nencap; i++)
        if (p->encap[i].kind == kind)
            return bytes_of(p, p->encap[i].off, p->encap[i].off + p->encap[i].len, header_len(p, i),
                            v);
    return 0;
}
