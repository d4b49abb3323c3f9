/*
 * tui.c: sniff --tui's set-up and event loop (htop's ScreenManager, Redis's ae.c).
 *
 * Set-up, in the order the privileges demand: sniff_open has opened the capture, dropped
 * root and opened the files as the user; then the second reader of the file (or, live,
 * the spool every frame is written to), the terminal, and last the seccomp filter, in
 * its variant that lets ncurses set the terminal's modes and read its size.
 *
 * The loop waits in poll(2) for a key or, live, for packets; between them it runs the
 * jobs a slice at a time (reading the file, a new filter, a search, a connection
 * analysed again) and redraws what changed, at most ten times a second while a job
 * runs. The first screen is drawn after the first slice, while the file is still read.
 */
#include "tui.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "dfilter.h"
#include "oui.h"
#include "tui_int.h"

#define SLICE_S 0.012 /* one slice of jobs between looks at the keyboard */
#define REDRAW_S 0.1  /* redraws while a job runs */
#define MSG_S 4.0     /* a message gives the status bar back after this */
#define LIVE_MAX_DEFAULT 1000000

double tui_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tui_status(struct tui *t, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->msg, sizeof t->msg, fmt, ap);
    va_end(ap);
    t->msg_error = error;
    t->msg_until = tui_now() + MSG_S;
    t->dirty = true;
}

enum status tui_check_terminal(const struct sniff_opts *o, char *err, size_t errlen)
{
    if (o->tui_dump != NULL)
        return STATUS_OK;
    const char *term = getenv("TERM");
    if (o->rfile != NULL && strcmp(o->rfile, "-") == 0) {
        snprintf(err, errlen,
                 "--tui reads its keys from standard input and the capture at random, so it "
                 "cannot read the capture from standard input (-r -); save it to a file "
                 "first and give that to -r");
        return STATUS_USAGE;
    }
    if (isatty(STDOUT_FILENO) != 1 || isatty(STDIN_FILENO) != 1) {
        snprintf(err, errlen,
                 "--tui draws on a terminal, and standard %s is not one (a pipe or a file); "
                 "run it in a terminal, or drop --tui for text output (sniff -r FILE, -V)",
                 isatty(STDOUT_FILENO) != 1 ? "output" : "input");
        return STATUS_USAGE;
    }
    if (term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0) {
        snprintf(err, errlen,
                 "--tui needs a terminal that can move the cursor, and TERM is %s%s%s; set "
                 "TERM to your terminal's type (e.g. xterm-256color), or drop --tui for text "
                 "output",
                 term == NULL ? "not set" : "'", term == NULL ? "" : term, term == NULL ? "" : "'");
        return STATUS_USAGE;
    }
    return STATUS_OK;
}

void tui_selection_changed(struct tui *t)
{
    uint32_t e = screen_selected_entry(t);
    t->dirty = true;
    t->byte_sel = 0;
    t->bytes.sel = t->bytes.top = 0;
    if (e == FX_NONE) {
        t->dt.entry = FX_NONE;
        t->dt.nvis = 0;
        t->ann_entry = FX_NONE;
        t->ann_pending = false;
        return;
    }
    bool hide = t->s->opt.quiz && t->quiz_entry != e;
    dtree_build(t, e, hide);
    t->detail.n = t->dt.nvis;
    panel_set(&t->detail, t->dt.nvis);
    t->ann_entry = e;
    t->ann.n = 0;
    const struct frame_rec *r = &fx_entry(&t->ix, e)->rec;
    t->ann_pending = (r->bits & FREC_ANALYSED) && t->s->annotating;
    if (t->ann_pending)
        replay_aim(t, &t->rp, e, false);
}

/* A file to read at random: a seekable file, its reader and whether it is pcapng. */
static enum status open_offline(struct tui *t, char *err, size_t errlen)
{
    struct sniff *s = t->s;
    FILE *f = pcap_file(s->pc);
    int fd = f != NULL ? fileno(f) : -1;
    if (fd < 0 || lseek(fd, 0, SEEK_CUR) < 0) {
        snprintf(err, errlen,
                 "--tui reads the capture at random and cannot seek in %s (a pipe?); save it "
                 "to a file first and give that to -r",
                 strcmp(s->opt.rfile, "-") == 0 ? "standard input" : s->opt.rfile);
        return STATUS_USAGE;
    }
    uint8_t b[12];
    if (pread(fd, b, sizeof b, 0) == (ssize_t)sizeof b) {
        uint32_t type, bom;
        memcpy(&type, b, 4);
        memcpy(&bom, b + 8, 4);
        t->pcapng = type == 0x0A0D0D0Au;
        t->pcapng_swapped = bom != 0x1A2B3C4Du;
        /* pcap's microsecond and nanosecond magics, either byte order: records of a
         * 16-byte header and the data, one after the other from byte 24 */
        s->rec_counted = type == 0xA1B2C3D4u || type == 0xD4C3B2A1u || type == 0xA1B23C4Du ||
                         type == 0x4D3CB2A1u;
    }
    t->fv.rewrite = s->rewrite != NULL;
    t->indexing = true;
    return fview_open(t, fd, err, errlen) ? STATUS_OK : STATUS_RUNTIME;
}

/* Live: an unlinked file of the user's in $TMPDIR keeps every frame for reading back. */
static enum status open_spool(struct tui *t, char *err, size_t errlen)
{
    struct sniff *s = t->s;
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/sniff-tui-XXXXXX", dir != NULL && dir[0] ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        snprintf(err, errlen, "--tui: cannot create its packet file in %s: %s (set TMPDIR)",
                 dir != NULL && dir[0] ? dir : "/tmp", strerror(errno));
        return STATUS_RUNTIME;
    }
    unlink(path);
    FILE *f = fdopen(fd, "w+b");
    if (f == NULL || (t->spool = pcap_dump_fopen(s->pc, f)) == NULL) {
        snprintf(err, errlen, "--tui: cannot write its packet file: %s",
                 f == NULL ? strerror(errno) : pcap_geterr(s->pc));
        if (f != NULL)
            fclose(f);
        else
            close(fd);
        return STATUS_RUNTIME;
    }
    pcap_dump_flush(t->spool);
    t->spool_off = 24;
    t->fv.rewrite = false; /* the spool holds the rewritten frames */
    char ebuf[PCAP_ERRBUF_SIZE];
    if (pcap_setnonblock(s->pc, 1, ebuf) != 0) {
        snprintf(err, errlen, "%s: %s", s->opt.iface, ebuf);
        return STATUS_RUNTIME;
    }
    return fview_open(t, fd, err, errlen) ? STATUS_OK : STATUS_RUNTIME;
}

enum status tui_setup(struct tui *t, struct sniff *s, char *err, size_t errlen)
{
    t->s = s;
    t->live = s->live;
    t->ann_entry = FX_NONE;
    t->quiz_entry = FX_NONE;
    t->follow_tail = true;
    replay_init(&t->rp);
    replay_init(&t->rpv);
    dtree_init(&t->dt);
    uint64_t max = s->opt.tui_max != 0 ? s->opt.tui_max : t->live ? LIVE_MAX_DEFAULT : 0;
    fx_init(&t->ix, max > UINT32_MAX ? 0 : (uint32_t)max);
    t->o = malloc(sizeof *t->o);
    if (t->o == NULL) {
        snprintf(err, errlen, "out of memory for the text buffer");
        return STATUS_RUNTIME;
    }
    out_init(t->o, -1);
    s->opt.fmt.color = false; /* the screen colours, not ANSI escapes */
    if (s->opt.fmt.resolve_vendors && !s->oui_tried) {
        char why[256];
        s->oui_tried = true;
        if (oui_open(&s->oui, NULL, why, sizeof why) != 0)
            s->oui = NULL;
    }
    s->opt.fmt.oui = s->oui;
    /* -Y: the first view is filtered as the file is read. */
    fx_view_init(&t->view, s->df == NULL);
    if (s->df != NULL) {
        t->df = s->df;
        s->df = NULL;
        snprintf(t->filter_text, sizeof t->filter_text, "%s", s->opt.display);
    }
    s->frame_hook = tui_hook;
    s->frame_hook_ctx = t;
    enum status st = t->live ? open_spool(t, err, errlen) : open_offline(t, err, errlen);
    if (st == STATUS_OK && !tui_filter_readable(t->pcapng, t->df, err, errlen))
        st = STATUS_USAGE; /* -Y as the bar would refuse it */
    return st;
}

void tui_teardown(struct tui *t)
{
    crt_stop(&t->crt);
    t->s->frame_hook = NULL;
    replay_free(&t->rp);
    replay_free(&t->rpv);
    fview_close(&t->fv);
    if (t->spool != NULL)
        pcap_dump_close(t->spool);
    dfilter_free(t->df);
    tui_filter_cancel(t);
    fx_view_free(&t->view);
    fx_free(&t->ix);
    dtree_free(&t->dt);
    tbuf_free(&t->line);
    free(t->aux_rows);
    free(t->o);
}

/* A prompt's Enter. */
static void prompt_done(struct tui *t)
{
    struct incset *in = &t->in;
    enum inc_kind k = in->kind;
    in->kind = INC_NONE;
    if (k == INC_FILTER) {
        char why[256];
        if (!in->valid || !tui_filter_start(t, in->text, why, sizeof why)) {
            if (in->valid) { /* compiled, but no memory for the job's model */
                in->valid = false;
                snprintf(in->msg, sizeof in->msg, "%s", why);
            }
            in->kind = INC_FILTER; /* stays open, red, until it is valid or Esc */
            return;
        }
    } else if (k == INC_SEARCH) {
        snprintf(t->search_text, sizeof t->search_text, "%s", in->text);
        tui_search_start(t, t->search_text, 1);
    } else if (k == INC_GOTO) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(in->text, &end, 10);
        if (in->text[0] == '\0' || *end != '\0' || errno != 0) {
            tui_status(t, true, "go to: '%s' is not a packet number", in->text);
            return;
        }
        uint32_t e = fx_find_frame(&t->ix, n);
        uint32_t row = e != FX_NONE ? fx_view_row_at(&t->view, &t->ix, e) : FX_NONE;
        if (e == FX_NONE || fx_frame(&t->ix, e) != n || row == FX_NONE ||
            fx_view_entry(&t->view, row) != e || row >= tui_rows(t)) {
            tui_status(t, true, "packet %llu is %s", n,
                       e == FX_NONE || fx_frame(&t->ix, e) != n
                           ? (t->indexing ? "not read yet" : "not in the capture (or its filter)")
                           : "hidden by the display filter or --step");
            return;
        }
        t->focus = PANE_LIST;
        screen_select_row(t, row);
        t->follow_tail = false;
    }
}

static void key(struct tui *t, int ch)
{
    t->msg[0] = '\0';
    t->dirty = true;
    if (ch == KEY_RESIZE) {
        screen_layout(t);
        clear();
        return;
    }
    if (ch == KEY_MOUSE) {
        action_mouse(t);
        return;
    }
    if (t->in.kind != INC_NONE) {
        int r = inc_key(&t->in, ch);
        if (r > 0) {
            prompt_done(t);
        } else if (r < 0) {
            t->in.kind = INC_NONE;
        }
        return;
    }
    if (t->jf.on && ch == 27) {
        tui_filter_cancel(t);
        tui_status(t, false, "filter stopped: the one before still applies");
        return;
    }
    if (t->js.on && ch == 27) {
        t->js.on = false;
        tui_status(t, false, "search stopped");
        return;
    }
    if (t->mode != MODE_MAIN) {
        views_key(t, ch);
        return;
    }
    if (!action_key(t, ch) && ch != 27)
        tui_status(t, false, "no action for that key: ? shows them all");
}

/* The jobs, for about one slice. True while any has more to do. */
static bool run_jobs(struct tui *t)
{
    double end = tui_now() + SLICE_S;
    bool busy;
    do {
        busy = false;
        if (t->indexing)
            busy |= tui_index_step(t, 1024);
        busy |= tui_filter_step(t, 256);
        busy |= tui_search_step(t, 128);
        if (t->ann_pending) {
            if (replay_step(t, &t->rp, 256)) {
                busy = true;
            } else {
                t->ann_pending = false;
                if (!replay_annotation(t, t->ann_entry, &t->ann))
                    t->ann.n = 0;
                t->dirty = true;
            }
        }
        if (t->mode == MODE_FOLLOW && t->rpv.target != FX_NONE)
            busy |= replay_step(t, &t->rpv, 512);
    } while (busy && tui_now() < end);
    return busy;
}

/* New rows: the first selection, --step's first packet, live's auto-scroll. */
static void rows_grew(struct tui *t)
{
    if (t->s->opt.step && t->revealed == 0 && t->ix.n > 0)
        t->revealed = fx_view_n(&t->view, &t->ix) > 0 ? 1 : 0;
    uint32_t n = tui_rows(t);
    uint32_t before = t->list.n;
    panel_set(&t->list, n);
    if (n == before)
        return;
    if (before == 0 && n > 0) {
        screen_select_row(t, 0);
    } else if (t->live && t->follow_tail && n > 0 && t->in.kind == INC_NONE) {
        screen_select_row(t, n - 1);
    }
}

static void loop(struct tui *t)
{
    struct sniff *s = t->s;
    double last_draw = 0;
    bool busy = true;
    int live_fd = t->live ? pcap_get_selectable_fd(s->pc) : -1;
    while (!t->quit && !crt_stop_requested()) {
        if (t->live) {
            int rc = sniff_live_step(s, t->read_err, sizeof t->read_err);
            if (rc == 1) {
                t->read_error = true;
                t->live = false; /* the capture failed: browse what it got */
            }
            if (t->spool != NULL)
                pcap_dump_flush(t->spool);
        }
        busy = run_jobs(t);
        rows_grew(t);
        /* a new selection may have started a job (its annotation) */
        busy = busy || t->ann_pending || t->jf.on || t->js.on ||
               (t->mode == MODE_FOLLOW && t->rpv.target != FX_NONE);
        double now = tui_now();
        if (t->msg[0] != '\0' && now >= t->msg_until) {
            t->msg[0] = '\0';
            t->dirty = true;
        }
        if ((t->dirty && (!busy || now - last_draw >= REDRAW_S)) || last_draw == 0) {
            screen_draw(t);
            refresh();
            if (t->t_first_screen == 0 && t->list.n > 0)
                t->t_first_screen = now;
            last_draw = now;
            t->dirty = false;
        }
        struct pollfd pf[2] = {{.fd = STDIN_FILENO, .events = POLLIN, .revents = 0},
                               {.fd = live_fd, .events = POLLIN, .revents = 0}};
        int timeout = busy ? 0 : t->live ? 200 : 1000;
        int pr = poll(pf, live_fd >= 0 && t->live ? 2 : 1, timeout);
        if (pr < 0 && errno != EINTR)
            break;
        if (pr == 0 && t->live)
            t->dirty = true; /* the statistics */
        int ch;
        while ((ch = getch()) != ERR)
            key(t, ch);
    }
}

/* The projector palette: --light or --color=light; --step and --quiz are for class and
 * take it unless --color=dark says otherwise. One idea, one setting for both modes. */
static bool tui_light(const struct sniff_opts *o)
{
    if (o->color == COLOR_MODE_DARK)
        return false;
    return o->light || o->color == COLOR_MODE_LIGHT || o->step || o->quiz;
}

enum status tui_run(struct sniff *s, char *err, size_t errlen)
{
    struct tui *t = calloc(1, sizeof *t);
    if (t == NULL) {
        snprintf(err, errlen, "out of memory for the terminal UI");
        return STATUS_RUNTIME;
    }
    t->t_start = tui_now();
    enum status st = tui_setup(t, s, err, errlen);
    if (st == STATUS_OK &&
        !crt_start(&t->crt, tui_light(&s->opt), s->opt.color == COLOR_MODE_NEVER, err, errlen))
        st = STATUS_USAGE;
    if (st == STATUS_OK)
        st = sniff_enter_sandbox(s, err, errlen);
    if (st == STATUS_OK) {
        screen_layout(t);
        loop(t);
        if (t->read_error && !t->live) {
            /* said on the status bar; said again once the terminal is back */
            snprintf(err, errlen, "%s", t->read_err);
            st = STATUS_RUNTIME;
        }
    }
    tui_teardown(t);
    free(t);
    return st;
}
