/*
 * det_icmp.c: ICMP (RFC 792) and ICMPv6 (RFC 4443) in -V: type and code by name, the
 * checksum (always verified, as Wireshark does: decode/checksum.c), an error's unused
 * word, an echo's identifier and sequence number (in both byte orders for ICMP), the
 * request a reply answers, and ping's send time when the echo data starts with it.
 */
#include "detail.h"

/* Wireshark always verifies an ICMP checksum, and calls a wrong one a warning. */
static const struct csum_words icmp_words = {"Checksum",   "Checksum Status", "",
                                             "unverified", "Warning",         CALC_NONE};

/*
 * ping(8) puts the time it sent the request at the start of the echo data; Wireshark
 * guesses it as tshark 4.0's get_best_guess_timestamp does: the first 8 data bytes as
 * 32-bit seconds and microseconds, big-endian first, then little-endian, accepted when
 * the seconds are within a day of the frame's time and the microseconds below 10^6.
 * (Linux's 64-bit timeval reads as its low 32 bits of seconds and 0 microseconds, as in
 * Wireshark.) This reads data, not headers: the decoder has nothing to say about it.
 */
bool det_icmp_data_time(const struct packet *p, int64_t *sec, uint32_t *usec)
{
    uint32_t got;
    if (p->icmp.v6 || p->icmp.echo == ICMP_NOT_ECHO || p->icmp.status != LAYER_OK || p->l4_len < 16)
        return false;
    const uint8_t *b = det_frame_bytes(p, p->l4_off + 8, 8, &got);
    if (b == NULL || got < 8)
        return false;
    for (int le = 0; le < 2; le++) {
        uint32_t s = le ? (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0]
                        : (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
        uint32_t u = le ? (uint32_t)b[7] << 24 | (uint32_t)b[6] << 16 | (uint32_t)b[5] << 8 | b[4]
                        : (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7];
        int64_t d = (int64_t)s - p->frame.ts_sec;
        if (d > -86400 && d < 86400 && u < 1000000) {
            *sec = s;
            *usec = u;
            return true;
        }
    }
    return false;
}

/* RFC 792, RFC 4443: type and code, a byte each from at. */
static void type_code(struct out *o, const struct icmp_info *ic, uint32_t at)
{
    dl_at(o, at, 1);
    if (ic->v6) {
        dl_named(o, 1, "Type: ", tok_name(names_icmp6_type, ic->type, "Unknown"), ic->type);
        dl_at(o, at + 1, 1);
        dl_u(o, 1, "Code: ", ic->code);
        return;
    }
    dl_begin(o, 1, "Type: ");
    out_u64(o, ic->type);
    dl_paren(o, tok_name(names_icmp_type, ic->type, "Unknown"));
    dl_end(o);
    const struct tok *codes = ic->type == ICMP_TYPE_UNREACH         ? names_icmp_unreach
                              : ic->type == ICMP_TYPE_TIME_EXCEEDED ? names_icmp_time_exceeded
                                                                    : NULL;
    dl_at(o, at + 1, 1);
    dl_begin(o, 1, "Code: ");
    out_u64(o, ic->code);
    if (codes != NULL)
        dl_paren(o, tok_name(codes, ic->code, "Unknown"));
    dl_end(o);
}

/* Errors carry 4 unused bytes before the offending datagram (RFC 792); ICMPv6's Packet
 * Too Big and ICMP's "fragmentation needed" use them for an MTU instead. */
static void unused_word(struct out *o, const struct packet *p, uint32_t have)
{
    const struct icmp_info *ic = &p->icmp;
    bool err = ic->v6 ? (ic->type >= ICMP6_TYPE_UNREACH && ic->type <= ICMP6_TYPE_TIME_EXCEEDED)
                      : (ic->type == ICMP_TYPE_UNREACH || ic->type == ICMP_TYPE_TIME_EXCEEDED);
    bool mtu = ic->v6 ? ic->type == ICMP6_TYPE_PACKET_TOO_BIG
                      : ic->type == ICMP_TYPE_UNREACH && ic->code == ICMP_CODE_NEEDFRAG;
    uint32_t got;
    const uint8_t *b = det_frame_bytes(p, p->l4_off + 4, 4, &got);
    if (!err || mtu || have < 8 || b == NULL || got != 4)
        return;
    dl_at(o, p->l4_off + 4, 4);
    dl_begin(o, 1, ic->v6 ? "Reserved: " : "Unused: ");
    dl_hexfield(o, b, 4);
    dl_end(o);
}

/* "Timestamp from icmp data" and its distance from the frame's time, to the ns. */
static void data_time(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    int64_t sec;
    uint32_t usec;
    if (!det_icmp_data_time(p, &sec, &usec))
        return;
    dl_at(o, p->l4_off + 8, 8);
    dl_begin(o, 1, "Timestamp from icmp data: ");
    det_abs_time(o, sec, usec * 1000u, opts, NULL);
    dl_end(o);
    int64_t ns =
        (p->frame.ts_sec - sec) * 1000000000 + (int64_t)p->frame.ts_nsec - (int64_t)usec * 1000;
    dl_gen(o);
    uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    dl_begin(o, 1, "[Timestamp from icmp data (relative): ");
    if (ns < 0)
        out_char(o, '-');
    out_u64(o, mag / 1000000000u);
    out_char(o, '.');
    out_u64_pad(o, mag % 1000000000u, 9, '0');
    OUT_LIT(o, " seconds]\n");
}

/* An echo's identifier and sequence number; ICMP's in both byte orders, as Wireshark
 * shows them (Windows and Linux pings differ). */
static void echo_fields(struct out *o, const struct packet *p, const struct fmt_opts *opts,
                        uint32_t have)
{
    const struct icmp_info *ic = &p->icmp;
    uint32_t at = p->l4_off;
    if (ic->v6) {
        dl_at(o, at + 4, 2);
        dl_x(o, 1, "Identifier: ", ic->id, 4);
        dl_at(o, at + 6, 2);
        if (have >= 8)
            dl_u(o, 1, "Sequence: ", ic->seq);
        return;
    }
    unsigned id_le = (unsigned)((ic->id >> 8) | (ic->id & 0xff) << 8);
    unsigned seq_le = (unsigned)((ic->seq >> 8) | (ic->seq & 0xff) << 8);
    static const char *const labels[4] = {"Identifier (BE): ", "Identifier (LE): ",
                                          "Sequence Number (BE): ", "Sequence Number (LE): "};
    const unsigned values[4] = {ic->id, id_le, ic->seq, seq_le};
    for (int i = 0; i < 4 && (i < 2 || have >= 8); i++) {
        dl_at(o, i < 2 ? at + 4 : at + 6, 2);
        dl_begin(o, 1, labels[i]);
        out_u64(o, values[i]);
        OUT_LIT(o, " (");
        dl_hex(o, values[i], 4);
        OUT_LIT(o, ")\n");
    }
    if (have < 8)
        return;
    if (ic->echo == ICMP_ECHO_REPLY && ic->request_in != 0) { /* the tracker matched it */
        dl_gen(o);
        dl_u3(o, 1, "[Request frame: ", ic->request_in, "]");
    }
    data_time(o, p, opts);
}

void det_icmp(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct icmp_info *ic = &p->icmp;
    dl_at(o, p->l4_off, p->l4_len);
    dl_text(o, 0,
            ic->v6 ? "Internet Control Message Protocol v6" : "Internet Control Message Protocol");
    if (det_l4_captured(p) < 4 || p->l4_len < 4)
        return;
    type_code(o, ic, p->l4_off);
    dl_at(o, p->l4_off + 2, 2);
    det_checksum(o, &icmp_words, ic->checksum, csum_check_icmp(p));
    uint32_t have = det_l4_captured(p) < p->l4_len ? det_l4_captured(p) : p->l4_len;
    if (ic->echo == ICMP_NOT_ECHO)
        unused_word(o, p, have);
    else if (have >= 6)
        echo_fields(o, p, opts, have);
}
