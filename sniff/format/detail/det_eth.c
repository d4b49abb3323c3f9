/*
 * det_eth.c: Ethernet II (IEEE 802.3) in -V: the two addresses with their
 * local/universal and group/individual bits (IEEE 802 clause 8), the type, each
 * 802.1Q or 802.1ad tag, and the padding that brings a short frame to 60 bytes.
 */
#include "detail.h"

#include "fmt_addr.h"

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

static void eth_addr(struct out *o, const char *label, const uint8_t m[6], const char *name,
                     size_t len, uint32_t off)
{
    dl_at(o, off, 6);
    dl_begin(o, 1, label);
    out_mem(o, name, len);
    dl_end(o);
    dl_at(o, off, 6);
    dl_begin(o, 2, "Address: ");
    out_mem(o, name, len);
    dl_end(o);
    /* IEEE 802: bit 1 of the first byte is local/universal, bit 0 group/individual. */
    uint32_t word = (uint32_t)m[0] << 16 | (uint32_t)m[1] << 8 | m[2];
    dl_bits(o, 2, word, 24, 0x020000);
    dl_s(o, 0, "LG bit: ",
         (m[0] & 2) ? "Locally administered address (this is NOT the factory default)"
                    : "Globally unique address (factory default)");
    dl_bits(o, 2, word, 24, 0x010000);
    dl_s(o, 0, "IG bit: ",
         (m[0] & 1) ? "Group address (multicast/broadcast)" : "Individual address (unicast)");
}

/* Tag i's TCI is at 14 + 4 i, after its TPID; the tag's tree covers the TCI and the type
 * that follows it. */
static void vlan_tag(struct out *o, const struct vlan_tag *v, uint32_t tci_off)
{
    uint16_t tci = (uint16_t)(v->pcp << 13 | (v->dei ? 0x1000 : 0) | v->vid);
    dl_at(o, tci_off, 4);
    if (v->tpid == ETYPE_QINQ) {
        /* The provider (S-)tag: Wireshark names neither priority nor DEI. */
        dl_u(o, 0, "IEEE 802.1ad, ID: ", v->vid);
        dl_bits(o, 1, tci, 16, 0xe000);
        dl_u(o, 0, "Priority: ", v->pcp);
        dl_bits(o, 1, tci, 16, 0x1000);
        dl_u(o, 0, "DEI: ", v->dei ? 1 : 0);
    } else {
        dl_begin(o, 0, "802.1Q Virtual LAN, PRI: ");
        out_u64(o, v->pcp);
        OUT_LIT(o, ", DEI: ");
        out_u64(o, v->dei ? 1 : 0);
        dl_u(o, 0, ", ID: ", v->vid);
        dl_bits(o, 1, tci, 16, 0xe000);
        dl_named(o, 0, "Priority: ", tok_name(vlan_priorities, v->pcp, "Unknown"), v->pcp);
        dl_bits(o, 1, tci, 16, 0x1000);
        dl_s(o, 0, "DEI: ", v->dei ? "Eligible" : "Ineligible");
    }
    dl_at(o, tci_off, 2);
    dl_bits(o, 1, tci, 16, 0x0fff);
    dl_u(o, 0, "ID: ", v->vid);
}

/* The datagram's length as its network layer declared it (0: not known). */
static uint32_t datagram_len(const struct packet *p)
{
    if (p->net == NET_IPV4 && p->ip4.status == LAYER_OK)
        return p->ip4.total_len;
    if (p->net == NET_IPV6 && p->ip6.status == LAYER_OK)
        return 40u + p->ip6.payload_len;
    if (p->net == NET_ARP && p->arp.status == LAYER_OK)
        return 8u + 2u * ((uint32_t)p->arp.hlen + p->arp.plen);
    return 0;
}

/* Padding up to Ethernet's 60-byte minimum (IEEE 802.3 4.2.3.3), after the datagram the
 * network layer declared; Wireshark shows it in the Ethernet tree (with VLAN tags, in
 * the innermost tag's). */
static void padding(struct out *o, const struct packet *p)
{
    uint32_t dgram = datagram_len(p), hdr = p->link.hdr_len;
    if (dgram == 0 || p->frame.len > 60 || hdr + dgram >= p->frame.len)
        return;
    uint32_t got;
    const uint8_t *b = det_frame_bytes(p, hdr + dgram, p->frame.len, &got);
    if (b == NULL || got == 0)
        return;
    dl_at(o, hdr + dgram, got);
    dl_begin(o, 1, "Padding: ");
    dl_hexfield(o, b, got);
    dl_end(o);
}

void det_ethernet(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct link_info *l = &p->link;
    char src[DET_MAC_NAME_MAX], dst[DET_MAC_NAME_MAX];
    size_t slen = det_mac_name(src, l->src, opts), dlen = det_mac_name(dst, l->dst, opts);
    dl_at(o, 0, l->hdr_len >= 14 ? l->hdr_len : 14);
    dl_begin(o, 0, "Ethernet II, Src: ");
    out_mem(o, src, slen);
    OUT_LIT(o, ", Dst: ");
    out_mem(o, dst, dlen);
    dl_end(o);
    eth_addr(o, "Destination: ", l->dst, dst, dlen, 0);
    eth_addr(o, "Source: ", l->src, src, slen, 6);
    int nvlan = l->nvlan < PKT_MAX_VLAN ? l->nvlan : PKT_MAX_VLAN;
    /* Cut inside a tag the decoder did not keep: the type it named is not known here. */
    if (l->status != LAYER_OK && (l->hdr_len < 14 || (nvlan == 0 && l->ethertype == 0)))
        return;
    dl_at(o, 12, 2);
    det_ethertype(o, 1, "Type", nvlan > 0 ? l->vlan[0].tpid : l->ethertype);
    for (int i = 0; i < nvlan; i++) {
        vlan_tag(o, &l->vlan[i], 14u + 4u * (uint32_t)i);
        dl_at(o, 16u + 4u * (uint32_t)i, 2);
        det_ethertype(o, 1, "Type",
                      i + 1 < nvlan       ? l->vlan[i + 1].tpid
                      : l->nvlan_more > 0 ? l->more_tpid
                                          : l->ethertype);
    }
    if (l->nvlan_more > 0 && l->status == LAYER_OK) {
        /* Wireshark shows every tag; sniff keeps PKT_MAX_VLAN and says what it skipped. */
        dl_begin(o, 0, "[");
        out_u64(o, (uint64_t)l->nvlan_more);
        OUT_LIT(o, " more VLAN tag");
        out_str(o, l->nvlan_more == 1 ? "" : "s");
        dl_u3(o, 0, ", not decoded: sniff keeps the first ", PKT_MAX_VLAN, "]");
        det_ethertype(o, 1, "Type", l->ethertype);
    }
    padding(o, p);
}
