/*
 * setup.c: the program as a library, from the parsed options to the last line: open the
 * capture, give up root and open the files as the user who ran sniff, set the filters,
 * the -w files and the analysis up, fence the parsing loop in, run it, and finish
 * (the summaries, the -w file's last bytes, the capture statistics).
 *
 * Each step returns an enum status (shared/status.h) and writes its sentence into err;
 * main prints it and exits with the status. What these functions print themselves is
 * only what a user must see while it happens: libpcap's warnings, the promiscuous-mode
 * warning, the privilege drop and the live capture's start-up line, on stderr.
 */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <sys/ioctl.h>

#include "anon.h"
#include "cap.h"
#include "decode.h"
#include "dfilter.h"
#include "files.h"
#include "hostfilter.h"
#include "oui.h"
#include "priv.h"
#include "sandbox.h"
#include "sniff.h"
#include "wfile.h"

static bool want_color(enum color_mode m)
{
    if (m == COLOR_MODE_ALWAYS || m == COLOR_MODE_LIGHT || m == COLOR_MODE_DARK)
        return true;
    if (m == COLOR_MODE_NEVER)
        return false;
    /* auto: a terminal, and no NO_COLOR (https://no-color.org: set and not empty). */
    const char *nc = getenv("NO_COLOR");
    if (nc != NULL && nc[0] != '\0')
        return false;
    const char *term = getenv("TERM");
    if (term != NULL && strcmp(term, "dumb") == 0)
        return false;
    return isatty(STDOUT_FILENO) == 1;
}

/* The terminal's width, for the packet list, the annotations and the ladder: COLUMNS
 * when set (as a shell exports it), else the terminal's own; 0 when neither tells. Read
 * once, before the sandbox, which allows no ioctl but isatty's. */
static int terminal_width(void)
{
    const char *env = getenv("COLUMNS");
    char *end;
    long n = env != NULL ? strtol(env, &end, 10) : 0;
    if (env != NULL && end != env && *end == '\0' && n > 0 && n <= 4096)
        return (int)n;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

/* Colour, palette, legend and the terminal's width, for the list and the annotations. */
static void setup_view(struct sniff *s)
{
    struct sniff_opts *o = &s->opt;
    o->fmt.color = want_color(o->color);
    o->fmt.light = o->color == COLOR_MODE_LIGHT;
    /* Only a terminal's list is fitted: a pipe or a file gets every column whole, and
     * the terminal UI cuts its rows itself. */
    int width =
        o->detail || o->json || o->follow || o->fields || o->tui || isatty(STDOUT_FILENO) != 1
            ? 0
            : terminal_width();
    fmt_cols_fit(&o->fmt, width >= 20 ? width : 0, draw_locale_utf8());
    s->ann_style =
        (struct ann_style){.color = o->fmt.color,
                           .palette = o->fmt.light ? ANN_PALETTE_LIGHT : ANN_PALETTE_DARK,
                           .width = width};
}

/* --anonymize-key-file: the key is the file's first line, without its line end. */
static enum status read_key_file(const char *path, char *key, size_t n, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errlen, "--anonymize-key-file: cannot read %s: %s", path, strerror(errno));
        return STATUS_USAGE;
    }
    bool got = fgets(key, (int)n, f) != NULL;
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || !got) {
        snprintf(err, errlen, "--anonymize-key-file: %s: %s", path,
                 bad ? "read error" : "the file is empty; put the key on its first line");
        return STATUS_USAGE;
    }
    size_t len = strcspn(key, "\r\n");
    if (key[len] == '\0' && len == n - 1) {
        snprintf(err, errlen, "--anonymize-key-file: %s: the key's line is longer than %zu bytes",
                 path, n - 2);
        return STATUS_USAGE;
    }
    key[len] = '\0';
    return STATUS_OK;
}

/* --anonymize: the key, from the command line or from a file read with the rights of
 * the user files are opened as (priv.h). */
static enum status setup_anon(struct sniff *s, char *err, size_t errlen)
{
    struct sniff_opts *o = &s->opt;
    if (o->anon_key == NULL && o->anon_key_file == NULL)
        return STATUS_OK;
    char key[1024];
    const char *k = o->anon_key;
    if (o->anon_key_file != NULL) {
        enum status st = read_key_file(o->anon_key_file, key, sizeof key, err, errlen);
        if (st != STATUS_OK)
            return st;
        k = key;
    }
    int rc = anon_new(&s->anon, k, err, errlen);
    memset(key, 0, sizeof key);
    return rc == 0 ? STATUS_OK : STATUS_USAGE;
}

/* -r, -w and the --anonymize key, opened with the rights of whoever sniff runs as now
 * (priv.h: before the drop only when root itself ran sniff); as names that user for
 * the messages. The -r file is only opened here: its first byte is read after the drop,
 * by cap_open_offline. */
static enum status open_files(struct sniff *s, const char *as, char *err, size_t errlen)
{
    const struct sniff_opts *o = &s->opt;
    enum status st = setup_anon(s, err, errlen);
    if (st != STATUS_OK)
        return st;
    if (o->rfile != NULL && strcmp(o->rfile, "-") != 0) {
        s->rfd = files_open_read(o->rfile, as, err, errlen);
        if (s->rfd < 0)
            return errno == EACCES ? STATUS_USAGE : STATUS_RUNTIME;
    }
    if (o->wfile != NULL && strcmp(o->wfile, "-") != 0) {
        char name[PATH_MAX];
        wfile_first_name(o, name, sizeof name);
        s->wfd = files_open_write(name, as, err, errlen);
        if (s->wfd < 0)
            return STATUS_USAGE;
    }
    if (o->ofile != NULL && strcmp(o->ofile, "-") != 0) {
        s->ofd = files_open_write(o->ofile, as, err, errlen);
        if (s->ofd < 0)
            return STATUS_USAGE;
    }
    snprintf(s->as, sizeof s->as, "%s", as != NULL ? as : "");
    return STATUS_OK;
}

/* Gives up root (priv.h), opening the files before or after as the plan says. */
static enum status drop_and_open(struct sniff *s, char *err, size_t errlen)
{
    struct priv_plan plan;
    if (!priv_plan(&plan, s->opt.user, err, errlen))
        return STATUS_USAGE;
    bool before = !plan.root || plan.files_as_root;
    enum status st = before ? open_files(s, NULL, err, errlen) : STATUS_OK;
    if (st != STATUS_OK)
        return st;
    switch (priv_drop(&plan, err, errlen)) {
    case PRIV_DROPPED:
        fprintf(stderr,
                "sniff: dropped privileges to %s (no capabilities left, none can be "
                "regained)\n",
                plan.who);
        break;
    case PRIV_NOT_ROOT:
        break;
    case PRIV_ERROR:
    default:
        return STATUS_USAGE;
    }
    return before ? STATUS_OK : open_files(s, plan.who, err, errlen);
}

/* The live handle (before the drop: it needs CAP_NET_RAW), and the warnings a user
 * must see at once. */
static enum status open_live(struct sniff *s, char *err, size_t errlen)
{
    const struct sniff_opts *o = &s->opt;
    char warn[PCAP_ERRBUF_SIZE + 256] = "";
    /* Writing without printing needs no packet the moment it arrives: batches and a
     * larger ring let sniff -w keep up with loads that make a per-packet reader drop. */
    struct cap_live_opts lo = {
        .iface = o->iface,
        .snaplen = o->snaplen,
        .promisc = o->promisc,
        .buffer_kib = o->buffer_kib != 0 ? o->buffer_kib
                      : o->wfile != NULL ? CAP_WRITE_BUFFER_KIB
                                         : 0,
        .immediate = s->printing,
        .linktype = o->linktype,
    };
    enum status st = cap_open_live(&s->pc, &lo, warn, sizeof warn, err, errlen);
    if (st != STATUS_OK)
        return st;
    if (warn[0] != '\0')
        fprintf(stderr, "sniff: warning: %s\n", warn);
    /* Not promiscuous, whatever the interface does: the interface's addresses are read
     * now, while sniff may still open a socket (link types sniff cannot decode are
     * refused by check_linktype). */
    int dlt = pcap_datalink(s->pc);
    if (!o->promisc && decode_linktype_supported(dlt) &&
        (st = hostfilter_read(&s->host, o->iface, dlt, err, errlen)) != STATUS_OK)
        return st;
    if (o->promisc)
        fprintf(stderr,
                "sniff: warning: %s is in promiscuous mode: this captures other "
                "hosts' traffic too; capture only where you are allowed to\n",
                o->iface);
    return STATUS_OK;
}

static enum status check_linktype(struct sniff *s, char *err, size_t errlen)
{
    s->linktype = pcap_datalink(s->pc);
    if (decode_linktype_supported(s->linktype))
        return STATUS_OK;
    char lt[128];
    cap_linktype_text(s->linktype, lt, sizeof lt);
    const char *where = s->live ? s->opt.iface : s->opt.rfile;
    /* lt is "DLT n" when libpcap has no name for it: print the number once. */
    if (pcap_datalink_val_to_name(s->linktype) != NULL)
        snprintf(err, errlen, "%s: unsupported link-type %s (DLT %d)", where, lt, s->linktype);
    else
        snprintf(err, errlen, "%s: unsupported link-type %s", where, lt);
    return STATUS_RUNTIME;
}

/* The -w writer on the descriptor open_files opened, or on standard output for "-",
 * which must not be a terminal. */
static enum status open_writer(struct sniff *s, char *err, size_t errlen)
{
    const struct sniff_opts *o = &s->opt;
    int fd = s->wfd;
    if (strcmp(o->wfile, "-") == 0) {
        if (isatty(STDOUT_FILENO) == 1) {
            snprintf(err, errlen,
                     "-w - would write binary capture data onto the terminal; send standard "
                     "output to a file or a program, e.g. sniff -w - | tshark -r -");
            return STATUS_USAGE;
        }
        fd = STDOUT_FILENO;
    }
    s->wfd = -1; /* the writer owns it now */
    struct capw_iface ifc = {.name = s->live ? o->iface : NULL,
                             .linktype = s->linktype,
                             .snaplen = (uint32_t)pcap_snapshot(s->pc)};
    enum status st = wfile_open(&s->wf, o, fd, s->as[0] != '\0' ? s->as : NULL, &ifc, err, errlen);
    if (st != STATUS_OK)
        return st;
    /* -A into pcapng: each packet's annotation goes into the file as its comment. */
    s->wcomments = o->annotate == ANNOTATE_ALL && wfile_pcapng(s->wf);
    return STATUS_OK;
}

/* --redact and --anonymize rewrite a copy of each frame: one buffer for the largest
 * frame the capture can deliver, allocated once. */
static enum status setup_rewrite(struct sniff *s, char *err, size_t errlen)
{
    if (!s->opt.redact && s->anon == NULL)
        return STATUS_OK;
    int snap = pcap_snapshot(s->pc);
    s->rewrite_len = snap > 0 && snap <= CAP_DEFAULT_SNAPLEN ? (uint32_t)snap : CAP_DEFAULT_SNAPLEN;
    s->rewrite = malloc(s->rewrite_len);
    if (s->rewrite == NULL) {
        snprintf(err, errlen,
                 "out of memory for the %u-byte frame copy that --redact and "
                 "--anonymize rewrite",
                 (unsigned)s->rewrite_len);
        return STATUS_RUNTIME;
    }
    return STATUS_OK;
}

/* The capture filter: in the kernel when live, per frame on replay (so that No. and
 * Time stay those of the file). Live and not promiscuous, the host condition
 * (hostfilter.h) is compiled with it, after the user's expression has compiled alone: its
 * errors then name only what the user wrote. */
static enum status setup_capture_filter(struct sniff *s, char *err, size_t errlen)
{
    const char *user = s->opt.capture;
    const char *cond = s->live ? s->host.cond : "";
    if (user == NULL && cond[0] == '\0')
        return STATUS_OK;
    enum status st;
    if (user != NULL && (st = cap_compile(s->pc, user, &s->prog, err, errlen)) != STATUS_OK)
        return st;
    s->have_prog = user != NULL;
    if (!s->live) {
        s->offline_filter = true;
        return STATUS_OK;
    }
    if (cond[0] != '\0') {
        bool oom;
        char *both = hostfilter_join(cond, user, &oom);
        if (both == NULL) {
            snprintf(err, errlen, "out of memory for the capture filter's text");
            return STATUS_RUNTIME;
        }
        if (s->have_prog)
            pcap_freecode(&s->prog);
        s->have_prog = false;
        st = cap_compile(s->pc, both, &s->prog, err, errlen);
        free(both);
        if (st != STATUS_OK)
            return st;
        s->have_prog = true;
    }
    if (pcap_setfilter(s->pc, &s->prog) != 0) {
        snprintf(err, errlen, "%s: cannot set the capture filter: %s", s->opt.iface,
                 pcap_geterr(s->pc));
        return STATUS_RUNTIME;
    }
    return STATUS_OK;
}

/* The notice on every live start: where, what, and how much of it is kept. */
static void live_notice(const struct sniff *s)
{
    const struct sniff_opts *o = &s->opt;
    char lt[128];
    cap_linktype_text(s->linktype, lt, sizeof lt);
    fprintf(stderr, "sniff: listening on %s, link-type %s, snapshot length %d bytes, ", o->iface,
            lt, pcap_snapshot(s->pc));
    if (o->capture != NULL)
        fprintf(stderr, "filter '%s'", o->capture);
    else
        fprintf(stderr, "no filter (--all)");
    fprintf(stderr, "; %s; payloads %s, addresses %s; capture only what ETHICS.md allows\n",
            o->promisc ? "promiscuous (--promisc): every frame that reaches the interface"
                       : s->host.says,
            o->redact ? "redacted" : "shown (--redact hides them)",
            s->anon != NULL ? "pseudonymised" : "real (--anonymize)");
}

/* The seccomp filter (sandbox.h), after what the loop will look up by name is loaded:
 * the time zone, and the services database kept open (glibc maps its NSS modules as
 * code, which the filter would not let it do later). */
enum status sniff_enter_sandbox(struct sniff *s, char *err, size_t errlen)
{
    if (s->opt.no_sandbox)
        return STATUS_OK;
    tzset();
    if (s->annotating)
        setservent(1);
    const struct sniff_ring *r = &s->opt.ring;
    bool ring = r->filesize != 0 || r->duration_s != 0;
    bool ok = s->opt.tui && s->opt.tui_dump == NULL ? sandbox_enter_tty(err, errlen)
              : ring                                ? sandbox_enter_ring(err, errlen)
                                                    : sandbox_enter(err, errlen);
    return ok ? STATUS_OK : STATUS_RUNTIME;
}

/* The key every table keyed by packet contents hashes with (siphash.h): random, once
 * per run, before the sandbox (which the getrandom system call would pass, but nothing
 * should be left to fetch later). Without it an attacker could aim traffic at a bucket. */
static enum status draw_hash_key(struct sniff *s, char *err, size_t errlen)
{
    uint8_t b[16];
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t n = getrandom(b + got, sizeof b - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(err, errlen, "cannot draw the hash tables' random key: getrandom: %s",
                     strerror(errno));
            return STATUS_RUNTIME;
        }
        got += (size_t)n;
    }
    s->hash_key = sip_key_from_bytes(b);
    icmp_track_init(&s->echoes, &s->hash_key);
    return STATUS_OK;
}

void sniff_init(struct sniff *s)
{
    out_init(&s->out, STDOUT_FILENO);
    s->rfd = -1;
    s->wfd = -1;
    s->ofd = -1;
}

/* Pictures: where they go (-o FILE takes standard output's place), how wide, in which
 * characters and colours. */
static void setup_drawing(struct sniff *s)
{
    struct sniff_opts *o = &s->opt;
    struct draw_opts *d = &o->draw;
    s->drawing = d->what != DRAW_NONE;
    if (!s->drawing)
        return;
    s->printing = true; /* pictures are made from the decoded packets, -w or not */
    if (s->ofd >= 0) {
        s->out.fd = s->ofd;
        s->ofd = -1; /* the output owns it now */
    }
    d->width = terminal_width();
    if (d->width == 0)
        d->width = 80;
    if (!draw_locale_utf8())
        d->ascii = true;
    d->color = o->fmt.color && d->format == DF_TEXT;
    d->notes = o->annotate != ANNOTATE_OFF;
    d->one_stream = o->follow;
    d->stream = o->follow_stream;
    d->redact = o->redact;
    d->anonymized = s->anon != NULL;
    d->fmt = &o->fmt;
    if (d->title == NULL && o->rfile != NULL) { /* the file's name, without its folders */
        const char *slash = strrchr(o->rfile, '/');
        d->title = strcmp(o->rfile, "-") == 0          ? "standard input"
                   : slash != NULL && slash[1] != '\0' ? slash + 1
                                                       : o->rfile;
    }
    draw_warm_up(d);
}

enum status sniff_open(struct sniff *s, char *err, size_t errlen)
{
    struct sniff_opts *o = &s->opt;
    enum status st;
    /* The display filter first: a typo fails fast, before anything is opened. */
    if (o->display != NULL) {
        char why[DFILTER_MAX_LEN + 512];
        if (dfilter_compile(o->display, &s->df, why, sizeof why) != 0) {
            /* tshark's hint: the display filter was written as a capture filter. */
            bool bpf = cap_filter_valid(o->display);
            snprintf(err, errlen, "invalid display filter '%s': %s%s%s%s", o->display, why,
                     bpf ? "\nThat looks like a capture filter (pcap-filter(7), as tcpdump "
                           "takes): give it after the options, as in sniff -r FILE '"
                         : "",
                     bpf ? o->display : "",
                     bpf ? "', or write it as a display filter (for example, tcp port 15213 is "
                           "tcp.port == 15213)"
                         : "");
            return STATUS_USAGE;
        }
    }
    if ((st = draw_hash_key(s, err, errlen)) != STATUS_OK)
        return st;
    /* -V names MAC vendors in every Ethernet header: load the registry once, now. The
     * packet list needs it only for frames without IP addresses (sniff_run.c). */
    if (o->detail && o->fmt.resolve_vendors) {
        char why[256];
        s->oui_tried = true;
        if (oui_open(&s->oui, NULL, why, sizeof why) != 0)
            s->oui = NULL; /* plain addresses, as Wireshark without a manuf file */
        o->fmt.oui = s->oui;
    }
    s->live = o->rfile == NULL;
    s->printing = o->wfile == NULL || o->print || o->tui;
    if (s->live && (st = open_live(s, err, errlen)) != STATUS_OK)
        return st;
    /* Everything that needs privilege is open: drop it before reading a single byte. */
    if ((st = drop_and_open(s, err, errlen)) != STATUS_OK)
        return st;
    if (!s->live) {
        const char *name = strcmp(o->rfile, "-") == 0 ? "standard input" : o->rfile;
        int fd = s->rfd < 0 ? STDIN_FILENO : s->rfd;
        s->rfd = -1; /* cap_open_offline takes it over */
        /* --tui reads records again at random, by offset: a plain stream, even for pcapng */
        bool plain = o->tui || o->tui_dump != NULL;
        if ((st = cap_open_offline_as(&s->pc, fd, name, plain, &s->rd, err, errlen)) != STATUS_OK)
            return st;
    }
    if ((st = check_linktype(s, err, errlen)) != STATUS_OK)
        return st;
    if (o->wfile != NULL && (st = open_writer(s, err, errlen)) != STATUS_OK)
        return st;
    if ((st = setup_rewrite(s, err, errlen)) != STATUS_OK)
        return st;
    if ((st = setup_capture_filter(s, err, errlen)) != STATUS_OK)
        return st;
    setup_view(s);
    setup_drawing(s);
    if (s->live)
        live_notice(s);
    if (sniff_analysis_start(s, err, errlen) != 0)
        return STATUS_RUNTIME;
    if (o->tui) /* it sets the terminal up, then enters the sandbox itself */
        return STATUS_OK;
    if (s->printing && !o->quiet && o->legend && !o->json && !o->follow && !o->fields)
        fmt_legend(&s->out, &o->fmt);
    if (s->printing && !o->quiet && o->fields) {
        fmt_fields_start(&o->fields_fmt, &s->out);
    } else if (s->printing && !o->quiet && !o->detail && !o->json && !o->follow && !s->drawing) {
        fmt_summary_header_opts(&s->out, &o->fmt);
        if (s->live)
            out_flush(&s->out);
    }
    return sniff_enter_sandbox(s, err, errlen);
}

enum status sniff_run(struct sniff *s, char *err, size_t errlen)
{
    int rc = s->live ? sniff_run_live(s, err, errlen) : sniff_run_offline(s, err, errlen);
    return rc == 0 ? STATUS_OK : STATUS_RUNTIME;
}

enum status sniff_finish(struct sniff *s, char *err, size_t errlen)
{
    enum status st = STATUS_OK;
    if (s->printing)
        sniff_analysis_finish(s);
    if (s->drawing && s->analysing && !draw_finish(&s->draw, err, errlen))
        st = STATUS_RUNTIME;
    out_flush(&s->out);
    if (s->wf != NULL && !s->write_failed && !wfile_flush(s->wf)) {
        wfile_error(s->wf, err, errlen);
        s->matched = wfile_packets(s->wf);
        st = STATUS_RUNTIME;
    }
    /* (pictures say themselves when --follow's connection never came: draw.c) */
    if (st == STATUS_OK && s->printing && s->opt.follow && !s->follow.seen && !s->drawing) {
        unsigned n = s->an.t.next_stream;
        unsigned k = (unsigned)s->opt.follow_stream;
        if (n == 0)
            snprintf(err, errlen,
                     "--follow %u: this capture has no TCP connection (sniff --summary lists "
                     "them)",
                     k);
        else
            snprintf(err, errlen,
                     "--follow %u: there is no tcp.stream %u in this capture (it has %u TCP "
                     "connection%s, tcp.stream 0 to %u; sniff --summary lists them)",
                     k, k, n, n == 1 ? "" : "s", n - 1);
        st = STATUS_RUNTIME;
    }
    if (s->out.failed) {
        if (st == STATUS_OK)
            snprintf(err, errlen, "%s: %s",
                     s->opt.ofile != NULL && strcmp(s->opt.ofile, "-") != 0 ? s->opt.ofile
                                                                            : "standard output",
                     strerror(s->out.err));
        st = STATUS_RUNTIME;
    }
    return st;
}

void sniff_print_stats(struct sniff *s)
{
    if (!s->live || s->pc == NULL)
        return;
    struct pcap_stat ps;
    if (pcap_stats(s->pc, &ps) == 0)
        fprintf(stderr, "%llu packets captured, %u received by filter, %u dropped by kernel\n",
                (unsigned long long)s->matched, ps.ps_recv, ps.ps_drop);
    else
        fprintf(stderr, "%llu packets captured\n", (unsigned long long)s->matched);
}

void sniff_close(struct sniff *s)
{
    wfile_close(s->wf);
    if (s->have_prog)
        pcap_freecode(&s->prog);
    if (s->pc != NULL)
        pcap_close(s->pc);
    cap_reader_free(s->rd); /* the -r file's stream: after pcap_close closed it */
    if (s->rfd >= 0)
        close(s->rfd);
    if (s->wfd >= 0)
        close(s->wfd);
    if (s->ofd >= 0)
        close(s->ofd);
    if (s->out.fd != STDOUT_FILENO)
        close(s->out.fd);
    dfilter_free(s->df);
    anon_free(s->anon);
    free(s->rewrite);
    if (s->oui != NULL)
        oui_close(s->oui);
    sniff_analysis_free(s);
    free(s->opt.capture);
}
