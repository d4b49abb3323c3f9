/*
 * rio.h: robust I/O after CS:APP's rio_writen/rio_readn and UNP's writen/readn. A read
 * or write may move fewer bytes than asked (a short count) and may be interrupted by a
 * signal (EINTR); these loop until the whole count has moved, EOF, or a real error.
 */
#ifndef ECHOSNIFF_RIO_H
#define ECHOSNIFF_RIO_H

#include <stddef.h>
#include <sys/types.h>

/* Writes all n bytes: returns n, or -1 with errno set. Uses send(MSG_NOSIGNAL) on
 * sockets so a closed peer gives EPIPE instead of killing the process. */
ssize_t rio_writen(int fd, const void *buf, size_t n);
/* Reads until n bytes or EOF: returns the count (short only at EOF), or -1 with errno. */
ssize_t rio_readn(int fd, void *buf, size_t n);
/* One read(2), restarted on EINTR: returns what read returns. */
ssize_t rio_read(int fd, void *buf, size_t n);

#endif
