/*
 * test_echo_conn.c: unit tests for the shared echo routine (echo/echo_conn.c) over
 * non-blocking socketpairs: bytes come back unchanged, a peer that does not read stops
 * being read from (the buffered amount stays under ECHO_CAP), half-close, errors.
 */
#include "unit.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo_conn.h"
#include "net.h"

static unsigned char scratch[ECHO_CAP];

/* A connection to echo on: sv[0] the test's side (blocking), sv[1] the server's side
 * (non-blocking), c the routine's state for sv[1]. */
struct fx {
    int sv[2];
    struct echo_conn c;
};

static int setup(void **state)
{
    static struct fx fx;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fx.sv) != 0 ||
        !net_set_nonblock(fx.sv[1], true, NULL, 0))
        return -1;
    echo_conn_init(&fx.c, fx.sv[1]);
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    echo_conn_free(&fx->c);
    for (int i = 0; i < 2; i++)
        if (fx->sv[i] >= 0)
            close(fx->sv[i]);
    return 0;
}

static void test_binary_roundtrip(void **state)
{
    struct fx *fx = *state;
    int *sv = fx->sv;
    struct echo_conn *c = &fx->c;
    unsigned char msg[256], back[256];
    for (int i = 0; i < 256; i++)
        msg[i] = (unsigned char)(255 - i); /* every byte value, NUL and newline included */
    assert_int_equal(write(sv[0], msg, sizeof msg), (ssize_t)sizeof msg);
    enum echo_state st = echo_conn_pump(c, scratch, 0, false);
    assert_int_equal(st, ECHO_WANT_READ);
    assert_int_equal(read(sv[0], back, sizeof back), (ssize_t)sizeof back);
    assert_memory_equal(msg, back, sizeof msg);
    assert_int_equal(c->bytes, 256);
    /* Nothing arrived: the next pump waits for the socket (twice: drained, then EAGAIN). */
    assert_int_equal(echo_conn_pump(c, scratch, 0, false), ECHO_WANT_READ);
    assert_int_equal(echo_conn_pump(c, scratch, 0, false), ECHO_WANT_READ);
    /* Half-close: the peer shuts its write side; the routine is done. */
    shutdown(sv[0], SHUT_WR);
    assert_int_equal(echo_conn_pump(c, scratch, 0, false), ECHO_DONE);
    assert_true(c->eof);
}

/* A peer that sends and never reads: the routine stops reading once it owes bytes. */
static void test_backpressure(void **state)
{
    struct fx *fx = *state;
    int *sv = fx->sv;
    struct echo_conn *c = &fx->c;
    assert_true(net_set_nonblock(sv[0], true, NULL, 0));
    unsigned char buf[4096];
    memset(buf, 'z', sizeof buf);
    size_t sent = 0;
    enum echo_state st = ECHO_WANT_READ;
    for (int round = 0; round < 100000 && st != ECHO_WANT_WRITE; round++) {
        ssize_t w = write(sv[0], buf, sizeof buf);
        if (w > 0)
            sent += (size_t)w;
        st = echo_conn_pump(c, scratch, 0, false);
    }
    assert_int_equal(st, ECHO_WANT_WRITE);
    /* Now the test keeps sending until its own socket is full: the server side reads
     * nothing more, so the test's writes must start failing with EAGAIN. */
    for (;;) {
        ssize_t w = write(sv[0], buf, sizeof buf);
        if (w < 0) {
            assert_int_equal(errno, EAGAIN);
            break;
        }
        sent += (size_t)w;
        assert_int_equal(echo_conn_pump(c, scratch, 0, false), ECHO_WANT_WRITE);
    }
    /* What the routine holds is at most one read's worth. */
    assert_true(c->pend_len - c->pend_off <= ECHO_CAP);
    assert_true(echo_conn_owed(c) > 0 && echo_conn_owed(c) <= ECHO_CAP);
    /* Read = written back + held: nothing read is lost or counted twice. */
    assert_int_equal(c->rx, c->bytes + echo_conn_owed(c));
    /* A pump that moves nothing leaves the progress count alone (the timeouts run). */
    uint64_t before = echo_conn_progress(c);
    assert_int_equal(echo_conn_pump(c, scratch, 0, false), ECHO_WANT_WRITE);
    assert_int_equal(echo_conn_progress(c), before);
    /* Once the peer reads, everything comes back, in order, nothing lost. */
    size_t got = 0;
    shutdown(sv[0], SHUT_WR);
    while (got < sent) {
        ssize_t r = read(sv[0], buf, sizeof buf);
        if (r > 0) {
            for (ssize_t i = 0; i < r; i++)
                assert_int_equal(buf[i], 'z');
            got += (size_t)r;
        }
        st = echo_conn_pump(c, scratch, 0, false);
        assert_true(st != ECHO_ERROR);
    }
    assert_int_equal(got, sent);
    assert_int_equal(echo_conn_pump(c, scratch, 0, false), ECHO_DONE);
    assert_int_equal(c->bytes, sent);
    assert_int_equal(c->rx, sent);
    assert_int_equal(echo_conn_owed(c), 0);
}

/* The budget bounds how much one call reads, so one busy peer cannot hog the loop. */
static void test_budget(void **state)
{
    struct fx *fx = *state;
    int *sv = fx->sv;
    struct echo_conn *c = &fx->c;
    int big = 1 << 20;
    setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    static unsigned char buf[ECHO_CAP * 4];
    memset(buf, 'b', sizeof buf);
    assert_int_equal(write(sv[0], buf, sizeof buf), (ssize_t)sizeof buf);
    assert_int_equal(echo_conn_pump(c, scratch, ECHO_CAP, false), ECHO_WANT_READ);
    assert_true(c->bytes >= 1 && c->bytes <= ECHO_CAP);
}

/* stop: flush what is owed, read nothing more. */
static void test_stop(void **state)
{
    struct fx *fx = *state;
    int *sv = fx->sv;
    struct echo_conn *c = &fx->c;
    assert_int_equal(write(sv[0], "abc", 3), 3);
    assert_int_equal(echo_conn_pump(c, scratch, 0, true), ECHO_DONE);
    assert_int_equal(c->bytes, 0);
}

static void test_peer_gone(void **state)
{
    struct fx *fx = *state;
    int *sv = fx->sv;
    struct echo_conn *c = &fx->c;
    assert_int_equal(write(sv[0], "abc", 3), 3);
    shutdown(sv[0], SHUT_RD);
    close(sv[0]);
    sv[0] = -1;
    /* Writing back to a vanished peer: an error (EPIPE), never a SIGPIPE. */
    enum echo_state st = echo_conn_pump(c, scratch, 0, false);
    assert_int_equal(st, ECHO_ERROR);
    assert_true(c->err == EPIPE || c->err == ECONNRESET);
}

#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

UNIT_MAIN(T(test_binary_roundtrip), T(test_backpressure), T(test_budget), T(test_stop),
          T(test_peer_gone))
