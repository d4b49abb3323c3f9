/*
 * ck_run.h: running the battery (ck_run.c). Tests run on worker threads, each test with
 * its own server, capture and (as root) network namespace; SIGINT, SIGTERM and SIGHUP
 * stop the run cleanly: every server and capture is stopped and the private directory
 * removed before echocheck exits.
 */
#ifndef ECHOSNIFF_CK_RUN_H
#define ECHOSNIFF_CK_RUN_H

#include <limits.h>

#include "ck.h"

struct ck_battery {
    const struct ck_opts *o;
    struct ck_result res[CK_MAX_TESTS];
    char tmp[PATH_MAX]; /* private directory: captures and server logs while running */
    atomic_bool stop;
    atomic_int next, done;
    int order[CK_MAX_TESTS]; /* the selected tests, heaviest first */
    int n;
    unsigned workers;
    double seconds;
    int signal; /* the signal that stopped the run, or 0 */
};

/* Whether the server starts and listens (as each test will start it): false with the
 * reason, its output's tail included, when it cannot be started. */
bool ck_probe_server(struct ck_battery *b, char *err, size_t errlen);
/* Whether sniff can capture here (root in a namespace always tries per test). */
bool ck_probe_capture(struct ck_battery *b, char *why, size_t whylen);
/* Runs the selected tests; results in b->res. */
void ck_battery_run(struct ck_battery *b);
/* Makes and removes the private directory. */
bool ck_battery_init(struct ck_battery *b, const struct ck_opts *o, char *err, size_t errlen);
void ck_battery_free(struct ck_battery *b);
/* Tests whether this host lets a thread make a network namespace (root). */
bool ck_netns_usable(char *why, size_t whylen);

#endif
