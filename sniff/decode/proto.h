/*
 * proto.h: the protocol numbers sniff decodes and prints, named once, for every stage.
 *
 * Decoders dispatch on them, printers compare against them, and names.c maps them to
 * the words Wireshark uses; nowhere else does a bare 0x86dd, 58 or "case 8:" stand for a
 * protocol. The names carry their own prefixes (ETYPE_, IP_PROTO_, TCP_OPT_, ...) so this
 * header can sit beside the C library's <netinet/...> headers, whose macros
 * (ETHERTYPE_IP, IPPROTO_TCP, TCPOPT_SACK, ICMP6_ECHO_REQUEST) it never redefines.
 */
#ifndef ECHOSNIFF_PROTO_H
#define ECHOSNIFF_PROTO_H

/* EtherTypes (IEEE 802; IEEE's EtherType registry). A value of 1500 or less in the
 * type field is an IEEE 802.3 length instead, with an LLC header after it. */
enum ethertype {
    ETYPE_MAX_LENGTH = 1500, /* at most this: an 802.3 length field */
    ETYPE_IPV4 = 0x0800,
    ETYPE_ARP = 0x0806,
    ETYPE_WOL = 0x0842,
    ETYPE_RARP = 0x8035,
    ETYPE_VLAN = 0x8100, /* IEEE 802.1Q customer tag */
    ETYPE_IPV6 = 0x86dd,
    ETYPE_SLOW = 0x8809,
    ETYPE_MPLS = 0x8847,
    ETYPE_MPLS_MCAST = 0x8848,
    ETYPE_PPPOED = 0x8863,
    ETYPE_PPPOES = 0x8864,
    ETYPE_EAPOL = 0x888e,
    ETYPE_QINQ = 0x88a8, /* IEEE 802.1ad service tag */
    ETYPE_LOCAL_EXP1 = 0x88b5,
    ETYPE_LOCAL_EXP2 = 0x88b6,
    ETYPE_LLDP = 0x88cc,
    ETYPE_MACSEC = 0x88e5,
    ETYPE_PTP = 0x88f7,
    ETYPE_IEEE1905 = 0x893a,
    ETYPE_LOOPBACK = 0x9000,
    ETYPE_QINQ_OLD = 0x9100, /* pre-standard QinQ */
};

/* IP protocol numbers (IANA), the IPv4 Protocol and IPv6 Next Header values; the IPv6
 * extension headers (RFC 8200 4, RFC 4302) are numbers of the same registry. */
enum ip_proto {
    IP_PROTO_HOPOPTS = 0,
    IP_PROTO_ICMP = 1,
    IP_PROTO_IGMP = 2,
    IP_PROTO_IPIP = 4,
    IP_PROTO_TCP = 6,
    IP_PROTO_UDP = 17,
    IP_PROTO_IPV6 = 41,
    IP_PROTO_ROUTING = 43,
    IP_PROTO_FRAGMENT = 44,
    IP_PROTO_GRE = 47,
    IP_PROTO_ESP = 50,
    IP_PROTO_AH = 51,
    IP_PROTO_ICMPV6 = 58,
    IP_PROTO_NONE = 59,
    IP_PROTO_DSTOPTS = 60,
    IP_PROTO_OSPF = 89,
    IP_PROTO_PIM = 103,
    IP_PROTO_VRRP = 112,
    IP_PROTO_SCTP = 132,
    IP_PROTO_UDPLITE = 136,
};

/* IPv4 option types (RFC 791 3.1) whose bodies carry addresses, and the two one-byte ones. */
enum ip4_option {
    IP4_OPT_EOL = 0,
    IP4_OPT_NOP = 1,
    IP4_OPT_RR = 7,     /* Record Route */
    IP4_OPT_TS = 68,    /* Timestamp */
    IP4_OPT_LSRR = 131, /* Loose Source Route */
    IP4_OPT_SSRR = 137, /* Strict Source Route */
};

/* TCP option kinds (IANA; RFC 9293 3.2, RFC 7323, RFC 2018, RFC 7413, RFC 8684). */
enum tcp_option {
    TCP_OPT_EOL = 0,
    TCP_OPT_NOP = 1,
    TCP_OPT_MSS = 2,
    TCP_OPT_WS = 3,
    TCP_OPT_SACK_PERM = 4,
    TCP_OPT_SACK = 5,
    TCP_OPT_TS = 8,
    TCP_OPT_MD5 = 19,
    TCP_OPT_USER_TIMEOUT = 28,
    TCP_OPT_AO = 29,
    TCP_OPT_MPTCP = 30,
    TCP_OPT_TFO = 34,
    TCP_OPT_EXP1 = 253, /* RFC 3692-style experiments */
    TCP_OPT_EXP2 = 254,
};

/* ICMP message types (RFC 792) and the codes sniff names. */
enum icmp_type {
    ICMP_TYPE_ECHO_REPLY = 0,
    ICMP_TYPE_UNREACH = 3,
    ICMP_TYPE_SOURCE_QUENCH = 4,
    ICMP_TYPE_REDIRECT = 5,
    ICMP_TYPE_ECHO_REQUEST = 8,
    ICMP_TYPE_TIME_EXCEEDED = 11,
    ICMP_TYPE_PARAM_PROBLEM = 12,
};
#define ICMP_CODE_NEEDFRAG 4 /* unreachable: fragmentation needed (RFC 1191) */

/* ICMPv6 message types (RFC 4443; neighbour discovery, RFC 4861). Types 1 to 4 are the
 * errors, which quote the datagram that caused them. */
enum icmp6_type {
    ICMP6_TYPE_UNREACH = 1,
    ICMP6_TYPE_PACKET_TOO_BIG = 2,
    ICMP6_TYPE_TIME_EXCEEDED = 3,
    ICMP6_TYPE_PARAM_PROBLEM = 4,
    ICMP6_TYPE_ECHO_REQUEST = 128,
    ICMP6_TYPE_ECHO_REPLY = 129,
    ICMP6_TYPE_ROUTER_SOLICIT = 133,
    ICMP6_TYPE_ROUTER_ADVERT = 134,
    ICMP6_TYPE_NEIGHBOR_SOLICIT = 135,
    ICMP6_TYPE_NEIGHBOR_ADVERT = 136,
    ICMP6_TYPE_REDIRECT = 137,
};

/* Neighbour discovery options (RFC 4861 4.6) that carry a link-layer address. */
enum nd_option {
    ND_OPTION_SRC_LLADDR = 1,
    ND_OPTION_TGT_LLADDR = 2,
};

/* Address families in BSD loopback (DLT_NULL, DLT_LOOP) headers: AF_INET is 2
 * everywhere, AF_INET6 differs between systems. */
enum bsd_af {
    BSD_AF_INET = 2,
    BSD_AF_INET6_LINUX = 10,
    BSD_AF_INET6_BSD = 24, /* NetBSD, OpenBSD */
    BSD_AF_INET6_FREEBSD = 28,
    BSD_AF_INET6_DARWIN = 30,
};

/* ARP operations (RFC 826). */
enum arp_op {
    ARP_OP_REQUEST = 1,
    ARP_OP_REPLY = 2,
};

#endif
