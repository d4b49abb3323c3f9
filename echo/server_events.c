/*
 * server_events.c: the default model, one thread and one level-triggered epoll loop
 * for every connection, after Redis's ae.c. Each connection is an echo_conn driven by
 * readiness: readable when it owes nothing, writable when it owes bytes, never both,
 * so a peer that does not read is not read from either.
 *
 * Each connection sits on one of two lists in order of its last progress (a byte read
 * or written): `waiting` while it waits for its client to send, `owing` while it owes
 * the client an echo the client does not read. Each list has one timeout (--idle-timeout,
 * --send-timeout), so its oldest member is always the next to expire: O(1) per event
 * (move to the tail), and the shutdown has lists to walk.
 * When accept fails for lack of descriptors (EMFILE), or --max-conns is reached, the
 * listeners leave the epoll set until a connection closes (or 100 ms pass), so the loop
 * neither spins on a listener it cannot serve nor drops the clients waiting in the
 * backlog.
 */
#include "server.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo_conn.h"

enum kind { K_LISTEN, K_SIGNAL, K_CONN };

/* What epoll's data.ptr points to: every object starts with its kind. */
struct tag {
    enum kind kind;
    int fd;
};

struct conn {
    struct tag tag; /* first: epoll hands back a pointer to it */
    struct echo_conn e;
    struct conn *prev, *next; /* progress order on its list, oldest first */
    int64_t last_ms;          /* when it last made progress, or changed list */
    uint64_t progress;        /* echo_conn_progress at last_ms */
    bool owing;               /* on the owing list (waits to write), else on waiting */
    uint32_t interest;
    char pair[SERVER_PAIR_LEN];
};

struct conn_list {
    struct conn *oldest, *newest;
    uint64_t n;
};

struct loop {
    const struct server_opts *o;
    int epfd;
    struct tag listen[NET_MAX_LISTEN];
    int nlisten;
    struct tag sig;
    bool listening;    /* listeners are in the epoll set */
    int64_t resume_ms; /* when paused for EMFILE: when to try again (0: not paused) */
    bool out_of_fds;   /* said so in the log already: once per shortage, not per retry */
    struct conn_list waiting, owing;
    uint64_t nconns;
    bool stop_requested; /* a signal came: acted on between batches of events */
    bool stopping;
    int64_t stop_deadline;
    unsigned char scratch[ECHO_CAP];
};

/* Bytes one connection may read per wake-up before others get their turn. */
#define FAIR_BUDGET (16 * ECHO_CAP)
#define EMFILE_PAUSE_MS 100

static struct conn_list *list_of(struct loop *lp, const struct conn *c)
{
    return c->owing ? &lp->owing : &lp->waiting;
}

static void list_unlink(struct conn_list *l, struct conn *c)
{
    if (l->oldest == c)
        l->oldest = c->next;
    else
        c->prev->next = c->next;
    if (l->newest == c)
        l->newest = c->prev;
    else
        c->next->prev = c->prev;
    c->prev = c->next = NULL;
    l->n--;
}

static void list_append(struct conn_list *l, struct conn *c)
{
    c->prev = l->newest;
    c->next = NULL;
    if (l->newest)
        l->newest->next = c;
    else
        l->oldest = c;
    l->newest = c;
    l->n++;
}

static void set_listening(struct loop *lp, bool on)
{
    if (lp->listening == on)
        return;
    for (int i = 0; i < lp->nlisten; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &lp->listen[i]};
        /* Cannot fail for a valid listener we added before; nothing to do if it did. */
        (void)epoll_ctl(lp->epfd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, lp->listen[i].fd, &ev);
    }
    lp->listening = on;
}

/* Closes c, which is on list l (passed, not looked up, so that the callers' loops over
 * a list visibly shrink it). */
static void conn_close(struct loop *lp, struct conn_list *l, struct conn *c, const char *why)
{
    server_log_close(lp->o, c->pair, c->e.bytes, why);
    close(c->tag.fd); /* also leaves the epoll set: the descriptor was never dup'ed */
    echo_conn_free(&c->e);
    list_unlink(l, c);
    free(c);
    lp->nconns--;
    /* A free slot or descriptor: take new clients again. */
    if (!lp->stopping && !lp->listening) {
        lp->resume_ms = 0;
        set_listening(lp, true);
    }
}

static void close_all(struct loop *lp, const char *why)
{
    while (lp->owing.oldest != NULL)
        conn_close(lp, &lp->owing, lp->owing.oldest, why);
    while (lp->waiting.oldest != NULL)
        conn_close(lp, &lp->waiting, lp->waiting.oldest, why);
}

static bool set_interest(struct loop *lp, struct conn *c, uint32_t want)
{
    if (c->interest == want)
        return true;
    struct epoll_event ev = {.events = want, .data.ptr = c};
    if (epoll_ctl(lp->epfd, EPOLL_CTL_MOD, c->tag.fd, &ev) < 0)
        return false;
    c->interest = want;
    return true;
}

/* Runs the echo routine and acts on what it wants next. */
static void conn_pump(struct loop *lp, struct conn *c, int64_t now)
{
    enum echo_state st = echo_conn_pump(&c->e, lp->scratch, FAIR_BUDGET, lp->stopping);
    uint64_t progress = echo_conn_progress(&c->e);
    bool owing = st == ECHO_WANT_WRITE;
    /* A wake-up that moved no byte leaves the clock running: the timeouts measure
     * progress, not events. */
    if (progress != c->progress || owing != c->owing) {
        list_unlink(list_of(lp, c), c);
        c->owing = owing;
        c->progress = progress;
        c->last_ms = now;
        list_append(list_of(lp, c), c);
    }
    switch (st) {
    case ECHO_WANT_READ:
        if (!set_interest(lp, c, EPOLLIN))
            conn_close(lp, list_of(lp, c), c, strerror(errno));
        break;
    case ECHO_WANT_WRITE:
        if (!set_interest(lp, c, EPOLLOUT))
            conn_close(lp, list_of(lp, c), c, strerror(errno));
        break;
    case ECHO_DONE:
        conn_close(lp, list_of(lp, c), c,
                   lp->stopping && !c->e.eof ? "server shutting down" : NULL);
        break;
    case ECHO_ERROR:
        conn_close(lp, list_of(lp, c), c, strerror(c->e.err));
        break;
    }
}

static void accept_some(struct loop *lp, int lfd, int64_t now)
{
    for (int i = 0; i < 64; i++) {
        if (lp->o->max_conns != 0 && lp->nconns >= lp->o->max_conns) {
            set_listening(lp, false); /* back when a connection closes */
            return;
        }
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        int fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                if (!lp->out_of_fds)
                    server_log(lp->o,
                               "cannot accept: %s; accepting again when a connection "
                               "closes (or every %d ms)",
                               strerror(errno), EMFILE_PAUSE_MS);
                lp->out_of_fds = true;
                set_listening(lp, false);
                lp->resume_ms = now + EMFILE_PAUSE_MS;
                return;
            }
            server_log(lp->o, "cannot accept: %s", strerror(errno));
            return;
        }
        lp->out_of_fds = false;
        struct conn *c = calloc(1, sizeof *c);
        if (c == NULL) {
            server_log(lp->o, "cannot accept: out of memory");
            close(fd);
            return;
        }
        c->tag = (struct tag){K_CONN, fd};
        echo_conn_init(&c->e, fd);
        net_set_nodelay(fd, NULL, 0); /* best effort: only latency depends on it */
        if (!lp->o->quiet)            /* the pair is for the log only: spare the getsockname */
            server_pair_str(fd, &ss, len, c->pair, sizeof c->pair);
        c->interest = EPOLLIN;
        c->last_ms = now;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(lp->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            server_log(lp->o, "cannot watch %s: %s", c->pair, strerror(errno));
            close(fd);
            free(c);
            continue;
        }
        list_append(&lp->waiting, c);
        lp->nconns++;
        server_log_open(lp->o, c->pair);
    }
}

static void begin_stop(struct loop *lp, int64_t now)
{
    lp->stopping = true;
    lp->stop_deadline = now + (int64_t)lp->o->grace_ms;
    set_listening(lp, false);
    /* Flush what each connection owes; the idle ones are done at once. A pump closes
     * its connection or moves it to the tail of the owing list (never to waiting, once
     * stopping), so walking each list's first n members visits every connection once. */
    struct conn_list *lists[2] = {&lp->owing, &lp->waiting};
    for (int i = 0; i < 2; i++) {
        struct conn *c = lists[i]->oldest;
        for (uint64_t n = lists[i]->n; n > 0 && c != NULL; n--) {
            struct conn *next = c->next;
            conn_pump(lp, c, now);
            c = next;
        }
    }
    if (lp->nconns != 0)
        server_log(lp->o, "shutting down: flushing %llu connection(s) for up to %llu ms",
                   (unsigned long long)lp->nconns, (unsigned long long)lp->o->grace_ms);
}

static void read_signals(struct loop *lp)
{
    struct signalfd_siginfo si;
    while (read(lp->sig.fd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM)
            lp->stop_requested = true;
    }
}

/* When the oldest of list l expires under timeout ms (0: never): -1 for never. */
static int64_t list_expiry(const struct conn_list *l, uint64_t timeout_ms)
{
    return timeout_ms != 0 && l->oldest != NULL ? l->oldest->last_ms + (int64_t)timeout_ms : -1;
}

static int64_t earliest(int64_t a, int64_t b)
{
    return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* epoll_wait's timeout: the nearest of the EMFILE retry, the two lists' expiries and
 * the grace deadline. */
static int next_timeout(const struct loop *lp, int64_t now)
{
    int64_t at = lp->resume_ms != 0 ? lp->resume_ms : -1;
    at = earliest(at, list_expiry(&lp->waiting, lp->o->idle_ms));
    at = earliest(at, list_expiry(&lp->owing, lp->o->send_ms));
    if (lp->stopping)
        at = earliest(at, lp->stop_deadline);
    if (at < 0)
        return -1;
    return at <= now ? 0 : (int)(at - now > 60000 ? 60000 : at - now);
}

static void expire(struct loop *lp, int64_t now)
{
    if (lp->resume_ms != 0 && now >= lp->resume_ms) {
        lp->resume_ms = 0;
        set_listening(lp, true);
    }
    struct conn *c;
    char why[160];
    int64_t at;
    while ((at = list_expiry(&lp->waiting, lp->o->idle_ms)) >= 0 && at <= now) {
        c = lp->waiting.oldest;
        server_timeout_why(lp->o, false, c->tag.fd, 0, why, sizeof why);
        conn_close(lp, &lp->waiting, c, why);
    }
    while ((at = list_expiry(&lp->owing, lp->o->send_ms)) >= 0 && at <= now) {
        c = lp->owing.oldest;
        server_timeout_why(lp->o, true, c->tag.fd, echo_conn_owed(&c->e), why, sizeof why);
        conn_close(lp, &lp->owing, c, why);
    }
    if (lp->stopping && now >= lp->stop_deadline) {
        if (lp->nconns != 0)
            server_log(lp->o, "grace period over: closing %llu connection(s) unflushed",
                       (unsigned long long)lp->nconns);
        close_all(lp, "unflushed at shutdown");
    }
}

int server_run_events(const struct server_opts *o, const struct net_listeners *l, int sigfd,
                      char *err, size_t errlen)
{
    struct loop *lp = calloc(1, sizeof *lp);
    if (lp == NULL) {
        snprintf(err, errlen, "cannot start the event loop: %s", strerror(errno));
        return -1;
    }
    lp->o = o;
    lp->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (lp->epfd < 0) {
        snprintf(err, errlen, "cannot create an epoll instance: %s", strerror(errno));
        free(lp);
        return -1;
    }
    lp->nlisten = l->n;
    for (int i = 0; i < l->n; i++)
        lp->listen[i] = (struct tag){K_LISTEN, l->fds[i]};
    lp->sig = (struct tag){K_SIGNAL, sigfd};
    struct epoll_event sev = {.events = EPOLLIN, .data.ptr = &lp->sig};
    if (epoll_ctl(lp->epfd, EPOLL_CTL_ADD, sigfd, &sev) < 0) {
        snprintf(err, errlen, "cannot watch signals: %s", strerror(errno));
        close(lp->epfd);
        free(lp);
        return -1;
    }
    set_listening(lp, true);

    struct epoll_event evs[256];
    while (!lp->stopping || lp->nconns != 0) {
        int n = epoll_wait(lp->epfd, evs, 256, next_timeout(lp, server_now_ms()));
        if (n < 0 && errno != EINTR) {
            snprintf(err, errlen, "epoll_wait failed: %s", strerror(errno));
            break;
        }
        int64_t now = server_now_ms();
        for (int i = 0; i < n; i++) {
            struct tag *t = evs[i].data.ptr;
            if (t->kind == K_LISTEN) {
                if (lp->listening)
                    accept_some(lp, t->fd, now);
            } else if (t->kind == K_SIGNAL) {
                read_signals(lp); /* not begin_stop here: it may free connections
                                   * that have events later in this batch */
            } else {
                conn_pump(lp, (struct conn *)t, now);
            }
        }
        if (lp->stop_requested && !lp->stopping)
            begin_stop(lp, now);
        expire(lp, now);
    }
    int rc = lp->stopping && lp->nconns == 0 ? 0 : -1;
    close_all(lp, "server error");
    close(lp->epfd);
    free(lp);
    return rc;
}
