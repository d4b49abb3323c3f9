/*
 * stress_clients.h: what stress_echo's commands share: a client connection and its
 * state, the byte pattern each connection sends, connecting many at once through one
 * epoll set, checking an echo (stress_clients.c); and the commands of misbehaving
 * clients (stress_abuse.c), beside stress_echo.c's well-behaved ones.
 */
#ifndef ECHOSNIFF_STRESS_CLIENTS_H
#define ECHOSNIFF_STRESS_CLIENTS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INFLIGHT 256
/* SO_SNDBUF/SO_RCVBUF of the never-reading clients: the client's kernel memory is its
 * own host's (the attacker's); here, on the server's host, it would hide the server's. */
#define NOREAD_BUF (16 * 1024)

enum cstate { C_NEW, C_CONNECTING, C_OPEN, C_SHUT, C_DONE, C_FAILED };

struct client {
    int fd;
    enum cstate st;
    uint32_t id;
    uint64_t sent, got; /* bytes sent, bytes of echo received and checked */
    int64_t next_ms;    /* slow: when to send the next byte */
};

int64_t now_ms(void);

/* Byte i of connection id's stream: a cheap hash, different for every connection. */
uint8_t pattern(uint32_t id, uint64_t i);

/* The descriptor limit raised to its hard limit. */
void raise_nofile(void);

/* 127.0.0.1:port. */
struct sockaddr_in server_addr(int port);

/* Starts a non-blocking connect, with socket buffers of bufsize (0: the kernel's);
 * the client is then C_CONNECTING (or C_FAILED). */
void start_connect(int ep, struct client *c, const struct sockaddr_in *sa, int bufsize);

/* Opens n connections, at most INFLIGHT connects at a time, until all are open or the
 * deadline passes. Returns how many are open. */
uint32_t connect_all(int ep, struct client *cl, uint32_t n, int port, int64_t deadline,
                     int bufsize);

/* Closes every client's socket still open. */
void close_all(struct client *cl, uint32_t n);

/* n clients, unconnected, numbered from 1 (exits on a failed allocation). */
struct client *alloc_clients(uint32_t n);

/* Checks n bytes of c's echo against what it sent; C_FAILED on the first difference. */
void check_echo(struct client *c, const uint8_t *buf, size_t n);

/* stress_abuse.c: the misbehaving clients (see stress_echo.c's usage). */
int cmd_idle(int port, uint32_t n, int secs);
int cmd_noread(int port, uint32_t n, uint64_t bytes, int secs);
int cmd_slow(int port, uint32_t n, int secs, int ms);
int cmd_reset(int port, uint32_t n);

#endif
