/*
 * fmt_addr.c: addresses as text (see fmt_addr.h).
 */
#include "fmt_addr.h"

#include <arpa/inet.h>
#include <stdio.h>

size_t fmt_endpoint(char *buf, int family, const uint8_t *addr, uint16_t port)
{
    char ip[INET6_ADDRSTRLEN];
    int n;
    if (family == 6) {
        inet_ntop(AF_INET6, addr, ip, sizeof ip);
        n = snprintf(buf, FMT_ENDPOINT_MAX, "[%s]:%u", ip, port);
    } else {
        inet_ntop(AF_INET, addr, ip, sizeof ip);
        n = snprintf(buf, FMT_ENDPOINT_MAX, "%s:%u", ip, port);
    }
    return n > 0 ? (size_t)n : 0;
}
