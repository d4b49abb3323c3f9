/*
 * csapp.c: CS:APP's open_listenfd and Rio package (see csapp.h), as the lecture gives
 * them; written again here for the fixtures, which must not depend on echosniff's own
 * code.
 */
#include "csapp.h"

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int open_listenfd(const char *port)
{
    struct addrinfo hints, *list, *p;
    int listenfd = -1, optval = 1;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_ADDRCONFIG | AI_NUMERICSERV; /* 0.0.0.0 comes first */
    if (getaddrinfo(NULL, port, &hints, &list) != 0)
        return -1;
    for (p = list; p; p = p->ai_next) {
        if ((listenfd = socket(p->ai_family, p->ai_socktype, p->ai_protocol)) < 0)
            continue;
        setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &optval, sizeof(int));
        if (bind(listenfd, p->ai_addr, p->ai_addrlen) == 0)
            break;
        close(listenfd);
        listenfd = -1;
    }
    freeaddrinfo(list);
    if (listenfd < 0)
        return -1;
    if (listen(listenfd, LISTENQ) < 0) {
        close(listenfd);
        return -1;
    }
    return listenfd;
}

void rio_readinitb(rio_t *rp, int fd)
{
    rp->rio_fd = fd;
    rp->rio_cnt = 0;
    rp->rio_bufptr = rp->rio_buf;
}

static ssize_t rio_read(rio_t *rp, char *usrbuf, size_t n)
{
    while (rp->rio_cnt <= 0) {
        rp->rio_cnt = read(rp->rio_fd, rp->rio_buf, sizeof(rp->rio_buf));
        if (rp->rio_cnt < 0) {
            if (errno != EINTR)
                return -1;
        } else if (rp->rio_cnt == 0) {
            return 0;
        } else {
            rp->rio_bufptr = rp->rio_buf;
        }
    }
    size_t cnt = n < (size_t)rp->rio_cnt ? n : (size_t)rp->rio_cnt;
    memcpy(usrbuf, rp->rio_bufptr, cnt);
    rp->rio_bufptr += cnt;
    rp->rio_cnt -= (ssize_t)cnt;
    return (ssize_t)cnt;
}

ssize_t rio_readlineb(rio_t *rp, void *usrbuf, size_t maxlen)
{
    size_t n;
    char c, *bufp = usrbuf;
    for (n = 1; n < maxlen; n++) {
        ssize_t rc = rio_read(rp, &c, 1);
        if (rc == 1) {
            *bufp++ = c;
            if (c == '\n') {
                n++;
                break;
            }
        } else if (rc == 0) {
            if (n == 1)
                return 0;
            break;
        } else {
            return -1;
        }
    }
    *bufp = 0;
    return (ssize_t)(n - 1);
}

ssize_t rio_writen(int fd, const void *usrbuf, size_t n)
{
    size_t nleft = n;
    const char *bufp = usrbuf;
    while (nleft > 0) {
        ssize_t nwritten = write(fd, bufp, nleft);
        if (nwritten <= 0) {
            if (errno == EINTR)
                nwritten = 0;
            else
                return -1;
        }
        nleft -= (size_t)nwritten;
        bufp += nwritten;
    }
    return (ssize_t)n;
}

int accept_client(int listenfd)
{
    for (;;) {
        int fd = accept(listenfd, NULL, NULL);
        if (fd >= 0 || (errno != EINTR && errno != ECONNABORTED && errno != EPROTO))
            return fd;
    }
}

int fixture_listen(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        exit(2);
    }
    int listenfd = open_listenfd(argv[1]);
    if (listenfd < 0) {
        perror("open_listenfd");
        exit(1);
    }
    return listenfd;
}

void serve_each(int listenfd, void (*serve)(int connfd))
{
    for (;;) {
        int connfd = accept_client(listenfd);
        if (connfd < 0)
            continue;
        serve(connfd);
        close(connfd);
    }
}

void echo_lines(int connfd)
{
    char buf[MAXLINE];
    rio_t rio;
    ssize_t n;
    rio_readinitb(&rio, connfd);
    while ((n = rio_readlineb(&rio, buf, MAXLINE)) > 0)
        if (rio_writen(connfd, buf, (size_t)n) < 0)
            break;
}

void fork_each(int listenfd, bool parent_closes)
{
    for (;;) {
        int connfd = accept_client(listenfd);
        if (connfd < 0)
            continue;
        if (fork() == 0) {
            close(listenfd);
            echo_lines(connfd);
            close(connfd);
            _exit(0);
        }
        if (parent_closes)
            close(connfd); /* without this, the connection never ends */
    }
}

static void sigchld_handler(int sig)
{
    int saved = errno;
    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved;
}

void reap_children(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sigchld_handler;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
}
