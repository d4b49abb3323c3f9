/*
 * echo_noreap.c: BUG: a process-based server (CS:APP's echoserverp.c without its SIGCHLD
 * handler) that never reaps its children: every client leaves a zombie behind.
 * echocheck: health fails with "zombie children ... never reaps its children".
 *
 *   echo_noreap PORT
 */
#include <signal.h>

#include "csapp.h"

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    signal(SIGPIPE, SIG_IGN); /* and no SIGCHLD handler: nothing reaps the children */
    fork_each(listenfd, true);
}
