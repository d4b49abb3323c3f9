/*
 * anon_int.h: what anon.c and anon_layers.c share: the rewriting of one address in a
 * frame (anon.c), and the rewriting of the layers beyond Ethernet, the cooked captures
 * and the innermost IP header (anon_layers.c).
 */
#ifndef ECHOSNIFF_ANON_INT_H
#define ECHOSNIFF_ANON_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "anon.h"

/* Whether [off, off + n) lies inside the captured bytes. */
bool anon_fits(uint32_t caplen, uint32_t off, uint32_t n);
/* The MAC address at off, pseudonymised (blanked when cut). */
void anon_rewrite_mac(const struct anon *a, uint8_t *frame, uint32_t caplen, uint32_t off);
/* The n-byte (4 or 16) IP address at off; true when captured in full, old = its value. */
bool anon_rewrite_ip(const struct anon *a, uint8_t *frame, uint32_t caplen, uint32_t off,
                     unsigned n, uint8_t *old);

/* The addresses of 802.11, Juniper's Ethernet, IP over InfiniBand and ARCNET headers. */
void anon_link_other(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p);
/* The outer IP headers and inner Ethernet headers of a tunnelled packet (p->encap). */
void anon_tunnels(const struct anon *a, uint8_t *frame, uint32_t caplen, const struct packet *p);
/* Before any rewrite: which of the checksums of outer UDP (VXLAN, Geneve) and GRE
 * headers, which cover the inner packet, are correct (bit i: p->encap[i]'s). After
 * every rewrite: those computed again, so that a correct one stays correct and a wrong
 * one stays wrong. */
uint8_t anon_tunnel_checked(const uint8_t *frame, uint32_t caplen, const struct packet *p);
void anon_tunnel_checksums(uint8_t *frame, uint32_t caplen, const struct packet *p, uint8_t good);

#endif
