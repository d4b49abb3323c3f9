/*
 * echo_fork.c: CS:APP's process-based echo server (echoserverp.c), done right: a child
 * per client, a SIGCHLD handler that reaps every child that has exited, the parent
 * closes its copy of connfd, SIGPIPE ignored. Correct: echocheck passes every test,
 * with one note (a last line without a newline is echoed only at EOF).
 *
 *   echo_fork PORT
 */
#include <signal.h>

#include "csapp.h"

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    reap_children();
    signal(SIGPIPE, SIG_IGN);
    fork_each(listenfd, true);
}
