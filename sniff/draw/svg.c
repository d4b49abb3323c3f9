/*
 * svg.c: the SVG back end of figures (figure.h): SVG 1.1 text, written by hand because
 * it is text. Coordinates with one decimal; text escaped for XML (& < > " and any byte
 * that is not valid UTF-8 or is a control character, which XML 1.0 forbids, becomes
 * U+FFFD), so whatever a capture holds, the file parses.
 *
 * Also here: the helpers every layout shares (text width, arrows, the palette).
 */
#include "figure.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct fig_rgb FIG_BLACK = {0x20, 0x20, 0x20}, FIG_GREY = {0x80, 0x80, 0x80},
                     FIG_LIGHT = {0xe4, 0xe4, 0xe4}, FIG_WHITE = {0xff, 0xff, 0xff},
                     FIG_BLUE = {0x1f, 0x5f, 0xbf}, FIG_ORANGE = {0xd9, 0x6c, 0x00},
                     FIG_GREEN = {0x2e, 0x8b, 0x3a}, FIG_RED = {0xc8, 0x1e, 0x1e},
                     FIG_PURPLE = {0x7b, 0x3f, 0xa8}, FIG_TEAL = {0x00, 0x80, 0x80};

/* ---- shared by the layouts --------------------------------------------------------------- */

void fig_text(const struct fig *f, double x, double y, const char *s, size_t n, double size,
              struct fig_rgb c, enum fig_anchor a, bool bold)
{
    struct fig_font ft = {size, bold, c, a};
    f->ops->text(f->be, x, y, s, n, &ft);
}

double fig_text_w(const char *s, size_t n, double size)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xc0) != 0x80;
    return (double)chars * FIG_CHAR_W * size;
}

void fig_arrow(const struct fig *f, double x1, double y1, double x2, double y2,
               const struct fig_pen *p, double head)
{
    double dx = x2 - x1, dy = y2 - y1, len = sqrt(dx * dx + dy * dy);
    if (len <= 0)
        return;
    double ux = dx / len, uy = dy / len;
    double bx = x2 - ux * head, by = y2 - uy * head; /* the head's base */
    f->ops->line(f->be, x1, y1, bx, by, p);
    double xy[6] = {x2,
                    y2,
                    bx - uy * head * 0.45,
                    by + ux * head * 0.45,
                    bx + uy * head * 0.45,
                    by - ux * head * 0.45};
    f->ops->polygon(f->be, xy, 3, p->c);
}

/* ---- SVG ---------------------------------------------------------------------------------- */

static void color(struct sbuf *b, struct fig_rgb c)
{
    sbuf_printf(b, "#%02x%02x%02x", c.r, c.g, c.b);
}

size_t fig_utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t k = c < 0x80             ? 1
               : (c & 0xe0) == 0xc0 ? 2
               : (c & 0xf0) == 0xe0 ? 3
               : (c & 0xf8) == 0xf0 ? 4
                                    : 0;
    if (k == 0 || k > n || (k == 2 && c < 0xc2) || (k == 4 && c > 0xf4))
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if (k == 3 && ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0)))
        return 0; /* overlong, or a surrogate */
    if (k == 4 && ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90)))
        return 0;
    return k;
}

/* XML character data (and attribute values: quotes escaped too). */
static void escape(struct sbuf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = fig_utf8_len(u + i, n - i);
        if (k == 0 || (k == 1 && u[i] < 0x20)) {
            sbuf_put(b, "\xef\xbf\xbd", 3); /* U+FFFD */
            i++;
            continue;
        }
        switch (u[i]) {
        case '&':
            sbuf_put(b, "&amp;", 5);
            break;
        case '<':
            sbuf_put(b, "&lt;", 4);
            break;
        case '>':
            sbuf_put(b, "&gt;", 4);
            break;
        case '"':
            sbuf_put(b, "&quot;", 6);
            break;
        default:
            sbuf_put(b, s + i, k);
        }
        i += k;
    }
}

static bool svg_page_begin(void *be, double w, double h, const char *title)
{
    struct svg_be *v = be;
    if (v->pages++ > 0)
        return false; /* one image */
    sbuf_printf(v->b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
                "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"%s, monospace\">\n",
                w, h, w, h, FIG_FONT);
    if (title != NULL) {
        sbuf_put(v->b, "<title>", 7);
        escape(v->b, title, strlen(title));
        sbuf_put(v->b, "</title>\n", 9);
    }
    sbuf_printf(v->b, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", w, h);
    return true;
}

static void svg_page_end(void *be)
{
    struct svg_be *v = be;
    sbuf_put(v->b, "</svg>\n", 7);
}

static void stroke(struct sbuf *b, const struct fig_pen *p)
{
    sbuf_put(b, " stroke=\"", 9);
    color(b, p->c);
    sbuf_printf(b, "\" stroke-width=\"%.2g\"", p->width);
    if (p->dashed)
        sbuf_printf(b, " stroke-dasharray=\"%.1f %.1f\"", p->width * 4, p->width * 3);
}

static void svg_line(void *be, double x1, double y1, double x2, double y2, const struct fig_pen *p)
{
    struct svg_be *v = be;
    sbuf_printf(v->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"", x1, y1, x2, y2);
    stroke(v->b, p);
    sbuf_put(v->b, "/>\n", 3);
}

static void points(struct sbuf *b, const double *xy, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sbuf_printf(b, "%s%.1f,%.1f", i > 0 ? " " : "", xy[2 * i], xy[2 * i + 1]);
}

static void svg_polyline(void *be, const double *xy, size_t n, const struct fig_pen *p)
{
    struct svg_be *v = be;
    sbuf_put(v->b, "<polyline fill=\"none\" points=\"", 30);
    points(v->b, xy, n);
    sbuf_put(v->b, "\"", 1);
    stroke(v->b, p);
    sbuf_put(v->b, "/>\n", 3);
}

static void svg_polygon(void *be, const double *xy, size_t n, struct fig_rgb fill)
{
    struct svg_be *v = be;
    sbuf_put(v->b, "<polygon points=\"", 17);
    points(v->b, xy, n);
    sbuf_put(v->b, "\" fill=\"", 8);
    color(v->b, fill);
    sbuf_put(v->b, "\"/>\n", 4);
}

static void svg_rect(void *be, double x, double y, double w, double h, struct fig_rgb fill)
{
    struct svg_be *v = be;
    sbuf_printf(v->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"", x, y, w,
                h);
    color(v->b, fill);
    sbuf_put(v->b, "\"/>\n", 4);
}

static void svg_circle(void *be, double cx, double cy, double r, struct fig_rgb fill)
{
    struct svg_be *v = be;
    sbuf_printf(v->b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"", cx, cy, r);
    color(v->b, fill);
    sbuf_put(v->b, "\"/>\n", 4);
}

static void svg_text(void *be, double x, double y, const char *s, size_t n,
                     const struct fig_font *f)
{
    static const char *const anchors[] = {"start", "middle", "end"};
    struct svg_be *v = be;
    sbuf_printf(v->b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"", x, y, f->size);
    if (f->anchor != FIG_START)
        sbuf_printf(v->b, " text-anchor=\"%s\"", anchors[f->anchor]);
    if (f->bold)
        sbuf_put(v->b, " font-weight=\"bold\"", 19);
    sbuf_put(v->b, " fill=\"", 7);
    color(v->b, f->c);
    sbuf_put(v->b, "\" xml:space=\"preserve\">", 23);
    escape(v->b, s, n);
    sbuf_put(v->b, "</text>\n", 8);
}

static void svg_group_begin(void *be, const char *cls, uint64_t frame)
{
    struct svg_be *v = be;
    sbuf_printf(v->b, "<g class=\"%s\"", cls);
    if (frame != 0)
        sbuf_printf(v->b, " data-frame=\"%llu\"", (unsigned long long)frame);
    sbuf_put(v->b, ">\n", 2);
}

static void svg_group_end(void *be)
{
    struct svg_be *v = be;
    sbuf_put(v->b, "</g>\n", 5);
}

const struct fig_ops svg_ops = {
    svg_page_begin, svg_page_end, svg_line, svg_polyline,    svg_polygon,
    svg_rect,       svg_circle,   svg_text, svg_group_begin, svg_group_end,
};
