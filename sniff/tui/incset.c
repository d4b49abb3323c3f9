/*
 * incset.c: the one-line editor under the filter bar, search (/) and go-to (g), htop's
 * IncSet: characters, Backspace, Delete, Left/Right, Home/End, Ctrl-U, Enter, Esc. The
 * filter is compiled after every key by sniff's own display filter, so the bar can say
 * at once whether the expression is valid and, when not, where the error is.
 */
#include <string.h>

#include <curses.h>

#include "dfilter.h"
#include "tui_int.h"

void inc_begin(struct incset *in, enum inc_kind kind, const char *initial)
{
    in->kind = kind;
    snprintf(in->text, sizeof in->text, "%s", initial != NULL ? initial : "");
    snprintf(in->saved, sizeof in->saved, "%s", in->text);
    in->len = strlen(in->text);
    in->cursor = in->len;
    in->msg[0] = '\0';
    if (kind == INC_FILTER)
        inc_check_filter(in);
}

void inc_check_filter(struct incset *in)
{
    struct dfilter *df = NULL;
    in->err_pos = in->err_len = 0;
    in->msg[0] = '\0';
    const char *t = in->text;
    while (*t == ' ')
        t++;
    if (*t == '\0') {
        in->valid = true;
        snprintf(in->msg, sizeof in->msg, "empty: Enter shows every packet");
        return;
    }
    size_t pos = 0, len = 0;
    in->valid = dfilter_compile_loc(in->text, &df, in->msg, sizeof in->msg, &pos, &len) == 0 &&
                tui_filter_readable(in->pcapng, df, in->msg, sizeof in->msg);
    dfilter_free(df);
    if (in->valid) {
        snprintf(in->msg, sizeof in->msg, "valid: Enter applies it");
    } else {
        in->err_pos = pos;
        in->err_len = len;
    }
}

int inc_key(struct incset *in, int key)
{
    switch (key) {
    case '\n':
    case '\r':
    case KEY_ENTER:
        return 1;
    case 27: /* Esc */
        return -1;
    case KEY_BACKSPACE:
    case 127:
    case 8:
        if (in->cursor > 0) {
            memmove(in->text + in->cursor - 1, in->text + in->cursor, in->len - in->cursor + 1);
            in->cursor--;
            in->len--;
        }
        break;
    case KEY_DC:
        if (in->cursor < in->len) {
            memmove(in->text + in->cursor, in->text + in->cursor + 1, in->len - in->cursor);
            in->len--;
        }
        break;
    case KEY_LEFT:
        if (in->cursor > 0)
            in->cursor--;
        break;
    case KEY_RIGHT:
        if (in->cursor < in->len)
            in->cursor++;
        break;
    case KEY_HOME:
    case 1: /* Ctrl-A */
        in->cursor = 0;
        break;
    case KEY_END:
    case 5: /* Ctrl-E */
        in->cursor = in->len;
        break;
    case 21: /* Ctrl-U */
        in->len = in->cursor = 0;
        in->text[0] = '\0';
        break;
    default:
        if (key >= 0x20 && key < 0x100 && key != 0x7f && in->len + 1 < sizeof in->text) {
            memmove(in->text + in->cursor + 1, in->text + in->cursor, in->len - in->cursor + 1);
            in->text[in->cursor++] = (char)key;
            in->len++;
        }
        break;
    }
    if (in->kind == INC_FILTER)
        inc_check_filter(in);
    return 0;
}
