/*
 * stress_clients.c: the client connections stress_echo's commands drive: each with its
 * own byte pattern, opened many at once (at most INFLIGHT connects in flight, so the
 * server's listen backlog is never the bottleneck) through one epoll set, its echo
 * checked byte for byte.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "stress_clients.h"

int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Byte i of connection id's stream: a cheap hash, different for every connection. */
uint8_t pattern(uint32_t id, uint64_t i)
{
    uint64_t x = (uint64_t)id * 0x9e3779b97f4a7c15u + i * 0xbf58476d1ce4e5b9u;
    x ^= x >> 31;
    x *= 0x94d049bb133111ebu;
    return (uint8_t)(x >> 56);
}

void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
}

struct sockaddr_in server_addr(int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sa;
}

/* Starts a non-blocking connect, with socket buffers of bufsize (0: the kernel's);
 * the client is then C_CONNECTING (or C_FAILED). */
void start_connect(int ep, struct client *c, const struct sockaddr_in *sa, int bufsize)
{
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        fprintf(stderr, "stress_echo: socket: %s\n", strerror(errno));
        c->st = C_FAILED;
        return;
    }
    if (bufsize != 0) {
        setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof bufsize);
        setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof bufsize);
    }
    if (connect(c->fd, (const struct sockaddr *)sa, sizeof *sa) < 0 && errno != EINPROGRESS) {
        fprintf(stderr, "stress_echo: connect: %s\n", strerror(errno));
        close(c->fd);
        c->fd = -1;
        c->st = C_FAILED;
        return;
    }
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        close(c->fd);
        c->fd = -1;
        c->st = C_FAILED;
        return;
    }
    c->st = C_CONNECTING;
}

/* Opens n connections, at most INFLIGHT connects at a time, until all are open or the
 * deadline passes. Returns how many are open. */
uint32_t connect_all(int ep, struct client *cl, uint32_t n, int port, int64_t deadline, int bufsize)
{
    struct sockaddr_in sa = server_addr(port);
    uint32_t next = 0, inflight = 0, open_n = 0, failed = 0;
    struct epoll_event evs[256];
    while (open_n + failed < n && now_ms() < deadline) {
        while (next < n && inflight < INFLIGHT) {
            start_connect(ep, &cl[next], &sa, bufsize);
            if (cl[next].st == C_CONNECTING)
                inflight++;
            else
                failed++;
            next++;
        }
        int k = epoll_wait(ep, evs, 256, 100);
        for (int i = 0; i < k; i++) {
            struct client *c = evs[i].data.ptr;
            if (c->st != C_CONNECTING)
                continue;
            int err = 0;
            socklen_t len = sizeof err;
            (void)getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
            inflight--;
            if (err != 0) {
                fprintf(stderr, "stress_echo: connect #%u: %s\n", c->id, strerror(err));
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = -1;
                c->st = C_FAILED;
                failed++;
                continue;
            }
            struct epoll_event ev = {.events = 0, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev); /* quiet until the next phase */
            c->st = C_OPEN;
            open_n++;
        }
    }
    return open_n;
}

void close_all(struct client *cl, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (cl[i].fd >= 0) {
            close(cl[i].fd);
            cl[i].fd = -1;
        }
}

struct client *alloc_clients(uint32_t n)
{
    struct client *cl = calloc(n ? n : 1, sizeof *cl);
    if (!cl) {
        fprintf(stderr, "stress_echo: out of memory\n");
        exit(2);
    }
    for (uint32_t i = 0; i < n; i++) {
        cl[i].fd = -1;
        cl[i].id = i + 1;
    }
    return cl;
}

/* Checks n bytes of c's echo against what it sent; C_FAILED on the first difference. */
void check_echo(struct client *c, const uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (c->got + i >= c->sent || buf[i] != pattern(c->id, c->got + i)) {
            fprintf(stderr, "stress_echo: #%u: echo byte %llu is 0x%02x, sent 0x%02x%s\n", c->id,
                    (unsigned long long)(c->got + i), buf[i], pattern(c->id, c->got + i),
                    c->got + i >= c->sent ? " (never sent)" : "");
            c->st = C_FAILED;
            return;
        }
    c->got += n;
}
