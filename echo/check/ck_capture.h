/*
 * ck_capture.h: the evidence, made by the sniff program as a subprocess (never its
 * libraries: its internals change, its command line and docs/json-schema.md do not).
 * Each test is captured by `sniff -i lo -w FILE --port N` started in the test's network
 * namespace; for a failing test, `sniff -r FILE -T json` names the decisive frames and
 * `sniff -r FILE -A -Y 'frame.number == ...'` prints them with their annotation lines.
 */
#ifndef ECHOSNIFF_CK_CAPTURE_H
#define ECHOSNIFF_CK_CAPTURE_H

#include "ck.h"

struct ck_capture {
    pid_t pid;
    int err_fd; /* sniff's standard error */
};

/* The sniff program: --sniff, else beside echocheck (installed, or in the build tree),
 * else in PATH. NULL if none. */
const char *ck_find_sniff(const char *given, char *buf, size_t buflen);
/* Starts a capture into path; false with the reason (sniff's own message) in why. */
bool ck_capture_start(const struct ck_opts *o, uint16_t port, const char *path,
                      struct ck_capture *c, char *why, size_t whylen);
/* SIGINT (sniff flushes its file and exits), then waits. */
void ck_capture_stop(struct ck_capture *c);
/* Fills ev->frames and ev->lines from the capture at path, for a failure of cause_id. */
void ck_evidence(const struct ck_opts *o, const char *path, uint16_t port, const char *cause_id,
                 struct ck_evidence *ev);
void ck_evidence_free(struct ck_evidence *ev);

#endif
