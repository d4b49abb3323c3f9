/*
 * options.h: sniff's options, parsed one group at a time (options.c) for main.c's
 * getopt loop (args_parse, args.h): each opt_* function returns -1 when it took the
 * option, 0 when the option is not one of its group, or an exit code (2, after saying
 * why). Plain options (a flag set, a file named) are stored by main.c's table instead.
 */
#ifndef ECHOSNIFF_OPTIONS_H
#define ECHOSNIFF_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "sniff.h"

enum long_only {
    OPT_PROMISC = 256,
    OPT_NO_ANNOTATE,
    OPT_FOLLOW,
    OPT_FOLLOW_HEX,
    OPT_SUMMARY,
    OPT_MAX_PENDING,
    OPT_MAX_MEMORY,
    OPT_PORT,
    OPT_ALL,
    OPT_HEX,
    OPT_COLOR,
    OPT_CHECKSUMS,
    OPT_PRINT,
    OPT_UTC,
    OPT_VERSION,
    OPT_REDACT,
    OPT_ANONYMIZE,
    OPT_ANON_KEY_FILE,
    OPT_NO_SANDBOX,
    OPT_LIST_FIELDS,
    OPT_LADDER,
    OPT_ASCII,
    OPT_GRAPH,
    OPT_SIZE,
    OPT_DIRECTION,
    OPT_STATES,
    OPT_LEGEND,
    OPT_TUI,
    OPT_STEP,
    OPT_QUIZ,
    OPT_LIGHT,
    OPT_TUI_DUMP,
    OPT_TUI_DUMP_FILTER,
    OPT_TUI_MAX,
};

/* What the parsing needs besides s->opt: settings that are checked together at the end. */
struct cli {
    bool all, have_port, iface_set, snap_set, buf_set, hex_x;
    uint16_t port;
    const char *eopts[FMT_FIELDS_MAX]; /* -E, applied once -T fields is known */
    int neopts;
};

/* Prints "sniff: MSG 'ARG'" and the --help hint; returns STATUS_USAGE. */
int bad_usage(const char *msg, const char *arg);

/* Capture and files; how packets are shown; the analysis, privacy and the rest. */
int opt_capture(struct sniff *s, struct cli *cl, int c, const char *arg);
int opt_output(struct sniff *s, struct cli *cl, int c, const char *arg);
int opt_analysis(struct sniff *s, int c, const char *arg);
/* The pictures (options_draw.c): --ladder, --graph, --ascii, --direction, --size, -o; then
 * their checks together (-1 when they go together); --format's picture formats. */
int opt_pictures(struct sniff *s, int c, const char *arg);
int opt_check_pictures(struct sniff_opts *o);
bool opt_figure_format(const char *arg, enum draw_format *f);
/* --tui and its class modes. */
int opt_tui(struct sniff *s, int c, const char *arg);

#endif
