/*
 * fmt_addr.h: addresses as text, for every printer.
 */
#ifndef ECHOSNIFF_FMT_ADDR_H
#define ECHOSNIFF_FMT_ADDR_H

#include <stddef.h>
#include <stdint.h>

#define FMT_ENDPOINT_MAX 56 /* "[" IPv6 "]:" port */

/* A transport endpoint: "127.0.0.1:15213", "[::1]:15213" (family 4 or 6). */
size_t fmt_endpoint(char *buf, int family, const uint8_t *addr, uint16_t port);

#endif
