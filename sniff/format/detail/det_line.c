/*
 * det_line.c: the pieces every -V printer shares (see detail.h): bit pictures, expert
 * notes, hex labels, the Data tree, MAC names, the arrival time, checksum lines, and
 * the DSCP/ECN fields IPv4 and IPv6 have in common.
 */
#include "detail.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fmt_addr.h"
#include "oui.h"

/* The picture of four bits, by the mask's nibble and the word's: nibbles[m][w] is
 * "0101", "..0.", "....". Every -V packet draws about 25 of these lines. */
#define BIT(m, w, i) ((m) >> (i)&1 ? (char)('0' + ((w) >> (i)&1)) : '.')
#define NIB(m, w)                                                                                  \
    {                                                                                              \
        BIT(m, w, 3), BIT(m, w, 2), BIT(m, w, 1), BIT(m, w, 0)                                     \
    }
#define ROW(m)                                                                                     \
    {                                                                                              \
        NIB(m, 0), NIB(m, 1), NIB(m, 2), NIB(m, 3), NIB(m, 4), NIB(m, 5), NIB(m, 6), NIB(m, 7),    \
            NIB(m, 8), NIB(m, 9), NIB(m, 10), NIB(m, 11), NIB(m, 12), NIB(m, 13), NIB(m, 14),      \
            NIB(m, 15)                                                                             \
    }
static const char nibbles[16][16][4] = {ROW(0),  ROW(1),  ROW(2),  ROW(3), ROW(4),  ROW(5),
                                        ROW(6),  ROW(7),  ROW(8),  ROW(9), ROW(10), ROW(11),
                                        ROW(12), ROW(13), ROW(14), ROW(15)};
#undef ROW
#undef NIB
#undef BIT

/* Every width is a multiple of 4 (8, 12, 16, 24, 32): groups of four from the top. */
void dl_bits(struct out *o, int lvl, uint32_t word, int width, uint32_t mask)
{
    char bits[32 + 8 + 3];
    size_t k = 0;
    for (int i = width - 4; i >= 0; i -= 4) {
        memcpy(bits + k, nibbles[(mask >> i) & 0xf][(word >> i) & 0xf], 4);
        bits[k + 4] = ' ';
        k += 5;
    }
    memcpy(bits + k - 1, " = ", 3);
    out_spaces(o, 4 * lvl);
    out_mem(o, bits, k + 2);
}

void dl_expert(struct out *o, int lvl, const char *severity, const char *group, const char *msg)
{
    dl_begin(o, lvl, "[Expert Info (");
    out_str(o, severity);
    out_char(o, '/');
    out_str(o, group);
    OUT_LIT(o, "): ");
    out_str(o, msg);
    OUT_LIT(o, "]\n");
    dl_s3(o, lvl + 1, "[", msg, "]");
    dl_s3(o, lvl + 1, "[Severity level: ", severity, "]");
    dl_s3(o, lvl + 1, "[Group: ", group, "]");
}

void dl_hexfield(struct out *o, const uint8_t *b, size_t len)
{
    char hex[2 * 36 + 1];
    size_t show = len > 36 ? 36 : len;
    out_mem(o, hex, fmt_hexbytes(hex, b, show));
    if (show < len)
        OUT_LIT(o, "\xe2\x80\xa6"); /* U+2026 HORIZONTAL ELLIPSIS */
}

const uint8_t *det_frame_bytes(const struct packet *p, uint32_t off, uint32_t want, uint32_t *got)
{
    *got = 0;
    if (p->frame.data == NULL || off >= p->frame.caplen)
        return NULL;
    uint32_t have = p->frame.caplen - off;
    *got = have < want ? have : want;
    return p->frame.data + off;
}

/* ICMP messages are never redacted (redact.h), so their data is always shown. */
void det_data(struct out *o, int lvl, const uint8_t *b, uint32_t caplen, bool redacted)
{
    dl_begin(o, lvl, "Data (");
    out_u64(o, caplen);
    OUT_LIT(o, " byte");
    out_str(o, dl_plural(caplen));
    if (redacted) {
        OUT_LIT(o, ") [redacted]\n");
    } else {
        OUT_LIT(o, ")\n");
        dl_begin(o, lvl + 1, "Data: ");
        dl_hexfield(o, b, caplen);
        dl_end(o);
    }
    dl_gen(o);
    dl_u3(o, lvl + 1, "[Length: ", caplen, "]");
}

/*
 * How a MAC address is named. Wireshark with name resolution (its default, and tshark's)
 * shows "Intel_e3:54:e6 (00:16:ea:e3:54:e6)", and "02:00:5e:10:00:01
 * (02:00:5e:10:00:01)" when the registry has no vendor for it; with -n (tshark -n) the
 * address alone. opts->oui may be NULL (no registry installed): "Broadcast (ff:...)"
 * and "addr (addr)" then, the form tshark gives addresses it has no vendor for.
 */
size_t det_mac_name(char *buf, const uint8_t m[6], const struct fmt_opts *opts)
{
    if (!opts->resolve_vendors)
        return fmt_mac(buf, m, 6);
    size_t n = oui_name(opts->oui, m, buf);
    memcpy(buf + n, " (", 2);
    n += 2;
    n += fmt_mac(buf + n, m, 6);
    buf[n++] = ')';
    buf[n] = '\0';
    return n;
}

void det_abs_time(struct out *o, int64_t sec, uint32_t nsec, const struct fmt_opts *opts,
                  struct fmt_detail_cache *cache)
{
    struct fmt_detail_cache one = {.valid = false};
    struct fmt_detail_cache *c = cache != NULL ? cache : &one;
    if (cache == NULL || !c->valid || c->sec != sec || c->utc != opts->utc) {
        time_t t = (time_t)sec;
        struct tm tm;
        c->valid = false;
        c->date_len = c->zone_len = 0;
        bool ok = opts->utc ? gmtime_r(&t, &tm) != NULL : localtime_r(&t, &tm) != NULL;
        if (!ok)
            return; /* a time the C library cannot break down: nothing, as before */
        c->date_len = strftime(c->date, sizeof c->date, "%b %e, %Y %H:%M:%S", &tm);
        memcpy(c->zone, "UTC", 4);
        if (!opts->utc)
            strftime(c->zone, sizeof c->zone, "%Z", &tm);
        c->zone_len = strlen(c->zone);
        c->valid = true;
        c->sec = sec;
        c->utc = opts->utc;
    }
    out_mem(o, c->date, c->date_len);
    out_char(o, '.');
    out_u64_pad(o, nsec, 9, '0');
    out_char(o, ' ');
    out_mem(o, c->zone, c->zone_len);
}

/* "[Calculated Checksum: 0x1234]" */
static void calculated(struct out *o, int lvl, uint16_t v)
{
    dl_begin(o, lvl, "[Calculated Checksum: ");
    dl_hex(o, v, 4);
    OUT_LIT(o, "]\n");
}

void det_checksum(struct out *o, const struct csum_words *w, uint16_t v, struct csum_result r)
{
    dl_begin(o, 1, w->field);
    OUT_LIT(o, ": ");
    dl_hex(o, v, 4);
    const char *verdict;
    switch (r.status) {
    case CSUM_CORRECT:
        OUT_LIT(o, " [correct]\n");
        verdict = ": Good]";
        break;
    case CSUM_INCORRECT: {
        OUT_LIT(o, " incorrect, should be ");
        dl_hex(o, r.expect, 4);
        out_str(o, w->offload);
        dl_end(o);
        char msg[48];
        snprintf(msg, sizeof msg, "Bad checksum [should be 0x%04x]", r.expect);
        dl_expert(o, 2, w->severity, "Checksum", msg);
        verdict = ": Bad]";
        break;
    }
    case CSUM_UNVERIFIED:
    case CSUM_ZERO:
    default:
        OUT_LIT(o, " [");
        out_str(o, w->unverified);
        OUT_LIT(o, "]\n");
        dl_gen(o);
        dl_s3(o, 1, "[", w->status, ": Unverified]");
        return;
    }
    if (w->calc == CALC_UNDER) {
        dl_gen(o);
        calculated(o, 2, r.expect);
    }
    dl_gen(o);
    dl_s3(o, 1, "[", w->status, verdict);
    if (w->calc == CALC_AFTER) {
        dl_gen(o);
        calculated(o, 1, r.expect);
    }
}

void det_addresses(struct out *o, const char *src, size_t slen, const char *dst, size_t dlen,
                   uint32_t off, uint32_t alen)
{
    dl_at(o, off, alen);
    dl_begin(o, 1, "Source Address: ");
    out_mem(o, src, slen);
    dl_end(o);
    dl_at(o, off + alen, alen);
    dl_begin(o, 1, "Destination Address: ");
    out_mem(o, dst, dlen);
    dl_end(o);
}

void det_ethertype(struct out *o, int lvl, const char *label, uint16_t type)
{
    const char *name = proto_long(names_ethertype, type);
    dl_begin(o, lvl, label);
    OUT_LIT(o, ": ");
    out_str(o, name != NULL ? name : "Unknown");
    OUT_LIT(o, " (");
    dl_hex(o, type, 4);
    OUT_LIT(o, ")\n");
}

const char *det_dscp_abbrev(uint8_t dscp)
{
    const struct dscp_name *d = dscp_lookup(dscp);
    return d != NULL ? d->abbrev : "Unknown";
}

void det_dscp_lines(struct out *o, uint32_t word, int width, uint32_t dscp_mask, uint32_t ecn_mask,
                    uint8_t dscp, uint8_t ecn)
{
    const struct dscp_name *d = dscp_lookup(dscp);
    dl_bits(o, 2, word, width, dscp_mask);
    OUT_LIT(o, "Differentiated Services Codepoint: ");
    out_str(o, d != NULL ? d->name : "Unknown");
    OUT_LIT(o, " (");
    out_u64(o, dscp);
    OUT_LIT(o, ")\n");
    dl_bits(o, 2, word, width, ecn_mask);
    OUT_LIT(o, "Explicit Congestion Notification: ");
    out_str(o, names_ecn_long[ecn & 3]);
    OUT_LIT(o, " (");
    out_u64(o, ecn & 3);
    OUT_LIT(o, ")\n");
}
