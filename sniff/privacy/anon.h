/*
 * anon.h: --anonymize KEY, consistent pseudonyms for the addresses in captured frames.
 *
 * IPv4 and IPv6 addresses are replaced by Crypto-PAn (J. Xu, J. Fan, M. Ammar, S. Moon,
 * "Prefix-Preserving IP Address Anonymization", ICNP 2002), with AES-128 from the
 * system's nettle library as the pseudorandom function:
 *   - one-to-one and consistent: the same address and key always give the same
 *     pseudonym, across packets, runs and files, and two addresses never share one;
 *   - prefix-preserving: two addresses that share exactly their first k bits have
 *     pseudonyms that share exactly their first k bits, so subnets stay subnets and a
 *     trace still shows "these two hosts are on the same /24";
 *   - keyed: without the key, a pseudonym does not tell the address (but see below).
 * IPv4 follows the reference implementation bit for bit (its published sample key and
 * mapping are in tests/test_anon.c); IPv6 applies the same construction to 128 bits.
 *
 * MAC addresses are pseudonymised too, all 48 bits but two, by a keyed permutation
 * (a 4-round Feistel network with AES as its round function): consistent and
 * one-to-one, not prefix-preserving, because an OUI names a vendor and a prefix-
 * preserving map would keep "these two cards are from one maker". The two bits that
 * carry meaning rather than identity are kept: individual/group (unicast stays unicast,
 * multicast stays multicast) and universal/local. ff:ff:ff:ff:ff:ff and
 * 00:00:00:00:00:00 are kept as they are: they name no host. A pseudonymised universal
 * address has a random OUI that may belong to some real vendor, so vendor names mean
 * nothing in an anonymised capture and should be off whenever --anonymize is on.
 *
 * The key: a passphrase is hashed with SHA-256; the first 16 bytes are the AES key and
 * the last 16 are encrypted into Crypto-PAn's pad, as the reference implementation
 * does with its 32-byte key.
 * "KEY" given as 64 hexadecimal digits is used as those 32 bytes directly. Pseudonyms
 * protect only as well as the key is kept: anyone holding it can test a guessed address
 * against a pseudonym. And Crypto-PAn, like every prefix-preserving scheme, leaks
 * structure: with a few known hosts in a trace, more can be inferred.
 *
 * What is rewritten, in place in the raw frame so that printing, -w files and every
 * other output see the same pseudonyms, at the offsets the decoders recorded (anon.c
 * parses no header itself): Ethernet source and destination (also inside a Juniper
 * header or a tunnel), the Linux cooked header's address, every 802.11 address field,
 * ARP sender/target hardware and protocol addresses, IPv4 and IPv6 source and
 * destination (a tunnel's outer ones too), the addresses of IPv4's Record Route, Loose
 * and Strict Source Route and Timestamp options, an ICMP redirect's gateway, ICMPv6
 * neighbour discovery's target and destination and its link-layer address options, and
 * the datagram an ICMP or ICMPv6 error quotes (decoded as a datagram of its own and
 * rewritten as one, its options, header checksum and transport checksum included; an
 * error quoting an error, as deep as ANON_MAX_DEPTH, beyond which the quote is
 * blanked). Every checksum over changed bytes is updated incrementally (RFC 1624): IPv4
 * headers (outer and quoted), TCP, UDP and ICMPv6 pseudo-headers, ICMP and ICMPv6
 * messages, so a checksum stays correct if it was and wrong if it was
 * (tests/test_anon_addrs.sh has tshark check); a tunnel's outer UDP and GRE checksums are
 * computed again. Blanked, having no room for a pseudonym: ARCNET's 1-byte station IDs,
 * IP over InfiniBand's QPN and GIDs. Not rewritten: addresses inside payloads (DNS
 * answers, FTP PORT, HTTP headers), IPv6 routing headers and ND's redirected-header
 * option; --redact blanks payloads.
 */
#ifndef ECHOSNIFF_ANON_H
#define ECHOSNIFF_ANON_H

#include <stddef.h>
#include <stdint.h>

#include "packet.h"

#define ANON_KEY_BYTES 32

struct anon;

/* A pseudonymiser for the passphrase key (or 64 hex digits: the raw 32-byte key).
 * Returns 0, or -1 with a sentence in err (empty key, out of memory). */
int anon_new(struct anon **a, const char *key, char *err, size_t errlen);
/* A pseudonymiser for a raw 32-byte Crypto-PAn key (AES key, then pad). */
int anon_new_raw(struct anon **a, const uint8_t key[ANON_KEY_BYTES], char *err, size_t errlen);
void anon_free(struct anon *a);

/* Pseudonyms for one address, out may equal in. */
void anon_ip4(const struct anon *a, const uint8_t in[4], uint8_t out[4]);
void anon_ip6(const struct anon *a, const uint8_t in[16], uint8_t out[16]);
void anon_mac(const struct anon *a, const uint8_t in[6], uint8_t out[6]);

/* Rewrites the addresses of frame (caplen captured bytes, decoded into p) in place and
 * updates the checksums that cover them. Never reads or writes past caplen. The
 * packet's fields are not changed: decode the frame again after rewriting. */
void anon_frame(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p);

#endif
