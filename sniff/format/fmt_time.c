/*
 * fmt_time.c: the packet list's Time column (see fmt_summary.h): seconds since the first
 * frame (the default), since the previous one, since 1970, or the time of day, with as
 * many decimals as the file's time resolution (6 for microseconds, 9 for nanoseconds),
 * cut rather than rounded, as Wireshark prints them.
 */
#include "fmt_summary.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

void fmt_time_note(struct fmt_time *t, int64_t sec, uint32_t nsec)
{
    if (!t->have_first) {
        t->have_first = true;
        t->first_sec = sec;
        t->first_nsec = nsec;
    }
    t->have_prev = true;
    t->prev_sec = sec;
    t->prev_nsec = nsec;
}

/* The decimals Wireshark shows a frame's times with: its file's resolution (6 for
 * microseconds, 9 for nanoseconds). */
static int time_digits(const struct frame_info *f)
{
    return f->ts_digits == 0 ? 6 : f->ts_digits > 9 ? 9 : f->ts_digits;
}

static const uint32_t pow10s[10] = {1,      10,      100,      1000,      10000,
                                    100000, 1000000, 10000000, 100000000, 1000000000};

/* ".123456": nsec cut to digits decimals (none for 0), as Wireshark cuts them. */
static void out_frac(struct out *o, uint32_t nsec, int digits)
{
    if (digits == 0)
        return;
    out_char(o, '.');
    out_u64_pad(o, nsec / pow10s[9 - digits], digits, '0');
}

/* Appends sec.frac for a signed difference of two times. Seconds and nanoseconds are
 * kept apart: a file's times may be centuries apart (pcapng's are 64-bit), more than a
 * 64-bit count of nanoseconds holds; a difference past what int64_t holds is clamped. */
static void out_diff(struct out *o, int64_t sec, uint32_t nsec, int64_t bsec, uint32_t bnsec,
                     int digits)
{
    int64_t ds;
    if (__builtin_sub_overflow(sec, bsec, &ds))
        ds = sec < bsec ? INT64_MIN + 1 : INT64_MAX;
    int64_t dn = (int64_t)nsec - (int64_t)bnsec;
    /* One sign for both parts. */
    if (ds > 0 && dn < 0) {
        ds--;
        dn += 1000000000;
    } else if (ds < 0 && dn > 0) {
        ds++;
        dn -= 1000000000;
    }
    if (ds < 0 || dn < 0) {
        out_char(o, '-');
        ds = ds == INT64_MIN ? INT64_MAX : -ds;
        dn = -dn;
    }
    out_u64(o, (uint64_t)ds + (uint64_t)(dn / 1000000000));
    out_frac(o, (uint32_t)(dn % 1000000000), digits);
}

static void time_text(struct out *o, struct fmt_time *t, const struct frame_info *f,
                      const struct fmt_opts *opts)
{
    int digits = time_digits(f);
    switch (opts->time_format) {
    case TIME_EPOCH:
        out_i64(o, f->ts_sec);
        out_frac(o, f->ts_nsec, digits);
        return;
    case TIME_DELTA:
        if (!t->have_prev)
            out_diff(o, 0, 0, 0, 0, digits);
        else
            out_diff(o, f->ts_sec, f->ts_nsec, t->prev_sec, t->prev_nsec, digits);
        return;
    case TIME_ABSOLUTE:
    case TIME_DATE:
        /* localtime() once per distinct second, not once per packet. */
        if (!t->cached || t->cached_sec != f->ts_sec) {
            time_t tt = (time_t)f->ts_sec;
            struct tm tm;
            bool ok = opts->utc ? gmtime_r(&tt, &tm) != NULL : localtime_r(&tt, &tm) != NULL;
            if (!ok ||
                strftime(t->cached_text, sizeof t->cached_text, "%Y-%m-%d %H:%M:%S", &tm) == 0)
                strcpy(t->cached_text, "0000-00-00 00:00:00");
            t->cached = true;
            t->cached_sec = f->ts_sec;
        }
        out_str(o, opts->time_format == TIME_DATE ? t->cached_text : t->cached_text + 11);
        out_frac(o, f->ts_nsec, digits);
        return;
    case TIME_RELATIVE:
    default:
        if (!t->have_first)
            out_diff(o, 0, 0, 0, 0, digits);
        else
            out_diff(o, f->ts_sec, f->ts_nsec, t->first_sec, t->first_nsec, digits);
        return;
    }
}

void fmt_time_column(struct out *o, struct fmt_time *t, const struct frame_info *f,
                     const struct fmt_opts *opts)
{
    /* Room for the longest text first (a date and time is 26 bytes, a signed difference
     * at most 28), so the writer cannot flush mid-text and the padding is measured on
     * the text itself. It once could: a line every 256 KiB lost its time padding. */
    (void)out_room(o, 64);
    size_t before = o->len;
    time_text(o, t, f, opts);
    out_spaces(o, fmt_time_width(opts) - (int)(o->len - before));
}
