/*
 * dec_tcp_opt.c: the values of the TCP options the packet list and the tree spell out
 * beyond the classic ones dec_tcp.c keeps in struct tcp_info: TCP Fast Open (RFC 7413,
 * kind 34, or the experimental kind 254 with experiment ID 0xf989, RFC 6994), the user
 * timeout (RFC 5482), TCP-AO's key IDs (RFC 5925), Accurate ECN's byte counters
 * (draft-ietf-tcpm-accurate-ecn, kinds 172 and 174) and MPTCP's subtypes (RFC 8684 3).
 * Each is read from the option's captured value bytes through a cursor, on demand: most
 * packets carry none of them, so struct packet does not grow for them.
 */
#include <string.h>

#include "decode.h"
#include "proto.h"

static bool u64(struct cursor *c, uint64_t *v)
{
    uint32_t hi, lo;
    if (!cursor_u32be(c, &hi) || !cursor_u32be(c, &lo))
        return false;
    *v = (uint64_t)hi << 32 | lo;
    return true;
}

static bool u24(struct cursor *c, uint32_t *v)
{
    uint8_t b[3];
    if (!cursor_bytes(c, b, 3))
        return false;
    *v = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
    return true;
}

/* MP_CAPABLE: version and flags, then (by length) the sender's key, the receiver's key,
 * the data-level length and the checksum. */
static void mp_capable(struct tcp_opt_value *v, struct cursor *c, uint8_t len)
{
    v->mp_has_key[0] = len >= 12 && u64(c, &v->mp_key[0]);
    v->mp_has_key[1] = len >= 20 && u64(c, &v->mp_key[1]);
    v->mp_has_dll = len >= 22 && cursor_u16be(c, &v->mp_dll);
    v->mp_has_csum = len >= 24 && cursor_u16be(c, &v->mp_csum);
}

/* MP_JOIN: SYN (12: token, random), SYN/ACK (16: truncated HMAC, random), ACK (24: HMAC). */
static void mp_join(struct tcp_opt_value *v, struct cursor *c, uint8_t len)
{
    if (len == 24) { /* subtype and 12 reserved bits, then the HMAC */
        if (cursor_skip(c, 1) && cursor_left(c) >= 20)
            v->mp_hmac = c->p;
        return;
    }
    (void)cursor_u8(c, &v->mp_addr_id);
    if (len == 12) {
        (void)cursor_u32be(c, &v->mp_token);
        (void)cursor_u32be(c, &v->mp_random);
    } else if (len == 16) {
        (void)u64(c, &v->mp_hmac64);
        (void)cursor_u32be(c, &v->mp_random);
    }
}

/* DSS: flags F m M a A; the data ACK (A, 8 bytes with a), the mapping (M: DSN, 8 bytes
 * with m, subflow sequence number, data-level length, checksum if the length leaves
 * room). */
static void mp_dss(struct tcp_opt_value *v, struct cursor *c)
{
    uint32_t w;
    uint8_t f = v->mp_flags;
    if (f & 0x01) {
        if (f & 0x02)
            v->mp_has_ack = u64(c, &v->mp_ack);
        else if ((v->mp_has_ack = cursor_u32be(c, &w)))
            v->mp_ack = w;
    }
    if (f & 0x04) {
        if (f & 0x08)
            v->mp_has_dsn = u64(c, &v->mp_dsn);
        else if ((v->mp_has_dsn = cursor_u32be(c, &w)))
            v->mp_dsn = w;
        if (v->mp_has_dsn && cursor_u32be(c, &v->mp_ssn) && cursor_u16be(c, &v->mp_dll)) {
            v->mp_has_dll = true;
            v->mp_has_csum = cursor_u16be(c, &v->mp_csum);
        }
    }
}

/* ADD_ADDR: echo flag, address ID, an IPv4 or IPv6 address (by length), port, HMAC. */
static void mp_add_addr(struct tcp_opt_value *v, struct cursor *c, uint8_t len)
{
    (void)cursor_u8(c, &v->mp_addr_id);
    /* IPv4 lengths 8, 10, 16, 18; IPv6 lengths 20, 22, 28, 30. */
    v->mp_v6 = len >= 20;
    if (!cursor_bytes(c, v->mp_addr, v->mp_v6 ? 16 : 4))
        return;
    unsigned rest = len - (v->mp_v6 ? 20u : 8u);
    if (rest == 2 || rest == 10)
        v->mp_has_port = cursor_u16be(c, &v->mp_port);
    if (rest >= 8)
        v->mp_has_hmac = u64(c, &v->mp_hmac64);
}

static bool mptcp(struct tcp_opt_value *v, struct cursor c, uint8_t len)
{
    uint8_t b0;
    if (!cursor_u8(&c, &b0))
        return false;
    v->mp_subtype = b0 >> 4;
    v->mp_version = b0 & 0x0f;
    v->mp_flags = b0; /* the subtypes with flags in the low nibble */
    switch (v->mp_subtype) {
    case MPTCP_CAPABLE:
        if (!cursor_u8(&c, &v->mp_flags))
            return false;
        mp_capable(v, &c, len);
        break;
    case MPTCP_JOIN:
        mp_join(v, &c, len);
        break;
    case MPTCP_DSS:
        if (!cursor_u8(&c, &v->mp_flags))
            return false;
        mp_dss(v, &c);
        break;
    case MPTCP_ADD_ADDR:
        mp_add_addr(v, &c, len);
        break;
    case MPTCP_PRIO:
        (void)cursor_u8(&c, &v->mp_addr_id);
        break;
    case MPTCP_FAIL:
    case MPTCP_FASTCLOSE:
        v->mp_has_key[0] = cursor_skip(&c, 1) && u64(&c, &v->mp_key[0]);
        break;
    case MPTCP_TCPRST:
        (void)cursor_u8(&c, &v->mp_reason);
        break;
    default:
        break;
    }
    return true;
}

bool tcp_opt_value(const struct tcp_opt *op, struct tcp_opt_value *v)
{
    memset(v, 0, sizeof *v);
    if (op->bad || op->data == NULL || op->len < 2)
        return false;
    struct cursor c = cursor_make(op->data, (size_t)op->len - 2);
    switch (op->kind) {
    case TCP_OPT_TFO:
        v->tfo = true;
        v->cookie = op->len > 2 ? op->data : NULL;
        v->cookie_len = (uint8_t)(op->len - 2);
        return true;
    case TCP_OPT_EXP1:
    case TCP_OPT_EXP2:
        if (!cursor_u16be(&c, &v->exid))
            return false;
        v->tfo = v->exid == TCP_EXP_TFO;
        v->cookie = op->len > 4 ? c.p : NULL;
        v->cookie_len = op->len > 4 ? (uint8_t)(op->len - 4) : 0;
        return true;
    case TCP_OPT_USER_TIMEOUT: {
        uint16_t w;
        if (!cursor_u16be(&c, &w))
            return false;
        v->uto_minutes = (w & 0x8000) != 0;
        v->uto = w & 0x7fff;
        return true;
    }
    case TCP_OPT_AO:
        return cursor_u8(&c, &v->keyid) && cursor_u8(&c, &v->rnext_keyid);
    case TCP_OPT_ACCECN0:
    case TCP_OPT_ACCECN1:
        while (v->ncounters < 3 && u24(&c, &v->counter[v->ncounters]))
            v->ncounters++;
        return true;
    case TCP_OPT_MPTCP:
        return mptcp(v, c, op->len);
    default:
        return false;
    }
}
