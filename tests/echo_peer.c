/*
 * echo_peer.c: scripted TCP peers for the echo integration tests, behaviours that nc
 * and socat cannot play: many clients at once, a client that never reads, a reset, a
 * server that misbehaves. Every mode has a deadline, so a test never hangs.
 *
 *   echo_peer concurrent HOST PORT N SIZE     N clients at once, each sends SIZE bytes of
 *                                             its own pattern and checks the echo byte
 *                                             for byte
 *   echo_peer stall HOST PORT MAX             sends without reading until the server stops
 *                                             taking bytes (exit 0, prints "stalled after
 *                                             N bytes") or MAX bytes went (exit 3); then
 *                                             holds the connection until killed
 *   echo_peer serial HOST PORT serial|concurrent   client A is served; is client B served
 *                                             while A stays connected?
 *   echo_peer reset HOST PORT                 sends, then closes with an RST (SO_LINGER 0)
 *   echo_peer hold HOST PORT SECS             one echo, then waits for the server to close
 *                                             (exit 0) for up to SECS (exit 3)
 *   echo_peer badserver PORTFILE close|fin|corrupt|silent|full   a server for one client
 *                                             that closes after 3 bytes (RST) or 18 (FIN),
 *                                             flips byte 5 of the echo, never answers, or
 *                                             never accepts (its queue full: connect hangs)
 *
 * Exit: 0 the behaviour was as expected, 1 it was not (with a message), 2 usage.
 */
#include <errno.h>
#include <netinet/in.h>
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

#define DEADLINE_MS 45000

static int die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "echo_peer: <message>"; returns exit status 1. */
static int die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "echo_peer: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Byte i of client k's message: differs between clients and along the message. */
static unsigned char pattern(size_t k, size_t i)
{
    return (unsigned char)((k * 131u + i * 7u + (i >> 8)) & 0xff);
}

static int connect_to(const char *host, const char *port)
{
    char err[NET_ERR_LEN];
    int fd = net_open_clientfd(host, port, 10000, err, sizeof err);
    if (fd < 0)
        fprintf(stderr, "echo_peer: %s\n", err);
    return fd;
}

struct cl {
    int fd;
    size_t sent, got;
    bool done;
};

static int run_concurrent(const char *host, const char *port, size_t n, size_t size, struct cl *c,
                          struct pollfd *p)
{
    unsigned char buf[65536];
    /* Connect them all first, so they really are open at the same time. */
    for (size_t k = 0; k < n; k++) {
        c[k].fd = connect_to(host, port);
        if (c[k].fd < 0)
            return die("client %lld could not connect", (long long)k);
        net_set_nonblock(c[k].fd, true, NULL, 0);
    }
    size_t left = n;
    long long deadline = now_ms() + DEADLINE_MS;
    while (left > 0) {
        nfds_t m = 0;
        for (size_t k = 0; k < n; k++) {
            if (c[k].done)
                continue;
            p[m] = (struct pollfd){.fd = c[k].fd, .events = POLLIN};
            if (c[k].sent < size)
                p[m].events |= POLLOUT;
            m++;
        }
        long long wait = deadline - now_ms();
        if (wait <= 0 || poll(p, m, (int)wait) == 0)
            return die("timed out with %lld clients unfinished", (long long)left);
        /* Map back: walk clients in the same order as they were put in p. */
        nfds_t j = 0;
        for (size_t k = 0; k < n; k++) {
            if (c[k].done)
                continue;
            short re = p[j++].revents;
            if ((re & POLLOUT) && c[k].sent < size) {
                size_t len = size - c[k].sent < sizeof buf ? size - c[k].sent : sizeof buf;
                for (size_t i = 0; i < len; i++)
                    buf[i] = pattern(k, c[k].sent + i);
                ssize_t w = send(c[k].fd, buf, len, MSG_NOSIGNAL);
                if (w < 0 && errno != EAGAIN)
                    return die("client %lld: send failed", (long long)k);
                if (w > 0)
                    c[k].sent += (size_t)w;
                if (c[k].sent == size)
                    shutdown(c[k].fd, SHUT_WR);
            }
            if (re & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t r = read(c[k].fd, buf, sizeof buf);
                if (r < 0 && errno == EAGAIN)
                    continue;
                if (r < 0)
                    return die("client %lld: read failed", (long long)k);
                for (ssize_t i = 0; i < r; i++)
                    if (buf[i] != pattern(k, c[k].got + (size_t)i)) {
                        fprintf(stderr, "echo_peer: client %zu: byte %zu differs\n", k,
                                c[k].got + (size_t)i);
                        return 1;
                    }
                c[k].got += (size_t)r;
                if (c[k].got > size)
                    return die("client %lld: more bytes back than sent", (long long)k);
                if (r == 0) {
                    if (c[k].got != size) {
                        fprintf(stderr, "echo_peer: client %zu: closed after %zu of %zu bytes\n", k,
                                c[k].got, size);
                        return 1;
                    }
                    close(c[k].fd);
                    c[k].done = true;
                    left--;
                }
            }
        }
    }
    printf("%zu clients verified, %zu bytes each\n", n, size);
    return 0;
}

static int mode_concurrent(const char *host, const char *port, size_t n, size_t size)
{
    struct cl *c = calloc(n, sizeof *c);
    struct pollfd *p = calloc(n, sizeof *p);
    int rc = c && p ? run_concurrent(host, port, n, size, c, p) : die("out of memory");
    free(c);
    free(p);
    return rc;
}

static int mode_stall(const char *host, const char *port, unsigned long long max)
{
    int fd = connect_to(host, port);
    if (fd < 0)
        return 1;
    net_set_nonblock(fd, true, NULL, 0);
    unsigned char buf[65536];
    memset(buf, 'x', sizeof buf);
    unsigned long long sent = 0;
    while (sent < max) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int r = poll(&p, 1, 1000);
        if (r == 0)
            break; /* a full second without room: the server stopped reading */
        ssize_t w = send(fd, buf, sizeof buf, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN)
            return die("send failed after %lld bytes", (long long)sent);
        if (w > 0)
            sent += (unsigned long long)w;
    }
    if (sent >= max) {
        printf("sent all %llu bytes: the server never pushed back\n", sent);
        return 3;
    }
    printf("stalled after %llu bytes\n", sent);
    fflush(stdout);
    pause(); /* hold the connection, unread, until the test kills us */
    return 0;
}

/* Reads exactly n bytes within ms; 1 ok, 0 timeout, -1 EOF or error. */
static int read_within(int fd, char *buf, size_t n, int ms)
{
    size_t got = 0;
    long long deadline = now_ms() + ms;
    while (got < n) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        long long wait = deadline - now_ms();
        if (wait <= 0 || poll(&p, 1, (int)wait) == 0)
            return 0;
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 1;
}

static int mode_serial(const char *host, const char *port, bool expect_serial)
{
    char buf[4];
    int a = connect_to(host, port);
    if (a < 0 || rio_writen(a, "a\n", 2) != 2 || read_within(a, buf, 2, 10000) != 1)
        return die("client A was not served");
    int b = connect_to(host, port);
    if (b < 0 || rio_writen(b, "b\n", 2) != 2)
        return die("client B could not send");
    if (expect_serial) {
        /* While A is connected B must not be served; a real bug shows up at once. */
        if (read_within(b, buf, 2, 500) != 0)
            return die("client B was served while A was connected");
        close(a);
        if (read_within(b, buf, 2, 10000) != 1)
            return die("client B was not served after A left");
        printf("B waited for A, then was served\n");
    } else {
        if (read_within(b, buf, 2, 10000) != 1)
            return die("client B was not served while A was connected");
        close(a);
        printf("B was served while A was connected\n");
    }
    close(b);
    return 0;
}

static int mode_reset(const char *host, const char *port)
{
    int fd = connect_to(host, port);
    if (fd < 0)
        return 1;
    static char buf[100000];
    memset(buf, 'r', sizeof buf);
    if (rio_writen(fd, buf, sizeof buf) < 0)
        return die("send failed");
    struct linger lg = {.l_onoff = 1, .l_linger = 0}; /* close sends RST, not FIN */
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
    printf("reset sent\n");
    return 0;
}

static int mode_hold(const char *host, const char *port, unsigned long long secs)
{
    char buf[4096];
    int fd = connect_to(host, port);
    if (fd < 0 || rio_writen(fd, "x", 1) != 1 || read_within(fd, buf, 1, 10000) != 1)
        return die("not served");
    printf("connected\n");
    fflush(stdout);
    long long deadline = now_ms() + (long long)secs * 1000;
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        long long wait = deadline - now_ms();
        if (wait <= 0 || poll(&p, 1, (int)wait) == 0) {
            printf("server did not close within %llu s\n", secs);
            return 3;
        }
        ssize_t r = read(fd, buf, sizeof buf);
        if (r == 0) {
            printf("server closed\n");
            return 0;
        }
        if (r < 0)
            return die("read failed: %s", strerror(errno));
    }
}

static int mode_badserver(const char *portfile, const char *how)
{
    char err[NET_ERR_LEN];
    struct net_listeners l;
    bool full = strcmp(how, "full") == 0;
    if (net_open_listeners("127.0.0.1", "0", full ? 0 : 4, false, &l, err, sizeof err) != NET_OK)
        return die("%s", err);
    if (full) {
        /* Fill the accept queue (backlog 0) and never accept: the kernel then drops
         * new SYNs, so a client's connect hangs until its own timeout. */
        char port[8];
        snprintf(port, sizeof port, "%u", (unsigned)l.port);
        for (int i = 0; i < 4; i++) {
            int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            struct sockaddr_in in = {.sin_family = AF_INET,
                                     .sin_port = htons(l.port),
                                     .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
            connect(fd, (struct sockaddr *)&in, sizeof in);
        }
        usleep(200000); /* let the handshakes that fit complete */
    }
    FILE *f = fopen(portfile, "w");
    if (f == NULL)
        return die("cannot write %s", portfile);
    fprintf(f, "%u\n", (unsigned)l.port);
    fclose(f);
    if (full) {
        pause(); /* until the test kills us */
        return 0;
    }
    struct pollfd p = {.fd = l.fds[0], .events = POLLIN};
    if (poll(&p, 1, DEADLINE_MS) != 1)
        return die("no client came");
    int fd = accept(l.fds[0], NULL, NULL);
    char buf[65536];
    unsigned long long total = 0;
    if (strcmp(how, "close") == 0) {
        read_within(fd, buf, 3, 10000);
        close(fd); /* bytes left unread: the close sends an RST */
        return 0;
    }
    if (strcmp(how, "fin") == 0) {
        read_within(fd, buf, 18, 10000); /* the whole line: the close sends a FIN */
        close(fd);
        return 0;
    }
    long long deadline = now_ms() + DEADLINE_MS;
    while (now_ms() < deadline) {
        struct pollfd q = {.fd = fd, .events = POLLIN};
        if (poll(&q, 1, 1000) == 0)
            continue;
        ssize_t r = read(fd, buf, sizeof buf);
        if (r <= 0 && strcmp(how, "silent") == 0) {
            pause(); /* never answer, never close: the client must time out */
            break;
        }
        if (r <= 0)
            break;
        if (strcmp(how, "corrupt") == 0) {
            if (total <= 5 && total + (unsigned long long)r > 5)
                buf[5 - total] ^= 0x20;
            rio_writen(fd, buf, (size_t)r);
        }
        total += (unsigned long long)r;
    }
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t a = 0, b = 0;
    if (argc == 6 && strcmp(argv[1], "concurrent") == 0 && parse_u64(argv[4], 1, 100000, &a) &&
        parse_u64(argv[5], 1, 1u << 30, &b))
        return mode_concurrent(argv[2], argv[3], (size_t)a, (size_t)b);
    if (argc == 5 && strcmp(argv[1], "stall") == 0 && parse_u64(argv[4], 1, UINT64_MAX, &a))
        return mode_stall(argv[2], argv[3], a);
    if (argc == 5 && strcmp(argv[1], "serial") == 0)
        return mode_serial(argv[2], argv[3], strcmp(argv[4], "serial") == 0);
    if (argc == 4 && strcmp(argv[1], "reset") == 0)
        return mode_reset(argv[2], argv[3]);
    if (argc == 5 && strcmp(argv[1], "hold") == 0 && parse_u64(argv[4], 1, 3600, &a))
        return mode_hold(argv[2], argv[3], a);
    if (argc == 4 && strcmp(argv[1], "badserver") == 0)
        return mode_badserver(argv[2], argv[3]);
    fprintf(stderr, "usage: see the comment at the top of echo_peer.c\n");
    return 2;
}
