/*
 * dump.c: --tui-dump=ORDER, the TUI's model without the terminal. The file is indexed as
 * the UI indexes it, then every displayed frame is read back through the index in the
 * order asked (seq, reverse, or random: a seeded shuffle) and printed as the line mode
 * prints it: the packet list line or the -V tree, and with -A the annotation (its
 * connection analysed again, replay.c). A test sorts the frames back by number and
 * compares them with sniff -r FILE's own output: the same model, read at random. With
 * --tui-dump-filter=EXPR, EXPR is then applied as the filter bar applies it (Enter, once
 * the file is read: the filter job), and the frames it shows are printed.
 *
 * On standard error: how long indexing took, the slowest frame read back, and the
 * index's size (bench/tui_bench.sh reads them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui_int.h"

/* A permutation of 0..n-1: seq, reverse or a seeded shuffle. */
static uint32_t *order_of(const char *how, uint32_t n)
{
    uint32_t *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    bool rev = strcmp(how, "reverse") == 0;
    for (uint32_t i = 0; i < n; i++)
        v[i] = rev ? n - 1 - i : i;
    if (strcmp(how, "random") == 0) {
        uint64_t x = 0x9e3779b97f4a7c15ull; /* splitmix64, a fixed seed: reproducible */
        for (uint32_t i = n; i > 1; i--) {
            x += 0x9e3779b97f4a7c15ull;
            uint64_t z = x;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            z ^= z >> 31;
            uint32_t j = (uint32_t)(z % i);
            uint32_t tmp = v[i - 1];
            v[i - 1] = v[j];
            v[j] = tmp;
        }
    }
    return v;
}

static void print_frame(struct tui *t, uint32_t e)
{
    struct sniff *s = t->s;
    struct out *o = &s->out;
    if (s->opt.detail) {
        (void)fview_detail(t, e, o);
    } else {
        enum tui_color c;
        (void)fview_line(t, e, &c);
        out_mem(o, t->line.p, t->line.len);
        out_char(o, '\n');
    }
    if (!s->annotating)
        return;
    const struct frame_rec *r = &fx_entry(&t->ix, e)->rec;
    if (!(r->bits & FREC_ANALYSED))
        return;
    replay_aim(t, &t->rp, e, false);
    while (replay_step(t, &t->rp, 4096))
        ;
    struct ann_lines L;
    if (replay_annotation(t, e, &L))
        annotate_print(o, &L, false);
}

enum status tui_dump(struct sniff *s, char *err, size_t errlen)
{
    const char *how = s->opt.tui_dump;
    if (strcmp(how, "seq") != 0 && strcmp(how, "reverse") != 0 && strcmp(how, "random") != 0) {
        snprintf(err, errlen, "--tui-dump takes seq, reverse or random, not '%s'", how);
        return STATUS_USAGE;
    }
    struct tui *t = calloc(1, sizeof *t);
    if (t == NULL) {
        snprintf(err, errlen, "out of memory for the TUI's model");
        return STATUS_RUNTIME;
    }
    bool color = s->opt.fmt.color;
    t->t_start = tui_now();
    enum status st = tui_setup(t, s, err, errlen);
    s->opt.fmt.color = color;
    if (st == STATUS_OK)
        st = sniff_enter_sandbox(s, err, errlen);
    if (st == STATUS_OK && t->live) {
        snprintf(err, errlen, "--tui-dump reads a file: give it -r FILE");
        st = STATUS_USAGE;
    }
    if (st != STATUS_OK) {
        tui_teardown(t);
        free(t);
        return st;
    }
    while (tui_index_step(t, 65536))
        ;
    double indexed = tui_now() - t->t_start;
    double filtered = 0;
    if (s->opt.tui_dump_filter != NULL) { /* typed into the bar once the file is read */
        if (!tui_filter_start(t, s->opt.tui_dump_filter, err, errlen)) {
            tui_teardown(t);
            free(t);
            return STATUS_USAGE;
        }
        tui_filter_finish(t);
        filtered = tui_now() - t->t_start - indexed;
    }
    uint32_t n = fx_view_n(&t->view, &t->ix);
    uint32_t *ord = order_of(how, n);
    double slowest = 0;
    for (uint32_t i = 0; ord != NULL && i < n; i++) {
        double t0 = tui_now();
        print_frame(t, fx_view_entry(&t->view, ord[i]));
        double dt = tui_now() - t0;
        if (dt > slowest)
            slowest = dt;
    }
    free(ord);
    fprintf(stderr,
            "tui-dump: %u frames indexed in %.3f s, filtered in %.3f s, %u read back %s, "
            "slowest %.3f ms; index %.1f MiB\n",
            t->ix.n, indexed, filtered, n, how, slowest * 1e3,
            (double)fx_memory(&t->ix) / 1048576.0);
    if (t->read_error) {
        snprintf(err, errlen, "%s", t->read_err);
        st = STATUS_RUNTIME;
    }
    tui_teardown(t);
    free(t);
    return st;
}
