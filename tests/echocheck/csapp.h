/*
 * csapp.h: the few CS:APP helpers the echocheck fixture servers are written with
 * (open_listenfd, the Rio package), as a student of the lecture would have them. The
 * fixtures are small echo servers, each correct or with one classic bug on purpose; each
 * file's comment says the bug and the verdicts echocheck must give it (checked by
 * tests/test_echocheck_fixtures.sh against tests/echocheck/expected/).
 */
#ifndef ECHOCHECK_FIXTURE_CSAPP_H
#define ECHOCHECK_FIXTURE_CSAPP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define MAXLINE 8192
#define LISTENQ 1024
#define RIO_BUFSIZE 8192

typedef struct {
    int rio_fd;
    ssize_t rio_cnt;
    char *rio_bufptr;
    char rio_buf[RIO_BUFSIZE];
} rio_t;

/* A listening socket on port (the first passive address getaddrinfo gives: 0.0.0.0),
 * SO_REUSEADDR; -1 on error. */
int open_listenfd(const char *port);
void rio_readinitb(rio_t *rp, int fd);
/* Reads a line (or what is there at EOF), at most maxlen-1 bytes, NUL-terminated:
 * returns its length, 0 at EOF, -1 on error. */
ssize_t rio_readlineb(rio_t *rp, void *usrbuf, size_t maxlen);
/* Writes all n bytes: n, or -1 on error. */
ssize_t rio_writen(int fd, const void *usrbuf, size_t n);
/* Accepts a connection, retrying on EINTR and on the errors a vanished client leaves. */
int accept_client(int listenfd);

/* The fixtures' common parts, so that each fixture's file holds only what it is about. */
/* "usage: PROG PORT" (exit 2) unless there is one argument; the listening socket on it,
 * or exit 1 with perror's word. */
int fixture_listen(int argc, char **argv);
/* Serves clients one after the other: serve(connfd), then close(connfd). Never returns. */
void serve_each(int listenfd, void (*serve)(int connfd));
/* CS:APP's echo: rio_readlineb, then rio_writen of what it read, until EOF or an error. */
void echo_lines(int connfd);
/* CS:APP's process-based server: a child per client, running echo_lines. The parent
 * closes its copy of connfd when parent_closes (forgetting to is echo_fdleak's bug).
 * Never returns. */
void fork_each(int listenfd, bool parent_closes);
/* A SIGCHLD handler that reaps every child that has exited (waitpid WNOHANG, in a loop). */
void reap_children(void);

#endif
