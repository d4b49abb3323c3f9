/*
 * capwrite.c: the pcap and pcapng writer (see capwrite.h). Both formats are written in
 * the host's byte order, as libpcap writes pcap: readers tell the order from the magic
 * number (pcap) or the byte-order magic (pcapng's Section Header Block).
 */
#include "capwrite.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CAPW_BUF (1024 * 1024)

/* pcapng block types and options */
#define SHB_TYPE 0x0A0D0D0Au
#define IDB_TYPE 0x00000001u
#define EPB_TYPE 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define OPT_ENDOFOPT 0
#define OPT_COMMENT 1
#define SHB_USERAPPL 4
#define IF_NAME 2
#define IF_TSRESOL 9

static void put(struct capwriter *w, const void *p, size_t n)
{
    if (n == 0)
        return; /* an empty option's value: p may be NULL */
    memcpy(w->buf + w->used, p, n);
    w->used += n;
}

static void put32(struct capwriter *w, uint32_t v)
{
    put(w, &v, 4);
}

static void put16(struct capwriter *w, uint16_t v)
{
    put(w, &v, 2);
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* One option: code, length, value padded to 32 bits. */
static void put_option(struct capwriter *w, uint16_t code, const void *v, uint16_t len)
{
    static const uint8_t zeros[4];
    put16(w, code);
    put16(w, len);
    put(w, v, len);
    put(w, zeros, pad4(len) - len);
}

static size_t option_size(size_t len)
{
    return 4 + pad4(len);
}

static void pcap_header(struct capwriter *w, const struct capw_iface *ifc)
{
    put32(w, 0xa1b2c3d4u); /* microsecond timestamps */
    put16(w, 2);
    put16(w, 4);
    put32(w, 0); /* thiszone */
    put32(w, 0); /* sigfigs */
    put32(w, ifc->snaplen);
    put32(w, (uint32_t)ifc->linktype);
}

static void pcapng_header(struct capwriter *w, const struct capw_iface *ifc)
{
    const char *appl = "sniff (echosniff) " ECHOSNIFF_VERSION;
    uint32_t len = (uint32_t)(28 + option_size(strlen(appl)) + 4);
    put32(w, SHB_TYPE);
    put32(w, len);
    put32(w, BYTE_ORDER_MAGIC);
    put16(w, 1); /* version 1.0 */
    put16(w, 0);
    uint64_t unknown = UINT64_MAX; /* section length not given */
    put(w, &unknown, 8);
    put_option(w, SHB_USERAPPL, appl, (uint16_t)strlen(appl));
    put_option(w, OPT_ENDOFOPT, NULL, 0);
    put32(w, len);

    size_t nlen = ifc->name != NULL ? strlen(ifc->name) : 0;
    if (nlen > 255)
        nlen = 255;
    uint8_t tsresol = 6; /* 10^-6: libpcap delivers microseconds */
    len = (uint32_t)(16 + (nlen > 0 ? option_size(nlen) : 0) + option_size(1) + 4 + 4);
    put32(w, IDB_TYPE);
    put32(w, len);
    put16(w, (uint16_t)ifc->linktype);
    put16(w, 0);
    put32(w, ifc->snaplen);
    if (nlen > 0)
        put_option(w, IF_NAME, ifc->name, (uint16_t)nlen);
    put_option(w, IF_TSRESOL, &tsresol, 1);
    put_option(w, OPT_ENDOFOPT, NULL, 0);
    put32(w, len);
}

enum status capw_open(struct capwriter *w, int fd, enum capw_format format,
                      const struct capw_iface *ifc, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    w->fd = fd;
    w->format = format;
    w->buf = malloc(CAPW_BUF);
    if (w->buf == NULL) {
        snprintf(err, errlen, "out of memory for the %d-byte -w buffer", CAPW_BUF);
        close(fd);
        w->fd = -1;
        return STATUS_RUNTIME;
    }
    w->cap = CAPW_BUF;
    struct stat st;
    w->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (format == CAPW_PCAPNG)
        pcapng_header(w, ifc);
    else
        pcap_header(w, ifc);
    return STATUS_OK;
}

/* Writes n bytes at p whole, or returns false with errno; *done: how many went out. */
static bool write_all(int fd, const uint8_t *p, size_t n, size_t *done)
{
    *done = 0;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = EIO;
            return false;
        }
        p += k;
        n -= (size_t)k;
        *done += (size_t)k;
    }
    return true;
}

/* The whole records among the first n bytes of the buffer: their length, and in
 * *packets how many of them are packets (pcapng's header blocks are not). */
static size_t whole_records(const struct capwriter *w, size_t n, uint64_t *packets)
{
    bool pcap = w->format == CAPW_PCAP;
    size_t at = 0;
    *packets = 0;
    if (pcap && w->file_bytes == 0) { /* the file header went out first */
        if (n < 24)
            return 0;
        at = 24;
    }
    while (n - at >= (pcap ? 16u : 12u)) {
        uint32_t v, type = 0;
        size_t len;
        if (pcap) {
            memcpy(&v, w->buf + at + 8, 4); /* the captured length */
            len = 16 + (size_t)v;
        } else {
            memcpy(&type, w->buf + at, 4);
            memcpy(&v, w->buf + at + 4, 4); /* the block's total length */
            len = v;
        }
        if (len == 0 || len > n - at)
            break;
        if (pcap || type == EPB_TYPE)
            (*packets)++;
        at += len;
    }
    return at;
}

bool capw_flush(struct capwriter *w)
{
    if (w->err != 0)
        return false;
    if (w->used == 0)
        return true;
    size_t done;
    if (!write_all(w->fd, w->buf, w->used, &done)) {
        w->err = errno;
        /* Keep the records that went out whole and cut the rest off: the file stays a
         * valid capture of the packets counted (a device such as /dev/full cannot be
         * cut, nor needs it). */
        uint64_t kept = 0;
        size_t whole = w->regular ? whole_records(w, done, &kept) : 0;
        if (w->regular && ftruncate(w->fd, (off_t)(w->file_bytes + whole)) != 0)
            w->regular = false;
        if (w->regular) {
            w->file_bytes += whole;
            w->packets += kept;
        }
        w->used = 0;
        w->pending = 0;
        return false;
    }
    w->file_bytes += w->used;
    w->packets += w->pending;
    w->used = 0;
    w->pending = 0;
    return true;
}

static size_t record_size(const struct capwriter *w, uint32_t caplen,
                          const struct cap_comment *comments, int ncomments)
{
    if (w->format == CAPW_PCAP)
        return 16 + (size_t)caplen;
    size_t n = 28 + pad4(caplen) + 4;
    for (int i = 0; i < ncomments; i++)
        n += option_size(comments[i].len > 65535 ? 65535 : comments[i].len);
    return ncomments > 0 ? n + 4 : n; /* opt_endofopt after options */
}

static void epb(struct capwriter *w, const struct pcap_pkthdr *h, const uint8_t *data,
                const struct cap_comment *comments, int ncomments, uint32_t len)
{
    static const uint8_t zeros[4];
    uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
    put32(w, EPB_TYPE);
    put32(w, len);
    put32(w, 0); /* interface 0 */
    put32(w, (uint32_t)(ts >> 32));
    put32(w, (uint32_t)ts);
    put32(w, h->caplen);
    put32(w, h->len);
    put(w, data, h->caplen);
    put(w, zeros, pad4(h->caplen) - h->caplen);
    for (int i = 0; i < ncomments; i++)
        put_option(w, OPT_COMMENT, comments[i].text,
                   (uint16_t)(comments[i].len > 65535 ? 65535 : comments[i].len));
    if (ncomments > 0)
        put_option(w, OPT_ENDOFOPT, NULL, 0);
    put32(w, len);
}

bool capw_packet(struct capwriter *w, const struct pcap_pkthdr *h, const uint8_t *data,
                 const struct cap_comment *comments, int ncomments)
{
    if (w->err != 0)
        return false;
    if (w->format == CAPW_PCAP)
        ncomments = 0; /* pcap has no place for them */
    size_t need = record_size(w, h->caplen, comments, ncomments);
    if (need > w->cap - w->used && !capw_flush(w))
        return false;
    if (need > w->cap) { /* a record larger than the buffer: never from libpcap */
        errno = EFBIG;
        w->err = EFBIG;
        return false;
    }
    if (w->format == CAPW_PCAPNG) {
        epb(w, h, data, comments, ncomments, (uint32_t)need);
    } else {
        put32(w, (uint32_t)h->ts.tv_sec);
        put32(w, (uint32_t)h->ts.tv_usec);
        put32(w, h->caplen);
        put32(w, h->len);
        put(w, data, h->caplen);
    }
    w->pending++;
    return true;
}

uint64_t capw_size(const struct capwriter *w)
{
    return w->file_bytes + w->used;
}

void capw_close(struct capwriter *w)
{
    if (w->fd >= 0 && w->fd != STDOUT_FILENO)
        close(w->fd);
    w->fd = -1;
    free(w->buf);
    w->buf = NULL;
}
