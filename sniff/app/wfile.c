/*
 * wfile.c: the -w file and its ring (see wfile.h).
 */
#include "wfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "out.h"

struct wfile {
    struct capwriter w;
    enum capw_format format;
    struct capw_iface ifc;
    char ifname[64];
    struct sniff_ring ring;
    uint64_t stop_size; /* -a filesize, bytes (0: none) */
    const char *base;   /* -w's name */
    char as[64];        /* the user the files are opened as (for messages), "" */
    bool has_as;
    uint32_t seq; /* the current file's number: 1, 2, ... */
    bool started; /* the current file has a packet; its first one's time: */
    int64_t start_ns;
    uint64_t done; /* packets in the files already closed */
    char cur[PATH_MAX];
    char **names; /* files:N: the last N names, oldest at head */
    uint32_t head, count;
    char evicted[PATH_MAX];
    char failed[PATH_MAX + 256]; /* why the next file could not be opened */
};

/* FILE through strftime, when -G asks for it and the name has a pattern. */
static void tcpdump_base(const struct sniff_opts *o, time_t now, char *out, size_t n)
{
    struct tm tm;
    /* The user's -w name is the format, as tcpdump -G takes it: nothing but strftime
     * reads it, and strftime only formats times. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (o->ring.duration_s != 0 && strchr(o->wfile, '%') != NULL &&
        localtime_r(&now, &tm) != NULL && strftime(out, n, o->wfile, &tm) > 0)
        return;
#pragma GCC diagnostic pop
    snprintf(out, n, "%s", o->wfile);
}

/* The name of file number seq (1-based). */
static void name_of(const struct sniff_opts *o, uint32_t seq, char *out, size_t n)
{
    const struct sniff_ring *r = &o->ring;
    time_t now = time(NULL);
    if (r->filesize == 0 && r->files == 0 && r->duration_s == 0) {
        snprintf(out, n, "%s", o->wfile);
        return;
    }
    if (r->tcpdump_names) {
        char base[PATH_MAX];
        tcpdump_base(o, now, base, sizeof base);
        if (r->files != 0)
            snprintf(out, n, "%s%0*u", base, (int)out_u64_len(r->files - 1), (seq - 1) % r->files);
        else if (seq == 1)
            snprintf(out, n, "%s", base);
        else
            snprintf(out, n, "%s%u", base, seq - 1);
        return;
    }
    /* dumpcap: the extension is kept at the end, after the number and the time. */
    const char *slash = strrchr(o->wfile, '/');
    const char *dot = strrchr(slash != NULL ? slash : o->wfile, '.');
    size_t stem = dot != NULL && dot != o->wfile && dot[-1] != '/' ? (size_t)(dot - o->wfile)
                                                                   : strlen(o->wfile);
    struct tm tm;
    char when[32] = "00000000000000";
    if (localtime_r(&now, &tm) != NULL)
        strftime(when, sizeof when, "%Y%m%d%H%M%S", &tm);
    snprintf(out, n, "%.*s_%05u_%s%s", (int)stem, o->wfile, seq, when,
             stem < strlen(o->wfile) ? o->wfile + stem : "");
}

void wfile_first_name(const struct sniff_opts *o, char *name, size_t n)
{
    name_of(o, 1, name, n);
}

static enum capw_format format_of(const struct sniff_opts *o)
{
    if (o->wformat != WFORMAT_AUTO)
        return o->wformat == WFORMAT_PCAPNG ? CAPW_PCAPNG : CAPW_PCAP;
    size_t n = strlen(o->wfile);
    return n > 7 && strcmp(o->wfile + n - 7, ".pcapng") == 0 ? CAPW_PCAPNG : CAPW_PCAP;
}

/* files:N: remembers the name; returns the one to remove (or NULL). */
static const char *ring_push(struct wfile *w, const char *name)
{
    if (w->ring.files == 0 || w->ring.tcpdump_names)
        return NULL;
    const char *evict = NULL;
    uint32_t slot = (w->head + w->count) % w->ring.files;
    if (w->count == w->ring.files) { /* full: the oldest's slot takes the new name */
        slot = w->head;
        w->head = (w->head + 1) % w->ring.files;
        if (w->names[slot] != NULL) {
            snprintf(w->evicted, sizeof w->evicted, "%s", w->names[slot]);
            evict = w->evicted;
        }
        free(w->names[slot]);
    } else {
        w->count++;
    }
    w->names[slot] = strdup(name); /* NULL without memory: that file is then kept */
    return evict;
}

enum status wfile_open(struct wfile **out, const struct sniff_opts *o, int fd, const char *as,
                       const struct capw_iface *ifc, char *err, size_t errlen)
{
    struct wfile *w = calloc(1, sizeof *w);
    *out = w;
    if (w == NULL ||
        (o->ring.files != 0 && (w->names = calloc(o->ring.files, sizeof *w->names)) == NULL)) {
        snprintf(err, errlen, "out of memory for the -w files' names");
        if (fd != STDOUT_FILENO)
            close(fd);
        return STATUS_RUNTIME;
    }
    w->format = format_of(o);
    w->ifc = *ifc;
    if (ifc->name != NULL) {
        snprintf(w->ifname, sizeof w->ifname, "%s", ifc->name);
        w->ifc.name = w->ifname;
    }
    w->ring = o->ring;
    w->stop_size = o->stop.filesize_kb * 1000;
    w->base = o->wfile;
    w->has_as = as != NULL;
    snprintf(w->as, sizeof w->as, "%s", as != NULL ? as : "");
    w->seq = 1;
    name_of(o, 1, w->cur, sizeof w->cur);
    if (strcmp(o->wfile, "-") == 0)
        snprintf(w->cur, sizeof w->cur, "standard output");
    ring_push(w, w->cur);
    enum status st = capw_open(&w->w, fd, w->format, &w->ifc, err, errlen);
    /* The header on disk now: a valid (empty) capture exists from the start, and
     * scripts can wait for it to know the capture is open. */
    if (st == STATUS_OK && !capw_flush(&w->w)) {
        snprintf(err, errlen, "%s: cannot write the capture file's header: %s", w->cur,
                 strerror(w->w.err));
        return STATUS_RUNTIME;
    }
    return st;
}

/* Closes the current file and starts the next one of the ring. */
static bool next_file(struct wfile *w, const struct sniff_opts *o)
{
    if (!capw_flush(&w->w))
        return false;
    w->done += w->w.packets;
    capw_close(&w->w);
    w->seq++;
    name_of(o, w->seq, w->cur, sizeof w->cur);
    if (w->ring.tcpdump_names && w->ring.files != 0 && w->seq > w->ring.files)
        unlink(w->cur); /* -W: the name comes round again; that file is ours */
    const char *old = ring_push(w, w->cur);
    if (old != NULL && unlink(old) != 0 && errno != ENOENT)
        fprintf(stderr, "sniff: warning: cannot remove %s, the ring's oldest file: %s\n", old,
                strerror(errno));
    char err[PATH_MAX + 256];
    int fd = files_open_write(w->cur, w->has_as ? w->as : NULL, err, sizeof err);
    if (fd < 0) {
        snprintf(w->failed, sizeof w->failed, "%s", err);
        w->w.fd = -1;
        w->w.err = errno != 0 ? errno : EIO;
        return false;
    }
    char cerr[128];
    if (capw_open(&w->w, fd, w->format, &w->ifc, cerr, sizeof cerr) != STATUS_OK) {
        snprintf(w->failed, sizeof w->failed, "%s", cerr);
        w->w.err = ENOMEM;
        return false;
    }
    w->started = false;
    return true;
}

static bool time_for_next(const struct wfile *w, const struct pcap_pkthdr *h)
{
    if (!w->started)
        return false; /* every file gets at least one packet */
    if (w->ring.filesize != 0 && capw_size(&w->w) >= w->ring.filesize)
        return true;
    int64_t t = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec * 1000;
    return w->ring.duration_s != 0 && t - w->start_ns >= (int64_t)w->ring.duration_s * 1000000000;
}

bool wfile_packet(struct wfile *w, const struct pcap_pkthdr *h, const uint8_t *data,
                  const struct cap_comment *c, int nc)
{
    if (time_for_next(w, h)) {
        struct sniff_opts o = {.wfile = w->base, .ring = w->ring};
        if (!next_file(w, &o))
            return false;
    }
    if (!w->started) {
        w->started = true;
        w->start_ns = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec * 1000;
    }
    return capw_packet(&w->w, h, data, c, nc);
}

bool wfile_flush(struct wfile *w)
{
    return w->w.fd >= 0 && capw_flush(&w->w);
}

bool wfile_pcapng(const struct wfile *w)
{
    return w->format == CAPW_PCAPNG;
}

bool wfile_full(const struct wfile *w)
{
    return w->stop_size != 0 && capw_size(&w->w) >= w->stop_size;
}

uint64_t wfile_packets(const struct wfile *w)
{
    return w->done + w->w.packets;
}

void wfile_error(const struct wfile *w, char *err, size_t errlen)
{
    if (w->failed[0] != '\0') {
        snprintf(err, errlen, "%s; the capture stopped there (the files before it are complete)",
                 w->failed);
        return;
    }
    unsigned long long n = (unsigned long long)w->w.packets;
    char held[64] = "no packets";
    if (n > 0)
        snprintf(held, sizeof held, "the first %llu packet%s", n, n == 1 ? "" : "s");
    snprintf(err, errlen, "%s: cannot write: %s; the capture stopped at once: the file holds %s%s",
             w->cur, strerror(w->w.err), held,
             w->seq > 1 ? " (the ring's earlier files are complete)" : "");
}

void wfile_close(struct wfile *w)
{
    if (w == NULL)
        return;
    capw_close(&w->w);
    for (uint32_t i = 0; w->names != NULL && i < w->ring.files; i++)
        free(w->names[i]); /* slots never used are NULL (calloc) */
    free(w->names);
    free(w);
}
