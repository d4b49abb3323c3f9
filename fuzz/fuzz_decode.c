/*
 * fuzz_decode.c: the whole decoder, one link type per binary (FUZZ_DLT, set by the build:
 * fuzz_decode_eth is DLT_EN10MB, fuzz_decode_sll is DLT_LINUX_SLL, ...).
 *
 * Input: one control byte, then the captured frame. The control byte sets the length on
 * the wire, so that snapshot-length truncation is explored as well as malformed lengths:
 * 0 means len == caplen; 0xff means len < caplen (a file lying the other way); any other
 * value n means len = caplen + 4 * n. The frame is then decoded and every later stage
 * (detail tree, bytes pane, display filters) is run on the result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/dlt.h>

#include "decode.h"
#include "fuzz.h"

#ifndef FUZZ_DLT
#define FUZZ_DLT DLT_EN10MB
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 262144 + 1)
        return 0;
    uint8_t ctl = data[0];
    uint32_t caplen = (uint32_t)(size - 1);
    uint32_t len = caplen;
    if (ctl == 0xff)
        len = caplen / 2;
    else
        len = caplen + 4u * ctl;

    /* A copy of exactly caplen bytes, so that ASan flags the first byte read past it
     * (an empty frame still gets a distinct, zero-sized allocation). */
    uint8_t *frame = malloc(caplen ? caplen : 1);
    if (!frame)
        return 0;
    if (caplen)
        memcpy(frame, data + 1, caplen);

    struct frame_info fi = {
        .number = 1,
        .ts_sec = 1700000000,
        .ts_nsec = 0,
        .caplen = caplen,
        .len = len,
        .linktype = FUZZ_DLT,
        .data = frame,
    };
    static struct packet p;
    decode_packet(&p, &fi);
    fuzz_exercise_packet(&p);
    free(frame);
    return 0;
}
