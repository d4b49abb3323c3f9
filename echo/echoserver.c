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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "args.h"
#include "net.h"
#include "server.h"

#define PROG "echoserver"

static void usage(FILE *f)
{
    fprintf(f, "Usage: " PROG " [-p PORT] [options]\n"
               "An RFC 862 echo server: every byte received is sent back unchanged.\n"
               "\n"
               "  -p, --port PORT         listen on PORT (default 15213; 0 picks a free one)\n"
               "  -b, --bind ADDR         listen on ADDR only (default: every IPv6 and IPv4 "
               "address)\n"
               "  -m, --model MODEL       events (default), iterative, fork or threads\n"
               "      --max-conns N       serve at most N connections at once\n"
               "      --idle-timeout S    close a connection idle for S seconds\n"
               "      --grace S           on SIGINT/SIGTERM, wait up to S seconds for echoes "
               "to flush (default 5)\n"
               "      --port-file FILE    write the bound port to FILE once listening\n"
               "  -q, --quiet             no per-connection log on stderr\n"
               "  -h, --help              show this help and exit\n"
               "  -V, --version           show the version and exit\n");
}

/* Raises the soft descriptor limit to the hard one: thousands of clients need fds. */
static void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl); /* best effort: the old limit still works */
    }
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

enum { OPT_MAX_CONNS = 256, OPT_IDLE, OPT_GRACE, OPT_PORT_FILE };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"port", required_argument, NULL, 'p'},
        {"bind", required_argument, NULL, 'b'},
        {"model", required_argument, NULL, 'm'},
        {"max-conns", required_argument, NULL, OPT_MAX_CONNS},
        {"idle-timeout", required_argument, NULL, OPT_IDLE},
        {"grace", required_argument, NULL, OPT_GRACE},
        {"port-file", required_argument, NULL, OPT_PORT_FILE},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct server_opts o = {.model = MODEL_EVENTS, .grace_ms = 5000};
    const char *port = "15213", *host = NULL, *port_file = NULL;
    uint16_t port_num = 0;
    uint64_t v;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":p:b:m:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (!parse_port(optarg, true, &port_num))
                return usage_error(PROG, "invalid port '%s'", optarg);
            port = optarg;
            break;
        case 'b':
            host = optarg;
            break;
        case 'm':
            if (strcmp(optarg, "events") == 0)
                o.model = MODEL_EVENTS;
            else if (strcmp(optarg, "iterative") == 0)
                o.model = MODEL_ITERATIVE;
            else if (strcmp(optarg, "fork") == 0)
                o.model = MODEL_FORK;
            else if (strcmp(optarg, "threads") == 0)
                o.model = MODEL_THREADS;
            else
                return usage_error(PROG, "invalid model '%s' (events, iterative, fork, threads)",
                                   optarg);
            break;
        case OPT_MAX_CONNS:
            if (!parse_u64(optarg, 1, UINT32_MAX, &o.max_conns))
                return usage_error(PROG, "invalid --max-conns '%s' (a whole number from 1)",
                                   optarg);
            break;
        case OPT_IDLE:
            if (!parse_u64(optarg, 1, 86400, &v))
                return usage_error(PROG, "invalid --idle-timeout '%s' (seconds, 1 to 86400)",
                                   optarg);
            o.idle_ms = v * 1000;
            break;
        case OPT_GRACE:
            if (!parse_u64(optarg, 0, 3600, &v))
                return usage_error(PROG, "invalid --grace '%s' (seconds, 0 to 3600)", optarg);
            o.grace_ms = v * 1000;
            break;
        case OPT_PORT_FILE:
            port_file = optarg;
            break;
        case 'q':
            o.quiet = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf(PROG " (echosniff) %s\n", ECHOSNIFF_VERSION);
            return 0;
        case ':':
            return usage_error(PROG, "option '%s' needs an argument", argv[optind - 1]);
        default:
            return usage_error(PROG, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error(PROG, "unexpected argument '%s'", argv[optind]);

    /* Signals become readable events: no handler, no global flag. SIGPIPE is ignored so
     * a write to a reset peer fails with EPIPE instead of killing the server. */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    if (o.model == MODEL_FORK)
        sigaddset(&mask, SIGCHLD);
    signal(SIGPIPE, SIG_IGN);
    if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) {
        fprintf(stderr, PROG ": cannot block signals: %s\n", strerror(errno));
        return 1;
    }
    int sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sigfd < 0) {
        fprintf(stderr, PROG ": cannot create a signalfd: %s\n", strerror(errno));
        return 1;
    }
    raise_nofile();

    char err[NET_ERR_LEN];
    struct net_listeners l;
    enum net_status st =
        net_open_listeners(host, port, SOMAXCONN, o.model == MODEL_EVENTS, &l, err, sizeof err);
    if (st != NET_OK) {
        fprintf(stderr, PROG ": %s\n", err);
        close(sigfd);
        return st == NET_ERR_PERM ? 2 : 1;
    }
    /* The blocking models accept only after poll says so, but a client may reset in
     * between: non-blocking listeners keep accept from hanging there too. */
    for (int i = 0; i < l.n; i++)
        net_set_nonblock(l.fds[i], true, NULL, 0);
    if (port_file != NULL && !write_port_file(port_file, l.port, err, sizeof err)) {
        fprintf(stderr, PROG ": %s\n", err);
        net_close_listeners(&l);
        close(sigfd);
        return 1;
    }
    if (!o.quiet) {
        static const char *const names[] = {"events", "iterative", "fork", "threads"};
        char addrs[NET_MAX_LISTEN * (NET_ADDRSTR_LEN + 2)] = "";
        size_t used = 0;
        for (int i = 0; i < l.n; i++) {
            char a[NET_ADDRSTR_LEN];
            net_fd_addr_str(l.fds[i], false, a, sizeof a);
            used += (size_t)snprintf(addrs + used, sizeof addrs - used, "%s%s", i ? ", " : "", a);
        }
        fprintf(stderr, PROG ": listening on port %u (%s), model %s\n", (unsigned)l.port, addrs,
                names[o.model]);
    }

    int rc = o.model == MODEL_EVENTS ? server_run_events(&o, &l, sigfd, err, sizeof err)
                                     : server_run_blocking(&o, &l, sigfd, err, sizeof err);
    net_close_listeners(&l);
    close(sigfd);
    if (rc != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return 1;
    }
    if (!o.quiet)
        fprintf(stderr, PROG ": stopped\n");
    return 0;
}
