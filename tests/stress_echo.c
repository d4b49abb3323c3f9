/*
 * stress_echo.c: clients, well-behaved and not, for stress_echo.sh to aim at echoserver.
 *
 *   stress_echo PORT many N SIZE [early]  N connections held open at once, each sending
 *                                         SIZE bytes of its own pattern and checking the
 *                                         echo byte for byte; then a half-close and the
 *                                         server's EOF. "early": shut down the sending
 *                                         side right after the last byte is sent, before
 *                                         any echo is read (the echo must still come).
 *   stress_echo PORT idle N SECONDS       N connections that never send, held SECONDS
 *   stress_echo PORT noread BYTES SECONDS one connection that sends up to BYTES and never
 *                                         reads, held SECONDS
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

#define INFLIGHT 256

enum cstate { C_NEW, C_CONNECTING, C_OPEN, C_SHUT, C_DONE, C_FAILED };

struct client {
    int fd;
    enum cstate st;
    uint32_t id;
    uint64_t sent, got; /* bytes sent, bytes of echo received and checked */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Byte i of connection id's stream: a cheap hash, different for every connection. */
static uint8_t pattern(uint32_t id, uint64_t i)
{
    uint64_t x = (uint64_t)id * 0x9e3779b97f4a7c15u + i * 0xbf58476d1ce4e5b9u;
    x ^= x >> 31;
    x *= 0x94d049bb133111ebu;
    return (uint8_t)(x >> 56);
}

static void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static struct sockaddr_in server_addr(int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sa;
}

/* Starts a non-blocking connect; the client is then C_CONNECTING (or C_FAILED). */
static void start_connect(int ep, struct client *c, const struct sockaddr_in *sa)
{
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        fprintf(stderr, "stress_echo: socket: %s\n", strerror(errno));
        c->st = C_FAILED;
        return;
    }
    if (connect(c->fd, (const struct sockaddr *)sa, sizeof *sa) < 0 && errno != EINPROGRESS) {
        fprintf(stderr, "stress_echo: connect: %s\n", strerror(errno));
        close(c->fd);
        c->fd = -1;
        c->st = C_FAILED;
        return;
    }
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        close(c->fd);
        c->fd = -1;
        c->st = C_FAILED;
        return;
    }
    c->st = C_CONNECTING;
}

/* Opens n connections, at most INFLIGHT connects at a time, until all are open or the
 * deadline passes. Returns how many are open. */
static uint32_t connect_all(int ep, struct client *cl, uint32_t n, int port, int64_t deadline)
{
    struct sockaddr_in sa = server_addr(port);
    uint32_t next = 0, inflight = 0, open_n = 0, failed = 0;
    struct epoll_event evs[256];
    while (open_n + failed < n && now_ms() < deadline) {
        while (next < n && inflight < INFLIGHT) {
            start_connect(ep, &cl[next], &sa);
            if (cl[next].st == C_CONNECTING)
                inflight++;
            else
                failed++;
            next++;
        }
        int k = epoll_wait(ep, evs, 256, 100);
        for (int i = 0; i < k; i++) {
            struct client *c = evs[i].data.ptr;
            if (c->st != C_CONNECTING)
                continue;
            int err = 0;
            socklen_t len = sizeof err;
            (void)getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
            inflight--;
            if (err != 0) {
                fprintf(stderr, "stress_echo: connect #%u: %s\n", c->id, strerror(err));
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = -1;
                c->st = C_FAILED;
                failed++;
                continue;
            }
            struct epoll_event ev = {.events = 0, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev); /* quiet until the next phase */
            c->st = C_OPEN;
            open_n++;
        }
    }
    return open_n;
}

static void close_all(struct client *cl, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (cl[i].fd >= 0) {
            close(cl[i].fd);
            cl[i].fd = -1;
        }
}

static struct client *alloc_clients(uint32_t n)
{
    struct client *cl = calloc(n ? n : 1, sizeof *cl);
    if (!cl) {
        fprintf(stderr, "stress_echo: out of memory\n");
        exit(2);
    }
    for (uint32_t i = 0; i < n; i++) {
        cl[i].fd = -1;
        cl[i].id = i + 1;
    }
    return cl;
}

static int cmd_many(int port, uint32_t n, uint64_t size, bool early)
{
    int64_t deadline = now_ms() + 60000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(n);
    uint32_t held = connect_all(ep, cl, n, port, deadline);
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
    uint32_t done = 0, bad = 0;
    uint64_t verified = 0;
    static uint8_t buf[65536];
    struct epoll_event evs[256];
    while (done + bad < n && now_ms() < deadline) {
        int k = epoll_wait(ep, evs, 256, 200);
        for (int e = 0; e < k; e++) {
            struct client *c = evs[e].data.ptr;
            if (c->st != C_OPEN && c->st != C_SHUT)
                continue;
            if ((evs[e].events & EPOLLOUT) && c->sent < size) {
                size_t want = size - c->sent < sizeof buf ? (size_t)(size - c->sent) : sizeof buf;
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
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                    if (early) {
                        shutdown(c->fd, SHUT_WR);
                        c->st = C_SHUT;
                    }
                }
            }
            if (c->st != C_FAILED && (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
                ssize_t r = recv(c->fd, buf, sizeof buf, 0);
                if (r > 0) {
                    for (ssize_t i = 0; i < r; i++)
                        if (c->got + (uint64_t)i >= c->sent ||
                            buf[i] != pattern(c->id, c->got + (uint64_t)i)) {
                            fprintf(stderr,
                                    "stress_echo: #%u: echo byte %llu is 0x%02x, sent 0x%02x%s\n",
                                    c->id, (unsigned long long)(c->got + (uint64_t)i), buf[i],
                                    pattern(c->id, c->got + (uint64_t)i),
                                    c->got + (uint64_t)i >= c->sent ? " (never sent)" : "");
                            c->st = C_FAILED;
                            break;
                        }
                    if (c->st != C_FAILED)
                        c->got += (uint64_t)r;
                    if (c->st == C_OPEN && c->got == size) {
                        shutdown(c->fd, SHUT_WR); /* done: now the server's EOF */
                        c->st = C_SHUT;
                    }
                } else if (r == 0) {
                    if (c->got == size && c->st == C_SHUT) {
                        c->st = C_DONE;
                        verified += c->got;
                        done++;
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
            if (c->st == C_FAILED) {
                bad++;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = -1;
            } else if (c->st == C_DONE) {
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = -1;
            }
        }
    }
    uint32_t late = n - done - bad;
    printf("many: %u connections held at once, %u verified byte-exact (%llu bytes), %u failed, "
           "%u unfinished at the deadline\n",
           held, done, (unsigned long long)verified, bad, late);
    close_all(cl, n);
    free(cl);
    close(ep);
    return done == n ? 0 : 1;
}

static void hold(int64_t until)
{
    while (now_ms() < until) {
        struct timespec ts = {0, 50 * 1000000};
        nanosleep(&ts, NULL);
    }
}

static int cmd_idle(int port, uint32_t n, int secs)
{
    int64_t until = now_ms() + (int64_t)secs * 1000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(n);
    uint32_t open_n = connect_all(ep, cl, n, port, until);
    printf("idle: %u of %u connected, holding\n", open_n, n);
    fflush(stdout);
    hold(until);
    close_all(cl, n);
    free(cl);
    close(ep);
    return 0;
}

static int cmd_noread(int port, uint64_t bytes, int secs)
{
    int64_t until = now_ms() + (int64_t)secs * 1000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(1);
    if (connect_all(ep, cl, 1, port, until) != 1) {
        printf("noread: could not connect\n");
        return 1;
    }
    static uint8_t buf[65536];
    memset(buf, 'n', sizeof buf);
    uint64_t sent = 0;
    int64_t last_progress = now_ms();
    /* Send until the server stops taking bytes for a second (flow control holds them). */
    while (sent < bytes && now_ms() < until && now_ms() - last_progress < 1000) {
        size_t want = bytes - sent < sizeof buf ? (size_t)(bytes - sent) : sizeof buf;
        ssize_t w = send(cl[0].fd, buf, want, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w > 0) {
            sent += (uint64_t)w;
            last_progress = now_ms();
        } else if (w < 0 && errno != EAGAIN) {
            break;
        } else {
            struct timespec ts = {0, 10 * 1000000};
            nanosleep(&ts, NULL);
        }
    }
    printf("noread: sent %llu bytes before the server stopped taking them, holding\n",
           (unsigned long long)sent);
    fflush(stdout);
    hold(until);
    close_all(cl, 1);
    free(cl);
    close(ep);
    return 0;
}

static int cmd_reset(int port, uint32_t n)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(n);
    uint32_t open_n = connect_all(ep, cl, n, port, now_ms() + 30000);
    static uint8_t buf[65536];
    memset(buf, 'r', sizeof buf);
    uint32_t reset = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (cl[i].fd < 0)
            continue;
        (void)send(cl[i].fd, buf, sizeof buf, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (i % 2) /* half of them read a little of the echo first */
            (void)recv(cl[i].fd, buf, 1000, MSG_DONTWAIT);
        struct linger lg = {.l_onoff = 1, .l_linger = 0};
        setsockopt(cl[i].fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(cl[i].fd); /* RST, with the server mid-echo */
        cl[i].fd = -1;
        reset++;
    }
    printf("reset: %u of %u connections reset mid-transfer\n", reset, open_n);
    free(cl);
    close(ep);
    return 0;
}

/* Paced load: R messages a second spread over C connections, each echo checked. */
static int cmd_rate(int port, uint32_t nconn, uint64_t rate, int secs, uint64_t size)
{
    int64_t start = now_ms(), until = start + (int64_t)secs * 1000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(nconn);
    if (connect_all(ep, cl, nconn, port, start + 10000) != nconn) {
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
        fprintf(stderr, "usage: stress_echo PORT many N SIZE [early] | idle N SECONDS | "
                        "noread BYTES SECONDS | reset N | rate C R SECONDS SIZE\n");
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
    if (strcmp(cmd, "noread") == 0 && argc == 5)
        return cmd_noread(port, strtoull(argv[3], NULL, 10), atoi(argv[4]));
    if (strcmp(cmd, "rate") == 0 && argc == 7)
        return cmd_rate(port, (uint32_t)strtoul(argv[3], NULL, 10), strtoull(argv[4], NULL, 10),
                        atoi(argv[5]), strtoull(argv[6], NULL, 10));
    if (strcmp(cmd, "reset") == 0)
        return cmd_reset(port, (uint32_t)strtoul(argv[3], NULL, 10));
    fprintf(stderr, "stress_echo: unknown command %s\n", cmd);
    return 2;
}
