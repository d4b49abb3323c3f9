/*
 * echoclient.c: the echo client. One loop, UNP's str_cli in its select version (here
 * poll(2)): it waits on standard input and on the socket at once, so it reads the echo
 * while it is still sending, whatever the amount of input and however long a line.
 * A client that wrote a whole line before reading would deadlock on a long one: the
 * server stops reading once it owes an echo the client does not read, the client's
 * send blocks, and neither moves again. As in UNP's non-blocking str_cli, bytes sent
 * and not yet echoed wait in a bounded ring, which --verify compares the echo with.
 *
 * Two ways to pace the sending, over the same loop:
 *   lines   (a terminal, or --lines) the lecture's client: a line goes out, then
 *           nothing more until all of its bytes have come back. Unlike CS:APP's
 *           echoclient it never prints its own line as if it were the echo.
 *   stream  (a pipe or a file, or --stream) input goes out as fast as the server
 *           takes it; at end of input the client shuts its sending side (FIN) and
 *           reads until the server closes.
 * A server that closes early gets UNP's "server terminated prematurely", with what
 * was sent, what came back and what was lost; one that answers nothing for --timeout
 * seconds (default 120) is given up, saying the same.
 *
 * Exit status: 0 ok, 1 a runtime failure (resolve, connect, timeout, early close, a
 * --verify mismatch), 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "net.h"
#include "rio.h"

#define PROG "echoclient"
#define RING (1024 * 1024) /* bytes read from the input and not yet echoed, at most */
#define CHUNK (64 * 1024)
#define DEFAULT_TIMEOUT_S 120

struct client {
    const char *host, *port;
    int fd;
    int timeout_ms; /* no progress for this long while the server owes us: fail; 0 never */
    bool verify, lines;
    char msg[NET_ERR_LEN + 256]; /* why it failed, for main to print */
};

/* Where the bytes of standard input are. Positions count from the start of the input;
 * byte p sits in ring[p % RING] from when it is read until it is echoed. */
struct flow {
    unsigned char *ring, *rbuf;
    uint64_t in;     /* read from standard input */
    uint64_t limit;  /* may be sent: everything read (stream), the current line (lines) */
    uint64_t sent;   /* taken by the socket */
    uint64_t echoed; /* came back */
    bool in_eof, shut, line_done;
    int64_t last_ms; /* the server's last progress: a byte taken or echoed */
};

static int fail(struct client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the reason for failing; returns exit status 1. */
static int fail(struct client *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, sizeof c->msg, fmt, ap);
    va_end(ap);
    return 1;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "18 bytes sent, 0 echoed: bytes 0-17 were lost, and the rest of the input was not
 * sent": what happened to every byte when the connection ended early. */
static void account(const struct flow *f, char *buf, size_t len)
{
    unsigned long long sent = f->sent, echoed = f->echoed;
    int n;
    if (echoed < sent)
        n = snprintf(buf, len, "%llu bytes sent, %llu echoed: bytes %llu-%llu were lost", sent,
                     echoed, echoed, sent - 1);
    else
        n = snprintf(buf, len, "%llu bytes sent, all echoed", sent);
    if (n < 0 || (size_t)n >= len)
        return;
    if (f->in_eof && f->in > f->sent)
        snprintf(buf + n, len - (size_t)n, "%s the last %llu bytes of the input were not sent",
                 echoed < sent ? ", and" : ";", (unsigned long long)(f->in - f->sent));
    else if (!f->in_eof && f->in > f->sent)
        snprintf(buf + n, len - (size_t)n, "%s the rest of the input was not sent",
                 echoed < sent ? ", and" : ";");
    else if (!f->in_eof)
        snprintf(buf + n, len - (size_t)n, "%s nothing more of the input was read",
                 echoed < sent ? ", and" : ";");
}

/* The server closed (e == 0) or reset (e) the connection before everything was echoed. */
static int premature(struct client *c, const struct flow *f, int e)
{
    char acct[160];
    account(f, acct, sizeof acct);
    if (e != 0 && e != ECONNRESET && e != EPIPE)
        return fail(c, "connection to %s port %s failed (%s): %s", c->host, c->port, strerror(e),
                    acct);
    char why[64] = "";
    if (e != 0)
        snprintf(why, sizeof why, " (%s)", strerror(e));
    if (!f->in_eof && f->in == f->echoed && c->lines)
        return fail(c,
                    "server terminated prematurely%s while echoclient waited for input: all %llu "
                    "bytes sent were echoed",
                    why, (unsigned long long)f->sent);
    return fail(c, "server terminated prematurely%s: %s", why, acct);
}

static int timed_out(struct client *c, const struct flow *f)
{
    int s = c->timeout_ms / 1000, ms = c->timeout_ms % 1000;
    if (f->shut && f->echoed == f->in)
        return fail(c,
                    "%s port %s echoed all %llu bytes but did not close the connection within "
                    "%d.%03d s",
                    c->host, c->port, (unsigned long long)f->in, s, ms);
    return fail(c,
                "no echo from %s port %s for %d.%03d s: %llu bytes sent, %llu echoed%s "
                "(--timeout S waits longer, 0 for ever)",
                c->host, c->port, s, ms, (unsigned long long)f->sent, (unsigned long long)f->echoed,
                f->sent < f->limit ? ", and the server takes no more" : "");
}

static int mismatch(struct client *c, uint64_t offset, unsigned sent, unsigned got)
{
    return fail(c, "echo differs from what was sent at byte offset %llu (sent 0x%02x, got 0x%02x)",
                (unsigned long long)offset, sent, got);
}

/* Finds '\n' among ring positions [from, to): the position after it, or 0. */
static uint64_t find_newline(const unsigned char *ring, uint64_t from, uint64_t to)
{
    while (from < to) {
        size_t idx = (size_t)(from % RING), len = (size_t)(to - from);
        if (len > RING - idx)
            len = RING - idx;
        const unsigned char *nl = memchr(ring + idx, '\n', len);
        if (nl != NULL)
            return from + (uint64_t)(nl - (ring + idx)) + 1;
        from += len;
    }
    return 0;
}

/*
 * How far the input may be sent. Streaming: all of it. Lines: up to the end of the
 * current line, and the next line only once this one's echo is complete; a line
 * longer than the ring goes out as it is read (the end of the line, not its size,
 * is what waits for the echo).
 */
static void advance_limit(struct flow *f, bool lines)
{
    if (!lines) {
        f->limit = f->in;
        return;
    }
    if (f->line_done && f->echoed == f->limit)
        f->line_done = false; /* the echo of the last line is complete: on to the next */
    if (f->line_done)
        return;
    uint64_t end = find_newline(f->ring, f->limit, f->in);
    f->limit = end != 0 ? end : f->in;
    f->line_done = end != 0;
}

/* Standard input is readable: as much as fits in the ring. -1 on failure. */
static int read_input(struct client *c, struct flow *f)
{
    size_t idx = (size_t)(f->in % RING), room = RING - (size_t)(f->in - f->echoed);
    size_t len = room < RING - idx ? room : RING - idx;
    ssize_t n = rio_read(STDIN_FILENO, f->ring + idx, len);
    if (n < 0)
        return -fail(c, "cannot read standard input: %s", strerror(errno));
    if (n == 0)
        f->in_eof = true;
    f->in += (uint64_t)n;
    return 0;
}

/* The socket is writable: sends what may be sent. -1 on failure. */
static int send_input(struct client *c, struct flow *f)
{
    size_t idx = (size_t)(f->sent % RING), len = (size_t)(f->limit - f->sent);
    if (len > RING - idx)
        len = RING - idx;
    ssize_t n = send(c->fd, f->ring + idx, len, MSG_NOSIGNAL);
    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -premature(c, f, errno);
    f->sent += (uint64_t)n;
    f->last_ms = now_ms();
    return 0;
}

/* The socket is readable: checks the echo and prints it. 1 at the server's normal
 * close, 0 to go on, -1 on failure. */
static int read_echo(struct client *c, struct flow *f)
{
    ssize_t n = read(c->fd, f->rbuf, CHUNK);
    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -premature(c, f, errno);
    if (n == 0) /* UNP: "normal termination" only once the input is all sent and echoed */
        return f->in_eof && f->shut && f->echoed == f->in ? 1 : -premature(c, f, 0);
    size_t good = (size_t)n;
    if (f->echoed + good > f->sent)
        good = (size_t)(f->sent - f->echoed);
    for (size_t i = 0; c->verify && i < good; i++) {
        unsigned char want = f->ring[(f->echoed + i) % RING];
        if (f->rbuf[i] != want)
            return -mismatch(c, f->echoed + i, want, f->rbuf[i]);
    }
    if (rio_writen(STDOUT_FILENO, f->rbuf, good) < 0)
        return -fail(c, "cannot write to standard output: %s", strerror(errno));
    f->echoed += good;
    f->last_ms = now_ms();
    if (good < (size_t)n)
        return -fail(c,
                     "server sent %zu bytes more than echoclient sent it (from byte offset %llu)",
                     (size_t)n - good, (unsigned long long)f->sent);
    return 0;
}

/* The loop: input to the socket and the echo to standard output, concurrently. */
static int run(struct client *c, struct flow *f)
{
    if (!net_set_nonblock(c->fd, true, c->msg, sizeof c->msg))
        return 1;
    f->last_ms = now_ms();
    for (;;) {
        advance_limit(f, c->lines);
        if (f->in_eof && f->sent == f->in && !f->shut) {
            shutdown(c->fd, SHUT_WR); /* the server sees EOF once it has everything */
            f->shut = true;
        }
        bool want_in = !f->in_eof && f->in - f->echoed < RING;
        /* The server owes something: bytes not yet taken, an echo, or its close. */
        bool owed = f->sent < f->limit || f->echoed < f->sent || f->shut;
        int timeout = -1;
        if (owed && c->timeout_ms > 0) {
            int64_t left = f->last_ms + c->timeout_ms - now_ms();
            timeout = left > 0 ? (int)left : 0;
        }
        struct pollfd p[2] = {{.fd = c->fd, .events = POLLIN | (f->sent < f->limit ? POLLOUT : 0)},
                              {.fd = STDIN_FILENO, .events = POLLIN}};
        int r = poll(p, want_in ? 2 : 1, timeout);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return fail(c, "poll failed: %s", strerror(errno));
        }
        if (r == 0)
            return timed_out(c, f);
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) { /* socket is readable */
            int st = read_echo(c, f);
            if (st != 0)
                return st > 0 ? 0 : 1;
        }
        if ((p[0].revents & (POLLOUT | POLLERR)) && f->sent < f->limit && send_input(c, f) < 0)
            return 1;
        if (want_in && p[1].revents != 0 && read_input(c, f) < 0) /* input is readable */
            return 1;
    }
}

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: " PROG " [options] [HOST [PORT]]\n"
            "Sends standard input to an echo server (default localhost 15213) and prints "
            "the echo.\n"
            "\n"
            "  -t, --timeout S   give up when connecting, or waiting for the server to take "
            "or\n"
            "                    echo bytes, takes S seconds (default %d; 0: wait for ever)\n"
            "      --verify      compare the echo with what was sent; exit 1 naming the "
            "first differing byte\n"
            "  -l, --lines       line by line, as on a terminal (the default on a terminal): "
            "a line\n"
            "                    goes out once the last one's echo is complete\n"
            "  -s, --stream      stream, as from a pipe (the default otherwise)\n"
            "  -h, --help        show this help and exit\n"
            "  -V, --version     show the version and exit\n",
            DEFAULT_TIMEOUT_S);
}

enum { MODE_STREAM, MODE_LINES, MODE_AUTO }; /* the pacing asked for: AUTO by the input */
enum { OPT_VERIFY = 256 };

struct args {
    struct client *c;
    int mode;
};

static const struct args_opt options[] = {
    {"timeout", required_argument, 't', ARGS_TAKE},
    {"verify", no_argument, OPT_VERIFY, ARGS_SET_AT(struct client, verify)},
    {"lines", no_argument, 'l', ARGS_TAKE},
    {"stream", no_argument, 's', ARGS_TAKE},
    {0},
};

/* --timeout, --lines, --stream (args.h's take): -1 to go on, else the exit status. */
static int take(void *ctx, int opt, const char *arg)
{
    struct args *a = ctx;
    uint64_t v = 0;
    int rc = -1;
    if (opt == 't') {
        rc = args_u64(PROG, "--timeout", arg, 0, 86400, "seconds, 0 to 86400; 0: for ever", &v);
        a->c->timeout_ms = (int)v * 1000;
    } else if (opt == 'l' || opt == 's') {
        a->mode = opt == 'l' ? MODE_LINES : MODE_STREAM;
    }
    return rc;
}

/* The command line as args_parse reads it. */
static const struct args_prog prog = {
    .name = PROG,
    .operands = 2, /* HOST PORT */
    .opts = options,
    .usage = usage,
    .take = take,
};

/* Parses the command line into c: -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct client *c)
{
    struct args a = {.c = c, .mode = MODE_AUTO};
    int rc = args_parse(&prog, c, &a, argc, argv);
    if (rc >= 0)
        return rc;
    uint16_t port;
    if (optind < argc)
        c->host = argv[optind++];
    if (optind < argc) {
        if (!parse_port(argv[optind], false, &port))
            return usage_error(PROG, "invalid port '%s'", argv[optind]);
        c->port = argv[optind++];
    }
    c->lines = a.mode == MODE_AUTO ? isatty(STDIN_FILENO) : a.mode == MODE_LINES;
    return -1;
}

int main(int argc, char **argv)
{
    struct client c = {
        .host = "localhost", .port = "15213", .fd = -1, .timeout_ms = DEFAULT_TIMEOUT_S * 1000};
    int rc = parse_args(argc, argv, &c);
    if (rc >= 0)
        return rc;
    c.fd = net_open_clientfd(c.host, c.port, c.timeout_ms > 0 ? c.timeout_ms : -1, c.msg,
                             sizeof c.msg);
    if (c.fd < 0) {
        fprintf(stderr, PROG ": %s\n", c.msg);
        return 1;
    }
    net_set_nodelay(c.fd, NULL, 0); /* a line goes out at once, not after an ACK */
    struct flow f = {.ring = malloc(RING), .rbuf = malloc(CHUNK)};
    rc = f.ring != NULL && f.rbuf != NULL ? run(&c, &f) : fail(&c, "out of memory");
    free(f.ring);
    free(f.rbuf);
    close(c.fd);
    if (rc != 0)
        fprintf(stderr, PROG ": %s\n", c.msg);
    return rc;
}
