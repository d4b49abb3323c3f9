/*
 * echoserver.c: main of the RFC 862 echo server. It parses the options, blocks SIGINT,
 * SIGTERM (and SIGCHLD for the fork model) into a signalfd so that shutdown is an event
 * like any other, ignores SIGPIPE, opens the listeners and hands them to the chosen
 * concurrency model. It is the only part that prints errors or chooses an exit status:
 * 0 after a clean shutdown, 1 for a runtime failure (port in use), 2 for bad usage or a
 * lack of permission.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "net.h"
#include "server.h"
#include "server_limits.h"

#define PROG "echoserver"

/* Raises the soft descriptor limit to the hard one: thousands of clients need fds. */
static void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl); /* best effort: the old limit still works */
    }
}

static void usage(FILE *f)
{
    /* The defaults that depend on the host, as they are on this one. */
    struct server_limits ev, wk;
    raise_nofile();
    server_limits_compute(MODEL_EVENTS, SERVER_DEFAULT_SOCKBUF, SERVER_DEFAULT_SOCKBUF, &ev);
    server_limits_compute(MODEL_THREADS, SERVER_DEFAULT_SOCKBUF, SERVER_DEFAULT_SOCKBUF, &wk);
    fprintf(f,
            "Usage: " PROG " [-p PORT] [options]\n"
            "An RFC 862 echo server: every byte received is sent back unchanged.\n"
            "\n"
            "  -p, --port PORT         listen on PORT (default 15213; 0 picks a free one)\n"
            "  -b, --bind ADDR         listen on ADDR only (default: every IPv6 and IPv4 "
            "address)\n"
            "  -m, --model MODEL       events (default), iterative, fork or threads\n"
            "\n"
            "Limits that protect the host (each default can be changed; 0 turns a timeout "
            "off):\n"
            "      --max-conns N       serve at most N connections at once; more clients wait "
            "in\n"
            "                          the listen backlog, not refused (default here: %llu for\n"
            "                          events, %llu for fork and threads, from the descriptor\n"
            "                          limit, the kernel's TCP memory and the process limit;\n"
            "                          iterative serves one)\n"
            "      --idle-timeout S    close a connection whose client sent nothing for S "
            "seconds\n"
            "                          (default %d); in iterative, also the longest one "
            "silent\n"
            "                          client can keep every other one waiting\n"
            "      --send-timeout S    close a connection whose client read none of its echo "
            "for\n"
            "                          S seconds (default %d)\n"
            "      --sndbuf BYTES      SO_SNDBUF of each connection (default %d; 0: the "
            "kernel's\n"
            "                          autotuning)\n"
            "      --rcvbuf BYTES      SO_RCVBUF of each connection (default %d; 0: "
            "autotuning);\n"
            "                          with --sndbuf, what a client that never reads can "
            "pin\n"
            "                          (%llu KiB here)\n"
            "\n"
            "      --grace S           on SIGINT/SIGTERM, wait up to S seconds for echoes "
            "to flush (default 5)\n"
            "      --port-file FILE    write the bound port to FILE once listening\n"
            "  -q, --quiet             no per-connection log on stderr\n"
            "  -h, --help              show this help and exit\n"
            "  -V, --version           show the version and exit\n",
            (unsigned long long)ev.cap, (unsigned long long)wk.cap, SERVER_DEFAULT_IDLE_S,
            SERVER_DEFAULT_SEND_S, SERVER_DEFAULT_SOCKBUF, SERVER_DEFAULT_SOCKBUF,
            (unsigned long long)(ev.per_conn / 1024));
}

/* Writes "PORT\n" to path atomically (a temporary file, then rename). */
static bool write_port_file(const char *path, unsigned port, char *err, size_t errlen)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (f == NULL || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write port file '%s': %s", path, strerror(errno));
        unlink(tmp);
        return false;
    }
    return true;
}

enum { OPT_MAX_CONNS = 256, OPT_IDLE, OPT_SEND, OPT_SNDBUF, OPT_RCVBUF, OPT_GRACE, OPT_PORT_FILE };

/* The command line: the models' options, and what main needs beside them. */
struct config {
    struct server_opts o;
    const char *port, *host, *port_file;
    uint64_t sndbuf, rcvbuf;
};

static bool parse_model(const char *s, enum server_model *m)
{
    static const char *const names[] = {"events", "iterative", "fork", "threads"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *m = (enum server_model)i;
            return true;
        }
    return false;
}

static const struct args_opt options[] = {
    {"port", required_argument, 'p', ARGS_TAKE},
    {"bind", required_argument, 'b', ARGS_TEXT_AT(struct config, host)},
    {"model", required_argument, 'm', ARGS_TAKE},
    {"max-conns", required_argument, OPT_MAX_CONNS, ARGS_TAKE},
    {"idle-timeout", required_argument, OPT_IDLE, ARGS_TAKE},
    {"send-timeout", required_argument, OPT_SEND, ARGS_TAKE},
    {"sndbuf", required_argument, OPT_SNDBUF, ARGS_TAKE},
    {"rcvbuf", required_argument, OPT_RCVBUF, ARGS_TAKE},
    {"grace", required_argument, OPT_GRACE, ARGS_TAKE},
    {"port-file", required_argument, OPT_PORT_FILE, ARGS_TEXT_AT(struct config, port_file)},
    {"quiet", no_argument, 'q', ARGS_SET_AT(struct config, o.quiet)},
    {0},
};

/* The options with a value to check (args.h's take): -1 to go on, else the exit status. */
static int take(void *ctx, int c, const char *arg)
{
    struct config *cfg = ctx;
    struct server_opts *o = &cfg->o;
    uint16_t port_num;
    uint64_t v = 0;
    int rc;
    switch (c) {
    case 'p':
        if (!parse_port(arg, true, &port_num))
            return usage_error(PROG, "invalid port '%s'", arg);
        cfg->port = arg;
        return -1;
    case 'm':
        if (!parse_model(arg, &o->model))
            return usage_error(PROG, "invalid model '%s' (events, iterative, fork, threads)", arg);
        return -1;
    case OPT_MAX_CONNS:
        return args_u64(PROG, "--max-conns", arg, 1, UINT32_MAX, "a whole number from 1",
                        &o->max_conns);
    case OPT_IDLE:
    case OPT_SEND:
        rc = args_u64(PROG, c == OPT_IDLE ? "--idle-timeout" : "--send-timeout", arg, 0, 86400,
                      "seconds, 0 to 86400; 0: never", &v);
        *(c == OPT_IDLE ? &o->idle_ms : &o->send_ms) = v * 1000;
        return rc;
    case OPT_SNDBUF:
    case OPT_RCVBUF:
        if (!parse_u64(arg, 0, 1u << 30, &v) || (v != 0 && v < 1024))
            return usage_error(PROG, "invalid --%s '%s' (bytes, 1024 to 1073741824; 0: autotuned)",
                               c == OPT_SNDBUF ? "sndbuf" : "rcvbuf", arg);
        *(c == OPT_SNDBUF ? &cfg->sndbuf : &cfg->rcvbuf) = v;
        return -1;
    case OPT_GRACE:
        rc = args_u64(PROG, "--grace", arg, 0, 3600, "seconds, 0 to 3600", &v);
        o->grace_ms = v * 1000;
        return rc;
    default: /* an unknown option: args_parse says so */
        return -1;
    }
}

/* The command line as args_parse reads it. */
static const struct args_prog prog = {
    .name = PROG,
    .opts = options,
    .usage = usage,
    .take = take,
};

/*
 * Fixes SO_SNDBUF and SO_RCVBUF on the listeners, before any client connects: accepted
 * sockets inherit them, and the receive buffer set before the handshake is also what
 * the SYN-ACK's window scale is chosen for.
 */
static bool set_sockbufs(const struct net_listeners *l, const struct config *cfg, char *err,
                         size_t errlen)
{
    for (int i = 0; i < l->n; i++) {
        int snd = (int)cfg->sndbuf, rcv = (int)cfg->rcvbuf;
        if ((snd != 0 && setsockopt(l->fds[i], SOL_SOCKET, SO_SNDBUF, &snd, sizeof snd) < 0) ||
            (rcv != 0 && setsockopt(l->fds[i], SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv) < 0)) {
            snprintf(err, errlen, "cannot set the socket buffer sizes: %s", strerror(errno));
            return false;
        }
    }
    return true;
}

/* "listening on port 15213 (...), model events; at most 19968 connections (...)..." */
static void log_listening(const struct server_opts *o, const struct net_listeners *l,
                          const struct server_limits *lim)
{
    static const char *const names[] = {"events", "iterative", "fork", "threads"};
    char addrs[NET_MAX_LISTEN * (NET_ADDRSTR_LEN + 2)] = "";
    size_t used = 0;
    for (int i = 0; i < l->n; i++) {
        char a[NET_ADDRSTR_LEN];
        net_fd_addr_str(l->fds[i], false, a, sizeof a);
        used += (size_t)snprintf(addrs + used, sizeof addrs - used, "%s%s", i ? ", " : "", a);
    }
    char idle[32] = "off", send[32] = "off";
    if (o->idle_ms)
        snprintf(idle, sizeof idle, "%llu s", (unsigned long long)(o->idle_ms / 1000));
    if (o->send_ms)
        snprintf(send, sizeof send, "%llu s", (unsigned long long)(o->send_ms / 1000));
    fprintf(stderr,
            PROG ": listening on port %u (%s), model %s; at most %llu connection%s at once (%s), "
                 "idle timeout %s, send timeout %s, up to %llu KiB of kernel memory per "
                 "connection\n",
            (unsigned)l->port, addrs, names[o->model], (unsigned long long)o->max_conns,
            o->max_conns == 1 ? "" : "s", server_limits_bound_str(lim->bound), idle, send,
            (unsigned long long)(lim->per_conn / 1024));
}

/* Signals become readable events: no handler, no global flag. SIGPIPE is ignored so a
 * write to a reset peer fails with EPIPE instead of killing the server. */
static int open_signalfd(enum server_model model)
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    if (model == MODEL_FORK)
        sigaddset(&mask, SIGCHLD);
    signal(SIGPIPE, SIG_IGN);
    if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) {
        fprintf(stderr, PROG ": cannot block signals: %s\n", strerror(errno));
        return -1;
    }
    int sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sigfd < 0)
        fprintf(stderr, PROG ": cannot create a signalfd: %s\n", strerror(errno));
    return sigfd;
}

int main(int argc, char **argv)
{
    struct config cfg = {.o = {.model = MODEL_EVENTS,
                               .idle_ms = SERVER_DEFAULT_IDLE_S * 1000,
                               .send_ms = SERVER_DEFAULT_SEND_S * 1000,
                               .grace_ms = 5000},
                         .port = "15213",
                         .sndbuf = SERVER_DEFAULT_SOCKBUF,
                         .rcvbuf = SERVER_DEFAULT_SOCKBUF};
    struct server_opts *o = &cfg.o;
    int st = args_parse(&prog, &cfg, &cfg, argc, argv);
    if (st >= 0)
        return st;
    int sigfd = open_signalfd(o->model);
    if (sigfd < 0)
        return 1;
    raise_nofile();
    struct server_limits lim;
    server_limits_compute(o->model, cfg.sndbuf, cfg.rcvbuf, &lim);
    if (o->max_conns == 0)
        o->max_conns = lim.cap;
    else
        lim.bound = LIMIT_BY_USER;

    char err[NET_ERR_LEN];
    struct net_listeners l;
    enum net_status ns = net_open_listeners(cfg.host, cfg.port, SOMAXCONN, o->model == MODEL_EVENTS,
                                            &l, err, sizeof err);
    if (ns != NET_OK) {
        fprintf(stderr, PROG ": %s\n", err);
        close(sigfd);
        return ns == NET_ERR_PERM ? 2 : 1;
    }
    /* The blocking models accept only after poll says so, but a client may reset in
     * between: non-blocking listeners keep accept from hanging there too. */
    for (int i = 0; i < l.n; i++)
        net_set_nonblock(l.fds[i], true, NULL, 0);
    if (!set_sockbufs(&l, &cfg, err, sizeof err) ||
        (cfg.port_file != NULL && !write_port_file(cfg.port_file, l.port, err, sizeof err))) {
        fprintf(stderr, PROG ": %s\n", err);
        net_close_listeners(&l);
        close(sigfd);
        return 1;
    }
    if (!o->quiet)
        log_listening(o, &l, &lim);

    int rc = o->model == MODEL_EVENTS ? server_run_events(o, &l, sigfd, err, sizeof err)
                                      : server_run_blocking(o, &l, sigfd, err, sizeof err);
    net_close_listeners(&l);
    close(sigfd);
    if (rc != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return 1;
    }
    if (!o->quiet)
        fprintf(stderr, PROG ": stopped\n");
    return 0;
}
