/*
 * screen.c: the main screen, laid out as Wireshark's window: the display filter bar on
 * top, the packet list, the detail tree and the bytes, then the selected packet's
 * annotation, the status bar and the key hints. Each pane is a panel (panel.c) over its
 * rows: list rows are the view's entries, read and formatted as they are drawn
 * (fview_line); tree rows are the visible nodes of the selected frame's tree; byte rows
 * are 16 (or, narrower than 78 columns, 8) bytes of the frame. Drawing formats and
 * never decodes: what a row says comes from the format stage's printers.
 */
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "fmt_summary.h"
#include "tui_int.h"

static int bytes_per_line(const struct tui *t)
{
    return t->crt.cols >= 78 ? 16 : 8;
}

void screen_layout(struct tui *t)
{
    crt_size(&t->crt);
    int rows = t->crt.rows, cols = t->crt.cols;
    t->ann_rows = rows >= 30 ? 3 : 2;
    int r = rows - 1 - t->ann_rows - 2 - 3; /* filter, annotation, status+keys, titles */
    if (r < 3)
        r = 3;
    int lh = r * 45 / 100, dh = r * 30 / 100;
    if (lh < 1)
        lh = 1;
    if (dh < 1)
        dh = 1;
    int bh = r - lh - dh;
    if (bh < 1)
        bh = 1;
    t->list = (struct panel){.y = 2,
                             .x = 0,
                             .h = lh,
                             .w = cols,
                             .n = t->list.n,
                             .sel = t->list.sel,
                             .top = t->list.top,
                             .hscroll = t->list.hscroll};
    t->detail.y = 2 + lh + 1;
    t->detail.h = dh;
    t->detail.w = cols;
    t->bytes.y = t->detail.y + dh + 1;
    t->bytes.h = bh;
    t->bytes.w = cols;
    panel_scroll_into_view(&t->list);
    panel_scroll_into_view(&t->detail);
    panel_scroll_into_view(&t->bytes);
}

uint32_t screen_selected_entry(const struct tui *t)
{
    if (t->list.n == 0 || t->list.sel >= tui_rows(t))
        return FX_NONE;
    return fx_view_entry(&t->view, t->list.sel);
}

void screen_select_row(struct tui *t, uint32_t row)
{
    panel_set(&t->list, tui_rows(t));
    panel_go(&t->list, row);
    tui_selection_changed(t);
}

static void title(struct tui *t, int y, const char *text, bool focused)
{
    attrset(crt_attr(&t->crt, focused ? TC_TITLE : TC_STATUS));
    crt_put(y, 0, t->crt.cols, text, strlen(text), 0);
    attrset(A_NORMAL);
}

static void draw_list(struct tui *t)
{
    struct panel *p = &t->list;
    char head[512];
    tbuf_reset(&t->line, 0);
    t->o->sink = tbuf_sink;
    t->o->sink_ctx = &t->line;
    fmt_summary_header(t->o);
    out_flush(t->o);
    snprintf(head, sizeof head, "%.*s", (int)(t->line.len > 0 ? t->line.len - 1 : 0), t->line.p);
    attrset(crt_attr(&t->crt, t->focus == PANE_LIST ? TC_TITLE : TC_STATUS));
    crt_put(p->y - 1, 0, p->w, head, strlen(head), p->hscroll);
    for (int i = 0; i < p->h; i++) {
        uint32_t row = p->top + (uint32_t)i;
        if (row >= p->n) {
            attrset(A_NORMAL);
            crt_put(p->y + i, 0, p->w, "", 0, 0);
            continue;
        }
        uint32_t e = fx_view_entry(&t->view, row);
        enum tui_color c;
        fview_line(t, e, &c);
        if (row == p->sel)
            c = t->focus == PANE_LIST ? TC_SELECT : TC_SELECT_DIM;
        attrset(crt_attr(&t->crt, c));
        crt_put(p->y + i, 0, p->w, t->line.p, t->line.len, p->hscroll);
    }
    attrset(A_NORMAL);
}

static void draw_detail(struct tui *t)
{
    struct panel *p = &t->detail;
    struct dtree *d = &t->dt;
    title(t, p->y - 1, " Packet details  (Enter/Right open, Left close, e/E all)",
          t->focus == PANE_DETAIL);
    p->n = d->nvis;
    panel_scroll_into_view(p);
    for (int i = 0; i < p->h; i++) {
        uint32_t row = p->top + (uint32_t)i;
        attrset(A_NORMAL);
        if (row >= d->nvis || d->entry == FX_NONE) {
            crt_put(p->y + i, 0, p->w, "", 0, 0);
            continue;
        }
        const struct dnode *nd = &d->node[d->vis[row]];
        char pre[160];
        int ind = nd->level * 2 < 120 ? nd->level * 2 : 120;
        memset(pre, ' ', (size_t)ind);
        bool open = row + 1 < d->nvis && d->node[d->vis[row + 1]].parent == d->vis[row];
        pre[ind] = nd->kids ? (open ? '-' : '+') : ' ';
        pre[ind + 1] = ' ';
        enum tui_color c = nd->model ? TC_MODEL : TC_NORMAL;
        if (row == p->sel)
            c = t->focus == PANE_DETAIL ? TC_SELECT : TC_SELECT_DIM;
        attrset(crt_attr(&t->crt, c));
        int w = crt_put(p->y + i, 0, ind + 2, pre, (size_t)ind + 2, 0);
        crt_put(p->y + i, w, p->w - w, d->text.p + nd->text, nd->len, p->hscroll);
    }
    attrset(A_NORMAL);
}

/* The frame bytes the selected tree line describes (its own, or its nearest
 * ancestor's). */
static bool field_range(const struct tui *t, uint32_t *off, uint32_t *len)
{
    const struct dtree *d = &t->dt;
    if (t->detail.sel >= d->nvis)
        return false;
    for (uint32_t k = d->vis[t->detail.sel]; k != UINT32_MAX; k = d->node[k].parent)
        if (d->node[k].blen > 0) {
            *off = d->node[k].off;
            *len = d->node[k].blen;
            return true;
        }
    return false;
}

static void draw_bytes(struct tui *t)
{
    struct panel *p = &t->bytes;
    uint32_t e = screen_selected_entry(t);
    bool have = e != FX_NONE && fview_load(t, e);
    uint32_t caplen = have ? t->fv.hdr.caplen : 0;
    int bpl = bytes_per_line(t);
    char head[96];
    snprintf(head, sizeof head,
             " Packet bytes  (%u captured; Tab here, arrows to a byte, Enter: its field)", caplen);
    title(t, p->y - 1, head, t->focus == PANE_BYTES);
    p->n = (caplen + (uint32_t)bpl - 1) / (uint32_t)bpl;
    uint32_t hoff = 0, hlen = 0;
    bool hl = have && field_range(t, &hoff, &hlen);
    const uint8_t *b = have ? t->fv.data : NULL;
    for (int i = 0; i < p->h; i++) {
        uint32_t row = p->top + (uint32_t)i;
        int y = p->y + i;
        attrset(A_NORMAL);
        crt_put(y, 0, p->w, "", 0, 0);
        if (!have || row >= p->n)
            continue;
        uint32_t base = row * (uint32_t)bpl;
        mvprintw(y, 0, "%04x  ", base);
        for (int k = 0; k < bpl && base + (uint32_t)k < caplen; k++) {
            uint32_t at = base + (uint32_t)k;
            int a = A_NORMAL;
            if (hl && at >= hoff && at - hoff < hlen)
                a = crt_attr(&t->crt, TC_HILITE);
            if (t->focus == PANE_BYTES && at == t->byte_sel)
                a = crt_attr(&t->crt, TC_SELECT);
            int xh = 6 + k * 3 + (k >= 8 ? 1 : 0);
            int xa = 6 + bpl * 3 + 2 + k;
            if (xa >= p->w)
                continue;
            char hx[3];
            snprintf(hx, sizeof hx, "%02x", b[at]);
            attrset(a);
            mvaddstr(y, xh, hx);
            mvaddch(y, xa, b[at] >= 0x20 && b[at] < 0x7f ? b[at] : '.');
            attrset(A_NORMAL);
        }
    }
}

static void draw_annotation(struct tui *t, int y)
{
    uint32_t e = screen_selected_entry(t);
    const struct sniff *s = t->s;
    char buf[256];
    const char *lines[ANN_MAX_LINES];
    bool alert[ANN_MAX_LINES] = {false};
    int n = 0;
    if (e != FX_NONE && s->opt.quiz && t->quiz_entry != e) {
        lines[n++] = "Quiz: which socket call made this packet, and what state is each end in "
                     "now? Think, then press Space for the answer.";
    } else if (e != FX_NONE && t->ann_entry == e && !t->ann_pending) {
        /* A few rows for many lines: what is wrong first, then what the packet means,
         * the states (the tree has them too), the lessons last. */
        static const uint8_t order[] = {ANN_ALERT, ANN_HINT, ANN_TEXT, ANN_STATE, ANN_LESSON};
        for (size_t k = 0; k < sizeof order; k++)
            for (int i = 0; i < t->ann.n && n < ANN_MAX_LINES; i++)
                if (t->ann.kind[i] == order[k]) {
                    alert[n] = t->ann.alert[i];
                    lines[n++] = t->ann.line[i];
                }
    } else if (e != FX_NONE && t->ann_pending) {
        snprintf(buf, sizeof buf, "(reading connection #%u again for this packet's annotation...)",
                 t->rp.stream);
        lines[n++] = buf;
    }
    for (int i = 0; i < t->ann_rows; i++) {
        attrset(A_NORMAL);
        crt_put(y + i, 0, t->crt.cols, "", 0, 0);
    }
    /* The lines wrapped to the width, as many rows as there are. */
    int row = 0;
    for (int i = 0; i < n && row < t->ann_rows; i++) {
        const char *l = lines[i];
        size_t len = strlen(l);
        attrset(crt_attr(&t->crt, alert[i] ? TC_ALERT : TC_ANN));
        while (len > 0 && row < t->ann_rows) {
            int cols = t->crt.cols;
            size_t take = len;
            if (crt_width(l, len) > cols) { /* cut at a space within the width */
                take = 0;
                for (size_t k = 0; k < len && crt_width(l, k + 1) <= cols; k++)
                    if (l[k] == ' ')
                        take = k + 1;
                if (take == 0)
                    take = (size_t)cols < len ? (size_t)cols : len;
            }
            crt_put(y + row++, 0, cols, l, take, 0);
            l += take;
            len -= take;
        }
    }
    attrset(A_NORMAL);
}

static void draw_filter_bar(struct tui *t)
{
    struct incset *in = &t->in;
    char buf[INC_MAX + 64];
    int cols = t->crt.cols;
    if (in->kind == INC_FILTER) {
        snprintf(buf, sizeof buf, "Filter: %s", in->text);
        attrset(crt_attr(&t->crt, in->valid ? TC_OK : TC_ERROR));
        crt_put(0, 0, cols, buf, strlen(buf), 0);
        if (!in->valid && in->err_len > 0) { /* the offending token, in reverse */
            attron(A_REVERSE);
            int x = 8 + crt_width(in->text, in->err_pos);
            size_t l = in->err_pos + in->err_len <= in->len ? in->err_len : in->len - in->err_pos;
            if (x < cols)
                crt_put(0, x,
                        cols - x < crt_width(in->text + in->err_pos, l)
                            ? cols - x
                            : crt_width(in->text + in->err_pos, l),
                        in->text + in->err_pos, l, 0);
        }
        attrset(A_NORMAL);
        int cx = 8 + crt_width(in->text, in->cursor);
        move(0, cx < cols ? cx : cols - 1);
        curs_set(1);
        return;
    }
    if (t->jf.on)
        snprintf(buf, sizeof buf, "Filter: %s   (applying: %u of %u packets examined)", t->jf.expr,
                 t->jf.view.done, t->ix.n);
    else if (t->filter_text[0] != '\0')
        snprintf(buf, sizeof buf, "Filter: %s", t->filter_text);
    else
        snprintf(buf, sizeof buf, "Filter: (none)   Ctrl-F or \\ to filter, e.g. tcp.stream == 0");
    attrset(crt_attr(&t->crt, t->filter_text[0] != '\0' ? TC_OK : TC_NORMAL));
    crt_put(0, 0, cols, buf, strlen(buf), 0);
    attrset(A_NORMAL);
}

static void draw_status(struct tui *t, int y)
{
    char buf[1024];
    int cols = t->crt.cols;
    struct incset *in = &t->in;
    if (in->kind == INC_SEARCH || in->kind == INC_GOTO) {
        snprintf(buf, sizeof buf, "%s%s",
                 in->kind == INC_SEARCH ? "Search: " : "Go to packet: ", in->text);
        attrset(A_NORMAL);
        crt_put(y, 0, cols, buf, strlen(buf), 0);
        int cx = (in->kind == INC_SEARCH ? 8 : 14) + crt_width(in->text, in->cursor);
        move(y, cx < cols ? cx : cols - 1);
        curs_set(1);
        return;
    }
    if (in->kind == INC_FILTER) {
        attrset(crt_attr(&t->crt, in->valid ? TC_NORMAL : TC_ALERT));
        crt_put(y, 0, cols, in->msg, strlen(in->msg), 0);
        attrset(A_NORMAL);
        return;
    }
    if (t->msg[0] != '\0') {
        attrset(crt_attr(&t->crt, t->msg_error ? TC_ERROR : TC_STATUS));
        crt_put(y, 0, cols, t->msg, strlen(t->msg), 0);
        attrset(A_NORMAL);
        return;
    }
    uint32_t e = screen_selected_entry(t);
    const char *name = t->live ? t->s->opt.iface : t->s->opt.rfile;
    int n = snprintf(buf, sizeof buf, " %s%s | Packets: %u | Displayed: %u", t->live ? "live " : "",
                     name, t->ix.n, fx_view_n(&t->view, &t->ix));
    if (t->s->opt.step)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " | Step: %u shown, Space for the next",
                      tui_rows(t));
    if (e != FX_NONE) {
        const struct frame_rec *r = &fx_entry(&t->ix, e)->rec;
        n += snprintf(buf + n, sizeof buf - (size_t)n, " | No. %llu",
                      (unsigned long long)fx_frame(&t->ix, e));
        if (r->bits & FREC_TRACKED)
            n += snprintf(buf + n, sizeof buf - (size_t)n, " | Stream: %u", r->stream);
    }
    if (t->filter_text[0] != '\0')
        n += snprintf(buf + n, sizeof buf - (size_t)n, " | Filter: %s", t->filter_text);
    if (t->live) {
        struct pcap_stat ps;
        if (t->s->pc != NULL && pcap_stats(t->s->pc, &ps) == 0)
            n += snprintf(buf + n, sizeof buf - (size_t)n,
                          " | captured %llu, received %u, dropped %u",
                          (unsigned long long)t->s->matched, ps.ps_recv, ps.ps_drop);
        if (t->ix.full)
            n += snprintf(buf + n, sizeof buf - (size_t)n,
                          " | view full: later packets only saved by -w");
    } else if (t->indexing) {
        n += snprintf(buf + n, sizeof buf - (size_t)n, " | reading the file...");
    } else if (t->t_indexed > 0) {
        n += snprintf(buf + n, sizeof buf - (size_t)n, " | read in %.2f s, index %.1f MiB",
                      t->t_indexed - t->t_start, (double)fx_memory(&t->ix) / 1048576.0);
    }
    if (t->read_error)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " | %s", t->read_err);
    (void)n;
    attrset(crt_attr(&t->crt, TC_STATUS));
    crt_put(y, 0, cols, buf, strlen(buf), 0);
    attrset(A_NORMAL);
}

void screen_draw(struct tui *t)
{
    curs_set(0);
    panel_set(&t->list, tui_rows(t));
    if (t->mode != MODE_MAIN) {
        views_draw(t);
        return;
    }
    int y_ann = t->bytes.y + t->bytes.h;
    draw_list(t);
    draw_detail(t);
    draw_bytes(t);
    draw_annotation(t, y_ann);
    draw_status(t, t->crt.rows - 2);
    funcbar_draw(t, t->crt.rows - 1);
    draw_filter_bar(t); /* last: it may place the cursor */
    if (t->in.kind == INC_SEARCH || t->in.kind == INC_GOTO)
        draw_status(t, t->crt.rows - 2);
}
