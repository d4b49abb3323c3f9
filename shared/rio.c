/*
 * rio.c: robust I/O (see rio.h). The loops restart on EINTR, UNP's "goto again", and
 * treat a short count as progress, never as an error.
 */
#include "rio.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

/* send() when fd is a socket (MSG_NOSIGNAL), write() otherwise (ENOTSOCK). */
static ssize_t write_once(int fd, const void *buf, size_t n, int *use_write)
{
    if (!*use_write) {
        ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
        if (w >= 0 || errno != ENOTSOCK)
            return w;
        *use_write = 1;
    }
    return write(fd, buf, n);
}

ssize_t rio_writen(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    size_t left = n;
    int use_write = 0;
    while (left > 0) {
        ssize_t w = write_once(fd, p, left, &use_write);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    return (ssize_t)n;
}

ssize_t rio_read(int fd, void *buf, size_t n)
{
    ssize_t r;
    do
        r = read(fd, buf, n);
    while (r < 0 && errno == EINTR);
    return r;
}

ssize_t rio_readn(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t left = n;
    while (left > 0) {
        ssize_t r = rio_read(fd, p, left);
        if (r < 0)
            return -1;
        if (r == 0)
            break; /* EOF */
        p += r;
        left -= (size_t)r;
    }
    return (ssize_t)(n - left);
}
