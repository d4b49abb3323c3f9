/*
 * args.h: strict parsing of numeric command-line arguments, shared by every program.
 * Each returns false for anything but a whole decimal number in range (no sign, no
 * trailing junk, no overflow), so `-p 80x` or `-c -1` is an error rather than a guess.
 */
#ifndef ECHOSNIFF_ARGS_H
#define ECHOSNIFF_ARGS_H

#include <stdbool.h>
#include <stdint.h>

bool parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* A TCP port, 1..65535 (0 allowed only when allow_zero: "let the kernel choose"). */
bool parse_port(const char *s, bool allow_zero, uint16_t *out);

#endif
