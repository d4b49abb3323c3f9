/*
 * ingest.c: frames into the index, and the jobs that run between keys.
 *
 * The capture is read by the line mode's own pipeline (app/sniff_frame.c: capture filter,
 * --redact/--anonymize, -w, decode, the connection model), a slice of frames at a time;
 * its frame hook lands here instead of a printer: the frame's record offset and the
 * model's frame record go into the index, the display filter in force (if it has seen
 * every earlier entry) decides on the frame while it is decoded, and live frames are
 * written to the spool file the UI reads them back from.
 *
 * The UI runs in one thread: reading the file, applying a new display filter and
 * searching are jobs that the event loop (tui.c) runs a slice at a time between keys,
 * as Redis's ae.c runs its time events. No locks, no second thread for the sandbox to
 * fence, and a key waits at most one slice (a few milliseconds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dfilter.h"
#include "fmt.h"
#include "tui_int.h"

/* ---- text kept in memory ---- */

void tbuf_sink(void *ctx, const char *p, size_t n)
{
    struct tbuf *b = ctx;
    if (b->max != 0 && b->len + n > b->max) {
        n = b->len < b->max ? b->max - b->len : 0;
        b->cut = true;
    }
    if (n == 0)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (np == NULL) {
            b->cut = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void tbuf_reset(struct tbuf *b, size_t max)
{
    b->len = 0;
    b->max = max;
    b->cut = false;
    if (b->p != NULL)
        b->p[0] = '\0';
}

void tbuf_free(struct tbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- pcapng: section and interface blocks between frames ---- */

#define PCAPNG_SHB 0x0A0D0D0Au
#define PCAPNG_IDB 1u

static uint32_t rd32(const uint8_t *b, bool swapped)
{
    uint32_t v;
    memcpy(&v, b, 4);
    return swapped ? __builtin_bswap32(v) : v;
}

/* The blocks libpcap read from `from` to `to` for this frame: each section header and
 * interface description is noted, for a reader that seeks (fview.c's prime). */
static void scan_gap(struct tui *t, int fd, uint64_t from, uint64_t to, uint32_t entry)
{
    uint64_t pos = from;
    for (int guard = 0; pos + 12 <= to && guard < 65536; guard++) {
        uint8_t b[12];
        if (pread(fd, b, sizeof b, (off_t)pos) != (ssize_t)sizeof b)
            return;
        uint32_t type = rd32(b, t->pcapng_swapped);
        if (type == PCAPNG_SHB) {
            t->pcapng_swapped = rd32(b + 8, false) != 0x1A2B3C4Du;
            fx_add_block(&t->ix, entry, true, pos);
        } else if (type == PCAPNG_IDB) {
            fx_add_block(&t->ix, entry, false, pos);
        }
        uint32_t len = rd32(b + 4, t->pcapng_swapped);
        if (len < 12 || len % 4 != 0)
            return;
        pos += len;
    }
}

/* A filter that has seen every earlier entry decides on this one now. */
static void feed(struct fx_view *v, struct dfilter *df, uint32_t e, const struct df_frame *fr)
{
    if (v->all || v->done != e)
        return;
    if (df == NULL || dfilter_match_frame(df, fr))
        (void)fx_view_push(v, e);
    v->done = e + 1;
}

/* The times frame.time_relative and frame.time_delta count from (sniff_df_frame): the
 * first frame read and the one read before this one. The filter job finds them among
 * the entries, but for frames the capture filter skipped: the first's time is kept,
 * and the previous one's beside the entry after a skip. */
static void note_times(struct tui *t, uint32_t e, const struct df_frame *fr)
{
    int64_t own = frame_ns(&fr->p->frame);
    if (e == 0)
        t->first_ns = fr->first_ns;
    if (fr->prev_ns != (e == 0 ? own : t->last_ns))
        fx_add_extra(&t->ix, e, FX_PREV_TIME, (uint64_t)fr->prev_ns);
    t->last_ns = own;
}

void tui_hook(void *ctx, struct sniff *s, const struct pcap_pkthdr *h, const uint8_t *data,
              struct packet *p, const struct pkt_analysis *pa)
{
    struct tui *t = ctx;
    uint64_t off;
    if (t->live) {
        if (t->spool == NULL || t->ix.full)
            return;
        off = (uint64_t)t->spool_off;
        pcap_dump((u_char *)t->spool, h, data);
        t->spool_off += 16 + (int64_t)h->caplen;
    } else {
        off = (uint64_t)s->rec_off;
        if (t->pcapng) {
            FILE *f = pcap_file(s->pc);
            long after = ftell(f);
            uint64_t plain = 32u + ((h->caplen + 3u) & ~3u);
            if (after > s->rec_off && (uint64_t)(after - s->rec_off) != plain)
                scan_gap(t, fileno(f), off, (uint64_t)after, t->ix.n);
        }
    }
    uint32_t e = t->ix.n;
    uint8_t bits = color_of(p) == COLOR_BAD ? FX_BAD : 0;
    if (!fx_add(&t->ix, s->frames, off, &pa->rec, bits))
        return;
    if ((p->l4 == L4_ICMP || p->l4 == L4_ICMPV6) && p->icmp.request_in != 0)
        fx_add_extra(&t->ix, e, FX_ICMP_REQUEST, p->icmp.request_in);
    if (pa->waited)
        fx_add_extra(&t->ix, e, FX_WAITED, pa->waited_for);
    struct df_frame fr; /* the filter sees the model's analysis of the frame, as -Y does */
    sniff_df_frame(s, p, &fr);
    note_times(t, e, &fr);
    feed(&t->view, t->df, e, &fr);
    if (t->jf.on)
        feed(&t->jf.view, t->jf.df, e, &fr);
    t->dirty = true;
}

bool tui_index_step(struct tui *t, uint64_t frames)
{
    if (!t->indexing)
        return false;
    int rc = sniff_offline_step(t->s, frames, t->read_err, sizeof t->read_err);
    if (rc == 2 && !t->ix.full && !t->ix.oom)
        return true;
    t->indexing = false;
    t->t_indexed = tui_now();
    if (rc == 1)
        t->read_error = true;
    t->dirty = true;
    return false;
}

uint32_t tui_rows(const struct tui *t)
{
    uint32_t n = fx_view_n(&t->view, &t->ix);
    if (t->s->opt.step && t->revealed < n)
        return t->revealed;
    return n;
}

/* ---- the display filter job ---- */

/* The job reads every entry again in order and runs the connection model over it, as
 * the file's reading did (the same options, so the same results: the index keeps only
 * part of them, and a filter may read any, from tcp.analysis.ack_rtt to echo.rtt),
 * then decides on the frame as -Y does (dfilter_match_frame on sniff_df_frame's
 * fields). About the file's reading time again; the keys are served between slices.
 * When it has seen every entry, the hook decides on later ones with the reading's own
 * model (ingest's feed), which says the same. */

bool tui_filter_readable(bool pcapng, const struct dfilter *df, char *err, size_t errlen)
{
    if (!pcapng || !(dfilter_needs(df) & DF_NEED_COMMENTS))
        return true;
    snprintf(err, errlen,
             "frame.comment: the terminal UI reads a pcapng file without its comments (man "
             "sniff, THE TERMINAL UI); sniff -r FILE -Y finds them");
    return false;
}

void tui_filter_cancel(struct tui *t)
{
    struct job_filter *jf = &t->jf;
    dfilter_free(jf->df);
    jf->df = NULL;
    fx_view_free(&jf->view);
    if (jf->an_ready)
        analysis_free(&jf->an);
    jf->an_ready = false;
    jf->on = false;
}

bool tui_filter_start(struct tui *t, const char *expr, char *err, size_t errlen)
{
    struct job_filter *jf = &t->jf;
    struct dfilter *df = NULL;
    while (*expr == ' ')
        expr++;
    if (expr[0] != '\0' && dfilter_compile_loc(expr, &df, err, errlen, NULL, NULL) != 0)
        return false;
    if (!tui_filter_readable(t->pcapng, df, err, errlen)) {
        dfilter_free(df);
        return false;
    }
    tui_filter_cancel(t);
    /* The reading's options, its hash key included: the same model, frame for frame. */
    if (df != NULL && !analysis_init(&jf->an, &t->s->an.opts, err, errlen)) {
        dfilter_free(df);
        return false;
    }
    jf->an_ready = df != NULL;
    jf->on = true;
    jf->df = df;
    jf->last_ns = 0;
    snprintf(jf->expr, sizeof jf->expr, "%s", expr);
    fx_view_init(&jf->view, df == NULL);
    jf->keep_entry = screen_selected_entry(t);
    return true;
}

static void filter_done(struct tui *t)
{
    struct job_filter *jf = &t->jf;
    dfilter_free(t->df);
    fx_view_free(&t->view);
    t->df = jf->df;
    t->view = jf->view;
    snprintf(t->filter_text, sizeof t->filter_text, "%s", jf->expr);
    jf->df = NULL;
    memset(&jf->view, 0, sizeof jf->view);
    tui_filter_cancel(t);
    /* The selection stays on its packet when the filter still shows it, else on the
     * nearest shown packet before it (the first one when none is before). */
    uint32_t row = FX_NONE;
    if (jf->keep_entry != FX_NONE)
        row = fx_view_row_at(&t->view, &t->ix, jf->keep_entry);
    if (row == FX_NONE)
        row = 0;
    t->list.top = 0;
    panel_set(&t->list, tui_rows(t));
    screen_select_row(t, row);
    uint32_t n = fx_view_n(&t->view, &t->ix);
    if (t->df != NULL)
        tui_status(t, false, "filter applied: %u of %u packets shown", n, t->ix.n);
    else
        tui_status(t, false, "filter cleared: all %u packets shown", n);
}

/* Entry e as -Y sees it: read again, analysed by the job's model, -S, the times. */
static bool filter_frame(struct tui *t, uint32_t e)
{
    struct job_filter *jf = &t->jf;
    if (!fview_load(t, e)) {
        jf->pa.valid = false;
        return false;
    }
    struct packet *p = &t->fv.pkt;
    (void)analysis_packet(&jf->an, p, &jf->pa);
    t->fv.entry = FX_NONE; /* p->track was written again (and more than the index says) */
    if (t->s->opt.fmt.absolute_seq)
        sniff_absolute_numbers(p);
    int64_t own = frame_ns(&p->frame);
    uint64_t prev;
    struct df_frame fr = {
        .p = p,
        .pa = jf->pa.valid ? &jf->pa : NULL,
        .first_ns = t->first_ns,
        .prev_ns = fx_extra(&t->ix, e, FX_PREV_TIME, &prev) ? (int64_t)prev
                   : e == 0                                 ? own
                                                            : jf->last_ns,
    };
    jf->last_ns = own;
    return dfilter_match_frame(jf->df, &fr);
}

bool tui_filter_step(struct tui *t, uint32_t frames)
{
    struct job_filter *jf = &t->jf;
    if (!jf->on)
        return false;
    for (uint32_t k = 0; k < frames && !jf->view.all && jf->view.done < t->ix.n; k++) {
        uint32_t e = jf->view.done;
        if (filter_frame(t, e))
            (void)fx_view_push(&jf->view, e);
        jf->view.done = e + 1;
    }
    if (jf->view.all || jf->view.done >= t->ix.n) {
        filter_done(t);
        t->dirty = true;
        return false;
    }
    t->dirty = true;
    return true;
}

void tui_filter_finish(struct tui *t)
{
    while (tui_filter_step(t, 65536))
        ;
}

/* ---- search ---- */

void tui_search_start(struct tui *t, const char *text, int dir)
{
    struct job_search *js = &t->js;
    uint32_t n = tui_rows(t);
    if (text[0] == '\0' || n == 0)
        return;
    snprintf(js->text, sizeof js->text, "%s", text);
    js->on = true;
    js->dir = dir;
    js->start = t->list.sel;
    js->row = t->list.sel;
    js->seen = 0;
}

bool tui_search_step(struct tui *t, uint32_t rows)
{
    struct job_search *js = &t->js;
    if (!js->on)
        return false;
    uint32_t n = tui_rows(t);
    for (uint32_t k = 0; k < rows; k++) {
        if (js->seen >= n) {
            js->on = false;
            tui_status(t, true, "'%s' not found", js->text);
            return false;
        }
        js->row = js->dir > 0 ? (js->row + 1) % n : (js->row + n - 1) % n;
        js->seen++;
        enum tui_color c;
        uint32_t e = fx_view_entry(&t->view, js->row);
        if (fview_line(t, e, &c) && strcasestr(t->line.p, js->text) != NULL) {
            js->on = false;
            screen_select_row(t, js->row);
            tui_status(t, false, "found '%s' in packet %llu%s", js->text,
                       (unsigned long long)fx_frame(&t->ix, e),
                       js->row <= js->start && js->dir > 0 ? " (search wrapped)" : "");
            return false;
        }
    }
    t->dirty = true;
    return true;
}
