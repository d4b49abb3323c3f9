#include "page.h"

#include <stdio.h>

#include "draw.h"

bool page_new(struct page **pg, const struct draw_opts *o, struct out *out, char *err,
              size_t errlen)
{
    (void)o;
    (void)out;
    *pg = NULL;
    snprintf(err, errlen, "-T html is not built yet");
    return false;
}

void page_free(struct page *pg)
{
    (void)pg;
}

void page_packet(struct page *pg, const struct packet *p, const struct pkt_analysis *pa,
                 const struct ann_lines *notes)
{
    (void)pg;
    (void)p;
    (void)pa;
    (void)notes;
}

void page_conn_done(struct page *pg, const struct an_conn_summary *cs)
{
    (void)pg;
    (void)cs;
}

bool page_finish(struct page *pg, char *err, size_t errlen)
{
    (void)pg;
    (void)err;
    (void)errlen;
    return true;
}
