/*
 * echo_cut8.c: BUG: each line is read into a 9-byte buffer (rio_readlineb gives at most
 * 8 bytes of it) and the rest of the line is thrown away, so every echo is cut at 8
 * bytes. echocheck: the tests with lines longer than 8 bytes fail with "echo cut at 8
 * bytes: the buffer size"; binary data and random bytes fail as a mismatch.
 *
 *   echo_cut8 PORT
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "csapp.h"

static void echo(int connfd)
{
    char buf[9]; /* "big enough for a word" */
    rio_t rio;
    ssize_t n;
    rio_readinitb(&rio, connfd);
    while ((n = rio_readlineb(&rio, buf, sizeof buf)) > 0) {
        if (rio_writen(connfd, buf, (size_t)n) < 0)
            break;
        while (n > 0 && buf[n - 1] != '\n') /* skip what did not fit */
            n = rio_readlineb(&rio, buf, sizeof buf);
    }
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
