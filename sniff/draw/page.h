/*
 * page.h: -T html, one self-contained web page of a capture for class: a file that opens
 * from file:// with no network (inline CSS and JavaScript, a Content-Security-Policy that
 * forbids fetching anything), for a student to e-mail or an instructor to put online.
 *
 * The page is data and a small renderer (STYLE.md, "Pictures and pages"):
 *   - per packet, the fields -T json writes (fmt_json.c), the packet list's columns
 *     (fmt_summary.c), Wireshark's colouring class, the -V tree's lines with the bytes
 *     each one shows (detail/: out_mark), and the frame's bytes;
 *   - per connection, the -T json connection object (--summary's figures), its ladder
 *     and its Stevens graph as SVG (ladder_fig.c, graph_fig.c);
 *   - the packets with a problem and where each connection starts, for the keys.
 * Packets are written as they come, in blocks of at most PAGE_BLOCK packets, each block
 * compressed with zlib and encoded in Base64 inside a <script> element the browser does
 * not run; the renderer (page.js) inflates a block with the browser's DecompressionStream
 * when it comes on screen. So a large capture costs the writer flat memory and the
 * browser only what it shows.
 *
 * Everything on the page comes from the frames --redact and --anonymize rewrote.
 */
#ifndef ECHOSNIFF_PAGE_H
#define ECHOSNIFF_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "annotate.h"
#include "fmt_summary.h"
#include "out.h"
#include "packet.h"

#define PAGE_BLOCK 256             /* packets per block */
#define PAGE_BLOCK_BYTES (1 << 20) /* or this much text, whichever comes first */
#define PAGE_MAX_FIGURES 1000      /* connections that get a ladder and a graph */
#define PAGE_LADDER_ROWS 1000      /* arrows in a page's ladder */
#define PAGE_GRAPH_POINTS 4096     /* points per direction in its Stevens graph */

struct page;
struct draw_opts;
struct oui_db;

bool page_new(struct page **pg, const struct draw_opts *o, struct out *out, char *err,
              size_t errlen);
void page_free(struct page *pg);

/* One frame that passed the display filter: pa NULL when it is not an analysed TCP
 * segment; t the packet list's time state, oui the vendor names (may be NULL). */
void page_packet(struct page *pg, const struct packet *p, const struct pkt_analysis *pa,
                 const struct ann_lines *notes, struct fmt_time *t, const struct oui_db *oui);

/* A connection was summarised: its object, its ladder and its graph go on the page. */
void page_conn_done(struct page *pg, const struct an_conn_summary *cs);

/* The rest of the page; false with err when memory ran short on the way. */
bool page_finish(struct page *pg, char *err, size_t errlen);

/* The renderer and its style (page_assets.c, made at build time from page/). */
extern const char page_js[], page_css[];
extern const size_t page_js_len, page_css_len;

#endif
