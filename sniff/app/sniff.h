/*
 * sniff.h: the sniffer's context, one struct holding all of a run's state, passed first
 * to every function of the pipeline (no mutable globals): options, the capture handle,
 * the -w files, filters, the connection table, the time-column state, the packet being
 * processed and the output buffer.
 */
#ifndef ECHOSNIFF_SNIFF_H
#define ECHOSNIFF_SNIFF_H

#include <stdbool.h>
#include <stdint.h>

#include <pcap/pcap.h>

#include "analysis.h"
#include "cap.h"
#include "capread.h"
#include "df_value.h"
#include "annotate.h"
#include "draw.h"
#include "fmt.h"
#include "fmt_conv.h"
#include "fmt_fields.h"
#include "fmt_follow.h"
#include "fmt_summary.h"
#include "hostfilter.h"
#include "icmp_track.h"
#include "out.h"
#include "packet.h"
#include "status.h"

struct anon;
struct dfilter;
struct wfile;
struct oui_db;

enum hex_mode { HEX_NONE = 0, HEX_ALL, HEX_PAYLOAD };
/* --color: LIGHT and DARK are ALWAYS in that background's palette. */
enum color_mode {
    COLOR_MODE_AUTO = 0,
    COLOR_MODE_ALWAYS,
    COLOR_MODE_NEVER,
    COLOR_MODE_LIGHT,
    COLOR_MODE_DARK
};
/* -A annotations. AUTO: on a terminal, for the echo port's connections. */
enum annotate_mode { ANNOTATE_AUTO = 0, ANNOTATE_ALL, ANNOTATE_OFF };

#define SNIFF_DEFAULT_IFACE "lo"
#define SNIFF_DEFAULT_PORT 15213

/* -w's format: --format, -F, or a .pcapng name (capwrite.h). */
enum wformat { WFORMAT_AUTO = 0, WFORMAT_PCAP, WFORMAT_PCAPNG };

/* tshark's -a autostop conditions (0: none). */
struct sniff_autostop {
    uint64_t duration_s;  /* duration:N */
    uint64_t packets;     /* packets:N */
    uint64_t filesize_kb; /* filesize:KB, of the -w file (its last, with a ring) */
};

/* A ring of -w files: dumpcap's -b, tcpdump's -C/-W/-G (0: no limit). */
struct sniff_ring {
    uint64_t filesize;   /* bytes: -b filesize:KB (x 1000), -C N (x 1,000,000) */
    uint32_t files;      /* -b files:N, -W N: the newest N kept */
    uint64_t duration_s; /* -b duration:S, -G S */
    bool tcpdump_names;  /* -C/-W/-G: FILE, FILE1, ... (FILE0.. with -W); else dumpcap's */
};

struct sniff_opts {
    const char *iface;   /* -i, default lo */
    const char *rfile;   /* -r FILE ("-" stdin) */
    const char *wfile;   /* -w FILE */
    const char *user;    /* -Z USER */
    const char *display; /* -Y EXPR */
    char *capture;       /* the BPF expression (owned), NULL with --all */
    int snaplen;         /* -s */
    int buffer_kib;      /* -B */
    uint64_t count;      /* -c, 0 = no limit */
    bool promisc;        /* --promisc */
    bool list_ifaces;    /* -D */
    bool print;          /* --print: print even with -w */
    bool detail;         /* -V */
    enum hex_mode hex;   /* -x, --hex=payload */
    enum color_mode color;
    bool legend;               /* --legend: what each colour means, before the list */
    bool redact;               /* --redact: payloads zeroed in every output */
    const char *anon_key;      /* --anonymize=KEY */
    const char *anon_key_file; /* --anonymize-key-file=FILE */
    struct fmt_opts fmt;
    /* The analysis: connections, echo check, annotations and views */
    uint16_t port;               /* the echo port (--port, default 15213) */
    enum annotate_mode annotate; /* -A, --no-annotate */
    bool json;                   /* -T json */
    bool summary;                /* --summary, -z conv */
    bool no_sandbox;             /* --no-sandbox: no seccomp filter */
    bool follow;                 /* --follow N */
    uint32_t follow_stream;      /* its N: Wireshark's tcp.stream */
    bool follow_hex;             /* --follow-hex */
    uint64_t max_pending;        /* --max-pending SIZE (0: 1 MiB) */
    uint64_t max_memory;         /* --max-memory SIZE (0: 32 MiB) */
    const char *linktype;        /* -y NAME: the link type asked of a live interface */
    /* The terminal UI (tui/): --tui, and its class modes and test dump */
    bool tui;                    /* --tui: the three panes instead of printed lines */
    bool step;                   /* --step: reveal one packet at a time */
    bool quiz;                   /* --quiz: each annotation hidden until Space */
    bool light;                  /* --light (and --step, --quiz): the projector palette */
    const char *tui_dump;        /* --tui-dump=ORDER: the TUI's model printed (tests) */
    const char *tui_dump_filter; /* --tui-dump-filter=EXPR: applied as the bar applies it */
    uint64_t tui_max;            /* --tui-max-packets: frames a live TUI keeps (0: default) */
    /* tshark's and tcpdump's output and file options */
    bool fields;                  /* -T fields */
    struct fmt_fields fields_fmt; /* -e, -E */
    bool quiet;                   /* -q: no packets, only statistics and summaries */
    bool line_flush;              /* -l: output flushed after every packet */
    bool packet_flush;            /* -U: the -w file flushed after every packet */
    bool link_header;             /* tcpdump's -e: link-layer addresses in the list */
    bool no_names;                /* -n: no names of any kind (vendors, ports) */
    enum wformat wformat;
    struct sniff_autostop stop; /* -a */
    struct sniff_ring ring;     /* -b, -C, -W, -G */
    /* Pictures (draw/): --ladder, --graph, -T html; -o, --format, --ascii, --size */
    struct draw_opts draw;
    const char *ofile; /* -o FILE: where pictures and pages go ("-" standard output) */
};

#define SNIFF_LT_PROGS 8 /* link types of one file's interfaces a capture filter serves */

struct sniff;
/* A view that keeps its own record of each frame (the terminal UI): called for every
 * frame that passed the capture filter, decoded and analysed, instead of printing it.
 * s->rec_off says where its record starts in the file being read. */
typedef void (*sniff_frame_fn)(void *ctx, struct sniff *s, const struct pcap_pkthdr *h,
                               const uint8_t *data, struct packet *p,
                               const struct pkt_analysis *pa);

struct sniff {
    struct sniff_opts opt;
    pcap_t *pc;
    struct cap_reader *rd; /* -r FILE's stream and comments (capread.h), after pcap_close */
    bool nano;             /* the timestamps libpcap returns are nanoseconds */
    struct cap_record rec; /* the walker's facts of the record being handled */
    int rfd, wfd;          /* -r and -w files between their opening and their handing over */
    struct wfile *wf;      /* -w (wfile.h) */
    char as[64];           /* the user files are opened as, for messages ("": ourselves) */
    bool wcomments;        /* -A into a pcapng -w file: each packet's annotation */
    bool write_failed;     /* a -w write failed: the capture stops at once */
    bool stopped;          /* -a filesize: or duration: reached */
    /* This frame's comments: read from a pcapng -r file, then sniff's own (-A). */
    struct cap_comment comments[CAP_MAX_COMMENTS + ANN_MAX_LINES];
    struct df_comment df_comments[CAP_MAX_COMMENTS + ANN_MAX_LINES];
    int ncomments, nin_comments, more_comments;
    int ofd; /* -o FILE, until the output takes it over */
    bool live;
    bool offline_filter; /* filter each frame in-process (replay) */
    bool have_prog;
    struct bpf_program prog;
    /* The capture filter compiled for the link types of a pcapng file's other interfaces
     * (cap_record.own_linktype), as their records come: a BPF program reads the link
     * header, so one program per type. */
    struct lt_prog {
        int linktype;
        bool ok; /* compiled; a filter that does not compile for a type passes none */
        struct bpf_program prog;
    } lt_prog[SNIFF_LT_PROGS];
    int n_lt_prog;
    uint64_t dump_skipped;  /* records of another link type, not written to -w's file */
    struct hostfilter host; /* live, not --promisc: only this host's frames */
    int linktype;
    struct dfilter *df;
    struct anon *anon; /* --anonymize, else NULL */
    uint8_t *rewrite;  /* --redact/--anonymize: each frame's copy, rewrite_len bytes */
    uint32_t rewrite_len;
    struct oui_db *oui;
    bool oui_tried;
    bool printing;
    struct sip_key hash_key; /* the run's key for tables keyed by packet contents */
    struct fmt_time time;
    struct fmt_detail_cache detail; /* -V's arrival-time text of the last second */
    uint64_t frames;                /* frames read: the No. column */
    uint64_t matched;               /* frames that passed the capture filter */
    uint64_t shown;                 /* frames printed */
    uint64_t file_off; /* replay of a classic pcap file: where the next record starts */
    int64_t rec_off;   /* with a frame hook: where this frame's record starts (ftell) */
    bool rec_counted;  /* classic pcap (16-byte record headers): rec_off is file_off, no ftell */
    sniff_frame_fn frame_hook;
    void *frame_hook_ctx;
    struct packet pkt;
    /* The analysis (connections, flags, echo check), annotations, views */
    bool analysing;  /* the analysis is set up (sniff_analysis_start) */
    bool annotating; /* annotation lines under packets */
    struct analysis an;
    struct annotate ann;
    struct pkt_analysis pa; /* the current packet's analysis */
    struct ann_lines lines;
    struct ann_style ann_style; /* colour, palette, the terminal's width */
    uint64_t lines_frame;       /* the frame lines were computed for */
    struct follow follow;
    struct conv conv;
    bool have_first;
    int64_t first_ns; /* first frame's time: --summary's Start column */
    struct icmp_track echoes;
    bool drawing; /* --ladder, --graph or -T html: pictures instead of the packet list */
    struct draw draw;
    struct out out; /* last: the big buffer */
};

/* The program as a library (setup.c), in the order main calls it:
 *   sniff_init     the context's defaults (before the options are parsed into s->opt)
 *   sniff_open     everything from the options to the first packet: the capture, the
 *                  privilege drop, the -r/-w files, the filters, the analysis, the
 *                  sandbox
 *   sniff_run      the capture loop, to the end of the file, -c, or SIGINT/SIGTERM
 *   sniff_finish   the end of run: summaries, the output and -w file flushed and checked
 *   sniff_print_stats  a live capture's statistics line (stderr)
 *   sniff_close    frees everything (whatever step failed)
 * Each fallible step returns a status and writes its sentence into err. */
void sniff_init(struct sniff *s);
STATUS_CHECK enum status sniff_open(struct sniff *s, char *err, size_t errlen);
STATUS_CHECK enum status sniff_run(struct sniff *s, char *err, size_t errlen);
STATUS_CHECK enum status sniff_finish(struct sniff *s, char *err, size_t errlen);
void sniff_print_stats(struct sniff *s);
void sniff_close(struct sniff *s);

/* Handles one frame: numbering, capture filter (replay), --redact/--anonymize (on a
 * copy, so -w and every printed form see the rewritten bytes), -w, decode, track, -Y,
 * print. */
void sniff_frame(struct sniff *s, const struct pcap_pkthdr *h, const uint8_t *data);

/* The frame as the display filter and -T fields read it (df_value.h). */
void sniff_df_frame(const struct sniff *s, const struct packet *p, struct df_frame *fr);

/* -S: the tracker's relative numbers in p->track made the raw ones again. */
void sniff_absolute_numbers(struct packet *p);

/* Sets up the analysis the options ask for (after s->live and the colour are
 * known); 1 with err when memory is short. */
int sniff_analysis_start(struct sniff *s, char *err, size_t errlen);
/* After the capture: the connections still open, the --summary table, --follow's end. */
void sniff_analysis_finish(struct sniff *s);
void sniff_analysis_free(struct sniff *s);

/* -D: one line per interface, "1.lo [Up, Running, Loopback]", as tcpdump -D. */
STATUS_CHECK enum status sniff_list_interfaces(struct out *o, char *err, size_t errlen);

/* Reads a whole offline capture. Returns 0 at its end, 1 when the file is cut or
 * corrupt (err says where, after every complete packet was handled). */
int sniff_run_offline(struct sniff *s, char *err, size_t errlen);

/* The same a slice at a time: at most max frames; 2 when more may follow. */
int sniff_offline_step(struct sniff *s, uint64_t max, char *err, size_t errlen);

/* One batch of a live capture (the handle in non-blocking mode: what has arrived): 0,
 * 2 when -c is reached, 1 on a capture error (err). */
int sniff_live_step(struct sniff *s, char *err, size_t errlen);

/* --redact and --anonymize on a copy of the frame (h->caplen may shrink); the frame
 * itself when neither is on. The copy lives until the next call. */
const uint8_t *sniff_rewrite(struct sniff *s, struct pcap_pkthdr *h, const uint8_t *data);

/* The seccomp filter (sandbox.h) once everything is open: sniff_open enters it itself,
 * but for --tui, which enters it after setting the terminal up. */
STATUS_CHECK enum status sniff_enter_sandbox(struct sniff *s, char *err, size_t errlen);

/* Captures until -c packets, SIGINT/SIGTERM or an error (1, with err). */
int sniff_run_live(struct sniff *s, char *err, size_t errlen);

#endif
