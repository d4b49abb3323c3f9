/*
 * echo_exit_first.c: BUG: serves its first client, then returns from main (the accept()
 * loop forgotten). echocheck: every test of a single connection passes; the tests that
 * need a second client fail with "the server exited (status 0)".
 *
 *   echo_exit_first PORT
 */
#include <signal.h>
#include <unistd.h>

#include "csapp.h"

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    int connfd = accept_client(listenfd);
    char buf[MAXLINE];
    ssize_t n;
    while ((n = read(connfd, buf, sizeof buf)) > 0)
        if (rio_writen(connfd, buf, (size_t)n) < 0)
            break;
    close(connfd);
    return 0; /* the loop around accept() forgotten */
}
