/*
 * cap.h: opening captures with libpcap, live and offline, and the capture filter.
 *
 * Like libpcap itself these functions report and never exit: each returns an enum
 * status (shared/status.h) and writes a sentence that names the fix into err; main
 * decides what to print and maps the status straight to the exit code.
 */
#ifndef ECHOSNIFF_CAP_H
#define ECHOSNIFF_CAP_H

#include <stdbool.h>
#include <stddef.h>

#include <pcap/pcap.h>

#include "status.h"

#define CAP_DEFAULT_SNAPLEN 262144 /* tcpdump's default: whole packets */
/* -B when writing -w live and -B is not given: 16 times libpcap's 2 MiB. A TPACKET_V3
 * ring stores each packet in only as many bytes as it has (not a snapshot-length slot),
 * so this holds about 140,000 packets of an echo load of 100-byte messages (about 240
 * bytes of ring each). On lo the kernel queues every packet twice (libpcap discards the
 * outgoing copy), so about 70,000: 0.7 s of backlog at 100,000 packets a second, where
 * 2 MiB is 45 ms, less than a busy machine may keep the writer off the CPU. */
#define CAP_WRITE_BUFFER_KIB 32768

struct cap_live_opts {
    const char *iface;
    int snaplen;
    bool promisc;
    int buffer_kib;       /* 0: libpcap's default */
    bool immediate;       /* deliver each packet as it arrives (printing), else in batches */
    const char *linktype; /* -y: a link-type name (LINUX_SLL2), NULL: the interface's own */
};

/* Without immediate mode, a batch is handed over when the kernel fills a block or this
 * many milliseconds after the block's first packet (TPACKET_V3's block timeout). */
#define CAP_BATCH_TIMEOUT_MS 250

/* pcap_create + pcap_set_* + pcap_activate. With o->immediate each packet is delivered
 * as it arrives; without it (writing -w, nothing printed) in blocks, far fewer wake-ups,
 * which is what keeps a heavy capture from dropping. warn receives libpcap's warnings
 * (e.g. promiscuous mode unsupported), empty when none. o->linktype, when set, must be one
 * the interface offers (pcap_list_datalinks); the error lists them. */
STATUS_CHECK enum status cap_open_live(pcap_t **out, const struct cap_live_opts *o, char *warn,
                                       size_t warnlen, char *err, size_t errlen);

/* Compiles a BPF capture filter for pc's link type. */
STATUS_CHECK enum status cap_compile(pcap_t *pc, const char *expr, struct bpf_program *prog,
                                     char *err, size_t errlen);

/* Whether expr compiles as a capture filter (for Ethernet): -Y's hint, as tshark's. */
bool cap_filter_valid(const char *expr);

/* "EN10MB (Ethernet)" for a DLT_* value, or "DLT 147" when libpcap has no name. */
void cap_linktype_text(int dlt, char *buf, size_t n);

#endif
