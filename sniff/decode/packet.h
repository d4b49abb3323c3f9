/*
 * packet.h: what the decoders produce and every later stage reads.
 *
 * The pipeline is decode -> track -> (filter) -> format. Decoders (decode/dec_*.c) fill
 * a struct packet from captured bytes through a bounds-checked cursor and never print;
 * the tracker (track/) adds per-connection facts (relative sequence numbers, window
 * scale); formatters (format/) read these structs only and never parse bytes themselves
 * (the hex formatter reads the raw bytes, which are data, not headers). Protocol
 * numbers are named in proto.h.
 *
 * All multi-byte fields are in host order. Pointers point into the captured frame,
 * which lives as long as the packet is being processed.
 */
#ifndef ECHOSNIFF_PACKET_H
#define ECHOSNIFF_PACKET_H

#include <stdbool.h>
#include <stdint.h>

/* How far a layer's decoding got. TRUNCATED: the capture (snaplen) cut it short, shown
 * as Wireshark's "[Packet size limited during capture]". MALFORMED: a declared length or
 * field is impossible (IHL < 5, data offset past the end...), "[Malformed Packet]". */
enum layer_status { LAYER_ABSENT = 0, LAYER_OK, LAYER_TRUNCATED, LAYER_MALFORMED };

enum link_kind {
    LINK_ETHERNET, /* DLT_EN10MB */
    LINK_SLL,      /* DLT_LINUX_SLL, capture on "any" */
    LINK_SLL2,     /* DLT_LINUX_SLL2 */
    LINK_NULL,     /* DLT_NULL: BSD loopback, host-order address family */
    LINK_LOOP,     /* DLT_LOOP: OpenBSD loopback, network-order address family */
    LINK_RAW,      /* DLT_RAW / LINKTYPE_RAW: starts with an IP header */
    LINK_IPV4,     /* LINKTYPE_IPV4 */
    LINK_IPV6,     /* LINKTYPE_IPV6 */
};

#define PKT_MAX_VLAN 8 /* tags kept; more are skipped and counted (nvlan_more) */
#define PKT_MAX_IP6_EXT 8
#define PKT_MAX_TCP_OPTS 40 /* 40 option bytes at most: at most 40 options */
#define PKT_MAX_SACK 4
#define PKT_MAX_IP4_OPT_ADDRS 10 /* 40 option bytes hold at most 9 addresses */

struct frame_info {
    uint64_t number;     /* 1-based position in the file or capture */
    int64_t ts_sec;      /* capture time */
    uint32_t ts_nsec;    /* nanoseconds (pcap microseconds are scaled up) */
    uint32_t caplen;     /* bytes captured */
    uint32_t len;        /* bytes on the wire */
    int linktype;        /* DLT_* as libpcap reports it */
    const uint8_t *data; /* the caplen captured bytes */
};

struct vlan_tag {
    uint16_t tpid; /* 0x8100 (802.1Q) or 0x88a8 (802.1ad) */
    uint8_t pcp;
    bool dei;
    uint16_t vid;
};

struct link_info {
    enum link_kind kind;
    enum layer_status status;
    uint32_t hdr_len; /* bytes of link header, including VLAN tags */
    /* Ethernet */
    uint8_t src[6], dst[6];
    int nvlan;
    struct vlan_tag vlan[PKT_MAX_VLAN];
    int nvlan_more;     /* tags beyond PKT_MAX_VLAN: skipped, not kept */
    uint16_t more_tpid; /* the first skipped tag's TPID (the last kept tag's Type) */
    /* Linux cooked (SLL/SLL2) */
    uint16_t pkttype;   /* 0 to us, 1 broadcast, 2 multicast, 3 to someone else, 4 sent by us */
    uint16_t hatype;    /* ARPHRD_* */
    uint16_t halen;     /* link-layer address length (at most 8 are kept in src) */
    uint8_t addr[8];    /* link-layer source address from the cooked header */
    uint32_t ifindex;   /* SLL2 only */
    uint32_t family;    /* NULL/LOOP: the address family */
    uint16_t ethertype; /* what follows: 0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP, ... */
};

struct ipv4_info {
    enum layer_status status;
    /* Why MALFORMED, e.g. "bogus IPv4 header length (16, must be at least 20)". */
    const char *problem;
    uint8_t version;    /* 4 */
    uint8_t hdr_len;    /* bytes: IHL * 4 */
    uint8_t dscp, ecn;  /* RFC 2474, RFC 3168 */
    uint16_t total_len; /* RFC 791 total length */
    uint16_t id;
    bool rb, df, mf;      /* reserved, don't fragment, more fragments */
    uint16_t frag_offset; /* in bytes (field * 8) */
    uint8_t ttl;
    uint8_t proto;
    uint16_t checksum;
    uint8_t src[4], dst[4];
    const uint8_t *options; /* hdr_len - 20 bytes, captured in full when status is OK */
    uint8_t options_len;
    /* Where the options carry IPv4 addresses (RFC 791: the Record Route and Timestamp
     * entries filled so far, every Loose or Strict Source Route hop): frame offsets of
     * 4-byte addresses, for --anonymize. */
    uint32_t opt_addr_off[PKT_MAX_IP4_OPT_ADDRS];
    uint8_t opt_naddrs;
    bool is_fragment; /* MF set or offset != 0: payload is shown, not reassembled */
};

struct ip6_ext {
    uint8_t type; /* IP_PROTO_HOPOPTS, _ROUTING, _FRAGMENT, _DSTOPTS or _AH (proto.h) */
    uint16_t len; /* bytes of this extension header */
    uint8_t next; /* next header it names */
    /* fragment header fields, when type is IP_PROTO_FRAGMENT */
    uint16_t frag_offset; /* bytes */
    bool mf;
    uint32_t frag_id;
};

struct ipv6_info {
    enum layer_status status;
    const char *problem;
    uint8_t version; /* 6 */
    uint8_t tclass;  /* DSCP << 2 | ECN */
    uint32_t flow;   /* 20-bit flow label */
    uint16_t payload_len;
    uint8_t next_header; /* first next header in the fixed header */
    uint8_t hop_limit;
    uint8_t src[16], dst[16];
    int next; /* number of extension headers in ext[] */
    struct ip6_ext ext[PKT_MAX_IP6_EXT];
    uint8_t proto;     /* upper-layer protocol after the extension headers */
    uint32_t hdrs_len; /* 40 + all extension headers */
    bool is_fragment;
};

enum tcp_flag_bits {
    TCP_FIN = 0x001,
    TCP_SYN = 0x002,
    TCP_RST = 0x004,
    TCP_PSH = 0x008,
    TCP_ACK = 0x010,
    TCP_URG = 0x020,
    TCP_ECE = 0x040,
    TCP_CWR = 0x080,
    TCP_AE = 0x100 /* was NS, RFC 3540 */
};

struct tcp_opt {
    uint8_t kind;        /* 0 EOL, 1 NOP, 2 MSS, 3 WS, 4 SACK_PERM, 5 SACK, 8 timestamps, ... */
    uint8_t len;         /* as declared (1 for EOL and NOP) */
    const uint8_t *data; /* len - 2 value bytes (captured), NULL for EOL/NOP */
    bool bad;            /* length impossible for the kind, or overruns the header */
};

struct tcp_info {
    enum layer_status status;
    const char *problem;
    uint16_t sport, dport;
    uint32_t seq, ack; /* raw, as on the wire */
    uint8_t hdr_len;   /* data offset * 4 */
    uint16_t flags;    /* enum tcp_flag_bits; 3 reserved bits are in reserved */
    uint8_t reserved;
    uint16_t window; /* raw, unscaled */
    uint16_t checksum;
    uint16_t urgent;
    /* Options in wire order, plus the parsed values of the common ones (RFC 9293 MSS,
     * RFC 7323 window scale and timestamps, RFC 2018 SACK). */
    int nopts;
    struct tcp_opt opts[PKT_MAX_TCP_OPTS];
    bool has_mss, has_ws, has_sack_perm, has_ts;
    uint16_t mss;
    uint8_t ws_shift; /* WS=1 << ws_shift */
    uint32_t ts_val, ts_ecr;
    int nsack;
    uint32_t sack_left[PKT_MAX_SACK], sack_right[PKT_MAX_SACK];
    bool opts_bad; /* an option was malformed */
    /* Payload: length from the IP header (total length), never from caplen; the pointer
     * covers only what was captured of it. */
    uint32_t payload_len;
    const uint8_t *payload;
    uint32_t payload_caplen;
    /* Added: the ports were captured (even if the rest of the header was not), and the
     * segment's length as the IP header declares it (header + payload). */
    bool have_ports;
    uint32_t seg_len;
};

struct udp_info {
    enum layer_status status;
    const char *problem;
    uint16_t sport, dport, len, checksum;
};

/* Whether an ICMP or ICMPv6 message is an echo (ping), from its type (RFC 792 types 8
 * and 0, RFC 4443 types 128 and 129): decided by the decoder, read by every stage. */
enum icmp_echo { ICMP_NOT_ECHO = 0, ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY };

struct icmp_info {
    enum layer_status status;
    const char *problem;
    bool v6;
    uint8_t type, code;
    uint16_t checksum;
    enum icmp_echo echo; /* set once the type was read */
    uint16_t id, seq;    /* echo request/reply: read when echo is set and captured */
    /* An error message (ICMP types 3, 4, 5, 11, 12; ICMPv6 1 to 4): the frame offset of
     * the datagram it quotes, 0 when none of it was captured. */
    uint32_t quote_off;
    /* Addresses the message itself carries, as frame offsets of fully captured fields
     * (for --anonymize): a redirect's gateway (4 bytes, ICMP) or an ICMPv6 neighbour
     * discovery target and destination (16 bytes, RFC 4861), and the link-layer
     * addresses of ND's source/target link-layer address options (6 bytes). */
    uint32_t addr_off[2];
    uint8_t naddrs;
    uint32_t mac_off[4];
    uint8_t nmacs;
    /* Added by icmp_track.c: for an echo reply, the frame number of its request (0 when
     * none was seen), Wireshark's "(request in N)". */
    uint64_t request_in;
};

/* ARP (RFC 826) over Ethernet/IPv4, for a readable line among other traffic. */
struct arp_info {
    enum layer_status status;
    uint16_t htype, ptype, oper; /* oper 1 request, 2 reply */
    uint8_t hlen, plen;
    uint8_t sha[6], spa[4], tha[6], tpa[4]; /* filled when hlen == 6 and plen == 4 */
};

/* What the tracker adds for TCP: Wireshark's relative numbers and calculated window. */
struct tcp_track {
    bool valid;
    uint32_t stream; /* 0-based, Wireshark's tcp.stream */
    uint32_t rel_seq, rel_ack;
    uint32_t next_rel_seq; /* rel_seq + payload_len (+1 for SYN/FIN) */
    int32_t ws_shift;      /* -1 unknown (no SYN seen), -2 no scaling negotiated, else shift */
    uint64_t calc_window;  /* window << shift, or raw window when shift is unknown */
    bool ack_valid;        /* rel_ack meaningful (ACK set and peer's ISN known) */
    /* The TCP state (track/conn.h's enum tcp_state) of [0] the client and [1] the server
     * before and after this segment, when it was analysed (states_valid). */
    bool states_valid;
    uint8_t state_before[2], state[2];
};

enum net_kind { NET_NONE = 0, NET_IPV4, NET_IPV6, NET_ARP, NET_OTHER };
enum l4_kind { L4_NONE = 0, L4_TCP, L4_UDP, L4_ICMP, L4_ICMPV6, L4_OTHER };

struct packet {
    struct frame_info frame;
    struct link_info link;
    enum net_kind net;
    struct ipv4_info ip4;
    struct ipv6_info ip6;
    enum l4_kind l4;
    uint8_t l4_proto; /* IP protocol number of the upper layer */
    struct tcp_info tcp;
    struct udp_info udp;
    struct icmp_info icmp;
    struct tcp_track track;
    /* Summary of the whole decode: the outermost problem decides the marker. */
    bool truncated;              /* some layer was cut by the snapshot length */
    bool malformed;              /* some layer declared impossible lengths */
    const char *malformed_layer; /* "IPv4", "TCP", ... */
    /* Added by the decoders for later stages (checksums, hex pane): where the network
     * and transport headers start in frame.data, and the transport segment's length as
     * the IP header declares it (so checksums cover exactly that many bytes). */
    uint32_t net_off;
    uint32_t l4_off;
    uint32_t l4_len;
    struct arp_info arp;
};

#endif
