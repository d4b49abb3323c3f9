/*
 * analysis_fixture.h: struct packets written by hand for the analysis tests, as the
 * decoders would fill them for one TCP connection: each call makes the next segment of
 * one side, with its sequence and acknowledgement numbers following from what was sent.
 * struct fx_an is what those tests replay a connection through (the analysis, the
 * connection, the last packet and its record), set up and freed once here.
 */
#ifndef ECHOSNIFF_ANALYSIS_FIXTURE_H
#define ECHOSNIFF_ANALYSIS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "packet.h"

struct fx_conn {
    uint8_t ip[2][4]; /* [0] client, [1] server */
    uint16_t port[2];
    uint32_t isn[2];
    uint32_t next[2]; /* next sequence number to send, relative to the ISN */
    uint64_t frame;
};

static inline void fx_init(struct fx_conn *c, const uint8_t cip[4], uint16_t cport,
                           const uint8_t sip[4], uint16_t sport)
{
    memset(c, 0, sizeof *c);
    memcpy(c->ip[0], cip, 4);
    memcpy(c->ip[1], sip, 4);
    c->port[0] = cport;
    c->port[1] = sport;
    c->isn[0] = 0x11223344u;
    c->isn[1] = 0xfffffff0u; /* wraps around 2^32 during the tests */
}

/* The next segment from side dir (0 client, 1 server) at time t_us (microseconds). */
static inline void fx_seg(struct packet *p, struct fx_conn *c, int dir, int64_t t_us,
                          uint16_t flags, const char *data, uint32_t len, uint16_t win)
{
    memset(p, 0, sizeof *p);
    p->frame.number = ++c->frame;
    p->frame.ts_sec = t_us / 1000000;
    p->frame.ts_nsec = (uint32_t)(t_us % 1000000) * 1000;
    p->net = NET_IPV4;
    p->ip4.status = LAYER_OK;
    memcpy(p->ip4.src, c->ip[dir], 4);
    memcpy(p->ip4.dst, c->ip[1 - dir], 4);
    p->l4 = L4_TCP;
    p->tcp.status = LAYER_OK;
    p->tcp.sport = c->port[dir];
    p->tcp.dport = c->port[1 - dir];
    p->tcp.seq = c->isn[dir] + c->next[dir];
    p->tcp.ack = (flags & TCP_ACK) ? c->isn[1 - dir] + c->next[1 - dir] : 0;
    p->tcp.flags = flags;
    p->tcp.window = win;
    p->tcp.payload = (const uint8_t *)data;
    p->tcp.payload_len = len;
    p->tcp.payload_caplen = len;
    p->tcp.hdr_len = 20;
    p->tcp.seg_len = 20 + len;
    c->next[dir] += len + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);
}

/* The analysis a test replays one connection through. A test's own fixture holds it as
 * its first member, so that fx_an_new and fx_an_teardown serve every such fixture. */
struct fx_an {
    struct analysis an;
    struct fx_conn c;
    struct packet p;       /* the last segment sent */
    struct pkt_analysis r; /* what the analysis made of it */
};

/* A zeroed fixture of size bytes (a struct fx_an first) with its analysis opened with o;
 * NULL when either fails. */
static inline void *fx_an_new(size_t size, const struct an_opts *o)
{
    struct fx_an *f = size >= sizeof *f ? calloc(1, size) : NULL;
    char err[256];
    if (f != NULL && !analysis_init(&f->an, o, err, sizeof err)) {
        free(f);
        return NULL;
    }
    return f;
}

/* Frees a fixture made by fx_an_new. */
static inline void fx_an_free(void *fixture)
{
    struct fx_an *f = fixture;
    analysis_free(&f->an);
    free(f);
}

/* cmocka's teardown for a fixture made by fx_an_new. */
static inline int fx_an_teardown(void **state)
{
    fx_an_free(*state);
    return 0;
}

/* The next segment from side dir (fx_seg) through the analysis; false when the analysis
 * refuses it. */
static inline bool fx_an_send(struct fx_an *f, int dir, int64_t t_us, uint16_t flags,
                              const char *data, uint32_t len, uint16_t win)
{
    fx_seg(&f->p, &f->c, dir, t_us, flags, data, len, win);
    return analysis_packet(&f->an, &f->p, &f->r);
}

#endif
