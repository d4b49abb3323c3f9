/*
 * df_value.h: the fields of the display filter, as values: what -Y compares and what
 * -T fields prints. One table of fields (df_fields.c) serves both, so a field that can
 * be filtered on can be printed, with the same presence rules.
 *
 * A field has Wireshark's name, type and display base; in a packet it has zero, one or
 * several values (ip.addr has two, vlan.id one per tag, frame.comment one per comment).
 * Values of bytes and strings point into the frame (or the comment), which lives as long
 * as the packet is being processed; nothing here allocates.
 */
#ifndef ECHOSNIFF_DF_VALUE_H
#define ECHOSNIFF_DF_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "packet.h"

/* Wireshark's field types (ftypes.h), those sniff has. */
enum df_type {
    DF_NONE,     /* FT_NONE: present or not (tcp.analysis.retransmission) */
    DF_PROTO,    /* FT_PROTOCOL: the layer's bytes */
    DF_UINT,     /* FT_UINT8..64 */
    DF_INT,      /* FT_INT32 (tcp.window_size_scalefactor: -1 unknown, -2 none) */
    DF_BOOL,     /* FT_BOOLEAN */
    DF_FRAMENUM, /* FT_FRAMENUM: a frame number */
    DF_IPV4,     /* FT_IPv4 */
    DF_IPV6,     /* FT_IPv6 */
    DF_ETHER,    /* FT_ETHER */
    DF_BYTES,    /* FT_BYTES */
    DF_STRING,   /* FT_STRING */
    DF_ABSTIME,  /* FT_ABSOLUTE_TIME, nanoseconds since 1970 */
    DF_RELTIME,  /* FT_RELATIVE_TIME, nanoseconds */
};

/* How tshark -T fields prints a number: decimal, or 0x with two digits a byte. */
enum df_base { DF_DEC, DF_HEX, DF_EPOCH /* an absolute time as seconds since 1970 */ };

struct df_value {
    enum df_type type;
    uint8_t prefix; /* address literals: CIDR prefix length (32 or 128 when none) */
    uint32_t len;   /* DF_BYTES, DF_STRING, DF_PROTO: bytes at p */
    /* DF_PROTO: the protocol's own length (its header, as len() counts it); p and len
     * reach to the end of the bytes it carries, as contains and slices see them. */
    uint32_t item_len;
    union {
        uint64_t u;       /* DF_UINT, DF_BOOL (0/1), DF_FRAMENUM, DF_IPV4 */
        int64_t i;        /* DF_INT */
        int64_t ns;       /* DF_ABSTIME, DF_RELTIME */
        const uint8_t *p; /* DF_BYTES, DF_STRING, DF_PROTO */
        uint8_t a[16];    /* DF_IPV6; DF_ETHER in the first 6 */
    } v;
};

/* The most values one field has in one packet: enough for ip.addr in a packet of as many
 * tunnels as the decoder keeps (two addresses for each IP header, outer and inner). */
#define DF_MAX_VALUES (2 * (PKT_MAX_ENCAP + 1))

/* A packet comment (pcapng opt_comment), UTF-8, not NUL-terminated. */
struct df_comment {
    const char *text;
    uint32_t len;
};

/* Everything a field may be read from: the decoded packet, its analysis (NULL when the
 * packet was not analysed), the capture's times and the frame's comments. */
struct df_frame {
    const struct packet *p;
    const struct pkt_analysis *pa;
    int64_t first_ns; /* the first frame's time: frame.time_relative */
    int64_t prev_ns;  /* the previous frame's time (this one's for the first): time_delta */
    const struct df_comment *comments;
    int ncomments;
};

struct df_field;
/* Fills v with the field's values in the frame; returns how many (0: absent). */
typedef int (*df_get_fn)(const struct df_frame *fr, int arg, struct df_value *v);

struct df_field {
    const char *name;
    enum df_type type;
    enum df_base base;
    uint8_t bytes; /* integer fields: the wire size, for hex digits and limits */
    df_get_fn get;
    int arg;
};

/* The field called name (len bytes, not NUL-terminated), or NULL. */
const struct df_field *df_field_find(const char *name, size_t len);

/* Why there is no field called name: "sniff does not support the field X yet" for a
 * name Wireshark knows, else Wireshark's "neither a field nor a protocol name". */
void df_field_unknown(const char *name, size_t len, char *err, size_t errlen);

/* The field's values in fr (at most DF_MAX_VALUES). */
int df_field_values(const struct df_field *f, const struct df_frame *fr, struct df_value *v);

/* The i-th field of the table (0-based), NULL past its end: --list-fields. */
const struct df_field *df_field_at(size_t i);

/* The field's type as Wireshark names it (tshark -G fields): "FT_UINT16", "FT_IPv4". */
const char *df_field_ftype(const struct df_field *f);

/* What a field reads beyond the frame's bytes, so that a run computes or keeps it
 * (df_field_needs; dfilter_needs and fmt_fields_needs for a whole filter or -e list). */
enum df_need {
    DF_NEED_ANALYSIS = 1, /* the connection model's analysis of the frame (df_frame.pa) */
    DF_NEED_ACKS = 2,     /* what it computes only when asked (an_opts.track_acks):
                           * tcp.analysis.acks_frame, ack_rtt, bytes_in_flight, and
                           * tcp.analysis itself */
    DF_NEED_ECHO = 4,     /* the echo check (an_opts.verify_echo): echo.* */
    DF_NEED_COMMENTS = 8, /* the frame's comments (df_frame.comments): frame.comment */
};
unsigned df_field_needs(const struct df_field *f);

/* The largest value an integer field holds. */
uint64_t df_field_max(const struct df_field *f);

#endif
