/*
 * fuzz_track.c: the connection model (relative numbers, analysis flags, TCP states, echo
 * verification), fed sequences of packets.
 *
 * Input: records of [control byte][2-byte big-endian length][that many bytes of a raw IP
 * packet] (DLT_RAW: IPv4 or IPv6 from the first byte), until the input runs out. Each is
 * decoded, then goes through analysis_packet (a table of 4 connections, so eviction
 * happens all the time; echo checked on port 15213, a 64 KiB reassembly cap, so the
 * --max-pending limit is reached; stream 0 followed) and the formatters. The control
 * byte's low bits move the timestamp (bit 7 set: backwards), its bit 6 cuts the record
 * to half its bytes as a snapshot length would. At the end analysis_finish summarises
 * every connection still open, and everything is freed: LeakSanitizer checks that.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/dlt.h>

#include "analysis.h"
#include "decode.h"
#include "fmt_addr.h"
#include "fmt_conn.h"
#include "fuzz.h"

static void on_close(void *ctx, const struct an_conn_summary *s)
{
    uint64_t *n = ctx;
    /* Read the summary the way --summary does, so a stale field is an ASan report. */
    *n += s->packets[0] + s->packets[1] + s->echo.requests + s->rtt_median_ns;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    struct analysis a;
    struct an_opts o = {.echo_port = AN_ECHO_PORT,
                        .max_conns = 4,
                        .max_pending = 65536,
                        .verify_echo = true,
                        .follow = true,
                        .follow_stream = 0,
                        .key = {0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull}};
    char err[256];
    if (!analysis_init(&a, &o, err, sizeof err))
        return 0;
    uint64_t closed = 0;
    analysis_set_close_cb(&a, on_close, &closed);

    static struct packet p;
    static struct pkt_analysis r;
    int64_t ts = 1700000000;
    uint32_t nsec = 0;
    uint64_t n = 0;
    size_t i = 0;
    while (size - i >= 3) {
        uint8_t ctl = data[i];
        uint32_t len = (uint32_t)data[i + 1] << 8 | data[i + 2];
        i += 3;
        if (len > size - i)
            len = (uint32_t)(size - i);
        uint32_t caplen = ctl & 0x40 ? len / 2 : len;
        /* An exactly-sized copy: ASan flags a read past the captured bytes. */
        uint8_t *frame = malloc(caplen ? caplen : 1);
        if (!frame)
            break;
        if (caplen)
            memcpy(frame, data + i, caplen);
        i += len;
        if (ctl & 0x80)
            ts -= ctl & 0x3f;
        else
            nsec += (uint32_t)(ctl & 0x3f) * 1000000u;
        if (nsec >= 1000000000u) {
            ts++;
            nsec -= 1000000000u;
        }
        struct frame_info fi = {.number = ++n,
                                .ts_sec = ts,
                                .ts_nsec = nsec,
                                .caplen = caplen,
                                .len = len,
                                .linktype = DLT_RAW,
                                .data = frame};
        decode_packet(&p, &fi);
        (void)analysis_packet(&a, &p, &r);
        if (r.valid) {
            char buf[128];
            (void)fmt_an_flags(r.flags, r.dupack_of, r.dupack_num, buf, sizeof buf);
            (void)fmt_endpoint(buf, r.client.family, r.client.addr, r.client.port);
            (void)tcp_state_name(r.state[0]);
            (void)tcp_state_name(r.state[1]);
        }
        fuzz_exercise_packet(&p);
        const struct conn *c0 = analysis_conn(&a, 0);
        if (c0 != NULL) {
            enum tcp_state st[2];
            conn_states(c0, st);
        }
        free(frame);
    }
    analysis_finish(&a);
    analysis_free(&a);
    (void)closed; /* the callback's reads are what matter; the sum is not checked */
    return 0;
}
