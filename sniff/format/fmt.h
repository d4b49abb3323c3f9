/*
 * fmt.h: the formatters' interface. Each formatter reads a decoded struct packet (and,
 * for hex, the captured bytes) and appends text to a struct out; none parses headers.
 *   fmt_summary.c  the packet list's Time, Protocol and Info columns
 *   fmt_list.c     the packet list's line: the columns, fitted to a terminal, --legend
 *   detail/        -V: the detail tree (Frame / Ethernet II / Internet Protocol / TCP),
 *                  one printer per protocol (detail/detail.h)
 *   fmt_hex.c      -x: Wireshark's bytes pane; --hex=payload for the TCP payload only
 *   fmt_addr.c     addresses, endpoints, hex bytes and TCP flags as text, for all of them
 *   color.c        colouring rules on a terminal (NO_COLOR, --color)
 */
#ifndef ECHOSNIFF_FMT_H
#define ECHOSNIFF_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "out.h"
#include "packet.h"

enum time_format {
    TIME_RELATIVE, /* -t r (default): seconds since the first packet */
    TIME_ABSOLUTE, /* -t a: time of day */
    TIME_DATE,     /* -t ad: date and time of day */
    TIME_DELTA,    /* -t d: since the previous displayed packet */
    TIME_EPOCH,    /* -t e: seconds since 1970 */
};

struct oui_db;

/* The packet list's column widths. All zero (width 0): today's layout, whatever the
 * content, for a pipe or a file (the goldens, tshark comparisons, scripts). Set by
 * fmt_cols_fit for a terminal of `width` columns: the columns shrink, Info comes last
 * and every row is cut at the width, long addresses are shortened in the middle. */
struct fmt_cols {
    int width; /* the terminal's columns; 0: no fitting, nothing cut */
    int no, time, addr, proto, len, states;
    const char *more; /* the mark of what was cut: "…" in a UTF-8 locale, else "~" */
};

struct fmt_opts {
    bool color;               /* emit ANSI colour */
    bool light;               /* the palette for a light background (--color=light) */
    bool states;              /* --states: the TCP states column */
    struct fmt_cols cols;     /* the list's columns (zero: full width) */
    bool resolve_vendors;     /* MAC vendor names (off with -n) */
    bool redact;              /* --redact: payloads are shown as redacted, never as bytes */
    const struct oui_db *oui; /* -V's vendor names (oui.h); NULL: plain addresses */
    bool check_checksums;     /* --check-checksums: verify IPv4 and TCP checksums */
    enum time_format time_format;
    bool utc;          /* print absolute times in UTC rather than local time */
    bool absolute_seq; /* -S: raw sequence numbers (Wireshark's relative numbers off) */
};

/* Colour of a packet's line, in the spirit of Wireshark's default colouring rules. */
enum pkt_color { COLOR_NONE = 0, COLOR_SYNFIN, COLOR_RST, COLOR_DATA, COLOR_BAD, COLOR_OTHER };
enum pkt_color color_of(const struct packet *p);
const char *color_start(enum pkt_color c);                 /* ANSI escape, "" for COLOR_NONE */
const char *color_start_pal(enum pkt_color c, bool light); /* in one of the two palettes */
const char *color_end(void);

/* What -V keeps from one packet to the next: the Arrival Time text of the last second
 * printed, so the local time is broken down once a second rather than once a packet.
 * Zero it before the first packet. */
struct fmt_detail_cache {
    bool valid, utc;
    int64_t sec;
    char date[48]; /* "Nov 14, 2023 22:13:20" */
    char zone[16]; /* "UTC", "CET" */
    size_t date_len, zone_len;
};

/* -V: the detail tree for one packet, followed by a blank line. cache may be NULL. */
void fmt_detail(struct out *o, const struct packet *p, const struct fmt_opts *opts,
                struct fmt_detail_cache *cache);

/* -x: every captured byte, 16 a line: "0000  08 00 7f 20 ...   ... .d....T...E." */
void fmt_hex(struct out *o, const uint8_t *data, size_t len);

/* The same dump with the bytes [off, off + n) masked, as --redact shows them: "xx" in
 * the hex column and "*" in the ASCII column (redact_range() gives the range). */
void fmt_hex_masked(struct out *o, const uint8_t *data, size_t len, size_t off, size_t n);

#endif
