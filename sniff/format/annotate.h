/*
 * annotate.h: what a TCP segment means in socket-API terms, as a line of text under the
 * packet (-A): "handshake 2/3: the server's kernel answers from the listen() backlog;
 * accept() has not returned yet."
 *
 * Reads the analysis result (analysis.h) and the packet; decodes nothing. Port numbers
 * are named from /etc/services through getservbyport, looked up once per port and kept
 * in a small fixed cache; a port is called ephemeral by this host's
 * /proc/sys/net/ipv4/ip_local_port_range when capturing live, and offline by IANA's
 * 49152-65535 (RFC 6335) and Linux's default 32768-60999, saying which.
 */
#ifndef ECHOSNIFF_ANNOTATE_H
#define ECHOSNIFF_ANNOTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "out.h"
#include "packet.h"

#define ANN_PORT_CACHE 128 /* direct-mapped by port */
#define ANN_MAX_LINES 4
#define ANN_LINE_MAX 512
#define ANN_PREVIEW 40 /* payload bytes quoted in "client send()" lines */

#define ANN_IANA_LO 49152
#define ANN_IANA_HI 65535
#define ANN_LINUX_LO 32768
#define ANN_LINUX_HI 60999

struct ann_port {
    bool valid;
    bool named;
    uint16_t port;
    char name[24];
};

struct annotate {
    bool live; /* ephemeral range from this host */
    uint16_t eph_lo, eph_hi;
    uint16_t echo_port;
    bool no_services; /* tests: do not consult /etc/services */
    bool redact;      /* --redact: payloads are zeros; say so instead of quoting them */
    struct ann_port cache[ANN_PORT_CACHE];
};

/* An annotation: up to ANN_MAX_LINES lines; alert lines (echo mismatches) are shown in
 * red, the others in the annotation colour. */
struct ann_lines {
    int n;
    bool alert[ANN_MAX_LINES];
    char line[ANN_MAX_LINES][ANN_LINE_MAX];
};

/* live: read this host's ephemeral range (falls back to the offline rule if it cannot). */
void annotate_init(struct annotate *an, bool live, uint16_t echo_port);

/* Parses an ip_local_port_range file ("32768\t60999\n"); false if unreadable. */
bool annotate_read_port_range(const char *path, uint16_t *lo, uint16_t *hi);

/* The service name of a TCP port from /etc/services, or NULL. Cached. */
const char *annotate_port_name(struct annotate *an, uint16_t port);

/* Fills L with the lines for one analysed packet (L->n == 0: nothing to say). */
void annotate_lines(struct annotate *an, const struct packet *p, const struct pkt_analysis *r,
                    struct ann_lines *L);

/* Prints the lines, indented, each in its colour when color is set. */
void annotate_print(struct out *o, const struct ann_lines *L, bool color);

#define ANN_COLOR "\033[36m"         /* cyan: annotations */
#define ANN_ALERT_COLOR "\033[1;31m" /* bold red: echo mismatches */
#define ANN_COLOR_END "\033[0m"
#define ANN_INDENT "    "

#endif
