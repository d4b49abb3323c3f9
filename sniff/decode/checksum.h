/*
 * checksum.h: the Internet checksum (RFC 1071) of the IPv4 header (RFC 791), of TCP
 * and UDP segments with the IPv4 or IPv6 pseudo-header (RFC 9293 3.1, RFC 768,
 * RFC 8200 8.1) and of ICMP and ICMPv6 messages (RFC 792, RFC 4443 2.3), and the
 * statuses Wireshark shows beside a checksum field.
 *
 * Verification of IPv4, TCP and UDP is off by default, as in Wireshark ("[unverified]");
 * --check-checksums turns it on. ICMP's is always verified, as Wireshark always does. A checksum is
 * only checked when every byte it covers was captured and the datagram is not a fragment; otherwise
 * it stays unverified. The functions read the captured frame through the offsets the decoders
 * recorded in struct packet, so a formatter can call them without parsing anything itself.
 */
#ifndef ECHOSNIFF_CHECKSUM_H
#define ECHOSNIFF_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "packet.h"

enum csum_status {
    CSUM_UNVERIFIED = 0, /* not checked: off, not all bytes captured, or a fragment */
    CSUM_CORRECT,        /* "[correct]" */
    CSUM_INCORRECT,      /* "[incorrect, should be 0x....]" */
    CSUM_ZERO,           /* UDP over IPv4 with checksum 0: none was computed */
};

struct csum_result {
    enum csum_status status;
    uint16_t field;  /* the checksum as it is in the packet */
    uint16_t expect; /* what the field should hold (meaningful unless UNVERIFIED) */
};

/* Ones' complement sum of len bytes, folded to 16 bits but not complemented; add to sum. */
uint32_t csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint16_t csum_fold(uint32_t sum); /* fold and complement: the value a checksum field holds */

/* The IPv4 header checksum of p (p->net == NET_IPV4). verify false: CSUM_UNVERIFIED. */
struct csum_result csum_check_ip4(const struct packet *p, bool verify);
/* The TCP checksum of p (p->l4 == L4_TCP), over IPv4 or IPv6. */
struct csum_result csum_check_tcp(const struct packet *p, bool verify);
/* The UDP checksum of p (p->l4 == L4_UDP). */
struct csum_result csum_check_udp(const struct packet *p, bool verify);

/* The ICMP or ICMPv6 checksum of p (p->l4 == L4_ICMP or L4_ICMPV6), always verified when
 * the whole message was captured; for a wrong one, expect is what the field should hold. */
struct csum_result csum_check_icmp(const struct packet *p);

/* The bracketed status as Wireshark writes it after the value: "[unverified]",
 * "[correct]", "[incorrect, should be 0x1a2b]", "[zero-value ignored]". Writes at most
 * buflen bytes including the NUL (32 is always enough); returns buf. */
const char *csum_status_str(struct csum_result r, char *buf, size_t buflen);

#endif
