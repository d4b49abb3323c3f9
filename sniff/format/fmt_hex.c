/*
 * fmt_hex.c: -x, Wireshark's bytes pane as `tshark -x` prints it.
 *
 *   0000  08 00 7f 20 00 64 00 16 ea e3 54 e6 08 00 45 00   ... .d....T...E.
 *
 * The offset (4 hex digits, more when the frame is longer than 64 KiB, as tshark's
 * print_hex_data_buffer does), two spaces, 16 bytes in hex separated by single spaces,
 * three spaces, then the same bytes as ASCII with '.' for anything outside 0x20..0x7e.
 * The last line is padded so its ASCII column lines up; a blank line ends the dump.
 *
 * This runs once per packet and is benchmarked against `tcpdump -X`, so each line is
 * built in a local array with table look-ups and appended with a single out_mem().
 */
#include "fmt.h"

#include <string.h>

/* tshark supplies at least 4 offset digits, and as many as the last offset needs. */
static int offset_digits(size_t len)
{
    size_t last = len - 1;
    int d = 4;
    while (d < 8 && (last >> (4 * d)) != 0)
        d++;
    return d;
}

/* One line's offset column and its two spaces; returns where the hex column starts. */
static inline char *line_start(char *line, int digits, size_t off)
{
    char *w = line;
    for (int i = digits - 1; i >= 0; i--)
        *w++ = out_hexdigits[(off >> (4 * i)) & 0xf];
    *w++ = ' ';
    *w++ = ' ';
    return w;
}

/* Each byte's two hex digits and its ASCII column character, looked up whole: two loads
 * and two stores a byte, where computing them took four times the instructions. */
#define HEX_DIGIT(d) ((d) < 10 ? '0' + (d) : 'a' + (d)-10)
#define HEX_PAIR(n)                                                                                \
    {                                                                                              \
        HEX_DIGIT((n) >> 4), HEX_DIGIT((n)&15)                                                     \
    }
#define ASCII_COL(n) ((n) >= 0x20 && (n) < 0x7f ? (n) : '.')
#define BYTES4(X, n) X(n), X((n) + 1), X((n) + 2), X((n) + 3)
#define BYTES16(X, n) BYTES4(X, n), BYTES4(X, (n) + 4), BYTES4(X, (n) + 8), BYTES4(X, (n) + 12)
#define BYTES64(X, n)                                                                              \
    BYTES16(X, n), BYTES16(X, (n) + 16), BYTES16(X, (n) + 32), BYTES16(X, (n) + 48)
#define BYTES256(X) BYTES64(X, 0), BYTES64(X, 64), BYTES64(X, 128), BYTES64(X, 192)
static const char hex_pair[256][2] = {BYTES256(HEX_PAIR)};
static const char ascii_col[256] = {BYTES256(ASCII_COL)};

/* Byte i of a line: two hex digits (the space after them is the line's, set by
 * line_blank) and its ASCII column character. */
static inline void put_byte(char *hex, char *asc, size_t i, uint8_t c)
{
    memcpy(hex + 3 * i, hex_pair[c], 2);
    asc[i] = ascii_col[c];
}

/* A line of spaces, once per dump: put_byte writes only digits and characters. */
static inline void line_blank(char *line, size_t n)
{
    memset(line, ' ', n);
}

/* Pads the hex column of a short last line and the three separating spaces, ends the
 * line after the n ASCII characters and appends it with one out_mem(). */
static inline void line_end(struct out *o, const char *line, char *hex, char *asc, size_t n)
{
    for (size_t i = 3 * n; i < 16 * 3 - 1 + 3; i++)
        hex[i] = ' ';
    asc[n] = '\n';
    out_mem(o, line, (size_t)(asc + n + 1 - line));
}

uint32_t fmt_hex_len(const struct packet *p)
{
    uint32_t cap = p->frame.caplen, ip = 0;
    if (p->link.kind != LINK_RAW && p->link.kind != LINK_IPV4 && p->link.kind != LINK_IPV6)
        return cap;
    /* The outermost IP header: a tunnel's, or the packet's own. */
    const struct ipv4_info *v4 = p->nencap > 0 && p->encap[0].kind == ENCAP_IP4 ? &p->encap[0].u.ip4
                                 : p->nencap == 0 && p->net == NET_IPV4         ? &p->ip4
                                                                                : NULL;
    const struct ipv6_info *v6 = p->nencap > 0 && p->encap[0].kind == ENCAP_IP6 ? &p->encap[0].u.ip6
                                 : p->nencap == 0 && p->net == NET_IPV6         ? &p->ip6
                                                                                : NULL;
    if (v4 != NULL && v4->status == LAYER_OK && v4->total_len >= v4->hdr_len)
        ip = v4->total_len;
    else if (v6 != NULL && v6->status == LAYER_OK && v6->payload_len != 0)
        ip = 40u + v6->payload_len;
    return ip != 0 && ip < cap ? ip : cap;
}

void fmt_hex(struct out *o, const uint8_t *data, size_t len)
{
    if (len == 0 || data == NULL) {
        out_char(o, '\n');
        return;
    }
    int digits = offset_digits(len);
    /* 8 offset digits + 2 + 16 * 3 - 1 + 3 + 16 + newline fits easily in 96. */
    char line[96];
    line_blank(line, sizeof line);
    for (size_t off = 0; off < len; off += 16) {
        size_t n = len - off < 16 ? len - off : 16;
        const uint8_t *b = data + off;
        char *hex = line_start(line, digits, off);
        char *asc = hex + 16 * 3 - 1 + 3;
        for (size_t i = 0; i < n; i++)
            put_byte(hex, asc, i, b[i]);
        line_end(o, line, hex, asc, n);
    }
    out_char(o, '\n');
}

/* --redact's variant, kept apart so that fmt_hex's loop has no per-byte test: the same
 * layout, with "xx" and "*" for every byte inside the masked range. */
void fmt_hex_masked(struct out *o, const uint8_t *data, size_t len, size_t moff, size_t mlen)
{
    if (len == 0 || data == NULL) {
        out_char(o, '\n');
        return;
    }
    size_t mend = moff + mlen < moff ? SIZE_MAX : moff + mlen;
    int digits = offset_digits(len);
    char line[96];
    line_blank(line, sizeof line);
    for (size_t off = 0; off < len; off += 16) {
        size_t n = len - off < 16 ? len - off : 16;
        char *hex = line_start(line, digits, off);
        char *asc = hex + 16 * 3 - 1 + 3;
        for (size_t i = 0; i < n; i++) {
            if (off + i >= moff && off + i < mend) {
                memcpy(hex + 3 * i, "xx", 2);
                asc[i] = '*';
            } else {
                put_byte(hex, asc, i, data[off + i]);
            }
        }
        line_end(o, line, hex, asc, n);
    }
    out_char(o, '\n');
}
