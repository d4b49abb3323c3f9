/*
 * df_fields_an.c: the fields read from the connection model's per-packet analysis
 * (struct pkt_analysis, track/analysis.h): tcp.stream, Wireshark's tcp.analysis.* and
 * sniff's own echo.*. This is the one file of filter/ that knows the analysis's shape.
 *
 * As in Wireshark, tcp.analysis.retransmission is also present on fast and spurious
 * retransmissions (its expert item is added for all three), tcp.analysis.duplicate_ack
 * twice on a Dup ACK (the flag's item and the expert item of its number), and
 * tcp.analysis.flags on any flag. echo.* exist on the connections whose echo is checked (the echo
 * port's, or every one with -A): echo.request is the request a client segment brings or the ones a
 * server segment echoes, echo.verdict the annotation's word for it. tcp.state.client and
 * tcp.state.server are the model's RFC 9293 state of each end after the packet, by the
 * names tcp_state_name() gives ("ESTABLISHED", "FIN-WAIT-1", "UNKNOWN" ...), on every
 * analysed segment.
 */
#include "an_names.h"
#include "df_fields.h"

int df_get_analysis(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    if (arg == AN_STREAM)
        return df_has_tcp(p) && p->track.valid ? df_put(v, DF_UINT, p->track.stream) : 0;
    const struct pkt_analysis *pa = fr->pa;
    if (pa == NULL || !pa->valid)
        return 0;
    if (arg == AN_ANY) /* the analysis subtree: something to say about the segment */
        return pa->flags != 0 || pa->acks_frame != 0 || pa->bytes_in_flight != 0
                   ? df_put(v, DF_NONE, 0)
                   : 0;
    uint32_t want = arg == AN_FLAGS ? ~0u : 1u << (arg - AN_FLAG);
    if (want == AN_RETRANSMISSION)
        want = AN_ANY_RETRANSMISSION;
    if (want == AN_DUP_ACK) { /* the flag's item, and the expert item on its number */
        int n = 0;
        if (pa->flags & AN_DUP_ACK)
            n += df_put(&v[n], DF_NONE, 0);
        if (pa->dupack_num != 0)
            n += df_put(&v[n], DF_NONE, 0);
        return n;
    }
    return (pa->flags & want) != 0 ? df_put(v, DF_NONE, 0) : 0;
}

int df_get_analysis_value(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct pkt_analysis *pa = fr->pa;
    if (pa == NULL || !pa->valid)
        return 0;
    switch (arg) {
    case ANV_ACK_RTT:
        if (pa->acks_frame == 0 || pa->ack_rtt_ns == 0)
            return 0;
        df_put(v, DF_RELTIME, 0);
        v->v.ns = pa->ack_rtt_ns;
        return 1;
    case ANV_BIF:
        return pa->bytes_in_flight != 0 ? df_put(v, DF_UINT, pa->bytes_in_flight) : 0;
    case ANV_ACKS_FRAME:
        return pa->acks_frame != 0 ? df_put(v, DF_FRAMENUM, pa->acks_frame) : 0;
    case ANV_DUPACK_NUM:
        return pa->dupack_num != 0 ? df_put(v, DF_UINT, pa->dupack_num) : 0;
    default:
        return pa->dupack_num != 0 ? df_put(v, DF_FRAMENUM, pa->dupack_of) : 0;
    }
}

int df_get_echo(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct pkt_analysis *pa = fr->pa;
    if (pa == NULL || !pa->valid || !pa->verified)
        return 0;
    /* The verdict that closed the connection, when this packet closed it. */
    const struct echo_result *r =
        pa->echo.verdict == ECHO_NONE && pa->close_done ? &pa->close_echo : &pa->echo;
    switch (arg) {
    case ECHO_F_REQUEST: {
        int n = 0;
        if (r->req_first == 0)
            return 0;
        for (uint32_t q = r->req_first; q <= r->req_last && n < DF_MAX_VALUES; q++)
            n += df_put(&v[n], DF_UINT, q);
        return n;
    }
    case ECHO_F_VERDICT: {
        const char *s = echo_verdict_words(r->verdict)->filter;
        return s != NULL ? df_put_bytes(v, DF_STRING, (const uint8_t *)s, (uint32_t)strlen(s)) : 0;
    }
    case ECHO_F_MISMATCH:
        if (r->verdict != ECHO_MISMATCH && !r->early_mismatch)
            return 0;
        return df_put(v, DF_UINT, r->mismatch_at);
    default:
        if (!r->rtt_valid)
            return 0;
        df_put(v, DF_RELTIME, 0);
        v->v.ns = (int64_t)r->rtt_ns;
        return 1;
    }
}

int df_get_state(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct pkt_analysis *pa = fr->pa;
    if (pa == NULL || !pa->valid || arg < 0 || arg > 1)
        return 0;
    const char *name = tcp_state_name(pa->state[arg]);
    return df_put_bytes(v, DF_STRING, (const uint8_t *)name, (uint32_t)strlen(name));
}
