/*
 * echo_deadlock.c: BUG: an event-driven server (poll(2), one thread, many clients) that
 * echoes whole lines only, from a 1 KiB buffer per client; when the buffer is full and
 * holds no newline it stops reading that client and waits for a newline that can no
 * longer arrive. Short lines are echoed, side by side with other clients; a line longer
 * than 1 KiB (the 1 MiB line, and the random bytes of the 10 MiB tests) deadlocks it.
 * echocheck: those tests fail with "deadlock: the server stopped reading".
 *
 *   echo_deadlock PORT
 */
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "csapp.h"

#define MAXCLIENTS 256
#define LINEBUF 1024

struct client {
    int fd;
    size_t len;
    char buf[LINEBUF];
};

static struct client clients[MAXCLIENTS];

/* Reads what there is and echoes every complete line; false when the client is done. */
static bool serve(struct client *c)
{
    ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
    if (n <= 0) { /* EOF: echo the unterminated rest, then close */
        if (n == 0 && c->len > 0)
            (void)rio_writen(c->fd, c->buf, c->len);
        return false;
    }
    c->len += (size_t)n;
    char *nl = memrchr(c->buf, '\n', c->len);
    if (nl != NULL) {
        size_t lines = (size_t)(nl - c->buf) + 1;
        if (rio_writen(c->fd, c->buf, lines) < 0)
            return false;
        memmove(c->buf, c->buf + lines, c->len - lines);
        c->len -= lines;
    }
    return true;
}

int main(int argc, char **argv)
{
    int listenfd = fixture_listen(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < MAXCLIENTS; i++)
        clients[i].fd = -1;
    for (;;) {
        struct pollfd pfd[MAXCLIENTS + 1];
        int who[MAXCLIENTS + 1], n = 0;
        pfd[n] = (struct pollfd){.fd = listenfd, .events = POLLIN};
        who[n++] = -1;
        for (int i = 0; i < MAXCLIENTS; i++)
            if (clients[i].fd >= 0 && clients[i].len < LINEBUF) { /* full: wait for '\n' */
                pfd[n] = (struct pollfd){.fd = clients[i].fd, .events = POLLIN};
                who[n++] = i;
            }
        if (poll(pfd, (nfds_t)n, -1) < 0)
            continue;
        for (int k = 1; k < n; k++)
            if (pfd[k].revents && !serve(&clients[who[k]])) {
                close(clients[who[k]].fd);
                clients[who[k]].fd = -1;
            }
        if (pfd[0].revents & POLLIN) {
            int fd = accept_client(listenfd);
            for (int i = 0; fd >= 0 && i < MAXCLIENTS; i++)
                if (clients[i].fd < 0) {
                    clients[i].fd = fd;
                    clients[i].len = 0;
                    fd = -1;
                }
            if (fd >= 0)
                close(fd); /* full house */
        }
    }
}
