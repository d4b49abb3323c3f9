/*
 * fmt_link.c: the packet-list columns of frames with no IP packet to name them, on the
 * link types of routers and radios and inside tunnels (fmt_link.h): what Wireshark
 * writes for PPP's control protocols, IEEE 802.11 management and control frames (the
 * subtype, SN, FN, the flags string, a beacon's interval and SSID, the addresses with
 * their role), ARCNET, IP over InfiniBand, an IPComp payload and a GRE payload it does
 * not decode.
 */
#include "fmt_link.h"

#include <stdio.h>
#include <string.h>

#include "detail/detail.h"
#include "fmt_addr.h"
#include "names.h"
#include "proto.h"

static bool is_wlan(const struct packet *p)
{
    return p->link.kind == LINK_WLAN || p->link.kind == LINK_RADIOTAP || p->link.kind == LINK_PPI;
}

static bool is_ppp(const struct packet *p)
{
    return p->link.kind == LINK_PPP || p->link.kind == LINK_PPP_HDLC || p->link.kind == LINK_CHDLC;
}

/* The innermost tunnel header, when the packet inside it was not decoded. */
static const struct encap *bare_tunnel(const struct packet *p)
{
    if (p->nencap == 0 || (p->net != NET_OTHER && p->net != NET_NONE))
        return NULL;
    return &p->encap[p->nencap - 1];
}

const char *fmt_link_protocol(const struct packet *p, char buf[16])
{
    const struct link_info *l = &p->link;
    const struct encap *t = bare_tunnel(p);
    if (p->net != NET_OTHER && p->net != NET_NONE)
        return NULL;
    if (t != NULL)
        return t->kind == ENCAP_GRE ? "GRE" : NULL;
    if (l->kind == LINK_UNKNOWN)
        return "";
    if (is_ppp(p) && l->status == LAYER_OK) {
        const struct ppp_proto_name *n =
            l->u.ppp.chdlc ? NULL : ppp_proto_lookup(l->u.ppp.protocol);
        if (n != NULL && n->column != NULL)
            return n->column;
        if (l->u.ppp.chdlc && l->u.ppp.protocol == ETYPE_RARP)
            return "SLARP";
        if (l->u.ppp.chdlc && l->u.ppp.protocol == ETYPE_CDP)
            return "CDP";
        snprintf(buf, 16, "0x%04x", (unsigned)l->u.ppp.protocol);
        return buf;
    }
    if (is_wlan(p)) {
        const struct wlan_hdr *w = &l->u.wlan;
        if (w->has_llc && !w->snap)
            return "LLC";
        if (w->snap && p->net == NET_OTHER) {
            const char *n = proto_abbrev(names_ethertype, w->pid);
            if (n != NULL)
                return n;
            snprintf(buf, 16, "0x%04x", (unsigned)w->pid);
            return buf;
        }
        return "802.11";
    }
    if (l->kind == LINK_IPOIB)
        return "IPoIB";
    if (l->kind == LINK_ARCNET && l->status == LAYER_OK) {
        snprintf(buf, 16, "0x%04x", (unsigned)l->u.arcnet.protid);
        return buf;
    }
    return NULL;
}

/* "Beacon frame, SN=0, FN=0, Flags=........, BI=100, SSID="lab"". */
static void wlan_info(struct out *o, const struct wlan_hdr *w)
{
    char flags[10];
    det_wlan_flags(flags, w);
    out_str(o, det_wlan_subtype(w));
    if (w->has_seq) {
        OUT_LIT(o, ", SN=");
        out_u64(o, w->seq_ctl >> 4);
        OUT_LIT(o, ", FN=");
        out_u64(o, w->seq_ctl & 15u);
    }
    OUT_LIT(o, ", Flags=");
    out_str(o, flags);
    if (w->has_bi) {
        OUT_LIT(o, ", BI=");
        out_u64(o, w->beacon_interval);
    }
    if (!w->has_ssid)
        return;
    if (w->ssid_len == 0) {
        OUT_LIT(o, ", SSID=Wildcard (Broadcast)");
        return;
    }
    OUT_LIT(o, ", SSID=\"");
    for (uint8_t i = 0; i < w->ssid_len; i++) {
        uint8_t c = w->ssid[i];
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
            out_char(o, (char)c);
        } else {
            char esc[5];
            snprintf(esc, sizeof esc, "\\%03o", c);
            out_str(o, esc);
        }
    }
    out_char(o, '"');
}

/* PPP's protocols without an IP packet: a control protocol's code ("Configuration
 * Request"), or Wireshark's words for the others. */
static void ppp_info(struct out *o, const struct ppp_hdr *h)
{
    const struct ppp_proto_name *n = ppp_proto_lookup(h->protocol);
    if (h->has_code) {
        out_str(o, tok_name(names_ppp_code, h->code, "Unknown"));
        return;
    }
    if (h->protocol == 0x00fd) {
        OUT_LIT(o, "Compressed data");
    } else if (h->protocol == 0x003d) {
        OUT_LIT(o, "PPP Multilink");
    } else if (n == NULL || n->column == NULL) {
        OUT_LIT(o, "PPP ");
        out_str(o, n != NULL ? n->field : "Unknown");
        OUT_LIT(o, " (0x");
        out_hex(o, h->protocol, 4);
        out_char(o, ')');
    }
}

bool fmt_link_info(struct out *o, const struct packet *p)
{
    const struct link_info *l = &p->link;
    const struct encap *t = bare_tunnel(p);
    if (t != NULL && t->kind == ENCAP_GRE) {
        OUT_LIT(o, "Encapsulated 0x");
        out_hex(o, t->u.gre.proto, 4);
        OUT_LIT(o, " (unknown)");
        return true;
    }
    if (p->l4 == L4_OTHER && p->l4_proto == IP_PROTO_IPCOMP) {
        OUT_LIT(o, "IPComp (CPI=0x");
        out_hex(o, p->ipcomp.cpi, 4);
        out_char(o, ')');
        return true;
    }
    if (l->kind == LINK_UNKNOWN)
        return true;
    if (p->net != NET_OTHER && p->net != NET_NONE)
        return false;
    if (is_ppp(p) && l->status == LAYER_OK) {
        if (!l->u.ppp.chdlc)
            ppp_info(o, &l->u.ppp);
        return true;
    }
    if (is_wlan(p) && l->status == LAYER_OK) {
        if (!l->u.wlan.has_llc)
            wlan_info(o, &l->u.wlan);
        return true;
    }
    if (l->kind == LINK_IPOIB && l->status == LAYER_OK) {
        OUT_LIT(o, "IP over Infiniband");
        return true;
    }
    if (l->kind == LINK_ARCNET && l->status == LAYER_OK) {
        OUT_LIT(o, "ARCNET");
        return true;
    }
    return false;
}

/* "00:11:22:33:44:55 (RA)": a control frame's address with its role. */
static void role(char *buf, const uint8_t a[6], const char *what)
{
    size_t n = fmt_mac(buf, a, 6);
    snprintf(buf + n, 16, " (%s)", what);
}

/* 802.11's source and destination: a data or management frame's SA and DA (by the DS
 * bits, IEEE 802.11-2020 Table 9-30), a control frame's transmitter and receiver. */
static void wlan_addresses(const struct wlan_hdr *w, char *src, char *dst)
{
    static const int8_t sa_da[4][2] = {{1, 0}, {1, 2}, {2, 0}, {3, 2}};
    if (w->type == WLAN_CTRL) {
        uint8_t st = w->subtype;
        role(dst, w->addr[0], "RA");
        strcpy(src, "");
        if (st == 10) /* PS-Poll: the BSSID, then the transmitter */
            role(dst, w->addr[0], "BSSID");
        if (w->naddr > 1)
            role(src, w->addr[1], st == 14 ? "BSSID" : "TA");
        return;
    }
    unsigned ds = w->type == WLAN_DATA ? (w->flags & 3u) : 0;
    if (sa_da[ds][0] < w->naddr)
        fmt_mac(src, w->addr[sa_da[ds][0]], 6);
    if (sa_da[ds][1] < w->naddr)
        fmt_mac(dst, w->addr[sa_da[ds][1]], 6);
}

bool fmt_link_addresses(const struct packet *p, char *src, char *dst)
{
    const struct link_info *l = &p->link;
    strcpy(src, "");
    strcpy(dst, "");
    if (bare_tunnel(p) != NULL) {
        /* The payload of a tunnel not decoded: the addresses of the IP header around it. */
        for (int i = p->nencap - 1; i >= 0; i--) {
            const struct encap *e = &p->encap[i];
            if (e->kind == ENCAP_IP4) {
                fmt_ip4(src, e->u.ip4.src);
                fmt_ip4(dst, e->u.ip4.dst);
                return true;
            }
            if (e->kind == ENCAP_IP6) {
                fmt_ip6(src, e->u.ip6.src);
                fmt_ip6(dst, e->u.ip6.dst);
                return true;
            }
        }
    }
    if (l->status != LAYER_OK && !(is_wlan(p) && l->u.wlan.naddr > 0))
        return l->kind != LINK_ETHERNET && l->kind != LINK_SLL && l->kind != LINK_SLL2 &&
               l->kind != LINK_JUNIPER;
    if (is_ppp(p)) {
        strcpy(src, "N/A");
        strcpy(dst, "N/A");
        return true;
    }
    if (is_wlan(p)) {
        wlan_addresses(&l->u.wlan, src, dst);
        return true;
    }
    if (l->kind == LINK_ARCNET) {
        snprintf(src, 8, "0x%02x", l->u.arcnet.src);
        snprintf(dst, 8, "0x%02x", l->u.arcnet.dst);
        return true;
    }
    return l->kind == LINK_IPOIB || l->kind == LINK_UNKNOWN;
}
