/*
 * df_fields.c: the one table of fields sniff can filter on (-Y) and print (-T fields),
 * with Wireshark's names, types and display bases (checked against tshark -G fields by
 * tests/test_tshark_fields.sh), each read by a layer's reader (df_fields.h).
 *
 * A name that is not here is looked up in Wireshark's own names (df_names.c): a field
 * Wireshark has but sniff does not decode is "not supported yet", not "invalid", so a
 * student who copied a filter from Wireshark learns that the filter was right.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df_fields.h"
#include "df_layers.h"

#define U(name, get, arg, bytes)                                                                   \
    {                                                                                              \
        name, DF_UINT, DF_DEC, bytes, get, arg                                                     \
    }
#define X(name, get, arg, bytes)                                                                   \
    {                                                                                              \
        name, DF_UINT, DF_HEX, bytes, get, arg                                                     \
    }
#define B(name, get, arg)                                                                          \
    {                                                                                              \
        name, DF_BOOL, DF_DEC, 1, get, arg                                                         \
    }
#define T(name, type, get, arg)                                                                    \
    {                                                                                              \
        name, type, DF_DEC, 0, get, arg                                                            \
    }
#define AF(name, bit)                                                                              \
    {                                                                                              \
        name, DF_NONE, DF_DEC, 0, df_get_analysis, AN_FLAG + (bit)                                 \
    }

/* The other link types, the tunnels and the newer TCP options (df_fields_layers.c). */
#define LP(name, id)                                                                               \
    {                                                                                              \
        name, DF_PROTO, DF_DEC, 0, df_get_layer, id                                                \
    }
#define LU(name, id, bytes)                                                                        \
    {                                                                                              \
        name, DF_UINT, DF_DEC, bytes, df_get_layer, id                                             \
    }
#define LX(name, id, bytes)                                                                        \
    {                                                                                              \
        name, DF_UINT, DF_HEX, bytes, df_get_layer, id                                             \
    }
#define LB(name, id)                                                                               \
    {                                                                                              \
        name, DF_BOOL, DF_DEC, 1, df_get_layer, id                                                 \
    }
#define LE(name, id)                                                                               \
    {                                                                                              \
        name, DF_ETHER, DF_DEC, 0, df_get_layer, id                                                \
    }

static const struct df_field fields[] = {
    T("frame", DF_PROTO, df_get_proto, P_FRAME),
    U("frame.number", df_get_frame, FR_NUMBER, 4),
    U("frame.len", df_get_frame, FR_LEN, 4),
    U("frame.cap_len", df_get_frame, FR_CAP_LEN, 4),
    T("frame.time", DF_ABSTIME, df_get_frame, FR_TIME),
    {"frame.time_epoch", DF_RELTIME, DF_EPOCH, 0, df_get_frame, FR_EPOCH},
    T("frame.time_delta", DF_RELTIME, df_get_frame, FR_DELTA),
    T("frame.time_relative", DF_RELTIME, df_get_frame, FR_RELATIVE),
    T("frame.comment", DF_STRING, df_get_frame, FR_COMMENT),

    T("eth", DF_PROTO, df_get_proto, P_ETH),
    T("eth.addr", DF_ETHER, df_get_eth, ETH_ADDR),
    T("eth.src", DF_ETHER, df_get_eth, ETH_SRC),
    T("eth.dst", DF_ETHER, df_get_eth, ETH_DST),
    X("eth.type", df_get_eth, ETH_TYPE, 2),
    B("eth.lg", df_get_eth, ETH_LG),
    B("eth.ig", df_get_eth, ETH_IG),
    B("eth.src.lg", df_get_eth, ETH_SRC_LG),
    B("eth.src.ig", df_get_eth, ETH_SRC_IG),
    B("eth.dst.lg", df_get_eth, ETH_DST_LG),
    B("eth.dst.ig", df_get_eth, ETH_DST_IG),
    U("vlan.id", df_get_eth, VLAN_ID, 2),
    U("vlan.priority", df_get_eth, VLAN_PRIO, 2),
    B("vlan.dei", df_get_eth, VLAN_DEI),
    X("vlan.etype", df_get_eth, VLAN_ETYPE, 2),

    T("ip", DF_PROTO, df_get_proto, P_IP),
    U("ip.version", df_get_ip, IP_VERSION, 1),
    U("ip.hdr_len", df_get_ip, IP_HDR_LEN, 1),
    X("ip.dsfield", df_get_ip, IP_DSFIELD, 1),
    U("ip.dsfield.dscp", df_get_ip, IP_DSCP, 1),
    U("ip.dsfield.ecn", df_get_ip, IP_ECN, 1),
    U("ip.len", df_get_ip, IP_LEN, 2),
    X("ip.id", df_get_ip, IP_ID, 2),
    X("ip.flags", df_get_ip, IP_FLAGS, 1),
    B("ip.flags.rb", df_get_ip, IP_RB),
    B("ip.flags.df", df_get_ip, IP_DF),
    B("ip.flags.mf", df_get_ip, IP_MF),
    U("ip.frag_offset", df_get_ip, IP_FRAG, 2),
    U("ip.ttl", df_get_ip, IP_TTL, 1),
    U("ip.proto", df_get_ip, IP_PROTO, 1),
    X("ip.checksum", df_get_ip, IP_CHECKSUM, 2),
    T("ip.src", DF_IPV4, df_get_ip, IP_SRC),
    T("ip.dst", DF_IPV4, df_get_ip, IP_DST),
    T("ip.addr", DF_IPV4, df_get_ip, IP_ADDR),

    T("ipv6", DF_PROTO, df_get_proto, P_IPV6),
    U("ipv6.version", df_get_ipv6, IP6_VERSION, 1),
    X("ipv6.tclass", df_get_ipv6, IP6_TCLASS, 4),
    U("ipv6.tclass.dscp", df_get_ipv6, IP6_DSCP, 4),
    U("ipv6.tclass.ecn", df_get_ipv6, IP6_ECN, 4),
    X("ipv6.flow", df_get_ipv6, IP6_FLOW, 3),
    U("ipv6.plen", df_get_ipv6, IP6_PLEN, 2),
    U("ipv6.nxt", df_get_ipv6, IP6_NXT, 1),
    U("ipv6.hlim", df_get_ipv6, IP6_HLIM, 1),
    T("ipv6.src", DF_IPV6, df_get_ipv6, IP6_SRC),
    T("ipv6.dst", DF_IPV6, df_get_ipv6, IP6_DST),
    T("ipv6.addr", DF_IPV6, df_get_ipv6, IP6_ADDR),

    T("tcp", DF_PROTO, df_get_proto, P_TCP),
    U("tcp.srcport", df_get_tcp, TF_SRCPORT, 2),
    U("tcp.dstport", df_get_tcp, TF_DSTPORT, 2),
    U("tcp.port", df_get_tcp, TF_PORT, 2),
    U("tcp.stream", df_get_analysis, AN_STREAM, 4),
    U("tcp.len", df_get_tcp, TF_LEN, 4),
    U("tcp.seq", df_get_tcp, TF_SEQ, 4),
    U("tcp.seq_raw", df_get_tcp, TF_SEQ_RAW, 4),
    U("tcp.nxtseq", df_get_tcp, TF_NXTSEQ, 4),
    U("tcp.ack", df_get_tcp, TF_ACK, 4),
    U("tcp.ack_raw", df_get_tcp, TF_ACK_RAW, 4),
    U("tcp.hdr_len", df_get_tcp, TF_HDR_LEN, 1),
    X("tcp.flags", df_get_tcp, TF_FLAGS, 2),
    B("tcp.flags.res", df_get_tcp, TF_F_RES),
    B("tcp.flags.ae", df_get_tcp, TF_F_AE),
    B("tcp.flags.cwr", df_get_tcp, TF_F_CWR),
    B("tcp.flags.ece", df_get_tcp, TF_F_ECE),
    B("tcp.flags.urg", df_get_tcp, TF_F_URG),
    B("tcp.flags.ack", df_get_tcp, TF_F_ACK),
    B("tcp.flags.push", df_get_tcp, TF_F_PUSH),
    B("tcp.flags.reset", df_get_tcp, TF_F_RESET),
    B("tcp.flags.syn", df_get_tcp, TF_F_SYN),
    B("tcp.flags.fin", df_get_tcp, TF_F_FIN),
    U("tcp.window_size_value", df_get_tcp, TF_WIN_VALUE, 2),
    U("tcp.window_size", df_get_tcp, TF_WIN, 4),
    {"tcp.window_size_scalefactor", DF_INT, DF_DEC, 4, df_get_tcp, TF_WIN_SCALE},
    X("tcp.checksum", df_get_tcp, TF_CHECKSUM, 2),
    U("tcp.urgent_pointer", df_get_tcp, TF_URG, 2),
    U("tcp.options.mss_val", df_get_tcp, TF_MSS, 2),
    U("tcp.options.wscale.shift", df_get_tcp, TF_WS_SHIFT, 1),
    U("tcp.options.wscale.multiplier", df_get_tcp, TF_WS_MULT, 2),
    U("tcp.options.timestamp.tsval", df_get_tcp, TF_TSVAL, 4),
    U("tcp.options.timestamp.tsecr", df_get_tcp, TF_TSECR, 4),
    U("tcp.options.sack_le", df_get_tcp, TF_SACK_LE, 4),
    U("tcp.options.sack_re", df_get_tcp, TF_SACK_RE, 4),
    T("tcp.payload", DF_BYTES, df_get_tcp, TF_PAYLOAD),

    T("tcp.analysis", DF_NONE, df_get_analysis, AN_ANY),
    T("tcp.analysis.flags", DF_NONE, df_get_analysis, AN_FLAGS),
    AF("tcp.analysis.retransmission", 0),
    AF("tcp.analysis.fast_retransmission", 1),
    AF("tcp.analysis.spurious_retransmission", 2),
    AF("tcp.analysis.out_of_order", 3),
    AF("tcp.analysis.lost_segment", 4),
    AF("tcp.analysis.ack_lost_segment", 5),
    AF("tcp.analysis.duplicate_ack", 6),
    AF("tcp.analysis.zero_window", 7),
    AF("tcp.analysis.zero_window_probe", 8),
    AF("tcp.analysis.zero_window_probe_ack", 9),
    AF("tcp.analysis.window_full", 10),
    AF("tcp.analysis.window_update", 11),
    AF("tcp.analysis.keep_alive", 12),
    AF("tcp.analysis.keep_alive_ack", 13),
    AF("tcp.analysis.reused_ports", 14),
    U("tcp.analysis.duplicate_ack_num", df_get_analysis_value, ANV_DUPACK_NUM, 4),
    T("tcp.analysis.duplicate_ack_frame", DF_FRAMENUM, df_get_analysis_value, ANV_DUPACK_FRAME),
    T("tcp.analysis.ack_rtt", DF_RELTIME, df_get_analysis_value, ANV_ACK_RTT),
    U("tcp.analysis.bytes_in_flight", df_get_analysis_value, ANV_BIF, 4),
    T("tcp.analysis.acks_frame", DF_FRAMENUM, df_get_analysis_value, ANV_ACKS_FRAME),

    T("udp", DF_PROTO, df_get_proto, P_UDP),
    U("udp.srcport", df_get_udp, UDP_SRCPORT, 2),
    U("udp.dstport", df_get_udp, UDP_DSTPORT, 2),
    U("udp.port", df_get_udp, UDP_PORT, 2),
    U("udp.length", df_get_udp, UDP_LENGTH, 2),
    X("udp.checksum", df_get_udp, UDP_CHECKSUM, 2),
    T("udp.payload", DF_BYTES, df_get_udp, UDP_PAYLOAD),

    T("icmp", DF_PROTO, df_get_proto, P_ICMP),
    U("icmp.type", df_get_icmp, ICMP_TYPE, 1),
    U("icmp.code", df_get_icmp, ICMP_CODE, 1),
    X("icmp.checksum", df_get_icmp, ICMP_CHECKSUM, 2),
    U("icmp.ident", df_get_icmp, ICMP_IDENT, 2),
    U("icmp.seq", df_get_icmp, ICMP_SEQ, 2),
    U("icmp.ident_le", df_get_icmp, ICMP_IDENT_LE, 2),
    U("icmp.seq_le", df_get_icmp, ICMP_SEQ_LE, 2),
    T("icmp.resp_to", DF_FRAMENUM, df_get_icmp, ICMP_RESP_TO),
    T("icmpv6", DF_PROTO, df_get_proto, P_ICMPV6),
    U("icmpv6.type", df_get_icmpv6, ICMP_TYPE, 1),
    U("icmpv6.code", df_get_icmpv6, ICMP_CODE, 1),
    X("icmpv6.checksum", df_get_icmpv6, ICMP_CHECKSUM, 2),
    X("icmpv6.echo.identifier", df_get_icmpv6, ICMP_IDENT, 2),
    U("icmpv6.echo.sequence_number", df_get_icmpv6, ICMP_SEQ, 2),

    T("arp", DF_PROTO, df_get_proto, P_ARP),
    U("arp.hw.type", df_get_arp, ARP_HW_TYPE, 2),
    X("arp.proto.type", df_get_arp, ARP_PROTO_TYPE, 2),
    U("arp.hw.size", df_get_arp, ARP_HW_SIZE, 1),
    U("arp.proto.size", df_get_arp, ARP_PROTO_SIZE, 1),
    U("arp.opcode", df_get_arp, ARP_OPCODE, 2),
    T("arp.src.hw_mac", DF_ETHER, df_get_arp, ARP_SRC_MAC),
    T("arp.src.proto_ipv4", DF_IPV4, df_get_arp, ARP_SRC_IP),
    T("arp.dst.hw_mac", DF_ETHER, df_get_arp, ARP_DST_MAC),
    T("arp.dst.proto_ipv4", DF_IPV4, df_get_arp, ARP_DST_IP),

    LP("ppp", DFL_PPP),
    LX("ppp.protocol", DFL_PPP_PROTOCOL, 2),
    LP("chdlc", DFL_CHDLC),
    LX("chdlc.protocol", DFL_CHDLC_PROTOCOL, 2),
    LP("wlan", DFL_WLAN),
    LX("wlan.fc.type_subtype", DFL_WLAN_TYPE_SUBTYPE, 2),
    LU("wlan.fc.type", DFL_WLAN_TYPE, 1),
    LU("wlan.fc.subtype", DFL_WLAN_SUBTYPE, 1),
    LU("wlan.seq", DFL_WLAN_SEQ, 2),
    LB("wlan.fc.tods", DFL_WLAN_TODS),
    LB("wlan.fc.fromds", DFL_WLAN_FROMDS),
    LB("wlan.fc.protected", DFL_WLAN_PROTECTED),
    LE("wlan.sa", DFL_WLAN_SA),
    LE("wlan.da", DFL_WLAN_DA),
    LE("wlan.ta", DFL_WLAN_TA),
    LE("wlan.ra", DFL_WLAN_RA),
    LE("wlan.bssid", DFL_WLAN_BSSID),
    LE("wlan.addr", DFL_WLAN_ADDR),
    LP("radiotap", DFL_RADIOTAP),
    LU("radiotap.channel.freq", DFL_RADIOTAP_FREQ, 4),
    LP("ppi", DFL_PPI),
    LU("wlan_radio.channel", DFL_WLAN_RADIO_CHANNEL, 4),
    LU("wlan_radio.frequency", DFL_WLAN_RADIO_FREQ, 2),
    LP("llc", DFL_LLC),
    LP("arcnet", DFL_ARCNET),
    LX("arcnet.src", DFL_ARCNET_SRC, 1),
    LX("arcnet.dst", DFL_ARCNET_DST, 1),
    LX("arcnet.protID", DFL_ARCNET_PROTID, 1),
    LP("ipoib", DFL_IPOIB),
    LX("ipoib.type", DFL_IPOIB_TYPE, 2),
    LP("juniper", DFL_JUNIPER),
    LX("juniper.direction", DFL_JUNIPER_DIRECTION, 1),
    LP("gre", DFL_GRE),
    LX("gre.proto", DFL_GRE_PROTO, 2),
    LX("gre.key", DFL_GRE_KEY, 4),
    LP("vxlan", DFL_VXLAN),
    LU("vxlan.vni", DFL_VXLAN_VNI, 3),
    LP("geneve", DFL_GENEVE),
    LX("geneve.vni", DFL_GENEVE_VNI, 3),
    LP("ah", DFL_AH),
    LX("ah.spi", DFL_AH_SPI, 4),
    LU("ah.sequence", DFL_AH_SEQ, 4),
    LP("ipcomp", DFL_IPCOMP),
    LX("ipcomp.cpi", DFL_IPCOMP_CPI, 2),
    LP("pppoes", DFL_PPPOES),
    LX("pppoe.session_id", DFL_PPPOES_SESSION, 2),
    LP("mpls", DFL_MPLS),
    LU("mpls.label", DFL_MPLS_LABEL, 4),
    LP("l2tp", DFL_L2TP),
    LU("l2tp.tunnel", DFL_L2TP_TUNNEL, 2),
    LU("l2tp.session", DFL_L2TP_SESSION, 2),
    LP("mptcp", DFL_MPTCP),
    LU("tcp.option_kind", DFL_TCP_OPTION_KIND, 1),
    LU("tcp.flags.ace", DFL_TCP_ACE, 1),
    LU("tcp.options.user_to_val", DFL_TCP_UTO, 2),
    LU("tcp.options.mptcp.subtype", DFL_TCP_MPTCP_SUBTYPE, 1),
    LU("tcp.options.acc_ecn.ee0b", DFL_TCP_ACCECN_EE0B, 3),
    LU("tcp.options.acc_ecn.eceb", DFL_TCP_ACCECN_ECEB, 3),
    LU("tcp.options.acc_ecn.ee1b", DFL_TCP_ACCECN_EE1B, 3),

    /* sniff's own: the echo check of the connection (sniff -A, echo port) */
    U("echo.request", df_get_echo, ECHO_F_REQUEST, 4),
    T("echo.verdict", DF_STRING, df_get_echo, ECHO_F_VERDICT),
    U("echo.mismatch_offset", df_get_echo, ECHO_F_MISMATCH, 8),
    T("echo.rtt", DF_RELTIME, df_get_echo, ECHO_F_RTT),
    /* sniff's own: the RFC 9293 state of each end after the packet (the model's) */
    T("tcp.state.client", DF_STRING, df_get_state, 0),
    T("tcp.state.server", DF_STRING, df_get_state, 1),
};

const struct df_field *df_field_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i].name) == len && memcmp(fields[i].name, name, len) == 0)
            return &fields[i];
    return NULL;
}

const struct df_field *df_field_at(size_t i)
{
    return i < sizeof fields / sizeof fields[0] ? &fields[i] : NULL;
}

const char *df_field_ftype(const struct df_field *f)
{
    static const char *const uints[] = {"FT_UINT8", "FT_UINT16", "FT_UINT24", "FT_UINT32"};
    switch (f->type) {
    case DF_UINT:
        return f->bytes >= 1 && f->bytes <= 4 ? uints[f->bytes - 1] : "FT_UINT64";
    case DF_INT:
        return "FT_INT32";
    case DF_NONE:
        return "FT_NONE";
    case DF_PROTO:
        return "FT_PROTOCOL";
    case DF_BOOL:
        return "FT_BOOLEAN";
    case DF_FRAMENUM:
        return "FT_FRAMENUM";
    case DF_IPV4:
        return "FT_IPv4";
    case DF_IPV6:
        return "FT_IPv6";
    case DF_ETHER:
        return "FT_ETHER";
    case DF_BYTES:
        return "FT_BYTES";
    case DF_STRING:
        return "FT_STRING";
    case DF_ABSTIME:
        return "FT_ABSOLUTE_TIME";
    case DF_RELTIME:
        return "FT_RELATIVE_TIME";
    }
    return "FT_NONE";
}

int df_field_values(const struct df_field *f, const struct df_frame *fr, struct df_value *v)
{
    return f->get(fr, f->arg, v);
}

bool df_field_needs_acks(const struct df_field *f)
{
    return (f->get == df_get_analysis_value &&
            (f->arg == ANV_ACK_RTT || f->arg == ANV_BIF || f->arg == ANV_ACKS_FRAME)) ||
           (f->get == df_get_analysis && f->arg == AN_ANY);
}

uint64_t df_field_max(const struct df_field *f)
{
    if (f->type == DF_BOOL)
        return 1;
    if (f->bytes == 0 || f->bytes >= 8)
        return UINT64_MAX;
    return ((uint64_t)1 << (8 * f->bytes)) - 1;
}

/* df_names.c: Wireshark 4.0's protocol names and the field names of the protocols sniff
 * decodes, sorted as LC_ALL=C sort sorts (tshark -G; sniff/filter/gen_ws_names.sh). */
extern const char *const df_ws_protocols[];
extern const size_t df_ws_nprotocols;
extern const char *const df_ws_fields[];
extern const size_t df_ws_nfields;

/* A name of n bytes (not NUL-terminated: a filter's word), against a table's entry. */
struct ws_key {
    const char *s;
    size_t n;
};

static int ws_cmp(const void *k, const void *e)
{
    const struct ws_key *a = k;
    const char *b = *(const char *const *)e;
    size_t bn = strlen(b);
    int c = memcmp(a->s, b, a->n < bn ? a->n : bn);
    return c != 0 ? c : (a->n > bn) - (a->n < bn);
}

static bool ws_has(const char *const *table, size_t n, const char *name, size_t len)
{
    struct ws_key k = {name, len};
    return bsearch(&k, table, n, sizeof *table, ws_cmp) != NULL;
}

static bool is_ws_field(const char *name, size_t len)
{
    return ws_has(df_ws_fields, df_ws_nfields, name, len);
}

static bool is_ws_protocol(const char *name, size_t len)
{
    return ws_has(df_ws_protocols, df_ws_nprotocols, name, len);
}

void df_field_unknown(const char *name, size_t len, char *err, size_t errlen)
{
    int n = len > 200 ? 200 : (int)len;
    size_t plen = 0;
    while (plen < len && name[plen] != '.')
        plen++;
    const struct df_field *proto = plen < len ? df_field_find(name, plen) : NULL;
    if (is_ws_field(name, len) || is_ws_protocol(name, len))
        snprintf(err, errlen, "sniff does not support the field %.*s yet", n, name);
    else if (plen < len && proto == NULL && is_ws_protocol(name, plen))
        snprintf(err, errlen,
                 "sniff does not support the field %.*s yet (sniff does not decode %.*s; if the "
                 "name is right, tshark can filter on it)",
                 n, name, (int)plen, name);
    else
        snprintf(err, errlen, "%.*s is neither a field nor a protocol name", n, name);
}
