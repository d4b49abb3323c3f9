/*
 * ann_tcp.c: what one TCP segment means, in the order that matters: a refused or reset
 * connection, the handshake, the end of the connection (the ACK of the last FIN), a FIN,
 * data (with the echo verdict), what the analysis flags say of a segment without data
 * (zero window, keep-alive, Dup ACK...), and bare ACKs.
 *
 * Each sentence claims only what the segments prove, for every capture a user can make:
 * a segment carries bytes of a stream, not a send() (it can be tied to one write() only
 * when it went out alone, after a pause, with PSH: then "probably"); a FIN is close(),
 * shutdown(SHUT_WR) or the end of the process, told apart only when the side goes on
 * receiving (a half-close) or answers data with RST (closed); a RST has several causes
 * and the wire shows none of them, so they are listed; the states are RFC 9293's, as
 * the model infers them (conn.h). tests/test_annotate_strace.sh checks every sentence
 * that names a call against the calls strace saw. A segment's data are ann_data.c's.
 */
#include <stdio.h>
#include <string.h>

#include "ann_int.h"
#include "echo_hints.h"
#include "fmt_addr.h"

/* ---- ports ---- */

static void lb_port(struct lb *b, struct annotate *an, uint16_t port)
{
    const char *name = annotate_port_name(an, port);
    if (name)
        lb_printf(b, "%u (%s)", port, name);
    else
        lb_printf(b, "%u", port);
}

static void client_port(struct lb *b, const struct annotate *an, uint16_t port)
{
    if (an->live) {
        if (port >= an->eph_lo && port <= an->eph_hi)
            lb_printf(b,
                      "%u is in this host's ephemeral range (ip_local_port_range %u-%u): the "
                      "client's kernel picked it at connect(), unless the client bound it",
                      port, an->eph_lo, an->eph_hi);
        else
            lb_printf(b,
                      "%u is outside this host's ephemeral range (ip_local_port_range %u-%u): "
                      "the client chose it with bind()",
                      port, an->eph_lo, an->eph_hi);
        return;
    }
    bool iana = port >= ANN_IANA_LO, lin = port >= ANN_LINUX_LO && port <= ANN_LINUX_HI;
    if (iana && lin)
        lb_printf(b,
                  "%u is an ephemeral port (in both IANA's %u-%u and Linux's %u-%u): the "
                  "client's kernel picked it at connect(), unless the client bound it",
                  port, ANN_IANA_LO, ANN_IANA_HI, ANN_LINUX_LO, ANN_LINUX_HI);
    else if (iana || lin)
        lb_printf(b,
                  "%u is an ephemeral port (in %s's %u-%u, not %s's %u-%u): the client's kernel "
                  "picked it at connect(), unless the client bound it",
                  port, iana ? "IANA" : "Linux", iana ? ANN_IANA_LO : ANN_LINUX_LO,
                  iana ? ANN_IANA_HI : ANN_LINUX_HI, iana ? "Linux" : "IANA",
                  iana ? ANN_LINUX_LO : ANN_IANA_LO, iana ? ANN_LINUX_HI : ANN_IANA_HI);
    else
        lb_printf(b,
                  "%u is outside the usual ephemeral ranges (IANA's %u-%u, Linux's %u-%u): "
                  "the client probably chose it with bind(), or its host uses another range",
                  port, ANN_IANA_LO, ANN_IANA_HI, ANN_LINUX_LO, ANN_LINUX_HI);
}

/* IANA's ranges (RFC 6335 6): system 0-1023, user (registered) 1024-49151, dynamic. */
static void server_port(struct lb *b, struct annotate *an, uint16_t port)
{
    lb_port(b, an, port);
    const char *name = annotate_port_name(an, port);
    if (port < 1024)
        lb_printf(b, " is the server's port, a well-known one (IANA's system ports, 0-1023)");
    else if (port < ANN_IANA_LO)
        lb_printf(b, " is the server's port, in IANA's registered range (1024-49151)");
    else
        lb_printf(b, " is the server's port, in IANA's dynamic range (49152-65535)");
    if (port == an->echo_port && name == NULL)
        lb_printf(b, ": the lab chose it (sniff knows no service name for it)");
    else if (port == an->echo_port)
        lb_printf(b, ": the lab chose it");
}

/* ---- the handshake ---- */

static void syn_line(struct ann_ctx *x, struct lb *b)
{
    const struct pkt_analysis *r = x->r;
    const struct ann_side *s = &x->c->side[0];
    if (r->flags & AN_ANY_RETRANSMISSION) {
        lb_printf(b, "conn #%u: the client's kernel sends its SYN again", r->stream);
        if (s->rx_count > 0 || s->sent_ns[0] != 0) {
            int64_t last = s->rx_count > 0 && s->rx_seq == 0 ? s->rx_ns : 0;
            if (last == 0)
                (void)ann_sent_at(s, 0, &last);
            if (last != 0) {
                lb_printf(b, ", ");
                lb_dur(b, x->now - last);
                lb_printf(b, " after the last one");
            }
        }
        lb_printf(b, ": no SYN-ACK came (the server's host may be down or slow, or a firewall "
                     "drops the SYN); the client's connect() is still waiting");
        return;
    }
    lb_printf(b, "conn #%u, handshake 1/3: the client's connect() sends SYN", r->stream);
    if (r->flags & AN_PORTS_REUSED)
        lb_printf(b, " on the ports of an earlier connection, with a new ISN: a new connection");
    if (x->p->tcp.payload_len)
        lb_printf(b,
                  ", with %u bytes of data: TCP Fast Open (sendto() with MSG_FASTOPEN, or "
                  "connect() after TCP_FASTOPEN_CONNECT)",
                  x->p->tcp.payload_len);
    lb_printf(b, ". ");
    client_port(b, x->an, r->client.port);
    lb_printf(b, "; ");
    server_port(b, x->an, r->server.port);
    lb_printf(b, ".");
}

static void synack_line(struct ann_ctx *x, struct lb *b)
{
    if (x->r->flags & AN_ANY_RETRANSMISSION) {
        lb_printf(b, "the server's kernel sends its SYN-ACK again: the client's ACK (3/3) has "
                     "not arrived (lost, or the client is gone)");
        return;
    }
    lb_printf(b, "handshake 2/3: the server's kernel answers the SYN for a socket in listen(); "
                 "the new connection waits in the listen backlog, and the server's accept() "
                 "cannot return it before the handshake's last ACK. A blocking connect() in "
                 "the client returns when this SYN-ACK arrives (a non-blocking one reports it "
                 "through poll() and SO_ERROR); its kernel answers with the ACK.");
}

static void established_line(struct ann_ctx *x, struct lb *b)
{
    char cl[64], sv[64];
    const struct pkt_analysis *r = x->r;
    (void)fmt_endpoint(cl, r->client.family, r->client.addr, r->client.port);
    (void)fmt_endpoint(sv, r->server.family, r->server.addr, r->server.port);
    lb_printf(b,
              "handshake 3/3: the client's kernel acknowledges the server's SYN; both ends are "
              "ESTABLISHED, and the server's accept() can now return a new socket (connfd) for "
              "(%s, %s)",
              cl, sv);
}

/* This packet took the server from SYN-RECEIVED to ESTABLISHED (the handshake's end,
 * with or without data on it). */
static bool completes_handshake(const struct pkt_analysis *r)
{
    return r->from_client && r->state_before[1] == TCP_STATE_SYN_RECEIVED &&
           r->state[1] == TCP_STATE_ESTABLISHED;
}

/* ---- resets ---- */

static bool seq_after(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

static void refused_line(struct ann_ctx *x, struct lb *b)
{
    char sv[64];
    (void)fmt_endpoint(sv, x->r->server.family, x->r->server.addr, x->r->server.port);
    lb_printf(b, "connection refused: " ECHO_WORDS_REFUSED_FMT, sv);
    lb_printf(b, " (a non-blocking one reports it through SO_ERROR)");
}

static void rst_line(struct ann_ctx *x, struct lb *b)
{
    const struct ann_side *me = &x->c->side[x->me], *peer = &x->c->side[1 - x->me];
    /* Data beyond what this side acknowledged, after its own FIN: the socket was closed
     * (a socket that only shut down its sending side still takes data). */
    if (me->fin_sent && peer->data_seen &&
        (!peer->acked_set || seq_after(peer->data_end, peer->acked))) {
        lb_printf(b,
                  "RST from the %s: data reached it after its FIN, and a closed socket cannot "
                  "take data, so its kernel resets the connection: the %s had closed its socket "
                  "(close(), shutdown(SHUT_RDWR), or the end of its process), not only shut "
                  "down its sending side",
                  x->me_s, x->me_s);
    } else {
        lb_printf(b,
                  "RST from the %s: its kernel aborts the connection; bytes not yet read on "
                  "either side are lost. The wire does not say why: " ECHO_WORDS_RST,
                  x->me_s);
    }
    const struct echo_result *c = &x->r->close_echo;
    if (x->r->from_client && x->r->close_done && c->verdict == ECHO_EXTRA)
        lb_printf(b,
                  ". Here the server had sent %llu bytes more than the client sent: a client "
                  "that reads only as many bytes as it sent leaves them unread, and then its "
                  "close() resets",
                  (unsigned long long)(c->echoed - c->sent));
    lb_printf(b,
              ". The %s's socket, if still open, is reset: once any data already received is "
              "read, read() fails with ECONNRESET, and write() with EPIPE",
              x->peer_s);
}

/* ---- the end ---- */

static void fin_line(struct ann_ctx *x, struct lb *b)
{
    const struct pkt_analysis *r = x->r;
    int peer = 1 - x->me;
    if (!r->peer_fin_seen) {
        lb_printf(b,
                  "%s FIN: the %s will send no more data. It called close() or shutdown() "
                  "(SHUT_WR or SHUT_RDWR), or its process ended (the kernel then closes its "
                  "sockets); the wire tells which only if the %s goes on receiving. The %s's "
                  "read() returns 0 (EOF) once it has read the bytes before this FIN",
                  x->me_s, x->me_s, x->me_s, x->peer_s);
        return;
    }
    if (r->state[peer] == TCP_STATE_TIME_WAIT && r->state_before[peer] != TCP_STATE_TIME_WAIT &&
        r->state_before[peer] != TCP_STATE_CLOSING) {
        lb_printf(b,
                  "%s FIN, acknowledging the %s's FIN: the %s is done too (close() or "
                  "shutdown(), or its process ended); an echo server does this when "
                  "read() returns 0. The %s, whose FIN came first, enters TIME-WAIT",
                  x->me_s, x->peer_s, x->me_s, x->peer_s);
        if (ann_teach(x, L_TIME_WAIT))
            lb_printf(b, " and stays there for 2 MSL (Linux: 60 s): late segments of this "
                         "connection die out before the socket pair can be used again");
        return;
    }
    lb_printf(b,
              "%s FIN before the %s's FIN reached it (its ACK field does not cover it): both "
              "closed at once (a simultaneous close); each end goes through CLOSING to "
              "TIME-WAIT",
              x->me_s, x->peer_s);
}

/* An ACK of new data from a side that had sent its FIN: the data arrived after that FIN
 * (the FIN's own Ack field covered what had arrived before it), and a closed socket
 * answers new data with RST (Linux, BSD): the FIN was shutdown(SHUT_WR). */
static void half_close_proof(struct ann_ctx *x, struct lb *b)
{
    if (!x->c->side[x->me].fin_sent || x->r->acked == 0 || !ann_teach(x, L_HALF_CLOSE))
        return;
    lb_printf(b,
              ". They arrived after the %s's own FIN, and the %s still takes data: its FIN was "
              "a half-close, shutdown(SHUT_WR) (after close() or shutdown(SHUT_RDWR) its kernel "
              "would have answered new data with RST)",
              x->me_s, x->me_s);
}

/* The ACK of the second FIN: the connection is over. */
static void last_ack_line(struct ann_ctx *x, struct lb *b)
{
    lb_printf(b, "the %s's kernel acknowledges the %s's FIN: conn #%u is closed", x->me_s,
              x->peer_s, x->r->stream);
    if (x->r->acked)
        lb_printf(b, "; this ACK also covers the last %llu bytes of the %s's",
                  (unsigned long long)x->r->acked, x->peer_s);
    half_close_proof(x, b);
    for (int i = 0; i < 2; i++) {
        if (x->r->state[i] != TCP_STATE_TIME_WAIT)
            continue;
        lb_printf(b, ". The %s stays in TIME-WAIT", ann_side(i == 0));
        if (ann_teach(x, L_TIME_WAIT))
            lb_printf(b, " for 2 MSL (Linux: 60 s), so that late segments of this connection "
                         "die out before the socket pair can be used again");
    }
}

/* The ACK of a FIN that leaves its sender's peer able to send: a half-open direction. */
static bool acks_first_fin(const struct ann_ctx *x)
{
    int peer = 1 - x->me;
    return x->r->state_before[peer] == TCP_STATE_FIN_WAIT_1 &&
           x->r->state[peer] == TCP_STATE_FIN_WAIT_2;
}

/* ---- segments without data ---- */

/* Sentences for what the flags say of a segment without data; false if none. */
static bool flag_line(struct ann_ctx *x, struct lb *b)
{
    const char *me = x->me_s, *peer = x->peer_s;
    uint32_t f = x->r->flags;
    if (f & AN_ZERO_WINDOW_PROBE_ACK) {
        lb_printf(b, "the %s's kernel answers the probe: its window is still 0", me);
    } else if (f & AN_ZERO_WINDOW) {
        lb_printf(b, "zero window: " ECHO_WORDS_ZERO_WINDOW_FMT, me, peer);
        if (ann_teach(x, L_ZERO_WINDOW))
            lb_printf(b, ", and its kernel will ask now and then whether it has (zero-window "
                         "probes, RFC 9293 3.8.6.1)");
    } else if (f & AN_ZERO_WINDOW_PROBE) {
        lb_printf(b,
                  "zero-window probe: the %s's kernel sends one byte past the closed window to "
                  "learn whether the %s's window has opened; the wait between probes doubles "
                  "as the retransmission timer does",
                  me, peer);
    } else if ((f & AN_KEEP_ALIVE) && x->r->peer_window_zero) {
        /* Linux's zero-window probe (tcp_xmit_probe_skb): no byte, one behind */
        lb_printf(b,
                  "zero-window probe, Linux's kind: the %s's window is closed (its last Win=0), "
                  "and the %s's kernel sends an empty segment one byte behind what the %s "
                  "has acknowledged, so that the %s's kernel answers with its current window. "
                  "Wireshark's definitions name it a Keep-Alive, but it is no SO_KEEPALIVE "
                  "probe; the wait between probes doubles as the retransmission timer does",
                  peer, me, peer, peer);
    } else if (f & AN_KEEP_ALIVE) {
        lb_printf(b,
                  "keep-alive probe: the %s's kernel checks that the idle %s is still there "
                  "(a kernel sends these on an idle connection only when the socket has "
                  "SO_KEEPALIVE)",
                  me, peer);
    } else if (f & AN_KEEP_ALIVE_ACK) {
        lb_printf(b, "the %s's kernel answers the keep-alive: still there", me);
    } else if (f & AN_DUP_ACK) {
        lb_printf(b,
                  "duplicate ACK #%u: the %s's kernel received a segment beyond a missing one "
                  "(lost or reordered) and repeats the Ack of the byte it still expects",
                  x->r->dupack_num, me);
        if (x->p->tcp.nsack > 0)
            lb_printf(b, "; its SACK blocks say what arrived beyond the hole");
        if (ann_teach(x, L_DUP_ACK))
            lb_printf(b, "; after three, a sender usually resends the missing segment at once "
                         "(fast retransmit, RFC 5681)");
    } else if (f & AN_WINDOW_UPDATE) {
        lb_printf(b,
                  "window update: the %s's window grew to %llu bytes with no new data or ACK: "
                  "its application read data from the receive buffer, or its kernel enlarged "
                  "that buffer (receive autotuning); the %s may send more",
                  me, (unsigned long long)x->r->window, peer);
    } else {
        return false;
    }
    return true;
}

static void ack_line(struct ann_ctx *x, struct lb *b)
{
    const struct pkt_analysis *r = x->r;
    lb_printf(b, "the %s's kernel acknowledges %llu bytes of the %s's (Ack=%u)", x->me_s,
              (unsigned long long)r->acked, x->peer_s, r->rel_ack);
    /* Wireshark's tcp.analysis.ack_rtt: only when the ACK ends exactly at a segment. */
    if (r->acks_frame != 0) {
        lb_printf(b, "; ACK RTT ");
        lb_dur(b, r->ack_rtt_ns > 0 ? r->ack_rtt_ns : 0);
        lb_printf(b, " after frame %llu, the segment it acknowledges",
                  (unsigned long long)r->acks_frame);
        if (ann_teach(x, L_ACK_RTT))
            lb_printf(b, " (TCP's round-trip time as Wireshark measures it, "
                         "tcp.analysis.ack_rtt: the way there and back and the receiving "
                         "kernel's wait, a delayed ACK included; the echo latency, which "
                         "includes the server's application, is another figure)");
    }
    half_close_proof(x, b);
}

static bool bare_line(struct ann_ctx *x, struct lb *b)
{
    const struct pkt_analysis *r = x->r;
    if (r->last_ack) {
        last_ack_line(x, b);
        return true;
    }
    if (flag_line(x, b))
        return true;
    if (r->event == AN_EV_ACK) {
        ack_line(x, b);
        return true;
    }
    if (acks_first_fin(x)) {
        lb_printf(b,
                  "the %s's kernel acknowledges the %s's FIN; the %s can still send (its "
                  "side of the connection stays open until it closes too)",
                  x->me_s, x->peer_s, x->me_s);
        return true;
    }
    return false;
}

/* The sentence for the packet; false when there is nothing to say. */
static bool event_line(struct ann_ctx *x, struct lb *b)
{
    const struct pkt_analysis *r = x->r;
    switch (r->event) {
    case AN_EV_REFUSED:
        refused_line(x, b);
        return true;
    case AN_EV_RST:
        rst_line(x, b);
        return true;
    case AN_EV_SYN:
        syn_line(x, b);
        return true;
    case AN_EV_SYNACK:
        synack_line(x, b);
        return true;
    case AN_EV_HANDSHAKE_ACK:
        established_line(x, b);
        return true;
    case AN_EV_DATA:
        if (completes_handshake(r)) {
            established_line(x, b);
            lb_printf(b, "; this ACK carries data too: ");
        }
        /* A probe carries one byte but is no write(): say what it is for. */
        if (!(r->flags & (AN_ZERO_WINDOW_PROBE | AN_KEEP_ALIVE)) || !flag_line(x, b)) {
            ann_data(x, b);
        }
        return true;
    case AN_EV_FIN:
        if (r->seglen) {
            ann_data(x, b);
            lb_printf(b, "; then ");
        }
        fin_line(x, b);
        return true;
    default:
        return bare_line(x, b);
    }
}

void ann_tcp(struct ann_ctx *x)
{
    struct lb b = ann_line(x->L, ANN_TEXT);
    if (!event_line(x, &b)) {
        x->L->n--; /* nothing to say */
        return;
    }
    switch (x->r->event) {
    case AN_EV_SYN:
        if (!(x->r->flags & AN_ANY_RETRANSMISSION))
            ann_teach_syn(x);
        break;
    case AN_EV_SYNACK:
        if (!(x->r->flags & AN_ANY_RETRANSMISSION))
            ann_teach_synack(x);
        break;
    case AN_EV_DATA:
    case AN_EV_FIN:
        if (x->r->seglen && !(x->r->flags & AN_ANY_RETRANSMISSION))
            ann_teach_data(x);
        break;
    case AN_EV_REFUSED:
    case AN_EV_RST:
        break;
    default:
        ann_teach_ack(x);
        break;
    }
}
