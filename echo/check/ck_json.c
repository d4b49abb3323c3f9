/*
 * ck_json.c: JSON reading and writing (see ck_json.h). RFC 8259's grammar; the writer
 * escapes '"', '\' and control characters, and writes every byte >= 0x80 as \u00XX (its
 * Latin-1 reading, as sniff does), so any bytes make valid JSON.
 */
#include "ck_json.h"

#include <stdlib.h>
#include <string.h>

#define CK_JSON_DEPTH 32
#define CK_JSON_NODES 65536

struct parser {
    struct ck_jdoc *d;
    const char *p, *end;
};

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int new_node(struct parser *ps, enum ck_jtype t)
{
    struct ck_jdoc *d = ps->d;
    if (d->count == d->cap) {
        int cap = d->cap ? d->cap * 2 : 64;
        if (cap > CK_JSON_NODES)
            return -1;
        struct ck_jnode *n = realloc(d->n, (size_t)cap * sizeof *n);
        if (n == NULL)
            return -1;
        d->n = n;
        d->cap = cap;
    }
    struct ck_jnode *n = &d->n[d->count];
    memset(n, 0, sizeof *n);
    n->type = t;
    n->child = n->next = -1;
    return d->count++;
}

/* A string's body: sets *s and *len to what is between the quotes. */
static bool scan_string(struct parser *ps, const char **s, size_t *len)
{
    if (ps->p >= ps->end || *ps->p != '"')
        return false;
    const char *start = ++ps->p;
    while (ps->p < ps->end && *ps->p != '"') {
        if ((unsigned char)*ps->p < 0x20)
            return false;
        if (*ps->p == '\\') {
            if (++ps->p >= ps->end)
                return false;
        }
        ps->p++;
    }
    if (ps->p >= ps->end)
        return false;
    *s = start;
    *len = (size_t)(ps->p - start);
    ps->p++;
    return true;
}

static int parse_value(struct parser *ps, int depth);

/* Members or elements up to close; each linked after the last. */
static bool parse_list(struct parser *ps, int parent, char close, int depth)
{
    bool obj = close == '}';
    int last = -1;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return true;
    }
    for (;;) {
        const char *key = NULL;
        size_t keylen = 0;
        skip_ws(ps);
        if (obj) {
            if (!scan_string(ps, &key, &keylen))
                return false;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p++ != ':')
                return false;
        }
        int v = parse_value(ps, depth + 1);
        if (v < 0)
            return false;
        ps->d->n[v].key = key;
        ps->d->n[v].keylen = keylen;
        if (last < 0)
            ps->d->n[parent].child = v;
        else
            ps->d->n[last].next = v;
        last = v;
        skip_ws(ps);
        if (ps->p >= ps->end)
            return false;
        char c = *ps->p++;
        if (c == close)
            return true;
        if (c != ',')
            return false;
    }
}

static bool literal(struct parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return false;
    ps->p += n;
    return true;
}

static int parse_value(struct parser *ps, int depth)
{
    if (depth > CK_JSON_DEPTH)
        return -1;
    skip_ws(ps);
    if (ps->p >= ps->end)
        return -1;
    char c = *ps->p;
    int n;
    if (c == '{' || c == '[') {
        ps->p++;
        n = new_node(ps, c == '{' ? CK_J_OBJ : CK_J_ARR);
        return n >= 0 && parse_list(ps, n, c == '{' ? '}' : ']', depth) ? n : -1;
    }
    if (c == '"') {
        const char *s;
        size_t len;
        n = new_node(ps, CK_J_STR);
        if (n < 0 || !scan_string(ps, &s, &len))
            return -1;
        ps->d->n[n].str = s;
        ps->d->n[n].strlen = len;
        return n;
    }
    if (c == 't' || c == 'f' || c == 'n') {
        n = new_node(ps, c == 'n' ? CK_J_NULL : CK_J_BOOL);
        if (n < 0 || !literal(ps, c == 't' ? "true" : c == 'f' ? "false" : "null"))
            return -1;
        ps->d->n[n].b = c == 't';
        return n;
    }
    char *stop;
    char buf[64];
    size_t k = 0;
    while (ps->p + k < ps->end && k < sizeof buf - 1 && strchr("+-.eE0123456789", ps->p[k]))
        k++;
    memcpy(buf, ps->p, k);
    buf[k] = '\0';
    double v = strtod(buf, &stop);
    if (k == 0 || stop != buf + k)
        return -1;
    ps->p += k;
    n = new_node(ps, CK_J_NUM);
    if (n >= 0)
        ps->d->n[n].num = v;
    return n;
}

bool ck_json_parse(struct ck_jdoc *d, const char *text, size_t len)
{
    struct parser ps = {d, text, text + len};
    d->count = 0;
    if (parse_value(&ps, 0) != 0)
        return false;
    skip_ws(&ps);
    return ps.p == ps.end;
}

void ck_json_free(struct ck_jdoc *d)
{
    free(d->n);
    d->n = NULL;
    d->count = d->cap = 0;
}

int ck_json_get(const struct ck_jdoc *d, int obj, const char *key)
{
    if (obj < 0 || obj >= d->count || d->n[obj].type != CK_J_OBJ)
        return -1;
    size_t kl = strlen(key);
    for (int i = d->n[obj].child; i >= 0; i = d->n[i].next)
        if (d->n[i].keylen == kl && memcmp(d->n[i].key, key, kl) == 0)
            return i;
    return -1;
}

bool ck_json_is(const struct ck_jdoc *d, int node, const char *s)
{
    if (node < 0 || d->n[node].type != CK_J_STR)
        return false;
    size_t n = strlen(s);
    return d->n[node].strlen == n && memcmp(d->n[node].str, s, n) == 0;
}

long ck_json_int(const struct ck_jdoc *d, int node, long dflt)
{
    if (node < 0 || d->n[node].type != CK_J_NUM)
        return dflt;
    return (long)d->n[node].num;
}

/* ---- writer ---- */

void ck_jw_init(struct ck_jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->first[0] = true;
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void lead(struct ck_jw *w, const char *key)
{
    if (!w->first[w->depth])
        fputc(',', w->f);
    w->first[w->depth] = false;
    if (key != NULL) {
        put_string(w->f, key);
        fputc(':', w->f);
    }
}

static void open_(struct ck_jw *w, const char *key, char c)
{
    lead(w, key);
    fputc(c, w->f);
    if (w->depth < (int)(sizeof w->first / sizeof w->first[0]) - 1)
        w->depth++;
    w->first[w->depth] = true;
}

void ck_jw_obj(struct ck_jw *w, const char *key)
{
    open_(w, key, '{');
}

void ck_jw_arr(struct ck_jw *w, const char *key)
{
    open_(w, key, '[');
}

void ck_jw_end_obj(struct ck_jw *w)
{
    fputc('}', w->f);
    if (w->depth > 0)
        w->depth--;
}

void ck_jw_end_arr(struct ck_jw *w)
{
    fputc(']', w->f);
    if (w->depth > 0)
        w->depth--;
}

void ck_jw_str(struct ck_jw *w, const char *key, const char *s)
{
    lead(w, key);
    put_string(w->f, s);
}

void ck_jw_int(struct ck_jw *w, const char *key, long long v)
{
    lead(w, key);
    fprintf(w->f, "%lld", v);
}

void ck_jw_num(struct ck_jw *w, const char *key, double v)
{
    lead(w, key);
    fprintf(w->f, "%.3f", v);
}

void ck_jw_bool(struct ck_jw *w, const char *key, bool v)
{
    lead(w, key);
    fputs(v ? "true" : "false", w->f);
}

void ck_jw_null(struct ck_jw *w, const char *key)
{
    lead(w, key);
    fputs("null", w->f);
}
