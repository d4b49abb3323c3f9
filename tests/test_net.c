/*
 * test_net.c: unit tests for the socket helpers (shared/net.c) and robust I/O
 * (shared/rio.c), on real loopback sockets and socketpairs.
 */
#include "unit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "rio.h"

/* addr (of family) and port as net_sockaddr_str prints them: want. */
static void sockaddr_str_is(int family, const char *addr, uint16_t port, const char *want)
{
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(port)};
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
    bool v4 = family == AF_INET;
    assert_int_equal(inet_pton(family, addr, v4 ? (void *)&in.sin_addr : (void *)&in6.sin6_addr),
                     1);
    struct sockaddr *sa = v4 ? (struct sockaddr *)&in : (struct sockaddr *)&in6;
    char buf[NET_ADDRSTR_LEN];
    assert_string_equal(net_sockaddr_str(sa, v4 ? sizeof in : sizeof in6, buf, sizeof buf), want);
}

static void test_sockaddr_str_v4(void **state)
{
    (void)state;
    sockaddr_str_is(AF_INET, "127.0.0.1", 15213, "127.0.0.1:15213");
}

static void test_sockaddr_str_v6(void **state)
{
    (void)state;
    sockaddr_str_is(AF_INET6, "2001:db8::1", 80, "[2001:db8::1]:80");
    /* An IPv4 peer seen through a dual-stack socket prints as IPv4. */
    sockaddr_str_is(AF_INET6, "::ffff:10.0.0.7", 80, "10.0.0.7:80");
}

static void test_sockaddr_str_bad(void **state)
{
    (void)state;
    struct sockaddr_in in = {.sin_family = AF_INET};
    char buf[NET_ADDRSTR_LEN];
    /* Too short for its family, or an unknown family: "?" rather than a read past. */
    assert_string_equal(net_sockaddr_str((struct sockaddr *)&in, 4, buf, sizeof buf), "?");
    struct sockaddr sa = {.sa_family = AF_UNIX};
    assert_string_equal(net_sockaddr_str(&sa, sizeof sa, buf, sizeof buf), "?");
    /* A small buffer truncates, always terminated. */
    inet_pton(AF_INET, "192.168.100.200", &in.sin_addr);
    char small[8];
    net_sockaddr_str((struct sockaddr *)&in, sizeof in, small, sizeof small);
    assert_string_equal(small, "192.168");
}

/* Listens on 127.0.0.1, port chosen by the kernel; the port is reported. */
static void test_listen_connect(void **state)
{
    (void)state;
    char err[NET_ERR_LEN] = "";
    struct net_listeners l;
    assert_int_equal(net_open_listeners("127.0.0.1", "0", 8, false, &l, err, sizeof err), NET_OK);
    assert_int_equal(l.n, 1);
    assert_true(l.port != 0);
    char port[8];
    snprintf(port, sizeof port, "%u", (unsigned)l.port);
    int c = net_open_clientfd("127.0.0.1", port, 5000, err, sizeof err);
    assert_true(c >= 0);
    int s = accept(l.fds[0], NULL, NULL);
    assert_true(s >= 0);
    /* The connected socket is blocking again after a connect with a timeout. */
    assert_int_equal(fcntl(c, F_GETFL) & O_NONBLOCK, 0);
    char a[NET_ADDRSTR_LEN], b[NET_ADDRSTR_LEN];
    net_fd_addr_str(c, false, a, sizeof a);
    net_fd_addr_str(s, true, b, sizeof b);
    assert_string_equal(a, b); /* the client's self is the server's peer */
    assert_int_equal(rio_writen(c, "ping", 4), 4);
    char buf[4];
    assert_int_equal(rio_readn(s, buf, 4), 4);
    assert_memory_equal(buf, "ping", 4);
    close(c);
    close(s);
    net_close_listeners(&l);
    assert_int_equal(l.n, 0);
}

/* The wildcard listens on every family the host has, all on one port. */
static void test_listen_wildcard_same_port(void **state)
{
    (void)state;
    char err[NET_ERR_LEN] = "";
    struct net_listeners l;
    assert_int_equal(net_open_listeners(NULL, "0", 8, true, &l, err, sizeof err), NET_OK);
    assert_true(l.n >= 1);
    for (int i = 0; i < l.n; i++) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        assert_int_equal(getsockname(l.fds[i], (struct sockaddr *)&ss, &len), 0);
        uint16_t p = ss.ss_family == AF_INET ? ntohs(((struct sockaddr_in *)&ss)->sin_port)
                                             : ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
        assert_int_equal(p, l.port);
        assert_true(fcntl(l.fds[i], F_GETFL) & O_NONBLOCK);
    }
    net_close_listeners(&l);
}

static void test_listen_in_use(void **state)
{
    (void)state;
    char err[NET_ERR_LEN] = "";
    struct net_listeners a, b;
    assert_int_equal(net_open_listeners("127.0.0.1", "0", 8, false, &a, err, sizeof err), NET_OK);
    char port[8], want[64];
    snprintf(port, sizeof port, "%u", (unsigned)a.port);
    assert_int_equal(net_open_listeners("127.0.0.1", port, 8, false, &b, err, sizeof err),
                     NET_ERR_SOCKET);
    assert_int_equal(b.n, 0);
    snprintf(want, sizeof want, "cannot bind 127.0.0.1 port %s: Address already in use", port);
    assert_string_equal(err, want);
    net_close_listeners(&a);
}

/* An address no interface has: the message names it (the port alone says too little). */
static void test_listen_foreign_address(void **state)
{
    (void)state;
    char err[NET_ERR_LEN] = "";
    struct net_listeners l;
    /* 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never a local address. */
    assert_int_equal(net_open_listeners("192.0.2.77", "0", 8, false, &l, err, sizeof err),
                     NET_ERR_SOCKET);
    assert_int_equal(l.n, 0);
    assert_string_equal(err, "cannot bind 192.0.2.77 port 0: Cannot assign requested address "
                             "(no interface of this host has that address)");
}

static void test_connect_refused(void **state)
{
    (void)state;
    char err[NET_ERR_LEN] = "";
    /* A port just freed: nobody listens there now. */
    struct net_listeners l;
    assert_int_equal(net_open_listeners("127.0.0.1", "0", 8, false, &l, err, sizeof err), NET_OK);
    char port[8];
    snprintf(port, sizeof port, "%u", (unsigned)l.port);
    net_close_listeners(&l);
    assert_int_equal(net_open_clientfd("127.0.0.1", port, -1, err, sizeof err), NET_ERR_SOCKET);
    assert_non_null(strstr(err, "Connection refused"));
    assert_non_null(strstr(err, "127.0.0.1"));
    assert_int_equal(net_open_clientfd("127.0.0.1", port, 2000, err, sizeof err), NET_ERR_SOCKET);
    assert_non_null(strstr(err, "Connection refused"));
}

static void test_resolve_error(void **state)
{
    (void)state;
    char err[NET_ERR_LEN] = "";
    assert_int_equal(net_open_clientfd("no-such-host.invalid", "15213", -1, err, sizeof err),
                     NET_ERR_RESOLVE);
    assert_non_null(strstr(err, "cannot resolve 'no-such-host.invalid' port 15213: "));
    struct net_listeners l;
    assert_int_equal(net_open_listeners("127.0.0.1", "http-ish", 8, false, &l, err, sizeof err),
                     NET_ERR_RESOLVE);
}

static void test_nonblock_nodelay(void **state)
{
    (void)state;
    char err[NET_ERR_LEN] = "";
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(net_set_nonblock(fd, true, err, sizeof err));
    assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
    assert_true(net_set_nonblock(fd, false, err, sizeof err));
    assert_false(fcntl(fd, F_GETFL) & O_NONBLOCK);
    assert_true(net_set_nodelay(fd, err, sizeof err));
    int v = 0;
    socklen_t len = sizeof v;
    getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len);
    assert_int_equal(v, 1);
    close(fd);
    /* A bad descriptor is reported with its number and the cause. */
    assert_false(net_set_nonblock(fd, true, err, sizeof err));
    assert_non_null(strstr(err, "Bad file descriptor"));
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    assert_false(net_set_nodelay(pfd[0], err, sizeof err));
    assert_non_null(strstr(err, "TCP_NODELAY"));
    close(pfd[0]);
    close(pfd[1]);
}

struct writer {
    int fd;
    size_t n;
};

static void *write_pattern(void *arg)
{
    struct writer *w = arg;
    static unsigned char buf[4 * 1024 * 1024];
    for (size_t i = 0; i < w->n; i++)
        buf[i] = (unsigned char)(i * 13 + (i >> 9));
    ssize_t r = rio_writen(w->fd, buf, w->n);
    close(w->fd);
    return (void *)(intptr_t)r;
}

/* Megabytes through a socketpair: writen and readn cross many short counts. */
static void test_rio_big(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct writer w = {.fd = sv[0], .n = 4 * 1024 * 1024};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, write_pattern, &w), 0);
    static unsigned char got[4 * 1024 * 1024 + 1];
    assert_int_equal(rio_readn(sv[1], got, sizeof got), (ssize_t)w.n); /* short only at EOF */
    void *res;
    pthread_join(t, &res);
    assert_int_equal((intptr_t)res, (intptr_t)w.n);
    for (size_t i = 0; i < w.n; i++)
        if (got[i] != (unsigned char)(i * 13 + (i >> 9)))
            fail_msg("byte %zu differs", i);
    assert_int_equal(rio_readn(sv[1], got, 10), 0);
    close(sv[1]);
}

static void test_rio_errors(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    /* A closed peer: EPIPE, not a SIGPIPE that would kill the test. */
    assert_int_equal(rio_writen(sv[0], "x", 1), -1);
    assert_int_equal(errno, EPIPE);
    close(sv[0]);
    char c;
    assert_int_equal(rio_readn(-1, &c, 1), -1);
    assert_int_equal(errno, EBADF);
    /* rio_writen works on a pipe too (not a socket). */
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    assert_int_equal(rio_writen(pfd[1], "abc", 3), 3);
    char buf[3];
    assert_int_equal(rio_readn(pfd[0], buf, 3), 3);
    assert_memory_equal(buf, "abc", 3);
    close(pfd[0]);
    close(pfd[1]);
}

UNIT_MAIN(cmocka_unit_test(test_sockaddr_str_v4), cmocka_unit_test(test_sockaddr_str_v6),
          cmocka_unit_test(test_sockaddr_str_bad), cmocka_unit_test(test_listen_connect),
          cmocka_unit_test(test_listen_wildcard_same_port), cmocka_unit_test(test_listen_in_use),
          cmocka_unit_test(test_listen_foreign_address), cmocka_unit_test(test_connect_refused),
          cmocka_unit_test(test_resolve_error), cmocka_unit_test(test_nonblock_nodelay),
          cmocka_unit_test(test_rio_big), cmocka_unit_test(test_rio_errors))
