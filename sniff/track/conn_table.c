/*
 * conn_table.c: the bounded connection table (see conn.h).
 *
 * Slots live in one array allocated at start and handed out in order, so the pages of a
 * large table that a capture never needs are never made resident. A chained hash over
 * slot indices finds a socket pair; three lists through the same slots order the open
 * connections by last sight, and the closed and the retired ones by the time they closed
 * or retired. The hash is
 * SipHash-1-3 of the pair in canonical order (lower endpoint first) under the run's
 * random key: both directions find the same entry, and no one who does not know the key
 * can choose pairs that share a chain.
 */
#include "conn.h"

#include <stdlib.h>
#include <string.h>

bool conn_table_init(struct conn_table *t, uint32_t cap, const struct sip_key *key,
                     conn_evict_fn evict, void *ctx)
{
    memset(t, 0, sizeof *t);
    if (cap == 0)
        cap = AN_DEFAULT_MAX_CONNS;
    uint32_t nb = 16;
    while (nb < 2 * cap && nb < (1u << 30))
        nb <<= 1;
    t->slots = calloc(cap, sizeof *t->slots);
    t->buckets = malloc(nb * sizeof *t->buckets);
    t->past = calloc(AN_HISTORY, sizeof *t->past);
    if (t->slots == NULL || t->buckets == NULL || t->past == NULL) {
        conn_table_free(t);
        return false;
    }
    t->cap = cap;
    t->bucket_mask = nb - 1;
    for (uint32_t i = 0; i < nb; i++)
        t->buckets[i] = -1;
    t->free_head = -1;
    t->open_head = t->open_tail = t->closed_head = t->closed_tail = -1;
    t->retired_head = t->retired_tail = -1;
    t->key = *key;
    t->evict = evict;
    t->evict_ctx = ctx;
    return true;
}

void conn_table_free(struct conn_table *t)
{
    free(t->slots);
    free(t->buckets);
    free(t->past);
    t->slots = NULL;
    t->buckets = NULL;
    t->past = NULL;
    t->cap = 0;
}

/* An endpoint's address as two words. Endpoints are built with an IPv4 address's last
 * 12 bytes zero, so comparing all 16 bytes agrees with comparing the family's length. */
static bool ep_eq(const struct an_endpoint *a, const struct an_endpoint *b)
{
    if (a->family != b->family || a->port != b->port)
        return false;
    uint64_t wa[2], wb[2];
    memcpy(wa, a->addr, sizeof wa);
    memcpy(wb, b->addr, sizeof wb);
    return ((wa[0] ^ wb[0]) | (wa[1] ^ wb[1])) == 0;
}

/* A total order on endpoints, to put a pair in canonical order (any order both
 * directions agree on will do: the address as two words, then the port). */
static bool ep_lower(const struct an_endpoint *a, const struct an_endpoint *b)
{
    uint64_t wa[2], wb[2];
    memcpy(wa, a->addr, sizeof wa);
    memcpy(wb, b->addr, sizeof wb);
    if (wa[0] != wb[0])
        return wa[0] < wb[0];
    if (wa[1] != wb[1])
        return wa[1] < wb[1];
    return a->port <= b->port;
}

/* The hash of a pair in canonical order: SipHash-1-3 of the lower endpoint's address, the
 * higher's, then their ports and the family (13 bytes for IPv4, 37 for IPv6: the length
 * keeps the two apart), assembled as words. */
static uint64_t pair_hash(const struct sip_key *key, const struct an_endpoint *lo,
                          const struct an_endpoint *hi)
{
    uint64_t tail = (uint64_t)lo->port | (uint64_t)hi->port << 16 | (uint64_t)lo->family << 32;
    uint64_t w[4], h;
    if (lo->family == 6) {
        memcpy(w, lo->addr, 16);
        memcpy(w + 2, hi->addr, 16);
        h = sip13_words(key, w, 4, tail, 5);
    } else {
        uint32_t a, b;
        memcpy(&a, lo->addr, 4);
        memcpy(&b, hi->addr, 4);
        w[0] = (uint64_t)b << 32 | a;
        h = sip13_words(key, w, 1, tail, 5);
    }
    return h != 0 ? h : 1; /* 0 marks an empty history entry */
}

void conn_key_of(const struct conn_table *t, struct conn_key *k, const struct an_endpoint *src,
                 const struct an_endpoint *dst)
{
    k->src = *src;
    k->dst = *dst;
    k->src_lower = ep_lower(src, dst);
    k->hash = k->src_lower ? pair_hash(&t->key, src, dst) : pair_hash(&t->key, dst, src);
}

struct conn *conn_find(struct conn_table *t, const struct conn_key *k, int *dir)
{
    uint32_t h = (uint32_t)k->hash;
    for (int32_t i = t->buckets[h & t->bucket_mask]; i >= 0; i = t->slots[i].hnext) {
        struct conn *c = &t->slots[i];
        if (c->hash != h)
            continue;
        if (ep_eq(&c->ep[0], &k->src) && ep_eq(&c->ep[1], &k->dst)) {
            *dir = 0;
            return c;
        }
        if (ep_eq(&c->ep[0], &k->dst) && ep_eq(&c->ep[1], &k->src)) {
            *dir = 1;
            return c;
        }
    }
    return NULL;
}

static int32_t slot_of(const struct conn_table *t, const struct conn *c)
{
    return (int32_t)(c - t->slots);
}

static void list_unlink(struct conn_table *t, int32_t i, int32_t *head, int32_t *tail)
{
    struct conn *c = &t->slots[i];
    if (c->prev >= 0)
        t->slots[c->prev].next = c->next;
    else
        *head = c->next;
    if (c->next >= 0)
        t->slots[c->next].prev = c->prev;
    else
        *tail = c->prev;
    c->prev = c->next = -1;
}

static void list_append(struct conn_table *t, int32_t i, int32_t *head, int32_t *tail)
{
    struct conn *c = &t->slots[i];
    c->prev = *tail;
    c->next = -1;
    if (*tail >= 0)
        t->slots[*tail].next = i;
    else
        *head = i;
    *tail = i;
}

static void hash_unlink(struct conn_table *t, int32_t i)
{
    int32_t *pp = &t->buckets[t->slots[i].hash & t->bucket_mask];
    while (*pp >= 0 && *pp != i)
        pp = &t->slots[*pp].hnext;
    if (*pp == i)
        *pp = t->slots[i].hnext;
}

static void remember(struct conn_table *t, const struct conn *c)
{
    /* The table's hash is the pair's: recompute it whole (the slot keeps 32 bits). */
    int lo = ep_lower(&c->ep[0], &c->ep[1]) ? 0 : 1;
    uint64_t k = pair_hash(&t->key, &c->ep[lo], &c->ep[1 - lo]);
    struct conn_past *h = &t->past[(k >> 32) % AN_HISTORY];
    h->key = k;
    h->base[0] = c->f[lo].base_seq;
    h->set[0] = c->f[lo].base_set;
    h->base[1] = c->f[1 - lo].base_seq;
    h->set[1] = c->f[1 - lo].base_set;
}

bool conn_past_reused(const struct conn_table *t, const struct conn_key *k, uint32_t syn_seq)
{
    const struct conn_past *h = &t->past[(k->hash >> 32) % AN_HISTORY];
    int me = k->src_lower ? 0 : 1;
    return h->key == k->hash && h->set[me] && h->base[me] != syn_seq;
}

void conn_remove(struct conn_table *t, struct conn *c, bool to_make_room)
{
    int32_t i = slot_of(t, c);
    if (t->evict != NULL && !c->retired)
        t->evict(t->evict_ctx, c, to_make_room);
    remember(t, c);
    if (c->retired) {
        list_unlink(t, i, &t->retired_head, &t->retired_tail);
        t->nretired--;
    } else if (c->closed) {
        list_unlink(t, i, &t->closed_head, &t->closed_tail);
        t->nclosed--;
    } else {
        list_unlink(t, i, &t->open_head, &t->open_tail);
    }
    hash_unlink(t, i);
    c->used = false;
    c->next = t->free_head;
    t->free_head = i;
}

/* The oldest closed connection is summarised and loses its echo check (the callback),
 * but keeps its slot and flows for AN_RETIRED_KEEP more retirements. */
static void retire(struct conn_table *t, int32_t i)
{
    struct conn *c = &t->slots[i];
    if (t->evict != NULL)
        t->evict(t->evict_ctx, c, false);
    list_unlink(t, i, &t->closed_head, &t->closed_tail);
    t->nclosed--;
    c->retired = true;
    list_append(t, i, &t->retired_head, &t->retired_tail);
    t->nretired++;
    while (t->nretired > AN_RETIRED_KEEP)
        conn_remove(t, &t->slots[t->retired_head], false);
}

static int32_t free_slot(struct conn_table *t)
{
    if (t->free_head < 0 && t->fresh < t->cap) {
        t->slots[t->fresh].next = -1;
        t->free_head = (int32_t)t->fresh++;
    }
    if (t->free_head < 0) {
        if (t->retired_head >= 0) {
            conn_remove(t, &t->slots[t->retired_head], false);
        } else if (t->closed_head >= 0) {
            conn_remove(t, &t->slots[t->closed_head], false);
        } else {
            t->evicted_open++;
            conn_remove(t, &t->slots[t->open_head], true);
        }
    }
    int32_t i = t->free_head;
    t->free_head = t->slots[i].next;
    return i;
}

struct conn *conn_new(struct conn_table *t, const struct conn_key *k, bool src_is_client)
{
    int32_t i = free_slot(t);
    struct conn *c = &t->slots[i];
    memset(c, 0, sizeof *c);
    c->used = true;
    c->ep[0] = src_is_client ? k->src : k->dst;
    c->ep[1] = src_is_client ? k->dst : k->src;
    c->stream = t->next_stream++;
    c->hash = (uint32_t)k->hash;
    c->f[0].win_scale = c->f[1].win_scale = -1;
    uint32_t b = c->hash & t->bucket_mask;
    c->hnext = t->buckets[b];
    t->buckets[b] = i;
    list_append(t, i, &t->open_head, &t->open_tail);
    return c;
}

void conn_touch(struct conn_table *t, struct conn *c)
{
    if (c->closed || t->open_tail == slot_of(t, c))
        return;
    int32_t i = slot_of(t, c);
    list_unlink(t, i, &t->open_head, &t->open_tail);
    list_append(t, i, &t->open_head, &t->open_tail);
}

void conn_set_closed(struct conn_table *t, struct conn *c)
{
    if (c->closed)
        return;
    int32_t i = slot_of(t, c);
    list_unlink(t, i, &t->open_head, &t->open_tail);
    c->closed = true;
    list_append(t, i, &t->closed_head, &t->closed_tail);
    t->nclosed++;
    while (t->nclosed > AN_CLOSED_KEEP)
        retire(t, t->closed_head);
}

const struct conn *conn_by_stream(const struct conn_table *t, uint32_t stream)
{
    for (uint32_t i = 0; i < t->fresh; i++)
        if (t->slots[i].used && t->slots[i].stream == stream)
            return &t->slots[i];
    return NULL;
}

void conn_table_drain(struct conn_table *t)
{
    /* Table order is bounded work; --summary sorts its rows. */
    while (t->retired_head >= 0)
        conn_remove(t, &t->slots[t->retired_head], false);
    while (t->closed_head >= 0)
        conn_remove(t, &t->slots[t->closed_head], false);
    while (t->open_head >= 0)
        conn_remove(t, &t->slots[t->open_head], false);
}
