/*
 * ck_capture.c: captures and evidence through the sniff program (see ck_capture.h).
 *
 * Only what docs/json-schema.md promises is read: frame.number, the connection's number
 * (`stream`, Wireshark's tcp.stream numbering, in schema 2; `conn` in schema 1), direction,
 * event, tcp.len, echo.verdict, echo_close.verdict, analysis.flags, waited_for_stream
 * (waited_for_conn in schema 1).
 * Unknown fields are ignored; the lines shown to the user are sniff's own, verbatim.
 */
#include "ck_capture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ck_json.h"

extern char **environ;

#define CK_OUT_MAX (32u << 20) /* bytes of sniff output read at most */

const char *ck_find_sniff(const char *given, char *buf, size_t buflen)
{
    if (given != NULL)
        return access(given, X_OK) == 0 && realpath(given, buf) != NULL ? buf : NULL;
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash != NULL) {
            *slash = '\0';
            /* installed side by side; build/echo/check/ and build/echo/ beside build/sniff/ */
            static const char *const rel[] = {"sniff", "../sniff/sniff", "../../sniff/sniff"};
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                char cand[8192];
                snprintf(cand, sizeof cand, "%s/%s", self, rel[i]);
                if (access(cand, X_OK) == 0 && realpath(cand, buf) != NULL)
                    return buf;
            }
        }
    }
    const char *path = getenv("PATH");
    while (path != NULL && *path) {
        size_t k = strcspn(path, ":");
        snprintf(buf, buflen, "%.*s/sniff", (int)k, path);
        if (k > 0 && access(buf, X_OK) == 0)
            return buf;
        path += k + (path[k] == ':');
    }
    return NULL;
}

/* The environment without SUDO_*: sniff would otherwise drop to the sudo caller before
 * opening its files, and our private directory is not theirs. */
static char **sniff_env(void)
{
    size_t n = 0;
    while (environ[n] != NULL)
        n++;
    char **env = calloc(n + 1, sizeof *env);
    if (env == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "SUDO_", 5) != 0)
            env[k++] = environ[i];
    return env;
}

/* fork + execve of sniff with stdout to out_fd (or /dev/null) and stderr to err_fd. */
static pid_t spawn(const char *prog, char *const argv[], int out_fd, int err_fd)
{
    char **env = sniff_env();
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (env == NULL || devnull < 0) {
        free(env);
        if (devnull >= 0)
            close(devnull);
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        signal(SIGPIPE, SIG_DFL);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (dup2(devnull, STDIN_FILENO) < 0 ||
            dup2(out_fd >= 0 ? out_fd : devnull, STDOUT_FILENO) < 0 ||
            dup2(err_fd >= 0 ? err_fd : devnull, STDERR_FILENO) < 0)
            _exit(126);
        closefrom(3);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
            _exit(126);
        execve(prog, argv, env);
        _exit(127);
    }
    free(env);
    close(devnull);
    return pid;
}

static void reap(pid_t pid)
{
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Reads fd until EOF or timeout_ms: a NUL-terminated malloc'd buffer, or NULL. */
static char *slurp(int fd, unsigned timeout_ms, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    *len = 0;
    if (buf == NULL)
        return NULL;
    int64_t end = ck_now_ns() + (int64_t)timeout_ms * 1000000;
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int64_t left = (end - ck_now_ns()) / 1000000;
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            break;
        if (cap - n < 4096) {
            char *b = cap < CK_OUT_MAX ? realloc(buf, cap * 2) : NULL;
            if (b == NULL)
                break;
            buf = b;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

bool ck_capture_start(const struct ck_opts *o, uint16_t port, const char *path,
                      struct ck_capture *c, char *why, size_t whylen)
{
    char portstr[8];
    snprintf(portstr, sizeof portstr, "%u", port);
    /* --print keeps libpcap in immediate mode: every packet is in the file as soon as it
     * is seen, not at the end of a 250 ms block; its output goes to /dev/null. */
    char *const argv[] = {
        (char *)o->sniff, "-i", "lo",    "-w",     (char *)path, "--print", "--no-annotate",
        "--color=never",  "-B", "32768", "--port", portstr,      NULL};
    int p[2];
    c->pid = -1;
    c->err_fd = -1;
    if (pipe2(p, O_CLOEXEC) != 0) {
        snprintf(why, whylen, "pipe: %s", strerror(errno));
        return false;
    }
    c->pid = spawn(o->sniff, argv, -1, p[1]);
    close(p[1]);
    c->err_fd = p[0];
    if (c->pid < 0) {
        snprintf(why, whylen, "cannot start %s: %s", o->sniff, strerror(errno));
        close(p[0]);
        c->err_fd = -1;
        return false;
    }
    /* Ready when it says it listens; if it exits first, its message says why. */
    char msg[1024];
    size_t n = 0;
    int64_t end = ck_now_ns() + 5000 * 1000000LL;
    while (n < sizeof msg - 1) {
        struct pollfd pf = {.fd = c->err_fd, .events = POLLIN};
        int64_t left = (end - ck_now_ns()) / 1000000;
        if (left <= 0 || poll(&pf, 1, (int)left) <= 0)
            return true; /* no word, still running: take it as capturing */
        ssize_t r = read(c->err_fd, msg + n, sizeof msg - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        msg[n] = '\0';
        if (strstr(msg, "listening on") != NULL)
            return true;
    }
    msg[n] = '\0';
    char *nl = strchr(msg, '\n');
    if (nl != NULL)
        *nl = '\0';
    snprintf(why, whylen, "%s", n ? msg : "sniff exited without a word");
    ck_capture_stop(c);
    return false;
}

void ck_capture_stop(struct ck_capture *c)
{
    if (c->pid > 0) {
        kill(c->pid, SIGINT);
        int st;
        int i;
        for (i = 0; i < 300 && waitpid(c->pid, &st, WNOHANG) == 0; i++)
            ck_sleep_ms(10);
        if (i == 300) {
            kill(c->pid, SIGKILL);
            reap(c->pid);
        }
    }
    if (c->err_fd >= 0)
        close(c->err_fd);
    c->pid = -1;
    c->err_fd = -1;
}

/* Runs sniff with argv; its standard output, or NULL. */
static char *sniff_output(const struct ck_opts *o, char *const argv[], size_t *len)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        return NULL;
    pid_t pid = spawn(o->sniff, argv, p[1], -1);
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        return NULL;
    }
    char *out = slurp(p[0], 30000, len);
    close(p[0]);
    kill(pid, SIGKILL); /* done with it, whatever it still does */
    reap(pid);
    return out;
}

#define PICK_CONNS 64
#define PICK_RING 32

/* A client data segment: its frame and the stream offsets it carries. */
struct seg {
    unsigned frame;
    unsigned long first, len;
};

/* The frames worth showing, picked from sniff's JSON lines. */
struct picker {
    unsigned frames[12];
    int n;
    bool no_fin;
    bool got_mismatch, got_close, got_rst, got_refused, got_zero, got_full, got_wait, got_fin;
    bool got_server_fin;
    long conn[PICK_CONNS];                                     /* connection numbers seen */
    unsigned last_client[PICK_CONNS], last_server[PICK_CONNS]; /* their last data frames */
    struct seg ring[PICK_CONNS][PICK_RING];                    /* their last client data segments */
    long fin_conn;               /* no_fin: the connection of the client's FIN, */
    unsigned fin_data, fin_last; /* the server's last data and last segment in it */
    bool client_fin[PICK_CONNS]; /* the client has sent its FIN */
    unsigned nring[PICK_CONNS];
};

static void pick(struct picker *pk, unsigned frame)
{
    if (frame == 0 || pk->n >= (int)(sizeof pk->frames / sizeof pk->frames[0]))
        return;
    for (int i = 0; i < pk->n; i++)
        if (pk->frames[i] == frame)
            return;
    pk->frames[pk->n++] = frame;
}

static int conn_slot(struct picker *pk, long conn)
{
    int s = (int)((unsigned long)conn % PICK_CONNS);
    if (pk->conn[s] != conn) {
        pk->conn[s] = conn;
        pk->last_client[s] = pk->last_server[s] = 0;
        pk->nring[s] = 0;
        pk->client_fin[s] = false;
    }
    return s;
}

/* The client segment that carried stream offset off (the mismatching request byte), or
 * the last one. */
static unsigned client_frame_at(const struct picker *pk, int s, long off)
{
    unsigned n = pk->nring[s] < PICK_RING ? pk->nring[s] : PICK_RING;
    for (unsigned i = 0; off >= 0 && i < n; i++) {
        const struct seg *g = &pk->ring[s][i];
        if ((unsigned long)off >= g->first && (unsigned long)off < g->first + g->len)
            return g->frame;
    }
    return pk->last_client[s];
}

static bool has_flag(const struct ck_jdoc *d, int flags, const char *name)
{
    for (int i = flags >= 0 ? d->n[flags].child : -1; i >= 0; i = d->n[i].next)
        if (ck_json_is(d, i, name))
            return true;
    return false;
}

/* One analysed TCP segment of sniff's JSON, the fields the picking reads. */
struct segment {
    unsigned frame;
    int slot, tcp, ev;
    long conn, len;
    bool client, fin;
};

/* Echo verdicts: the first mismatch (with the request it belongs to), the first
 * connection closed with its echo short or long. */
static void pick_echo(struct picker *pk, const struct ck_jdoc *d, const struct segment *g)
{
    int s = g->slot, echo = ck_json_get(d, 0, "echo");
    int verdict = ck_json_get(d, echo, "verdict"), mm = ck_json_get(d, echo, "mismatch");
    int close_v = ck_json_get(d, ck_json_get(d, 0, "echo_close"), "verdict");
    if (!pk->got_mismatch && (ck_json_is(d, verdict, "mismatch") || mm >= 0)) {
        long off = ck_json_int(d, ck_json_get(d, mm, "offset"), -1);
        pk->got_mismatch = true;
        pick(pk, g->client ? 0 : client_frame_at(pk, s, off));
        pick(pk, g->frame);
    }
    if (!pk->got_close && (ck_json_is(d, close_v, "short") || ck_json_is(d, close_v, "extra"))) {
        pk->got_close = true;
        if (!pk->got_mismatch) { /* what was sent last, and echoed last */
            pick(pk, pk->last_client[s]);
            pick(pk, pk->last_server[s]);
        }
        pick(pk, g->frame);
    }
}

/* Events and analysis flags: the first RST, refusal, zero window, full window, and
 * client that waited for an iterative server. */
static void pick_events(struct picker *pk, const struct ck_jdoc *d, const struct segment *g)
{
    int flags = ck_json_get(d, ck_json_get(d, 0, "analysis"), "flags");
    if (!pk->got_rst && ck_json_is(d, g->ev, "rst")) {
        pk->got_rst = true;
        pick(pk, g->frame);
    }
    if (!pk->got_refused && ck_json_is(d, g->ev, "refused")) {
        pk->got_refused = true;
        pick(pk, g->frame);
    }
    if (!pk->got_zero && has_flag(d, flags, "zero_window")) {
        pk->got_zero = true;
        pick(pk, g->frame);
    }
    if (!pk->got_full && has_flag(d, flags, "window_full")) {
        pk->got_full = true;
        pick(pk, g->frame);
    }
    if (!pk->got_wait && (ck_json_get(d, 0, "waited_for_stream") >= 0 ||
                          ck_json_get(d, 0, "waited_for_conn") >= 0)) {
        pk->got_wait = true;
        pick(pk, pk->last_client[g->slot]);
        pick(pk, g->frame);
    }
}

/* Closes: a server that closed first (with what it had and sent), and with no_fin the
 * client's FIN and what the server sent after it. */
static void pick_fins(struct picker *pk, const struct segment *g)
{
    int s = g->slot;
    if (pk->no_fin && !pk->got_fin && g->client && g->fin) {
        pk->got_fin = true;
        pk->fin_conn = g->conn;
        pk->fin_data = pk->last_server[s];
        pick(pk, g->frame);
    }
    if (pk->got_fin && !g->client && g->conn == pk->fin_conn) {
        pk->fin_last = g->frame;
        if (g->len > 0)
            pk->fin_data = g->frame;
    }
    if (!pk->got_server_fin && !g->client && g->fin && !pk->client_fin[s]) {
        pk->got_server_fin = true;
        pick(pk, pk->last_client[s]);
        pick(pk, pk->last_server[s]);
        pick(pk, g->frame);
    }
    if (g->client && g->fin)
        pk->client_fin[s] = true;
}

static void pick_line(struct picker *pk, const struct ck_jdoc *d)
{
    if (!ck_json_is(d, ck_json_get(d, 0, "type"), "packet"))
        return;
    int cn = ck_json_get(d, 0, "conn");
    if (cn < 0)
        cn = ck_json_get(d, 0, "stream"); /* Wireshark's tcp.stream numbering */
    if (cn < 0)
        return; /* not an analysed TCP segment */
    struct segment g;
    g.frame = (unsigned)ck_json_int(d, ck_json_get(d, ck_json_get(d, 0, "frame"), "number"), 0);
    g.conn = ck_json_int(d, cn, -1);
    g.slot = conn_slot(pk, g.conn);
    g.client = ck_json_is(d, ck_json_get(d, 0, "direction"), "client_to_server");
    g.ev = ck_json_get(d, 0, "event");
    g.fin = ck_json_is(d, g.ev, "fin");
    g.tcp = ck_json_get(d, ck_json_get(d, 0, "layers"), "tcp");
    g.len = ck_json_int(d, ck_json_get(d, g.tcp, "len"), 0);
    pick_echo(pk, d, &g);
    pick_events(pk, d, &g);
    pick_fins(pk, &g);
    if (g.len > 0 && g.client) { /* remembered for the requests of later verdicts */
        long seq = ck_json_int(d, ck_json_get(d, g.tcp, "seq"), 0);
        struct seg *r = &pk->ring[g.slot][pk->nring[g.slot]++ % PICK_RING];
        *r = (struct seg){g.frame, seq > 0 ? (unsigned long)seq - 1 : 0, (unsigned long)g.len};
        pk->last_client[g.slot] = g.frame;
    } else if (g.len > 0) {
        pk->last_server[g.slot] = g.frame;
    }
}

static int cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* Keeps sniff's lines (without the column header), at most CK_MAX_EVIDENCE. */
static void keep_lines(struct ck_evidence *ev, char *text)
{
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && ev->nlines < CK_MAX_EVIDENCE;
         line = strtok_r(NULL, "\n", &save)) {
        if (strstr(line, "No.") != NULL && strstr(line, "Protocol") != NULL)
            continue;
        ev->lines[ev->nlines] = strdup(line);
        if (ev->lines[ev->nlines] != NULL)
            ev->nlines++;
    }
}

void ck_evidence(const struct ck_opts *o, const char *path, uint16_t port, const char *cause_id,
                 struct ck_evidence *ev)
{
    char portstr[8];
    snprintf(portstr, sizeof portstr, "%u", port);
    char *const jargv[] = {(char *)o->sniff, "-r",     (char *)path, "-T",
                           "json",           "--port", portstr,      NULL};
    size_t len;
    char *json = sniff_output(o, jargv, &len);
    if (json == NULL)
        return;
    struct picker *pk = calloc(1, sizeof *pk);
    if (pk == NULL) {
        free(json);
        return;
    }
    for (int i = 0; i < PICK_CONNS; i++)
        pk->conn[i] = -1;
    /* A connection the server never closes: the client's FIN and what answered it. */
    pk->no_fin =
        cause_id != NULL && (strcmp(cause_id, "no_fin") == 0 || strcmp(cause_id, "fd_leak") == 0);
    struct ck_jdoc doc = {0};
    char *save = NULL;
    for (char *line = strtok_r(json, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (ck_json_parse(&doc, line, strlen(line)))
            pick_line(pk, &doc);
    ck_json_free(&doc);
    free(json);
    if (pk->got_fin) { /* the last the server sent there: its data, and its last segment */
        pick(pk, pk->fin_data);
        pick(pk, pk->fin_last);
    }
    int n = pk->n;
    unsigned frames[sizeof pk->frames / sizeof pk->frames[0]];
    memcpy(frames, pk->frames, sizeof frames);
    free(pk);
    if (n == 0)
        return;
    qsort(frames, (size_t)n, sizeof frames[0], cmp_uint);
    char filter[512];
    size_t f = 0;
    for (int i = 0; i < n && f < sizeof filter - 40; i++) {
        ev->frames[ev->nframes++] = frames[i];
        f += (size_t)snprintf(filter + f, sizeof filter - f, "%sframe.number == %u",
                              i ? " || " : "", frames[i]);
    }
    char *const aargv[] = {(char *)o->sniff, "-r",    (char *)path, "-A",   "--color=never",
                           "--port",         portstr, "-Y",         filter, NULL};
    char *text = sniff_output(o, aargv, &len);
    if (text != NULL)
        keep_lines(ev, text);
    free(text);
}

void ck_evidence_free(struct ck_evidence *ev)
{
    for (int i = 0; i < ev->nlines; i++)
        free(ev->lines[i]);
    ev->nlines = 0;
}
