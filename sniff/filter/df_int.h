/*
 * df_int.h: what the display filter's parts share, and nothing outside filter/ sees:
 * tokens (df_lex.c), the compiled tree (df_parse.c builds it, df_eval.c walks it), and
 * the literal conversions (df_literal.c).
 *
 * A compiled filter is one allocation of nodes plus side arrays: set elements, slice
 * ranges, the bytes of string literals, and the compiled regular expressions. Matching
 * uses a scratch buffer of the filter's own for the results of upper(), lower() and
 * multi-range slices, reset per packet, so it never allocates.
 */
#ifndef ECHOSNIFF_DF_INT_H
#define ECHOSNIFF_DF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "df_value.h"
#include "dfilter.h"

/* ---- tokens ---- */

enum tkind {
    T_END,
    T_WORD,   /* a field name or an unquoted literal: 15213, 10.0.0.0/8, 00:16:ea:e3:54:e6 */
    T_STRING, /* "..." or r"...", escapes undone in the parser */
    T_CHAR,   /* 'a' */
    T_LPAREN,
    T_RPAREN,
    T_LBRACE,
    T_RBRACE,
    T_LBRACKET,
    T_RBRACKET,
    T_COMMA,
    T_AND,
    T_OR,
    T_NOT,
    T_REL, /* == != === !== ~= < > <= >= eq ... */
    T_IN,
    T_CONTAINS,
    T_MATCHES,
    T_ARITH, /* & + - * / % */
    T_DOTDOT,
    T_BAD
};

/* Relations. R_NE is Wireshark's "all not equal" (!=, !==, all_ne), R_ANYNE its "any not
 * equal" (~=, any_ne), R_ALLEQ "all equal" (===, all_eq). */
enum relop { R_EQ, R_NE, R_LT, R_GT, R_LE, R_GE, R_ALLEQ, R_ANYNE };
enum arith { A_AND, A_ADD, A_SUB, A_MUL, A_DIV, A_MOD };

struct token {
    enum tkind kind;
    size_t pos, len;
    int op; /* enum relop for T_REL, enum arith for T_ARITH */
};

/* ---- the compiled tree ---- */

enum nkind {
    /* tests: true or false */
    N_AND,
    N_OR,
    N_NOT,
    N_TEST,     /* a: an entity that exists (and, for &, is not zero) */
    N_CMP,      /* a op b */
    N_CONTAINS, /* a contains b */
    N_MATCHES,  /* a matches re */
    N_IN,       /* a in {set} */
    /* entities: lists of values */
    E_FIELD,
    E_LIT,
    E_SLICE, /* a[ranges] */
    E_FUNC,  /* func(a) */
    E_ARITH, /* a op b */
    E_NEG,   /* -a */
};

enum func { FN_LEN, FN_COUNT, FN_UPPER, FN_LOWER, FN_STRING };

struct node {
    enum nkind kind;
    int a, b;                     /* children (tests and entities) */
    int op;                       /* enum relop, enum arith, enum func */
    enum df_type type;            /* an entity's result type */
    const struct df_field *field; /* E_FIELD */
    struct df_value lit;          /* E_LIT */
    int first, count;             /* N_IN: set elements; E_SLICE: ranges */
    int re;                       /* N_MATCHES: index in f->re */
    int tok;                      /* E_LIT: its token while its type is not yet known */
    bool pending;                 /* E_LIT: converted once the other side's type is known */
    size_t pos, len;              /* the source text, for errors */
};

struct set_elem {
    struct df_value lo, hi;
    bool range;
};

/* A slice range as Wireshark writes it: [i:n] (start, length), [i-j] (first and last),
 * [i] (one byte), [i:] (to the end); negative starts count from the end. */
struct slice_range {
    int32_t start;
    int32_t len; /* -1: to the end */
};

/* A compiled "matches" pattern, with its match data and limits (df_eval.c). */
struct df_regex {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mc;
};

struct dfilter {
    int root;
    int nnodes;
    struct node *nodes;
    struct set_elem *set;
    int nset;
    struct slice_range *ranges;
    int nranges;
    uint8_t *pool; /* the bytes of string and byte literals */
    size_t npool, pool_cap;
    struct df_regex *re;
    int nre;
    uint8_t *scratch; /* results of functions and multi-range slices, per packet */
    size_t scratch_cap, scratch_used;
};

/* ---- the parser's state ---- */

struct parser {
    const char *s;
    size_t slen;
    struct token *toks;
    int ntok, at;
    struct dfilter *f;
    int ncap; /* nodes allocated */
    char *err;
    size_t errlen;
    size_t epos, elen;
    bool failed;
};

void df_fail(struct parser *ps, size_t pos, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* df_parse.c: the tree from ps->toks; its root, or -1 (ps->failed). */
int df_parse(struct parser *ps);

/* df_entity.c: an entity (term { op term }); its node, or -1. And the helpers the
 * parser's two files share: the current token, nodes, errors, types, literal
 * resolution. */
int df_parse_entity(struct parser *ps, int depth);
const struct token *df_peek(const struct parser *ps);
int df_new_node(struct parser *ps, enum nkind kind, const struct token *t);
/* A node with operands a and b (-1: none), as an operator's; -1 when the tree is full. */
int df_new_op(struct parser *ps, enum nkind kind, const struct token *t, int a, int b);
struct node *df_node(struct parser *ps, int i);
void df_unexpected(struct parser *ps, const struct token *t);
bool df_too_deep(struct parser *ps, int depth, const struct token *t);
/* After a list element: 0 at a comma (skipped), 1 at close (skipped), -1 otherwise. */
int df_list_next(struct parser *ps, enum tkind close);
bool df_is_int(enum df_type t);
bool df_is_bytes(enum df_type t);
bool df_compatible(enum df_type a, enum df_type b);
bool df_resolve(struct parser *ps, int i, enum df_type type, const struct df_field *fd);
bool df_pending(struct parser *ps, int i);
const struct df_field *df_field_of(struct parser *ps, int i);
void df_not_a_field(struct parser *ps, int i);

/* df_lex.c: cuts ps->s into ps->toks (T_END last); false (with the error) on a bad byte. */
bool df_tokenize(struct parser *ps);
/* A token's text as a C string, cut to fit. */
void df_token_text(const struct parser *ps, const struct token *t, char *buf, size_t n);

/* df_literal.c: a literal's text converted to the type an entity of `type` compares
 * with; field names the entity (for messages), t the literal's token. Bytes and strings
 * are copied into the filter's pool. */
bool df_literal(struct parser *ps, const struct token *t, enum df_type type,
                const struct df_field *field, struct df_value *v);
/* The text of a T_STRING token with its escapes undone, into the pool. */
bool df_string_literal(struct parser *ps, const struct token *t, struct df_value *v);

/* df_eval.c: PCRE2 for "matches" (case-insensitive, as Wireshark); false with the error. */
bool df_regex_add(struct parser *ps, const struct df_value *pattern, size_t pos, size_t len,
                  int *index);
void df_regex_free(struct dfilter *f);
/* A type's name in messages: "an unsigned integer", "a byte string"... */
const char *df_type_name(enum df_type t);

#endif
