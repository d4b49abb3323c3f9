/*
 * det_udp.c: UDP (RFC 768) in -V: ports, length (with Wireshark's notes when it is
 * impossible), checksum (zero meaning none over IPv4), and the payload's length.
 */
#include "detail.h"

#include <stdio.h>

static const struct csum_words udp_words = {
    "Checksum",   "Checksum Status", " (maybe caused by \"UDP checksum offload\"?)",
    "unverified", "Error",           CALC_UNDER};

static void udp_checksum(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct udp_info *u = &p->udp;
    dl_at(o, p->l4_off + 6, 2);
    if (u->checksum == 0 && p->net == NET_IPV4) {
        /* RFC 768: zero means no checksum was computed; tshark says so even unverified. */
        dl_text(o, 1, "Checksum: 0x0000 [zero-value ignored]");
        dl_text(o, 2, "[Checksum Status: Not present]");
        return;
    }
    det_checksum(o, &udp_words, u->checksum,
                 csum_check_udp(p, opts->check_checksums && u->status == LAYER_OK));
}

static void udp_length(struct out *o, const struct packet *p)
{
    const struct udp_info *u = &p->udp;
    char msg[64];
    dl_at(o, p->l4_off + 4, 2);
    if (u->len > p->l4_len) {
        dl_begin(o, 1, "Length: ");
        out_u64(o, u->len);
        dl_u3(o, 0, " (bogus, payload length ", p->l4_len, ")");
        snprintf(msg, sizeof msg, "Bad length value %u > IP payload length", u->len);
        dl_expert(o, 2, "Error", "Malformed", msg);
    } else if (u->len < 8) {
        dl_u3(o, 1, "Length: ", u->len, " (bogus, must be >= 8)");
        snprintf(msg, sizeof msg, "Bad length value %u < UDP header length 8", u->len);
        dl_expert(o, 2, "Error", "Malformed", msg);
    } else {
        dl_u(o, 1, "Length: ", u->len);
    }
}

/* RFC 768: ports, length and checksum, two bytes each from at. */
static void title_ports(struct out *o, const struct udp_info *u, uint32_t at)
{
    dl_at(o, at, 8);
    dl_begin(o, 0, "User Datagram Protocol, Src Port: ");
    out_u64(o, u->sport);
    dl_u(o, 0, ", Dst Port: ", u->dport);
    dl_at(o, at, 2);
    dl_u(o, 1, "Source Port: ", u->sport);
    dl_at(o, at + 2, 2);
    dl_u(o, 1, "Destination Port: ", u->dport);
}

void det_udp(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct udp_info *u = &p->udp;
    uint32_t have = det_l4_captured(p);
    if (have < 8 || p->l4_len < 8) {
        if (have >= 4 && p->l4_len >= 4)
            title_ports(o, u, p->l4_off);
        else if (p->l4_len < 4 || have >= p->l4_len) /* as for TCP */
            dl_text(o, 0, "User Datagram Protocol");
        return;
    }
    title_ports(o, u, p->l4_off);
    udp_length(o, p);
    udp_checksum(o, p, opts);
    uint32_t plen = (u->len >= 8 && u->len <= p->l4_len ? u->len : p->l4_len) - 8u;
    if (plen > 0) {
        dl_at(o, p->l4_off + 8, plen);
        dl_begin(o, 1, "UDP payload (");
        out_u64(o, plen);
        OUT_LIT(o, " byte");
        out_str(o, dl_plural(plen));
        OUT_LIT(o, ")\n");
    }
}
