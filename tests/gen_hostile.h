/*
 * gen_hostile.h: what gen_hostile's files share: packets built layer by layer and pcap
 * files written by hand (hostile_build.c), the table of hostile and good frames
 * (hostile_frames.c), the file-level cases (hostile_files.c) and the fuzz seeds
 * (hostile_seeds.c). See gen_hostile.c for what the program writes.
 */
#ifndef ECHOSNIFF_GEN_HOSTILE_H
#define ECHOSNIFF_GEN_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Link types as written in files (LINKTYPE_*, tcpdump.org/linktypes.html). */
enum {
    LT_NULL = 0,
    LT_ETHERNET = 1,
    LT_RAW = 101,
    LT_LOOP = 108,
    LT_SLL = 113,
    LT_USER0 = 147, /* reserved for private use: no dissector knows it */
    LT_IPV4 = 228,
    LT_IPV6 = 229,
    LT_SLL2 = 276,
};

#define MAXPKT 4096

struct pkt {
    uint8_t b[MAXPKT];
    size_t n;
};

/* Appends bytes, big-endian (network order); nothing past MAXPKT. */
void put8(struct pkt *p, unsigned v);
void put16(struct pkt *p, unsigned v);
void put32(struct pkt *p, uint32_t v);
void putn(struct pkt *p, const void *src, size_t n);
/* Overwrites the 16 bits at off (a checksum, a length). */
void set16(struct pkt *p, size_t off, unsigned v);

/* How a TCP header is to be broken: -1 leaves a field as a correct header has it. */
struct tcp_spec {
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    const uint8_t *opts;
    size_t optlen; /* padded with EOL to a multiple of 4 unless doff is forced */
    const char *payload;
    int doff; /* data offset in 32-bit words */
};

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* Appends a TCP segment; the checksum covers it with the pseudo-header of src/dst. */
void tcp_seg(struct pkt *p, const struct tcp_spec *t, const uint8_t *src, const uint8_t *dst,
             size_t alen);

/* 127.0.0.1 and ::1, the addresses of every case. */
extern const uint8_t lo4[4];
extern const uint8_t lo6[16];

struct ip4_spec {
    int ihl;    /* -1: 5 */
    int totlen; /* -1: header + payload */
    uint8_t proto;
    uint16_t frag; /* flags and offset field */
};

/* Appends an IPv4 header (no options unless ihl > 5: then NOPs) and the l4 bytes. */
void ip4(struct pkt *p, const struct ip4_spec *s, const struct pkt *l4);

/* IPv4 + TCP over loopback, the workhorse of the cases. */
void tcp4(struct pkt *p, const struct ip4_spec *ip, const struct tcp_spec *t);

/* A correct IPv4 header carrying TCP. */
extern const struct ip4_spec IP4_OK;

/* An IPv6 extension header of 8 * (1 + hlen8) bytes naming next. */
struct ext6 {
    uint8_t type, next, hlen8;
};

/* Appends an IPv6 header, the extension headers, then l4 (proto after the chain). The
 * payload length is plen if >= 0, else what follows the fixed header. */
void ip6(struct pkt *p, const struct ext6 *ext, int next, uint8_t proto, const struct pkt *l4,
         int plen);

/* Wraps an L3 packet in the link header of linktype. ethertype 0x0800/0x86dd/0x0806.
 * nvlan 802.1Q/802.1ad tags go between the Ethernet addresses and the type. */
void link_wrap(struct pkt *out, int linktype, unsigned ethertype, int nvlan, const struct pkt *l3);

/* A pcap file being written by hand (hostile_build.c). */
struct wr {
    FILE *f;
    const char *path;
    bool failed;
};
/* Appends n raw bytes to the file. */
void wbytes(struct wr *w, const void *b, size_t n);

/* Opens DIR/NAME.pcap: false (said) when it cannot. */
bool wopen(struct wr *w, const char *dir, const char *name);

/* The 24-byte global header (microsecond pcap, little-endian), written up to cut bytes. */
void whdr_cut(struct wr *w, uint32_t linktype, uint32_t snaplen, size_t cut);
/* The whole global header. */
void whdr(struct wr *w, uint32_t linktype, uint32_t snaplen);

/* A record header claiming caplen/len, then ndata bytes of data (which may be fewer than
 * caplen, to cut the file mid-record). */
void wrec_raw(struct wr *w, uint32_t sec, uint32_t usec, uint32_t caplen, uint32_t len,
              const uint8_t *data, size_t ndata);
/* A record of the whole frame. */
void wrec(struct wr *w, uint32_t sec, const struct pkt *frame);

/* A record captured to caplen bytes of a frame whose wire length is frame->n. */
void wrec_snap(struct wr *w, uint32_t sec, const struct pkt *frame, size_t caplen);

/* Closes the file: 0, or -1 (said) when a write failed. */
int wclose(struct wr *w);

/* mkdir path unless it exists: 0, or -1 (said). */
int mkdir_p(const char *path);

/* Each builds an L3 packet into l3 and says which EtherType carries it. */
typedef unsigned (*l3_builder)(struct pkt *l3);

/* The frames of hostile_frames.c, good and hostile: each a fuzz seed, each hostile one
 * a case of its own too (NAME.pcap and NAME_snap.pcap). */
struct hostile_frame {
    const char *name;
    l3_builder build;
    bool hostile;
};
extern const struct hostile_frame frames[];
extern const size_t nframes;

/* A good data segment, 127.0.0.1:40000 -> 127.0.0.1:15213 [PSH, ACK]. */
unsigned l3_tcp_data(struct pkt *l3);

/* Every option at once, correct: the SYN Linux sends, for the seeds. */
unsigned l3_tcp_syn_opts(struct pkt *l3);

/* The L3 packet b builds, in an Ethernet frame with nvlan VLAN tags. */
void eth_frame(struct pkt *out, l3_builder b, int nvlan);

/* hostile_files.c: every case, one DIR/NAME.pcap each: 0, or -1 when one failed. */
int write_cases(const char *dir);

/* hostile_seeds.c: the fuzz harnesses' seeds under out: 0, or -1 when one failed. */
int write_seeds(const char *out);

#endif
