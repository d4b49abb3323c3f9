/*
 * fmt_list.c: the packet list's line (fmt_summary.h): No. Time Source Destination
 * Protocol Length [States] Info, and its header.
 *
 * Written to a pipe or a file, the columns are today's, whatever the content (the golden
 * files and the comparisons with tshark read them). On a terminal they are fitted to its
 * width, as Wireshark's columns shrink with its window: the Time column takes the width
 * of its format (-t a/ad/e), the addresses, No., Protocol and Time give up space until
 * Info has some, a long address (IPv6) is shortened in the middle rather than pushing
 * the columns right, and every row is cut at the width with a mark, Info last. The
 * header is made of whole words: "Proto" where "Protocol" does not fit.
 */
#include "fmt_summary.h"

#include <stdio.h>
#include <string.h>

#include "annotate.h"
#include "fmt_addr.h"
#include "fmt_conn.h"
#include "fmt_link.h"
#include "oui.h"

/* Today's widths. */
#define W_NO 7
#define W_TIME 11
#define W_ADDR 22
#define W_PROTO 8
#define W_LEN 6
#define W_STATES 21 /* "FIN-WAIT-1/CLOSE-WAIT" */
#define INFO_MIN 40 /* what fitting leaves Info at least, when it can */
#define INFO_WANT 80

/* Appends s left-aligned in width columns, then one space. */
static void col_left_n(struct out *o, const char *s, size_t n, int width)
{
    if (n < (size_t)width && width < OUT_PAD) { /* the usual case: one bounds check */
        char *p = out_room_filled(o, ' ', (size_t)width + 1);
        memcpy(p, s, n);
        o->len += (size_t)width + 1;
        return;
    }
    out_mem(o, s, n);
    out_spaces(o, n < (size_t)width ? width + 1 - (int)n : 1);
}

static void col_left(struct out *o, const char *s, int width)
{
    col_left_n(o, s, strlen(s), width);
}

/* ---- the line -------------------------------------------------------------------- */

static void addresses_other(const struct packet *p, const struct oui_db *oui, bool resolve,
                            char *src, char *dst);

/* The address columns' text, and its lengths in len[0] (source) and len[1]. */
static void addresses(const struct packet *p, const struct oui_db *oui, bool resolve, char *src,
                      char *dst, size_t len[2])
{
    /* A bogus total length stops Wireshark before it sets the IP address columns. */
    bool bogus_len = p->ip4.status == LAYER_MALFORMED && p->ip4.total_len != 0 &&
                     p->ip4.total_len < p->ip4.hdr_len;
    if (p->net == NET_IPV4 && p->ip4.status != LAYER_ABSENT && p->ip4.hdr_len >= 20 && !bogus_len &&
        (p->ip4.status != LAYER_TRUNCATED || p->frame.caplen >= p->net_off + 20)) {
        len[0] = fmt_ip4(src, p->ip4.src);
        len[1] = fmt_ip4(dst, p->ip4.dst);
        return;
    }
    if (p->net == NET_IPV6 && (p->ip6.status == LAYER_OK || p->ip6.version == 6)) {
        len[0] = fmt_ip6(src, p->ip6.src);
        len[1] = fmt_ip6(dst, p->ip6.dst);
        return;
    }
    addresses_other(p, oui, resolve, src, dst);
    len[0] = strlen(src);
    len[1] = strlen(dst);
}

static void addresses_other(const struct packet *p, const struct oui_db *oui, bool resolve,
                            char *src, char *dst)
{
    if (fmt_link_addresses(p, src, dst)) /* 802.11, PPP, ARCNET, IPoIB... */
        return;
    if (p->link.kind == LINK_ETHERNET && p->link.status == LAYER_OK) {
        if (resolve) {
            /* oui may be NULL (no registry): still "Broadcast", as Wireshark. */
            oui_name(oui, p->link.src, src);
            oui_name(oui, p->link.dst, dst);
        } else {
            /* Without name resolution Wireshark writes every address in hex. */
            fmt_mac(src, p->link.src, 6);
            fmt_mac(dst, p->link.dst, 6);
        }
        return;
    }
    if ((p->link.kind == LINK_SLL || p->link.kind == LINK_SLL2) && p->link.status == LAYER_OK) {
        size_t n = p->link.halen < 8 ? p->link.halen : 8;
        fmt_mac(src, p->link.addr, n);
        strcpy(dst, "");
        return;
    }
    strcpy(src, "");
    strcpy(dst, "");
}

void fmt_addresses(const struct packet *p, const struct oui_db *oui, bool resolve, char src[64],
                   char dst[64], size_t len[2])
{
    addresses(p, oui, resolve, src, dst, len);
}

int fmt_time_width(const struct fmt_opts *opts)
{
    if (opts->cols.width > 0)
        return opts->cols.time;
    switch (opts->time_format) {
    case TIME_ABSOLUTE:
        return 15; /* 22:13:20.123456 */
    case TIME_DATE:
        return 26; /* 2023-11-14 22:13:20.123456 */
    case TIME_EPOCH:
        return 17; /* 1700000000.123456 */
    default:
        return W_TIME;
    }
}

void fmt_cols_fit(struct fmt_opts *opts, int width, bool utf8)
{
    struct fmt_cols *c = &opts->cols;
    memset(c, 0, sizeof *c);
    if (width <= 0)
        return;
    int tw = fmt_time_width(opts);
    *c = (struct fmt_cols){.width = width,
                           .no = W_NO,
                           .time = tw,
                           .addr = W_ADDR,
                           .proto = W_PROTO,
                           .len = W_LEN,
                           .states = opts->states ? W_STATES : 0,
                           .more = utf8 ? "\xe2\x80\xa6" : "~"};
    /* Each column is followed by one space. */
#define FIXED()                                                                                    \
    (c->no + c->time + 2 * c->addr + c->proto + c->len + 6 + (c->states ? c->states + 1 : 0))
    /* Room to spare: wider address columns, so that an IPv6 address need not be cut. */
    int spare = width - FIXED() - INFO_WANT;
    if (spare > 0)
        c->addr += spare / 2 < 17 ? spare / 2 : 17;
    /* Too little for Info: the columns give up space, in two rounds: first what costs
     * nothing (an IPv4 address still whole, numbers up to 99999), then what a line on an
     * 80-column screen needs (addresses shortened in the middle, "Len"). */
    static const struct {
        int addr, no, proto, time, len;
    } floor[2] = {{15, 5, 6, 10, 6}, {11, 4, 6, 9, 5}};
    for (int r = 0; r < 2 && width - FIXED() < INFO_MIN; r++) {
        while (width - FIXED() < INFO_MIN) {
            if (c->addr > floor[r].addr)
                c->addr--;
            else if (c->no > floor[r].no)
                c->no--;
            else if (c->proto > floor[r].proto)
                c->proto--;
            else if (tw == W_TIME && c->time > floor[r].time)
                c->time--;
            else if (c->len > floor[r].len)
                c->len--;
            else
                break;
        }
    }
#undef FIXED
}

/* The header's words padded to their columns, Info last; on a terminal, cut after the
 * last whole word that fits. */
void fmt_summary_header_opts(struct out *o, const struct fmt_opts *opts)
{
    const struct fmt_cols *c = &opts->cols;
    bool fit = c->width > 0;
    char line[512];
    struct out_line {
        char *p;
        size_t n;
    } b = {line, 0};
    int no = fit ? c->no : W_NO, addr = fit ? c->addr : W_ADDR, proto = fit ? c->proto : W_PROTO;
    int n = snprintf(b.p, sizeof line, "%*s %-*s %-*s %-*s %-*s %*s ", no, "No.",
                     fmt_time_width(opts), "Time", addr, "Source", addr, "Destination", proto,
                     proto < 8 ? "Proto" : "Protocol", fit ? c->len : W_LEN,
                     fit && c->len < 6 ? "Len" : "Length");
    b.n = n > 0 && (size_t)n < sizeof line ? (size_t)n : 0;
    if (opts->states) {
        n = snprintf(b.p + b.n, sizeof line - b.n, "%-*s ", fit ? c->states : W_STATES,
                     "Client/Server state");
        b.n += n > 0 ? (size_t)n : 0;
    }
    n = snprintf(b.p + b.n, sizeof line - b.n, "Info");
    b.n += n > 0 ? (size_t)n : 0;
    if (fit && b.n > (size_t)c->width) {
        b.n = (size_t)c->width;
        while (b.n > 0 && line[b.n] != ' ')
            b.n--; /* a whole word or none */
        while (b.n > 0 && line[b.n - 1] == ' ')
            b.n--;
    }
    out_mem(o, line, b.n);
    out_char(o, '\n');
}

void fmt_summary_header(struct out *o)
{
    struct fmt_opts opts;
    memset(&opts, 0, sizeof opts);
    fmt_summary_header_opts(o, &opts);
}

void fmt_summary(struct out *o, const struct packet *p, const struct fmt_opts *opts,
                 struct fmt_time *t, const struct oui_db *oui)
{
    fmt_summary_prefixed(o, p, opts, t, oui, NULL);
}

/* An address in its column on a terminal: shortened in the middle when too long
 * ("2001:db8:…:7334"), so that the next columns stay where they are. */
static void addr_fitted(struct out *o, const char *s, size_t n, int width, const char *more)
{
    if (n <= (size_t)width) {
        col_left_n(o, s, n, width);
        return;
    }
    size_t head = (size_t)(width - 1) / 2, tail = (size_t)width - 1 - head;
    out_mem(o, s, head);
    out_str(o, more);
    out_mem(o, s + n - tail, tail);
    out_char(o, ' ');
}

/* The TCP states column (--states): client/server after the segment, or blanks. */
static void states_col(struct out *o, const struct packet *p, int width)
{
    char buf[FMT_STATES_SHORT_MAX];
    size_t n = 0;
    if (p->l4 == L4_TCP && p->track.states_valid)
        n = fmt_tcp_states_short(buf, sizeof buf, p->track.state);
    col_left_n(o, buf, n, width);
}

void fmt_summary_prefixed(struct out *o, const struct packet *p, const struct fmt_opts *opts,
                          struct fmt_time *t, const struct oui_db *oui, const char *info_prefix)
{
    const struct fmt_cols *c = &opts->cols;
    bool fit = c->width > 0;
    char src[64], dst[64];
    enum pkt_color color = opts->color ? color_of(p) : COLOR_NONE;
    if (fit)
        (void)out_room(o, 8192); /* a whole row: no flush in it, so it can be cut */
    if (color != COLOR_NONE)
        out_str(o, color_start_pal(color, opts->light));
    size_t start = o->len;
    out_u64_pad(o, p->frame.number, fit ? c->no : W_NO, ' ');
    out_char(o, ' ');
    fmt_time_column(o, t, &p->frame, opts);
    out_char(o, ' ');
    size_t alen[2];
    addresses(p, oui, opts->resolve_vendors, src, dst, alen);
    char proto[16];
    const char *pr = fmt_protocol(p, proto);
    if (fit) {
        addr_fitted(o, src, alen[0], c->addr, c->more);
        addr_fitted(o, dst, alen[1], c->addr, c->more);
        addr_fitted(o, pr, strlen(pr), c->proto, c->more);
    } else {
        col_left_n(o, src, alen[0], W_ADDR);
        col_left_n(o, dst, alen[1], W_ADDR);
        col_left(o, pr, W_PROTO);
    }
    out_u64_pad(o, p->frame.len, fit ? c->len : W_LEN, ' ');
    out_char(o, ' ');
    if (opts->states)
        states_col(o, p, fit ? c->states : W_STATES);
    if (info_prefix != NULL && info_prefix[0] != '\0')
        out_str(o, info_prefix);
    fmt_info(o, p);
    if (fit && o->len >= start && o->len - start > (size_t)c->width) {
        o->len = start + (size_t)c->width - 1; /* Info is ASCII: a byte a column */
        out_str(o, c->more);
    }
    if (color != COLOR_NONE)
        out_str(o, color_end());
    out_char(o, '\n');
}

/* --legend: the packet list's colours, then the annotations', each in its own. */
void fmt_legend(struct out *o, const struct fmt_opts *opts)
{
    static const struct {
        enum pkt_color c;
        const char *what;
    } rows[] = {{COLOR_SYNFIN, "SYN/FIN"},
                {COLOR_RST, "RST"},
                {COLOR_DATA, "other TCP"},
                {COLOR_OTHER, "UDP, ICMP, ARP"},
                {COLOR_BAD, "cut or malformed"}};
    static const struct {
        enum ann_kind k;
        const char *what;
    } kinds[] = {{ANN_STATE, "TCP states"},
                 {ANN_TEXT, "meaning"},
                 {ANN_LESSON, "lesson"},
                 {ANN_ALERT, "echo error"},
                 {ANN_HINT, "likely cause"}};
    enum ann_palette pal = opts->light ? ANN_PALETTE_LIGHT : ANN_PALETTE_DARK;
    out_str(o, "Colours: packets ");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        out_str(o, i ? ", " : "");
        if (opts->color)
            out_str(o, color_start_pal(rows[i].c, opts->light));
        out_str(o, rows[i].what);
        if (opts->color)
            out_str(o, color_end());
    }
    out_str(o, "; annotations ");
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        out_str(o, i ? ", " : "");
        if (opts->color)
            out_str(o, annotate_color(kinds[i].k, pal));
        out_str(o, kinds[i].what);
        if (opts->color)
            out_str(o, ANN_COLOR_END);
    }
    out_char(o, '\n');
}
