/*
 * hostfilter.h: what "not promiscuous" means for a live capture, as a condition of the
 * capture filter.
 *
 * Without --promisc a live capture shows and saves only the frames this host sent or was
 * meant to receive: those to or from the interface's own link-layer address, broadcast
 * and multicast. Turning promiscuous mode off is not enough for that: it only asks a
 * network card to stop passing up other hosts' frames, and a virtual Ethernet interface
 * (veth, the bridges of containers, many VMs' NICs, some Wi-Fi drivers) has no such
 * filter, so the kernel hands a capture every frame that reaches it. sniff therefore adds
 * the card's rule to the capture filter, where libpcap compiles it with the rest and the
 * kernel drops the other frames before sniff, or its -w file, sees them.
 */
#ifndef ECHOSNIFF_HOSTFILTER_H
#define ECHOSNIFF_HOSTFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Link-layer addresses of one interface that the condition names (Linux has one per
 * interface; the rest is room to spare). */
#define HOSTFILTER_MAX_ADDRS 8

struct hostfilter {
    /* The BPF condition, "" when nothing is left out (loopback, links without link-layer
     * addresses). */
    char cond[HOSTFILTER_MAX_ADDRS * 32 + 32];
    /* What it does, in words, for the start-up line: "not promiscuous: only frames to or
     * from 02:00:5e:10:00:0e, broadcast or multicast (...)". */
    char says[HOSTFILTER_MAX_ADDRS * 64 + 256];
};

/* The condition for a capture on iface whose link type is dlt (a DLT_* value), from the
 * interface's addresses as given: whether it is a loopback interface, and its Ethernet
 * addresses (6 bytes each; needed for DLT_EN10MB). Link types where this host's frames
 * cannot be told from others' fail (STATUS_RUNTIME, err names --promisc as the way to
 * capture there anyway). */
STATUS_CHECK enum status hostfilter_make(struct hostfilter *hf, const char *iface, int dlt,
                                         bool loopback, const uint8_t (*mac)[6], size_t nmac,
                                         char *err, size_t errlen);

/* hostfilter_make with iface's flags and addresses read from the system (getifaddrs,
 * AF_PACKET: before the privilege drop and the sandbox, which allow no socket). */
STATUS_CHECK enum status hostfilter_read(struct hostfilter *hf, const char *iface, int dlt,
                                         char *err, size_t errlen);

/* The capture filter to compile: "(cond) and (user)", or whichever of the two is not
 * empty (user NULL or "" is no filter of the user's); NULL when both are empty or memory
 * is short (*oom set). The caller frees it. The user's expression must have compiled
 * on its own first: then its parentheses balance and no operator in it can reach past
 * the ones added here. */
char *hostfilter_join(const char *cond, const char *user, bool *oom);

#endif
