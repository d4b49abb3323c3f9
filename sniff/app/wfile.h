/*
 * wfile.h: the -w output: one capture file, or a ring of them (dumpcap's -b, tcpdump's
 * -C/-W/-G), pcap or pcapng, written by capture/capwrite.c.
 *
 * Every file is opened as capture/files.c opens -w (as the user sniff runs as after the
 * privilege drop, O_EXCL|O_NOFOLLOW, mode 0600) and is complete when closed: a file is
 * only ever closed after a flush, and a new one starts with its own header. With
 * files:N, the oldest file of this run is removed when the N+1th starts.
 *
 * Names: dumpcap's NAME_00001_20240131120000.EXT for -b (EXT is -w's extension, the
 * time the file's start); tcpdump's FILE, FILE1, FILE2, ... for -C/-G, or FILE0 to
 * FILE<N-1> (as many digits as N-1 has) with -W N, reused in turn. A -G name with %
 * in it goes through strftime first, as in tcpdump.
 */
#ifndef ECHOSNIFF_WFILE_H
#define ECHOSNIFF_WFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capwrite.h"
#include "sniff.h"
#include "status.h"

struct wfile;

/* The first file's name (-w's own when no ring is asked for). */
void wfile_first_name(const struct sniff_opts *o, char *name, size_t n);

/* Starts writing on fd (the first file, opened by files_open_write as user `as`, or
 * standard output for "-"); takes fd over. */
STATUS_CHECK enum status wfile_open(struct wfile **out, const struct sniff_opts *o, int fd,
                                    const char *as, const struct capw_iface *ifc, char *err,
                                    size_t errlen);

/* Writes a packet, starting the next file of the ring first when the current one is
 * full or old enough; false when a write (or the next file) failed: wfile_error says
 * why. */
bool wfile_packet(struct wfile *w, const struct pcap_pkthdr *h, const uint8_t *data,
                  const struct cap_comment *c, int nc);

bool wfile_flush(struct wfile *w);

/* The files are pcapng (they can carry comments). */
bool wfile_pcapng(const struct wfile *w);

/* The current file has reached -a filesize:KB. */
bool wfile_full(const struct wfile *w);

/* Packets written to files, complete (as of the last flush). */
uint64_t wfile_packets(const struct wfile *w);

/* The failure as a sentence: the file, the cause and what is saved. */
void wfile_error(const struct wfile *w, char *err, size_t errlen);

void wfile_close(struct wfile *w);

#endif
