/*
 * names.c: the name tables (see names.h).
 */
#include "names.h"

#include <stddef.h>

const char *tok_lookup(const struct tok *t, unsigned v)
{
    for (; t->name != NULL; t++)
        if (t->value == v)
            return t->name;
    return NULL;
}

/* EtherTypes a lab network shows besides IP (IEEE registry names as Wireshark uses them). */
const struct tok names_ethertype[] = {
    {0x0800, "IPv4"},    {0x0806, "ARP"},    {0x86dd, "IPv6"},   {0x8035, "RARP"},
    {0x88cc, "LLDP"},    {0x888e, "EAPOL"},  {0x8863, "PPPoED"}, {0x8864, "PPPoES"},
    {0x8847, "MPLS"},    {0x8848, "MPLS"},   {0x88e5, "MACsec"}, {0x0842, "WOL"},
    {0x88f7, "PTPv2"},   {0x8809, "Slow"},   {0x9000, "LOOP"},   {0x893a, "IEEE1905"},
    {0x88a8, "802.1ad"}, {0x8100, "802.1Q"}, {0, NULL},
};

/* IP protocol numbers (IANA), as Wireshark's Protocol column and ipprotostr() name them. */
const struct tok names_ipproto[] = {
    {0, "HOPOPT"}, {1, "ICMP"},  {2, "IGMP"},        {4, "IPIP"},        {6, "TCP"},
    {17, "UDP"},   {41, "IPv6"}, {43, "IPv6-Route"}, {44, "IPv6-Frag"},  {47, "GRE"},
    {50, "ESP"},   {51, "AH"},   {58, "ICMPv6"},     {59, "IPv6-NoNxt"}, {60, "IPv6-Opts"},
    {89, "OSPF"},  {103, "PIM"}, {112, "VRRP"},      {132, "SCTP"},      {136, "UDPLite"},
    {0, NULL},
};

const struct tok names_icmp_type[] = {
    {0, "Echo (ping) reply"},
    {3, "Destination unreachable"},
    {4, "Source quench (flow control)"},
    {5, "Redirect"},
    {8, "Echo (ping) request"},
    {9, "Router advertisement"},
    {10, "Router solicitation"},
    {11, "Time-to-live exceeded"},
    {12, "Parameter problem"},
    {13, "Timestamp request"},
    {14, "Timestamp reply"},
    {0, NULL},
};

const struct tok names_icmp_unreach[] = {
    {0, "Network unreachable"},
    {1, "Host unreachable"},
    {2, "Protocol unreachable"},
    {3, "Port unreachable"},
    {4, "Fragmentation needed"},
    {5, "Source route failed"},
    {6, "Destination network unknown"},
    {7, "Destination host unknown"},
    {9, "Network administratively prohibited"},
    {10, "Host administratively prohibited"},
    {13, "Communication administratively filtered"},
    {0, NULL},
};

const struct tok names_icmp6_type[] = {
    {1, "Destination Unreachable"},
    {2, "Packet Too Big"},
    {3, "Time Exceeded"},
    {4, "Parameter Problem"},
    {128, "Echo (ping) request"},
    {129, "Echo (ping) reply"},
    {130, "Multicast Listener Query"},
    {131, "Multicast Listener Report"},
    {132, "Multicast Listener Done"},
    {133, "Router Solicitation"},
    {134, "Router Advertisement"},
    {135, "Neighbor Solicitation"},
    {136, "Neighbor Advertisement"},
    {137, "Redirect"},
    {143, "Multicast Listener Report Message v2"},
    {0, NULL},
};
