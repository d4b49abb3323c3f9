/*
 * server_limits.h: the defaults echoserver derives from the host (server_limits.c):
 * socket buffer sizes, timeouts, and the connection cap that follows from the
 * descriptor limit, the kernel's TCP memory and, for fork and threads, the process
 * limit.
 */
#ifndef ECHOSNIFF_SERVER_LIMITS_H
#define ECHOSNIFF_SERVER_LIMITS_H

#include <stdint.h>

#include "server.h"

#define SERVER_DEFAULT_SOCKBUF (64 * 1024) /* SO_SNDBUF and SO_RCVBUF asked for, bytes */
#define SERVER_DEFAULT_IDLE_S 60
#define SERVER_DEFAULT_SEND_S 30
#define SERVER_MAX_WORKERS 256 /* fork and threads: children or threads at once */
#define SERVER_FD_RESERVE 16   /* descriptors kept for listeners, signalfd, epoll, stdio */

enum limit_bound {
    LIMIT_BY_USER,
    LIMIT_BY_DESCRIPTORS,
    LIMIT_BY_MEMORY,
    LIMIT_BY_WORKERS,
    LIMIT_BY_NPROC,
    LIMIT_BY_MODEL,
};

struct server_limits {
    uint64_t per_conn;     /* kernel memory one connection can pin: both buffers, bytes */
    uint64_t tcp_pressure; /* the host's TCP memory pressure line, bytes */
    uint64_t tcp_budget;   /* the server's share of it (half), bytes */
    uint64_t nofile;       /* RLIMIT_NOFILE (soft) */
    uint64_t nproc;        /* RLIMIT_NPROC (soft), 0 when unlimited */
    uint64_t cap;          /* the default --max-conns */
    enum limit_bound bound;
};

/* sndbuf, rcvbuf: the sizes asked for (0: the kernel's autotuning). */
void server_limits_compute(enum server_model model, uint64_t sndbuf, uint64_t rcvbuf,
                           struct server_limits *out);
/* "the descriptor limit", "half the TCP memory pressure line", ... */
const char *server_limits_bound_str(enum limit_bound b);

#endif
