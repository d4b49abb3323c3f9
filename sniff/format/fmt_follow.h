/*
 * fmt_follow.h: --follow N, like Wireshark's Follow TCP Stream: the reassembled
 * conversation of connection N (Wireshark's tcp.stream, from 0), printed as it becomes
 * contiguous, client and server in
 * two colours (Wireshark's red and blue) or, without colour, behind "> " and "< ". Echo
 * traffic therefore shows each echo under its request. --follow-hex prints a hex dump
 * (offset in that direction's stream, 16 bytes a line) instead of text.
 *
 * It reads the analysis result (r->streams, r->echo.new_from/new_to): the analysis must
 * be told to reassemble connection N (an_opts.follow, follow_stream).
 */
#ifndef ECHOSNIFF_FMT_FOLLOW_H
#define ECHOSNIFF_FMT_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis.h"
#include "out.h"

#define FOLLOW_CLIENT_COLOR "\033[31m" /* Wireshark: client red */
#define FOLLOW_SERVER_COLOR "\033[34m" /* server blue */

struct follow {
    uint32_t stream; /* tcp.stream of the connection followed */
    bool hex;
    bool color;
    bool redact;          /* --redact: every payload byte shown as '*' (hex: xx) */
    bool seen;            /* the connection appeared: header printed */
    bool mid_line[2];     /* the last text line of that side has no newline yet */
    int last_dir;         /* -1 none */
    uint64_t bytes[2];    /* shown, per direction */
    uint64_t missing[2];  /* not captured, per direction */
    uint64_t given_up[2]; /* given up to the memory budget, per direction */
};

void follow_init(struct follow *f, uint32_t stream, bool hex, bool color);

/* Prints what this packet added to connection f->stream's byte streams (nothing for
 * others). */
void follow_packet(struct follow *f, struct out *o, const struct pkt_analysis *r);

/* The closing line, with the byte counts (or a note that the connection never came). */
void follow_finish(struct follow *f, struct out *o);

#endif
