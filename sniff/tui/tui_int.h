/*
 * tui_int.h: the inside of sniff --tui, shared by its files. One context, struct tui,
 * passed first to everything (no globals but the signal flag crt.c must have):
 *
 *   ingest.c       the frame hook: each frame the pipeline read becomes an index entry;
 *                  the indexing and filtering jobs, run a slice at a time
 *   findex.c       the frame index (findex.h)
 *   fview.c        a frame again on demand: its record read at its offset, decoded, the
 *                  model's record put back (p->track), its list line, tree and bytes
 *   replay.c       one connection's frames analysed again alone, for the annotation of
 *                  a frame, Follow and the ladder
 *   detail_tree.c  the detail tree: -V's lines with their byte ranges, folded by level
 *   crt.c          the terminal: set-up, palettes, NO_COLOR, resize, restore on exit
 *   panel.c        a scrollable list drawn from a row source (rows by index)
 *   screen.c       the main screen: the three panes, annotation, status and filter bars
 *   views.c        the full-screen views: connections, Follow, ladder, help
 *   incset.c       the one-line editor of the filter bar, search and go-to prompts
 *   action.c       the table from keys to actions
 *   funcbar.c      the key hints at the bottom
 *   tui.c          the event loop (poll on the keyboard and the live capture; jobs
 *                  between keys)
 *   dump.c         --tui-dump: the same model printed as line mode prints it (tests)
 */
#ifndef ECHOSNIFF_TUI_INT_H
#define ECHOSNIFF_TUI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annotate.h"
#include "findex.h"
#include "fmt_follow.h"
#include "sniff.h"

struct dfilter;

/* ---- text kept in memory (an out's sink) ---------------------------------------------- */

struct tbuf {
    char *p;
    size_t len, cap, max; /* max: bytes kept at most (0: no limit) */
    bool cut;
};
void tbuf_sink(void *ctx, const char *p, size_t n);
void tbuf_reset(struct tbuf *b, size_t max);
void tbuf_free(struct tbuf *b);

/* ---- reading frames again (fview.c) --------------------------------------------------- */

struct fview {
    pcap_t *pc;     /* a second reader of the file, for random access */
    char *buf;      /* its stdio buffer */
    uint32_t block; /* pcapng: the block event it has seen last (FX_NONE: start) */
    bool rewrite;   /* --redact/--anonymize again on each frame read (offline) */
    uint32_t entry; /* the frame in pkt (FX_NONE: none) */
    struct pcap_pkthdr hdr;
    const uint8_t *data;
    struct packet pkt;
    char err[256];
};

/* ---- a connection analysed again (replay.c) ------------------------------------------- */

struct replay {
    bool ready; /* an analysis is set up */
    struct analysis an;
    uint32_t stream;        /* the connection replayed */
    bool follow;            /* for Follow: reassembled, text collected */
    uint32_t next;          /* the next entry to look at */
    uint32_t target;        /* the entry to stop after */
    uint32_t have;          /* the entry whose analysis is in pa (FX_NONE: none) */
    struct pkt_analysis pa; /* of entry `have` */
    struct packet pkt;
    struct follow fol;
    struct tbuf text; /* Follow's text */
    bool ann_valid;   /* ann holds the annotation of entry `have` */
    struct ann_lines ann;
    struct ann_lines scratch; /* the lines of the frames before it, thrown away */
};

/* ---- the detail tree (detail_tree.c) -------------------------------------------------- */

struct dnode {
    uint32_t text, len; /* in the tree's text */
    uint16_t level;
    bool kids;          /* has children */
    bool model;         /* a generated line of the connection model */
    uint32_t parent;    /* node index, UINT32_MAX for a top line */
    uint32_t off, blen; /* the frame bytes it describes (blen 0: none) */
    uint32_t key;       /* hash of its path of labels: remembers what is expanded */
};

#define DT_MAX_NODES 2048
#define DT_EXPANDED 512

struct dtree {
    struct tbuf text;
    struct dnode node[DT_MAX_NODES];
    uint32_t n;
    uint32_t vis[DT_MAX_NODES]; /* visible nodes, in order */
    uint32_t nvis;
    uint32_t expanded[DT_EXPANDED]; /* keys of expanded nodes (0: empty slot) */
    uint32_t entry;                 /* the frame it shows (FX_NONE: none) */
};

/* ---- terminal (crt.c), panels (panel.c), input line (incset.c) ----------------------- */

enum tui_color {
    TC_NORMAL = 1,
    TC_SYNFIN,
    TC_RST,
    TC_DATA,
    TC_BAD,
    TC_OTHER,
    TC_SELECT,
    TC_SELECT_DIM, /* the selection of a pane without focus */
    TC_TITLE,
    TC_STATUS,
    TC_KEY,
    TC_KEYTEXT,
    TC_OK,
    TC_ERROR,
    TC_ANN,
    TC_ALERT,
    TC_HILITE,
    TC_CLIENT,
    TC_SERVER,
    TC_MODEL,
    TC_COUNT
};

struct crt {
    bool started;
    bool color; /* colours in use (not NO_COLOR, terminal has them) */
    bool light; /* the projector palette */
    bool mouse;
    int rows, cols;
};

struct panel {
    int y, x, h, w; /* where it is drawn */
    uint32_t n;     /* rows */
    uint32_t sel;   /* selected row */
    uint32_t top;   /* first row shown */
    int hscroll;    /* columns scrolled left */
};

#define INC_MAX 512
enum inc_kind { INC_NONE = 0, INC_FILTER, INC_SEARCH, INC_GOTO };
struct incset {
    enum inc_kind kind;
    char text[INC_MAX];
    size_t len, cursor;
    char saved[INC_MAX]; /* the filter before editing: Esc restores it */
    bool valid;
    size_t err_pos, err_len;
    char msg[256];
    bool pcapng; /* the file is pcapng (tui_filter_readable) */
};

/* ---- the whole UI ----------------------------------------------------------------------- */

enum tui_pane { PANE_LIST = 0, PANE_DETAIL, PANE_BYTES, PANE_COUNT };
enum tui_mode { MODE_MAIN = 0, MODE_CONNS, MODE_FOLLOW, MODE_LADDER, MODE_HELP };

/* What runs between keys, a slice at a time. */
struct job_filter {
    bool on;
    struct dfilter *df;
    char expr[INC_MAX];
    struct fx_view view;
    uint32_t keep_entry; /* the selection to keep if it still matches */
    /* The connection model run again from the first frame, as the file was read: the
     * filter sees each frame as -Y does (tcp.analysis.*, echo.*, the states), not only
     * what the index keeps of it. */
    bool an_ready;
    struct analysis an;
    struct pkt_analysis pa;
    int64_t last_ns; /* the time of the entry before view.done */
};
struct job_search {
    bool on;
    char text[INC_MAX];
    uint32_t start, row; /* rows examined: start, start+1, ... wrapping */
    uint32_t seen;
    int dir; /* +1 forward, -1 backward */
};

struct tui {
    struct sniff *s;
    struct findex ix;
    struct fview fv;
    struct replay rp;  /* the selected frame's connection, for its annotation */
    struct replay rpv; /* the follow and ladder views' connection */
    struct out *o;     /* text from the formatters, through a sink */
    struct tbuf line;  /* one list line */
    struct dtree dt;
    struct out_mark mark_buf[1024]; /* the tree's byte ranges, while it is written */
    struct out_marks marks;
    struct crt crt;
    /* indexing */
    bool indexing; /* the file is still being read */
    bool live;
    bool read_error; /* the file is cut: err says where */
    char read_err[512];
    int64_t spool_off;    /* live: where the next record goes in the spool */
    pcap_dumper_t *spool; /* live: every frame kept, for reading again */
    bool pcapng;          /* the file is pcapng: watch for section and interface blocks */
    bool pcapng_swapped;  /* its current section's byte order is not this machine's */
    uint32_t frames_seen_entry;
    int64_t first_ns; /* the first frame read's time: frame.time_relative's origin */
    int64_t last_ns;  /* the last entry's time (FX_PREV_TIME: when another's is prev) */
    double t_start, t_first_screen, t_indexed;
    /* views */
    struct fx_view view; /* the rows on screen */
    struct dfilter *df;  /* the filter of view (NULL: none) */
    char filter_text[INC_MAX];
    struct job_filter jf;
    struct job_search js;
    char search_text[INC_MAX];
    /* the main screen */
    enum tui_mode mode;
    enum tui_pane focus;
    struct panel list, detail, bytes;
    struct panel aux; /* the full-screen view's list */
    uint32_t aux_stream;
    uint32_t *aux_rows; /* ladder: the entries of aux_stream */
    uint32_t aux_n, aux_cap;
    int ann_rows;
    uint32_t byte_sel; /* the bytes pane's cursor */
    uint32_t field;    /* the selected detail node (its bytes highlighted) */
    bool follow_tail;  /* live: the selection follows new packets */
    struct incset in;
    char msg[512]; /* the status line's message, until the next key or msg_until */
    bool msg_error;
    double msg_until;
    /* class modes */
    uint32_t revealed;   /* --step: rows shown */
    uint32_t quiz_entry; /* --quiz: the entry whose answer is shown (FX_NONE: none) */
    bool quit;
    bool dirty;
    struct ann_lines ann;
    uint32_t ann_entry; /* the entry ann is for (FX_NONE: none) */
    bool ann_pending;   /* its connection is being analysed again */
};

/* ingest.c */
void tui_hook(void *ctx, struct sniff *s, const struct pcap_pkthdr *h, const uint8_t *data,
              struct packet *p, const struct pkt_analysis *pa);
/* One slice of reading the file (offline): false when finished. */
bool tui_index_step(struct tui *t, uint64_t frames);
/* One slice of the filter job: false when none is running. */
bool tui_filter_step(struct tui *t, uint32_t frames);
/* Starts the filter job for expr ("" clears the filter); a message when it does not
 * compile or reads what the UI cannot give (tui_filter_readable). */
bool tui_filter_start(struct tui *t, const char *expr, char *err, size_t errlen);
/* Whether a filter reads only what the UI has of a frame: false, with the sentence, for
 * frame.comment on a pcapng file (read without its comments). */
bool tui_filter_readable(bool pcapng, const struct dfilter *df, char *err, size_t errlen);
/* The filter job to its end (--tui-dump's filter after reading). */
void tui_filter_finish(struct tui *t);
/* The filter job stopped, its memory freed (the filter shown stays). */
void tui_filter_cancel(struct tui *t);
bool tui_search_step(struct tui *t, uint32_t rows);
void tui_search_start(struct tui *t, const char *text, int dir);
/* The rows the list shows (--step: those revealed). */
uint32_t tui_rows(const struct tui *t);

/* fview.c */
bool fview_open(struct tui *t, int fd, char *err, size_t errlen);
void fview_close(struct fview *fv);
/* Reads and decodes entry e into t->fv (cached); false with fv.err when it cannot. */
bool fview_load(struct tui *t, uint32_t e);
/* The list line of entry e into t->line (without its newline); its colour. */
bool fview_line(struct tui *t, uint32_t e, enum tui_color *color);
/* Entry e's -V tree into o (as sniff -V prints it); byte ranges when o->marks is set. */
bool fview_detail(struct tui *t, uint32_t e, struct out *o);
/* The Info column's analysis prefix of an entry ("[TCP Retransmission] "). */
void fview_flags_prefix(const struct tui *t, uint32_t e, char *buf, size_t n);
/* Whether an entry is a problem ]/[ stops at. */
bool fview_problem(const struct tui *t, uint32_t e);

/* replay.c */
void replay_init(struct replay *r);
void replay_free(struct replay *r);
/* Aims r at entry e of its connection (follow: the whole connection, for Follow). */
void replay_aim(struct tui *t, struct replay *r, uint32_t e, bool follow);
/* A slice: false when r has reached its target. */
bool replay_step(struct tui *t, struct replay *r, uint32_t frames);
/* The annotation of entry e, once its replay is done; false while not. */
bool replay_annotation(struct tui *t, uint32_t e, struct ann_lines *L);

/* detail_tree.c */
void dtree_init(struct dtree *d);
void dtree_free(struct dtree *d);
/* Builds the tree of entry e (the model's generated lines unless hide_model). */
void dtree_build(struct tui *t, uint32_t e, bool hide_model);
void dtree_toggle(struct dtree *d, uint32_t node, int how); /* how: 1 open, 0 close, -1 flip */
void dtree_all(struct dtree *d, bool open);
/* The deepest node whose bytes hold frame byte off (UINT32_MAX: none), made visible. */
uint32_t dtree_node_at_byte(struct dtree *d, uint32_t off);
uint32_t dtree_vis_row(const struct dtree *d, uint32_t node);

/* crt.c */
bool crt_start(struct crt *c, bool light, bool no_color, char *err, size_t errlen);
void crt_stop(struct crt *c);
int crt_attr(const struct crt *c, enum tui_color col);
bool crt_stop_requested(void);
void crt_size(struct crt *c);
/* Draws text at (y, x) in at most w columns, skipping hscroll columns first; pads with
 * spaces to w. UTF-8 aware. Returns the columns drawn. */
int crt_put(int y, int x, int w, const char *text, size_t len, int hscroll);
int crt_width(const char *text, size_t len);

/* panel.c */
void panel_set(struct panel *p, uint32_t n);
void panel_move(struct panel *p, int64_t delta);
void panel_go(struct panel *p, uint32_t row);
void panel_scroll_into_view(struct panel *p);
/* The row at screen line y, or UINT32_MAX. */
uint32_t panel_row_at(const struct panel *p, int y);

/* incset.c */
void inc_begin(struct incset *in, enum inc_kind kind, const char *initial);
/* Edits with key; 1 Enter, -1 Esc, 0 go on. */
int inc_key(struct incset *in, int key);
void inc_check_filter(struct incset *in);

/* screen.c */
void screen_layout(struct tui *t);
void screen_draw(struct tui *t);
void screen_select_row(struct tui *t, uint32_t row);
uint32_t screen_selected_entry(const struct tui *t);

/* views.c */
void views_open(struct tui *t, enum tui_mode m);
void views_draw(struct tui *t);
bool views_key(struct tui *t, int key);
bool views_mouse(struct tui *t, int y, int x, unsigned long bstate);
/* The ladder's line for one frame (swappable for the pictures renderer). */
void ladder_line(struct tui *t, uint32_t e, int width, struct tbuf *out);

/* action.c */
/* Runs the action bound to key on the main screen; false when none. */
bool action_key(struct tui *t, int key);
void action_mouse(struct tui *t);
/* The help text: one line per binding. */
const char *const *action_help(size_t *n);

/* funcbar.c */
void funcbar_draw(struct tui *t, int y);

/* tui.c */
/* Everything but the terminal: the index, the reader, the spool (live), the hook. */
enum status tui_setup(struct tui *t, struct sniff *s, char *err, size_t errlen);
void tui_teardown(struct tui *t);
double tui_now(void);
void tui_status(struct tui *t, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tui_selection_changed(struct tui *t);

#endif
