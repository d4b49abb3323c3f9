/*
 * setup_analysis.c: what the run analyses and how it shows it, set up once before the
 * first frame: colour, palette and the terminal's width for the list and the
 * annotations; the pictures (where they go, how wide, in which characters); the
 * connection model and everything that reads it (annotations, --follow, --summary,
 * -T json's connection lines), finished and freed at the end of the run.
 */
#include "sniff.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app_int.h"
#include "dfilter.h"
#include "fmt_json.h"

static bool want_color(enum color_mode m)
{
    if (m == COLOR_MODE_ALWAYS || m == COLOR_MODE_LIGHT || m == COLOR_MODE_DARK)
        return true;
    if (m == COLOR_MODE_NEVER)
        return false;
    /* auto: a terminal, and no NO_COLOR (https://no-color.org: set and not empty). */
    const char *nc = getenv("NO_COLOR");
    if (nc != NULL && nc[0] != '\0')
        return false;
    const char *term = getenv("TERM");
    if (term != NULL && strcmp(term, "dumb") == 0)
        return false;
    return isatty(STDOUT_FILENO) == 1;
}

/* The terminal's width, for the packet list, the annotations and the ladder: COLUMNS
 * when set (as a shell exports it), else the terminal's own; 0 when neither tells. Read
 * once, before the sandbox, which allows no ioctl but isatty's. */
static int terminal_width(void)
{
    const char *env = getenv("COLUMNS");
    char *end;
    long n = env != NULL ? strtol(env, &end, 10) : 0;
    if (env != NULL && end != env && *end == '\0' && n > 0 && n <= 4096)
        return (int)n;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

/* Colour, palette, legend and the terminal's width, for the list and the annotations. */
void sniff_setup_view(struct sniff *s)
{
    struct sniff_opts *o = &s->opt;
    o->fmt.color = want_color(o->color);
    o->fmt.light = o->color == COLOR_MODE_LIGHT;
    /* Only a terminal's list is fitted: a pipe or a file gets every column whole, and
     * the terminal UI cuts its rows itself. */
    int width =
        o->detail || o->json || o->follow || o->fields || o->tui || isatty(STDOUT_FILENO) != 1
            ? 0
            : terminal_width();
    fmt_cols_fit(&o->fmt, width >= 20 ? width : 0, draw_locale_utf8());
    s->ann_style =
        (struct ann_style){.color = o->fmt.color,
                           .palette = o->fmt.light ? ANN_PALETTE_LIGHT : ANN_PALETTE_DARK,
                           .width = width};
}

/* Pictures: where they go (-o FILE takes standard output's place), how wide, in which
 * characters and colours. */
void sniff_setup_drawing(struct sniff *s)
{
    struct sniff_opts *o = &s->opt;
    struct draw_opts *d = &o->draw;
    s->drawing = d->what != DRAW_NONE;
    if (!s->drawing)
        return;
    s->printing = true; /* pictures are made from the decoded packets, -w or not */
    if (s->ofd >= 0) {
        s->out.fd = s->ofd;
        s->ofd = -1; /* the output owns it now */
    }
    d->width = terminal_width();
    if (d->width == 0)
        d->width = 80;
    if (!draw_locale_utf8())
        d->ascii = true;
    d->color = o->fmt.color && d->format == DF_TEXT;
    d->notes = o->annotate != ANNOTATE_OFF;
    d->one_stream = o->follow;
    d->stream = o->follow_stream;
    d->redact = o->redact;
    d->anonymized = s->anon != NULL;
    d->fmt = &o->fmt;
    if (d->title == NULL && o->rfile != NULL) { /* the file's name, without its folders */
        const char *slash = strrchr(o->rfile, '/');
        d->title = strcmp(o->rfile, "-") == 0          ? "standard input"
                   : slash != NULL && slash[1] != '\0' ? slash + 1
                                                       : o->rfile;
    }
    draw_warm_up(d);
}

/* A connection left the analysis table: its -T json line and its --summary row. */
static void conn_done(void *ctx, const struct an_conn_summary *cs)
{
    struct sniff *s = ctx;
    if (s->opt.json && !s->opt.follow)
        fmt_json_conn(&s->out, cs);
    if (s->opt.summary)
        conv_add(&s->conv, cs);
    if (s->drawing)
        draw_conn_done(&s->draw, cs);
}

int sniff_analysis_start(struct sniff *s, char *err, size_t errlen)
{
    struct sniff_opts *o = &s->opt;
    /* Default: on a terminal, and always in -T json (autograders read it there). */
    /* Pictures carry the annotations too: a ladder and the page explain, as -A does;
     * so does the terminal UI's annotation line. */
    s->annotating =
        o->annotate == ANNOTATE_ALL ||
        (o->annotate == ANNOTATE_AUTO &&
         (o->json || s->drawing || isatty(STDOUT_FILENO) == 1 || (o->tui && !o->tui_dump)));
    /* What -Y's and -e's fields read of the analysis: a filter on echo.* finds the same
     * frames whether the output is a terminal (annotating) or a pipe. The terminal UI
     * computes all of it whatever the options: a filter typed into its bar may read
     * any field (tui/ingest.c). */
    unsigned needs = dfilter_needs(s->df) | (o->fields ? fmt_fields_needs(&o->fields_fmt) : 0);
    bool all = o->tui;
    struct an_opts ao = {
        .echo_port = o->port,
        /* The echo check (reassembly, a copy of every payload
         * byte) only when something shows it: the Info flags of a
         * plain listing do not need it. */
        .verify_echo = s->annotating || o->json || o->summary || all || (needs & DF_NEED_ECHO) != 0,
        .max_pending = (size_t)o->max_pending,
        .max_memory = (size_t)o->max_memory,
        .follow = o->follow && !s->drawing,
        .follow_stream = o->follow_stream,
        .key = s->hash_key,
        /* Which segment an ACK acknowledges: for the ACK round-trip
         * times the annotations, JSON and --summary give, and the
         * fields that say it (a list alone does not pay for it). */
        .track_acks = s->annotating || o->json || o->summary || all || (needs & DF_NEED_ACKS) != 0};
    if (!analysis_init(&s->an, &ao, err, errlen))
        return 1;
    /* Always on: the Info column shows Wireshark's analysis flags whatever the options. */
    s->analysing = true;
    analysis_set_close_cb(&s->an, conn_done, s);
    annotate_init(&s->ann, s->live, o->port);
    s->ann.no_services = o->no_names; /* -n: no port names either, as tshark -n */
    /* --redact zeroed the payloads this analysis sees (as every other output does):
     * the views say "[redacted]" and '*' rather than print zeros, and do not call
     * zeros compared with zeros an identical echo. */
    s->ann.redact = o->redact;
    conv_init(&s->conv);
    if (s->drawing && !draw_init(&s->draw, &o->draw, &s->out, err, errlen))
        return 1;
    if (o->follow && !s->drawing) {
        follow_init(&s->follow, o->follow_stream, o->follow_hex, o->fmt.color);
        s->follow.redact = o->redact;
    }
    return 0;
}

void sniff_analysis_finish(struct sniff *s)
{
    if (!s->analysing)
        return;
    analysis_finish(&s->an); /* the last conn lines and rows */
    /* A connection that never came is an error on stderr (sniff_finish), not output. */
    if (s->opt.follow && s->follow.seen && !s->drawing)
        follow_finish(&s->follow, &s->out);
    /* -T json: the connection objects are the summary; a text table after them would
     * not be JSON. */
    if (s->opt.summary && !s->opt.json) {
        out_char(&s->out, '\n');
        conv_print(&s->conv, &s->out, s->first_ns);
    }
}

void sniff_analysis_free(struct sniff *s)
{
    if (!s->analysing)
        return;
    analysis_free(&s->an);
    conv_free(&s->conv);
    if (s->drawing)
        draw_free(&s->draw);
    s->analysing = false;
}
