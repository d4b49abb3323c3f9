/*
 * main.c: sniff's command line. Parses the options into struct sniff and hands over to
 * the program's library (app/setup.c: open, run, finish), printing each step's error
 * sentence and exiting with its status: 0 ok, 1 a runtime problem (cut capture file,
 * capture error, output error), 2 usage or permission.
 *
 * The options are tshark's and tcpdump's where they do not clash with sniff's own (the
 * help text, usage.c, says where they do). Short options combine as getopt combines them
 * (-nn, -XX, -tt), and an error names the option the user typed, not a neighbouring
 * word. One letter has two meanings: -e is tshark's field with -T fields and tcpdump's
 * link-layer header otherwise, so the command line is looked at for -T fields first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cap.h"
#include "df_value.h"

#include "options.h"
#include "tui.h"

void usage(FILE *f); /* usage.c */

/* Every option with a long name, and the letters that only switch something on (getopt's
 * letters are SHORT_OPTS). A row's storage says what a plain option does; the others are
 * options.h's groups'. */
#define SET_AT(member) ARGS_SET_AT(struct sniff_opts, member)
#define TEXT_AT(member) ARGS_TEXT_AT(struct sniff_opts, member)
static const struct args_opt options[] = {
    {"interface", required_argument, 'i', ARGS_TAKE},
    {"read", required_argument, 'r', TEXT_AT(rfile)},
    {"write", required_argument, 'w', TEXT_AT(wfile)},
    {"format", required_argument, 'F', ARGS_TAKE}, /* -w's, or a picture's */
    {"count", required_argument, 'c', ARGS_TAKE},
    {"autostop", required_argument, 'a', ARGS_TAKE},
    {"ring-buffer", required_argument, 'b', ARGS_TAKE},
    {"snapshot-length", required_argument, 's', ARGS_TAKE},
    {"buffer-size", required_argument, 'B', ARGS_TAKE},
    {"list-interfaces", no_argument, 'D', SET_AT(list_ifaces)},
    {"no-promiscuous-mode", no_argument, 'p', ARGS_TAKE},
    {"promisc", no_argument, OPT_PROMISC, SET_AT(promisc)},
    {"linktype", required_argument, 'y', ARGS_TAKE},
    {"port", required_argument, OPT_PORT, ARGS_TAKE},
    {"all", no_argument, OPT_ALL, ARGS_TAKE},
    {"display-filter", required_argument, 'Y', TEXT_AT(display)},
    {"detail", no_argument, 'V', SET_AT(detail)},
    {"hex", optional_argument, OPT_HEX, ARGS_TAKE},
    {"time-format", required_argument, 't', ARGS_TAKE},
    {"color", optional_argument, OPT_COLOR, ARGS_TAKE},
    {"colour", optional_argument, OPT_COLOR, ARGS_TAKE},
    {"states", no_argument, OPT_STATES, SET_AT(fmt.states)},
    {"legend", no_argument, OPT_LEGEND, SET_AT(legend)},
    {"check-checksums", no_argument, OPT_CHECKSUMS, SET_AT(fmt.check_checksums)},
    {"print", no_argument, OPT_PRINT, SET_AT(print)},
    {"quiet", no_argument, 'q', SET_AT(quiet)},
    {"relinquish-privileges", required_argument, 'Z', TEXT_AT(user)},
    {"utc", no_argument, OPT_UTC, SET_AT(fmt.utc)},
    {"redact", no_argument, OPT_REDACT, SET_AT(redact)},
    {"anonymize", required_argument, OPT_ANONYMIZE, TEXT_AT(anon_key)},
    {"anonymise", required_argument, OPT_ANONYMIZE, TEXT_AT(anon_key)},
    {"anonymize-key-file", required_argument, OPT_ANON_KEY_FILE, TEXT_AT(anon_key_file)},
    {"no-sandbox", no_argument, OPT_NO_SANDBOX, SET_AT(no_sandbox)},
    {"annotate", no_argument, 'A', ARGS_TAKE},
    {"no-annotate", no_argument, OPT_NO_ANNOTATE, ARGS_TAKE},
    {"follow", required_argument, OPT_FOLLOW, ARGS_TAKE},
    {"follow-hex", no_argument, OPT_FOLLOW_HEX, SET_AT(follow_hex)},
    {"summary", no_argument, OPT_SUMMARY, SET_AT(summary)},
    {"max-pending", required_argument, OPT_MAX_PENDING, ARGS_TAKE},
    {"max-memory", required_argument, OPT_MAX_MEMORY, ARGS_TAKE},
    {"list-fields", no_argument, OPT_LIST_FIELDS, ARGS_TAKE},
    {"ladder", no_argument, OPT_LADDER, ARGS_TAKE},
    {"ascii", no_argument, OPT_ASCII, SET_AT(draw.ascii)},
    {"graph", required_argument, OPT_GRAPH, ARGS_TAKE},
    {"output", required_argument, 'o', TEXT_AT(ofile)},
    {"size", required_argument, OPT_SIZE, ARGS_TAKE},
    {"direction", required_argument, OPT_DIRECTION, ARGS_TAKE},
    {"tui", no_argument, OPT_TUI, SET_AT(tui)},
    {"step", no_argument, OPT_STEP, SET_AT(step)},
    {"quiz", no_argument, OPT_QUIZ, SET_AT(quiz)},
    {"light", no_argument, OPT_LIGHT, ARGS_TAKE},
    {"tui-dump", required_argument, OPT_TUI_DUMP, ARGS_TAKE},
    {"tui-dump-filter", required_argument, OPT_TUI_DUMP_FILTER, TEXT_AT(tui_dump_filter)},
    {"tui-max-packets", required_argument, OPT_TUI_MAX, ARGS_TAKE},
    {NULL, no_argument, 'S', SET_AT(fmt.absolute_seq)},
    {NULL, no_argument, 'l', SET_AT(line_flush)},
    {NULL, no_argument, 'U', SET_AT(packet_flush)},
    {0},
};

/* -e takes a field only with -T fields (the "e:" is added then). */
#define SHORT_OPTS ":i:r:w:F:c:a:b:C:W:G:s:B:DpY:VxXt:nNSE:qlUvZ:hAT:z:y:o:"

/* Joins the trailing arguments into one filter expression, as tcpdump does. */
static char *join_args(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n);
    if (s == NULL)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i > 0)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

/* Whether the command line asks for -T fields, read before getopt runs (it decides
 * whether -e takes an argument): each option cluster is walked letter by letter, an
 * option that takes an argument ending it, as getopt would. */
static bool wants_fields(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return false;
        if (a[0] != '-' || a[1] == '-' || a[1] == '\0')
            continue;
        for (const char *p = a + 1; *p != '\0'; p++) {
            const char *o = strchr(SHORT_OPTS, *p);
            if (*p == ':' || o == NULL || o[1] != ':')
                continue;
            const char *arg = p[1] != '\0' ? p + 1 : i + 1 < argc ? argv[++i] : "";
            if (*p == 'T' && strcmp(arg, "fields") == 0)
                return true;
            break;
        }
    }
    return false;
}

/* Options that contradict each other or the input. */
static int check_combinations(const struct sniff_opts *o, const struct cli *cl)
{
    bool reading = o->rfile != NULL;
    if (reading && (cl->iface_set || cl->snap_set || cl->buf_set || o->list_ifaces || o->promisc))
        return bad_usage(cl->iface_set  ? "-i captures live; with -r sniff reads the file instead, "
                                          "so the two cannot be combined"
                         : cl->snap_set ? "-s applies to live capture: a file keeps the snapshot "
                                          "length it was captured with (drop -s, or cut it with "
                                          "editcap -s)"
                         : cl->buf_set ? "-B sizes the live capture's buffer; it has no use with -r"
                         : o->list_ifaces
                             ? "-D lists live interfaces; it cannot be combined with -r"
                             : "--promisc applies to live capture, not to -r",
                         NULL);
    if (reading && o->linktype != NULL)
        return bad_usage("-y applies to live capture, not to -r", NULL);
    if (reading && o->stop.duration_s != 0)
        return bad_usage("-a duration: stops a live capture; with -r use -c, -a packets: or "
                         "-a filesize:",
                         NULL);
    bool ring = o->ring.filesize != 0 || o->ring.files != 0 || o->ring.duration_s != 0;
    bool to_stdout = o->wfile != NULL && strcmp(o->wfile, "-") == 0;
    if ((ring || o->stop.filesize_kb != 0) && (o->wfile == NULL || to_stdout))
        return bad_usage("-b, -C, -W, -G and -a filesize: need -w FILE (a file name, not -)", NULL);
    if (o->ring.files != 0 && o->ring.filesize == 0 && o->ring.duration_s == 0)
        return bad_usage("a number of files (-b files:, -W) needs a size or a duration to start "
                         "the next one (-b filesize:, -b duration:, -C, -G)",
                         NULL);
    if (o->wformat != WFORMAT_AUTO && o->wfile == NULL)
        return bad_usage("--format (-F) chooses the -w file's format; give -w FILE too", NULL);
    if (to_stdout && o->print)
        return bad_usage("-w - writes packets to standard output; --print cannot share it", NULL);
    if (o->follow_hex && !o->follow)
        return bad_usage("--follow-hex goes with --follow N", NULL);
    if (o->follow && o->json)
        return bad_usage("--follow prints a conversation; it cannot be combined with -T json",
                         NULL);
    if (o->fields && (o->follow || o->detail || cl->hex_x || o->json))
        return bad_usage("-T fields prints one line of values a packet; it cannot be combined "
                         "with -V, -x or --follow",
                         NULL);
    if (o->fields && o->fields_fmt.n == 0)
        return bad_usage("-T fields needs at least one -e FIELD (e.g. -e frame.number -e "
                         "tcp.len)",
                         NULL);
    if (!o->fields && cl->neopts > 0)
        return bad_usage("-E sets -T fields' output; give -T fields -e FIELD too", NULL);
    if (o->tui_dump_filter != NULL && o->tui_dump == NULL)
        return bad_usage("--tui-dump-filter goes with --tui-dump", NULL);
    if ((o->step || o->quiz || o->light || o->tui_max) && !o->tui)
        return bad_usage("--step, --quiz, --light and --tui-max-packets go with --tui", NULL);
    if (o->tui &&
        (o->json || o->fields || o->follow || o->summary || o->hex != HEX_NONE || o->list_ifaces ||
         (o->detail && o->tui_dump == NULL) || o->print || o->quiet || ring || to_stdout))
        return bad_usage("--tui shows the list, the tree, the bytes and Follow itself; it cannot "
                         "be combined with -V, -x, -T, -q, --follow, --summary, --print, -D, "
                         "-w - or a ring of files (-b, -C, -W, -G)",
                         NULL);
    if (o->anon_key != NULL && o->anon_key_file != NULL)
        return bad_usage("give the key either with --anonymize or with --anonymize-key-file, "
                         "not both",
                         NULL);
    return -1;
}

/* The capture filter: the trailing arguments, --port, or --all. */
static int capture_filter(struct sniff_opts *o, const struct cli *cl, int nfilter, char **args)
{
    if (cl->all && (cl->have_port || nfilter > 0))
        return bad_usage("--all captures everything; it cannot be combined with --port or a "
                         "capture filter",
                         NULL);
    if (cl->have_port && nfilter > 0)
        return bad_usage("give either --port or a capture filter, not both", NULL);
    if (nfilter > 0) {
        o->capture = join_args(nfilter, args);
    } else if (!cl->all) {
        char buf[32];
        snprintf(buf, sizeof buf, "tcp port %u", (unsigned)cl->port);
        o->capture = strdup(buf);
    }
    if (!cl->all && o->capture == NULL) {
        fprintf(stderr, "sniff: out of memory for the capture filter's text\n");
        return STATUS_RUNTIME;
    }
    return -1;
}

/* After the options: -E applied, the defaults that follow from others, the checks. */
static int finish_options(struct sniff *s, struct cli *cl)
{
    struct sniff_opts *o = &s->opt;
    char err[512];
    for (int i = 0; i < cl->neopts && o->fields; i++) {
        if (fmt_fields_option(&o->fields_fmt, cl->eopts[i], err, sizeof err) != 0) {
            fprintf(stderr, "sniff: %s\nTry 'sniff --help' for more information.\n", err);
            return STATUS_USAGE;
        }
    }
    o->port = cl->port;
    if (o->anon_key != NULL || o->anon_key_file != NULL)
        o->fmt.resolve_vendors = false; /* pseudonymous MACs have no vendor */
    o->fmt.redact = o->redact;
    if (o->stop.packets != 0 && (o->count == 0 || o->stop.packets < o->count))
        o->count = o->stop.packets;
    int rc = check_combinations(o, cl);
    return rc >= 0 ? rc : opt_check_pictures(o); /* it reads a picture's format from -o */
}

/* What the option groups (options.h) are handed. */
struct parse {
    struct sniff *s;
    struct cli cl;
    bool fields; /* -T fields on the command line: -e takes a field */
};

/* An option that is not plain (args.h's take): -1 to go on, else the exit status. */
static int take(void *ctx, int c, const char *arg)
{
    struct parse *p = ctx;
    if (c == '?') /* before args_parse calls it unknown */
        return arg[1] == 'e' && arg[2] == '\0'
                   ? bad_usage("-e takes a field only with -T fields", NULL)
                   : -1;
    int rc = opt_capture(p->s, &p->cl, c, arg);
    if (rc == 0)
        rc = opt_output(p->s, &p->cl, c, c == 'e' && !p->fields ? NULL : arg);
    if (rc == 0)
        rc = opt_analysis(p->s, c, arg);
    if (rc == 0)
        rc = opt_pictures(p->s, c, arg);
    if (rc == 0)
        rc = opt_tui(p->s, c, arg);
    if (rc == 0 && c == OPT_LIST_FIELDS) { /* as tshark -G fields: name, type */
        for (size_t i = 0; df_field_at(i) != NULL; i++)
            printf("%s\t%s\n", df_field_at(i)->name, df_field_ftype(df_field_at(i)));
        return 0;
    }
    return rc;
}

/* Parses argv into s->opt; returns -1 to go on, else an exit code. */
static int parse_options(struct sniff *s, int argc, char **argv)
{
    struct sniff_opts *o = &s->opt;
    struct parse p = {
        .s = s, .cl = {.port = SNIFF_DEFAULT_PORT}, .fields = wants_fields(argc, argv)};
    o->iface = SNIFF_DEFAULT_IFACE;
    o->snaplen = CAP_DEFAULT_SNAPLEN;
    o->fmt.resolve_vendors = true;
    o->fmt.time_format = TIME_RELATIVE;
    fmt_fields_init(&o->fields_fmt);
    o->draw.direction = -1;
    char optstring[sizeof SHORT_OPTS + 2];
    snprintf(optstring, sizeof optstring, "%s%s", SHORT_OPTS, p.fields ? "e:" : "e");
    const struct args_prog prog = {
        .name = "sniff",
        .operands = -1, /* the capture filter */
        .shortopts = optstring,
        .opts = options,
        .version_opt = OPT_VERSION,
        .version_more = pcap_lib_version(),
        .usage = usage,
        .take = take,
    };
    int rc = args_parse(&prog, o, &p, argc, argv);
    if (rc < 0)
        rc = finish_options(s, &p.cl);
    if (rc >= 0)
        return rc;
    return capture_filter(o, &p.cl, argc - optind, argv + optind);
}

/* Lists the interfaces (-D), or runs the capture; the status is the exit code. */
static int run(struct sniff *s)
{
    char err[3 * 4096] = ""; /* the longest: a display filter quoted twice */
    enum status st;
    if (s->opt.list_ifaces) {
        st = sniff_list_interfaces(&s->out, err, sizeof err);
        out_flush(&s->out);
    } else if (s->opt.tui && (st = tui_check_terminal(&s->opt, err, sizeof err)) != STATUS_OK) {
        /* said below */
    } else {
        st = sniff_open(s, err, sizeof err);
        if (st == STATUS_OK) {
            if (s->opt.tui_dump != NULL)
                st = tui_dump(s, err, sizeof err);
            else if (s->opt.tui)
                st = tui_run(s, err, sizeof err);
            else
                st = sniff_run(s, err, sizeof err);
            char ferr[PCAP_ERRBUF_SIZE + 256] = "";
            enum status fst = sniff_finish(s, ferr, sizeof ferr);
            if (st != STATUS_OK)
                fprintf(stderr, "sniff: %s\n", err);
            if (fst != STATUS_OK)
                fprintf(stderr, "sniff: %s\n", ferr);
            sniff_print_stats(s);
            return status_worse(st, fst);
        }
    }
    if (st != STATUS_OK)
        fprintf(stderr, "sniff: %s\n", err);
    return st;
}

int main(int argc, char **argv)
{
    /* One allocation for all the state, the output buffer included. */
    struct sniff *s = calloc(1, sizeof *s);
    if (s == NULL) {
        fprintf(stderr, "sniff: out of memory for its %zu-byte context\n", sizeof *s);
        return STATUS_RUNTIME;
    }
    sniff_init(s);
    int rc = parse_options(s, argc, argv);
    if (rc < 0)
        rc = run(s);
    sniff_close(s);
    free(s);
    return rc;
}
