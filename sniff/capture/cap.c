/*
 * cap.c: libpcap set-up for live and offline capture (see cap.h).
 *
 * Live handles use pcap_create, pcap_set_* and pcap_activate rather than pcap_open_live so
 * that immediate mode (or not), the block timeout and the buffer size can be set, and so
 * each activation status can be mapped to a sentence: PCAP_ERROR_PERM_DENIED is the one
 * students meet, and its sentence names the capability (CAP_NET_RAW) and both ways to
 * get it.
 */
#include "cap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cap_linktype_text(int dlt, char *buf, size_t n)
{
    const char *name = pcap_datalink_val_to_name(dlt);
    const char *desc = pcap_datalink_val_to_description(dlt);
    if (name != NULL && desc != NULL)
        snprintf(buf, n, "%s (%s)", name, desc);
    else if (name != NULL)
        snprintf(buf, n, "%s", name);
    else
        snprintf(buf, n, "DLT %d", dlt);
}

static enum status activate_error(pcap_t *pc, int rc, const char *iface, char *err, size_t errlen)
{
    const char *detail = pcap_geterr(pc);
    switch (rc) {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
        snprintf(err, errlen,
                 "%s: no permission to capture (%s): capturing needs CAP_NET_RAW; run it with "
                 "sudo, or grant the capability once with "
                 "'sudo setcap cap_net_raw,cap_net_admin=eip /path/to/sniff'",
                 iface, detail);
        return STATUS_USAGE;
    case PCAP_ERROR_NO_SUCH_DEVICE:
        snprintf(err, errlen, "%s: no such interface (%s); 'sniff -D' lists them", iface, detail);
        return STATUS_USAGE;
    case PCAP_ERROR_IFACE_NOT_UP:
        snprintf(err, errlen, "%s: interface is down; bring it up with 'ip link set %s up'", iface,
                 iface);
        return STATUS_USAGE;
    case PCAP_ERROR_RFMON_NOTSUP:
        snprintf(err, errlen, "%s: monitor mode not supported", iface);
        return STATUS_USAGE;
    default:
        snprintf(err, errlen, "%s: %s (%s)", iface, pcap_statustostr(rc), detail);
        return STATUS_RUNTIME;
    }
}

/* -y: the link type the interface is to deliver, among those it offers. */
static enum status set_linktype(pcap_t *pc, const struct cap_live_opts *o, char *err, size_t errlen)
{
    int dlt = pcap_datalink_name_to_val(o->linktype);
    if (dlt >= 0 && pcap_set_datalink(pc, dlt) == 0)
        return STATUS_OK;
    int *dlts = NULL;
    int n = pcap_list_datalinks(pc, &dlts);
    size_t len =
        (size_t)snprintf(err, errlen, "%s: no link-type %s here; it offers", o->iface, o->linktype);
    for (int i = 0; i < n && len < errlen; i++) {
        const char *name = pcap_datalink_val_to_name(dlts[i]);
        int r = name != NULL
                    ? snprintf(err + len, errlen - len, "%s %s", i > 0 ? "," : "", name)
                    : snprintf(err + len, errlen - len, "%s DLT %d", i > 0 ? "," : "", dlts[i]);
        if (r < 0)
            break;
        len += (size_t)r;
    }
    if (n > 0)
        pcap_free_datalinks(dlts);
    return STATUS_USAGE;
}

enum status cap_open_live(pcap_t **out, const struct cap_live_opts *o, char *warn, size_t warnlen,
                          char *err, size_t errlen)
{
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    *out = NULL;
    if (warnlen > 0)
        warn[0] = '\0';
    pcap_t *pc = pcap_create(o->iface, ebuf);
    if (pc == NULL) {
        snprintf(err, errlen, "%s: %s", o->iface, ebuf);
        return STATUS_USAGE;
    }
    int rc = pcap_set_snaplen(pc, o->snaplen);
    if (rc == 0)
        rc = pcap_set_promisc(pc, o->promisc ? 1 : 0);
    /* Printing: each packet shown as it arrives. Writing only: libpcap's TPACKET_V3 ring
     * then hands over whole blocks, one wake-up for hundreds of packets; the timeout
     * bounds how long a quiet capture keeps a packet back. */
    if (rc == 0)
        rc = pcap_set_immediate_mode(pc, o->immediate ? 1 : 0);
    if (rc == 0)
        rc = pcap_set_timeout(pc, o->immediate ? 100 : CAP_BATCH_TIMEOUT_MS);
    if (rc == 0 && o->buffer_kib > 0)
        rc = pcap_set_buffer_size(pc, o->buffer_kib * 1024);
    if (rc != 0) {
        snprintf(err, errlen, "%s: cannot configure the capture: %s", o->iface,
                 pcap_statustostr(rc));
        pcap_close(pc);
        return STATUS_RUNTIME;
    }
    rc = pcap_activate(pc);
    if (rc < 0) {
        enum status st = activate_error(pc, rc, o->iface, err, errlen);
        pcap_close(pc);
        return st;
    }
    if (rc > 0 && warnlen > 0) {
        /* PCAP_WARNING_PROMISC_NOTSUP, PCAP_WARNING_TSTAMP_TYPE_NOTSUP, ... */
        snprintf(warn, warnlen, "%s: %s (%s)", o->iface, pcap_statustostr(rc), pcap_geterr(pc));
    }
    if (o->linktype != NULL) {
        enum status st = set_linktype(pc, o, err, errlen);
        if (st != STATUS_OK) {
            pcap_close(pc);
            return st;
        }
    }
    *out = pc;
    return STATUS_OK;
}

enum status cap_compile(pcap_t *pc, const char *expr, struct bpf_program *prog, char *err,
                        size_t errlen)
{
    if (pcap_compile(pc, prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
        snprintf(err, errlen, "invalid capture filter '%s': %s", expr, pcap_geterr(pc));
        return STATUS_USAGE;
    }
    return STATUS_OK;
}

bool cap_filter_valid(const char *expr)
{
    pcap_t *pc = pcap_open_dead(DLT_EN10MB, CAP_DEFAULT_SNAPLEN);
    if (pc == NULL)
        return false;
    struct bpf_program prog;
    bool ok = pcap_compile(pc, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) == 0;
    if (ok)
        pcap_freecode(&prog);
    pcap_close(pc);
    return ok;
}
