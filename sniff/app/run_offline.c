/*
 * run_offline.c: reading a capture file (-r), frame after frame through the pipeline
 * (sniff_frame.c), to its end or to -c; or a number of frames at a time, for the
 * terminal UI. Where the file is cut or corrupt, the error says where in our own words:
 * the byte the reading stopped at and the record it was in, after every complete packet
 * was handled.
 */
#include "sniff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"

/* libpcap's "truncated dump file; tried to read N <kind> bytes, only got M". */
static bool read_counts(const char *why, const char *kind, unsigned long *want, unsigned long *got)
{
    const char *p = strstr(why, "tried to read ");
    char *end;
    if (p == NULL)
        return false;
    *want = strtoul(p + 14, &end, 10);
    size_t k = strlen(kind);
    if (end[0] != ' ' || strncmp(end + 1, kind, k) != 0 ||
        strncmp(end + 1 + k, " bytes, only got ", 17) != 0)
        return false;
    *got = strtoul(end + 1 + k + 17, &end, 10);
    return *end == '\0';
}

/* A cut or corrupt file: say where, after the complete packets, in our words: the byte
 * the reading stopped at and, in a classic pcap file, where the bad record starts (a
 * 24-byte file header, then a 16-byte header and caplen bytes per record). */
static int cut_file(struct sniff *s, char *err, size_t errlen)
{
    const char *name = strcmp(s->opt.rfile, "-") == 0 ? "standard input" : s->opt.rfile;
    unsigned long long at = (unsigned long long)cap_reader_offset(s->rd);
    unsigned long long after = (unsigned long long)s->frames;
    const char *why = cap_reader_error(s->rd);
    unsigned long want, got;
    char what[160];
    if (read_counts(why, "header", &want, &got))
        snprintf(what, sizeof what, "its %lu-byte record header has only %lu", want, got);
    else if (read_counts(why, "captured", &want, &got))
        snprintf(what, sizeof what, "it announces %lu captured bytes and has only %lu", want, got);
    else
        snprintf(what, sizeof what, "libpcap says: %s", why);
    char where[64] = "";
    if (pcap_major_version(s->pc) == 2)
        snprintf(where, sizeof where, " (that record starts at byte %llu)",
                 (unsigned long long)s->file_off);
    char before[64] = "No packet precedes it";
    if (after > 0)
        snprintf(before, sizeof before, "The %llu packet%s before it %s read", after,
                 after == 1 ? "" : "s", after == 1 ? "was" : "were");
    snprintf(err, errlen,
             "%s is cut at byte %llu, in the record after packet %llu%s: %s. %s; the capture "
             "that wrote the file was interrupted",
             name, at, after, where, what, before);
    return 1;
}

int sniff_run_offline(struct sniff *s, char *err, size_t errlen)
{
    return sniff_offline_step(s, UINT64_MAX, err, errlen);
}

int sniff_offline_step(struct sniff *s, uint64_t max, char *err, size_t errlen)
{
    struct pcap_pkthdr *h;
    const u_char *data;
    if (s->file_off == 0)
        s->file_off = 24; /* the classic pcap file header */
    /* A view keeping frame records needs each record's place in the file. In a classic
     * pcap file it is counted from the record headers; elsewhere ftell asks the stream,
     * which costs a system call (lseek) a frame: a fifth of the TUI's reading time. */
    FILE *rf = s->frame_hook != NULL ? pcap_file(s->pc) : NULL;
    for (uint64_t n = 0; n < max; n++) {
        if (rf != NULL)
            s->rec_off = s->rec_counted ? (int64_t)s->file_off : ftell(rf);
        int rc = cap_reader_read(s->rd, &h, &data);
        if (rc == 1) {
            s->file_off += 16u + h->caplen;
            sniff_frame(s, h, data);
            if (s->write_failed)
                return sniff_write_failure(s, err, errlen);
            if (s->stopped || (s->opt.count != 0 && s->matched >= s->opt.count))
                return 0;
            continue;
        }
        if (rc == PCAP_ERROR_BREAK) /* the end of the file */
            return 0;
        return cut_file(s, err, errlen);
    }
    return 2;
}
