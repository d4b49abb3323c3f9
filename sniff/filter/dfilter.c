/*
 * dfilter.c: compiling a display filter (see dfilter.h): the allocation of the compiled
 * filter, the three stages (df_lex.c cuts the text into tokens, df_parse.c builds and
 * type-checks the tree, df_literal.c converts the literals), and tshark's three-line
 * error with a caret under the offending token.
 *
 * Everything a filter holds is sized from its token count before parsing starts (every
 * node, set element and slice range consumes a token; a literal's bytes are never more
 * than its text), so parsing itself allocates only PCRE2's compiled patterns.
 */
#include "dfilter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df_int.h"

/* Results of functions and multi-range slices, per frame: two of the largest frames. */
#define DF_SCRATCH (2u * 262144u + 65536u)

static bool needs_scratch(const struct dfilter *f)
{
    for (int i = 0; i < f->nnodes; i++)
        if (f->nodes[i].kind == E_FUNC || f->nodes[i].kind == E_SLICE ||
            f->nodes[i].kind == E_ARITH)
            return true;
    return false;
}

static struct dfilter *alloc_filter(struct parser *ps)
{
    size_t n = (size_t)ps->ntok + 1;
    struct dfilter *f = calloc(1, sizeof *f);
    if (f == NULL)
        return NULL;
    ps->f = f;
    ps->ncap = (int)(2 * n);
    f->nodes = calloc(2 * n, sizeof *f->nodes);
    f->set = calloc(n, sizeof *f->set);
    f->ranges = calloc(n, sizeof *f->ranges);
    f->re = calloc(n, sizeof *f->re);
    f->pool_cap = ps->slen + 16;
    f->pool = malloc(f->pool_cap);
    if (f->nodes == NULL || f->set == NULL || f->ranges == NULL || f->re == NULL || f->pool == NULL)
        return NULL;
    return f;
}

int dfilter_compile_loc(const char *expr, struct dfilter **out, char *err, size_t errlen,
                        size_t *err_pos, size_t *err_len)
{
    struct parser ps = {0};
    ps.s = expr != NULL ? expr : "";
    ps.slen = strlen(ps.s);
    ps.err = err;
    ps.errlen = errlen;
    *out = NULL;
    if (errlen > 0)
        err[0] = '\0';
    if (ps.slen > DFILTER_MAX_LEN) {
        df_fail(&ps, DFILTER_MAX_LEN, 1, "Filter is too long (more than %d bytes)",
                DFILTER_MAX_LEN);
    } else if (df_tokenize(&ps)) {
        if (ps.ntok == 0)
            df_fail(&ps, 0, 1, "Empty filter expression");
        else if (alloc_filter(&ps) == NULL)
            df_fail(&ps, 0, 1, "out of memory for the filter's %d tokens' nodes, sets and ranges",
                    ps.ntok);
        else
            ps.f->root = df_parse(&ps);
    }
    if (!ps.failed && needs_scratch(ps.f)) {
        ps.f->scratch_cap = DF_SCRATCH;
        ps.f->scratch = malloc(DF_SCRATCH);
        if (ps.f->scratch == NULL)
            df_fail(&ps, 0, 1, "out of memory for the filter's %u-byte scratch buffer",
                    (unsigned)DF_SCRATCH);
    }
    free(ps.toks);
    if (ps.failed) {
        dfilter_free(ps.f);
        if (err_pos != NULL)
            *err_pos = ps.epos;
        if (err_len != NULL)
            *err_len = ps.elen;
        return -1;
    }
    *out = ps.f;
    return 0;
}

int dfilter_compile(const char *expr, struct dfilter **out, char *err, size_t errlen)
{
    size_t pos = 0, len = 0;
    int rc = dfilter_compile_loc(expr, out, err, errlen, &pos, &len);
    if (rc == 0 || errlen == 0)
        return rc;
    /* Append "\n    EXPR\n    ^~~~" as tshark does, clipped to the buffer. */
    const char *s = expr != NULL ? expr : "";
    size_t slen = strlen(s);
    size_t n = strlen(err);
    int w = snprintf(err + n, errlen - n, "\n    %.*s\n    ", (int)(slen < 4096 ? slen : 4096), s);
    if (w < 0 || (size_t)w >= errlen - n)
        return rc;
    n += (size_t)w;
    /* Tabs are copied so the caret stays under its token on a terminal. */
    for (size_t i = 0; i < pos && n + 1 < errlen; i++)
        err[n++] = i < slen && s[i] == '\t' ? '\t' : ' ';
    for (size_t i = 0; i < len && n + 1 < errlen; i++)
        err[n++] = i == 0 ? '^' : '~';
    err[n] = '\0';
    return rc;
}

unsigned dfilter_needs(const struct dfilter *f)
{
    unsigned n = 0;
    for (int i = 0; f != NULL && i < f->nnodes; i++)
        if (f->nodes[i].kind == E_FIELD)
            n |= df_field_needs(f->nodes[i].field);
    return n;
}

void dfilter_free(struct dfilter *f)
{
    if (f == NULL)
        return;
    if (f->re != NULL)
        df_regex_free(f);
    free(f->nodes);
    free(f->set);
    free(f->ranges);
    free(f->re);
    free(f->pool);
    free(f->scratch);
    free(f);
}
