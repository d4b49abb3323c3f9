/*
 * echocheck.c: main of echocheck, the echo server grader. It parses the options, decides
 * where the server runs (a network namespace per test as root, 127.0.0.1 otherwise, or
 * the server given by --connect), checks that the server starts and that sniff can
 * capture, runs the battery (ck_run.c) and prints the report. The only part that prints
 * errors or picks the exit status: 0 every test passed, 1 a test failed, 2 bad usage or
 * a server that cannot be started.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "ck_capture.h"
#include "ck_report.h"
#include "ck_run.h"

static void usage(FILE *f)
{
    fputs("Usage: " CK_PROG " [OPTIONS] -- SERVER-COMMAND [ARGS...]\n"
          "       " CK_PROG " [OPTIONS] --connect HOST:PORT\n"
          "Grade a TCP echo server: start it once per test, drive it with the clients that\n"
          "expose the classic bugs, capture each test with sniff, and report every failure\n"
          "with what was sent, what came back, the likely cause and the packets that show it.\n"
          "\n"
          "Server:\n"
          "  -p, --port=N            the port the server listens on (default 15213); %PORT%\n"
          "                          in ARGS is replaced by it (not root: by a free port)\n"
          "  -c, --connect=HOST:PORT test a server already running on loopback instead\n"
          "  -u, --user=USER         run the server as USER (root only; default nobody)\n"
          "      --cpu=S             CPU seconds per server run (default 30)\n"
          "      --memory=MIB        address space in MiB (default 4096; 0: no limit)\n"
          "      --procs=N           processes and threads of its user (default 1024)\n"
          "      --files=N           open descriptors (default 1024)\n"
          "      --output=MIB        bytes it may write to its output or files (default 64)\n"
          "      --start-timeout=S   seconds it may take to listen (default 5)\n"
          "Tests:\n"
          "  -t, --test=LIST         only these tests (names, comma-separated; see --list)\n"
          "      --list              list the tests and exit\n"
          "      --timeout=S         wall-clock seconds per test (default 20)\n"
          "      --wait=S            seconds an echo may keep a client waiting (default 2)\n"
          "      --require-concurrency  serving one client at a time fails (else a note)\n"
          "  -j, --jobs=N            tests at once (default 4; 1 on a fixed port when not\n"
          "                          root, and with --connect)\n",
          f);
    fputs("Evidence:\n"
          "      --sniff=PATH        the sniff program (default: beside " CK_PROG ", or in PATH)\n"
          "      --no-capture        make no captures\n"
          "  -o, --save-dir=DIR      where FAIL-<test>.pcap goes (default: .)\n"
          "Output:\n"
          "  -T text|json            the report on standard output (default text;\n"
          "                          json: docs/echocheck-json.md)\n"
          "      --gradescope=FILE   also write Gradescope's results.json to FILE\n"
          "      --weights=FILE      points per test, one 'NAME POINTS' a line (default 1)\n"
          "      --color[=WHEN]      auto (default: on a terminal, unless NO_COLOR is set),\n"
          "                          always or never\n"
          "  -h, --help              show this help and exit\n"
          "  -V, --version           show the version and exit\n"
          "\n"
          "Exit status: 0 every test passed, 1 a test failed, 2 bad usage or a server that\n"
          "cannot be started. As root the server runs as an unprivileged user in a network\n"
          "namespace of its own with only loopback; otherwise on 127.0.0.1.\n",
          f);
}

/* Seconds as a decimal ("2", "0.5"), to milliseconds in [min_ms, max_ms]. */
static bool parse_seconds(const char *s, unsigned min_ms, unsigned max_ms, unsigned *ms)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !isfinite(v) || v * 1000 < min_ms ||
        v * 1000 > max_ms)
        return false;
    *ms = (unsigned)(v * 1000 + 0.5);
    return true;
}

static bool select_tests(struct ck_opts *o, const char *list, char *bad, size_t badlen)
{
    char *copy = strdup(list), *save = NULL;
    if (copy == NULL)
        return false;
    memset(o->selected, 0, sizeof o->selected);
    bool ok = true;
    for (char *t = strtok_r(copy, ", ", &save); t && ok; t = strtok_r(NULL, ", ", &save)) {
        int i = ck_test_index(t);
        if (i < 0) {
            snprintf(bad, badlen, "%s", t);
            ok = false;
        } else {
            o->selected[i] = true;
        }
    }
    free(copy);
    return ok;
}

/* --weights FILE: "NAME POINTS" lines, '#' comments. */
static int read_weights(struct ck_opts *o, const char *path)
{
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return usage_error(CK_PROG, "cannot read the weights file '%s': %s", path, strerror(errno));
    char line[256];
    int n = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
        n++;
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        char *save = NULL, *name = strtok_r(line, " \t\r\n", &save);
        char *pts = strtok_r(NULL, " \t\r\n", &save), *end = NULL;
        if (name == NULL)
            continue;
        double w = pts != NULL ? strtod(pts, &end) : -1;
        bool bad = pts == NULL || *end != '\0' || strtok_r(NULL, " \t\r\n", &save) != NULL;
        int i = ck_test_index(name);
        if (bad || !isfinite(w) || w < 0 || w > 1e6)
            rc = usage_error(CK_PROG, "%s line %d: expected 'NAME POINTS' (points a number >= 0)",
                             path, n);
        else if (i < 0)
            rc = usage_error(CK_PROG,
                             "%s line %d: no test named '%s' (" CK_PROG " --list names them)", path,
                             n, name);
        else
            o->weight[i] = w;
    }
    fclose(f);
    return rc;
}

/* --connect HOST:PORT, loopback only: -1 to go on, else the usage error's status. */
static int parse_connect(struct ck_opts *o, const char *arg)
{
    char host[256];
    const char *colon = strrchr(arg, ':');
    if (colon == NULL || colon == arg || (size_t)(colon - arg) >= sizeof host)
        return usage_error(CK_PROG, "--connect wants HOST:PORT, not '%s'", arg);
    snprintf(host, sizeof host, "%.*s", (int)(colon - arg), arg);
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = '\0';
    }
    if (!parse_port(colon + 1, false, &o->port))
        return usage_error(CK_PROG, "invalid port '%s'", colon + 1);
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV}, *ai;
    int e = getaddrinfo(host, colon + 1, &hints, &ai);
    if (e != 0)
        return usage_error(CK_PROG, "cannot resolve '%s': %s", host, gai_strerror(e));
    bool loop = false;
    if (ai->ai_family == AF_INET)
        loop = (ntohl(((struct sockaddr_in *)ai->ai_addr)->sin_addr.s_addr) >> 24) == 127;
    else if (ai->ai_family == AF_INET6)
        loop = IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr);
    if (loop) {
        memcpy(&o->connect_addr, ai->ai_addr, ai->ai_addrlen);
        o->connect_len = ai->ai_addrlen;
    }
    freeaddrinfo(ai);
    if (!loop)
        return usage_error(CK_PROG,
                           "'%s' is not a loopback address: " CK_PROG
                           " tests only servers on this machine (127.0.0.0/8, ::1)",
                           host);
    o->connect = arg;
    o->mode = CK_MODE_CONNECT;
    return -1;
}

enum {
    OPT_CPU = 256,
    OPT_MEMORY,
    OPT_PROCS,
    OPT_FILES,
    OPT_OUTPUT,
    OPT_START,
    OPT_LIST,
    OPT_TIMEOUT,
    OPT_WAIT,
    OPT_REQUIRE,
    OPT_SNIFF,
    OPT_NO_CAPTURE,
    OPT_GRADESCOPE,
    OPT_WEIGHTS,
    OPT_COLOR,
};

struct cli {
    struct ck_opts o;
    const char *weights, *tests, *color, *sniff_given;
    bool list, no_capture, jobs_given;
};

#define TEXT_AT(member) ARGS_TEXT_AT(struct cli, member)
#define SET_AT(member) ARGS_SET_AT(struct cli, member)
static const struct args_opt options[] = {
    {"port", required_argument, 'p', ARGS_TAKE},
    {"connect", required_argument, 'c', ARGS_TAKE},
    {"user", required_argument, 'u', TEXT_AT(o.user)},
    {"cpu", required_argument, OPT_CPU, ARGS_TAKE},
    {"memory", required_argument, OPT_MEMORY, ARGS_TAKE},
    {"procs", required_argument, OPT_PROCS, ARGS_TAKE},
    {"files", required_argument, OPT_FILES, ARGS_TAKE},
    {"output", required_argument, OPT_OUTPUT, ARGS_TAKE},
    {"start-timeout", required_argument, OPT_START, ARGS_TAKE},
    {"test", required_argument, 't', TEXT_AT(tests)},
    {"list", no_argument, OPT_LIST, SET_AT(list)},
    {"timeout", required_argument, OPT_TIMEOUT, ARGS_TAKE},
    {"wait", required_argument, OPT_WAIT, ARGS_TAKE},
    {"require-concurrency", no_argument, OPT_REQUIRE, SET_AT(o.require_concurrency)},
    {"jobs", required_argument, 'j', ARGS_TAKE},
    {"sniff", required_argument, OPT_SNIFF, TEXT_AT(sniff_given)},
    {"no-capture", no_argument, OPT_NO_CAPTURE, SET_AT(no_capture)},
    {"save-dir", required_argument, 'o', TEXT_AT(o.save_dir)},
    {NULL, required_argument, 'T', ARGS_TAKE},
    {"gradescope", required_argument, OPT_GRADESCOPE, TEXT_AT(o.gradescope)},
    {"weights", required_argument, OPT_WEIGHTS, TEXT_AT(weights)},
    {"color", optional_argument, OPT_COLOR, ARGS_TAKE},
    {"colour", optional_argument, OPT_COLOR, ARGS_TAKE},
    {0},
};

/* Seconds as a decimal into *ms (parse_seconds), or the usage error's status. */
static int seconds_opt(const char *name, const char *arg, unsigned min_ms, unsigned max_ms,
                       const char *range, unsigned *ms)
{
    if (parse_seconds(arg, min_ms, max_ms, ms))
        return -1;
    return usage_error(CK_PROG, "invalid %s '%s' (seconds, %s)", name, arg, range);
}

/* The options with a value to check (args.h's take): -1 to go on, else the exit status. */
static int take(void *ctx, int opt, const char *arg)
{
    struct cli *c = ctx;
    struct ck_opts *o = &c->o;
    uint64_t v = 0;
    int rc;
    switch (opt) {
    case 'p':
        return parse_port(arg, false, &o->port) ? -1
                                                : usage_error(CK_PROG, "invalid port '%s'", arg);
    case 'c':
        return parse_connect(o, arg);
    case OPT_CPU:
        return args_u64(CK_PROG, "--cpu", arg, 1, 3600, NULL, &o->lim.cpu_s);
    case OPT_MEMORY:
        return args_u64(CK_PROG, "--memory", arg, 0, 1u << 20, NULL, &o->lim.mem_mib);
    case OPT_PROCS:
        return args_u64(CK_PROG, "--procs", arg, 1, 1u << 20, NULL, &o->lim.nproc);
    case OPT_FILES:
        return args_u64(CK_PROG, "--files", arg, 8, 1u << 20, NULL, &o->lim.nofile);
    case OPT_OUTPUT:
        return args_u64(CK_PROG, "--output", arg, 1, 1u << 20, NULL, &o->lim.fsize_mib);
    case OPT_START:
        return seconds_opt("--start-timeout", arg, 100, 600000, "0.1 to 600", &o->start_ms);
    case OPT_TIMEOUT:
        return seconds_opt("--timeout", arg, 1000, 3600000, "1 to 3600", &o->timeout_ms);
    case OPT_WAIT:
        return seconds_opt("--wait", arg, 100, 600000, "0.1 to 600", &o->wait_ms);
    case 'j':
        rc = args_u64(CK_PROG, "--jobs", arg, 1, 16, NULL, &v);
        o->jobs = (unsigned)v;
        c->jobs_given = true;
        return rc;
    case 'T':
        if (strcmp(arg, "json") != 0 && strcmp(arg, "text") != 0)
            return usage_error(CK_PROG, "invalid -T '%s' (text or json)", arg);
        o->json = strcmp(arg, "json") == 0;
        return -1;
    case OPT_COLOR:
        c->color = arg ? arg : "always";
        return -1;
    default: /* an unknown option: args_parse says so */
        return -1;
    }
}

static void defaults(struct cli *c)
{
    memset(c, 0, sizeof *c);
    struct ck_opts *o = &c->o;
    o->port = 15213;
    o->mode = CK_MODE_LOOPBACK;
    o->lim = (struct ck_limits){
        .cpu_s = 30, .mem_mib = 4096, .nproc = 1024, .nofile = 1024, .fsize_mib = 64};
    o->timeout_ms = 20000;
    o->wait_ms = 2000;
    o->start_ms = 5000;
    o->save_dir = ".";
    for (size_t i = 0; i < ck_ntests; i++) {
        o->selected[i] = true;
        o->weight[i] = 1;
    }
}

/* The command line as args_parse reads it. */
static const struct args_prog prog = {
    .name = CK_PROG,
    .in_order = true, /* what follows the server's command is its own */
    .operands = -1,
    .opts = options,
    .usage = usage,
    .take = take,
};

/* Parses the command line into c: -1 to go on, else the exit status (0 after --help). */
static int parse_args(struct cli *c, int argc, char **argv)
{
    defaults(c);
    int rc = args_parse(&prog, c, c, argc, argv);
    if (rc >= 0)
        return rc;
    c->o.argv = optind < argc ? argv + optind : NULL;
    c->o.argc = c->o.argv != NULL ? argc - optind : 0;
    for (int i = 0; i < c->o.argc; i++)
        c->o.port_in_args = c->o.port_in_args || strstr(c->o.argv[i], "%PORT%") != NULL;
    return -1;
}

static void list_tests(void)
{
    for (size_t i = 0; i < ck_ntests; i++)
        printf("%-22s %s\n", ck_tests[i].name, ck_tests[i].title);
}

/* Where and as whom the server runs; what captures; how many at once. */
static int settle(struct cli *c)
{
    struct ck_opts *o = &c->o;
    bool root = geteuid() == 0;
    if (o->mode != CK_MODE_CONNECT && o->argv == NULL)
        return usage_error(CK_PROG, "no server to test: give its command after '--', or --connect "
                                    "HOST:PORT");
    if (o->mode == CK_MODE_CONNECT && o->argv != NULL)
        return usage_error(CK_PROG, "--connect tests a running server: no command after it");
    if (o->user != NULL && !root)
        return usage_error(CK_PROG, "--user needs root (the server runs as you)");
    if (o->mode != CK_MODE_CONNECT && root) {
        char why[256];
        if (ck_netns_usable(why, sizeof why))
            o->mode = CK_MODE_NETNS;
        else
            fprintf(stderr, CK_PROG ": warning: %s; the server runs on this host's 127.0.0.1\n",
                    why);
        o->user = o->user ? o->user : "nobody";
        const struct passwd *pw = getpwnam(o->user);
        if (pw == NULL)
            return usage_error(CK_PROG, "no user '%s' to run the server as", o->user);
        if (pw->pw_uid == 0)
            return usage_error(CK_PROG, "the server must not run as root (--user %s)", o->user);
        o->uid = pw->pw_uid;
        o->gid = pw->pw_gid;
        o->drop = true;
    }
    bool parallel = o->mode == CK_MODE_NETNS || (o->mode == CK_MODE_LOOPBACK && o->port_in_args);
    if (!c->jobs_given)
        o->jobs = parallel ? 4 : 1;
    else if (!parallel && o->jobs > 1) {
        fprintf(stderr, CK_PROG ": warning: one test at a time: %s\n",
                o->mode == CK_MODE_CONNECT ? "--connect tests one running server"
                                           : "not root, the server's port is fixed (use "
                                             "%PORT%)");
        o->jobs = 1;
    }
    static char sniff_buf[4096];
    if (c->no_capture) {
        snprintf(o->no_capture_why, sizeof o->no_capture_why, "no captures (--no-capture)");
    } else if ((o->sniff = ck_find_sniff(c->sniff_given, sniff_buf, sizeof sniff_buf)) == NULL) {
        if (c->sniff_given != NULL)
            return usage_error(CK_PROG, "--sniff '%s' is not an executable program",
                               c->sniff_given);
        snprintf(o->no_capture_why, sizeof o->no_capture_why,
                 "no captures: no sniff program beside " CK_PROG " or in PATH (--sniff PATH)");
    }
    if (c->color == NULL || strcmp(c->color, "auto") == 0)
        o->color = !o->json && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
    else if (strcmp(c->color, "always") == 0 || strcmp(c->color, "never") == 0)
        o->color = c->color[0] == 'a';
    else
        return usage_error(CK_PROG, "invalid --color '%s' (auto, always or never)", c->color);
    return 0;
}

/* Before the battery: can the server start, can sniff capture, is --connect's server
 * there? 2 (said why) when the server cannot be tested at all. */
static int preflight(struct ck_battery *b, struct ck_opts *o)
{
    char err[CK_TEXT + CK_TAIL];
    if (o->sniff != NULL && !ck_probe_capture(b, err, sizeof err)) {
        ck_fmt(o->no_capture_why, sizeof o->no_capture_why,
               "no captures: sniff could not capture here: %s", err);
        o->sniff = NULL;
    }
    if (o->mode == CK_MODE_CONNECT) {
        int fd = socket(o->connect_addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&o->connect_addr, o->connect_len) == 0;
        int e = errno;
        if (fd >= 0)
            close(fd);
        if (!ok) {
            fprintf(stderr, CK_PROG ": cannot connect to %s: %s; is the server running?\n",
                    o->connect, strerror(e));
            return 2;
        }
        return 0;
    }
    if (!ck_probe_server(b, err, sizeof err)) {
        fprintf(stderr, CK_PROG ": the server cannot be started: %s\n", err);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct cli c;
    int rc = parse_args(&c, argc, argv);
    if (rc >= 0)
        return rc;
    if (c.list) {
        list_tests();
        return 0;
    }
    struct ck_opts *o = &c.o;
    char bad[64];
    if (c.tests != NULL && !select_tests(o, c.tests, bad, sizeof bad))
        return usage_error(CK_PROG, "no test named '%s' (" CK_PROG " --list names them)", bad);
    if (c.weights != NULL && (rc = read_weights(o, c.weights)) != 0)
        return rc;
    if ((rc = settle(&c)) != 0)
        return rc;
    signal(SIGPIPE, SIG_IGN); /* a server that resets costs an EPIPE, never echocheck */
    static struct ck_battery b;
    char err[512];
    if (!ck_battery_init(&b, o, err, sizeof err)) {
        fprintf(stderr, CK_PROG ": %s\n", err);
        return 1;
    }
    if ((rc = preflight(&b, o)) != 0) {
        ck_battery_free(&b);
        return rc;
    }
    ck_battery_run(&b);
    bool failed = false;
    for (size_t i = 0; i < ck_ntests; i++) {
        struct ck_result *r = &b.res[i];
        r->weight = o->weight[i];
        r->score = r->status == CK_PASS ? r->weight : 0;
        failed = failed || (o->selected[i] && r->status != CK_PASS);
    }
    if (o->json)
        ck_report_json(stdout, &b);
    else
        ck_report_text(stdout, &b, o->color);
    rc = failed ? 1 : 0;
    if (o->gradescope != NULL && !ck_report_gradescope(o->gradescope, &b, err, sizeof err)) {
        fprintf(stderr, CK_PROG ": %s\n", err);
        rc = 1;
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, CK_PROG ": standard output: %s\n", strerror(errno));
        rc = 1;
    }
    if (b.signal != 0) {
        fprintf(stderr, CK_PROG ": stopped by %s; every server and capture was stopped\n",
                ck_signal_name(b.signal));
        rc = 128 + b.signal;
    }
    ck_battery_free(&b);
    return rc;
}
