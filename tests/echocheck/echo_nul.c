/*
 * echo_nul.c: BUG: sends strlen(buf)+1 bytes, the C string's terminating NUL too, after
 * every line it echoes; and strlen() cuts a line at its first NUL byte. echocheck: the
 * data tests fail with "NUL appended" (binary and random bytes: "the echo of a line stops
 * at its first 0x00 byte"); the tests of clients side by side pass.
 *
 *   echo_nul PORT
 */
#include <signal.h>
#include <string.h>

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
    int listenfd = fixture_listen(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    serve_each(listenfd, echo);
}
