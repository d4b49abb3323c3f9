/*
 * annotate.c: the socket-API sentences under each packet (see annotate.h).
 *
 * One sentence per event, chosen in order of importance: a refused or reset connection,
 * then the handshake, then what the analysis flags say of a segment without data (zero
 * window, keep-alive, Dup ACK...), then data (with the echo verdict), FIN, and bare
 * ACKs. Echo mismatches get a line of their own, in red; bytes not captured too.
 */
#include "annotate.h"

#include "fmt_addr.h"

#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_addr.h"

void annotate_init(struct annotate *an, bool live, uint16_t echo_port)
{
    memset(an, 0, sizeof *an);
    an->echo_port = echo_port ? echo_port : AN_ECHO_PORT;
    if (live && annotate_read_port_range("/proc/sys/net/ipv4/ip_local_port_range", &an->eph_lo,
                                         &an->eph_hi))
        an->live = true;
}

bool annotate_read_port_range(const char *path, uint16_t *lo, uint16_t *hi)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[64];
    bool got = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!got)
        return false;
    /* "32768\t60999\n": two decimal numbers. */
    char *end;
    errno = 0;
    unsigned long a = strtoul(line, &end, 10);
    if (end == line || errno)
        return false;
    char *p = end;
    unsigned long b = strtoul(p, &end, 10);
    if (end == p || errno || a == 0 || a > b || b > 65535)
        return false;
    *lo = (uint16_t)a;
    *hi = (uint16_t)b;
    return true;
}

const char *annotate_port_name(struct annotate *an, uint16_t port)
{
    struct ann_port *c = &an->cache[port % ANN_PORT_CACHE];
    if (!c->valid || c->port != port) {
        c->valid = true;
        c->port = port;
        c->named = false;
        struct servent *se = an->no_services ? NULL : getservbyport(htons(port), "tcp");
        if (se && se->s_name) {
            snprintf(c->name, sizeof c->name, "%s", se->s_name);
            c->named = true;
        }
    }
    return c->named ? c->name : NULL;
}

/* A line being written: snprintf-style appends that stop at the end. */
struct lb {
    char *s;
    size_t len, cap;
};

static void lb_printf(struct lb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void lb_printf(struct lb *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len = b->len + (size_t)n < b->cap ? b->len + (size_t)n : b->cap - 1;
}

static struct lb new_line(struct ann_lines *L, bool alert)
{
    struct lb b = {NULL, 0, 0};
    if (L->n < ANN_MAX_LINES) {
        L->alert[L->n] = alert;
        b.s = L->line[L->n++];
        b.cap = ANN_LINE_MAX;
        b.s[0] = '\0';
    }
    return b;
}

/* "80 (http)", or "15213" when /etc/services does not know it. */
static void lb_port(struct lb *b, struct annotate *an, uint16_t port)
{
    const char *name = annotate_port_name(an, port);
    if (name)
        lb_printf(b, "%u (%s)", port, name);
    else
        lb_printf(b, "%u", port);
}

/* Payload bytes as a C string literal, at most ANN_PREVIEW of them. */
static void lb_quote(struct lb *b, const uint8_t *p, uint32_t caplen, uint32_t len)
{
    lb_printf(b, "\"");
    uint32_t n = caplen < ANN_PREVIEW ? caplen : ANN_PREVIEW;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\n')
            lb_printf(b, "\\n");
        else if (c == '\r')
            lb_printf(b, "\\r");
        else if (c == '\t')
            lb_printf(b, "\\t");
        else if (c == '"' || c == '\\')
            lb_printf(b, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            lb_printf(b, "%c", c);
        else
            lb_printf(b, "\\x%02x", c);
    }
    lb_printf(b, "\"%s", n < len ? "..." : "");
}

static void lb_ephemeral(struct lb *b, const struct annotate *an, uint16_t port)
{
    if (an->live) {
        if (port >= an->eph_lo && port <= an->eph_hi)
            lb_printf(b,
                      "%u is an ephemeral port picked by the client's kernel (in this host's "
                      "ip_local_port_range %u-%u)",
                      port, an->eph_lo, an->eph_hi);
        else
            lb_printf(b,
                      "%u is the client's port, outside this host's ip_local_port_range "
                      "%u-%u: the client chose it with bind()",
                      port, an->eph_lo, an->eph_hi);
        return;
    }
    bool iana = port >= ANN_IANA_LO, lin = port >= ANN_LINUX_LO && port <= ANN_LINUX_HI;
    if (iana && lin)
        lb_printf(b,
                  "%u is an ephemeral port picked by the client's kernel (in both IANA's "
                  "%u-%u and Linux's %u-%u)",
                  port, ANN_IANA_LO, ANN_IANA_HI, ANN_LINUX_LO, ANN_LINUX_HI);
    else if (iana || lin)
        lb_printf(b,
                  "%u is an ephemeral port picked by the client's kernel (in %s's %u-%u, not "
                  "%s's %u-%u)",
                  port, iana ? "IANA" : "Linux", iana ? ANN_IANA_LO : ANN_LINUX_LO,
                  iana ? ANN_IANA_HI : ANN_LINUX_HI, iana ? "Linux" : "IANA",
                  iana ? ANN_LINUX_LO : ANN_IANA_LO, iana ? ANN_LINUX_HI : ANN_IANA_HI);
    else
        lb_printf(b,
                  "%u is the client's port, outside the ephemeral ranges (IANA's %u-%u, "
                  "Linux's %u-%u): the client chose it with bind()",
                  port, ANN_IANA_LO, ANN_IANA_HI, ANN_LINUX_LO, ANN_LINUX_HI);
}

static void syn_line(struct lb *b, struct annotate *an, const struct pkt_analysis *r)
{
    if (r->flags & AN_RETRANSMISSION) {
        lb_printf(b,
                  "conn #%u: the client's connect() is still waiting: SYN sent again, "
                  "no SYN-ACK yet",
                  r->stream);
        return;
    }
    lb_printf(b, "conn #%u: client connect() -> SYN, handshake 1/3. ", r->stream);
    lb_ephemeral(b, an, r->client.port);
    lb_printf(b, "; ");
    uint16_t sp = r->server.port;
    lb_port(b, an, sp);
    if (sp == an->echo_port || sp < 1024 || annotate_port_name(an, sp))
        lb_printf(b, " is the server's well-known port.");
    else
        lb_printf(b, " is the server's port.");
}

static const char *side(bool client)
{
    return client ? "client" : "server";
}

/* The payload preview, or under --redact only that there was one: the bytes were
 * zeroed before the analysis saw them, so quoting them would print NULs, and the echo
 * check compared zeros with zeros. */
static void lb_payload(struct lb *b, const struct annotate *an, const struct packet *p)
{
    if (an->redact)
        lb_printf(b, "[redacted]");
    else
        lb_quote(b, p->tcp.payload, p->tcp.payload_caplen, p->tcp.payload_len);
}

static void data_line(struct ann_lines *L, struct lb *b, const struct annotate *an,
                      const struct packet *p, const struct pkt_analysis *r)
{
    const struct echo_result *e = &r->echo;
    const char *me = side(r->from_client);
    if (r->flags & AN_ANY_RETRANSMISSION) {
        lb_printf(b, "%s's kernel sends %u bytes again (retransmission: send() was called once)",
                  me, r->seglen);
        return;
    }
    if (r->from_client) {
        lb_printf(b, "client send(): ");
        if (r->verified && e->verdict == ECHO_REQUEST)
            lb_printf(b, "request #%u, ", e->req_first);
        lb_printf(b, "%u bytes ", r->seglen);
        lb_payload(b, an, p);
        if (r->verified && e->early_mismatch) {
            struct lb m = new_line(L, true);
            lb_printf(&m,
                      "ECHO MISMATCH at byte %llu of conn #%u: expected %02x got %02x (the "
                      "server sent that byte earlier, before the client had sent it)",
                      (unsigned long long)e->mismatch_at, r->stream, e->expected, e->got);
        }
        return;
    }
    if (!r->verified || e->verdict == ECHO_NONE) {
        lb_printf(b, "server send(): %u bytes ", r->seglen);
        lb_payload(b, an, p);
        return;
    }
    if (e->verdict == ECHO_AHEAD) {
        lb_printf(b, "server send(): %u bytes the client has not been seen sending (yet)",
                  r->seglen);
        return;
    }
    lb_printf(b, "server send(): echo of ");
    if (e->req_first && e->req_first != e->req_last)
        lb_printf(b, "requests #%u-#%u, #%u ", e->req_first, e->req_last, e->req_last);
    else if (e->req_last)
        lb_printf(b, "request #%u, ", e->req_last);
    else
        lb_printf(b, "bytes of no request, ");
    if (e->req_last)
        lb_printf(b, "%llu/%llu bytes, ", (unsigned long long)e->req_done,
                  (unsigned long long)e->req_len);
    if (e->verdict == ECHO_MISMATCH)
        lb_printf(b, "DIFFERENT");
    else if (an->redact)
        lb_printf(b, "content not compared (--redact)");
    else if (e->verdict == ECHO_UNCHECKED && e->compared == 0)
        lb_printf(b, "not checked");
    else if (e->verdict == ECHO_UNCHECKED)
        lb_printf(b, e->given_up ? "identical where checked" : "identical where captured");
    else
        lb_printf(b, "identical%s", e->req_last && e->req_done < e->req_len ? " so far" : "");
    if (e->rtt_valid)
        lb_printf(b, ", RTT %llu.%03llu ms", (unsigned long long)(e->rtt_ns / 1000000),
                  (unsigned long long)(e->rtt_ns / 1000 % 1000));
    if (r->waited) {
        struct lb w = new_line(L, false);
        lb_printf(&w,
                  "this client waited: its request was sent before the server closed conn #%u "
                  "and echoed only after that close. A server that serves one connection at "
                  "a time (iterative) does this: the kernel completes connect() from the "
                  "listen() backlog and ACKs the data, but nothing reads it until accept() "
                  "returns",
                  r->waited_for);
    }
    if (e->ahead != 0)
        lb_printf(b, "; then %llu byte%s the client has not sent (yet)",
                  (unsigned long long)e->ahead, e->ahead == 1 ? "" : "s");
    if (e->verdict == ECHO_MISMATCH) {
        struct lb m = new_line(L, true);
        lb_printf(&m, "ECHO MISMATCH at byte %llu of conn #%u: expected %02x got %02x",
                  (unsigned long long)e->mismatch_at, r->stream, e->expected, e->got);
    }
}

/* Sentences for what the flags say of a segment without data; false if none. */
static bool flag_line(struct lb *b, const struct pkt_analysis *r)
{
    const char *me = side(r->from_client), *peer = side(!r->from_client);
    uint32_t f = r->flags;
    if (f & AN_ZERO_WINDOW_PROBE_ACK)
        lb_printf(b, "the %s's kernel answers the probe: its window is still 0", me);
    else if (f & AN_ZERO_WINDOW)
        lb_printf(b,
                  "zero window: the %s's receive buffer is full (its application is not "
                  "reading); the %s must stop sending",
                  me, peer);
    else if (f & AN_ZERO_WINDOW_PROBE)
        lb_printf(b,
                  "zero-window probe: the %s's kernel asks whether the %s's window has "
                  "opened",
                  me, peer);
    else if (f & AN_KEEP_ALIVE)
        lb_printf(b,
                  "keep-alive: the %s's kernel checks that the idle %s is still there "
                  "(SO_KEEPALIVE)",
                  me, peer);
    else if (f & AN_KEEP_ALIVE_ACK)
        lb_printf(b, "the %s's kernel answers the keep-alive: still there", me);
    else if (f & AN_DUP_ACK)
        lb_printf(b,
                  "duplicate ACK %u: the %s's kernel still waits for a missing segment (lost "
                  "or reordered); three of these make the %s retransmit",
                  r->dupack_num, me, peer);
    else if (f & AN_WINDOW_UPDATE)
        lb_printf(b, "window update: the %s's application read data; the %s may send %llu bytes",
                  me, peer, (unsigned long long)r->window);
    else
        return false;
    return true;
}

static void close_echo_line(struct ann_lines *L, const struct pkt_analysis *r)
{
    const struct echo_result *c = &r->close_echo;
    if (!r->close_done)
        return;
    if (c->verdict == ECHO_SHORT) {
        struct lb m = new_line(L, true);
        lb_printf(&m,
                  "ECHO INCOMPLETE in conn #%u: the server echoed %llu of the %llu bytes the "
                  "client sent",
                  r->stream, (unsigned long long)c->echoed, (unsigned long long)c->sent);
    } else if (c->verdict == ECHO_EXTRA) {
        struct lb m = new_line(L, true);
        lb_printf(&m, "ECHO MISMATCH in conn #%u: the server sent %llu bytes, the client only %llu",
                  r->stream, (unsigned long long)c->echoed, (unsigned long long)c->sent);
    }
}

/* The sentences of a connection's opening, refusal or reset. */
static void opening_line(struct lb *b, struct annotate *an, const struct packet *p,
                         const struct pkt_analysis *r)
{
    const char *me = side(r->from_client), *peer = side(!r->from_client);
    char cl[64], sv[64];
    switch (r->event) {
    case AN_EV_REFUSED:
        (void)fmt_endpoint(sv, r->server.family, r->server.addr, r->server.port);
        lb_printf(b,
                  "connection refused: nothing listen()s on %s, so its kernel answers the "
                  "SYN with RST; the client's connect() fails with ECONNREFUSED",
                  sv);
        break;
    case AN_EV_RST:
        lb_printf(b,
                  "abortive close: RST from the %s (close() with unread data or SO_LINGER 0, "
                  "or the process died); the %s's next recv() fails with ECONNRESET",
                  me, peer);
        break;
    case AN_EV_SYN:
        syn_line(b, an, r);
        break;
    case AN_EV_SYNACK:
        lb_printf(b, "handshake 2/3: the server's kernel answers from the listen() backlog; "
                     "accept() has not returned yet.");
        /* RFC 7323 2.2: a SYN-ACK carries WS only if the SYN did. */
        if (p->l4 == L4_TCP && p->tcp.has_ws && !(r->flags & AN_ANY_RETRANSMISSION))
            lb_printf(b,
                      " Window scaling is on (both SYNs carry WS, RFC 7323): from now on "
                      "Win= is the 16-bit header field times its sender's scale (the "
                      "server's WS=%u is 1 << %u), so windows can pass 64 KiB.",
                      1u << (p->tcp.ws_shift > 14 ? 14 : p->tcp.ws_shift),
                      p->tcp.ws_shift > 14 ? 14 : p->tcp.ws_shift);
        break;
    default: /* AN_EV_HANDSHAKE_ACK */
        (void)fmt_endpoint(cl, r->client.family, r->client.addr, r->client.port);
        (void)fmt_endpoint(sv, r->server.family, r->server.addr, r->server.port);
        lb_printf(b,
                  "handshake 3/3: connection established; accept() can now return connfd "
                  "for (%s, %s).",
                  cl, sv);
        break;
    }
}

/* The sentence for the packet's event; false when there is nothing to say. */
static bool event_line(struct ann_lines *L, struct lb *b, struct annotate *an,
                       const struct packet *p, const struct pkt_analysis *r)
{
    const char *me = side(r->from_client), *peer = side(!r->from_client);
    switch (r->event) {
    case AN_EV_REFUSED:
    case AN_EV_RST:
    case AN_EV_SYN:
    case AN_EV_SYNACK:
    case AN_EV_HANDSHAKE_ACK:
        opening_line(b, an, p, r);
        return true;
    case AN_EV_DATA:
        /* A probe carries one byte but is no send(): say what it is for. */
        if (!(r->flags & (AN_ZERO_WINDOW_PROBE | AN_KEEP_ALIVE)) || !flag_line(b, r))
            data_line(L, b, an, p, r);
        return true;
    case AN_EV_FIN:
        if (r->seglen) {
            data_line(L, b, an, p, r);
            lb_printf(b, "; then ");
        }
        if (r->peer_fin_seen)
            lb_printf(b,
                      "%s close() too: FIN after reading EOF; the %s, which closed first, "
                      "will wait in TIME_WAIT",
                      me, peer);
        else
            lb_printf(b,
                      "%s close(): FIN, no more data from the %s; the %s's read() returns 0 "
                      "(EOF) once it has read the rest",
                      me, me, peer);
        return true;
    case AN_EV_ACK:
        if (!flag_line(b, r))
            lb_printf(b,
                      "%s's kernel acknowledges %llu bytes (the application may not have read "
                      "them yet)",
                      me, (unsigned long long)r->acked);
        return true;
    default:
        if (flag_line(b, r))
            return true;
        if (!r->last_ack)
            return false;
        lb_printf(b,
                  "the %s's kernel acknowledges the %s's FIN: conn #%u is closed (the side "
                  "that closed first keeps the socket pair in TIME_WAIT for 2 MSL)",
                  me, peer, r->stream);
        return true;
    }
}

/* What the analysis flags add to a segment that carries data. */
static void data_flag_notes(struct lb *b, const struct pkt_analysis *r)
{
    const char *me = side(r->from_client), *peer = side(!r->from_client);
    if (r->flags & AN_WINDOW_FULL)
        lb_printf(b,
                  "; it fills the %s's advertised window: the %s's kernel sends no more "
                  "until the %s ACKs or opens its window",
                  peer, me, peer);
    if (r->flags & AN_ZERO_WINDOW)
        lb_printf(b,
                  "; window 0 in its header: the %s's receive buffer is full (its "
                  "application is not reading), the %s must stop sending",
                  me, peer);
}

void annotate_lines(struct annotate *an, const struct packet *p, const struct pkt_analysis *r,
                    struct ann_lines *L)
{
    L->n = 0;
    if (!r->valid)
        return;
    struct lb b = new_line(L, false);
    if (!event_line(L, &b, an, p, r))
        L->n--; /* nothing to say */
    if (r->event == AN_EV_DATA || (r->event == AN_EV_FIN && r->seglen))
        data_flag_notes(&b, r);
    const struct echo_result *e = &r->echo;
    if (r->echo_no_memory && r->seglen && !r->from_client) {
        struct lb g = new_line(L, false);
        lb_printf(&g,
                  "echo not checked: memory budget (--max-memory had no room for conn "
                  "#%u's check)",
                  r->stream);
    }
    if (e->given_up) {
        struct lb g = new_line(L, false);
        lb_printf(&g,
                  "bytes %llu-%llu not checked: memory budget (sniff gave them up to stay "
                  "within --max-memory and --max-pending)",
                  (unsigned long long)e->given_up_first, (unsigned long long)e->given_up_last);
    }
    if (e->gap) {
        struct lb g = new_line(L, false);
        lb_printf(&g, "bytes %llu-%llu not captured; echo not checked there",
                  (unsigned long long)e->gap_first, (unsigned long long)e->gap_last);
    }
    close_echo_line(L, r);
}

void annotate_print(struct out *o, const struct ann_lines *L, bool color)
{
    for (int i = 0; i < L->n; i++) {
        out_str(o, ANN_INDENT);
        if (color)
            out_str(o, L->alert[i] ? ANN_ALERT_COLOR : ANN_COLOR);
        out_str(o, L->line[i]);
        if (color)
            out_str(o, ANN_COLOR_END);
        out_char(o, '\n');
    }
}
