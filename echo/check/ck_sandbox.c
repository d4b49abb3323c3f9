/*
 * ck_sandbox.c: the server's process (see ck_server.h). Between fork() and execve() the
 * child runs only system calls (echocheck is multi-threaded: another thread may hold
 * malloc's lock), in this order: default signal dispositions and an empty mask (ignored
 * signals survive execve, and a server that does not ignore SIGPIPE must die of it as it
 * would anywhere), a process group of its own, standard input from /dev/null and output
 * to the log, every other descriptor closed, the resource limits, the user (groups, then
 * gid, then uid), death with its parent, no_new_privs, execve.
 */
#include "ck_server.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

bool ck_netns_enter(uint64_t *ino, char *err, size_t errlen)
{
    if (unshare(CLONE_NEWNET) != 0) {
        snprintf(err, errlen, "cannot make a network namespace (unshare CLONE_NEWNET): %s",
                 strerror(errno));
        return false;
    }
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    bool ok = fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
    if (ok) {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        ok = ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
    }
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (!ok) {
        snprintf(err, errlen, "cannot bring up loopback in the test's namespace: %s", strerror(e));
        return false;
    }
    struct stat sb;
    *ino = stat("/proc/thread-self/ns/net", &sb) == 0 ? (uint64_t)sb.st_ino : 0;
    return true;
}

/* argv[0] as execve wants it: a path. Searched in PATH here, before fork, since the
 * child may not allocate. */
static bool resolve(const char *name, char *out, size_t outlen)
{
    if (strchr(name, '/') != NULL) {
        snprintf(out, outlen, "%s", name);
        return true;
    }
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        snprintf(out, outlen, "%.*s/%s", (int)n, n ? path : ".", name);
        if (access(out, X_OK) == 0)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

/* argv with every %PORT% replaced; NULL on allocation failure. */
static char **port_argv(const struct ck_opts *o, uint16_t port)
{
    char **v = calloc((size_t)o->argc + 1, sizeof *v);
    if (v == NULL)
        return NULL;
    char num[8];
    snprintf(num, sizeof num, "%u", port);
    for (int i = 0; i < o->argc; i++) {
        const char *a = o->argv[i];
        size_t n = strlen(a) + 1;
        for (const char *p = strstr(a, "%PORT%"); p; p = strstr(p + 6, "%PORT%"))
            n += strlen(num);
        char *s = malloc(n), *d = s;
        if (s == NULL) {
            for (int j = 0; j < i; j++)
                free(v[j]);
            free(v);
            return NULL;
        }
        while (*a) {
            if (strncmp(a, "%PORT%", 6) == 0) {
                d = stpcpy(d, num);
                a += 6;
            } else {
                *d++ = *a++;
            }
        }
        *d = '\0';
        v[i] = s;
    }
    return v;
}

static void free_argv(char **v)
{
    for (int i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* One limit, never above the hard limit we have (not root: the kernel refuses to raise
 * it). */
static void limit(int res, uint64_t soft, uint64_t hard)
{
    struct rlimit rl;
    if (getrlimit(res, &rl) != 0)
        return;
    if (rl.rlim_max != RLIM_INFINITY && hard > rl.rlim_max)
        hard = rl.rlim_max;
    if (soft > hard)
        soft = hard;
    rl.rlim_cur = soft;
    rl.rlim_max = hard;
    (void)setrlimit(res, &rl);
}

static void say(const char *a, const char *b)
{
    (void)!write(STDERR_FILENO, a, strlen(a));
    (void)!write(STDERR_FILENO, b, strlen(b));
    (void)!write(STDERR_FILENO, "\n", 1);
}

/* The child: never returns. */
static void child(const struct ck_opts *o, const char *path, char **argv, int devnull, int log,
                  pid_t parent)
{
    sigset_t none;
    sigemptyset(&none);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            (void)sigaction(sig, &dfl, NULL);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setpgid(0, 0);
    if (dup2(devnull, STDIN_FILENO) < 0 || dup2(log, STDOUT_FILENO) < 0 ||
        dup2(log, STDERR_FILENO) < 0)
        _exit(126);
    closefrom(3);
    const struct ck_limits *l = &o->lim;
    limit(RLIMIT_CPU, l->cpu_s, l->cpu_s + 1);
    if (l->mem_mib != 0)
        limit(RLIMIT_AS, l->mem_mib << 20, l->mem_mib << 20);
    limit(RLIMIT_NPROC, l->nproc, l->nproc);
    limit(RLIMIT_NOFILE, l->nofile, l->nofile);
    limit(RLIMIT_FSIZE, l->fsize_mib << 20, l->fsize_mib << 20);
    limit(RLIMIT_CORE, 0, 0);
    if (o->drop && (setgroups(0, NULL) != 0 || setresgid(o->gid, o->gid, o->gid) != 0 ||
                    setresuid(o->uid, o->uid, o->uid) != 0)) {
        say("echocheck: cannot switch to the server's user: ", strerror(errno));
        _exit(126);
    }
    /* After the uid change, which clears it. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(126);
    (void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    execve(path, argv, environ);
    say("echocheck: cannot execute the server: ", strerror(errno));
    _exit(127);
}

bool ck_server_start(const struct ck_opts *o, uint16_t port, const char *logpath, uint64_t netns,
                     struct ck_server *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->pid = -1;
    s->log_fd = -1;
    s->netns = netns;
    char path[4096];
    if (!resolve(o->argv[0], path, sizeof path)) {
        snprintf(err, errlen, "'%s' is not a program in PATH", o->argv[0]);
        return false;
    }
    if (access(path, X_OK) != 0) {
        snprintf(err, errlen, "cannot execute '%s': %s", path, strerror(errno));
        return false;
    }
    char **argv = port_argv(o, port);
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    s->log_fd = open(logpath, O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (argv == NULL || devnull < 0 || s->log_fd < 0) {
        snprintf(err, errlen, "cannot prepare the server's start (%s): %s", logpath,
                 strerror(errno));
        free_argv(argv);
        if (devnull >= 0)
            close(devnull);
        return false;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        child(o, path, argv, devnull, s->log_fd, parent);
    int e = errno;
    close(devnull);
    free_argv(argv);
    if (pid < 0) {
        snprintf(err, errlen, "cannot start the server: fork: %s", strerror(e));
        return false;
    }
    setpgid(pid, pid); /* as the child does: whichever runs first */
    s->pid = pid;
    return true;
}

static bool reap(struct ck_server *s, bool block)
{
    if (s->reaped || s->pid <= 0)
        return true;
    pid_t r;
    do
        r = waitpid(s->pid, &s->wstatus, block ? 0 : WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r == s->pid || (r < 0 && errno == ECHILD))
        s->reaped = true;
    return s->reaped;
}

void ck_server_tail(const struct ck_server *s, char *out, size_t outlen)
{
    out[0] = '\0';
    struct stat sb;
    if (s->log_fd < 0 || fstat(s->log_fd, &sb) != 0 || outlen < 2)
        return;
    off_t n = sb.st_size < (off_t)outlen - 1 ? sb.st_size : (off_t)outlen - 1;
    ssize_t got = pread(s->log_fd, out, (size_t)n, sb.st_size - n);
    if (got < 0)
        got = 0;
    out[got] = '\0';
    for (ssize_t i = 0; i < got; i++) /* the report is text */
        if ((out[i] < 0x20 && out[i] != '\n' && out[i] != '\t') || out[i] == 0x7f)
            out[i] = '?';
}

bool ck_server_wait_listen(const struct ck_opts *o, struct ck_server *s, uint16_t port,
                           atomic_bool *stop, struct sockaddr_storage *addr, socklen_t *len,
                           char *err, size_t errlen)
{
    int64_t end = ck_now_ns() + (int64_t)o->start_ms * 1000000;
    struct ck_listen l;
    for (;;) {
        if (ck_proc_listening(s->pid, port, &l))
            break;
        if (reap(s, false)) {
            char tail[CK_TAIL];
            ck_server_tail(s, tail, sizeof tail);
            if (WIFEXITED(s->wstatus))
                snprintf(err, errlen, "the server exited (status %d) before it listened on port %u",
                         WEXITSTATUS(s->wstatus), port);
            else
                snprintf(err, errlen, "the server was killed by %s before it listened on port %u",
                         ck_signal_name(WTERMSIG(s->wstatus)), port);
            size_t t = strlen(tail);
            while (t > 0 && tail[t - 1] == '\n')
                tail[--t] = '\0';
            if (t > 0)
                snprintf(err + strlen(err), errlen - strlen(err), "; its output ends:\n%s", tail);
            return false;
        }
        if (ck_now_ns() > end || atomic_load(stop)) {
            snprintf(err, errlen,
                     "the server did not listen on port %u within %u ms (--start-timeout); "
                     "does it take its port from %s?",
                     port, o->start_ms, o->port_in_args ? "%PORT%" : "--port");
            return false;
        }
        ck_sleep_ms(10);
    }
    memset(addr, 0, sizeof *addr);
    if (l.v4) { /* 127.0.0.1 when it listens on IPv4 at all */
        struct sockaddr_in *a = (struct sockaddr_in *)addr;
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        *len = sizeof *a;
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)addr;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        a->sin6_addr = in6addr_loopback;
        *len = sizeof *a;
    }
    return true;
}

void ck_server_fate(struct ck_server *s, unsigned wait_ms, struct ck_fate *f)
{
    memset(f, 0, sizeof *f);
    f->known = true;
    int64_t end = ck_now_ns() + (int64_t)wait_ms * 1000000;
    while (!reap(s, false) && ck_now_ns() < end)
        ck_sleep_ms(10);
    f->alive = !s->reaped;
    if (s->reaped) {
        f->exited = WIFEXITED(s->wstatus);
        f->status = f->exited ? WEXITSTATUS(s->wstatus) : 0;
        f->sig = f->exited ? 0 : WTERMSIG(s->wstatus);
    }
    ck_server_tail(s, f->stderr_tail, sizeof f->stderr_tail);
}

void ck_server_stop(struct ck_server *s)
{
    if (s->pid > 0 && !reap(s, false)) {
        kill(-s->pid, SIGTERM);
        for (int i = 0; i < 30 && !reap(s, false); i++)
            ck_sleep_ms(10);
        if (!s->reaped) {
            kill(-s->pid, SIGKILL);
            reap(s, true);
        }
    }
    if (s->pid > 0)
        kill(-s->pid, SIGKILL); /* children still in its group */
    if (s->log_fd >= 0)
        close(s->log_fd);
    s->log_fd = -1;
}
