/*
 * hostfilter.c: the capture filter's condition that makes "not promiscuous" true on every
 * interface (see hostfilter.h for why).
 *
 * The condition per link type, each one what a network card without promiscuous mode
 * passes up (pcap-filter(7) for the syntax, pcap-linktype(7) for the headers):
 *   Ethernet           ether host OWN or ether multicast
 *                      OWN: the interface's address (getifaddrs' AF_PACKET entry). "ether
 *                      multicast" is "ether[0] & 1 != 0", the group bit, which the
 *                      broadcast address ff:ff:ff:ff:ff:ff has too. It keeps every
 *                      multicast group, where a card keeps those the host joined: a
 *                      little more than a card, never another host's unicast.
 *   Linux cooked (SLL, -i any; SLL2)
 *                      the packet type the kernel gave each packet (a 2-byte field at
 *                      offset 0 of SLL, 1 byte at offset 10 of SLL2): anything but
 *                      PACKET_OTHERHOST (3), i.e. host (0), broadcast (1), multicast (2),
 *                      outgoing (4). The kernel sets it from the destination address, as
 *                      the card would, on every interface the capture spans.
 *   loopback           nothing: every frame on lo is this host's own.
 *   no link-layer addresses (DLT_RAW: tun and other point-to-point links)
 *                      nothing: every packet on such a link was sent or received by this
 *                      host (there is no other station on it to be promiscuous about).
 */
#include "hostfilter.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <pcap/pcap.h>

/* PACKET_OTHERHOST (<linux/if_packet.h>): "to someone else", the frames a card without
 * promiscuous mode drops. */
#define SLL_PKTTYPE_OTHERHOST 3

/* Appends printf output to buf at *len, never past n (the result is cut, not overrun). */
static void append(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
    if (*len >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf + *len, n - *len, fmt, ap);
    va_end(ap);
    if (r > 0)
        *len = (size_t)r < n - *len ? *len + (size_t)r : n - 1;
}

static void mac_text(const uint8_t m[6], char out[18])
{
    snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void make_ethernet(struct hostfilter *hf, const uint8_t (*mac)[6], size_t nmac)
{
    size_t cl = 0, sl = 0;
    append(hf->says, sizeof hf->says, &sl, "not promiscuous: only frames to or from ");
    for (size_t i = 0; i < nmac; i++) {
        char m[18];
        mac_text(mac[i], m);
        append(hf->cond, sizeof hf->cond, &cl, "ether host %s or ", m);
        append(hf->says, sizeof hf->says, &sl, "%s%s", i > 0 ? " or " : "", m);
    }
    append(hf->cond, sizeof hf->cond, &cl, "ether multicast");
    append(hf->says, sizeof hf->says, &sl,
           ", broadcast or multicast (the capture filter adds '%s')", hf->cond);
}

static void make_cooked(struct hostfilter *hf, int dlt)
{
    /* SLL: the packet type is a big-endian 16-bit field first in the header; SLL2: one
     * byte after protocol (2), reserved (2), interface index (4) and ARPHRD type (2). */
    if (dlt == DLT_LINUX_SLL)
        snprintf(hf->cond, sizeof hf->cond, "link[0:2] != %d", SLL_PKTTYPE_OTHERHOST);
    else
        snprintf(hf->cond, sizeof hf->cond, "link[10] != %d", SLL_PKTTYPE_OTHERHOST);
    snprintf(hf->says, sizeof hf->says,
             "not promiscuous: only packets this host sent or received for itself, broadcast "
             "or multicast, by the packet type the kernel gave each (the capture filter adds "
             "'%s': not \"otherhost\")",
             hf->cond);
}

enum status hostfilter_make(struct hostfilter *hf, const char *iface, int dlt, bool loopback,
                            const uint8_t (*mac)[6], size_t nmac, char *err, size_t errlen)
{
    memset(hf, 0, sizeof *hf);
    if (loopback) {
        snprintf(hf->says, sizeof hf->says,
                 "not promiscuous (nothing left out on %s: every frame on a loopback "
                 "interface is this host's own)",
                 iface);
        return STATUS_OK;
    }
    switch (dlt) {
    case DLT_EN10MB:
        if (nmac == 0) {
            snprintf(err, errlen,
                     "%s: cannot find the interface's Ethernet address, so sniff cannot keep "
                     "to this host's frames; --promisc captures every frame that reaches it",
                     iface);
            return STATUS_RUNTIME;
        }
        make_ethernet(hf, mac, nmac > HOSTFILTER_MAX_ADDRS ? HOSTFILTER_MAX_ADDRS : nmac);
        return STATUS_OK;
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
        make_cooked(hf, dlt);
        return STATUS_OK;
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
    case DLT_NULL:
    case DLT_LOOP:
        snprintf(hf->says, sizeof hf->says,
                 "not promiscuous (nothing left out on %s: a link without link-layer "
                 "addresses carries only packets this host sent or received)",
                 iface);
        return STATUS_OK;
    default: {
        const char *name = pcap_datalink_val_to_name(dlt);
        snprintf(err, errlen,
                 "%s: link-type %s%s%d: sniff cannot tell this host's frames from others' "
                 "there; --promisc captures every frame that reaches it",
                 iface, name != NULL ? name : "", name != NULL ? ", DLT " : "DLT ", dlt);
        return STATUS_RUNTIME;
    }
    }
}

enum status hostfilter_read(struct hostfilter *hf, const char *iface, int dlt, char *err,
                            size_t errlen)
{
    struct ifaddrs *all = NULL;
    if (getifaddrs(&all) != 0) {
        snprintf(err, errlen, "%s: cannot read the interface's addresses: %s", iface,
                 strerror(errno));
        return STATUS_RUNTIME;
    }
    uint8_t mac[HOSTFILTER_MAX_ADDRS][6];
    size_t nmac = 0;
    bool loopback = false;
    for (struct ifaddrs *a = all; a != NULL; a = a->ifa_next) {
        if (a->ifa_name == NULL || strcmp(a->ifa_name, iface) != 0)
            continue;
        if (a->ifa_flags & IFF_LOOPBACK)
            loopback = true;
        if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_PACKET)
            continue;
        const struct sockaddr_ll *ll = (const struct sockaddr_ll *)(const void *)a->ifa_addr;
        if (ll->sll_halen == 6 && nmac < HOSTFILTER_MAX_ADDRS)
            memcpy(mac[nmac++], ll->sll_addr, 6);
    }
    freeifaddrs(all);
    return hostfilter_make(hf, iface, dlt, loopback, (const uint8_t(*)[6])mac, nmac, err, errlen);
}

char *hostfilter_join(const char *cond, const char *user, bool *oom)
{
    *oom = false;
    bool have_c = cond != NULL && cond[0] != '\0';
    bool have_u = user != NULL && user[0] != '\0';
    if (!have_c && !have_u)
        return NULL;
    char *s;
    if (have_c && have_u) {
        size_t n = strlen(cond) + strlen(user) + sizeof "() and ()";
        s = malloc(n);
        if (s != NULL)
            snprintf(s, n, "(%s) and (%s)", cond, user);
    } else {
        s = strdup(have_c ? cond : user);
    }
    *oom = s == NULL;
    return s;
}
