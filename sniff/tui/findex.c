/*
 * findex.c: the frame index (see findex.h).
 */
#include "findex.h"

#include <stdlib.h>
#include <string.h>

static void vec_init(struct fx_vec *v, size_t size)
{
    v->v = NULL;
    v->n = v->cap = 0;
    v->size = size;
}

static void *vec_push(struct fx_vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *nv = realloc(v->v, cap * v->size);
        if (nv == NULL)
            return NULL;
        v->v = nv;
        v->cap = cap;
    }
    return (char *)v->v + v->n++ * v->size;
}

static void *vec_at(const struct fx_vec *v, size_t i)
{
    return (char *)v->v + i * v->size;
}

void fx_init(struct findex *ix, uint32_t max)
{
    memset(ix, 0, sizeof *ix);
    ix->max = max != 0 && max < FX_NONE ? max : FX_NONE - 1;
    vec_init(&ix->skip, sizeof(struct fx_skip));
    vec_init(&ix->over, sizeof(struct fx_over));
    vec_init(&ix->extra, sizeof(struct fx_extra));
    vec_init(&ix->streams, sizeof(struct fx_stream));
    vec_init(&ix->blocks, sizeof(struct fx_block));
}

void fx_free(struct findex *ix)
{
    for (size_t i = 0; i < ix->nchunks; i++)
        free(ix->chunk[i]);
    free(ix->chunk);
    free(ix->skip.v);
    free(ix->over.v);
    free(ix->extra.v);
    free(ix->streams.v);
    free(ix->blocks.v);
    memset(ix, 0, sizeof *ix);
}

static struct fx_chunk *chunk_for(struct findex *ix, uint32_t i)
{
    size_t c = i >> FX_CHUNK_BITS;
    if (c < ix->nchunks)
        return ix->chunk[c];
    if (ix->nchunks == ix->chunk_cap) {
        size_t cap = ix->chunk_cap ? ix->chunk_cap * 2 : 16;
        struct fx_chunk **nc = realloc(ix->chunk, cap * sizeof(struct fx_chunk *));
        if (nc == NULL)
            return NULL;
        ix->chunk = nc;
        ix->chunk_cap = cap;
    }
    /* malloc, not calloc: every field is written as the entries come, and the pages of
     * a chunk are touched only then. */
    struct fx_chunk *ch = malloc(sizeof *ch);
    if (ch == NULL)
        return NULL;
    ix->chunk[ix->nchunks++] = ch;
    return ch;
}

static bool note_stream(struct findex *ix, uint32_t entry, const struct frame_rec *rec)
{
    if (!(rec->bits & FREC_TRACKED))
        return true;
    while (ix->streams.n <= rec->stream) {
        if (rec->stream - ix->streams.n > 1u << 24)
            return true; /* not the model's numbering: nothing to note */
        struct fx_stream *st = vec_push(&ix->streams);
        if (st == NULL)
            return false;
        *st = (struct fx_stream){.first = FX_NONE, .last = FX_NONE, .count = 0};
    }
    struct fx_stream *st = vec_at(&ix->streams, rec->stream);
    if (st->first == FX_NONE)
        st->first = entry;
    st->last = entry;
    st->count++;
    return true;
}

bool fx_add(struct findex *ix, uint64_t frame, uint64_t off, const struct frame_rec *rec,
            uint8_t bits)
{
    if (ix->oom || ix->n >= ix->max) {
        ix->full = ix->n >= ix->max;
        return false;
    }
    uint32_t i = ix->n;
    struct fx_chunk *ch = chunk_for(ix, i);
    if (ch == NULL) {
        ix->oom = true;
        return false;
    }
    if (i == 0 || frame != fx_frame(ix, i - 1) + 1) {
        struct fx_skip *sk = vec_push(&ix->skip);
        if (sk == NULL) {
            ix->oom = true;
            return false;
        }
        *sk = (struct fx_skip){.entry = i, .frame = frame};
    }
    uint32_t k = i & (FX_CHUNK - 1);
    if (k % 64 == 0)
        ch->base[k / 64] = off;
    uint64_t d = off - ch->base[k / 64];
    struct fx_entry *e = &ch->e[k];
    e->rec = *rec;
    if (off < ch->base[k / 64] || d >= UINT32_MAX) {
        struct fx_over *ov = vec_push(&ix->over);
        if (ov == NULL) {
            ix->oom = true;
            return false;
        }
        *ov = (struct fx_over){.entry = i, .off = off};
        e->delta = UINT32_MAX;
    } else {
        e->delta = (uint32_t)d;
    }
    ch->bits[k] = bits;
    if (!note_stream(ix, i, rec)) {
        ix->oom = true;
        return false;
    }
    ix->n++;
    return true;
}

void fx_add_extra(struct findex *ix, uint32_t entry, enum fx_extra_kind kind, uint64_t value)
{
    struct fx_extra *x = vec_push(&ix->extra);
    if (x != NULL)
        *x = (struct fx_extra){.entry = entry, .kind = kind, .value = value};
}

void fx_add_block(struct findex *ix, uint32_t entry, bool shb, uint64_t off)
{
    struct fx_block *b = vec_push(&ix->blocks);
    if (b != NULL)
        *b = (struct fx_block){.entry = entry, .shb = shb, .off = off};
}

uint64_t fx_offset(const struct findex *ix, uint32_t i)
{
    const struct fx_chunk *ch = ix->chunk[i >> FX_CHUNK_BITS];
    uint32_t k = i & (FX_CHUNK - 1);
    uint32_t d = ch->e[k].delta;
    if (d != UINT32_MAX)
        return ch->base[k / 64] + d;
    size_t lo = 0, hi = ix->over.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct fx_over *o = vec_at(&ix->over, mid);
        if (o->entry == i)
            return o->off;
        if (o->entry < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* The last skip at or before entry i. */
static const struct fx_skip *skip_for(const struct findex *ix, uint32_t i)
{
    size_t lo = 0, hi = ix->skip.n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (((const struct fx_skip *)vec_at(&ix->skip, mid))->entry <= i)
            lo = mid;
        else
            hi = mid;
    }
    return ix->skip.n ? vec_at(&ix->skip, lo) : NULL;
}

uint64_t fx_frame(const struct findex *ix, uint32_t i)
{
    const struct fx_skip *s = skip_for(ix, i);
    return s != NULL ? s->frame + (i - s->entry) : (uint64_t)i + 1;
}

uint32_t fx_find_frame(const struct findex *ix, uint64_t frame)
{
    if (ix->n == 0)
        return FX_NONE;
    /* Frame numbers grow with the entries: the first entry whose frame >= frame. */
    uint32_t lo = 0, hi = ix->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (fx_frame(ix, mid) < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n ? lo : FX_NONE;
}

bool fx_extra(const struct findex *ix, uint32_t entry, enum fx_extra_kind kind, uint64_t *value)
{
    size_t lo = 0, hi = ix->extra.n;
    while (lo < hi) { /* the first extra of this entry */
        size_t mid = (lo + hi) / 2;
        if (((const struct fx_extra *)vec_at(&ix->extra, mid))->entry < entry)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < ix->extra.n; lo++) {
        const struct fx_extra *x = vec_at(&ix->extra, lo);
        if (x->entry != entry)
            break;
        if (x->kind == (uint32_t)kind) {
            *value = x->value;
            return true;
        }
    }
    return false;
}

uint32_t fx_nstreams(const struct findex *ix)
{
    return (uint32_t)ix->streams.n;
}

const struct fx_stream *fx_stream(const struct findex *ix, uint32_t stream)
{
    return stream < ix->streams.n ? vec_at(&ix->streams, stream) : NULL;
}

uint32_t fx_block_for(const struct findex *ix, uint32_t entry)
{
    uint32_t found = FX_NONE;
    size_t lo = 0, hi = ix->blocks.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (((const struct fx_block *)vec_at(&ix->blocks, mid))->entry <= entry) {
            found = (uint32_t)mid;
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return found;
}

void fx_view_init(struct fx_view *v, bool all)
{
    memset(v, 0, sizeof *v);
    v->all = all;
}

void fx_view_free(struct fx_view *v)
{
    free(v->rows);
    memset(v, 0, sizeof *v);
}

bool fx_view_push(struct fx_view *v, uint32_t entry)
{
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 4096;
        uint32_t *nr = realloc(v->rows, (size_t)cap * sizeof *nr);
        if (nr == NULL)
            return false;
        v->rows = nr;
        v->cap = cap;
    }
    v->rows[v->n++] = entry;
    return true;
}

uint32_t fx_view_row_at(const struct fx_view *v, const struct findex *ix, uint32_t e)
{
    if (v->all)
        return ix->n == 0 ? FX_NONE : (e < ix->n ? e : ix->n - 1);
    uint32_t lo = 0, hi = v->n;
    while (lo < hi) { /* the first row whose entry > e */
        uint32_t mid = lo + (hi - lo) / 2;
        if (v->rows[mid] <= e)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? FX_NONE : lo - 1;
}

size_t fx_memory(const struct findex *ix)
{
    return ix->nchunks * sizeof(struct fx_chunk) + ix->skip.cap * ix->skip.size +
           ix->over.cap * ix->over.size + ix->extra.cap * ix->extra.size +
           ix->streams.cap * ix->streams.size + ix->blocks.cap * ix->blocks.size;
}
