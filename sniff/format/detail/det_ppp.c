/*
 * det_ppp.c: PPP (RFC 1661, 1662) and Cisco HDLC in -V: the address and control bytes
 * when the frame has them, the protocol, and for PPP's control protocols (LCP, IPCP...)
 * their code, identifier and length; a protocol sniff does not decode is shown as data.
 */
#include "detail.h"

static const struct tok chdlc_addresses[] = {
    {CHDLC_UNICAST, "Unicast"},
    {CHDLC_MULTICAST, "Multicast"},
    {0, NULL},
};

static void chdlc_tree(struct out *o, const struct ppp_hdr *h)
{
    dl_text(o, 0, "Cisco HDLC");
    dl_named_hex(o, 1, "Address: ", tok_name(chdlc_addresses, h->address, "Unknown"), h->address,
                 2);
    dl_x(o, 1, "Control: ", h->control, 2);
    dl_named_hex(o, 1, "Protocol: ", tok_name(names_chdlc_proto, h->protocol, "Unknown"),
                 h->protocol, 4);
}

/* A control protocol's packet (RFC 1661 5): code, identifier, length. */
static void control_tree(struct out *o, const struct ppp_hdr *h, const char *title)
{
    dl_text(o, 0, title);
    if (!h->has_code)
        return;
    const char *code = tok_lookup(names_ppp_code, h->code);
    dl_named(o, 1, "Code: ", code != NULL ? code : "Unknown", h->code);
    dl_begin(o, 1, "Identifier: ");
    out_u64(o, h->id);
    OUT_LIT(o, " (");
    dl_hex(o, h->id, 2);
    OUT_LIT(o, ")\n");
    dl_u(o, 1, "Length: ", h->len);
}

void det_ppp(struct out *o, const struct packet *p)
{
    const struct ppp_hdr *h = &p->link.u.ppp;
    if (p->link.status != LAYER_OK)
        return;
    if (h->chdlc) {
        chdlc_tree(o, h);
        return;
    }
    const struct ppp_proto_name *n = ppp_proto_lookup(h->protocol);
    dl_text(o, 0, "Point-to-Point Protocol");
    if (h->has_ac) {
        dl_x(o, 1, "Address: ", h->address, 2);
        dl_x(o, 1, "Control: ", h->control, 2);
    }
    dl_named_hex(o, 1, "Protocol: ", n != NULL ? n->field : "Unknown", h->protocol, 4);
    if (p->net == NET_OTHER && n != NULL && n->tree != NULL && h->has_code)
        control_tree(o, h, n->tree);
}
