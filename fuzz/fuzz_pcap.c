/*
 * fuzz_pcap.c: reading a whole capture file through libpcap, from memory.
 *
 * Input: the bytes of a pcap or pcapng file. They are opened with fmemopen and
 * pcap_fopen_offline exactly as sniff -r opens a file, every record is read with
 * pcap_next_ex (at most a few thousand, so that one input stays fast), decoded for the
 * file's link type, and run through the later stages. This finds what libpcap lets
 * through to our decoder: caplen above the snapshot length, zero-length records, link
 * types we do not know, timestamps out of order.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "decode.h"
#include "fuzz.h"

#define MAX_RECORDS 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (1u << 20))
        return 0;
    /* fmemopen wants a writable buffer in some C libraries; give it a private copy. */
    void *copy = malloc(size);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    FILE *fp = fmemopen(copy, size, "rb");
    if (!fp) {
        free(copy);
        return 0;
    }
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_fopen_offline(fp, errbuf);
    if (!pc) {
        fclose(fp); /* on failure libpcap leaves the stream to its caller */
        free(copy);
        return 0;
    }
    int dlt = pcap_datalink(pc);
    bool known = decode_linktype_supported(dlt);
    static struct packet p;
    struct pcap_pkthdr *h;
    const u_char *bytes;
    uint64_t n = 0;
    int rc;
    while (n < MAX_RECORDS && (rc = pcap_next_ex(pc, &h, &bytes)) == 1) {
        n++;
        if (!known)
            continue;
        struct frame_info fi = {
            .number = n,
            .ts_sec = h->ts.tv_sec,
            .ts_nsec = (uint32_t)h->ts.tv_usec * 1000u,
            .caplen = h->caplen,
            .len = h->len,
            .linktype = dlt,
            .data = bytes,
        };
        decode_packet(&p, &fi);
        fuzz_exercise_packet(&p);
    }
    pcap_close(pc); /* closes fp too */
    free(copy);
    return 0;
}
