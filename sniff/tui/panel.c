/*
 * panel.c: a scrollable list with a selection, htop's Panel: it knows how many rows
 * there are, which is selected and which is at the top, and nothing of what the rows
 * are; the screen draws the rows it shows by asking a row source for them by index, so
 * a million rows cost what fits on screen.
 */
#include "tui_int.h"

void panel_set(struct panel *p, uint32_t n)
{
    p->n = n;
    if (n == 0) {
        p->sel = p->top = 0;
        return;
    }
    if (p->sel >= n)
        p->sel = n - 1;
    panel_scroll_into_view(p);
}

void panel_scroll_into_view(struct panel *p)
{
    uint32_t h = p->h > 0 ? (uint32_t)p->h : 1;
    if (p->sel < p->top)
        p->top = p->sel;
    else if (p->sel >= p->top + h)
        p->top = p->sel - h + 1;
    if (p->n > h && p->top > p->n - h)
        p->top = p->n - h;
    if (p->n <= h)
        p->top = 0;
}

void panel_move(struct panel *p, int64_t delta)
{
    if (p->n == 0)
        return;
    int64_t s = (int64_t)p->sel + delta;
    if (s < 0)
        s = 0;
    if (s >= (int64_t)p->n)
        s = (int64_t)p->n - 1;
    p->sel = (uint32_t)s;
    panel_scroll_into_view(p);
}

void panel_go(struct panel *p, uint32_t row)
{
    if (p->n == 0)
        return;
    p->sel = row < p->n ? row : p->n - 1;
    panel_scroll_into_view(p);
}

uint32_t panel_row_at(const struct panel *p, int y)
{
    if (y < p->y || y >= p->y + p->h)
        return UINT32_MAX;
    uint64_t r = (uint64_t)p->top + (uint64_t)(y - p->y);
    return r < p->n ? (uint32_t)r : UINT32_MAX;
}
