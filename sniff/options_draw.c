/*
 * options_draw.c: the pictures' options (draw.h) on sniff's command line, a group of
 * options.h's: --ladder, --graph, --ascii, --direction, --size, -o, and the picture
 * formats --format shares with the -w file's (pcap, pcapng: options.c; the two sets of
 * names do not overlap), then the checks of the pictures' options together.
 */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draw.h"
#include "graph.h"

bool opt_figure_format(const char *arg, enum draw_format *f)
{
    static const struct {
        const char *name;
        enum draw_format f;
    } names[] = {{"text", DF_TEXT}, {"svg", DF_SVG}, {"pdf", DF_PDF},
                 {"png", DF_PNG},   {"csv", DF_CSV}, {"html", DF_HTML}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(arg, names[i].name) == 0) {
            *f = names[i].f;
            return true;
        }
    return false;
}

/* --size=WxH: a figure's size, 64 to 20000 each way. */
static bool parse_size(const char *arg, int *w, int *h)
{
    char *end;
    long a = strtol(arg, &end, 10);
    if (end == arg || (*end != 'x' && *end != 'X'))
        return false;
    const char *b = end + 1;
    long c = strtol(b, &end, 10);
    if (end == b || *end != '\0' || a < 64 || a > 20000 || c < 64 || c > 20000)
        return false;
    *w = (int)a;
    *h = (int)c;
    return true;
}

int opt_pictures(struct sniff *s, int c, const char *arg)
{
    struct sniff_opts *o = &s->opt;
    struct draw_opts *d = &o->draw;
    switch (c) {
    case OPT_LADDER:
        d->what = DRAW_LADDER;
        return -1;
    case OPT_GRAPH:
        if (!graph_type_parse(arg, &d->graph))
            return bad_usage("--graph takes stevens, tcptrace, throughput, rtt or window, not",
                             arg);
        d->what = DRAW_GRAPH;
        return -1;
    case OPT_SIZE:
        if (!parse_size(arg, &d->fig_w, &d->fig_h))
            return bad_usage("--size needs WIDTHxHEIGHT in pixels, each 64 to 20000, e.g. "
                             "1280x720, not",
                             arg);
        return -1;
    case OPT_DIRECTION:
        if (strcmp(arg, "client") == 0)
            d->direction = 0;
        else if (strcmp(arg, "server") == 0)
            d->direction = 1;
        else
            return bad_usage("--direction takes client (its segments to the server) or server, "
                             "not",
                             arg);
        return -1;
    default:
        return 0;
    }
}

int opt_check_pictures(struct sniff_opts *o)
{
    char err[256];
    struct draw_opts *d = &o->draw;
    bool picture_format = d->format != DF_AUTO;
    if (d->what == DRAW_NONE &&
        (o->ofile != NULL || d->fig_w != 0 || d->direction >= 0 || picture_format))
        return bad_usage("-o, --size, --direction and --format text|svg|pdf|png|csv go with "
                         "--ladder, --graph or -T html",
                         NULL);
    if (d->what != DRAW_NONE && (o->json || o->fields || o->detail || o->hex != HEX_NONE ||
                                 o->summary || o->follow_hex || o->quiet))
        return bad_usage("--ladder, --graph and -T html draw pictures; they cannot be combined "
                         "with -T json, -T fields, -V, -x, --summary, --follow-hex or -q",
                         NULL);
    if (!draw_check_opts(d, o->ofile, err, sizeof err))
        return bad_usage(err, NULL);
    bool binary = d->format == DF_PDF || d->format == DF_PNG;
    if (binary && (o->ofile == NULL || strcmp(o->ofile, "-") == 0) && isatty(STDOUT_FILENO))
        return bad_usage("a PDF or PNG is not for a terminal: give -o FILE (or redirect)", NULL);
    return -1;
}
