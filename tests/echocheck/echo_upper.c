/*
 * echo_upper.c: BUG: upper-cases what it echoes (the lab's "capitalising server", handed
 * in as the echo server). echocheck: every test whose bytes include a lower-case letter
 * fails with "the echo is the request with its letters upper-cased".
 *
 *   echo_upper PORT
 */
#include <ctype.h>
#include <signal.h>
#include <unistd.h>

#include "csapp.h"

static void echo(int connfd)
{
    char buf[MAXLINE];
    ssize_t n;
    while ((n = read(connfd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            buf[i] = (char)toupper((unsigned char)buf[i]);
        if (rio_writen(connfd, buf, (size_t)n) < 0)
            break;
    }
}

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    serve_each(listenfd, echo);
}
