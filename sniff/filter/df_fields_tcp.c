/*
 * df_fields_tcp.c: the readers of the TCP and UDP fields (df_fields.h), with Wireshark's
 * presence rules for cut and malformed headers: the ports exist once their 4 bytes were
 * captured; the sequence number, length and header length once the fixed 20 bytes were
 * read; the fields past the sequence number only when the data offset is at least 5
 * (RFC 9293 3.1: Wireshark stops after the header length otherwise). Sequence and
 * acknowledgment numbers are relative, as Wireshark shows them, where the tracker knows
 * the ISN (p->track); the _raw fields are the wire's.
 */
#include "df_fields.h"

/* Whether the transport's fixed header (hdr bytes) was read: captured, and within the
 * length IP declared. A header with bogus contents (a data offset below 5, a UDP length
 * past the datagram) still has its fields, as in Wireshark; one cut short has not. */
static bool l4_header_read(const struct packet *p, uint32_t hdr)
{
    return p->frame.caplen >= p->l4_off && p->frame.caplen - p->l4_off >= hdr && p->l4_len >= hdr;
}

bool df_has_tcp(const struct packet *p)
{
    return p->l4 == L4_TCP && p->tcp.status != LAYER_ABSENT && l4_header_read(p, 20);
}

/* Past the sequence number: only in a header of at least 20 bytes. */
static bool has_tcp_full(const struct packet *p)
{
    return df_has_tcp(p) && p->tcp.hdr_len >= 20;
}

static bool has_tcp_ports(const struct packet *p)
{
    return p->l4 == L4_TCP && p->tcp.status != LAYER_ABSENT && p->tcp.have_ports;
}

/* The options' values (RFC 9293 MSS, RFC 7323 window scale and timestamps, RFC 2018
 * SACK edges relative to the base of the direction being acknowledged). */
static int tcp_options(const struct packet *p, int arg, struct df_value *v)
{
    const struct tcp_info *t = &p->tcp;
    switch (arg) {
    case TF_MSS:
        return t->has_mss ? df_put(v, DF_UINT, t->mss) : 0;
    case TF_WS_SHIFT:
        return t->has_ws ? df_put(v, DF_UINT, t->ws_shift) : 0;
    case TF_WS_MULT:
        return t->has_ws ? df_put(v, DF_UINT, t->ws_shift > 14 ? 1u << 14 : 1u << t->ws_shift) : 0;
    case TF_TSVAL:
        return t->has_ts ? df_put(v, DF_UINT, t->ts_val) : 0;
    case TF_TSECR:
        return t->has_ts ? df_put(v, DF_UINT, t->ts_ecr) : 0;
    default: {
        const struct tcp_track *k = &p->track;
        uint32_t base = k->valid && k->ack_valid ? t->ack - k->rel_ack : 0;
        int n = 0;
        for (int i = 0; i < t->nsack && n < DF_MAX_VALUES; i++)
            n +=
                df_put(&v[n], DF_UINT,
                       (uint32_t)((arg == TF_SACK_LE ? t->sack_left[i] : t->sack_right[i]) - base));
        return n;
    }
    }
}

static bool tcp_flag_field(int arg, uint16_t *bit)
{
    static const uint16_t bits[] = {0xe00,   TCP_AE,  TCP_CWR, TCP_ECE, TCP_URG,
                                    TCP_ACK, TCP_PSH, TCP_RST, TCP_SYN, TCP_FIN};
    if (arg < TF_F_RES || arg > TF_F_FIN)
        return false;
    *bit = bits[arg - TF_F_RES];
    return true;
}

/* The fields present once the fixed header was read, whatever the data offset. */
static int tcp_early(const struct packet *p, int arg, struct df_value *v)
{
    const struct tcp_info *t = &p->tcp;
    const struct tcp_track *k = &p->track;
    switch (arg) {
    case TF_LEN: /* a data offset past the segment ("short segment"): no length */
        if (t->hdr_len > p->l4_len)
            return 0;
        return df_put(v, DF_UINT, t->hdr_len < 20 ? p->l4_len - t->hdr_len : t->payload_len);
    case TF_SEQ:
        return df_put(v, DF_UINT, k->valid ? k->rel_seq : t->seq);
    case TF_SEQ_RAW:
        return df_put(v, DF_UINT, t->seq);
    default:
        return df_put(v, DF_UINT, t->hdr_len);
    }
}

int df_get_tcp(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    const struct tcp_info *t = &p->tcp;
    const struct tcp_track *k = &p->track;
    if (arg == TF_SRCPORT || arg == TF_DSTPORT || arg == TF_PORT) {
        if (!has_tcp_ports(p))
            return 0;
        if (arg == TF_PORT)
            return df_put(&v[0], DF_UINT, t->sport) + df_put(&v[1], DF_UINT, t->dport);
        return df_put(v, DF_UINT, arg == TF_SRCPORT ? t->sport : t->dport);
    }
    if (arg == TF_LEN || arg == TF_SEQ || arg == TF_SEQ_RAW || arg == TF_HDR_LEN)
        return df_has_tcp(p) ? tcp_early(p, arg, v) : 0;
    if (!has_tcp_full(p))
        return 0;
    uint16_t bit;
    if (tcp_flag_field(arg, &bit))
        return df_put(v, DF_BOOL, (t->flags & bit) != 0 || (bit == 0xe00 && t->reserved != 0));
    if (arg >= TF_MSS && arg <= TF_SACK_RE)
        return tcp_options(p, arg, v);
    switch (arg) {
    case TF_NXTSEQ: /* shown for every tracked segment with a whole header */
        return k->valid && t->hdr_len <= p->l4_len ? df_put(v, DF_UINT, k->next_rel_seq) : 0;
    case TF_ACK:
        return df_put(v, DF_UINT, k->valid && k->ack_valid ? k->rel_ack : t->ack);
    case TF_ACK_RAW:
        return df_put(v, DF_UINT, t->ack);
    case TF_FLAGS:
        return df_put(v, DF_UINT, t->flags & 0xfffu);
    case TF_WIN_VALUE:
        return df_put(v, DF_UINT, t->window);
    case TF_WIN:
        return df_put(v, DF_UINT, k->valid ? k->calc_window : t->window);
    case TF_WIN_SCALE: /* not on SYNs, whose window is never scaled (RFC 7323 2.2) */
        if (t->flags & TCP_SYN)
            return 0;
        df_put(v, DF_INT, 0);
        v->v.i = !k->valid || k->ws_shift == -1 ? -1 : k->ws_shift < 0 ? -2 : 1 << k->ws_shift;
        return 1;
    case TF_CHECKSUM:
        return df_put(v, DF_UINT, t->checksum);
    case TF_URG:
        return df_put(v, DF_UINT, t->urgent);
    case TF_PAYLOAD:
        if (t->payload_len == 0 || t->payload_caplen == 0 || t->hdr_len > p->l4_len)
            return 0;
        return df_put_bytes(v, DF_BYTES, t->payload, t->payload_caplen);
    default:
        return 0;
    }
}

int df_get_udp(const struct df_frame *fr, int arg, struct df_value *v)
{
    const struct packet *p = fr->p;
    const struct udp_info *u = &p->udp;
    if (p->l4 != L4_UDP || u->status == LAYER_ABSENT || !l4_header_read(p, 8))
        return 0;
    switch (arg) {
    case UDP_PORT:
        return df_put(&v[0], DF_UINT, u->sport) + df_put(&v[1], DF_UINT, u->dport);
    case UDP_SRCPORT:
        return df_put(v, DF_UINT, u->sport);
    case UDP_DSTPORT:
        return df_put(v, DF_UINT, u->dport);
    case UDP_LENGTH:
        return df_put(v, DF_UINT, u->len);
    case UDP_CHECKSUM:
        return df_put(v, DF_UINT, u->checksum);
    default: { /* the datagram's data, as far as captured */
        uint32_t end = p->l4_off + (u->len >= 8 && u->len <= p->l4_len ? u->len : p->l4_len);
        if (end > p->frame.caplen)
            end = p->frame.caplen;
        if (end <= p->l4_off + 8)
            return 0;
        return df_put_bytes(v, DF_BYTES, p->frame.data + p->l4_off + 8, end - p->l4_off - 8);
    }
    }
}
