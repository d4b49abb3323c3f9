/*
 * ck_server.h: the server under test as a process (ck_sandbox.c) and what /proc says of
 * it (ck_proc.c).
 *
 * As root each test gets a network namespace of its own with only loopback, made by the
 * worker thread that runs the test (unshare(CLONE_NEWNET) moves that thread alone): the
 * server, sniff and the test's clients all live in it, so nothing reaches another
 * network and every test can use the same port. The server runs as an unprivileged user
 * (nobody, or --user) with no supplementary groups and no_new_privs, in a process group
 * of its own, with resource limits (setrlimit: CPU, address space, processes, open
 * files, file size), its output in a file whose tail the report shows.
 */
#ifndef ECHOSNIFF_CK_SERVER_H
#define ECHOSNIFF_CK_SERVER_H

#include "ck.h"

struct ck_server {
    pid_t pid; /* also its process group */
    int log_fd;
    bool reaped;
    int wstatus;
    uint64_t netns; /* the namespace's inode, 0 outside one */
};

/* unshare(CLONE_NEWNET) for the calling thread, then loopback up. */
bool ck_netns_enter(uint64_t *ino, char *err, size_t errlen);

/* Starts the server (argv with %PORT% replaced), its output to logpath. */
bool ck_server_start(const struct ck_opts *o, uint16_t port, const char *logpath, uint64_t netns,
                     struct ck_server *s, char *err, size_t errlen);
/* Waits until it listens on port; fills the address to connect to. False (with the
 * reason, and its output's tail) if it exits or takes longer than --start-timeout. */
bool ck_server_wait_listen(const struct ck_opts *o, struct ck_server *s, uint16_t port,
                           atomic_bool *stop, struct sockaddr_storage *addr, socklen_t *len,
                           char *err, size_t errlen);
/* Whether it is still alive, waiting up to wait_ms for it to exit; fills f. */
void ck_server_fate(struct ck_server *s, unsigned wait_ms, struct ck_fate *f);
/* SIGTERM to its process group, SIGKILL after a moment, reaped. (A process that left
 * the group is found by its namespace: ck_proc_kill_netns.) */
void ck_server_stop(struct ck_server *s);
/* The last bytes of its output, printable. */
void ck_server_tail(const struct ck_server *s, char *out, size_t outlen);

/* /proc (ck_proc.c). pid 0 reads this thread's namespace. */
struct ck_listen {
    bool v4, v6;
};
bool ck_proc_listening(pid_t pid, uint16_t port, struct ck_listen *l);
/* TCP state (RFC 9293 numbering as in /proc: 8 is CLOSE_WAIT) and receive queue of the
 * server's socket for the connection from client port cport. */
bool ck_proc_conn_state(pid_t pid, uint16_t port, uint16_t cport, int *state, unsigned long *rxq);
struct ck_proc_stats {
    long fds, threads, rss_kb, children, zombies;
};
bool ck_proc_stats(pid_t pid, struct ck_proc_stats *st);
/* The process that holds the listening socket on port (--connect), or 0. */
pid_t ck_proc_listener_pid(uint16_t port);
/* SIGKILL to every process in network namespace ino but this one. */
void ck_proc_kill_netns(uint64_t ino);

#endif
