/*
 * ladder_layout.c: the terminal ladder's layout (ladder_text.c draws it). Where the
 * columns go: the No. and Time columns and each end's TCP states measured over the
 * rows drawn, then the space between the client's and the server's columns that the
 * labels ask for, within the width, leaving the annotations NOTE_MIN columns (or, too
 * narrow, dropping them, or drawing one line per arrow). And the texts fitted to the
 * room they get: the label in its widest form that fits (the analysis flags in short
 * words, then cut with an ellipsis), the shaft's comment with or without spaces.
 */
#include "ladder_layout.h"

#include <stdio.h>
#include <string.h>

#define SPAN_MIN 18  /* the narrowest space between the columns */
#define SPAN_MAX 64  /* and the widest the labels may ask for */
#define NOTE_MIN 16  /* the note column labels leave (narrower: the notes go) */
#define NOTE_LINES 4 /* default screen lines per arrow */

/* ---- fitting text ---------------------------------------------------------------------- */

/* Short words for the analysis flags, for a narrow ladder. */
static const struct {
    uint32_t bit;
    const char *name;
} short_flags[] = {
    {AN_PORTS_REUSED, "Reused"},
    {AN_SPURIOUS_RETRANSMISSION, "Spurious Retr"},
    {AN_FAST_RETRANSMISSION, "Fast Retr"},
    {AN_RETRANSMISSION, "Retr"},
    {AN_OUT_OF_ORDER, "Out-Of-Order"},
    {AN_LOST_SEGMENT, "Lost"},
    {AN_ACKED_UNSEEN, "ACKed unseen"},
    {AN_WINDOW_FULL, "Win Full"},
    {AN_WINDOW_UPDATE, "Win Update"},
    {AN_KEEP_ALIVE, "Keep-Alive"},
    {AN_KEEP_ALIVE_ACK, "KA ACK"},
    {AN_DUP_ACK, "Dup ACK"},
    {AN_ZERO_WINDOW_PROBE, "ZeroWin Probe"},
    {AN_ZERO_WINDOW_PROBE_ACK, "Probe ACK"},
    {AN_ZERO_WINDOW, "ZeroWin"},
};

static size_t short_flag_text(uint32_t flags, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof short_flags / sizeof short_flags[0]; i++) {
        if (!(flags & short_flags[i].bit))
            continue;
        int k = snprintf(buf + n, cap - n, "[%s] ", short_flags[i].name);
        if (k < 0 || (size_t)k >= cap - n)
            break;
        n += (size_t)k;
    }
    if (n > 0)
        buf[--n] = '\0'; /* the last space */
    return n;
}

/* The label above an arrow, in the widest form that fits w columns (cut with an
 * ellipsis when none does). */
size_t ladder_fit_label(const struct ladder *l, const struct ladder_row *r, int w, char *buf,
                        size_t cap, const struct glyphs *g)
{
    size_t fl, lb;
    const char *f = ladder_str(l, r, LS_FLAGS, &fl);
    const char *s = ladder_str(l, r, LS_LABEL, &lb);
    char sf[160];
    size_t sfl = r->an_flags != 0 ? short_flag_text(r->an_flags, sf, sizeof sf) : 0;
    const struct {
        const char *a;
        size_t an;
    } pre[3] = {{f, fl}, {sf, sfl}, {"", 0}};
    for (int i = 0; i < 3; i++) {
        int k = pre[i].an > 0
                    ? snprintf(buf, cap, "%.*s %.*s", (int)pre[i].an, pre[i].a, (int)lb, s)
                    : snprintf(buf, cap, "%.*s", (int)lb, s);
        size_t n = k > 0 && (size_t)k < cap ? (size_t)k : 0;
        if ((int)ladder_text_width(buf, n) <= w)
            return n;
    }
    /* Cut: the short flags and the label, to w - 1 columns and an ellipsis. */
    int k = snprintf(buf, cap, "%.*s%s%.*s", (int)sfl, sf, sfl > 0 ? " " : "", (int)lb, s);
    size_t n = k > 0 && (size_t)k < cap ? (size_t)k : 0;
    size_t el = strlen(g->ellipsis), ew = ladder_text_width(g->ellipsis, el);
    if (w <= (int)ew)
        return 0;
    size_t keep = (size_t)w - ew; /* ASCII text: bytes are columns */
    if (keep > n)
        keep = n;
    memcpy(buf + keep, g->ellipsis, el);
    return keep + el;
}

/* The comment in the shaft: "Seq = 1 Ack = 1", else "Seq=1 Ack=1", else nothing. */
size_t ladder_fit_comment(const struct ladder *l, const struct ladder_row *r, int w, char *buf,
                          size_t cap)
{
    size_t n;
    const char *c = ladder_str(l, r, LS_COMMENT, &n);
    if (n < cap && (int)n <= w) {
        memcpy(buf, c, n);
        return n;
    }
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap; i++) /* "Seq = 1" -> "Seq=1" */
        if (!(c[i] == ' ' && ((i + 1 < n && c[i + 1] == '=') || (i > 0 && c[i - 1] == '='))))
            buf[k++] = c[i];
    return (int)k <= w ? k : 0;
}

/* Cuts buf (n bytes) to at most width columns, at a character boundary, ending in the
 * ellipsis when anything was cut; cap: buf's size. */
size_t ladder_clip(char *buf, size_t n, size_t cap, int width, const char *ell)
{
    if ((int)ladder_text_width(buf, n) <= width)
        return n;
    size_t el = strlen(ell);
    int ew = (int)ladder_text_width(ell, el);
    while (n > 0 && ((int)ladder_text_width(buf, n) > width - ew || n + el > cap))
        n--;
    while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80) /* not inside a character */
        n--;
    memcpy(buf + n, ell, el);
    return n + el;
}

/* ---- layout ---------------------------------------------------------------------------- */

bool ladder_in_range(const struct ladder_text_opts *o, uint64_t frame)
{
    return (o->first == 0 || frame >= o->first) && (o->last == 0 || frame <= o->last);
}

int ladder_time_text(char *buf, size_t cap, int64_t ns, int64_t t0)
{
    int64_t d = ns - t0;
    const char *sign = "";
    if (d < 0) {
        sign = "-";
        d = -d;
    }
    return snprintf(buf, cap, "%s%lld.%06lld", sign, (long long)(d / 1000000000),
                    (long long)(d % 1000000000 / 1000));
}

static int digits(uint64_t v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

/* The state written beside a column on row r (NULL: none): where it changes, and known. */
const char *ladder_shown_state(const struct ladder_row *r, int side)
{
    int bit = side == 0 ? LADDER_CLIENT_CHANGED : LADDER_SERVER_CHANGED;
    if (!(r->changed & bit) || r->state[side] == TCP_STATE_UNKNOWN)
        return NULL;
    return tcp_state_name((enum tcp_state)r->state[side]);
}

static void measure(const struct ladder *l, const struct ladder_text_opts *o, struct layout *y,
                    int *want_span, bool *any_note)
{
    uint64_t max_frame = 0;
    *want_span = SPAN_MIN;
    *any_note = false;
    y->r0 = l->n;
    y->r1 = 0;
    for (uint32_t i = 0; i < l->n; i++) {
        const struct ladder_row *r = &l->rows[i];
        if (!ladder_in_range(o, r->frame))
            continue;
        if (y->r0 == l->n)
            y->r0 = i;
        y->r1 = i + 1;
        if (r->frame > max_frame)
            max_frame = r->frame;
        char tb[32];
        int tw = ladder_time_text(tb, sizeof tb, r->ts_ns, o->t0_ns);
        if (tw > y->w_time)
            y->w_time = tw;
        for (int side = 0; side < 2; side++) {
            const char *st = ladder_shown_state(r, side);
            int sw = st != NULL ? (int)strlen(st) : 0;
            int *w = side == 0 ? &y->w_sl : &y->w_sr;
            if (sw > *w)
                *w = sw;
        }
        size_t fl, lb, cm, nt;
        (void)ladder_str(l, r, LS_FLAGS, &fl);
        (void)ladder_str(l, r, LS_LABEL, &lb);
        (void)ladder_str(l, r, LS_COMMENT, &cm);
        (void)ladder_str(l, r, LS_NOTE, &nt);
        int need = (int)(fl + (fl > 0) + lb) + 2;
        if ((int)cm + 9 > need)
            need = (int)cm + 9; /* the shaft: tee, head, a space and two glyphs each side */
        if (need > *want_span)
            *want_span = need;
        *any_note |= nt > 0;
    }
    if (y->r0 > y->r1)
        y->r0 = y->r1;
    y->w_no = digits(max_frame) > 3 ? digits(max_frame) : 3;
    if (y->w_time < 4)
        y->w_time = 4;
    if (*want_span > SPAN_MAX)
        *want_span = SPAN_MAX;
}

void ladder_lay_out(const struct ladder *l, const struct ladder_text_opts *o, struct layout *y)
{
    int want;
    bool any_note;
    memset(y, 0, sizeof *y);
    measure(l, o, y, &want, &any_note);
    y->note_lines = o->max_note_lines > 0 ? o->max_note_lines : NOTE_LINES;
    if (y->note_lines < 2)
        y->note_lines = 2;
    y->L = y->w_no + 1 + y->w_time + 1 + (y->w_sl > 0 ? y->w_sl + 1 : 0);
    /* After the server's column: a space, its states and a space before the notes. */
    int right = y->w_sr > 0 ? 1 + y->w_sr + 1 : 1;
    int avail = o->width - y->L - 2 - right; /* for the span and the notes */
    if (o->width < LADDER_MIN_WIDTH || avail < SPAN_MIN) {
        y->compact = true;
        return;
    }
    /* The span the labels ask for, leaving the notes NOTE_MIN columns: a label is
     * shortened rather than a note squeezed out; below that the notes go first. */
    bool notes = any_note && !o->no_notes;
    int span = want < avail ? want : avail;
    if (notes && avail - span < NOTE_MIN)
        span = avail - NOTE_MIN > SPAN_MIN ? avail - NOTE_MIN : SPAN_MIN;
    if (avail - span > 80) /* a wide terminal: a roomier ladder */
        span += (avail - span - 80) / 4 < 12 ? (avail - span - 80) / 4 : 12;
    if (notes && avail - span < 12) {
        y->notes_dropped = true;
        notes = false;
    }
    y->R = y->L + 1 + span;
    y->note_x = y->R + 1 + right;
    y->note_w = notes ? o->width - y->note_x : 0;
}
