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
    dl_begin(o, 1, "Address: ");
    out_str(o, tok_name(chdlc_addresses, h->address, "Unknown"));
    OUT_LIT(o, " (");
    dl_hex(o, h->address, 2);
    OUT_LIT(o, ")\n");
    dl_begin(o, 1, "Control: ");
    dl_hex(o, h->control, 2);
    dl_end(o);
    dl_begin(o, 1, "Protocol: ");
    out_str(o, tok_name(names_chdlc_proto, h->protocol, "Unknown"));
    OUT_LIT(o, " (");
    dl_hex(o, h->protocol, 4);
    OUT_LIT(o, ")\n");
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
        dl_begin(o, 1, "Address: ");
        dl_hex(o, h->address, 2);
        dl_end(o);
        dl_begin(o, 1, "Control: ");
        dl_hex(o, h->control, 2);
        dl_end(o);
    }
    dl_begin(o, 1, "Protocol: ");
    out_str(o, n != NULL ? n->field : "Unknown");
    OUT_LIT(o, " (");
    dl_hex(o, h->protocol, 4);
    OUT_LIT(o, ")\n");
    if (p->net == NET_OTHER && n != NULL && n->tree != NULL && h->has_code)
        control_tree(o, h, n->tree);
}
