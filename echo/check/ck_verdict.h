/*
 * ck_verdict.h: from what the tests saw to a verdict: the one place that decides the likely
 * cause. What was sent against what came back (the first differing byte), how the
 * connection ended, whether the server process is still alive, what /proc counts after
 * many connections; the cause's sentence is then ck_hint.c's.
 */
#ifndef ECHOSNIFF_CK_VERDICT_H
#define ECHOSNIFF_CK_VERDICT_H

#include "ck.h"
#include "ck_conn.h"
#include "ck_hint.h"

/* Marks the test failed and says what happened (the first failure wins). */
void ck_fail(struct ck_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copies connection c's record (sizes, previews around the first difference, end) into
 * the failure. */
void ck_record(struct ck_failure *f, const struct ck_conn *c);
/* Judges c's echo (call after ck_conn_finish): true if it is right. A late echo of an
 * unterminated last line passes with the line_buffered note. On failure the test is
 * failed with the likely cause, the server's death first if it died. */
bool ck_judge_echo(struct ck_run *r, const struct ck_conn *c);
/* If the server died (waiting up to wait_ms for it to exit): fails the test with that as
 * the cause and returns true. sent: bytes this test sent, for the crash sentence. */
bool ck_judge_death(struct ck_run *r, unsigned wait_ms, uint64_t sent);
/* The half-close test's failure: the echo is complete but no FIN follows the client's. */
void ck_judge_no_fin(struct ck_run *r, const struct ck_conn *c);
/* Connects c; on failure fails the test (the server's death first, if it died). */
bool ck_open_or_fail(struct ck_run *r, struct ck_conn *c);
/* The health test's verdict from the server's /proc counts before and after n
 * connections (ck_server.h's struct ck_proc_stats). */
struct ck_proc_stats;
void ck_judge_health(struct ck_run *r, const struct ck_proc_stats *before,
                     const struct ck_proc_stats *after, long n);
/* The first index where a and b differ (the shorter length if one is a prefix). */
size_t ck_first_diff(const struct ck_buf *a, const struct ck_buf *b);

#endif
