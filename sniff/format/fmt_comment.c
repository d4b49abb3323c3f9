/*
 * fmt_comment.c: packet comments in the detail tree and the list (see fmt_comment.h).
 */
#include "fmt_comment.h"

/* The comment's text, control characters escaped (\n, \t, \xHH); UTF-8 passes. */
static void text(struct out *o, const struct df_comment *c)
{
    for (uint32_t i = 0; i < c->len; i++) {
        unsigned char b = (unsigned char)c->text[i];
        if (b == '\n') {
            out_str(o, "\\n");
        } else if (b == '\t') {
            out_str(o, "\\t");
        } else if (b < 0x20 || b == 0x7f) {
            out_str(o, "\\x");
            out_hex(o, b, 2);
        } else {
            out_char(o, (char)b);
        }
    }
}

void fmt_comments_detail(struct out *o, const struct df_comment *c, int n)
{
    if (n == 0)
        return;
    out_str(o, "Packet comments\n");
    for (int i = 0; i < n; i++) {
        out_str(o, "    ");
        text(o, &c[i]);
        out_str(o, "\n        [Expert Info (Comment/Comment): ");
        text(o, &c[i]);
        out_str(o, "]\n            [");
        text(o, &c[i]);
        out_str(o, "]\n            [Severity level: Comment]\n            [Group: Comment]\n");
    }
}

void fmt_comments_list(struct out *o, const struct df_comment *c, int n, int more)
{
    for (int i = 0; i < n; i++) {
        out_str(o, "    [Packet comment: ");
        text(o, &c[i]);
        out_str(o, "]\n");
    }
    if (more > 0) {
        out_str(o, "    [");
        out_u64(o, (uint64_t)more);
        out_str(o, " more packet comments, not kept: sniff keeps 8 a packet]\n");
    }
}
