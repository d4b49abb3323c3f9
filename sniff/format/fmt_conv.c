/*
 * fmt_conv.c: the --summary / -z conv connection table (see fmt_conv.h).
 *
 * Layout: one header line, then one line per connection, columns separated by two
 * spaces and padded to the widest value, so the table reads well in a terminal and
 * splits on runs of spaces in a script. Past max_rows connections, one last row ("rest")
 * adds up the others, and a line under the table says how many and why.
 */
#include "fmt_conv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_names.h"
#include "fmt_addr.h"

void conv_init(struct conv *cv)
{
    memset(cv, 0, sizeof *cv);
    cv->max_rows = CONV_MAX_ROWS;
}

void conv_free(struct conv *cv)
{
    free(cv->rows);
    memset(cv, 0, sizeof *cv);
}

/* A connection past the rows: added into cv->rest. */
static void sum_add(struct conv_sum *t, const struct conv_row *r, bool oom)
{
    if (t->n == 0 || r->start_ns < t->start_ns)
        t->start_ns = r->start_ns;
    if (t->n == 0 || r->last_ns > t->last_ns)
        t->last_ns = r->last_ns;
    t->n++;
    t->n_oom += oom;
    for (int d = 0; d < 2; d++) {
        t->packets[d] += r->packets[d];
        t->bytes[d] += r->bytes[d];
        t->retrans += r->retrans[d];
    }
    if (r->verified) {
        t->verified++;
        t->requests += r->requests;
        t->ok += r->ok;
        t->bad += r->bad;
        t->unechoed += r->unechoed;
        t->unchecked += r->unchecked;
        t->given_up |= r->given_up;
    }
    t->no_memory += r->no_memory;
    t->midstream += r->midstream;
    if (r->nrtt) {
        if (t->nrtt == 0 || r->rtt_min_ns < t->rtt_min_ns)
            t->rtt_min_ns = r->rtt_min_ns;
        if (t->nrtt == 0 || r->rtt_max_ns > t->rtt_max_ns)
            t->rtt_max_ns = r->rtt_max_ns;
        t->nrtt += r->nrtt;
    }
    if (r->nack_rtt) { /* the mean of all the samples: each row's mean, weighted */
        if (t->nack_rtt == 0 || r->ack_rtt_min_ns < t->ack_rtt_min_ns)
            t->ack_rtt_min_ns = r->ack_rtt_min_ns;
        if (t->nack_rtt == 0 || r->ack_rtt_max_ns > t->ack_rtt_max_ns)
            t->ack_rtt_max_ns = r->ack_rtt_max_ns;
        t->nack_rtt += r->nack_rtt;
        t->ack_rtt_sum_ns += (double)r->ack_rtt_avg_ns * r->nack_rtt;
    }
    t->ends[r->evicted_open ? AN_END_COUNT : (int)r->end]++;
}

/* A slot for one more row, or NULL past max_rows (or without memory: *oom). */
static struct conv_row *row_slot(struct conv *cv, bool *oom)
{
    *oom = false;
    if (cv->n == cv->max_rows)
        return NULL;
    if (cv->n == cv->cap) {
        size_t ncap = cv->cap ? cv->cap * 2 : 64;
        if (ncap > cv->max_rows)
            ncap = cv->max_rows;
        struct conv_row *nr = realloc(cv->rows, ncap * sizeof *nr);
        if (!nr) {
            *oom = true;
            return NULL;
        }
        cv->rows = nr;
        cv->cap = ncap;
    }
    return &cv->rows[cv->n++];
}

void conv_add(void *ctx, const struct an_conn_summary *s)
{
    struct conv *cv = ctx;
    bool oom;
    struct conv_row tmp = {0};
    struct conv_row *slot = row_slot(cv, &oom);
    struct conv_row *r = slot != NULL ? slot : &tmp;
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
    r->given_up = s->echo.bytes_given_up != 0;
    r->no_memory = s->echo_no_memory;
    r->midstream = s->echo_midstream;
    r->evicted_open = s->evicted_open;
    r->requests = s->echo.requests;
    r->ok = s->echo.verified;
    r->bad = s->echo.mismatched;
    r->unchecked = s->echo.unchecked;
    r->unechoed = s->echo.unechoed;
    r->nrtt = s->echo.nrtt;
    r->rtt_min_ns = s->echo.rtt_min_ns;
    r->rtt_med_ns = s->rtt_median_ns;
    r->rtt_max_ns = s->echo.rtt_max_ns;
    r->nack_rtt = s->nack_rtt;
    r->ack_rtt_min_ns = s->ack_rtt_min_ns;
    r->ack_rtt_avg_ns = s->ack_rtt_avg_ns;
    r->ack_rtt_max_ns = s->ack_rtt_max_ns;
    r->end = s->end;
    if (slot == NULL)
        sum_add(&cv->rest, r, oom);
}

static int by_number(const void *a, const void *b)
{
    uint32_t x = ((const struct conv_row *)a)->stream, y = ((const struct conv_row *)b)->stream;
    return x < y ? -1 : x > y;
}

static const char *end_text(const struct conv_row *r)
{
    return r->evicted_open ? "open (evicted)" : an_end_words(r->end)->summary;
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

/* The echo columns say what became of every request: echoed whole and identical,
 * mismatched, never (completely) echoed, or not checkable (bytes not captured, or given
 * up to the memory budget: "(memory budget)" beside the count). */
enum { NCOL = 17 };
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
                                        "Echoed",
                                        "Mismatched",
                                        "Unechoed",
                                        "Unchecked",
                                        "Echo latency ms min/med/max",
                                        "ACK RTT ms min/avg/max",
                                        "Retr"};

/* Start, Duration, and packets and payload bytes each way. */
static void times_and_counts(char c[NCOL + 1][96], int64_t start, int64_t duration,
                             const uint64_t packets[2], const uint64_t bytes[2])
{
    secs6(c[3], 96, start);
    secs6(c[4], 96, duration);
    snprintf(c[5], 96, "%llu", (unsigned long long)packets[0]);
    snprintf(c[6], 96, "%llu", (unsigned long long)bytes[0]);
    snprintf(c[7], 96, "%llu", (unsigned long long)packets[1]);
    snprintf(c[8], 96, "%llu", (unsigned long long)bytes[1]);
}

/* The cells of one row. */
static void cells(const struct conv_row *r, int64_t start, char c[NCOL + 1][96])
{
    snprintf(c[0], 96, "%u", r->stream);
    (void)fmt_endpoint(c[1], r->client.family, r->client.addr, r->client.port);
    (void)fmt_endpoint(c[2], r->server.family, r->server.addr, r->server.port);
    times_and_counts(c, r->start_ns - start, r->last_ns - r->start_ns, r->packets, r->bytes);
    if (r->verified) {
        snprintf(c[9], 96, "%u", r->requests);
        snprintf(c[10], 96, "%u", r->ok);
        snprintf(c[11], 96, "%u", r->bad);
        snprintf(c[12], 96, "%u", r->unechoed);
        snprintf(c[13], 96, "%u%s", r->unchecked, r->given_up ? " (memory budget)" : "");
    } else if (r->no_memory || r->midstream) {
        for (int k = 9; k <= 12; k++)
            snprintf(c[k], 96, "-");
        snprintf(c[13], 96, "all (%s)", r->no_memory ? "memory budget" : "SYN not captured");
    } else {
        for (int k = 9; k <= 13; k++)
            snprintf(c[k], 96, "-");
    }
    if (r->nrtt) {
        char a[24], m[24], x[24];
        ms3(a, sizeof a, r->rtt_min_ns);
        ms3(m, sizeof m, r->rtt_med_ns);
        ms3(x, sizeof x, r->rtt_max_ns);
        snprintf(c[14], 96, "%s/%s/%s", a, m, x);
    } else {
        snprintf(c[14], 96, "-");
    }
    /* TCP's own round trips, from a segment to the ACK of it, both directions. */
    if (r->nack_rtt) {
        char a[24], m[24], x[24];
        ms3(a, sizeof a, (uint64_t)r->ack_rtt_min_ns);
        ms3(m, sizeof m, (uint64_t)r->ack_rtt_avg_ns);
        ms3(x, sizeof x, (uint64_t)r->ack_rtt_max_ns);
        snprintf(c[15], 96, "%s/%s/%s", a, m, x);
    } else {
        snprintf(c[15], 96, "-");
    }
    unsigned long long retr = (unsigned long long)r->retrans[0] + r->retrans[1];
    snprintf(c[16], 96, "%llu", retr);
    snprintf(c[17], 96, "%s", end_text(r));
}

/* The summed row's echo columns: the requests of the checked connections, added up;
 * connections --max-memory had no room to check are counted in Unchecked. */
static void sum_echo_cells(const struct conv_sum *t, char c[NCOL + 1][96])
{
    for (int k = 9; k <= 13; k++)
        snprintf(c[k], 96, "-");
    if (t->verified) {
        snprintf(c[9], 96, "%llu", (unsigned long long)t->requests);
        snprintf(c[10], 96, "%llu", (unsigned long long)t->ok);
        snprintf(c[11], 96, "%llu", (unsigned long long)t->bad);
        snprintf(c[12], 96, "%llu", (unsigned long long)t->unechoed);
    }
    int n = 0;
    if (t->verified)
        n = snprintf(c[13], 96, "%llu%s", (unsigned long long)t->unchecked,
                     t->given_up && !t->no_memory ? " (memory budget)" : "");
    else if (t->no_memory || t->midstream)
        n = snprintf(c[13], 96, "all");
    /* connections not checked at all, by cause, after the requests of the checked ones */
    if (t->verified && t->no_memory)
        n += snprintf(c[13] + n, 96 - (size_t)n, " + %llu conns (memory budget)",
                      (unsigned long long)t->no_memory);
    if (n < 0 || n > 95) /* a cut cell: what follows is left out */
        return;
    if (t->verified && t->midstream)
        snprintf(c[13] + n, 96 - (size_t)n, " + %llu conns (SYN not captured)",
                 (unsigned long long)t->midstream);
    else if (!t->verified && (t->no_memory || t->midstream))
        snprintf(c[13] + n, 96 - (size_t)n, " (%s)",
                 t->no_memory && t->midstream ? "memory budget; SYN not captured"
                 : t->no_memory               ? "memory budget"
                                              : "SYN not captured");
}

/* The cells of the summed row: stream "rest", the count for its client. */
static void sum_cells(const struct conv_sum *t, int64_t start, char c[NCOL + 1][96])
{
    snprintf(c[0], 96, "rest");
    snprintf(c[1], 96, "(%llu connections)", (unsigned long long)t->n);
    snprintf(c[2], 96, "-");
    times_and_counts(c, t->start_ns - start, t->last_ns - t->start_ns, t->packets, t->bytes);
    sum_echo_cells(t, c);
    if (t->nrtt) { /* no median: the rows' samples are not kept */
        char a[24], x[24];
        ms3(a, sizeof a, t->rtt_min_ns);
        ms3(x, sizeof x, t->rtt_max_ns);
        snprintf(c[14], 96, "%s/-/%s", a, x);
    } else {
        snprintf(c[14], 96, "-");
    }
    if (t->nack_rtt) {
        char a[24], m[24], x[24];
        ms3(a, sizeof a, (uint64_t)t->ack_rtt_min_ns);
        ms3(m, sizeof m, (uint64_t)(t->ack_rtt_sum_ns / (double)t->nack_rtt));
        ms3(x, sizeof x, (uint64_t)t->ack_rtt_max_ns);
        snprintf(c[15], 96, "%s/%s/%s", a, m, x);
    } else {
        snprintf(c[15], 96, "-");
    }
    snprintf(c[16], 96, "%llu", (unsigned long long)t->retrans);
    /* How they ended: "FIN 9000, RST 3, open (evicted) 12". */
    size_t at = 0;
    c[17][0] = '\0';
    for (int e = 0; e <= AN_END_COUNT && at < 96; e++) {
        if (t->ends[e] == 0)
            continue;
        const char *name =
            e == AN_END_COUNT ? "open (evicted)" : an_end_words((enum an_end)e)->summary;
        int w = snprintf(c[17] + at, 96 - at, "%s%s %llu", at ? ", " : "", name,
                         (unsigned long long)t->ends[e]);
        at = w > 0 ? at + (size_t)w : at;
    }
}

/* One row: numbers right-aligned, addresses and the latency and RTT columns
 * left-aligned. */
static void print_row(struct out *o, char c[NCOL + 1][96], const size_t w[NCOL])
{
    for (int k = 0; k < NCOL; k++) {
        bool left = k == 1 || k == 2 || k == 14 || k == 15;
        int pad = (int)(w[k] - strlen(c[k]));
        if (!left)
            out_spaces(o, pad);
        out_str(o, c[k]);
        out_spaces(o, left ? pad + 2 : 2);
    }
    out_str(o, c[NCOL]);
    out_char(o, '\n');
}

static void widen(size_t w[NCOL], char c[NCOL + 1][96])
{
    for (int k = 0; k < NCOL; k++)
        if (strlen(c[k]) > w[k])
            w[k] = strlen(c[k]);
}

void conv_print(struct conv *cv, struct out *o, int64_t start_ns)
{
    if (cv->n > 1) /* qsort needs rows: never with NULL, even for none */
        qsort(cv->rows, cv->n, sizeof cv->rows[0], by_number);
    size_t w[NCOL];
    for (int k = 0; k < NCOL; k++)
        w[k] = strlen(heads[k]);
    char c[NCOL + 1][96];
    for (size_t i = 0; i < cv->n; i++) {
        cells(&cv->rows[i], start_ns, c);
        widen(w, c);
    }
    if (cv->rest.n) {
        sum_cells(&cv->rest, start_ns, c);
        widen(w, c);
    }
    out_str(o, "TCP connections: ");
    out_u64(o, cv->n + cv->rest.n);
    out_char(o, '\n');
    for (int k = 0; k < NCOL; k++) {
        out_str(o, heads[k]);
        out_spaces(o, (int)(w[k] - strlen(heads[k])) + 2);
    }
    out_str(o, "End\n");
    for (size_t i = 0; i < cv->n; i++) {
        cells(&cv->rows[i], start_ns, c);
        print_row(o, c, w);
    }
    if (cv->rest.n == 0)
        return;
    sum_cells(&cv->rest, start_ns, c);
    print_row(o, c, w);
    out_str(o, "(rest: ");
    out_u64(o, cv->rest.n);
    out_str(o, " connections added up in one row: --summary keeps a row each for the first ");
    out_u64(o, cv->max_rows);
    out_str(o, " connections to end");
    if (cv->rest.n_oom) {
        out_str(o, ", and ");
        out_u64(o, cv->rest.n_oom);
        out_str(o, " found no memory for theirs");
    }
    out_str(o, "; -T json writes a line for each)\n");
}
