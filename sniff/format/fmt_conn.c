/*
 * fmt_conn.c: the analysis-flag prefix and the TCP states as text (see fmt_conn.h).
 */
#include "fmt_conn.h"

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

size_t fmt_tcp_states(char *buf, size_t len, const uint8_t before[2], const uint8_t after[2],
                      bool first)
{
    int n = 0;
    for (int i = 0; i < 2 && n >= 0 && (size_t)n < len; i++) {
        const char *was = tcp_state_name((enum tcp_state)before[i]);
        const char *now = tcp_state_name((enum tcp_state)after[i]);
        const char *who = i == 0 ? "client" : "server";
        const char *sep = i ? ", " : "";
        int k = first || before[i] == after[i]
                    ? snprintf(buf + n, len - (size_t)n, "%s%s %s", sep, who, now)
                    : snprintf(buf + n, len - (size_t)n, "%s%s %s -> %s", sep, who, was, now);
        n = k < 0 ? -1 : n + k;
    }
    if (n < 0)
        n = 0;
    return (size_t)n < len ? (size_t)n : len - 1;
}

size_t fmt_tcp_states_short(char *buf, size_t len, const uint8_t after[2])
{
    /* ss(8)'s names: what a student sees in `ss -t` on the same machine. */
    static const char *const names[TCP_STATE_COUNT] = {
        [TCP_STATE_UNKNOWN] = "?",
        [TCP_STATE_CLOSED] = "CLOSED",
        [TCP_STATE_SYN_SENT] = "SYN-SENT",
        [TCP_STATE_SYN_RECEIVED] = "SYN-RECV",
        [TCP_STATE_ESTABLISHED] = "ESTAB",
        [TCP_STATE_FIN_WAIT_1] = "FIN-WAIT-1",
        [TCP_STATE_FIN_WAIT_2] = "FIN-WAIT-2",
        [TCP_STATE_CLOSE_WAIT] = "CLOSE-WAIT",
        [TCP_STATE_CLOSING] = "CLOSING",
        [TCP_STATE_LAST_ACK] = "LAST-ACK",
        [TCP_STATE_TIME_WAIT] = "TIME-WAIT",
    };
    const char *c = after[0] < TCP_STATE_COUNT ? names[after[0]] : "?";
    const char *s = after[1] < TCP_STATE_COUNT ? names[after[1]] : "?";
    int n = snprintf(buf, len, "%s/%s", c, s);
    if (n < 0)
        return 0;
    return (size_t)n < len ? (size_t)n : len - 1;
}
