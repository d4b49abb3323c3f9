/*
 * funcbar.c: the key hints on the last line, htop's FunctionBar: each key in the text
 * colour, what it does beside it in the bar's colour, as many as the width holds.
 */
#include <string.h>

#include <curses.h>

#include "tui_int.h"

struct hint {
    const char *key, *what;
};

static const struct hint main_hints[] = {
    {"?", "Help"},  {"^F", "Filter"}, {"/", "Search"}, {"]", "Problem"}, {"g", "Go"},
    {"c", "Conns"}, {"f", "Follow"},  {"l", "Ladder"}, {"Tab", "Pane"},  {"q", "Quit"},
};
static const struct hint class_hints[] = {
    {"Space", "Next"}, {"?", "Help"},   {"^F", "Filter"},
    {"f", "Follow"},   {"l", "Ladder"}, {"q", "Quit"},
};
static const struct hint view_hints[] = {
    {"Esc", "Back"},           {"Up/Dn", "Move"}, {"PgUp/PgDn", "Page"},
    {"Enter", "Go to packet"}, {"q", "Back"},
};
static const struct hint edit_hints[] = {
    {"Enter", "Apply"},
    {"Esc", "Cancel"},
    {"^U", "Clear"},
};

void funcbar_draw(struct tui *t, int y)
{
    const struct hint *h = main_hints;
    size_t n = sizeof main_hints / sizeof main_hints[0];
    if (t->in.kind != INC_NONE) {
        h = edit_hints;
        n = sizeof edit_hints / sizeof edit_hints[0];
    } else if (t->mode != MODE_MAIN) {
        h = view_hints;
        n = sizeof view_hints / sizeof view_hints[0];
    } else if (t->s->opt.step || t->s->opt.quiz) {
        h = class_hints;
        n = sizeof class_hints / sizeof class_hints[0];
    }
    int x = 0, cols = t->crt.cols;
    attrset(A_NORMAL);
    move(y, 0);
    for (size_t i = 0; i < n; i++) {
        int kw = (int)strlen(h[i].key), ww = (int)strlen(h[i].what);
        if (x + kw + ww + 1 > cols)
            break;
        attrset(crt_attr(&t->crt, TC_KEY));
        mvaddstr(y, x, h[i].key);
        x += kw;
        attrset(crt_attr(&t->crt, TC_KEYTEXT));
        mvaddstr(y, x, h[i].what);
        x += ww;
        attrset(A_NORMAL);
        if (x < cols)
            mvaddch(y, x++, ' ');
    }
    attrset(A_NORMAL);
    for (; x < cols; x++)
        mvaddch(y, x, ' ');
}
