/*
 * replay.c: one connection analysed again, alone, from its first frame. The index keeps
 * what the model said of every frame (struct frame_rec), but an annotation also quotes
 * what the model held then (the bytes a segment acknowledged, the request an echo
 * completes and its RTT, the first differing byte), and Follow needs the reassembled
 * streams. Those depend only on the connection's own frames: the index lists them
 * (fx_stream: first and last entry), and a private analysis, numbering its one
 * connection as the whole run did (an_opts.first_stream), reads them again through
 * fview. What depends on other connections is taken from the index instead: the
 * analysis flags ("Port numbers reused" needs the pair's history) and the connection an
 * iterative server's client waited for.
 *
 * It runs as a job, a slice at a time, and moves forward from where it is: stepping
 * through a connection costs one frame a step; a jump back starts again.
 */
#include <stdlib.h>
#include <string.h>

#include "tui_int.h"

#define REPLAY_MAX_CONNS 4
#define FOLLOW_TEXT_MAX (8u << 20) /* Follow's text kept at most */

void replay_init(struct replay *r)
{
    memset(r, 0, sizeof *r);
    r->have = FX_NONE;
    r->target = FX_NONE;
}

void replay_free(struct replay *r)
{
    if (r->ready)
        analysis_free(&r->an);
    tbuf_free(&r->text);
    replay_init(r);
}

void replay_aim(struct tui *t, struct replay *r, uint32_t e, bool follow)
{
    /* aimed again at the frame it stopped at (--quiz's answer, a filter keeping the
     * selection): its annotation still holds */
    r->ann_valid = r->ann_valid && !follow && r->have == e;
    if (e >= t->ix.n) {
        r->target = FX_NONE;
        return;
    }
    const struct frame_rec *rec = &fx_entry(&t->ix, e)->rec;
    const struct fx_stream *st = fx_stream(&t->ix, rec->stream);
    if (!(rec->bits & FREC_TRACKED) || st == NULL) {
        r->target = FX_NONE;
        return;
    }
    uint32_t target = follow ? st->last : e;
    if (r->ready && r->stream == rec->stream && r->follow == follow &&
        (r->have == FX_NONE || r->have <= target)) {
        r->target = target;
        return;
    }
    if (r->ready)
        analysis_free(&r->an);
    r->ready = false;
    struct an_opts ao = t->s->an.opts;
    ao.max_conns = REPLAY_MAX_CONNS;
    ao.first_stream = rec->stream;
    ao.follow = follow;
    ao.follow_stream = rec->stream;
    char err[256];
    if (!analysis_init(&r->an, &ao, err, sizeof err)) {
        r->target = FX_NONE;
        return;
    }
    r->ready = true;
    annotate_forget(&t->s->ann, rec->stream); /* its lessons are taught again from its start */
    r->stream = rec->stream;
    r->follow = follow;
    r->next = st->first;
    r->target = target;
    r->have = FX_NONE;
    if (follow) {
        follow_init(&r->fol, rec->stream, false, false);
        r->fol.redact = t->s->opt.redact;
        tbuf_reset(&r->text, FOLLOW_TEXT_MAX);
    }
}

/* What the index knows better than a connection analysed alone. */
static void from_index(struct tui *t, uint32_t e, struct pkt_analysis *pa)
{
    const struct frame_rec *rec = &fx_entry(&t->ix, e)->rec;
    if (!(rec->bits & FREC_ANALYSED))
        return;
    pa->flags = rec->flags;
    pa->dupack_of = fx_frame(&t->ix, e) - rec->dupack_back;
    pa->dupack_num = rec->dupack_num;
    uint64_t v;
    pa->waited = fx_extra(&t->ix, e, FX_WAITED, &v);
    pa->waited_for = pa->waited ? (uint32_t)v : 0;
}

static void annotate_now(struct tui *t, struct replay *r, const struct packet *p)
{
    struct sniff *s = t->s;
    const struct pkt_analysis *pa = &r->pa;
    r->ann.n = 0;
    r->ann_valid = true;
    if (!s->annotating || !pa->valid)
        return;
    if (s->opt.annotate != ANNOTATE_ALL && !pa->verified)
        return;
    annotate_lines(&s->ann, p, pa, &r->ann);
}

/* A frame of the connection before the one aimed at: noted as the line mode notes it
 * (annotated when shown, so that a lesson it taught is not taught again; noted when a
 * filter hides it), its lines thrown away. */
static void annotate_before(struct tui *t, struct replay *r, uint32_t e, const struct packet *p)
{
    struct sniff *s = t->s;
    const struct pkt_analysis *pa = &r->pa;
    if (!s->annotating || !pa->valid)
        return;
    uint32_t row = fx_view_row_at(&t->view, &t->ix, e);
    bool shown = row != FX_NONE && fx_view_entry(&t->view, row) == e;
    if (!shown)
        annotate_note(&s->ann, p, pa);
    else if (s->opt.annotate == ANNOTATE_ALL || pa->verified)
        annotate_lines(&s->ann, p, pa, &r->scratch);
}

bool replay_step(struct tui *t, struct replay *r, uint32_t frames)
{
    if (!r->ready || r->target == FX_NONE)
        return false;
    uint32_t loaded = 0;
    for (uint32_t scanned = 0; r->next <= r->target && r->next < t->ix.n; r->next++) {
        if (loaded >= frames || scanned++ >= 64 * frames)
            return true;
        uint32_t e = r->next;
        const struct frame_rec *rec = &fx_entry(&t->ix, e)->rec;
        if (!(rec->bits & FREC_TRACKED) || rec->stream != r->stream)
            continue;
        loaded++;
        if (!fview_load(t, e))
            continue;
        struct packet *p = &t->fv.pkt;
        (void)analysis_packet(&r->an, p, &r->pa);
        t->fv.entry = FX_NONE; /* p->track was rewritten (the same numbers) */
        from_index(t, e, &r->pa);
        r->have = e;
        if (r->follow) {
            t->o->sink = tbuf_sink;
            t->o->sink_ctx = &r->text;
            t->o->marks = NULL;
            follow_packet(&r->fol, t->o, &r->pa);
            out_flush(t->o);
        } else if (e == r->target) {
            annotate_now(t, r, p);
        } else {
            annotate_before(t, r, e, p);
        }
    }
    if (r->follow && r->next > r->target) {
        t->o->sink = tbuf_sink;
        t->o->sink_ctx = &r->text;
        r->text.max = 0; /* the closing line always fits */
        follow_finish(&r->fol, t->o);
        out_flush(t->o);
        r->target = FX_NONE;
        t->dirty = true;
        return false;
    }
    if (r->next > r->target) {
        t->dirty = true;
        return false;
    }
    return r->next < t->ix.n;
}

bool replay_annotation(struct tui *t, uint32_t e, struct ann_lines *L)
{
    struct replay *r = &t->rp;
    if (!r->ann_valid || r->have != e)
        return false;
    *L = r->ann;
    return true;
}
