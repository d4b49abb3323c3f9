/*
 * detail.h: the inside of -V, the packet detail tree (fmt_detail in fmt.h), shared by
 * its printers: one file per protocol, mirroring the decoders' per-layer split.
 *
 *   detail.c       fmt_detail(): the layers in order, the payload, the closing marks
 *   det_frame.c    Frame: times, lengths, [Protocols in frame]
 *   det_eth.c      Ethernet II, 802.1Q and 802.1ad tags, padding
 *   det_link.c     Linux cooked capture v1 and v2, BSD loopback, raw IP; the others:
 *   det_ppp.c      PPP and Cisco HDLC
 *   det_wlan.c     radiotap, PPI, IEEE 802.11, LLC/SNAP
 *   det_link_other.c  IP over InfiniBand, ARCNET, Juniper Ethernet
 *   det_tunnel.c   the headers around a tunnel's inner packet; AH, IPComp
 *   det_arp.c      ARP
 *   det_ip4.c      IPv4
 *   det_ip6.c      IPv6 and its extension headers
 *   det_tcp.c      TCP's header and flags;  det_tcp_opt.c  its options
 *   det_udp.c      UDP
 *   det_icmp.c     ICMP and ICMPv6
 *   det_line.c     the line writer's out-of-line parts, expert notes, checksums, Data
 *
 * A tree line is written straight into the output buffer, piece by piece: its indent (4
 * spaces a level), literal text and numbers through out.h's appenders, then dl_end().
 * No printf: the tree is about 80 lines a packet, and formatting them through vsnprintf
 * was most of -V's time.
 */
#ifndef ECHOSNIFF_DETAIL_H
#define ECHOSNIFF_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checksum.h"
#include "fmt.h"
#include "names.h"
#include "out.h"
#include "packet.h"
#include "proto.h"

/* ---- the line writer ------------------------------------------------------------------ */

/* The next line shows the frame's bytes [off, off + len) (out_mark; len 0: a field sniff
 * computed, with no bytes). Where a printer marks nothing, a line belongs to its parent. */
static inline void dl_at(struct out *o, uint32_t off, uint32_t len)
{
    out_mark(o, off, len);
}

/* No bytes: a field computed from other packets or from this one's fields. */
static inline void dl_gen(struct out *o)
{
    out_mark(o, 0, 0);
}

/* Starts a line at depth lvl with text (a literal folds its strlen once inlined). */
static inline void dl_begin(struct out *o, int lvl, const char *text)
{
    out_spaces(o, 4 * lvl);
    out_str(o, text);
}

static inline void dl_end(struct out *o)
{
    out_char(o, '\n');
}

/* A whole line of text. */
static inline void dl_text(struct out *o, int lvl, const char *text)
{
    dl_begin(o, lvl, text);
    dl_end(o);
}

/* "label" then v in decimal. */
static inline void dl_u(struct out *o, int lvl, const char *label, uint64_t v)
{
    dl_begin(o, lvl, label);
    out_u64(o, v);
    dl_end(o);
}

/* "label" then s. */
static inline void dl_s(struct out *o, int lvl, const char *label, const char *s)
{
    dl_begin(o, lvl, label);
    out_str(o, s);
    dl_end(o);
}

/* "label" then s then tail. */
static inline void dl_s3(struct out *o, int lvl, const char *label, const char *s, const char *tail)
{
    dl_begin(o, lvl, label);
    out_str(o, s);
    out_str(o, tail);
    dl_end(o);
}

/* "label" then v in decimal then tail. */
static inline void dl_u3(struct out *o, int lvl, const char *label, uint64_t v, const char *tail)
{
    dl_begin(o, lvl, label);
    out_u64(o, v);
    out_str(o, tail);
    dl_end(o);
}

/* "label" then "name (v)": Wireshark's value-string fields, "Protocol: TCP (6)". */
static inline void dl_named(struct out *o, int lvl, const char *label, const char *name, uint64_t v)
{
    dl_begin(o, lvl, label);
    out_str(o, name);
    OUT_LIT(o, " (");
    out_u64(o, v);
    OUT_LIT(o, ")\n");
}

/* "0x" and v in lower-case hex, zero-padded to digits. */
static inline void dl_hex(struct out *o, uint64_t v, int digits)
{
    OUT_LIT(o, "0x");
    out_hex(o, v, digits);
}

/* "label" then v as dl_hex writes it: "Checksum: 0x1c46". */
static inline void dl_x(struct out *o, int lvl, const char *label, uint64_t v, int digits)
{
    dl_begin(o, lvl, label);
    dl_hex(o, v, digits);
    dl_end(o);
}

/* "label" then "name (0xv)", v in digits hex digits: Wireshark's value-string fields shown
 * in hex, "Protocol: Internet Protocol version 4 (0x0021)". */
static inline void dl_named_hex(struct out *o, int lvl, const char *label, const char *name,
                                uint64_t v, int digits)
{
    dl_begin(o, lvl, label);
    out_str(o, name);
    OUT_LIT(o, " (");
    dl_hex(o, v, digits);
    OUT_LIT(o, ")\n");
}

/* " (s)" */
static inline void dl_paren(struct out *o, const char *s)
{
    OUT_LIT(o, " (");
    out_str(o, s);
    out_char(o, ')');
}

/* Starts a bit-field line: the field's bits inside a width-bit word drawn as Wireshark
 * draws them, '0'/'1' where mask has a bit and '.' elsewhere, in groups of four, then
 * " = ": "0100 .... = " for (0x45, 8, 0xf0). The label follows; then dl_end(). */
void dl_bits(struct out *o, int lvl, uint32_t word, int width, uint32_t mask);

/* Wireshark's expert-info block: the message with its severity and group beneath. */
void dl_expert(struct out *o, int lvl, const char *severity, const char *group, const char *msg);

/* "Set" / "Not set" */
static inline const char *dl_set(bool b)
{
    return b ? "Set" : "Not set";
}

/* The "s" of "1 byte" / "2 bytes". */
static inline const char *dl_plural(uint64_t n)
{
    return n == 1 ? "" : "s";
}

/* ---- shared pieces (det_line.c) -------------------------------------------------------- */

/* Bytes as contiguous hex, cut after 36 bytes with an ellipsis, as tshark's labels are. */
void dl_hexfield(struct out *o, const uint8_t *b, size_t len);

/* Captured bytes from frame offset off, at most want; *got says how many are there. */
const uint8_t *det_frame_bytes(const struct packet *p, uint32_t off, uint32_t want, uint32_t *got);

/* How many bytes of the transport header were captured. */
static inline uint32_t det_l4_captured(const struct packet *p)
{
    return p->frame.caplen > p->l4_off ? p->frame.caplen - p->l4_off : 0;
}

/* "Data (N bytes)" with its Data and Length lines at depth lvl; captured bytes only.
 * With --redact the bytes are not shown (they are zeros by then): the header says so. */
void det_data(struct out *o, int lvl, const uint8_t *b, uint32_t caplen, bool redacted);

/* A MAC address as the tree names it: "Intel_e3:54:e6 (00:16:ea:e3:54:e6)" with vendor
 * names, the address alone with -n. Writes buf (DET_MAC_NAME_MAX), returns the length. */
#define DET_MAC_NAME_MAX 64
size_t det_mac_name(char *buf, const uint8_t m[6], const struct fmt_opts *opts);

/* "Nov 14, 2023 22:13:20.000000000 UTC": in the local zone (tshark's default) or UTC.
 * cache (may be NULL) keeps the text of the last second. */
void det_abs_time(struct out *o, int64_t sec, uint32_t nsec, const struct fmt_opts *opts,
                  struct fmt_detail_cache *cache);

/* How Wireshark words a checksum field and its status lines, per protocol. */
enum csum_calc {
    CALC_NONE,  /* no "[Calculated Checksum]" line (ICMP) */
    CALC_AFTER, /* after the status, beside it (IPv4, TCP) */
    CALC_UNDER, /* under the field, before the status (UDP) */
};
struct csum_words {
    const char *field;      /* "Header Checksum" */
    const char *status;     /* "Header checksum status" */
    const char *offload;    /* "(may be caused by \"IP checksum offload\"?)" */
    const char *unverified; /* "validation disabled" */
    const char *severity;   /* of a wrong checksum's expert note: "Error" */
    enum csum_calc calc;
};
/* A checksum field's lines: value and verdict, expert note, calculated value, status. */
void det_checksum(struct out *o, const struct csum_words *w, uint16_t v, struct csum_result r);

/* "Source Address: ..." and "Destination Address: ..." under a network header; the
 * source's alen bytes at frame offset off, the destination's right after. */
void det_addresses(struct out *o, const char *src, size_t slen, const char *dst, size_t dlen,
                   uint32_t off, uint32_t alen);

/* "Type: IPv4 (0x0800)": an EtherType field by Wireshark's long name. */
void det_ethertype(struct out *o, int lvl, const char *label, uint16_t type);

/* The DSCP and ECN lines of an IPv4 TOS or IPv6 Traffic Class field. */
const char *det_dscp_abbrev(uint8_t dscp);
void det_dscp_lines(struct out *o, uint32_t word, int width, uint32_t dscp_mask, uint32_t ecn_mask,
                    uint8_t dscp, uint8_t ecn);

/* ---- the protocols ------------------------------------------------------------------- */

void det_frame(struct out *o, const struct packet *p, const struct fmt_opts *opts,
               struct fmt_detail_cache *cache);
void det_link(struct out *o, const struct packet *p, const struct fmt_opts *opts);
void det_ethernet(struct out *o, const struct packet *p, const struct fmt_opts *opts);
void det_arp(struct out *o, const struct packet *p, const struct fmt_opts *opts);
void det_ip4(struct out *o, const struct packet *p, const struct fmt_opts *opts);
void det_ip6(struct out *o, const struct packet *p);
void det_tcp(struct out *o, const struct packet *p, const struct fmt_opts *opts);
void det_tcp_options(struct out *o, const struct packet *p);
/* Whether a TCP header carries a well-formed MPTCP option (Wireshark's MPTCP then
 * names the protocol); and the option, by subtype (det_mptcp.c). */
bool det_has_mptcp(const struct tcp_info *t);
void det_mptcp_option(struct out *o, const struct tcp_opt *op);
void det_udp(struct out *o, const struct packet *p, const struct fmt_opts *opts);
void det_icmp(struct out *o, const struct packet *p, const struct fmt_opts *opts);
void det_ppp(struct out *o, const struct packet *p);
void det_wlan(struct out *o, const struct packet *p, const struct fmt_opts *opts);
void det_link_other(struct out *o, const struct packet *p, const struct fmt_opts *opts);
/* The tunnel header p->encap[i] (an outer IP header prints its UDP header too). */
void det_encap(struct out *o, const struct packet *p, int i, const struct fmt_opts *opts);
/* An authentication header (RFC 4302) at depth lvl: after IPv4, or in IPv6's chain. */
void det_ah(struct out *o, int lvl, const struct packet *p, const struct ah_info *ah);
void det_ipcomp(struct out *o, const struct packet *p);
/* 802.11 names for the packet list too: the flags string ("opmPRMFT", a dot for each
 * clear bit, then C for a frame with its FCS) and the frame's subtype name. */
void det_wlan_flags(char out[10], const struct wlan_hdr *w);
const char *det_wlan_subtype(const struct wlan_hdr *w);

/* ICMP echo data that starts with ping's send time (det_icmp.c): its 8 bytes are shown
 * as a timestamp, not as Data. */
bool det_icmp_data_time(const struct packet *p, int64_t *sec, uint32_t *usec);

/* IPv6 extension headers by their name in frame.protocols ("ipv6.hopopts") and in
 * Wireshark's closing marks ("IPv6 Hop-by-Hop"). */
extern const struct proto_name det_ip6_ext_names[];

/* Layer facts more than one printer needs (detail.c). */
/* DLT_USER0 to DLT_USER15 as 0 to 15, or -1. */
int det_user_dlt(int dlt);
/* The extension header the IPv6 decoder stopped in (cut or impossible), or -1. */
int det_ip6_pending_ext(const struct packet *p);
/* Bytes after the link header when its EtherType is none sniff decodes (captured). */
uint32_t det_other_net_bytes(const struct packet *p);
/* The transport payload Wireshark shows as "Data": its length on the wire, and the
 * captured bytes through *b and *caplen. */
uint32_t det_l4_payload(const struct packet *p, const uint8_t **b, uint32_t *caplen);

#endif
