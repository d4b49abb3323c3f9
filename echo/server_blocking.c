/*
 * server_blocking.c: the lecture's other three concurrency models, side by side, each
 * serving a connection with the same routine, serve_one, around echo_conn_pump:
 *
 *   iterative  the slide's loop exactly: accept, echo until EOF, close, repeat. A second
 *              client waits in the listen backlog until the first one leaves.
 *   fork       a child process per connection; the parent closes its copy of connfd
 *              and reaps children when SIGCHLD arrives (through the signalfd).
 *   threads    a detached thread per connection (CS:APP's echoservert), counted so
 *              that --max-conns and shutdown can wait for them.
 *
 * serve_one waits with poll(2) rather than blocking in read(2), so that it can also
 * watch a stop descriptor and an idle timeout. The stop descriptor is the read end of a
 * pipe whose write end main closes on SIGINT/SIGTERM: every thread and every forked
 * child sees it become readable at once, with no signal handler and no global. (The
 * iterative model watches the signalfd itself.)
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "echo_conn.h"

#define EMFILE_PAUSE_MS 100

/* Echoes one connection until EOF, error, idle timeout or shutdown; logs and closes. */
static void serve_one(const struct server_opts *o, int fd, const char *pair, int stopfd)
{
    unsigned char scratch[ECHO_CAP];
    struct echo_conn e;
    echo_conn_init(&e, fd);
    const char *why = NULL;
    bool stop = false;
    int64_t deadline = 0;
    if (!net_set_nonblock(fd, true, NULL, 0)) {
        why = strerror(errno);
        goto out;
    }
    net_set_nodelay(fd, NULL, 0);
    for (;;) {
        enum echo_state st = echo_conn_pump(&e, scratch, 0, stop);
        if (st == ECHO_DONE) {
            if (stop && !e.eof)
                why = "server shutting down";
            break;
        }
        if (st == ECHO_ERROR) {
            why = strerror(e.err);
            break;
        }
        struct pollfd p[2] = {{.fd = fd, .events = st == ECHO_WANT_READ ? POLLIN : POLLOUT},
                              {.fd = stopfd, .events = POLLIN}};
        int timeout = -1;
        if (stop) {
            int64_t left = deadline - server_now_ms();
            timeout = left > 0 ? (int)left : 0;
        } else if (o->idle_ms != 0) {
            timeout = o->idle_ms > 86400000 ? 86400000 : (int)o->idle_ms;
        }
        int r = poll(p, stop ? 1 : 2, timeout);
        if (r < 0 && errno != EINTR) {
            why = strerror(errno);
            break;
        }
        if (r == 0) {
            why = stop ? "unflushed at shutdown" : "idle timeout";
            break;
        }
        if (r > 0 && !stop && p[1].revents != 0) {
            stop = true;
            deadline = server_now_ms() + (int64_t)o->grace_ms;
        }
    }
out:
    server_log_close(o, pair, e.bytes, why);
    echo_conn_free(&e);
    close(fd);
}

/* Shared state of the accept loop of every blocking model. */
struct acceptor {
    const struct server_opts *o;
    const struct net_listeners *l;
    int sigfd;
    int stop_r, stop_w; /* the stop pipe (fork and threads) */
    int donefd;         /* threads: an eventfd each finishing thread adds 1 to */
    pthread_mutex_t mu;
    uint64_t active; /* connections being served (children or threads) */
    bool out_of_fds; /* said so in the log already: once per shortage, not per retry */
    bool stopping;
};

struct job {
    struct acceptor *a;
    int fd;
    char pair[SERVER_PAIR_LEN];
};

static void *thread_main(void *arg)
{
    struct job *j = arg;
    serve_one(j->a->o, j->fd, j->pair, j->a->stop_r);
    pthread_mutex_lock(&j->a->mu);
    j->a->active--;
    pthread_mutex_unlock(&j->a->mu);
    uint64_t one = 1;
    ssize_t w = write(j->a->donefd, &one, sizeof one); /* wakes the accept loop */
    (void)w;
    free(j);
    return NULL;
}

static uint64_t active_count(struct acceptor *a)
{
    pthread_mutex_lock(&a->mu);
    uint64_t n = a->active;
    pthread_mutex_unlock(&a->mu);
    return n;
}

/* Reads what is pending on the signalfd: notes a stop request, reaps children. */
static void read_signals(struct acceptor *a)
{
    struct signalfd_siginfo si;
    while (read(a->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM)
            a->stopping = true;
    }
    if (a->o->model == MODEL_FORK) {
        /* One SIGCHLD may stand for many exits: reap until none is left. */
        while (waitpid(-1, NULL, WNOHANG) > 0)
            a->active--;
    }
}

static void dispatch(struct acceptor *a, int fd, const char *pair)
{
    const struct server_opts *o = a->o;
    if (o->model == MODEL_ITERATIVE) {
        /* The signalfd doubles as the stop descriptor: serve_one only polls it. */
        serve_one(o, fd, pair, a->sigfd);
        return;
    }
    if (o->model == MODEL_FORK) {
        pid_t pid = fork();
        if (pid == 0) {
            /* The child serves this one client and nothing else. */
            for (int i = 0; i < a->l->n; i++)
                close(a->l->fds[i]);
            close(a->sigfd);
            close(a->stop_w); /* else the child would hold its own stop pipe open */
            serve_one(o, fd, pair, a->stop_r);
            close(a->stop_r);
            free(a); /* the child's copy: freed so that a leak checker sees a clean exit */
            _exit(0);
        }
        if (pid < 0) {
            server_log(o, "cannot fork for %s: %s", pair, strerror(errno));
            server_log_close(o, pair, 0, "not served");
        } else {
            a->active++;
        }
        close(fd); /* the parent's copy: else the client never sees the child's close */
        return;
    }
    struct job *j = malloc(sizeof *j);
    pthread_attr_t attr;
    pthread_t tid;
    int rc = ENOMEM;
    if (j != NULL) {
        j->a = a;
        j->fd = fd;
        snprintf(j->pair, sizeof j->pair, "%s", pair);
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_mutex_lock(&a->mu);
        a->active++;
        pthread_mutex_unlock(&a->mu);
        rc = pthread_create(&tid, &attr, thread_main, j);
        pthread_attr_destroy(&attr);
    }
    if (rc != 0) {
        server_log(o, "cannot start a thread for %s: %s", pair, strerror(rc));
        server_log_close(o, pair, 0, "not served");
        if (j != NULL) {
            pthread_mutex_lock(&a->mu);
            a->active--;
            pthread_mutex_unlock(&a->mu);
        }
        free(j);
        close(fd);
    }
}

/* Accepts one connection from lfd and serves it by the model; false on EMFILE & co. */
static bool accept_one(struct acceptor *a, int lfd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            if (!a->out_of_fds)
                server_log(a->o, "cannot accept: %s; retrying every %d ms", strerror(errno),
                           EMFILE_PAUSE_MS);
            a->out_of_fds = true;
            return false;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
            server_log(a->o, "cannot accept: %s", strerror(errno));
        return true;
    }
    a->out_of_fds = false;
    char pair[SERVER_PAIR_LEN] = "";
    if (!a->o->quiet) /* the pair is for the log only: spare the getsockname */
        server_pair_str(fd, &ss, len, pair, sizeof pair);
    server_log_open(a->o, pair);
    dispatch(a, fd, pair);
    return true;
}

static void drain_eventfd(int fd)
{
    uint64_t v;
    ssize_t r = read(fd, &v, sizeof v);
    (void)r;
}

/* After a stop: wait for children or threads to finish flushing, a little past grace. */
static void wait_for_workers(struct acceptor *a)
{
    int64_t deadline = server_now_ms() + (int64_t)a->o->grace_ms + 1000;
    for (;;) {
        if (a->o->model == MODEL_FORK)
            read_signals(a);
        uint64_t n = a->o->model == MODEL_FORK ? a->active : active_count(a);
        int64_t left = deadline - server_now_ms();
        if (n == 0 || left <= 0) {
            if (n != 0)
                server_log(a->o, "grace period over: %llu connection(s) still open",
                           (unsigned long long)n);
            return;
        }
        struct pollfd p = {.fd = a->o->model == MODEL_FORK ? a->sigfd : a->donefd,
                           .events = POLLIN};
        if (poll(&p, 1, left > 100 ? 100 : (int)left) > 0 && a->o->model == MODEL_THREADS)
            drain_eventfd(a->donefd);
    }
}

int server_run_blocking(const struct server_opts *o, const struct net_listeners *l, int sigfd,
                        char *err, size_t errlen)
{
    /* On the heap: a thread that outlives a failed grace period may still touch it. */
    struct acceptor *a = calloc(1, sizeof *a);
    if (a == NULL) {
        snprintf(err, errlen, "cannot start the accept loop: %s", strerror(errno));
        return -1;
    }
    *a =
        (struct acceptor){.o = o, .l = l, .sigfd = sigfd, .stop_r = -1, .stop_w = -1, .donefd = -1};
    pthread_mutex_init(&a->mu, NULL);
    int rc = -1;
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        snprintf(err, errlen, "cannot create the stop pipe: %s", strerror(errno));
        goto out;
    }
    a->stop_r = pfd[0];
    a->stop_w = pfd[1];
    if (o->model == MODEL_THREADS && (a->donefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0) {
        snprintf(err, errlen, "cannot create an eventfd: %s", strerror(errno));
        goto out;
    }
    uint64_t max = o->max_conns;
    int64_t resume_at = 0;
    while (!a->stopping) {
        struct pollfd p[NET_MAX_LISTEN + 2];
        int n = 0;
        p[n++] = (struct pollfd){.fd = sigfd, .events = POLLIN};
        if (a->donefd >= 0)
            p[n++] = (struct pollfd){.fd = a->donefd, .events = POLLIN};
        int first_listener = n;
        uint64_t active = o->model == MODEL_THREADS ? active_count(a) : a->active;
        int64_t now = server_now_ms();
        bool paused = resume_at > now;
        /* At --max-conns, or out of descriptors, leave the listeners out: no spinning,
         * and the waiting clients stay in the backlog until a slot frees. */
        if ((max == 0 || active < max) && !paused)
            for (int i = 0; i < l->n; i++)
                p[n++] = (struct pollfd){.fd = l->fds[i], .events = POLLIN};
        int r = poll(p, (nfds_t)n, paused ? (int)(resume_at - now) : -1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errlen, "poll failed: %s", strerror(errno));
            goto out;
        }
        if (p[0].revents)
            read_signals(a);
        if (a->donefd >= 0 && p[1].revents)
            drain_eventfd(a->donefd);
        for (int i = first_listener; i < n && !a->stopping; i++) {
            if (p[i].revents && !accept_one(a, p[i].fd)) {
                resume_at = server_now_ms() + EMFILE_PAUSE_MS;
                break;
            }
        }
    }
    /* Stop: no more accepting; tell every worker; let them flush within the grace. */
    close(a->stop_w);
    a->stop_w = -1;
    if (o->model != MODEL_ITERATIVE)
        wait_for_workers(a);
    rc = 0;
out:
    if (a->stop_w >= 0)
        close(a->stop_w);
    /* Detached threads still running (the grace ran out) keep a and the descriptors
     * they poll; main's exit ends them. */
    if (o->model != MODEL_THREADS || active_count(a) == 0) {
        if (a->stop_r >= 0)
            close(a->stop_r);
        if (a->donefd >= 0)
            close(a->donefd);
        pthread_mutex_destroy(&a->mu);
        free(a);
    }
    return rc;
}
