/*
 * ck_output.c: the reports for graders (see ck_report.h). `-T json` is one JSON object
 * whose schema docs/echocheck-json.md documents (and keeps: version 1); --gradescope
 * writes Gradescope's autograder results format (a "tests" array of name, score,
 * max_score, status and output, with execution_time and output for the whole run).
 */
#include "ck_report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_json.h"

static const char *mode_name(enum ck_mode m)
{
    return m == CK_MODE_NETNS ? "netns" : m == CK_MODE_LOOPBACK ? "loopback" : "connect";
}

static void json_server(struct ck_jw *w, const struct ck_opts *o)
{
    char setup[1024];
    ck_report_setup(setup, sizeof setup, o);
    ck_jw_obj(w, "server");
    if (o->argv != NULL) {
        ck_jw_arr(w, "command");
        for (int i = 0; i < o->argc; i++)
            ck_jw_str(w, NULL, o->argv[i]);
        ck_jw_end_arr(w);
    } else {
        ck_jw_null(w, "command");
    }
    if (o->connect)
        ck_jw_str(w, "connect", o->connect);
    else
        ck_jw_null(w, "connect");
    ck_jw_str(w, "mode", mode_name(o->mode));
    if (o->mode == CK_MODE_LOOPBACK && o->port_in_args)
        ck_jw_null(w, "port");
    else
        ck_jw_int(w, "port", o->port);
    if (o->drop)
        ck_jw_str(w, "user", o->user);
    else
        ck_jw_null(w, "user");
    ck_jw_obj(w, "limits");
    ck_jw_int(w, "cpu_s", (long long)o->lim.cpu_s);
    ck_jw_int(w, "memory_mib", (long long)o->lim.mem_mib);
    ck_jw_int(w, "processes", (long long)o->lim.nproc);
    ck_jw_int(w, "open_files", (long long)o->lim.nofile);
    ck_jw_int(w, "output_mib", (long long)o->lim.fsize_mib);
    ck_jw_end_obj(w);
    ck_jw_num(w, "timeout_s", o->timeout_ms / 1000.0);
    ck_jw_num(w, "wait_s", o->wait_ms / 1000.0);
    ck_jw_str(w, "setup", setup);
    ck_jw_end_obj(w);
}

static void json_failure(struct ck_jw *w, const struct ck_result *r)
{
    const struct ck_failure *x = &r->fail;
    if (r->status != CK_FAIL && r->status != CK_ERROR) {
        ck_jw_null(w, "failure");
        return;
    }
    ck_jw_obj(w, "failure");
    ck_jw_str(w, "what", x->what);
    if (x->end != NULL) {
        ck_jw_int(w, "sent_bytes", (long long)x->sent);
        ck_jw_int(w, "received_bytes", (long long)x->got);
        ck_jw_str(w, "sent_preview", x->sent_preview);
        ck_jw_str(w, "received_preview", x->got_preview);
        if (x->has_diff) {
            ck_jw_obj(w, "first_difference");
            ck_jw_int(w, "offset", (long long)x->diff_at);
            if (x->diff_sent >= 0)
                ck_jw_int(w, "sent", x->diff_sent);
            else
                ck_jw_null(w, "sent");
            if (x->diff_got >= 0)
                ck_jw_int(w, "received", x->diff_got);
            else
                ck_jw_null(w, "received");
            ck_jw_end_obj(w);
        } else {
            ck_jw_null(w, "first_difference");
        }
        ck_jw_str(w, "connection_end", x->end);
    }
    if (x->cause_id != NULL) {
        ck_jw_obj(w, "cause");
        ck_jw_str(w, "id", x->cause_id);
        ck_jw_str(w, "text", x->cause);
        ck_jw_end_obj(w);
    } else {
        ck_jw_null(w, "cause");
    }
    ck_jw_end_obj(w);
}

static void json_fate(struct ck_jw *w, const struct ck_fate *f)
{
    if (!f->known) {
        ck_jw_null(w, "server");
        return;
    }
    ck_jw_obj(w, "server");
    ck_jw_bool(w, "alive", f->alive);
    if (!f->alive && f->exited)
        ck_jw_int(w, "exit_status", f->status);
    else
        ck_jw_null(w, "exit_status");
    if (!f->alive && !f->exited) {
        ck_jw_int(w, "signal", f->sig);
        ck_jw_str(w, "signal_name", ck_signal_name(f->sig));
    } else {
        ck_jw_null(w, "signal");
        ck_jw_null(w, "signal_name");
    }
    ck_jw_str(w, "output_tail", f->stderr_tail);
    ck_jw_end_obj(w);
}

static void json_evidence(struct ck_jw *w, const struct ck_evidence *ev)
{
    ck_jw_obj(w, "evidence");
    ck_jw_bool(w, "captured", ev->captured);
    if (ev->saved[0])
        ck_jw_str(w, "capture_file", ev->saved);
    else
        ck_jw_null(w, "capture_file");
    if (ev->why_not[0])
        ck_jw_str(w, "why_not", ev->why_not);
    else
        ck_jw_null(w, "why_not");
    ck_jw_arr(w, "frames");
    for (int i = 0; i < ev->nframes; i++)
        ck_jw_int(w, NULL, ev->frames[i]);
    ck_jw_end_arr(w);
    ck_jw_arr(w, "lines");
    for (int i = 0; i < ev->nlines; i++)
        ck_jw_str(w, NULL, ev->lines[i]);
    ck_jw_end_arr(w);
    ck_jw_end_obj(w);
}

static void json_test(struct ck_jw *w, const struct ck_battery *b, int i)
{
    const struct ck_result *r = &b->res[i];
    ck_jw_obj(w, NULL);
    ck_jw_str(w, "name", ck_tests[i].name);
    ck_jw_str(w, "title", ck_tests[i].title);
    ck_jw_str(w, "status", ck_status_name(r->status));
    ck_jw_num(w, "seconds", r->seconds);
    ck_jw_num(w, "weight", r->weight);
    ck_jw_num(w, "score", r->score);
    ck_jw_str(w, "summary", r->summary);
    ck_jw_arr(w, "notes");
    for (int k = 0; k < r->nnotes; k++) {
        ck_jw_obj(w, NULL);
        ck_jw_str(w, "id", r->notes[k].id);
        ck_jw_str(w, "text", r->notes[k].text);
        ck_jw_end_obj(w);
    }
    ck_jw_end_arr(w);
    json_failure(w, r);
    json_fate(w, &r->fate);
    json_evidence(w, &r->ev);
    ck_jw_end_obj(w);
}

void ck_report_json(FILE *f, const struct ck_battery *b)
{
    const struct ck_opts *o = b->o;
    struct ck_jw w;
    ck_jw_init(&w, f);
    int n[4] = {0};
    double score = 0, max = 0;
    for (size_t i = 0; i < ck_ntests; i++)
        if (o->selected[i]) {
            n[b->res[i].status]++;
            score += b->res[i].score;
            max += b->res[i].weight;
        }
    ck_jw_obj(&w, NULL);
    ck_jw_str(&w, "echocheck", ECHOSNIFF_VERSION);
    ck_jw_int(&w, "schema", 1);
    json_server(&w, o);
    ck_jw_obj(&w, "capture");
    if (o->sniff)
        ck_jw_str(&w, "sniff", o->sniff);
    else
        ck_jw_null(&w, "sniff");
    if (o->sniff == NULL)
        ck_jw_str(&w, "why_not", o->no_capture_why);
    else
        ck_jw_null(&w, "why_not");
    ck_jw_str(&w, "save_dir", o->save_dir);
    ck_jw_end_obj(&w);
    ck_jw_obj(&w, "summary");
    ck_jw_int(&w, "tests", b->n);
    ck_jw_int(&w, "passed", n[CK_PASS]);
    ck_jw_int(&w, "failed", n[CK_FAIL]);
    ck_jw_int(&w, "errors", n[CK_ERROR]);
    ck_jw_int(&w, "skipped", n[CK_SKIPPED]);
    ck_jw_num(&w, "score", score);
    ck_jw_num(&w, "max_score", max);
    ck_jw_num(&w, "seconds", b->seconds);
    ck_jw_end_obj(&w);
    ck_jw_arr(&w, "tests");
    for (size_t i = 0; i < ck_ntests; i++)
        if (o->selected[i])
            json_test(&w, b, (int)i);
    ck_jw_end_arr(&w);
    ck_jw_end_obj(&w);
    fputc('\n', f);
}

/* One test's text for Gradescope: the terminal's details, without colour. */
static char *details_text(const struct ck_battery *b, int i)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (m == NULL)
        return NULL;
    ck_report_details(m, b, i, false);
    if (fclose(m) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

bool ck_report_gradescope(const char *path, const struct ck_battery *b, char *err, size_t errlen)
{
    FILE *f = fopen(path, "we");
    if (f == NULL) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    struct ck_jw w;
    ck_jw_init(&w, f);
    char setup[1024], totals[256], head[1600];
    ck_report_setup(setup, sizeof setup, b->o);
    ck_report_totals(totals, sizeof totals, b);
    snprintf(head, sizeof head, CK_PROG " %s: %s\nServer: %s\n", ECHOSNIFF_VERSION, totals, setup);
    ck_jw_obj(&w, NULL);
    ck_jw_int(&w, "execution_time", (long long)ceil(b->seconds));
    ck_jw_str(&w, "output", head);
    ck_jw_arr(&w, "tests");
    for (size_t i = 0; i < ck_ntests; i++) {
        if (!b->o->selected[i])
            continue;
        const struct ck_result *r = &b->res[i];
        char name[160];
        snprintf(name, sizeof name, "%s: %s", ck_tests[i].name, ck_tests[i].title);
        char *text = details_text(b, (int)i);
        ck_jw_obj(&w, NULL);
        ck_jw_str(&w, "name", name);
        ck_jw_num(&w, "score", r->score);
        ck_jw_num(&w, "max_score", r->weight);
        ck_jw_str(&w, "status", r->status == CK_PASS ? "passed" : "failed");
        ck_jw_str(&w, "output", text ? text : "");
        ck_jw_end_obj(&w);
        free(text);
    }
    ck_jw_end_arr(&w);
    ck_jw_end_obj(&w);
    fputc('\n', f);
    if (ferror(f) | (fclose(f) != 0)) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}
