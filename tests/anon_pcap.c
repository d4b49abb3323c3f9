/*
 * anon_pcap.c: a test driver that applies --redact and --anonymize to every frame of a
 * pcap file, exactly as sniff does before printing or writing (decode, rewrite the raw
 * bytes), and writes the result, so test_anon_tshark.sh can have Wireshark's own
 * checksum verification judge the rewritten frames.
 *
 *   anon_pcap IN.pcap OUT.pcap KEY [redact]
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "decode.h"
#include "redact.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: anon_pcap IN.pcap OUT.pcap KEY [redact]\n");
        return 2;
    }
    char eb[PCAP_ERRBUF_SIZE], err[128];
    pcap_t *in = pcap_open_offline(argv[1], eb);
    if (!in) {
        fprintf(stderr, "anon_pcap: %s\n", eb);
        return 1;
    }
    pcap_dumper_t *out = pcap_dump_open(in, argv[2]);
    struct anon *a;
    if (!out || anon_new(&a, argv[3], err, sizeof err) != 0) {
        fprintf(stderr, "anon_pcap: %s\n", out ? err : pcap_geterr(in));
        return 1;
    }
    bool redact = argc > 4 && strcmp(argv[4], "redact") == 0;
    uint8_t *buf = malloc(262144);
    struct packet *p = malloc(sizeof *p);
    if (!buf || !p)
        return 1;
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc;
    while ((rc = pcap_next_ex(in, &h, &data)) == 1) {
        uint32_t cap = h->caplen < 262144 ? h->caplen : 262144;
        memcpy(buf, data, cap);
        struct frame_info fi = {0};
        fi.caplen = cap;
        fi.len = h->len;
        fi.linktype = pcap_datalink(in);
        fi.data = buf;
        decode_packet(p, &fi);
        if (redact)
            redact_frame(buf, cap, p);
        anon_frame(a, buf, cap, p);
        pcap_dump((u_char *)out, h, buf);
    }
    pcap_dump_close(out);
    pcap_close(in);
    anon_free(a);
    free(buf);
    free(p);
    return rc == PCAP_ERROR_BREAK ? 0 : 1;
}
