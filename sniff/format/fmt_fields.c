/*
 * fmt_fields.c: tshark's -T fields output (see fmt_fields.h). A string value is printed
 * with tshark's escapes (\t, \n, \r, \\ and, within quotes, the quote itself), so one
 * packet stays one line and one field one column whatever a comment holds; bytes are
 * written straight into the output buffer, so a 256 KiB payload needs no copy.
 */
#include "fmt_fields.h"

#include <stdio.h>
#include <string.h>

#include "dfilter.h"

void fmt_fields_init(struct fmt_fields *ff)
{
    memset(ff, 0, sizeof *ff);
    ff->separator = '\t';
    ff->aggregator = ',';
    ff->occurrence = 'a';
}

int fmt_fields_add(struct fmt_fields *ff, const char *name, char *err, size_t errlen)
{
    const struct df_field *f = df_field_find(name, strlen(name));
    if (f == NULL) {
        df_field_unknown(name, strlen(name), err, errlen);
        return -1;
    }
    if (f->type == DF_PROTO) {
        snprintf(err, errlen,
                 "%s is a protocol: -T fields prints the values of fields (tshark prints the "
                 "protocol's summary line, which sniff shows with -V); name one of its fields, "
                 "e.g. %s.len",
                 name, strcmp(name, "frame") == 0 ? "frame" : name);
        return -1;
    }
    if (ff->n >= FMT_FIELDS_MAX) {
        snprintf(err, errlen, "at most %d fields can be printed", FMT_FIELDS_MAX);
        return -1;
    }
    ff->names[ff->n] = name;
    ff->fields[ff->n++] = f;
    return 0;
}

/* A separator or aggregator as tshark takes it: /t, /s, or a character. */
static bool sep_value(const char *v, char *out)
{
    if (strcmp(v, "/t") == 0)
        *out = '\t';
    else if (strcmp(v, "/s") == 0)
        *out = ' ';
    else if (v[0] != '\0')
        *out = v[0];
    else
        return false;
    return true;
}

static bool yes_no(const char *v, bool *out)
{
    if (strcmp(v, "y") != 0 && strcmp(v, "n") != 0)
        return false;
    *out = v[0] == 'y';
    return true;
}

int fmt_fields_option(struct fmt_fields *ff, const char *opt, char *err, size_t errlen)
{
    const char *eq = strchr(opt, '=');
    size_t klen = eq != NULL ? (size_t)(eq - opt) : strlen(opt);
    const char *v = eq != NULL ? eq + 1 : "";
    bool ok = false;
    if (klen == 6 && strncmp(opt, "header", 6) == 0)
        ok = yes_no(v, &ff->header);
    else if (klen == 3 && strncmp(opt, "bom", 3) == 0)
        ok = yes_no(v, &ff->bom);
    else if (klen == 9 && strncmp(opt, "separator", 9) == 0)
        ok = sep_value(v, &ff->separator);
    else if (klen == 10 && strncmp(opt, "aggregator", 10) == 0)
        ok = sep_value(v, &ff->aggregator);
    else if (klen == 5 && strncmp(opt, "quote", 5) == 0 && strlen(v) == 1 && strchr("dsn", v[0]))
        ok = (ff->quote = v[0] == 'd' ? '"' : v[0] == 's' ? '\'' : 0, true);
    else if (klen == 10 && strncmp(opt, "occurrence", 10) == 0 && strlen(v) == 1 &&
             strchr("afl", v[0]))
        ok = (ff->occurrence = v[0], true);
    if (!ok)
        snprintf(err, errlen,
                 "-E takes header=y|n, separator=/t|/s|C, aggregator=,|/s|C, quote=d|s|n, "
                 "occurrence=f|l|a or bom=y|n, not '%s'",
                 opt);
    return ok ? 0 : -1;
}

unsigned fmt_fields_needs(const struct fmt_fields *ff)
{
    unsigned n = 0;
    for (int i = 0; i < ff->n; i++)
        n |= df_field_needs(ff->fields[i]);
    return n;
}

void fmt_fields_start(const struct fmt_fields *ff, struct out *o)
{
    if (ff->bom)
        out_str(o, "\xef\xbb\xbf");
    if (!ff->header)
        return;
    for (int i = 0; i < ff->n; i++) {
        if (i > 0)
            out_char(o, ff->separator);
        out_str(o, ff->names[i]);
    }
    out_char(o, '\n');
}

static void put_string(const struct fmt_fields *ff, struct out *o, const uint8_t *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        char c = (char)s[i];
        const char *e = c == '\t'   ? "\\t"
                        : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r"
                        : c == '\\' ? "\\\\"
                                    : NULL;
        if (e == NULL && ff->quote != 0 && c == ff->quote)
            e = c == '"' ? "\\\"" : "\\'";
        if (e != NULL)
            out_str(o, e);
        else
            out_char(o, c);
    }
}

static void put_value(const struct fmt_fields *ff, struct out *o, const struct df_field *f,
                      const struct df_value *v)
{
    if (v->type == DF_BYTES) {
        for (uint32_t i = 0; i < v->len; i++)
            out_hex(o, v->v.p[i], 2);
    } else if (v->type == DF_STRING) {
        put_string(ff, o, v->v.p, v->len);
    } else {
        char buf[128];
        out_mem(o, buf, df_value_text(f, v, buf, sizeof buf));
    }
}

void fmt_fields_packet(const struct fmt_fields *ff, struct out *o, const struct df_frame *fr)
{
    for (int i = 0; i < ff->n; i++) {
        if (i > 0)
            out_char(o, ff->separator);
        struct df_value v[DF_MAX_VALUES];
        int nv = df_field_values(ff->fields[i], fr, v);
        if (nv == 0)
            continue;
        int first = ff->occurrence == 'l' ? nv - 1 : 0;
        int last = ff->occurrence == 'f' ? 0 : nv - 1;
        if (ff->quote != 0)
            out_char(o, ff->quote);
        for (int k = first; k <= last; k++) {
            if (k > first)
                out_char(o, ff->aggregator);
            put_value(ff, o, ff->fields[i], &v[k]);
        }
        if (ff->quote != 0)
            out_char(o, ff->quote);
    }
    out_char(o, '\n');
}
