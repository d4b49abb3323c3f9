/*
 * df_entity.c: the display filter's entities, what relations compare (see df_parse.c for
 * the grammar): fields, literals, slices, function calls and arithmetic, each with the
 * type its values have. A literal has no type of its own: a word is first looked up as a
 * field, otherwise kept pending until the relation gives it the type of the other side
 * (df_resolve). The parser's shared helpers live here too.
 */
#include <stdlib.h>
#include <string.h>

#include "df_int.h"

const struct token *df_peek(const struct parser *ps)
{
    return &ps->toks[ps->at];
}

int df_new_node(struct parser *ps, enum nkind kind, const struct token *t)
{
    if (ps->f->nnodes >= ps->ncap) {
        df_fail(ps, t->pos, t->len, "Filter is too complex");
        return -1;
    }
    int n = ps->f->nnodes++;
    struct node *nd = &ps->f->nodes[n];
    memset(nd, 0, sizeof *nd);
    nd->kind = kind;
    nd->a = nd->b = nd->tok = -1;
    nd->pos = t->pos;
    nd->len = t->len;
    return n;
}

int df_new_op(struct parser *ps, enum nkind kind, const struct token *t, int a, int b)
{
    int n = df_new_node(ps, kind, t);
    if (n >= 0) {
        df_node(ps, n)->a = a;
        df_node(ps, n)->b = b;
    }
    return n;
}

struct node *df_node(struct parser *ps, int i)
{
    return &ps->f->nodes[i];
}

void df_unexpected(struct parser *ps, const struct token *t)
{
    if (t->kind == T_END) {
        df_fail(ps, t->pos, 1, "Unexpected end of filter expression");
        return;
    }
    char text[64];
    df_token_text(ps, t, text, sizeof text);
    df_fail(ps, t->pos, t->len, "\"%s\" was unexpected in this context", text);
}

int df_list_next(struct parser *ps, enum tkind close)
{
    enum tkind k = df_peek(ps)->kind;
    if (k != close && k != T_COMMA) {
        df_unexpected(ps, df_peek(ps));
        return -1;
    }
    ps->at++;
    return k == close;
}

bool df_too_deep(struct parser *ps, int depth, const struct token *t)
{
    if (depth < DFILTER_MAX_DEPTH)
        return false;
    df_fail(ps, t->pos, t->len, "Filter is nested too deeply (more than %d levels)",
            DFILTER_MAX_DEPTH);
    return true;
}

/* ---- types ---- */

bool df_is_int(enum df_type t)
{
    return t == DF_UINT || t == DF_FRAMENUM || t == DF_BOOL || t == DF_INT;
}

bool df_is_bytes(enum df_type t)
{
    return t == DF_BYTES || t == DF_PROTO || t == DF_STRING;
}

/* Whether two resolved types can be compared. */
bool df_compatible(enum df_type a, enum df_type b)
{
    if (a == b)
        return a != DF_NONE;
    bool na = a == DF_UINT || a == DF_FRAMENUM || a == DF_INT;
    bool nb = b == DF_UINT || b == DF_FRAMENUM || b == DF_INT;
    if (na && nb)
        return true;
    return df_is_bytes(a) && df_is_bytes(b);
}

/* A pending literal gets its type (or, for a word that names no value of that type but
 * looks like a field, the unknown-field sentence). */
bool df_resolve(struct parser *ps, int i, enum df_type type, const struct df_field *fd)
{
    struct node *n = df_node(ps, i);
    if (n->kind == E_ARITH)
        return df_resolve(ps, n->a, type, fd) && df_resolve(ps, n->b, type, fd);
    if (n->kind == E_NEG)
        return df_resolve(ps, n->a, type, fd);
    if (n->kind != E_LIT || !n->pending)
        return true;
    const struct token *t = &ps->toks[n->tok];
    struct df_value v;
    if (!df_literal(ps, t, type, fd, &v))
        return false;
    n = df_node(ps, i);
    n->lit = v;
    n->type = type == DF_PROTO ? DF_BYTES : type;
    n->pending = false;
    return true;
}

bool df_pending(struct parser *ps, int i)
{
    const struct node *n = df_node(ps, i);
    if (n->kind == E_ARITH)
        return df_pending(ps, n->a) && df_pending(ps, n->b);
    if (n->kind == E_NEG)
        return df_pending(ps, n->a);
    return n->kind == E_LIT && n->pending;
}

/* The field an entity reads, for messages and literal limits (NULL when none). */
const struct df_field *df_field_of(struct parser *ps, int i)
{
    const struct node *n = df_node(ps, i);
    if (n->kind == E_FIELD)
        return n->field;
    if (n->kind == E_ARITH || n->kind == E_NEG)
        return df_field_of(ps, n->a);
    return NULL;
}

/* A word that is not a field, where a field is needed: Wireshark's sentence, or ours for
 * a Wireshark field sniff does not decode. */
void df_not_a_field(struct parser *ps, int i)
{
    const struct node *n = df_node(ps, i);
    char c = ps->s[n->pos];
    bool name = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (n->kind == E_LIT && n->tok >= 0 && ps->toks[n->tok].kind == T_WORD && name) {
        char msg[256];
        df_field_unknown(ps->s + n->pos, n->len, msg, sizeof msg);
        df_fail(ps, n->pos, n->len, "%s", msg);
    } else {
        df_fail(ps, n->pos, n->len, "A constant cannot be tested alone: compare it with a field");
    }
}

/* ---- entities ---- */

/* One range of a slice, from one word: "0:4", "1-3", "4", "-2:", ":4". */
static bool parse_range(struct parser *ps, const struct token *t, struct slice_range *r)
{
    char text[64];
    if (t->kind != T_WORD || t->len >= sizeof text) {
        df_unexpected(ps, t);
        return false;
    }
    df_token_text(ps, t, text, sizeof text);
    char *end;
    long a = text[0] == ':' ? 0 : strtol(text, &end, 10);
    char *p = text[0] == ':' ? text : end;
    long b = -1;
    if (*p == ':' && p[1] == '\0') {
        b = -1; /* to the end */
    } else if (*p == ':') {
        b = strtol(p + 1, &end, 10);
        p = end;
        if (*p != '\0' || b < 0)
            goto bad;
    } else if (*p == '-' && p != text) {
        long last = strtol(p + 1, &end, 10);
        if (*end != '\0' || last <= a || a < 0)
            goto bad; /* Wireshark 4.0: the last offset after the first */
        b = last - a + 1;
    } else if (*p == '\0') {
        b = 1;
    } else {
        goto bad;
    }
    if (a < -65536 || a > 65536 || b > 65536)
        goto bad;
    r->start = (int32_t)a;
    r->len = (int32_t)b;
    return true;
bad:
    df_fail(ps, t->pos, t->len,
            "\"%s\" is not a valid range (write [start:length], [first-last] with last after "
            "first, [i], [i:] or [:n])",
            text);
    return false;
}

static int parse_slice(struct parser *ps, int child)
{
    const struct token *open = df_peek(ps);
    enum df_type ct = df_node(ps, child)->type;
    if (!(df_is_bytes(ct) || ct == DF_ETHER || ct == DF_IPV4 || ct == DF_IPV6)) {
        const struct node *c = df_node(ps, child);
        df_fail(ps, c->pos, c->len, "\"%.*s\" is %s and cannot be sliced into a sequence of bytes",
                (int)c->len, ps->s + c->pos, df_type_name(ct));
        return -1;
    }
    ps->at++;
    int n = df_new_op(ps, E_SLICE, open, child, -1);
    if (n < 0)
        return -1;
    df_node(ps, n)->type = DF_BYTES;
    df_node(ps, n)->first = ps->f->nranges;
    for (;;) {
        if (!parse_range(ps, df_peek(ps), &ps->f->ranges[ps->f->nranges]))
            return -1;
        ps->f->nranges++;
        ps->at++;
        int end = df_list_next(ps, T_RBRACKET);
        if (end < 0)
            return -1;
        if (end == 1)
            break;
    }
    df_node(ps, n)->count = ps->f->nranges - df_node(ps, n)->first;
    return n;
}

static const struct {
    const char *name;
    enum func fn;
} funcs[] = {{"len", FN_LEN},
             {"count", FN_COUNT},
             {"upper", FN_UPPER},
             {"lower", FN_LOWER},
             {"string", FN_STRING}};

static int parse_func(struct parser *ps, enum func fn, const struct token *name, int depth)
{
    ps->at += 2; /* the name and "(" */
    int arg = df_parse_entity(ps, depth + 1);
    if (arg < 0)
        return -1;
    if (df_peek(ps)->kind != T_RPAREN) {
        df_unexpected(ps, df_peek(ps));
        return -1;
    }
    ps->at++;
    const struct node *a = df_node(ps, arg);
    enum df_type at = a->type;
    const char *need = NULL;
    if ((a->kind == E_LIT && a->pending) ||
        ((fn == FN_COUNT || fn == FN_STRING) && a->kind != E_FIELD))
        need = "a field";
    else if ((fn == FN_UPPER || fn == FN_LOWER) && at != DF_STRING)
        need = "a string field";
    else if (fn == FN_LEN && !(df_is_bytes(at) || at == DF_ETHER || at == DF_IPV4 || at == DF_IPV6))
        need = "a field of bytes or characters";
    else if (fn == FN_STRING && (at == DF_NONE || at == DF_PROTO))
        need = "a field with a value";
    if (need != NULL) {
        if (a->kind == E_LIT && a->pending && fn != FN_UPPER)
            df_not_a_field(ps, arg);
        else
            df_fail(ps, a->pos, a->len, "%.*s() takes %s", (int)name->len, ps->s + name->pos, need);
        return -1;
    }
    int n = df_new_op(ps, E_FUNC, name, arg, -1);
    if (n < 0)
        return -1;
    df_node(ps, n)->op = fn;
    df_node(ps, n)->type = fn == FN_LEN || fn == FN_COUNT ? DF_UINT : DF_STRING;
    return n;
}

/* A word: a field, a function call, or a literal whose type comes later. */
static int parse_word(struct parser *ps, int depth)
{
    const struct token *t = df_peek(ps);
    if (ps->toks[ps->at + 1].kind == T_LPAREN) {
        for (size_t k = 0; k < sizeof funcs / sizeof funcs[0]; k++)
            if (strlen(funcs[k].name) == t->len &&
                memcmp(ps->s + t->pos, funcs[k].name, t->len) == 0)
                return parse_func(ps, funcs[k].fn, t, depth);
        df_fail(ps, t->pos, t->len,
                "The function %.*s() does not exist (sniff has len, count, "
                "upper, lower and string)",
                (int)t->len, ps->s + t->pos);
        return -1;
    }
    const struct df_field *fd = df_field_find(ps->s + t->pos, t->len);
    /* -tcp.len: the negation of a field (a lone word to Wireshark's scanner too). */
    bool neg = fd == NULL && t->len > 1 && ps->s[t->pos] == '-' &&
               (fd = df_field_find(ps->s + t->pos + 1, t->len - 1)) != NULL;
    int n = df_new_node(ps, fd != NULL ? E_FIELD : E_LIT, t);
    if (n < 0)
        return -1;
    if (fd != NULL) {
        df_node(ps, n)->field = fd;
        df_node(ps, n)->type = fd->type;
    } else {
        df_node(ps, n)->pending = true;
        df_node(ps, n)->tok = ps->at;
    }
    ps->at++;
    if (neg) {
        if (!df_is_int(fd->type) && fd->type != DF_RELTIME) {
            df_fail(ps, t->pos, t->len, "%s is %s and cannot be negated", fd->name,
                    df_type_name(fd->type));
            return -1;
        }
        int m = df_new_op(ps, E_NEG, t, n, -1);
        if (m < 0)
            return -1;
        df_node(ps, m)->type = fd->type == DF_RELTIME ? DF_RELTIME : DF_INT;
        n = m;
    }
    return n;
}

static int parse_term(struct parser *ps, int depth)
{
    const struct token *t = df_peek(ps);
    bool nests = t->kind == T_LBRACE || t->kind == T_ARITH ||
                 (t->kind == T_WORD && ps->toks[ps->at + 1].kind == T_LPAREN);
    if (nests && df_too_deep(ps, depth, t))
        return -1;
    int n;
    if (t->kind == T_WORD) {
        n = parse_word(ps, depth);
    } else if (t->kind == T_STRING || t->kind == T_CHAR) {
        n = df_new_node(ps, E_LIT, t);
        if (n >= 0) {
            df_node(ps, n)->pending = true;
            df_node(ps, n)->tok = ps->at++;
        }
    } else if (t->kind == T_LBRACE) { /* arithmetic is grouped with braces */
        ps->at++;
        n = df_parse_entity(ps, depth + 1);
        if (n >= 0 && df_peek(ps)->kind != T_RBRACE) {
            df_unexpected(ps, df_peek(ps));
            return -1;
        }
        ps->at++;
    } else if (t->kind == T_ARITH && t->op == A_SUB) {
        ps->at++;
        int c = parse_term(ps, depth + 1);
        if (c < 0)
            return -1;
        n = df_new_op(ps, E_NEG, t, c, -1);
        if (n >= 0) {
            enum df_type ct = df_node(ps, c)->type;
            df_node(ps, n)->type = df_is_int(ct) ? DF_INT : ct;
        }
    } else {
        df_unexpected(ps, t);
        return -1;
    }
    while (n >= 0 && df_peek(ps)->kind == T_LBRACKET) {
        if (df_pending(ps, n)) {
            df_not_a_field(ps, n);
            return -1;
        }
        n = parse_slice(ps, n);
    }
    return n;
}

/* Both sides of an arithmetic operator: integers (& also on booleans). */
static int arith_node(struct parser *ps, const struct token *op, int l, int r)
{
    bool lp = df_pending(ps, l), rp = df_pending(ps, r);
    enum df_type type = lp ? df_node(ps, r)->type : df_node(ps, l)->type;
    if (!lp && !rp && !df_compatible(df_node(ps, l)->type, df_node(ps, r)->type) &&
        !(op->op == A_AND && df_is_int(df_node(ps, l)->type) && df_is_int(df_node(ps, r)->type)))
        type = DF_NONE;
    /* & also takes bytes, as Wireshark's: tcp[13] & 0x12 (the shorter length). */
    bool bytes_and = op->op == A_AND && (type == DF_BYTES || type == DF_ETHER);
    if (!(lp && rp) && !bytes_and &&
        !(df_is_int(type) || (type == DF_RELTIME && (op->op == A_ADD || op->op == A_SUB)))) {
        const struct node *bad = lp ? df_node(ps, r) : df_node(ps, l);
        df_fail(ps, bad->pos, bad->len, "\"%.*s\" is %s: arithmetic takes integers", (int)bad->len,
                ps->s + bad->pos, df_type_name(bad->type));
        return -1;
    }
    if (!(lp && rp) && !df_resolve(ps, lp ? l : r, type, df_field_of(ps, lp ? r : l)))
        return -1;
    int n = df_new_op(ps, E_ARITH, op, l, r);
    if (n < 0)
        return -1;
    df_node(ps, n)->op = op->op;
    /* Wireshark computes integers signed: {tcp.len - 1} is -1 for an empty segment. */
    df_node(ps, n)->type = bytes_and                            ? DF_BYTES
                           : op->op != A_AND && df_is_int(type) ? DF_INT
                                                                : type;
    return n;
}

/* Left to right, * / % (level 1) binding tighter than & + - (level 0). */
static bool at_level(const struct token *t, int level)
{
    if (t->kind != T_ARITH)
        return false;
    bool mul = t->op == A_MUL || t->op == A_DIV || t->op == A_MOD;
    return mul == (level == 1);
}

static int parse_arith(struct parser *ps, int depth, int level)
{
    int l = level == 1 ? parse_term(ps, depth) : parse_arith(ps, depth, 1);
    while (l >= 0 && at_level(df_peek(ps), level)) {
        const struct token *op = &ps->toks[ps->at++];
        int r = level == 1 ? parse_term(ps, depth) : parse_arith(ps, depth, 1);
        l = r < 0 ? -1 : arith_node(ps, op, l, r);
    }
    return l;
}

int df_parse_entity(struct parser *ps, int depth)
{
    return parse_arith(ps, depth, 0);
}
