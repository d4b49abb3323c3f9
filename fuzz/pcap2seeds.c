/*
 * pcap2seeds.c: turns capture files into seed inputs for the decoder harnesses.
 *
 *   fuzz_pcap2seeds OUTDIR MAX FILE...
 *
 * Writes the first MAX records of each FILE as OUTDIR/decode_NAME/cap-HASH, NAME being the
 * harness for the file's link type (eth, sll, ...), in the harnesses' input format: a
 * control byte for the length on the wire, then the captured bytes. Identical frames get
 * the same name, so the seeds stay small. Files of a link type no harness takes, or that
 * libpcap cannot open, are skipped with a note.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pcap/pcap.h>

static const char *harness_for(int dlt)
{
    switch (dlt) {
    case DLT_EN10MB:
        return "eth";
    case DLT_LINUX_SLL:
        return "sll";
    case DLT_LINUX_SLL2:
        return "sll2";
    case DLT_NULL:
        return "null";
    case DLT_LOOP:
        return "loop";
    case DLT_RAW:
        return "raw";
    case DLT_IPV4:
        return "ipv4";
    case DLT_IPV6:
        return "ipv6";
    case DLT_PPP:
        return "ppp";
    case DLT_PPP_SERIAL:
        return "ppp_hdlc";
    case DLT_C_HDLC:
        return "chdlc";
    case DLT_IEEE802_11:
        return "wlan";
    case DLT_IEEE802_11_RADIO:
        return "radiotap";
    case DLT_PPI:
        return "ppi";
    case DLT_IPOIB:
        return "ipoib";
    case DLT_ARCNET_LINUX:
        return "arcnet";
    case DLT_JUNIPER_ETHER:
        return "juniper";
    default:
        return NULL;
    }
}

/* FNV-1a, 64 bits: a name for a frame's content. */
static uint64_t fnv1a(uint8_t ctl, const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    h = (h ^ ctl) * 0x100000001b3u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static int seed_file(const char *outdir, long max, const char *file)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_open_offline(file, errbuf);
    if (!pc) {
        fprintf(stderr, "pcap2seeds: %s: %s (skipped)\n", file, errbuf);
        return 0;
    }
    const char *name = harness_for(pcap_datalink(pc));
    if (!name) {
        fprintf(stderr, "pcap2seeds: %s: link type %d has no harness (skipped)\n", file,
                pcap_datalink(pc));
        pcap_close(pc);
        return 0;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/decode_%s", outdir, name);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "pcap2seeds: %s: %s\n", dir, strerror(errno));
        pcap_close(pc);
        return -1;
    }
    struct pcap_pkthdr *h;
    const u_char *bytes;
    long n = 0;
    int rc = 0;
    while (n < max && pcap_next_ex(pc, &h, &bytes) == 1) {
        n++;
        uint32_t extra = h->len > h->caplen ? (h->len - h->caplen) / 4 : 0;
        uint8_t ctl = (uint8_t)(extra > 254 ? 254 : extra);
        char path[4200];
        snprintf(path, sizeof path, "%s/cap-%016llx", dir,
                 (unsigned long long)fnv1a(ctl, bytes, h->caplen));
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(&ctl, 1, 1, f) != 1 || fwrite(bytes, 1, h->caplen, f) != h->caplen) {
            fprintf(stderr, "pcap2seeds: %s: %s\n", path, strerror(errno));
            rc = -1;
        }
        if (f && fclose(f) != 0)
            rc = -1;
        if (rc)
            break;
    }
    pcap_close(pc);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fuzz_pcap2seeds OUTDIR MAX FILE...\n");
        return 2;
    }
    long max = strtol(argv[2], NULL, 10);
    int rc = 0;
    for (int i = 3; i < argc; i++)
        if (seed_file(argv[1], max, argv[i]) != 0)
            rc = 1;
    return rc;
}
