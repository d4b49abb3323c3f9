/*
 * echo_noreap.c: BUG: a process-based server (CS:APP's echoserverp.c without its SIGCHLD
 * handler) that never reaps its children: every client leaves a zombie behind.
 * echocheck: health fails with "zombie children ... never reaps its children".
 *
 *   echo_noreap PORT
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "csapp.h"

static void echo(int connfd)
{
    char buf[MAXLINE];
    rio_t rio;
    ssize_t n;
    rio_readinitb(&rio, connfd);
    while ((n = rio_readlineb(&rio, buf, MAXLINE)) > 0)
        if (rio_writen(connfd, buf, (size_t)n) < 0)
            break;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int listenfd = open_listenfd(argv[1]);
    if (listenfd < 0) {
        perror("open_listenfd");
        return 1;
    }
    for (;;) {
        int connfd = accept_client(listenfd);
        if (connfd < 0)
            continue;
        if (fork() == 0) {
            close(listenfd);
            echo(connfd);
            close(connfd);
            _exit(0);
        }
        close(connfd);
    }
}
