/*
 * echo_fdleak.c: BUG: a process-based server whose parent never closes its copy of
 * connfd: a descriptor leaks per connection, and since the parent still holds every
 * connection open, the client never sees a FIN, however the child ends. echocheck:
 * half_close fails with "no FIN after the client's FIN" (its socket in CLOSE_WAIT),
 * health with "descriptors leaked".
 *
 *   echo_fdleak PORT
 */
#include <signal.h>

#include "csapp.h"

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    reap_children();
    signal(SIGPIPE, SIG_IGN);
    fork_each(listenfd, false); /* the parent keeps its copy of every connfd */
}
