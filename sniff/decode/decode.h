/*
 * decode.h: turning captured bytes into a struct packet, one module per layer.
 *
 *   decode.c        decode_packet(): reset, link dispatch, the status bookkeeping
 *   dec_link.c      Ethernet (802.1Q/802.1ad tags), Linux SLL/SLL2, BSD NULL/LOOP, raw IP; ARP
 *   dec_ppp.c       PPP (RFC 1661, 1662) and Cisco HDLC
 *   dec_wlan.c      IEEE 802.11 with radiotap or PPI in front, LLC/SNAP
 *   dec_link_other.c  IP over InfiniBand (RFC 4391), ARCNET (Linux), Juniper Ethernet
 *   dec_tunnel.c    GRE (with WCCP), VXLAN, Geneve, IP in IP, AH over IPv4, IPComp
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
/* An Ethernet header (with its VLAN tags) into l, at the cursor: true when an EtherType
 * to dispatch on follows (l->ethertype), false when cut, or an 802.3 length. */
bool dec_eth_header(struct packet *p, struct link_info *l, struct dcur *d);
/* The link types beside Ethernet and the cooked captures (dec_ppp.c, dec_wlan.c,
 * dec_link_other.c). */
void dec_ppp(struct packet *p, struct dcur *d);
void dec_chdlc(struct packet *p, struct dcur *d);
void dec_wlan(struct packet *p, struct dcur *d);
void dec_radiotap(struct packet *p, struct dcur *d);
void dec_ppi(struct packet *p, struct dcur *d);
void dec_ipoib(struct packet *p, struct dcur *d);
void dec_arcnet(struct packet *p, struct dcur *d);
void dec_juniper(struct packet *p, struct dcur *d);
/* The protocols a tunnel's inner packet starts with (dec_tunnel.c): after an IP
 * protocol number (4, 41, 47), after UDP's tunnel ports, after IPv4's AH. */
bool dec_ip_tunnel(struct packet *p, uint8_t proto, struct dcur *d);
bool dec_udp_tunnel(struct packet *p, struct dcur *d);
void dec_ah4(struct packet *p, struct dcur *d);
/* EtherType 0x8864 and 0x8847: a PPPoE session's PPP packet, an MPLS label stack. */
void dec_pppoe(struct packet *p, struct dcur *d);
void dec_mpls(struct packet *p, struct dcur *d);
void dec_ipcomp(struct packet *p, struct dcur *d);
void dec_ethertype(struct packet *p, uint16_t ethertype, struct dcur *d);
void dec_arp(struct packet *p, struct dcur *d);
void dec_ip4(struct packet *p, struct dcur *d);
void dec_ip6(struct packet *p, struct dcur *d);
void dec_transport(struct packet *p, uint8_t proto, struct dcur *d);
/* A first fragment (offset 0) of TCP the snapshot cut: its header decoded as Wireshark
 * does (p->tcp.fragmented); false, nothing done, for any other fragment. */
bool dec_first_fragment(struct packet *p, uint8_t proto, uint32_t frag_offset, struct dcur *d);
/* A fragment's payload (IPv4 or IPv6, named by layer): located, not decoded. */
void dec_fragment(struct packet *p, struct dcur *d, const char *layer);
void dec_tcp(struct packet *p, struct dcur *d);
void dec_udp(struct packet *p, struct dcur *d);
void dec_icmp(struct packet *p, struct dcur *d, bool v6);

/* The value of one TCP option whose fields the list or the tree shows, read by
 * tcp_opt_value (dec_tcp_opt.c) from the option's captured bytes. */
struct tcp_opt_value {
    /* TCP Fast Open (RFC 7413): kind 34, or 254 with the experiment ID 0xf989 */
    bool tfo;
    uint16_t exid; /* an experimental option's first 2 bytes (RFC 6994), 0 if none */
    const uint8_t *cookie;
    uint8_t cookie_len; /* 0: a cookie request */
    /* user timeout (RFC 5482) */
    bool uto_minutes;
    uint16_t uto;
    /* TCP-AO (RFC 5925) */
    uint8_t keyid, rnext_keyid;
    /* Accurate ECN: the 24-bit counters in wire order (EE0B, ECEB, EE1B for order 0) */
    uint8_t ncounters;
    uint32_t counter[3];
    /* MPTCP (RFC 8684), by subtype */
    uint8_t mp_subtype, mp_version, mp_flags, mp_addr_id;
    bool mp_has_key[2], mp_has_dll, mp_has_csum;
    uint64_t mp_key[2]; /* sender's and receiver's keys; FAIL's DSN; FASTCLOSE's key */
    uint16_t mp_dll, mp_csum;
    uint32_t mp_token, mp_random; /* JOIN */
    uint64_t mp_hmac64;           /* JOIN SYN/ACK's truncated HMAC, ADD_ADDR's */
    const uint8_t *mp_hmac;       /* JOIN ACK's 20-byte HMAC */
    bool mp_has_ack, mp_has_dsn, mp_has_port, mp_has_hmac, mp_v6;
    uint64_t mp_ack, mp_dsn;
    uint32_t mp_ssn;
    uint8_t mp_addr[16];
    uint16_t mp_port;
    uint8_t mp_reason; /* TCPRST */
};
/* Reads op's value into v; false when the kind has no fields read here or the option is
 * too short for them. */
bool tcp_opt_value(const struct tcp_opt *op, struct tcp_opt_value *v);

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
/* The link header wanted need bytes and fewer were there: p->link's verdict. */
void dec_link_short(struct packet *p, struct dcur *d, uint32_t need);
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
