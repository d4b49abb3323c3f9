/*
 * ladder.c: building a connection's ladder from the model (see ladder.h), and the line
 * buffer the terminal back end draws into.
 *
 * An arrow's texts are made once, here, from the frame record and the decoded header:
 * Wireshark's Flow Graph label (packet-tcp.c's tcp_seq_analysis_packet: the flags, then
 * " - Len: N" when the segment carries data) and comment ("Seq = N Ack = M" with the
 * relative numbers, "Seq = N" without ACK), the Info column's analysis-flag prefix
 * (fmt_conn.c) and the annotation lines (annotate.c), joined. The back ends shorten them;
 * they never compose their own.
 */
#include "ladder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_conn.h"

void ladder_init(struct ladder *l, uint32_t stream, uint32_t max_rows)
{
    memset(l, 0, sizeof *l);
    l->stream = stream;
    l->max_rows = max_rows != 0 ? max_rows : LADDER_DEFAULT_MAX_ROWS;
}

void ladder_free(struct ladder *l)
{
    free(l->rows);
    free(l->text);
    l->rows = NULL;
    l->text = NULL;
    l->n = l->cap = 0;
    l->tlen = l->tcap = 0;
}

size_t ladder_bytes(const struct ladder *l)
{
    return sizeof *l + (size_t)l->cap * sizeof *l->rows + l->tcap;
}

/* Room for one more row and n more bytes of text; false when memory is short. */
static bool reserve(struct ladder *l, size_t n)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap != 0 ? l->cap * 2 : 16;
        if (cap > l->max_rows)
            cap = l->max_rows;
        struct ladder_row *r = realloc(l->rows, (size_t)cap * sizeof *r);
        if (r == NULL)
            return false;
        l->rows = r;
        l->cap = cap;
    }
    if (l->tcap - l->tlen < n) {
        size_t cap = l->tcap != 0 ? l->tcap : 1024;
        while (cap - l->tlen < n)
            cap *= 2;
        char *t = realloc(l->text, cap);
        if (t == NULL)
            return false;
        l->text = t;
        l->tcap = cap;
    }
    return true;
}

static void endpoint_text(char *buf, const struct packet *p, bool src)
{
    const struct tcp_info *t = &p->tcp;
    if (p->net == NET_IPV6)
        fmt_endpoint(buf, 6, src ? p->ip6.src : p->ip6.dst, src ? t->sport : t->dport);
    else
        fmt_endpoint(buf, 4, src ? p->ip4.src : p->ip4.dst, src ? t->sport : t->dport);
}

static uint8_t kind_of(const struct packet *p, uint32_t an_flags)
{
    if (color_of(p) == COLOR_BAD || (an_flags & ~(uint32_t)AN_WINDOW_UPDATE) != 0)
        return LK_BAD;
    if (p->tcp.flags & TCP_RST)
        return LK_RST;
    if (p->tcp.flags & (TCP_SYN | TCP_FIN))
        return LK_SYNFIN;
    return LK_DATA;
}

/* The annotation's lines joined as sentences, alert lines (an echo mismatch) first, so that
 * a shortened note keeps them; *alert when there is one. The state lines are left out:
 * the ladder writes each end's state beside its column. */
static size_t note_text(const struct ann_lines *L, char *buf, size_t cap, bool *alert)
{
    size_t n = 0;
    *alert = false;
    if (L == NULL)
        return 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < L->n && i < ANN_MAX_LINES; i++) {
            if (L->alert[i] != (pass == 0) || L->kind[i] == ANN_STATE)
                continue;
            size_t k = strnlen(L->line[i], ANN_LINE_MAX);
            if (k == 0)
                continue;
            /* Lines are sentences of their own: a line that ends without a full stop
             * gets one, so that two do not run into one. */
            if (n > 0 && n < cap && strchr(".!?:", buf[n - 1]) == NULL)
                buf[n++] = '.';
            if (n > 0 && n < cap)
                buf[n++] = ' ';
            if (k > cap - n)
                k = cap - n;
            memcpy(buf + n, L->line[i], k);
            n += k;
            *alert |= L->alert[i];
        }
    return n;
}

bool ladder_add(struct ladder *l, const struct packet *p, const struct frame_rec *rec,
                const struct ann_lines *notes)
{
    bool from_client = (rec->bits & FREC_FROM_CLIENT) != 0;
    if (!l->have_ends) {
        endpoint_text(l->ep[0], p, from_client);
        endpoint_text(l->ep[1], p, !from_client);
        l->state0[0] = rec->state_before[0];
        l->state0[1] = rec->state_before[1];
        l->have_ends = true;
    }
    if (l->n >= l->max_rows) {
        l->omitted++;
        return false;
    }
    char fl[256], label[FMT_TCP_FLAGS_MAX + 32], comment[64];
    char note[ANN_MAX_LINES * ANN_LINE_MAX];
    size_t len[LS_COUNT];
    uint64_t dup_of = rec->dupack_back <= p->frame.number ? p->frame.number - rec->dupack_back : 0;
    len[LS_FLAGS] =
        rec->flags != 0 ? fmt_an_flags(rec->flags, dup_of, rec->dupack_num, fl, sizeof fl) : 0;
    len[LS_LABEL] = fmt_tcp_flags(label, p->tcp.flags, p->tcp.reserved);
    if (p->tcp.payload_len != 0)
        len[LS_LABEL] += (size_t)snprintf(label + len[LS_LABEL], sizeof label - len[LS_LABEL],
                                          " - Len: %u", p->tcp.payload_len);
    int k = (p->tcp.flags & TCP_ACK) && (rec->bits & FREC_ACK_VALID)
                ? snprintf(comment, sizeof comment, "Seq = %u Ack = %u", rec->rel_seq, rec->rel_ack)
                : snprintf(comment, sizeof comment, "Seq = %u", rec->rel_seq);
    len[LS_COMMENT] = k > 0 ? (size_t)k : 0;
    bool alert;
    len[LS_NOTE] = note_text(notes, note, sizeof note, &alert);
    if (len[LS_FLAGS] > 0 && fl[len[LS_FLAGS] - 1] == ' ')
        len[LS_FLAGS]--; /* the Info column's trailing space */
    size_t total = 0;
    for (int i = 0; i < LS_COUNT; i++) {
        if (len[i] > UINT16_MAX)
            len[i] = UINT16_MAX;
        total += len[i];
    }
    if (!reserve(l, total)) {
        l->omitted++;
        return false;
    }
    struct ladder_row *r = &l->rows[l->n];
    const uint8_t *prev = l->n > 0 ? l->rows[l->n - 1].state : l->state0;
    *r = (struct ladder_row){
        .frame = p->frame.number,
        .ts_ns = frame_ns(&p->frame),
        .an_flags = rec->flags,
        .str_off = (uint32_t)l->tlen,
        .from_client = from_client,
        .kind = kind_of(p, rec->flags),
        .state = {rec->state[0], rec->state[1]},
        .alert = alert,
    };
    r->changed = (uint8_t)((rec->state[0] != prev[0] ? LADDER_CLIENT_CHANGED : 0) |
                           (rec->state[1] != prev[1] ? LADDER_SERVER_CHANGED : 0));
    const char *src[LS_COUNT] = {fl, label, comment, note};
    for (int i = 0; i < LS_COUNT; i++) {
        r->str_len[i] = (uint16_t)len[i];
        memcpy(l->text + l->tlen, src[i], len[i]);
        l->tlen += len[i];
    }
    l->n++;
    return true;
}

/* ---- the line buffer ---------------------------------------------------------------- */

void tlines_init(struct tlines *t)
{
    memset(t, 0, sizeof *t);
}

void tlines_free(struct tlines *t)
{
    sbuf_free(&t->text);
    free(t->start);
    tlines_init(t);
}

void tlines_clear(struct tlines *t)
{
    t->text.len = 0;
    t->text.oom = false;
    t->n = 0;
    t->oom = false;
}

const char *tlines_line(const struct tlines *t, uint32_t i, size_t *len)
{
    if (i >= t->n) {
        *len = 0;
        return "";
    }
    size_t end = i + 1 < t->n ? t->start[i + 1] : t->text.len;
    *len = end - t->start[i];
    return t->text.s + t->start[i];
}

int ladder_wrap(const char *s, size_t n, int w, int max, size_t *starts, size_t *lens, bool *cut)
{
    int k = 0;
    size_t i = 0;
    *cut = false;
    while (i < n && k < max) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t last_space = 0, cols = 0, j = i;
        while (j < n && cols < (size_t)w) {
            if (s[j] == ' ')
                last_space = j;
            j++;
            while (j < n && ((unsigned char)s[j] & 0xc0) == 0x80)
                j++;
            cols++;
        }
        size_t end = j;
        if (j < n && s[j] != ' ' && last_space > i)
            end = last_space;
        starts[k] = i;
        lens[k] = end - i;
        k++;
        i = end;
    }
    while (i < n && s[i] == ' ')
        i++;
    *cut = i < n;
    return k;
}

size_t ladder_text_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xc0) != 0x80;
    return w;
}
