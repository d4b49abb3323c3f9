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
    [TCP_OPT_MD5] = {TCP_OPT_MD5, 0, "MD5 Signature Option", "MD5 Signature Option"},
    [TCP_OPT_USER_TIMEOUT] = {TCP_OPT_USER_TIMEOUT, 0, "User Timeout", "User Timeout"},
    [TCP_OPT_AO] = {TCP_OPT_AO, 0, "TCP Authentication Option", "TCP Authentication Option"},
    [TCP_OPT_MPTCP] = {TCP_OPT_MPTCP, 0, "Multipath TCP", "Multipath TCP"},
    [TCP_OPT_TFO] = {TCP_OPT_TFO, 0, "TCP Fast Open Cookie", "TCP Fast Open"},
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
    {1, "Ethernet"}, {24, "IEEE 1394"}, {512, "PPP"},         {768, "IPIP"},   {772, "Loopback"},
    {776, "SIT"},    {778, "IP GRE"},   {801, "IEEE 802.11"}, {65534, "None"}, {0, NULL},
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
