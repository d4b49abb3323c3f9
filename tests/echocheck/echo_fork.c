/*
 * echo_fork.c: CS:APP's process-based echo server (echoserverp.c), done right: a child
 * per client, a SIGCHLD handler that reaps every child that has exited, the parent
 * closes its copy of connfd, SIGPIPE ignored. Correct: echocheck passes every test,
 * with one note (a last line without a newline is echoed only at EOF).
 *
 *   echo_fork PORT
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csapp.h"

static void sigchld_handler(int sig)
{
    int saved = errno;
    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved;
}

static void echo(int connfd)
{
    char buf[MAXLINE];
    rio_t rio;
    ssize_t n;
    rio_readinitb(&rio, connfd);
    while ((n = rio_readlineb(&rio, buf, MAXLINE)) > 0)
        if (rio_writen(connfd, buf, (size_t)n) < 0)
            break;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sigchld_handler;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    int listenfd = open_listenfd(argv[1]);
    if (listenfd < 0) {
        perror("open_listenfd");
        return 1;
    }
    for (;;) {
        int connfd = accept_client(listenfd);
        if (connfd < 0)
            continue;
        if (fork() == 0) {
            close(listenfd);
            echo(connfd);
            close(connfd);
            _exit(0);
        }
        close(connfd); /* the parent's copy: without this the connection never ends */
    }
}
