/*
 * fmt_conv.c: the --summary / -z conv connection table (see fmt_conv.h).
 *
 * Layout: one header line, then one line per connection, columns separated by two
 * spaces and padded to the widest value, so the table reads well in a terminal and
 * splits on runs of spaces in a script.
 */
#include "fmt_conv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_addr.h"

void conv_init(struct conv *cv)
{
    memset(cv, 0, sizeof *cv);
}

void conv_free(struct conv *cv)
{
    free(cv->rows);
    memset(cv, 0, sizeof *cv);
}

void conv_add(void *ctx, const struct an_conn_summary *s)
{
    struct conv *cv = ctx;
    if (cv->n == cv->cap) {
        size_t ncap = cv->cap ? cv->cap * 2 : 64;
        struct conv_row *nr = realloc(cv->rows, ncap * sizeof *nr);
        if (!nr) {
            cv->oom = true;
            return;
        }
        cv->rows = nr;
        cv->cap = ncap;
    }
    struct conv_row *r = &cv->rows[cv->n++];
    memset(r, 0, sizeof *r);
    r->stream = s->stream;
    r->client = s->client;
    r->server = s->server;
    r->start_ns = s->start_ns;
    r->last_ns = s->last_ns;
    for (int d = 0; d < 2; d++) {
        r->packets[d] = s->packets[d];
        r->bytes[d] = s->bytes[d];
        r->retrans[d] = s->retrans[d];
    }
    r->verified = s->verified;
    r->stopped = s->echo.stopped;
    r->evicted_open = s->evicted_open;
    r->requests = s->echo.requests;
    r->ok = s->echo.verified;
    r->bad = s->echo.mismatched;
    r->unchecked = s->echo.unchecked;
    r->nrtt = s->echo.nrtt;
    r->rtt_min_ns = s->echo.rtt_min_ns;
    r->rtt_med_ns = s->rtt_median_ns;
    r->rtt_max_ns = s->echo.rtt_max_ns;
    r->end = s->end;
}

static int by_number(const void *a, const void *b)
{
    uint32_t x = ((const struct conv_row *)a)->stream, y = ((const struct conv_row *)b)->stream;
    return x < y ? -1 : x > y;
}

static const char *end_text(const struct conv_row *r)
{
    if (r->evicted_open)
        return "open (evicted)";
    switch (r->end) {
    case AN_END_FIN:
        return "FIN";
    case AN_END_HALF_CLOSED:
        return "half-closed";
    case AN_END_RST:
        return "RST";
    case AN_END_REFUSED:
        return "refused";
    default:
        return "still open";
    }
}

static void ms3(char *b, size_t n, uint64_t ns)
{
    snprintf(b, n, "%llu.%03llu", (unsigned long long)(ns / 1000000),
             (unsigned long long)(ns / 1000 % 1000));
}

static void secs6(char *b, size_t n, int64_t ns)
{
    if (ns < 0)
        ns = 0;
    snprintf(b, n, "%lld.%06lld", (long long)(ns / 1000000000), (long long)(ns / 1000 % 1000000));
}

enum { NCOL = 13 };
static const char *const heads[NCOL] = {"#",
                                        "Client",
                                        "Server",
                                        "Start",
                                        "Duration",
                                        "Pkts >",
                                        "Payload bytes >",
                                        "Pkts <",
                                        "Payload bytes <",
                                        "Requests",
                                        "Echo ok/bad/unchecked",
                                        "RTT ms min/med/max",
                                        "Retr"};

/* The cells of one row. */
static void cells(const struct conv_row *r, int64_t start, char c[NCOL + 1][96])
{
    snprintf(c[0], 96, "%u", r->stream);
    (void)fmt_endpoint(c[1], r->client.family, r->client.addr, r->client.port);
    (void)fmt_endpoint(c[2], r->server.family, r->server.addr, r->server.port);
    secs6(c[3], 96, r->start_ns - start);
    secs6(c[4], 96, r->last_ns - r->start_ns);
    snprintf(c[5], 96, "%llu", (unsigned long long)r->packets[0]);
    snprintf(c[6], 96, "%llu", (unsigned long long)r->bytes[0]);
    snprintf(c[7], 96, "%llu", (unsigned long long)r->packets[1]);
    snprintf(c[8], 96, "%llu", (unsigned long long)r->bytes[1]);
    if (r->verified) {
        snprintf(c[9], 96, "%u", r->requests);
        snprintf(c[10], 96, "%u/%u/%u%s", r->ok, r->bad, r->unchecked,
                 r->stopped ? " (stopped)" : "");
    } else {
        snprintf(c[9], 96, "-");
        snprintf(c[10], 96, "-");
    }
    if (r->nrtt) {
        char a[24], m[24], x[24];
        ms3(a, sizeof a, r->rtt_min_ns);
        ms3(m, sizeof m, r->rtt_med_ns);
        ms3(x, sizeof x, r->rtt_max_ns);
        snprintf(c[11], 96, "%s/%s/%s", a, m, x);
    } else {
        snprintf(c[11], 96, "-");
    }
    unsigned long long retr = (unsigned long long)r->retrans[0] + r->retrans[1];
    snprintf(c[12], 96, "%llu", retr);
    snprintf(c[13], 96, "%s", end_text(r));
}

void conv_print(struct conv *cv, struct out *o, int64_t start_ns)
{
    qsort(cv->rows, cv->n, sizeof cv->rows[0], by_number);
    size_t w[NCOL];
    for (int k = 0; k < NCOL; k++)
        w[k] = strlen(heads[k]);
    char c[NCOL + 1][96];
    for (size_t i = 0; i < cv->n; i++) {
        cells(&cv->rows[i], start_ns, c);
        for (int k = 0; k < NCOL; k++)
            if (strlen(c[k]) > w[k])
                w[k] = strlen(c[k]);
    }
    out_str(o, "TCP connections: ");
    out_u64(o, cv->n);
    out_char(o, '\n');
    for (int k = 0; k < NCOL; k++) {
        out_str(o, heads[k]);
        out_spaces(o, (int)(w[k] - strlen(heads[k])) + 2);
    }
    out_str(o, "End\n");
    for (size_t i = 0; i < cv->n; i++) {
        cells(&cv->rows[i], start_ns, c);
        for (int k = 0; k < NCOL; k++) {
            /* Numbers right-aligned, addresses left-aligned. */
            bool left = k == 1 || k == 2 || k == 10 || k == 11;
            int pad = (int)(w[k] - strlen(c[k]));
            if (!left)
                out_spaces(o, pad);
            out_str(o, c[k]);
            out_spaces(o, left ? pad + 2 : 2);
        }
        out_str(o, c[13]);
        out_char(o, '\n');
    }
    if (cv->oom)
        out_str(o, "(some connections are missing: out of memory for their rows)\n");
}
