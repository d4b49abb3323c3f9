/*
 * fmt_addr.h: one formatter per notation, for every printer (packet list, -V, JSON,
 * annotations, Follow, --summary): addresses as Wireshark writes them, endpoints, byte
 * strings in hex and the TCP flags' "SYN, ACK".
 *
 * Each writes into a caller's buffer, NUL-terminated, and returns the length, so the
 * packet list can append it without a strlen. None calls printf: they run per packet.
 */
#ifndef ECHOSNIFF_FMT_ADDR_H
#define ECHOSNIFF_FMT_ADDR_H

#include <stddef.h>
#include <stdint.h>

#define FMT_IP4_MAX 16      /* "255.255.255.255" and its NUL */
#define FMT_IP6_MAX 46      /* INET6_ADDRSTRLEN */
#define FMT_ENDPOINT_MAX 56 /* "[" IPv6 "]:" port */
#define FMT_TCP_FLAGS_MAX 64

/* IPv4 dotted quad: "128.2.220.10". */
size_t fmt_ip4(char *buf, const uint8_t a[4]);

/* IPv6 in RFC 5952's text form, as Wireshark (and glibc's inet_ntop) write it: lower
 * case, leading zeros dropped, the first longest run of two or more zero groups as "::",
 * and the last 32 bits as a dotted quad only for IPv4-compatible (::a.b.c.d, the first
 * 96 bits zero but not ::1 or ::) and IPv4-mapped (::ffff:a.b.c.d) addresses. */
size_t fmt_ip6(char *buf, const uint8_t a[16]);

/* n bytes as colon-separated hex pairs: a MAC address "00:16:ea:e3:54:e6" (n = 6), or
 * a cooked header's link-layer address of another length. buf needs 3 * n bytes (1
 * for n = 0). */
size_t fmt_mac(char *buf, const uint8_t *m, size_t n);

/* A transport endpoint: "127.0.0.1:15213", "[::1]:15213" (family 4 or 6). */
size_t fmt_endpoint(char *buf, int family, const uint8_t *addr, uint16_t port);

/* n bytes as contiguous lower-case hex, "686572", into buf (2 * n + 1 bytes). */
size_t fmt_hexbytes(char *buf, const uint8_t *b, size_t n);

/* The TCP flags as Wireshark's Info column and -V's Flags line write them, low bit
 * first, "SYN, ACK", with ", Reserved" when a reserved bit is set and "<None>" for none
 * (buf: FMT_TCP_FLAGS_MAX). Names come from names.h's table. */
size_t fmt_tcp_flags(char *buf, uint16_t flags, uint8_t reserved);
/* The same for a connection using Accurate ECN: AE, CWR and ECE as the counter they
 * form, "ACK, ACE=2" (draft-ietf-tcpm-accurate-ecn). */
size_t fmt_tcp_flags_ace(char *buf, uint16_t flags, uint8_t reserved);

#endif
