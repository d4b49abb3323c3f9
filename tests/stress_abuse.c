/*
 * stress_abuse.c: stress_echo's misbehaving clients, each aimed at one of the server's
 * limits: connections that never send (idle: the idle timeout), that send and never
 * read (noread: the send timeout and the kernel's TCP memory), that send one byte at a
 * time (slow: slowloris, the workers stay bounded), and that reset mid-echo (reset).
 * Each prints one line of figures for stress_echo.sh.
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

int cmd_idle(int port, uint32_t n, int secs)
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

int cmd_noread(int port, uint32_t n, uint64_t bytes, int secs)
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

int cmd_slow(int port, uint32_t n, int secs, int ms)
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

int cmd_reset(int port, uint32_t n)
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
