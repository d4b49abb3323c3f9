/*
 * fmt_json.c: -T json (see fmt_json.h and docs/json-schema.md).
 *
 * Written straight into the output buffer, field by field, in a fixed order; numbers
 * through out_u64 rather than printf. A field whose value is unknown is left out rather
 * than written as null, except where the schema says null.
 */
#include "fmt_json.h"

#include "an_names.h"
#include "fmt_addr.h"
#include "fmt_conn.h"
#include "names.h"

void json_string(struct out *o, const void *s, size_t n)
{
    const uint8_t *p = s;
    out_char(o, '"');
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        switch (c) {
        case '"':
            out_str(o, "\\\"");
            break;
        case '\\':
            out_str(o, "\\\\");
            break;
        case '\n':
            out_str(o, "\\n");
            break;
        case '\r':
            out_str(o, "\\r");
            break;
        case '\t':
            out_str(o, "\\t");
            break;
        default:
            if (c < 0x20 || c >= 0x7f) {
                char u[6] = {'\\', 'u', '0', '0', out_hexdigits[c >> 4], out_hexdigits[c & 15]};
                out_mem(o, u, sizeof u);
            } else {
                out_char(o, (char)c);
            }
        }
    }
    out_char(o, '"');
}

static void jstr(struct out *o, const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    json_string(o, s, n);
}

/* ,"key": */
static void key(struct out *o, const char *k, bool first)
{
    if (!first)
        out_char(o, ',');
    out_char(o, '"');
    out_str(o, k);
    out_str(o, "\":");
}

static void kv_u64(struct out *o, const char *k, uint64_t v, bool first)
{
    key(o, k, first);
    out_u64(o, v);
}

static void kv_str(struct out *o, const char *k, const char *v, bool first)
{
    key(o, k, first);
    jstr(o, v);
}

static void kv_bool(struct out *o, const char *k, bool v, bool first)
{
    key(o, k, first);
    out_str(o, v ? "true" : "false");
}

/* Nanoseconds as seconds with 9 decimals: 1700000000.000123000 */
static void out_secs(struct out *o, int64_t ns)
{
    if (ns < 0) {
        out_char(o, '-');
        ns = -ns;
    }
    out_u64(o, (uint64_t)ns / 1000000000u);
    out_char(o, '.');
    out_u64_pad(o, (uint64_t)ns % 1000000000u, 9, '0');
}

/* Nanoseconds as milliseconds with 3 decimals. */
static void out_ms(struct out *o, uint64_t ns)
{
    out_u64(o, ns / 1000000u);
    out_char(o, '.');
    out_u64_pad(o, ns / 1000u % 1000u, 3, '0');
}

static void addr_str(struct out *o, int family, const uint8_t *a)
{
    char buf[FMT_IP6_MAX];
    size_t n = family == 6 ? fmt_ip6(buf, a) : fmt_ip4(buf, a);
    json_string(o, buf, n);
}

/* "00:16:ea:e3:54:e6" */
static void mac_str(struct out *o, const uint8_t m[6])
{
    char b[18];
    size_t n = fmt_mac(b, m, 6);
    json_string(o, b, n);
}

static void json_tcp(struct out *o, const struct packet *p, const struct pkt_analysis *r)
{
    const struct tcp_info *t = &p->tcp;
    out_str(o, ",\"tcp\":{");
    kv_u64(o, "srcport", t->sport, true);
    kv_u64(o, "dstport", t->dport, false);
    if (t->status == LAYER_OK || t->status == LAYER_TRUNCATED) {
        kv_u64(o, "seq_raw", t->seq, false);
        kv_u64(o, "ack_raw", t->ack, false);
        if (r && r->valid) {
            kv_u64(o, "seq", r->rel_seq, false);
            if (t->flags & TCP_ACK)
                kv_u64(o, "ack", r->rel_ack, false);
        }
        key(o, "flags", false);
        out_char(o, '[');
        bool first = true;
        for (unsigned i = 0; i < TCP_NFLAGS; i++) {
            if (t->flags & tcp_flag_names[i].bit) {
                if (!first)
                    out_char(o, ',');
                jstr(o, tcp_flag_names[i].abbrev);
                first = false;
            }
        }
        out_char(o, ']');
        kv_u64(o, "window", t->window, false);
        if (r && r->valid)
            kv_u64(o, "window_scaled", r->window, false);
        kv_u64(o, "len", t->payload_len, false);
    }
    kv_str(o, "status",
           t->status == LAYER_OK          ? "ok"
           : t->status == LAYER_TRUNCATED ? "truncated"
                                          : "malformed",
           false);
    out_char(o, '}');
}

/* NAME:{"client":"ESTABLISHED","server":"FIN-WAIT-1"} */
static void tcp_states_named(struct out *o, const char *name, const enum tcp_state st[2])
{
    key(o, name, false);
    out_char(o, '{');
    kv_str(o, "client", tcp_state_name(st[0]), true);
    kv_str(o, "server", tcp_state_name(st[1]), false);
    out_char(o, '}');
}

static void tcp_states(struct out *o, const enum tcp_state st[2])
{
    tcp_states_named(o, "tcp_state", st);
}

/* "name":[first,last], a range of stream offsets. */
static void range(struct out *o, const char *name, uint64_t first, uint64_t last)
{
    key(o, name, false);
    out_char(o, '[');
    out_u64(o, first);
    out_char(o, ',');
    out_u64(o, last);
    out_char(o, ']');
}

static void json_echo(struct out *o, const char *name, const struct echo_result *e)
{
    key(o, name, false);
    out_char(o, '{');
    kv_str(o, "verdict", echo_verdict_words(e->verdict)->json, true);
    if (e->req_first) {
        kv_u64(o, "request_first", e->req_first, false);
        kv_u64(o, "request_last", e->req_last ? e->req_last : e->req_first, false);
        kv_u64(o, "request_done", e->req_done, false);
        kv_u64(o, "request_len", e->req_len, false);
    }
    if (e->rtt_valid) {
        /* The echo latency; "rtt_ms" is its first name, kept for schema 2's readers. */
        key(o, "latency_ms", false);
        out_ms(o, e->rtt_ns);
        key(o, "rtt_ms", false);
        out_ms(o, e->rtt_ns);
    }
    if (e->ahead != 0)
        kv_u64(o, "ahead", e->ahead, false);
    if (e->verdict == ECHO_MISMATCH || e->early_mismatch) {
        key(o, "mismatch", false);
        out_char(o, '{');
        kv_u64(o, "offset", e->mismatch_at, true);
        kv_u64(o, "expected", e->expected, false);
        kv_u64(o, "got", e->got, false);
        out_char(o, '}');
    }
    if (e->gap)
        range(o, "not_captured", e->gap_first, e->gap_last);
    if (e->given_up)
        range(o, "given_up", e->given_up_first, e->given_up_last);
    if (e->verdict == ECHO_SHORT || e->verdict == ECHO_EXTRA) {
        kv_u64(o, "sent", e->sent, false);
        kv_u64(o, "echoed", e->echoed, false);
    }
    out_char(o, '}');
}

/* "eth" and "ip": whether anything was written (the next layer's leading comma). */
static bool json_link_net(struct out *o, const struct packet *p)
{
    bool first = true;
    if (p->link.kind == LINK_ETHERNET && p->link.status != LAYER_ABSENT) {
        key(o, "eth", true);
        out_char(o, '{');
        key(o, "src", true);
        mac_str(o, p->link.src);
        key(o, "dst", false);
        mac_str(o, p->link.dst);
        kv_u64(o, "type", p->link.ethertype, false);
        out_char(o, '}');
        first = false;
    }
    if (p->net == NET_IPV4 && p->ip4.status != LAYER_ABSENT) {
        key(o, "ip", first);
        out_char(o, '{');
        kv_u64(o, "version", 4, true);
        key(o, "src", false);
        addr_str(o, 4, p->ip4.src);
        key(o, "dst", false);
        addr_str(o, 4, p->ip4.dst);
        kv_u64(o, "ttl", p->ip4.ttl, false);
        kv_u64(o, "id", p->ip4.id, false);
        kv_u64(o, "proto", p->ip4.proto, false);
        out_char(o, '}');
        first = false;
    } else if (p->net == NET_IPV6 && p->ip6.status != LAYER_ABSENT) {
        key(o, "ip", first);
        out_char(o, '{');
        kv_u64(o, "version", 6, true);
        key(o, "src", false);
        addr_str(o, 6, p->ip6.src);
        key(o, "dst", false);
        addr_str(o, 6, p->ip6.dst);
        kv_u64(o, "hlim", p->ip6.hop_limit, false);
        kv_u64(o, "proto", p->ip6.proto, false);
        out_char(o, '}');
        first = false;
    }
    return !first;
}

static void json_layers(struct out *o, const struct packet *p, const struct pkt_analysis *r)
{
    key(o, "layers", false);
    out_char(o, '{');
    /* The transport layers follow an IP layer, so they always write a leading comma. */
    bool net = json_link_net(o, p);
    if (p->l4 == L4_TCP && net) {
        json_tcp(o, p, r);
    } else if (p->l4 == L4_UDP && net) {
        out_str(o, ",\"udp\":{");
        kv_u64(o, "srcport", p->udp.sport, true);
        kv_u64(o, "dstport", p->udp.dport, false);
        kv_u64(o, "len", p->udp.len, false);
        out_char(o, '}');
    } else if ((p->l4 == L4_ICMP || p->l4 == L4_ICMPV6) && net) {
        out_str(o, p->l4 == L4_ICMP ? ",\"icmp\":{" : ",\"icmpv6\":{");
        kv_u64(o, "type", p->icmp.type, true);
        kv_u64(o, "code", p->icmp.code, false);
        out_char(o, '}');
    }
    out_char(o, '}');
}

/* What the connection model says of an analysed TCP segment. */
static void json_analysis(struct out *o, const struct pkt_analysis *r)
{
    kv_u64(o, "stream", r->stream, false);
    kv_str(o, "direction", r->from_client ? "client_to_server" : "server_to_client", false);
    kv_str(o, "event", an_event_words(r->event)->json, false);
    tcp_states(o, r->state);
    tcp_states_named(o, "tcp_state_before", r->state_before);
    key(o, "analysis", false);
    out_char(o, '{');
    key(o, "flags", true);
    out_char(o, '[');
    bool f1 = true;
    for (uint32_t bit = 1; bit && bit <= AN_PORTS_REUSED; bit <<= 1) {
        if (!(r->flags & bit))
            continue;
        if (!f1)
            out_char(o, ',');
        jstr(o, an_flag_field(bit));
        f1 = false;
    }
    out_char(o, ']');
    if (r->flags & AN_DUP_ACK) {
        kv_u64(o, "duplicate_ack_frame", r->dupack_of, false);
        kv_u64(o, "duplicate_ack_num", r->dupack_num, false);
    }
    char info[256];
    fmt_an_flags(r->flags, r->dupack_of, r->dupack_num, info, sizeof info);
    kv_str(o, "info", info, false);
    /* TCP's ACK round-trip time (Wireshark's tcp.analysis.acks_frame and ack_rtt): the
     * segment this ACK acknowledges exactly, and how long after it. */
    if (r->acks_frame != 0) {
        kv_u64(o, "acks_frame", r->acks_frame, false);
        key(o, "ack_rtt_ms", false);
        out_ms(o, r->ack_rtt_ns > 0 ? (uint64_t)r->ack_rtt_ns : 0);
    }
    out_char(o, '}');
    if (r->verified) {
        json_echo(o, "echo", &r->echo);
        if (r->close_done)
            json_echo(o, "echo_close", &r->close_echo);
        if (r->waited)
            kv_u64(o, "waited_for_stream", r->waited_for, false);
    }
}

void fmt_json_packet(struct out *o, const struct packet *p, const struct pkt_analysis *r,
                     const struct ann_lines *L)
{
    out_char(o, '{');
    kv_str(o, "type", "packet", true);
    key(o, "frame", false);
    out_char(o, '{');
    kv_u64(o, "number", p->frame.number, true);
    key(o, "time", false);
    out_secs(o, frame_ns(&p->frame));
    kv_u64(o, "caplen", p->frame.caplen, false);
    kv_u64(o, "len", p->frame.len, false);
    out_char(o, '}');
    json_layers(o, p, r);
    if (p->truncated)
        kv_bool(o, "truncated", true, false);
    if (p->malformed)
        kv_bool(o, "malformed", true, false);
    if (r && r->valid)
        json_analysis(o, r);
    if (L) {
        key(o, "annotation", false);
        out_char(o, '[');
        for (int i = 0; i < L->n; i++) {
            if (i)
                out_char(o, ',');
            jstr(o, L->line[i]);
        }
        out_char(o, ']');
    }
    out_str(o, "}\n");
}

static void endpoint(struct out *o, const char *k, const struct an_endpoint *e)
{
    key(o, k, false);
    out_char(o, '{');
    key(o, "addr", true);
    addr_str(o, e->family, e->addr);
    kv_u64(o, "port", e->port, false);
    out_char(o, '}');
}

static void pair(struct out *o, const char *k, const uint64_t v[2])
{
    key(o, k, false);
    out_char(o, '{');
    kv_u64(o, "client_to_server", v[0], true);
    kv_u64(o, "server_to_client", v[1], false);
    out_char(o, '}');
}

/* "NAME":{"min":...,"median":...,"max":...,"samples":N} or null. */
static void latency_stats(struct out *o, const char *name, const struct an_conn_summary *s)
{
    const struct echo_stats *e = &s->echo;
    key(o, name, false);
    if (e->nrtt == 0) {
        out_str(o, "null");
        return;
    }
    out_char(o, '{');
    key(o, "min", true);
    out_ms(o, e->rtt_min_ns);
    key(o, "median", false);
    out_ms(o, s->rtt_median_ns);
    key(o, "max", false);
    out_ms(o, e->rtt_max_ns);
    kv_u64(o, "samples", e->nrtt, false);
    out_char(o, '}');
}

/* TCP's ACK round-trip times, both directions: null when no ACK acknowledged a segment
 * exactly. */
static void ack_rtt_stats(struct out *o, const struct an_conn_summary *s)
{
    key(o, "ack_rtt_ms", false);
    if (s->nack_rtt == 0) {
        out_str(o, "null");
        return;
    }
    out_char(o, '{');
    key(o, "min", true);
    out_ms(o, (uint64_t)s->ack_rtt_min_ns);
    key(o, "mean", false);
    out_ms(o, (uint64_t)s->ack_rtt_avg_ns);
    key(o, "max", false);
    out_ms(o, (uint64_t)s->ack_rtt_max_ns);
    kv_u64(o, "samples", s->nack_rtt, false);
    out_char(o, '}');
}

void fmt_json_conn(struct out *o, const struct an_conn_summary *s)
{
    out_char(o, '{');
    kv_str(o, "type", "conn", true);
    kv_u64(o, "stream", s->stream, false);
    endpoint(o, "client", &s->client);
    endpoint(o, "server", &s->server);
    kv_bool(o, "roles_from_syn", s->roles_from_syn, false);
    key(o, "start", false);
    out_secs(o, s->start_ns);
    key(o, "duration", false);
    out_secs(o, s->last_ns - s->start_ns);
    pair(o, "packets", s->packets);
    pair(o, "bytes", s->bytes);
    pair(o, "retransmissions", s->retrans);
    kv_str(o, "end", an_end_words(s->end)->json, false);
    tcp_states(o, s->state);
    kv_bool(o, "evicted_open", s->evicted_open, false);
    if (s->echo_no_memory)
        kv_str(o, "echo_not_checked", "memory budget", false);
    else if (s->echo_midstream)
        kv_str(o, "echo_not_checked", "SYN not captured", false);
    ack_rtt_stats(o, s);
    key(o, "echo", false);
    if (!s->verified) {
        out_str(o, "null");
    } else {
        const struct echo_stats *e = &s->echo;
        out_char(o, '{');
        kv_u64(o, "requests", e->requests, true);
        kv_u64(o, "verified", e->verified, false);
        kv_u64(o, "mismatched", e->mismatched, false);
        kv_u64(o, "unchecked", e->unchecked, false);
        kv_u64(o, "unechoed", e->unechoed, false);
        kv_u64(o, "bytes_matched", e->bytes_matched, false);
        kv_u64(o, "bytes_mismatched", e->bytes_mismatched, false);
        kv_u64(o, "bytes_unchecked", e->bytes_unchecked, false);
        kv_u64(o, "bytes_extra", e->bytes_extra, false);
        kv_u64(o, "bytes_given_up", e->bytes_given_up, false);
        key(o, "first_mismatch", false);
        if (e->has_mismatch)
            out_u64(o, e->first_mismatch_at);
        else
            out_str(o, "null");
        kv_bool(o, "stopped", false, false); /* schema 2: the check no longer stops */
        /* The echo latency; "rtt_ms" is its first name, kept for schema 2's readers. */
        latency_stats(o, "latency_ms", s);
        latency_stats(o, "rtt_ms", s);
        out_char(o, '}');
    }
    out_str(o, "}\n");
}
