/*
 * action.c: the table from keys to actions on the main screen, htop's Action.c: one row
 * per binding with its help text, so the help screen (?) is this table printed and
 * cannot drift from what the keys do. Movement goes to the pane with the focus (Tab
 * moves it): the packet list, the detail tree or the bytes.
 */
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "tui_int.h"

typedef void (*action_fn)(struct tui *t);

struct action {
    int key;
    action_fn fn;
};

static struct panel *focused(struct tui *t)
{
    return t->focus == PANE_LIST ? &t->list : t->focus == PANE_DETAIL ? &t->detail : &t->bytes;
}

static void after_move(struct tui *t)
{
    if (t->focus == PANE_LIST) {
        t->follow_tail = t->list.n > 0 && t->list.sel == t->list.n - 1;
        tui_selection_changed(t);
    } else if (t->focus == PANE_BYTES) {
        int bpl = t->crt.cols >= 78 ? 16 : 8;
        uint32_t col = t->byte_sel % (uint32_t)bpl;
        t->byte_sel = t->bytes.sel * (uint32_t)bpl + col;
    }
}

static void move_by(struct tui *t, int64_t d)
{
    panel_move(focused(t), d);
    after_move(t);
}

static void up(struct tui *t)
{
    move_by(t, -1);
}
static void down(struct tui *t)
{
    move_by(t, 1);
}
static void page_up(struct tui *t)
{
    move_by(t, -(int64_t)(focused(t)->h > 1 ? focused(t)->h - 1 : 1));
}
static void page_down(struct tui *t)
{
    move_by(t, focused(t)->h > 1 ? focused(t)->h - 1 : 1);
}
static void home(struct tui *t)
{
    panel_go(focused(t), 0);
    after_move(t);
}
static void end(struct tui *t)
{
    struct panel *p = focused(t);
    panel_go(p, p->n > 0 ? p->n - 1 : 0);
    after_move(t);
}

static void next_pane(struct tui *t)
{
    t->focus = (enum tui_pane)((t->focus + 1) % PANE_COUNT);
}
static void prev_pane(struct tui *t)
{
    t->focus = (enum tui_pane)((t->focus + PANE_COUNT - 1) % PANE_COUNT);
}

/* Left, Right, Enter: in the tree, close, open, flip; in the bytes, move a byte (Enter
 * selects the byte's field); in the list, scroll sideways (Enter: the tree). */
static void tree_node(struct tui *t, int how)
{
    if (t->detail.sel >= t->dt.nvis)
        return;
    uint32_t node = t->dt.vis[t->detail.sel];
    if (how == 0 && !(t->dt.node[node].kids && dtree_vis_row(&t->dt, node) + 1 < t->dt.nvis &&
                      t->dt.node[t->dt.vis[t->detail.sel + 1]].parent == node)) {
        /* closed or a leaf: Left goes to the parent, as in Wireshark */
        uint32_t par = t->dt.node[node].parent;
        if (par != UINT32_MAX)
            panel_go(&t->detail, dtree_vis_row(&t->dt, par));
        return;
    }
    dtree_toggle(&t->dt, node, how);
    t->detail.n = t->dt.nvis;
}

static void byte_field(struct tui *t)
{
    uint32_t node = dtree_node_at_byte(&t->dt, t->byte_sel);
    if (node == UINT32_MAX)
        return;
    t->detail.n = t->dt.nvis;
    panel_go(&t->detail, dtree_vis_row(&t->dt, node));
}

static void bytes_move(struct tui *t, int d)
{
    uint32_t caplen = t->fv.entry != FX_NONE ? t->fv.hdr.caplen : 0;
    int64_t b = (int64_t)t->byte_sel + d;
    if (caplen == 0 || b < 0 || b >= (int64_t)caplen)
        return;
    t->byte_sel = (uint32_t)b;
    int bpl = t->crt.cols >= 78 ? 16 : 8;
    panel_go(&t->bytes, t->byte_sel / (uint32_t)bpl);
    byte_field(t);
}

static void left(struct tui *t)
{
    if (t->focus == PANE_DETAIL)
        tree_node(t, 0);
    else if (t->focus == PANE_BYTES)
        bytes_move(t, -1);
    else if (t->list.hscroll > 0)
        t->list.hscroll -= 8;
}
static void right(struct tui *t)
{
    if (t->focus == PANE_DETAIL)
        tree_node(t, 1);
    else if (t->focus == PANE_BYTES)
        bytes_move(t, 1);
    else
        t->list.hscroll += 8;
}
static void enter(struct tui *t)
{
    if (t->focus == PANE_DETAIL)
        tree_node(t, -1);
    else if (t->focus == PANE_BYTES)
        byte_field(t);
    else
        t->focus = PANE_DETAIL;
}
static void expand_all(struct tui *t)
{
    dtree_all(&t->dt, true);
    t->detail.n = t->dt.nvis;
}
static void collapse_all(struct tui *t)
{
    dtree_all(&t->dt, false);
    t->detail.n = t->dt.nvis;
    panel_go(&t->detail, 0);
}

static void filter_bar(struct tui *t)
{
    t->in.pcapng = t->pcapng;
    inc_begin(&t->in, INC_FILTER, t->filter_text);
}
static void search(struct tui *t)
{
    inc_begin(&t->in, INC_SEARCH, t->search_text);
}
static void go_to(struct tui *t)
{
    inc_begin(&t->in, INC_GOTO, "");
}
static void search_next(struct tui *t)
{
    tui_search_start(t, t->search_text, 1);
}
static void search_prev(struct tui *t)
{
    tui_search_start(t, t->search_text, -1);
}

/* ]/[: the next (previous) packet the model calls a problem, among the shown rows. */
static void problem(struct tui *t, int dir)
{
    uint32_t n = tui_rows(t);
    for (uint32_t k = 1; k < n; k++) {
        uint32_t row = dir > 0 ? t->list.sel + k : t->list.sel - k;
        if ((dir > 0 && row >= n) || (dir < 0 && k > t->list.sel))
            break;
        if (fview_problem(t, fx_view_entry(&t->view, row))) {
            t->focus = PANE_LIST;
            screen_select_row(t, row);
            return;
        }
    }
    tui_status(t, false,
               "no %s problem (retransmission, loss, Dup ACK, zero window, reset, "
               "echo mismatch, malformed)",
               dir > 0 ? "later" : "earlier");
}
static void next_problem(struct tui *t)
{
    problem(t, 1);
}
static void prev_problem(struct tui *t)
{
    problem(t, -1);
}

static void conns(struct tui *t)
{
    views_open(t, MODE_CONNS);
}
static void follow(struct tui *t)
{
    views_open(t, MODE_FOLLOW);
}
static void ladder(struct tui *t)
{
    views_open(t, MODE_LADDER);
}
static void help(struct tui *t)
{
    views_open(t, MODE_HELP);
}
static void quit(struct tui *t)
{
    t->quit = true;
}

/* Space: --step shows the next packet; --quiz shows the answer, then moves on. */
static void space(struct tui *t)
{
    const struct sniff *s = t->s;
    uint32_t e = screen_selected_entry(t);
    if (s->opt.quiz && e != FX_NONE && t->quiz_entry != e) {
        t->quiz_entry = e;
        tui_selection_changed(t); /* the tree's model lines come back */
        t->quiz_entry = e;
        return;
    }
    uint32_t all = fx_view_n(&t->view, &t->ix);
    if (s->opt.step && t->revealed < all) {
        t->revealed++;
        t->focus = PANE_LIST;
        screen_select_row(t, t->revealed - 1);
        return;
    }
    if (t->list.sel + 1 < tui_rows(t)) {
        t->focus = PANE_LIST;
        screen_select_row(t, t->list.sel + 1);
    } else if (s->opt.step) {
        tui_status(t, false, "every packet is shown");
    }
}

static const struct action table[] = {
    {KEY_UP, up},
    {'k', up},
    {KEY_DOWN, down},
    {'j', down},
    {KEY_PPAGE, page_up},
    {2, page_up}, /* Ctrl-B */
    {KEY_NPAGE, page_down},
    {4, page_down}, /* Ctrl-D */
    {KEY_HOME, home},
    {KEY_END, end},
    {'G', end},
    {'\t', next_pane},
    {KEY_BTAB, prev_pane},
    {KEY_LEFT, left},
    {'h', left},
    {KEY_RIGHT, right},
    {'\n', enter},
    {'\r', enter},
    {KEY_ENTER, enter},
    {'e', expand_all},
    {'E', collapse_all},
    {6, filter_bar}, /* Ctrl-F */
    {'\\', filter_bar},
    {'/', search},
    {'n', search_next},
    {'N', search_prev},
    {'g', go_to},
    {']', next_problem},
    {'[', prev_problem},
    {'c', conns},
    {'f', follow},
    {'l', ladder},
    {'?', help},
    {KEY_F(1), help},
    {'q', quit},
    {KEY_F(10), quit},
    {' ', space},
};

static const char *const help_lines[] = {
    "Moving",
    "  Up/Down, k/j          previous/next row of the pane with the focus",
    "  PgUp/PgDn, ^B/^D      a page up/down;  Home/End, G   first/last row",
    "  Tab, Shift-Tab        focus the next/previous pane: list, details, bytes",
    "  Left/Right            list: scroll sideways; details: close/open (Left on a",
    "                        closed line goes to its parent); bytes: previous/next byte",
    "  Enter                 list: to the details; details: open/close; bytes: select",
    "                        the field the byte belongs to",
    "  e / E                 open / close every line of the details",
    "  mouse                 click a row, a tree line or a byte; the wheel scrolls",
    "Finding",
    "  g                     go to a packet number",
    "  /  n  N               search the packet list's text; next; previous",
    "  ] / [                 next/previous problem: retransmission, loss, Dup ACK, zero",
    "                        window, reset or refused, echo mismatch, malformed",
    "  Ctrl-F or \\          the display filter bar (Wireshark's syntax): green when",
    "                        valid, red with the error marked; Enter applies it (the",
    "                        selected packet stays selected if it still matches), an",
    "                        empty filter shows everything, Esc leaves it as it was;",
    "                        Esc while it is applied stops it (the one before stays)",
    "Connections",
    "  c                     the connection list (Enter: its first packet)",
    "  f                     Follow: the selected packet's connection as a conversation",
    "  l                     the ladder of the selected packet's connection",
    "For class",
    "  Space                 --step: show the next packet; --quiz: show the answer,",
    "                        then the next packet",
    "  ?, F1                 this help;   q, F10   quit (Esc or q leaves a view)",
};

bool action_key(struct tui *t, int key)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].key == key) {
            table[i].fn(t);
            return true;
        }
    return false;
}

const char *const *action_help(size_t *n)
{
    *n = sizeof help_lines / sizeof help_lines[0];
    return help_lines;
}

/* A click selects what is under it; the wheel scrolls the pane under the pointer. */
void action_mouse(struct tui *t)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (t->mode != MODE_MAIN) {
        views_mouse(t, ev.y, ev.x, (unsigned long)ev.bstate);
        return;
    }
    struct panel *panes[PANE_COUNT] = {&t->list, &t->detail, &t->bytes};
    for (int i = 0; i < PANE_COUNT; i++) {
        struct panel *p = panes[i];
        if (ev.y < p->y || ev.y >= p->y + p->h)
            continue;
        t->focus = (enum tui_pane)i;
        if (ev.bstate & BUTTON4_PRESSED) {
            move_by(t, -3);
            return;
        }
        if (ev.bstate & BUTTON5_PRESSED) {
            move_by(t, 3);
            return;
        }
        uint32_t row = panel_row_at(p, ev.y);
        if (row == UINT32_MAX)
            return;
        panel_go(p, row);
        if (i == PANE_BYTES) {
            int bpl = t->crt.cols >= 78 ? 16 : 8;
            int k = ev.x >= 6 + bpl * 3 + 2 ? ev.x - (6 + bpl * 3 + 2)
                                            : (ev.x - 6 - (ev.x >= 6 + 8 * 3 + 1 ? 1 : 0)) / 3;
            if (k >= 0 && k < bpl) {
                t->byte_sel = row * (uint32_t)bpl + (uint32_t)k;
                byte_field(t);
            }
            return;
        }
        after_move(t);
        if (i == PANE_DETAIL && (ev.bstate & BUTTON1_DOUBLE_CLICKED))
            tree_node(t, -1);
        return;
    }
}
