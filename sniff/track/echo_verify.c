/*
 * echo_verify.c: the echo verifier (see echo_verify.h).
 *
 * The comparison cursor `checked` only moves forward; requests are a FIFO ordered by
 * stream offset, so the request being echoed is always the oldest one. Client bytes are
 * released once compared, server bytes likewise; both stay readable until the next call
 * so that --follow can print what this packet made contiguous.
 */
#include "echo_verify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void echo_init(struct echo_conn *e, struct reasm_pool *pool, bool verify, size_t max_pending)
{
    memset(e, 0, sizeof *e);
    e->verify = verify;
    if (max_pending == 0)
        max_pending = ECHO_DEFAULT_MAX_PENDING;
    reasm_init(&e->s[0], pool, max_pending);
    reasm_init(&e->s[1], pool, max_pending);
    e->next_no = 1;
    e->st.stride = 1;
    e->seg_off = UINT64_MAX;
}

void echo_free(struct echo_conn *e)
{
    reasm_free(&e->s[0]);
    reasm_free(&e->s[1]);
}

/* One connection's state is a block of the pool, as a chunk is (reasm.h says why). */
_Static_assert(sizeof(struct echo_conn) <= POOL_BLOCK, "an echo state fits in a pool block");

struct echo_conn *echo_new(struct reasm_pool *pool, bool verify, size_t max_pending)
{
    struct echo_conn *e = pool_block_get(pool);
    if (e == NULL)
        return NULL;
    echo_init(e, pool, verify, max_pending);
    return e;
}

void echo_delete(struct echo_conn *e)
{
    if (e == NULL)
        return;
    struct reasm_pool *pool = e->s[0].pool;
    echo_free(e);
    pool_block_put(pool, e);
}

void echo_result_clear(struct echo_result *r)
{
    memset(r, 0, sizeof *r);
}

const struct reasm *echo_stream(const struct echo_conn *e, int dir)
{
    return &e->s[dir ? 1 : 0];
}

static void rtt_sample(struct echo_stats *st, uint64_t rtt)
{
    if (st->nrtt == 0 || rtt < st->rtt_min_ns)
        st->rtt_min_ns = rtt;
    if (st->nrtt == 0 || rtt > st->rtt_max_ns)
        st->rtt_max_ns = rtt;
    st->nrtt++;
    if (st->seen++ % st->stride != 0)
        return;
    if (st->nsamples == ECHO_RTT_SAMPLES) {
        /* Keep every other sample and take one in twice as many from now on: the
         * samples stay spread evenly over the whole connection. */
        for (uint32_t i = 0; i < ECHO_RTT_SAMPLES / 2; i++)
            st->samples[i] = st->samples[2 * i];
        st->nsamples = ECHO_RTT_SAMPLES / 2;
        st->stride *= 2;
    }
    st->samples[st->nsamples++] = rtt;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

uint64_t echo_rtt_median(const struct echo_stats *st)
{
    uint64_t tmp[ECHO_RTT_SAMPLES];
    uint32_t n = st->nsamples;
    if (n == 0)
        return 0;
    memcpy(tmp, st->samples, n * sizeof tmp[0]);
    qsort(tmp, n, sizeof tmp[0], cmp_u64);
    return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static struct echo_request *req_at(struct echo_conn *e, uint32_t i)
{
    return &e->req[(e->req_head + i) % ECHO_MAX_REQS];
}

static void add_request(struct echo_conn *e, uint64_t start, uint64_t end, int64_t ts,
                        uint64_t frame, struct echo_result *r)
{
    struct echo_request *q;
    if (e->req_n == ECHO_MAX_REQS) {
        /* The server is far behind: fold the bytes into the newest request. */
        q = req_at(e, e->req_n - 1);
        q->end = end;
    } else {
        q = req_at(e, e->req_n++);
        memset(q, 0, sizeof *q);
        q->start = start;
        q->end = end;
        q->ts_ns = ts;
        q->frame = frame;
        q->no = e->next_no++;
        e->st.requests++;
    }
    if (!r->req_first)
        r->req_first = q->no;
    r->req_last = q->no;
    r->req_len = q->end - q->start;
}

static void finish_request(struct echo_conn *e, struct echo_request *q, int64_t ts, bool server_pkt,
                           struct echo_result *r)
{
    if (q->bad)
        e->st.mismatched++;
    else if (q->unknown)
        e->st.unchecked++;
    else
        e->st.verified++;
    e->last_end = q->end;
    e->last_ok = !q->bad && !q->unknown;
    if (server_pkt && ts >= q->ts_ns) {
        r->rtt_valid = true;
        r->rtt_ns = (uint64_t)(ts - q->ts_ns);
        rtt_sample(&e->st, r->rtt_ns);
    }
    e->req_head = (e->req_head + 1) % ECHO_MAX_REQS;
    e->req_n--;
}

/* The first range of a kind met in this call (and what joins it). */
static void note_range(bool *seen, uint64_t *first, uint64_t *last, uint64_t from, uint64_t n)
{
    if (!*seen) {
        *seen = true;
        *first = from;
        *last = from + n - 1;
    } else if (*last + 1 == from) {
        *last = from + n - 1;
    }
}

/* Compares [off, off + n) of both streams, all captured; returns the index of the first
 * differing byte or n. */
static size_t compare(const struct echo_conn *e, uint64_t off, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t g1, g2;
        const uint8_t *a = reasm_ptr(&e->s[0], off + i, n - i, &g1);
        const uint8_t *b = reasm_ptr(&e->s[1], off + i, g1, &g2);
        if (memcmp(a, b, g2) != 0) {
            size_t j = 0;
            while (a[j] == b[j])
                j++;
            return i + j;
        }
        i += g2;
    }
    return n;
}

/* A byte that differs right at the end of the last request echoed, sent before that
 * request's successor (seen from a client segment: the server sent it ahead) or in the
 * segment that ended the echo: one byte too many after that echo, which is wrong too. */
static void extra_after_last(struct echo_conn *e, uint64_t at, bool server_pkt)
{
    if (!e->last_ok || e->last_end != at || (server_pkt && e->seg_off >= at))
        return;
    e->last_ok = false;
    e->st.verified--;
    e->st.mismatched++;
}

/* n bytes at o that both streams hold: compared, and the first difference (the first of
 * this packet, when no earlier one was reported) noted with its request. */
static void compare_run(struct echo_conn *e, uint64_t o, size_t n, struct echo_request *q,
                        bool server_pkt, struct echo_result *r, bool *mismatch_here)
{
    const struct reasm *c = &e->s[0], *s = &e->s[1];
    r->compared += n;
    size_t d = compare(e, o, n);
    if (d < n) {
        size_t got;
        uint8_t exp = *reasm_ptr(c, o + d, 1, &got);
        uint8_t act = *reasm_ptr(s, o + d, 1, &got);
        if (!*mismatch_here && r->verdict != ECHO_MISMATCH && !r->early_mismatch) {
            *mismatch_here = true;
            r->mismatch_at = o + d;
            r->expected = exp;
            r->got = act;
            r->in_req = q != NULL;
            r->req_off = q != NULL ? o + d - q->start : 0;
        }
        if (!e->st.has_mismatch) {
            e->st.has_mismatch = true;
            e->st.first_mismatch_at = o + d;
        }
        extra_after_last(e, o + d, server_pkt);
        e->st.bytes_mismatched += n - d;
        e->st.bytes_matched += d;
        if (q)
            q->bad = true;
    } else {
        e->st.bytes_matched += n;
    }
}

/* How far the checking has gone into request q, which is finished once all of it is. */
static void request_progress(struct echo_conn *e, struct echo_request *q, int64_t ts,
                             bool server_pkt, struct echo_result *r)
{
    if (!r->req_first)
        r->req_first = q->no;
    r->req_last = q->no;
    r->req_done = e->checked - q->start;
    r->req_len = q->end - q->start;
    r->rtt_valid = false;
    if (e->checked >= q->end)
        finish_request(e, q, ts, server_pkt, r);
}

/* Compares whatever both streams now have and the other has not yet compared. */
static void check(struct echo_conn *e, int64_t ts, bool server_pkt, struct echo_result *r)
{
    const struct reasm *c = &e->s[0], *s = &e->s[1];
    uint64_t end = c->contig < s->contig ? c->contig : s->contig;
    bool mismatch_here = false;
    while (e->checked < end) {
        uint64_t o = e->checked;
        struct echo_request *q = e->req_n ? req_at(e, 0) : NULL;
        uint64_t lim = end;
        if (q && q->start > o) {
            lim = q->start < lim ? q->start : lim; /* bytes of no request (a gap) */
            q = NULL;
        } else if (q && q->end < lim) {
            lim = q->end;
        }
        enum reasm_kind kc, ks;
        size_t n = reasm_run(c, o, lim, &kc);
        n = reasm_run(s, o, o + n, &ks);
        if (kc == REASM_KNOWN && ks == REASM_KNOWN) {
            compare_run(e, o, n, q, server_pkt, r, &mismatch_here);
        } else if (kc == REASM_GIVEN_UP || ks == REASM_GIVEN_UP) {
            /* Captured, perhaps, but no longer held: not compared, never a mismatch. */
            note_range(&r->given_up, &r->given_up_first, &r->given_up_last, o, n);
            e->st.bytes_unchecked += n;
            e->st.bytes_given_up += n;
            if (q)
                q->unknown = true;
        } else {
            note_range(&r->gap, &r->gap_first, &r->gap_last, o, n);
            e->st.bytes_unchecked += n;
            if (q)
                q->unknown = true;
        }
        e->checked += n;
        r->checked += n;
        if (q)
            request_progress(e, q, ts, server_pkt, r);
    }
    if (server_pkt) {
        if (mismatch_here || r->verdict == ECHO_MISMATCH)
            r->verdict = ECHO_MISMATCH;
        else if ((r->gap || r->given_up) && r->checked)
            r->verdict = ECHO_UNCHECKED;
        else if (r->checked)
            r->verdict = ECHO_OK;
        else if (s->contig > c->contig)
            r->verdict = ECHO_AHEAD;
        r->ahead = s->contig > c->contig ? s->contig - c->contig : 0;
    } else if (mismatch_here) {
        r->early_mismatch = true; /* server bytes sent ahead differ from these */
    }
    e->release_to[0] = e->release_to[1] = e->checked;
}

static void apply_releases(struct echo_conn *e)
{
    reasm_release(&e->s[0], e->release_to[0]);
    reasm_release(&e->s[1], e->release_to[1]);
}

void echo_segment(struct echo_conn *e, int dir, uint64_t off, const uint8_t *data, uint32_t caplen,
                  uint32_t len, int64_t ts_ns, uint64_t frame, struct echo_result *r)
{
    dir = dir ? 1 : 0;
    if (len == 0)
        return;
    apply_releases(e);
    struct reasm *s = &e->s[dir];
    uint64_t old = s->contig;
    (void)reasm_add(s, off, data, caplen, len);
    r->new_from = old;
    r->new_to = s->contig;
    if (!e->verify) {
        e->release_to[dir] = s->contig;
        return;
    }
    if (dir == ECHO_C2S) {
        if (s->contig > old) {
            add_request(e, old, s->contig, ts_ns, frame, r);
            r->verdict = ECHO_REQUEST;
        }
        struct echo_result tmp;
        echo_result_clear(&tmp);
        check(e, ts_ns, false, &tmp); /* server bytes that were ahead of the client */
        if (tmp.early_mismatch) {
            /* The server sent these bytes before the client did, and they differ: the
             * first difference is found here, on the client's segment. */
            r->early_mismatch = true;
            r->mismatch_at = tmp.mismatch_at;
            r->expected = tmp.expected;
            r->got = tmp.got;
            r->in_req = tmp.in_req;
            r->req_off = tmp.req_off;
        }
    } else {
        e->seg_off = off;
        check(e, ts_ns, true, r);
        e->seg_off = UINT64_MAX;
    }
}

void echo_acked(struct echo_conn *e, int dir, uint64_t upto, int64_t ts_ns, bool server_pkt,
                struct echo_result *r)
{
    dir = dir ? 1 : 0;
    struct reasm *s = &e->s[dir];
    if (upto <= s->contig)
        return;
    apply_releases(e);
    uint64_t from = s->contig, to = upto;
    if (s->high > from) { /* the hole ends where held (out-of-order) bytes begin */
        uint64_t lim = upto < s->high ? upto : s->high;
        uint64_t held = reasm_next_resolved(s, from, lim);
        to = held < lim ? held : upto;
    }
    reasm_gap(s, upto);
    r->peer_gap_from = from;
    r->peer_gap_to = to;
    r->peer_new_from = from;
    r->peer_new_to = s->contig;
    if (!e->verify) {
        e->release_to[dir] = s->contig;
        return;
    }
    if (dir == ECHO_C2S && s->contig > to) {
        /* Client bytes that arrived ahead of the hole are contiguous now: one request,
         * without an RTT (when they were sent is not known). */
        struct echo_result req;
        echo_result_clear(&req);
        add_request(e, to, s->contig, INT64_MAX, 0, &req);
    }
    struct echo_result tmp;
    echo_result_clear(&tmp);
    check(e, ts_ns, server_pkt, server_pkt ? r : &tmp);
}

void echo_close(struct echo_conn *e, struct echo_result *r)
{
    if (!e->verify)
        return;
    const struct reasm *c = &e->s[0], *s = &e->s[1];
    r->sent = c->high;
    r->echoed = s->high;
    /* Requests still waiting: those whose echo already differed count as mismatched. */
    for (uint32_t i = 0; i < e->req_n; i++) {
        const struct echo_request *q = req_at(e, i);
        if (q->bad)
            e->st.mismatched++;
        else
            e->st.unechoed++;
        if (s->high >= q->start && s->high < q->end) {
            r->in_req = true;
            r->req_off = s->high - q->start;
        }
    }
    if (s->high < c->high) {
        r->verdict = ECHO_SHORT;
    } else if (s->high > c->high) {
        r->verdict = ECHO_EXTRA;
        extra_after_last(e, c->high, false);
        e->st.bytes_extra += s->high - c->high;
        if (!e->st.has_mismatch) {
            e->st.has_mismatch = true;
            e->st.first_mismatch_at = c->high;
        }
    }
    e->req_n = 0;
}
