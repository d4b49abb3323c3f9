/*
 * server.h: what echoserver's concurrency models share: the options, the per-connection
 * log line, and one entry point per model. Each model runs until SIGINT or SIGTERM
 * arrives on the signalfd, then stops accepting, lets connections flush what they owe
 * for up to the grace period, and returns. They print only the connection log (main's
 * concern, passed in as options); failures come back through the error buffer.
 */
#ifndef ECHOSNIFF_SERVER_H
#define ECHOSNIFF_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net.h"

enum server_model { MODEL_EVENTS, MODEL_ITERATIVE, MODEL_FORK, MODEL_THREADS };

struct server_opts {
    enum server_model model;
    bool quiet;
    uint64_t max_conns; /* at most this many at once (main sets the default) */
    uint64_t idle_ms;   /* close after this long without a byte from the client; 0: never */
    uint64_t send_ms;   /* close after this long owing bytes the client will not read; 0:
                         * never */
    uint64_t grace_ms;  /* how long a shutdown waits for owed bytes to flush */
};

/* "(cliaddr:cliport, servaddr:servport)" */
#define SERVER_PAIR_LEN (2 * NET_ADDRSTR_LEN + 8)

/* Fills pair for a connected socket; peer is accept's address (len bytes). */
void server_pair_str(int fd, const void *peer, unsigned len, char *pair, size_t pairlen);
void server_log_open(const struct server_opts *o, const char *pair);
/* why: NULL for a normal close, else the cause ("Connection reset by peer"). */
void server_log_close(const struct server_opts *o, const char *pair, uint64_t bytes,
                      const char *why);
/* A one-off message ("out of descriptors"), unless quiet. */
void server_log(const struct server_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Why a connection timed out, for its close line: "idle timeout (nothing received for
 * 60 s)" or "send timeout (the client read nothing for 30 s; 229376 bytes owed)", the
 * owed bytes counting the routine's and the kernel's send queue (SIOCOUTQ).
 */
void server_timeout_why(const struct server_opts *o, bool owing, int fd, size_t held, char *buf,
                        size_t len);

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t server_now_ms(void);

/* Each returns 0 after a clean shutdown, or -1 with a message in err. sigfd is a
 * signalfd for SIGINT and SIGTERM (and SIGCHLD for the fork model). */
int server_run_events(const struct server_opts *o, const struct net_listeners *l, int sigfd,
                      char *err, size_t errlen);
int server_run_blocking(const struct server_opts *o, const struct net_listeners *l, int sigfd,
                        char *err, size_t errlen);

#endif
