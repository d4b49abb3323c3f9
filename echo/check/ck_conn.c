/*
 * ck_conn.c: echocheck's client side (see ck_conn.h). Sockets are non-blocking and
 * close-on-exec (a server started by another test's thread must never inherit one: it
 * would hold the connection open after we close it). Sends use MSG_NOSIGNAL, so a
 * server that resets costs us an EPIPE, not our life.
 */
#include "ck_conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CK_STALL_MS 300 /* writes that move nothing this long have stalled */
#define CK_POLL_MAX 128

static bool buf_add(struct ck_buf *b, const uint8_t *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *q = realloc(b->p, cap);
        if (q == NULL)
            return false;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return true;
}

void ck_conn_init(struct ck_conn *c, const char *name)
{
    memset(c, 0, sizeof *c);
    c->fd = -1;
    c->chunk = 64 * 1024;
    snprintf(c->name, sizeof c->name, "%s", name);
}

static void set_end(struct ck_conn *c, int e)
{
    c->err = e;
    c->closed_first = !c->fin_sent && (e == ECONNRESET || e == EPIPE);
    if (e == ECONNRESET || e == EPIPE)
        c->end = CK_END_RESET;
    else if (e == ECONNREFUSED)
        c->end = CK_END_REFUSED;
    else if (e == ETIMEDOUT)
        c->end = CK_END_TIMEOUT;
    else
        c->end = CK_END_ERROR;
}

static uint16_t local_port(int fd)
{
    union {
        struct sockaddr sa;
        struct sockaddr_in in4;
        struct sockaddr_in6 in6;
    } me;
    memset(&me, 0, sizeof me);
    socklen_t len = sizeof me;
    if (getsockname(fd, &me.sa, &len) != 0)
        return 0;
    return ntohs(me.sa.sa_family == AF_INET6 ? me.in6.sin6_port : me.in4.sin_port);
}

bool ck_conn_open_async(struct ck_run *r, struct ck_conn *c)
{
    int fd = socket(r->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        set_end(c, errno);
        return false;
    }
    c->fd = fd;
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (c->rcvbuf > 0) /* before connect(): the window scale is chosen with the SYN */
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &c->rcvbuf, sizeof c->rcvbuf);
    if (connect(fd, (const struct sockaddr *)&r->addr, r->addrlen) != 0 && errno != EINPROGRESS) {
        set_end(c, errno);
        return false;
    }
    c->lport = local_port(fd);
    return true;
}

bool ck_conn_open(struct ck_run *r, struct ck_conn *c)
{
    if (!ck_conn_open_async(r, c))
        return false;
    /* A listen() backlog that is full drops the SYN; the kernel sends it again after
     * 1 s, then 3 s: allow for two tries beyond the usual wait. */
    struct pollfd p = {.fd = c->fd, .events = POLLOUT};
    int64_t end = ck_now_ns() + (int64_t)(r->o->wait_ms + 3000) * 1000000;
    for (;;) {
        int64_t left = (end - ck_now_ns()) / 1000000;
        if (left <= 0 || atomic_load(r->stop)) {
            set_end(c, ETIMEDOUT);
            return false;
        }
        int n = poll(&p, 1, left > 100 ? 100 : (int)left);
        if (n > 0)
            break;
        if (n < 0 && errno != EINTR) {
            set_end(c, errno);
            return false;
        }
    }
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        err = errno;
    if (err != 0) {
        set_end(c, err);
        return false;
    }
    return true;
}

void ck_conn_queue(struct ck_conn *c, const uint8_t *data, size_t len, size_t chunk,
                   unsigned gap_us)
{
    c->out = data;
    c->out_len = len;
    c->out_off = 0;
    c->chunk = chunk ? chunk : 64 * 1024;
    c->gap_us = gap_us;
    c->next_send = 0;
    c->expect += len;
    if (c->intended < c->expect)
        c->intended = c->expect;
}

bool ck_conn_done(const struct ck_conn *c)
{
    return c->end != CK_END_NONE || (c->out_off == c->out_len && c->got.len >= c->expect);
}

/* Reads what is there: false when the connection ended. */
static bool do_read(struct ck_conn *c, bool *moved)
{
    uint8_t buf[65536];
    for (int i = 0; i < 8; i++) {
        ssize_t n = recv(c->fd, buf, sizeof buf, 0);
        if (n > 0) {
            if (!buf_add(&c->got, buf, (size_t)n)) {
                set_end(c, ENOMEM);
                return false;
            }
            *moved = true;
            continue;
        }
        if (n == 0) {
            c->end = CK_END_EOF;
            c->closed_first = !c->fin_sent;
            return false;
        }
        if (errno == EAGAIN || errno == EINTR)
            return true;
        set_end(c, errno);
        return false;
    }
    return true;
}

static void do_send(struct ck_conn *c, int64_t now, bool *moved)
{
    size_t n = c->out_len - c->out_off;
    if (n > c->chunk)
        n = c->chunk;
    ssize_t w = send(c->fd, c->out + c->out_off, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
        if (errno != EAGAIN && errno != EINTR)
            set_end(c, errno);
        return;
    }
    if (!buf_add(&c->sent, c->out + c->out_off, (size_t)w)) {
        set_end(c, ENOMEM);
        return;
    }
    c->out_off += (size_t)w;
    *moved = true;
    c->next_send = now + (int64_t)c->gap_us * 1000;
    if (c->out_off == c->out_len && c->shut_after && !c->fin_sent) {
        (void)shutdown(c->fd, SHUT_WR);
        c->fin_sent = true;
        c->got_at_fin = c->got.len;
    }
}

static bool satisfied(const struct ck_conn *c, unsigned flags)
{
    if (c->end != CK_END_NONE || c->fd < 0)
        return true;
    if (flags & CK_PUMP_UNTIL_EOF)
        return false;
    if (flags & CK_PUMP_ANY)
        return c->out_off == c->out_len && c->got.len > 0;
    return c->out_off == c->out_len && c->got.len >= c->expect;
}

/* Bytes the client holds that the server has not taken: unsent, or in the send queue
 * unacknowledged (on loopback, ACKs come at once unless the receiver's window is 0). */
static uint64_t stuck_bytes(const struct ck_conn *c)
{
    int q = 0;
    if (c->fd < 0 || ioctl(c->fd, SIOCOUTQ, &q) != 0 || q < 0)
        q = 0;
    return (uint64_t)(c->out_len - c->out_off) + (uint64_t)q;
}

static void time_out(struct ck_conn **cs, int n, unsigned flags)
{
    for (int i = 0; i < n; i++) {
        struct ck_conn *c = cs[i];
        if (satisfied(c, flags))
            continue;
        c->end = CK_END_TIMEOUT;
        uint64_t stuck = stuck_bytes(c);
        if (stuck > 0 && !c->blocked) {
            c->blocked = true;
            c->stuck = stuck;
        }
    }
}

/* One poll round over the connections; returns whether any byte moved. */
static bool pump_round(struct ck_run *r, struct ck_conn **cs, int n, unsigned flags,
                       int64_t *last_send)
{
    struct pollfd pf[CK_POLL_MAX];
    int idx[CK_POLL_MAX], np = 0;
    int64_t now = ck_now_ns(), soonest = now + 100 * 1000000LL;
    for (int i = 0; i < n && np < CK_POLL_MAX; i++) {
        struct ck_conn *c = cs[i];
        if (satisfied(c, flags))
            continue;
        short ev = (!c->write_first || c->reading) ? POLLIN : 0;
        if (c->out_off < c->out_len) {
            if (now >= c->next_send)
                ev |= POLLOUT;
            else if (c->next_send < soonest)
                soonest = c->next_send;
        }
        pf[np] = (struct pollfd){.fd = c->fd, .events = ev};
        idx[np++] = i;
    }
    if (np == 0)
        return false;
    int ms = (int)((soonest - now + 999999) / 1000000);
    if (poll(pf, (nfds_t)np, ms < 1 ? 1 : ms) < 0)
        return false;
    bool moved = false;
    now = ck_now_ns();
    (void)r;
    for (int k = 0; k < np; k++) {
        struct ck_conn *c = cs[idx[k]];
        if (pf[k].revents & (POLLERR | POLLHUP))
            c->reading = true; /* learn how it ended */
        if ((pf[k].revents & (POLLIN | POLLERR | POLLHUP)) && (!c->write_first || c->reading))
            if (!do_read(c, &moved))
                continue;
        if ((pf[k].revents & POLLOUT) && c->end == CK_END_NONE) {
            bool sent = false;
            do_send(c, now, &sent);
            if (sent) {
                *last_send = now;
                moved = true;
            }
        }
        if (c->write_first && !c->reading &&
            (c->out_off == c->out_len || now - *last_send > CK_STALL_MS * 1000000LL)) {
            if (c->out_off < c->out_len)
                c->stalled_at = c->sent.len;
            c->reading = true;
        }
        if ((flags & CK_PUMP_CLOSE_DONE) && satisfied(c, flags) && c->fd >= 0)
            ck_conn_close(c);
    }
    return moved;
}

int ck_pump(struct ck_run *r, struct ck_conn **cs, int n, unsigned wait_ms, unsigned flags)
{
    int64_t last = ck_now_ns(), last_send = last;
    for (;;) {
        int done = 0;
        for (int i = 0; i < n; i++)
            done += satisfied(cs[i], flags);
        if (done == n)
            return n;
        if ((flags & CK_PUMP_STALL) && n == 1 &&
            (cs[0]->stalled_at != 0 || cs[0]->out_off == cs[0]->out_len))
            return 0;
        int64_t now = ck_now_ns();
        if (atomic_load(r->stop) || now > r->deadline_ns ||
            now - last > (int64_t)wait_ms * 1000000) {
            time_out(cs, n, flags);
            return done;
        }
        if (pump_round(r, cs, n, flags, &last_send))
            last = ck_now_ns();
    }
}

void ck_conn_finish(struct ck_run *r, struct ck_conn *c)
{
    if (c->fd < 0)
        return;
    if (c->end == CK_END_TIMEOUT) {
        c->fin_forced = true;
        c->end = CK_END_NONE;
    }
    if (c->end != CK_END_NONE)
        return;
    c->out_len = c->out_off; /* nothing more will be sent after the FIN */
    if (!c->fin_sent) {
        (void)shutdown(c->fd, SHUT_WR);
        c->fin_sent = true;
        c->got_at_fin = c->got.len;
    }
    struct ck_conn *one[1] = {c};
    (void)ck_pump(r, one, 1, r->o->wait_ms, CK_PUMP_UNTIL_EOF);
}

bool ck_conn_peer_closed(struct ck_conn *c)
{
    if (c->end == CK_END_EOF || c->end == CK_END_RESET)
        return true;
    if (c->fd < 0)
        return false;
    char b;
    ssize_t n = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && (errno == ECONNRESET || errno == EPIPE));
}

void ck_conn_close(struct ck_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

void ck_conn_reset(struct ck_conn *c)
{
    if (c->fd < 0)
        return;
    struct linger l = {.l_onoff = 1, .l_linger = 0};
    (void)setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ck_conn_close(c);
}

void ck_conn_free(struct ck_conn *c)
{
    ck_conn_close(c);
    free(c->sent.p);
    free(c->got.p);
    c->sent = (struct ck_buf){0};
    c->got = (struct ck_buf){0};
}
