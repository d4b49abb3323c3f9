/*
 * gen_capture.c: writes a large, realistic capture of echo traffic for benchmarking the
 * sniffer (bench/sniff_bench.sh) against tcpdump and tshark.
 *
 * Many echo connections run at once and their packets interleave: each is a Linux-style
 * three-way handshake (SYN with MSS, SACK_PERM, timestamps, NOP, window scale, in the
 * order Linux sends them), request/echo pairs (PSH,ACK with the timestamp option and a
 * line of text), pure ACKs, and a FIN/ACK exchange. IPv4 and TCP checksums are right,
 * timestamps increase by whole microseconds, sequence numbers, acknowledgements and
 * RFC 7323 TSval/TSecr are consistent, so tshark's expert analysis finds nothing to
 * report. The same seed always gives the same file, byte for byte.
 *
 * Frames are Ethernet (DLT_EN10MB) as Linux captures them on "lo" (zero MACs,
 * 127.0.0.1 both ways, server port 15213), or with --lan as two-host traffic between
 * real-looking MACs and documentation addresses (RFC 5737 192.0.2.0/24).
 *
 *   gen_capture [-n PACKETS] [-k CONCURRENT] [-S SEED] [--lan] -w FILE
 */
#include <pcap/pcap.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "inet_csum.h"

#define ECHO_PORT 15213
#define MAX_CONC 4096
#define MAX_LINE 1400 /* one segment: below the lo MSS and an Ethernet MTU */
#define FRAME_MAX (14 + 20 + 60 + MAX_LINE)

/* Where a connection is in its life: the next packet it will send. */
enum phase {
    PH_SYN,      /* client: SYN */
    PH_SYNACK,   /* server: SYN, ACK */
    PH_ACK,      /* client: ACK, handshake done */
    PH_REQUEST,  /* client: PSH, ACK with a line */
    PH_ECHO,     /* server: PSH, ACK with the same line */
    PH_DATA_ACK, /* client: ACK of the echo (not after every one: delayed ACKs) */
    PH_FIN1,     /* client: FIN, ACK (close) */
    PH_FIN2,     /* server: FIN, ACK (read EOF, closes too) */
    PH_LAST_ACK, /* client: ACK of the server's FIN */
    PH_DONE,
};

/* One end of a connection: what it has sent and what it has last seen of its peer. */
struct end {
    uint8_t mac[6];
    uint8_t ip[4];
    uint16_t port;
    uint32_t isn;
    uint32_t snd_nxt;   /* next sequence number to send */
    uint32_t ts_off;    /* RFC 7323: TSval = clock in ms + a per-connection random offset */
    uint32_t ts_recent; /* last TSval seen from the peer, echoed as TSecr */
    uint16_t ip_id;
    uint16_t window; /* raw window after the handshake, in units of 1 << WS */
};

struct conn {
    enum phase phase;
    struct end cli, srv;
    int requests_left;
    uint16_t line_len;
    char line[MAX_LINE];
};

struct gen {
    uint64_t rng;         /* xorshift64* state */
    uint64_t now_us;      /* capture clock, microseconds since the epoch */
    bool lan;             /* two hosts with MACs rather than loopback */
    uint16_t next_port;   /* next ephemeral client port */
    uint32_t next_client; /* --lan: next client host number */
    uint64_t packets;     /* written so far */
    uint64_t connections; /* started so far */
    pcap_dumper_t *dump;
    uint8_t frame[FRAME_MAX];
};

/* xorshift64* (Vigna): small, fast and the same everywhere, so files are reproducible. */
static uint64_t rnd(struct gen *g)
{
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 0x2545F4914F6CDD1DULL;
}

static uint32_t rnd_below(struct gen *g, uint32_t n)
{
    return (uint32_t)((rnd(g) >> 32) % n);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Lines people type at an echo client: the lecture's, and sentences made of words. */
static const char *const words[] = {
    "the",      "quick",  "brown",   "fox",    "jumps", "over",   "lazy",   "dog",
    "echo",     "server", "client",  "socket", "bytes", "stream", "packet", "network",
    "hello",    "world",  "message", "line",   "sent",  "back",   "again",  "rio",
    "read",     "write",  "connect", "accept", "bind",  "listen", "port",   "15213",
    "is",       "a",      "of",      "and",    "to",    "in",     "it",     "that",
    "carnegie", "mellon", "systems", "lab",    "proxy", "cache",  "thread", "buffer",
};
static const char *const fixed_lines[] = {
    "here is a message\n",
    "here is another one\n",
    "hello, world\n",
    /* no "GET / HTTP/1.0": tshark would take the stream for HTTP */
    "The quick brown fox jumps over the lazy dog.\n",
    "bye\n",
};

static void make_line(struct gen *g, struct conn *c)
{
    uint32_t pick = rnd_below(g, 100);
    if (pick < 30) {
        const char *s = fixed_lines[rnd_below(g, sizeof fixed_lines / sizeof fixed_lines[0])];
        c->line_len = (uint16_t)strlen(s);
        memcpy(c->line, s, c->line_len);
        return;
    }
    /* Mostly short lines; a few long ones, up to a full segment (a pasted paragraph). */
    uint32_t target = pick < 90 ? 8 + rnd_below(g, 72) : 100 + rnd_below(g, MAX_LINE - 100);
    size_t n = 0;
    while (n < target) {
        const char *w = words[rnd_below(g, sizeof words / sizeof words[0])];
        size_t wl = strlen(w);
        if (n + wl + 2 > target)
            break;
        if (n > 0)
            c->line[n++] = ' ';
        memcpy(c->line + n, w, wl);
        n += wl;
    }
    if (n == 0)
        c->line[n++] = 'x';
    if (c->line[0] >= 'a' && c->line[0] <= 'z')
        c->line[0] = (char)(c->line[0] - 'a' + 'A');
    c->line[n++] = '\n';
    c->line_len = (uint16_t)n;
}

static void start_conn(struct gen *g, struct conn *c)
{
    memset(c, 0, sizeof *c);
    c->phase = PH_SYN;
    c->requests_left = 1 + (int)rnd_below(g, 8);
    if (g->lan) {
        /* 52:54:00 is the prefix QEMU/KVM gives virtual NICs (locally administered). */
        static const uint8_t srv_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        uint32_t h = 10 + g->next_client % 200;
        uint8_t cli_mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, (uint8_t)h};
        memcpy(c->srv.mac, srv_mac, 6);
        memcpy(c->cli.mac, cli_mac, 6);
        memcpy(c->srv.ip, (uint8_t[4]){192, 0, 2, 1}, 4);
        memcpy(c->cli.ip, (uint8_t[4]){192, 0, 2, (uint8_t)h}, 4);
        g->next_client++;
    } else {
        memcpy(c->srv.ip, (uint8_t[4]){127, 0, 0, 1}, 4);
        memcpy(c->cli.ip, (uint8_t[4]){127, 0, 0, 1}, 4);
    }
    /* Linux's ephemeral range, net.ipv4.ip_local_port_range = 32768 60999, less the
     * ports Wireshark gives to another protocol (EtherCAT, PCP, PMPROXY, EtherNet/IP,
     * CBSP, AMS, IRC): there tshark would decode an echo line as that protocol. After
     * 28,000 connections ports are used again, as Linux does ("[TCP Port numbers
     * reused]" in tshark, a note, not a warning). */
    static const uint16_t claimed[] = {34980, 44321, 44322, 44818, 48049, 48898, 57000};
    bool taken;
    do {
        c->cli.port = g->next_port;
        g->next_port = (uint16_t)(g->next_port >= 60999 ? 32768 : g->next_port + 1);
        taken = false;
        for (size_t i = 0; i < sizeof claimed / sizeof claimed[0]; i++)
            taken = taken || c->cli.port == claimed[i];
    } while (taken);
    c->srv.port = ECHO_PORT;
    c->cli.isn = c->cli.snd_nxt = (uint32_t)rnd(g);
    c->srv.isn = c->srv.snd_nxt = (uint32_t)rnd(g);
    c->cli.ts_off = (uint32_t)rnd(g);
    c->srv.ts_off = (uint32_t)rnd(g);
    c->cli.ip_id = (uint16_t)rnd(g);
    c->srv.ip_id = (uint16_t)rnd(g);
    /* 512 << 7 = 65536 bytes on lo; a LAN host advertises less. */
    c->cli.window = g->lan ? 502 : 512;
    c->srv.window = g->lan ? 509 : 512;
    g->connections++;
}

/* Builds and writes one frame from `from` to `to`. */
static void emit(struct gen *g, struct end *from, struct end *to, uint16_t flags,
                 const char *payload, uint16_t plen)
{
    uint8_t *f = g->frame;
    bool syn = flags & 0x02;
    uint32_t tsval = (uint32_t)(g->now_us / 1000) + from->ts_off;

    /* Ethernet II */
    memcpy(f, to->mac, 6);
    memcpy(f + 6, from->mac, 6);
    put16(f + 12, 0x0800);

    /* TCP options (RFC 9293, RFC 7323, RFC 2018), laid out as Linux sends them. */
    uint8_t *tcp = f + 14 + 20;
    uint8_t *o = tcp + 20;
    size_t olen;
    uint16_t win;
    if (syn) {
        uint16_t mss = g->lan ? 1460 : 65495; /* lo's MTU is 65536: 65536 - 40 - 1 */
        o[0] = 2, o[1] = 4, put16(o + 2, mss);
        o[4] = 4, o[5] = 2;                       /* SACK permitted */
        o[6] = 8, o[7] = 10, put32(o + 8, tsval); /* timestamps */
        put32(o + 12, (flags & 0x10) ? from->ts_recent : 0);
        o[16] = 1;                       /* NOP */
        o[17] = 3, o[18] = 3, o[19] = 7; /* window scale: 1 << 7 */
        olen = 20;
        win = g->lan ? 64240 : (flags & 0x10) ? 65483 : 65495;
    } else {
        o[0] = 1, o[1] = 1, o[2] = 8, o[3] = 10;
        put32(o + 4, tsval);
        put32(o + 8, from->ts_recent);
        olen = 12;
        win = from->window;
    }
    to->ts_recent = tsval;

    size_t tcp_len = 20 + olen + plen;
    put16(tcp, from->port);
    put16(tcp + 2, to->port);
    put32(tcp + 4, from->snd_nxt);
    put32(tcp + 8, (flags & 0x10) ? to->snd_nxt : 0);
    tcp[12] = (uint8_t)(((20 + olen) / 4) << 4);
    tcp[13] = (uint8_t)flags;
    put16(tcp + 14, win);
    put16(tcp + 16, 0);
    put16(tcp + 18, 0);
    if (plen)
        memcpy(tcp + 20 + olen, payload, plen);

    /* IPv4 (RFC 791): DF set, TTL 64, as Linux sends TCP. */
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    ip[1] = 0;
    put16(ip + 2, (uint16_t)(20 + tcp_len));
    put16(ip + 4, from->ip_id++);
    put16(ip + 6, 0x4000);
    ip[8] = 64;
    ip[9] = 6;
    put16(ip + 10, 0);
    memcpy(ip + 12, from->ip, 4);
    memcpy(ip + 16, to->ip, 4);
    put16(ip + 10, inet_csum_fold(inet_csum_add(0, ip, 20)));

    /* TCP checksum over the pseudo-header (source, destination, zero, 6, length). */
    uint32_t acc = inet_csum_add(0, ip + 12, 8);
    acc += 6 + (uint32_t)tcp_len;
    put16(tcp + 16, inet_csum_fold(inet_csum_add(acc, tcp, tcp_len)));

    from->snd_nxt += plen + (syn ? 1 : 0) + ((flags & 0x01) ? 1 : 0);

    size_t len = 14 + 20 + tcp_len;
    struct pcap_pkthdr h = {
        .ts = {.tv_sec = (time_t)(g->now_us / 1000000),
               .tv_usec = (suseconds_t)(g->now_us % 1000000)},
        .caplen = (bpf_u_int32)len,
        .len = (bpf_u_int32)len,
    };
    pcap_dump((u_char *)g->dump, &h, f);
    g->packets++;
}

enum { F_FIN = 0x01, F_SYN = 0x02, F_PSH = 0x08, F_ACK = 0x10 };

/* The phases that send one fixed segment and always move to the same next phase. */
static const struct {
    bool from_server;
    uint8_t flags;
    enum phase next;
} fixed_phase[] = {
    [PH_SYN] = {false, F_SYN, PH_SYNACK},           [PH_SYNACK] = {true, F_SYN | F_ACK, PH_ACK},
    [PH_ACK] = {false, F_ACK, PH_REQUEST},          [PH_FIN1] = {false, F_FIN | F_ACK, PH_FIN2},
    [PH_FIN2] = {true, F_FIN | F_ACK, PH_LAST_ACK}, [PH_LAST_ACK] = {false, F_ACK, PH_DONE},
};

/* Sends the connection's next packet and moves it on. */
static void step(struct gen *g, struct conn *c)
{
    switch (c->phase) {
    case PH_REQUEST:
        make_line(g, c);
        emit(g, &c->cli, &c->srv, F_PSH | F_ACK, c->line, c->line_len);
        c->phase = PH_ECHO;
        break;
    case PH_ECHO:
        /* The echo acknowledges the request: no separate ACK from the server. */
        emit(g, &c->srv, &c->cli, F_PSH | F_ACK, c->line, c->line_len);
        c->requests_left--;
        /* The client ACKs an echo on its own about half the time (delayed ACK timer);
         * otherwise the ACK rides on its next request or its FIN. */
        if (rnd_below(g, 2) == 0)
            c->phase = PH_DATA_ACK;
        else
            c->phase = c->requests_left > 0 ? PH_REQUEST : PH_FIN1;
        break;
    case PH_DATA_ACK:
        emit(g, &c->cli, &c->srv, F_ACK, NULL, 0);
        c->phase = c->requests_left > 0 ? PH_REQUEST : PH_FIN1;
        break;
    case PH_DONE:
        break;
    default: {
        bool srv = fixed_phase[c->phase].from_server;
        emit(g, srv ? &c->srv : &c->cli, srv ? &c->cli : &c->srv, fixed_phase[c->phase].flags, NULL,
             0);
        c->phase = fixed_phase[c->phase].next;
        break;
    }
    }
}

static void usage(FILE *f)
{
    fprintf(f, "usage: gen_capture [-n PACKETS] [-k CONCURRENT] [-S SEED] [--lan] -w FILE\n"
               "  -n PACKETS     packets to write (default 1000000)\n"
               "  -k CONCURRENT  connections open at once (default 32, at most 4096)\n"
               "  -S SEED        random seed (default 15213): same seed, same file\n"
               "  --lan          two hosts with MACs (192.0.2.0/24) instead of loopback\n"
               "  -w FILE        output pcap file ('-' for standard output)\n");
}

/* The command line. */
struct args {
    uint64_t npackets, conc, seed;
    const char *path;
    bool lan;
};

/* argv into a: -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(s, "--lan") == 0) {
            a->lan = true;
        } else if (strcmp(s, "-n") == 0 && parse_u64(v, 1, UINT64_MAX / 2, &a->npackets)) {
            i++;
        } else if (strcmp(s, "-k") == 0 && parse_u64(v, 1, MAX_CONC, &a->conc)) {
            i++;
        } else if (strcmp(s, "-S") == 0 && parse_u64(v, 0, UINT64_MAX, &a->seed)) {
            i++;
        } else if (strcmp(s, "-w") == 0 && v != NULL) {
            a->path = v;
            i++;
        } else {
            fprintf(stderr, "gen_capture: bad argument '%s'%s\n", s,
                    v != NULL && s[0] == '-' ? " (or its value)" : "");
            usage(stderr);
            return 2;
        }
    }
    if (a->path == NULL) {
        fprintf(stderr, "gen_capture: no output file: give -w FILE\n");
        usage(stderr);
        return 2;
    }
    return -1;
}

/* The generator's state from the seed: same seed, same file. */
static void gen_start(struct gen *g, uint64_t seed, bool lan)
{
    /* splitmix64 of the seed: xorshift must not start at zero. */
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    g->rng = (z ^ (z >> 31)) | 1;
    g->now_us = 1764072000ULL * 1000000; /* 2025-11-25 12:00:00 UTC */
    g->lan = lan;
    g->next_port = (uint16_t)(32768 + rnd_below(g, 28232));
}

/* Connections open over time rather than all at once: start with one, and open
 * another at random until `conc` are running; a finished one is replaced. */
static void write_packets(struct gen *g, struct conn *conns, uint64_t conc, uint64_t npackets)
{
    uint64_t active = 1;
    start_conn(g, &conns[0]);
    while (g->packets < npackets) {
        if (active < conc && rnd_below(g, 8) == 0)
            start_conn(g, &conns[active++]);
        struct conn *c = &conns[rnd_below(g, (uint32_t)active)];
        /* Loopback is fast: a few microseconds to a few hundred between packets. */
        g->now_us += 1 + rnd_below(g, rnd_below(g, 16) == 0 ? 2000 : 120);
        step(g, c);
        if (c->phase == PH_DONE)
            start_conn(g, c);
    }
}

int main(int argc, char **argv)
{
    struct args a = {.npackets = 1000000, .conc = 32, .seed = 15213};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *path = a.path;

    struct gen *g = calloc(1, sizeof *g);
    struct conn *conns = calloc(a.conc, sizeof *conns);
    if (g == NULL || conns == NULL) {
        fprintf(stderr, "gen_capture: out of memory\n");
        return 1;
    }
    gen_start(g, a.seed, a.lan);

    pcap_t *dead =
        pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 262144, PCAP_TSTAMP_PRECISION_MICRO);
    if (dead == NULL) {
        fprintf(stderr, "gen_capture: pcap_open_dead failed\n");
        return 1;
    }
    g->dump = pcap_dump_open(dead, path);
    if (g->dump == NULL) {
        fprintf(stderr, "gen_capture: %s\n", pcap_geterr(dead));
        pcap_close(dead);
        return 1;
    }

    write_packets(g, conns, a.conc, a.npackets);

    rc = 0;
    if (pcap_dump_flush(g->dump) != 0) {
        fprintf(stderr, "gen_capture: writing %s failed\n", path);
        rc = 1;
    }
    pcap_dump_close(g->dump);
    pcap_close(dead);
    fprintf(stderr, "gen_capture: %llu packets, %llu connections, %s\n",
            (unsigned long long)g->packets, (unsigned long long)g->connections, path);
    free(conns);
    free(g);
    return rc;
}
