/*
 * names.h: number-to-name tables (tcpdump's struct tok), one table per registry, shared
 * by the formatters so that the packet list and the detail tree name things alike:
 * EtherTypes (IEEE), IP protocol numbers (IANA), ICMP and ICMPv6 types and codes
 * (RFC 792, RFC 4443), as Wireshark writes them.
 */
#ifndef ECHOSNIFF_NAMES_H
#define ECHOSNIFF_NAMES_H

struct tok {
    unsigned value;
    const char *name; /* NULL ends a table */
};

/* The name for v in t, or NULL when the table has none. */
const char *tok_lookup(const struct tok *t, unsigned v);

extern const struct tok names_ethertype[];
extern const struct tok names_ipproto[];
extern const struct tok names_icmp_type[];
extern const struct tok names_icmp_unreach[]; /* ICMP type 3 codes */
extern const struct tok names_icmp6_type[];

#endif
