/*
 * fmt_addr.c: addresses, endpoints, hex bytes and TCP flags as text (see fmt_addr.h).
 */
#include "fmt_addr.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "packet.h"
#include "out.h"

/* A decimal byte (0..255) at p; returns the end. */
static char *put_u8(char *p, unsigned v)
{
    if (v >= 100) {
        *p++ = (char)('0' + v / 100);
        memcpy(p, out_digits2 + 2 * (v % 100), 2);
        return p + 2;
    }
    if (v >= 10) {
        memcpy(p, out_digits2 + 2 * v, 2);
        return p + 2;
    }
    *p++ = (char)('0' + v);
    return p;
}

static char *put_ip4(char *p, const uint8_t a[4])
{
    for (int i = 0; i < 4; i++) {
        p = put_u8(p, a[i]);
        if (i < 3)
            *p++ = '.';
    }
    return p;
}

size_t fmt_ip4(char *buf, const uint8_t a[4])
{
    char *e = put_ip4(buf, a);
    *e = '\0';
    return (size_t)(e - buf);
}

/* A 16-bit group in hex without leading zeros. */
static char *put_group(char *p, unsigned g)
{
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        unsigned d = (g >> shift) & 0xf;
        if (d != 0 || started || shift == 0) {
            *p++ = out_hexdigits[d];
            started = true;
        }
    }
    return p;
}

size_t fmt_ip6(char *buf, const uint8_t a[16])
{
    unsigned g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    /* The first longest run of zero groups, if it is at least two long (RFC 5952 4.2). */
    int best = -1, bestlen = 0;
    for (int i = 0; i < 8;) {
        if (g[i] != 0) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && g[j] == 0)
            j++;
        if (j - i > bestlen) {
            best = i;
            bestlen = j - i;
        }
        i = j;
    }
    if (bestlen < 2)
        best = -1;
    char *p = buf;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            *p++ = ':';
            i += bestlen - 1;
            if (i == 7)
                *p++ = ':';
            continue;
        }
        if (i > 0)
            *p++ = ':';
        /* IPv4-compatible (96 zero bits) or IPv4-mapped (80 zero bits, then ffff):
         * the last two groups as a dotted quad, as inet_ntop and Wireshark do. */
        if (i == 6 && best == 0 && (bestlen == 6 || (bestlen == 5 && g[5] == 0xffff))) {
            p = put_ip4(p, a + 12);
            break;
        }
        p = put_group(p, g[i]);
    }
    *p = '\0';
    return (size_t)(p - buf);
}

size_t fmt_mac(char *buf, const uint8_t *m, size_t n)
{
    char *p = buf;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            *p++ = ':';
        *p++ = out_hexdigits[m[i] >> 4];
        *p++ = out_hexdigits[m[i] & 15];
    }
    *p = '\0';
    return (size_t)(p - buf);
}

size_t fmt_endpoint(char *buf, int family, const uint8_t *addr, uint16_t port)
{
    char *p = buf;
    if (family == 6) {
        *p++ = '[';
        p += fmt_ip6(p, addr);
        *p++ = ']';
    } else {
        p = put_ip4(p, addr);
    }
    *p++ = ':';
    unsigned n = out_u64_len(port);
    out_u64_put(p, port, n);
    p += n;
    *p = '\0';
    return (size_t)(p - buf);
}

size_t fmt_hexbytes(char *buf, const uint8_t *b, size_t n)
{
    char *p = buf;
    for (size_t i = 0; i < n; i++) {
        *p++ = out_hexdigits[b[i] >> 4];
        *p++ = out_hexdigits[b[i] & 15];
    }
    *p = '\0';
    return (size_t)(p - buf);
}

size_t fmt_tcp_flags_ace(char *buf, uint16_t flags, uint8_t reserved)
{
    /* The other flags, then the counter AE, CWR and ECE form, where ECE's name would
     * be, then the reserved bits. */
    size_t n = fmt_tcp_flags(buf, flags & (uint16_t) ~(TCP_AE | TCP_CWR | TCP_ECE), 0);
    if (n == 6 && memcmp(buf, "<None>", 6) == 0)
        n = 0;
    unsigned ace =
        (flags & TCP_AE ? 4u : 0u) | (flags & TCP_CWR ? 2u : 0u) | (flags & TCP_ECE ? 1u : 0u);
    n += (size_t)snprintf(buf + n, FMT_TCP_FLAGS_MAX - n, "%sACE=%u%s", n > 0 ? ", " : "", ace,
                          reserved != 0 ? ", Reserved" : "");
    return n;
}

size_t fmt_tcp_flags(char *buf, uint16_t flags, uint8_t reserved)
{
    char *p = buf;
    for (int i = 0; i < TCP_NFLAGS; i++) {
        if (!(flags & tcp_flag_names[i].bit))
            continue;
        if (p != buf) {
            memcpy(p, ", ", 2);
            p += 2;
        }
        size_t n = strlen(tcp_flag_names[i].abbrev);
        memcpy(p, tcp_flag_names[i].abbrev, n);
        p += n;
    }
    if (reserved != 0) {
        if (p != buf) {
            memcpy(p, ", ", 2);
            p += 2;
        }
        memcpy(p, "Reserved", 8);
        p += 8;
    }
    if (p == buf) {
        memcpy(p, "<None>", 6);
        p += 6;
    }
    *p = '\0';
    return (size_t)(p - buf);
}
