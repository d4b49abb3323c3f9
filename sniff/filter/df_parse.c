/*
 * df_parse.c: the display filter's grammar, Wireshark 4.0's, by recursive descent with
 * an explicit depth limit (hostile input such as 100000 "(" is an error, not a stack
 * overflow):
 *
 *   expr     := and { (or | ||) and }
 *   and      := not { (and | &&) not }
 *   not      := (not | !) not | ( expr ) | relation
 *   relation := entity [ relop entity | contains entity | matches "re"
 *                      | [not] in { elem, ... } ]
 *   entity   := term { (& + - * / %) term }          left to right; * / % bind tighter
 *   term     := -term | field [slice] | literal | func ( entity ) [slice] | { entity }
 *   slice    := [ i:n | i-j | i | i: | :n , ... ]
 *
 * Entities (fields, literals, slices, functions, arithmetic) are df_entity.c's; this
 * file has the relations and the logic. Types are checked while parsing, once, so
 * matching never meets a comparison that makes no sense.
 */
#include <string.h>

#include "df_int.h"

static int parse_or(struct parser *ps, int depth);

/* ---- relations ---- */

static bool ordered(enum df_type t)
{
    return t != DF_NONE && t != DF_BOOL;
}

/* "a op b": one side gives its type to a literal on the other. */
static int cmp_node(struct parser *ps, const struct token *op, int l, int r)
{
    if (df_pending(ps, l) && df_pending(ps, r)) {
        df_not_a_field(ps, l);
        return -1;
    }
    if (df_pending(ps, l) && !df_resolve(ps, l, df_node(ps, r)->type, df_field_of(ps, r)))
        return -1;
    if (df_pending(ps, r) && !df_resolve(ps, r, df_node(ps, l)->type, df_field_of(ps, l)))
        return -1;
    enum df_type lt = df_node(ps, l)->type, rt = df_node(ps, r)->type;
    if (lt == DF_NONE) {
        df_fail(ps, df_node(ps, l)->pos, df_node(ps, l)->len,
                "%s is a label with no value: test it alone (%s), not compared",
                df_node(ps, l)->field != NULL ? df_node(ps, l)->field->name : "it",
                df_node(ps, l)->field != NULL ? df_node(ps, l)->field->name : "");
        return -1;
    }
    if (!df_compatible(lt, rt)) {
        df_fail(ps, df_node(ps, r)->pos, df_node(ps, r)->len,
                "%.*s and %.*s are not of compatible types", (int)df_node(ps, l)->len,
                ps->s + df_node(ps, l)->pos, (int)df_node(ps, r)->len, ps->s + df_node(ps, r)->pos);
        return -1;
    }
    if (op->op != R_EQ && op->op != R_NE && op->op != R_ALLEQ && op->op != R_ANYNE &&
        !ordered(lt)) {
        df_fail(ps, op->pos, op->len, "%s cannot be ordered: use == or !=", df_type_name(lt));
        return -1;
    }
    int n = df_new_op(ps, N_CMP, op, l, r);
    if (n >= 0)
        df_node(ps, n)->op = op->op;
    return n;
}

static int contains_node(struct parser *ps, const struct token *op, int l, int depth)
{
    enum df_type lt = df_node(ps, l)->type;
    bool re = op->kind == T_MATCHES;
    if (df_pending(ps, l)) {
        df_not_a_field(ps, l);
        return -1;
    }
    if (!(df_is_bytes(lt) || (!re && lt == DF_ETHER))) {
        df_fail(ps, df_node(ps, l)->pos, df_node(ps, l)->len,
                "%.*s is %s: \"%.*s\" takes bytes or text", (int)df_node(ps, l)->len,
                ps->s + df_node(ps, l)->pos, df_type_name(lt), (int)op->len, ps->s + op->pos);
        return -1;
    }
    const struct token *rt = df_peek(ps);
    if (re && rt->kind != T_STRING) {
        df_fail(ps, rt->pos, rt->len, "matches takes a regular expression in double quotes");
        return -1;
    }
    int r = df_parse_entity(ps, depth + 1);
    if (r < 0 || !df_resolve(ps, r, lt == DF_STRING ? DF_STRING : DF_BYTES, df_field_of(ps, l)))
        return -1;
    if (!df_is_bytes(df_node(ps, r)->type) && df_node(ps, r)->type != DF_ETHER) {
        df_fail(ps, df_node(ps, r)->pos, df_node(ps, r)->len, "%s needs bytes or text on its right",
                re ? "matches" : "contains");
        return -1;
    }
    int n = df_new_op(ps, re ? N_MATCHES : N_CONTAINS, op, l, r);
    if (n < 0)
        return -1;
    if (re && !df_regex_add(ps, &df_node(ps, r)->lit, df_node(ps, r)->pos, df_node(ps, r)->len,
                            &df_node(ps, n)->re))
        return -1;
    return n;
}

/* "FIELD in {a, b, lo..hi}" */
static int in_node(struct parser *ps, const struct token *op, int l)
{
    enum df_type lt = df_node(ps, l)->type;
    const struct df_field *fd = df_field_of(ps, l);
    if (df_pending(ps, l)) {
        df_not_a_field(ps, l);
        return -1;
    }
    if (df_peek(ps)->kind != T_LBRACE || lt == DF_NONE) {
        df_unexpected(ps, df_peek(ps));
        return -1;
    }
    ps->at++;
    int first = ps->f->nset;
    for (;;) {
        const struct token *t = df_peek(ps);
        struct set_elem *e = &ps->f->set[ps->f->nset];
        if (t->kind != T_WORD && t->kind != T_STRING && t->kind != T_CHAR) {
            df_unexpected(ps, t);
            return -1;
        }
        if (!df_literal(ps, t, lt, fd, &e->lo))
            return -1;
        e->hi = e->lo;
        e->range = ps->toks[ps->at + 1].kind == T_DOTDOT;
        ps->at++;
        if (e->range) {
            ps->at++;
            if (!ordered(lt)) {
                df_fail(ps, t->pos, t->len, "%s cannot be ordered: a range cannot hold it",
                        df_type_name(lt));
                return -1;
            }
            if (!df_literal(ps, df_peek(ps), lt, fd, &e->hi))
                return -1;
            ps->at++;
        }
        ps->f->nset++;
        int end = df_list_next(ps, T_RBRACE);
        if (end < 0)
            return -1;
        if (end == 1)
            break;
    }
    int n = df_new_op(ps, N_IN, op, l, -1);
    if (n < 0)
        return -1;
    df_node(ps, n)->first = first;
    df_node(ps, n)->count = ps->f->nset - first;
    return n;
}

static int parse_relation(struct parser *ps, int depth)
{
    int l = df_parse_entity(ps, depth);
    if (l < 0)
        return -1;
    const struct token *op = df_peek(ps);
    if (op->kind == T_REL) {
        ps->at++;
        int r = df_parse_entity(ps, depth + 1);
        return r < 0 ? -1 : cmp_node(ps, op, l, r);
    }
    if (op->kind == T_CONTAINS || op->kind == T_MATCHES) {
        ps->at++;
        return contains_node(ps, op, l, depth);
    }
    bool negate = op->kind == T_NOT && ps->toks[ps->at + 1].kind == T_IN;
    if (op->kind == T_IN || negate) {
        ps->at += negate ? 2 : 1;
        int n = in_node(ps, op, l);
        if (n < 0 || !negate)
            return n;
        return df_new_op(ps, N_NOT, op, n, -1);
    }
    if (df_pending(ps, l)) {
        df_not_a_field(ps, l);
        return -1;
    }
    return df_new_op(ps, N_TEST, op, l, -1);
}

static int parse_not(struct parser *ps, int depth)
{
    const struct token *t = df_peek(ps);
    if ((t->kind == T_LPAREN || t->kind == T_NOT) && df_too_deep(ps, depth, t))
        return -1;
    if (t->kind == T_LPAREN) {
        ps->at++;
        int e = parse_or(ps, depth + 1);
        if (e < 0)
            return -1;
        if (df_peek(ps)->kind != T_RPAREN) {
            if (df_peek(ps)->kind == T_END)
                df_fail(ps, t->pos, 1, "Missing \")\" to close this \"(\"");
            else
                df_unexpected(ps, df_peek(ps));
            return -1;
        }
        ps->at++;
        return e;
    }
    if (t->kind != T_NOT)
        return parse_relation(ps, depth);
    ps->at++;
    int c = parse_not(ps, depth + 1);
    if (c < 0)
        return -1;
    return df_new_op(ps, N_NOT, t, c, -1);
}

static int parse_bool(struct parser *ps, int depth, enum tkind kind, enum nkind nk)
{
    int l = kind == T_OR ? parse_bool(ps, depth, T_AND, N_AND) : parse_not(ps, depth);
    while (l >= 0 && df_peek(ps)->kind == kind) {
        const struct token *t = &ps->toks[ps->at++];
        int r = kind == T_OR ? parse_bool(ps, depth, T_AND, N_AND) : parse_not(ps, depth);
        if (r < 0)
            return -1;
        l = df_new_op(ps, nk, t, l, r);
    }
    return l;
}

static int parse_or(struct parser *ps, int depth)
{
    return parse_bool(ps, depth, T_OR, N_OR);
}

int df_parse(struct parser *ps)
{
    int root = parse_or(ps, 0);
    if (!ps->failed && df_peek(ps)->kind != T_END)
        df_unexpected(ps, df_peek(ps));
    return ps->failed ? -1 : root;
}
