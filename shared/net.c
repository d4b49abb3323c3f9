/*
 * net.c: socket helpers (see net.h). The open functions walk the getaddrinfo list like
 * CS:APP's open_clientfd/open_listenfd, so IPv4 and IPv6 work without either being
 * named, but they report failures into an error buffer instead of printing or exiting.
 */
#include "net.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <unistd.h>

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err == NULL || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

bool net_set_nonblock(int fd, bool on, char *err, size_t errlen)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK) < 0) {
        set_err(err, errlen, "cannot set O_NONBLOCK on descriptor %d: %s", fd, strerror(errno));
        return false;
    }
    return true;
}

bool net_set_nodelay(int fd, char *err, size_t errlen)
{
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) {
        set_err(err, errlen, "cannot set TCP_NODELAY on descriptor %d: %s", fd, strerror(errno));
        return false;
    }
    return true;
}

char *net_sockaddr_str(const struct sockaddr *sa, socklen_t len, char *buf, size_t buflen)
{
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
        snprintf(buf, buflen, "%s:%u", host, port);
    } else if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        port = ntohs(in6->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            /* ::ffff:a.b.c.d is an IPv4 peer reached through a dual-stack socket. */
            inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], host, sizeof host);
            snprintf(buf, buflen, "%s:%u", host, port);
        } else {
            inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
            snprintf(buf, buflen, "[%s]:%u", host, port);
        }
    } else {
        snprintf(buf, buflen, "?");
    }
    return buf;
}

char *net_fd_addr_str(int fd, bool peer, char *buf, size_t buflen)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int rc = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
                  : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (rc < 0) {
        snprintf(buf, buflen, "?");
        return buf;
    }
    return net_sockaddr_str((struct sockaddr *)&ss, len, buf, buflen);
}

static uint16_t sockaddr_port(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)sa)->sin_port);
    if (sa->sa_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
    return 0;
}

static void sockaddr_set_port(struct sockaddr *sa, uint16_t port)
{
    if (sa->sa_family == AF_INET)
        ((struct sockaddr_in *)sa)->sin_port = htons(port);
    else if (sa->sa_family == AF_INET6)
        ((struct sockaddr_in6 *)sa)->sin6_port = htons(port);
}

/* The numeric address alone ("10.0.0.1", "::"), for messages that name the port apart. */
static void host_str(const struct sockaddr *sa, char *buf, size_t len)
{
    const void *a = sa->sa_family == AF_INET6
                        ? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
                        : (const void *)&((const struct sockaddr_in *)sa)->sin_addr;
    if (inet_ntop(sa->sa_family, a, buf, (socklen_t)len) == NULL)
        snprintf(buf, len, "?");
}

void net_close_listeners(struct net_listeners *l)
{
    for (int i = 0; i < l->n; i++)
        close(l->fds[i]);
    l->n = 0;
}

/* Opens, configures, binds and listens one socket; returns fd or -1 with errno. */
static int listen_one(struct addrinfo *ai, int backlog, bool nonblock)
{
    int type = ai->ai_socktype | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0);
    int fd = socket(ai->ai_family, type, ai->ai_protocol);
    if (fd < 0)
        return -1;
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
        goto fail;
    /* One socket per family: without V6ONLY the IPv6 wildcard would take IPv4's port. */
    if (ai->ai_family == AF_INET6 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) < 0)
        goto fail;
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, backlog) < 0)
        goto fail;
    return fd;
fail:;
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

enum net_status net_open_listeners(const char *host, const char *port, int backlog, bool nonblock,
                                   struct net_listeners *out, char *err, size_t errlen)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV | AI_ADDRCONFIG;
    out->n = 0;
    out->port = 0;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        set_err(err, errlen, "cannot resolve '%s' port %s: %s", host ? host : "*", port,
                rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
        return NET_ERR_RESOLVE;
    }
    enum net_status st = NET_OK;
    int last_errno = EADDRNOTAVAIL;
    char last_addr[NET_ADDRSTR_LEN] = "";
    for (struct addrinfo *ai = res; ai != NULL && out->n < NET_MAX_LISTEN; ai = ai->ai_next) {
        if (out->port != 0)
            sockaddr_set_port(ai->ai_addr, out->port); /* same port for every family */
        int fd = listen_one(ai, backlog, nonblock);
        if (fd < 0) {
            int e = errno;
            host_str(ai->ai_addr, last_addr, sizeof last_addr);
            /* A family the host cannot use (IPv6 disabled) is skipped, not fatal. */
            if (e == EAFNOSUPPORT || e == EADDRNOTAVAIL || e == EPROTONOSUPPORT) {
                last_errno = e;
                continue;
            }
            set_err(err, errlen, "cannot bind %s port %s: %s%s", last_addr, port, strerror(e),
                    e == EACCES ? " (ports below 1024 need root)" : "");
            st = e == EACCES ? NET_ERR_PERM : NET_ERR_SOCKET;
            break;
        }
        if (out->port == 0) {
            struct sockaddr_storage ss = {0};
            socklen_t len = sizeof ss;
            if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
                out->port = sockaddr_port((struct sockaddr *)&ss);
        }
        out->fds[out->n++] = fd;
    }
    freeaddrinfo(res);
    if (st == NET_OK && out->n == 0) {
        set_err(err, errlen, "cannot bind %s port %s: %s%s", last_addr[0] ? last_addr : "*", port,
                strerror(last_errno),
                last_errno == EADDRNOTAVAIL ? " (no interface of this host has that address)" : "");
        st = NET_ERR_SOCKET;
    }
    if (st != NET_OK)
        net_close_listeners(out);
    return st;
}

/* connect() bounded by timeout_ms: 0 on success, -1 with errno (ETIMEDOUT on expiry). */
static int connect_timeout(int fd, const struct sockaddr *sa, socklen_t len, int timeout_ms)
{
    if (timeout_ms < 0)
        return connect(fd, sa, len);
    if (!net_set_nonblock(fd, true, NULL, 0))
        return -1;
    int rc = connect(fd, sa, len);
    if (rc < 0 && errno == EINPROGRESS) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        do
            rc = poll(&p, 1, timeout_ms);
        while (rc < 0 && errno == EINTR); /* a restart may wait a little longer: fine */
        if (rc == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        if (rc < 0)
            return -1;
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
            return -1;
        if (soerr != 0) {
            errno = soerr;
            return -1;
        }
        rc = 0;
    }
    if (rc < 0)
        return -1;
    return net_set_nonblock(fd, false, NULL, 0) ? 0 : -1;
}

int net_open_clientfd(const char *host, const char *port, int timeout_ms, char *err, size_t errlen)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        set_err(err, errlen, "cannot resolve '%s' port %s: %s", host, port,
                rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
        return NET_ERR_RESOLVE;
    }
    int fd = -1, last_errno = ECONNREFUSED;
    char last_addr[NET_ADDRSTR_LEN] = "?";
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        if (connect_timeout(fd, ai->ai_addr, ai->ai_addrlen, timeout_ms) == 0)
            break;
        last_errno = errno;
        net_sockaddr_str(ai->ai_addr, ai->ai_addrlen, last_addr, sizeof last_addr);
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        if (last_errno == ETIMEDOUT && timeout_ms >= 0)
            set_err(err, errlen, "cannot connect to %s port %s (%s): timed out after %d ms", host,
                    port, last_addr, timeout_ms);
        else
            set_err(err, errlen, "cannot connect to %s port %s (%s): %s", host, port, last_addr,
                    strerror(last_errno));
        return last_errno == ETIMEDOUT ? NET_ERR_TIMEOUT : NET_ERR_SOCKET;
    }
    return fd;
}
