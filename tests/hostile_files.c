/*
 * hostile_files.c: the file-level cases of gen_hostile, one DIR/NAME.pcap each: the
 * global header, a record header or a record's data cut short; caplen above len or
 * above the snapshot length, a huge caplen, a zero length; an unknown link type;
 * timestamps going backwards; VLAN tags stacked deeper than sniff keeps; one packet at
 * every caplen; the same packet in every link type; and each hostile frame of
 * hostile_frames.c between two good packets, whole and cut by a snapshot length.
 */

#include <stdio.h>

#include "gen_hostile.h"

/* ---- the good packets around each fault ---- */

static void good_frame(struct pkt *out, int linktype, const char *payload, uint32_t seq)
{
    struct tcp_spec t = {.sport = 40000,
                         .dport = 15213,
                         .seq = seq,
                         .ack = 1,
                         .flags = TCP_PSH | TCP_ACK,
                         .payload = payload,
                         .doff = -1};
    struct pkt l3 = {.n = 0};
    tcp4(&l3, &IP4_OK, &t);
    link_wrap(out, linktype, 0x0800, 0, &l3);
}

/* Opens NAME.pcap with link type file_lt and snapshot length snaplen in its header, and
 * writes a good packet first: payload in a frame of link type frame_lt. */
static bool start(struct wr *w, const char *dir, const char *name, uint32_t file_lt,
                  uint32_t snaplen, int frame_lt, const char *payload)
{
    if (!wopen(w, dir, name))
        return false;
    whdr(w, file_lt, snaplen);
    struct pkt g;
    good_frame(&g, frame_lt, payload, 1000);
    wrec(w, 1700000000, &g);
    return true;
}

/* Opens NAME.pcap (Ethernet) and writes the good packet before. */
static bool begin(struct wr *w, const char *dir, const char *name)
{
    return start(w, dir, name, LT_ETHERNET, 262144, LT_ETHERNET, "good-before");
}

/* Writes the good packet after, in a frame of link type lt, and closes. */
static int end_as(struct wr *w, int lt)
{
    struct pkt g;
    good_frame(&g, lt, "good-after", 2000);
    wrec(w, 1700000002, &g);
    return wclose(w);
}

static int end(struct wr *w)
{
    return end_as(w, LT_ETHERNET);
}

/* A file with the good packets around one hostile Ethernet frame. */
static int around(const char *dir, const char *name, const struct pkt *frame)
{
    struct wr w;
    if (!begin(&w, dir, name))
        return -1;
    wrec(&w, 1700000001, frame);
    return end(&w);
}

/* ---- the file-level cases ---- */

static int case_cut_global_header(const char *dir)
{
    struct wr w;
    if (!wopen(&w, dir, "cut_global_header"))
        return -1;
    whdr_cut(&w, LT_ETHERNET, 262144, 10);
    return wclose(&w);
}

static int case_cut_record_header(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "cut_record_header"))
        return -1;
    uint8_t half[8] = {0};
    wbytes(&w, half, sizeof half); /* 8 of the next record header's 16 bytes */
    return wclose(&w);
}

static int case_cut_record_data(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "cut_record_data"))
        return -1;
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "never-complete", 3000);
    wrec_raw(&w, 1700000001, 0, (uint32_t)g.n, (uint32_t)g.n, g.b, 20);
    return wclose(&w);
}

static int case_caplen_gt_len(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "caplen_gt_len"))
        return -1;
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "caplen-above-len", 3000);
    wrec_raw(&w, 1700000001, 0, (uint32_t)g.n, 40, g.b, g.n);
    return end(&w);
}

/* A snapshot length of 64 in the header, and a record of 120 captured bytes. */
static int case_caplen_gt_snaplen(const char *dir)
{
    struct wr w;
    if (!start(&w, dir, "caplen_gt_snaplen", LT_ETHERNET, 64, LT_ETHERNET, "good"))
        return -1;
    struct pkt g, big;
    good_frame(&big, LT_ETHERNET,
               "this payload makes the frame longer than the file's 64-byte snapshot", 1004);
    wrec(&w, 1700000001, &big);
    good_frame(&g, LT_ETHERNET, "good", 1072);
    wrec(&w, 1700000002, &g);
    return wclose(&w);
}

/* A record header claiming 0xfffffff0 captured bytes (and the good packet before). */
static int case_huge_caplen(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "huge_caplen"))
        return -1;
    uint8_t some[64] = {0};
    wrec_raw(&w, 1700000001, 0, 0xfffffff0u, 0xfffffff0u, some, sizeof some);
    return wclose(&w);
}

static int case_zero_length(const char *dir)
{
    struct wr w;
    if (!begin(&w, dir, "zero_length"))
        return -1;
    wrec_raw(&w, 1700000001, 0, 0, 0, NULL, 0);  /* nothing at all */
    wrec_raw(&w, 1700000001, 1, 0, 60, NULL, 0); /* 60 on the wire, none captured */
    return end(&w);
}

static int case_unknown_linktype(const char *dir)
{
    struct wr w;
    if (!start(&w, dir, "unknown_linktype", LT_USER0, 262144, LT_ETHERNET, "opaque"))
        return -1;
    return wclose(&w);
}

static int case_timestamps_backwards(const char *dir)
{
    struct wr w;
    if (!wopen(&w, dir, "timestamps_backwards"))
        return -1;
    whdr(&w, LT_ETHERNET, 262144);
    struct pkt g;
    good_frame(&g, LT_ETHERNET, "t=10", 1000);
    wrec(&w, 1700000010, &g);
    good_frame(&g, LT_ETHERNET, "t=5", 1004);
    wrec(&w, 1700000005, &g);
    good_frame(&g, LT_ETHERNET, "t=0", 1007);
    wrec_raw(&w, 0, 0, (uint32_t)g.n, (uint32_t)g.n, g.b, g.n); /* the epoch itself */
    good_frame(&g, LT_ETHERNET, "t=12", 1010);
    wrec(&w, 1700000012, &g);
    return wclose(&w);
}

/* Six VLAN tags (one 802.1ad, five 802.1Q), and ten: more than sniff keeps (8). */
static int case_vlan_stacked(const char *dir)
{
    struct pkt f;
    eth_frame(&f, l3_tcp_data, 6);
    int rc = around(dir, "vlan_stacked", &f);
    eth_frame(&f, l3_tcp_data, 10);
    rc |= around(dir, "vlan_deep", &f);
    eth_frame(&f, l3_tcp_data, 2); /* the ordinary QinQ pair */
    return rc | around(dir, "vlan_qinq", &f);
}

/* One TCP/IPv4 packet with options and payload, recorded at every caplen from 0 to its
 * length (len always the full length): truncation at every byte. */
static int case_truncated_every_length(const char *dir)
{
    struct wr w;
    if (!wopen(&w, dir, "truncated_every_length"))
        return -1;
    whdr(&w, LT_ETHERNET, 262144);
    struct pkt f;
    eth_frame(&f, l3_tcp_syn_opts, 1);
    for (size_t c = 0; c <= f.n; c++)
        wrec_snap(&w, 1700000000 + (uint32_t)c, &f, c);
    return wclose(&w);
}

/* The same packet in every link type we decode, one file each. */
static int case_link_types(const char *dir)
{
    static const struct {
        int lt;
        const char *name;
    } lts[] = {{LT_NULL, "link_null"}, {LT_LOOP, "link_loop"}, {LT_RAW, "link_raw"},
               {LT_SLL, "link_sll"},   {LT_SLL2, "link_sll2"}, {LT_IPV4, "link_ipv4"}};
    int rc = 0;
    for (size_t i = 0; i < sizeof lts / sizeof lts[0]; i++) {
        struct wr w;
        int lt = lts[i].lt;
        if (!start(&w, dir, lts[i].name, (uint32_t)lt, 262144, lt, "good-before"))
            return -1;
        /* A frame cut inside the link header itself. */
        struct pkt g;
        good_frame(&g, lt, "good-before", 1000);
        wrec_snap(&w, 1700000001, &g, lt == LT_SLL2 ? 11 : 2);
        rc |= end_as(&w, lt);
    }
    return rc;
}

int write_cases(const char *dir)
{
    int rc = 0;
    rc |= case_cut_global_header(dir);
    rc |= case_cut_record_header(dir);
    rc |= case_cut_record_data(dir);
    rc |= case_caplen_gt_len(dir);
    rc |= case_caplen_gt_snaplen(dir);
    rc |= case_huge_caplen(dir);
    rc |= case_zero_length(dir);
    rc |= case_unknown_linktype(dir);
    rc |= case_timestamps_backwards(dir);
    rc |= case_vlan_stacked(dir);
    rc |= case_truncated_every_length(dir);
    rc |= case_link_types(dir);
    for (size_t i = 0; i < nframes; i++) {
        if (!frames[i].hostile)
            continue;
        struct pkt f;
        eth_frame(&f, frames[i].build, 0);
        rc |= around(dir, frames[i].name, &f);
        /* The same fault with the frame cut short by the snapshot length too. */
        struct wr w;
        char name[128];
        snprintf(name, sizeof name, "%s_snap", frames[i].name);
        if (!begin(&w, dir, name))
            return -1;
        wrec_snap(&w, 1700000001, &f, f.n > 40 ? f.n - 6 : f.n);
        rc |= end(&w);
    }
    return rc;
}
