/*
 * options.c: sniff's options, one group a function (see options.h). tshark's and
 * tcpdump's letters keep their meaning where they do not clash with sniff's own; where
 * they do (-A, -e, -v), usage.c says so. Options that only switch something on or name
 * a file are plain rows of main.c's table (args.h), with no code here.
 */
#include "options.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cap.h"

int bad_usage(const char *msg, const char *arg)
{
    if (arg != NULL)
        fprintf(stderr, "sniff: %s '%s'\n", msg, arg);
    else
        fprintf(stderr, "sniff: %s\n", msg);
    fprintf(stderr, "Try 'sniff --help' for more information.\n");
    return STATUS_USAGE;
}

/* -t: tshark's letters, and tcpdump's -tt (epoch), -ttt (delta), -tttt (date) and
 * -ttttt (since the first), which getopt hands over as -t with the rest as argument. */
static bool parse_time_format(const char *s, struct fmt_opts *fo)
{
    static const struct {
        const char *name;
        enum time_format tf;
        bool utc;
    } names[] = {
        {"a", TIME_ABSOLUTE, false}, {"ad", TIME_DATE, false},      {"d", TIME_DELTA, false},
        {"r", TIME_RELATIVE, false}, {"e", TIME_EPOCH, false},      {"u", TIME_ABSOLUTE, true},
        {"ud", TIME_DATE, true},     {"t", TIME_EPOCH, false},      {"tt", TIME_DELTA, false},
        {"ttt", TIME_DATE, false},   {"tttt", TIME_RELATIVE, false}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            fo->time_format = names[i].tf;
            fo->utc = fo->utc || names[i].utc;
            return true;
        }
    }
    return false;
}

/* A whole number from min to max into *v: -1, or "sniff: NEEDS 'ARG'" and the usage status. */
static int u64_opt(const char *arg, uint64_t min, uint64_t max, const char *needs, uint64_t *v)
{
    return parse_u64(arg, min, max, v) ? -1 : bad_usage(needs, arg);
}

/* "key:value" of -a and -b. */
static bool key_value(const char *arg, const char *key, uint64_t min, uint64_t max, uint64_t *v)
{
    size_t k = strlen(key);
    return strncmp(arg, key, k) == 0 && arg[k] == ':' && parse_u64(arg + k + 1, min, max, v);
}

static int parse_autostop(struct sniff_opts *o, const char *arg)
{
    uint64_t v;
    if (key_value(arg, "duration", 1, UINT32_MAX, &v))
        o->stop.duration_s = v;
    else if (key_value(arg, "packets", 1, UINT64_MAX, &v))
        o->stop.packets = v;
    else if (key_value(arg, "filesize", 1, UINT32_MAX, &v))
        o->stop.filesize_kb = v;
    else
        return bad_usage("-a takes duration:SECONDS, packets:N or filesize:KB (kB of 1000 "
                         "bytes, as tshark), not",
                         arg);
    return -1;
}

/* dumpcap's -b KEY:VALUE. */
static int parse_ring_b(struct sniff_ring *r, const char *arg)
{
    uint64_t v;
    if (key_value(arg, "filesize", 1, UINT32_MAX, &v))
        r->filesize = v * 1000;
    else if (key_value(arg, "files", 1, 100000, &v))
        r->files = (uint32_t)v;
    else if (key_value(arg, "duration", 1, UINT32_MAX, &v))
        r->duration_s = v;
    else
        return bad_usage("-b takes filesize:KB, files:N or duration:SECONDS, not", arg);
    return -1;
}

/* tcpdump's -C MB, -W FILES, -G SECONDS. */
static int parse_ring(struct sniff_opts *o, int c, const char *arg)
{
    uint64_t v;
    struct sniff_ring *r = &o->ring;
    if (c == 'b')
        return parse_ring_b(r, arg);
    if (!parse_u64(arg, 1, c == 'W' ? 100000 : UINT32_MAX, &v))
        return bad_usage(c == 'C'   ? "-C needs a file size in millions of bytes (tcpdump's), not"
                         : c == 'W' ? "-W needs a number of files, not"
                                    : "-G needs a number of seconds, not",
                         arg);
    if (c == 'C')
        r->filesize = v * 1000000;
    else if (c == 'W')
        r->files = (uint32_t)v;
    else
        r->duration_s = v;
    r->tcpdump_names = true;
    return -1;
}

/* Where from and where to: the interface, the -w file's format, the link type, the echo
 * port (-r, -w, -Z, -D, --promisc are plain options: main.c's table stores them). */
static int opt_source(struct sniff_opts *o, struct cli *cl, int c, const char *arg)
{
    switch (c) {
    case 'i':
        o->iface = arg;
        cl->iface_set = true;
        return -1;
    case 'F': /* the -w file's format, or a picture's (options_draw.c): no name is both */
        if (strcmp(arg, "pcap") == 0 || strcmp(arg, "pcapng") == 0)
            o->wformat = arg[4] == 'n' ? WFORMAT_PCAPNG : WFORMAT_PCAP;
        else if (!opt_figure_format(arg, &o->draw.format))
            return bad_usage("--format (-F) takes pcap or pcapng (the -w file), or text, svg, pdf, "
                             "png or csv (a picture), not",
                             arg);
        return -1;
    case 'p':
        return -1; /* not promiscuous is already the default */
    case 'y':
        if (pcap_datalink_name_to_val(arg) < 0)
            return bad_usage("-y needs a link-type name (EN10MB, LINUX_SLL, LINUX_SLL2...), not",
                             arg);
        o->linktype = arg;
        return -1;
    case OPT_PORT:
        if (!parse_port(arg, false, &cl->port))
            return bad_usage("--port needs a port from 1 to 65535, not", arg);
        cl->have_port = true;
        return -1;
    case OPT_ALL:
        cl->all = true;
        return -1;
    default:
        return 0;
    }
}

/* How much and how long: -c, -a, the -w ring, the snapshot length, the kernel buffer. */
static int opt_limits(struct sniff_opts *o, struct cli *cl, int c, const char *arg)
{
    uint64_t v;
    int rc;
    switch (c) {
    case 'c':
        return u64_opt(arg, 1, UINT64_MAX, "-c needs a packet count of at least 1, not", &o->count);
    case 'a':
        return parse_autostop(o, arg);
    case 'b':
    case 'C':
    case 'W':
    case 'G':
        return parse_ring(o, c, arg);
    case 's':
        if ((rc = u64_opt(arg, 0, CAP_DEFAULT_SNAPLEN,
                          "-s needs a snapshot length from 0 to 262144, not", &v)) >= 0)
            return rc;
        o->snaplen = v == 0 ? CAP_DEFAULT_SNAPLEN : (int)v;
        cl->snap_set = true;
        return -1;
    case 'B':
        if ((rc = u64_opt(arg, 1, 1024 * 1024,
                          "-B needs a buffer size in KiB from 1 to 1048576, not", &v)) >= 0)
            return rc;
        o->buffer_kib = (int)v;
        cl->buf_set = true;
        return -1;
    default:
        return 0;
    }
}

/* Capture and files. Returns -1 when handled, 0 when c is not one of these, or an exit
 * code. */
int opt_capture(struct sniff *s, struct cli *cl, int c, const char *arg)
{
    int rc = opt_source(&s->opt, cl, c, arg);
    return rc != 0 ? rc : opt_limits(&s->opt, cl, c, arg);
}

/* --color[=WHEN]. */
static int parse_color(struct sniff_opts *o, const char *arg)
{
    if (arg == NULL || strcmp(arg, "always") == 0)
        o->color = COLOR_MODE_ALWAYS;
    else if (strcmp(arg, "auto") == 0)
        o->color = COLOR_MODE_AUTO;
    else if (strcmp(arg, "never") == 0)
        o->color = COLOR_MODE_NEVER;
    else if (strcmp(arg, "light") == 0 || strcmp(arg, "dark") == 0)
        o->color = arg[0] == 'l' ? COLOR_MODE_LIGHT : COLOR_MODE_DARK;
    else
        return bad_usage("--color takes auto, always, never, light or dark, not", arg);
    return -1;
}

/* How packets are shown. */
int opt_output(struct sniff *s, struct cli *cl, int c, const char *arg)
{
    struct sniff_opts *o = &s->opt;
    char err[512];
    switch (c) {
    case 'x':
    case 'X': /* tcpdump's hex and ASCII (-XX: with the link header): what -x prints */
        o->hex = HEX_ALL;
        cl->hex_x = true;
        return -1;
    case OPT_HEX:
        if (arg == NULL || strcmp(arg, "all") == 0)
            o->hex = HEX_ALL;
        else if (strcmp(arg, "payload") == 0)
            o->hex = HEX_PAYLOAD;
        else
            return bad_usage("--hex takes 'all' or 'payload', not", arg);
        return -1;
    case 't':
        if (!parse_time_format(arg, &o->fmt))
            return bad_usage("-t takes a, ad, d, r, e, u or ud (or tcpdump's -tt, -ttt, -tttt, "
                             "-ttttt), not",
                             arg);
        return -1;
    case 'n': /* tshark's and tcpdump's: no names of any kind (-nn: the same) */
        o->fmt.resolve_vendors = false;
        o->no_names = true;
        return -1;
    case 'N':
        return bad_usage("-N (tshark's name resolution flags) is not supported: sniff resolves "
                         "no host names; -n turns off MAC vendor and port names too",
                         NULL);
    case 'e':
        if (arg == NULL) { /* tcpdump's -e: the link layer in the packet list */
            o->link_header = true;
            return -1;
        }
        if (fmt_fields_add(&o->fields_fmt, arg, err, sizeof err) != 0) {
            fprintf(stderr, "sniff: -e %s: %s\n", arg, err);
            return STATUS_USAGE;
        }
        return -1;
    case 'E':
        if (cl->neopts >= FMT_FIELDS_MAX)
            return bad_usage("too many -E options", NULL);
        cl->eopts[cl->neopts++] = arg;
        return -1;
    case 'v':
        return bad_usage("-v: sniff has no verbosity levels; the packet details tcpdump -v and "
                         "tshark -V show are sniff's detail tree, -V",
                         NULL);
    case OPT_COLOR:
        return parse_color(o, arg);
    default:
        return 0;
    }
}

/* -T: text, json, fields or html (the class page, draw.h); the last one given counts. */
static int parse_out_format(struct sniff_opts *o, const char *arg)
{
    bool json = strcmp(arg, "json") == 0, fields = strcmp(arg, "fields") == 0;
    bool html = strcmp(arg, "html") == 0;
    if (!json && !fields && !html && strcmp(arg, "text") != 0)
        return bad_usage("-T takes text, json, fields or html, not", arg);
    o->json = json;
    o->fields = fields;
    if (html)
        o->draw.what = DRAW_PAGE;
    else if (o->draw.what == DRAW_PAGE)
        o->draw.what = DRAW_NONE;
    return -1;
}

/* The analysis, privacy and the rest. */
int opt_analysis(struct sniff *s, int c, const char *arg)
{
    struct sniff_opts *o = &s->opt;
    uint64_t v;
    int rc;
    switch (c) {
    case 'A':
        o->annotate = ANNOTATE_ALL;
        return -1;
    case OPT_NO_ANNOTATE:
        o->annotate = ANNOTATE_OFF;
        return -1;
    case 'T':
        return parse_out_format(o, arg);
    case 'z': /* tshark's conv (conv,tcp) statistics: our --summary */
        if (strcmp(arg, "conv") != 0 && strcmp(arg, "conv,tcp") != 0)
            return bad_usage("-z supports conv (the connection table), not", arg);
        o->summary = true;
        return -1;
    case OPT_FOLLOW:
        if ((rc = u64_opt(arg, 0, UINT32_MAX - 1,
                          "--follow needs a stream index (tcp.stream: 0, 1, ...), not", &v)) >= 0)
            return rc;
        o->follow = true;
        o->follow_stream = (uint32_t)v;
        return -1;
    case OPT_MAX_PENDING:
        if (!parse_size(arg, 4096, (uint64_t)1 << 40, &v))
            return bad_usage("--max-pending needs a size of at least 4096 bytes (e.g. 64K, 1M), "
                             "not",
                             arg);
        o->max_pending = v;
        return -1;
    case OPT_MAX_MEMORY:
        if (!parse_size(arg, (uint64_t)1 << 16, (uint64_t)1 << 40, &v))
            return bad_usage("--max-memory needs a size of at least 64K (e.g. 32M, 1G), not", arg);
        o->max_memory = v;
        return -1;
    default:
        return 0;
    }
}

int opt_tui(struct sniff *s, int c, const char *arg)
{
    struct sniff_opts *o = &s->opt;
    switch (c) {
    case OPT_LIGHT: /* the same as --color=light */
        o->light = true;
        o->color = COLOR_MODE_LIGHT;
        return -1;
    case OPT_TUI_DUMP:
        o->tui = true;
        o->tui_dump = arg;
        return -1;
    case OPT_TUI_MAX:
        return u64_opt(arg, 1, UINT32_MAX - 1,
                       "--tui-max-packets needs a packet count of at least 1, not", &o->tui_max);
    default:
        return 0;
    }
}
