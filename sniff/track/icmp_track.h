/*
 * icmp_track.h: pairing ICMP and ICMPv6 echo replies with their requests, for
 * Wireshark's "(request in N)" on a reply's line.
 *
 * A single pass cannot know a request's reply ahead of time (Wireshark's "(reply in N)"
 * needs a second pass, tshark -2), but a reply can name its request. Requests are kept in
 * a fixed direct-mapped table keyed by the addresses, identifier and sequence number: a
 * newer request may overwrite an older one in its slot, so memory never grows. The slot
 * is a keyed hash (siphash.h) of those fields, so traffic cannot be made to evict one
 * chosen request with another.
 *
 * As in Wireshark, a reply matches only if its checksum is the request's adjusted for
 * the changed type: so both checksums are right and the data came back unchanged.
 */
#ifndef ECHOSNIFF_ICMP_TRACK_H
#define ECHOSNIFF_ICMP_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "packet.h"
#include "siphash.h"

#define ICMP_TRACK_SLOTS 1024

struct icmp_req {
    bool used, v6;
    uint8_t src[16], dst[16];
    uint16_t id, seq;
    uint16_t cksum; /* the request's checksum field */
    uint64_t frame;
};

struct icmp_track {
    struct sip_key key;
    struct icmp_req slot[ICMP_TRACK_SLOTS];
};

/* Empties the table and sets the run's hash key. */
void icmp_track_init(struct icmp_track *t, const struct sip_key *key);

/* Remembers an echo request, or sets p->icmp.request_in for an echo reply. */
void icmp_track(struct icmp_track *t, struct packet *p);

#endif
