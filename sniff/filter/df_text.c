/*
 * df_text.c: a field's value as text, exactly as tshark -T fields prints it (and as the
 * filter's string() function sees it): decimal or 0x-hex integers (two digits a byte of
 * the field's wire size: eth.type 0x0800, tcp.flags 0x0018), booleans as 1 or 0, labels
 * without a value as 1, addresses in their usual notation, bytes as bare hex, times as
 * seconds with nine decimals, absolute times as "Nov 25, 2026 17:20:35.544581000 UTC"
 * in the local time zone.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "dfilter.h"

static size_t cut(int w, size_t n)
{
    return w < 0 ? 0 : (size_t)w < n ? (size_t)w : n > 0 ? n - 1 : 0;
}

static size_t reltime_text(int64_t ns, char *buf, size_t n)
{
    const char *sign = ns < 0 ? "-" : "";
    uint64_t a = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    return cut(snprintf(buf, n, "%s%" PRIu64 ".%09" PRIu64, sign, a / 1000000000u, a % 1000000000u),
               n);
}

static size_t abstime_text(int64_t ns, char *buf, size_t n)
{
    time_t t = (time_t)(ns >= 0 ? ns / 1000000000 : (ns - 999999999) / 1000000000);
    long frac = (long)(ns - (int64_t)t * 1000000000);
    struct tm tm;
    char date[64], zone[16];
    if (localtime_r(&t, &tm) == NULL)
        return cut(snprintf(buf, n, "?"), n);
    strftime(date, sizeof date, "%b %e, %Y %H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%Z", &tm);
    return cut(snprintf(buf, n, "%s.%09ld %s", date, frac, zone), n);
}

size_t df_value_text(const struct df_field *f, const struct df_value *v, char *buf, size_t n)
{
    if (n == 0)
        return 0;
    buf[0] = '\0';
    switch (v->type) {
    case DF_NONE:
        return cut(snprintf(buf, n, "1"), n);
    case DF_UINT:
        if (f != NULL && f->base == DF_HEX)
            return cut(snprintf(buf, n, "0x%0*" PRIx64, 2 * f->bytes, v->v.u), n);
        return cut(snprintf(buf, n, "%" PRIu64, v->v.u), n);
    case DF_BOOL:
    case DF_FRAMENUM:
        return cut(snprintf(buf, n, "%" PRIu64, v->v.u), n);
    case DF_INT:
        return cut(snprintf(buf, n, "%" PRId64, v->v.i), n);
    case DF_IPV4: {
        uint32_t a = (uint32_t)v->v.u;
        return cut(
            snprintf(buf, n, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255), n);
    }
    case DF_IPV6: {
        char tmp[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, v->v.a, tmp, sizeof tmp);
        return cut(snprintf(buf, n, "%s", tmp), n);
    }
    case DF_ETHER: {
        const uint8_t *m = v->v.a;
        return cut(
            snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]),
            n);
    }
    case DF_BYTES:
    case DF_PROTO: {
        static const char hex[] = "0123456789abcdef";
        size_t k = 0;
        for (uint32_t i = 0; i < v->len && k + 2 < n; i++) {
            buf[k++] = hex[v->v.p[i] >> 4];
            buf[k++] = hex[v->v.p[i] & 15];
        }
        buf[k] = '\0';
        return k;
    }
    case DF_STRING:
        return cut(snprintf(buf, n, "%.*s", (int)v->len, (const char *)v->v.p), n);
    case DF_ABSTIME:
        return abstime_text(v->v.ns, buf, n);
    case DF_RELTIME:
        return reltime_text(v->v.ns, buf, n);
    }
    return 0;
}
