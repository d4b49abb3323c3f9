/*
 * names.h: number-to-name tables (tcpdump's struct tok), one table per registry, shared
 * by every printer so that the packet list, the detail tree and JSON name things alike:
 * EtherTypes (IEEE), IP protocol numbers (IANA), TCP option kinds and flags, ICMP and
 * ICMPv6 types and codes (RFC 792, RFC 4443), DSCP and ECN codepoints (RFC 2474,
 * RFC 3168), ARP hardware types, as Wireshark writes them. The numbers themselves are
 * named in proto.h.
 *
 * Where Wireshark has two notations for one number, one table holds both: the short
 * name of the packet list's Protocol and Info columns ("802.1Q", "HOPOPT", "SYN") beside
 * the long one of the -V tree ("802.1Q Virtual LAN", "IPv6 Hop-by-Hop Option", "Syn").
 */
#ifndef ECHOSNIFF_NAMES_H
#define ECHOSNIFF_NAMES_H

#include <stdint.h>

struct tok {
    unsigned value;
    const char *name; /* NULL ends a table */
};

/* The name for v in t, or NULL when the table has none. */
const char *tok_lookup(const struct tok *t, unsigned v);
/* The same, or dflt. */
const char *tok_name(const struct tok *t, unsigned v, const char *dflt);

/* A number with its two names; either may be NULL where Wireshark has none (the caller
 * then writes the number, or "Unknown"). A table ends with both names NULL. */
struct proto_name {
    unsigned value;
    const char *abbrev; /* packet list: "802.1Q", "HOPOPT" */
    const char *name;   /* -V: "802.1Q Virtual LAN", "IPv6 Hop-by-Hop Option" */
};

/* The short and the long name of v in t, or NULL. */
const char *proto_abbrev(const struct proto_name *t, unsigned v);
const char *proto_long(const struct proto_name *t, unsigned v);

extern const struct proto_name names_ethertype[];
extern const struct proto_name names_ipproto[];

/* TCP option kinds: the Kind line's name ("Maximum Segment Size"), the option's title
 * in the tree and in the "Options:" summary ("Maximum segment size"), and the length the
 * kind must have (RFC 9293 3.2, RFC 7323, RFC 2018; 0: any, or checked otherwise). */
struct tcp_opt_name {
    uint8_t kind;
    uint8_t len;
    const char *name;
    const char *title;
};
/* The entry for kind, or NULL for a kind Wireshark does not name. */
const struct tcp_opt_name *tcp_opt_lookup(uint8_t kind);

/* The TCP flags, low bit first (the order of Wireshark's "[PSH, ACK]"): the bit, the
 * Info column's name, the -V line's name ("Push") and the letter of "[TCP Flags:
 * ·······AP···]". One table for every notation, as tcpdump's tcp_flag_values. */
struct tcp_flag_name {
    uint16_t bit;
    const char *abbrev;
    const char *name;
    char letter;
};
#define TCP_NFLAGS 9
extern const struct tcp_flag_name tcp_flag_names[TCP_NFLAGS];

extern const struct tok names_icmp_type[];
extern const struct tok names_icmp_unreach[];       /* ICMP type 3 codes */
extern const struct tok names_icmp_time_exceeded[]; /* ICMP type 11 codes */
extern const struct tok names_icmp6_type[];
extern const struct tok names_arphrd[]; /* ARP hardware / cooked capture address types */

/* PPP protocols: the Protocol column's name ("PPP LCP"; NULL: the number, as "0x4021"),
 * the PPP tree's ("Link Control Protocol"), the protocol's own tree title when it has
 * one ("PPP Link Control Protocol") and its frame.protocols name ("lcp"). */
struct ppp_proto_name {
    uint16_t value;
    const char *column, *field, *tree, *filter;
};
extern const struct ppp_proto_name names_ppp_proto[];
const struct ppp_proto_name *ppp_proto_lookup(uint16_t proto);
extern const struct tok names_ppp_code[];      /* LCP, IPCP... codes (RFC 1661 5) */
extern const struct tok names_chdlc_proto[];   /* Cisco HDLC's protocol field */
extern const struct tok names_gre_proto[];     /* GRE's protocol types */
extern const struct tok names_arcnet_protid[]; /* ARCNET protocol IDs */
extern const struct tok names_wlan_subtype[];  /* 802.11 type << 4 | subtype */

/* DSCP codepoints (RFC 2474, 3246, 2597, 5865, 8622): the -V name and the short name of
 * the field's summary ("Default", "CS0"). NULL for an unassigned value. */
struct dscp_name {
    uint8_t value;
    const char *name, *abbrev;
};
const struct dscp_name *dscp_lookup(uint8_t dscp);

/* ECN codepoints (RFC 3168), indexed by the 2-bit value: long and short names. */
extern const char *const names_ecn_long[4];
extern const char *const names_ecn_short[4];

#endif
