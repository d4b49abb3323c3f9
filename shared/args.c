/*
 * args.c: strict numeric argument parsing, usage errors, and the getopt_long loop every
 * program's command line goes through (see args.h).
 */
#include "args.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    if (s == NULL || *s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return false;
    *out = (uint64_t)v;
    return true;
}

bool parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    static const struct {
        const char *suffix;
        uint64_t mul;
    } units[] = {
        {"", 1},
        {"K", 1024},
        {"k", 1024},
        {"KiB", 1024},
        {"KB", 1000},
        {"kB", 1000},
        {"M", 1024 * 1024},
        {"MiB", 1024 * 1024},
        {"MB", 1000000},
        {"G", 1024ull << 20},
        {"GiB", 1024ull << 20},
        {"GB", 1000000000ull},
    };
    if (s == NULL || *s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0)
        return false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].suffix) != 0)
            continue;
        if (v > UINT64_MAX / units[i].mul)
            return false;
        uint64_t bytes = (uint64_t)v * units[i].mul;
        if (bytes < min || bytes > max)
            return false;
        *out = bytes;
        return true;
    }
    return false;
}

bool parse_port(const char *s, bool allow_zero, uint16_t *out)
{
    uint64_t v;
    if (!parse_u64(s, allow_zero ? 0 : 1, 65535, &v))
        return false;
    *out = (uint16_t)v;
    return true;
}

int usage_error(const char *prog, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
    va_end(ap);
    return 2;
}

int args_u64(const char *prog, const char *opt, const char *arg, uint64_t min, uint64_t max,
             const char *hint, uint64_t *v)
{
    if (parse_u64(arg, min, max, v))
        return -1;
    if (hint != NULL)
        return usage_error(prog, "invalid %s '%s' (%s)", opt, arg, hint);
    return usage_error(prog, "invalid %s '%s' (%llu to %llu)", opt, arg, (unsigned long long)min,
                       (unsigned long long)max);
}

/* Whether `word` ("--name" or "--name=value", or the prefix of a name getopt took) is a
 * long option that returns val: the program's, --help or --version. */
static bool is_long(const struct args_prog *p, const char *word, int val)
{
    if (strncmp(word, "--", 2) != 0)
        return false;
    size_t n = strcspn(word + 2, "=");
    for (const struct args_opt *o = p->opts; o->val != 0; o++)
        if (o->val == val && o->name != NULL && strncmp(o->name, word + 2, n) == 0)
            return true;
    return (val == 'h' && strncmp("help", word + 2, n) == 0) ||
           (val == p->version_opt && strncmp("version", word + 2, n) == 0);
}

/*
 * The option getopt just refused, as the user typed it. getopt says only optopt: 0 for
 * an unknown long option (then argv[optind - 1] is the word), else the letter, or the
 * val of a long option given a value it does not take or not given one it needs. In a
 * cluster ("-qz") argv[optind - 1] can be the word before, so a letter is named alone.
 */
static const char *typed_option(const struct args_prog *p, int c, char **argv, char *buf)
{
    const char *word = argv[optind - 1];
    if (optopt == 0 || is_long(p, word, optopt) || (c == ':' && strncmp(word, "--", 2) == 0))
        return word;
    buf[0] = '-';
    buf[1] = (char)optopt;
    buf[2] = '\0';
    return buf;
}

/* getopt_long's table: the program's long options, then --help and --version. */
static void long_table(const struct args_prog *p, struct option *lo)
{
    size_t n = 0;
    for (const struct args_opt *o = p->opts; o->val != 0 && n < ARGS_MAX_OPTS - 2; o++)
        if (o->name != NULL)
            lo[n++] = (struct option){o->name, o->has_arg, NULL, o->val};
    lo[n++] = (struct option){"help", no_argument, NULL, 'h'};
    lo[n++] = (struct option){"version", no_argument, NULL, p->version_opt};
    lo[n] = (struct option){NULL, 0, NULL, 0};
}

/* getopt's letters, from the table's: "+" when in order, ":" for a missing value said
 * here, a ':' after a letter that takes a value ("::" when it may), then h and V. */
static void short_table(const struct args_prog *p, char *so, size_t len)
{
    size_t n = 0;
    if (p->in_order)
        so[n++] = '+';
    so[n++] = ':';
    for (const struct args_opt *o = p->opts; o->val != 0 && n + 6 < len; o++) {
        if (o->val >= 256 || (o != p->opts && o[-1].val == o->val))
            continue;
        so[n++] = (char)o->val;
        if (o->has_arg != no_argument)
            so[n++] = ':';
        if (o->has_arg == optional_argument)
            so[n++] = ':';
    }
    so[n++] = 'h';
    if (p->version_opt == 'V')
        so[n++] = 'V';
    so[n] = '\0';
}

/* A plain option stored, or the program's take: -1 to go on, else the exit status. */
static int take_one(const struct args_prog *p, void *store, void *ctx, int c, const char *arg)
{
    for (const struct args_opt *o = p->opts; o->val != 0; o++) {
        if (o->val != c)
            continue;
        if (o->kind == ARGS_SET) {
            *(bool *)((char *)store + o->at) = true;
            return -1;
        }
        if (o->kind == ARGS_TEXT) {
            *(const char **)((char *)store + o->at) = arg;
            return -1;
        }
        break;
    }
    return p->take(ctx, c, arg);
}

int args_parse(const struct args_prog *prog, void *store, void *ctx, int argc, char **argv)
{
    struct args_prog with_v = *prog;
    with_v.version_opt = prog->version_opt != 0 ? prog->version_opt : 'V';
    const struct args_prog *p = &with_v;
    struct option lo[ARGS_MAX_OPTS + 1];
    long_table(p, lo);
    char so[3 * ARGS_MAX_OPTS + 8];
    short_table(p, so, sizeof so);
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, p->shortopts != NULL ? p->shortopts : so, lo, NULL)) !=
           -1) {
        char buf[3];
        int rc = -1;
        if (c == 'h') {
            p->usage(stdout);
            return 0;
        }
        if (c == p->version_opt) {
            printf("%s (echosniff) %s\n", p->name, ECHOSNIFF_VERSION);
            if (p->version_more != NULL)
                printf("%s\n", p->version_more);
            return 0;
        }
        if (c == ':') {
            const char *opt = typed_option(p, c, argv, buf);
            return usage_error(p->name,
                               "option '%s' needs a value; none was given (write it as "
                               "'%s VALUE')",
                               opt, opt);
        }
        if (c == '?') {
            const char *opt = typed_option(p, c, argv, buf);
            rc = p->take(ctx, '?', opt);
            return rc >= 0 ? rc : usage_error(p->name, "unknown option '%s'", opt);
        }
        if ((rc = take_one(p, store, ctx, c, optarg)) >= 0)
            return rc;
    }
    if (p->operands >= 0 && argc - optind > p->operands)
        return usage_error(p->name, "unexpected argument '%s'", argv[optind + p->operands]);
    return -1;
}
