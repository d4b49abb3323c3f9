/*
 * args.h: the command line of every program: strict parsing of numeric arguments, the
 * one way a usage error is reported, and args_parse, the getopt_long loop they share.
 * The parsers return false for anything but a whole decimal number in range (no sign,
 * no trailing junk, no overflow), so `-p 80x` or `-c -1` is an error rather than a guess.
 */
#ifndef ECHOSNIFF_ARGS_H
#define ECHOSNIFF_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

bool parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* A byte count with an optional unit, as GNU tools take them: K, M, G (or KiB, MiB, GiB)
 * are powers of 1024, KB, MB, GB powers of 1000; "32M", "32MiB", "1G", "65536". */
bool parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* A TCP port, 1..65535 (0 allowed only when allow_zero: "let the kernel choose"). */
bool parse_port(const char *s, bool allow_zero, uint16_t *out);

/* Prints "PROG: <message>" and a pointer to --help on stderr; returns exit status 2. */
int usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A number option of the echo programs: -1 with *v set when arg is a whole number from
 * min to max, else "PROG: invalid OPT 'ARG' (HINT)" (HINT NULL: "MIN to MAX") and 2. */
int args_u64(const char *prog, const char *opt, const char *arg, uint64_t min, uint64_t max,
             const char *hint, uint64_t *v);

/* How args_parse stores an option: ARGS_CODE, the program's take() does; ARGS_SET, the
 * bool at `at` in the program's options becomes true; ARGS_TEXT, the const char * at
 * `at` takes the argument. Options that only switch something on or name something need
 * no code of their own. */
enum args_kind { ARGS_CODE, ARGS_SET, ARGS_TEXT };

/* One option: getopt_long's row (name NULL for a letter without a long name: it is left
 * out of getopt's table) and, for a plain one, where it goes. */
struct args_opt {
    const char *name;
    int has_arg; /* no_argument, required_argument, optional_argument */
    int val;     /* the letter, or an id from 256 for a long-only option */
    enum args_kind kind;
    size_t at;
};
#define ARGS_TAKE ARGS_CODE, 0 /* a row the program's take() handles */
#define ARGS_SET_AT(type, member) ARGS_SET, offsetof(type, member)
#define ARGS_TEXT_AT(type, member) ARGS_TEXT, offsetof(type, member)
#define ARGS_MAX_OPTS 96 /* rows of one program's table, --help and --version added */

/* A program's command line. --help (-h) and --version (-V, unless version_opt is set) are
 * added to its options; a row whose val is a letter is also that short option. */
struct args_prog {
    const char *name;            /* in every message and in --version */
    bool in_order;               /* options end at the first operand (getopt's '+') */
    int operands;                /* operands it takes at the most (-1: any number) */
    const char *shortopts;       /* getopt's, ':' first, when the table's letters will not do */
    const struct args_opt *opts; /* ended by a row whose val is 0 */
    int version_opt;             /* what --version returns: a long-only id, or 0 for -V */
    const char *version_more;    /* a line --version prints after its own, or NULL */
    void (*usage)(FILE *f);      /* --help, -h */
    /* An ARGS_CODE option: -1 to go on, else the exit status (after saying why). Also
     * shown an unknown option ('?', arg the option as typed) first: -1 lets args_parse
     * say it is unknown. */
    int (*take)(void *ctx, int opt, const char *arg);
};

/* Reads argv's options by p: plain ones stored into `store`, the others handed to take
 * with ctx; --help and --version answered; a missing value or an unknown option said in
 * one wording for every program, naming the option as typed ("-c" of "-qc", "--count").
 * Returns -1 once the options are read (optind at the first operand), else the exit
 * status: 0 after --help or --version, 2 for bad usage (an operand past p->operands
 * too), or take's. */
int args_parse(const struct args_prog *p, void *store, void *ctx, int argc, char **argv);

#endif
