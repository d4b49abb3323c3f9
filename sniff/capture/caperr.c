/*
 * caperr.c: why a file is not a capture sniff can read, in words a student can act on,
 * instead of libpcap's "unknown file format" or "truncated dump file; tried to read 4
 * file header bytes, only got 0": an empty file, one cut inside its header, a
 * compressed file, a text file, another capture format, each with what to do.
 */
#include <stdio.h>
#include <string.h>

#include "capread.h"

static bool starts(const uint8_t *head, size_t n, const char *magic, size_t m)
{
    return n >= m && memcmp(head, magic, m) == 0;
}

/* pcap (both byte orders, micro- and nanosecond) and pcapng magic numbers. */
static bool capture_magic(const uint8_t *h, size_t n)
{
    static const char *const magics[] = {"\xa1\xb2\xc3\xd4", "\xd4\xc3\xb2\xa1", "\xa1\xb2\x3c\x4d",
                                         "\x4d\x3c\xb2\xa1", "\x0a\x0d\x0d\x0a"};
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (starts(h, n, magics[i], 4))
            return true;
    return false;
}

static bool is_text(const uint8_t *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(h[i] >= 0x20 && h[i] < 0x7f) && h[i] != '\n' && h[i] != '\r' && h[i] != '\t')
            return false;
    return n > 0;
}

/* Compressed files and other capture formats: what it is and what to run. */
static const char *known_format(const uint8_t *h, size_t n)
{
    static const struct {
        const char *magic;
        size_t len;
        const char *what;
    } kinds[] = {
        {"\x1f\x8b", 2,
         "compressed with gzip: sniff reads uncompressed captures; run gunzip, or "
         "zcat FILE | sniff -r -"},
        {"\xfd"
         "7zXZ",
         5, "compressed with xz: run unxz first, or xzcat FILE | sniff -r -"},
        {"BZh", 3, "compressed with bzip2: run bunzip2 first, or bzcat FILE | sniff -r -"},
        {"\x28\xb5\x2f\xfd", 4, "compressed with zstd: run unzstd first"},
        {"PK\x03\x04", 4, "a zip archive: unzip it and read the capture inside"},
        {"snoop\0\0\0", 8,
         "a Solaris snoop capture: convert it with editcap -F pcap FILE "
         "out.pcap"},
        {"\x00\x00\x00\x00\x00\x00\x00\x00", 8,
         "not a capture: it begins with zeros (a file "
         "never written to, or a disk image?)"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (starts(h, n, kinds[i].magic, kinds[i].len))
            return kinds[i].what;
    return NULL;
}

void cap_describe_open_error(const char *name, const uint8_t *head, size_t nhead, uint64_t size,
                             const char *pcap_err, char *err, size_t errlen)
{
    const char *kind = known_format(head, nhead);
    if (size == 0) {
        snprintf(err, errlen,
                 "%s is empty (0 bytes): not a capture file. A capture that stopped before it "
                 "wrote anything leaves such a file; capture again",
                 name);
    } else if (capture_magic(head, nhead) && strstr(pcap_err, "truncated") != NULL) {
        snprintf(err, errlen,
                 "%s is cut inside its file header (the file has only %llu bytes): it holds no "
                 "packets; the capture that wrote it was interrupted",
                 name, (unsigned long long)size);
    } else if (capture_magic(head, nhead)) {
        snprintf(err, errlen, "%s: a capture file libpcap cannot read: %s", name, pcap_err);
    } else if (kind != NULL) {
        snprintf(err, errlen, "%s is %s", name, kind);
    } else if (is_text(head, nhead)) {
        char text[17];
        size_t k = 0;
        for (size_t i = 0; i < nhead && i < 16; i++)
            text[k++] = head[i] == '\n' || head[i] == '\r' || head[i] == '\t' ? ' ' : (char)head[i];
        text[k] = '\0';
        snprintf(err, errlen,
                 "%s is text, not a capture file (it begins \"%s\"); sniff reads pcap and "
                 "pcapng files, as written by sniff -w, tcpdump -w or Wireshark",
                 name, text);
    } else {
        char hex[3 * 8 + 1] = "";
        for (size_t i = 0; i < nhead && i < 8; i++)
            snprintf(hex + 3 * i, sizeof hex - 3 * i, "%s%02x", i ? " " : "", head[i]);
        snprintf(err, errlen,
                 "%s is not a capture file sniff can read (pcap or pcapng): it begins with the "
                 "bytes %s, where a capture begins with a1 b2 c3 d4, d4 c3 b2 a1 or 0a 0d 0d 0a",
                 name, hex);
    }
}
