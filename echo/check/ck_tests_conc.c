/*
 * ck_tests_conc.c: the tests of clients beside each other and of the server's health. A
 * client here counts as served when as many bytes as it sent came back: the content of
 * an echo is the data tests' business, so one bug fails where it shows, not everywhere.
 *
 * An iterative server serves one client at a time; that is the lecture's first model,
 * so it is a note on a passing test, and a failure only with --require-concurrency.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_conn.h"
#include "ck_server.h"
#include "ck_verdict.h"

#define HUNDRED 100
#define HEALTH_CONNS 100

static bool served(const struct ck_conn *c)
{
    return c->expect > 0 && c->got.len > 0;
}

/* Opens c and queues its line; false (the test failed) if it cannot connect. */
static bool start(struct ck_run *r, struct ck_conn *c, const char *name, const char *line)
{
    ck_conn_init(c, name);
    if (!ck_open_or_fail(r, c))
        return false;
    ck_conn_queue(c, (const uint8_t *)line, strlen(line), 0, 0);
    return true;
}

/* Pumps c alone until it is served, ends or waits too long; a wait that ran out is
 * forgotten, so c can be pumped again. */
static bool pump1(struct ck_run *r, struct ck_conn *c)
{
    struct ck_conn *one[1] = {c};
    (void)ck_pump(r, one, 1, r->o->wait_ms, CK_PUMP_ANY);
    if (c->end == CK_END_TIMEOUT)
        c->end = CK_END_NONE;
    return served(c);
}

static void not_served(struct ck_run *r, struct ck_conn *c, const char *after)
{
    if (ck_judge_death(r, 300, c->sent.len)) {
        ck_record(&r->res->fail, c);
        return;
    }
    ck_fail(r, "%s was not served: no echo of its %zu bytes came back", c->name, c->sent.len);
    ck_record(&r->res->fail, c);
    struct ck_hint_args x = {
        .a = c->end == CK_END_NONE ? CK_END_TIMEOUT : c->end, .s = c->name, .t = after};
    if (c->end == CK_END_RESET)
        ck_hint(&r->res->fail, CK_CAUSE_RESET, &x);
    else
        ck_hint(&r->res->fail, CK_CAUSE_NOT_SERVED, &x);
}

/* The iterative note, or a failure with --require-concurrency. */
static void one_at_a_time(struct ck_run *r, const char *what)
{
    struct ck_hint_args x = {.s = what};
    if (r->o->require_concurrency) {
        ck_fail(r, "the server serves one client at a time (--require-concurrency)");
        ck_hint(&r->res->fail, CK_CAUSE_ONE_AT_A_TIME, &x);
    } else {
        ck_hint_note(r->res, CK_CAUSE_ONE_AT_A_TIME, &x);
    }
}

void ck_test_two_clients(struct ck_run *r)
{
    struct ck_conn a, b;
    ck_conn_init(&b, "client B");
    if (!start(r, &a, "client A", "client A: hello\n") || !pump1(r, &a)) {
        if (r->res->status != CK_FAIL)
            not_served(r, &a, "nothing");
    } else if (start(r, &b, "client B", "client B: hello\n")) {
        if (pump1(r, &b)) {
            ck_fmt(r->res->summary, sizeof r->res->summary, "%s",
                   ck_conn_peer_closed(&a) ? "both clients echoed (the server had closed client "
                                             "A's connection after one echo)"
                                           : "client B was echoed while client A stayed connected");
        } else if (b.end != CK_END_NONE) {
            not_served(r, &b, "client A");
        } else {
            ck_conn_finish(r, &a);
            ck_conn_close(&a);
            if (pump1(r, &b)) {
                one_at_a_time(r, "client B's echo came only after client A closed");
                ck_fmt(r->res->summary, sizeof r->res->summary,
                       "both clients echoed, one after the other");
            } else {
                not_served(r, &b, "client A");
            }
        }
    }
    ck_conn_free(&a);
    ck_conn_free(&b);
}

static int count_served(struct ck_conn *cs, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += served(&cs[i]);
    return k;
}

void ck_test_hundred_clients(struct ck_run *r)
{
    struct ck_conn *cs = calloc(HUNDRED, sizeof *cs);
    struct ck_conn *ptr[HUNDRED];
    char(*lines)[48] = calloc(HUNDRED, sizeof *lines);
    if (cs == NULL || lines == NULL)
        goto out;
    for (int i = 0; i < HUNDRED; i++) {
        char name[24];
        snprintf(name, sizeof name, "client %d", i + 1);
        ck_conn_init(&cs[i], name);
        snprintf(lines[i], sizeof lines[i], "client %03d of %d: hello\n", i + 1, HUNDRED);
        ptr[i] = &cs[i];
        if (ck_conn_open_async(r, &cs[i]))
            ck_conn_queue(&cs[i], (const uint8_t *)lines[i], strlen(lines[i]), 0, 0);
    }
    (void)ck_pump(r, ptr, HUNDRED, r->o->wait_ms, CK_PUMP_ANY);
    int first = count_served(cs, HUNDRED);
    if (first < HUNDRED && first > 0) {
        /* Some wait: let each served client go, as one-at-a-time needs. */
        for (int i = 0; i < HUNDRED; i++)
            if (cs[i].end == CK_END_TIMEOUT)
                cs[i].end = CK_END_NONE;
        for (int i = 0; i < HUNDRED; i++)
            if (served(&cs[i]))
                ck_conn_close(&cs[i]);
        (void)ck_pump(r, ptr, HUNDRED, r->o->wait_ms, CK_PUMP_ANY | CK_PUMP_CLOSE_DONE);
    }
    int all = count_served(cs, HUNDRED);
    if (all == HUNDRED && first == HUNDRED) {
        ck_fmt(r->res->summary, sizeof r->res->summary, "%d clients connected at once, all echoed",
               HUNDRED);
    } else if (all == HUNDRED) {
        char what[128];
        snprintf(what, sizeof what,
                 "with %d clients connected, %d %s echoed; the others only as earlier clients "
                 "closed",
                 HUNDRED, first, first == 1 ? "was" : "were");
        one_at_a_time(r, what);
        ck_fmt(r->res->summary, sizeof r->res->summary, "%d clients, all echoed, %d at once",
               HUNDRED, first);
    } else {
        int i = 0;
        while (i < HUNDRED - 1 && served(&cs[i]))
            i++;
        not_served(r, &cs[i], "the clients served before it");
        ck_fmt(r->res->summary, sizeof r->res->summary, "%d of %d clients echoed", all, HUNDRED);
    }
out:
    for (int i = 0; cs != NULL && i < HUNDRED; i++)
        ck_conn_free(&cs[i]);
    free(cs);
    free(lines);
}

void ck_test_idle_client(struct ck_run *r)
{
    struct ck_conn idle, a, b;
    ck_conn_init(&idle, "the idle client");
    ck_conn_init(&a, "client A");
    ck_conn_init(&b, "client B");
    if (!ck_open_or_fail(r, &idle) || !start(r, &a, "client A", "client A: hello\n"))
        goto out;
    if (pump1(r, &a)) {
        ck_fmt(r->res->summary, sizeof r->res->summary,
               "client A was echoed while a client that sends nothing stayed connected");
        goto out;
    }
    if (a.end != CK_END_NONE) {
        not_served(r, &a, "the idle client");
        goto out;
    }
    ck_conn_finish(r, &idle); /* its FIN: an iterative server moves on */
    ck_conn_close(&idle);
    if (!pump1(r, &a)) {
        not_served(r, &a, "the idle client");
        goto out;
    }
    /* Served once the idle client left: one at a time, or blocked by the idle one? */
    if (!start(r, &b, "client B", "client B: hello\n"))
        goto out;
    if (pump1(r, &b) && !ck_conn_peer_closed(&a)) {
        ck_fail(r, "client A was echoed only after the idle client left, though client B is "
                   "served while client A is connected");
        ck_record(&r->res->fail, &a);
        ck_hint(&r->res->fail, CK_CAUSE_BLOCKED, NULL);
    } else {
        one_at_a_time(r, "client A's echo came only after the idle client closed");
        ck_fmt(r->res->summary, sizeof r->res->summary,
               "client A was echoed once the idle client left");
    }
out:
    ck_conn_free(&idle);
    ck_conn_free(&a);
    ck_conn_free(&b);
}

/* A client sends megabytes without reading and resets the connection while the server
 * is still echoing (its small receive buffer keeps the server's writes blocked): the
 * server's next write() fails with EPIPE; it must survive and serve the next client. */
void ck_test_client_reset(struct ck_run *r)
{
    size_t len = 0;
    static const char text[] = "reset me in the middle of the echo, please\n";
    uint8_t *data = malloc(4 * 1024 * 1024);
    struct ck_conn a, b;
    ck_conn_init(&a, "the resetting client");
    ck_conn_init(&b, "the next client");
    if (data == NULL)
        goto out;
    while (len + sizeof text < 4 * 1024 * 1024) {
        memcpy(data + len, text, sizeof text - 1);
        len += sizeof text - 1;
    }
    a.rcvbuf = 16384;
    a.write_first = true;
    if (!ck_open_or_fail(r, &a))
        goto out;
    ck_conn_queue(&a, data, len, 0, 0);
    struct ck_conn *one[1] = {&a};
    (void)ck_pump(r, one, 1, r->o->wait_ms, CK_PUMP_STALL);
    ck_sleep_ms(100);
    uint64_t sent = a.sent.len;
    ck_conn_reset(&a);
    ck_sleep_ms(200);
    if (ck_judge_death(r, 100, sent))
        goto out;
    if (!start(r, &b, "the next client", "the next client: hello\n"))
        goto out;
    if (!pump1(r, &b)) {
        not_served(r, &b, "the reset");
        goto out;
    }
    ck_fmt(r->res->summary, sizeof r->res->summary,
           "a client sent %llu bytes without reading and reset the connection; the server "
           "served the next client",
           (unsigned long long)sent);
out:
    ck_conn_free(&a);
    ck_conn_free(&b);
    free(data);
}

/* One connection: its line echoed, then closed. False (test failed) if not served. */
static bool visit(struct ck_run *r, int i)
{
    char line[64], name[32];
    struct ck_conn c;
    snprintf(name, sizeof name, "connection %d", i);
    snprintf(line, sizeof line, "health check, connection %d\n", i);
    bool ok = start(r, &c, name, line) && pump1(r, &c);
    if (!ok && r->res->status != CK_FAIL)
        not_served(r, &c, "the connections before it");
    ck_conn_free(&c);
    return ok;
}

static bool settled(const struct ck_proc_stats *a, const struct ck_proc_stats *b)
{
    return b->fds <= a->fds && b->threads <= a->threads && b->children <= a->children &&
           b->zombies <= a->zombies;
}

/* Stats once the server has had time to close, reap and end threads (up to 1.5 s). */
static bool stats_after(pid_t pid, const struct ck_proc_stats *before, struct ck_proc_stats *st)
{
    for (int i = 0; i < 30; i++) {
        if (!ck_proc_stats(pid, st))
            return false;
        if (settled(before, st))
            break;
        ck_sleep_ms(50);
    }
    return true;
}

void ck_test_health(struct ck_run *r)
{
    pid_t pid = r->srv != NULL ? r->srv->pid : ck_proc_listener_pid(r->port);
    struct ck_proc_stats a = {0}, b = {0};
    if (!visit(r, 0)) /* warm-up: lazy start-up work is not a leak */
        return;
    ck_sleep_ms(100);
    bool stats = pid > 0 && ck_proc_stats(pid, &a);
    for (int i = 1; i <= HEALTH_CONNS; i++)
        if (!visit(r, i))
            return;
    if (ck_judge_death(r, 0, 0))
        return;
    if (!stats || !stats_after(pid, &a, &b)) {
        ck_fmt(r->res->summary, sizeof r->res->summary,
               "%d connections served; the server's process could not be examined "
               "(--connect to a process of another user?)",
               HEALTH_CONNS);
        return;
    }
    ck_fmt(r->res->summary, sizeof r->res->summary,
           "after %d connections: %ld descriptors (%ld before), %ld threads (%ld), %ld "
           "children (%ld), %ld zombies, resident memory %ld KiB (%+ld)",
           HEALTH_CONNS, b.fds, a.fds, b.threads, a.threads, b.children, a.children, b.zombies,
           b.rss_kb, b.rss_kb - a.rss_kb);
    ck_judge_health(r, &a, &b, HEALTH_CONNS);
}
