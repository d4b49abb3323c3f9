/*
 * ck_hint.c: every likely-cause sentence (see ck_hint.h). Each says what the wire or the
 * process showed, then what in the code does that, in the lecture's terms (read(),
 * write(), close(), fork(), EOF). The words sniff's annotations use too (the likely
 * causes of a wrong echo, a reset, a refused connection, a zero window, an iterative
 * server) come from shared/echo_hints.h, so both programs say them alike
 * (tests/test_hint_wording.sh).
 */
#include "ck_hint.h"

#include "echo_hints.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

typedef unsigned long long ull;

static const char *killed_id(int sig)
{
    switch (sig) {
    case SIGPIPE:
        return "sigpipe";
    case SIGSEGV:
    case SIGBUS:
    case SIGABRT:
    case SIGFPE:
    case SIGILL:
        return "crashed";
    case SIGXCPU:
        return "cpu_limit";
    default:
        return "killed";
    }
}

static void killed(char *t, size_t n, const struct ck_hint_args *x)
{
    const char *name = ck_signal_name(x->sig);
    switch (x->sig) {
    case SIGPIPE:
        snprintf(t, n,
                 "the server was killed by SIGPIPE: it wrote to a connection its client had "
                 "reset (an RST makes the next write() fail with EPIPE, and raise SIGPIPE, "
                 "whose default action ends the process). Ignore SIGPIPE "
                 "(signal(SIGPIPE, SIG_IGN)) or send with MSG_NOSIGNAL, and treat EPIPE and "
                 "ECONNRESET as the end of that one client");
        break;
    case SIGSEGV:
    case SIGBUS:
    case SIGABRT:
    case SIGFPE:
    case SIGILL:
        snprintf(t, n,
                 "the server crashed (killed by %s) during this test, which sent it %llu "
                 "bytes: a memory error such as a write past the end of a buffer, or an "
                 "abort() (its standard error may say more)",
                 name, (ull)x->a);
        break;
    case SIGXCPU:
        snprintf(t, n,
                 "the server used up its CPU limit (%llu s) and was killed by SIGXCPU: a busy "
                 "loop, for example one that calls read() again after it returned 0 (EOF) "
                 "or -1",
                 (ull)x->b);
        break;
    case SIGXFSZ:
        snprintf(t, n,
                 "the server was killed by SIGXFSZ: what it wrote on standard output and "
                 "error passed the file size limit (%llu MiB)",
                 (ull)x->c);
        break;
    case SIGKILL:
        snprintf(t, n,
                 "the server was killed by SIGKILL (not by echocheck): the kernel's "
                 "out-of-memory killer, or its hard CPU limit");
        break;
    default:
        snprintf(t, n, "the server was killed by %s (signal %d) during this test", name, x->sig);
        break;
    }
}

/* The data-path causes: what came back against what was sent. */
static bool data_cause(char *t, size_t n, enum ck_cause cause, const struct ck_hint_args *x)
{
    switch (cause) {
    case CK_CAUSE_NUL:
        snprintf(t, n,
                 ECHO_HINT_NUL ". The echo carries %llu extra 0x00 byte%s, one after each line",
                 (ull)x->a, x->a == 1 ? "" : "s");
        return true;
    case CK_CAUSE_C_STRING:
        snprintf(t, n,
                 "the echo of a line stops at its first 0x00 byte: the server handles the "
                 "bytes as a C string (strlen(), fputs(), printf(\"%%s\")), which ends at "
                 "'\\0'. Bytes on a socket are not strings: write the count read() returned");
        return true;
    case CK_CAUSE_CASE:
        snprintf(t, n, "the echo is " ECHO_HINT_CASE_FMT, x->s, x->t);
        return true;
    case CK_CAUSE_CUT:
        snprintf(t, n, ECHO_HINT_CUT_FMT ". Only the first %llu bytes of each line came back",
                 (ull)x->a, (ull)x->a, (ull)x->a);
        return true;
    case CK_CAUSE_TAIL:
        snprintf(t, n,
                 ECHO_HINT_TAIL ". The server echoed the first %llu of %llu bytes, then closed "
                                "the connection (%s)",
                 (ull)x->a, (ull)x->b, x->s);
        return true;
    case CK_CAUSE_RESET:
        /* sniff's words for an RST (annotate's, through echo_hints.h). */
        snprintf(t, n,
                 "connection reset by the server. The wire does not say why: " ECHO_WORDS_RST
                 "; the client's next read() fails with ECONNRESET");
        return true;
    case CK_CAUSE_EXTRA:
        /* sniff's words at the close of such a connection. */
        snprintf(t, n,
                 "ECHO MISMATCH: the server sent %llu bytes, the client only %llu: the "
                 "server sends bytes that are not an echo (a leftover buffer, a prompt, a "
                 "second copy)",
                 (ull)x->a, (ull)x->b);
        return true;
    case CK_CAUSE_MISMATCH:
        snprintf(t, n,
                 "ECHO MISMATCH at byte %llu: the echo differs from what was sent: the server "
                 "changes, drops or reorders bytes (a buffer reused before it was sent, an "
                 "offset not advanced after a short write?)",
                 (ull)x->a);
        return true;
    default:
        return false;
    }
}

/* Causes about time: echoes that do not come, connections that do not end. */
static bool time_cause(char *t, size_t n, enum ck_cause cause, const struct ck_hint_args *x)
{
    switch (cause) {
    case CK_CAUSE_AFTER_EOF:
        snprintf(t, n,
                 "no echo until the client's FIN: complete lines were sent and nothing came "
                 "back for %llu ms, then the echo came after shutdown(SHUT_WR): the server "
                 "holds the echo until EOF (it reads the whole input before writing, or "
                 "writes through a stdio buffer it never fflush()es). An interactive client "
                 "such as echoclient would wait for ever",
                 (ull)x->a);
        return true;
    case CK_CAUSE_NO_ECHO:
        snprintf(t, n,
                 "no echo at all: nothing came back within %llu ms of sending, nor after the "
                 "client's FIN (the connection %s)",
                 (ull)x->a, x->s);
        return true;
    case CK_CAUSE_STOPPED:
        snprintf(t, n,
                 "the server echoed %llu of %llu bytes, then nothing more for %llu ms (the "
                 "connection %s)",
                 (ull)x->a, (ull)x->b, (ull)x->c, x->s);
        return true;
    case CK_CAUSE_DEADLOCK:
        /* sniff's words for the zero window the capture shows. */
        snprintf(t, n,
                 "deadlock: the server stopped reading while nothing came back: the client "
                 "holds %llu bytes it cannot send (zero window: " ECHO_WORDS_ZERO_WINDOW_FMT
                 "). The server waits for something that cannot arrive, for example the end "
                 "of a line longer than its buffer, or EOF before it echoes",
                 (ull)x->a, "server", "client");
        return true;
    case CK_CAUSE_NO_FIN:
        if (x->s != NULL)
            snprintf(t, n, "no FIN after the client's FIN (waited %llu ms): %s", (ull)x->a, x->s);
        else
            snprintf(t, n,
                     "no FIN after the client's FIN (waited %llu ms): the server never saw EOF, "
                     "or saw it and kept the connection open. After the client's "
                     "shutdown(SHUT_WR) the server's read() returns 0 once it has read the "
                     "rest; it must then close(connfd)",
                     (ull)x->a);
        return true;
    case CK_CAUSE_TIMEOUT:
        snprintf(t, n, "the test did not finish within its %llu s (--timeout)", (ull)x->a);
        return true;
    case CK_CAUSE_LINE_BUFFERED:
        snprintf(t, n,
                 "the last %llu bytes, which end without a newline, were echoed only after "
                 "the client's FIN: the server reads lines (rio_readlineb(), fgets()) and a "
                 "line without '\\n' ends only at EOF. Right for a line protocol; an "
                 "RFC 862 echo server sends back whatever arrives",
                 (ull)x->a);
        return true;
    default:
        return false;
    }
}

/* Causes about the server as a process and about its clients. */
static bool server_cause(char *t, size_t n, enum ck_cause cause, const struct ck_hint_args *x)
{
    switch (cause) {
    case CK_CAUSE_EXITED:
        snprintf(t, n,
                 "the server exited (status %d) during this test: a server runs until it is "
                 "stopped, and a client that leaves (EOF, ECONNRESET, EPIPE) ends that "
                 "client only. CS:APP's wrappers (Rio_readlineb, Rio_writen...) call exit() "
                 "on any error, ECONNRESET included",
                 x->sig);
        return true;
    case CK_CAUSE_REFUSED:
        /* sniff's words for a SYN answered by RST. */
        snprintf(t, n, "connection refused: " ECHO_WORDS_REFUSED_FMT, x->s);
        return true;
    case CK_CAUSE_NOT_SERVED:
        snprintf(t, n, "%s was never echoed, not even after %s had left (it ended: %s)", x->s, x->t,
                 ck_end_name((enum ck_end)x->a));
        return true;
    case CK_CAUSE_ONE_AT_A_TIME:
        /* sniff's words (annotate.c, waited_for). */
        snprintf(t, n, "serves one client at a time: %s. " ECHO_WORDS_ITERATIVE, x->s);
        return true;
    case CK_CAUSE_BLOCKED:
        snprintf(t, n,
                 "a client that sends nothing blocked the others, though the server serves "
                 "active clients at the same time: it waits on the idle client (a blocking "
                 "read() on a new connection, or a select() loop that reads one client until "
                 "a whole line arrives)");
        return true;
    case CK_CAUSE_FD_LEAK:
        snprintf(t, n,
                 "descriptors leaked: %llu more open after %llu connections than before: "
                 "close(connfd) is missing; in a fork server the parent must close its copy "
                 "after fork() (and then the connection only ends when both copies are "
                 "closed)",
                 (ull)x->a, (ull)x->b);
        return true;
    case CK_CAUSE_ZOMBIES:
        snprintf(t, n,
                 "%llu zombie children after %llu connections: the server forks but never "
                 "reaps its children; reap them with waitpid(-1, NULL, WNOHANG) in a loop, "
                 "in a SIGCHLD handler",
                 (ull)x->a, (ull)x->b);
        return true;
    case CK_CAUSE_CHILDREN:
        snprintf(t, n,
                 "%llu child processes still running after their %llu clients left: a "
                 "child must exit when its client is done",
                 (ull)x->a, (ull)x->b);
        return true;
    case CK_CAUSE_THREADS:
        snprintf(t, n,
                 "%llu threads more than before the %llu connections, still running after "
                 "their clients left: a thread must return when its client is done",
                 (ull)x->a, (ull)x->b);
        return true;
    case CK_CAUSE_MEMORY:
        snprintf(t, n,
                 "its resident memory grew by %llu KiB over %llu connections: memory "
                 "allocated per connection and never freed",
                 (ull)x->a, (ull)x->b);
        return true;
    default:
        return false;
    }
}

static const char *cause_id(enum ck_cause cause, int sig)
{
    static const char *const ids[] = {
        [CK_CAUSE_NUL] = "nul_appended",
        [CK_CAUSE_C_STRING] = "c_string",
        [CK_CAUSE_CASE] = "case_changed",
        [CK_CAUSE_CUT] = "cut_at_n",
        [CK_CAUSE_TAIL] = "tail_lost",
        [CK_CAUSE_RESET] = "reset_by_server",
        [CK_CAUSE_EXTRA] = "extra_bytes",
        [CK_CAUSE_MISMATCH] = "mismatch",
        [CK_CAUSE_AFTER_EOF] = "echo_after_eof",
        [CK_CAUSE_NO_ECHO] = "no_echo",
        [CK_CAUSE_STOPPED] = "stopped_echoing",
        [CK_CAUSE_DEADLOCK] = "deadlock",
        [CK_CAUSE_NO_FIN] = "no_fin",
        [CK_CAUSE_KILLED] = "killed",
        [CK_CAUSE_EXITED] = "server_exited",
        [CK_CAUSE_REFUSED] = "refused",
        [CK_CAUSE_NOT_SERVED] = "not_served",
        [CK_CAUSE_ONE_AT_A_TIME] = "one_at_a_time",
        [CK_CAUSE_BLOCKED] = "blocked_by_idle",
        [CK_CAUSE_FD_LEAK] = "fd_leak",
        [CK_CAUSE_ZOMBIES] = "zombies",
        [CK_CAUSE_CHILDREN] = "children_left",
        [CK_CAUSE_THREADS] = "threads_left",
        [CK_CAUSE_MEMORY] = "memory_growth",
        [CK_CAUSE_TIMEOUT] = "test_timeout",
        [CK_CAUSE_LINE_BUFFERED] = "line_buffered",
    };
    if (cause == CK_CAUSE_KILLED)
        return killed_id(sig);
    return (unsigned)cause < sizeof ids / sizeof ids[0] ? ids[cause] : "unknown";
}

static void sentence(char *t, size_t n, enum ck_cause cause, const struct ck_hint_args *x)
{
    if (cause == CK_CAUSE_KILLED)
        killed(t, n, x);
    else if (!data_cause(t, n, cause, x) && !time_cause(t, n, cause, x) &&
             !server_cause(t, n, cause, x))
        snprintf(t, n, "unknown cause");
}

void ck_hint(struct ck_failure *f, enum ck_cause cause, const struct ck_hint_args *x)
{
    static const struct ck_hint_args none;
    if (x == NULL)
        x = &none;
    f->cause_id = cause_id(cause, x->sig);
    sentence(f->cause, sizeof f->cause, cause, x);
}

void ck_hint_note(struct ck_result *res, enum ck_cause cause, const struct ck_hint_args *x)
{
    char t[CK_TEXT];
    static const struct ck_hint_args none;
    if (x == NULL)
        x = &none;
    sentence(t, sizeof t, cause, x);
    ck_note(res, cause_id(cause, x->sig), "%s", t);
}

const char *ck_hint_short(const char *id)
{
    static const struct {
        const char *id, *words;
    } words[] = {
        {"one_at_a_time", "serves one client at a time"},
        {"line_buffered", "a line without newline echoed only at EOF"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].id, id) == 0)
            return words[i].words;
    return id;
}
