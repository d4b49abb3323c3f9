/*
 * ck_verdict.c: judging one connection's echo (see ck_verdict.h). The order of the
 * questions matters: a dead server explains everything after its death; then what the
 * bytes show (a NUL after each line, letters upper-cased, each line cut at the same
 * length, a C string cut at its NUL); then how the connection ended (closed by the server
 * with the echo incomplete, reset, a deadlock, silence).
 */
#include "ck_verdict.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ck_server.h"
#include "echo_hints.h"

#define CUT_MAX 4096 /* a "buffer size" longer than this is not what we see */

/* "client A: " before a sentence about one of several clients; "" for the only one. */
static const char *who(const struct ck_conn *c, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", c->name, c->name[0] ? ": " : "");
    return buf;
}

void ck_fail(struct ck_run *r, const char *fmt, ...)
{
    struct ck_result *res = r->res;
    if (res->status == CK_FAIL)
        return;
    res->status = CK_FAIL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->fail.what, sizeof res->fail.what, fmt, ap);
    va_end(ap);
}

size_t ck_first_diff(const struct ck_buf *a, const struct ck_buf *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    if (n == 0)
        return 0;
    const uint8_t *p = a->p, *q = b->p;
    size_t i = 0;
    while (i + 8 <= n && memcmp(p + i, q + i, 8) == 0)
        i += 8;
    while (i < n && p[i] == q[i])
        i++;
    return i;
}

static void preview(char *out, size_t outlen, const struct ck_buf *b, size_t start)
{
    if (start >= b->len) {
        snprintf(out, outlen, start ? "(nothing after byte %zu)" : "(nothing)", start);
        return;
    }
    size_t o = 0;
    if (start > 0)
        o = (size_t)snprintf(out, outlen, "at byte %zu: ", start);
    ck_quote(out + o, outlen - o, b->p + start, b->len - start, 64);
}

void ck_record(struct ck_failure *f, const struct ck_conn *c)
{
    f->sent = c->sent.len;
    f->got = c->got.len;
    size_t k = ck_first_diff(&c->sent, &c->got);
    f->has_diff = !(k == c->sent.len && k == c->got.len);
    f->diff_at = k;
    f->diff_sent = k < c->sent.len ? c->sent.p[k] : -1;
    f->diff_got = k < c->got.len ? c->got.p[k] : -1;
    size_t start = k > 24 ? k - 24 : 0;
    preview(f->sent_preview, sizeof f->sent_preview, &c->sent, start);
    preview(f->got_preview, sizeof f->got_preview, &c->got, start);
    f->end = c->end == CK_END_NONE && c->fd >= 0 ? "open" : ck_end_name(c->end);
}

bool ck_judge_death(struct ck_run *r, unsigned wait_ms, uint64_t sent)
{
    if (r->srv == NULL)
        return false;
    struct ck_fate *f = &r->res->fate;
    ck_server_fate(r->srv, wait_ms, f);
    if (f->alive)
        return false;
    struct ck_hint_args x = {.a = sent,
                             .b = r->o->lim.cpu_s,
                             .c = r->o->lim.fsize_mib,
                             .sig = f->exited ? f->status : f->sig};
    if (f->exited) {
        ck_fail(r, "the server exited with status %d during the test", f->status);
        ck_hint(&r->res->fail, CK_CAUSE_EXITED, &x);
    } else {
        ck_fail(r, "the server was killed by %s during the test", ck_signal_name(f->sig));
        ck_hint(&r->res->fail, CK_CAUSE_KILLED, &x);
    }
    return true;
}

/* Each 0x00 the server added (none where the client sent one): the rest a prefix of
 * what was sent. */
static bool nul_pattern(const struct ck_buf *s, const struct ck_buf *g, uint64_t *nuls)
{
    size_t i = 0, j = 0;
    *nuls = 0;
    while (i < g->len) {
        if (j < s->len && g->p[i] == s->p[j]) {
            i++;
            j++;
        } else if (g->p[i] == 0) {
            (*nuls)++;
            i++;
        } else {
            return false;
        }
    }
    return *nuls > 0;
}

/* Every byte the letter-cased twin of what was sent: "upper" or "lower". */
static const char *case_pattern(const struct ck_buf *s, const struct ck_buf *g)
{
    size_t n = s->len < g->len ? s->len : g->len;
    struct echo_case ec = ECHO_CASE_INIT;
    for (size_t i = 0; i < n; i++)
        if (!echo_case_add(&ec, s->p[i], g->p[i]))
            break;
    return echo_case_name(&ec);
}

/* Each line's echo is its first N bytes (N the same for all), and the echo is that. */
static bool cut_pattern(const struct ck_buf *s, const struct ck_buf *g, uint64_t *n_out)
{
    size_t j = 0, line = 0, longest = 0; /* longest: the longest line echoed whole */
    uint64_t n = 0;
    while (line < s->len && j < g->len) {
        const uint8_t *nl = memchr(s->p + line, '\n', s->len - line);
        size_t len = nl ? (size_t)(nl - (s->p + line)) + 1 : s->len - line;
        /* Once the cut is known, a long line's echo is its first n bytes and no more (the
         * next line's echo may happen to go on like this one). */
        size_t want = n != 0 && len > n ? (size_t)n : len;
        size_t d = 0;
        while (d < want && j + d < g->len && g->p[j + d] == s->p[line + d])
            d++;
        if (j + d == g->len && d < want) { /* the echo ends inside this line */
            if (n == 0 && d > 0 && d <= CUT_MAX)
                n = d; /* the only line cut: its length is the cut */
            j = g->len;
            break;
        }
        if (d < want) {
            if (n != 0 || d == 0 || d > CUT_MAX)
                return false;
            n = d; /* the first line cut: its length is the cut */
        } else if (d == len && len > longest) {
            longest = len;
        }
        j += d;
        line += len;
    }
    *n_out = n;
    return n != 0 && j == g->len && longest <= n;
}

/* The server's end of the connection, for the no-FIN sentence. */
static const char *close_wait_words(struct ck_run *r, const struct ck_conn *c, char *buf,
                                    size_t len)
{
    int state;
    unsigned long rxq;
    if (r->srv == NULL || !ck_proc_conn_state(r->srv->pid, r->port, c->lport, &state, &rxq))
        return NULL;
    if (state == 8 && rxq == 0) /* CLOSE_WAIT */
        snprintf(buf, len,
                 "the server's socket is in CLOSE_WAIT with nothing left to read: the FIN was "
                 "delivered and read() returns 0, but no process closed the connection: "
                 "close(connfd) is missing, or another process still holds a copy of connfd "
                 "(a fork server's parent must close its copy after fork())");
    else if (rxq > 0)
        snprintf(buf, len,
                 "the server never saw EOF: %lu bytes it never read are still in its socket's "
                 "receive queue, ahead of the FIN (it stopped reading before the end)",
                 rxq);
    else
        return NULL;
    return buf;
}

/* The complete echo came, but only after the client's FIN. */
static bool judge_late(struct ck_run *r, const struct ck_conn *c)
{
    const uint8_t *nl = NULL;
    for (size_t i = c->sent.len; i > 0 && nl == NULL; i--)
        if (c->sent.p[i - 1] == '\n')
            nl = c->sent.p + i - 1;
    uint64_t lines_end = nl ? (uint64_t)(nl - c->sent.p) + 1 : 0;
    if (c->got_at_fin >= lines_end) {
        struct ck_hint_args x = {.a = c->sent.len - lines_end};
        ck_hint_note(r->res, CK_CAUSE_LINE_BUFFERED, &x);
        return true;
    }
    char w[40];
    ck_fail(r, "%sno echo of complete lines within %u ms; it came only after the client's FIN",
            who(c, w, sizeof w), r->o->wait_ms);
    ck_record(&r->res->fail, c);
    struct ck_hint_args x = {.a = r->o->wait_ms};
    ck_hint(&r->res->fail, CK_CAUSE_AFTER_EOF, &x);
    return false;
}

/* What the bytes themselves show; false if they show nothing known. */
static bool bytes_cause(struct ck_failure *f, const struct ck_conn *c, size_t k)
{
    uint64_t n;
    const char *how;
    struct ck_hint_args x = {0};
    if (nul_pattern(&c->sent, &c->got, &n)) {
        x.a = n;
        ck_hint(f, CK_CAUSE_NUL, &x);
    } else if ((how = case_pattern(&c->sent, &c->got)) != NULL) {
        x.s = how;
        x.t = how[0] == 'u' ? "toupper" : "tolower";
        ck_hint(f, CK_CAUSE_CASE, &x);
    } else if (k < c->sent.len && k > 0 && c->sent.p[k - 1] == 0) {
        ck_hint(f, CK_CAUSE_C_STRING, &x);
    } else if (c->got.len < c->sent.len && !c->closed_first && cut_pattern(&c->sent, &c->got, &n)) {
        x.a = n;
        ck_hint(f, CK_CAUSE_CUT, &x);
    } else if (k < c->got.len && k < c->sent.len) {
        x.a = k;
        ck_hint(f, CK_CAUSE_MISMATCH, &x);
    } else if (c->got.len > c->sent.len) {
        x.a = c->got.len;
        x.b = c->sent.len;
        ck_hint(f, CK_CAUSE_EXTRA, &x);
    } else {
        return false;
    }
    return true;
}

/* The echo is a prefix of what was sent: how it stopped. */
static void short_cause(struct ck_run *r, const struct ck_conn *c)
{
    struct ck_failure *f = &r->res->fail;
    uint64_t want = c->intended > c->sent.len ? c->intended : c->sent.len;
    struct ck_hint_args x = {.a = c->got.len, .b = want, .c = r->o->wait_ms};
    bool closed = c->end == CK_END_EOF || c->end == CK_END_RESET;
    if (c->closed_first || (closed && !c->fin_forced)) { /* not in answer to a late FIN */
        x.s = c->end == CK_END_EOF ? "FIN" : "RST";
        ck_hint(f, CK_CAUSE_TAIL, &x);
    } else if (c->end == CK_END_RESET) {
        ck_hint(f, CK_CAUSE_RESET, &x);
    } else if (c->blocked) {
        x.a = c->stuck;
        ck_hint(f, CK_CAUSE_DEADLOCK, &x);
    } else {
        x.s = c->end == CK_END_EOF ? "was closed by the server after the client's FIN"
                                   : "stayed open";
        if (c->got.len == 0) {
            x.a = r->o->wait_ms;
            ck_hint(f, CK_CAUSE_NO_ECHO, &x);
        } else {
            ck_hint(f, CK_CAUSE_STOPPED, &x);
        }
    }
}

/* "was closed by the server (FIN) before the client's FIN", ... */
static const char *ending(const struct ck_conn *c)
{
    if (c->end == CK_END_EOF)
        return c->closed_first ? "was closed by the server (FIN) before the client had finished"
                               : "was closed by the server after the client's FIN";
    if (c->end == CK_END_RESET)
        return c->closed_first ? "was reset by the server (RST) before the client had finished"
                               : "was reset by the server after the client's FIN";
    return "stayed open";
}

bool ck_judge_echo(struct ck_run *r, const struct ck_conn *c)
{
    char w[40];
    size_t k = ck_first_diff(&c->sent, &c->got);
    bool all_sent = c->sent.len >= c->intended;
    bool same = k == c->sent.len && k == c->got.len && all_sent;
    if (same && c->end != CK_END_RESET)
        return !c->fin_forced || judge_late(r, c);
    if (same) { /* all echoed, then an RST instead of a FIN */
        ck_fail(r, "%sthe whole echo came back, then the server reset the connection",
                who(c, w, sizeof w));
        ck_record(&r->res->fail, c);
        ck_hint(&r->res->fail, CK_CAUSE_RESET, NULL);
        return false;
    }
    if (ck_judge_death(r, 300, c->sent.len)) {
        ck_record(&r->res->fail, c);
        return false;
    }
    char b1[32], b2[32];
    ck_byte_name(b1, sizeof b1, k < c->sent.len ? c->sent.p[k] : -1);
    ck_byte_name(b2, sizeof b2, k < c->got.len ? c->got.p[k] : -1);
    if (k < c->got.len && k >= c->sent.len)
        ck_fail(
            r,
            "%sthe echo is longer than what was sent: %zu bytes came back for %zu; byte %zu is %s",
            who(c, w, sizeof w), c->got.len, c->sent.len, k, b2);
    else if (k < c->got.len)
        ck_fail(r, "%sthe echo differs from what was sent at byte %zu: sent %s, got %s",
                who(c, w, sizeof w), k, b1, b2);
    else
        ck_fail(r, "%sthe server echoed %zu of %llu bytes; the connection %s", who(c, w, sizeof w),
                c->got.len,
                (unsigned long long)(c->intended > c->sent.len ? c->intended : c->sent.len),
                ending(c));
    ck_record(&r->res->fail, c);
    if (!bytes_cause(&r->res->fail, c, k))
        short_cause(r, c);
    return false;
}

void ck_judge_no_fin(struct ck_run *r, const struct ck_conn *c)
{
    char w[40];
    char words[CK_TEXT];
    ck_fail(r, "%severything was echoed, but no FIN came within %u ms of the client's FIN",
            who(c, w, sizeof w), r->o->wait_ms);
    ck_record(&r->res->fail, c);
    struct ck_hint_args x = {.a = r->o->wait_ms, .s = close_wait_words(r, c, words, sizeof words)};
    ck_hint(&r->res->fail, CK_CAUSE_NO_FIN, &x);
}

/* What /proc says after n connections, against before: the first fault found, by how
 * plain it is (about one leaked thing per connection), or memory grown by more than
 * 64 KiB a connection. */
void ck_judge_health(struct ck_run *r, const struct ck_proc_stats *a, const struct ck_proc_stats *b,
                     long n)
{
    const long half = n / 2;
    struct ck_hint_args x = {.b = (uint64_t)n};
    struct ck_failure *f = &r->res->fail;
    long rss_growth = b->rss_kb - a->rss_kb;
    if (b->fds - a->fds >= half) {
        ck_fail(r, "%ld descriptors open after %ld connections, %ld before", b->fds, n, a->fds);
        x.a = (uint64_t)(b->fds - a->fds);
        ck_hint(f, CK_CAUSE_FD_LEAK, &x);
    } else if (b->zombies >= half) {
        ck_fail(r, "%ld zombie children after %ld connections", b->zombies, n);
        x.a = (uint64_t)b->zombies;
        ck_hint(f, CK_CAUSE_ZOMBIES, &x);
    } else if (b->children - a->children >= half) {
        ck_fail(r, "%ld child processes after %ld connections, %ld before", b->children, n,
                a->children);
        x.a = (uint64_t)(b->children - a->children);
        ck_hint(f, CK_CAUSE_CHILDREN, &x);
    } else if (b->threads - a->threads >= half) {
        ck_fail(r, "%ld threads after %ld connections, %ld before", b->threads, n, a->threads);
        x.a = (uint64_t)(b->threads - a->threads);
        ck_hint(f, CK_CAUSE_THREADS, &x);
    } else if (rss_growth > 64 * n) {
        ck_fail(r, "resident memory %ld KiB after %ld connections, %ld KiB before", b->rss_kb, n,
                a->rss_kb);
        x.a = (uint64_t)rss_growth;
        ck_hint(f, CK_CAUSE_MEMORY, &x);
    }
}
