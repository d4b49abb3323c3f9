/*
 * fuzz_pcap.c: reading a whole capture file through libpcap, as sniff -r reads it.
 *
 * Input: the bytes of a pcap or pcapng file. They are put in a memory file (memfd) and
 * opened with cap_open_offline exactly as sniff -r opens a file: through sniff's own
 * stream (capture/capread.c), whose block walker (capture/cap_stream.c) reads every byte
 * before libpcap does (the pcapng interfaces, the snapshot lengths it raises, the link
 * types it evens out, the packet blocks' flags and comments). Every record is read with
 * pcap_next_ex (at most a few thousand, so that one input stays fast), with the walker's
 * facts of it and its comments, decoded for its link type, and run through the later
 * stages. This finds what libpcap and the walker let through to our decoder (caplen
 * above the snapshot length, zero-length records, link types we do not know, timestamps
 * out of order, interface IDs no block described) and what a hostile pcapng block does
 * to the walker; a file libpcap refuses exercises the error sentences
 * (capture/caperr.c).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capread.h"
#include "decode.h"
#include "fuzz.h"

#define MAX_RECORDS 4096

/* Every byte of every comment of packet n is read: ASan checks the bounds. */
static void read_comments(struct cap_reader *rd, uint64_t n)
{
    const struct cap_comment *c;
    int more;
    int nc = cap_reader_comments(rd, n, &c, &more);
    unsigned sum = 0;
    for (int i = 0; i < nc; i++)
        for (uint32_t j = 0; j < c[i].len; j++)
            sum += (unsigned char)c[i].text[j];
    if (nc > 0 && sum == 0 && c[0].len > 0 && c[0].text[0] != '\0')
        abort(); /* cannot happen: a non-zero first byte makes the sum non-zero */
}

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
    char err[512];
    pcap_t *pc = NULL;
    struct cap_reader *rd = NULL;
    if (cap_open_offline(&pc, fd, "fuzz", &rd, err, sizeof err) != STATUS_OK) {
        if (memchr(err, '\0', sizeof err) == NULL)
            abort(); /* the sentence must be terminated */
        cap_reader_free(rd);
        return 0;
    }
    bool nano = pcap_get_tstamp_precision(pc) == PCAP_TSTAMP_PRECISION_NANO;
    int dlt = pcap_datalink(pc);
    static struct packet p;
    struct pcap_pkthdr *h;
    const u_char *bytes;
    uint64_t n = 0;
    int rc;
    while (n < MAX_RECORDS && (rc = cap_reader_read(rd, &h, &bytes)) == 1) {
        n++;
        struct cap_record rec;
        cap_reader_next(rd, &rec);
        read_comments(rd, n);
        /* A link type sniff does not decode is still read, and shown as data. */
        struct frame_info fi = {
            .number = n,
            .ts_sec = h->ts.tv_sec,
            .ts_nsec = nano ? (uint32_t)h->ts.tv_usec : (uint32_t)h->ts.tv_usec * 1000u,
            .caplen = h->caplen,
            .len = rec.has_wire_len ? rec.wire_len : h->len,
            .linktype = rec.own_linktype ? rec.linktype : dlt,
            .data = bytes,
            .ts_digits = rec.ts_digits,
            .has_iface = rec.pcapng,
            .iface_id = rec.iface,
            .section = rec.section,
            .iface_name = rec.name,
            .iface_descr = rec.descr,
            .has_epb_flags = rec.has_flags,
            .epb_flags = rec.flags,
        };
        decode_packet(&p, &fi);
        fuzz_exercise_packet(&p);
    }
    pcap_close(pc); /* closes the memory file too */
    cap_reader_free(rd);
    return 0;
}
