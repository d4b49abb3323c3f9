/*
 * ck_tests_data.c: the battery's table, and its tests of the data path: one connection
 * each, bytes chosen to expose the classic bugs (a NUL, a line longer than any buffer,
 * bytes that trickle in one at a time, megabytes in flight). Each test ends the way a
 * polite client does, with a FIN (shutdown(SHUT_WR)), and reads until the server's FIN:
 * bytes that come back late or extra are seen too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_conn.h"
#include "ck_verdict.h"

const struct ck_test ck_tests[] = {
    {"one_line", "one line", ck_test_one_line},
    {"many_lines", "100 lines, each echoed before the next", ck_test_many_lines},
    {"no_newline", "a line without a newline", ck_test_no_newline},
    {"empty_line", "an empty line, then another", ck_test_empty_line},
    {"long_line", "a 1 MiB line", ck_test_long_line},
    {"binary", "binary: all 256 byte values, NUL, 0x0d, 0xff", ck_test_binary},
    {"small_writes", "100 lines sent 3 bytes at a time", ck_test_small_writes},
    {"one_byte", "lines sent one byte at a time", ck_test_one_byte},
    {"stream_10mib", "10 MiB streamed while reading", ck_test_stream},
    {"write_then_read_10mib", "10 MiB written before reading", ck_test_write_then_read},
    {"half_close", "half-close: the rest echoed, then FIN", ck_test_half_close},
    {"client_reset", "a client resets mid-echo: the server serves on", ck_test_client_reset},
    {"two_clients", "two clients at once", ck_test_two_clients},
    {"hundred_clients", "a hundred clients at once", ck_test_hundred_clients},
    {"idle_client", "a client that sends nothing blocks no one", ck_test_idle_client},
    {"health", "100 connections: descriptors, children, threads", ck_test_health},
};
const size_t ck_ntests = sizeof ck_tests / sizeof ck_tests[0];

int ck_test_index(const char *name)
{
    for (size_t i = 0; i < ck_ntests; i++)
        if (strcmp(ck_tests[i].name, name) == 0)
            return (int)i;
    return -1;
}

#define MIB (1024 * 1024)

/* Deterministic bytes (xorshift64*): the same test data on every run. */
static void fill_random(uint8_t *p, size_t n, uint64_t seed)
{
    uint64_t x = seed;
    for (size_t i = 0; i < n; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        p[i] = (uint8_t)((x * 0x2545F4914F6CDD1DULL) >> 56);
    }
}

/* count lines "<prefix> NNN: <text of varying length>\n" into a malloc'd buffer. */
static uint8_t *make_lines(const char *prefix, int count, int maxfill, size_t *len)
{
    static const char text[] = "the quick brown fox jumps over the lazy dog; ";
    size_t cap = (size_t)count * (strlen(prefix) + 16 + (size_t)maxfill), n = 0;
    uint8_t *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    for (int i = 0; i < count; i++) {
        n += (size_t)snprintf((char *)buf + n, cap - n, "%s %03d: ", prefix, i);
        int fill = maxfill ? (i * 37) % maxfill : 0;
        for (int k = 0; k < fill; k++)
            buf[n++] = (uint8_t)text[k % (sizeof text - 1)];
        buf[n++] = '\n';
    }
    *len = n;
    return buf;
}

bool ck_open_or_fail(struct ck_run *r, struct ck_conn *c)
{
    if (ck_conn_open(r, c))
        return true;
    if (ck_judge_death(r, 300, 0))
        return false;
    char where[64];
    if (r->addr.ss_family == AF_INET6)
        snprintf(where, sizeof where, "[::1]:%u", r->port);
    else
        snprintf(where, sizeof where, "127.0.0.1:%u", r->port);
    ck_fail(r, "%s could not connect to %s: %s", c->name, where, ck_end_name(c->end));
    ck_record(&r->res->fail, c);
    struct ck_hint_args x = {.s = where};
    if (c->end == CK_END_REFUSED)
        ck_hint(&r->res->fail, CK_CAUSE_REFUSED, &x);
    return false;
}

/* One connection: send data (chunk bytes at a time, gap_us apart), read the echo, FIN,
 * read to the server's FIN, judge. */
static bool echo_once(struct ck_run *r, const uint8_t *data, size_t len, size_t chunk,
                      unsigned gap_us, bool write_first)
{
    struct ck_conn c;
    ck_conn_init(&c, "");
    bool ok = false;
    if (ck_open_or_fail(r, &c)) {
        c.write_first = write_first;
        ck_conn_queue(&c, data, len, chunk, gap_us);
        struct ck_conn *one[1] = {&c};
        (void)ck_pump(r, one, 1, r->o->wait_ms, 0);
        ck_conn_finish(r, &c);
        ok = ck_judge_echo(r, &c);
        if (ok && c.stalled_at != 0)
            ck_fmt(r->res->summary, sizeof r->res->summary,
                   "%zu bytes echoed. The client's writes stalled after %llu bytes, as TCP "
                   "flow control makes them: unread echo filled the client's receive buffer, "
                   "so the server stopped reading; once the client read, everything came",
                   c.sent.len, (unsigned long long)c.stalled_at);
        else if (ok)
            ck_fmt(r->res->summary, sizeof r->res->summary, "%zu bytes echoed unchanged",
                   c.sent.len);
    }
    ck_conn_free(&c);
    return ok;
}

void ck_test_one_line(struct ck_run *r)
{
    static const char line[] = "hello, echo server: here is a message\n";
    echo_once(r, (const uint8_t *)line, sizeof line - 1, 0, 0, false);
}

/* Lockstep, as the lecture's client does: each line's echo before the next line. */
void ck_test_many_lines(struct ck_run *r)
{
    size_t len;
    uint8_t *all = make_lines("line", 100, 120, &len);
    struct ck_conn c;
    ck_conn_init(&c, "");
    if (all != NULL && ck_open_or_fail(r, &c)) {
        struct ck_conn *one[1] = {&c};
        size_t off = 0;
        c.intended = len;
        while (off < len && ck_conn_done(&c) && c.end == CK_END_NONE) {
            const uint8_t *nl = memchr(all + off, '\n', len - off);
            size_t n = (size_t)(nl - (all + off)) + 1;
            ck_conn_queue(&c, all + off, n, 0, 0);
            (void)ck_pump(r, one, 1, r->o->wait_ms, 0);
            off += n;
        }
        ck_conn_finish(r, &c);
        if (ck_judge_echo(r, &c))
            ck_fmt(r->res->summary, sizeof r->res->summary,
                   "100 lines (%zu bytes) echoed unchanged", len);
    }
    ck_conn_free(&c);
    free(all);
}

void ck_test_no_newline(struct ck_run *r)
{
    static const char line[] = "no newline at the end";
    echo_once(r, (const uint8_t *)line, sizeof line - 1, 0, 0, false);
}

void ck_test_empty_line(struct ck_run *r)
{
    static const char *const lines[] = {"\n", "after the empty line\n"};
    struct ck_conn c;
    ck_conn_init(&c, "");
    if (ck_open_or_fail(r, &c)) {
        struct ck_conn *one[1] = {&c};
        c.intended = strlen(lines[0]) + strlen(lines[1]);
        for (int i = 0; i < 2 && c.end == CK_END_NONE && ck_conn_done(&c); i++) {
            ck_conn_queue(&c, (const uint8_t *)lines[i], strlen(lines[i]), 0, 0);
            (void)ck_pump(r, one, 1, r->o->wait_ms, 0);
        }
        ck_conn_finish(r, &c);
        if (ck_judge_echo(r, &c))
            ck_fmt(r->res->summary, sizeof r->res->summary,
                   "the empty line and the line after it echoed");
    }
    ck_conn_free(&c);
}

void ck_test_long_line(struct ck_run *r)
{
    static const char text[] = "a line far longer than any buffer ";
    size_t len = MIB + 1;
    uint8_t *line = malloc(len);
    if (line == NULL)
        return;
    for (size_t i = 0; i < MIB; i++)
        line[i] = (uint8_t)text[i % (sizeof text - 1)];
    line[MIB] = '\n';
    echo_once(r, line, len, 0, 0, false);
    free(line);
}

void ck_test_binary(struct ck_run *r)
{
    uint8_t data[5 + 3 * 256 + 1];
    memcpy(data, "bin\r\n", 5);
    for (int i = 0; i < 3 * 256; i++)
        data[5 + i] = (uint8_t)i;
    data[sizeof data - 1] = '\n';
    echo_once(r, data, sizeof data, 0, 0, false);
}

void ck_test_small_writes(struct ck_run *r)
{
    size_t len;
    uint8_t *all = make_lines("small write", 100, 0, &len);
    if (all != NULL)
        echo_once(r, all, len, 3, 200, false); /* 200 us apart: the server reads pieces */
    free(all);
}

void ck_test_one_byte(struct ck_run *r)
{
    static const char lines[] = "one byte at a time\nand again, byte by byte\n";
    echo_once(r, (const uint8_t *)lines, sizeof lines - 1, 1, 1000, false);
}

void ck_test_stream(struct ck_run *r)
{
    uint8_t *data = malloc(10 * MIB);
    if (data == NULL)
        return;
    fill_random(data, 10 * MIB, 15213);
    data[10 * MIB - 1] = '\n'; /* a line server has nothing to hold back at the end */
    echo_once(r, data, 10 * MIB, 0, 0, false);
    free(data);
}

void ck_test_write_then_read(struct ck_run *r)
{
    uint8_t *data = malloc(10 * MIB);
    if (data == NULL)
        return;
    fill_random(data, 10 * MIB, 18213);
    data[10 * MIB - 1] = '\n';
    echo_once(r, data, 10 * MIB, 0, 0, true);
    free(data);
}

/* Everything sent and the FIN right after it, before any echo is read back: the rest
 * must still be echoed, then the server's FIN. */
void ck_test_half_close(struct ck_run *r)
{
    size_t len;
    uint8_t *all = make_lines("half close", 1000, 100, &len);
    struct ck_conn c;
    ck_conn_init(&c, "");
    if (all != NULL && ck_open_or_fail(r, &c)) {
        c.shut_after = true;
        ck_conn_queue(&c, all, len, 0, 0);
        struct ck_conn *one[1] = {&c};
        (void)ck_pump(r, one, 1, r->o->wait_ms, CK_PUMP_UNTIL_EOF);
        size_t k = ck_first_diff(&c.sent, &c.got);
        bool same = k == c.sent.len && k == c.got.len && c.sent.len == len;
        if (same && c.end == CK_END_TIMEOUT)
            ck_judge_no_fin(r, &c);
        else if (ck_judge_echo(r, &c))
            ck_fmt(r->res->summary, sizeof r->res->summary,
                   "%zu bytes sent, then FIN at once: all echoed, then the server's FIN", len);
    }
    ck_conn_free(&c);
    free(all);
}
