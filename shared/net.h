/*
 * net.h: socket helpers in the style of CS:APP's open_clientfd/open_listenfd and Redis's
 * anet.c. Every function is reentrant, prints nothing and exits never: it returns a
 * status and, on failure, writes one sentence naming the thing and the cause into the
 * caller's error buffer (at most NET_ERR_LEN bytes). Only a program's main decides what
 * to print and how to exit.
 */
#ifndef ECHOSNIFF_NET_H
#define ECHOSNIFF_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define NET_ERR_LEN 256
/* "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255%interface]:65535" fits with room. */
#define NET_ADDRSTR_LEN 80
#define NET_MAX_LISTEN 8

/* Status codes: NET_OK, or which stage failed, so main can pick a message or exit code. */
enum net_status {
    NET_OK = 0,
    NET_ERR_RESOLVE = -1, /* getaddrinfo failed: the error buffer holds gai_strerror */
    NET_ERR_SOCKET = -2,  /* socket/connect/bind/listen failed: errno names the cause */
    NET_ERR_TIMEOUT = -3, /* connect did not complete within the timeout */
    NET_ERR_PERM = -4,    /* bind was refused for lack of privilege (EACCES) */
};

/* The listening sockets of one server: one per address family, all on the same port. */
struct net_listeners {
    int fds[NET_MAX_LISTEN];
    int n;
    uint16_t port; /* the bound port, which the kernel picked if 0 was asked for */
};

/*
 * Listens on every passive address getaddrinfo returns for host (NULL: the wildcard of
 * each family, AI_PASSIVE) and port ("0": let the kernel choose, then reuse its choice
 * for every other family). IPv6 sockets are IPV6_V6ONLY so the IPv4 wildcard can bind
 * too; SO_REUSEADDR lets a restart bind while old connections sit in TIME_WAIT.
 * Sockets are close-on-exec and, when nonblock is set, non-blocking.
 */
enum net_status net_open_listeners(const char *host, const char *port, int backlog, bool nonblock,
                                   struct net_listeners *out, char *err, size_t errlen);
void net_close_listeners(struct net_listeners *l);

/*
 * Connects to the first address of host:port that accepts, trying each getaddrinfo
 * result in turn like open_clientfd. timeout_ms < 0 waits as long as the kernel does.
 * Returns the connected (blocking, close-on-exec) descriptor, or a negative net_status.
 */
int net_open_clientfd(const char *host, const char *port, int timeout_ms, char *err, size_t errlen);

bool net_set_nonblock(int fd, bool on, char *err, size_t errlen);
/* TCP_NODELAY: send each write at once instead of waiting for the ACK of the last one. */
bool net_set_nodelay(int fd, char *err, size_t errlen);

/*
 * "127.0.0.1:15213" or "[::1]:15213"; IPv4-mapped IPv6 addresses print as IPv4.
 * Returns buf; never fails (an unknown family prints as "?").
 */
char *net_sockaddr_str(const struct sockaddr *sa, socklen_t len, char *buf, size_t buflen);
/* The local (self) or remote (peer) address of fd, as net_sockaddr_str. */
char *net_fd_addr_str(int fd, bool peer, char *buf, size_t buflen);

#endif
