/*
 * detail_tree.c: the middle pane, the -V tree of the selected frame folded as
 * Wireshark's detail pane folds it. The text is the line mode's own (fmt_detail, and
 * the model's generated lines from fmt_model_tree), written into memory with the frame
 * bytes each line describes (out.h's marks); a line's depth is its indent (4 spaces a
 * level). What is expanded is remembered by the line's path of labels with the numbers
 * left out ("Transmission Control Protocol / Flags"), so moving to the next packet keeps
 * the same subtrees open, as in Wireshark.
 */
#include <string.h>

#include "fmt_conn.h"
#include "tui_int.h"

void dtree_init(struct dtree *d)
{
    memset(d, 0, sizeof *d);
    d->entry = FX_NONE;
}

void dtree_free(struct dtree *d)
{
    tbuf_free(&d->text);
}

/* FNV-1a of a line's label: after a bit picture ("0100 .... = "), up to ':' or ',' or
 * " (", digits skipped (so "Frame 12" and "Frame 13" are one label). */
static uint32_t label_key(const char *s, size_t n, uint32_t parent)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    const char *eq = memchr(s + i, '=', n - i);
    if (eq != NULL && (s[i] == '0' || s[i] == '1' || s[i] == '.')) {
        i = (size_t)(eq - s) + 1;
        while (i < n && s[i] == ' ')
            i++;
    }
    uint32_t h = 2166136261u ^ parent;
    for (; i < n && s[i] != ':' && s[i] != ',' && s[i] != '('; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            continue;
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    }
    return h == 0 ? 1 : h;
}

static bool is_expanded(const struct dtree *d, uint32_t key)
{
    for (uint32_t i = key % DT_EXPANDED, k = 0; k < DT_EXPANDED; k++, i = (i + 1) % DT_EXPANDED) {
        if (d->expanded[i] == key)
            return true;
        if (d->expanded[i] == 0)
            return false;
    }
    return false;
}

static void set_expanded(struct dtree *d, uint32_t key, bool on)
{
    uint32_t i = key % DT_EXPANDED;
    for (uint32_t k = 0; k < DT_EXPANDED; k++, i = (i + 1) % DT_EXPANDED)
        if (d->expanded[i] == key || d->expanded[i] == 0)
            break;
    if (on) {
        if (d->expanded[i] == 0)
            d->expanded[i] = key;
        return;
    }
    if (d->expanded[i] != key)
        return;
    /* Linear probing: re-insert what follows the removed key. */
    d->expanded[i] = 0;
    for (uint32_t j = (i + 1) % DT_EXPANDED; d->expanded[j] != 0; j = (j + 1) % DT_EXPANDED) {
        uint32_t k = d->expanded[j];
        d->expanded[j] = 0;
        set_expanded(d, k, true);
    }
}

static void rebuild_visible(struct dtree *d)
{
    d->nvis = 0;
    for (uint32_t i = 0; i < d->n; i++) {
        const struct dnode *nd = &d->node[i];
        bool shown = true;
        for (uint32_t a = nd->parent; a != UINT32_MAX; a = d->node[a].parent)
            if (!is_expanded(d, d->node[a].key)) {
                shown = false;
                break;
            }
        if (shown)
            d->vis[d->nvis++] = i;
    }
}

/* Splits the text into nodes: depth from the indent, parent from a stack, bytes from
 * the marks recorded at each line's start (a line without one shows its parent's: a flag bit, its
 * flags field). */
static void parse(struct dtree *d, const struct out_marks *sp, size_t model_from)
{
    uint32_t stack[64];
    size_t si = 0;
    d->n = 0;
    const char *txt = d->text.p;
    size_t len = d->text.len, pos = 0;
    while (pos < len && d->n < DT_MAX_NODES) {
        const char *nl = memchr(txt + pos, '\n', len - pos);
        size_t end = nl != NULL ? (size_t)(nl - txt) : len;
        size_t ind = 0;
        while (pos + ind < end && txt[pos + ind] == ' ')
            ind++;
        if (end > pos + ind) { /* blank lines (the end of a tree) are not nodes */
            uint16_t level = (uint16_t)(ind / 4 < 63 ? ind / 4 : 63);
            while (si > 0 && d->node[stack[si - 1]].level >= level)
                si--;
            struct dnode *nd = &d->node[d->n];
            *nd = (struct dnode){.text = (uint32_t)(pos + ind),
                                 .len = (uint32_t)(end - pos - ind),
                                 .level = level,
                                 .parent = si > 0 ? stack[si - 1] : UINT32_MAX,
                                 .model = pos >= model_from};
            if (nd->parent != UINT32_MAX)
                d->node[nd->parent].kids = true;
            nd->key = label_key(txt + pos, end - pos,
                                nd->parent != UINT32_MAX ? d->node[nd->parent].key : 0);
            bool marked = false;
            for (size_t k = 0; k < sp->n; k++)
                if (sp->m[k].pos == pos) {
                    nd->off = sp->m[k].off;
                    nd->blen = sp->m[k].len;
                    marked = true;
                }
            if (!marked && nd->parent != UINT32_MAX && !nd->model) { /* a flag bit's field */
                nd->off = d->node[nd->parent].off;
                nd->blen = d->node[nd->parent].blen;
            }
            if (si < 64)
                stack[si++] = d->n;
            d->n++;
        }
        pos = end + 1;
    }
}

void dtree_build(struct tui *t, uint32_t e, bool hide_model)
{
    struct out_marks *spans = &t->marks;
    struct dtree *d = &t->dt;
    struct out *o = t->o;
    tbuf_reset(&d->text, 1u << 20);
    *spans =
        (struct out_marks){.m = t->mark_buf, .cap = sizeof t->mark_buf / sizeof t->mark_buf[0]};
    o->sink = tbuf_sink;
    o->sink_ctx = &d->text;
    o->marks = spans;
    o->flushed = 0;
    o->len = 0;
    bool ok = fview_detail(t, e, o);
    uint64_t model_from = out_pos(o);
    if (ok && !hide_model)
        fmt_model_tree(o, &t->fv.pkt, &fx_entry(&t->ix, e)->rec, fx_frame(&t->ix, e));
    out_flush(o);
    o->marks = NULL;
    parse(d, spans, (size_t)model_from);
    d->entry = e;
    rebuild_visible(d);
}

void dtree_toggle(struct dtree *d, uint32_t node, int how)
{
    if (node >= d->n || !d->node[node].kids)
        return;
    bool open = how < 0 ? !is_expanded(d, d->node[node].key) : how > 0;
    set_expanded(d, d->node[node].key, open);
    rebuild_visible(d);
}

void dtree_all(struct dtree *d, bool open)
{
    if (!open)
        memset(d->expanded, 0, sizeof d->expanded);
    else
        for (uint32_t i = 0; i < d->n; i++)
            if (d->node[i].kids)
                set_expanded(d, d->node[i].key, true);
    rebuild_visible(d);
}

uint32_t dtree_node_at_byte(struct dtree *d, uint32_t off)
{
    uint32_t best = UINT32_MAX;
    for (uint32_t i = 0; i < d->n; i++) {
        const struct dnode *nd = &d->node[i];
        if (nd->blen == 0 || off < nd->off || off - nd->off >= nd->blen)
            continue;
        if (best == UINT32_MAX || nd->blen < d->node[best].blen ||
            (nd->blen == d->node[best].blen && nd->level > d->node[best].level))
            best = i;
    }
    if (best == UINT32_MAX)
        return best;
    for (uint32_t a = d->node[best].parent; a != UINT32_MAX; a = d->node[a].parent)
        set_expanded(d, d->node[a].key, true);
    rebuild_visible(d);
    return best;
}

uint32_t dtree_vis_row(const struct dtree *d, uint32_t node)
{
    for (uint32_t i = 0; i < d->nvis; i++)
        if (d->vis[i] == node)
            return i;
    return UINT32_MAX;
}
