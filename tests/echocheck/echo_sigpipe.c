/*
 * echo_sigpipe.c: BUG: never ignores SIGPIPE. When a client resets its connection while
 * the server is still echoing to it, the server's next write() raises SIGPIPE, whose
 * default action kills the whole server. echocheck: client_reset fails with "killed by
 * SIGPIPE"; everything else passes (it is iterative: one client at a time).
 *
 *   echo_sigpipe PORT
 */
#include <unistd.h>

#include "csapp.h"

static void echo(int connfd)
{
    char buf[MAXLINE];
    ssize_t n;
    while ((n = read(connfd, buf, sizeof buf)) > 0)
        (void)rio_writen(connfd, buf, (size_t)n); /* "writes to a socket cannot fail" */
}

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    serve_each(listenfd, echo);
}
