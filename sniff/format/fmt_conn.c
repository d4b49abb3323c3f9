/*
 * fmt_conn.c: the analysis-flag prefix and the TCP states as text (see fmt_conn.h).
 */
#include "fmt_conn.h"

#include "an_names.h"
#include "fmt_addr.h"

#include <stdio.h>
#include <string.h>

size_t fmt_an_flags(uint32_t flags, uint64_t dupack_of, uint32_t dupack_num, char *buf, size_t len)
{
    size_t n = 0;
    if (len == 0)
        return 0;
    buf[0] = '\0';
    /* Wireshark prepends each text in an_flag_order: the last one listed comes first. */
    for (size_t k = AN_NFLAGS; k-- > 0;) {
        uint32_t bit = an_flag_order[k];
        if (!(flags & bit))
            continue;
        char tmp[64];
        const char *s = an_flag_info(bit);
        if (s == NULL) {
            snprintf(tmp, sizeof tmp, "[TCP Dup ACK %llu#%u] ", (unsigned long long)dupack_of,
                     dupack_num);
            s = tmp;
        }
        size_t sl = strlen(s);
        if (n + sl >= len)
            sl = len - 1 - n;
        memcpy(buf + n, s, sl);
        n += sl;
        buf[n] = '\0';
    }
    return n;
}

/* Appends s at buf + n as snprintf appends it (cut at len - 1 bytes): the length the
 * text would have. Without snprintf: -A writes this line for every TCP packet, and two
 * snprintf calls were a sixth of its time. */
static size_t states_put(char *buf, size_t len, size_t n, const char *s)
{
    size_t k = strlen(s);
    if (n + 1 < len)
        memcpy(buf + n, s, k < len - 1 - n ? k : len - 1 - n);
    return n + k;
}

size_t fmt_tcp_states(char *buf, size_t len, const uint8_t before[2], const uint8_t after[2],
                      bool first)
{
    size_t n = 0;
    for (int i = 0; i < 2 && n < len; i++) {
        n = states_put(buf, len, n, i ? ", " : "");
        n = states_put(buf, len, n, i == 0 ? "client " : "server ");
        if (!first && before[i] != after[i]) {
            n = states_put(buf, len, n, tcp_state_name((enum tcp_state)before[i]));
            n = states_put(buf, len, n, " -> ");
        }
        n = states_put(buf, len, n, tcp_state_name((enum tcp_state)after[i]));
    }
    if (len > 0)
        buf[n < len ? n : len - 1] = '\0';
    return n < len ? n : len - 1;
}

size_t fmt_tcp_states_short(char *buf, size_t len, const uint8_t after[2])
{
    /* ss(8)'s names: what a student sees in `ss -t` on the same machine. */
    int n = snprintf(buf, len, "%s/%s", tcp_state_words((enum tcp_state)after[0])->ss,
                     tcp_state_words((enum tcp_state)after[1])->ss);
    if (n < 0)
        return 0;
    return (size_t)n < len ? (size_t)n : len - 1;
}

/* "client 127.0.0.1:36704 (sent this frame)" */
static void endpoint_line(struct out *o, const char *who, const struct packet *p, bool src)
{
    char ep[FMT_ENDPOINT_MAX];
    const uint8_t *a =
        p->net == NET_IPV4 ? (src ? p->ip4.src : p->ip4.dst) : (src ? p->ip6.src : p->ip6.dst);
    fmt_endpoint(ep, p->net == NET_IPV4 ? 4 : 6, a, src ? p->tcp.sport : p->tcp.dport);
    out_printf(o, "    [%s: %s%s]\n", who, ep, src ? " (sent this frame)" : "");
}

void fmt_model_tree(struct out *o, const struct packet *p, const struct frame_rec *rec,
                    uint64_t frame)
{
    if (!(rec->bits & FREC_TRACKED) || (p->net != NET_IPV4 && p->net != NET_IPV6))
        return;
    bool from_client = (rec->bits & FREC_FROM_CLIENT) != 0;
    bool analysed = (rec->bits & FREC_ANALYSED) != 0;
    out_printf(o, "[Connection model: tcp.stream %u", rec->stream);
    if (analysed)
        out_printf(o, ", sent by the %s", from_client ? "client" : "server");
    OUT_LIT(o, "]\n");
    out_printf(o, "    [Stream index: %u]\n", rec->stream);
    if (analysed) {
        endpoint_line(o, "Client", p, from_client);
        endpoint_line(o, "Server", p, !from_client);
        const char *st[4];
        for (int i = 0; i < 2; i++) {
            st[i] = tcp_state_name((enum tcp_state)rec->state_before[i]);
            st[2 + i] = tcp_state_name((enum tcp_state)rec->state[i]);
        }
        out_printf(o, "    [TCP state before: client %s, server %s]\n", st[0], st[1]);
        out_printf(o, "    [TCP state after: client %s, server %s]\n", st[2], st[3]);
        const char *ev = an_event_words((enum an_event)rec->event)->text;
        if (ev != NULL && rec->event == AN_EV_DATA)
            out_printf(o, "    [Event: data, %u byte%s]\n", p->tcp.payload_len,
                       p->tcp.payload_len == 1 ? "" : "s");
        else if (ev != NULL)
            out_printf(o, "    [Event: %s]\n", ev);
        if (rec->flags != 0) {
            char flags[256];
            fmt_an_flags(rec->flags, frame - rec->dupack_back, rec->dupack_num, flags,
                         sizeof flags);
            size_t n = strlen(flags);
            while (n > 0 && flags[n - 1] == ' ')
                flags[--n] = '\0';
            out_printf(o, "    [Analysis flags: %s]\n", flags);
        }
    } else {
        OUT_LIT(o, "    [Not analysed: the header is cut or invalid]\n");
    }
    const char *v = (rec->bits & FREC_ECHO) && analysed
                        ? echo_verdict_words((enum echo_verdict)rec->echo_verdict)->text
                        : NULL;
    if (v != NULL && rec->echo_request != 0)
        out_printf(o, "    [Echo: request #%u: %s]\n", rec->echo_request, v);
    else if (v != NULL)
        out_printf(o, "    [Echo: %s]\n", v);
}
