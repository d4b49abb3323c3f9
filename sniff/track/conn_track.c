/*
 * conn_track.c: the bounded connection table (see conn_track.h).
 *
 * Slots are allocated once; a chained hash over slot indices finds a connection, and a
 * doubly linked LRU list over the same indices orders them by last sight. Relative
 * numbers follow Wireshark's rules (packet-tcp.c): a SYN fixes its direction's base to
 * its ISN, so the SYN is Seq=0 and the first data byte Seq=1; a direction first seen
 * without its SYN takes base = seq - 1, so its first segment shows Seq=1. Window scaling
 * (RFC 7323 2.2) applies only when both SYNs carried the option: then a sender's window
 * field is shifted by the count it announced; windows in SYNs are never scaled.
 */
#include "conn_track.h"

#include <stdlib.h>
#include <string.h>
#include "proto.h"

#define EVICT_SCAN 16 /* how far from the LRU end to look for a closed connection */

int conn_table_init(struct conn_table *t, uint32_t capacity)
{
    memset(t, 0, sizeof *t);
    if (capacity == 0)
        capacity = CONN_DEFAULT_CAPACITY;
    uint32_t nb = 1;
    while (nb < capacity * 2u && nb < (1u << 30))
        nb <<= 1;
    t->slots = calloc(capacity, sizeof *t->slots);
    t->buckets = malloc(nb * sizeof *t->buckets);
    if (t->slots == NULL || t->buckets == NULL) {
        conn_table_free(t);
        return -1;
    }
    t->cap = capacity;
    t->nbuckets = nb;
    for (uint32_t i = 0; i < nb; i++)
        t->buckets[i] = -1;
    for (uint32_t i = 0; i < capacity; i++)
        t->slots[i].hnext = i + 1 < capacity ? (int32_t)(i + 1) : -1;
    t->free_head = 0;
    t->lru_head = t->lru_tail = -1;
    return 0;
}

void conn_table_free(struct conn_table *t)
{
    free(t->slots);
    free(t->buckets);
    t->slots = NULL;
    t->buckets = NULL;
    t->cap = 0;
}

bool conn_closed(const struct conn *c)
{
    return c->dir[0].rst || c->dir[1].rst || (c->dir[0].fin && c->dir[1].fin);
}

/* The packet's endpoints in canonical order; returns the sender's index (0 or 1). */
static int packet_key(const struct packet *p, struct conn *k)
{
    uint8_t src[16] = {0}, dst[16] = {0};
    size_t alen;
    if (p->net == NET_IPV4) {
        k->family = 4;
        alen = 4;
        memcpy(src, p->ip4.src, 4);
        memcpy(dst, p->ip4.dst, 4);
    } else {
        k->family = 6;
        alen = 16;
        memcpy(src, p->ip6.src, 16);
        memcpy(dst, p->ip6.dst, 16);
    }
    int cmp = memcmp(src, dst, alen);
    int s = cmp < 0 || (cmp == 0 && p->tcp.sport <= p->tcp.dport) ? 0 : 1;
    memcpy(k->addr[s], src, 16);
    memcpy(k->addr[1 - s], dst, 16);
    k->port[s] = p->tcp.sport;
    k->port[1 - s] = p->tcp.dport;
    return s;
}

/* The key's 32 address bytes as four words (an IPv4 key's unused bytes are zero). */
static void key_words(const struct conn *k, uint64_t w[4])
{
    memcpy(w, k->addr, 4 * sizeof *w);
}

static uint32_t key_hash(const struct conn *k)
{
    /* A multiply-xorshift over 64-bit words: a byte-wise FNV over the 32-byte key was
     * ~6% of the packet list's time. The high half of the product is folded down, as
     * the bucket index takes the low bits. */
    uint64_t w[4];
    key_words(k, w);
    uint64_t h = (uint64_t)k->family << 32 | (uint64_t)k->port[0] << 16 | k->port[1];
    for (int i = 0; i < 4; i++) {
        h = (h ^ w[i]) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    h *= 0xbf58476d1ce4e5b9ull;
    return (uint32_t)(h ^ (h >> 32));
}

static bool key_equal(const struct conn *a, const struct conn *b)
{
    if (a->family != b->family || a->port[0] != b->port[0] || a->port[1] != b->port[1])
        return false;
    uint64_t wa[4], wb[4];
    key_words(a, wa);
    key_words(b, wb);
    return ((wa[0] ^ wb[0]) | (wa[1] ^ wb[1]) | (wa[2] ^ wb[2]) | (wa[3] ^ wb[3])) == 0;
}

static void lru_unlink(struct conn_table *t, int32_t i)
{
    struct conn *c = &t->slots[i];
    if (c->lru_prev >= 0)
        t->slots[c->lru_prev].lru_next = c->lru_next;
    else
        t->lru_head = c->lru_next;
    if (c->lru_next >= 0)
        t->slots[c->lru_next].lru_prev = c->lru_prev;
    else
        t->lru_tail = c->lru_prev;
    c->lru_prev = c->lru_next = -1;
}

static void lru_push_front(struct conn_table *t, int32_t i)
{
    struct conn *c = &t->slots[i];
    c->lru_prev = -1;
    c->lru_next = t->lru_head;
    if (t->lru_head >= 0)
        t->slots[t->lru_head].lru_prev = i;
    t->lru_head = i;
    if (t->lru_tail < 0)
        t->lru_tail = i;
}

static void hash_unlink(struct conn_table *t, int32_t i)
{
    uint32_t b = key_hash(&t->slots[i]) & (t->nbuckets - 1);
    int32_t *pp = &t->buckets[b];
    while (*pp >= 0 && *pp != i)
        pp = &t->slots[*pp].hnext;
    if (*pp == i)
        *pp = t->slots[i].hnext;
}

/* Frees a slot for reuse: a closed connection near the LRU end, else the LRU one. */
static int32_t evict(struct conn_table *t)
{
    int32_t victim = t->lru_tail;
    int32_t i = t->lru_tail;
    for (int n = 0; i >= 0 && n < EVICT_SCAN; n++, i = t->slots[i].lru_prev) {
        if (conn_closed(&t->slots[i])) {
            victim = i;
            break;
        }
    }
    hash_unlink(t, victim);
    lru_unlink(t, victim);
    t->slots[victim].used = false;
    t->count--;
    t->evicted++;
    return victim;
}

static void conn_reset(struct conn_table *t, struct conn *c, uint64_t frame)
{
    c->stream = t->next_stream++;
    memset(c->dir, 0, sizeof c->dir);
    c->dir[0].win_scale = c->dir[1].win_scale = -1;
    c->first_frame = c->last_frame = frame;
}

static int32_t lookup_or_insert(struct conn_table *t, const struct conn *k, uint64_t frame)
{
    uint32_t b = key_hash(k) & (t->nbuckets - 1);
    for (int32_t i = t->buckets[b]; i >= 0; i = t->slots[i].hnext) {
        if (key_equal(&t->slots[i], k)) {
            lru_unlink(t, i);
            lru_push_front(t, i);
            return i;
        }
    }
    int32_t i = t->free_head;
    if (i >= 0)
        t->free_head = t->slots[i].hnext;
    else
        i = evict(t);
    struct conn *c = &t->slots[i];
    memset(c, 0, sizeof *c);
    c->family = k->family;
    memcpy(c->addr, k->addr, sizeof c->addr);
    c->port[0] = k->port[0];
    c->port[1] = k->port[1];
    c->used = true;
    c->an_slot = -1;
    conn_reset(t, c, frame);
    c->hnext = t->buckets[b];
    t->buckets[b] = i;
    c->lru_prev = c->lru_next = -1;
    lru_push_front(t, i);
    t->count++;
    return i;
}

/* Accurate ECN: this packet's flags read as ACE when the connection already used it;
 * then what this packet says of it: a SYN with AE, CWR and ECE set asks for it; a
 * SYN/ACK answering with AE:CWR:ECE 010, 011, 100 or 110 agrees (the draft's table of
 * SYN/ACK codepoints); an AccECN option means it is in use. */
static void accecn_note(struct conn *c, const struct tcp_info *tcp, struct tcp_track *tr)
{
    const uint16_t ace = TCP_AE | TCP_CWR | TCP_ECE;
    tr->accecn = c->accecn;
    uint16_t f = tcp->flags & ace;
    if ((tcp->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN)
        c->accecn_syn = f == ace;
    else if ((tcp->flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK) && c->accecn_syn)
        c->accecn =
            f == TCP_CWR || f == (TCP_CWR | TCP_ECE) || f == TCP_AE || f == (TCP_AE | TCP_CWR);
    for (int i = 0; i < tcp->nopts; i++)
        if (tcp->opts[i].kind == TCP_OPT_ACCECN0 || tcp->opts[i].kind == TCP_OPT_ACCECN1)
            c->accecn = true;
}

struct conn *conn_track(struct conn_table *t, struct packet *p, int *dir)
{
    memset(&p->track, 0, sizeof p->track);
    /* The fixed header must have been read (hdr_len is set then); a data offset past the
     * segment's end makes the whole header suspect, and Wireshark too stops before its
     * sequence analysis then. */
    /* A first fragment's header (tcp.fragmented) is no segment of the connection:
     * Wireshark skips its sequence analysis too. */
    if (p->l4 != L4_TCP || p->tcp.hdr_len == 0 || p->tcp.hdr_len > p->tcp.seg_len ||
        p->tcp.fragmented || (p->net != NET_IPV4 && p->net != NET_IPV6) || t->slots == NULL)
        return NULL;
    const struct tcp_info *tcp = &p->tcp;
    struct conn key;
    int s = packet_key(p, &key);
    struct conn *c = &t->slots[lookup_or_insert(t, &key, p->frame.number)];
    struct conn_dir *fwd = &c->dir[s], *rev = &c->dir[1 - s];
    bool syn = (tcp->flags & TCP_SYN) != 0, ack = (tcp->flags & TCP_ACK) != 0;

    /* A new SYN with another ISN on a known connection: the ports were reused, and
     * Wireshark starts a new stream. */
    if (syn && !ack && fwd->base_set && tcp->seq != fwd->base_seq) {
        conn_reset(t, c, p->frame.number);
        fwd = &c->dir[s];
        rev = &c->dir[1 - s];
    }
    c->last_frame = p->frame.number;

    if (syn) {
        if (!fwd->base_set || tcp->seq != fwd->base_seq) {
            fwd->base_seq = tcp->seq;
            fwd->base_set = true;
        }
        /* The first SYN of a direction fixes its scale; a retransmitted or stray SYN
         * does not change what was negotiated (as in Wireshark). */
        if (!fwd->syn) {
            /* RFC 7323 2.3: a shift over 14 is treated as 14. */
            if (tcp->has_ws)
                fwd->win_scale = (int8_t)(tcp->ws_shift > 14 ? 14 : tcp->ws_shift);
            else
                fwd->win_scale = -2;
            /* Scaling needs both SYNs to carry the option; a SYN/ACK without it says
             * so for both directions, its SYN seen or not (as Wireshark). */
            if (fwd->win_scale == -2 && (rev->win_scale >= 0 || ack))
                rev->win_scale = -2;
            if (rev->win_scale == -2)
                fwd->win_scale = -2;
        }
        fwd->syn = true;
    } else if (!fwd->base_set) {
        fwd->base_seq = tcp->seq - 1;
        fwd->base_set = true;
    }
    if (ack && !rev->base_set) {
        rev->base_seq = tcp->ack - 1;
        rev->base_set = true;
    }

    struct tcp_track *tr = &p->track;
    tr->valid = true;
    tr->stream = c->stream;
    tr->rel_seq = tcp->seq - fwd->base_seq;
    tr->ack_valid = ack && rev->base_set;
    tr->rel_ack = tr->ack_valid ? tcp->ack - rev->base_seq : 0;
    tr->next_rel_seq =
        tr->rel_seq + tcp->payload_len + (syn ? 1u : 0u) + ((tcp->flags & TCP_FIN) ? 1u : 0u);
    tr->ws_shift = syn ? -1 : fwd->win_scale;
    if (!syn && fwd->win_scale >= 0)
        tr->calc_window = (uint64_t)tcp->window << fwd->win_scale;
    else
        tr->calc_window = tcp->window;

    accecn_note(c, tcp, tr);
    if (tcp->flags & TCP_FIN)
        fwd->fin = true;
    if (tcp->flags & TCP_RST)
        fwd->rst = true;
    fwd->packets++;
    fwd->payload_bytes += tcp->payload_len;
    if ((int32_t)(tr->next_rel_seq - fwd->next_rel_seq) > 0 || fwd->packets == 1)
        fwd->next_rel_seq = tr->next_rel_seq;
    if (dir != NULL)
        *dir = s;
    return c;
}
