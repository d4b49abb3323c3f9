/*
 * ifaces.c: -D, the interfaces libpcap can capture on, one line each, as tcpdump -D
 * prints them: "1.lo [Up, Running, Loopback]".
 */
#include <pcap/pcap.h>

#include "cap.h"
#include "sniff.h"

enum status sniff_list_interfaces(struct out *o, char *err, size_t errlen)
{
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    pcap_if_t *all = NULL;
    if (pcap_findalldevs(&all, ebuf) != 0) {
        snprintf(err, errlen, "cannot list interfaces: %s", ebuf);
        return STATUS_RUNTIME;
    }
    int i = 1;
    for (pcap_if_t *d = all; d != NULL; d = d->next, i++) {
        out_u64(o, (uint64_t)i);
        out_char(o, '.');
        out_str(o, d->name);
        if (d->description != NULL) {
            out_str(o, " (");
            out_str(o, d->description);
            out_char(o, ')');
        }
        out_str(o, " [");
        out_str(o, (d->flags & PCAP_IF_UP) ? "Up" : "Down");
        if (d->flags & PCAP_IF_RUNNING)
            out_str(o, ", Running");
        if (d->flags & PCAP_IF_LOOPBACK)
            out_str(o, ", Loopback");
        out_str(o, "]\n");
    }
    pcap_freealldevs(all);
    return STATUS_OK;
}
