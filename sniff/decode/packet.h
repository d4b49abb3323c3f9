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
    LINK_PPP,      /* DLT_PPP: PPP, with or without HDLC-like address and control */
    LINK_PPP_HDLC, /* DLT_PPP_SERIAL: PPP in HDLC-like framing (RFC 1662), or Cisco HDLC */
    LINK_CHDLC,    /* DLT_C_HDLC: Cisco HDLC */
    LINK_WLAN,     /* DLT_IEEE802_11: an 802.11 frame, no radio header */
    LINK_RADIOTAP, /* DLT_IEEE802_11_RADIO: radiotap, then the 802.11 frame */
    LINK_PPI,      /* DLT_PPI: Per-Packet Information header, then (802.11) */
    LINK_IPOIB,    /* DLT_IPOIB: IP over InfiniBand (RFC 4391) with its 40-byte pseudo-header */
    LINK_ARCNET,   /* DLT_ARCNET_LINUX */
    LINK_JUNIPER,  /* DLT_JUNIPER_ETHER: a Juniper header, then Ethernet */
    LINK_UNKNOWN,  /* any other: the frame is shown as data */
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
    /* Digits of the file's time resolution, as Wireshark shows times: 6 for pcap, 9 for
     * nanosecond pcap, pcapng's if_tsresol; 0 means 6. */
    uint8_t ts_digits;
    /* pcapng: the interface the record names (Wireshark's "on interface lo, id 0") */
    bool has_iface;
    uint32_t iface_id;
    uint32_t section;        /* the pcapng section, from 1 */
    const char *iface_name;  /* if_name, NULL when the file has none */
    const char *iface_descr; /* if_description, NULL when none */
    bool has_epb_flags;      /* the record's epb_flags: direction, reception, errors */
    uint32_t epb_flags;
};

struct vlan_tag {
    uint16_t tpid; /* 0x8100 (802.1Q) or 0x88a8 (802.1ad) */
    uint8_t pcp;
    bool dei;
    uint16_t vid;
};

/* PPP (RFC 1661) as captures frame it, and Cisco HDLC: the HDLC-like address and control
 * bytes when present (RFC 1662 3.1), then the protocol: PPP's own numbers, or an
 * EtherType under Cisco HDLC. */
struct ppp_hdr {
    bool has_ac; /* the address and control bytes are there */
    bool chdlc;  /* Cisco HDLC: protocol is an EtherType */
    uint8_t address, control;
    uint16_t protocol;
    uint8_t proto_len; /* 2, or 1 when compressed (RFC 1661 6.5) */
    /* A PPP control protocol's packet (LCP, IPCP, IPV6CP...; RFC 1661 5): its code,
     * identifier and length, when captured. */
    bool has_code;
    uint8_t code, id;
    uint16_t len;
};

/* ARCNET with Linux's header: source and destination IDs, the hardware offset, the
 * protocol ID and, for RFC 1201 protocols, the split flag and sequence number. */
struct arcnet_hdr {
    uint8_t src, dst;
    uint8_t offset[2];
    uint8_t protid;
    bool has_split;
    uint8_t split;
    uint16_t seq;
};

/* IP over InfiniBand as libpcap's LINKTYPE_IPOIB records it: a 40-byte pseudo-header
 * (a Global Route Header, or zeros and the destination's QPN and GID), then RFC 4391's
 * 4-byte header: an EtherType and 2 reserved bytes. */
struct ipoib_hdr {
    bool grh;       /* the first 40 bytes are a Global Route Header */
    uint32_t word0; /* GRH: version:4 traffic class:8 flow label:20 */
    uint32_t qpn;   /* the GRH's source QPN, or the destination's */
    uint8_t sgid[16], dgid[16];
    uint16_t reserved;
};

/* Juniper's capture header (DLT_JUNIPER_*): "MGC", flags, and with flag 0x80 a length
 * and TLV extensions. */
#define PKT_MAX_JUNIPER_TLV 4
struct juniper_hdr {
    uint8_t flags; /* 0x01 direction in, 0x02 no L2 header, 0x80 extensions */
    uint16_t ext_len;
    uint8_t ntlv;
    struct {
        uint8_t type, len;
        uint32_t value; /* TLVs below 128 are little-endian, others big-endian */
    } tlv[PKT_MAX_JUNIPER_TLV];
};

/* Radiotap (radiotap.org) and PPI headers in front of an 802.11 frame: the fields
 * Wireshark's list and tree show first. has: the radiotap field bits present and
 * decoded (bit numbers as in the present word). */
enum radiotap_field {
    RT_TSFT = 0,
    RT_FLAGS = 1,
    RT_RATE = 2,
    RT_CHANNEL = 3,
    RT_FHSS = 4,
    RT_DBM_SIGNAL = 5,
    RT_DBM_NOISE = 6,
    RT_ANTENNA = 11,
    RT_RX_FLAGS = 14,
    RT_MCS = 19,
    RT_EXT = 31,
};
#define RT_FLAG_FCS 0x10     /* the frame ends with its 4-byte FCS */
#define RT_FLAG_DATAPAD 0x20 /* padding between the 802.11 header and its body */
struct radio_info {
    uint8_t version, pad;
    uint16_t len;      /* radiotap: it_len; PPI: pph_len */
    uint32_t present0; /* the first present word */
    uint8_t npresent;  /* present words (bit 31 chains them) */
    uint32_t has;      /* fields decoded from the first word's namespace */
    uint64_t tsft;
    uint8_t flags, rate; /* rate in 500 kb/s */
    uint16_t freq, chan_flags;
    int8_t signal, noise; /* dBm */
    uint8_t antenna;
    uint16_t rx_flags;
    uint8_t mcs_known, mcs_flags, mcs_index;
    /* PPI (the Per-Packet Information header) */
    uint8_t ppi_flags;
    uint32_t ppi_dlt;
};

/* IEEE 802.11: the MAC header (IEEE 802.11-2020 9.2), then for data frames the LLC and
 * SNAP headers (IEEE 802.2) naming what follows; for management frames what the packet
 * list shows (beacon interval, SSID). */
struct wlan_hdr {
    struct radio_info radio;
    uint32_t off;    /* frame offset of the 802.11 header */
    uint16_t fc;     /* frame control as a little-endian field */
    uint8_t type;    /* 0 management, 1 control, 2 data, 3 extension */
    uint8_t subtype; /* 0..15 */
    uint8_t flags;   /* ToDS, FromDS, more fragments, retry, power, more data, protected, +HTC */
    uint16_t duration;
    uint8_t naddr; /* addresses present: 1 to 4 */
    uint8_t addr[4][6];
    bool has_seq;
    uint16_t seq_ctl; /* fragment:4 sequence:12 */
    bool has_qos;
    uint16_t qos;
    uint32_t mac_len; /* bytes of MAC header (and data padding) */
    bool fcs;         /* the frame ends with a 4-byte FCS */
    uint32_t fcs_value;
    /* LLC (IEEE 802.2) and SNAP after a data frame's header */
    bool has_llc, snap;
    uint8_t dsap, ssap, ctl;
    uint8_t oui[3];
    uint16_t pid;
    /* Management frames: the beacon interval and the SSID element, when present */
    bool has_bi, has_ssid;
    uint16_t beacon_interval;
    uint8_t ssid_len;
    const uint8_t *ssid;
};

struct link_info {
    enum link_kind kind;
    enum layer_status status;
    uint32_t hdr_len; /* bytes of link header, including VLAN tags */
    /* Ethernet (also inside a Juniper header or a tunnel) */
    uint32_t eth_off; /* frame offset of the Ethernet header */
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
    /* The other link layers' own headers (by kind) */
    union {
        struct ppp_hdr ppp;         /* LINK_PPP, LINK_PPP_HDLC, LINK_CHDLC */
        struct arcnet_hdr arcnet;   /* LINK_ARCNET */
        struct ipoib_hdr ipoib;     /* LINK_IPOIB */
        struct juniper_hdr juniper; /* LINK_JUNIPER, with the Ethernet fields above */
        struct wlan_hdr wlan;       /* LINK_WLAN, LINK_RADIOTAP, LINK_PPI */
    } u;
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
    /* An authentication header after the IPv4 header (RFC 4302), before what it names */
    struct ah_info {
        bool present;
        uint8_t next;
        uint16_t len; /* bytes: (payload len + 2) * 4 */
        uint32_t spi, seq;
        uint32_t off; /* frame offset of the header; the ICV is its bytes 12 to len */
    } ah;
};

struct ip6_ext {
    uint8_t type; /* IP_PROTO_HOPOPTS, _ROUTING, _FRAGMENT, _DSTOPTS or _AH (proto.h) */
    uint16_t len; /* bytes of this extension header */
    uint8_t next; /* next header it names */
    /* fragment header fields, when type is IP_PROTO_FRAGMENT */
    uint16_t frag_offset; /* bytes */
    bool mf;
    uint32_t frag_id;
    /* authentication header fields (RFC 4302), when type is IP_PROTO_AH */
    uint32_t spi, ah_seq;
    uint32_t off; /* frame offset of the extension header */
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
    /* The segment is the first fragment of an IP datagram that cannot be reassembled
     * (the snapshot cut it): its header is shown, as Wireshark does, but it is no
     * segment of the connection's analysis (pinfo->fragmented). */
    bool fragmented;
    /* Payload: length from the IP header (total length), never from caplen; the pointer
     * covers only what was captured of it. */
    uint32_t payload_len;
    const uint8_t *payload;
    uint32_t payload_caplen;
    /* Added: the ports were captured (even if the rest of the header was not), and the
     * segment's length as the IP header declares it (header + payload). */
    bool have_ports;
    uint32_t seg_len;
    /* Cut inside the fixed header after the window (16 to 19 bytes captured): the ports,
     * numbers, flags and window were read, the checksum and urgent pointer not. */
    bool head_only;
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
    /* The connection uses Accurate ECN (negotiated by the handshake, or an AccECN
     * option seen): AE, CWR and ECE are the 3-bit ACE counter, shown "ACE=n". */
    bool accecn;
    /* A retransmission (plain or spurious) or an out-of-order segment, not a keep-alive:
     * Wireshark hands its payload to no dissector (tcp.no_subdissector_on_error), so its
     * tree has no "Data". */
    bool payload_undissected;
};

/* IP Payload Compression (RFC 3173): its header only; the payload is compressed. */
struct ipcomp_info {
    uint8_t next, flags;
    uint16_t cpi;
};

/* Tunnels: GRE (RFC 2784, RFC 2890 key and sequence number), with WCCP's redirect header
 * after it; VXLAN (RFC 7348) and Geneve (RFC 8926) over UDP. */
struct gre_info {
    uint16_t flags_ver; /* C R K S s, recursion:3, flags:5, version:3 */
    uint16_t proto;     /* an EtherType */
    uint16_t checksum, offset;
    uint32_t key, seq;
    uint8_t hdr_len;
    bool wccp; /* WCCP (protocol 0x883e) with its 4-byte redirect header */
    uint32_t wccp_hdr;
};

struct vxlan_info {
    uint16_t flags;
    uint16_t gpid; /* group policy ID (the GBP extension) */
    uint32_t vni;  /* 24 bits */
    uint8_t reserved;
};

/* PPPoE session (RFC 2516 4): version and type, code, session ID, length; then PPP. */
struct pppoe_info {
    uint8_t ver_type, code;
    uint16_t session, len;
    uint16_t ppp_protocol;
};

/* An L2TPv2 data message (RFC 2661 3.1): flags and version, the optional length,
 * tunnel and session IDs, the optional Ns/Nr and offset; then the PPP frame's address
 * and control (when present) and protocol. */
#define L2TP_T 0x8000 /* a control message */
#define L2TP_L 0x4000 /* length present */
#define L2TP_S 0x0800 /* Ns and Nr present */
#define L2TP_O 0x0200 /* offset size present */
#define L2TP_P 0x0100 /* priority */
struct l2tp_info {
    uint16_t flags_ver;
    uint16_t len, tunnel, session, ns, nr, offset;
    bool ppp_ac; /* the PPP frame starts with address 0xff and control 0x03 */
    uint16_t ppp_protocol;
};

/* One MPLS label stack entry (RFC 3032 2.1). */
struct mpls_info {
    uint32_t label; /* 20 bits */
    uint8_t exp, ttl;
    bool bottom;
};

struct geneve_info {
    uint8_t version;
    uint8_t opt_len; /* bytes of options */
    uint8_t flags;   /* O (OAM), C (critical options), reserved */
    uint16_t proto;  /* an EtherType */
    uint32_t vni;
    uint8_t reserved;
};

/* A header the decoders passed on their way to a tunnel's inner packet. The packet's own
 * network and transport fields describe the innermost packet, as Wireshark's columns do
 * (and the connection tracker keys on its socket pair); these are the layers around it,
 * outermost first, kept for -V and the privacy rewrites. */
enum encap_kind {
    ENCAP_IP4 = 1,
    ENCAP_IP6,
    ENCAP_UDP,
    ENCAP_GRE,
    ENCAP_VXLAN,
    ENCAP_GENEVE,
    ENCAP_ETH,
    ENCAP_PPPOE, /* a PPPoE session and its PPP header */
    ENCAP_MPLS,  /* one label stack entry */
    ENCAP_L2TP,  /* an L2TPv2 data message and its PPP header */
};
#define PKT_MAX_ENCAP 8

struct encap {
    enum encap_kind kind;
    uint32_t off; /* frame offset of the header */
    uint32_t len; /* bytes on the wire from off (the header and what it carries) */
    union {
        struct ipv4_info ip4;
        struct ipv6_info ip6;
        struct udp_info udp;
        struct gre_info gre;
        struct vxlan_info vxlan;
        struct geneve_info geneve;
        struct pppoe_info pppoe;
        struct mpls_info mpls;
        struct l2tp_info l2tp;
        struct link_info eth; /* an inner Ethernet header (VXLAN, Geneve, GRE's 0x6558) */
    } u;
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
    struct ipcomp_info ipcomp; /* l4 L4_OTHER with l4_proto IP_PROTO_IPCOMP */
    /* The tunnel headers around the innermost packet, outermost first. Last, and reset
     * only as far as used: most packets have none. */
    int nencap;
    bool encap_more; /* tunnels nested deeper than PKT_MAX_ENCAP: the rest is data */
    struct encap encap[PKT_MAX_ENCAP];
};

/* The frame's time in nanoseconds since 1970, saturated: a file may hold any 64-bit
 * seconds (pcapng), more than a 64-bit count of nanoseconds spans (past 2262). */
static inline int64_t frame_ns(const struct frame_info *f)
{
    const int64_t lim = INT64_MAX / 1000000000 - 1;
    if (f->ts_sec > lim)
        return INT64_MAX;
    if (f->ts_sec < -lim)
        return INT64_MIN;
    return f->ts_sec * 1000000000 + f->ts_nsec;
}

/* Whether the packet is shown as an IP fragment ("Fragmented IP protocol"): a fragment,
 * unless its TCP header was decoded (tcp.fragmented: a first fragment the snapshot cut). */
static inline bool pkt_shown_as_fragment(const struct packet *p)
{
    bool frag =
        (p->net == NET_IPV4 && p->ip4.is_fragment) || (p->net == NET_IPV6 && p->ip6.is_fragment);
    return frag && !(p->l4 == L4_TCP && p->tcp.fragmented);
}

#endif
