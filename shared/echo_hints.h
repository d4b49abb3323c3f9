/*
 * echo_hints.h: the words both programs use for the same thing, so that a student who
 * reads sniff's annotations and echocheck's report reads one wording: the likely causes
 * of a wrong echo (sniff/format/ann_echo.c's "likely cause: ..." lines, echocheck's
 * cause sentences in echo/check/ck_hint.c), and the sentences about a reset, a refused
 * connection, a zero window and an iterative server that echocheck quotes from sniff's
 * annotations (sniff/format/ann_tcp.c). They are separate programs (echocheck runs
 * sniff), so tests/test_hint_wording.sh checks the agreement on their real outputs: a
 * fixture server with each bug, captured and judged by both.
 *
 * A hint is "<what the wire shows>: <what in the code does that>; <the fix>". The _FMT
 * ones are printf formats (their arguments are listed beside them). The one verdict both
 * programs compute, whether an echo changed the letters' case, is here too (echo_case).
 */
#ifndef ECHOSNIFF_ECHO_HINTS_H
#define ECHOSNIFF_ECHO_HINTS_H

#include <ctype.h>
#include <stdbool.h>

/* A 0x00 after the bytes of a line: C's strlen(buf) + 1. */
#define ECHO_HINT_NUL                                                                              \
    "a NUL after the data: the server sends strlen(buf)+1 bytes, the C string's "                  \
    "terminating '\\0' too; send the count read() returned"

/* The echo of each line stops after N bytes: unsigned long long N, N again. */
#define ECHO_HINT_CUT_FMT                                                                          \
    "echo cut at %llu bytes, a buffer's size: the server reads into a buffer of %llu bytes and "   \
    "drops the rest of the line (or never sends it)"

/* A prefix echoed, then the server's FIN: one read() taken for the whole message. */
#define ECHO_HINT_TAIL                                                                             \
    "tail missing after a short read: one read() assumed to return everything; read() "            \
    "returns what has arrived, which may be fewer bytes than were sent: loop until it returns "    \
    "0 (EOF)"

/* Letters changed in case: "upper" or "lower", then "toupper" or "tolower". */
#define ECHO_HINT_CASE_FMT                                                                         \
    "%s-cased: the server changes the bytes (%s()) before it sends them back; an echo returns "    \
    "every byte unchanged"

/* Whether the echo is the bytes sent changed in case, decided the same way by both
 * programs, a pair of bytes (sent, echoed) at a time from ECHO_CASE_INIT. */
struct echo_case {
    bool up, low, differs;
};
#define ECHO_CASE_INIT                                                                             \
    {                                                                                              \
        true, true, false                                                                          \
    }

/* Adds one pair; false once no case change explains the bytes (no need to go on). */
static inline bool echo_case_add(struct echo_case *c, int sent, int echoed)
{
    if (sent != echoed) {
        c->differs = true;
        c->up = c->up && sent < 0x80 && toupper(sent) == echoed;
        c->low = c->low && sent < 0x80 && tolower(sent) == echoed;
    }
    return c->up || c->low;
}

/* ECHO_HINT_CASE_FMT's first word, "upper" or "lower"; NULL when no byte differed or the
 * change is not one of case. */
static inline const char *echo_case_name(const struct echo_case *c)
{
    return !c->differs ? NULL : c->up ? "upper" : c->low ? "lower" : NULL;
}

/* Why a kernel sends RST: the wire shows none of these, so all are said. */
#define ECHO_WORDS_RST                                                                             \
    "a kernel resets when its application calls close() (or exits) while received data is "        \
    "still unread, when close() follows SO_LINGER with a zero timeout, or when a segment comes "   \
    "for a connection it no longer has"

/* A SYN answered by RST: the server's address and port ("127.0.0.1:15213"). */
#define ECHO_WORDS_REFUSED_FMT                                                                     \
    "no socket listens on %s (no listen() there), so its kernel answers the SYN with RST (a "      \
    "firewall rule can send one too); the client's connect() fails with ECONNREFUSED"

/* A zero window: the receiver ("server"), the sender ("client"). */
#define ECHO_WORDS_ZERO_WINDOW_FMT                                                                 \
    "the %s's receive buffer is full (its application has not read what arrived); the %s "         \
    "must stop sending until the window opens"

/* A client served only after another connection closed. */
#define ECHO_WORDS_ITERATIVE                                                                       \
    "A server that serves one connection at a time (iterative) does this: the kernel "             \
    "completes connect() from the listen() backlog and ACKs the data, but nothing reads it "       \
    "until accept() returns"

#endif
