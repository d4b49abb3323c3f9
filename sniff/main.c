/*
 * main.c: sniff's command line. Parses the options into struct sniff and hands over to
 * the program's library (app/setup.c: open, run, finish), printing each step's error
 * sentence and exiting with its status: 0 ok, 1 a runtime problem (cut capture file,
 * capture error, output error), 2 usage or permission.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cap.h"
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
};

static const struct option long_opts[] = {
    {"interface", required_argument, NULL, 'i'},
    {"read", required_argument, NULL, 'r'},
    {"write", required_argument, NULL, 'w'},
    {"count", required_argument, NULL, 'c'},
    {"snapshot-length", required_argument, NULL, 's'},
    {"buffer-size", required_argument, NULL, 'B'},
    {"list-interfaces", no_argument, NULL, 'D'},
    {"no-promiscuous-mode", no_argument, NULL, 'p'},
    {"promisc", no_argument, NULL, OPT_PROMISC},
    {"linktype", required_argument, NULL, 'y'},
    {"port", required_argument, NULL, OPT_PORT},
    {"all", no_argument, NULL, OPT_ALL},
    {"display-filter", required_argument, NULL, 'Y'},
    {"detail", no_argument, NULL, 'V'},
    {"hex", optional_argument, NULL, OPT_HEX},
    {"time-format", required_argument, NULL, 't'},
    {"color", optional_argument, NULL, OPT_COLOR},
    {"colour", optional_argument, NULL, OPT_COLOR},
    {"check-checksums", no_argument, NULL, OPT_CHECKSUMS},
    {"print", no_argument, NULL, OPT_PRINT},
    {"relinquish-privileges", required_argument, NULL, 'Z'},
    {"utc", no_argument, NULL, OPT_UTC},
    {"redact", no_argument, NULL, OPT_REDACT},
    {"anonymize", required_argument, NULL, OPT_ANONYMIZE},
    {"anonymise", required_argument, NULL, OPT_ANONYMIZE},
    {"anonymize-key-file", required_argument, NULL, OPT_ANON_KEY_FILE},
    {"no-sandbox", no_argument, NULL, OPT_NO_SANDBOX},
    {"annotate", no_argument, NULL, 'A'},
    {"no-annotate", no_argument, NULL, OPT_NO_ANNOTATE},
    {"follow", required_argument, NULL, OPT_FOLLOW},
    {"follow-hex", no_argument, NULL, OPT_FOLLOW_HEX},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"max-pending", required_argument, NULL, OPT_MAX_PENDING},
    {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *f)
{
    fputs("Usage: sniff [OPTIONS] [CAPTURE FILTER...]\n"
          "Capture TCP traffic (by default the echo lab's, 'tcp port 15213') and print it\n"
          "as Wireshark's packet list shows it.\n"
          "\n"
          "Capture:\n"
          "  -i, --interface=IFACE   capture live on IFACE (default lo)\n"
          "  -D, --list-interfaces   list the interfaces and exit\n"
          "  -r, --read=FILE         read a .pcap or .pcapng file ('-' for standard input)\n"
          "  -w, --write=FILE        save the raw packets that pass the capture filter to\n"
          "                          FILE (pcap, created mode 0600, never through a\n"
          "                          symbolic link); nothing is printed unless --print is\n"
          "                          given too\n"
          "      --print             print packets even when writing with -w\n"
          "  -c, --count=N           stop after N packets\n"
          "  -s, --snapshot-length=N capture at most N bytes of each packet (default 262144)\n"
          "  -B, --buffer-size=KIB   kernel capture buffer size in KiB (default 32768 with\n"
          "                          -w, else libpcap's 2048)\n"
          "      --promisc           capture in promiscuous mode: every frame that reaches\n"
          "                          the interface, other hosts' traffic too. Without it,\n"
          "                          only frames to or from the interface's own address,\n"
          "                          broadcast and multicast are captured, on every\n"
          "                          interface (the capture filter gets that condition;\n"
          "                          on lo nothing is left out)\n"
          "  -p, --no-promiscuous-mode  accepted for compatibility: this is the default\n"
          "  -y, --linktype=NAME     the link type to capture as, e.g. LINUX_SLL2 on any\n"
          "      --no-sandbox        do not limit the system calls of the parsing loop\n"
          "                          (by default a seccomp filter lets it only read, write\n"
          "                          and capture)\n"
          "  -Z, --relinquish-privileges=USER  drop root to USER once the capture is open\n"
          "                          (default: the sudo caller, else nobody); under sudo\n"
          "                          or -Z, -r and -w files are opened as that user\n"
          "Filters:\n"
          "  CAPTURE FILTER          a BPF expression (pcap-filter(7)), default\n"
          "                          'tcp port 15213'\n"
          "      --port=N            short for the capture filter 'tcp port N'\n"
          "      --all               capture everything (no capture filter)\n"
          "  -Y, --display-filter=EXPR  show only packets matching a Wireshark display\n"
          "                          filter, e.g. 'tcp.flags.syn == 1' (printing only)\n",
          f);
    /* Two strings: C17 promises string literals of 4095 bytes, no more. */
    fputs("Output:\n"
          "  -V, --detail            print the detail tree of each packet (tshark -V)\n"
          "  -x, --hex[=all|payload] print the packet's bytes (or only the TCP payload)\n"
          "  -t a|ad|d|r|e           time: absolute, absolute with date, delta from the\n"
          "                          previous frame, relative to the first (default),\n"
          "                          epoch seconds\n"
          "      --utc               absolute times in UTC\n"
          "  -n                      no MAC vendor names (by default, as in Wireshark:\n"
          "                          'Intel_e3:54:e6', from the IEEE registry of ieee-data)\n"
          "      --color[=auto|always|never]  colour the packet list (default auto: on a\n"
          "                          terminal, unless NO_COLOR is set)\n"
          "      --check-checksums   verify IPv4, TCP and UDP checksums\n"
          "Privacy (see ETHICS.md):\n"
          "      --redact            replace every TCP/UDP payload byte, in every output\n"
          "                          and in the -w file (zeros there; 'xx' and '*' in hex\n"
          "                          dumps); headers, lengths and valid checksums are kept\n"
          "      --anonymize=KEY     replace IPv4/IPv6 addresses by prefix-preserving\n"
          "                          pseudonyms (Crypto-PAn) and MAC addresses by keyed\n"
          "                          pseudonyms, consistent for one KEY, in every output\n"
          "                          and the -w file; checksums recomputed; no vendor names\n"
          "      --anonymize-key-file=FILE  the same, with the key on FILE's first line\n"
          "                          (a key on the command line shows in ps)\n"
          "Analysis:\n"
          "  -A, --annotate          a line under each TCP packet saying what it means in\n"
          "                          socket-API terms, and whether each echo is identical\n"
          "                          (default: on a terminal and in -T json, for the echo\n"
          "                          port's connections; -A: every TCP connection)\n"
          "      --no-annotate       no annotation lines\n"
          "  -T text|json            output format; json: one object per packet and per\n"
          "                          connection (docs/json-schema.md)\n"
          "      --summary, -z conv  after the packets, one row per TCP connection\n"
          "      --follow=N          only the reassembled conversation of connection N\n"
          "                          (N: Wireshark's tcp.stream, 0 for the first one, as\n"
          "                          in annotations, --summary and -Y 'tcp.stream == N')\n"
          "      --follow-hex        with --follow: as a hex dump\n"
          "      --max-memory=SIZE   memory for reassembly and the echo check, shared by\n"
          "                          every connection (default 32M; K, M, G: KiB, MiB,\n"
          "                          GiB). Past it the oldest bytes waiting for their\n"
          "                          echo are given up, said 'not checked: memory budget'\n"
          "      --max-pending=SIZE  the most one direction of one connection may hold\n"
          "                          of it (default 1M); past it, its own oldest bytes\n"
          "                          are given up first\n"
          "  -h, --help              show this help\n"
          "      --version           show the version\n"
          "\n"
          "Exit status: 0 ok, 1 runtime problem (e.g. a truncated capture file), 2 usage\n"
          "or permission problem.\n",
          f);
}

static int bad_usage(const char *msg, const char *arg)
{
    if (arg != NULL)
        fprintf(stderr, "sniff: %s '%s'\n", msg, arg);
    else
        fprintf(stderr, "sniff: %s\n", msg);
    fprintf(stderr, "Try 'sniff --help' for more information.\n");
    return STATUS_USAGE;
}

static bool parse_time_format(const char *s, enum time_format *tf)
{
    static const struct {
        const char *name;
        enum time_format tf;
    } names[] = {{"a", TIME_ABSOLUTE},
                 {"ad", TIME_DATE},
                 {"d", TIME_DELTA},
                 {"r", TIME_RELATIVE},
                 {"e", TIME_EPOCH}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *tf = names[i].tf;
            return true;
        }
    }
    return false;
}

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

/* -T: text or json. */
static bool parse_out_format(const char *arg, bool *json)
{
    if (arg == NULL)
        return false;
    if (strcmp(arg, "json") == 0 || strcmp(arg, "text") == 0) {
        *json = arg[0] == 'j';
        return true;
    }
    return false;
}

/* -z: tshark's conv (conv,tcp) statistics, our --summary. */
static bool is_conv(const char *arg)
{
    return arg != NULL && (strcmp(arg, "conv") == 0 || strcmp(arg, "conv,tcp") == 0);
}

/* What one option group's parser made of an option: go on with the next, not this
 * group's, or an exit status (0 after --help or --version, else a usage error). */
enum { OPT_NEXT = -1, OPT_NOT_MINE = -2 };

/* What the capture filter is made of, known only once every option is read. */
struct filter_choice {
    bool all, have_port;
    uint16_t port;
};

static int capture_option(struct sniff_opts *o, struct filter_choice *fc, int c)
{
    uint64_t v;
    switch (c) {
    case 'i':
        o->iface = optarg;
        break;
    case 'r':
        o->rfile = optarg;
        break;
    case 'w':
        o->wfile = optarg;
        break;
    case 'c':
        if (!parse_u64(optarg, 1, UINT64_MAX, &v))
            return bad_usage("-c needs a packet count of at least 1, not", optarg);
        o->count = v;
        break;
    case 's':
        if (!parse_u64(optarg, 0, CAP_DEFAULT_SNAPLEN, &v))
            return bad_usage("-s needs a snapshot length from 0 to 262144, not", optarg);
        o->snaplen = v == 0 ? CAP_DEFAULT_SNAPLEN : (int)v;
        break;
    case 'B':
        if (!parse_u64(optarg, 1, 1024 * 1024, &v))
            return bad_usage("-B needs a buffer size in KiB from 1 to 1048576, not", optarg);
        o->buffer_kib = (int)v;
        break;
    case 'D':
        o->list_ifaces = true;
        break;
    case 'p':
        break; /* not promiscuous is already the default */
    case OPT_PROMISC:
        o->promisc = true;
        break;
    case 'y':
        if (pcap_datalink_name_to_val(optarg) < 0)
            return bad_usage("-y needs a link-type name (EN10MB, LINUX_SLL, LINUX_SLL2...), not",
                             optarg);
        o->linktype = optarg;
        break;
    case OPT_PORT:
        if (!parse_port(optarg, false, &fc->port))
            return bad_usage("--port needs a port from 1 to 65535, not", optarg);
        fc->have_port = true;
        break;
    case OPT_ALL:
        fc->all = true;
        break;
    case 'Z':
        o->user = optarg;
        break;
    case OPT_NO_SANDBOX:
        o->no_sandbox = true;
        break;
    default:
        return OPT_NOT_MINE;
    }
    return OPT_NEXT;
}

static int output_option(struct sniff_opts *o, int c)
{
    switch (c) {
    case 'Y':
        o->display = optarg;
        break;
    case 'V':
        o->detail = true;
        break;
    case 'x':
        o->hex = HEX_ALL;
        break;
    case OPT_HEX:
        if (optarg == NULL || strcmp(optarg, "all") == 0)
            o->hex = HEX_ALL;
        else if (strcmp(optarg, "payload") == 0)
            o->hex = HEX_PAYLOAD;
        else
            return bad_usage("--hex takes 'all' or 'payload', not", optarg);
        break;
    case 't':
        if (!parse_time_format(optarg, &o->fmt.time_format))
            return bad_usage("-t takes a, ad, d, r or e, not", optarg);
        break;
    case 'n':
        o->fmt.resolve_vendors = false;
        break;
    case OPT_COLOR:
        if (optarg == NULL || strcmp(optarg, "always") == 0)
            o->color = COLOR_MODE_ALWAYS;
        else if (strcmp(optarg, "auto") == 0)
            o->color = COLOR_MODE_AUTO;
        else if (strcmp(optarg, "never") == 0)
            o->color = COLOR_MODE_NEVER;
        else
            return bad_usage("--color takes auto, always or never, not", optarg);
        break;
    case OPT_CHECKSUMS:
        o->fmt.check_checksums = true;
        break;
    case OPT_PRINT:
        o->print = true;
        break;
    case OPT_UTC:
        o->fmt.utc = true;
        break;
    default:
        return OPT_NOT_MINE;
    }
    return OPT_NEXT;
}

/* Privacy and analysis. */
static int analysis_option(struct sniff_opts *o, int c)
{
    uint64_t v;
    switch (c) {
    case OPT_REDACT:
        o->redact = true;
        break;
    case OPT_ANONYMIZE:
        o->anon_key = optarg;
        break;
    case OPT_ANON_KEY_FILE:
        o->anon_key_file = optarg;
        break;
    case 'A':
        o->annotate = ANNOTATE_ALL;
        break;
    case OPT_NO_ANNOTATE:
        o->annotate = ANNOTATE_OFF;
        break;
    case 'T':
        if (!parse_out_format(optarg, &o->json))
            return bad_usage("-T takes text or json, not", optarg);
        break;
    case 'z':
        if (!is_conv(optarg))
            return bad_usage("-z supports conv (the connection table), not", optarg);
        o->summary = true;
        break;
    case OPT_SUMMARY:
        o->summary = true;
        break;
    case OPT_FOLLOW:
        if (!parse_u64(optarg, 0, UINT32_MAX - 1, &v))
            return bad_usage("--follow needs a stream index (tcp.stream: 0, 1, ...), not", optarg);
        o->follow = true;
        o->follow_stream = (uint32_t)v;
        break;
    case OPT_FOLLOW_HEX:
        o->follow_hex = true;
        break;
    case OPT_MAX_PENDING:
        if (!parse_size(optarg, 4096, (uint64_t)1 << 40, &v))
            return bad_usage("--max-pending needs a size of at least 4096 bytes (e.g. 64K, 1M), "
                             "not",
                             optarg);
        o->max_pending = v;
        break;
    case OPT_MAX_MEMORY:
        if (!parse_size(optarg, (uint64_t)1 << 16, (uint64_t)1 << 40, &v))
            return bad_usage("--max-memory needs a size of at least 64K (e.g. 32M, 1G), not",
                             optarg);
        o->max_memory = v;
        break;
    default:
        return OPT_NOT_MINE;
    }
    return OPT_NEXT;
}

/* Options that cannot go together. */
static int check_combinations(const struct sniff_opts *o)
{
    if (o->follow_hex && !o->follow)
        return bad_usage("--follow-hex goes with --follow N", NULL);
    if (o->follow && o->json)
        return bad_usage("--follow prints a conversation; it cannot be combined with -T json",
                         NULL);
    if (o->rfile != NULL && o->list_ifaces)
        return bad_usage("-D lists live interfaces; it cannot be combined with -r", NULL);
    if (o->promisc && o->rfile != NULL)
        return bad_usage("--promisc applies to live capture, not to -r", NULL);
    if (o->linktype != NULL && o->rfile != NULL)
        return bad_usage("-y applies to live capture, not to -r", NULL);
    if (o->wfile != NULL && strcmp(o->wfile, "-") == 0 && o->print)
        return bad_usage("-w - writes packets to standard output; --print cannot share it", NULL);
    if (o->anon_key != NULL && o->anon_key_file != NULL)
        return bad_usage("give the key either with --anonymize or with --anonymize-key-file, "
                         "not both",
                         NULL);
    return OPT_NEXT;
}

/* The capture filter: the trailing arguments, --port's, or none with --all. */
static int capture_filter(struct sniff_opts *o, const struct filter_choice *fc, int nfilter,
                          char **filter)
{
    if (fc->all && (fc->have_port || nfilter > 0))
        return bad_usage("--all captures everything; it cannot be combined with --port or a "
                         "capture filter",
                         NULL);
    if (fc->have_port && nfilter > 0)
        return bad_usage("give either --port or a capture filter, not both", NULL);
    if (nfilter > 0) {
        o->capture = join_args(nfilter, filter);
    } else if (!fc->all) {
        char buf[32];
        snprintf(buf, sizeof buf, "tcp port %u", (unsigned)fc->port);
        o->capture = strdup(buf);
    }
    if (!fc->all && o->capture == NULL) {
        fprintf(stderr, "sniff: out of memory for the capture filter's text\n");
        return STATUS_RUNTIME;
    }
    return OPT_NEXT;
}

/* Parses argv into s->opt; returns -1 to go on, else an exit code. */
static int parse_options(struct sniff *s, int argc, char **argv)
{
    struct sniff_opts *o = &s->opt;
    struct filter_choice fc = {.all = false, .have_port = false, .port = SNIFF_DEFAULT_PORT};
    int c;
    o->iface = SNIFF_DEFAULT_IFACE;
    o->snaplen = CAP_DEFAULT_SNAPLEN;
    o->fmt.resolve_vendors = true;
    o->fmt.time_format = TIME_RELATIVE;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":i:r:w:c:s:B:DpY:Vxt:nZ:hAT:z:y:", long_opts, NULL)) !=
           -1) {
        int rc = capture_option(o, &fc, c);
        if (rc == OPT_NOT_MINE)
            rc = output_option(o, c);
        if (rc == OPT_NOT_MINE)
            rc = analysis_option(o, c);
        if (rc != OPT_NOT_MINE) {
            if (rc != OPT_NEXT)
                return rc;
            continue;
        }
        switch (c) {
        case 'h':
            usage(stdout);
            return 0;
        case OPT_VERSION:
            printf("sniff (echosniff) %s\n%s\n", ECHOSNIFF_VERSION, pcap_lib_version());
            return 0;
        case ':':
            return bad_usage("option needs an argument:", argv[optind - 1]);
        case '?':
        default:
            return bad_usage("unknown option", argv[optind - 1]);
        }
    }
    int rc = check_combinations(o);
    if (rc != OPT_NEXT)
        return rc;
    o->port = fc.port;
    if (o->anon_key != NULL || o->anon_key_file != NULL)
        o->fmt.resolve_vendors = false; /* pseudonymous MACs have no vendor */
    o->fmt.redact = o->redact;
    return capture_filter(o, &fc, argc - optind, argv + optind);
}

/* Lists the interfaces (-D), or runs the capture; the status is the exit code. */
static int run(struct sniff *s)
{
    char err[PCAP_ERRBUF_SIZE + 512] = "";
    enum status st;
    if (s->opt.list_ifaces) {
        st = sniff_list_interfaces(&s->out, err, sizeof err);
        out_flush(&s->out);
    } else {
        st = sniff_open(s, err, sizeof err);
        if (st == STATUS_OK) {
            st = sniff_run(s, err, sizeof err);
            char ferr[PCAP_ERRBUF_SIZE + 256] = "";
            enum status fst = sniff_finish(s, ferr, sizeof ferr);
            if (fst != STATUS_OK)
                fprintf(stderr, "sniff: %s\n", ferr);
            if (st != STATUS_OK)
                fprintf(stderr, "sniff: %s\n", err);
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
