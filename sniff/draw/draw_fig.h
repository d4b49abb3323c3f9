/*
 * draw_fig.h: the figure layouts: a ladder (ladder_fig.c) and a stream graph
 * (graph_fig.c) drawn through figure.h, and a graph's data as CSV.
 */
#ifndef ECHOSNIFF_DRAW_FIG_H
#define ECHOSNIFF_DRAW_FIG_H

#include <stdbool.h>
#include <stdint.h>

#include "figure.h"
#include "graph.h"
#include "ladder.h"

struct fig_ladder_opts {
    int width;  /* the figure's width (0: what the labels need; never less than the columns need) */
    bool notes; /* the annotations at the right */
    int64_t t0_ns;        /* the Time column's origin */
    const char *subtitle; /* under the title (the capture's name), or NULL */
};

/* The size ladder_fig_draw will take. */
void ladder_fig_size(const struct ladder *l, const struct fig_ladder_opts *o, double *w, double *h);

/* Draws l from y0 down (the page is begun by the caller); returns the height used. */
double ladder_fig_draw(const struct ladder *l, const struct fig_ladder_opts *o, const struct fig *f,
                       double y0);

#define GRAPH_FIG_W 1280
#define GRAPH_FIG_H 720

struct fig_graph_opts {
    enum graph_type type;
    int dir;              /* the direction whose data is plotted: 0 client to server */
    double w, h;          /* the page */
    const char *subtitle; /* the capture's name, or NULL */
    bool both;            /* stevens only: both directions, one colour each (the page) */
};

/* Draws a whole page (begins and ends it). false when the back end refused the page. */
bool graph_fig_draw(const struct graph *g, const struct fig_graph_opts *o, const struct fig *f);

/* The graph's data as CSV, one row per stored point:
 *   series,frame,time,y,y2,points,retransmissions
 * the series of the type (graph.h's names; "throughput" rows carry the moving average),
 * times in seconds from the connection's first segment. */
void graph_csv(const struct graph *g, enum graph_type type, int dir, struct sbuf *b);

#endif
