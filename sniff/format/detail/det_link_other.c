/*
 * det_link_other.c: -V for IP over InfiniBand (its pseudo-header's Global Route Header
 * or destination, then RFC 4391's type), ARCNET's Linux header, and Juniper's capture
 * header (magic, direction, layer 2 presence, extension TLVs) before its Ethernet frame.
 */
#include "detail.h"

#include "fmt_addr.h"

static void gid_line(struct out *o, const char *label, const uint8_t gid[16])
{
    char a[FMT_IP6_MAX];
    dl_begin(o, 2, label);
    out_mem(o, a, fmt_ip6(a, gid));
    dl_end(o);
}

static void ipoib_tree(struct out *o, const struct ipoib_hdr *h, uint16_t type)
{
    dl_text(o, 0, "IP over Infiniband");
    if (h->grh) {
        dl_text(o, 1, "Global Route Header");
        dl_bits(o, 2, h->word0 >> 24, 8, 0xf0);
        dl_u(o, 0, "IP Version: ", h->word0 >> 28);
        dl_bits(o, 2, h->word0 >> 16, 16, 0x0ff0);
        dl_u(o, 0, "Traffic Class: ", (h->word0 >> 20) & 0xffu);
        dl_bits(o, 2, h->word0, 32, 0x000fffff);
        dl_u(o, 0, "Flow Label: ", h->word0 & 0xfffffu);
        dl_x(o, 2, "Source QPN: ", h->qpn, 6);
        gid_line(o, "Source GID: ", h->sgid);
        gid_line(o, "Destination GID: ", h->dgid);
    } else {
        dl_text(o, 1, "Destination address");
        dl_x(o, 2, "Destination QPN: ", h->qpn, 6);
        gid_line(o, "Destination GID: ", h->dgid);
    }
    det_ethertype(o, 1, "Type", type);
    dl_x(o, 1, "Reserved: ", h->reserved, 4);
}

static void arcnet_tree(struct out *o, const struct arcnet_hdr *h)
{
    dl_text(o, 0, "ARCNET");
    dl_x(o, 1, "Source: ", h->src, 2);
    dl_x(o, 1, "Dest: ", h->dst, 2);
    dl_begin(o, 1, "Offset: ");
    dl_hexfield(o, h->offset, 2);
    dl_end(o);
    dl_named_hex(o, 1, "Protocol ID: ", tok_name(names_arcnet_protid, h->protid, "Unknown"),
                 h->protid, 2);
    if (h->has_split) {
        dl_u(o, 1, "Split Flag: ", h->split);
        dl_u(o, 1, "Sequence: ", h->seq);
    }
}

/* Juniper's extension TLVs (Wireshark's ext_tlv_vals): the name, and whether the value
 * is a plain number Wireshark shows. */
static const struct {
    uint8_t type;
    const char *name;
    bool number;
} juniper_tlvs[] = {
    {1, "Device Interface Index", true},
    {2, "Device Interface Name", false},
    {3, "Device Media Type", false},
    {4, "Logical Interface Index", true},
    {5, "Logical Unit Number", true},
    {6, "Logical Interface Encapsulation", false},
    {7, "TTP derived Device Media Type", false},
    {8, "TTP derived Logical Interface Encapsulation", false},
};

static void juniper_tlv(struct out *o, uint8_t type, uint8_t len, uint32_t value)
{
    const char *name = "Unknown";
    bool number = false;
    for (size_t i = 0; i < sizeof juniper_tlvs / sizeof juniper_tlvs[0]; i++)
        if (juniper_tlvs[i].type == type) {
            name = juniper_tlvs[i].name;
            number = juniper_tlvs[i].number;
        }
    dl_begin(o, 2, name);
    OUT_LIT(o, " Extension TLV #");
    out_u64(o, type);
    OUT_LIT(o, ", length: ");
    out_u64(o, len);
    if (type == 2 || !number) {
        if (type != 3 && type != 6 && type != 7 && type != 8)
            OUT_LIT(o, "Unknown"); /* Wireshark appends it to types it does not show */
        dl_end(o);
        return;
    }
    dl_end(o);
    dl_begin(o, 3, name);
    dl_u(o, 0, ": ", value);
}

static void juniper_tree(struct out *o, const struct packet *p)
{
    const struct juniper_hdr *h = &p->link.u.juniper;
    dl_text(o, 0, "Juniper Ethernet");
    dl_text(o, 1, "Magic Number: 0x4d4743");
    dl_bits(o, 1, h->flags, 8, 0x01);
    dl_s(o, 0, "Direction: ", (h->flags & 1) ? "In (0x1)" : "Out (0x0)");
    dl_bits(o, 1, h->flags, 8, 0x02);
    dl_s(o, 0, "L2 header presence: ", (h->flags & 2) ? "Unknown (0x1)" : "Present (0x0)");
    if (h->flags & 0x80) {
        dl_u(o, 1, "Extension(s) Total length: ", h->ext_len);
        for (int i = 0; i < h->ntlv; i++)
            juniper_tlv(o, h->tlv[i].type, h->tlv[i].len, h->tlv[i].value);
    }
    if (!(h->flags & 0x02)) {
        dl_text(o, 1, "[Payload Type: Ethernet (204)]");
    } else if (p->link.family == 2 || p->link.family == 6) {
        dl_s(o, 1, "[Payload Type: ", p->link.family == 2 ? "IPv4 (2)]" : "IPv6 (6)]");
    }
}

void det_link_other(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct link_info *l = &p->link;
    switch (l->kind) {
    case LINK_IPOIB:
        if (l->status == LAYER_OK)
            ipoib_tree(o, &l->u.ipoib, l->ethertype);
        break;
    case LINK_ARCNET:
        if (l->status == LAYER_OK)
            arcnet_tree(o, &l->u.arcnet);
        break;
    case LINK_JUNIPER:
        if (l->status == LAYER_MALFORMED && l->hdr_len == 0)
            break;
        juniper_tree(o, p);
        if (!(l->u.juniper.flags & 0x02) && p->frame.caplen >= l->eth_off + 14)
            det_ethernet(o, p, opts);
        break;
    default:
        break;
    }
}
