/*
 * figure.h: the interface between a figure's layout (ladder_fig.c, graph_fig.c) and its
 * back ends (svg.c writes SVG text, cairo_out.c draws PDF and PNG through cairo): lines,
 * polygons, circles and text in figure units (SVG user units, PDF points, PNG pixels),
 * y growing downwards. A layout calls these once; the back ends never lay anything out.
 *
 * Text is one monospace face (DejaVu Sans Mono, which fonts-dejavu-core installs with
 * cairo; "monospace" in a browser without it), so a layout can measure a label by
 * counting its characters: FIG_CHAR_W em each. Groups carry a class and a frame number,
 * which SVG keeps (class="arrow" data-frame="4": the page selects the packet of a
 * clicked arrow) and cairo ignores.
 */
#ifndef ECHOSNIFF_FIGURE_H
#define ECHOSNIFF_FIGURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"

#define FIG_FONT "DejaVu Sans Mono"
#define FIG_CHAR_W 0.602 /* DejaVu Sans Mono's advance, in em */

struct fig_rgb {
    uint8_t r, g, b;
};

struct fig_pen {
    struct fig_rgb c;
    double width;
    bool dashed;
};

enum fig_anchor { FIG_START = 0, FIG_MIDDLE, FIG_END };

struct fig_font {
    double size;
    bool bold;
    struct fig_rgb c;
    enum fig_anchor anchor;
};

struct fig_ops {
    /* One page of w x h units (PDF: a page; SVG and PNG: the whole image, once). */
    bool (*page_begin)(void *be, double w, double h, const char *title);
    void (*page_end)(void *be);
    void (*line)(void *be, double x1, double y1, double x2, double y2, const struct fig_pen *p);
    void (*polyline)(void *be, const double *xy, size_t npts, const struct fig_pen *p);
    void (*polygon)(void *be, const double *xy, size_t npts, struct fig_rgb fill);
    void (*rect)(void *be, double x, double y, double w, double h, struct fig_rgb fill);
    void (*circle)(void *be, double cx, double cy, double r, struct fig_rgb fill);
    /* Text with its baseline at y; n bytes of UTF-8. */
    void (*text)(void *be, double x, double y, const char *s, size_t n, const struct fig_font *f);
    void (*group_begin)(void *be, const char *cls, uint64_t frame); /* frame 0: none */
    void (*group_end)(void *be);
};

struct fig {
    const struct fig_ops *ops;
    void *be;
};

/* Text with its baseline at (x, y), in a font of size, colour c, anchored at a. */
void fig_text(const struct fig *f, double x, double y, const char *s, size_t n, double size,
              struct fig_rgb c, enum fig_anchor a, bool bold);

/* Width of n bytes of UTF-8 text at size. */
double fig_text_w(const char *s, size_t n, double size);

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when it is not valid. */
size_t fig_utf8_len(const unsigned char *s, size_t n);

/* An arrow from (x1, y1) to (x2, y2), its head at the end, length head. */
void fig_arrow(const struct fig *f, double x1, double y1, double x2, double y2,
               const struct fig_pen *p, double head);

/* The palette: Wireshark's default colouring rules, darkened to read on white. */
extern const struct fig_rgb FIG_BLACK, FIG_GREY, FIG_LIGHT, FIG_WHITE, FIG_BLUE, FIG_ORANGE,
    FIG_GREEN, FIG_RED, FIG_PURPLE, FIG_TEAL;

/* ---- back ends --------------------------------------------------------------------- */

/* SVG text into b. */
struct svg_be {
    struct sbuf *b;
    int pages;
};
extern const struct fig_ops svg_ops;

/* cairo: PDF (pages) or PNG (one page), written through write(ctx, data, n). */
enum cairo_kind { CAIRO_OUT_PDF, CAIRO_OUT_PNG };
typedef bool (*cairo_write_fn)(void *ctx, const unsigned char *data, size_t n);
struct cairo_be;
struct cairo_be *cairo_be_new(enum cairo_kind kind, cairo_write_fn write, void *ctx);
/* Ends the document (PDF: its last page; PNG: the image is encoded); false on an error,
 * said in err. Frees it. */
bool cairo_be_close(struct cairo_be *c, char *err, size_t errlen);
extern const struct fig_ops cairo_ops;
/* Loads cairo's fonts now (draw_warm_up). */
void cairo_warm_up(void);

#endif
