/*
 * args.c: strict numeric argument parsing, usage errors, --help and --version (see
 * args.h).
 */
#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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

int args_help_version(int opt, const char *prog, void (*usage)(FILE *f), const char *typed)
{
    if (opt == 'h') {
        usage(stdout);
        return 0;
    }
    if (opt == 'V') {
        printf("%s (echosniff) %s\n", prog, ECHOSNIFF_VERSION);
        return 0;
    }
    return usage_error(prog, "unknown option '%s'", typed);
}
