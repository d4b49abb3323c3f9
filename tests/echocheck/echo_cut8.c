/*
 * echo_cut8.c: BUG: each line is read into a 9-byte buffer (rio_readlineb gives at most
 * 8 bytes of it) and the rest of the line is thrown away, so every echo is cut at 8
 * bytes. echocheck: every data test fails with "echo cut at 8 bytes: the buffer size";
 * the tests of several clients pass (it is iterative: one client at a time).
 *
 *   echo_cut8 PORT
 */
#include <signal.h>

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
    int listenfd = fixture_listen(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    serve_each(listenfd, echo);
}
