/*
 * tui.h: sniff --tui, Wireshark's three panes in a terminal (ncurses): the packet list,
 * the detail tree and the bytes, with the annotation of the selected packet, a status
 * bar and a display filter bar. It reads the capture through the same pipeline as the
 * line mode (app/: capture filter, privacy, decode, the connection model) and keeps
 * only an index of the frames (findex.h); what is on screen is decoded again on demand.
 * The line mode never calls into it.
 */
#ifndef ECHOSNIFF_TUI_H
#define ECHOSNIFF_TUI_H

#include <stddef.h>

#include "sniff.h"
#include "status.h"

/* Before anything is opened: standard input and output must be a terminal that can move
 * the cursor (not TERM=dumb). STATUS_USAGE with a sentence when not. */
STATUS_CHECK enum status tui_check_terminal(const struct sniff_opts *o, char *err, size_t errlen);

/* Runs the UI over s, which sniff_open has opened with opt.tui set; returns at 'q',
 * Ctrl-C or a fatal error. */
STATUS_CHECK enum status tui_run(struct sniff *s, char *err, size_t errlen);

/* --tui-dump=ORDER: indexes the file as the UI does, then prints every displayed frame,
 * read back through the index in ORDER (seq, reverse or random), as the line mode prints
 * it (the list line or -V tree, the annotation with -A). For tests and benchmarks. */
STATUS_CHECK enum status tui_dump(struct sniff *s, char *err, size_t errlen);

#endif
