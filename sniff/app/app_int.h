/*
 * app_int.h: what the files of app/ share among themselves, the steps sniff_open
 * (setup.c) takes from setup_priv.c and setup_analysis.c, and the loops' (run_offline.c,
 * run_live.c) sentence for a failed -w write. Not for other stages: their interface is
 * sniff.h.
 */
#ifndef ECHOSNIFF_APP_INT_H
#define ECHOSNIFF_APP_INT_H

#include <stddef.h>

#include "sniff.h"
#include "status.h"

/* setup_priv.c: gives up root (priv.h), opening the files before or after as the plan
 * says; draws the hash tables' random key (before the sandbox). */
STATUS_CHECK enum status sniff_drop_and_open(struct sniff *s, char *err, size_t errlen);
STATUS_CHECK enum status sniff_hash_key(struct sniff *s, char *err, size_t errlen);

/* setup_analysis.c: colour, palette and width for the list and the annotations; the
 * pictures' output and looks. */
void sniff_setup_view(struct sniff *s);
void sniff_setup_drawing(struct sniff *s);

/* sniff_frame.c: a failed -w write: its sentence into err, and what was captured is
 * what the file holds; returns 1, the loops' runtime error. */
int sniff_write_failure(struct sniff *s, char *err, size_t errlen);

#endif
