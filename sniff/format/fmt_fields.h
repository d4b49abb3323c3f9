/*
 * fmt_fields.h: -T fields -e FIELD ... -E OPTION=VALUE, tshark's output for scripts and
 * autograders: one line per displayed packet, the fields' values separated by a tab
 * (separator=), several occurrences of a field joined by commas (aggregator=, or only
 * the first or last: occurrence=f|l), optionally quoted (quote=d|s) and under a header
 * line of the field names (header=y). Values are printed exactly as tshark prints them
 * (df_value_text); the fields are the display filter's (filter/df_fields.c).
 */
#ifndef ECHOSNIFF_FMT_FIELDS_H
#define ECHOSNIFF_FMT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "df_value.h"
#include "out.h"

#define FMT_FIELDS_MAX 256

struct fmt_fields {
    int n;
    const char *names[FMT_FIELDS_MAX];
    const struct df_field *fields[FMT_FIELDS_MAX];
    bool header, bom;
    char separator, aggregator;
    char quote;      /* '"', '\'' or 0 */
    char occurrence; /* 'a' all, 'f' first, 'l' last */
};

/* tshark's defaults: tab, comma, no quotes, all occurrences, no header. */
void fmt_fields_init(struct fmt_fields *ff);

/* -e NAME: 0, or -1 with err ("sniff does not support the field X yet", ...). */
int fmt_fields_add(struct fmt_fields *ff, const char *name, char *err, size_t errlen);

/* -E OPTION=VALUE (header, separator, aggregator, quote, occurrence, bom): 0 or -1. */
int fmt_fields_option(struct fmt_fields *ff, const char *opt, char *err, size_t errlen);

/* What the fields printed need (enum df_need, df_value.h). */
unsigned fmt_fields_needs(const struct fmt_fields *ff);

/* Before the first packet: the byte-order mark and the header line, when asked for. */
void fmt_fields_start(const struct fmt_fields *ff, struct out *o);

/* One packet's line. */
void fmt_fields_packet(const struct fmt_fields *ff, struct out *o, const struct df_frame *fr);

#endif
