/*
 * fuzz_pcap.c: reading a whole capture file through libpcap, as sniff -r reads it.
 *
 * Input: the bytes of a pcap or pcapng file. They are written to a memory file and
 * opened with cap_open_offline exactly as sniff -r opens a file: through the stream of
 * capture/cap_stream.c, whose block walker reads every byte before libpcap does (the
 * pcapng interfaces, the snapshot lengths it raises). Every record is read with
 * pcap_next_ex (at most a few thousand, so that one input stays fast), with the walker's
 * facts of it, decoded for the file's link type, and run through the later stages. This
 * finds what libpcap and the walker let through to our decoder: caplen above the
 * snapshot length, zero-length records, link types we do not know, timestamps out of
 * order, interface IDs no block described.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "cap.h"
#include "decode.h"
#include "fuzz.h"

#define MAX_RECORDS 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (1u << 20))
        return 0;
    int fd = memfd_create("fuzz_pcap", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return 0;
    }
    char err[512], *filebuf;
    struct cap_stream *stream;
    pcap_t *pc;
    if (cap_open_offline(&pc, fd, "fuzz", &filebuf, &stream, err, sizeof err) != STATUS_OK)
        return 0; /* the descriptor is closed */
    bool nano = pcap_get_tstamp_precision(pc) == PCAP_TSTAMP_PRECISION_NANO;
    int dlt = pcap_datalink(pc);
    static struct packet p;
    struct pcap_pkthdr *h;
    const u_char *bytes;
    uint64_t n = 0;
    int rc;
    while (n < MAX_RECORDS && (rc = pcap_next_ex(pc, &h, &bytes)) == 1) {
        n++;
        struct cap_record rec;
        cap_stream_next(stream, &rec);
        /* A link type sniff does not decode is still read, and shown as data. */
        struct frame_info fi = {
            .number = n,
            .ts_sec = h->ts.tv_sec,
            .ts_nsec = nano ? (uint32_t)h->ts.tv_usec : (uint32_t)h->ts.tv_usec * 1000u,
            .caplen = h->caplen,
            .len = h->len,
            .linktype = dlt,
            .data = bytes,
            .ts_digits = rec.ts_digits,
            .has_iface = rec.pcapng,
            .iface_id = rec.iface,
            .section = rec.section,
            .iface_name = rec.name,
            .iface_descr = rec.descr,
        };
        decode_packet(&p, &fi);
        fuzz_exercise_packet(&p);
    }
    pcap_close(pc); /* closes the stream and the memory file */
    free(filebuf);
    cap_stream_free(stream);
    return 0;
}
