/*
 * an_names.c: the model's enums in words, one table per enum (see an_names.h). Each
 * table is indexed by the enum ([ECHO_OK] = ...) and must have exactly one row per
 * value: the static assertions fail the build when a value is added without its words.
 */
#include "an_names.h"

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static const struct tcp_state_words states[] = {
    [TCP_STATE_UNKNOWN] = {"UNKNOWN", "?"},
    [TCP_STATE_CLOSED] = {"CLOSED", "CLOSED"},
    [TCP_STATE_SYN_SENT] = {"SYN-SENT", "SYN-SENT"},
    [TCP_STATE_SYN_RECEIVED] = {"SYN-RECEIVED", "SYN-RECV"},
    [TCP_STATE_ESTABLISHED] = {"ESTABLISHED", "ESTAB"},
    [TCP_STATE_FIN_WAIT_1] = {"FIN-WAIT-1", "FIN-WAIT-1"},
    [TCP_STATE_FIN_WAIT_2] = {"FIN-WAIT-2", "FIN-WAIT-2"},
    [TCP_STATE_CLOSE_WAIT] = {"CLOSE-WAIT", "CLOSE-WAIT"},
    [TCP_STATE_CLOSING] = {"CLOSING", "CLOSING"},
    [TCP_STATE_LAST_ACK] = {"LAST-ACK", "LAST-ACK"},
    [TCP_STATE_TIME_WAIT] = {"TIME-WAIT", "TIME-WAIT"},
};
_Static_assert(NROWS(states) == TCP_STATE_COUNT, "one row per enum tcp_state");

const struct tcp_state_words *tcp_state_words(enum tcp_state s)
{
    return &states[(unsigned)s < NROWS(states) ? s : TCP_STATE_UNKNOWN];
}

const char *tcp_state_name(enum tcp_state s)
{
    return tcp_state_words(s)->name;
}

static const struct echo_verdict_words verdicts[] = {
    [ECHO_NONE] = {NULL, "none", NULL},
    [ECHO_REQUEST] = {"request", "request", "request bytes, to be echoed"},
    [ECHO_OK] = {"identical", "ok", "echo identical to the request"},
    [ECHO_MISMATCH] = {"mismatch", "mismatch", "ECHO MISMATCH: a byte differs from the request"},
    [ECHO_UNCHECKED] = {"unchecked", "unchecked",
                        "some bytes not checked (not captured, or given up to the memory "
                        "budget); the rest identical"},
    [ECHO_AHEAD] = {"ahead", "ahead", "server bytes beyond what the client was seen to send"},
    [ECHO_SHORT] = {"short", "short", "at close: the server echoed less than the client sent"},
    [ECHO_EXTRA] = {"extra", "extra", "at close: the server sent bytes the client never sent"},
};
_Static_assert(NROWS(verdicts) == ECHO_VERDICT_COUNT, "one row per enum echo_verdict");

const struct echo_verdict_words *echo_verdict_words(enum echo_verdict v)
{
    return &verdicts[(unsigned)v < NROWS(verdicts) ? v : ECHO_NONE];
}

static const struct an_event_words events[] = {
    [AN_EV_NONE] = {"none", NULL},
    [AN_EV_SYN] = {"syn", "SYN: the client's connect() (handshake 1/3)"},
    [AN_EV_SYNACK] = {"synack", "SYN-ACK: the server's kernel answers (handshake 2/3)"},
    [AN_EV_HANDSHAKE_ACK] = {"handshake_ack", "ACK of the SYN-ACK (handshake 3/3)"},
    [AN_EV_DATA] = {"data", "data"},
    [AN_EV_ACK] = {"ack", "ACK of new bytes"},
    [AN_EV_FIN] = {"fin", "FIN: close() or shutdown(SHUT_WR), no more data from this side"},
    [AN_EV_RST] = {"rst", "RST: the connection is aborted"},
    [AN_EV_REFUSED] = {"refused", "RST answering a SYN: connection refused"},
    [AN_EV_OTHER] = {"other", "nothing new (no new bytes, no new ACK)"},
};
_Static_assert(NROWS(events) == AN_EV_COUNT, "one row per enum an_event");

const struct an_event_words *an_event_words(enum an_event e)
{
    return &events[(unsigned)e < NROWS(events) ? e : AN_EV_NONE];
}

static const struct an_end_words ends[] = {
    [AN_END_OPEN] = {"open", "still open"},
    [AN_END_HALF_CLOSED] = {"half_closed", "half-closed"},
    [AN_END_FIN] = {"fin", "FIN"},
    [AN_END_RST] = {"rst", "RST"},
    [AN_END_REFUSED] = {"refused", "refused"},
};
_Static_assert(NROWS(ends) == AN_END_COUNT, "one row per enum an_end");

const struct an_end_words *an_end_words(enum an_end e)
{
    return &ends[(unsigned)e < NROWS(ends) ? e : AN_END_OPEN];
}
