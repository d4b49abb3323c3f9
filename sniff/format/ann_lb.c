/*
 * ann_lb.c: the annotation's line writer (struct lb, ann_int.h): printf-style appends
 * that stop at the end of the line, and the quoted bytes, single bytes and durations
 * the sentences are made of.
 *
 * -A writes about 700 bytes of sentences a packet in a few dozen appends. Through
 * vsnprintf each append set up a string stream and parsed its format inside libc: two
 * thirds of -A's time. lb_printf formats the conversions the sentences use (%s, %c,
 * %d, %u, %x, with the flags '-' and '0', a width and l, ll, z) itself, as
 * C's printf does, straight into the line; any other conversion goes to vsnprintf, so
 * the bytes are printf's whatever the format.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ann_int.h"
#include "out.h"

/* Appends n bytes, as far as the line holds them (one byte is kept for the NUL). */
static void lb_mem(struct lb *b, const char *p, size_t n)
{
    size_t room = b->cap - 1 - b->len;
    if (n > room)
        n = room;
    char *d = b->s + b->len;
    b->len += n;
    if (n > 2) {
        memcpy(d, p, n);
        return;
    }
    while (n-- > 0) /* a separator or a digit: cheaper than the call */
        *d++ = *p++;
}

/* One byte, as far as the line holds it. */
static void lb_char(struct lb *b, char c)
{
    if (b->len + 1 < b->cap)
        b->s[b->len++] = c;
}

/* c, n times. */
static void lb_fill(struct lb *b, char c, size_t n)
{
    size_t room = b->cap - 1 - b->len;
    if (n > room)
        n = room;
    memset(b->s + b->len, c, n);
    b->len += n;
}

/* One conversion's flags, width and length modifier. */
struct conv {
    bool left, zero;
    size_t width;
    int lmod; /* 0 int, 1 long, 2 long long, 3 size_t */
};

/* Text padded to the width: spaces on the left, or on the right with '-'; zeros
 * between the sign and the digits with '0' (numbers only). */
static void pad_out(struct lb *b, const struct conv *c, const char *sign, const char *p, size_t n,
                    bool number)
{
    size_t ns = strlen(sign), used = ns + n;
    size_t pad = c->width > used ? c->width - used : 0;
    if (pad == 0) { /* the usual case */
        lb_mem(b, sign, ns);
        lb_mem(b, p, n);
        return;
    }
    if (!c->left && !(c->zero && number))
        lb_fill(b, ' ', pad);
    lb_mem(b, sign, ns);
    if (!c->left && c->zero && number)
        lb_fill(b, '0', pad);
    lb_mem(b, p, n);
    if (c->left)
        lb_fill(b, ' ', pad);
}

/* The digits of v, ending at e: where they start. */
static char *digits(char *e, uintmax_t v, unsigned base)
{
    if (base == 16) {
        do {
            *--e = out_hexdigits[v & 15];
            v >>= 4;
        } while (v != 0);
        return e;
    }
    unsigned n = out_u64_len(v);
    out_u64_put(e - n, v, n);
    return e - n;
}

static void number(struct lb *b, const struct conv *c, uintmax_t v, bool neg, unsigned base)
{
    char d[24], *e = d + sizeof d, *p = digits(e, v, base);
    pad_out(b, c, neg ? "-" : "", p, (size_t)(e - p), true);
}

/* An unsigned number without flags or width: %u, %lu, %llu, %zu. */
static void plain_number(struct lb *b, uintmax_t v)
{
    char d[24], *e = d + sizeof d, *p = digits(e, v, 10);
    lb_mem(b, p, (size_t)(e - p));
}

static uintmax_t unsigned_arg(va_list *ap, int lmod)
{
    switch (lmod) {
    case 1:
        return va_arg(*ap, unsigned long);
    case 2:
        return va_arg(*ap, unsigned long long);
    case 3:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

static intmax_t signed_arg(va_list *ap, int lmod)
{
    switch (lmod) {
    case 1:
        return va_arg(*ap, long);
    case 2:
        return va_arg(*ap, long long);
    case 3:
        return (intmax_t)va_arg(*ap, size_t);
    default:
        return va_arg(*ap, int);
    }
}

/* The flags, width and length modifier at *f (after '%'); false for what this writer
 * leaves to vsnprintf ('+', ' ', '#', a precision, hh, h, j and t). */
static bool parse_conv(const char **f, struct conv *c, va_list *ap)
{
    const char *p = *f;
    *c = (struct conv){0};
    for (;; p++) {
        if (*p == '-')
            c->left = true;
        else if (*p == '0')
            c->zero = true;
        else
            break;
    }
    if (*p == '*') {
        int w = va_arg(*ap, int);
        c->left |= w < 0; /* printf's "-" */
        c->width = (size_t)(w < 0 ? -(long long)w : (long long)w);
        p++;
    } else {
        while (*p >= '0' && *p <= '9')
            c->width = c->width * 10 + (size_t)(*p++ - '0');
    }
    if (*p == 'l') {
        c->lmod = p[1] == 'l' ? 2 : 1;
        p += c->lmod;
    } else if (*p == 'z') {
        c->lmod = 3;
        p++;
    }
    *f = p;
    return c->width < 4096;
}

/* The sentences' most frequent conversions, bare (%s, %u, %llu): done at once, with
 * *f moved past them; false for anything else. */
static bool bare_conv(struct lb *b, const char **f, va_list *ap)
{
    const char *p = *f;
    if (p[0] == 's') {
        const char *s = va_arg(*ap, const char *);
        if (s == NULL) /* printf's "(null)": left to it, as the conversion is consumed */
            return false;
        lb_mem(b, s, strlen(s));
        *f = p + 1;
        return true;
    }
    if (p[0] == 'u') {
        plain_number(b, va_arg(*ap, unsigned));
        *f = p + 1;
        return true;
    }
    if (p[0] == 'l' && p[1] == 'l' && p[2] == 'u') {
        plain_number(b, va_arg(*ap, unsigned long long));
        *f = p + 3;
        return true;
    }
    return false;
}

/* fmt into the line; false (the line as it was) at a conversion left to vsnprintf. */
static bool lb_format(struct lb *b, const char *f, va_list *ap)
{
    for (;;) {
        const char *pct = strchrnul(f, '%');
        lb_mem(b, f, (size_t)(pct - f));
        if (*pct == '\0')
            return true;
        f = pct + 1;
        if (*f == 's' || *f == 'u' || *f == 'l') {
            if (bare_conv(b, &f, ap))
                continue;
            if (*f == 's')
                return false; /* a NULL string */
        }
        struct conv c;
        if (!parse_conv(&f, &c, ap))
            return false;
        switch (*f++) {
        case '%':
            lb_mem(b, "%", 1);
            break;
        case 's': {
            const char *s = va_arg(*ap, const char *);
            if (s == NULL || c.zero)
                return false;
            pad_out(b, &c, "", s, strlen(s), false);
            break;
        }
        case 'c': {
            if (c.zero)
                return false;
            char ch = (char)va_arg(*ap, int);
            pad_out(b, &c, "", &ch, 1, false);
            break;
        }
        case 'd':
        case 'i': {
            intmax_t v = signed_arg(ap, c.lmod);
            number(b, &c, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0, 10);
            break;
        }
        case 'u':
            number(b, &c, unsigned_arg(ap, c.lmod), false, 10);
            break;
        case 'x':
            number(b, &c, unsigned_arg(ap, c.lmod), false, 16);
            break;
        default:
            return false;
        }
    }
}

void lb_vprintf(struct lb *b, const char *fmt, va_list ap)
{
    if (b->len + 1 >= b->cap)
        return;
    size_t start = b->len;
    va_list mine, again;
    va_copy(mine, ap);
    va_copy(again, ap);
    bool done = lb_format(b, fmt, &mine);
    va_end(mine);
    if (!done) { /* printf's own, from the start of this append */
        b->len = start;
        int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, again);
        if (n > 0)
            b->len = b->len + (size_t)n < b->cap ? b->len + (size_t)n : b->cap - 1;
    }
    va_end(again);
    b->s[b->len] = '\0';
}

void lb_printf(struct lb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lb_vprintf(b, fmt, ap);
    va_end(ap);
}

/* C's escape of a line's control bytes, as both a quote and a single byte show them:
 * "\\n", "\\r", "\\t", or NULL. */
static const char *ctl_escape(uint8_t c)
{
    return c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
}

/* Bytes a quote shows as they are: printable ASCII but '"' and '\\'. */
static bool plain_byte(uint8_t c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void lb_quote(struct lb *b, const uint8_t *p, uint32_t caplen, uint32_t len)
{
    if (b->len + 1 >= b->cap)
        return;
    lb_char(b, '"');
    uint32_t n = caplen < ANN_PREVIEW ? caplen : ANN_PREVIEW;
    for (uint32_t i = 0; i < n;) {
        uint32_t run = i;
        while (run < n && plain_byte(p[run]))
            run++;
        if (run > i) { /* text: copied as a whole */
            lb_mem(b, (const char *)p + i, run - i);
            i = run;
            continue;
        }
        uint8_t c = p[i++];
        const char *e = ctl_escape(c);
        if (e != NULL) {
            lb_mem(b, e, 2);
        } else if (c == '"' || c == '\\') {
            lb_mem(b, (const char[]){'\\', (char)c}, 2);
        } else {
            lb_mem(b, (const char[]){'\\', 'x', out_hexdigits[c >> 4], out_hexdigits[c & 15]}, 4);
        }
    }
    lb_mem(b, "\"...", n < len ? 4 : 1);
    b->s[b->len] = '\0';
}

void lb_byte(struct lb *b, uint8_t c)
{
    const char *e = ctl_escape(c);
    if (c == 0)
        lb_printf(b, "NUL (00)");
    else if (e != NULL)
        lb_printf(b, "'%s' (%02x)", e, c);
    else if (c == '\'' || c == '\\')
        lb_printf(b, "'\\%c' (%02x)", c, c);
    else if (c >= 0x20 && c < 0x7f)
        lb_printf(b, "'%c' (%02x)", c, c);
    else
        lb_printf(b, "(%02x)", c);
}

/* n / unit, '.', then the next three digits: "%lld.%03lld" without the formatting. */
static void lb_fixed3(struct lb *b, uint64_t n, uint64_t unit)
{
    char d[32], *e = d + sizeof d, *p = digits(e - 4, n / unit, 10);
    uint64_t frac = n / (unit / 1000) % 1000;
    e[-4] = '.';
    e[-3] = (char)('0' + frac / 100);
    e[-2] = (char)('0' + frac / 10 % 10);
    e[-1] = (char)('0' + frac % 10);
    lb_mem(b, p, (size_t)(e - p));
}

void lb_dur(struct lb *b, int64_t ns)
{
    if (b->len + 1 >= b->cap)
        return;
    if (ns < 0)
        ns = 0;
    if (ns < 1000000000) {
        lb_fixed3(b, (uint64_t)ns, 1000000);
        lb_mem(b, " ms", 3);
    } else {
        lb_fixed3(b, (uint64_t)ns, 1000000000);
        lb_mem(b, " s", 2);
    }
    b->s[b->len] = '\0';
}
