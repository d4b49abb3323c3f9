/*
 * ck_report.c: the report for people (see ck_report.h). Long sentences are wrapped at
 * 100 columns under their label; colour (green PASS, red FAIL, yellow notes) only when
 * asked for or on a terminal without NO_COLOR (main decides).
 */
#include "ck_report.h"

#include <string.h>

#include "ck_hint.h"

#define WIDTH 100

#define C_PASS "\033[32m"
#define C_FAIL "\033[1;31m"
#define C_NOTE "\033[33m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[36m"
#define C_END "\033[0m"

const char *ck_status_name(enum ck_status s)
{
    static const char *const names[] = {"pass", "fail", "error", "skipped"};
    return (unsigned)s < 4 ? names[s] : "error";
}

static const char *col(bool color, const char *c)
{
    return color ? c : "";
}

/* text wrapped to WIDTH, the first line after a label of width indent, the others
 * indented by as much. */
static void wrapped(FILE *f, int indent, const char *text)
{
    int avail = WIDTH - indent;
    const char *p = text;
    bool first = true;
    while (*p) {
        size_t n = strlen(p);
        const char *nl = strchr(p, '\n');
        size_t take = nl && (size_t)(nl - p) <= (size_t)avail ? (size_t)(nl - p) : n;
        if (take > (size_t)avail) {
            take = (size_t)avail;
            while (take > 0 && p[take] != ' ')
                take--;
            if (take == 0)
                take = (size_t)avail;
        }
        fprintf(f, "%*s%.*s\n", first ? 0 : indent, "", (int)take, p);
        first = false;
        p += take;
        while (*p == ' ' || *p == '\n')
            p++;
    }
    if (first)
        fputc('\n', f);
}

void ck_report_setup(char *buf, size_t len, const struct ck_opts *o)
{
    const struct ck_limits *l = &o->lim;
    char mem[32];
    if (l->mem_mib)
        snprintf(mem, sizeof mem, "%llu MiB", (unsigned long long)l->mem_mib);
    else
        snprintf(mem, sizeof mem, "unlimited");
    if (o->mode == CK_MODE_CONNECT) {
        snprintf(buf, len, "the server already running at %s (not started by echocheck)",
                 o->connect);
        return;
    }
    char port[48];
    if (o->port_in_args && o->mode != CK_MODE_NETNS)
        snprintf(port, sizeof port, "%%PORT%% (a free one each time)");
    else
        snprintf(port, sizeof port, "%u", o->port);
    snprintf(buf, len,
             "started once per test%s%s, %s, on port %s; limits: %llu s of CPU, %s of "
             "memory, %llu processes, %llu open files, %llu MiB of output; %u s per test",
             o->drop ? " as " : "", o->drop ? o->user : "",
             o->mode == CK_MODE_NETNS ? "in a network namespace of its own (loopback only)"
                                      : "on this host's 127.0.0.1",
             port, (unsigned long long)l->cpu_s, mem, (unsigned long long)l->nproc,
             (unsigned long long)l->nofile, (unsigned long long)l->fsize_mib, o->timeout_ms / 1000);
}

void ck_report_totals(char *buf, size_t len, const struct ck_battery *b)
{
    int n[4] = {0};
    double score = 0, max = 0;
    for (size_t i = 0; i < ck_ntests; i++) {
        if (!b->o->selected[i])
            continue;
        n[b->res[i].status]++;
        score += b->res[i].score;
        max += b->res[i].weight;
    }
    size_t o = (size_t)snprintf(buf, len, "%d passed, %d failed", n[CK_PASS], n[CK_FAIL]);
    if (n[CK_ERROR] && o < len)
        o += (size_t)snprintf(buf + o, len - o, ", %d could not run", n[CK_ERROR]);
    if (n[CK_SKIPPED] && o < len)
        o += (size_t)snprintf(buf + o, len - o, ", %d not run (interrupted)", n[CK_SKIPPED]);
    if (o < len)
        snprintf(buf + o, len - o, " (%d test%s, %.1f s); score %g/%g", b->n, b->n == 1 ? "" : "s",
                 b->seconds, score, max);
}

static void test_line(FILE *f, const struct ck_battery *b, int i, bool color)
{
    const struct ck_result *r = &b->res[i];
    static const char *const label[] = {"PASS", "FAIL", "ERROR", "SKIP"};
    const char *c = r->status == CK_PASS ? C_PASS : r->status == CK_SKIPPED ? "" : C_FAIL;
    fprintf(f, "  %s%-5s%s %-22s %-52.52s %6.2f s", col(color, c), label[r->status],
            col(color, C_END), ck_tests[i].name, ck_tests[i].title, r->seconds);
    for (int k = 0; k < r->nnotes; k++)
        fprintf(f, "  %s(%s)%s", col(color, C_NOTE), ck_hint_short(r->notes[k].id),
                col(color, C_END));
    fputc('\n', f);
}

static void label(FILE *f, bool color, const char *name)
{
    fprintf(f, "  %s%-15s%s", col(color, C_BOLD), name, col(color, C_END));
}

static void server_lines(FILE *f, const struct ck_result *r, bool color)
{
    if (!r->fate.known)
        return;
    char s[128];
    if (r->fate.alive)
        snprintf(s, sizeof s, "still running");
    else if (r->fate.exited)
        snprintf(s, sizeof s, "exited with status %d", r->fate.status);
    else
        snprintf(s, sizeof s, "killed by %s", ck_signal_name(r->fate.sig));
    label(f, color, "server");
    fprintf(f, "%s\n", s);
    if (r->fate.stderr_tail[0] == '\0')
        return;
    label(f, color, "its output");
    fprintf(f, "(the end)\n");
    /* The last 12 lines of the tail. */
    const char *t = r->fate.stderr_tail, *p = t + strlen(t);
    int lines = 0;
    while (p > t && lines <= 12)
        if (*--p == '\n' && p[1] != '\0')
            lines++;
    if (*p == '\n')
        p++;
    while (*p) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(f, "    | %.*s\n", n > WIDTH ? WIDTH : n, p);
        p += n + (nl != NULL);
    }
}

static void evidence_lines(FILE *f, const struct ck_result *r, bool color)
{
    const struct ck_evidence *ev = &r->ev;
    if (ev->saved[0] == '\0') {
        label(f, color, "capture");
        wrapped(f, 17, ev->why_not[0] ? ev->why_not : "none (no capture was made)");
        return;
    }
    if (ev->nlines == 0) {
        label(f, color, "evidence");
        wrapped(f, 17,
                "none on the wire: sniff found no packet that shows this fault, which is in "
                "the server's process");
    } else {
        label(f, color, "evidence");
        fprintf(f, "sniff's lines for frame%s", ev->nframes == 1 ? "" : "s");
        for (int i = 0; i < ev->nframes; i++)
            fprintf(f, "%s%u", i ? ", " : " ", ev->frames[i]);
        fprintf(f, " of the capture:\n");
        for (int i = 0; i < ev->nlines; i++) {
            /* a packet line starts with its number, an annotation line with words */
            const char *t = ev->lines[i] + strspn(ev->lines[i], " ");
            bool ann = *t < '0' || *t > '9';
            fprintf(f, "    %s%s%s\n", col(color && ann, C_DIM), ev->lines[i],
                    col(color && ann, C_END));
        }
    }
    label(f, color, "capture");
    fprintf(f, "%s (open it with: sniff -r %s -A, or in Wireshark)\n", ev->saved, ev->saved);
}

void ck_report_details(FILE *f, const struct ck_battery *b, int ti, bool color)
{
    const struct ck_result *r = &b->res[ti];
    const struct ck_failure *x = &r->fail;
    if (r->status == CK_PASS || r->status == CK_SKIPPED) {
        if (r->summary[0]) {
            label(f, color, "checked");
            wrapped(f, 17, r->summary);
        }
    } else {
        label(f, color, "what happened");
        wrapped(f, 17, x->what);
    }
    if (r->status == CK_FAIL && x->end != NULL) {
        char b1[32], b2[32];
        label(f, color, "sent");
        fprintf(f, "%llu bytes, %s\n", (unsigned long long)x->sent, x->sent_preview);
        label(f, color, "received");
        fprintf(f, "%llu bytes, %s\n", (unsigned long long)x->got, x->got_preview);
        if (x->has_diff) {
            ck_byte_name(b1, sizeof b1, x->diff_sent);
            ck_byte_name(b2, sizeof b2, x->diff_got);
            label(f, color, "first diff");
            fprintf(f, "byte %llu: sent %s, received %s\n", (unsigned long long)x->diff_at, b1, b2);
        }
        label(f, color, "connection");
        fprintf(f, "%s\n", x->end);
    }
    if (r->status == CK_FAIL && x->cause_id != NULL) {
        label(f, color, "likely cause");
        wrapped(f, 17, x->cause);
    }
    for (int k = 0; k < r->nnotes; k++) {
        fprintf(f, "  %s%-15s%s", col(color, C_NOTE), "note", col(color, C_END));
        wrapped(f, 17, r->notes[k].text);
    }
    if (r->status == CK_FAIL || r->status == CK_ERROR) {
        server_lines(f, r, color);
        if (r->status == CK_FAIL)
            evidence_lines(f, r, color);
    }
}

void ck_report_text(FILE *f, const struct ck_battery *b, bool color)
{
    const struct ck_opts *o = b->o;
    char setup[1024], totals[256];
    fprintf(f, "%s" CK_PROG " %s%s: ", col(color, C_BOLD), ECHOSNIFF_VERSION, col(color, C_END));
    if (o->mode == CK_MODE_CONNECT)
        fprintf(f, "--connect %s", o->connect);
    for (int i = 0; i < o->argc; i++)
        fprintf(f, "%s%s", i ? " " : "", o->argv[i]);
    fputc('\n', f);
    ck_report_setup(setup, sizeof setup, o);
    label(f, color, "server");
    wrapped(f, 17, setup);
    label(f, color, "captures");
    if (o->sniff != NULL)
        fprintf(f, "by %s; a failing test's is kept as %s/FAIL-<test>.pcap\n", o->sniff,
                o->save_dir);
    else
        wrapped(f, 17, o->no_capture_why);
    fputc('\n', f);
    for (size_t i = 0; i < ck_ntests; i++)
        if (o->selected[i])
            test_line(f, b, (int)i, color);
    for (size_t i = 0; i < ck_ntests; i++) {
        const struct ck_result *r = &b->res[i];
        if (!o->selected[i] || (r->status != CK_FAIL && r->status != CK_ERROR && r->nnotes == 0))
            continue;
        const char *c = r->status == CK_PASS ? C_NOTE : C_FAIL;
        fprintf(f, "\n%s%s %s%s: %s\n", col(color, c),
                r->status == CK_PASS   ? "NOTE"
                : r->status == CK_FAIL ? "FAIL"
                                       : "ERROR",
                ck_tests[i].name, col(color, C_END), ck_tests[i].title);
        ck_report_details(f, b, (int)i, color);
    }
    ck_report_totals(totals, sizeof totals, b);
    fprintf(f, "\n%s%s%s\n", col(color, C_BOLD), totals, col(color, C_END));
}
