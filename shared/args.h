/*
 * args.h: strict parsing of numeric command-line arguments, shared by every program, and
 * the one way they report a usage error.
 * Each returns false for anything but a whole decimal number in range (no sign, no
 * trailing junk, no overflow), so `-p 80x` or `-c -1` is an error rather than a guess.
 */
#ifndef ECHOSNIFF_ARGS_H
#define ECHOSNIFF_ARGS_H

#include <stdbool.h>
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

/* The options the echo programs' getopt_long loops (optstring starting with ':', opterr
 * 0) share: 'h' prints usage to stdout and 'V' the version ("PROG (echosniff) VERSION"),
 * both returning exit status 0; anything else is an unknown option, named as typed (a
 * usage error, 2). */
int args_help_version(int opt, const char *prog, void (*usage)(FILE *f), const char *typed);

#endif
