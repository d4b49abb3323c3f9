/*
 * decode.h: turning captured bytes into a struct packet, one module per layer.
 *
 *   decode.c        decode_packet(): reset, link dispatch, the status bookkeeping
 *   dec_link.c      Ethernet (802.1Q/802.1ad tags), Linux SLL/SLL2, BSD NULL/LOOP, raw IP; ARP
 *   dec_ip4.c       IPv4 (RFC 791) with options and fragments
 *   dec_ip6.c       IPv6 (RFC 8200) with its extension headers
 *   dec_tcp.c       TCP (RFC 9293) with every option (RFC 7323, RFC 2018)
 *   dec_udp_icmp.c  UDP (RFC 768), ICMP (RFC 792), ICMPv6 (RFC 4443)
 *
 * Each layer reads through a struct dcur: a bounds-checked cursor over the captured
 * bytes plus the number of bytes the layer has on the wire. When a read fails, the
 * difference decides the verdict: the bytes existed but were not captured (snaplen,
 * LAYER_TRUNCATED) or the packet declared more than it has (LAYER_MALFORMED).
 * Decoders never print and never allocate.
 */
#ifndef ECHOSNIFF_DECODE_H
#define ECHOSNIFF_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "packet.h"

/* A layer's bytes: c covers what was captured, wire counts what was on the wire. */
struct dcur {
    struct cursor c;
    uint32_t wire;
};

/* Decodes frame (its data, caplen, len, linktype) into p, resetting p first. */
void decode_packet(struct packet *p, const struct frame_info *frame);

/* Whether decode_packet understands a DLT_* link type. */
bool decode_linktype_supported(int linktype);

/* Layer entry points, for the dispatcher and the unit tests. */
void dec_link(struct packet *p, struct dcur *d);
void dec_ethertype(struct packet *p, uint16_t ethertype, struct dcur *d);
void dec_arp(struct packet *p, struct dcur *d);
void dec_ip4(struct packet *p, struct dcur *d);
void dec_ip6(struct packet *p, struct dcur *d);
void dec_transport(struct packet *p, uint8_t proto, struct dcur *d);
/* A fragment's payload (IPv4 or IPv6, named by layer): located, not decoded. */
void dec_fragment(struct packet *p, struct dcur *d, const char *layer);
void dec_tcp(struct packet *p, struct dcur *d);
void dec_udp(struct packet *p, struct dcur *d);
void dec_icmp(struct packet *p, struct dcur *d, bool v6);

/* One row of a layer's dispatch table: a number the header before names it by (a
 * DLT_*, an EtherType, an IP protocol number), the kind it makes the layer (enum
 * link_kind, net_kind or l4_kind), and its decoder. */
struct dec_next {
    unsigned key;
    int kind;
    void (*decode)(struct packet *p, struct dcur *d);
};
/* The row of the n-row table t for key, or NULL. */
const struct dec_next *dec_find(const struct dec_next *t, size_t n, unsigned key);

/* Helpers shared by the layer modules. */
/* The verdict when need bytes are wanted and fewer were captured. */
enum layer_status dec_short(const struct dcur *d, uint32_t need);
/* Records a layer's problem in the packet summary (the outermost one wins). */
void dec_note(struct packet *p, enum layer_status st, const char *layer);
/* Byte offset of the cursor's position in the frame. */
uint32_t dec_offset(const struct packet *p, const struct dcur *d);
/* Advances d by n bytes, consuming as much as was captured, and shrinking wire. */
void dec_advance(struct dcur *d, uint32_t n);
/* n bytes were read from d->c: count them off the wire length too. */
void dec_took(struct dcur *d, uint32_t n);
/* Limits d to the next n bytes on the wire (a length the header declared). */
void dec_limit(struct dcur *d, uint32_t n);

#endif
