/*
 * fmt_link.h: the packet list's columns for frames no IP packet names, on the link
 * types beside Ethernet and the cooked captures, and inside tunnels (fmt_link.c). Each
 * returns "not handled" (NULL, false) when the frame is one fmt_summary.c writes itself.
 */
#ifndef ECHOSNIFF_FMT_LINK_H
#define ECHOSNIFF_FMT_LINK_H

#include <stdbool.h>

#include "out.h"
#include "packet.h"

/* The Protocol column ("PPP LCP", "802.11", "0x00d4"), or NULL. buf: 16 bytes. */
const char *fmt_link_protocol(const struct packet *p, char buf[16]);

/* Appends the Info column; false when not handled. */
bool fmt_link_info(struct out *o, const struct packet *p);

/* The Source and Destination columns (64 bytes each); false when not handled. */
bool fmt_link_addresses(const struct packet *p, char *src, char *dst);

#endif
