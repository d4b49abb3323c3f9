/*
 * setup.c: the program as a library, from the parsed options to the last line: open the
 * capture, set the filters, the -w file and the frame copy up, run the loop, and finish
 * (the summaries, the -w file's last bytes, the capture statistics), then close.
 * sniff_open takes its other steps from setup_priv.c (giving up root, opening the files
 * as the user who ran sniff, the sandbox) and setup_analysis.c (the views, the pictures
 * and the analysis).
 *
 * Each step returns an enum status (shared/status.h) and writes its sentence into err;
 * main prints it and exits with the status. What these functions print themselves is
 * only what a user must see while it happens: libpcap's warnings, the promiscuous-mode
 * warning, the privilege drop and the live capture's start-up line, on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anon.h"
#include "app_int.h"
#include "cap.h"
#include "decode.h"
#include "dfilter.h"
#include "hostfilter.h"
#include "oui.h"
#include "sniff.h"
#include "wfile.h"

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

/* A link type sniff does not decode: a file's frames are still shown, as data (as
 * Wireshark shows what it has no dissector for), with a note; a live capture is refused,
 * as its host-only condition could not be built, and so is --anonymize, which could not
 * find the addresses to rewrite. */
static enum status check_linktype(struct sniff *s, char *err, size_t errlen)
{
    s->linktype = pcap_datalink(s->pc);
    if (decode_linktype_supported(s->linktype))
        return STATUS_OK;
    char lt[128], full[160];
    cap_linktype_text(s->linktype, lt, sizeof lt);
    const char *where = s->live ? s->opt.iface : s->opt.rfile;
    /* lt is "DLT n" when libpcap has no name for it: print the number once. */
    if (pcap_datalink_val_to_name(s->linktype) != NULL)
        snprintf(full, sizeof full, "%s (DLT %d)", lt, s->linktype);
    else
        snprintf(full, sizeof full, "%s", lt);
    if (s->live) {
        snprintf(err, errlen, "%s: unsupported link-type %s", where, full);
        return STATUS_RUNTIME;
    }
    if (s->anon != NULL) {
        snprintf(err, errlen,
                 "%s: link-type %s is not one sniff decodes, so --anonymize cannot find the "
                 "addresses in its frames; convert the capture (editcap -T) or leave out "
                 "--anonymize",
                 where, full);
        return STATUS_USAGE;
    }
    return STATUS_OK;
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
    if (user != NULL && (st = cap_compile(s->pc, user, &s->prog, err, errlen)) != STATUS_OK) {
        if (!decode_linktype_supported(s->linktype)) {
            char lt[128];
            cap_linktype_text(s->linktype, lt, sizeof lt);
            snprintf(err, errlen,
                     "%s: link-type %s is not one sniff decodes, and libpcap cannot apply the "
                     "capture filter '%s' to it; give --all to see its frames as data",
                     s->opt.rfile != NULL ? s->opt.rfile : s->opt.iface, lt, user);
        }
        return st;
    }
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

void sniff_init(struct sniff *s)
{
    out_init(&s->out, STDOUT_FILENO);
    s->rfd = -1;
    s->wfd = -1;
    s->ofd = -1;
}

/* -Y, compiled; with tshark's hint when it was written as a capture filter. */
static enum status compile_display_filter(struct sniff *s, char *err, size_t errlen)
{
    const struct sniff_opts *o = &s->opt;
    if (o->display == NULL)
        return STATUS_OK;
    char why[DFILTER_MAX_LEN + 512];
    if (dfilter_compile(o->display, &s->df, why, sizeof why) == 0)
        return STATUS_OK;
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

/* -V names MAC vendors in every Ethernet header: load the registry once, now. The
 * packet list needs it only for frames without IP addresses (sniff_frame.c). */
static void load_vendors(struct sniff *s)
{
    struct sniff_opts *o = &s->opt;
    if (!o->detail || !o->fmt.resolve_vendors)
        return;
    char why[256];
    s->oui_tried = true;
    if (oui_open(&s->oui, NULL, why, sizeof why) != 0)
        s->oui = NULL; /* plain addresses, as Wireshark without a manuf file */
    o->fmt.oui = s->oui;
}

enum status sniff_open(struct sniff *s, char *err, size_t errlen)
{
    struct sniff_opts *o = &s->opt;
    enum status st;
    /* The display filter first: a typo fails fast, before anything is opened. */
    if ((st = compile_display_filter(s, err, errlen)) != STATUS_OK)
        return st;
    if ((st = sniff_hash_key(s, err, errlen)) != STATUS_OK)
        return st;
    load_vendors(s);
    s->live = o->rfile == NULL;
    s->printing = o->wfile == NULL || o->print || o->tui;
    if (s->live && (st = open_live(s, err, errlen)) != STATUS_OK)
        return st;
    /* Everything that needs privilege is open: drop it before reading a single byte. */
    if ((st = sniff_drop_and_open(s, err, errlen)) != STATUS_OK)
        return st;
    if (!s->live) {
        const char *name = strcmp(o->rfile, "-") == 0 ? "standard input" : o->rfile;
        int fd = s->rfd < 0 ? STDIN_FILENO : s->rfd;
        s->rfd = -1; /* cap_open_offline takes it over */
        /* --tui reads records again at random, by offset: a plain stream, even for pcapng */
        bool plain = o->tui || o->tui_dump != NULL;
        if ((st = cap_open_offline_as(&s->pc, fd, name, plain, &s->rd, err, errlen)) != STATUS_OK)
            return st;
        s->nano = pcap_get_tstamp_precision(s->pc) == PCAP_TSTAMP_PRECISION_NANO;
    }
    if ((st = check_linktype(s, err, errlen)) != STATUS_OK)
        return st;
    if (o->wfile != NULL && (st = open_writer(s, err, errlen)) != STATUS_OK)
        return st;
    if ((st = setup_rewrite(s, err, errlen)) != STATUS_OK)
        return st;
    if ((st = setup_capture_filter(s, err, errlen)) != STATUS_OK)
        return st;
    if (!decode_linktype_supported(s->linktype)) {
        char lt[128];
        cap_linktype_text(s->linktype, lt, sizeof lt);
        fprintf(stderr,
                "sniff: %s: link-type %s is not one sniff decodes: its frames are shown as data\n",
                o->rfile, lt);
    }
    sniff_setup_view(s);
    sniff_setup_drawing(s);
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
    if (s->dump_skipped > 0) {
        char lt[128];
        cap_linktype_text(s->linktype, lt, sizeof lt);
        fprintf(stderr,
                "sniff: %llu frame(s) of interfaces whose link type is not %s were not written to "
                "%s: the file sniff writes has one interface, of one link type (split the "
                "capture by interface to keep them)\n",
                (unsigned long long)s->dump_skipped, lt, s->opt.wfile);
    }
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
    for (int i = 0; i < s->n_lt_prog; i++)
        if (s->lt_prog[i].ok)
            pcap_freecode(&s->lt_prog[i].prog);
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
