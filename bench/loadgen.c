/*
 * loadgen.c: a load generator for echo servers. It opens N connections, keeps DEPTH
 * messages of SIZE bytes in flight on each (pipelining), and for DURATION seconds counts
 * round trips: a message's round trip ends when its last byte comes back. Every byte is
 * checked against what was sent (a pattern derived from the connection and the stream
 * offset, so nothing has to be stored), and any difference ends the run with status 1.
 *
 * One thread, one level-triggered epoll loop, TCP_NODELAY on every socket, so the
 * generator measures the server and not Nagle's algorithm. Latencies go into a
 * histogram (1 us steps to 10 ms, 100 us steps to 1 s) for p50 and p99; max is exact.
 * With -r RATE it is paced instead of closed-loop: at most RATE messages a second over
 * all connections, as many as were due since the start (a capture benchmark needs a
 * load that rises in known steps, bench/capture_load.sh). With -m MSGS each connection
 * is closed after MSGS round trips and a new one opened in its place, without end (a
 * soak test of a sniffer's connection table, bench/soak.sh); opened= counts them.
 * It prints one line of key=value pairs, easy for a script to pick apart:
 *
 *   loadgen conns=100 size=64 depth=1 secs=5.00 rtps=81234 p50_us=1180 p99_us=2310
 *           max_us=9120 errors=0 verified_bytes=... cpu_pct=97 opened=100
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "net.h"

#define MAX_DEPTH 64
#define FINE_BUCKETS 10000  /* 1 us each: 0..10 ms */
#define COARSE_BUCKETS 9900 /* 100 us each: 10 ms..1 s */

struct conn {
    int fd;
    uint32_t id;
    bool connected;
    uint32_t done;            /* round trips completed on this connection */
    uint64_t sent, target;    /* stream bytes sent, bytes that should have been sent */
    uint64_t recvd;           /* stream bytes received and verified */
    int64_t stamp[MAX_DEPTH]; /* send time of each message in flight, a ring */
    unsigned head, inflight;
    uint32_t interest;
};

struct gen {
    const char *host, *port;
    uint32_t nconns, size, depth;
    double secs;
    uint64_t rate;    /* -r: messages a second over all connections, 0: unpaced */
    uint32_t churn;   /* -m: round trips per connection before it is replaced, 0: never */
    uint32_t next_id; /* the next connection's id (its byte pattern) */
    uint64_t opened;  /* connections opened, replacements included */
    const struct addrinfo *ai;
    int64_t pace_start; /* when the paced schedule began */
    uint64_t issued;    /* messages queued so far */
    int epfd;
    struct conn *c;
    uint64_t hist[FINE_BUCKETS + COARSE_BUCKETS + 1];
    uint64_t rts, errors, verified;
    int64_t max_ns;
    bool measuring;
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Byte at stream offset o of connection id. */
static inline unsigned char pattern(uint32_t id, uint64_t o)
{
    return (unsigned char)(id * 7u + o * 31u + (o >> 8));
}

static void record(struct gen *g, int64_t ns)
{
    int64_t us = ns / 1000;
    size_t b;
    if (us < FINE_BUCKETS)
        b = (size_t)us;
    else if (us < FINE_BUCKETS + (int64_t)COARSE_BUCKETS * 100)
        b = FINE_BUCKETS + (size_t)((us - FINE_BUCKETS) / 100);
    else
        b = FINE_BUCKETS + COARSE_BUCKETS;
    g->hist[b]++;
    g->rts++;
    if (ns > g->max_ns)
        g->max_ns = ns;
}

/* The latency at quantile q, in microseconds (the bucket's lower edge). */
static int64_t quantile_us(const struct gen *g, double q)
{
    uint64_t total = 0, seen = 0;
    for (size_t b = 0; b <= FINE_BUCKETS + COARSE_BUCKETS; b++)
        total += g->hist[b];
    if (total == 0)
        return 0;
    uint64_t want = (uint64_t)(q * (double)total);
    if (want >= total)
        want = total - 1;
    for (size_t b = 0; b <= FINE_BUCKETS + COARSE_BUCKETS; b++) {
        seen += g->hist[b];
        if (seen > want)
            return b < FINE_BUCKETS ? (int64_t)b : FINE_BUCKETS + (int64_t)(b - FINE_BUCKETS) * 100;
    }
    return 0;
}

static void set_interest(struct gen *g, struct conn *c)
{
    uint32_t want = EPOLLIN | (c->sent < c->target || !c->connected ? EPOLLOUT : 0);
    if (want == c->interest)
        return;
    struct epoll_event ev = {.events = want, .data.ptr = c};
    epoll_ctl(g->epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->interest = want;
}

/* Queues messages up to the pipelining depth and sends what the socket takes. */
static bool pump_send(struct gen *g, struct conn *c, int64_t now)
{
    uint64_t due = UINT64_MAX;
    if (g->rate != 0)
        due = (uint64_t)((double)(now - g->pace_start) * 1e-9 * (double)g->rate) + 1;
    while (c->inflight < g->depth && g->issued < due) {
        c->stamp[(c->head + c->inflight) % MAX_DEPTH] = now;
        c->inflight++;
        c->target += g->size;
        g->issued++;
    }
    unsigned char buf[65536];
    while (c->sent < c->target) {
        size_t len = c->target - c->sent < sizeof buf ? (size_t)(c->target - c->sent) : sizeof buf;
        for (size_t i = 0; i < len; i++)
            buf[i] = pattern(c->id, c->sent + i);
        ssize_t w = send(c->fd, buf, len, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR)
                break;
            return false;
        }
        c->sent += (uint64_t)w;
    }
    set_interest(g, c);
    return true;
}

/* Reads the echo, checks it, ends round trips: 1 to go on, 2 to replace the connection
 * (-m), -1 on a socket error (errno says which), -3 on the server's EOF, -2 on a wrong
 * echo (said here; the run ends). */
static int pump_recv(struct gen *g, struct conn *c)
{
    unsigned char buf[65536];
    ssize_t r = read(c->fd, buf, sizeof buf);
    if (r < 0)
        return errno == EAGAIN || errno == EINTR ? 1 : -1;
    if (r == 0)
        return -3;
    for (ssize_t i = 0; i < r; i++) {
        if (buf[i] != pattern(c->id, c->recvd + (uint64_t)i)) {
            fprintf(stderr, "loadgen: connection %u: echo differs at byte offset %llu\n", c->id,
                    (unsigned long long)c->recvd + (unsigned long long)i);
            return -2;
        }
    }
    if (c->recvd + (uint64_t)r > c->sent) {
        fprintf(stderr, "loadgen: connection %u: more bytes back than were sent\n", c->id);
        return -2;
    }
    int64_t now = now_ns();
    uint64_t before = c->recvd / g->size;
    c->recvd += (uint64_t)r;
    if (g->measuring)
        g->verified += (uint64_t)r;
    for (uint64_t done = c->recvd / g->size; before < done; before++) {
        if (g->measuring)
            record(g, now - c->stamp[c->head]);
        c->head = (c->head + 1) % MAX_DEPTH;
        c->inflight--;
        c->done++;
    }
    if (g->churn != 0 && c->done >= g->churn && c->inflight == 0)
        return 2; /* to be replaced */
    return pump_send(g, c, now) ? 1 : -1;
}

static int open_conn(struct gen *g, struct conn *c, const struct addrinfo *ai)
{
    g->opened++;
    c->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return -1;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS)
        return -1;
    c->interest = EPOLLOUT;
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    return epoll_ctl(g->epfd, EPOLL_CTL_ADD, c->fd, &ev);
}

/* -m: closes c (the client closes first, as the lecture's echoclient does) and opens a
 * new connection in its place, with a new id; false when the socket cannot be made. */
static bool replace_conn(struct gen *g, struct conn *c)
{
    epoll_ctl(g->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    uint32_t id = g->next_id++;
    memset(c, 0, sizeof *c);
    c->id = id;
    return open_conn(g, c, g->ai) == 0;
}

/* A connection that was opened during the run finished its handshake, or failed. */
static bool connected_now(struct gen *g, struct conn *c)
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        errno = err;
        return false;
    }
    c->connected = true;
    set_interest(g, c);
    return true;
}

static void usage(FILE *f)
{
    fprintf(f, "Usage: loadgen [-c CONNS] [-s SIZE] [-d DEPTH] [-t SECONDS] [-w WARMUP] HOST "
               "PORT\n"
               "  -c CONNS    connections (default 100)\n"
               "  -s SIZE     message size in bytes (default 64)\n"
               "  -d DEPTH    messages in flight per connection (default 1, at most 64)\n"
               "  -r RATE     at most RATE messages a second over all connections\n"
               "              (default 0: as fast as the echoes come back)\n"
               "  -t SECONDS  measured duration (default 5)\n"
               "  -w SECONDS  warm-up before measuring (default 1)\n"
               "  -m MSGS     close each connection after MSGS round trips and open a new\n"
               "              one in its place, without end (default 0: never)\n"
               "  -H SECONDS  after printing, hold the connections open, idle (default 0):\n"
               "              a script can then read the server's CPU time while every\n"
               "              process it forked for a connection is still alive\n");
}

/* The command line into g, warm and hold: -1 to go on, else the exit status. */
static int parse_args(struct gen *g, int argc, char **argv, uint64_t *warm, uint64_t *hold)
{
    uint64_t conns = g->nconns, size = g->size, depth = g->depth, secs = (uint64_t)g->secs,
             churn = g->churn;
    /* Every option takes a whole number in [min, max]. */
    const struct {
        int ch;
        uint64_t min, max;
        uint64_t *v;
    } nums[] = {
        {'c', 1, 1000000, &conns},     {'s', 1, 1 << 24, &size}, {'d', 1, MAX_DEPTH, &depth},
        {'r', 0, 100000000, &g->rate}, {'t', 1, 3600, &secs},    {'w', 0, 3600, warm},
        {'m', 0, UINT32_MAX, &churn},  {'H', 0, 3600, hold},
    };
    int ch;
    while ((ch = getopt(argc, argv, "c:s:d:r:t:w:H:m:h")) != -1) {
        if (ch == 'h') {
            usage(stdout);
            return 0;
        }
        size_t k = 0;
        while (k < sizeof nums / sizeof nums[0] && nums[k].ch != ch)
            k++;
        if (k == sizeof nums / sizeof nums[0]) {
            usage(stderr);
            return 2;
        }
        if (!parse_u64(optarg, nums[k].min, nums[k].max, nums[k].v)) {
            fprintf(stderr, "loadgen: invalid -%c '%s'\n", ch, optarg);
            return 2;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return 2;
    }
    g->nconns = (uint32_t)conns;
    g->size = (uint32_t)size;
    g->depth = (uint32_t)depth;
    g->secs = (double)secs;
    g->churn = (uint32_t)churn;
    g->host = argv[optind];
    g->port = argv[optind + 1];
    return -1;
}

/* Every connection opened, in waves of at most 256 pending handshakes, so the server's
 * listen backlog never overflows (an overflow costs a 1 s SYN retransmission); false
 * (and said) when one fails or they take more than 30 s. */
static bool connect_all(struct gen *g)
{
    uint32_t opened = 0, connected = 0;
    struct epoll_event evs[512];
    int64_t connect_deadline = now_ns() + 30 * (int64_t)1000000000;
    while (connected < g->nconns) {
        while (opened < g->nconns && opened - connected < 256) {
            struct conn *c = &g->c[opened];
            c->id = opened++;
            if (open_conn(g, c, g->ai) < 0) {
                fprintf(stderr, "loadgen: connection %u: %s\n", c->id, strerror(errno));
                return false;
            }
        }
        int n = epoll_wait(g->epfd, evs, 512, 1000);
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                fprintf(stderr, "loadgen: connection %u: %s\n", c->id, strerror(err));
                return false;
            }
            if (!c->connected) {
                c->connected = true;
                connected++;
                set_interest(g, c);
            }
        }
        if (now_ns() > connect_deadline) {
            fprintf(stderr, "loadgen: only %u of %u connections after 30 s\n", connected,
                    g->nconns);
            return false;
        }
    }
    g->next_id = g->nconns;
    return true;
}

/* One epoll event of the measuring loop: false when a wrong echo ends the run. A
 * connection that fails is counted, said and closed. */
static bool on_event(struct gen *g, const struct epoll_event *ev)
{
    struct conn *c = ev->data.ptr;
    if (c->fd < 0)
        return true;
    int r = 1;
    if (!c->connected)
        r = connected_now(g, c) ? 1 : -1;
    else if (ev->events & (EPOLLIN | EPOLLERR | EPOLLHUP))
        r = pump_recv(g, c);
    if (r == 1 && (ev->events & EPOLLOUT))
        r = pump_send(g, c, now_ns()) ? 1 : -1;
    if (r == 2)
        r = replace_conn(g, c) ? 1 : -1;
    if (r == -2)
        return false;
    if (r == -3)
        fprintf(stderr,
                "loadgen: connection %u: the server closed it after echoing %llu of "
                "%llu bytes\n",
                c->id, (unsigned long long)c->recvd, (unsigned long long)c->sent);
    else if (r < 0)
        fprintf(stderr, "loadgen: connection %u failed: %s\n", c->id, strerror(errno));
    if (r < 0) {
        g->errors++;
        close(c->fd);
        c->fd = -1;
    }
    return true;
}

/* The warm-up, then the measured run until end: *t0 and *ru0 say when and at what CPU
 * time measuring began. False when a wrong echo ended it. */
static bool run(struct gen *g, int64_t measure_at, int64_t end, int64_t *t0, struct rusage *ru0)
{
    struct epoll_event evs[512];
    for (;;) {
        int64_t now = now_ns();
        if (!g->measuring && now >= measure_at) {
            g->measuring = true;
            getrusage(RUSAGE_SELF, ru0);
            *t0 = now;
        }
        if (now >= end)
            return true;
        int n = epoll_wait(g->epfd, evs, 512, g->rate != 0 ? 1 : 100);
        if (g->rate != 0) { /* paced: queue what has fallen due on idle connections */
            int64_t t = now_ns();
            for (uint32_t i = 0; i < g->nconns; i++)
                if (g->c[i].fd >= 0 && g->c[i].inflight < g->depth && !pump_send(g, &g->c[i], t))
                    g->errors++;
        }
        for (int i = 0; i < n; i++)
            if (!on_event(g, &evs[i]))
                return false;
    }
}

/* The one line of key=value pairs, over the measured time. */
static void report(const struct gen *g, int64_t t0, const struct rusage *ru0)
{
    struct rusage ru1;
    int64_t t1 = now_ns();
    getrusage(RUSAGE_SELF, &ru1);
    double wall = (double)(t1 - t0) / 1e9;
    double cpu = (double)(ru1.ru_utime.tv_sec - ru0->ru_utime.tv_sec + ru1.ru_stime.tv_sec -
                          ru0->ru_stime.tv_sec) +
                 (double)(ru1.ru_utime.tv_usec - ru0->ru_utime.tv_usec + ru1.ru_stime.tv_usec -
                          ru0->ru_stime.tv_usec) /
                     1e6;
    printf(
        "loadgen conns=%u size=%u depth=%u rate=%llu secs=%.2f rtps=%.0f p50_us=%lld p99_us=%lld "
        "max_us=%lld errors=%llu verified_bytes=%llu cpu_pct=%.0f opened=%llu\n",
        g->nconns, g->size, g->depth, (unsigned long long)g->rate, wall, (double)g->rts / wall,
        (long long)quantile_us(g, 0.50), (long long)quantile_us(g, 0.99),
        (long long)(g->max_ns / 1000), (unsigned long long)g->errors,
        (unsigned long long)g->verified, 100.0 * cpu / wall, (unsigned long long)g->opened);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    static struct gen g = {.nconns = 100, .size = 64, .depth = 1, .secs = 5};
    uint64_t warm = 1, hold = 0;
    int rc = parse_args(&g, argc, argv, &warm, &hold);
    if (rc >= 0)
        return rc;

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai;
    rc = getaddrinfo(g.host, g.port, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "loadgen: cannot resolve '%s' port %s: %s\n", g.host, g.port,
                gai_strerror(rc));
        return 1;
    }
    g.epfd = epoll_create1(EPOLL_CLOEXEC);
    g.c = calloc(g.nconns, sizeof *g.c);
    if (g.epfd < 0 || g.c == NULL) {
        fprintf(stderr, "loadgen: cannot set up: %s\n", strerror(errno));
        return 1;
    }
    g.ai = ai;
    if (!connect_all(&g))
        return 1;

    int64_t start = now_ns();
    g.pace_start = start;
    for (uint32_t i = 0; i < g.nconns; i++)
        if (!pump_send(&g, &g.c[i], start))
            g.errors++;
    int64_t measure_at = start + (int64_t)warm * 1000000000;
    int64_t end = measure_at + (int64_t)(g.secs * 1e9);
    struct rusage ru0 = {0};
    int64_t t0 = 0;
    if (!run(&g, measure_at, end, &t0, &ru0))
        return 1;
    report(&g, t0, &ru0);
    if (hold > 0)
        sleep((unsigned)hold);
    for (uint32_t i = 0; i < g.nconns; i++)
        if (g.c[i].fd >= 0)
            close(g.c[i].fd);
    free(g.c);
    close(g.epfd);
    freeaddrinfo(ai);
    return g.errors == 0 && g.rts > 0 ? 0 : 1;
}
