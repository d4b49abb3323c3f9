/*
 * capwrite.h: writing capture files, pcap or pcapng, with a writer of our own rather
 * than libpcap's pcap_dump: libpcap 1.10 cannot write pcapng (nor packet comments), and
 * its stdio writer loses the cause of a write error.
 *
 * pcapng (draft-ietf-opsawg-pcapng): a Section Header Block naming sniff as the writer,
 * one Interface Description Block (the interface's name when known, its link type,
 * snapshot length and timestamp resolution, microseconds), then an Enhanced Packet Block
 * per packet, carrying its comments (opt_comment) when there are some: sniff -A's
 * annotations, which Wireshark then shows (frame.comment, Expert Info).
 *
 * Records are gathered in a buffer and written with write(2) when it fills and when the
 * caller flushes; a failed write keeps errno (ENOSPC: "No space left on device"), and
 * the file is cut back to its last complete flush, so what is in it is a valid capture
 * of the packets capw_packets() counts.
 */
#ifndef ECHOSNIFF_CAPWRITE_H
#define ECHOSNIFF_CAPWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcap/pcap.h>

#include "status.h"

enum capw_format { CAPW_PCAP, CAPW_PCAPNG };

/* A packet comment (UTF-8, not NUL-terminated). */
struct cap_comment {
    const char *text;
    uint32_t len;
};

struct capw_iface {
    const char *name; /* NULL: none recorded (a file read with -r) */
    int linktype;
    uint32_t snaplen;
};

struct capwriter {
    int fd;
    enum capw_format format;
    uint8_t *buf;
    size_t used, cap;
    uint64_t file_bytes; /* bytes in the file, as of the last complete flush */
    uint64_t packets;    /* packets in the file, as of the last complete flush */
    uint64_t pending;    /* packets in buf */
    int err;             /* errno of the first failed write, 0 */
    bool regular;        /* a regular file: cut back after a failed write */
};

/* Takes fd over and puts the file header into the buffer (written at the first flush);
 * STATUS_RUNTIME with err when memory is short. */
STATUS_CHECK enum status capw_open(struct capwriter *w, int fd, enum capw_format format,
                                   const struct capw_iface *ifc, char *err, size_t errlen);

/* Adds one packet (and its comments, pcapng only); false once a write has failed. */
bool capw_packet(struct capwriter *w, const struct pcap_pkthdr *h, const uint8_t *data,
                 const struct cap_comment *comments, int ncomments);

/* Writes what is buffered; false (w->err set) when the write failed. */
bool capw_flush(struct capwriter *w);

/* The file's size once the buffer is written. */
uint64_t capw_size(const struct capwriter *w);

/* Closes the file (without flushing: flush first) and frees the buffer. */
void capw_close(struct capwriter *w);

#endif
