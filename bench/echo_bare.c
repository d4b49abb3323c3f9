/*
 * echo_bare.c: the baseline for the benchmark: the least an epoll echo server can do.
 * One level-triggered epoll loop, read then write back, no buffering, no backpressure,
 * no logging, no timeouts, no error reporting. It is correct only while writes are
 * never short (small messages over loopback), which is all the 1-connection benchmark
 * needs. Not a server to use: a floor to compare echoserver's cost per round trip with.
 *
 *   echo_bare PORT     listens on 127.0.0.1:PORT (0: a free port, printed on stdout)
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

int main(int argc, char **argv)
{
    char err[NET_ERR_LEN];
    struct net_listeners l;
    if (argc != 2 ||
        net_open_listeners("127.0.0.1", argv[1], SOMAXCONN, false, &l, err, sizeof err) != NET_OK) {
        fprintf(stderr, "echo_bare: %s\n", argc != 2 ? "usage: echo_bare PORT" : err);
        return 2;
    }
    printf("%u\n", (unsigned)l.port);
    fflush(stdout);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = l.fds[0]}, evs[256];
    epoll_ctl(ep, EPOLL_CTL_ADD, l.fds[0], &ev);
    static char buf[16384];
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == l.fds[0]) {
                int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK);
                int one = 1;
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                ev = (struct epoll_event){.events = EPOLLIN, .data.fd = c};
                epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
                continue;
            }
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0 || write(fd, buf, (size_t)r) != r)
                close(fd);
        }
    }
}
