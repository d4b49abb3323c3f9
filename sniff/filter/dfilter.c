/*
 * dfilter.c: the display-filter compiler and matcher (see dfilter.h).
 *
 * Three stages, each small: a tokenizer that cuts the expression into words, operators
 * and parentheses (remembering each token's offset for error carets); a recursive-descent
 * parser with an explicit depth limit, so hostile input such as 100000 "(" or "!" is
 * rejected instead of overflowing the stack; and a matcher that walks the node array,
 * reading field values out of the decoded struct packet into a small local array
 * (ip.addr has two values, source and destination; vlan.id one per tag), so it never
 * allocates. Sets ("in {...}") keep their elements in one array per filter.
 *
 * Field names, types and value ranges come from one table (struct field_def), as tcpdump
 * drives printers from tok tables; adding a field is a table row and an extractor case.
 * Error wording follows tshark 4.0 where it is helpful ("70000" too big for this field,
 * maximum 65535); unknown fields get Wireshark's bare-field message rather than its
 * confusing "Left side of "eq" expression must be a field" for `tcp.prot eq 1`.
 */
#include "dfilter.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "df_layers.h"

/* ---- fields ---------------------------------------------------------------------- */

enum ftype { FT_PROTO, FT_UINT, FT_BOOL, FT_IPV4, FT_IPV6, FT_ETHER };

enum fid {
    F_FRAME,
    F_ETH,
    F_IP,
    F_IPV6,
    F_TCP,
    F_UDP,
    F_ICMP,
    F_ICMPV6,
    F_ARP,
    F_ETH_ADDR,
    F_ETH_SRC,
    F_ETH_DST,
    F_ETH_TYPE,
    F_VLAN_ID,
    F_FRAME_LEN,
    F_FRAME_CAP_LEN,
    F_FRAME_NUMBER,
    F_IP_ADDR,
    F_IP_SRC,
    F_IP_DST,
    F_IP_PROTO,
    F_IP_TTL,
    F_IP_LEN,
    F_IP_ID,
    F_IP_DF,
    F_IP_MF,
    F_IPV6_ADDR,
    F_IPV6_SRC,
    F_IPV6_DST,
    F_IPV6_NXT,
    F_IPV6_HLIM,
    F_IPV6_PLEN,
    F_TCP_PORT,
    F_TCP_SRCPORT,
    F_TCP_DSTPORT,
    F_TCP_LEN,
    F_TCP_SEQ,
    F_TCP_ACK,
    F_TCP_SEQ_RAW,
    F_TCP_ACK_RAW,
    F_TCP_STREAM,
    F_TCP_HDR_LEN,
    F_TCP_FLAGS,
    F_TCP_WIN,
    F_TCP_WIN_SIZE,
    F_TCP_CHECKSUM,
    F_TCP_URG_PTR,
    F_TCP_F_FIN,
    F_TCP_F_SYN,
    F_TCP_F_RST,
    F_TCP_F_PSH,
    F_TCP_F_ACK,
    F_TCP_F_URG,
    F_TCP_F_ECE,
    F_TCP_F_CWR,
    F_UDP_PORT,
    F_UDP_SRCPORT,
    F_UDP_DSTPORT,
    F_UDP_LEN,
    F_UDP_CHECKSUM,
    F_ICMP_TYPE,
    F_ICMP_CODE,
    F_ICMPV6_TYPE,
    F_ICMPV6_CODE,
    F_ICMP_IDENT,
    F_ICMP_SEQ,
    F_ICMP_IDENT_LE,
    F_ICMP_SEQ_LE,
    F_ICMPV6_IDENT,
    F_ICMPV6_SEQ,
    F_TCP_OPT_MSS,
    F_TCP_OPT_WS,
    F_TCP_OPT_TSVAL,
    F_TCP_OPT_TSECR,
    F_IP_HDR_LEN,
    F_IP_DSCP,
    F_ARP_OPCODE,
    F_ARP_SRC_IP,
    F_ARP_DST_IP,
    F_ARP_SRC_MAC,
    F_ARP_DST_MAC,
};

struct field_def {
    const char *name;
    enum fid id;
    enum ftype type;
    uint64_t max; /* largest value an FT_UINT field can hold */
};

static const struct field_def fields[] = {
    {"frame", F_FRAME, FT_PROTO, 0},
    {"eth", F_ETH, FT_PROTO, 0},
    {"ip", F_IP, FT_PROTO, 0},
    {"ipv6", F_IPV6, FT_PROTO, 0},
    {"tcp", F_TCP, FT_PROTO, 0},
    {"udp", F_UDP, FT_PROTO, 0},
    {"icmp", F_ICMP, FT_PROTO, 0},
    {"icmpv6", F_ICMPV6, FT_PROTO, 0},
    {"arp", F_ARP, FT_PROTO, 0},
    {"eth.addr", F_ETH_ADDR, FT_ETHER, 0},
    {"eth.src", F_ETH_SRC, FT_ETHER, 0},
    {"eth.dst", F_ETH_DST, FT_ETHER, 0},
    {"eth.type", F_ETH_TYPE, FT_UINT, UINT16_MAX},
    {"vlan.id", F_VLAN_ID, FT_UINT, 0xfff},
    {"frame.len", F_FRAME_LEN, FT_UINT, UINT32_MAX},
    {"frame.cap_len", F_FRAME_CAP_LEN, FT_UINT, UINT32_MAX},
    {"frame.number", F_FRAME_NUMBER, FT_UINT, UINT32_MAX},
    {"ip.addr", F_IP_ADDR, FT_IPV4, 0},
    {"ip.src", F_IP_SRC, FT_IPV4, 0},
    {"ip.dst", F_IP_DST, FT_IPV4, 0},
    {"ip.proto", F_IP_PROTO, FT_UINT, UINT8_MAX},
    {"ip.ttl", F_IP_TTL, FT_UINT, UINT8_MAX},
    {"ip.len", F_IP_LEN, FT_UINT, UINT16_MAX},
    {"ip.id", F_IP_ID, FT_UINT, UINT16_MAX},
    {"ip.flags.df", F_IP_DF, FT_BOOL, 1},
    {"ip.flags.mf", F_IP_MF, FT_BOOL, 1},
    {"ipv6.addr", F_IPV6_ADDR, FT_IPV6, 0},
    {"ipv6.src", F_IPV6_SRC, FT_IPV6, 0},
    {"ipv6.dst", F_IPV6_DST, FT_IPV6, 0},
    {"ipv6.nxt", F_IPV6_NXT, FT_UINT, UINT8_MAX},
    {"ipv6.hlim", F_IPV6_HLIM, FT_UINT, UINT8_MAX},
    {"ipv6.plen", F_IPV6_PLEN, FT_UINT, UINT16_MAX},
    {"tcp.port", F_TCP_PORT, FT_UINT, UINT16_MAX},
    {"tcp.srcport", F_TCP_SRCPORT, FT_UINT, UINT16_MAX},
    {"tcp.dstport", F_TCP_DSTPORT, FT_UINT, UINT16_MAX},
    {"tcp.len", F_TCP_LEN, FT_UINT, UINT32_MAX},
    {"tcp.seq", F_TCP_SEQ, FT_UINT, UINT32_MAX},
    {"tcp.ack", F_TCP_ACK, FT_UINT, UINT32_MAX},
    {"tcp.seq_raw", F_TCP_SEQ_RAW, FT_UINT, UINT32_MAX},
    {"tcp.ack_raw", F_TCP_ACK_RAW, FT_UINT, UINT32_MAX},
    {"tcp.stream", F_TCP_STREAM, FT_UINT, UINT32_MAX},
    {"tcp.hdr_len", F_TCP_HDR_LEN, FT_UINT, UINT8_MAX},
    {"tcp.flags", F_TCP_FLAGS, FT_UINT, 0xfff},
    {"tcp.window_size_value", F_TCP_WIN, FT_UINT, UINT16_MAX},
    {"tcp.window_size", F_TCP_WIN_SIZE, FT_UINT, UINT32_MAX},
    {"tcp.checksum", F_TCP_CHECKSUM, FT_UINT, UINT16_MAX},
    {"tcp.urgent_pointer", F_TCP_URG_PTR, FT_UINT, UINT16_MAX},
    {"tcp.flags.fin", F_TCP_F_FIN, FT_BOOL, 1},
    {"tcp.flags.syn", F_TCP_F_SYN, FT_BOOL, 1},
    {"tcp.flags.reset", F_TCP_F_RST, FT_BOOL, 1},
    {"tcp.flags.push", F_TCP_F_PSH, FT_BOOL, 1},
    {"tcp.flags.ack", F_TCP_F_ACK, FT_BOOL, 1},
    {"tcp.flags.urg", F_TCP_F_URG, FT_BOOL, 1},
    {"tcp.flags.ece", F_TCP_F_ECE, FT_BOOL, 1},
    {"tcp.flags.cwr", F_TCP_F_CWR, FT_BOOL, 1},
    {"udp.port", F_UDP_PORT, FT_UINT, UINT16_MAX},
    {"udp.srcport", F_UDP_SRCPORT, FT_UINT, UINT16_MAX},
    {"udp.dstport", F_UDP_DSTPORT, FT_UINT, UINT16_MAX},
    {"udp.length", F_UDP_LEN, FT_UINT, UINT16_MAX},
    {"udp.checksum", F_UDP_CHECKSUM, FT_UINT, UINT16_MAX},
    {"icmp.type", F_ICMP_TYPE, FT_UINT, UINT8_MAX},
    {"icmp.code", F_ICMP_CODE, FT_UINT, UINT8_MAX},
    {"icmpv6.type", F_ICMPV6_TYPE, FT_UINT, UINT8_MAX},
    {"icmpv6.code", F_ICMPV6_CODE, FT_UINT, UINT8_MAX},
    /* Echo identifiers and sequence numbers; Wireshark also reads ICMP's little-endian */
    {"icmp.ident", F_ICMP_IDENT, FT_UINT, UINT16_MAX},
    {"icmp.seq", F_ICMP_SEQ, FT_UINT, UINT16_MAX},
    {"icmp.ident_le", F_ICMP_IDENT_LE, FT_UINT, UINT16_MAX},
    {"icmp.seq_le", F_ICMP_SEQ_LE, FT_UINT, UINT16_MAX},
    {"icmpv6.echo.identifier", F_ICMPV6_IDENT, FT_UINT, UINT16_MAX},
    {"icmpv6.echo.sequence_number", F_ICMPV6_SEQ, FT_UINT, UINT16_MAX},
    /* TCP options (RFC 9293 MSS, RFC 7323 window scale and timestamps) */
    {"tcp.options.mss_val", F_TCP_OPT_MSS, FT_UINT, UINT16_MAX},
    {"tcp.options.wscale.shift", F_TCP_OPT_WS, FT_UINT, UINT8_MAX},
    {"tcp.options.timestamp.tsval", F_TCP_OPT_TSVAL, FT_UINT, UINT32_MAX},
    {"tcp.options.timestamp.tsecr", F_TCP_OPT_TSECR, FT_UINT, UINT32_MAX},
    {"ip.hdr_len", F_IP_HDR_LEN, FT_UINT, UINT8_MAX},
    {"ip.dsfield.dscp", F_IP_DSCP, FT_UINT, 63},
    {"arp.opcode", F_ARP_OPCODE, FT_UINT, UINT16_MAX},
    {"arp.src.proto_ipv4", F_ARP_SRC_IP, FT_IPV4, 0},
    {"arp.dst.proto_ipv4", F_ARP_DST_IP, FT_IPV4, 0},
    {"arp.src.hw_mac", F_ARP_SRC_MAC, FT_ETHER, 0},
    {"arp.dst.hw_mac", F_ARP_DST_MAC, FT_ETHER, 0},
/* The other link types, the tunnels and the newer TCP options (df_layers.c). */
#define L(id) ((enum fid)(id))
    {"ppp", L(DFL_PPP), FT_PROTO, 0},
    {"chdlc", L(DFL_CHDLC), FT_PROTO, 0},
    {"wlan", L(DFL_WLAN), FT_PROTO, 0},
    {"radiotap", L(DFL_RADIOTAP), FT_PROTO, 0},
    {"ppi", L(DFL_PPI), FT_PROTO, 0},
    {"llc", L(DFL_LLC), FT_PROTO, 0},
    {"arcnet", L(DFL_ARCNET), FT_PROTO, 0},
    {"ipoib", L(DFL_IPOIB), FT_PROTO, 0},
    {"juniper", L(DFL_JUNIPER), FT_PROTO, 0},
    {"gre", L(DFL_GRE), FT_PROTO, 0},
    {"vxlan", L(DFL_VXLAN), FT_PROTO, 0},
    {"geneve", L(DFL_GENEVE), FT_PROTO, 0},
    {"ah", L(DFL_AH), FT_PROTO, 0},
    {"ipcomp", L(DFL_IPCOMP), FT_PROTO, 0},
    {"mptcp", L(DFL_MPTCP), FT_PROTO, 0},
    {"pppoes", L(DFL_PPPOES), FT_PROTO, 0},
    {"mpls", L(DFL_MPLS), FT_PROTO, 0},
    {"l2tp", L(DFL_L2TP), FT_PROTO, 0},
    {"pppoe.session_id", L(DFL_PPPOES_SESSION), FT_UINT, UINT16_MAX},
    {"mpls.label", L(DFL_MPLS_LABEL), FT_UINT, 0xfffff},
    {"l2tp.tunnel", L(DFL_L2TP_TUNNEL), FT_UINT, UINT16_MAX},
    {"l2tp.session", L(DFL_L2TP_SESSION), FT_UINT, UINT16_MAX},
    {"ppp.protocol", L(DFL_PPP_PROTOCOL), FT_UINT, UINT16_MAX},
    {"chdlc.protocol", L(DFL_CHDLC_PROTOCOL), FT_UINT, UINT16_MAX},
    {"wlan.fc.type_subtype", L(DFL_WLAN_TYPE_SUBTYPE), FT_UINT, UINT16_MAX},
    {"wlan.fc.type", L(DFL_WLAN_TYPE), FT_UINT, 3},
    {"wlan.fc.subtype", L(DFL_WLAN_SUBTYPE), FT_UINT, 15},
    {"wlan.seq", L(DFL_WLAN_SEQ), FT_UINT, 4095},
    {"wlan.fc.tods", L(DFL_WLAN_TODS), FT_BOOL, 1},
    {"wlan.fc.fromds", L(DFL_WLAN_FROMDS), FT_BOOL, 1},
    {"wlan.fc.protected", L(DFL_WLAN_PROTECTED), FT_BOOL, 1},
    {"wlan.sa", L(DFL_WLAN_SA), FT_ETHER, 0},
    {"wlan.da", L(DFL_WLAN_DA), FT_ETHER, 0},
    {"wlan.ta", L(DFL_WLAN_TA), FT_ETHER, 0},
    {"wlan.ra", L(DFL_WLAN_RA), FT_ETHER, 0},
    {"wlan.bssid", L(DFL_WLAN_BSSID), FT_ETHER, 0},
    {"wlan.addr", L(DFL_WLAN_ADDR), FT_ETHER, 0},
    {"radiotap.channel.freq", L(DFL_RADIOTAP_FREQ), FT_UINT, UINT32_MAX},
    {"wlan_radio.channel", L(DFL_WLAN_RADIO_CHANNEL), FT_UINT, UINT32_MAX},
    {"wlan_radio.frequency", L(DFL_WLAN_RADIO_FREQ), FT_UINT, UINT16_MAX},
    {"arcnet.src", L(DFL_ARCNET_SRC), FT_UINT, UINT8_MAX},
    {"arcnet.dst", L(DFL_ARCNET_DST), FT_UINT, UINT8_MAX},
    {"arcnet.protID", L(DFL_ARCNET_PROTID), FT_UINT, UINT8_MAX},
    {"ipoib.type", L(DFL_IPOIB_TYPE), FT_UINT, UINT16_MAX},
    {"juniper.direction", L(DFL_JUNIPER_DIRECTION), FT_UINT, 1},
    {"gre.proto", L(DFL_GRE_PROTO), FT_UINT, UINT16_MAX},
    {"gre.key", L(DFL_GRE_KEY), FT_UINT, UINT32_MAX},
    {"vxlan.vni", L(DFL_VXLAN_VNI), FT_UINT, 0xffffff},
    {"geneve.vni", L(DFL_GENEVE_VNI), FT_UINT, 0xffffff},
    {"ah.spi", L(DFL_AH_SPI), FT_UINT, UINT32_MAX},
    {"ah.sequence", L(DFL_AH_SEQ), FT_UINT, UINT32_MAX},
    {"ipcomp.cpi", L(DFL_IPCOMP_CPI), FT_UINT, UINT16_MAX},
    {"tcp.option_kind", L(DFL_TCP_OPTION_KIND), FT_UINT, UINT8_MAX},
    {"tcp.flags.ae", L(DFL_TCP_AE), FT_BOOL, 1},
    {"tcp.flags.ace", L(DFL_TCP_ACE), FT_UINT, 7},
    {"tcp.options.user_to_val", L(DFL_TCP_UTO), FT_UINT, 0x7fff},
    {"tcp.options.mptcp.subtype", L(DFL_TCP_MPTCP_SUBTYPE), FT_UINT, 15},
    {"tcp.options.acc_ecn.ee0b", L(DFL_TCP_ACCECN_EE0B), FT_UINT, 0xffffff},
    {"tcp.options.acc_ecn.eceb", L(DFL_TCP_ACCECN_ECEB), FT_UINT, 0xffffff},
    {"tcp.options.acc_ecn.ee1b", L(DFL_TCP_ACCECN_EE1B), FT_UINT, 0xffffff},
#undef L
};

/* A field's value in a packet, or a literal to compare it with. */
struct fval {
    uint64_t u;     /* FT_UINT, FT_BOOL (0/1), FT_IPV4 (address as a 32-bit number) */
    uint8_t a6[16]; /* FT_IPV6; FT_ETHER in the first 6 bytes */
    uint8_t prefix; /* literals only: CIDR prefix length (32 or 128 when none was given) */
};

/* ---- nodes ----------------------------------------------------------------------- */

/* R_NE is Wireshark's "all not equal" (!=, !==, all_ne); R_ANYNE its "any not equal"
 * (~=, any_ne) and R_ALLEQ "all equal" (===, all_eq), for multi-valued fields. */
enum relop { R_EQ, R_NE, R_LT, R_GT, R_LE, R_GE, R_ALLEQ, R_ANYNE };
enum nkind { N_AND, N_OR, N_NOT, N_EXISTS, N_CMP, N_IN };

struct node {
    enum nkind kind;
    int left, right; /* child indices (N_AND, N_OR; N_NOT uses left) */
    const struct field_def *field;
    enum relop op;
    struct fval lit;
    int set_first, set_count; /* N_IN: elements set[first..first+count) */
};

/* An element of a set ("tcp.port in {80, 8000..8999}"): a value, or an inclusive range. */
struct set_elem {
    struct fval lo, hi;
    bool range;
};

struct dfilter {
    int root;
    int nnodes;
    struct set_elem *set; /* every set's elements, one array per filter */
    int nset;
    struct node nodes[]; /* flexible array: one allocation per filter */
};

/* The most values one field has in a packet (vlan.id: one per tag). */
#define FVAL_MAX PKT_MAX_VLAN

/* ---- tokens ---------------------------------------------------------------------- */

enum tkind {
    T_END,
    T_WORD,
    T_LPAREN,
    T_RPAREN,
    T_LBRACE,
    T_RBRACE,
    T_COMMA,
    T_AND,
    T_OR,
    T_NOT,
    T_REL,
    T_IN,
    T_BAD
};

struct token {
    enum tkind kind;
    size_t pos, len;
    enum relop op; /* T_REL */
};

struct parser {
    const char *s;
    size_t slen;
    struct token *toks;
    int ntok, at;
    struct dfilter *f;
    /* error */
    char *err;
    size_t errlen;
    size_t epos, elen;
    bool failed;
};

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == ':' || c == '/' || c == '-';
}

static bool word_is(const struct parser *ps, const struct token *t, const char *kw)
{
    size_t n = strlen(kw);
    return t->len == n && memcmp(ps->s + t->pos, kw, n) == 0;
}

static void fail(struct parser *ps, size_t pos, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail(struct parser *ps, size_t pos, size_t len, const char *fmt, ...)
{
    if (ps->failed)
        return;
    ps->failed = true;
    ps->epos = pos;
    ps->elen = len == 0 ? 1 : len;
    if (ps->errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err, ps->errlen, fmt, ap);
        va_end(ap);
    }
}

/* A token's text as a C string, truncated to fit (truncated text is never valid). */
static void token_text(const struct parser *ps, const struct token *t, char *buf, size_t n)
{
    size_t len = t->len < n - 1 ? t->len : n - 1;
    memcpy(buf, ps->s + t->pos, len);
    buf[len] = '\0';
}

/* Classifies one token at s[i]; words that are keywords become operators. */
static struct token next_token(const struct parser *ps, size_t i)
{
    const char *s = ps->s;
    struct token t = {T_BAD, i, 1, R_EQ};
    char c = s[i], d = i + 1 < ps->slen ? s[i + 1] : '\0';
    if (c == '(') {
        t.kind = T_LPAREN;
    } else if (c == ')') {
        t.kind = T_RPAREN;
    } else if (c == '{') {
        t.kind = T_LBRACE;
    } else if (c == '}') {
        t.kind = T_RBRACE;
    } else if (c == ',') {
        t.kind = T_COMMA;
    } else if (c == '=' && d == '=') {
        bool three = i + 2 < ps->slen && s[i + 2] == '=';
        t = (struct token){T_REL, i, three ? 3u : 2u, three ? R_ALLEQ : R_EQ};
    } else if (c == '!' && d == '=') {
        bool three = i + 2 < ps->slen && s[i + 2] == '=';
        t = (struct token){T_REL, i, three ? 3u : 2u, R_NE};
    } else if (c == '~' && d == '=') {
        t = (struct token){T_REL, i, 2, R_ANYNE};
    } else if (c == '!') {
        t.kind = T_NOT;
    } else if (c == '<' || c == '>') {
        bool eq = d == '=';
        t = (struct token){T_REL, i, eq ? 2u : 1u,
                           c == '<' ? (eq ? R_LE : R_LT) : (eq ? R_GE : R_GT)};
    } else if (c == '&' && d == '&') {
        t = (struct token){T_AND, i, 2, R_EQ};
    } else if (c == '|' && d == '|') {
        t = (struct token){T_OR, i, 2, R_EQ};
    } else if (is_word_char(c)) {
        size_t j = i;
        while (j < ps->slen && is_word_char(s[j]))
            j++;
        t = (struct token){T_WORD, i, j - i, R_EQ};
        static const struct {
            const char *kw;
            enum tkind kind;
            enum relop op;
        } kws[] = {{"and", T_AND, R_EQ},       {"or", T_OR, R_EQ},        {"not", T_NOT, R_EQ},
                   {"in", T_IN, R_EQ},         {"eq", T_REL, R_EQ},       {"ne", T_REL, R_NE},
                   {"lt", T_REL, R_LT},        {"gt", T_REL, R_GT},       {"le", T_REL, R_LE},
                   {"ge", T_REL, R_GE},        {"any_eq", T_REL, R_EQ},   {"all_ne", T_REL, R_NE},
                   {"all_eq", T_REL, R_ALLEQ}, {"any_ne", T_REL, R_ANYNE}};
        for (size_t k = 0; k < sizeof kws / sizeof kws[0]; k++) {
            if (word_is(ps, &t, kws[k].kw)) {
                t.kind = kws[k].kind;
                t.op = kws[k].op;
                break;
            }
        }
    }
    return t;
}

static bool tokenize(struct parser *ps)
{
    /* At most one token per byte, plus the end marker. */
    ps->toks = calloc(ps->slen + 1, sizeof *ps->toks);
    if (ps->toks == NULL) {
        fail(ps, 0, 0, "out of memory for the tokens of a %zu-byte filter", ps->slen);
        return false;
    }
    size_t i = 0;
    while (i < ps->slen) {
        char c = ps->s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        struct token t = next_token(ps, i);
        if (t.kind == T_BAD) {
            if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
                fail(ps, i, 1, "\"%c\" was unexpected in this context", c);
            else
                fail(ps, i, 1, "unexpected byte 0x%02x in the expression", (unsigned char)c);
            return false;
        }
        ps->toks[ps->ntok++] = t;
        i += t.len;
    }
    ps->toks[ps->ntok] = (struct token){T_END, ps->slen, 1, R_EQ};
    return true;
}

/* ---- literal values -------------------------------------------------------------- */

static bool parse_uint(const char *text, uint64_t *v)
{
    if (text[0] < '0' || text[0] > '9')
        return false; /* no sign, no leading space: strtoull would accept them */
    errno = 0;
    char *end;
    unsigned long long u = strtoull(text, &end, 0); /* 0x hex, 0 octal, decimal: as Wireshark */
    if (*end != '\0' || errno == ERANGE)
        return false;
    *v = u;
    return true;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* A MAC address as Wireshark accepts it: 00:16:ea:e3:54:e6, 00-16-ea-e3-54-e6 or
 * 0016.eae3.54e6. */
static bool parse_mac(const char *text, uint8_t m[6])
{
    size_t len = strlen(text);
    char sep = len == 17 ? text[2] : len == 14 ? '.' : '\0';
    if (sep != ':' && sep != '-' && sep != '.')
        return false;
    int nib = 0;
    for (size_t i = 0; i < len; i++) {
        bool at_sep = len == 17 ? i % 3 == 2 : (i == 4 || i == 9);
        if (at_sep) {
            if (text[i] != sep)
                return false;
            continue;
        }
        int h = hexval(text[i]);
        if (h < 0)
            return false;
        if (nib % 2 == 0)
            m[nib / 2] = (uint8_t)(h << 4);
        else
            m[nib / 2] |= (uint8_t)h;
        nib++;
    }
    return nib == 12;
}

static bool parse_literal(struct parser *ps, const struct field_def *fd, const struct token *t,
                          struct fval *v)
{
    char text[128];
    memset(v, 0, sizeof *v);
    if (t->len >= sizeof text) {
        fail(ps, t->pos, t->len, "value is too long");
        return false;
    }
    token_text(ps, t, text, sizeof text);
    switch (fd->type) {
    case FT_UINT: {
        if (!parse_uint(text, &v->u)) {
            /* A number too large for 64 bits is still "too big", not "not a number". */
            bool digits = text[0] >= '0' && text[0] <= '9';
            if (digits && errno == ERANGE)
                fail(ps, t->pos, t->len, "\"%s\" too big for this field, maximum %llu", text,
                     (unsigned long long)fd->max);
            else
                fail(ps, t->pos, t->len, "\"%s\" is not a valid number", text);
            return false;
        }
        if (v->u > fd->max) {
            fail(ps, t->pos, t->len, "\"%s\" too big for this field, maximum %llu", text,
                 (unsigned long long)fd->max);
            return false;
        }
        return true;
    }
    case FT_BOOL: {
        uint64_t u;
        if (strcasecmp(text, "true") == 0) {
            v->u = 1;
        } else if (strcasecmp(text, "false") == 0) {
            v->u = 0;
        } else if (parse_uint(text, &u)) {
            v->u = u != 0; /* Wireshark: any non-zero value means set */
        } else {
            fail(ps, t->pos, t->len,
                 "\"%s\" is not a valid boolean (use 1, 0, true or false) for %s", text, fd->name);
            return false;
        }
        return true;
    }
    case FT_IPV4:
    case FT_IPV6: {
        bool v6 = fd->type == FT_IPV6;
        unsigned maxbits = v6 ? 128 : 32;
        v->prefix = (uint8_t)maxbits;
        char *slash = strchr(text, '/');
        if (slash != NULL) {
            *slash = '\0';
            uint64_t bits;
            if (!parse_uint(slash + 1, &bits)) {
                fail(ps, t->pos, t->len, "\"%s\" is not a valid CIDR netmask length", slash + 1);
                return false;
            }
            if (bits > maxbits) {
                fail(ps, t->pos, t->len,
                     "Netmask bits in a CIDR %s address should be <= %u, not %llu",
                     v6 ? "IPv6" : "IPv4", maxbits, (unsigned long long)bits);
                return false;
            }
            v->prefix = (uint8_t)bits;
        }
        uint8_t a[16];
        if (inet_pton(v6 ? AF_INET6 : AF_INET, text, a) != 1) {
            if (slash != NULL)
                *slash = '/';
            fail(ps, t->pos, t->len, "\"%s\" is not a valid %s address", text,
                 v6 ? "IPv6" : "IPv4");
            return false;
        }
        if (v6)
            memcpy(v->a6, a, 16);
        else
            v->u = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
        return true;
    }
    case FT_ETHER:
        if (!parse_mac(text, v->a6)) {
            fail(ps, t->pos, t->len, "\"%s\" is not a valid Ethernet address", text);
            return false;
        }
        return true;
    case FT_PROTO:
        break;
    }
    fail(ps, t->pos, t->len, "internal error: no literal for a protocol");
    return false;
}

/* ---- parser ---------------------------------------------------------------------- */

static const struct field_def *lookup_field(const struct parser *ps, const struct token *t)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (word_is(ps, t, fields[i].name))
            return &fields[i];
    return NULL;
}

static int new_node(struct parser *ps, enum nkind kind)
{
    int n = ps->f->nnodes++;
    struct node *nd = &ps->f->nodes[n];
    memset(nd, 0, sizeof *nd);
    nd->kind = kind;
    nd->left = nd->right = -1;
    return n;
}

static const struct token *peek(const struct parser *ps)
{
    return &ps->toks[ps->at];
}

static void unexpected(struct parser *ps, const struct token *t)
{
    if (t->kind == T_END) {
        fail(ps, t->pos, 1, "Unexpected end of filter expression");
        return;
    }
    char text[64];
    token_text(ps, t, text, sizeof text);
    fail(ps, t->pos, t->len, "\"%s\" was unexpected in this context", text);
}

static int parse_or(struct parser *ps, int depth);

/* One set element: "80", or a range "8000..8999" (one word, as Wireshark writes it). */
static bool parse_set_elem(struct parser *ps, const struct field_def *fd, const struct token *t,
                           struct set_elem *e)
{
    const char *w = ps->s + t->pos;
    size_t dots = 0;
    while (dots + 1 < t->len && !(w[dots] == '.' && w[dots + 1] == '.'))
        dots++;
    if (dots + 1 >= t->len) {
        e->range = false;
        if (!parse_literal(ps, fd, t, &e->lo))
            return false;
        e->hi = e->lo;
        return true;
    }
    struct token lo = {T_WORD, t->pos, dots, R_EQ};
    struct token hi = {T_WORD, t->pos + dots + 2, t->len - dots - 2, R_EQ};
    if (lo.len == 0 || hi.len == 0) {
        fail(ps, t->pos, t->len, "\"%.*s\" is not a valid range", (int)t->len, w);
        return false;
    }
    e->range = true;
    return parse_literal(ps, fd, &lo, &e->lo) && parse_literal(ps, fd, &hi, &e->hi);
}

/* "FIELD in {a, b, lo..hi}": the field has a value equal to an element or in a range. */
static int parse_set(struct parser *ps, const struct field_def *fd)
{
    if (peek(ps)->kind != T_LBRACE) {
        unexpected(ps, peek(ps));
        return -1;
    }
    ps->at++;
    int first = ps->f->nset;
    for (;;) {
        const struct token *t = peek(ps);
        if (t->kind != T_WORD) {
            unexpected(ps, t);
            return -1;
        }
        if (!parse_set_elem(ps, fd, t, &ps->f->set[ps->f->nset]))
            return -1;
        ps->f->nset++;
        ps->at++;
        t = peek(ps);
        if (t->kind == T_RBRACE)
            break;
        if (t->kind != T_COMMA) {
            unexpected(ps, t);
            return -1;
        }
        ps->at++;
    }
    ps->at++;
    int n = new_node(ps, N_IN);
    ps->f->nodes[n].field = fd;
    ps->f->nodes[n].set_first = first;
    ps->f->nodes[n].set_count = ps->f->nset - first;
    return n;
}

static int parse_primary(struct parser *ps, int depth)
{
    const struct token *t = peek(ps);
    if (t->kind == T_LPAREN) {
        if (depth >= DFILTER_MAX_DEPTH) {
            fail(ps, t->pos, t->len, "Filter is nested too deeply (more than %d levels)",
                 DFILTER_MAX_DEPTH);
            return -1;
        }
        ps->at++;
        int e = parse_or(ps, depth + 1);
        if (e < 0)
            return -1;
        if (peek(ps)->kind != T_RPAREN) {
            if (peek(ps)->kind == T_END)
                fail(ps, t->pos, 1, "Missing \")\" to close this \"(\"");
            else
                unexpected(ps, peek(ps));
            return -1;
        }
        ps->at++;
        return e;
    }
    if (t->kind != T_WORD) {
        unexpected(ps, t);
        return -1;
    }
    const struct field_def *fd = lookup_field(ps, t);
    if (fd == NULL) {
        char text[64];
        token_text(ps, t, text, sizeof text);
        fail(ps, t->pos, t->len, "\"%s\" is not a valid protocol or protocol field", text);
        return -1;
    }
    ps->at++;
    const struct token *op = peek(ps);
    if (op->kind == T_IN) {
        if (fd->type == FT_PROTO) {
            fail(ps, t->pos, t->len,
                 "\"%s\" is a protocol: it can be tested for presence, not compared", fd->name);
            return -1;
        }
        ps->at++;
        return parse_set(ps, fd);
    }
    if (op->kind != T_REL) {
        int n = new_node(ps, N_EXISTS);
        ps->f->nodes[n].field = fd;
        return n;
    }
    if (fd->type == FT_PROTO) {
        fail(ps, t->pos, t->len,
             "\"%s\" is a protocol: it can be tested for presence, not compared", fd->name);
        return -1;
    }
    ps->at++;
    const struct token *v = peek(ps);
    if (v->kind != T_WORD) {
        unexpected(ps, v);
        return -1;
    }
    struct fval lit;
    if (!parse_literal(ps, fd, v, &lit))
        return -1;
    ps->at++;
    int n = new_node(ps, N_CMP);
    ps->f->nodes[n].field = fd;
    ps->f->nodes[n].op = op->op;
    ps->f->nodes[n].lit = lit;
    return n;
}

static int parse_not(struct parser *ps, int depth)
{
    const struct token *t = peek(ps);
    if (t->kind != T_NOT)
        return parse_primary(ps, depth);
    if (depth >= DFILTER_MAX_DEPTH) {
        fail(ps, t->pos, t->len, "Filter is nested too deeply (more than %d levels)",
             DFILTER_MAX_DEPTH);
        return -1;
    }
    ps->at++;
    int c = parse_not(ps, depth + 1);
    if (c < 0)
        return -1;
    int n = new_node(ps, N_NOT);
    ps->f->nodes[n].left = c;
    return n;
}

static int parse_and(struct parser *ps, int depth)
{
    int l = parse_not(ps, depth);
    while (l >= 0 && peek(ps)->kind == T_AND) {
        ps->at++;
        int r = parse_not(ps, depth);
        if (r < 0)
            return -1;
        int n = new_node(ps, N_AND);
        ps->f->nodes[n].left = l;
        ps->f->nodes[n].right = r;
        l = n;
    }
    return l;
}

static int parse_or(struct parser *ps, int depth)
{
    int l = parse_and(ps, depth);
    while (l >= 0 && peek(ps)->kind == T_OR) {
        ps->at++;
        int r = parse_and(ps, depth);
        if (r < 0)
            return -1;
        int n = new_node(ps, N_OR);
        ps->f->nodes[n].left = l;
        ps->f->nodes[n].right = r;
        l = n;
    }
    return l;
}

int dfilter_compile_loc(const char *expr, struct dfilter **out, char *err, size_t errlen,
                        size_t *err_pos, size_t *err_len)
{
    struct parser ps = {0};
    ps.s = expr != NULL ? expr : "";
    ps.slen = strlen(ps.s);
    ps.err = err;
    ps.errlen = errlen;
    *out = NULL;
    if (errlen > 0)
        err[0] = '\0';

    if (ps.slen > DFILTER_MAX_LEN) {
        fail(&ps, DFILTER_MAX_LEN, 1, "Filter is too long (more than %d bytes)", DFILTER_MAX_LEN);
    } else if (tokenize(&ps)) {
        if (ps.ntok == 0) {
            fail(&ps, 0, 1, "Empty filter expression");
        } else {
            /* Every node consumes at least one token: ntok nodes are enough. */
            ps.f = malloc(sizeof *ps.f + (size_t)ps.ntok * sizeof(struct node));
            if (ps.f == NULL) {
                fail(&ps, 0, 1, "out of memory for the filter's %d syntax nodes", ps.ntok);
            } else {
                ps.f->nnodes = 0;
                ps.f->nset = 0;
                /* Every set element is one token: ntok elements are enough. */
                ps.f->set = malloc((size_t)ps.ntok * sizeof *ps.f->set);
                if (ps.f->set == NULL)
                    fail(&ps, 0, 1, "out of memory for the filter's %d set elements", ps.ntok);
                else
                    ps.f->root = parse_or(&ps, 0);
                if (!ps.failed && peek(&ps)->kind != T_END)
                    unexpected(&ps, peek(&ps));
            }
        }
    }
    free(ps.toks);
    if (ps.failed) {
        if (ps.f != NULL)
            free(ps.f->set);
        free(ps.f);
        if (err_pos != NULL)
            *err_pos = ps.epos;
        if (err_len != NULL)
            *err_len = ps.elen;
        return -1;
    }
    *out = ps.f;
    return 0;
}

int dfilter_compile(const char *expr, struct dfilter **out, char *err, size_t errlen)
{
    size_t pos = 0, len = 0;
    int rc = dfilter_compile_loc(expr, out, err, errlen, &pos, &len);
    if (rc == 0 || errlen == 0)
        return rc;
    /* Append "\n    EXPR\n    ^~~~" as tshark does, clipped to the buffer. */
    const char *s = expr != NULL ? expr : "";
    size_t slen = strlen(s);
    size_t n = strlen(err);
    int w = snprintf(err + n, errlen - n, "\n    %.*s\n    ", (int)(slen < 4096 ? slen : 4096), s);
    if (w < 0 || (size_t)w >= errlen - n)
        return rc;
    n += (size_t)w;
    /* Tabs are copied so the caret stays under its token on a terminal. */
    for (size_t i = 0; i < pos && n + 1 < errlen; i++)
        err[n++] = i < slen && s[i] == '\t' ? '\t' : ' ';
    for (size_t i = 0; i < len && n + 1 < errlen; i++)
        err[n++] = i == 0 ? '^' : '~';
    err[n] = '\0';
    return rc;
}

void dfilter_free(struct dfilter *f)
{
    if (f != NULL)
        free(f->set);
    free(f);
}

/* ---- matching -------------------------------------------------------------------- */

static uint32_t ip4_u32(const uint8_t a[4])
{
    return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

static bool has_ip4(const struct packet *p)
{
    return p->net == NET_IPV4 && p->ip4.status == LAYER_OK;
}

static bool has_ip6(const struct packet *p)
{
    return p->net == NET_IPV6 && p->ip6.status == LAYER_OK;
}

/* Whether the transport's fixed header (hdr bytes) was read: captured, and within the
 * length IP declared. A header with bogus contents (a data offset below 5, a UDP length
 * past the datagram) still has its fields, as in Wireshark; one cut short has not. */
static bool l4_header_read(const struct packet *p, uint32_t hdr)
{
    return p->frame.caplen >= p->l4_off && p->frame.caplen - p->l4_off >= hdr && p->l4_len >= hdr;
}

static bool has_tcp(const struct packet *p)
{
    return p->l4 == L4_TCP && p->tcp.status != LAYER_ABSENT && l4_header_read(p, 20);
}

/* Past the sequence number: Wireshark stops after the header length when the data
 * offset is below 5 (RFC 9293 3.1), so the acknowledgment, flags, window and the rest
 * exist only in a header of at least 20 bytes. */
static bool has_tcp_full(const struct packet *p)
{
    return has_tcp(p) && p->tcp.hdr_len >= 20;
}

/* The ports alone: Wireshark shows them from a header cut after its first 4 bytes. */
static bool has_tcp_ports(const struct packet *p)
{
    return p->l4 == L4_TCP && p->tcp.status != LAYER_ABSENT && p->tcp.have_ports;
}

static bool has_udp(const struct packet *p)
{
    return p->l4 == L4_UDP && p->udp.status != LAYER_ABSENT && l4_header_read(p, 8);
}

static bool has_icmp(const struct packet *p, bool v6)
{
    return p->l4 == (v6 ? L4_ICMPV6 : L4_ICMP) && p->icmp.status == LAYER_OK;
}

/* Whether a tunnel header of the kind is around the packet. */
static bool has_encap(const struct packet *p, enum encap_kind kind)
{
    for (int i = 0; i < p->nencap; i++)
        if (p->encap[i].kind == kind)
            return true;
    return false;
}

/* Protocol presence: a layer that was started counts, even if cut short (Wireshark
 * shows the protocol with a [Packet size limited] or [Malformed] mark); a tunnel's
 * outer IP and UDP headers count as the protocols they are. */
static bool proto_present(enum fid id, const struct packet *p)
{
    if ((id == F_IP && has_encap(p, ENCAP_IP4)) || (id == F_IPV6 && has_encap(p, ENCAP_IP6)) ||
        (id == F_UDP && has_encap(p, ENCAP_UDP)) ||
        (id == F_ETH && p->link.kind != LINK_ETHERNET && has_encap(p, ENCAP_ETH)))
        return true;
    switch (id) {
    case F_FRAME:
        return true;
    case F_ETH:
        return p->link.kind == LINK_ETHERNET && p->link.status != LAYER_ABSENT;
    case F_IP: /* Wireshark calls no dissector for a layer of which nothing was captured */
        return p->net == NET_IPV4 && p->ip4.status != LAYER_ABSENT && p->frame.caplen > p->net_off;
    case F_IPV6:
        return p->net == NET_IPV6 && p->ip6.status != LAYER_ABSENT && p->frame.caplen > p->net_off;
    case F_TCP: /* from its ports on, as in Wireshark */
        return p->l4 == L4_TCP && p->tcp.status != LAYER_ABSENT && p->tcp.have_ports;
    case F_UDP:
        return p->l4 == L4_UDP && p->udp.status != LAYER_ABSENT;
    case F_ICMP:
        return p->l4 == L4_ICMP && p->icmp.status != LAYER_ABSENT;
    case F_ICMPV6:
        return p->l4 == L4_ICMPV6 && p->icmp.status != LAYER_ABSENT;
    case F_ARP:
        return p->net == NET_ARP;
    default:
        return (int)id >= DFL_FIRST && df_layer_present((int)id, p);
    }
}

/* A field of df_layers.c: its values into v[]. */
static int layer_values(int id, const struct packet *p, struct fval v[FVAL_MAX])
{
    struct df_lval lv[FVAL_MAX];
    int n = df_layer_values(id, p, lv, FVAL_MAX);
    for (int i = 0; i < n; i++) {
        v[i].u = lv[i].u;
        memcpy(v[i].a6, lv[i].a, sizeof v[i].a6);
    }
    return n;
}

/* ip.addr, ip.src and ip.dst of every IPv4 header in the packet, a tunnel's outer ones
 * first, as Wireshark matches a field any layer has; 0 when there is none. */
static int ip4_addrs(enum fid id, const struct packet *p, bool inner, struct fval v[FVAL_MAX])
{
    int n = 0;
    for (int i = 0; i < p->nencap && n + 2 <= FVAL_MAX; i++) {
        const struct encap *e = &p->encap[i];
        if (e->kind != ENCAP_IP4)
            continue;
        if (id != F_IP_DST)
            v[n++].u = ip4_u32(e->u.ip4.src);
        if (id != F_IP_SRC)
            v[n++].u = ip4_u32(e->u.ip4.dst);
    }
    if (inner && n + 2 <= FVAL_MAX) {
        if (id != F_IP_DST)
            v[n++].u = ip4_u32(p->ip4.src);
        if (id != F_IP_SRC)
            v[n++].u = ip4_u32(p->ip4.dst);
    }
    return n;
}

static int ip6_addrs(enum fid id, const struct packet *p, bool inner, struct fval v[FVAL_MAX])
{
    int n = 0;
    for (int i = 0; i < p->nencap && n + 2 <= FVAL_MAX; i++) {
        const struct encap *e = &p->encap[i];
        if (e->kind != ENCAP_IP6)
            continue;
        if (id != F_IPV6_DST)
            memcpy(v[n++].a6, e->u.ip6.src, 16);
        if (id != F_IPV6_SRC)
            memcpy(v[n++].a6, e->u.ip6.dst, 16);
    }
    if (inner && n + 2 <= FVAL_MAX) {
        if (id != F_IPV6_DST)
            memcpy(v[n++].a6, p->ip6.src, 16);
        if (id != F_IPV6_SRC)
            memcpy(v[n++].a6, p->ip6.dst, 16);
    }
    return n;
}

/* Fills v[] with the field's values in p; returns how many (0: the field is absent). */
static int field_values(enum fid id, const struct packet *p, struct fval v[FVAL_MAX])
{
    v[0].u = v[1].u = 0;
    switch (id) {
    case F_ETH_ADDR:
    case F_ETH_SRC:
    case F_ETH_DST:
    case F_ETH_TYPE:
        if (p->link.kind != LINK_ETHERNET || p->link.status == LAYER_ABSENT || p->link.hdr_len < 14)
            return 0;
        if (id == F_ETH_TYPE) {
            v[0].u = p->link.nvlan > 0 ? p->link.vlan[0].tpid : p->link.ethertype;
            return 1;
        }
        memcpy(v[0].a6, id == F_ETH_DST ? p->link.dst : p->link.src, 6);
        memcpy(v[1].a6, p->link.dst, 6);
        return id == F_ETH_ADDR ? 2 : 1;
    case F_VLAN_ID: {
        int n = 0;
        /* FVAL_MAX is PKT_MAX_VLAN: one value per kept tag. */
        for (int i = 0; i < p->link.nvlan && i < FVAL_MAX; i++)
            v[n++].u = p->link.vlan[i].vid;
        return n;
    }
    case F_FRAME_LEN:
        v[0].u = p->frame.len;
        return 1;
    case F_FRAME_CAP_LEN:
        v[0].u = p->frame.caplen;
        return 1;
    case F_FRAME_NUMBER:
        v[0].u = p->frame.number;
        return 1;
    case F_IP_ADDR:
    case F_IP_SRC:
    case F_IP_DST:
        return ip4_addrs(id, p, has_ip4(p), v);
    case F_IP_PROTO:
    case F_IP_TTL:
    case F_IP_LEN:
    case F_IP_ID:
    case F_IP_DF:
    case F_IP_MF:
        if (!has_ip4(p))
            return 0;
        v[0].u = id == F_IP_PROTO ? p->ip4.proto
                 : id == F_IP_TTL ? p->ip4.ttl
                 : id == F_IP_LEN ? p->ip4.total_len
                 : id == F_IP_ID  ? p->ip4.id
                 : id == F_IP_DF  ? p->ip4.df
                                  : p->ip4.mf;
        return 1;
    case F_IPV6_ADDR:
    case F_IPV6_SRC:
    case F_IPV6_DST:
        return ip6_addrs(id, p, has_ip6(p), v);
    case F_IPV6_NXT:
    case F_IPV6_HLIM:
    case F_IPV6_PLEN:
        if (!has_ip6(p))
            return 0;
        v[0].u = id == F_IPV6_NXT    ? p->ip6.next_header
                 : id == F_IPV6_HLIM ? p->ip6.hop_limit
                                     : p->ip6.payload_len;
        return 1;
    case F_TCP_PORT:
        if (!has_tcp_ports(p))
            return 0;
        v[0].u = p->tcp.sport;
        v[1].u = p->tcp.dport;
        return 2;
    case F_TCP_SRCPORT:
    case F_TCP_DSTPORT:
    case F_TCP_LEN:
    case F_TCP_SEQ:
    case F_TCP_ACK:
    case F_TCP_SEQ_RAW:
    case F_TCP_ACK_RAW:
    case F_TCP_HDR_LEN:
    case F_TCP_FLAGS:
    case F_TCP_WIN:
    case F_TCP_WIN_SIZE:
    case F_TCP_CHECKSUM:
    case F_TCP_URG_PTR: {
        /* The ports exist once their 4 bytes were captured; the other fields once the
         * whole fixed header was read (Wireshark reads them together); the ones past the
         * header length only when it is not below 5. */
        bool ok;
        if (id == F_TCP_SRCPORT || id == F_TCP_DSTPORT)
            ok = has_tcp_ports(p);
        else if (id == F_TCP_SEQ || id == F_TCP_SEQ_RAW || id == F_TCP_LEN || id == F_TCP_HDR_LEN)
            ok = has_tcp(p);
        else
            ok = has_tcp_full(p);
        if (!ok)
            return 0;
        /* A data offset past the segment ("short segment"): Wireshark has no length. */
        if (id == F_TCP_LEN && p->tcp.hdr_len > p->l4_len)
            return 0;
        const struct tcp_info *t = &p->tcp;
        const struct tcp_track *k = &p->track;
        uint64_t u = 0;
        switch (id) {
        case F_TCP_SRCPORT:
            u = t->sport;
            break;
        case F_TCP_DSTPORT:
            u = t->dport;
            break;
        case F_TCP_LEN: /* a data offset below 5 still has a length, as Wireshark counts */
            u = t->hdr_len < 20 ? p->l4_len - t->hdr_len : t->payload_len;
            break;
        /* Relative numbers, as Wireshark shows them, when the tracker knows the ISN. */
        case F_TCP_SEQ:
            u = k->valid ? k->rel_seq : t->seq;
            break;
        case F_TCP_ACK:
            u = k->valid && k->ack_valid ? k->rel_ack : t->ack;
            break;
        case F_TCP_SEQ_RAW:
            u = t->seq;
            break;
        case F_TCP_ACK_RAW:
            u = t->ack;
            break;
        case F_TCP_HDR_LEN:
            u = t->hdr_len;
            break;
        case F_TCP_FLAGS:
            u = t->flags & 0xfffu;
            break;
        case F_TCP_WIN:
            u = t->window;
            break;
        case F_TCP_WIN_SIZE:
            u = k->valid ? k->calc_window : t->window;
            break;
        case F_TCP_CHECKSUM:
            u = t->checksum;
            break;
        default:
            u = t->urgent;
            break;
        }
        v[0].u = u;
        return 1;
    }
    case F_TCP_STREAM:
        if (!has_tcp(p) || !p->track.valid)
            return 0;
        v[0].u = p->track.stream;
        return 1;
    case F_TCP_F_FIN:
    case F_TCP_F_SYN:
    case F_TCP_F_RST:
    case F_TCP_F_PSH:
    case F_TCP_F_ACK:
    case F_TCP_F_URG:
    case F_TCP_F_ECE:
    case F_TCP_F_CWR: {
        if (!has_tcp_full(p))
            return 0;
        static const uint16_t bit[] = {TCP_FIN, TCP_SYN, TCP_RST, TCP_PSH,
                                       TCP_ACK, TCP_URG, TCP_ECE, TCP_CWR};
        v[0].u = (p->tcp.flags & bit[id - F_TCP_F_FIN]) != 0;
        return 1;
    }
    case F_UDP_PORT: {
        /* A tunnel's outer UDP header first (VXLAN, Geneve), then the packet's own. */
        int n = 0;
        for (int i = 0; i < p->nencap && n + 2 <= FVAL_MAX; i++)
            if (p->encap[i].kind == ENCAP_UDP) {
                v[n++].u = p->encap[i].u.udp.sport;
                v[n++].u = p->encap[i].u.udp.dport;
            }
        if (has_udp(p) && n + 2 <= FVAL_MAX) {
            v[n++].u = p->udp.sport;
            v[n++].u = p->udp.dport;
        }
        return n;
    }
    case F_UDP_SRCPORT:
    case F_UDP_DSTPORT:
    case F_UDP_LEN:
    case F_UDP_CHECKSUM:
        if (!has_udp(p))
            return 0;
        v[0].u = id == F_UDP_SRCPORT   ? p->udp.sport
                 : id == F_UDP_DSTPORT ? p->udp.dport
                 : id == F_UDP_LEN     ? p->udp.len
                                       : p->udp.checksum;
        return 1;
    case F_ICMP_TYPE:
    case F_ICMP_CODE:
    case F_ICMPV6_TYPE:
    case F_ICMPV6_CODE:
        if (!has_icmp(p, id == F_ICMPV6_TYPE || id == F_ICMPV6_CODE))
            return 0;
        v[0].u = id == F_ICMP_TYPE || id == F_ICMPV6_TYPE ? p->icmp.type : p->icmp.code;
        return 1;
    case F_ICMP_IDENT:
    case F_ICMP_SEQ:
    case F_ICMP_IDENT_LE:
    case F_ICMP_SEQ_LE:
    case F_ICMPV6_IDENT:
    case F_ICMPV6_SEQ: {
        bool v6 = id == F_ICMPV6_IDENT || id == F_ICMPV6_SEQ;
        const struct icmp_info *ic = &p->icmp;
        if (!has_icmp(p, v6) || ic->echo == ICMP_NOT_ECHO)
            return 0;
        uint16_t x =
            id == F_ICMP_IDENT || id == F_ICMP_IDENT_LE || id == F_ICMPV6_IDENT ? ic->id : ic->seq;
        if (id == F_ICMP_IDENT_LE || id == F_ICMP_SEQ_LE)
            x = (uint16_t)(x >> 8 | x << 8);
        v[0].u = x;
        return 1;
    }
    case F_TCP_OPT_MSS:
    case F_TCP_OPT_WS:
    case F_TCP_OPT_TSVAL:
    case F_TCP_OPT_TSECR: {
        const struct tcp_info *t = &p->tcp;
        if (!has_tcp_full(p))
            return 0;
        if (id == F_TCP_OPT_MSS && t->has_mss)
            v[0].u = t->mss;
        else if (id == F_TCP_OPT_WS && t->has_ws)
            v[0].u = t->ws_shift;
        else if (id == F_TCP_OPT_TSVAL && t->has_ts)
            v[0].u = t->ts_val;
        else if (id == F_TCP_OPT_TSECR && t->has_ts)
            v[0].u = t->ts_ecr;
        else
            return 0;
        return 1;
    }
    case F_IP_HDR_LEN:
    case F_IP_DSCP:
        if (!has_ip4(p))
            return 0;
        v[0].u = id == F_IP_HDR_LEN ? p->ip4.hdr_len : p->ip4.dscp;
        return 1;
    case F_ARP_OPCODE:
    case F_ARP_SRC_IP:
    case F_ARP_DST_IP:
    case F_ARP_SRC_MAC:
    case F_ARP_DST_MAC: {
        const struct arp_info *a = &p->arp;
        if (p->net != NET_ARP || a->status != LAYER_OK)
            return 0;
        if (id == F_ARP_OPCODE) {
            v[0].u = a->oper;
            return 1;
        }
        if (a->hlen != 6 || a->plen != 4) /* the addresses are kept for Ethernet/IPv4 only */
            return 0;
        if (id == F_ARP_SRC_IP || id == F_ARP_DST_IP)
            v[0].u = ip4_u32(id == F_ARP_SRC_IP ? a->spa : a->tpa);
        else
            memcpy(v[0].a6, id == F_ARP_SRC_MAC ? a->sha : a->tha, 6);
        return 1;
    }
    default:
        return (int)id >= DFL_FIRST ? layer_values((int)id, p, v) : 0;
    }
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

/* Three-way comparison of a field value with a literal. For == and != an address
 * literal with a CIDR prefix compares only the prefix bits. */
static int compare(enum ftype type, const struct fval *v, const struct fval *lit, bool eq_only)
{
    if (type == FT_IPV4) {
        uint64_t a = v->u, b = lit->u;
        if (eq_only && lit->prefix < 32) {
            uint32_t mask = lit->prefix == 0 ? 0 : ~(uint32_t)0 << (32 - lit->prefix);
            a &= mask;
            b &= mask;
        }
        return cmp_u64(a, b);
    }
    if (type == FT_IPV6) {
        unsigned bits = eq_only ? lit->prefix : 128;
        for (unsigned i = 0; i < 16; i++) {
            uint8_t mask = bits >= 8 * (i + 1) ? 0xff
                           : bits <= 8 * i     ? 0
                                               : (uint8_t)(0xff << (8 * (i + 1) - bits));
            int d = (int)(v->a6[i] & mask) - (int)(lit->a6[i] & mask);
            if (d != 0)
                return d < 0 ? -1 : 1;
        }
        return 0;
    }
    if (type == FT_ETHER) {
        int d = memcmp(v->a6, lit->a6, 6);
        return d < 0 ? -1 : d > 0;
    }
    return cmp_u64(v->u, lit->u);
}

static bool eval(const struct dfilter *f, int i, const struct packet *p)
{
    const struct node *n = &f->nodes[i];
    switch (n->kind) {
    case N_AND:
        return eval(f, n->left, p) && eval(f, n->right, p);
    case N_OR:
        return eval(f, n->left, p) || eval(f, n->right, p);
    case N_NOT:
        return !eval(f, n->left, p);
    case N_EXISTS: {
        if (n->field->type == FT_PROTO)
            return proto_present(n->field->id, p);
        struct fval v[FVAL_MAX];
        return field_values(n->field->id, p, v) > 0;
    }
    case N_IN: {
        struct fval v[FVAL_MAX];
        int nv = field_values(n->field->id, p, v);
        for (int k = 0; k < nv; k++) {
            for (int e = n->set_first; e < n->set_first + n->set_count; e++) {
                const struct set_elem *el = &f->set[e];
                if (el->range ? compare(n->field->type, &v[k], &el->lo, false) >= 0 &&
                                    compare(n->field->type, &v[k], &el->hi, false) <= 0
                              : compare(n->field->type, &v[k], &el->lo, true) == 0)
                    return true;
            }
        }
        return false;
    }
    case N_CMP: {
        struct fval v[FVAL_MAX];
        int nv = field_values(n->field->id, p, v);
        if (nv == 0)
            return false; /* comparisons with an absent field are false, even != */
        if (n->op == R_NE || n->op == R_ALLEQ) {
            /* Wireshark >= 3.6: "a != b" is "all not equal", the negation of "a == b";
             * "a === b" needs every value equal. */
            bool want_eq = n->op == R_ALLEQ;
            for (int k = 0; k < nv; k++)
                if ((compare(n->field->type, &v[k], &n->lit, true) == 0) != want_eq)
                    return false;
            return true;
        }
        for (int k = 0; k < nv; k++) {
            int c = compare(n->field->type, &v[k], &n->lit, n->op == R_EQ || n->op == R_ANYNE);
            bool ok = n->op == R_EQ      ? c == 0
                      : n->op == R_ANYNE ? c != 0
                      : n->op == R_LT    ? c < 0
                      : n->op == R_GT    ? c > 0
                      : n->op == R_LE    ? c <= 0
                                         : c >= 0;
            if (ok)
                return true;
        }
        return false;
    }
    }
    return false;
}

bool dfilter_match(const struct dfilter *f, const struct packet *p)
{
    if (f == NULL || f->root < 0)
        return true;
    return eval(f, f->root, p);
}
