/*
 * det_wlan.c: an 802.11 capture in -V: the radiotap header (its first present word,
 * bit by bit, and the fields sniff decodes: flags, rate, channel, antenna signal and
 * noise, antenna), or the PPI header; the "802.11 radio information" Wireshark derives
 * from them; the 802.11 MAC header (frame control, duration, addresses by type and DS
 * bits, sequence control, QoS control, FCS); for management frames the title of their
 * body; and the LLC/SNAP header of a data frame. Lines Wireshark derives from state or
 * tables sniff does not keep (PHY type, airtime) are left out.
 */
#include "detail.h"

#include <stdio.h>

#include "fmt_addr.h"

/* The radiotap present word's bits (radiotap.org): Wireshark's names; NULL for the
 * two bits it does not show. */
static const char *const present_names[32] = {
    "TSFT",
    "Flags",
    "Rate",
    "Channel",
    "FHSS",
    "dBm Antenna Signal",
    "dBm Antenna Noise",
    "Lock Quality",
    "TX Attenuation",
    "dB TX Attenuation",
    "dBm TX Power",
    "Antenna",
    "dB Antenna Signal",
    "dB Antenna Noise",
    "RX flags",
    "TX flags",
    NULL,
    "data retries",
    "Channel+",
    "MCS information",
    "A-MPDU Status",
    "VHT information",
    "frame timestamp",
    "HE information",
    "HE-MU information",
    NULL,
    "0 Length PSDU",
    "L-SIG",
    "TLVs",
    "Radiotap NS next",
    "Vendor NS next",
    "Ext",
};

static void present_word(struct out *o, uint32_t w)
{
    dl_text(o, 1, "Present flags");
    dl_x(o, 2, "Present flags word: ", w, 8);
    for (int b = 0; b < 32; b++) {
        if (present_names[b] == NULL)
            continue;
        bool set = (w >> b) & 1;
        dl_bits(o, 3, w, 32, 1u << b);
        out_str(o, present_names[b]);
        if (b == 29 || b == 30)
            dl_s(o, 0, ": ", set ? "True" : "False");
        else
            dl_s(o, 0, ": ", set ? "Present" : "Absent");
    }
}

static void radio_flags(struct out *o, uint8_t f)
{
    static const struct {
        uint8_t bit;
        const char *name, *yes, *no;
    } bits[] = {
        {0x01, "CFP", "True", "False"},        {0x02, "Preamble", "Short", "Long"},
        {0x04, "WEP", "True", "False"},        {0x08, "Fragmentation", "True", "False"},
        {0x10, "FCS at end", "True", "False"}, {0x20, "Data Pad", "True", "False"},
        {0x40, "Bad FCS", "True", "False"},    {0x80, "Short GI", "True", "False"},
    };
    dl_x(o, 1, "Flags: ", f, 2);
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        dl_bits(o, 2, f, 8, bits[i].bit);
        out_str(o, bits[i].name);
        dl_s(o, 0, ": ", (f & bits[i].bit) ? bits[i].yes : bits[i].no);
    }
}

/* "54.0 Mb/s" from a rate in units of 500 kb/s. */
static void rate_text(struct out *o, uint8_t rate)
{
    out_u64(o, rate / 2u);
    out_str(o, rate % 2 ? ".5" : ".0");
    OUT_LIT(o, " Mb/s");
}

/* The channel number of a frequency (IEEE 802.11-2020 17.3.8.4.2, 19.3.15.2); 0 when
 * it is none. */
static unsigned channel_of(uint16_t mhz)
{
    if (mhz == 2484)
        return 14;
    if (mhz >= 2412 && mhz < 2484)
        return (mhz - 2407u) / 5u;
    if (mhz >= 5000 && mhz < 6000)
        return (mhz - 5000u) / 5u;
    return 0;
}

static void channel(struct out *o, const struct radio_info *r)
{
    unsigned ch = channel_of(r->freq);
    dl_begin(o, 1, "Channel frequency: ");
    out_u64(o, r->freq);
    if (ch != 0) {
        out_str(o, r->freq < 5000 ? " [BG " : " [A ");
        out_u64(o, ch);
        out_char(o, ']');
    }
    dl_end(o);
}

static void radiotap_tree(struct out *o, const struct radio_info *r)
{
    dl_begin(o, 0, "Radiotap Header v");
    out_u64(o, r->version);
    dl_u(o, 0, ", Length ", r->len);
    dl_u(o, 1, "Header revision: ", r->version);
    dl_u(o, 1, "Header pad: ", r->pad);
    dl_u(o, 1, "Header length: ", r->len);
    present_word(o, r->present0);
    if (r->has & (1u << RT_TSFT))
        dl_u(o, 1, "MAC timestamp: ", r->tsft);
    if (r->has & (1u << RT_FLAGS))
        radio_flags(o, r->flags);
    if (r->has & (1u << RT_RATE)) {
        dl_begin(o, 1, "Data Rate: ");
        rate_text(o, r->rate);
        dl_end(o);
    }
    if (r->has & (1u << RT_CHANNEL))
        channel(o, r);
    if (r->has & (1u << RT_DBM_SIGNAL)) {
        dl_begin(o, 1, "Antenna signal: ");
        out_i64(o, r->signal);
        OUT_LIT(o, " dBm\n");
    }
    if (r->has & (1u << RT_DBM_NOISE)) {
        dl_begin(o, 1, "Antenna noise: ");
        out_i64(o, r->noise);
        OUT_LIT(o, " dBm\n");
    }
    if (r->has & (1u << RT_ANTENNA))
        dl_u(o, 1, "Antenna: ", r->antenna);
}

static void ppi_tree(struct out *o, const struct radio_info *r)
{
    dl_begin(o, 0, "PPI version ");
    out_u64(o, r->version);
    dl_u3(o, 0, ", ", r->len, " bytes");
    dl_u(o, 1, "Version: ", r->version);
    dl_x(o, 1, "Flags: ", r->ppi_flags, 2);
    dl_bits(o, 2, r->ppi_flags, 8, 0x01);
    dl_s(o, 0, "Alignment: ", (r->ppi_flags & 1) ? "32-bit aligned" : "Not aligned");
    dl_bits(o, 2, r->ppi_flags, 8, 0xfe);
    OUT_LIT(o, "Reserved: ");
    dl_hex(o, r->ppi_flags >> 1, 2);
    dl_end(o);
    dl_u(o, 1, "Header length: ", r->len);
    dl_u(o, 1, "DLT: ", r->ppi_dlt);
}

/* What Wireshark's "802.11 radio information" shows that the radio header gave. */
static void radio_info(struct out *o, const struct radio_info *r)
{
    dl_text(o, 0, "802.11 radio information");
    if (r->has & (1u << RT_RATE)) {
        dl_begin(o, 1, "Data rate: ");
        rate_text(o, r->rate);
        dl_end(o);
    }
    if (r->has & (1u << RT_CHANNEL)) {
        if (channel_of(r->freq) != 0)
            dl_u(o, 1, "Channel: ", channel_of(r->freq));
        dl_u3(o, 1, "Frequency: ", r->freq, "MHz");
    }
    if (r->has & (1u << RT_DBM_SIGNAL)) {
        dl_begin(o, 1, "Signal strength (dBm): ");
        out_i64(o, r->signal);
        OUT_LIT(o, " dBm\n");
    }
}

/* The 802.11 flags as Wireshark's string: one letter per set bit, from +HTC/order down
 * to ToDS ("opmPRMFT"), a dot otherwise; a C when the frame has its FCS. */
void det_wlan_flags(char out[10], const struct wlan_hdr *w)
{
    static const char letters[] = "opmPRMFT";
    for (int i = 0; i < 8; i++)
        out[i] = (w->flags >> (7 - i)) & 1 ? letters[i] : '.';
    /* Wireshark adds a C when the frame ends with its FCS. */
    out[8] = w->fcs ? 'C' : '\0';
    out[9] = '\0';
}

const char *det_wlan_subtype(const struct wlan_hdr *w)
{
    const char *n = tok_lookup(names_wlan_subtype, (unsigned)(w->type << 4 | w->subtype));
    return n != NULL ? n : "Unrecognized (Reserved frame)";
}

static void mac_line(struct out *o, const char *label, const uint8_t a[6])
{
    char m[18];
    dl_begin(o, 1, label);
    out_mem(o, m, fmt_mac(m, a, 6));
    dl_end(o);
}

/* The addresses in Wireshark's order: by type, and for data by the DS bits. */
static void addresses(struct out *o, const struct wlan_hdr *w)
{
    const uint8_t(*a)[6] = w->addr;
    if (w->type == WLAN_CTRL) {
        mac_line(o, "Receiver address: ", a[0]);
        if (w->naddr > 1)
            mac_line(o, "Transmitter address: ", a[1]);
        return;
    }
    if (w->type == WLAN_MGMT) {
        mac_line(o, "Receiver address: ", a[0]);
        mac_line(o, "Destination address: ", a[0]);
        mac_line(o, "Transmitter address: ", a[1]);
        mac_line(o, "Source address: ", a[1]);
        mac_line(o, "BSS Id: ", a[2]);
        return;
    }
    unsigned ds = w->flags & (WLAN_TO_DS | WLAN_FROM_DS);
    static const int8_t order[4][4] = {
        /* DA, SA, BSSID, STA (-1: none) */
        {0, 1, 2, -1}, /* neither */
        {2, 1, 0, 1},  /* to DS */
        {0, 2, 1, 0},  /* from DS */
        {2, 3, -1, -1} /* both: a wireless distribution system */
    };
    mac_line(o, "Receiver address: ", a[0]);
    mac_line(o, "Transmitter address: ", a[1]);
    mac_line(o, "Destination address: ", a[order[ds][0]]);
    mac_line(o, "Source address: ", a[order[ds][1]]);
    if (order[ds][2] >= 0)
        mac_line(o, "BSS Id: ", a[order[ds][2]]);
    if (order[ds][3] >= 0)
        mac_line(o, "STA address: ", a[order[ds][3]]);
}

static void frame_control(struct out *o, const struct wlan_hdr *w)
{
    static const char *const types[] = {"Management frame", "Control frame", "Data frame",
                                        "Extension"};
    static const char *const ds_text[] = {
        "Not leaving DS or network is operating in AD-HOC mode (To DS: 0 From DS: 0) (0x0)",
        "Frame from STA to DS via an AP (To DS: 1 From DS: 0) (0x1)",
        "Frame from DS to a STA via AP(To DS: 0 From DS: 1) (0x2)",
        "WDS (AP to AP) or Mesh (MP to MP) Frame (To DS: 1 From DS: 1) (0x3)"};
    uint8_t b0 = (uint8_t)w->fc, f = w->flags;
    dl_named_hex(o, 1, "Type/Subtype: ", det_wlan_subtype(w), (unsigned)(w->type << 4 | w->subtype),
                 4);
    dl_x(o, 1, "Frame Control Field: ", (unsigned)b0 << 8 | f, 4);
    dl_bits(o, 2, b0, 8, 0x03);
    dl_u(o, 0, "Version: ", b0 & 3u);
    dl_bits(o, 2, b0, 8, 0x0c);
    dl_named(o, 0, "Type: ", types[w->type], w->type);
    dl_bits(o, 2, b0, 8, 0xf0);
    dl_u(o, 0, "Subtype: ", w->subtype);
    dl_x(o, 2, "Flags: ", f, 2);
    dl_bits(o, 3, f, 8, 0x03);
    dl_s(o, 0, "DS status: ", ds_text[f & 3]);
    static const struct {
        uint8_t bit;
        const char *name, *yes, *no;
    } bits[] = {
        {WLAN_MORE_FRAG, "More Fragments", "More fragments follow", "This is the last fragment"},
        {WLAN_RETRY, "Retry", "Frame is being retransmitted", "Frame is not being retransmitted"},
        {WLAN_PWR_MGT, "PWR MGT", "STA will go to sleep", "STA will stay up"},
        {WLAN_MORE_DATA, "More Data", "Data is buffered for STA at AP", "No data buffered"},
        {WLAN_PROTECTED, "Protected flag", "Data is protected", "Data is not protected"},
        {WLAN_ORDER, "+HTC/Order flag", "Strictly ordered", "Not strictly ordered"},
    };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        dl_bits(o, 3, f, 8, bits[i].bit);
        out_str(o, bits[i].name);
        dl_s(o, 0, ": ", (f & bits[i].bit) ? bits[i].yes : bits[i].no);
    }
}

static void wlan_tree(struct out *o, const struct packet *p)
{
    const struct wlan_hdr *w = &p->link.u.wlan;
    char flags[10];
    det_wlan_flags(flags, w);
    dl_begin(o, 0, "IEEE 802.11 ");
    out_str(o, det_wlan_subtype(w));
    dl_s(o, 0, ", Flags: ", flags);
    frame_control(o, w);
    dl_bits(o, 1, w->duration, 16, 0x7fff);
    dl_u3(o, 0, "Duration: ", w->duration & 0x7fffu, " microseconds");
    addresses(o, w);
    if (w->has_seq) {
        dl_bits(o, 1, w->seq_ctl, 16, 0x000f);
        dl_u(o, 0, "Fragment number: ", w->seq_ctl & 15u);
        dl_bits(o, 1, w->seq_ctl, 16, 0xfff0);
        dl_u(o, 0, "Sequence number: ", w->seq_ctl >> 4);
    }
    if (w->fcs) {
        dl_begin(o, 1, "Frame check sequence: ");
        dl_hex(o, w->fcs_value, 8);
        OUT_LIT(o, " [unverified]\n");
        dl_text(o, 1, "[FCS Status: Unverified]");
    }
    if (w->has_qos) {
        dl_x(o, 1, "Qos Control: ", w->qos, 4);
    }
    if (w->type == WLAN_MGMT && p->frame.caplen > w->off + w->mac_len)
        dl_text(o, 0, "IEEE 802.11 Wireless Management");
}

static void sap_line(struct out *o, const char *label, uint8_t sap, const char *bit,
                     const char *bit_value)
{
    dl_named_hex(o, 1, label, sap == LLC_SAP_SNAP ? "SNAP" : "Unknown", sap, 2);
    dl_bits(o, 2, sap, 8, 0xfe);
    dl_s(o, 0, "SAP: ", sap == LLC_SAP_SNAP ? "SNAP" : "Unknown");
    dl_bits(o, 2, sap, 8, 0x01);
    dl_s3(o, 0, bit, ": ", bit_value);
}

static void llc_tree(struct out *o, const struct wlan_hdr *w)
{
    dl_text(o, 0, "Logical-Link Control");
    sap_line(o, "DSAP: ", w->dsap, "IG Bit", (w->dsap & 1) ? "Group" : "Individual");
    sap_line(o, "SSAP: ", w->ssap, "CR Bit", (w->ssap & 1) ? "Response" : "Command");
    if (!w->snap)
        return;
    dl_text(o, 1, "Control field: U, func=UI (0x03)");
    dl_text(o, 2, "000. 00.. = Command: Unnumbered Information (0x00)");
    dl_text(o, 2, ".... ..11 = Frame type: Unnumbered frame (0x3)");
    char oui[9];
    snprintf(oui, sizeof oui, "%02x:%02x:%02x", w->oui[0], w->oui[1], w->oui[2]);
    dl_begin(o, 1, "Organization Code: ");
    out_str(o, oui);
    if (w->oui[0] == 0 && w->oui[1] == 0 && w->oui[2] == 0)
        OUT_LIT(o, " (Officially Xerox, but");
    dl_end(o);
    det_ethertype(o, 1, "Type", w->pid);
}

void det_wlan(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    const struct link_info *l = &p->link;
    const struct wlan_hdr *w = &l->u.wlan;
    if (l->kind == LINK_RADIOTAP && w->radio.len >= 8)
        radiotap_tree(o, &w->radio);
    else if (l->kind == LINK_PPI && w->radio.len >= 8)
        ppi_tree(o, &w->radio);
    if (l->kind != LINK_WLAN && w->radio.len >= 8 && (l->status == LAYER_OK || w->naddr > 0))
        radio_info(o, &w->radio);
    if (l->status != LAYER_OK)
        return;
    if (l->kind == LINK_PPI && w->radio.ppi_dlt == 1) {
        det_ethernet(o, p, opts);
        return;
    }
    wlan_tree(o, p);
    if (w->has_llc)
        llc_tree(o, w);
}
