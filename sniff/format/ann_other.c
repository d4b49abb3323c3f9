/*
 * ann_other.c: annotations for what is not TCP: ARP (RFC 826: who-has, is-at, and why
 * the first packet to a new neighbour waits), ICMP and ICMPv6 echo (ping: the kernel
 * answers, the round trip) and errors (port or host unreachable, a packet too big, a
 * TTL that ran out), with what each means for a program's socket calls.
 */
#include <stdio.h>
#include <string.h>

#include "ann_int.h"
#include "fmt_addr.h"
#include "proto.h"

static int64_t pkt_ns(const struct packet *p)
{
    return frame_ns(&p->frame);
}

static bool broadcast(const uint8_t mac[6])
{
    static const uint8_t all[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    return memcmp(mac, all, 6) == 0;
}

static void arp_request(struct annotate *an, const struct packet *p, struct ann_lines *L)
{
    const struct arp_info *a = &p->arp;
    char sip[FMT_IP4_MAX], tip[FMT_IP4_MAX];
    fmt_ip4(sip, a->spa);
    fmt_ip4(tip, a->tpa);
    struct lb b = ann_line(L, ANN_TEXT);
    static const uint8_t zero[4];
    if (memcmp(a->spa, zero, 4) == 0) {
        lb_printf(&b,
                  "ARP probe: a host checks that no one uses %s before it takes that "
                  "address (RFC 5227)",
                  tip);
        return;
    }
    if (memcmp(a->spa, a->tpa, 4) == 0) {
        lb_printf(&b,
                  "gratuitous ARP: %s announces its own MAC address, so that other hosts' "
                  "caches update (sent when an address is configured or moves)",
                  sip);
        return;
    }
    struct ann_ask *q = &an->arp[an->arp_next++ % 8];
    memcpy(q->spa, a->spa, 4);
    memcpy(q->tpa, a->tpa, 4);
    q->frame = p->frame.number;
    q->ns = pkt_ns(p);
    bool bc = p->link.kind == LINK_ETHERNET && broadcast(p->link.dst);
    if (bc || p->link.kind != LINK_ETHERNET)
        lb_printf(&b,
                  "ARP request, broadcast to every host on this link: %s asks which MAC "
                  "address has %s, to send it an IP packet; only %s answers",
                  sip, tip, tip);
    else
        lb_printf(&b,
                  "ARP request sent to one MAC address: %s checks that its cached entry for "
                  "%s is still right (the entry went stale)",
                  sip, tip);
    if (bc && !(an->arp_taught & LO_ARP_WAIT)) {
        an->arp_taught |= LO_ARP_WAIT;
        struct lb l = ann_line(L, ANN_LESSON);
        lb_printf(&l, "A host sends no IP packet to a neighbour whose MAC address it does not "
                      "know: the packet waits in its kernel until the ARP reply comes, which is "
                      "why the first packet to a new host is late; the answer is then cached "
                      "(ip neigh) and later packets go at once.");
    }
}

static void arp_reply(struct annotate *an, const struct packet *p, struct ann_lines *L)
{
    const struct arp_info *a = &p->arp;
    char sip[FMT_IP4_MAX], tip[FMT_IP4_MAX], mac[18];
    fmt_ip4(sip, a->spa);
    fmt_ip4(tip, a->tpa);
    fmt_mac(mac, a->sha, 6);
    struct lb b = ann_line(L, ANN_TEXT);
    lb_printf(&b, "ARP reply, to the asker alone: %s is at %s", sip, mac);
    for (int i = 0; i < 8; i++) {
        const struct ann_ask *q = &an->arp[(an->arp_next + 7 - i) % 8];
        if (q->frame == 0 || memcmp(q->tpa, a->spa, 4) != 0 || memcmp(q->spa, a->tpa, 4) != 0)
            continue;
        lb_printf(&b, " (the answer to frame %llu, ", (unsigned long long)q->frame);
        lb_dur(&b, pkt_ns(p) - q->ns);
        lb_printf(&b, " later)");
        break;
    }
    lb_printf(&b, "; %s caches it and can now send the IP packet that waited", tip);
}

static void ping_line(struct annotate *an, const struct packet *p, struct lb *b, const char *src,
                      const char *dst)
{
    const struct icmp_info *ic = &p->icmp;
    if (ic->echo == ICMP_ECHO_REQUEST) {
        struct ann_ask *q = &an->ping[an->ping_next++ % 16];
        q->frame = p->frame.number;
        q->ns = pkt_ns(p);
        lb_printf(b,
                  "ping: %s sends an ICMP%s echo request (id=0x%04x, seq=%u) to %s; the "
                  "destination's kernel answers it itself, no application is involved",
                  src, ic->v6 ? "v6" : "", ic->id, ic->seq, dst);
        return;
    }
    lb_printf(b, "ICMP%s echo reply from %s", ic->v6 ? "v6" : "", src);
    if (ic->request_in == 0) {
        lb_printf(b, " (its request was not captured)");
        return;
    }
    lb_printf(b, ": the answer to the request in frame %llu", (unsigned long long)ic->request_in);
    for (int i = 0; i < 16; i++) {
        const struct ann_ask *q = &an->ping[i];
        if (q->frame == ic->request_in) {
            lb_printf(b, ", ");
            lb_dur(b, pkt_ns(p) - q->ns);
            lb_printf(b, " later: the round trip ping shows");
            break;
        }
    }
}

/* Destination unreachable, in both versions: what it says, and the call that sees it. */
static void unreachable(struct lb *b, bool v6, uint8_t code, const char *src)
{
    bool port = v6 ? code == 4 : code == 3;
    bool host = v6 ? code == 3 : (code == 1 || code == 7);
    bool net = v6 ? code == 0 : (code == 0 || code == 6);
    bool admin = v6 ? code == 1 : (code == 9 || code == 10 || code == 13);
    if (port)
        lb_printf(b,
                  "port unreachable: %s's kernel says the datagram it quotes (usually UDP) "
                  "reached a port where no socket is bound; a connected UDP socket's next "
                  "send() or recv() fails with ECONNREFUSED (TCP answers with RST instead)",
                  src);
    else if (host)
        lb_printf(b,
                  "host unreachable, from %s: no answer from the host on its last link (ARP "
                  "or neighbour discovery failed); connect() or send() fails with "
                  "EHOSTUNREACH",
                  src);
    else if (net)
        lb_printf(b,
                  "network unreachable, from %s: no route to the destination; connect() or "
                  "send() fails with ENETUNREACH",
                  src);
    else if (admin)
        lb_printf(b, "communication prohibited, from %s: a firewall rejects the packet", src);
    else if (!v6 && code == ICMP_CODE_NEEDFRAG)
        lb_printf(b,
                  "fragmentation needed, from %s: the packet is larger than the next link's "
                  "MTU and may not be fragmented (DF); the sender lowers its path MTU (path "
                  "MTU discovery, RFC 1191)",
                  src);
    else
        lb_printf(b, "destination unreachable (code %u), from %s", code, src);
}

static void icmp(struct annotate *an, const struct packet *p, struct ann_lines *L)
{
    const struct icmp_info *ic = &p->icmp;
    char src[FMT_IP6_MAX], dst[FMT_IP6_MAX];
    if (p->net == NET_IPV4) {
        fmt_ip4(src, p->ip4.src);
        fmt_ip4(dst, p->ip4.dst);
    } else if (p->net == NET_IPV6) {
        fmt_ip6(src, p->ip6.src);
        fmt_ip6(dst, p->ip6.dst);
    } else {
        return;
    }
    struct lb b = ann_line(L, ANN_TEXT);
    if (ic->echo != ICMP_NOT_ECHO) {
        ping_line(an, p, &b, src, dst);
    } else if (ic->type == (ic->v6 ? ICMP6_TYPE_UNREACH : ICMP_TYPE_UNREACH)) {
        unreachable(&b, ic->v6, ic->code, src);
    } else if (ic->type == (ic->v6 ? ICMP6_TYPE_TIME_EXCEEDED : ICMP_TYPE_TIME_EXCEEDED)) {
        lb_printf(&b,
                  "time exceeded, from %s: a packet's %s reached 0 on the way (traceroute "
                  "provokes this on purpose, hop by hop; otherwise a routing loop)",
                  src, ic->v6 ? "hop limit" : "TTL");
    } else if (ic->v6 && ic->type == ICMP6_TYPE_PACKET_TOO_BIG) {
        lb_printf(&b,
                  "packet too big, from %s: IPv6 routers never fragment; the sender lowers "
                  "its path MTU (RFC 8201)",
                  src);
    } else if (ic->v6 && ic->type == ICMP6_TYPE_NEIGHBOR_SOLICIT) {
        lb_printf(&b,
                  "neighbour solicitation (IPv6's ARP request, RFC 4861): %s asks for a "
                  "neighbour's link-layer address, or checks it is still there",
                  src);
    } else if (ic->v6 && ic->type == ICMP6_TYPE_NEIGHBOR_ADVERT) {
        lb_printf(&b, "neighbour advertisement (IPv6's ARP reply, RFC 4861) from %s", src);
    } else {
        L->n--;
    }
}

void annotate_other(struct annotate *an, const struct packet *p, struct ann_lines *L)
{
    L->n = 0;
    if (p->net == NET_ARP && p->arp.status == LAYER_OK && p->arp.hlen == 6 && p->arp.plen == 4) {
        if (p->arp.oper == ARP_OP_REQUEST)
            arp_request(an, p, L);
        else if (p->arp.oper == ARP_OP_REPLY)
            arp_reply(an, p, L);
    } else if ((p->l4 == L4_ICMP || p->l4 == L4_ICMPV6) && p->icmp.status == LAYER_OK) {
        icmp(an, p, L);
    }
}
