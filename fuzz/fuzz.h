/*
 * fuzz.h: what the harnesses in fuzz/ share.
 *
 * Each harness defines LLVMFuzzerTestOneInput and is built twice: with clang's libFuzzer
 * (-fsanitize=fuzzer, the fuzz build, fuzz/CMakeLists.txt) to search for inputs, and with
 * replay_main.c (every build, tests/hardening.cmake) as a plain program that feeds it each
 * file of the seed corpora and of tests/fuzz-regress/, so ctest replays every input that
 * once crashed, leaked or hung, in the normal and the ASan+UBSan builds alike.
 */
#ifndef ECHOSNIFF_FUZZ_H
#define ECHOSNIFF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the later stages on a decoded packet the way sniff does: the colour rule, the
 * detail tree, the bytes pane and a few display filters, writing to /dev/null. Their
 * output is not checked; their reads are, by ASan. */
void fuzz_exercise_packet(const struct packet *p);

#endif
