/*
 * an_names.h: the words for the model's own enums, one table per enum with one column per
 * notation sniff prints them in (tcpdump's struct tok, one table driving every notation;
 * names.h does the same for the registries' numbers): the TCP state of an end (conn.h),
 * the echo verdict (echo_verify.h), the socket-API event and how a connection ended
 * (analysis.h). The filter (-Y, -T
 * fields), -T json, the TUI detail tree's model lines and --summary look their words up
 * here, so a value added to an enum is named in every notation at once, in one place.
 */
#ifndef ECHOSNIFF_AN_NAMES_H
#define ECHOSNIFF_AN_NAMES_H

#include "analysis.h"
#include "echo_verify.h"

/* A TCP state: RFC 9293's name ("FIN-WAIT-1", "UNKNOWN"; tcp_state_name() in conn.h
 * gives it) and ss(8)'s ("FIN-WAIT-1", "?"), which the packet list's --states column
 * writes: what a student sees in `ss -t` on the same machine. */
struct tcp_state_words {
    const char *name, *ss;
};
/* The row for s; TCP_STATE_UNKNOWN's for a value out of range. */
const struct tcp_state_words *tcp_state_words(enum tcp_state s);

/* An echo verdict: echo.verdict's value ("identical"; NULL: the field is absent), -T
 * json's "verdict" ("ok") and the TUI's model line (NULL: nothing to say). */
struct echo_verdict_words {
    const char *filter, *json, *text;
};
/* The row for v; ECHO_NONE's for a value out of range. */
const struct echo_verdict_words *echo_verdict_words(enum echo_verdict v);

/* A socket-API event: -T json's "event" ("handshake_ack") and the TUI's model line
 * (NULL: nothing to say). */
struct an_event_words {
    const char *json, *text;
};
/* The row for e; AN_EV_NONE's for a value out of range. */
const struct an_event_words *an_event_words(enum an_event e);

/* How a connection ended: -T json's "end" ("half_closed") and --summary's End column
 * ("half-closed"). */
struct an_end_words {
    const char *json, *summary;
};
/* The row for e; AN_END_OPEN's for a value out of range. */
const struct an_end_words *an_end_words(enum an_end e);

#endif
