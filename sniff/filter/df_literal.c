/*
 * df_literal.c: a literal's text converted to the type of what it is compared with, as
 * Wireshark converts an unparsed value according to the field on the other side:
 * 15213 is a number next to tcp.port, bytes next to tcp.payload (68:65:72, 686572, "her"),
 * an address next to ip.addr (10.0.0.0/8), seconds next to frame.time_relative (0.4),
 * a date next to frame.time ("2024-01-31 12:00:00"). Quoted strings undo C's escapes.
 *
 * Error sentences follow tshark 4.0's where they help ("70000" too big for this field,
 * maximum 65535), and say what to write where tshark's would leave a student guessing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "df_int.h"

const char *df_type_name(enum df_type t)
{
    static const char *const names[] = {
        [DF_NONE] = "a label with no value", [DF_PROTO] = "a protocol",
        [DF_UINT] = "an unsigned integer",   [DF_BOOL] = "a boolean",
        [DF_INT] = "a signed integer",       [DF_FRAMENUM] = "a frame number",
        [DF_IPV4] = "an IPv4 address",       [DF_IPV6] = "an IPv6 address",
        [DF_ETHER] = "an Ethernet address",  [DF_BYTES] = "a byte string",
        [DF_STRING] = "a character string",  [DF_ABSTIME] = "an absolute time",
        [DF_RELTIME] = "a time offset",
    };
    return (size_t)t < sizeof names / sizeof names[0] ? names[t] : "a value";
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* 0x hex, 0b binary, 0 octal or decimal, as Wireshark reads integers. */
static bool parse_uint(const char *text, uint64_t *v)
{
    if (text[0] < '0' || text[0] > '9')
        return false; /* no sign, no space: strtoull would take them */
    errno = 0;
    char *end;
    unsigned long long u;
    if (text[0] == '0' && (text[1] == 'b' || text[1] == 'B'))
        u = text[2] != '\0' ? strtoull(text + 2, &end, 2) : (end = (char *)text + 1, 0);
    else
        u = strtoull(text, &end, 0);
    if (*end != '\0' || errno == ERANGE)
        return false;
    *v = u;
    return true;
}

/* 00:16:ea:e3:54:e6, 00-16-ea-e3-54-e6 or 0016.eae3.54e6. */
static bool parse_mac(const char *text, uint8_t m[6])
{
    size_t len = strlen(text);
    char sep = len == 17 ? text[2] : len == 14 ? '.' : '\0';
    if (sep != ':' && sep != '-' && sep != '.')
        return false;
    int nib = 0;
    for (size_t i = 0; i < len; i++) {
        if (len == 17 ? i % 3 == 2 : (i == 4 || i == 9)) {
            if (text[i] != sep)
                return false;
            continue;
        }
        int h = hexval(text[i]);
        if (h < 0)
            return false;
        m[nib / 2] = (uint8_t)(nib % 2 == 0 ? h << 4 : (m[nib / 2] | h));
        nib++;
    }
    return nib == 12;
}

/* Bytes as Wireshark writes them: 68:65:72 (or - or . between), 686572, 0x686572. The
 * bytes go to out (at most n); *len gets their count. */
static bool parse_bytes(const char *text, uint8_t *out, size_t n, size_t *len)
{
    size_t tl = strlen(text), k = 0;
    if (tl > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        text += 2, tl -= 2;
    char sep = tl > 2 && hexval(text[0]) >= 0 && hexval(text[1]) >= 0 ? text[2]
               : tl > 1                                               ? text[1]
                                                                      : 0;
    bool seps = sep == ':' || sep == '-' || sep == '.';
    if (!seps && tl % 2 != 0)
        return false;
    for (size_t i = 0; i < tl;) {
        int h = hexval(text[i]), l = i + 1 < tl ? hexval(text[i + 1]) : -1;
        if (h < 0 || k >= n)
            return false;
        if (l >= 0) {
            out[k++] = (uint8_t)(h << 4 | l);
            i += 2;
        } else if (seps) {
            out[k++] = (uint8_t)h;
            i += 1;
        } else {
            return false;
        }
        if (seps && i < tl && text[i++] != sep)
            return false;
        if (seps && i == tl && text[tl - 1] == sep)
            return false;
    }
    *len = k;
    return k > 0;
}

/* Seconds as a decimal, "0.4" or "12.000001" (an optional trailing s), to nanoseconds. */
static bool parse_reltime(const char *text, int64_t *ns)
{
    bool neg = text[0] == '-';
    const char *p = neg ? text + 1 : text;
    uint64_t sec = 0, frac = 0;
    int digits = 0, fd = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        if ((sec = sec * 10 + (uint64_t)(*p - '0')) > 9000000000u)
            return false;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, fd++)
            if (fd < 9)
                frac = frac * 10 + (uint64_t)(*p - '0');
    if (*p == 's')
        p++;
    if (*p != '\0' || digits + fd == 0)
        return false;
    for (int i = fd; i < 9; i++)
        frac *= 10;
    *ns = (int64_t)(sec * 1000000000u + frac) * (neg ? -1 : 1);
    return true;
}

/* "Nov 12, 1999 08:55:44.123", "2011-07-04 12:34:56" or "2011-07-04T12:34:56Z": local time
 * unless it ends in Z or UTC, as in Wireshark. */
static bool parse_abstime(const char *text, int64_t *ns)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *rest = strptime(text, "%b %d, %Y %H:%M:%S", &tm);
    if (rest == NULL)
        rest = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == NULL)
        rest = strptime(text, "%Y-%m-%d %H:%M:%S", &tm);
    if (rest == NULL)
        return false;
    uint64_t frac = 0;
    int fd = 0;
    if (*rest == '.')
        for (rest++; *rest >= '0' && *rest <= '9'; rest++, fd++)
            if (fd < 9)
                frac = frac * 10 + (uint64_t)(*rest - '0');
    for (int i = fd; i < 9; i++)
        frac *= 10;
    while (*rest == ' ')
        rest++;
    bool utc = strcmp(rest, "Z") == 0 || strcmp(rest, "UTC") == 0;
    if (!utc && *rest != '\0')
        return false;
    tm.tm_isdst = -1;
    time_t t = utc ? timegm(&tm) : mktime(&tm);
    *ns = (int64_t)t * 1000000000 + (int64_t)frac;
    return true;
}

/* Reserves n bytes of the pool (sized at compile for every literal's bytes). */
static uint8_t *pool_take(struct parser *ps, size_t n)
{
    struct dfilter *f = ps->f;
    if (f->npool + n > f->pool_cap)
        return NULL;
    uint8_t *p = f->pool + f->npool;
    f->npool += n;
    return p;
}

/* One escape after a backslash at s[*i]; false when it is not one of C's. */
static bool unescape(const char *s, size_t end, size_t *i, uint8_t *out)
{
    static const char from[] = "\\\"'abfnrtv?", to[] = "\\\"'\a\b\f\n\r\t\v?";
    char c = s[*i];
    const char *k = strchr(from, c);
    if (c != '\0' && k != NULL) {
        *out = (uint8_t)to[k - from];
        (*i)++;
        return true;
    }
    if (c == 'x' && *i + 1 < end && hexval(s[*i + 1]) >= 0) {
        unsigned v = (unsigned)hexval(s[++*i]);
        if (++*i < end && hexval(s[*i]) >= 0)
            v = v << 4 | (unsigned)hexval(s[(*i)++]);
        *out = (uint8_t)v;
        return true;
    }
    if (c >= '0' && c <= '7') {
        int v = 0;
        for (int n = 0; n < 3 && *i < end && s[*i] >= '0' && s[*i] <= '7'; n++)
            v = v * 8 + (s[(*i)++] - '0');
        if (v > 255)
            return false;
        *out = (uint8_t)v;
        return true;
    }
    return false;
}

bool df_string_literal(struct parser *ps, const struct token *t, struct df_value *v)
{
    bool raw = t->op == 1;
    size_t start = t->pos + (raw ? 2 : 1), end = t->pos + t->len - 1;
    uint8_t *out = pool_take(ps, end - start);
    if (out == NULL && end > start) {
        df_fail(ps, t->pos, t->len, "out of memory");
        return false;
    }
    size_t n = 0;
    for (size_t i = start; i < end;) {
        if (ps->s[i] != '\\' || raw) {
            out[n++] = (uint8_t)ps->s[i++];
            continue;
        }
        size_t at = i++;
        if (!unescape(ps->s, end, &i, &out[n++])) {
            df_fail(ps, at, 2, "\\%c is not a valid character escape sequence", ps->s[at + 1]);
            return false;
        }
    }
    memset(v, 0, sizeof *v);
    v->type = DF_STRING;
    v->v.p = out;
    v->len = (uint32_t)n;
    return true;
}

/* 'a', '\n', '\x41': the character's value. */
static bool char_literal(struct parser *ps, const struct token *t, uint64_t *u)
{
    const char *s = ps->s + t->pos;
    size_t i = 1, end = t->len - 1;
    uint8_t c = (uint8_t)s[1];
    bool ok = end == 2 && s[1] != '\\';
    if (!ok && s[1] == '\\') {
        i = 2;
        ok = unescape(s, end, &i, &c) && i == end;
    }
    if (!ok) {
        df_fail(ps, t->pos, t->len, "%.*s is not a valid character constant", (int)t->len, s);
        return false;
    }
    *u = c;
    return true;
}

static bool uint_literal(struct parser *ps, const struct token *t, const char *text,
                         const struct df_field *fd, struct df_value *v)
{
    uint64_t max = fd != NULL ? df_field_max(fd) : UINT64_MAX;
    if (t->kind == T_CHAR)
        return char_literal(ps, t, &v->v.u);
    if (t->kind == T_STRING) {
        df_fail(ps, t->pos, t->len,
                "%s is %s and cannot be compared with a string (%s); write the number "
                "without quotes",
                fd != NULL ? fd->name : "this", df_type_name(DF_UINT), text);
        return false;
    }
    if (!parse_uint(text, &v->v.u)) {
        if (text[0] >= '0' && text[0] <= '9' && errno == ERANGE)
            df_fail(ps, t->pos, t->len, "\"%s\" too big for this field, maximum %llu", text,
                    (unsigned long long)max);
        else
            df_fail(ps, t->pos, t->len, "\"%s\" is not a valid number", text);
        return false;
    }
    if (v->v.u > max) {
        df_fail(ps, t->pos, t->len, "\"%s\" too big for this field, maximum %llu", text,
                (unsigned long long)max);
        return false;
    }
    return true;
}

static bool addr_literal(struct parser *ps, const struct token *t, char *text, bool v6,
                         struct df_value *v)
{
    unsigned maxbits = v6 ? 128 : 32;
    v->prefix = (uint8_t)maxbits;
    if (t->kind != T_WORD) {
        df_fail(ps, t->pos, t->len, "%s cannot be written as a string: write %s without quotes",
                v6 ? "An IPv6 address" : "An IPv4 address", text);
        return false;
    }
    char *slash = strchr(text, '/');
    if (slash != NULL) {
        *slash = '\0';
        uint64_t bits;
        if (!parse_uint(slash + 1, &bits)) {
            df_fail(ps, t->pos, t->len, "\"%s\" is not a valid CIDR netmask length", slash + 1);
            return false;
        }
        if (bits > maxbits) {
            df_fail(ps, t->pos, t->len,
                    "Netmask bits in a CIDR %s address should be <= %u, not %llu",
                    v6 ? "IPv6" : "IPv4", maxbits, (unsigned long long)bits);
            return false;
        }
        v->prefix = (uint8_t)bits;
    }
    uint8_t a[16];
    if (inet_pton(v6 ? AF_INET6 : AF_INET, text, a) != 1) {
        df_fail(ps, t->pos, t->len,
                "\"%s\" is not a valid %s address (sniff resolves no host names, as tshark -n)",
                text, v6 ? "IPv6" : "IPv4");
        return false;
    }
    if (v6)
        memcpy(v->v.a, a, 16);
    else
        v->v.u = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
    return true;
}

/* Bytes from a word (hex), a character, or a string's bytes. */
static bool bytes_literal(struct parser *ps, const struct token *t, const char *text,
                          struct df_value *v)
{
    if (t->kind == T_STRING) {
        if (!df_string_literal(ps, t, v))
            return false;
        v->type = DF_BYTES;
        return true;
    }
    uint8_t *out = pool_take(ps, t->len);
    size_t n = 0;
    uint64_t c;
    if (t->kind == T_CHAR) {
        if (out == NULL || !char_literal(ps, t, &c))
            return false;
        out[0] = (uint8_t)c;
        n = 1;
    } else if (out == NULL || !parse_bytes(text, out, t->len, &n)) {
        df_fail(ps, t->pos, t->len,
                "\"%s\" is not a valid byte string (write bytes as 68:65:72 or 686572, or "
                "characters as \"her\")",
                text);
        return false;
    }
    v->type = DF_BYTES;
    v->v.p = out;
    v->len = (uint32_t)n;
    return true;
}

static bool bool_literal(struct parser *ps, const struct token *t, const char *text,
                         const struct df_field *fd, struct df_value *v)
{
    uint64_t u;
    if (t->kind == T_WORD && strcasecmp(text, "true") == 0)
        v->v.u = 1;
    else if (t->kind == T_WORD && strcasecmp(text, "false") == 0)
        v->v.u = 0;
    else if (t->kind == T_WORD && parse_uint(text, &u))
        v->v.u = u != 0; /* Wireshark: any non-zero value means set */
    else {
        df_fail(ps, t->pos, t->len,
                "%s cannot be found among the possible values for %s (1, 0, True or False)", text,
                fd != NULL ? fd->name : "this boolean");
        return false;
    }
    return true;
}

static bool time_literal(struct parser *ps, const struct token *t, const char *text,
                         enum df_type type, struct df_value *v)
{
    if (type == DF_RELTIME) {
        if (t->kind == T_WORD && parse_reltime(text, &v->v.ns))
            return true;
        df_fail(ps, t->pos, t->len,
                "%s is not a valid time offset: write seconds without quotes, e.g. 0.25", text);
        return false;
    }
    struct df_value s;
    if (t->kind == T_STRING) {
        if (!df_string_literal(ps, t, &s))
            return false;
        char buf[96];
        snprintf(buf, sizeof buf, "%.*s", (int)s.len, (const char *)s.v.p);
        if (s.len < sizeof buf && parse_abstime(buf, &v->v.ns))
            return true;
    }
    df_fail(ps, t->pos, t->len,
            "%s is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or "
            "\"2011-07-04 12:34:56\"",
            text);
    return false;
}

bool df_literal(struct parser *ps, const struct token *t, enum df_type type,
                const struct df_field *fd, struct df_value *v)
{
    char text[160];
    memset(v, 0, sizeof *v);
    v->type = type;
    if (t->len >= sizeof text) {
        df_fail(ps, t->pos, t->len, "value is too long");
        return false;
    }
    df_token_text(ps, t, text, sizeof text);
    switch (type) {
    case DF_UINT:
    case DF_FRAMENUM:
        return uint_literal(ps, t, text, fd, v);
    case DF_BOOL:
        return bool_literal(ps, t, text, fd, v);
    case DF_INT: {
        char *end;
        errno = 0;
        v->v.i = strtoll(text, &end, 0);
        if (t->kind == T_WORD && *end == '\0' && end != text && errno == 0)
            return true;
        df_fail(ps, t->pos, t->len, "\"%s\" is not a valid signed integer", text);
        return false;
    }
    case DF_IPV4:
    case DF_IPV6:
        return addr_literal(ps, t, text, type == DF_IPV6, v);
    case DF_ETHER:
        if (t->kind == T_WORD && parse_mac(text, v->v.a))
            return true;
        df_fail(ps, t->pos, t->len, "\"%s\" is not a valid Ethernet address", text);
        return false;
    case DF_BYTES:
    case DF_PROTO:
        return bytes_literal(ps, t, text, v);
    case DF_STRING:
        if (t->kind == T_STRING)
            return df_string_literal(ps, t, v);
        if (t->kind == T_CHAR) {
            df_fail(ps, t->pos, t->len, "write a string in double quotes, not %s", text);
            return false;
        }
        v->v.p = pool_take(ps, t->len);
        if (v->v.p == NULL)
            return false;
        memcpy((uint8_t *)v->v.p, text, t->len);
        v->len = (uint32_t)t->len;
        return true;
    case DF_ABSTIME:
    case DF_RELTIME:
        return time_literal(ps, t, text, type, v);
    case DF_NONE:
        break;
    }
    df_fail(ps, t->pos, t->len, "%s has no value to compare %s with",
            fd != NULL ? fd->name : "this", text);
    return false;
}
