/*
 * page.h: -T html, one self-contained web page of the capture for class (page.c).
 */
#ifndef ECHOSNIFF_PAGE_H
#define ECHOSNIFF_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "annotate.h"
#include "out.h"
#include "packet.h"

struct page;
struct draw_opts;

bool page_new(struct page **pg, const struct draw_opts *o, struct out *out, char *err,
              size_t errlen);
void page_free(struct page *pg);
void page_packet(struct page *pg, const struct packet *p, const struct pkt_analysis *pa,
                 const struct ann_lines *notes);
void page_conn_done(struct page *pg, const struct an_conn_summary *cs);
bool page_finish(struct page *pg, char *err, size_t errlen);

#endif
