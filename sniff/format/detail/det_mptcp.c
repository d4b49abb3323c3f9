/*
 * det_mptcp.c: the MPTCP option (RFC 8684 3) in -V, by subtype: MP_CAPABLE's version,
 * flags and keys; MP_JOIN's address ID, token, random number and HMACs; DSS's flags,
 * data ACK and mapping; ADD_ADDR's address, port and HMAC; MP_PRIO, MP_FAIL,
 * MP_FASTCLOSE and MP_TCPRST. Wireshark shows it as its own protocol inside the TCP
 * tree ("Multipath Transmission Control Protocol: Join Connection"). Lines Wireshark
 * derives from connection state or from hashing the keys (the subflow token, the
 * expected IDSN, relative data sequence numbers) are left out.
 */
#include "detail.h"

#include "decode.h"
#include "fmt_addr.h"

static const struct tok subtypes[] = {
    {MPTCP_CAPABLE, "Multipath Capable"},  {MPTCP_JOIN, "Join Connection"},
    {MPTCP_DSS, "Data Sequence Signal"},   {MPTCP_ADD_ADDR, "Add Address"},
    {MPTCP_REMOVE_ADDR, "Remove Address"}, {MPTCP_PRIO, "Change Subflow Priority"},
    {MPTCP_FAIL, "TCP Fallback"},          {MPTCP_FASTCLOSE, "Fast Close"},
    {MPTCP_TCPRST, "TCP Reset"},           {0, NULL},
};

static const struct tok rst_reasons[] = {
    {0, "Unspecified error"},         {1, "MPTCP-specific error"},
    {2, "Lack of resources"},         {3, "Administratively prohibited"},
    {4, "Too much outstanding data"}, {5, "Unacceptable performance"},
    {6, "Middlebox interference"},    {0, NULL},
};

static void bit_line(struct out *o, int lvl, uint8_t word, uint8_t mask, const char *name,
                     unsigned v)
{
    dl_bits(o, lvl, word, 8, mask);
    out_str(o, name);
    dl_u(o, 0, ": ", v);
}

static void capable(struct out *o, const struct tcp_opt_value *v)
{
    uint8_t f = v->mp_flags;
    dl_bits(o, 3, (uint32_t)v->mp_subtype << 4 | v->mp_version, 8, 0x0f);
    dl_u(o, 0, "Multipath TCP version: ", v->mp_version);
    dl_x(o, 3, "Multipath TCP flags: ", f, 2);
    bit_line(o, 4, f, 0x80, "Checksum required", f >> 7);
    bit_line(o, 4, f, 0x40, "Extensibility", (f >> 6) & 1u);
    if (v->mp_version >= 1) {
        bit_line(o, 4, f, 0x20, "Do not attempt to establish new subflows to this address and port",
                 (f >> 5) & 1u);
        bit_line(o, 4, f, 0x01, "Use HMAC-SHA256", f & 1u);
        dl_bits(o, 4, f, 8, 0x1e);
        OUT_LIT(o, "Reserved: ");
        dl_hex(o, (f >> 1) & 0xfu, 1);
    } else {
        bit_line(o, 4, f, 0x01, "Use HMAC-SHA1", f & 1u);
        dl_bits(o, 4, f, 8, 0x3e);
        OUT_LIT(o, "Reserved: ");
        dl_hex(o, (f >> 1) & 0x1fu, 2);
    }
    dl_end(o);
    if (v->mp_has_key[0])
        dl_u(o, 3, "Sender's Key: ", v->mp_key[0]);
    if (v->mp_has_key[1])
        dl_u(o, 3, "Receiver's Key: ", v->mp_key[1]);
    if (v->mp_has_dll)
        dl_u(o, 3, "Data-level Length: ", v->mp_dll);
    if (v->mp_has_csum) {
        dl_x(o, 3, "Checksum: ", v->mp_csum, 4);
    }
}

static void join(struct out *o, const struct tcp_opt_value *v, uint8_t len)
{
    if (len == 24) {
        dl_bits(o, 3, (uint32_t)v->mp_flags << 8, 16, 0x0fff);
        OUT_LIT(o, "Reserved: 0x000\n");
        if (v->mp_hmac != NULL) {
            dl_begin(o, 3, "Sender's HMAC: ");
            dl_hexfield(o, v->mp_hmac, 20);
            dl_end(o);
        }
        return;
    }
    dl_x(o, 3, "Multipath TCP flags: ", v->mp_flags, 2);
    bit_line(o, 4, v->mp_flags, 0x01, "Backup flag", v->mp_flags & 1u);
    dl_u(o, 3, "Address ID: ", v->mp_addr_id);
    if (len == 12)
        dl_u(o, 3, "Receiver's Token: ", v->mp_token);
    else if (len == 16)
        dl_u(o, 3, "Sender's Truncated HMAC: ", v->mp_hmac64);
    if (len == 12 || len == 16)
        dl_u(o, 3, "Sender's Random Number: ", v->mp_random);
}

static void dss(struct out *o, const struct tcp_opt_value *v)
{
    uint8_t f = v->mp_flags;
    dl_x(o, 3, "Multipath TCP flags: ", f, 2);
    bit_line(o, 4, f, 0x10, "DATA_FIN", (f >> 4) & 1u);
    bit_line(o, 4, f, 0x08, "Data Sequence Number is 8 octets", (f >> 3) & 1u);
    bit_line(o, 4, f, 0x04,
             "Data Sequence Number, Subflow Sequence Number, Data-level Length, Checksum present",
             (f >> 2) & 1u);
    bit_line(o, 4, f, 0x02, "Data ACK is 8 octets", (f >> 1) & 1u);
    bit_line(o, 4, f, 0x01, "Data ACK is present", f & 1u);
    if (v->mp_has_ack)
        dl_u3(o, 3, "Original MPTCP Data ACK: ", v->mp_ack, (f & 0x02) ? " (64bits)" : "");
    if (!v->mp_has_dsn)
        return;
    dl_u3(o, 3, "Data Sequence Number: ", v->mp_dsn,
          (f & 0x08) ? "  (64bits version)" : "  (32bits version)");
    dl_u(o, 3, "Subflow Sequence Number: ", v->mp_ssn);
    /* The checksum Wireshark shows only where the handshake asked for one (state). */
    if (v->mp_has_dll)
        dl_u(o, 3, "Data-level Length: ", v->mp_dll);
}

static void add_addr(struct out *o, const struct tcp_opt_value *v)
{
    char a[FMT_IP6_MAX];
    bit_line(o, 3, v->mp_flags, 0x01, "Echo", v->mp_flags & 1u);
    dl_u(o, 3, "Address ID: ", v->mp_addr_id);
    if (v->mp_v6) {
        fmt_ip6(a, v->mp_addr);
        dl_s(o, 3, "Advertised IPv6 Address: ", a);
    } else {
        fmt_ip4(a, v->mp_addr);
        dl_s(o, 3, "Advertised IPv4 Address: ", a);
    }
    if (v->mp_has_port)
        dl_u(o, 3, "Advertised port: ", v->mp_port);
    if (v->mp_has_hmac)
        dl_u(o, 3, "Truncated HMAC: ", v->mp_hmac64);
}

bool det_has_mptcp(const struct tcp_info *t)
{
    for (int i = 0; i < t->nopts && i < PKT_MAX_TCP_OPTS; i++)
        if (t->opts[i].kind == TCP_OPT_MPTCP && !t->opts[i].bad)
            return true;
    return false;
}

void det_mptcp_option(struct out *o, const struct tcp_opt *op)
{
    struct tcp_opt_value v;
    if (!tcp_opt_value(op, &v))
        return;
    const char *name = tok_name(subtypes, v.mp_subtype, "Unknown");
    dl_s(o, 2, "Multipath Transmission Control Protocol: ", name);
    dl_named(o, 3, "Kind: ", "Multipath TCP", op->kind);
    dl_u(o, 3, "Length: ", op->len);
    dl_bits(o, 3, (uint32_t)v.mp_subtype << 4, 8, 0xf0);
    OUT_LIT(o, "Multipath TCP subtype: ");
    dl_named(o, 0, "", name, v.mp_subtype);
    switch (v.mp_subtype) {
    case MPTCP_CAPABLE:
        capable(o, &v);
        break;
    case MPTCP_JOIN:
        join(o, &v, op->len);
        break;
    case MPTCP_DSS:
        dss(o, &v);
        break;
    case MPTCP_ADD_ADDR:
        add_addr(o, &v);
        break;
    case MPTCP_PRIO:
        dl_x(o, 3, "Multipath TCP flags: ", v.mp_flags, 2);
        bit_line(o, 4, v.mp_flags, 0x01, "Backup flag", v.mp_flags & 1u);
        if (op->len >= 4)
            dl_u(o, 3, "Address ID: ", v.mp_addr_id);
        break;
    case MPTCP_FAIL:
    case MPTCP_FASTCLOSE:
        dl_bits(o, 3, (uint32_t)v.mp_flags << 8, 16, 0x0fff);
        OUT_LIT(o, "Reserved: 0x000\n");
        if (v.mp_has_key[0])
            dl_u(o, 3, v.mp_subtype == MPTCP_FAIL ? "Data Sequence Number: " : "Receiver's Key: ",
                 v.mp_key[0]);
        break;
    case MPTCP_TCPRST: {
        const char *reason = tok_lookup(rst_reasons, v.mp_reason);
        dl_named_hex(o, 3, "TCPRST Reason: ", reason != NULL ? reason : "Unknown", v.mp_reason, 2);
        break;
    }
    default:
        break;
    }
}
