/*
 * sbuf.c: a growable text buffer (sbuf.h).
 */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and the NUL after them; false (oom set) when memory is short. */
static bool reserve(struct sbuf *b, size_t n)
{
    if (b->oom)
        return false;
    if (b->cap - b->len >= n + 1)
        return true;
    size_t cap = b->cap != 0 ? b->cap : 4096;
    while (cap - b->len < n + 1)
        cap *= 2;
    char *p = realloc(b->s, cap);
    if (p == NULL) {
        b->oom = true;
        return false;
    }
    b->s = p;
    b->cap = cap;
    return true;
}

void sbuf_put(struct sbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* Formats straight into the buffer's free room; text longer than the room is formatted
 * again once the buffer has grown to hold it. */
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    size_t room = b->cap - b->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(room != 0 ? b->s + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= room && reserve(b, (size_t)n)) {
        va_start(ap, fmt);
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
        room = (size_t)n + 1;
    }
    if (n < 0 || (size_t)n >= room) { /* an encoding error, or no memory for the text */
        if (b->s != NULL)
            b->s[b->len] = '\0';
        return;
    }
    b->len += (size_t)n;
}

void sbuf_free(struct sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}
