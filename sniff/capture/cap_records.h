/*
 * cap_records.h: a classic pcap file's records, read straight from the file into one
 * buffer of ours and handed out where they lie, rather than by libpcap, whose two
 * freads a record through a stdio stream (ours, cap_stream.h, which stdio can only
 * copy from byte by byte) cost a tenth of sniff -r's time.
 *
 * libpcap still opens the file and judges its header (its errors stay libpcap's); the
 * stream stops the opening reads at the header's end, so no record is in stdio's
 * buffer when this reader takes over. Only files whose records libpcap hands over as
 * they are in the file are read here: the 16-byte record header of the usual magics,
 * version 2.4 (older ones may swap the two lengths), timestamps at the resolution
 * asked for, and a link type without a pseudo-header libpcap rewrites (Ethernet, raw
 * IP, BSD loopback). Everything else libpcap reads as before.
 *
 * The reader keeps libpcap's rules and words: a record longer than libpcap's largest
 * (262,144 bytes) is an "invalid packet capture length", a cut header or record is
 * "truncated dump file; tried to read N ... bytes, only got M", a failed read is
 * "error reading dump file: ...". It reads the file in stdio's buffer size, at the
 * offsets stdio read, so that the offset in a cut file's sentence is the same.
 */
#ifndef ECHOSNIFF_CAP_RECORDS_H
#define ECHOSNIFF_CAP_RECORDS_H

#include <pcap/pcap.h>

#include "cap_stream.h"

struct cap_records;

/* The reader for the file libpcap has just opened through st (pc), reading chunk bytes
 * at a time (stdio's buffer size); NULL when libpcap must read the records itself (see
 * above) or memory is short. */
struct cap_records *cap_records_new(struct cap_stream *st, pcap_t *pc, size_t chunk);

/* The next record, as pcap_next_ex returns it: 1 (with *h and *data, valid until the
 * next call), PCAP_ERROR_BREAK at the end of the file, PCAP_ERROR (cap_records_error
 * says why). */
int cap_records_next(struct cap_records *r, struct pcap_pkthdr **h, const u_char **data);

/* Why the last cap_records_next failed, in libpcap's words. */
const char *cap_records_error(const struct cap_records *r);

void cap_records_free(struct cap_records *r);

#endif
