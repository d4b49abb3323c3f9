/*
 * oui_shorten.c: an organisation name of the IEEE registry as Wireshark's short vendor
 * name ("Intel Corporate" -> "Intel"), for oui.c.
 *
 * The shortening follows the rules of Wireshark's tools/make-manuf.py (the revision
 * that writes epan/manuf-data.c), restated here and written afresh:
 *   1. collapse runs of white space to one space and trim the ends;
 *   2. a name with no lower-case letters is put in title case ("CARNEGIE-MELLON
 *      UNIVERSITY" -> "Carnegie-Mellon University");
 *   3. drop everything from the first "(" to the last ")", and the same for the
 *      full-width brackets U+FF08 and U+FF09 (mostly in Asian names);
 *   4. " a " becomes " " ("Aruba, a Hewlett Packard Enterprise Company");
 *   5. the punctuation  " ' , . / : ( ) + -  and the quotes U+00AB U+00BB U+201C
 *      U+201D become spaces; " & " becomes " ";
 *   6. general terms are removed, case-insensitively, each as a whole word preceded by
 *      a space: business forms (Inc, Incorporated, Corp, Corporation, Corporate, Co,
 *      Company, Ltd, Limited, LLC, GmbH, AG, KG, AB, A/S, B.V., N.V., S.A., S.A.R.L.,
 *      S.p.A., S.r.l., Sp.k., Pty, Pvt, PLC, Oy, Oyj, OOO, OAO, ZAO, JSC, OU, K.K.,
 *      Sp. z o.o., S.A. de C.V., (Open|Closed) Joint Stock Company, Holding) and the
 *      words "of", "Systems" and "the" -- unless that would leave nothing;
 *   7. two special cases ("Advanced Micro Devices" -> "AMD", and one Chinese name);
 *   8. a leading Chinese city name (Shenzhen, Beijing, Shanghai, ...) is dropped when
 *      more words follow;
 *   9. all remaining spaces are removed and the result is cut to OUI_SHORT_CHARS code
 *      points.
 * So "Intel Corporate" -> "Intel", "Cisco Systems, Inc" -> "Cisco", "CARNEGIE-MELLON
 * UNIVERSITY" -> "CarnegieMellonUniversity" -> "Carnegie". Letter case and word
 * characters follow ASCII and Latin-1 (Python's rules cover all of Unicode); the
 * difference shows only for names whose first eight characters are in other scripts.
 */
#include "oui.h"

#include <string.h>

#define NAME_MAX_CPS 1024 /* organisation names in code points (the longest is ~580) */

/* ---- code points ------------------------------------------------------------------ */

/* Decodes UTF-8 into code points; an invalid byte becomes U+FFFD. Returns the count. */
static size_t utf8_decode(const char *s, uint32_t *cp, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p && n < max) {
        uint32_t c = *p;
        int extra = 0;
        if (c < 0x80)
            extra = 0;
        else if ((c & 0xe0) == 0xc0)
            extra = 1, c &= 0x1f;
        else if ((c & 0xf0) == 0xe0)
            extra = 2, c &= 0x0f;
        else if ((c & 0xf8) == 0xf0)
            extra = 3, c &= 0x07;
        else
            extra = -1;
        int i = 1;
        for (; extra > 0 && i <= extra; i++) {
            if ((p[i] & 0xc0) != 0x80)
                break;
            c = c << 6 | (p[i] & 0x3f);
        }
        if (extra < 0 || i <= extra) {
            cp[n++] = 0xfffd;
            p += 1;
        } else {
            cp[n++] = c;
            p += 1 + extra;
        }
    }
    return n;
}

/* Encodes code points as UTF-8 into out (size outsz, NUL-terminated). */
static void utf8_encode(const uint32_t *cp, size_t n, char *out, size_t outsz)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cp[i];
        unsigned char b[4];
        size_t k;
        if (c < 0x80) {
            b[0] = (unsigned char)c, k = 1;
        } else if (c < 0x800) {
            b[0] = (unsigned char)(0xc0 | c >> 6), b[1] = (unsigned char)(0x80 | (c & 0x3f));
            k = 2;
        } else if (c < 0x10000) {
            b[0] = (unsigned char)(0xe0 | c >> 12);
            b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
            b[2] = (unsigned char)(0x80 | (c & 0x3f));
            k = 3;
        } else {
            b[0] = (unsigned char)(0xf0 | c >> 18);
            b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
            b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
            b[3] = (unsigned char)(0x80 | (c & 0x3f));
            k = 4;
        }
        if (o + k >= outsz)
            break;
        memcpy(out + o, b, k);
        o += k;
    }
    out[o] = '\0';
}

/* White space as Python's str.split() sees it, Unicode spaces included (one registry
 * entry separates its words with U+2002). */
static bool is_space(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c == 0x85 ||
           c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
           c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Letters with case: ASCII and the Latin-1 letters (U+00C0..U+00FF but x and ÷). */
static bool is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7);
}

static bool is_lower(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7);
}

static uint32_t to_lower(uint32_t c)
{
    return is_upper(c) ? c + 0x20 : c;
}

static uint32_t to_upper(uint32_t c)
{
    /* U+00DF (sharp s) and U+00FF have no single upper-case letter in Latin-1. */
    return (is_lower(c) && c != 0xdf && c != 0xff) ? c - 0x20 : c;
}

/* A regular-expression word character: letters, digits, underscore. Outside ASCII,
 * anything from U+00C0 that is not general punctuation or a CJK/full-width symbol. */
static bool is_word(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               c == '_';
    if (c < 0xc0 || c == 0xd7 || c == 0xf7)
        return false;
    if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) ||
        (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20))
        return false;
    return true;
}

/* The punctuation rule 5 turns into spaces. */
static bool is_punct(uint32_t c)
{
    switch (c) {
    case '"':
    case '\'':
    case ',':
    case '.':
    case '/':
    case ':':
    case '(':
    case ')':
    case '+':
    case '-':
    case 0xab:   /* LEFT-POINTING DOUBLE ANGLE QUOTATION MARK */
    case 0xbb:   /* RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK */
    case 0x201c: /* LEFT DOUBLE QUOTATION MARK */
    case 0x201d: /* RIGHT DOUBLE QUOTATION MARK */
        return true;
    default:
        return false;
    }
}

/* ---- the make-manuf.py rules -------------------------------------------------------- */

/* General terms, tried in this order at each position. In a pattern, " ?" is an optional
 * space, " +" one or more spaces, a leading '^' means "at a word boundary" instead of
 * "after a space"; every term must end at a word boundary. */
static const char *const general_terms[] = {
    " a +s",    " ab",        " ag",         " b ?v",        " closed joint stock company",
    " co",      " company",   " corp",       " corporation", " corporate",
    " de c ?v", " gmbh",      " holding",    " inc",         " incorporated",
    " jsc",     " kg",        " k k",        " limited",     " llc",
    " ltd",     " n ?v",      " oao",        " of",          " open joint stock company",
    " ooo",     " o\xc3\xbc", " oy",         " oyj",         " plc",
    " pty",     " pvt",       " s ?a ?r ?l", " s ?a",        " s ?p ?a",
    " sp ?k",   " s ?r ?l",   " systems",    "^the",         " zao",
    " z ?o ?o",
};

static const char *const skip_start[] = {
    "shengzen", "shenzhen", "beijing",   "shanghai", "wuhan",
    "hangzhou", "guangxi",  "guangdong", "chengdu",
};

/* The next code point of a UTF-8 pattern string (patterns are well-formed). */
static uint32_t pat_next(const char **pp)
{
    const unsigned char *p = (const unsigned char *)*pp;
    uint32_t c = p[0];
    if (c >= 0xc0 && c < 0xe0 && p[1]) {
        c = (c & 0x1f) << 6 | (p[1] & 0x3f);
        *pp += 2;
    } else {
        *pp += 1;
    }
    return c;
}

/* Matches pattern at t[i..]; returns the end index or 0 when it does not match (no
 * pattern matches the empty string). */
static size_t match_term(const uint32_t *t, size_t n, size_t i, const char *pat)
{
    size_t j = i;
    if (*pat == '^') {
        bool before = i > 0 && is_word(t[i - 1]);
        bool after = i < n && is_word(t[i]);
        if (before == after)
            return 0;
        pat++;
    } else if (i >= n || t[i] != ' ') {
        return 0; /* every other term starts with a space */
    }
    while (*pat) {
        if (pat[0] == ' ' && pat[1] == '?') {
            if (j < n && t[j] == ' ')
                j++;
            pat += 2;
        } else if (pat[0] == ' ' && pat[1] == '+') {
            if (j >= n || t[j] != ' ')
                return 0;
            while (j < n && t[j] == ' ')
                j++;
            pat += 2;
        } else {
            uint32_t c = pat_next(&pat);
            if (j >= n || to_lower(t[j]) != to_lower(c))
                return 0;
            j++;
        }
    }
    bool before = j > 0 && is_word(t[j - 1]);
    bool after = j < n && is_word(t[j]);
    return before != after ? j : 0;
}

/* Replaces each non-overlapping occurrence of the 3-code-point sequence a,b,c with one
 * space, left to right, as Python's str.replace does. */
static size_t replace3(uint32_t *t, size_t n, uint32_t a, uint32_t b, uint32_t c)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (i + 2 < n && t[i] == a && t[i + 1] == b && t[i + 2] == c) {
            t[o++] = ' ';
            i += 3;
        } else {
            t[o++] = t[i++];
        }
    }
    return o;
}

/* Removes from the first `open` to the last `close` after it, inclusive (regex
 * "\(.*\)": greedy, leftmost). */
static size_t drop_bracketed(uint32_t *t, size_t n, uint32_t open, uint32_t close)
{
    size_t i = 0, j = n;
    while (i < n && t[i] != open)
        i++;
    if (i == n)
        return n;
    for (size_t k = n; k-- > i + 1;) {
        if (t[k] == close) {
            j = k;
            break;
        }
    }
    if (j == n)
        return n;
    memmove(t + i, t + j + 1, (n - j - 1) * sizeof *t);
    return n - (j + 1 - i);
}

static bool equals_ascii(const uint32_t *t, size_t n, const char *s, bool fold)
{
    uint32_t c[64];
    size_t m = utf8_decode(s, c, 64);
    if (m != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (fold ? to_lower(t[i]) != to_lower(c[i]) : t[i] != c[i])
            return false;
    return true;
}

/* Steps 1 and 2: white space collapsed and trimmed, and an all-capitals name put in
 * title case (a cased letter after a cased one is lower-cased). */
static size_t normalise(const uint32_t *raw, size_t rn, uint32_t *t)
{
    size_t n = 0;
    for (size_t i = 0; i < rn; i++) {
        if (is_space(raw[i])) {
            if (n > 0 && t[n - 1] != ' ')
                t[n++] = ' ';
        } else {
            t[n++] = raw[i];
        }
    }
    if (n > 0 && t[n - 1] == ' ')
        n--;
    bool any_upper = false, any_lower = false;
    for (size_t i = 0; i < n; i++)
        any_upper |= is_upper(t[i]), any_lower |= is_lower(t[i]);
    if (any_upper && !any_lower) {
        bool prev_cased = false;
        for (size_t i = 0; i < n; i++) {
            bool cased = is_upper(t[i]) || is_lower(t[i]);
            if (cased)
                t[i] = prev_cased ? to_lower(t[i]) : to_upper(t[i]);
            prev_cased = cased;
        }
    }
    return n;
}

/* Step 6: the general terms removed into u, kept in t only if something but spaces is
 * left. */
static size_t drop_general_terms(uint32_t *t, size_t n, uint32_t *u)
{
    size_t un = 0;
    for (size_t i = 0; i < n;) {
        size_t end = 0;
        /* Every term starts with a space and a letter but "the": try only the terms
         * whose letter is the next one (loading the registry tries every position of
         * some 32,000 names). */
        bool may = t[i] == ' ' || to_lower(t[i]) == 't';
        uint32_t next = t[i] == ' ' && i + 1 < n ? to_lower(t[i + 1]) : 0;
        for (size_t k = 0; may && k < sizeof general_terms / sizeof general_terms[0] && !end; k++) {
            const char *g = general_terms[k];
            if (g[0] == ' ' && (unsigned char)g[1] != next)
                continue;
            end = match_term(t, n, i, g);
        }
        if (end) {
            i = end;
        } else {
            u[un++] = t[i++];
        }
    }
    bool only_spaces = true;
    for (size_t i = 0; i < un; i++)
        only_spaces &= u[i] == ' ';
    if (only_spaces)
        return n;
    memcpy(t, u, un * sizeof *u);
    return un;
}

/* Steps 7 and 8, after a strip: the special cases, and a leading city name when more
 * words follow. */
static size_t special_cases(uint32_t *t, size_t n)
{
    size_t s = 0;
    while (s < n && is_space(t[s]))
        s++;
    while (n > s && is_space(t[n - 1]))
        n--;
    memmove(t, t + s, (n - s) * sizeof *t);
    n -= s;
    if (equals_ascii(t, n, "Advanced Micro Devices", false)) {
        n = utf8_decode("AMD", t, NAME_MAX_CPS);
    } else if (equals_ascii(t, n,
                            "\xe6\x9d\xad\xe5\xb7\x9e\xe5\xbe\xb7\xe6\xbe\x9c\xe7\xa7\x91"
                            "\xe6\x8a\x80\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8",
                            false)) {
        n = utf8_decode("DelanTech", t, NAME_MAX_CPS);
    }
    size_t w = 0;
    while (w < n && !is_space(t[w]))
        w++;
    if (w == n)
        return n;
    for (size_t k = 0; k < sizeof skip_start / sizeof skip_start[0]; k++) {
        if (equals_ascii(t, w, skip_start[k], true)) {
            while (w < n && is_space(t[w]))
                w++;
            memmove(t, t + w, (n - w) * sizeof *t);
            return n - w;
        }
    }
    return n;
}

bool oui_shorten(const char *org, char out[OUI_SHORT_MAX])
{
    uint32_t raw[NAME_MAX_CPS], t[NAME_MAX_CPS], u[NAME_MAX_CPS];
    size_t rn = utf8_decode(org, raw, NAME_MAX_CPS);
    out[0] = '\0';
    size_t n = normalise(raw, rn, t);
    /* 3. Bracketed asides. */
    n = drop_bracketed(t, n, '(', ')');
    n = drop_bracketed(t, n, 0xff08, 0xff09);
    /* 4. " a ". */
    n = replace3(t, n, ' ', 'a', ' ');
    /* 5. Punctuation, then " & ". */
    for (size_t i = 0; i < n; i++)
        if (is_punct(t[i]))
            t[i] = ' ';
    n = replace3(t, n, ' ', '&', ' ');
    n = drop_general_terms(t, n, u);
    n = special_cases(t, n);
    /* 9. No spaces; at most OUI_SHORT_CHARS code points. */
    size_t o = 0;
    for (size_t i = 0; i < n && o < OUI_SHORT_CHARS; i++)
        if (!is_space(t[i]))
            t[o++] = t[i];
    if (o == 0)
        return false;
    utf8_encode(t, o, out, OUI_SHORT_MAX);
    return true;
}
