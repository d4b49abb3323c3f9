/*
 * ladder.h: the ladder diagram of one TCP connection, the lecture's picture of a
 * connection: a client column and a server column, time running down, one arrow per
 * segment labelled as Wireshark's Flow Graph labels it ("PSH, ACK - Len: 18" above the
 * arrow, "Seq = 1 Ack = 1" beside it), the analysis flags, the TCP state of each end
 * where it changes, and the annotation of the segment.
 *
 * This is the one description of the drawing: built once from the connection model
 * (a frame's struct frame_rec, the decoded packet for its flags and length, and the
 * annotation lines of annotate.c), and drawn by three back ends: the terminal
 * (ladder_text.c: Unicode box drawing or ASCII, into a buffer of lines), and SVG and
 * cairo through the figure layout of ladder_fig.c. Nothing here reads connection state
 * of its own: every number is the model's, every sentence annotate.c's.
 *
 * Memory is bounded: at most max_rows arrows per ladder (the rest are counted), their
 * texts in one arena; a caller collecting many connections at once (ladder_set in
 * draw.h) bounds the total as well.
 */
#ifndef ECHOSNIFF_LADDER_H
#define ECHOSNIFF_LADDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "annotate.h"
#include "fmt_addr.h"
#include "packet.h"
#include "sbuf.h"

#define LADDER_DEFAULT_MAX_ROWS 10000

/* The texts of one arrow, in this order in the arena. */
enum ladder_str {
    LS_FLAGS,   /* Wireshark's analysis flags as the Info column writes them, or "" */
    LS_LABEL,   /* Wireshark's Flow Graph label: "PSH, ACK - Len: 18" */
    LS_COMMENT, /* and its comment: "Seq = 1 Ack = 1" */
    LS_NOTE,    /* the annotation's lines, joined by a space, or "" */
    LS_COUNT
};

/* Colour classes of an arrow, Wireshark's default colouring rules for TCP. */
enum ladder_kind {
    LK_DATA = 0, /* "TCP": data and ACKs */
    LK_SYNFIN,   /* "TCP SYN/FIN" */
    LK_RST,      /* "TCP RST" */
    LK_BAD,      /* "Bad TCP": an analysis flag other than a window update, or malformed */
};

#define LADDER_CLIENT_CHANGED 1
#define LADDER_SERVER_CHANGED 2

struct ladder_row {
    uint64_t frame;
    int64_t ts_ns;
    uint32_t an_flags; /* enum an_flag */
    uint32_t str_off;  /* this row's texts, one after another in the arena */
    uint16_t str_len[LS_COUNT];
    uint8_t from_client;
    uint8_t kind;     /* enum ladder_kind */
    uint8_t state[2]; /* enum tcp_state of the client and the server after this segment */
    uint8_t changed;  /* LADDER_*_CHANGED: a state differs from the one before */
    uint8_t alert;    /* the note holds an alert line (an echo mismatch) */
};

struct ladder {
    uint32_t stream;
    bool have_ends;
    char ep[2][FMT_ENDPOINT_MAX]; /* "127.0.0.1:36704": [0] client, [1] server */
    uint8_t state0[2];            /* the states before the first arrow */
    struct ladder_row *rows;
    uint32_t n, cap, max_rows;
    char *text;
    size_t tlen, tcap;
    uint64_t omitted; /* segments not kept: max_rows reached, or memory refused */
};

/* An empty ladder for connection `stream` (max_rows 0: LADDER_DEFAULT_MAX_ROWS). */
void ladder_init(struct ladder *l, uint32_t stream, uint32_t max_rows);
void ladder_free(struct ladder *l);

/* Adds the arrow of one analysed TCP segment of this connection: the decoded packet,
 * its frame record (rec->bits has FREC_ANALYSED) and its annotation (NULL: none).
 * Returns false when the segment was only counted (max_rows, or no memory). */
bool ladder_add(struct ladder *l, const struct packet *p, const struct frame_rec *rec,
                const struct ann_lines *notes);

/* A row's text s (enum ladder_str) and its length. */
static inline const char *ladder_str(const struct ladder *l, const struct ladder_row *r,
                                     enum ladder_str s, size_t *len)
{
    size_t off = r->str_off;
    for (int i = 0; i < (int)s; i++)
        off += r->str_len[i];
    *len = r->str_len[s];
    return l->text + off;
}

/* Bytes of memory the ladder holds (for a budget over many ladders). */
size_t ladder_bytes(const struct ladder *l);

/* ---- the terminal back end (ladder_text.c) ------------------------------------------ */

/* A buffer of text lines: what a terminal shows, one entry per screen line. A caller (the
 * packet printer, a terminal UI's pane) reads line i with tlines_line. */
struct tlines {
    struct sbuf text;
    uint32_t *start; /* line i is text.s[start[i], start[i + 1]) (the last: to text.len) */
    uint32_t n, lcap;
    bool oom; /* a line could not be stored */
};

void tlines_init(struct tlines *t);
void tlines_free(struct tlines *t);
void tlines_clear(struct tlines *t);
/* Line i, without its line end; *len its bytes. */
const char *tlines_line(const struct tlines *t, uint32_t i, size_t *len);

struct ladder_text_opts {
    int width;          /* terminal columns; below LADDER_MIN_WIDTH the arrows give way */
    bool ascii;         /* ASCII instead of Unicode box drawing */
    bool color;         /* ANSI colours in the lines (Wireshark's colouring rules) */
    bool light;         /* with color: the annotations' palette for a light background */
    bool header;        /* the title and the column heads before the arrows */
    int64_t t0_ns;      /* the Time column's origin: the capture's first frame */
    uint64_t first;     /* only the arrows of frames first..last (0: no bound) */
    uint64_t last;      /* (0: no bound) */
    bool no_notes;      /* leave the annotations out */
    int max_note_lines; /* screen lines an arrow may take for its note (0: 4) */
};

#define LADDER_MIN_WIDTH 40

/* Draws l into out (appending): a title line, column heads, two or more lines per arrow
 * (its label line, then the arrow with the states beside the columns), the annotation at
 * the right, wrapped and shortened to fit opts->width. Labels are shortened before
 * anything is dropped; below LADDER_MIN_WIDTH columns there is no room for two columns
 * and the arrows become one line each ("C->S" / "S->C"). */
void ladder_text(const struct ladder *l, const struct ladder_text_opts *opts, struct tlines *out);

/* Display width of UTF-8 text (code points; what the ladder prints is never wide). */
size_t ladder_text_width(const char *s, size_t n);

/* Splits text into at most max lines of at most w columns, at spaces: line i is
 * s[starts[i], starts[i] + lens[i]). *cut: text was left over. Returns the lines. */
int ladder_wrap(const char *s, size_t n, int w, int max, size_t *starts, size_t *lens, bool *cut);

#endif
