/*
 * ladder_layout.h: what the terminal ladder's layout (ladder_layout.c) tells its drawing
 * (ladder_text.c): the glyphs a back end draws with, where the columns, the notes and
 * the rows go, and the texts fitted to the room they get. Internal to draw/.
 */
#ifndef ECHOSNIFF_LADDER_LAYOUT_H
#define ECHOSNIFF_LADDER_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ladder.h"

/* The characters a ladder is drawn with: Unicode box drawing, or ASCII. */
struct glyphs {
    const char *vert, *tee_right, *tee_left, *shaft, *dashed, *head_right, *head_left, *ellipsis;
    const char *to_server, *to_client;
};

/* Where everything goes, in display columns. */
struct layout {
    int w_no, w_time, w_sl, w_sr;
    int L, R;           /* the client's and the server's column */
    int note_x, note_w; /* the annotation column (note_w 0: none) */
    int note_lines;     /* screen lines an arrow may take */
    bool compact;       /* one line per arrow */
    bool notes_dropped; /* there were notes and no room for them */
    uint32_t r0, r1;    /* the rows drawn: [r0, r1) */
};

/* Lays the ladder out for the options' width: the columns' widths and places, the
 * note column, the rows in range, or one line per arrow when two columns do not fit. */
void ladder_lay_out(const struct ladder *l, const struct ladder_text_opts *o, struct layout *y);

/* Whether the frame is in the options' [first, last] range (0: unbounded). */
bool ladder_in_range(const struct ladder_text_opts *o, uint64_t frame);

/* The Time column: seconds since t0 with six decimals, into buf; its length. */
int ladder_time_text(char *buf, size_t cap, int64_t ns, int64_t t0);

/* The state written beside a column (side 0 client, 1 server) on row r, NULL: none. */
const char *ladder_shown_state(const struct ladder_row *r, int side);

/* The label above an arrow, in the widest form that fits w columns (cut with an
 * ellipsis when none does). */
size_t ladder_fit_label(const struct ladder *l, const struct ladder_row *r, int w, char *buf,
                        size_t cap, const struct glyphs *g);

/* The comment in the shaft: "Seq = 1 Ack = 1", else "Seq=1 Ack=1", else nothing. */
size_t ladder_fit_comment(const struct ladder *l, const struct ladder_row *r, int w, char *buf,
                          size_t cap);

/* Cuts buf (n bytes) to at most width columns, at a character boundary, ending in the
 * ellipsis when anything was cut; cap: buf's size. */
size_t ladder_clip(char *buf, size_t n, size_t cap, int width, const char *ell);

#endif
