/*
 * echo_oneread.c: BUG: loses the tail after a short read. It calls read() once per
 * client, as if one read() returned everything the client will send, echoes that and
 * closes. A line that arrives in one piece is echoed; anything longer than the buffer,
 * or sent in pieces, loses its tail (and the close with unread data is an RST).
 * echocheck: those tests fail with "tail lost: ... one read() assumed to return
 * everything".
 *
 *   echo_oneread PORT
 */
#include <signal.h>
#include <unistd.h>

#include "csapp.h"

static void echo(int connfd)
{
    char buf[MAXLINE];
    ssize_t n = read(connfd, buf, sizeof buf); /* "the client's message" */
    if (n > 0)
        (void)rio_writen(connfd, buf, (size_t)n);
}

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    serve_each(listenfd, echo);
}
