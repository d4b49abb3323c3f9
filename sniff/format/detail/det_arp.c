/*
 * det_arp.c: ARP (RFC 826) in -V: hardware and protocol types and sizes, the operation,
 * and the four addresses when they are Ethernet's and IPv4's.
 */
#include "detail.h"

#include "fmt_addr.h"

/* RFC 826: the sender's or target's MAC (6 bytes) at at, its IPv4 address after it. */
static void arp_addrs(struct out *o, const char *who, const uint8_t mac[6], const uint8_t ip[4],
                      const struct fmt_opts *opts, uint32_t at)
{
    char name[DET_MAC_NAME_MAX], a[FMT_IP4_MAX];
    dl_at(o, at, 6);
    dl_begin(o, 1, who);
    OUT_LIT(o, " MAC address: ");
    out_mem(o, name, det_mac_name(name, mac, opts));
    dl_end(o);
    dl_at(o, at + 6, 4);
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
    uint32_t at = p->net_off;
    dl_at(o, at, 8u + 2u * ((uint32_t)a->hlen + a->plen));
    dl_s3(o, 0, "Address Resolution Protocol (", op, ")");
    if (a->status == LAYER_ABSENT)
        return;
    dl_at(o, at, 2);
    dl_named(o, 1, "Hardware type: ", tok_name(names_arphrd, a->htype, "Unknown"), a->htype);
    dl_at(o, at + 2, 2);
    det_ethertype(o, 1, "Protocol type", a->ptype);
    dl_at(o, at + 4, 1);
    dl_u(o, 1, "Hardware size: ", a->hlen);
    dl_at(o, at + 5, 1);
    dl_u(o, 1, "Protocol size: ", a->plen);
    dl_at(o, at + 6, 2);
    dl_named(o, 1, "Opcode: ", op, a->oper);
    if (a->status != LAYER_OK || a->hlen != 6 || a->plen != 4)
        return;
    arp_addrs(o, "Sender", a->sha, a->spa, opts, at + 8);
    arp_addrs(o, "Target", a->tha, a->tpa, opts, at + 18);
}
