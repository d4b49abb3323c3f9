/*
 * ck_report.h: echocheck's reports. For people (ck_report.c): a line per test, then each
 * failure with what was sent, what came back, the first differing byte, the likely cause,
 * the server's fate and output, and sniff's lines for the decisive frames. For graders
 * (ck_output.c): `-T json` (docs/echocheck-json.md) and Gradescope's results.json, whose
 * per-test output is the same text as the terminal's details.
 */
#ifndef ECHOSNIFF_CK_REPORT_H
#define ECHOSNIFF_CK_REPORT_H

#include <stdio.h>

#include "ck_run.h"

/* The whole terminal report. */
void ck_report_text(FILE *f, const struct ck_battery *b, bool color);
/* One test's details (a failure's evidence, or a pass's summary and notes). */
void ck_report_details(FILE *f, const struct ck_battery *b, int ti, bool color);
/* How the server was run, one sentence (also in the JSON and Gradescope output). */
void ck_report_setup(char *buf, size_t len, const struct ck_opts *o);
/* "14 passed, 2 failed (16 tests, 4.2 s); score 14/16" */
void ck_report_totals(char *buf, size_t len, const struct ck_battery *b);
const char *ck_status_name(enum ck_status s);

void ck_report_json(FILE *f, const struct ck_battery *b);
bool ck_report_gradescope(const char *path, const struct ck_battery *b, char *err, size_t errlen);

#endif
