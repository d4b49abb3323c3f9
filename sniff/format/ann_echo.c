/*
 * ann_echo.c: the echo check in words (echo_verify.h): what a client segment adds, what a
 * server segment echoes and how long the echo took (the echo latency: from the request's
 * segment to the server segment that completes its echo; not TCP's round-trip time),
 * and the alert lines: a mismatch shown as characters ("expected 'a' (61), got NUL
 * (00)"), an incomplete or overlong echo; and what was not checked: bytes not captured,
 * bytes given up to the memory budget (--max-memory), a connection with no room for its
 * check (those are not alerts: the echo may well be right there). Under an
 * alert, when the bytes fit a classic bug, a hint line names it in the words echocheck
 * uses too (shared/echo_hints.h): a NUL after the data (strlen()+1), an echo cut at a
 * buffer's size, the tail missing after a short read, letters changed in case.
 *
 * The hints read the reassembled streams (r->streams), still held for the packet that
 * compared them; a byte no longer held is simply not used.
 */
#include <stdio.h>
#include <string.h>

#include "ann_int.h"
#include "echo_hints.h"
#include "reasm.h"

/* Byte off of a stream, if it is still held and was captured. */
static bool held(const struct pkt_analysis *r, int dir, uint64_t off, uint8_t *v)
{
    if (r->streams == NULL)
        return false;
    const struct reasm *s = &r->streams->s[dir];
    if (off < s->base || off >= s->contig)
        return false;
    enum reasm_kind kind;
    (void)reasm_run(s, off, off + 1, &kind);
    if (kind != REASM_KNOWN) /* not captured, or given up to the memory budget */
        return false;
    size_t got;
    *v = *reasm_ptr(s, off, 1, &got);
    return true;
}

static void hint(struct ann_ctx *x, uint32_t lesson, const char *text)
{
    if (!ann_teach(x, lesson))
        return;
    struct lb h = ann_line(x->L, ANN_HINT);
    lb_printf(&h, "likely cause: %s", text);
}

static bool is_pow2(uint64_t n)
{
    return n >= 4 && (n & (n - 1)) == 0;
}

/* The server's bytes from off on are the client's from off - 1 on (one byte more before
 * them): checked over what both streams still hold, at least 4 bytes. */
static bool shifted_by_one(const struct pkt_analysis *r, uint64_t off)
{
    int same = 0;
    for (uint64_t i = 0; off > 0 && i < 32; i++) {
        uint8_t a, c;
        if (!held(r, 1, off + i, &a) || !held(r, 0, off + i - 1, &c)) {
            if (same > 0)
                break;
            continue; /* the first bytes compared may be released already */
        }
        if (a != c)
            return false;
        same++;
    }
    return same >= 4;
}

/* The server's bytes from off on are the start of the client's next line: the rest of
 * the line the mismatch is in was dropped. Returns that line's start, or 0. */
static uint64_t next_line_follows(const struct pkt_analysis *r, uint64_t off)
{
    uint64_t nl = off;
    uint8_t v;
    while (nl < off + 4096 && held(r, 0, nl, &v) && v != '\n')
        nl++;
    if (!held(r, 0, nl, &v) || v != '\n')
        return 0;
    int same = 0;
    for (uint64_t i = 0; i < 16; i++) {
        uint8_t a, c;
        if (!held(r, 1, off + i, &a) || !held(r, 0, nl + 1 + i, &c))
            break;
        if (a != c)
            return 0;
        same++;
    }
    return same >= 2 ? nl + 1 : 0;
}

/* Where the line holding off starts in the client's stream; false when the bytes before
 * it are no longer held. */
static bool line_start(const struct pkt_analysis *r, uint64_t off, uint64_t *start)
{
    uint8_t v;
    uint64_t s = off;
    while (s > 0 && held(r, 0, s - 1, &v) && v != '\n')
        s--;
    *start = s;
    return s == 0 || (held(r, 0, s - 1, &v) && v == '\n');
}

/* The server segment is the client's bytes changed in case ("upper"/"lower"), or NULL. */
static const char *case_changed(const struct ann_ctx *x)
{
    const struct tcp_info *t = &x->p->tcp;
    struct echo_case ec = ECHO_CASE_INIT;
    for (uint32_t i = 0; i < t->payload_caplen; i++) {
        uint8_t c;
        if (!held(x->r, 0, x->r->stream_off + i, &c) || !echo_case_add(&ec, c, t->payload[i]))
            break;
    }
    return echo_case_name(&ec);
}

/* "ECHO MISMATCH at byte 18 of conn #0: expected 'a' (61), got NUL (00)" */
static struct lb mismatch_line(struct ann_ctx *x, const struct echo_result *e)
{
    struct lb m = ann_line(x->L, ANN_ALERT);
    lb_printf(&m, "ECHO MISMATCH at byte %llu of conn #%u: expected ",
              (unsigned long long)e->mismatch_at, x->r->stream);
    lb_byte(&m, e->expected);
    lb_printf(&m, ", got ");
    lb_byte(&m, e->got);
    return m;
}

/* The hints a mismatch on a server segment may fit. */
static void server_mismatch_hints(struct ann_ctx *x, struct lb *m, const struct echo_result *e)
{
    uint8_t prev;
    const char *how = case_changed(x);
    if (how != NULL) {
        char t[300];
        snprintf(t, sizeof t, ECHO_HINT_CASE_FMT, how, how[0] == 'u' ? "toupper" : "tolower");
        hint(x, L_HINT_CASE, t);
        return;
    }
    if (e->got == 0 && e->mismatch_at > 0 && held(x->r, 0, e->mismatch_at - 1, &prev) &&
        prev == '\n') {
        lb_printf(m, ", right after a line's '\\n'");
        hint(x, L_HINT_NUL, ECHO_HINT_NUL);
        return;
    }
    if (shifted_by_one(x->r, e->mismatch_at)) {
        lb_printf(m, "; from here the echo is the client's bytes one place later (one byte "
                     "too many before them)");
        return;
    }
    /* How far into its line the echo stopped: from the line's start if still held, else
     * from its request's (a line is a request when the client sends line by line). */
    uint64_t start;
    bool whole = line_start(x->r, e->mismatch_at, &start);
    if (!whole && e->in_req) {
        start = e->mismatch_at - e->req_off;
        whole = true;
    }
    uint64_t next = next_line_follows(x->r, e->mismatch_at);
    if (whole && next != 0 && e->mismatch_at > start) {
        unsigned long long n = e->mismatch_at - start;
        lb_printf(m,
                  "; the echo of this line stopped after %llu bytes%s and the next line's "
                  "echo follows",
                  n, is_pow2(n) ? " (a power of two)" : "");
        char t[300];
        snprintf(t, sizeof t, ECHO_HINT_CUT_FMT, n, n);
        hint(x, L_HINT_CUT, t);
    }
}

void ann_echo_client(struct ann_ctx *x, struct lb *b)
{
    const struct echo_result *e = &x->r->echo;
    if (!x->r->verified)
        return;
    if (e->verdict == ECHO_REQUEST)
        lb_printf(b, ": request #%u for the echo check", e->req_first);
    if (!e->early_mismatch)
        return;
    struct lb m = mismatch_line(x, e);
    lb_printf(&m, ": the server sent that byte earlier, before the client had sent it");
    if (e->mismatch_at == x->r->stream_off) {
        lb_printf(&m, ", right after its echo of the client's previous bytes");
        if (e->got == 0)
            hint(x, L_HINT_NUL, ECHO_HINT_NUL);
    }
}

static void latency(struct ann_ctx *x, struct lb *b, const struct echo_result *e)
{
    lb_printf(b, "; echo latency ");
    lb_dur(b, (int64_t)e->rtt_ns);
    if (!ann_teach(x, L_LATENCY))
        return;
    struct lb l = ann_line(x->L, ANN_LESSON);
    lb_printf(&l,
              "Echo latency: from the client's segment that carried request #%u to this "
              "server segment, which completes its echo; it includes the server's time to "
              "read and write. TCP's own round-trip time (ACK RTT, Wireshark's "
              "tcp.analysis.ack_rtt) runs from a segment to the ACK that covers it.",
              e->req_last);
}

void ann_echo_server(struct ann_ctx *x, struct lb *b)
{
    const struct pkt_analysis *r = x->r;
    const struct echo_result *e = &r->echo;
    if (!r->verified || e->verdict == ECHO_NONE)
        return;
    if (e->verdict == ECHO_AHEAD) {
        lb_printf(b, ": bytes the client has not been seen sending (yet)");
        return;
    }
    lb_printf(b, ": the echo of ");
    if (e->req_first && e->req_first != e->req_last)
        lb_printf(b, "requests #%u-#%u (#%u: %llu/%llu bytes), ", e->req_first, e->req_last,
                  e->req_last, (unsigned long long)e->req_done, (unsigned long long)e->req_len);
    else if (e->req_last)
        lb_printf(b, "request #%u (%llu/%llu bytes), ", e->req_last,
                  (unsigned long long)e->req_done, (unsigned long long)e->req_len);
    else
        lb_printf(b, "bytes of no request, ");
    if (e->verdict == ECHO_MISMATCH)
        lb_printf(b, "DIFFERENT");
    else if (x->an->redact)
        lb_printf(b, "content not compared (--redact)");
    else if (e->verdict == ECHO_UNCHECKED && e->compared == 0)
        lb_printf(b, "not checked");
    else if (e->verdict == ECHO_UNCHECKED)
        lb_printf(b, e->given_up ? "identical where checked" : "identical where captured");
    else
        lb_printf(b, "identical%s", e->req_last && e->req_done < e->req_len ? " so far" : "");
    if (e->rtt_valid)
        latency(x, b, e);
    if (e->ahead != 0) {
        uint8_t v;
        uint64_t at = r->stream_off + r->seglen - e->ahead;
        lb_printf(b, "; then %llu byte%s the client has not sent (yet)",
                  (unsigned long long)e->ahead, e->ahead == 1 ? "" : "s");
        if (!x->an->redact && held(r, 1, at, &v)) {
            lb_printf(b, ", starting with ");
            lb_byte(b, v);
        }
    }
    if (r->waited) {
        struct lb w = ann_line(x->L, ANN_TEXT);
        lb_printf(&w,
                  "this client waited: its request was sent before the server closed conn #%u "
                  "and echoed only after that close. " ECHO_WORDS_ITERATIVE,
                  r->waited_for);
    }
    if (e->verdict == ECHO_MISMATCH && !x->an->redact) {
        struct lb m = mismatch_line(x, e);
        server_mismatch_hints(x, &m, e);
    }
}

/* The final verdict when the connection ended: echoed less or more than was sent. */
static void close_alerts(struct ann_ctx *x)
{
    const struct pkt_analysis *r = x->r;
    const struct echo_result *c = &r->close_echo;
    if (!r->close_done)
        return;
    if (c->verdict == ECHO_SHORT) {
        struct lb m = ann_line(x->L, ANN_ALERT);
        lb_printf(&m,
                  "ECHO INCOMPLETE in conn #%u: the server echoed %llu of the %llu bytes the "
                  "client sent",
                  r->stream, (unsigned long long)c->echoed, (unsigned long long)c->sent);
        bool server_first = !r->from_client && (x->p->tcp.flags & TCP_FIN) && !r->peer_fin_seen;
        if (server_first && c->echoed > 0) {
            lb_printf(&m, ", then closed first");
            hint(x, L_HINT_TAIL, ECHO_HINT_TAIL);
        } else if (c->echoed > 0) {
            uint64_t start;
            bool whole = line_start(r, c->echoed, &start);
            if (!whole && c->in_req) {
                start = c->echoed - c->req_off;
                whole = true;
            }
            uint64_t n = c->echoed - start;
            if (whole && start < c->echoed && is_pow2(n)) {
                lb_printf(&m, "; it stopped %llu bytes into a line, a power of two",
                          (unsigned long long)n);
                char t[300];
                snprintf(t, sizeof t, ECHO_HINT_CUT_FMT, (unsigned long long)n,
                         (unsigned long long)n);
                hint(x, L_HINT_CUT, t);
            }
        }
    } else if (c->verdict == ECHO_EXTRA) {
        struct lb m = ann_line(x->L, ANN_ALERT);
        lb_printf(&m, "ECHO MISMATCH in conn #%u: the server sent %llu bytes, the client only %llu",
                  r->stream, (unsigned long long)c->echoed, (unsigned long long)c->sent);
        uint8_t v, prev;
        if (!x->an->redact && held(r, 1, c->sent, &v)) {
            lb_printf(&m, "; the first extra byte is ");
            lb_byte(&m, v);
            if (v == 0 && c->sent > 0 && held(r, 0, c->sent - 1, &prev) && prev == '\n') {
                lb_printf(&m, ", right after the last line");
                hint(x, L_HINT_NUL, ECHO_HINT_NUL);
            }
        }
    }
}

void ann_echo_alerts(struct ann_ctx *x)
{
    const struct pkt_analysis *r = x->r;
    const struct echo_result *e = &r->echo;
    if (r->echo_midstream && r->seglen && ann_teach(x, L_MIDSTREAM)) {
        struct lb g = ann_line(x->L, ANN_TEXT);
        lb_printf(&g,
                  "echo not checked: the capture did not see both SYNs (it began after conn "
                  "#%u opened, or lost one), so where each side's byte stream starts, and so "
                  "which server byte echoes which client byte, is unknown; start sniff before "
                  "the client connects",
                  r->stream);
    }
    if (r->echo_no_memory && r->seglen && !r->from_client) {
        struct lb g = ann_line(x->L, ANN_TEXT);
        lb_printf(&g,
                  "echo not checked: memory budget (--max-memory had no room for conn "
                  "#%u's check)",
                  r->stream);
    }
    if (e->given_up) {
        struct lb g = ann_line(x->L, ANN_TEXT);
        lb_printf(&g,
                  "bytes %llu-%llu not checked: memory budget (sniff gave them up to stay "
                  "within --max-memory and --max-pending)",
                  (unsigned long long)e->given_up_first, (unsigned long long)e->given_up_last);
    }
    if (e->gap) {
        struct lb g = ann_line(x->L, ANN_TEXT);
        lb_printf(&g, "bytes %llu-%llu not captured; echo not checked there",
                  (unsigned long long)e->gap_first, (unsigned long long)e->gap_last);
    }
    close_alerts(x);
}
