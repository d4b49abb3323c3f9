/*
 * capread.h: reading a capture file: libpcap reads the packets (but a classic pcap
 * file's records, which cap_records.h reads once libpcap has judged the file's header),
 * through the stream of cap_stream.h, whose block walker sees every byte first, so
 * that what libpcap does not
 * expose is known when libpcap returns the packet: each record's interface, time
 * resolution, link type and flags (cap_reader_next), and its comments (opt_comment,
 * cap_reader_comments); and libpcap's file errors become sentences of ours.
 *
 * The walker checks each length against its block's before use, like a decoder: a
 * block it cannot follow stops the walking (nothing known of later records), never the
 * reading. It reads ahead of libpcap by stdio's buffer at most; what it finds waits for
 * its packet in bounded queues.
 */
#ifndef ECHOSNIFF_CAPREAD_H
#define ECHOSNIFF_CAPREAD_H

#include <stdbool.h>
#include <stdint.h>

#include <pcap/pcap.h>

#include "cap_stream.h"
#include "capwrite.h"
#include "status.h"

#define CAP_MAX_COMMENTS 8      /* kept per packet; more are counted, not kept */
#define CAP_COMMENT_BYTES 16384 /* of comment text per packet */
#define CAP_OPTIONS_MAX 65536   /* option bytes of one packet block read */

struct cap_reader;

/* Opens fd (a file opened by files_open_read, or standard input), which it takes over
 * (closed by pcap_close, or here on failure); name is the file's name for messages.
 * *rd: the reader, to free with cap_reader_free after pcap_close (also on failure).
 * pcap_get_tstamp_precision says whether the timestamps libpcap returns are
 * nanoseconds (a nanosecond pcap, or any pcapng: see cap_stream.h). */
STATUS_CHECK enum status cap_open_offline(pcap_t **out, int fd, const char *name,
                                          struct cap_reader **rd, char *err, size_t errlen);

/* The same; plain: a regular file, pcapng too, read through a plain stdio stream on fd
 * (pcap_file gives it: ftell and fileno work, for a reader that comes back at random),
 * without its comments. */
STATUS_CHECK enum status cap_open_offline_as(pcap_t **out, int fd, const char *name, bool plain,
                                             struct cap_reader **rd, char *err, size_t errlen);

/* The comments of packet number frame (1-based, in the file; asked in increasing
 * order): how many, in *c (valid until the next call); 0 when none (or the file is not
 * pcapng). *more: how many were left out (more than CAP_MAX_COMMENTS, or longer than
 * CAP_COMMENT_BYTES together). */
int cap_reader_comments(struct cap_reader *r, uint64_t frame, const struct cap_comment **c,
                        int *more);

/* The file's next record, as pcap_next_ex returns it (1; PCAP_ERROR_BREAK at the end;
 * PCAP_ERROR, with cap_reader_error's reason): read here for a classic pcap file
 * (cap_records.h), by libpcap for the rest. Every record of a file opened here is read
 * with it, never with pcap_next_ex. */
int cap_reader_read(struct cap_reader *r, struct pcap_pkthdr **h, const u_char **data);

/* Why cap_reader_read failed, in libpcap's words (pcap_geterr's, or the same sentence). */
const char *cap_reader_error(const struct cap_reader *r);

/* The walker's facts of the next record libpcap returned (once per record, in order). */
void cap_reader_next(struct cap_reader *r, struct cap_record *rec);

/* Bytes of the file libpcap has read so far (for a cut file's message). */
uint64_t cap_reader_offset(const struct cap_reader *r);

void cap_reader_free(struct cap_reader *r);

/* caperr.c: why libpcap could not open a file, in our words, from its first bytes
 * (nhead of them; size: how many the file had, as far as read) and libpcap's message. */
void cap_describe_open_error(const char *name, const uint8_t *head, size_t nhead, uint64_t size,
                             const char *pcap_err, char *err, size_t errlen);

#endif
