/*
 * fmt_follow.c: --follow N and --follow-hex (see fmt_follow.h).
 *
 * Text mode keeps Wireshark's rule for bytes that are not printable ASCII: shown as '.',
 * except newlines (which end a line) and tabs. A line cut by the other side's bytes is
 * finished first, so each side's lines stay whole on screen.
 */
#include "fmt_follow.h"

#include "echo_verify.h"
#include "fmt_addr.h"
#include "reasm.h"

void follow_init(struct follow *f, uint32_t stream, bool hex, bool color)
{
    f->stream = stream;
    f->hex = hex;
    f->color = color;
    f->seen = false;
    f->mid_line[0] = f->mid_line[1] = false;
    f->last_dir = -1;
    f->bytes[0] = f->bytes[1] = 0;
    f->missing[0] = f->missing[1] = 0;
    f->given_up[0] = f->given_up[1] = 0;
}

static void start_side(struct follow *f, struct out *o, int dir)
{
    if (f->last_dir >= 0 && f->last_dir != dir && f->mid_line[f->last_dir]) {
        if (f->color)
            out_str(o, "\033[0m");
        out_char(o, '\n');
        f->mid_line[f->last_dir] = false;
    }
    f->last_dir = dir;
}

static void line_start(struct follow *f, struct out *o, int dir)
{
    if (f->color)
        out_str(o, dir == 0 ? FOLLOW_CLIENT_COLOR : FOLLOW_SERVER_COLOR);
    else
        out_str(o, dir == 0 ? "> " : "< ");
}

static void line_end(struct follow *f, struct out *o)
{
    if (f->color)
        out_str(o, "\033[0m");
    out_char(o, '\n');
}

static void text(struct follow *f, struct out *o, int dir, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!f->mid_line[dir]) {
            line_start(f, o, dir);
            f->mid_line[dir] = true;
        }
        uint8_t c = p[i];
        if (c == '\n') {
            line_end(f, o);
            f->mid_line[dir] = false;
        } else if (f->redact) {
            out_char(o, '*'); /* zeroed by --redact: the byte was there, its value is not */
        } else {
            out_char(o, (c >= 0x20 && c < 0x7f) || c == '\t' ? (char)c : '.');
        }
    }
}

/* One hex line: "> 00000010  68 65 ...  here is a messag" */
static void hex(struct follow *f, struct out *o, int dir, uint64_t off, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i += 16) {
        size_t k = n - i < 16 ? n - i : 16;
        line_start(f, o, dir);
        out_hex(o, off + i, 8);
        out_spaces(o, 2);
        for (size_t j = 0; j < 16; j++) {
            if (j < k && f->redact) {
                out_str(o, "xx "); /* as fmt_hex_masked */
            } else if (j < k) {
                out_char(o, out_hexdigits[p[i + j] >> 4]);
                out_char(o, out_hexdigits[p[i + j] & 15]);
                out_char(o, ' ');
            } else {
                out_spaces(o, 3);
            }
            if (j == 7)
                out_char(o, ' ');
        }
        out_char(o, ' ');
        for (size_t j = 0; j < k; j++) {
            uint8_t c = p[i + j];
            out_char(o, f->redact ? '*' : c >= 0x20 && c < 0x7f ? (char)c : '.');
        }
        line_end(f, o);
    }
}

/* A range whose bytes cannot be shown: not captured, or given up to the memory budget
 * (captured, but no longer held when they could be printed). */
static void not_shown(struct follow *f, struct out *o, int dir, uint64_t from, uint64_t to,
                      enum reasm_kind why)
{
    start_side(f, o, dir);
    if (f->mid_line[dir]) {
        line_end(f, o);
        f->mid_line[dir] = false;
    }
    line_start(f, o, dir);
    out_str(o, "[bytes ");
    out_u64(o, from);
    out_char(o, '-');
    out_u64(o, to - 1);
    if (why == REASM_GIVEN_UP) {
        out_str(o, " not shown: memory budget (--max-memory)]");
        f->given_up[dir] += to - from;
    } else {
        out_str(o, " not captured]");
        f->missing[dir] += to - from;
    }
    line_end(f, o);
}

static void range(struct follow *f, struct out *o, const struct reasm *s, int dir, uint64_t from,
                  uint64_t to)
{
    uint64_t off = from;
    while (off < to) {
        enum reasm_kind kind;
        size_t n = reasm_run(s, off, to, &kind);
        if (kind != REASM_KNOWN) {
            not_shown(f, o, dir, off, off + n, kind);
            off += n;
            continue;
        }
        start_side(f, o, dir);
        size_t left = n;
        while (left > 0) {
            size_t got;
            const uint8_t *p = reasm_ptr(s, off, left, &got);
            if (f->hex)
                hex(f, o, dir, off, p, got);
            else
                text(f, o, dir, p, got);
            f->bytes[dir] += got;
            off += got;
            left -= got;
        }
    }
}

void follow_packet(struct follow *f, struct out *o, const struct pkt_analysis *r)
{
    if (!r->valid || r->stream != f->stream)
        return;
    if (!f->seen) {
        char c[64], s[64];
        (void)fmt_endpoint(c, r->client.family, r->client.addr, r->client.port);
        (void)fmt_endpoint(s, r->server.family, r->server.addr, r->server.port);
        out_str(o, "===================================================================\n");
        out_str(o, "Follow: conn #");
        out_u64(o, f->stream);
        out_str(o, f->hex ? " (hex)\nClient: " : "\nClient: ");
        out_str(o, c);
        out_str(o, f->color ? " (red)\nServer: " : " (> )\nServer: ");
        out_str(o, s);
        out_str(o, f->color ? " (blue)\n" : " (< )\n");
        f->seen = true;
    }
    const struct echo_conn *e = r->streams;
    if (!e)
        return;
    int dir = r->from_client ? 0 : 1;
    const struct echo_result *er = &r->echo;
    if (er->peer_new_to > er->peer_new_from)
        range(f, o, echo_stream(e, 1 - dir), 1 - dir, er->peer_new_from, er->peer_new_to);
    if (er->new_to > er->new_from)
        range(f, o, echo_stream(e, dir), dir, er->new_from, er->new_to);
}

/* " (LABEL A and B)": a count per direction, when either is not zero. */
static void both_counts(struct out *o, const char *label, const uint64_t n[2])
{
    if (n[0] == 0 && n[1] == 0)
        return;
    out_str(o, label);
    out_u64(o, n[0]);
    out_str(o, " and ");
    out_u64(o, n[1]);
    out_str(o, ")");
}

void follow_finish(struct follow *f, struct out *o)
{
    if (!f->seen) {
        out_str(o, "Follow: conn #");
        out_u64(o, f->stream);
        out_str(o, " does not occur in this capture\n");
        return;
    }
    for (int d = 0; d < 2; d++)
        if (f->mid_line[d]) {
            if (f->color)
                out_str(o, "\033[0m");
            out_char(o, '\n');
            f->mid_line[d] = false;
        }
    out_str(o, "client sent ");
    out_u64(o, f->bytes[0]);
    out_str(o, " bytes, server sent ");
    out_u64(o, f->bytes[1]);
    out_str(o, " bytes");
    both_counts(o, " (not captured: ", f->missing);
    both_counts(o, " (not shown, memory budget: ", f->given_up);
    out_str(o, "\n===================================================================\n");
}
