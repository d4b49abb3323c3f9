/*
 * ck_proc.c: what /proc says about the server (see ck_server.h). /proc/PID/net/tcp shows
 * the sockets of PID's network namespace (proc(5)): the listening socket, and the state
 * of the server's end of a test connection (CLOSE_WAIT: the client's FIN arrived and
 * the socket is still open). Counts of descriptors, threads, memory and children come
 * from /proc/PID/fd, /proc/PID/status and every /proc/N/stat's parent field.
 */
#include "ck_server.h"

#include <ctype.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TCP_LISTEN 10 /* 0x0A in /proc/net/tcp's st column */

/* One row of /proc/net/tcp or tcp6: "sl local rem st tx:rx ..." with local/rem as
 * HEXADDR:HEXPORT. */
struct tcp_row {
    uint16_t lport, rport;
    int state;
    unsigned long rxq;
    unsigned long inode;
};

/* The next number of a row, in base; the ':' after it skipped. */
static bool field(const char **p, int base, unsigned long *v)
{
    char *end;
    while (**p == ' ')
        (*p)++;
    *v = strtoul(*p, &end, base);
    if (end == *p)
        return false;
    *p = *end == ':' ? end + 1 : end;
    return true;
}

static bool parse_row(const char *line, struct tcp_row *r)
{
    /* "sl: local_addr:port rem_addr:port st tx_queue:rx_queue tr:tm->when retrnsmt uid
     * timeout inode ..." (net/ipv4/tcp_ipv4.c): twelve numbers, decimal or hex as written;
     * the addresses before the two ports are skipped (hex digits up to their ':'). */
    static const int base[12] = {10, 16, 16, 16, 16, 16, 16, 16, 16, 10, 10, 10};
    unsigned long v[12];
    const char *p = line;
    for (int k = 0; k < 12; k++) {
        if (k == 1 || k == 2) {
            while (*p == ' ')
                p++;
            p += strspn(p, "0123456789ABCDEFabcdef");
            if (*p++ != ':')
                return false;
        }
        if (!field(&p, base[k], &v[k]))
            return false;
    }
    r->lport = (uint16_t)v[1];
    r->rport = (uint16_t)v[2];
    r->state = (int)v[3];
    r->rxq = v[5];
    r->inode = v[11];
    return true;
}

/* Calls fn on every row of pid's tcp and tcp6 tables until it returns true; which is 4
 * or 6 for the table. */
static bool each_row(pid_t pid, bool (*fn)(const struct tcp_row *, int which, void *), void *arg)
{
    static const char *const tables[2] = {"tcp", "tcp6"};
    for (int t = 0; t < 2; t++) {
        char path[64];
        if (pid > 0)
            snprintf(path, sizeof path, "/proc/%d/net/%s", (int)pid, tables[t]);
        else
            snprintf(path, sizeof path, "/proc/thread-self/net/%s", tables[t]);
        FILE *f = fopen(path, "re");
        if (f == NULL)
            continue;
        char line[512];
        bool stop = false;
        if (fgets(line, sizeof line, f) != NULL) /* the header */
            while (!stop && fgets(line, sizeof line, f) != NULL) {
                struct tcp_row r;
                if (parse_row(line, &r))
                    stop = fn(&r, t == 0 ? 4 : 6, arg);
            }
        fclose(f);
        if (stop)
            return true;
    }
    return false;
}

struct listen_q {
    uint16_t port;
    struct ck_listen *l;
    unsigned long inode;
};

static bool on_listen(const struct tcp_row *r, int which, void *arg)
{
    struct listen_q *q = arg;
    if (r->state != TCP_LISTEN || r->lport != q->port)
        return false;
    if (which == 4)
        q->l->v4 = true;
    else
        q->l->v6 = true;
    q->inode = r->inode;
    return false; /* both tables: v4 and v6 */
}

bool ck_proc_listening(pid_t pid, uint16_t port, struct ck_listen *l)
{
    struct listen_q q = {.port = port, .l = l};
    memset(l, 0, sizeof *l);
    (void)each_row(pid, on_listen, &q);
    return l->v4 || l->v6;
}

struct conn_q {
    uint16_t port, cport;
    int state;
    unsigned long rxq;
};

static bool on_conn(const struct tcp_row *r, int which, void *arg)
{
    struct conn_q *q = arg;
    (void)which;
    if (r->lport != q->port || r->rport != q->cport || r->state == TCP_LISTEN)
        return false;
    q->state = r->state;
    q->rxq = r->rxq;
    return true;
}

bool ck_proc_conn_state(pid_t pid, uint16_t port, uint16_t cport, int *state, unsigned long *rxq)
{
    struct conn_q q = {.port = port, .cport = cport};
    if (!each_row(pid, on_conn, &q))
        return false;
    *state = q.state;
    *rxq = q.rxq;
    return true;
}

static long count_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return -1;
    long n = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static long status_field(pid_t pid, const char *key)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return -1;
    long v = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
            v = strtol(line + kl + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

/* State and parent of process n from /proc/n/stat ("n (comm) S ppid ..."; comm may hold
 * spaces and parentheses, so parse from the last ')'). */
static bool stat_of(const char *n, char *state, long *ppid)
{
    char path[300], buf[512];
    snprintf(path, sizeof path, "/proc/%s/stat", n);
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return false;
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    const char *p = strrchr(buf, ')');
    if (p == NULL || p[1] != ' ' || p[2] == '\0' || p[3] != ' ')
        return false;
    *state = p[2];
    char *end;
    *ppid = strtol(p + 4, &end, 10);
    return end != p + 4;
}

static bool all_digits(const char *s)
{
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

bool ck_proc_stats(pid_t pid, struct ck_proc_stats *st)
{
    char path[64];
    memset(st, 0, sizeof *st);
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    st->fds = count_dir(path);
    st->threads = status_field(pid, "Threads");
    st->rss_kb = status_field(pid, "VmRSS");
    if (st->fds < 0 || st->threads < 0)
        return false;
    DIR *d = opendir("/proc");
    if (d == NULL)
        return false;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char state;
        long ppid;
        if (all_digits(e->d_name) && stat_of(e->d_name, &state, &ppid) && ppid == pid) {
            if (state == 'Z')
                st->zombies++;
            else
                st->children++;
        }
    }
    closedir(d);
    return true;
}

/* Whether process n has a descriptor for socket inode ino. */
static bool holds_socket(const char *n, unsigned long ino)
{
    char path[300], want[64], link[64];
    snprintf(path, sizeof path, "/proc/%s/fd", n);
    snprintf(want, sizeof want, "socket:[%lu]", ino);
    DIR *d = opendir(path);
    if (d == NULL)
        return false;
    bool found = false;
    const struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        char fdpath[600];
        snprintf(fdpath, sizeof fdpath, "%s/%s", path, e->d_name);
        ssize_t k = readlink(fdpath, link, sizeof link - 1);
        if (k > 0) {
            link[k] = '\0';
            found = strcmp(link, want) == 0;
        }
    }
    closedir(d);
    return found;
}

pid_t ck_proc_listener_pid(uint16_t port)
{
    struct ck_listen l;
    struct listen_q q = {.port = port, .l = &l};
    memset(&l, 0, sizeof l);
    (void)each_row(0, on_listen, &q);
    if (q.inode == 0)
        return 0;
    DIR *d = opendir("/proc");
    if (d == NULL)
        return 0;
    pid_t found = 0;
    const struct dirent *e;
    while (found == 0 && (e = readdir(d)) != NULL)
        if (all_digits(e->d_name) && holds_socket(e->d_name, q.inode))
            found = (pid_t)strtol(e->d_name, NULL, 10);
    closedir(d);
    return found;
}

void ck_proc_kill_netns(uint64_t ino)
{
    if (ino == 0)
        return;
    DIR *d = opendir("/proc");
    if (d == NULL)
        return;
    const struct dirent *e;
    pid_t me = getpid();
    while ((e = readdir(d)) != NULL) {
        if (!all_digits(e->d_name))
            continue;
        char path[300];
        struct stat sb;
        snprintf(path, sizeof path, "/proc/%s/ns/net", e->d_name);
        pid_t p = (pid_t)strtol(e->d_name, NULL, 10);
        if (p != me && stat(path, &sb) == 0 && (uint64_t)sb.st_ino == ino)
            kill(p, SIGKILL);
    }
    closedir(d);
}
