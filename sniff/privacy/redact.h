/*
 * redact.h: --redact, which keeps the headers of a capture and blanks what people said.
 *
 * A sniffer's output is mostly about headers (addresses, ports, flags, sequence numbers),
 * but the lecture's frame 1799 shows that the payload is there too, in plain text:
 * "here is a message". With --redact, every TCP and UDP payload byte is set to zero
 * before anything is printed or written, so a capture can be shown or shared for its
 * protocol behaviour without its content. Lengths stay as they were (the IP total
 * length, the TCP/UDP headers, the frame length), so sequence numbers, Len= and the
 * conversation still read the same; the transport checksum is updated to match the
 * zeros (RFC 1624 incremental update), so a checksum that was correct stays correct.
 *
 * What is zeroed: the TCP payload after the header's data offset; the UDP payload
 * after its 8-byte header; the whole payload of an IP fragment (it carries no complete
 * transport header) and of transports this program does not decode (GRE, ESP, SCTP...).
 * What is not: ICMP and ICMPv6 messages (their quoted headers are kept for teaching),
 * ARP, and any non-IP frame. Addresses are not touched: that is --anonymize (anon.h).
 */
#ifndef ECHOSNIFF_REDACT_H
#define ECHOSNIFF_REDACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "packet.h"

/* The captured payload bytes redact_frame() zeroes: [*off, *off + *len) of the frame,
 * already clipped to the captured length. False (and *off, *len set to 0) when there
 * are none. The hex printer uses it to show "xx" and "*" where the payload was. */
bool redact_range(const struct packet *p, uint32_t *off, uint32_t *len);

/* Zeroes the payload of frame (caplen captured bytes, decoded into p) in place and
 * updates the TCP or UDP checksum to match. Never reads or writes past caplen. The
 * packet's own fields are not changed: decode the frame again after redacting. */
void redact_frame(uint8_t *frame, uint32_t caplen, const struct packet *p);

/* RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'): updates the big-endian 16-bit checksum at
 * field for len bytes changing from old_bytes to new_bytes (NULL: to zeros). The bytes
 * must start at an even offset of the checksummed data; an odd last byte is the high
 * half of its word. Also used by anon.c when addresses in a pseudo-header change. */
void rfc1624_update(uint8_t field[2], const uint8_t *old_bytes, const uint8_t *new_bytes,
                    size_t len);

#endif
