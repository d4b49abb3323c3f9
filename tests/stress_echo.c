/*
 * stress_echo.c: clients, well-behaved and not, for stress_echo.sh to aim at echoserver.
 *
 *   stress_echo PORT many N SIZE [early]  N connections held open at once, each sending
 *                                         SIZE bytes of its own pattern and checking the
 *                                         echo byte for byte; then a half-close and the
 *                                         server's EOF. "early": shut down the sending
 *                                         side right after the last byte is sent, before
 *                                         any echo is read (the echo must still come).
 *   stress_echo PORT idle N SECONDS       N connections that never send, held SECONDS or
 *                                         until the server has closed them all; says how
 *                                         many it closed (FIN) and reset
 *   stress_echo PORT noread N BYTES SECONDS   N connections that each send up to BYTES
 *                                         and never read, held SECONDS; says how many
 *                                         the server closed. Their own buffers are
 *                                         small (NOREAD_BUF), so that on one host the
 *                                         kernel's TCP memory shows what the server pins
 *   stress_echo PORT slow N SECONDS MS    slowloris: N connections each sending one byte
 *                                         every MS milliseconds for SECONDS, reading the
 *                                         echo; then a half-close: each must get every
 *                                         byte back and the server's FIN, however long
 *                                         it waited in the backlog; exit 1 otherwise
 *   stress_echo PORT reset N              N connections that send 64 KiB and reset (RST,
 *                                         SO_LINGER 0) mid-echo
 *   stress_echo PORT rate C R SECS SIZE   load for bench/capture_load.sh: C connections
 *                                         sending R messages of SIZE bytes a second in
 *                                         all, for SECS seconds, echoes checked
 *
 * Everything is on 127.0.0.1, driven by one epoll loop, bounded by a deadline (60 s for
 * "many"); at most 256 connects are in flight at once so the listen backlog is never
 * the bottleneck. Each prints one line of figures; "many" exits 1 if any byte was lost,
 * altered or late, or any connection failed. The descriptor limit is raised to its hard
 * limit first (the caller raises the hard limit: ulimit -n / prlimit).
 *
 * This file holds the well-behaved clients (many, rate) and the command line; the
 * misbehaving ones are stress_abuse.c's, the client connections stress_clients.c's.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "stress_clients.h"

/* "many": what the run has seen so far. */
struct many {
    int ep;
    uint64_t size; /* bytes each connection sends */
    bool early;    /* shut the sending side down right after the last byte */
    uint32_t done, bad;
    uint64_t verified;
};

/* Sends what c's socket takes of the rest of its bytes; once all are sent, only the echo
 * is waited for (and, "early", the sending side is shut down now). */
static void many_send(struct many *m, struct client *c, uint8_t *buf, size_t cap)
{
    uint64_t size = m->size;
    size_t want = size - c->sent < cap ? (size_t)(size - c->sent) : cap;
    for (size_t i = 0; i < want; i++)
        buf[i] = pattern(c->id, c->sent + i);
    ssize_t w = send(c->fd, buf, want, MSG_NOSIGNAL);
    if (w > 0)
        c->sent += (uint64_t)w;
    else if (w < 0 && errno != EAGAIN) {
        fprintf(stderr, "stress_echo: #%u send: %s\n", c->id, strerror(errno));
        c->st = C_FAILED;
    }
    if (c->st == C_OPEN && c->sent == size) {
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(m->ep, EPOLL_CTL_MOD, c->fd, &ev);
        if (m->early) {
            shutdown(c->fd, SHUT_WR);
            c->st = C_SHUT;
        }
    }
}

/* Reads and checks c's echo; after the whole echo, the half-close, then the server's EOF
 * ends the connection (an EOF before is a failure). */
static void many_recv(struct many *m, struct client *c, uint8_t *buf, size_t cap)
{
    uint64_t size = m->size;
    ssize_t r = recv(c->fd, buf, cap, 0);
    if (r > 0) {
        check_echo(c, buf, (size_t)r);
        if (c->st == C_OPEN && c->got == size) {
            shutdown(c->fd, SHUT_WR); /* done: now the server's EOF */
            c->st = C_SHUT;
        }
    } else if (r == 0) {
        if (c->got == size && c->st == C_SHUT) {
            c->st = C_DONE;
            m->verified += c->got;
            m->done++;
        } else {
            fprintf(stderr, "stress_echo: #%u: EOF after %llu of %llu bytes\n", c->id,
                    (unsigned long long)c->got, (unsigned long long)size);
            c->st = C_FAILED;
        }
    } else if (errno != EAGAIN) {
        fprintf(stderr, "stress_echo: #%u recv: %s\n", c->id, strerror(errno));
        c->st = C_FAILED;
    }
}

/* A connection that failed or is done leaves the epoll set and is closed. */
static void many_retire(struct many *m, struct client *c)
{
    if (c->st == C_FAILED) {
        m->bad++;
        epoll_ctl(m->ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        c->fd = -1;
    } else if (c->st == C_DONE) {
        epoll_ctl(m->ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        c->fd = -1;
    }
}

static int cmd_many(int port, uint32_t n, uint64_t size, bool early)
{
    int64_t deadline = now_ms() + 60000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(n);
    uint32_t held = connect_all(ep, cl, n, port, deadline, 0);
    if (held < n) {
        printf("many: only %u of %u connections opened\n", held, n);
        close_all(cl, n);
        free(cl);
        return 1;
    }
    for (uint32_t i = 0; i < n; i++) {
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = &cl[i]};
        epoll_ctl(ep, EPOLL_CTL_MOD, cl[i].fd, &ev);
    }
    struct many m = {.ep = ep, .size = size, .early = early};
    static uint8_t buf[65536];
    struct epoll_event evs[256];
    while (m.done + m.bad < n && now_ms() < deadline) {
        int k = epoll_wait(ep, evs, 256, 200);
        for (int e = 0; e < k; e++) {
            struct client *c = evs[e].data.ptr;
            if (c->st != C_OPEN && c->st != C_SHUT)
                continue;
            if ((evs[e].events & EPOLLOUT) && c->sent < size)
                many_send(&m, c, buf, sizeof buf);
            if (c->st != C_FAILED && (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                many_recv(&m, c, buf, sizeof buf);
            many_retire(&m, c);
        }
    }
    uint32_t late = n - m.done - m.bad;
    printf("many: %u connections held at once, %u verified byte-exact (%llu bytes), %u failed, "
           "%u unfinished at the deadline\n",
           held, m.done, (unsigned long long)m.verified, m.bad, late);
    close_all(cl, n);
    free(cl);
    close(ep);
    return m.done == n ? 0 : 1;
}

/* Paced load: R messages a second spread over C connections, each echo checked. */
static int cmd_rate(int port, uint32_t nconn, uint64_t rate, int secs, uint64_t size)
{
    int64_t start = now_ms(), until = start + (int64_t)secs * 1000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(nconn);
    if (connect_all(ep, cl, nconn, port, start + 10000, 0) != nconn) {
        printf("rate: could not open %u connections\n", nconn);
        return 1;
    }
    for (uint32_t i = 0; i < nconn; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cl[i]};
        epoll_ctl(ep, EPOLL_CTL_MOD, cl[i].fd, &ev);
    }
    static uint8_t buf[65536];
    uint64_t msgs = 0, skipped = 0, bad = 0;
    uint32_t rr = 0;
    struct epoll_event evs[256];
    int64_t t;
    while ((t = now_ms()) < until) {
        uint64_t due = rate * (uint64_t)(t - start) / 1000;
        /* At most one round of the connections per pass, so reading keeps up. */
        for (uint32_t k = 0; msgs + skipped < due && k < nconn; k++) {
            struct client *c = &cl[rr++ % nconn];
            if (c->st != C_OPEN || c->sent - c->got > 4 * size) {
                skipped++; /* this connection's echo is behind: the load is past capacity */
                continue;
            }
            size_t n = size < sizeof buf ? (size_t)size : sizeof buf;
            for (size_t i = 0; i < n; i++)
                buf[i] = pattern(c->id, c->sent + i);
            ssize_t w = send(c->fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w > 0) {
                c->sent += (uint64_t)w;
                msgs++;
            } else {
                skipped++;
            }
        }
        int k = epoll_wait(ep, evs, 256, 1);
        for (int e = 0; e < k; e++) {
            struct client *c = evs[e].data.ptr;
            ssize_t r = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
            if (r <= 0) {
                if (r == 0 || errno != EAGAIN) {
                    c->st = C_FAILED;
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    bad++;
                }
                continue;
            }
            for (ssize_t i = 0; i < r; i++)
                if (buf[i] != pattern(c->id, c->got + (uint64_t)i))
                    bad++;
            c->got += (uint64_t)r;
        }
    }
    uint64_t sent = 0, got = 0;
    for (uint32_t i = 0; i < nconn; i++) {
        sent += cl[i].sent;
        got += cl[i].got;
    }
    double el = (double)(now_ms() - start) / 1000.0;
    printf("rate: %u connections, %llu messages in %.1f s (%.0f/s, asked %llu/s), %llu not sent "
           "(echo behind), %llu bytes sent, %llu echoed, %llu errors\n",
           nconn, (unsigned long long)msgs, el, (double)msgs / el, (unsigned long long)rate,
           (unsigned long long)skipped, (unsigned long long)sent, (unsigned long long)got,
           (unsigned long long)bad);
    close_all(cl, nconn);
    free(cl);
    close(ep);
    return bad == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr,
                "usage: stress_echo PORT many N SIZE [early] | idle N SECONDS | "
                "noread N BYTES SECONDS | slow N SECONDS MS | reset N | rate C R SECONDS SIZE\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    raise_nofile();
    int port = atoi(argv[1]);
    const char *cmd = argv[2];
    if (strcmp(cmd, "many") == 0 && argc >= 5)
        return cmd_many(port, (uint32_t)strtoul(argv[3], NULL, 10), strtoull(argv[4], NULL, 10),
                        argc > 5 && strcmp(argv[5], "early") == 0);
    if (strcmp(cmd, "idle") == 0 && argc == 5)
        return cmd_idle(port, (uint32_t)strtoul(argv[3], NULL, 10), atoi(argv[4]));
    if (strcmp(cmd, "noread") == 0 && argc == 6)
        return cmd_noread(port, (uint32_t)strtoul(argv[3], NULL, 10), strtoull(argv[4], NULL, 10),
                          atoi(argv[5]));
    if (strcmp(cmd, "slow") == 0 && argc == 6)
        return cmd_slow(port, (uint32_t)strtoul(argv[3], NULL, 10), atoi(argv[4]), atoi(argv[5]));
    if (strcmp(cmd, "rate") == 0 && argc == 7)
        return cmd_rate(port, (uint32_t)strtoul(argv[3], NULL, 10), strtoull(argv[4], NULL, 10),
                        atoi(argv[5]), strtoull(argv[6], NULL, 10));
    if (strcmp(cmd, "reset") == 0)
        return cmd_reset(port, (uint32_t)strtoul(argv[3], NULL, 10));
    fprintf(stderr, "stress_echo: unknown command %s\n", cmd);
    return 2;
}
