/*
 * sbuf.h: a growable text buffer, for what is made whole before it is written: SVG text,
 * a terminal ladder's lines, the page's blocks before they are compressed. An allocation
 * that fails sets oom and makes every later append a no-op; the owner checks oom once.
 */
#ifndef ECHOSNIFF_SBUF_H
#define ECHOSNIFF_SBUF_H

#include <stdbool.h>
#include <stddef.h>

struct sbuf {
    char *s; /* NUL-terminated once anything was put */
    size_t len, cap;
    bool oom;
};

void sbuf_put(struct sbuf *b, const char *s, size_t n);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_free(struct sbuf *b);

#endif
