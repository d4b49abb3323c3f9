/*
 * hostile_seeds.c: seed inputs for the fuzz harnesses (gen_hostile --seeds DIR): every
 * frame of hostile_frames.c in every link type a decode harness reads (a control byte,
 * then the frame; good ones cut by a snapshot length too), TCP sequences for the
 * tracker harness ([ctl][len16][raw IP packet]...: a whole echo session over IPv4 and
 * IPv6, a mismatch with a retransmission and a reset, a mid-stream start), and the
 * file-level cases as pcap seeds.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gen_hostile.h"

/* Writes DIR/NAME: nhead bytes of head (none: 0), then the bytes of body. */
static int write_file(const char *dir, const char *name, const void *head, size_t nhead,
                      const struct pkt *body)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "gen_hostile: %s: %s\n", path, strerror(errno));
        return -1;
    }
    bool ok = (nhead == 0 || fwrite(head, 1, nhead, fp) == nhead) &&
              fwrite(body->b, 1, body->n, fp) == body->n;
    return fclose(fp) == 0 && ok ? 0 : -1;
}

/* A decode harness's seed: its control byte, then the frame. */
static int write_seed(const char *dir, const char *name, uint8_t ctl, const struct pkt *f)
{
    return write_file(dir, name, &ctl, 1, f);
}

static int write_track_seeds(const char *dir);

int write_seeds(const char *out)
{
    static const struct {
        int lt;
        const char *harness;
    } lts[] = {{LT_ETHERNET, "decode_eth"}, {LT_SLL, "decode_sll"},   {LT_SLL2, "decode_sll2"},
               {LT_NULL, "decode_null"},    {LT_LOOP, "decode_loop"}, {LT_RAW, "decode_raw"},
               {LT_IPV4, "decode_ipv4"},    {LT_IPV6, "decode_ipv6"}};
    int rc = mkdir_p(out);
    for (size_t i = 0; rc == 0 && i < sizeof lts / sizeof lts[0]; i++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", out, lts[i].harness);
        if (mkdir_p(dir) != 0)
            return -1;
        for (size_t k = 0; k < nframes; k++) {
            struct pkt l3 = {.n = 0}, f;
            unsigned et = frames[k].build(&l3);
            if ((lts[i].lt == LT_IPV4 && et != 0x0800) || (lts[i].lt == LT_IPV6 && et != 0x86dd))
                continue;
            if (et == 0x0806 && lts[i].lt != LT_ETHERNET && lts[i].lt != LT_SLL &&
                lts[i].lt != LT_SLL2)
                continue;
            link_wrap(&f, lts[i].lt, et, 0, &l3);
            rc |= write_seed(dir, frames[k].name, 0, &f);
            if (!frames[k].hostile && f.n > 30) { /* and cut by a snapshot length */
                char name[160];
                snprintf(name, sizeof name, "%s_snap", frames[k].name);
                struct pkt cut = f;
                cut.n = f.n - 10;
                rc |= write_seed(dir, name, 3, &cut);
            }
        }
        if (lts[i].lt == LT_ETHERNET) {
            struct pkt f;
            eth_frame(&f, l3_tcp_data, 2);
            rc |= write_seed(dir, "vlan_qinq", 0, &f);
            eth_frame(&f, l3_tcp_data, 6);
            rc |= write_seed(dir, "vlan_stacked", 0, &f);
        }
    }
    char tdir[4096];
    snprintf(tdir, sizeof tdir, "%s/track", out);
    rc |= write_track_seeds(tdir);
    char pdir[4096];
    snprintf(pdir, sizeof pdir, "%s/pcap", out);
    if (rc == 0 && mkdir_p(pdir) == 0)
        rc |= write_cases(pdir);
    return rc;
}

/* ---- sequences for the tracker harness: [ctl][len16][raw IP packet]... ---- */

struct seq_step {
    bool from_server;
    uint8_t flags;
    uint32_t seq, ack;
    const char *payload;
    uint8_t ctl; /* the harness's control byte: time step, snapshot cut */
};

static int write_track_seed(const char *dir, const char *name, const struct seq_step *st, size_t n,
                            bool v6)
{
    static const uint8_t syn_opts[] = {2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0,
                                       0, 1, 0,    0,    0, 0, 1, 3,  3, 7};
    struct pkt out = {.n = 0};
    for (size_t i = 0; i < n; i++) {
        struct tcp_spec t = {.sport = st[i].from_server ? 15213 : 40000,
                             .dport = st[i].from_server ? 40000 : 15213,
                             .seq = st[i].seq,
                             .ack = st[i].ack,
                             .flags = st[i].flags,
                             .payload = st[i].payload,
                             .doff = -1};
        if (st[i].flags & TCP_SYN) {
            t.opts = syn_opts;
            t.optlen = sizeof syn_opts;
        }
        struct pkt l3 = {.n = 0};
        if (v6) {
            struct pkt seg = {.n = 0};
            tcp_seg(&seg, &t, lo6, lo6, 16);
            ip6(&l3, NULL, 0, 6, &seg, -1);
        } else {
            tcp4(&l3, &IP4_OK, &t);
        }
        put8(&out, st[i].ctl);
        put16(&out, (unsigned)l3.n);
        putn(&out, l3.b, l3.n);
    }
    return write_file(dir, name, NULL, 0, &out);
}

#define SA (TCP_SYN | TCP_ACK)
#define PA (TCP_PSH | TCP_ACK)
#define FA (TCP_FIN | TCP_ACK)

static int write_track_seeds(const char *dir)
{
    /* A whole echo session: handshake, two requests echoed, both FINs. */
    static const struct seq_step echo[] = {
        {false, TCP_SYN, 100, 0, NULL, 1},
        {true, SA, 900, 101, NULL, 1},
        {false, TCP_ACK, 101, 901, NULL, 1},
        {false, PA, 101, 901, "hello\n", 2},
        {true, PA, 901, 107, "hello\n", 1},
        {false, TCP_ACK, 107, 907, NULL, 1},
        {false, PA, 107, 907, "second line\n", 2},
        {true, PA, 907, 119, "second ", 1},
        {true, PA, 914, 119, "line\n", 1},
        {false, FA, 119, 919, NULL, 3},
        {true, FA, 919, 120, NULL, 1},
        {false, TCP_ACK, 120, 920, NULL, 1},
    };
    /* An echo that differs, a retransmission, an out-of-order segment and a reset. */
    static const struct seq_step bad[] = {
        {false, TCP_SYN, 100, 0, NULL, 1},      {true, SA, 900, 101, NULL, 1},
        {false, TCP_ACK, 101, 901, NULL, 1},    {false, PA, 101, 901, "abcdef", 2},
        {false, PA, 101, 901, "abcdef", 40},    {true, PA, 901, 107, "abXdef", 1},
        {false, PA, 113, 907, "later", 2},      {false, PA, 107, 907, "gap!!!", 1},
        {true, PA, 907, 118, "gap!!!la", 0x41}, {true, TCP_ACK, 915, 118, NULL, 0x85},
        {false, TCP_RST, 118, 0, NULL, 1},
    };
    /* Mid-stream start (no SYN), a zero window, keep-alives, a server that echoes more. */
    static const struct seq_step mid[] = {
        {false, PA, 5000, 7000, "xyz", 1},
        {true, PA, 7000, 5003, "xyz", 1},
        {true, TCP_ACK, 7003, 5003, NULL, 1},
        {false, TCP_ACK, 5002, 7003, NULL, 30},
        {true, PA, 7003, 5003, "extra", 1},
        {false, FA, 5003, 7008, NULL, 1},
        {true, TCP_RST | TCP_ACK, 7008, 5004, NULL, 1},
    };
    int rc = mkdir_p(dir);
    rc |= write_track_seed(dir, "echo4", echo, sizeof echo / sizeof echo[0], false);
    rc |= write_track_seed(dir, "echo6", echo, sizeof echo / sizeof echo[0], true);
    rc |= write_track_seed(dir, "mismatch_retrans_rst", bad, sizeof bad / sizeof bad[0], false);
    rc |= write_track_seed(dir, "midstream", mid, sizeof mid / sizeof mid[0], false);
    return rc;
}
