/*
 * echoclient.c: the echo client, in two modes.
 *
 * On a terminal (or with --lines) it is the lecture's client: read a line, send it,
 * read back exactly that many bytes, print them. Unlike CS:APP's echoclient it never
 * prints its own line as if it were the echo: when the server closes first it says
 * "server terminated prematurely", as UNP's str_cli does, and like UNP's select version
 * it notices while it waits for the user's next line.
 *
 * From a pipe or file (or with --stream) it streams: one poll(2) loop moves stdin to
 * the socket and the echo to stdout at the same time, shuts its write side at EOF and
 * reads until the server closes. Reading the echo while still sending is what avoids
 * the deadlock of a client that writes everything before reading: with megabytes in
 * flight both sides' buffers would fill and each would wait for the other. Bytes sent
 * but not yet echoed stay in a bounded ring, which is also what --verify compares the
 * echo with.
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
#include <unistd.h>

#include "args.h"
#include "net.h"
#include "rio.h"

#define PROG "echoclient"
#define RING (1024 * 1024) /* bytes sent and not yet echoed, at most */
#define CHUNK (64 * 1024)

struct client {
    const char *host, *port;
    int fd;
    int timeout_ms; /* -1: wait for ever */
    bool verify;
    char msg[NET_ERR_LEN + 128]; /* why it failed, for main to print */
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

/* The error of a failed send or receive, as the user should read it. */
static int io_fail(struct client *c, int e, uint64_t echoed, uint64_t sent)
{
    if (e == ECONNRESET || e == EPIPE)
        return fail(c, "server terminated prematurely (%s; %llu of %llu bytes echoed)", strerror(e),
                    (unsigned long long)echoed, (unsigned long long)sent);
    return fail(c, "connection to %s port %s failed: %s", c->host, c->port, strerror(e));
}

/* Waits for fd to be readable within the timeout: 1 ready, 0 timed out, -1 error. */
static int wait_readable(int fd, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r;
    do
        r = poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    return r;
}

static int timed_out(struct client *c)
{
    return fail(c, "no echo from %s port %s within %d.%03d s", c->host, c->port,
                c->timeout_ms / 1000, c->timeout_ms % 1000);
}

static int mismatch(struct client *c, uint64_t offset, unsigned sent, unsigned got)
{
    return fail(c, "echo differs from what was sent at byte offset %llu (sent 0x%02x, got 0x%02x)",
                (unsigned long long)offset, sent, got);
}

/* Standard input, read by hand rather than through stdio: poll(2) can then tell when a
 * line is waiting, which stdio's hidden buffer would not. */
struct linebuf {
    char *buf;
    size_t len, cap;
    size_t used; /* the line handed out last, dropped at the next call */
    bool eof;
};

/*
 * Finds the next line (a final one may lack its newline): 1 with its length in *n,
 * 0 at end of input, -1 on failure (the reason in c->msg). While it waits for the user
 * it watches the server too, like UNP's str_cli with select: a server that goes away is
 * reported at once, not after the next line is typed.
 */
static int next_line(struct client *c, struct linebuf *lb, uint64_t total, size_t *n)
{
    if (lb->used != 0) {
        memmove(lb->buf, lb->buf + lb->used, lb->len - lb->used);
        lb->len -= lb->used;
        lb->used = 0;
    }
    for (;;) {
        char *nl = lb->len != 0 ? memchr(lb->buf, '\n', lb->len) : NULL;
        if (nl != NULL || (lb->eof && lb->len != 0)) {
            *n = nl != NULL ? (size_t)(nl - lb->buf) + 1 : lb->len;
            lb->used = *n;
            return 1;
        }
        if (lb->eof)
            return 0;
        struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                              {.fd = c->fd, .events = POLLIN}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -fail(c, "poll failed: %s", strerror(errno));
        }
        if (p[1].revents != 0) {
            char tmp[4096];
            ssize_t r = rio_read(c->fd, tmp, sizeof tmp);
            if (r == 0)
                return -fail(c,
                             "server terminated prematurely (while waiting for input; all %llu "
                             "bytes sent were echoed)",
                             (unsigned long long)total);
            if (r < 0)
                return -io_fail(c, errno, total, total);
            return -fail(c, "server sent %zd bytes that echo nothing sent", r);
        }
        if (p[0].revents != 0) {
            if (lb->cap - lb->len < 4096) {
                size_t cap = lb->cap != 0 ? lb->cap * 2 : 8192; /* no limit on a line */
                char *b = realloc(lb->buf, cap);
                if (b == NULL)
                    return -fail(c, "out of memory for a %zu-byte line", lb->len);
                lb->buf = b;
                lb->cap = cap;
            }
            ssize_t r = rio_read(STDIN_FILENO, lb->buf + lb->len, lb->cap - lb->len);
            if (r < 0)
                return -fail(c, "cannot read standard input: %s", strerror(errno));
            if (r == 0)
                lb->eof = true;
            lb->len += (size_t)r;
        }
    }
}

/* The lecture's client: a line out, exactly as many bytes back. */
static int run_lines(struct client *c)
{
    struct linebuf lb = {0};
    char *echo = NULL;
    size_t echo_cap = 0, n = 0;
    uint64_t total = 0;
    int rc = 0, more;
    while (rc == 0 && (more = next_line(c, &lb, total, &n)) != 0) {
        if (more < 0) {
            rc = 1;
            break;
        }
        const char *line = lb.buf;
        if (rio_writen(c->fd, line, n) < 0) {
            rc = io_fail(c, errno, total, total + n);
            break;
        }
        if (echo_cap < n) {
            char *p = realloc(echo, n);
            if (p == NULL) {
                rc = fail(c, "out of memory for a %zu-byte line", n);
                break;
            }
            echo = p;
            echo_cap = n;
        }
        size_t got = 0;
        while (rc == 0 && got < n) {
            int w = wait_readable(c->fd, c->timeout_ms);
            if (w == 0) {
                rc = timed_out(c);
                break;
            }
            ssize_t r = w < 0 ? -1 : rio_read(c->fd, echo + got, n - got);
            if (r < 0)
                rc = io_fail(c, errno, total + got, total + n);
            else if (r == 0)
                rc = fail(c, "server terminated prematurely (%llu of %llu bytes echoed)",
                          (unsigned long long)total + got, (unsigned long long)total + n);
            else
                got += (size_t)r;
        }
        if (rc != 0)
            break;
        if (c->verify) {
            for (size_t i = 0; i < got; i++) /* got == n here */
                if (echo[i] != line[i]) {
                    rc = mismatch(c, total + i, (unsigned char)line[i], (unsigned char)echo[i]);
                    break;
                }
        }
        if (rc == 0 && (fwrite(echo, 1, n, stdout) != n || fflush(stdout) != 0))
            rc = fail(c, "cannot write to standard output: %s", strerror(errno));
        total += n;
    }
    free(lb.buf);
    free(echo);
    return rc;
}

/* Compares n echoed bytes with the ring from position pos; -1 if equal, else index. */
static long long ring_diff(const unsigned char *ring, uint64_t pos, const unsigned char *p,
                           size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ring[(pos + i) % RING] != p[i])
            return (long long)i;
    return -1;
}

/* Streaming: stdin to the socket and the echo to stdout, concurrently. */
static int run_stream(struct client *c)
{
    unsigned char *ring = malloc(RING), *rbuf = malloc(CHUNK);
    /* in: read from stdin; sent: written to the socket; echoed: read back. */
    uint64_t in = 0, sent = 0, echoed = 0;
    bool in_eof = false, shut = false;
    int rc = 0;
    if (ring == NULL || rbuf == NULL) {
        rc = fail(c, "out of memory");
        goto out;
    }
    if (!net_set_nonblock(c->fd, true, c->msg, sizeof c->msg)) {
        rc = 1;
        goto out;
    }
    for (;;) {
        if (in_eof && sent == in && !shut) {
            shutdown(c->fd, SHUT_WR); /* the server sees EOF once it has everything */
            shut = true;
        }
        struct pollfd p[2] = {{.fd = c->fd, .events = POLLIN | (sent < in ? POLLOUT : 0)},
                              {.fd = STDIN_FILENO, .events = POLLIN}};
        bool want_in = !in_eof && in - echoed < RING;
        int r = poll(p, want_in ? 2 : 1, c->timeout_ms);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rc = fail(c, "poll failed: %s", strerror(errno));
            break;
        }
        if (r == 0) {
            if (echoed < sent || sent < in) {
                rc = timed_out(c);
                break;
            }
            continue; /* only stdin is slow: that is not the server's fault */
        }
        if (want_in && p[1].revents != 0) {
            size_t idx = in % RING, room = RING - (size_t)(in - echoed);
            size_t len = room < RING - idx ? room : RING - idx;
            ssize_t n = rio_read(STDIN_FILENO, ring + idx, len);
            if (n < 0) {
                rc = fail(c, "cannot read standard input: %s", strerror(errno));
                break;
            }
            if (n == 0)
                in_eof = true;
            in += (uint64_t)n;
        }
        if ((p[0].revents & (POLLOUT | POLLERR)) && sent < in) {
            size_t idx = sent % RING, len = (size_t)(in - sent);
            if (len > RING - idx)
                len = RING - idx;
            ssize_t n = send(c->fd, ring + idx, len, MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                rc = io_fail(c, errno, echoed, in);
                break;
            }
            if (n > 0)
                sent += (uint64_t)n;
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(c->fd, rbuf, CHUNK);
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR)
                    continue;
                rc = io_fail(c, errno, echoed, in);
                break;
            }
            if (n == 0) {
                if (!in_eof || echoed < in)
                    rc = fail(c, "server terminated prematurely (%llu of %llu bytes echoed)",
                              (unsigned long long)echoed, (unsigned long long)in);
                break;
            }
            size_t good = (size_t)n;
            if (echoed + good > sent)
                good = (size_t)(sent - echoed); /* more than we sent: not an echo */
            if (c->verify) {
                long long d = ring_diff(ring, echoed, rbuf, good);
                if (d >= 0) {
                    rc = mismatch(c, echoed + (uint64_t)d, ring[(echoed + (uint64_t)d) % RING],
                                  rbuf[d]);
                    break;
                }
                if (good < (size_t)n) {
                    rc = fail(c, "echo has more bytes than were sent (extra from byte offset %llu)",
                              (unsigned long long)sent);
                    break;
                }
            }
            if (rio_writen(STDOUT_FILENO, rbuf, (size_t)n) < 0) {
                rc = fail(c, "cannot write to standard output: %s", strerror(errno));
                break;
            }
            echoed += good;
        }
    }
out:
    free(ring);
    free(rbuf);
    return rc;
}

static void usage(FILE *f)
{
    fprintf(f, "Usage: " PROG " [options] [HOST [PORT]]\n"
               "Sends standard input to an echo server (default localhost 15213) and prints "
               "the echo.\n"
               "\n"
               "  -t, --timeout S   give up when connecting or waiting for an echo takes S "
               "seconds\n"
               "      --verify      compare the echo with what was sent; exit 1 naming the "
               "first differing byte\n"
               "  -l, --lines       line by line, as on a terminal (the default on a terminal)\n"
               "  -s, --stream      stream, as from a pipe (the default otherwise)\n"
               "  -h, --help        show this help and exit\n"
               "  -V, --version     show the version and exit\n");
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"timeout", required_argument, NULL, 't'},
        {"verify", no_argument, NULL, 'v'},
        {"lines", no_argument, NULL, 'l'},
        {"stream", no_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct client c = {.host = "localhost", .port = "15213", .fd = -1, .timeout_ms = -1};
    int mode = -1; /* 1 lines, 0 stream, -1 by whether stdin is a terminal */
    uint64_t v;
    uint16_t port;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":t:lshV", longopts, NULL)) != -1) {
        switch (ch) {
        case 't':
            if (!parse_u64(optarg, 1, 86400, &v))
                return usage_error(PROG, "invalid timeout (seconds, 1 to 86400) '%s'", optarg);
            c.timeout_ms = (int)v * 1000;
            break;
        case 'v':
            c.verify = true;
            break;
        case 'l':
            mode = 1;
            break;
        case 's':
            mode = 0;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf(PROG " (echosniff) %s\n", ECHOSNIFF_VERSION);
            return 0;
        case ':':
            return usage_error(PROG, "missing argument for option '%s'", argv[optind - 1]);
        default:
            return usage_error(PROG, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        c.host = argv[optind++];
    if (optind < argc) {
        if (!parse_port(argv[optind], false, &port))
            return usage_error(PROG, "invalid port '%s'", argv[optind]);
        c.port = argv[optind++];
    }
    if (optind < argc)
        return usage_error(PROG, "unexpected argument '%s'", argv[optind]);
    if (mode < 0)
        mode = isatty(STDIN_FILENO) ? 1 : 0;

    c.fd = net_open_clientfd(c.host, c.port, c.timeout_ms, c.msg, sizeof c.msg);
    if (c.fd < 0) {
        fprintf(stderr, PROG ": %s\n", c.msg);
        return 1;
    }
    net_set_nodelay(c.fd, NULL, 0); /* a line goes out at once, not after an ACK */
    int rc = mode ? run_lines(&c) : run_stream(&c);
    close(c.fd);
    if (rc != 0) {
        fflush(stdout);
        fprintf(stderr, PROG ": %s\n", c.msg);
    }
    return rc;
}
