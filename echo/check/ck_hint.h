/*
 * ck_hint.h: the likely causes, in socket terms: every sentence echocheck says about why a
 * test failed is written in ck_hint.c and nowhere else. Where sniff's annotations already
 * name a pattern (an abortive close, a refused connection, a zero window, a client that
 * waited for an iterative server, an echo mismatch), the sentence uses sniff's words, so
 * the report and the capture's annotation lines read alike.
 */
#ifndef ECHOSNIFF_CK_HINT_H
#define ECHOSNIFF_CK_HINT_H

#include "ck.h"

enum ck_cause {
    CK_CAUSE_NUL,           /* "nul_appended" */
    CK_CAUSE_C_STRING,      /* "c_string": the echo ends at a NUL */
    CK_CAUSE_CASE,          /* "case_changed" */
    CK_CAUSE_CUT,           /* "cut_at_n" */
    CK_CAUSE_TAIL,          /* "tail_lost" */
    CK_CAUSE_RESET,         /* "reset_by_server" */
    CK_CAUSE_EXTRA,         /* "extra_bytes" */
    CK_CAUSE_MISMATCH,      /* "mismatch" */
    CK_CAUSE_AFTER_EOF,     /* "echo_after_eof" */
    CK_CAUSE_NO_ECHO,       /* "no_echo" */
    CK_CAUSE_STOPPED,       /* "stopped_echoing" */
    CK_CAUSE_DEADLOCK,      /* "deadlock" */
    CK_CAUSE_NO_FIN,        /* "no_fin" */
    CK_CAUSE_KILLED,        /* "sigpipe", "crashed", "cpu_limit", "killed" */
    CK_CAUSE_EXITED,        /* "server_exited" */
    CK_CAUSE_REFUSED,       /* "refused" */
    CK_CAUSE_NOT_SERVED,    /* "not_served" */
    CK_CAUSE_ONE_AT_A_TIME, /* "one_at_a_time" */
    CK_CAUSE_BLOCKED,       /* "blocked_by_idle" */
    CK_CAUSE_FD_LEAK,       /* "fd_leak" */
    CK_CAUSE_ZOMBIES,       /* "zombies" */
    CK_CAUSE_CHILDREN,      /* "children_left" */
    CK_CAUSE_THREADS,       /* "threads_left" */
    CK_CAUSE_MEMORY,        /* "memory_growth" */
    CK_CAUSE_TIMEOUT,       /* "test_timeout" */
    CK_CAUSE_LINE_BUFFERED, /* "line_buffered" (a note, not a failure) */
};

/* What a sentence may need: counts, a signal, a word, a peer's name. */
struct ck_hint_args {
    uint64_t a, b, c;
    int sig;
    const char *s, *t;
};

/* Sets f->cause_id and f->cause for cause. */
void ck_hint(struct ck_failure *f, enum ck_cause cause, const struct ck_hint_args *x);
/* A few words for a note's id, for the one-line-per-test report ("serves one client at
 * a time"); the id itself when it has none. */
const char *ck_hint_short(const char *id);
/* The same sentence as a note on a test that passed (e.g. one_at_a_time). */
void ck_hint_note(struct ck_result *res, enum ck_cause cause, const struct ck_hint_args *x);

#endif
