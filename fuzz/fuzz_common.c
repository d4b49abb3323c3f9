/*
 * fuzz_common.c: the stages after decoding, run on every packet a harness decodes.
 *
 * The packet list, the detail tree, the bytes pane and the display filters read only
 * struct packet, but the pointers in it (options, payload) point into the captured
 * bytes, so a decoder that sets one past the captured end shows up here, as an ASan
 * report in the formatter that follows the pointer. The output is discarded.
 */
#include "fuzz.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "dfilter.h"
#include "fmt.h"
#include "fmt_summary.h"
#include "out.h"

/* Filters over most of the fields a lab uses, compiled once per process. */
static const char *const filters[] = {
    "tcp.port == 15213 && tcp.len > 0",
    "ip.addr == 127.0.0.1 or ipv6.addr == ::1",
    "tcp.flags.syn == 1 and not tcp.flags.ack == 1",
    "frame.len >= 60 && !(udp or icmp)",
    "tcp.window_size < 100 || ip.flags.mf == 1 || ipv6.nxt == 44 || tcp.hdr_len > 20",
};
#define NFILTERS (sizeof filters / sizeof filters[0])

struct fuzz_stages {
    bool ready;
    struct out out;
    struct fmt_time time;
    struct dfilter *f[NFILTERS];
};

static struct fuzz_stages *stages(void)
{
    static struct fuzz_stages *s;
    if (s)
        return s;
    s = calloc(1, sizeof *s);
    if (!s)
        abort();
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        abort();
    out_init(&s->out, fd);
    for (size_t i = 0; i < NFILTERS; i++) {
        char err[256];
        /* A filter naming a field this sniff does not know is simply skipped. */
        if (dfilter_compile(filters[i], &s->f[i], err, sizeof err) != 0)
            s->f[i] = NULL;
    }
    s->ready = true;
    return s;
}

void fuzz_exercise_packet(const struct packet *p)
{
    struct fuzz_stages *s = stages();
    struct fmt_opts opts = {.color = true, .resolve_vendors = true, .check_checksums = true};

    (void)color_of(p);
    fmt_summary(&s->out, p, &opts, &s->time, NULL);
    fmt_time_note(&s->time, p->frame.ts_sec, p->frame.ts_nsec);
    fmt_detail(&s->out, p, &opts, NULL);
    fmt_hex(&s->out, p->frame.data, p->frame.caplen);
    for (size_t i = 0; i < NFILTERS; i++)
        if (s->f[i])
            (void)dfilter_match(s->f[i], p);
    /* Discard rather than write: /dev/null costs a syscall per flush. */
    s->out.len = 0;
}
