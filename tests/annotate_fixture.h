/*
 * annotate_fixture.h: the analysis and the annotations run together, as sniff -A runs
 * them, on the hand-made segments of analysis_fixture.h (for test_annotate.c and
 * test_fmt_json.c): echo checks on port 15213, and port names that do not depend on
 * the machine's /etc/services.
 */
#ifndef ECHOSNIFF_ANNOTATE_FIXTURE_H
#define ECHOSNIFF_ANNOTATE_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "analysis_fixture.h"
#include "annotate.h"

struct fx_session {
    struct analysis an;
    struct annotate ann;
    struct fx_conn c; /* the connection fx_session_seg sends on (fx_init) */
    struct packet p;
    struct pkt_analysis r; /* the last segment's analysis */
    struct ann_lines L;    /* and its annotation lines */
};

/* At most max_conns connections at once; false (err says why) if the table cannot be made. */
static inline bool fx_session_init(struct fx_session *s, uint32_t max_conns, char *err,
                                   size_t errlen)
{
    struct an_opts o = {.echo_port = 15213, .verify_echo = true, .max_conns = max_conns};
    if (!analysis_init(&s->an, &o, err, errlen))
        return false;
    annotate_init(&s->ann, false, 15213);
    s->ann.no_services = true;
    return true;
}

/* The next segment of s->c (fx_seg) through the analysis, then the annotations; false
 * where the analysis does not take it. */
static inline bool fx_session_seg(struct fx_session *s, int dir, int64_t t_us, uint16_t flags,
                                  const char *data, uint32_t len, uint16_t win)
{
    fx_seg(&s->p, &s->c, dir, t_us, flags, data, len, win);
    if (!analysis_packet(&s->an, &s->p, &s->r))
        return false;
    annotate_lines(&s->ann, &s->p, &s->r, &s->L);
    return true;
}

#endif
