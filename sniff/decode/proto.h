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
    ETYPE_CDP = 0x2000,  /* Cisco Discovery Protocol, under Cisco HDLC */
    ETYPE_TEB = 0x6558,  /* Transparent Ethernet Bridging: an Ethernet frame (GRE, Geneve) */
    ETYPE_RARP = 0x8035, /* also Cisco's SLARP under Cisco HDLC */
    ETYPE_VLAN = 0x8100, /* IEEE 802.1Q customer tag */
    ETYPE_IPV6 = 0x86dd,
    ETYPE_SLOW = 0x8809,
    ETYPE_MPLS = 0x8847,
    ETYPE_MPLS_MCAST = 0x8848,
    ETYPE_PPP = 0x880b,  /* PPP, in GRE (RFC 2637) */
    ETYPE_WCCP = 0x883e, /* WCCP's redirect, in GRE */
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
    IP_PROTO_IPCOMP = 108, /* IP Payload Compression, RFC 3173 */
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
    TCP_OPT_ACCECN0 = 172, /* Accurate ECN, order 0 (draft-ietf-tcpm-accurate-ecn) */
    TCP_OPT_ACCECN1 = 174, /* Accurate ECN, order 1 */
    TCP_OPT_EXP1 = 253,    /* RFC 3692-style experiments */
    TCP_OPT_EXP2 = 254,
};

/* The experiment identifier of TCP Fast Open in an experimental option (RFC 7413 4.1.1,
 * RFC 6994). */
#define TCP_EXP_TFO 0xf989

/* MPTCP option subtypes (RFC 8684 3). */
enum mptcp_subtype {
    MPTCP_CAPABLE = 0,
    MPTCP_JOIN = 1,
    MPTCP_DSS = 2,
    MPTCP_ADD_ADDR = 3,
    MPTCP_REMOVE_ADDR = 4,
    MPTCP_PRIO = 5,
    MPTCP_FAIL = 6,
    MPTCP_FASTCLOSE = 7,
    MPTCP_TCPRST = 8,
};

/* UDP ports of the tunnels sniff decodes (IANA). */
enum udp_tunnel_port {
    UDP_PORT_L2TP = 1701,   /* RFC 2661 */
    UDP_PORT_VXLAN = 4789,  /* RFC 7348 */
    UDP_PORT_GENEVE = 6081, /* RFC 8926 */
};

/* PPP protocol numbers (RFC 1661 2, IANA's PPP DLL protocol numbers). */
enum ppp_protocol {
    PPP_PROTO_IP = 0x0021,
    PPP_PROTO_IPV6 = 0x0057,
    PPP_PROTO_LCP = 0xc021,
    PPP_PROTO_IPCP = 0x8021,
    PPP_PROTO_IPV6CP = 0x8057,
    PPP_PROTO_CCP = 0x80fd,
    PPP_PROTO_MPLSCP = 0x8281,
};
#define PPP_ADDRESS 0xff /* all-stations (RFC 1662 3.1) */
#define PPP_CONTROL 0x03 /* unnumbered information */
#define CHDLC_UNICAST 0x0f
#define CHDLC_MULTICAST 0x8f

/* ARCNET protocol IDs (RFC 1051 and RFC 1201). */
enum arcnet_protid {
    ARCNET_IP_1051 = 0xf0,
    ARCNET_ARP_1051 = 0xf1,
    ARCNET_IP_1201 = 0xd4,
    ARCNET_ARP_1201 = 0xd5,
    ARCNET_RARP_1201 = 0xd6,
    ARCNET_IPV6 = 0xc4,
    ARCNET_DIAGNOSE = 0x80,
    ARCNET_BACNET = 0xcd,
};

/* IEEE 802.11 frame types (IEEE 802.11-2020 9.2.4.1.3) and frame control flags. */
enum wlan_type { WLAN_MGMT = 0, WLAN_CTRL = 1, WLAN_DATA = 2, WLAN_EXT = 3 };
enum wlan_flag {
    WLAN_TO_DS = 0x01,
    WLAN_FROM_DS = 0x02,
    WLAN_MORE_FRAG = 0x04,
    WLAN_RETRY = 0x08,
    WLAN_PWR_MGT = 0x10,
    WLAN_MORE_DATA = 0x20,
    WLAN_PROTECTED = 0x40,
    WLAN_ORDER = 0x80,
};
/* The subtypes whose bodies the packet list reads: management frames with fixed fields
 * before their elements, and the data subtypes that carry no data. */
enum wlan_subtype {
    WLAN_ASSOC_REQ = 0,
    WLAN_ASSOC_RESP = 1,
    WLAN_REASSOC_REQ = 2,
    WLAN_REASSOC_RESP = 3,
    WLAN_PROBE_REQ = 4,
    WLAN_PROBE_RESP = 5,
    WLAN_MEASURE_PILOT = 6,
    WLAN_BEACON = 8,
    WLAN_ATIM = 9,
    WLAN_DISASSOC = 10,
    WLAN_AUTH = 11,
    WLAN_DEAUTH = 12,
    WLAN_ACTION = 13,
    WLAN_ACTION_NOACK = 14,
};
#define LLC_SAP_SNAP 0xaa
#define LLC_CTL_UI 0x03

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
