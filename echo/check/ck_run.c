/*
 * ck_run.c: the battery's scheduler (see ck_run.h).
 *
 * One test's life: a network namespace of its own (as root), sniff capturing its
 * loopback, the server started and listening, the test's clients, then everything
 * stopped in reverse order and, for a failing test, the capture saved as
 * FAIL-<test>.pcap and read back by sniff for the decisive frames. Workers take the next
 * test from a shared counter. The main thread only waits for signals: on the first it
 * sets the stop flag, which every wait in the tests checks at least every 100 ms, so
 * each worker tears its test down as usual; on a second it removes the private
 * directory and exits, and the kernel kills the children (PR_SET_PDEATHSIG).
 */
#include "ck_run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "ck_capture.h"
#include "ck_hint.h"
#include "ck_server.h"
#include "ck_verdict.h"

/* Tests that take longest start first, so the short ones fill in beside them. */
static const char *const heavy[] = {"write_then_read_10mib", "stream_10mib", "health", "long_line",
                                    "hundred_clients",       "client_reset"};

bool ck_battery_init(struct ck_battery *b, const struct ck_opts *o, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->o = o;
    const char *base = getenv("TMPDIR");
    snprintf(b->tmp, sizeof b->tmp, "%s/echocheck.XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(b->tmp) == NULL) {
        snprintf(err, errlen, "cannot make a private directory in %s: %s",
                 base && *base ? base : "/tmp", strerror(errno));
        b->tmp[0] = '\0';
        return false;
    }
    for (size_t h = 0; h < sizeof heavy / sizeof heavy[0]; h++) {
        int i = ck_test_index(heavy[h]);
        if (i >= 0 && o->selected[i])
            b->order[b->n++] = i;
    }
    for (size_t i = 0; i < ck_ntests; i++) {
        bool is_heavy = false;
        for (size_t h = 0; h < sizeof heavy / sizeof heavy[0]; h++)
            is_heavy = is_heavy || strcmp(ck_tests[i].name, heavy[h]) == 0;
        if (o->selected[i] && !is_heavy)
            b->order[b->n++] = (int)i;
    }
    for (size_t i = 0; i < ck_ntests; i++)
        b->res[i].status = CK_SKIPPED;
    return true;
}

static void remove_tmp(const char *dir)
{
    if (dir[0] == '\0')
        return;
    DIR *d = opendir(dir);
    if (d != NULL) {
        const struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                (void)unlinkat(dirfd(d), e->d_name, 0);
        closedir(d);
    }
    (void)rmdir(dir);
}

void ck_battery_free(struct ck_battery *b)
{
    for (size_t i = 0; i < ck_ntests; i++)
        ck_evidence_free(&b->res[i].ev);
    remove_tmp(b->tmp);
    b->tmp[0] = '\0';
}

/* A free port on 127.0.0.1 (not root, %PORT%): the kernel's pick, released at once. */
static uint16_t free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    uint16_t port = 0;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* Copies the capture to the save directory as FAIL-<test>.pcap (given to the sudo
 * caller, whose file it should be). */
static bool save_capture(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    bool ok = in >= 0 && out >= 0;
    char buf[65536];
    ssize_t n;
    while (ok && (n = read(in, buf, sizeof buf)) != 0)
        ok = n > 0 && write(out, buf, (size_t)n) == n;
    uint64_t uid, gid;
    if (ok && geteuid() == 0 && parse_u64(getenv("SUDO_UID"), 1, UINT32_MAX - 1, &uid) &&
        parse_u64(getenv("SUDO_GID"), 0, UINT32_MAX - 1, &gid))
        (void)!fchown(out, (uid_t)uid, (gid_t)gid);
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        ok = false;
    return ok;
}

/* Where this test's server is: port and address; the server started (not --connect). */
struct env {
    uint64_t netns;
    uint16_t port;
    struct ck_server srv;
    bool have_srv;
    struct ck_capture cap;
    bool capturing;
    char pcap[PATH_MAX], log[PATH_MAX];
};

static bool env_up(struct ck_battery *b, struct ck_run *r, struct env *e, const char *name,
                   char *err, size_t errlen)
{
    const struct ck_opts *o = b->o;
    struct ck_result *res = r->res;
    if (o->mode == CK_MODE_NETNS && !ck_netns_enter(&e->netns, err, errlen))
        return false;
    e->port = o->mode == CK_MODE_LOOPBACK && o->port_in_args ? free_port() : o->port;
    r->port = e->port;
    ck_fmt(e->pcap, sizeof e->pcap, "%s/%s.pcap", b->tmp, name);
    ck_fmt(e->log, sizeof e->log, "%s/%s.log", b->tmp, name);
    if (o->sniff == NULL)
        snprintf(res->ev.why_not, sizeof res->ev.why_not, "%s", o->no_capture_why);
    else
        e->capturing =
            ck_capture_start(o, e->port, e->pcap, &e->cap, res->ev.why_not, sizeof res->ev.why_not);
    res->ev.captured = e->capturing;
    if (o->mode == CK_MODE_CONNECT) {
        memcpy(&r->addr, &o->connect_addr, o->connect_len);
        r->addrlen = o->connect_len;
        return true;
    }
    struct ck_listen l;
    if (o->mode == CK_MODE_LOOPBACK && ck_proc_listening(0, e->port, &l)) {
        snprintf(err, errlen, "port %u is in use by another program (use --port, or %%PORT%%)",
                 e->port);
        return false;
    }
    if (!ck_server_start(o, e->port, e->log, e->netns, &e->srv, err, errlen))
        return false;
    e->have_srv = true;
    r->srv = &e->srv;
    return ck_server_wait_listen(o, &e->srv, e->port, r->stop, &r->addr, &r->addrlen, err, errlen);
}

/* The capture stops first: what the server does when echocheck stops it (an RST for the
 * bytes it never read, a FIN) is no evidence of anything. */
static void env_down(struct ck_run *r, struct env *e)
{
    if (e->have_srv && r->res->status == CK_FAIL && !r->res->fate.known)
        ck_server_fate(&e->srv, 0, &r->res->fate);
    if (e->capturing) {
        ck_sleep_ms(50); /* the last segments reach the capture */
        ck_capture_stop(&e->cap);
    }
    if (e->have_srv)
        ck_server_stop(&e->srv);
    ck_proc_kill_netns(e->netns);
}

/* The test ran out of its --timeout: whatever it was waiting for, that is the verdict
 * (a wait cut short is no evidence of "nothing more came"). */
static void timed_out(struct ck_run *r)
{
    struct ck_hint_args x = {.a = r->o->timeout_ms / 1000};
    if (r->res->status != CK_FAIL)
        ck_fail(r, "the test did not finish within %u s", r->o->timeout_ms / 1000);
    ck_hint(&r->res->fail, CK_CAUSE_TIMEOUT, &x);
}

static void run_one(struct ck_battery *b, int ti)
{
    const struct ck_test *t = &ck_tests[ti];
    struct ck_result *res = &b->res[ti];
    struct ck_run r = {.o = b->o, .res = res, .stop = &b->stop};
    struct env e;
    memset(&e, 0, sizeof e);
    char err[CK_TEXT + CK_TAIL];
    int64_t t0 = ck_now_ns();
    res->status = CK_PASS;
    if (!env_up(b, &r, &e, t->name, err, sizeof err)) {
        res->status = CK_ERROR;
        ck_fmt(res->fail.what, sizeof res->fail.what, "%s", err);
    } else {
        r.deadline_ns = ck_now_ns() + (int64_t)b->o->timeout_ms * 1000000;
        t->fn(&r);
        if (atomic_load(&b->stop) && res->status == CK_PASS)
            res->status = CK_SKIPPED;
        else if (ck_now_ns() > r.deadline_ns && !atomic_load(&b->stop))
            timed_out(&r);
    }
    env_down(&r, &e);
    if (res->summary[0] == '\0' && res->status != CK_PASS) /* the failure's first line */
        ck_fmt(res->summary, sizeof res->summary, "%.*s", (int)strcspn(res->fail.what, "\n"),
               res->fail.what);
    char saved[PATH_MAX];
    ck_fmt(saved, sizeof saved, "%s/FAIL-%s.pcap", b->o->save_dir, t->name);
    if (res->status == CK_FAIL && e.capturing && !atomic_load(&b->stop)) {
        if (save_capture(e.pcap, saved)) {
            snprintf(res->ev.saved, sizeof res->ev.saved, "%s", saved);
            ck_evidence(b->o, saved, e.port, res->fail.cause_id, &res->ev);
        } else {
            ck_fmt(res->ev.why_not, sizeof res->ev.why_not, "cannot write %s: %s", saved,
                   strerror(errno));
        }
    } else if (res->status == CK_PASS && b->o->sniff != NULL) {
        (void)unlink(saved); /* a failure of an earlier run, fixed since */
    }
    (void)unlink(e.pcap);
    (void)unlink(e.log);
    res->seconds = (double)(ck_now_ns() - t0) / 1e9;
}

static void *worker(void *arg)
{
    struct ck_battery *b = arg;
    for (;;) {
        int i = atomic_fetch_add(&b->next, 1);
        if (i >= b->n || atomic_load(&b->stop))
            break;
        run_one(b, b->order[i]);
    }
    atomic_fetch_add(&b->done, 1);
    return NULL;
}

/* The signals the main thread waits for; blocked in every thread. */
static void stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

void ck_battery_run(struct ck_battery *b)
{
    sigset_t set;
    stop_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t th[16];
    unsigned n = b->o->jobs < 16 ? b->o->jobs : 16;
    if (n > (unsigned)b->n)
        n = (unsigned)b->n;
    int64_t t0 = ck_now_ns();
    unsigned started = 0;
    for (unsigned i = 0; i < n; i++)
        if (pthread_create(&th[started], NULL, worker, b) == 0)
            started++;
    b->workers = started;
    if (started == 0 && b->n > 0) /* no thread to be had: run them here, unstoppable */
        worker(b);
    while (started > 0 && atomic_load(&b->done) < (int)started) {
        struct timespec ts = {0, 100 * 1000000};
        int sig = sigtimedwait(&set, NULL, &ts);
        if (sig > 0 && atomic_load(&b->stop)) { /* a second one: go now */
            remove_tmp(b->tmp);
            _exit(128 + sig);
        }
        if (sig > 0) {
            b->signal = sig;
            atomic_store(&b->stop, true);
        }
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    b->seconds = (double)(ck_now_ns() - t0) / 1e9;
}

struct probe {
    struct ck_battery *b;
    bool ok;
    char err[CK_TEXT + CK_TAIL];
    bool capture; /* probe sniff instead of the server */
};

static void *probe_thread(void *arg)
{
    struct probe *p = arg;
    struct ck_battery *b = p->b;
    struct ck_result res;
    memset(&res, 0, sizeof res);
    struct ck_run r = {.o = b->o, .res = &res, .stop = &b->stop};
    struct env e;
    memset(&e, 0, sizeof e);
    if (p->capture) {
        ck_fmt(e.pcap, sizeof e.pcap, "%s/probe.pcap", b->tmp);
        p->ok = ck_capture_start(b->o, b->o->port, e.pcap, &e.cap, p->err, sizeof p->err);
        if (p->ok)
            ck_capture_stop(&e.cap);
        (void)unlink(e.pcap);
        return NULL;
    }
    p->ok = env_up(b, &r, &e, "probe", p->err, sizeof p->err);
    env_down(&r, &e);
    (void)unlink(e.pcap);
    (void)unlink(e.log);
    return NULL;
}

static bool probe(struct ck_battery *b, bool capture, char *err, size_t errlen)
{
    struct probe *p = calloc(1, sizeof *p);
    if (p == NULL) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    p->b = b;
    p->capture = capture;
    pthread_t th;
    if (pthread_create(&th, NULL, probe_thread, p) != 0) {
        probe_thread(p);
    } else {
        pthread_join(th, NULL);
    }
    bool ok = p->ok;
    if (!ok)
        snprintf(err, errlen, "%s", p->err);
    free(p);
    return ok;
}

bool ck_probe_server(struct ck_battery *b, char *err, size_t errlen)
{
    /* Without the sniff capture: only the server's start is in question. */
    struct ck_opts o = *b->o;
    o.sniff = NULL;
    const struct ck_opts *saved = b->o;
    b->o = &o;
    bool ok = probe(b, false, err, errlen);
    b->o = saved;
    return ok;
}

bool ck_probe_capture(struct ck_battery *b, char *why, size_t whylen)
{
    return probe(b, true, why, whylen);
}

static void *netns_thread(void *arg)
{
    char *why = arg;
    uint64_t ino;
    if (!ck_netns_enter(&ino, why, 256))
        return why;
    return NULL;
}

bool ck_netns_usable(char *why, size_t whylen)
{
    char buf[256] = "";
    pthread_t th;
    void *ret = NULL;
    if (pthread_create(&th, NULL, netns_thread, buf) != 0 || pthread_join(th, &ret) != 0) {
        snprintf(why, whylen, "cannot start a thread");
        return false;
    }
    snprintf(why, whylen, "%s", buf);
    return ret == NULL;
}
