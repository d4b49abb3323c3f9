/*
 * ck_json.h: the little JSON echocheck needs: a reader for the lines of `sniff -T json`
 * (docs/json-schema.md), and a writer for its own report and Gradescope's results.json.
 *
 * The reader builds a tree of nodes over the text (strings are left escaped, pointing
 * into the text: the fields echocheck compares are plain ASCII names), depth and size
 * bounded; anything malformed makes the line unreadable, never a crash.
 */
#ifndef ECHOSNIFF_CK_JSON_H
#define ECHOSNIFF_CK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum ck_jtype { CK_J_NULL, CK_J_BOOL, CK_J_NUM, CK_J_STR, CK_J_ARR, CK_J_OBJ };

struct ck_jnode {
    enum ck_jtype type;
    int child, next; /* first member or element; next sibling; -1 none */
    const char *key; /* member name (escaped, not terminated) */
    size_t keylen;
    const char *str; /* string value (escaped, not terminated) */
    size_t strlen;
    double num;
    bool b;
};

struct ck_jdoc {
    struct ck_jnode *n;
    int count, cap;
};

/* Parses one JSON value (the whole text); false if malformed. Node 0 is the root.
 * Reuses d's nodes; free them with ck_json_free. */
bool ck_json_parse(struct ck_jdoc *d, const char *text, size_t len);
void ck_json_free(struct ck_jdoc *d);
/* The member named key of object node obj, or -1. */
int ck_json_get(const struct ck_jdoc *d, int obj, const char *key);
bool ck_json_is(const struct ck_jdoc *d, int node, const char *s);
long ck_json_int(const struct ck_jdoc *d, int node, long dflt);

/* The writer: commas and nesting are its business; keys are NULL inside arrays. */
struct ck_jw {
    FILE *f;
    int depth;
    bool first[16];
};
void ck_jw_init(struct ck_jw *w, FILE *f);
void ck_jw_obj(struct ck_jw *w, const char *key);
void ck_jw_arr(struct ck_jw *w, const char *key);
void ck_jw_end_obj(struct ck_jw *w);
void ck_jw_end_arr(struct ck_jw *w);
void ck_jw_str(struct ck_jw *w, const char *key, const char *s);
void ck_jw_int(struct ck_jw *w, const char *key, long long v);
void ck_jw_num(struct ck_jw *w, const char *key, double v);
void ck_jw_bool(struct ck_jw *w, const char *key, bool v);
void ck_jw_null(struct ck_jw *w, const char *key);

#endif
