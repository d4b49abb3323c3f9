/*
 * echo_nul.c: BUG: sends strlen(buf)+1 bytes, the C string's terminating NUL too, after
 * every line it echoes; and strlen() cuts a line at its first NUL byte. echocheck: the
 * data tests fail with "NUL appended" (binary and random bytes: "the echo of a line stops
 * at its first 0x00 byte"); the tests of clients side by side pass.
 *
 *   echo_nul PORT
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "csapp.h"

static void echo(int connfd)
{
    char buf[MAXLINE];
    rio_t rio;
    rio_readinitb(&rio, connfd);
    while (rio_readlineb(&rio, buf, MAXLINE) > 0)
        if (rio_writen(connfd, buf, strlen(buf) + 1) < 0) /* "+1 for the '\0'" */
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
