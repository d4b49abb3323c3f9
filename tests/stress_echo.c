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
/* SO_SNDBUF/SO_RCVBUF of the never-reading clients: the client's kernel memory is its
 * own host's (the attacker's); here, on the server's host, it would hide the server's. */
#define NOREAD_BUF (16 * 1024)

enum cstate { C_NEW, C_CONNECTING, C_OPEN, C_SHUT, C_DONE, C_FAILED };

struct client {
    int fd;
    enum cstate st;
    uint32_t id;
    uint64_t sent, got; /* bytes sent, bytes of echo received and checked */
    int64_t next_ms;    /* slow: when to send the next byte */
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

/* Starts a non-blocking connect, with socket buffers of bufsize (0: the kernel's);
 * the client is then C_CONNECTING (or C_FAILED). */
static void start_connect(int ep, struct client *c, const struct sockaddr_in *sa, int bufsize)
{
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        fprintf(stderr, "stress_echo: socket: %s\n", strerror(errno));
        c->st = C_FAILED;
        return;
    }
    if (bufsize != 0) {
        setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof bufsize);
        setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof bufsize);
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
static uint32_t connect_all(int ep, struct client *cl, uint32_t n, int port, int64_t deadline,
                            int bufsize)
{
    struct sockaddr_in sa = server_addr(port);
    uint32_t next = 0, inflight = 0, open_n = 0, failed = 0;
    struct epoll_event evs[256];
    while (open_n + failed < n && now_ms() < deadline) {
        while (next < n && inflight < INFLIGHT) {
            start_connect(ep, &cl[next], &sa, bufsize);
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

/* Checks n bytes of c's echo against what it sent; C_FAILED on the first difference. */
static void check_echo(struct client *c, const uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (c->got + i >= c->sent || buf[i] != pattern(c->id, c->got + i)) {
            fprintf(stderr, "stress_echo: #%u: echo byte %llu is 0x%02x, sent 0x%02x%s\n", c->id,
                    (unsigned long long)(c->got + i), buf[i], pattern(c->id, c->got + i),
                    c->got + i >= c->sent ? " (never sent)" : "");
            c->st = C_FAILED;
            return;
        }
    c->got += n;
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
                    check_echo(c, buf, (size_t)r);
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

/*
 * Holds the open connections until `until` or until the server has closed them all,
 * watching for its closes without reading: a FIN (the peer's end of file) or a reset.
 * Returns how many it closed; *reset says how many of those with a reset.
 */
static uint32_t watch_closes(int ep, struct client *cl, uint32_t n, int64_t until, uint32_t *reset)
{
    uint32_t open_n = 0, closed = 0;
    *reset = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (cl[i].fd < 0)
            continue;
        struct epoll_event ev = {.events = EPOLLRDHUP, .data.ptr = &cl[i]};
        epoll_ctl(ep, EPOLL_CTL_MOD, cl[i].fd, &ev);
        open_n++;
    }
    struct epoll_event evs[256];
    int64_t t;
    while (closed < open_n && (t = now_ms()) < until) {
        int k = epoll_wait(ep, evs, 256, (int)(until - t < 200 ? until - t : 200));
        for (int e = 0; e < k; e++) {
            struct client *c = evs[e].data.ptr;
            int err = 0;
            socklen_t len = sizeof err;
            (void)getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err == ECONNRESET || (evs[e].events & EPOLLERR))
                (*reset)++;
            epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
            close(c->fd);
            c->fd = -1;
            c->st = C_DONE;
            closed++;
        }
    }
    return closed;
}

static int cmd_idle(int port, uint32_t n, int secs)
{
    int64_t until = now_ms() + (int64_t)secs * 1000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(n);
    uint32_t open_n = connect_all(ep, cl, n, port, until, 0), reset;
    printf("idle: %u of %u connected, holding\n", open_n, n);
    fflush(stdout);
    uint32_t closed = watch_closes(ep, cl, n, until, &reset);
    printf("idle: %u closed by the server (%u of them reset), %u still open after %.1f s\n", closed,
           reset, open_n - closed, (double)(now_ms() - (until - secs * 1000)) / 1000.0);
    close_all(cl, n);
    free(cl);
    close(ep);
    return 0;
}

/* Sends on every connection, never reading, until the server has stopped taking bytes
 * from all of them for a second (flow control holds them) or each sent `bytes`. */
static uint64_t send_until_stalled(struct client *cl, uint32_t n, uint64_t bytes, int64_t until)
{
    static uint8_t buf[65536];
    memset(buf, 'n', sizeof buf);
    uint64_t total = 0;
    int64_t last_progress = now_ms();
    while (now_ms() < until && now_ms() - last_progress < 1000) {
        bool moved = false;
        for (uint32_t i = 0; i < n; i++) {
            if (cl[i].fd < 0 || cl[i].sent >= bytes)
                continue;
            size_t want =
                bytes - cl[i].sent < sizeof buf ? (size_t)(bytes - cl[i].sent) : sizeof buf;
            ssize_t w = send(cl[i].fd, buf, want, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w > 0) {
                cl[i].sent += (uint64_t)w;
                total += (uint64_t)w;
                moved = true;
            }
        }
        if (moved) {
            last_progress = now_ms();
        } else {
            struct timespec ts = {0, 10 * 1000000};
            nanosleep(&ts, NULL);
        }
    }
    return total;
}

static int cmd_noread(int port, uint32_t n, uint64_t bytes, int secs)
{
    int64_t start = now_ms(), until = start + (int64_t)secs * 1000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(n);
    uint32_t open_n = connect_all(ep, cl, n, port, until, NOREAD_BUF), reset;
    uint64_t total = send_until_stalled(cl, n, bytes, until);
    printf("noread: %u connections sent %llu bytes in all before the server stopped taking "
           "them; holding\n",
           open_n, (unsigned long long)total);
    fflush(stdout);
    uint32_t closed = watch_closes(ep, cl, n, until, &reset);
    printf("noread: %u closed by the server (%u of them reset), %u still open after %.1f s\n",
           closed, reset, open_n - closed, (double)(now_ms() - start) / 1000.0);
    close_all(cl, n);
    free(cl);
    close(ep);
    return open_n == n ? 0 : 1;
}

/* slow: each open connection's next byte, when due; the half-close once sending is over. */
static void slow_send(struct client *cl, uint32_t n, int64_t t, int64_t stop_sending, int ms)
{
    for (uint32_t i = 0; i < n; i++) {
        struct client *c = &cl[i];
        if (c->st != C_OPEN)
            continue;
        if (t >= stop_sending) {
            shutdown(c->fd, SHUT_WR);
            c->st = C_SHUT;
        } else if (t >= c->next_ms) {
            uint8_t b = pattern(c->id, c->sent);
            ssize_t w = send(c->fd, &b, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w == 1)
                c->sent++;
            else if (w < 0 && errno != EAGAIN)
                c->st = C_FAILED;
            c->next_ms += ms;
        }
    }
}

/* slow: reads what c's socket holds. 1 when c is done (all echoed, then the FIN), -1 when
 * it failed (*reset counts resets), 0 to go on. */
static int slow_recv(struct client *c, uint32_t *reset)
{
    uint8_t buf[4096];
    ssize_t r = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (r > 0)
        check_echo(c, buf, (size_t)r);
    else if (r == 0)
        c->st = c->st == C_SHUT && c->got == c->sent ? C_DONE : C_FAILED;
    else if (errno != EAGAIN) {
        *reset += errno == ECONNRESET;
        c->st = C_FAILED;
    }
    return c->st == C_DONE ? 1 : c->st == C_FAILED ? -1 : 0;
}

static int cmd_slow(int port, uint32_t n, int secs, int ms)
{
    int64_t start = now_ms(), stop_sending = start + (int64_t)secs * 1000;
    /* Served one after another in the worst case: the queued ones' turn comes late. */
    int64_t deadline = stop_sending + (int64_t)secs * 2000 + 30000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(n);
    uint32_t open_n = connect_all(ep, cl, n, port, deadline, 0), done = 0, bad = 0, reset = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cl[i]};
        cl[i].next_ms = start;
        if (cl[i].fd >= 0)
            epoll_ctl(ep, EPOLL_CTL_MOD, cl[i].fd, &ev);
    }
    uint64_t sent = 0;
    struct epoll_event evs[256];
    while (done + bad < open_n && now_ms() < deadline) {
        slow_send(cl, n, now_ms(), stop_sending, ms);
        int k = epoll_wait(ep, evs, 256, 20);
        for (int e = 0; e < k; e++) {
            struct client *c = evs[e].data.ptr;
            int st = c->st == C_OPEN || c->st == C_SHUT ? slow_recv(c, &reset) : 0;
            if (st != 0) {
                done += st > 0;
                bad += st < 0;
                sent += c->sent;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = -1;
            }
        }
    }
    printf("slow: %u clients sent a byte every %d ms for %d s (%llu bytes in all): %u got every "
           "byte back and the server's FIN, %u failed (%u reset), %u unfinished after %.1f s\n",
           n, ms, secs, (unsigned long long)sent, done, bad, reset, n - done - bad,
           (double)(now_ms() - start) / 1000.0);
    close_all(cl, n);
    free(cl);
    close(ep);
    return done == n ? 0 : 1;
}

static int cmd_reset(int port, uint32_t n)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct client *cl = alloc_clients(n);
    uint32_t open_n = connect_all(ep, cl, n, port, now_ms() + 30000, 0);
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
