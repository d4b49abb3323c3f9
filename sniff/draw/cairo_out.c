/*
 * cairo_out.c: the PDF and PNG back end of figures (figure.h), through cairo: its PDF
 * surface (a page per fig page, sized in points) and its image surface encoded by
 * cairo_surface_write_to_png_stream (an image of the page's size in pixels). Output goes
 * through a write callback to the descriptor sniff opened before its sandbox, never to a
 * path cairo would open itself.
 *
 * Text is cairo's "toy" text API with one monospace face, which is all a figure needs:
 * the layouts measure text by counting characters (figure.h).
 */
#include "figure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

struct cairo_be {
    enum cairo_kind kind;
    cairo_write_fn write;
    void *ctx;
    bool write_failed;
    cairo_surface_t *surface;
    cairo_t *cr;
    int pages;
};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int n)
{
    struct cairo_be *c = closure;
    if (!c->write(c->ctx, data, n)) {
        c->write_failed = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

struct cairo_be *cairo_be_new(enum cairo_kind kind, cairo_write_fn write, void *ctx)
{
    struct cairo_be *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->kind = kind;
    c->write = write;
    c->ctx = ctx;
    return c;
}

static void rgb(cairo_t *cr, struct fig_rgb c)
{
    cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

static bool cr_page_begin(void *be, double w, double h, const char *title)
{
    struct cairo_be *c = be;
    (void)title;
    if (c->kind == CAIRO_OUT_PNG) {
        if (c->pages++ > 0)
            return false;
        int iw = (int)ceil(w), ih = (int)ceil(h);
        c->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, iw, ih);
    } else if (c->pages++ == 0) {
        c->surface = cairo_pdf_surface_create_for_stream(write_cb, c, w, h);
        if (title != NULL)
            cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_TITLE, title);
    } else {
        cairo_pdf_surface_set_size(c->surface, w, h);
    }
    if (cairo_surface_status(c->surface) != CAIRO_STATUS_SUCCESS)
        return false;
    if (c->cr == NULL) {
        c->cr = cairo_create(c->surface);
        cairo_select_font_face(c->cr, FIG_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    }
    rgb(c->cr, FIG_WHITE);
    cairo_paint(c->cr);
    return cairo_status(c->cr) == CAIRO_STATUS_SUCCESS;
}

static void cr_page_end(void *be)
{
    struct cairo_be *c = be;
    if (c->cr != NULL && c->kind == CAIRO_OUT_PDF)
        cairo_show_page(c->cr);
}

static void pen(cairo_t *cr, const struct fig_pen *p)
{
    rgb(cr, p->c);
    cairo_set_line_width(cr, p->width);
    if (p->dashed) {
        double d[2] = {p->width * 4, p->width * 3};
        cairo_set_dash(cr, d, 2, 0);
    } else {
        cairo_set_dash(cr, NULL, 0, 0);
    }
}

static void cr_line(void *be, double x1, double y1, double x2, double y2, const struct fig_pen *p)
{
    cairo_t *cr = ((struct cairo_be *)be)->cr;
    if (cr == NULL)
        return;
    pen(cr, p);
    cairo_move_to(cr, x1, y1);
    cairo_line_to(cr, x2, y2);
    cairo_stroke(cr);
}

static void cr_polyline(void *be, const double *xy, size_t n, const struct fig_pen *p)
{
    cairo_t *cr = ((struct cairo_be *)be)->cr;
    if (cr == NULL || n == 0)
        return;
    pen(cr, p);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cr, xy[0], xy[1]);
    for (size_t i = 1; i < n; i++)
        cairo_line_to(cr, xy[2 * i], xy[2 * i + 1]);
    cairo_stroke(cr);
}

static void cr_polygon(void *be, const double *xy, size_t n, struct fig_rgb fill)
{
    cairo_t *cr = ((struct cairo_be *)be)->cr;
    if (cr == NULL || n == 0)
        return;
    rgb(cr, fill);
    cairo_move_to(cr, xy[0], xy[1]);
    for (size_t i = 1; i < n; i++)
        cairo_line_to(cr, xy[2 * i], xy[2 * i + 1]);
    cairo_close_path(cr);
    cairo_fill(cr);
}

static void cr_rect(void *be, double x, double y, double w, double h, struct fig_rgb fill)
{
    cairo_t *cr = ((struct cairo_be *)be)->cr;
    if (cr == NULL)
        return;
    rgb(cr, fill);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

static void cr_circle(void *be, double cx, double cy, double r, struct fig_rgb fill)
{
    cairo_t *cr = ((struct cairo_be *)be)->cr;
    if (cr == NULL)
        return;
    rgb(cr, fill);
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    cairo_fill(cr);
}

/* cairo_show_text takes a NUL-terminated UTF-8 string: invalid bytes would stop it. */
static void cr_text(void *be, double x, double y, const char *s, size_t n, const struct fig_font *f)
{
    cairo_t *cr = ((struct cairo_be *)be)->cr;
    if (cr == NULL || n == 0)
        return;
    char buf[1024];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < sizeof buf;) {
        size_t c = fig_utf8_len((const unsigned char *)s + i, n - i);
        if (c == 0 || (c == 1 && (unsigned char)s[i] < 0x20)) {
            buf[k++] = '?';
            i++;
            continue;
        }
        memcpy(buf + k, s + i, c);
        k += c;
        i += c;
    }
    buf[k] = '\0';
    cairo_select_font_face(cr, FIG_FONT, CAIRO_FONT_SLANT_NORMAL,
                           f->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, f->size);
    double w = fig_text_w(buf, k, f->size);
    double at = f->anchor == FIG_MIDDLE ? x - w / 2 : f->anchor == FIG_END ? x - w : x;
    rgb(cr, f->c);
    cairo_move_to(cr, at, y);
    cairo_show_text(cr, buf);
}

static void cr_group_begin(void *be, const char *cls, uint64_t frame)
{
    (void)be;
    (void)cls;
    (void)frame;
}

static void cr_group_end(void *be)
{
    (void)be;
}

const struct fig_ops cairo_ops = {
    cr_page_begin, cr_page_end, cr_line, cr_polyline,    cr_polygon,
    cr_rect,       cr_circle,   cr_text, cr_group_begin, cr_group_end,
};

bool cairo_be_close(struct cairo_be *c, char *err, size_t errlen)
{
    bool ok = true;
    if (c->cr != NULL) {
        if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) {
            snprintf(err, errlen, "cairo: %s", cairo_status_to_string(cairo_status(c->cr)));
            ok = false;
        }
        cairo_destroy(c->cr);
    }
    if (c->surface != NULL) {
        cairo_status_t st = CAIRO_STATUS_SUCCESS;
        if (c->kind == CAIRO_OUT_PNG && ok) {
            cairo_surface_flush(c->surface);
            st = cairo_surface_write_to_png_stream(c->surface, write_cb, c);
        } else {
            cairo_surface_finish(c->surface);
            st = cairo_surface_status(c->surface);
        }
        if (ok && (st != CAIRO_STATUS_SUCCESS || c->write_failed)) {
            snprintf(err, errlen, "cairo: %s",
                     c->write_failed ? "cannot write the output" : cairo_status_to_string(st));
            ok = false;
        }
        cairo_surface_destroy(c->surface);
    } else if (ok) {
        snprintf(err, errlen, "nothing to draw");
        ok = false;
    }
    free(c);
    return ok;
}

void cairo_warm_up(void)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, FIG_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 10);
    cairo_move_to(cr, 0, 8);
    cairo_show_text(cr, "Seq \xe2\x96\xb6");
    cairo_select_font_face(cr, FIG_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_show_text(cr, "Ack");
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}
