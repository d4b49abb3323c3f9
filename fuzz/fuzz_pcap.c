/*
 * fuzz_pcap.c: reading a whole capture file through libpcap, from memory.
 *
 * Input: the bytes of a pcap or pcapng file. They are put in a memory file (memfd) and
 * opened with cap_open_offline exactly as sniff -r opens a file, through sniff's own
 * stream and its pcapng comment parser (capture/capread.c); every record is read with
 * pcap_next_ex (at most a few thousand, so that one input stays fast), its comments
 * asked for, decoded for the file's link type, and run through the later stages. This
 * finds what libpcap lets through to our decoder (caplen above the snapshot length,
 * zero-length records, link types we do not know, timestamps out of order) and what a
 * hostile pcapng block does to the comment parser; a file libpcap refuses exercises the
 * error sentences (capture/caperr.c).
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
    int dlt = pcap_datalink(pc);
    bool known = decode_linktype_supported(dlt);
    static struct packet p;
    struct pcap_pkthdr *h;
    const u_char *bytes;
    uint64_t n = 0;
    int rc;
    while (n < MAX_RECORDS && (rc = pcap_next_ex(pc, &h, &bytes)) == 1) {
        n++;
        const struct cap_comment *c;
        int more;
        int nc = cap_reader_comments(rd, n, &c, &more);
        /* Every byte of every comment is read: ASan checks the bounds. */
        unsigned sum = 0;
        for (int i = 0; i < nc; i++)
            for (uint32_t j = 0; j < c[i].len; j++)
                sum += (unsigned char)c[i].text[j];
        if (nc > 0 && sum == 0 && c[0].len > 0 && c[0].text[0] != '\0')
            abort(); /* cannot happen: a non-zero first byte makes the sum non-zero */
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
    pcap_close(pc); /* closes the memory file too */
    cap_reader_free(rd);
    return 0;
}
