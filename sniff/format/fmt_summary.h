/*
 * fmt_summary.h: the packet list, one line per packet with the columns of Wireshark's
 * packet list: No., Time, Source, Destination, Protocol, Length, Info.
 *
 * The Time column needs the first frame's time (relative), the previous frame's (delta)
 * and, for time of day, a broken-down local time that is recomputed only when the
 * second changes: struct fmt_time holds that state for the formatter.
 */
#ifndef ECHOSNIFF_FMT_SUMMARY_H
#define ECHOSNIFF_FMT_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"
#include "out.h"
#include "packet.h"

struct oui_db;

struct fmt_time {
    bool have_first, have_prev;
    int64_t first_sec, prev_sec;
    uint32_t first_nsec, prev_nsec;
    /* cache of the "YYYY-MM-DD HH:MM:SS" text for one second */
    bool cached;
    int64_t cached_sec;
    char cached_text[32];
};

/* Records a frame's time as the first/previous frame: call for every frame read, shown
 * or not, so relative and delta times are what Wireshark shows for the file. */
void fmt_time_note(struct fmt_time *t, int64_t sec, uint32_t nsec);

/* The Time column text for a frame (before fmt_time_note is called for it). */
void fmt_time_column(struct out *o, struct fmt_time *t, const struct frame_info *f,
                     const struct fmt_opts *opts);

/* The header line of the packet list (today's full-width columns). */
void fmt_summary_header(struct out *o);

/* The header line for these options: the Time column's width, --states, the columns
 * fitted to a terminal (never a word cut in the middle). */
void fmt_summary_header_opts(struct out *o, const struct fmt_opts *opts);

/* Fits the columns to a terminal of width columns (0: full width, as today): the time
 * format's width, --states, then the addresses, No., Protocol and Time shrink until Info
 * has room. utf8: the terminal takes "…" as the mark of a cut. */
void fmt_cols_fit(struct fmt_opts *opts, int width, bool utf8);

/* The Time column's width for the time format (or the fitted one). */
int fmt_time_width(const struct fmt_opts *opts);

/* --legend: one line saying what each colour means, in those colours. */
void fmt_legend(struct out *o, const struct fmt_opts *opts);

/* One packet-list line, ending in a newline. oui may be NULL (no vendor names). */
void fmt_summary(struct out *o, const struct packet *p, const struct fmt_opts *opts,
                 struct fmt_time *t, const struct oui_db *oui);

/* The same, with text (Wireshark's "[TCP Retransmission] ") put before the Info column;
 * info_prefix may be NULL. */
void fmt_summary_prefixed(struct out *o, const struct packet *p, const struct fmt_opts *opts,
                          struct fmt_time *t, const struct oui_db *oui, const char *info_prefix);

/* The Source and Destination columns' text (64 bytes each) and lengths. */
void fmt_addresses(const struct packet *p, const struct oui_db *oui, bool resolve, char src[64],
                   char dst[64], size_t len[2]);

/* The Protocol column and the Info column alone (for tests and other formatters). */
const char *fmt_protocol(const struct packet *p, char buf[16]); /* buf: for a number */
void fmt_info(struct out *o, const struct packet *p);

#endif
