/*
 * det_arp.c: ARP (RFC 826) in -V: hardware and protocol types and sizes, the operation,
 * and the four addresses when they are Ethernet's and IPv4's.
 */
#include "detail.h"

#include "fmt_addr.h"

static void arp_addrs(struct out *o, const char *who, const uint8_t mac[6], const uint8_t ip[4],
                      const struct fmt_opts *opts)
{
    char name[DET_MAC_NAME_MAX], a[FMT_IP4_MAX];
    dl_begin(o, 1, who);
    OUT_LIT(o, " MAC address: ");
    out_mem(o, name, det_mac_name(name, mac, opts));
    dl_end(o);
    dl_begin(o, 1, who);
    OUT_LIT(o, " IP address: ");
    out_mem(o, a, fmt_ip4(a, ip));
    dl_end(o);
}

void det_arp(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct arp_info *a = &p->arp;
    const char *op = a->oper == ARP_OP_REQUEST ? "request"
                     : a->oper == ARP_OP_REPLY ? "reply"
                                               : "Unknown";
    dl_at(o, p->net_off, p->frame.caplen > p->net_off ? p->frame.caplen - p->net_off : 0);
    dl_s3(o, 0, "Address Resolution Protocol (", op, ")");
    if (a->status == LAYER_ABSENT)
        return;
    dl_named(o, 1, "Hardware type: ", tok_name(names_arphrd, a->htype, "Unknown"), a->htype);
    det_ethertype(o, 1, "Protocol type", a->ptype);
    dl_u(o, 1, "Hardware size: ", a->hlen);
    dl_u(o, 1, "Protocol size: ", a->plen);
    dl_named(o, 1, "Opcode: ", op, a->oper);
    if (a->status != LAYER_OK || a->hlen != 6 || a->plen != 4)
        return;
    arp_addrs(o, "Sender", a->sha, a->spa, opts);
    arp_addrs(o, "Target", a->tha, a->tpa, opts);
}
