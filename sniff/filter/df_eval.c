/*
 * df_eval.c: matching a compiled display filter against one frame (see dfilter.h).
 *
 * Every entity evaluates to a list of values (a field's occurrences, a literal's one
 * value, the bytes a slice selects, a function's results); a relation holds when some
 * pair of values satisfies it, except !=, which is Wireshark's "all not equal" (the
 * negation of ==), and ===, "all equal". A relation with an absent field is false, even
 * !=. Lists live on the stack (DF_MAX_VALUES each, the depth bounded by the parser);
 * bytes made by upper(), lower(), string() and multi-range slices go into the filter's
 * scratch buffer, reset per frame: matching allocates nothing.
 *
 * "matches" is PCRE2, compiled once, case-insensitive as in Wireshark, with match and
 * depth limits so that a pattern cannot spend unbounded time on a stranger's payload.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dfilter.h"
#include "df_int.h"

#define RE_MATCH_LIMIT 1000000
#define RE_DEPTH_LIMIT 10000

bool df_regex_add(struct parser *ps, const struct df_value *pat, size_t pos, size_t len, int *index)
{
    struct dfilter *f = ps->f;
    int ec;
    PCRE2_SIZE eo;
    struct df_regex *r = &f->re[f->nre];
    r->code = pcre2_compile(pat->v.p, pat->len, PCRE2_CASELESS, &ec, &eo, NULL);
    if (r->code == NULL) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        df_fail(ps, pos, len, "Invalid regular expression at character %zu: %s", (size_t)eo,
                (const char *)msg);
        return false;
    }
    f->nre++;
    r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
    r->mc = pcre2_match_context_create(NULL);
    if (r->md == NULL || r->mc == NULL) {
        df_fail(ps, pos, len, "out of memory for the regular expression");
        return false;
    }
    pcre2_set_match_limit(r->mc, RE_MATCH_LIMIT);
    pcre2_set_depth_limit(r->mc, RE_DEPTH_LIMIT);
    *index = f->nre - 1;
    return true;
}

void df_regex_free(struct dfilter *f)
{
    for (int i = 0; i < f->nre; i++) {
        pcre2_match_data_free(f->re[i].md);
        pcre2_match_context_free(f->re[i].mc);
        pcre2_code_free(f->re[i].code);
    }
    f->nre = 0;
}

static uint8_t *scratch(struct dfilter *f, size_t n)
{
    if (f->scratch == NULL || f->scratch_cap - f->scratch_used < n)
        return NULL;
    uint8_t *p = f->scratch + f->scratch_used;
    f->scratch_used += n;
    return p;
}

/* A value's bytes: its own for bytes, strings and protocols; an address's in network
 * order (tmp holds them). */
static size_t bytes_of(const struct df_value *v, uint8_t tmp[16], const uint8_t **p)
{
    switch (v->type) {
    case DF_ETHER:
        *p = v->v.a;
        return 6;
    case DF_IPV6:
        *p = v->v.a;
        return 16;
    case DF_IPV4:
        for (int i = 0; i < 4; i++)
            tmp[i] = (uint8_t)(v->v.u >> (24 - 8 * i));
        *p = tmp;
        return 4;
    default:
        *p = v->v.p;
        return v->len;
    }
}

/* An integer value as a signed one (unsigned fields are at most 64 bits; past 2^63 they
 * saturate, which no field of sniff's reaches). */
static int64_t signed_of(const struct df_value *v)
{
    if (v->type == DF_INT)
        return v->v.i;
    return v->v.u > INT64_MAX ? INT64_MAX : (int64_t)v->v.u;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

/* Three-way comparison of two values of compatible types; for equality, an address
 * with a CIDR prefix compares only the prefix bits. */
static int compare(const struct df_value *a, const struct df_value *b, bool eq_only)
{
    unsigned bits = a->prefix < b->prefix ? a->prefix : b->prefix;
    if (a->type == DF_INT || b->type == DF_INT) {
        int64_t x = signed_of(a), y = signed_of(b);
        return x < y ? -1 : x > y;
    }
    switch (a->type) {
    case DF_IPV4: {
        uint64_t x = a->v.u, y = b->v.u;
        if (eq_only && bits < 32) {
            uint32_t mask = bits == 0 ? 0 : ~(uint32_t)0 << (32 - bits);
            x &= mask;
            y &= mask;
        }
        return cmp_u64(x, y);
    }
    case DF_IPV6:
        if (!eq_only)
            bits = 128;
        for (unsigned i = 0; i < 16; i++) {
            uint8_t mask = bits >= 8 * (i + 1) ? 0xff
                           : bits <= 8 * i     ? 0
                                               : (uint8_t)(0xff << (8 * (i + 1) - bits));
            int d = (int)(a->v.a[i] & mask) - (int)(b->v.a[i] & mask);
            if (d != 0)
                return d < 0 ? -1 : 1;
        }
        return 0;
    case DF_ETHER: {
        int d = memcmp(a->v.a, b->v.a, 6);
        return d < 0 ? -1 : d > 0;
    }
    case DF_BYTES:
    case DF_STRING:
    case DF_PROTO: {
        size_t n = a->len < b->len ? a->len : b->len;
        int d = n > 0 ? memcmp(a->v.p, b->v.p, n) : 0;
        if (d != 0)
            return d < 0 ? -1 : 1;
        return cmp_u64(a->len, b->len);
    }
    case DF_ABSTIME:
    case DF_RELTIME:
    case DF_INT:
        return a->v.ns < b->v.ns ? -1 : a->v.ns > b->v.ns;
    default:
        return cmp_u64(a->v.u, b->v.u);
    }
}

static int eval_entity(struct dfilter *f, int i, const struct df_frame *fr, struct df_value *out);

/* One value's bytes selected by the slice's ranges (see struct slice_range). */
static bool slice_one(struct dfilter *f, const struct node *n, const struct df_value *v,
                      struct df_value *out)
{
    uint8_t tmp[16];
    const uint8_t *p;
    size_t len = bytes_of(v, tmp, &p), total = 0;
    if (v->type == DF_PROTO && v->item_len < len)
        len = v->item_len; /* a protocol slices its own bytes (contains sees to the end) */
    size_t off[16], cnt[16];
    if (n->count > 16)
        return false;
    for (int k = 0; k < n->count; k++) {
        const struct slice_range *r = &f->ranges[n->first + k];
        int64_t s = r->start < 0 ? (int64_t)len + r->start : r->start;
        int64_t c = r->len < 0 ? (int64_t)len - s : r->len;
        if (s < 0 || c < 0 || s + c > (int64_t)len || (r->len < 0 && s >= (int64_t)len))
            return false; /* Wireshark: a slice past the end has no value */
        off[k] = (size_t)s;
        cnt[k] = (size_t)c;
        total += (size_t)c;
    }
    memset(out, 0, sizeof *out);
    out->type = DF_BYTES;
    out->len = (uint32_t)total;
    if (n->count == 1 && p != tmp && v->type != DF_ETHER && v->type != DF_IPV6) {
        out->v.p = p + off[0]; /* a view of the frame's own bytes */
        return true;
    }
    uint8_t *d = scratch(f, total);
    if (d == NULL)
        return false;
    for (int k = 0, at = 0; k < n->count; at += (int)cnt[k], k++)
        memcpy(d + at, p + off[k], cnt[k]);
    out->v.p = d;
    return true;
}

static int eval_slice(struct dfilter *f, const struct node *n, const struct df_frame *fr,
                      struct df_value *out)
{
    struct df_value v[DF_MAX_VALUES];
    int nv = eval_entity(f, n->a, fr, v), m = 0;
    for (int k = 0; k < nv; k++)
        if (slice_one(f, n, &v[k], &out[m]))
            m++;
    return m;
}

static int eval_func(struct dfilter *f, const struct node *n, const struct df_frame *fr,
                     struct df_value *out)
{
    struct df_value v[DF_MAX_VALUES];
    int nv = eval_entity(f, n->a, fr, v), m = 0;
    if (n->op == FN_COUNT) {
        if (nv == 0)
            return 0; /* Wireshark: count() of an absent field has no value */
        memset(out, 0, sizeof *out);
        out->type = DF_UINT;
        out->v.u = (uint64_t)nv;
        return 1;
    }
    for (int k = 0; k < nv; k++) {
        struct df_value *o = &out[m];
        uint8_t tmp[16];
        const uint8_t *p;
        size_t len = bytes_of(&v[k], tmp, &p);
        memset(o, 0, sizeof *o);
        if (n->op == FN_LEN) {
            o->type = DF_UINT;
            o->v.u = v[k].type == DF_PROTO ? v[k].item_len : len;
            m++;
            continue;
        }
        char text[128];
        if (n->op == FN_STRING) {
            len = df_value_text(f->nodes[n->a].field, &v[k], text, sizeof text);
            p = (const uint8_t *)text;
        }
        uint8_t *d = scratch(f, len);
        if (d == NULL)
            continue;
        for (size_t j = 0; j < len; j++)
            d[j] = n->op == FN_UPPER   ? (uint8_t)toupper(p[j])
                   : n->op == FN_LOWER ? (uint8_t)tolower(p[j])
                                       : p[j];
        o->type = DF_STRING;
        o->v.p = d;
        o->len = (uint32_t)len;
        m++;
    }
    return m;
}

/* a & b of two byte strings: as long as the shorter, in the scratch buffer. */
static bool bytes_and(struct dfilter *f, const struct df_value *a, const struct df_value *b,
                      struct df_value *o)
{
    uint8_t ta[16], tb[16];
    const uint8_t *pa, *pb;
    size_t la = bytes_of(a, ta, &pa), lb = bytes_of(b, tb, &pb), n = la < lb ? la : lb;
    uint8_t *d = scratch(f, n);
    if (d == NULL)
        return false;
    for (size_t i = 0; i < n; i++)
        d[i] = pa[i] & pb[i];
    memset(o, 0, sizeof *o);
    o->type = DF_BYTES;
    o->v.p = d;
    o->len = (uint32_t)n;
    return true;
}

/* Integer arithmetic, signed as Wireshark's ({tcp.len - 1} is -1 for an empty segment);
 * a result past 64 bits has no value. */
static bool arith(struct dfilter *f, int op, const struct df_value *a, const struct df_value *b,
                  struct df_value *o)
{
    if (a->type == DF_BYTES || a->type == DF_PROTO)
        return bytes_and(f, a, b, o);
    *o = *a;
    if (a->type == DF_RELTIME) {
        o->v.ns = op == A_ADD ? a->v.ns + b->v.ns : a->v.ns - b->v.ns;
        return true;
    }
    if (op == A_AND) {
        o->v.u = a->v.u & b->v.u;
        return true;
    }
    int64_t x = signed_of(a), y = signed_of(b);
    o->type = DF_INT;
    switch (op) {
    case A_ADD:
        return !__builtin_add_overflow(x, y, &o->v.i);
    case A_SUB:
        return !__builtin_sub_overflow(x, y, &o->v.i);
    case A_MUL:
        return !__builtin_mul_overflow(x, y, &o->v.i);
    default:
        if (y == 0 || (x == INT64_MIN && y == -1))
            return false;
        o->v.i = op == A_DIV ? x / y : x % y;
        return true;
    }
}

static int eval_arith(struct dfilter *f, const struct node *n, const struct df_frame *fr,
                      struct df_value *out)
{
    struct df_value l[DF_MAX_VALUES], r[DF_MAX_VALUES];
    int nl = eval_entity(f, n->a, fr, l), nr = nl > 0 ? eval_entity(f, n->b, fr, r) : 0, m = 0;
    for (int x = 0; x < nl; x++)
        for (int y = 0; y < nr && m < DF_MAX_VALUES; y++)
            if (arith(f, n->op, &l[x], &r[y], &out[m]))
                m++;
    return m;
}

static int eval_entity(struct dfilter *f, int i, const struct df_frame *fr, struct df_value *out)
{
    const struct node *n = &f->nodes[i];
    switch (n->kind) {
    case E_FIELD:
        return df_field_values(n->field, fr, out);
    case E_LIT:
        out[0] = n->lit;
        return 1;
    case E_SLICE:
        return eval_slice(f, n, fr, out);
    case E_FUNC:
        return eval_func(f, n, fr, out);
    case E_ARITH:
        return eval_arith(f, n, fr, out);
    case E_NEG: {
        int nv = eval_entity(f, n->a, fr, out);
        for (int k = 0; k < nv; k++) {
            if (out[k].type == DF_RELTIME) {
                out[k].v.ns = -out[k].v.ns;
            } else {
                int64_t x = signed_of(&out[k]);
                out[k].type = DF_INT;
                out[k].v.i = x == INT64_MIN ? INT64_MAX : -x;
            }
        }
        return nv;
    }
    default:
        return 0;
    }
}

static bool relation(int op, int c)
{
    switch (op) {
    case R_EQ:
    case R_ALLEQ:
        return c == 0;
    case R_NE:
    case R_ANYNE:
        return c != 0;
    case R_LT:
        return c < 0;
    case R_GT:
        return c > 0;
    case R_LE:
        return c <= 0;
    default:
        return c >= 0;
    }
}

static bool eval_cmp(struct dfilter *f, const struct node *n, const struct df_frame *fr)
{
    struct df_value l[DF_MAX_VALUES], r[DF_MAX_VALUES];
    int nl = eval_entity(f, n->a, fr, l);
    int nr = nl > 0 ? eval_entity(f, n->b, fr, r) : 0;
    if (nl == 0 || nr == 0)
        return false; /* comparisons with an absent field are false, even != */
    bool eq_only = n->op == R_EQ || n->op == R_NE || n->op == R_ALLEQ || n->op == R_ANYNE;
    /* != is "all not equal" and === "all equal": every pair must hold. */
    bool all = n->op == R_NE || n->op == R_ALLEQ;
    for (int x = 0; x < nl; x++) {
        for (int y = 0; y < nr; y++) {
            bool ok = relation(n->op, compare(&l[x], &r[y], eq_only));
            if (ok != all)
                return ok;
        }
    }
    return all;
}

static bool eval_contains(struct dfilter *f, const struct node *n, const struct df_frame *fr)
{
    struct df_value l[DF_MAX_VALUES], r[DF_MAX_VALUES];
    int nl = eval_entity(f, n->a, fr, l);
    int nr = n->kind == N_MATCHES ? 0 : nl > 0 ? eval_entity(f, n->b, fr, r) : 0;
    for (int x = 0; x < nl; x++) {
        uint8_t ta[16], tb[16];
        const uint8_t *a, *b;
        size_t la = bytes_of(&l[x], ta, &a);
        if (n->kind == N_MATCHES) {
            const struct df_regex *re = &f->re[n->re];
            if (pcre2_match(re->code, la > 0 ? a : (const uint8_t *)"", la, 0, 0, re->md, re->mc) >=
                0)
                return true;
            continue;
        }
        for (int y = 0; y < nr; y++) {
            size_t lb = bytes_of(&r[y], tb, &b);
            if (lb == 0 || (la >= lb && memmem(a, la, b, lb) != NULL))
                return true;
        }
    }
    return false;
}

static bool eval_in(struct dfilter *f, const struct node *n, const struct df_frame *fr)
{
    struct df_value v[DF_MAX_VALUES];
    int nv = eval_entity(f, n->a, fr, v);
    for (int k = 0; k < nv; k++) {
        for (int e = n->first; e < n->first + n->count; e++) {
            const struct set_elem *el = &f->set[e];
            if (el->range
                    ? compare(&v[k], &el->lo, false) >= 0 && compare(&v[k], &el->hi, false) <= 0
                    : compare(&v[k], &el->lo, true) == 0)
                return true;
        }
    }
    return false;
}

static bool eval_test(struct dfilter *f, int i, const struct df_frame *fr)
{
    const struct node *n = &f->nodes[i];
    switch (n->kind) {
    case N_AND:
        return eval_test(f, n->a, fr) && eval_test(f, n->b, fr);
    case N_OR:
        return eval_test(f, n->a, fr) || eval_test(f, n->b, fr);
    case N_NOT:
        return !eval_test(f, n->a, fr);
    case N_TEST: {
        struct df_value v[DF_MAX_VALUES];
        int nv = eval_entity(f, n->a, fr, v);
        /* "tcp.flags & 0x02" alone: true when some result is not zero. */
        if (f->nodes[n->a].kind == E_ARITH) {
            for (int k = 0; k < nv; k++) {
                if (v[k].type != DF_BYTES && v[k].v.u != 0)
                    return true;
                for (uint32_t j = 0; v[k].type == DF_BYTES && j < v[k].len; j++)
                    if (v[k].v.p[j] != 0)
                        return true;
            }
            return false;
        }
        return nv > 0;
    }
    case N_CMP:
        return eval_cmp(f, n, fr);
    case N_CONTAINS:
    case N_MATCHES:
        return eval_contains(f, n, fr);
    case N_IN:
        return eval_in(f, n, fr);
    default:
        return false;
    }
}

bool dfilter_match_frame(struct dfilter *f, const struct df_frame *fr)
{
    if (f == NULL || f->root < 0)
        return true;
    f->scratch_used = 0;
    return eval_test(f, f->root, fr);
}

bool dfilter_match(struct dfilter *f, const struct packet *p)
{
    struct df_frame fr = {.p = p};
    fr.first_ns = fr.prev_ns = frame_ns(&p->frame); /* saturated: a time may be centuries off */
    return dfilter_match_frame(f, &fr);
}
