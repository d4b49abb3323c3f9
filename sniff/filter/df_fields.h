/*
 * df_fields.h: the readers behind the field table (df_fields.c), one per layer, each
 * told by its argument which field to read. Presence follows Wireshark's: a field exists
 * when its bytes were captured and its layer was dissected that far (a TCP header cut
 * after its ports still has ports), so that -Y and -T fields agree with tshark on cut
 * and malformed packets.
 */
#ifndef ECHOSNIFF_DF_FIELDS_H
#define ECHOSNIFF_DF_FIELDS_H

#include <stdbool.h>
#include <string.h>

#include "df_value.h"

/* One value of a simple type; returns 1 (one value). */
static inline int df_put(struct df_value *v, enum df_type t, uint64_t u)
{
    memset(v, 0, sizeof *v);
    v->type = t;
    v->v.u = u;
    return 1;
}

static inline int df_put_bytes(struct df_value *v, enum df_type t, const uint8_t *p, uint32_t n)
{
    memset(v, 0, sizeof *v);
    v->type = t;
    v->v.p = p;
    v->len = n;
    v->item_len = n;
    return 1;
}

static inline uint32_t df_ip4_u32(const uint8_t a[4])
{
    return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

/* An IPv4 or IPv6 address (4 or 16 bytes at a) as a whole address (prefix 32 or 128). */
static inline int df_put_addr(struct df_value *v, const uint8_t *a, bool v6)
{
    if (v6) {
        df_put(v, DF_IPV6, 0);
        memcpy(v->v.a, a, 16);
        v->prefix = 128;
    } else {
        df_put(v, DF_IPV4, df_ip4_u32(a));
        v->prefix = 32;
    }
    return 1;
}

/* A header's addresses as ip.src, ip.dst and ip.addr see them: its source when src, then
 * its destination when dst; returns how many values. */
static inline int df_put_addrs(struct df_value *v, const uint8_t *sa, const uint8_t *da, bool v6,
                               bool src, bool dst)
{
    int n = 0;
    if (src)
        n += df_put_addr(&v[n], sa, v6);
    if (dst)
        n += df_put_addr(&v[n], da, v6);
    return n;
}

enum {
    FR_NUMBER,
    FR_LEN,
    FR_CAP_LEN,
    FR_TIME,
    FR_EPOCH,
    FR_DELTA,
    FR_RELATIVE,
    FR_COMMENT,
    FR_PROTOCOLS
};
enum {
    ETH_ADDR,
    ETH_SRC,
    ETH_DST,
    ETH_TYPE,
    ETH_LG,
    ETH_IG,
    ETH_SRC_LG,
    ETH_SRC_IG,
    ETH_DST_LG,
    ETH_DST_IG,
    VLAN_ID,
    VLAN_PRIO,
    VLAN_DEI,
    VLAN_ETYPE
};
enum {
    IP_VERSION,
    IP_HDR_LEN,
    IP_DSFIELD,
    IP_DSCP,
    IP_ECN,
    IP_LEN,
    IP_ID,
    IP_FLAGS,
    IP_RB,
    IP_DF,
    IP_MF,
    IP_FRAG,
    IP_TTL,
    IP_PROTO,
    IP_CHECKSUM,
    IP_SRC,
    IP_DST,
    IP_ADDR
};
enum {
    IP6_VERSION,
    IP6_TCLASS,
    IP6_DSCP,
    IP6_ECN,
    IP6_FLOW,
    IP6_PLEN,
    IP6_NXT,
    IP6_HLIM,
    IP6_SRC,
    IP6_DST,
    IP6_ADDR
};
enum {
    ICMP_TYPE,
    ICMP_CODE,
    ICMP_CHECKSUM,
    ICMP_IDENT,
    ICMP_SEQ,
    ICMP_IDENT_LE,
    ICMP_SEQ_LE,
    ICMP_RESP_TO
};
enum {
    ARP_HW_TYPE,
    ARP_PROTO_TYPE,
    ARP_HW_SIZE,
    ARP_PROTO_SIZE,
    ARP_OPCODE,
    ARP_SRC_MAC,
    ARP_SRC_IP,
    ARP_DST_MAC,
    ARP_DST_IP
};
enum {
    TF_SRCPORT,
    TF_DSTPORT,
    TF_PORT,
    TF_LEN,
    TF_SEQ,
    TF_SEQ_RAW,
    TF_NXTSEQ,
    TF_ACK,
    TF_ACK_RAW,
    TF_HDR_LEN,
    TF_FLAGS,
    TF_F_RES,
    TF_F_AE,
    TF_F_CWR,
    TF_F_ECE,
    TF_F_URG,
    TF_F_ACK,
    TF_F_PUSH,
    TF_F_RESET,
    TF_F_SYN,
    TF_F_FIN,
    TF_F_STR,
    TF_WIN_VALUE,
    TF_WIN,
    TF_WIN_SCALE,
    TF_CHECKSUM,
    TF_URG,
    TF_MSS,
    TF_WS_SHIFT,
    TF_WS_MULT,
    TF_TSVAL,
    TF_TSECR,
    TF_SACK_LE,
    TF_SACK_RE,
    TF_PAYLOAD
};
enum { UDP_SRCPORT, UDP_DSTPORT, UDP_PORT, UDP_LENGTH, UDP_CHECKSUM, UDP_PAYLOAD };
/* Protocols, as values: their bytes. */
enum { P_FRAME, P_ETH, P_VLAN, P_IP, P_IPV6, P_TCP, P_UDP, P_ICMP, P_ICMPV6, P_ARP };

int df_get_proto(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_frame(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_eth(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_ip(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_ipv6(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_icmp(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_icmpv6(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_arp(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_tcp(const struct df_frame *fr, int arg, struct df_value *v);
int df_get_udp(const struct df_frame *fr, int arg, struct df_value *v);

/* df_fields_an.c: the fields read from the per-packet analysis (the one place filter/
 * depends on track/'s analysis): tcp.stream, tcp.analysis.*, echo.*. */
enum { AN_STREAM, AN_ANY, AN_FLAGS, AN_FLAG /* + the an_flag bit's index */ };
int df_get_analysis(const struct df_frame *fr, int arg, struct df_value *v);
enum { ECHO_F_REQUEST, ECHO_F_VERDICT, ECHO_F_MISMATCH, ECHO_F_RTT };
int df_get_echo(const struct df_frame *fr, int arg, struct df_value *v);
/* tcp.state.client (arg 0), tcp.state.server (1): the end's TCP state after the packet. */
int df_get_state(const struct df_frame *fr, int arg, struct df_value *v);
enum { ANV_ACK_RTT, ANV_BIF, ANV_ACKS_FRAME, ANV_DUPACK_NUM, ANV_DUPACK_FRAME };
int df_get_analysis_value(const struct df_frame *fr, int arg, struct df_value *v);

/* df_fields_layers.c: the fields of the other link types, the tunnels and the newer TCP
 * options (arg: a df_layers.h id); and a tunnel's outer headers, which ip.*, ipv6.*,
 * udp.port and the protocols see first: their values in v (how many; 0 when none). */
int df_get_layer(const struct df_frame *fr, int arg, struct df_value *v);
int df_outer_ip(const struct packet *p, bool v6, bool src, bool dst, struct df_value *v);
int df_outer_udp(const struct packet *p, struct df_value *v);
int df_outer_proto(const struct packet *p, int arg, struct df_value *v);

/* TCP's presence rules, shared by the TCP readers and the analysis. */
bool df_has_tcp(const struct packet *p);

#endif
