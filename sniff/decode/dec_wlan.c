/*
 * dec_wlan.c: what a laptop records in monitor mode: an IEEE 802.11 frame, alone
 * (DLT_IEEE802_11) or behind a radio header, radiotap (DLT_IEEE802_11_RADIO) or PPI
 * (DLT_PPI), then for data frames the LLC and SNAP headers (IEEE 802.2, RFC 1042) that
 * name the EtherType of what follows.
 *
 * Radiotap (radiotap.org): version, pad, length and a chain of 32-bit "present" words,
 * then the fields each present bit announces, each aligned to its own size from the
 * header's start. The fields of the first word's standard namespace are read in bit
 * order (the list and the tree show those); a field sniff does not know ends the walk,
 * as its size is unknown. The Flags field says whether the frame ends with its FCS and
 * whether the 802.11 header is padded to 32 bits. All radiotap and PPI fields, and the
 * 802.11 header's, are little-endian.
 *
 * 802.11 (IEEE 802.11-2020 9.2, 9.3): frame control, duration, one to four addresses by
 * type and subtype, sequence control, QoS control and HT control when the subtype and
 * the +HTC flag say so. Management frames get their beacon interval and SSID element
 * read for the packet list; protected (encrypted) data is not decoded.
 */
#include "decode.h"
#include "proto.h"

/* Radiotap fields 0 to 28 (radiotap.org/fields): alignment and size in bytes; 0 for a
 * bit sniff does not know the size of. */
static const struct {
    uint8_t align, size;
} rt_fields[29] = {
    [0] = {8, 8},   [1] = {1, 1},  [2] = {1, 1},  [3] = {2, 4},   [4] = {1, 2},   [5] = {1, 1},
    [6] = {1, 1},   [7] = {2, 2},  [8] = {2, 2},  [9] = {2, 2},   [10] = {1, 1},  [11] = {1, 1},
    [12] = {1, 1},  [13] = {1, 1}, [14] = {2, 2}, [15] = {2, 2},  [16] = {1, 1},  [17] = {1, 1},
    [18] = {4, 8},  [19] = {1, 3}, [20] = {4, 8}, [21] = {2, 12}, [22] = {8, 12}, [23] = {2, 12},
    [24] = {2, 12}, [25] = {2, 6}, [26] = {1, 1}, [27] = {2, 4},
};

/* One field's value into r (the cursor is on it, its size captured). */
static void rt_field(struct radio_info *r, unsigned bit, struct cursor v)
{
    uint16_t w = 0;
    uint8_t b = 0;
    switch (bit) {
    case RT_TSFT:
        (void)cursor_u64le(&v, &r->tsft);
        break;
    case RT_FLAGS:
        (void)cursor_u8(&v, &r->flags);
        break;
    case RT_RATE:
        (void)cursor_u8(&v, &r->rate);
        break;
    case RT_CHANNEL:
        (void)cursor_u16le(&v, &r->freq);
        (void)cursor_u16le(&v, &r->chan_flags);
        break;
    case RT_DBM_SIGNAL:
        (void)cursor_u8(&v, &b);
        r->signal = (int8_t)b;
        break;
    case RT_DBM_NOISE:
        (void)cursor_u8(&v, &b);
        r->noise = (int8_t)b;
        break;
    case RT_ANTENNA:
        (void)cursor_u8(&v, &r->antenna);
        break;
    case RT_RX_FLAGS:
        (void)cursor_u16le(&v, &w);
        r->rx_flags = w;
        break;
    case RT_MCS:
        (void)cursor_u8(&v, &r->mcs_known);
        (void)cursor_u8(&v, &r->mcs_flags);
        (void)cursor_u8(&v, &r->mcs_index);
        break;
    default:
        return;
    }
    r->has |= 1u << bit;
}

/* The fields of the first present word, from hdr (the cursor over the whole radiotap
 * header) at offset at. */
static void rt_walk(struct radio_info *r, struct cursor hdr, uint32_t at)
{
    const uint8_t *base = hdr.p;
    if (!cursor_skip(&hdr, at))
        return;
    for (unsigned bit = 0; bit < 29; bit++) {
        if (!(r->present0 & (1u << bit)))
            continue;
        if (rt_fields[bit].size == 0)
            return; /* unknown size: nothing after it can be placed */
        size_t off = (size_t)(hdr.p - base), a = rt_fields[bit].align;
        if (!cursor_skip(&hdr, (a - off % a) % a))
            return;
        bool whole;
        struct cursor v = cursor_sub(&hdr, rt_fields[bit].size, &whole);
        if (!whole)
            return;
        rt_field(r, bit, v);
    }
}

static void wlan_frame(struct packet *p, struct dcur *d);

/* The 8 bytes radiotap and PPI both start with, little-endian: the version, a byte
 * (radiotap's pad, PPI's flags), the length of the whole header, and a word (radiotap's
 * first present word, PPI's DLT). Read through *peek, which then stands after them;
 * false, the link layer marked cut or malformed, when the frame ends first or the
 * length cannot hold them. */
static bool radio_start(struct packet *p, struct dcur *d, struct cursor *peek, uint8_t *byte1,
                        uint32_t *word, const char *name)
{
    struct radio_info *r = &p->link.u.wlan.radio;
    *peek = d->c;
    if (!cursor_u8(peek, &r->version) || !cursor_u8(peek, byte1) || !cursor_u16le(peek, &r->len) ||
        !cursor_u32le(peek, word)) {
        dec_link_short(p, d, 8);
        return false;
    }
    if (r->len < 8) {
        p->link.status = LAYER_MALFORMED;
        dec_note(p, LAYER_MALFORMED, name);
        return false;
    }
    return true;
}

void dec_radiotap(struct packet *p, struct dcur *d)
{
    struct radio_info *r = &p->link.u.wlan.radio;
    struct cursor peek;
    if (!radio_start(p, d, &peek, &r->pad, &r->present0, "radiotap"))
        return;
    /* The chain of present words: each with bit 31 set announces another. */
    uint32_t word = r->present0, at = 8;
    r->npresent = 1;
    while ((word & (1u << RT_EXT)) && at + 4 <= r->len) {
        if (!cursor_u32le(&peek, &word))
            break;
        at += 4;
        r->npresent++;
    }
    if (cursor_left(&d->c) < r->len) {
        dec_link_short(p, d, r->len);
        return;
    }
    struct cursor hdr = {d->c.p, d->c.p + r->len};
    rt_walk(r, hdr, at);
    dec_advance(d, r->len);
    p->link.hdr_len = r->len;
    wlan_frame(p, d);
}

/* PPI's fields: type, length, value (little-endian). The 802.11-Common field (type 2)
 * holds what radiotap's first fields do, and the flag saying the frame ends with its
 * FCS. */
#define PPI_80211_COMMON 2
#define PPI_FLAG_FCS 0x0001
static void ppi_fields(struct radio_info *r, struct cursor c)
{
    uint16_t type, len;
    while (cursor_u16le(&c, &type) && cursor_u16le(&c, &len)) {
        bool whole;
        struct cursor v = cursor_sub(&c, len, &whole);
        uint16_t flags = 0, rate = 0;
        uint8_t b = 0;
        if (!whole || type != PPI_80211_COMMON || len < 20)
            continue;
        (void)cursor_u64le(&v, &r->tsft);
        (void)cursor_u16le(&v, &flags);
        (void)cursor_u16le(&v, &rate);
        (void)cursor_u16le(&v, &r->freq);
        (void)cursor_u16le(&v, &r->chan_flags);
        (void)cursor_skip(&v, 2); /* FHSS hop set and pattern */
        (void)cursor_u8(&v, &b);
        r->signal = (int8_t)b;
        (void)cursor_u8(&v, &b);
        r->noise = (int8_t)b;
        r->rate = (uint8_t)rate;
        if (flags & PPI_FLAG_FCS)
            r->flags |= RT_FLAG_FCS;
        r->has |= 1u << RT_TSFT | 1u << RT_RATE | 1u << RT_CHANNEL | 1u << RT_DBM_SIGNAL |
                  1u << RT_DBM_NOISE;
    }
}

/* PPI: version, flags, length, the DLT of what follows (little-endian), then fields. */
void dec_ppi(struct packet *p, struct dcur *d)
{
    struct radio_info *r = &p->link.u.wlan.radio;
    struct cursor peek;
    if (!radio_start(p, d, &peek, &r->ppi_flags, &r->ppi_dlt, "PPI"))
        return;
    if (cursor_left(&d->c) < r->len) {
        dec_link_short(p, d, r->len);
        return;
    }
    struct cursor fields = {d->c.p + 8, d->c.p + r->len};
    ppi_fields(r, fields);
    dec_advance(d, r->len);
    p->link.hdr_len = r->len;
    if (r->ppi_dlt == 105) { /* DLT_IEEE802_11 */
        wlan_frame(p, d);
        return;
    }
    if (r->ppi_dlt == 1) { /* DLT_EN10MB */
        if (dec_eth_header(p, &p->link, d))
            dec_ethertype(p, p->link.ethertype, d);
        return;
    }
    p->link.status = LAYER_OK;
    p->net = NET_OTHER;
}

void dec_wlan(struct packet *p, struct dcur *d)
{
    wlan_frame(p, d);
}

/* How many addresses a control frame carries (IEEE 802.11-2020 9.3.1): ACK and CTS
 * only the receiver's; the others the transmitter's too. */
static uint8_t ctrl_addrs(uint8_t subtype)
{
    return subtype == 12 || subtype == 13 ? 1 : 2;
}

/* The MAC header after frame control and duration; false when cut. */
static bool mac_header(struct wlan_hdr *w, struct cursor *c)
{
    w->naddr = w->type == WLAN_CTRL ? ctrl_addrs(w->subtype)
               : w->type == WLAN_DATA &&
                       (w->flags & (WLAN_TO_DS | WLAN_FROM_DS)) == (WLAN_TO_DS | WLAN_FROM_DS)
                   ? 4
                   : 3;
    if (w->type == WLAN_EXT)
        w->naddr = 1;
    for (uint8_t i = 0; i < w->naddr && i < 3; i++)
        if (!cursor_bytes(c, w->addr[i], 6))
            return false;
    if (w->type == WLAN_MGMT || w->type == WLAN_DATA) {
        if (!cursor_u16le(c, &w->seq_ctl))
            return false;
        w->has_seq = true;
        if (w->naddr == 4 && !cursor_bytes(c, w->addr[3], 6))
            return false;
    }
    if (w->type == WLAN_DATA && (w->subtype & 8)) { /* QoS subtypes */
        if (!cursor_u16le(c, &w->qos))
            return false;
        w->has_qos = true;
    }
    /* +HTC: an HT control field (management frames, and QoS data). */
    if ((w->flags & WLAN_ORDER) && (w->type == WLAN_MGMT || w->has_qos) && !cursor_skip(c, 4))
        return false;
    return true;
}

/* Management frames' fixed fields before the elements (IEEE 802.11-2020 9.3.3); -1 for
 * subtypes whose elements the list does not read. */
static int mgmt_fixed(uint8_t subtype)
{
    switch (subtype) {
    case WLAN_ASSOC_REQ:
        return 4;
    case WLAN_ASSOC_RESP:
    case WLAN_REASSOC_RESP:
    case WLAN_AUTH:
        return 6;
    case WLAN_REASSOC_REQ:
        return 10;
    case WLAN_PROBE_REQ:
        return 0;
    case WLAN_PROBE_RESP:
    case WLAN_BEACON:
        return 12;
    case WLAN_DISASSOC:
    case WLAN_DEAUTH:
        return 2;
    default:
        return -1;
    }
}

/* A management frame's body: the beacon interval, and the first SSID element. */
static void mgmt_body(struct wlan_hdr *w, struct cursor c)
{
    int fixed = mgmt_fixed(w->subtype);
    if (fixed < 0)
        return;
    if (w->subtype == WLAN_BEACON || w->subtype == WLAN_PROBE_RESP) {
        struct cursor bi = c;
        if (cursor_skip(&bi, 8) && cursor_u16le(&bi, &w->beacon_interval))
            w->has_bi = true;
    }
    if (!cursor_skip(&c, (size_t)fixed))
        return;
    uint8_t id, len;
    while (cursor_u8(&c, &id) && cursor_u8(&c, &len)) {
        if (cursor_left(&c) < len)
            return;
        if (id == 0) {
            w->has_ssid = true;
            w->ssid = c.p;
            w->ssid_len = len;
            return;
        }
        (void)cursor_skip(&c, len);
    }
}

/* LLC (IEEE 802.2) and SNAP (RFC 1042) after a data frame's header: an EtherType when
 * the SNAP OUI is zero (or Cisco's 00:00:f8, bridge-tunnel encapsulation). */
static void llc(struct packet *p, struct wlan_hdr *w, struct dcur *d)
{
    struct cursor *c = &d->c;
    p->net_off = dec_offset(p, d);
    if (!cursor_u8(c, &w->dsap) || !cursor_u8(c, &w->ssap) || !cursor_u8(c, &w->ctl)) {
        p->net = NET_OTHER;
        return;
    }
    w->has_llc = true;
    dec_took(d, 3);
    if (w->dsap != LLC_SAP_SNAP || w->ssap != LLC_SAP_SNAP || w->ctl != LLC_CTL_UI) {
        p->net = NET_OTHER;
        return;
    }
    if (!cursor_bytes(c, w->oui, 3) || !cursor_u16be(c, &w->pid)) {
        p->net = NET_OTHER;
        dec_note(p, dec_short(d, 5), "LLC");
        return;
    }
    w->snap = true;
    dec_took(d, 5);
    bool ether_oui = w->oui[0] == 0 && w->oui[1] == 0 && (w->oui[2] == 0 || w->oui[2] == 0xf8);
    if (!ether_oui) {
        p->net = NET_OTHER;
        return;
    }
    p->link.ethertype = w->pid;
    dec_ethertype(p, w->pid, d);
}

static void wlan_frame(struct packet *p, struct dcur *d)
{
    struct wlan_hdr *w = &p->link.u.wlan;
    struct cursor *c = &d->c;
    w->off = dec_offset(p, d);
    if (w->radio.flags & RT_FLAG_FCS) {
        /* The last 4 bytes on the wire are the FCS, not frame body. */
        w->fcs = true;
        if (d->wire >= 4) {
            uint32_t body = d->wire - 4;
            size_t have = cursor_left(c);
            if (have >= (size_t)body + 4) {
                struct cursor f = {c->p + body, c->p + body + 4};
                (void)cursor_u32le(&f, &w->fcs_value);
            }
            dec_limit(d, body);
        }
    }
    struct cursor start = *c;
    if (!cursor_u16le(c, &w->fc) || !cursor_u16le(c, &w->duration)) {
        dec_link_short(p, d, 10);
        return;
    }
    w->type = (uint8_t)((w->fc >> 2) & 3);
    w->subtype = (uint8_t)((w->fc >> 4) & 15);
    w->flags = (uint8_t)(w->fc >> 8);
    if (!mac_header(w, c)) {
        c->p = start.p;
        dec_link_short(p, d, 24);
        return;
    }
    uint32_t mac = (uint32_t)(c->p - start.p);
    /* Radiotap's data pad: the body starts on a 32-bit boundary. */
    if (p->link.kind == LINK_RADIOTAP && (w->radio.flags & RT_FLAG_DATAPAD) && (mac & 3) != 0 &&
        cursor_skip(c, 4 - (mac & 3)))
        mac += 4 - (mac & 3);
    w->mac_len = mac;
    c->p = start.p;
    dec_advance(d, mac);
    p->link.hdr_len += mac;
    p->link.status = LAYER_OK;
    if (w->type == WLAN_MGMT) {
        mgmt_body(w, d->c);
        return;
    }
    /* Data subtypes 4 to 7 and 12 to 15 carry no data (null functions, CF polls). */
    if (w->type != WLAN_DATA || (w->subtype & 4) != 0)
        return;
    if (w->flags & WLAN_PROTECTED) {
        p->net = NET_OTHER; /* encrypted: shown as data */
        p->net_off = dec_offset(p, d);
        return;
    }
    llc(p, w, d);
}
