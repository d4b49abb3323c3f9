/*
 * det_tunnel.c: -V for the headers around a tunnel's inner packet (p->encap[], outermost
 * first): the outer IPv4 or IPv6 header and UDP header, printed by their own printers on
 * a view of the packet as that layer saw it; GRE (RFC 2784, 2890) with WCCP's redirect
 * header; VXLAN (RFC 7348); Geneve (RFC 8926); an inner Ethernet header. Also the
 * IP-level headers of the innermost packet: AH (RFC 4302) and IPComp (RFC 3173).
 */
#include "detail.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* v: p as the outer network layer i (and its UDP header, when the next layer is UDP)
 * saw it, so that the IPv4, IPv6 and UDP printers and the checksums read that layer. */
static void outer_view(const struct packet *p, int i, struct packet *v)
{
    memcpy(v, p, offsetof(struct packet, encap));
    v->nencap = 0;
    const struct encap *e = &p->encap[i];
    v->net = e->kind == ENCAP_IP4 ? NET_IPV4 : NET_IPV6;
    v->net_off = e->off;
    if (e->kind == ENCAP_IP4)
        v->ip4 = e->u.ip4;
    else
        v->ip6 = e->u.ip6;
    v->l4 = L4_NONE;
    if (i + 1 < p->nencap && p->encap[i + 1].kind == ENCAP_UDP) {
        const struct encap *u = &p->encap[i + 1];
        v->l4 = L4_UDP;
        v->l4_proto = IP_PROTO_UDP;
        v->udp = u->u.udp;
        v->l4_off = u->off;
        v->l4_len = u->len;
    }
}

static void gre_flag(struct out *o, uint16_t fv, uint16_t bit, const char *name)
{
    dl_bits(o, 2, fv, 16, bit);
    out_str(o, name);
    dl_s(o, 0, ": ", (fv & bit) ? "Yes" : "No");
}

static void wccp_redirect(struct out *o, uint32_t h)
{
    uint8_t flags = (uint8_t)(h >> 24), service = (uint8_t)(h >> 16);
    dl_text(o, 1, "Redirect Header");
    if (!(flags & 0x01))
        dl_text(o, 2, ".... ...0 = Dynamic Service: Well-known service");
    if (!(flags & 0x02))
        dl_text(o, 2, ".... ..0. = Alternative bucket used: Primary bucket used");
    if (!(flags & 0x04))
        dl_text(o, 2, ".... .0.. = WCCP Redirect header is valid: Header contents are valid");
    if (service == 0)
        dl_text(o, 2, "Service ID: HTTP (0)");
    dl_u(o, 2, "Alternative Bucket: ", (h >> 8) & 0xffu);
    dl_u(o, 2, "Primary Bucket: ", h & 0xffu);
}

/* GRE's checksum (RFC 2784 2.5): over the GRE header and its payload, as Wireshark
 * always checks it when the whole packet was captured. */
static void gre_checksum(struct out *o, const struct packet *p, const struct encap *e)
{
    const struct gre_info *g = &e->u.gre;
    uint32_t got;
    const uint8_t *b = det_frame_bytes(p, e->off, e->len, &got);
    dl_begin(o, 1, "Checksum: ");
    dl_hex(o, g->checksum, 4);
    if (b == NULL || got < e->len || e->len < 6) {
        OUT_LIT(o, " [unverified]\n");
        dl_text(o, 1, "[Checksum Status: Unverified]");
        return;
    }
    uint16_t want = csum_fold(csum_add(csum_add(0, b, 4), b + 6, e->len - 6u));
    if (want == g->checksum) {
        OUT_LIT(o, " [correct]\n");
        dl_text(o, 1, "[Checksum Status: Good]");
        return;
    }
    char msg[64];
    snprintf(msg, sizeof msg, "Incorrect GRE Checksum [should be 0x%04x]", want);
    OUT_LIT(o, " incorrect, should be ");
    dl_hex(o, want, 4);
    dl_end(o);
    dl_expert(o, 2, "Warning", "Protocol", msg);
    dl_text(o, 1, "[Checksum Status: Bad]");
}

static void gre_tree(struct out *o, const struct packet *p, const struct encap *e)
{
    const struct gre_info *g = &e->u.gre;
    const char *type = tok_lookup(names_gre_proto, g->proto);
    uint16_t fv = g->flags_ver;
    dl_begin(o, 0, "Generic Routing Encapsulation (");
    if (type != NULL) {
        out_str(o, type);
    } else {
        dl_hex(o, g->proto, 4);
        OUT_LIT(o, " - unknown");
    }
    OUT_LIT(o, ")\n");
    dl_x(o, 1, "Flags and Version: ", fv, 4);
    if ((fv & 7) == 0) {
        gre_flag(o, fv, 0x8000, "Checksum Bit");
        gre_flag(o, fv, 0x4000, "Routing Bit");
        gre_flag(o, fv, 0x2000, "Key Bit");
        gre_flag(o, fv, 0x1000, "Sequence Number Bit");
        gre_flag(o, fv, 0x0800, "Strict Source Route Bit");
        dl_bits(o, 2, fv, 16, 0x0700);
        dl_u(o, 0, "Recursion control: ", (fv >> 8) & 7u);
        dl_bits(o, 2, fv, 16, 0x00f8);
        dl_u(o, 0, "Flags (Reserved): ", (fv >> 3) & 31u);
        dl_bits(o, 2, fv, 16, 0x0007);
        dl_text(o, 0, "Version: GRE (0)");
    }
    dl_named_hex(o, 1, "Protocol Type: ", type != NULL ? type : "Unknown", g->proto, 4);
    if ((fv & 7) != 0)
        return;
    if (fv & 0x8000)
        gre_checksum(o, p, e);
    if (fv & 0xc000)
        dl_u(o, 1, "Offset: ", g->offset);
    if (fv & 0x2000) {
        dl_x(o, 1, "Key: ", g->key, 8);
    }
    if (fv & 0x1000)
        dl_u(o, 1, "Sequence Number: ", g->seq);
    if (g->wccp)
        wccp_redirect(o, g->wccp_hdr);
}

static void vxlan_flag(struct out *o, uint16_t f, uint16_t bit, const char *name, bool gbp)
{
    dl_bits(o, 2, f, 16, bit);
    out_str(o, name);
    dl_s(o, 0, ": ",
         gbp ? ((f & bit) ? "Defined" : "Not defined") : ((f & bit) ? "True" : "False"));
}

static void vxlan_tree(struct out *o, const struct vxlan_info *v)
{
    static const struct {
        uint16_t bit;
        const char *name;
    } flags[] = {{0x8000, "GBP Extension"},
                 {0x0800, "VXLAN Network ID (VNI)"},
                 {0x0040, "Don't Learn"},
                 {0x0008, "Policy Applied"}};
    dl_text(o, 0, "Virtual eXtensible Local Area Network");
    dl_begin(o, 1, "Flags: ");
    dl_hex(o, v->flags, 4);
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (v->flags & flags[i].bit) {
            OUT_LIT(o, ", ");
            out_str(o, flags[i].name);
        }
    dl_end(o);
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        vxlan_flag(o, v->flags, flags[i].bit, flags[i].name, i == 0);
    dl_bits(o, 2, v->flags, 16, 0x77b7);
    OUT_LIT(o, "Reserved(R): ");
    dl_hex(o, v->flags & 0x77b7u, 4);
    dl_end(o);
    dl_u(o, 1, "Group Policy ID: ", v->gpid);
    dl_u(o, 1, "VXLAN Network Identifier (VNI): ", v->vni);
    dl_u(o, 1, "Reserved: ", v->reserved);
}

static void geneve_tree(struct out *o, const struct geneve_info *g)
{
    dl_x(o, 0, "Generic Network Virtualization Encapsulation, VNI: ", g->vni, 6);
    dl_u(o, 1, "Version: ", g->version);
    dl_u3(o, 1, "Length: ", g->opt_len, " bytes");
    dl_x(o, 1, "Flags: ", g->flags, 2);
    dl_bits(o, 2, g->flags, 8, 0x80);
    dl_s(o, 0,
         "Operations, Administration and Management Frame: ", (g->flags & 0x80) ? "True" : "False");
    dl_bits(o, 2, g->flags, 8, 0x40);
    dl_s(o, 0, "Critical Options Present: ", (g->flags & 0x40) ? "True" : "False");
    dl_bits(o, 2, g->flags, 8, 0x3f);
    dl_s(o, 0, "Reserved: ", (g->flags & 0x3f) ? "True" : "False");
    det_ethertype(o, 1, "Protocol Type", g->proto);
    dl_begin(o, 1, "Virtual Network Identifier (VNI): ");
    dl_hex(o, g->vni, 6);
    dl_u3(o, 0, " (", g->vni, ")");
}

/* The PPP header inside PPPoE or L2TP: address and control when present, protocol. */
static void ppp_inner(struct out *o, bool ac, uint16_t proto)
{
    const struct ppp_proto_name *n = ppp_proto_lookup(proto);
    dl_text(o, 0, "Point-to-Point Protocol");
    if (ac) {
        dl_text(o, 1, "Address: 0xff");
        dl_text(o, 1, "Control: 0x03");
    }
    dl_named_hex(o, 1, "Protocol: ", n != NULL ? n->field : "Unknown", proto, 4);
}

static void pppoe_tree(struct out *o, const struct pppoe_info *h)
{
    dl_text(o, 0, "PPP-over-Ethernet Session");
    dl_bits(o, 1, h->ver_type, 8, 0xf0);
    dl_u(o, 0, "Version: ", h->ver_type >> 4);
    dl_bits(o, 1, h->ver_type, 8, 0x0f);
    dl_u(o, 0, "Type: ", h->ver_type & 15u);
    if (h->code == 0)
        dl_text(o, 1, "Code: Session Data (0x00)");
    dl_x(o, 1, "Session ID: ", h->session, 4);
    dl_u(o, 1, "Payload Length: ", h->len);
    ppp_inner(o, false, h->ppp_protocol);
}

/* L2TPv2's data message header, as Wireshark's packet-l2tp.c shows it. */
static void l2tp_tree(struct out *o, const struct l2tp_info *h)
{
    static const struct {
        uint16_t bit;
        const char *name, *label, *set, *unset;
    } bits[] = {
        {L2TP_L, ", Length Bit", "Length Bit: ", "Length field is present",
         "Length field is not present"},
        {L2TP_S, ", Sequence Bit", "Sequence Bit: ", "Ns and Nr fields are present",
         "Ns and Nr fields are not present"},
        {L2TP_O, ", Offset bit", "Offset bit: ", "Offset Size field is present",
         "Offset size field is not present"},
        {L2TP_P, ", Priority", "Priority: ", "This data message has priority", "No priority"},
    };
    const size_t nbits = sizeof bits / sizeof bits[0];
    uint16_t f = h->flags_ver;
    dl_text(o, 0, "Layer 2 Tunneling Protocol");
    dl_begin(o, 1, "Flags: ");
    dl_hex(o, f, 4);
    OUT_LIT(o, ", Type: Data Message");
    for (size_t i = 0; i < nbits; i++)
        if (f & bits[i].bit)
            out_str(o, bits[i].name);
    dl_end(o);
    dl_bits(o, 2, f, 16, L2TP_T);
    OUT_LIT(o, "Type: Data Message (0)\n");
    for (size_t i = 0; i < nbits; i++) {
        dl_bits(o, 2, f, 16, bits[i].bit);
        dl_s(o, 0, bits[i].label, (f & bits[i].bit) ? bits[i].set : bits[i].unset);
    }
    dl_bits(o, 2, f, 16, 0x000f);
    dl_u(o, 0, "Version: ", f & 0xfu);
    if (f & L2TP_L)
        dl_u(o, 1, "Length: ", h->len);
    dl_u(o, 1, "Tunnel ID: ", h->tunnel);
    dl_u(o, 1, "Session ID: ", h->session);
    if (f & L2TP_S) {
        dl_u(o, 1, "Ns: ", h->ns);
        dl_u(o, 1, "Nr: ", h->nr);
    }
    if (f & L2TP_O) {
        dl_u(o, 1, "Offset: ", h->offset);
        if (h->offset > 0)
            dl_text(o, 1, "Offset Padding");
    }
    ppp_inner(o, h->ppp_ac, h->ppp_protocol);
}

static void mpls_tree(struct out *o, const struct mpls_info *m)
{
    uint32_t w = m->label << 12 | (uint32_t)m->exp << 9 | (m->bottom ? 1u : 0u) << 8 | m->ttl;
    dl_begin(o, 0, "MultiProtocol Label Switching Header, Label: ");
    out_u64(o, m->label);
    OUT_LIT(o, ", Exp: ");
    out_u64(o, m->exp);
    OUT_LIT(o, ", S: ");
    out_u64(o, m->bottom ? 1 : 0);
    dl_u(o, 0, ", TTL: ", m->ttl);
    dl_bits(o, 1, w, 32, 0xfffff000);
    OUT_LIT(o, "MPLS Label: ");
    out_u64(o, m->label);
    OUT_LIT(o, " (");
    dl_hex(o, m->label, 5);
    OUT_LIT(o, ")\n");
    dl_bits(o, 1, w, 32, 0x00000e00);
    dl_u(o, 0, "MPLS Experimental Bits: ", m->exp);
    dl_bits(o, 1, w, 32, 0x00000100);
    dl_u(o, 0, "MPLS Bottom Of Label Stack: ", m->bottom ? 1 : 0);
    dl_bits(o, 1, w, 32, 0x000000ff);
    dl_u(o, 0, "MPLS TTL: ", m->ttl);
}

void det_encap(struct out *o, const struct packet *p, int i, const struct fmt_opts *opts)
{
    const struct encap *e = &p->encap[i];
    switch (e->kind) {
    case ENCAP_IP4:
    case ENCAP_IP6: {
        struct packet v;
        outer_view(p, i, &v);
        if (e->kind == ENCAP_IP4) {
            det_ip4(o, &v, opts);
            if (e->u.ip4.ah.present)
                det_ah(o, 0, &v, &e->u.ip4.ah);
        } else {
            det_ip6(o, &v);
        }
        if (v.l4 == L4_UDP)
            det_udp(o, &v, opts);
        break;
    }
    case ENCAP_GRE:
        gre_tree(o, p, e);
        break;
    case ENCAP_VXLAN:
        vxlan_tree(o, &e->u.vxlan);
        break;
    case ENCAP_GENEVE:
        geneve_tree(o, &e->u.geneve);
        break;
    case ENCAP_ETH: {
        struct packet v;
        memcpy(&v, p, offsetof(struct packet, encap));
        v.link = e->u.eth;
        v.net = NET_NONE;
        if (p->frame.caplen >= e->off + 14)
            det_ethernet(o, &v, opts);
        break;
    }
    case ENCAP_PPPOE:
        pppoe_tree(o, &e->u.pppoe);
        break;
    case ENCAP_MPLS:
        mpls_tree(o, &e->u.mpls);
        break;
    case ENCAP_L2TP:
        l2tp_tree(o, &e->u.l2tp);
        break;
    case ENCAP_UDP: /* printed with the IP header before it */
        break;
    }
}

void det_ah(struct out *o, int lvl, const struct packet *p, const struct ah_info *ah)
{
    const char *next = proto_long(names_ipproto, ah->next);
    uint32_t got;
    dl_text(o, lvl, "Authentication Header");
    dl_named(o, lvl + 1, "Next header: ", next != NULL ? next : "Unknown", ah->next);
    dl_begin(o, lvl + 1, "Length: ");
    out_u64(o, ah->len / 4u - 2u);
    dl_u3(o, 0, " (", ah->len, " bytes)");
    const uint8_t *b = det_frame_bytes(p, ah->off + 2, 2, &got);
    if (b != NULL && got == 2) {
        dl_begin(o, lvl + 1, "Reserved: ");
        dl_hexfield(o, b, 2);
        dl_end(o);
    }
    dl_x(o, lvl + 1, "AH SPI: ", ah->spi, 8);
    dl_u(o, lvl + 1, "AH Sequence: ", ah->seq);
    b = det_frame_bytes(p, ah->off + 12, ah->len - 12u, &got);
    if (b != NULL && got == ah->len - 12u && got > 0) {
        dl_begin(o, lvl + 1, "AH ICV: ");
        dl_hexfield(o, b, got);
        dl_end(o);
    }
}

void det_ipcomp(struct out *o, const struct packet *p)
{
    static const struct tok cpis[] = {
        {1, "OUI"}, {2, "DEFLATE"}, {3, "LZS"}, {4, "LZJH"}, {0, NULL}};
    const struct ipcomp_info *h = &p->ipcomp;
    const char *next = proto_abbrev(names_ipproto, h->next);
    dl_text(o, 0, "IP Payload Compression");
    dl_named_hex(o, 1, "Next Header: ", next != NULL ? next : "Unknown", h->next, 2);
    dl_x(o, 1, "IPComp Flags: ", h->flags, 2);
    dl_named_hex(o, 1, "IPComp CPI: ", tok_name(cpis, h->cpi, "Unknown"), h->cpi, 4);
    uint32_t got;
    const uint8_t *b = det_frame_bytes(p, p->l4_off + 4, p->l4_len > 4 ? p->l4_len - 4 : 0, &got);
    if (b != NULL && got > 0)
        det_data(o, 1, b, got, false);
}
