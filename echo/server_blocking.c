/*
 * server_blocking.c: the lecture's other three concurrency models, side by side, each
 * serving a connection with the same routine, serve_one, around echo_conn_pump:
 *
 *   iterative  the slide's loop exactly: accept, echo until EOF, close, repeat. A second
 *              client waits in the listen backlog until the first one leaves.
 *   fork       a child process per connection; the parent closes its copy of connfd
 *              and reaps children when SIGCHLD arrives (through the signalfd).
 *   threads    a detached thread per connection (CS:APP's echoservert).
 *
 * Children and threads are counted: at --max-conns (256 by default) the listeners
 * leave the poll set and new clients wait in the listen backlog. When fork or
 * pthread_create fails anyway (EAGAIN past RLIMIT_NPROC, ENOMEM), the client just
 * accepted is kept, not reset, and accepting pauses until a worker exits.
 *
 * serve_one waits with poll(2) rather than blocking in read(2), so that it can also
 * watch a stop descriptor and the idle and send timeouts. The stop descriptor is the read end of a
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
#define THREAD_STACK (256 * 1024)

/* poll's timeout until deadline (at most a day): 0 when it has passed. */
static int ms_until(int64_t deadline, int64_t now)
{
    int64_t left = deadline - now;
    return left <= 0 ? 0 : left > 86400000 ? 86400000 : (int)left;
}

/*
 * Echoes one connection until EOF, error, timeout or shutdown; logs and closes. The
 * idle timeout runs while the routine waits to read, the send timeout while it waits
 * to write; both restart whenever a byte moves.
 */
static void serve_one(const struct server_opts *o, int fd, const char *pair, int stopfd)
{
    unsigned char scratch[ECHO_CAP];
    char why_buf[160];
    struct echo_conn e;
    echo_conn_init(&e, fd);
    const char *why = NULL;
    bool stop = false, owing = false;
    int64_t deadline = 0, last = server_now_ms();
    uint64_t progress = 0;
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
        int64_t now = server_now_ms();
        if (echo_conn_progress(&e) != progress || (st == ECHO_WANT_WRITE) != owing) {
            progress = echo_conn_progress(&e);
            owing = st == ECHO_WANT_WRITE;
            last = now;
        }
        uint64_t limit = owing ? o->send_ms : o->idle_ms;
        struct pollfd p[2] = {{.fd = fd, .events = owing ? POLLOUT : POLLIN},
                              {.fd = stopfd, .events = POLLIN}};
        int timeout = stop         ? ms_until(deadline, now)
                      : limit != 0 ? ms_until(last + (int64_t)limit, now)
                                   : -1;
        int r = poll(p, stop ? 1 : 2, timeout);
        if (r < 0 && errno != EINTR) {
            why = strerror(errno);
            break;
        }
        if (r == 0) {
            why = stop ? "unflushed at shutdown" : why_buf;
            if (!stop)
                server_timeout_why(o, owing, fd, echo_conn_owed(&e), why_buf, sizeof why_buf);
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
    /* A client accepted when no worker could be started (fork or pthread_create
     * failed: RLIMIT_NPROC, memory): it waits here, not reset, and accepting pauses. */
    int held_fd;
    char held_pair[SERVER_PAIR_LEN];
    bool worker_exited;  /* since the last retry: try the held client again at once */
    bool out_of_fds;     /* said so in the log already: once per shortage, not per retry */
    bool out_of_workers; /* the same, for workers */
    bool stopping;
};

struct job {
    struct acceptor *a;
    int fd;
    char pair[SERVER_PAIR_LEN];
};

/* A worker's name while it serves a client (ps -L, top -H, /proc/PID/task/TID/comm),
 * and after: a thread that has stopped counting as active still exists for a moment
 * while it exits, and the name tells the two apart. */
#define THREAD_NAME_SERVING "echo-serving"
#define THREAD_NAME_DONE "echo-done"

static void *thread_main(void *arg)
{
    struct job *j = arg;
    pthread_setname_np(pthread_self(), THREAD_NAME_SERVING);
    serve_one(j->a->o, j->fd, j->pair, j->a->stop_r);
    pthread_setname_np(pthread_self(), THREAD_NAME_DONE);
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

static void add_active(struct acceptor *a, int delta)
{
    pthread_mutex_lock(&a->mu);
    a->active += (uint64_t)(int64_t)delta;
    pthread_mutex_unlock(&a->mu);
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
        while (waitpid(-1, NULL, WNOHANG) > 0) {
            a->active--;
            a->worker_exited = true;
        }
    }
}

/* fork: a child serves this client. 0, or errno when no child could be made. */
static int start_child(struct acceptor *a, int fd, const char *pair)
{
    pid_t pid = fork();
    if (pid < 0)
        return errno;
    if (pid == 0) {
        /* The child serves this one client and nothing else. */
        for (int i = 0; i < a->l->n; i++)
            close(a->l->fds[i]);
        close(a->sigfd);
        close(a->stop_w); /* else the child would hold its own stop pipe open */
        serve_one(a->o, fd, pair, a->stop_r);
        close(a->stop_r);
        free(a); /* the child's copy: freed so that a leak checker sees a clean exit */
        _exit(0);
    }
    a->active++;
    close(fd); /* the parent's copy: else the client never sees the child's close */
    return 0;
}

/* threads: a detached thread serves this client. 0, or the error of pthread_create. */
static int start_thread(struct acceptor *a, int fd, const char *pair)
{
    struct job *j = malloc(sizeof *j);
    if (j == NULL)
        return ENOMEM;
    *j = (struct job){.a = a, .fd = fd};
    snprintf(j->pair, sizeof j->pair, "%s", pair);
    pthread_attr_t attr;
    pthread_t tid;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* serve_one needs ECHO_CAP and a little: the default 8 MiB is only address space,
     * but a quarter of a megabyte each keeps thousands of threads within a 32-bit
     * address space too. */
    pthread_attr_setstacksize(&attr, THREAD_STACK);
    add_active(a, 1);
    int rc = pthread_create(&tid, &attr, thread_main, j);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        add_active(a, -1);
        free(j);
    }
    return rc;
}

/*
 * Serves fd by the model. When no worker can be started, the client is kept (held),
 * not reset, and accepting pauses until a worker exits or EMFILE_PAUSE_MS pass; false
 * then.
 */
static bool hand_over(struct acceptor *a, int fd, const char *pair)
{
    const struct server_opts *o = a->o;
    if (o->model == MODEL_ITERATIVE) {
        /* The signalfd doubles as the stop descriptor: serve_one only polls it. */
        serve_one(o, fd, pair, a->sigfd);
        return true;
    }
    int e = o->model == MODEL_FORK ? start_child(a, fd, pair) : start_thread(a, fd, pair);
    if (e == 0) {
        if (a->out_of_workers)
            server_log(o, "workers available again: accepting");
        a->out_of_workers = false;
        return true;
    }
    if (!a->out_of_workers)
        server_log(o,
                   "cannot %s for %s: %s; %llu connection(s) being served: this client waits "
                   "for one to end, new ones wait in the listen backlog",
                   o->model == MODEL_FORK ? "fork" : "start a thread", pair, strerror(e),
                   (unsigned long long)(o->model == MODEL_FORK ? a->active : active_count(a)));
    a->out_of_workers = true;
    a->held_fd = fd;
    if (pair != a->held_pair)
        snprintf(a->held_pair, sizeof a->held_pair, "%s", pair);
    return false;
}

/* Accepts one connection from lfd and serves it; false when accepting must pause
 * (out of descriptors, or no worker for the client just accepted). */
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
    return hand_over(a, fd, pair);
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

/* Retries the held client when its pause is over or a worker has exited. */
static void retry_held(struct acceptor *a, int64_t *resume_at)
{
    if (a->held_fd < 0 || (server_now_ms() < *resume_at && !a->worker_exited))
        return;
    a->worker_exited = false;
    int fd = a->held_fd;
    a->held_fd = -1;
    if (!hand_over(a, fd, a->held_pair))
        *resume_at = server_now_ms() + EMFILE_PAUSE_MS;
}

/* Accepts and hands out connections until SIGINT/SIGTERM: 0, or -1 with err. */
static int accept_loop(struct acceptor *a, char *err, size_t errlen)
{
    const struct server_opts *o = a->o;
    int64_t resume_at = 0;
    while (!a->stopping) {
        retry_held(a, &resume_at);
        struct pollfd p[NET_MAX_LISTEN + 2];
        int n = 0;
        p[n++] = (struct pollfd){.fd = a->sigfd, .events = POLLIN};
        if (a->donefd >= 0)
            p[n++] = (struct pollfd){.fd = a->donefd, .events = POLLIN};
        int first_listener = n;
        uint64_t active = o->model == MODEL_THREADS ? active_count(a) : a->active;
        int64_t now = server_now_ms();
        bool paused = resume_at > now || a->held_fd >= 0;
        /* At --max-conns, out of descriptors, or with a client waiting for a worker,
         * leave the listeners out: no spinning, and new clients stay in the backlog
         * until a slot frees. */
        if (active < o->max_conns && !paused)
            for (int i = 0; i < a->l->n; i++)
                p[n++] = (struct pollfd){.fd = a->l->fds[i], .events = POLLIN};
        int r = poll(p, (nfds_t)n, paused ? ms_until(resume_at, now) : -1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errlen, "poll failed: %s", strerror(errno));
            return -1;
        }
        if (p[0].revents)
            read_signals(a);
        if (a->donefd >= 0 && p[1].revents) {
            drain_eventfd(a->donefd);
            a->worker_exited = true;
        }
        for (int i = first_listener; i < n && !a->stopping; i++) {
            if (p[i].revents && !accept_one(a, p[i].fd)) {
                resume_at = server_now_ms() + EMFILE_PAUSE_MS;
                break;
            }
        }
    }
    if (a->held_fd >= 0) {
        server_log_close(o, a->held_pair, 0, "not served: server shutting down");
        close(a->held_fd);
        a->held_fd = -1;
    }
    return 0;
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
    *a = (struct acceptor){
        .o = o, .l = l, .sigfd = sigfd, .stop_r = -1, .stop_w = -1, .donefd = -1, .held_fd = -1};
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
    if (accept_loop(a, err, errlen) < 0)
        goto out;
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
