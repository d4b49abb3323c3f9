/*
 * df_lex.c: the display filter's tokenizer. Cuts an expression into words (field names
 * and unquoted literals), quoted strings, character literals, operators and brackets,
 * each with its offset, so that an error can put a caret under it as tshark does.
 *
 * A word is what Wireshark's scanner takes as one: letters, digits and _ . : / -, so
 * that 10.0.0.0/8, 00-16-ea-e3-54-e6 and 2001:db8::1 are single tokens; ".." ends a
 * word (a set range, 8000..8999). An operator character that starts a token is an
 * operator: "-" before a space is subtraction, "/" division.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df_int.h"

void df_fail(struct parser *ps, size_t pos, size_t len, const char *fmt, ...)
{
    if (ps->failed)
        return;
    ps->failed = true;
    ps->epos = pos;
    ps->elen = len == 0 ? 1 : len;
    if (ps->errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err, ps->errlen, fmt, ap);
        va_end(ap);
    }
}

void df_token_text(const struct parser *ps, const struct token *t, char *buf, size_t n)
{
    size_t len = t->len < n - 1 ? t->len : n - 1;
    memcpy(buf, ps->s + t->pos, len);
    buf[len] = '\0';
}

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == ':' || c == '/' || c == '-';
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static const struct {
    const char *kw;
    enum tkind kind;
    int op;
} keywords[] = {
    {"and", T_AND, 0},
    {"or", T_OR, 0},
    {"not", T_NOT, 0},
    {"in", T_IN, 0},
    {"contains", T_CONTAINS, 0},
    {"matches", T_MATCHES, 0},
    {"eq", T_REL, R_EQ},
    {"ne", T_REL, R_NE},
    {"lt", T_REL, R_LT},
    {"gt", T_REL, R_GT},
    {"le", T_REL, R_LE},
    {"ge", T_REL, R_GE},
    {"any_eq", T_REL, R_EQ},
    {"all_ne", T_REL, R_NE},
    {"all_eq", T_REL, R_ALLEQ},
    {"any_ne", T_REL, R_ANYNE},
    {"bitwise_and", T_ARITH, A_AND},
};

/* Punctuation, longest first. */
static const struct {
    const char *text;
    enum tkind kind;
    int op;
} puncts[] = {
    {"===", T_REL, R_ALLEQ}, {"!==", T_REL, R_NE},  {"==", T_REL, R_EQ},   {"!=", T_REL, R_NE},
    {"~=", T_REL, R_ANYNE},  {"<=", T_REL, R_LE},   {">=", T_REL, R_GE},   {"&&", T_AND, 0},
    {"||", T_OR, 0},         {"..", T_DOTDOT, 0},   {"<", T_REL, R_LT},    {">", T_REL, R_GT},
    {"!", T_NOT, 0},         {"~", T_MATCHES, 0},   {"&", T_ARITH, A_AND}, {"+", T_ARITH, A_ADD},
    {"*", T_ARITH, A_MUL},   {"%", T_ARITH, A_MOD}, {"(", T_LPAREN, 0},    {")", T_RPAREN, 0},
    {"{", T_LBRACE, 0},      {"}", T_RBRACE, 0},    {"[", T_LBRACKET, 0},  {"]", T_RBRACKET, 0},
    {",", T_COMMA, 0},
};

/* A quoted string from s[i] (the quote), or a raw string r"..." from s[i - 1]: to the
 * closing quote, a backslash escaping the next byte. T_BAD when it is not closed. */
static struct token quoted(const struct parser *ps, size_t start, size_t i, char q)
{
    size_t j = i + 1;
    while (j < ps->slen && ps->s[j] != q) {
        if (ps->s[j] == '\\' && j + 1 < ps->slen)
            j++;
        j++;
    }
    if (j >= ps->slen)
        return (struct token){T_BAD, start, ps->slen - start, 1};
    return (struct token){q == '"' ? T_STRING : T_CHAR, start, j + 1 - start, 0};
}

static struct token word(const struct parser *ps, size_t i)
{
    size_t j = i;
    while (j < ps->slen && is_word_char(ps->s[j]) &&
           !(ps->s[j] == '.' && j + 1 < ps->slen && ps->s[j + 1] == '.' && j > i))
        j++;
    struct token t = {T_WORD, i, j - i, 0};
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
        if (strlen(keywords[k].kw) == t.len && memcmp(ps->s + i, keywords[k].kw, t.len) == 0) {
            t.kind = keywords[k].kind;
            t.op = keywords[k].op;
            break;
        }
    }
    return t;
}

/* Classifies the token at s[i]. */
static struct token next_token(const struct parser *ps, size_t i)
{
    const char *s = ps->s;
    char c = s[i], d = i + 1 < ps->slen ? s[i + 1] : '\0';
    if (c == '"')
        return quoted(ps, i, i, '"');
    if (c == 'r' && d == '"') {
        struct token t = quoted(ps, i, i + 1, '"');
        t.op = t.kind == T_STRING ? 1 : t.op; /* raw: escapes kept as written */
        return t;
    }
    if (c == '\'')
        return quoted(ps, i, i, '\'');
    /* A sign or a slash that starts a word is an operator unless a word follows it at
     * once: -1, -2: (a slice from the end) and -tcp.len stay words. */
    if ((c == '-' && !is_alnum(d)) || c == '/')
        return (struct token){T_ARITH, i, 1, c == '-' ? A_SUB : A_DIV};
    for (size_t k = 0; k < sizeof puncts / sizeof puncts[0]; k++) {
        size_t n = strlen(puncts[k].text);
        if (i + n <= ps->slen && memcmp(s + i, puncts[k].text, n) == 0)
            return (struct token){puncts[k].kind, i, n, puncts[k].op};
    }
    if (is_word_char(c))
        return word(ps, i);
    return (struct token){T_BAD, i, 1, 0};
}

bool df_tokenize(struct parser *ps)
{
    /* At most one token per byte, plus the end marker. */
    ps->toks = calloc(ps->slen + 1, sizeof *ps->toks);
    if (ps->toks == NULL) {
        df_fail(ps, 0, 0, "out of memory for the tokens of a %zu-byte filter", ps->slen);
        return false;
    }
    size_t i = 0;
    while (i < ps->slen) {
        char c = ps->s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        struct token t = next_token(ps, i);
        if (t.kind == T_BAD) {
            if (t.op == 1)
                df_fail(ps, t.pos, 1, "The quote that starts here is never closed");
            else if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
                df_fail(ps, i, 1, "\"%c\" was unexpected in this context", c);
            else
                df_fail(ps, i, 1, "unexpected byte 0x%02x in the expression", (unsigned char)c);
            return false;
        }
        ps->toks[ps->ntok++] = t;
        i += t.len;
    }
    ps->toks[ps->ntok] = (struct token){T_END, ps->slen, 1, 0};
    return true;
}
