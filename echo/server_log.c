/*
 * server_log.c: echoserver's connection log, one line per open and per close on stderr.
 * Each line is formatted first and written with a single write(2), so lines from
 * threads or forked children never interleave mid-line.
 */
#include "server.h"

#include <linux/sockios.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int64_t server_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void server_pair_str(int fd, const void *peer, unsigned len, char *pair, size_t pairlen)
{
    char cli[NET_ADDRSTR_LEN], srv[NET_ADDRSTR_LEN];
    net_sockaddr_str(peer, (socklen_t)len, cli, sizeof cli);
    net_fd_addr_str(fd, false, srv, sizeof srv);
    snprintf(pair, pairlen, "(%s, %s)", cli, srv);
}

__attribute__((format(printf, 1, 0))) static void log_vline(const char *fmt, va_list ap)
{
    char line[512];
    int n = snprintf(line, sizeof line, "echoserver: ");
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    if (m < 0)
        return;
    size_t len = (size_t)n + (size_t)m;
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    line[len++] = '\n';
    /* Best effort: a log line that cannot be written is not worth stopping the echo. */
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

void server_log(const struct server_opts *o, const char *fmt, ...)
{
    if (o->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    log_vline(fmt, ap);
    va_end(ap);
}

void server_log_open(const struct server_opts *o, const char *pair)
{
    server_log(o, "open %s", pair);
}

void server_log_close(const struct server_opts *o, const char *pair, uint64_t bytes,
                      const char *why)
{
    server_log(o, "close %s %llu bytes echoed%s%s", pair, (unsigned long long)bytes,
               why ? ", " : "", why ? why : "");
}

void server_timeout_why(const struct server_opts *o, bool owing, int fd, size_t held, char *buf,
                        size_t len)
{
    if (!owing) {
        snprintf(buf, len, "idle timeout (nothing received for %llu s)",
                 (unsigned long long)(o->idle_ms / 1000));
        return;
    }
    /* SIOCOUTQ: bytes in the kernel's send queue, written but not yet acknowledged. */
    int queued = 0;
    if (ioctl(fd, SIOCOUTQ, &queued) < 0)
        queued = 0;
    snprintf(buf, len,
             "send timeout (the client read nothing for %llu s; %llu bytes owed, dropped)",
             (unsigned long long)(o->send_ms / 1000), (unsigned long long)held + (unsigned)queued);
}
