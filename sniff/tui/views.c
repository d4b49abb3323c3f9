/*
 * views.c: the full-screen views over the model, each a panel (panel.c) of its own:
 *   c  the connections, one row per tcp.stream from the index (first and last frame,
 *      frames, both ends' states after its last frame), Enter goes to its first packet;
 *   f  Follow: the selected packet's connection reassembled (replay.c, the line mode's
 *      --follow text), client lines in red behind "> ", server lines in blue behind "< ";
 *   l  the ladder: one row per frame of the connection, an arrow between the client's
 *      and the server's columns with the TCP state of each end after the frame;
 *   ?  the help, action.c's table.
 * ladder_line draws one ladder row and is the one place to swap for the pictures
 * renderer's terminal ladder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "fmt_addr.h"
#include "tui_int.h"

static void aux_layout(struct tui *t)
{
    t->aux.y = 1;
    t->aux.x = 0;
    t->aux.h = t->crt.rows - 3 > 1 ? t->crt.rows - 3 : 1;
    t->aux.w = t->crt.cols;
}

static uint32_t follow_lines(const struct tui *t)
{
    uint32_t n = 0;
    for (size_t i = 0; i < t->rpv.text.len; i++)
        n += t->rpv.text.p[i] == '\n';
    if (t->rpv.text.len > 0 && t->rpv.text.p[t->rpv.text.len - 1] != '\n')
        n++;
    return n;
}

static bool ladder_rows(struct tui *t, uint32_t stream)
{
    const struct fx_stream *st = fx_stream(&t->ix, stream);
    t->aux_n = 0;
    if (st == NULL || st->first == FX_NONE)
        return false;
    for (uint32_t e = st->first; e <= st->last && e < t->ix.n; e++) {
        const struct frame_rec *r = &fx_entry(&t->ix, e)->rec;
        if (!(r->bits & FREC_TRACKED) || r->stream != stream)
            continue;
        if (t->aux_n == t->aux_cap) {
            uint32_t cap = t->aux_cap ? t->aux_cap * 2 : 256;
            uint32_t *nr = realloc(t->aux_rows, cap * sizeof *nr);
            if (nr == NULL)
                break;
            t->aux_rows = nr;
            t->aux_cap = cap;
        }
        t->aux_rows[t->aux_n++] = e;
    }
    return true;
}

void views_open(struct tui *t, enum tui_mode m)
{
    uint32_t e = screen_selected_entry(t);
    const struct frame_rec *r = e != FX_NONE ? &fx_entry(&t->ix, e)->rec : NULL;
    bool tracked = r != NULL && (r->bits & FREC_TRACKED);
    aux_layout(t);
    t->aux.sel = t->aux.top = 0;
    t->aux.hscroll = 0;
    switch (m) {
    case MODE_CONNS:
        t->aux.n = fx_nstreams(&t->ix);
        if (t->aux.n == 0) {
            tui_status(t, false, "no TCP connection in this capture (yet)");
            return;
        }
        if (tracked)
            panel_go(&t->aux, r->stream);
        break;
    case MODE_FOLLOW:
    case MODE_LADDER:
        if (!tracked) {
            tui_status(t, true, "%s needs a TCP packet of a connection: select one first",
                       m == MODE_FOLLOW ? "Follow" : "The ladder");
            return;
        }
        t->aux_stream = r->stream;
        if (m == MODE_FOLLOW) {
            replay_aim(t, &t->rpv, e, true);
            t->aux.n = 0;
        } else {
            ladder_rows(t, r->stream);
            t->aux.n = t->aux_n;
            for (uint32_t i = 0; i < t->aux_n; i++)
                if (t->aux_rows[i] == e)
                    panel_go(&t->aux, i);
        }
        break;
    case MODE_HELP: {
        size_t n;
        (void)action_help(&n);
        t->aux.n = (uint32_t)n;
        break;
    }
    case MODE_MAIN:
    default:
        break;
    }
    t->mode = m;
}

static void conn_row(struct tui *t, uint32_t stream, char *buf, size_t n)
{
    const struct fx_stream *st = fx_stream(&t->ix, stream);
    if (st == NULL || st->first == FX_NONE || !fview_load(t, st->first)) {
        snprintf(buf, n, "%6u  (no frame)", stream);
        return;
    }
    const struct packet *p = &t->fv.pkt;
    const struct frame_rec *first = &fx_entry(&t->ix, st->first)->rec;
    const struct frame_rec *last = &fx_entry(&t->ix, st->last)->rec;
    bool fc = (first->bits & FREC_FROM_CLIENT) != 0;
    char a[FMT_ENDPOINT_MAX] = "?", b[FMT_ENDPOINT_MAX] = "?";
    if (p->net == NET_IPV4 || p->net == NET_IPV6) {
        int fam = p->net == NET_IPV4 ? 4 : 6;
        const uint8_t *src = fam == 4 ? p->ip4.src : p->ip6.src;
        const uint8_t *dst = fam == 4 ? p->ip4.dst : p->ip6.dst;
        fmt_endpoint(fc ? a : b, fam, src, p->tcp.sport);
        fmt_endpoint(fc ? b : a, fam, dst, p->tcp.dport);
    }
    char states[64] = "";
    if (last->bits & FREC_ANALYSED)
        snprintf(states, sizeof states, "%s / %s", tcp_state_name((enum tcp_state)last->state[0]),
                 tcp_state_name((enum tcp_state)last->state[1]));
    snprintf(buf, n, "%6u  %-24s %-24s %8llu %8llu %7u  %s", stream, a, b,
             (unsigned long long)fx_frame(&t->ix, st->first),
             (unsigned long long)fx_frame(&t->ix, st->last), st->count, states);
}

static const char *tcp_flag_text(const struct tcp_info *tcp, char *buf)
{
    fmt_tcp_flags(buf, tcp->flags, tcp->reserved);
    return buf;
}

void ladder_line(struct tui *t, uint32_t e, int width, struct tbuf *out)
{
    tbuf_reset(out, 0);
    char buf[512];
    if (!fview_load(t, e)) {
        tbuf_sink(out, t->fv.err, strlen(t->fv.err));
        return;
    }
    const struct packet *p = &t->fv.pkt;
    const struct frame_rec *r = &fx_entry(&t->ix, e)->rec;
    bool fc = (r->bits & FREC_FROM_CLIENT) != 0;
    char flags[FMT_TCP_FLAGS_MAX];
    char label[160];
    snprintf(label, sizeof label, " %s Seq=%u%s Len=%u ", tcp_flag_text(&p->tcp, flags),
             p->track.rel_seq, "", p->tcp.payload_len);
    if (p->track.ack_valid && (p->tcp.flags & TCP_ACK))
        snprintf(label, sizeof label, " %s Seq=%u Ack=%u Len=%u ", flags, p->track.rel_seq,
                 p->track.rel_ack, p->tcp.payload_len);
    const char *cs = (r->bits & FREC_ANALYSED) ? tcp_state_name((enum tcp_state)r->state[0]) : "";
    const char *ss = (r->bits & FREC_ANALYSED) ? tcp_state_name((enum tcp_state)r->state[1]) : "";
    double rel = (double)(p->frame.ts_sec - t->s->time.first_sec) +
                 ((double)p->frame.ts_nsec - (double)t->s->time.first_nsec) / 1e9;
    int head = snprintf(buf, sizeof buf, "%7llu %11.6f  %-12s ",
                        (unsigned long long)p->frame.number, rel, cs);
    int arrow = width - head - 14;
    if (arrow < (int)strlen(label) + 4)
        arrow = (int)strlen(label) + 4;
    int ll = (int)strlen(label), left = (arrow - ll) / 2, right = arrow - ll - left;
    char line[1024];
    int k = 0;
    for (int i = 0; i < left && k < 900; i++)
        line[k++] = i == 0 && !fc ? '<' : '-';
    for (int i = 0; i < ll && k < 900; i++)
        line[k++] = label[i];
    for (int i = 0; i < right && k < 900; i++)
        line[k++] = i == right - 1 && fc ? '>' : '-';
    line[k] = '\0';
    tbuf_sink(out, buf, (size_t)head);
    tbuf_sink(out, line, (size_t)k);
    snprintf(buf, sizeof buf, " %s", ss);
    tbuf_sink(out, buf, strlen(buf));
}

static void view_title(struct tui *t, const char *text)
{
    attrset(crt_attr(&t->crt, TC_TITLE));
    crt_put(0, 0, t->crt.cols, text, strlen(text), 0);
    attrset(A_NORMAL);
}

static void draw_follow_row(struct tui *t, int y, uint32_t row)
{
    const char *p = t->rpv.text.p;
    size_t len = t->rpv.text.len, pos = 0;
    for (uint32_t r = 0; r < row && pos < len; r++) {
        const char *nl = memchr(p + pos, '\n', len - pos);
        pos = nl != NULL ? (size_t)(nl - p) + 1 : len;
    }
    const char *nl = pos < len ? memchr(p + pos, '\n', len - pos) : NULL;
    size_t end = nl != NULL ? (size_t)(nl - p) : len;
    enum tui_color c = TC_NORMAL;
    if (end - pos >= 2 && p[pos] == '>' && p[pos + 1] == ' ')
        c = TC_CLIENT;
    else if (end - pos >= 2 && p[pos] == '<' && p[pos + 1] == ' ')
        c = TC_SERVER;
    attrset(crt_attr(&t->crt, c));
    crt_put(y, 0, t->crt.cols, p + pos, end - pos, t->aux.hscroll);
}

void views_draw(struct tui *t)
{
    char buf[1024];
    aux_layout(t);
    struct panel *a = &t->aux;
    switch (t->mode) {
    case MODE_CONNS:
        a->n = fx_nstreams(&t->ix);
        view_title(t, " Connections (tcp.stream)   Enter: its first packet   Esc: back");
        snprintf(buf, sizeof buf, "%6s  %-24s %-24s %8s %8s %7s  %s", "Stream", "Client", "Server",
                 "First", "Last", "Frames", "States after the last (client/server)");
        break;
    case MODE_FOLLOW:
        a->n = follow_lines(t);
        snprintf(buf, sizeof buf, " Follow TCP stream %u%s   Esc: back", t->aux_stream,
                 t->rpv.target != FX_NONE ? "   (reading...)" : "");
        view_title(t, buf);
        snprintf(buf, sizeof buf,
                 "client lines in red behind \"> \", server lines in blue "
                 "behind \"< \" (as sniff --follow=%u)",
                 t->aux_stream);
        break;
    case MODE_LADDER:
        snprintf(buf, sizeof buf, " Ladder of tcp.stream %u   Enter: go to the packet   Esc: back",
                 t->aux_stream);
        view_title(t, buf);
        snprintf(buf, sizeof buf, "%7s %11s  %-12s %s", "No.", "Time", "Client state",
                 "  (arrows: who sent it)                              Server state");
        break;
    case MODE_HELP:
    default:
        view_title(t, " sniff --tui: keys   Esc or q: back");
        snprintf(buf, sizeof buf, "(sniff --help and man sniff say more)");
        break;
    }
    panel_scroll_into_view(a);
    attrset(crt_attr(&t->crt, TC_STATUS));
    crt_put(t->crt.rows - 2, 0, t->crt.cols, buf, strlen(buf), 0);
    attrset(A_NORMAL);
    size_t nh;
    const char *const *help = action_help(&nh);
    for (int i = 0; i < a->h; i++) {
        uint32_t row = a->top + (uint32_t)i;
        int y = a->y + i;
        attrset(A_NORMAL);
        if (row >= a->n) {
            crt_put(y, 0, a->w, "", 0, 0);
            continue;
        }
        if (row == a->sel && t->mode != MODE_HELP && t->mode != MODE_FOLLOW)
            attrset(crt_attr(&t->crt, TC_SELECT));
        switch (t->mode) {
        case MODE_CONNS:
            conn_row(t, row, buf, sizeof buf);
            crt_put(y, 0, a->w, buf, strlen(buf), a->hscroll);
            break;
        case MODE_FOLLOW:
            draw_follow_row(t, y, row);
            break;
        case MODE_LADDER:
            ladder_line(t, t->aux_rows[row], a->w, &t->line);
            crt_put(y, 0, a->w, t->line.p, t->line.len, a->hscroll);
            break;
        case MODE_HELP:
        default:
            crt_put(y, 0, a->w, help[row], strlen(help[row]), 0);
            break;
        }
    }
    attrset(A_NORMAL);
    funcbar_draw(t, t->crt.rows - 1);
}

/* Enter in a view: the packet it names, on the main screen. */
static void view_enter(struct tui *t)
{
    uint32_t e = FX_NONE;
    if (t->mode == MODE_CONNS) {
        const struct fx_stream *st = fx_stream(&t->ix, t->aux.sel);
        e = st != NULL ? st->first : FX_NONE;
    } else if (t->mode == MODE_LADDER && t->aux.sel < t->aux_n) {
        e = t->aux_rows[t->aux.sel];
    }
    if (e == FX_NONE)
        return;
    uint32_t row = fx_view_row_at(&t->view, &t->ix, e);
    t->mode = MODE_MAIN;
    if (row == FX_NONE || fx_view_entry(&t->view, row) != e || row >= tui_rows(t)) {
        tui_status(t, true, "packet %llu is not shown (the display filter or --step hides it)",
                   (unsigned long long)fx_frame(&t->ix, e));
        return;
    }
    t->focus = PANE_LIST;
    screen_select_row(t, row);
}

bool views_key(struct tui *t, int key)
{
    struct panel *a = &t->aux;
    switch (key) {
    case 27:
    case 'q':
    case KEY_F(10):
        t->mode = MODE_MAIN;
        return true;
    case KEY_UP:
    case 'k':
        panel_move(a, -1);
        return true;
    case KEY_DOWN:
    case 'j':
        panel_move(a, 1);
        return true;
    case KEY_PPAGE:
        panel_move(a, -(a->h > 1 ? a->h - 1 : 1));
        return true;
    case KEY_NPAGE:
    case ' ':
        panel_move(a, a->h > 1 ? a->h - 1 : 1);
        return true;
    case KEY_HOME:
        panel_go(a, 0);
        return true;
    case KEY_END:
    case 'G':
        panel_go(a, a->n > 0 ? a->n - 1 : 0);
        return true;
    case KEY_LEFT:
        if (a->hscroll > 0)
            a->hscroll -= 8;
        return true;
    case KEY_RIGHT:
        a->hscroll += 8;
        return true;
    case '\n':
    case '\r':
    case KEY_ENTER:
        view_enter(t);
        return true;
    default:
        return false;
    }
}

bool views_mouse(struct tui *t, int y, int x, unsigned long bstate)
{
    (void)x;
    struct panel *a = &t->aux;
    if (bstate & BUTTON4_PRESSED) {
        panel_move(a, -3);
        return true;
    }
    if (bstate & BUTTON5_PRESSED) {
        panel_move(a, 3);
        return true;
    }
    uint32_t row = panel_row_at(a, y);
    if (row == UINT32_MAX)
        return false;
    panel_go(a, row);
    if (bstate & BUTTON1_DOUBLE_CLICKED)
        view_enter(t);
    return true;
}
