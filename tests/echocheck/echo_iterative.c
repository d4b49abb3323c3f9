/*
 * echo_iterative.c: CS:APP's iterative echo server (echoserveri.c), done right: Rio's
 * line reads, every error ends only that client, SIGPIPE ignored. Correct: echocheck
 * passes every test, with two notes: it serves one client at a time, and a last line
 * without a newline is echoed only at EOF (rio_readlineb waits for '\n' or EOF).
 *
 *   echo_iterative PORT
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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
        echo(connfd);
        close(connfd);
    }
}
