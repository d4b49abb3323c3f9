/*
 * names.c: the name tables (see names.h), in Wireshark 4.0's words.
 */
#include "names.h"

#include <stddef.h>

#include "packet.h"
#include "proto.h"

const char *tok_lookup(const struct tok *t, unsigned v)
{
    for (; t->name != NULL; t++)
        if (t->value == v)
            return t->name;
    return NULL;
}

const char *tok_name(const struct tok *t, unsigned v, const char *dflt)
{
    const char *name = tok_lookup(t, v);
    return name != NULL ? name : dflt;
}

static const struct proto_name *proto_find(const struct proto_name *t, unsigned v)
{
    for (; t->abbrev != NULL || t->name != NULL; t++)
        if (t->value == v)
            return t;
    return NULL;
}

const char *proto_abbrev(const struct proto_name *t, unsigned v)
{
    const struct proto_name *e = proto_find(t, v);
    return e != NULL ? e->abbrev : NULL;
}

const char *proto_long(const struct proto_name *t, unsigned v)
{
    const struct proto_name *e = proto_find(t, v);
    return e != NULL ? e->name : NULL;
}

/* EtherTypes a lab network shows besides IP (Wireshark's etype_vals for the tree; the
 * Protocol column's names where sniff has no dissector for what follows). */
const struct proto_name names_ethertype[] = {
    {ETYPE_IPV4, "IPv4", "IPv4"},
    {ETYPE_ARP, "ARP", "ARP"},
    {ETYPE_IPV6, "IPv6", "IPv6"},
    {ETYPE_RARP, "RARP", "RARP"},
    {ETYPE_LLDP, "LLDP", "802.1 Link Layer Discovery Protocol (LLDP)"},
    {ETYPE_EAPOL, "EAPOL", "802.1X Authentication"},
    {ETYPE_PPPOED, "PPPoED", "PPPoE Discovery"},
    {ETYPE_PPPOES, "PPPoES", "PPPoE Session"},
    {ETYPE_MPLS, "MPLS", "MPLS label switched packet"},
    {ETYPE_MPLS_MCAST, "MPLS", "MPLS multicast label switched packet"},
    {ETYPE_MACSEC, "MACsec", "802.1AE (MACsec)"},
    {ETYPE_WOL, "WOL", "Wake on LAN"},
    {ETYPE_PTP, "PTPv2", "PTPv2 over Ethernet (IEEE1588)"},
    {ETYPE_SLOW, "Slow", "Slow Protocols"},
    {ETYPE_LOOPBACK, "LOOP", "Loopback"},
    {ETYPE_IEEE1905, "IEEE1905",
     "1905.1a Convergent Digital Home Network for Heterogenous Technologies"},
    {ETYPE_QINQ, "802.1ad", "802.1ad Provider Bridge (Q-in-Q)"},
    {ETYPE_TEB, NULL, "Transparent Ethernet bridging"},
    {ETYPE_VLAN, "802.1Q", "802.1Q Virtual LAN"},
    {ETYPE_LOCAL_EXP1, NULL, "Local Experimental Ethertype 1"},
    {ETYPE_LOCAL_EXP2, NULL, "Local Experimental Ethertype 2"},
    {0, NULL, NULL},
};

/* IP protocol numbers: the Protocol column's name (ipprotostr()) and the tree's
 * (ipproto_val). */
const struct proto_name names_ipproto[] = {
    {IP_PROTO_HOPOPTS, "HOPOPT", "IPv6 Hop-by-Hop Option"},
    {IP_PROTO_ICMP, "ICMP", "ICMP"},
    {IP_PROTO_IGMP, "IGMP", "IGMP"},
    {IP_PROTO_IPIP, "IPIP", "IPIP"},
    {IP_PROTO_TCP, "TCP", "TCP"},
    {IP_PROTO_UDP, "UDP", "UDP"},
    {IP_PROTO_IPV6, "IPv6", "IPv6"},
    {IP_PROTO_ROUTING, "IPv6-Route", "Routing Header for IPv6"},
    {IP_PROTO_FRAGMENT, "IPv6-Frag", "Fragment Header for IPv6"},
    {IP_PROTO_GRE, "GRE", "Generic Routing Encapsulation"},
    {IP_PROTO_ESP, "ESP", "Encap Security Payload"},
    {IP_PROTO_AH, "AH", "Authentication Header"},
    {IP_PROTO_ICMPV6, "ICMPv6", "ICMPv6"},
    {IP_PROTO_NONE, "IPv6-NoNxt", "No Next Header for IPv6"},
    {IP_PROTO_DSTOPTS, "IPv6-Opts", "Destination Options for IPv6"},
    {IP_PROTO_OSPF, "OSPF", "OSPF IGP"},
    {IP_PROTO_PIM, "PIM", "PIM"},
    {IP_PROTO_IPCOMP, "IPComp", "IPComp"},
    {IP_PROTO_VRRP, "VRRP", "VRRP"},
    {IP_PROTO_SCTP, "SCTP", "SCTP"},
    {IP_PROTO_UDPLITE, "UDPLite", "UDPLite"},
    {0, NULL, NULL},
};

/* Indexed by kind: the decoder looks every option up, so one look-up is one load. */
static const struct tcp_opt_name tcp_opts[256] = {
    [TCP_OPT_EOL] = {TCP_OPT_EOL, 1, "End of Option List", "End of Option List (EOL)"},
    [TCP_OPT_NOP] = {TCP_OPT_NOP, 1, "No-Operation", "No-Operation (NOP)"},
    [TCP_OPT_MSS] = {TCP_OPT_MSS, 4, "Maximum Segment Size", "Maximum segment size"},
    [TCP_OPT_WS] = {TCP_OPT_WS, 3, "Window Scale", "Window scale"},
    [TCP_OPT_SACK_PERM] = {TCP_OPT_SACK_PERM, 2, "SACK Permitted", "SACK permitted"},
    [TCP_OPT_SACK] = {TCP_OPT_SACK, 0, "SACK", "SACK"},
    [TCP_OPT_TS] = {TCP_OPT_TS, 10, "Time Stamp Option", "Timestamps"},
    [TCP_OPT_MD5] = {TCP_OPT_MD5, 18, "MD5 Signature Option", "TCP MD5 signature"},
    [TCP_OPT_USER_TIMEOUT] = {TCP_OPT_USER_TIMEOUT, 4, "User Timeout Option", "User Timeout"},
    [TCP_OPT_AO] = {TCP_OPT_AO, 0, "The TCP Authentication Option", "TCP AO"},
    [TCP_OPT_MPTCP] = {TCP_OPT_MPTCP, 0, "Multipath TCP", "MPTCP"},
    [TCP_OPT_TFO] = {TCP_OPT_TFO, 0, "TCP Fast Open Cookie", "TCP Fast Open"},
    [TCP_OPT_ACCECN0] = {TCP_OPT_ACCECN0, 0, "Accurate ECN Order 0", "Accurate ECN"},
    [TCP_OPT_ACCECN1] = {TCP_OPT_ACCECN1, 0, "Accurate ECN Order 1", "Accurate ECN"},
    [TCP_OPT_EXP1] = {TCP_OPT_EXP1, 0, "RFC3692-style Experiment 1", "Experimental"},
    [TCP_OPT_EXP2] = {TCP_OPT_EXP2, 0, "RFC3692-style Experiment 2", "Experimental"},
};

const struct tcp_opt_name *tcp_opt_lookup(uint8_t kind)
{
    return tcp_opts[kind].name != NULL ? &tcp_opts[kind] : NULL;
}

const struct tcp_flag_name tcp_flag_names[TCP_NFLAGS] = {
    {TCP_FIN, "FIN", "Fin", 'F'},
    {TCP_SYN, "SYN", "Syn", 'S'},
    {TCP_RST, "RST", "Reset", 'R'},
    {TCP_PSH, "PSH", "Push", 'P'},
    {TCP_ACK, "ACK", "Acknowledgment", 'A'},
    {TCP_URG, "URG", "Urgent", 'U'},
    {TCP_ECE, "ECE", "ECN-Echo", 'E'},
    {TCP_CWR, "CWR", "Congestion Window Reduced", 'C'},
    {TCP_AE, "AE", "Accurate ECN", 'A'}, /* was NS, RFC 3540 */
};

const struct tok names_icmp_type[] = {
    {ICMP_TYPE_ECHO_REPLY, "Echo (ping) reply"},
    {ICMP_TYPE_UNREACH, "Destination unreachable"},
    {ICMP_TYPE_SOURCE_QUENCH, "Source quench (flow control)"},
    {ICMP_TYPE_REDIRECT, "Redirect"},
    {ICMP_TYPE_ECHO_REQUEST, "Echo (ping) request"},
    {9, "Router advertisement"},
    {10, "Router solicitation"},
    {ICMP_TYPE_TIME_EXCEEDED, "Time-to-live exceeded"},
    {ICMP_TYPE_PARAM_PROBLEM, "Parameter problem"},
    {13, "Timestamp request"},
    {14, "Timestamp reply"},
    {0, NULL},
};

const struct tok names_icmp_unreach[] = {
    {0, "Network unreachable"},
    {1, "Host unreachable"},
    {2, "Protocol unreachable"},
    {3, "Port unreachable"},
    {ICMP_CODE_NEEDFRAG, "Fragmentation needed"},
    {5, "Source route failed"},
    {6, "Destination network unknown"},
    {7, "Destination host unknown"},
    {9, "Network administratively prohibited"},
    {10, "Host administratively prohibited"},
    {13, "Communication administratively filtered"},
    {0, NULL},
};

const struct tok names_icmp_time_exceeded[] = {
    {0, "Time to live exceeded in transit"},
    {1, "Fragment reassembly time exceeded"},
    {0, NULL},
};

const struct tok names_icmp6_type[] = {
    {ICMP6_TYPE_UNREACH, "Destination Unreachable"},
    {ICMP6_TYPE_PACKET_TOO_BIG, "Packet Too Big"},
    {ICMP6_TYPE_TIME_EXCEEDED, "Time Exceeded"},
    {ICMP6_TYPE_PARAM_PROBLEM, "Parameter Problem"},
    {ICMP6_TYPE_ECHO_REQUEST, "Echo (ping) request"},
    {ICMP6_TYPE_ECHO_REPLY, "Echo (ping) reply"},
    {130, "Multicast Listener Query"},
    {131, "Multicast Listener Report"},
    {132, "Multicast Listener Done"},
    {ICMP6_TYPE_ROUTER_SOLICIT, "Router Solicitation"},
    {ICMP6_TYPE_ROUTER_ADVERT, "Router Advertisement"},
    {ICMP6_TYPE_NEIGHBOR_SOLICIT, "Neighbor Solicitation"},
    {ICMP6_TYPE_NEIGHBOR_ADVERT, "Neighbor Advertisement"},
    {ICMP6_TYPE_REDIRECT, "Redirect"},
    {143, "Multicast Listener Report Message v2"},
    {0, NULL},
};

const struct tok names_arphrd[] = {
    {1, "Ethernet"},      {7, "ARCNET"},     {24, "IEEE 1394"}, {512, "PPP"},
    {768, "IPIP"},        {772, "Loopback"}, {776, "SIT"},      {778, "IP GRE"},
    {801, "IEEE 802.11"}, {65534, "None"},   {0, NULL},
};

static const struct dscp_name dscps[] = {
    {0, "Default", "CS0"},
    {1, "Lower Effort", "LE"},
    {8, "Class Selector 1", "CS1"},
    {10, "Assured Forwarding 11", "AF11"},
    {12, "Assured Forwarding 12", "AF12"},
    {14, "Assured Forwarding 13", "AF13"},
    {16, "Class Selector 2", "CS2"},
    {18, "Assured Forwarding 21", "AF21"},
    {20, "Assured Forwarding 22", "AF22"},
    {22, "Assured Forwarding 23", "AF23"},
    {24, "Class Selector 3", "CS3"},
    {26, "Assured Forwarding 31", "AF31"},
    {28, "Assured Forwarding 32", "AF32"},
    {30, "Assured Forwarding 33", "AF33"},
    {32, "Class Selector 4", "CS4"},
    {34, "Assured Forwarding 41", "AF41"},
    {36, "Assured Forwarding 42", "AF42"},
    {38, "Assured Forwarding 43", "AF43"},
    {40, "Class Selector 5", "CS5"},
    {44, "Voice Admit", "VOICE-ADMIT"},
    {46, "Expedited Forwarding", "EF PHB"},
    {48, "Class Selector 6", "CS6"},
    {56, "Class Selector 7", "CS7"},
};

const struct dscp_name *dscp_lookup(uint8_t v)
{
    for (size_t i = 0; i < sizeof dscps / sizeof dscps[0]; i++)
        if (dscps[i].value == v)
            return &dscps[i];
    return NULL;
}

const char *const names_ecn_long[4] = {
    "Not ECN-Capable Transport", "ECN-Capable Transport codepoint '01'",
    "ECN-Capable Transport codepoint '10'", "Congestion Experienced"};
const char *const names_ecn_short[4] = {"Not-ECT", "ECT(1)", "ECT(0)", "CE"};

/* PPP protocols (IANA's PPP DLL protocol numbers) as Wireshark names them. */
const struct ppp_proto_name names_ppp_proto[] = {
    {0x0021, "IPv4", "Internet Protocol version 4", NULL, "ip"},
    {0x0057, "IPv6", "Internet Protocol version 6", NULL, "ipv6"},
    {0xc021, "PPP LCP", "Link Control Protocol", "PPP Link Control Protocol", "lcp"},
    {0x8021, "PPP IPCP", "Internet Protocol Control Protocol", "PPP IP Control Protocol", "ipcp"},
    {0x8057, "PPP IPV6CP", "IPv6 Control Protocol", "PPP IPv6 Control Protocol", "ipv6cp"},
    {0xc023, "PPP PAP", "Password Authentication Protocol", "PPP Password Authentication Protocol",
     "pap"},
    {0xc223, "PPP CHAP", "Challenge Handshake Authentication Protocol",
     "PPP Challenge Handshake Authentication Protocol", "chap"},
    {0x80fd, "PPP CCP", "Compression Control Protocol", "PPP Compression Control Protocol", "ccp"},
    {0x8281, "PPP MPLSCP", "MPLS Control Protocol", "PPP MPLS Control Protocol", "mplscp"},
    {0x0281, "MPLS", "MPLS Unicast", NULL, "mpls"},
    {0x002d, "PPP", "Van Jacobson Compressed TCP/IP", NULL, "vjc"},
    {0x002f, "PPP", "Van Jacobson Uncompressed TCP/IP", NULL, "vjc"},
    {0x003d, "PPP MP", "Multi-Link", "PPP Multilink Protocol", "mp"},
    {0x00fd, "PPP Comp", "Compressed datagram", "PPP Compressed Datagram", "comp_data"},
    {0x4021, NULL, "Stacker LZS", NULL, NULL},
    {0xc025, NULL, "Link Quality Report", NULL, NULL},
    {0, NULL, NULL, NULL, NULL},
};

const struct ppp_proto_name *ppp_proto_lookup(uint16_t proto)
{
    for (const struct ppp_proto_name *e = names_ppp_proto; e->field != NULL; e++)
        if (e->value == proto)
            return e;
    return NULL;
}

/* The codes of PPP's control protocols (RFC 1661 5). */
const struct tok names_ppp_code[] = {
    {1, "Configuration Request"}, {2, "Configuration Ack"},
    {3, "Configuration Nak"},     {4, "Configuration Reject"},
    {5, "Termination Request"},   {6, "Termination Ack"},
    {7, "Code Reject"},           {8, "Protocol Reject"},
    {9, "Echo Request"},          {10, "Echo Reply"},
    {11, "Discard Request"},      {12, "Identification"},
    {13, "Time Remaining"},       {0, NULL},
};

/* Cisco HDLC's protocol field (Wireshark's chdlc_vals). */
const struct tok names_chdlc_proto[] = {
    {0x0800, "IP"},
    {0x86dd, "IPv6"},
    {0x8035, "SLARP"},
    {0x2000, "Cisco Discovery Protocol"},
    {0x6558, "Transparent Ethernet bridging"},
    {0x8847, "MPLS unicast"},
    {0x8848, "MPLS multicast"},
    {0, NULL},
};

/* GRE's protocol types (Wireshark's gre_typevals). */
const struct tok names_gre_proto[] = {
    {0x0800, "IP"},   {0x86dd, "IPv6"},
    {0x0806, "ARP"},  {0x6558, "Transparent Ethernet bridging"},
    {0x883e, "WCCP"}, {0x8847, "MPLS label switched packet"},
    {0x880b, "PPP"},  {0, NULL},
};

/* ARCNET protocol IDs (RFC 1051, RFC 1201). */
const struct tok names_arcnet_protid[] = {
    {0xf0, "RFC 1051 IP"},
    {0xf1, "RFC 1051 ARP"},
    {0xd4, "RFC 1201 IP"},
    {0xd5, "RFC 1201 ARP"},
    {0xd6, "RFC 1201 RARP"},
    {0xfa, "IPX"},
    {0xec, "Novell of some sort"},
    {0xc4, "IPv6"},
    {0xe8, "Encapsulated Ethernet"},
    {0x80, "Diagnose"},
    {0xcd, "BACnet"},
    {0, NULL},
};

/* IEEE 802.11 frame subtypes, by type << 4 | subtype (Wireshark's frame_type_subtype_vals). */
const struct tok names_wlan_subtype[] = {
    {0x00, "Association Request"},
    {0x01, "Association Response"},
    {0x02, "Reassociation Request"},
    {0x03, "Reassociation Response"},
    {0x04, "Probe Request"},
    {0x05, "Probe Response"},
    {0x06, "Measurement Pilot"},
    {0x08, "Beacon frame"},
    {0x09, "ATIM"},
    {0x0a, "Disassociate"},
    {0x0b, "Authentication"},
    {0x0c, "Deauthentication"},
    {0x0d, "Action"},
    {0x0e, "Action No Ack"},
    {0x0f, "Aruba Management"},
    {0x14, "Beamforming Report Poll"},
    {0x15, "VHT/HE NDP Announcement"},
    {0x17, "Control Wrapper"},
    {0x18, "802.11 Block Ack Req"},
    {0x19, "802.11 Block Ack"},
    {0x1a, "Power-Save poll"},
    {0x1b, "Request-to-send"},
    {0x1c, "Clear-to-send"},
    {0x1d, "Acknowledgement"},
    {0x1e, "CF-End (Control-frame)"},
    {0x1f, "CF-End + CF-Ack (Control-frame)"},
    {0x20, "Data"},
    {0x21, "Data + CF-Ack"},
    {0x22, "Data + CF-Poll"},
    {0x23, "Data + CF-Ack + CF-Poll"},
    {0x24, "Null function (No data)"},
    {0x25, "Acknowledgement (No data)"},
    {0x26, "CF-Poll (No data)"},
    {0x27, "CF-Ack/Poll (No data)"},
    {0x28, "QoS Data"},
    {0x29, "QoS Data + CF-Acknowledgment"},
    {0x2a, "QoS Data + CF-Poll"},
    {0x2b, "QoS Data + CF-Ack + CF-Poll"},
    {0x2c, "QoS Null function (No data)"},
    {0x2e, "QoS CF-Poll (No Data)"},
    {0x2f, "QoS CF-Ack + CF-Poll (No data)"},
    {0, NULL},
};
