/*
 * draw.h: the pictures of a connection, as sniff makes them from a capture: ladders
 * (--ladder: in the terminal, or as an SVG, PDF or PNG figure), TCP stream graphs
 * (--graph stevens|tcptrace|throughput|rtt|window) and the class page (-T html). The
 * app stage hands every analysed packet that passes the display filter to draw_packet
 * and every connection summary to draw_conn_done; draw_finish writes what is left.
 *
 * Everything is built from the connection model and the printers' notations (draw/
 * links the track and format stages); each picture is one description (ladder.h,
 * graph.h) drawn by back ends: the terminal (ladder_text.c), SVG (svg.c) and cairo
 * (cairo_out.c), behind the figure interface of figure.h.
 *
 * Memory stays flat over a million packets: ladders are kept per open connection and
 * written when their connection is summarised, within a total budget; a graph keeps a
 * bounded number of points per series, merging neighbours when it must (graph.h); the
 * page is written as the capture is read, in compressed blocks (page.h).
 */
#ifndef ECHOSNIFF_DRAW_H
#define ECHOSNIFF_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "annotate.h"
#include "fmt.h"
#include "fmt_summary.h"
#include "graph.h"
#include "ladder.h"
#include "out.h"
#include "packet.h"
#include "smap.h"

enum draw_what { DRAW_NONE = 0, DRAW_LADDER, DRAW_GRAPH, DRAW_PAGE };

enum draw_format { DF_AUTO = 0, DF_TEXT, DF_SVG, DF_PDF, DF_PNG, DF_CSV, DF_HTML };

#define DRAW_LADDER_BUDGET ((size_t)64 << 20) /* bytes of ladders held at once */

struct oui_db;
struct page;

struct draw_opts {
    enum draw_what what;
    enum draw_format format;
    enum graph_type graph;
    int direction;   /* --direction: -1 the one that sent more, 0 client's, 1 server's */
    bool one_stream; /* --follow N */
    uint32_t stream;
    int width;                  /* terminal columns */
    bool ascii;                 /* --ascii or a non-UTF-8 locale */
    bool color;                 /* ANSI colours (terminal ladder) */
    int fig_w, fig_h;           /* --size (0: the figure's own) */
    bool notes;                 /* annotations beside the arrows */
    uint32_t max_rows;          /* arrows per ladder (0: LADDER_DEFAULT_MAX_ROWS) */
    const char *title;          /* the capture's name, for figure and page titles */
    bool redact;                /* --redact, said on the page */
    bool anonymized;            /* --anonymize, said on the page */
    const struct fmt_opts *fmt; /* the printers' options (page) */
};

/* A finished ladder (in a struct, so that arrays of them are sized as what they hold). */
struct ladder_slot {
    struct ladder *l;
};

struct draw {
    struct draw_opts o;
    struct out *out; /* where everything goes: stdout or -o FILE */
    int64_t t0_ns;   /* the capture's first frame */
    bool have_t0;
    /* --ladder: the ladders being collected, by stream */
    struct smap ladders;
    size_t ladder_bytes;
    uint64_t budget_omitted;  /* arrows not kept: DRAW_LADDER_BUDGET reached */
    struct ladder_slot *done; /* finished ladders waiting to be written in stream order */
    uint32_t ndone, done_cap;
    uint32_t written; /* ladders written */
    struct tlines lines;
    struct fig_doc *doc; /* a figure's back end (SVG, PDF, PNG): several ladders */
    /* --graph */
    struct graph graph;
    bool graph_seen;
    /* -T html */
    struct page *page;
    bool failed; /* out of memory somewhere: said at the end */
    char err[256];
};

/* Reads the format from -o's name when --format did not give one; a usage error in err
 * (and false) when the combination cannot be drawn. */
bool draw_check_opts(struct draw_opts *o, const char *ofile, char *err, size_t errlen);

/* Sets up what o asks for; false with err when memory is short. */
bool draw_init(struct draw *d, const struct draw_opts *o, struct out *out, char *err,
               size_t errlen);
void draw_free(struct draw *d);

/* cairo loads fonts and their configuration on its first text: done before the parsing
 * loop's sandbox, which lets no file be opened afterwards but for reading. */
void draw_warm_up(const struct draw_opts *o);

/* A frame that passed the display filter, its analysis (NULL, or not valid: not an
 * analysed TCP segment) and its annotation (NULL: none); t, the packet list's time state
 * and oui, the vendor names (may be NULL), are the page's. */
void draw_packet(struct draw *d, const struct packet *p, const struct pkt_analysis *pa,
                 const struct ann_lines *notes, struct fmt_time *t, const struct oui_db *oui);

/* A connection left the analysis table (its summary), after its last packet. */
void draw_conn_done(struct draw *d, const struct an_conn_summary *cs);

/* The capture ended: what is left is written. false with err on an output error. */
bool draw_finish(struct draw *d, char *err, size_t errlen);

/* Whether the locale's character set is UTF-8 (LC_ALL, LC_CTYPE, LANG, as setlocale would
 * read them): if not, the terminal gets ASCII. */
bool draw_locale_utf8(void);

#endif
