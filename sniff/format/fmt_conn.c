/*
 * fmt_conn.c: the analysis-flag prefix as text (see fmt_conn.h).
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
