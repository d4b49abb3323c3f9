/*
 * cap_stream.h: the -r file's bytes on their way to libpcap, read by a small block
 * walker of ours for what libpcap does not hand over: which pcapng interface (and
 * section) each record names, with the interface's name, description and time
 * resolution; the file's time resolution (a nanosecond pcap prints 9 decimals, as in
 * Wireshark); and the snapshot length, which the walker raises to sniff's maximum in the
 * bytes libpcap reads, so that a record longer than the file's own snapshot length is
 * kept whole, as Wireshark keeps it, rather than clipped by libpcap. A pcapng file whose
 * interfaces have different link types (a laptop's Wi-Fi and Ethernet in one capture)
 * is refused by libpcap: the walker gives every interface description the first one's
 * link type on its way to libpcap, and hands each record its interface's own.
 *
 * libpcap reads through stdio's buffer, so the walker runs ahead of the record libpcap
 * returns by at most that buffer: what it learns of each record waits in a bounded
 * queue until cap_stream_next is asked for it, once per record, in order.
 */
#ifndef ECHOSNIFF_CAP_STREAM_H
#define ECHOSNIFF_CAP_STREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define CAP_STREAM_MAX_IFACES 64 /* per section; a record of another has no name */
#define CAP_STREAM_NAME 128      /* bytes kept of an interface's name or description */

struct cap_stream;

/* What the walker knows of one record. */
struct cap_record {
    bool pcapng;
    uint8_t ts_digits; /* 6 (pcap), 9 (nanosecond pcap), pcapng's if_tsresol */
    uint32_t iface, section;
    const char *name, *descr; /* NULL when the IDB has none; valid until the next call */
    /* The record's interface has a link type other than the file's first interface,
     * whose type libpcap reports for every record: linktype is its own, as a DLT. */
    bool own_linktype;
    int linktype;
    /* An Enhanced Packet Block's epb_flags option (direction, reception type, FCS
     * length, errors), when it has one. */
    bool has_flags;
    uint32_t flags;
    /* A Simple Packet Block cut by its interface's snapshot length: libpcap was given
     * the captured length as the original one; this is the original. */
    bool has_wire_len;
    uint32_t wire_len;
};

/* The stdio buffer of a pcapng stream is at most this: the walker, and what it hands
 * on_options, runs ahead of libpcap by no more (capread.c sizes its queue by it). */
#define CAP_STREAM_NG_BUF (64 * 1024)
#define CAP_STREAM_OPTS 65536 /* option bytes of one packet block kept */

/* Called at the end of each Enhanced or obsolete Packet Block that has options: packet
 * is its number among the file's packet records (1-based), opts its options (code,
 * length, value padded to 32 bits, in the section's byte order: swapped says whether
 * that is not the host's), as far as kept. */
typedef void cap_stream_options_fn(void *ctx, uint64_t packet, const uint8_t *opts, size_t n,
                                   bool swapped);

/* A stdio stream over fd for pcap_fopen_offline, with the walker reading along; NULL
 * (errno set) on failure, fd left open. buf (bufsize bytes, or NULL) is stdio's buffer
 * (a pcapng stream uses CAP_STREAM_NG_BUF of it at most). on_options (may be NULL)
 * hears of each packet block's options, with ctx. *nano: whether the file's timestamps
 * are nanoseconds (open libpcap with nanosecond precision then); the first bytes are
 * read to tell. */
FILE *cap_stream_open(int fd, char *buf, size_t bufsize, cap_stream_options_fn *on_options,
                      void *ctx, struct cap_stream **out, bool *nano);

/* The stream's read (fopencookie's): up to size bytes of the file into buf, walked on
 * their way; what read(2) returns. capread's record reader (cap_records.h) reads a
 * classic pcap file's records with it, past libpcap. */
ssize_t cap_stream_read(struct cap_stream *s, char *buf, size_t size);

/* The file's first bytes (up to 16, in *head; how many returned) and the bytes handed to
 * libpcap so far: what the error sentences of capread.h are made of. */
size_t cap_stream_head(const struct cap_stream *s, const uint8_t **head);
uint64_t cap_stream_offset(const struct cap_stream *s);

/* The facts of the next record libpcap returned. */
void cap_stream_next(struct cap_stream *s, struct cap_record *r);

/* Frees the walker (after fclose or pcap_close of its stream). */
void cap_stream_free(struct cap_stream *s);

#endif
