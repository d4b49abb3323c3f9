/*
 * test_fmt_detail.c: the -V detail tree against tshark's.
 *
 * Each golden case is a frame's bytes and the text `tshark -n -V` (Wireshark 4.0.17, the
 * version Debian 12 installs) printed for it, with the lines removed that need state this
 * formatter does not get (the list is in tests/test_sniff_view.sh: time deltas from other
 * frames, conversation completeness, [Timestamps], [SEQ/ACK analysis], UDP stream
 * index). The frames come from the lecture (frame 1799, its 72 bytes copied from the
 * slide) and from a generator that wrote a SYN with options, an ICMPv6 echo, a UDP
 * datagram, a VLAN-tagged segment, a short TCP segment, a SYN cut by the snapshot length,
 * an IPv6 fragment, a Linux cooked v2 frame, a RST with a bad checksum, a ping whose
 * data starts with its send time, a padded ARP request and a SYN under two VLAN tags. The frames
 * are decoded by the real decoders; the tracker's relative numbers are set by hand to what
 * Wireshark had computed from the frames before, so the formatter is tested alone.
 * Arrival times are printed in UTC (tshark ran with TZ=UTC). The same frames check the
 * colouring rules of color.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pcap/dlt.h>

#include "decode.h"
#include "fmt.h"
#include "test_dec_common.h" /* frame1799, the lecture's frame */

struct golden {
    uint64_t number;
    int linktype;
    uint32_t wire;
    int64_t sec;
    uint32_t nsec;
    const uint8_t *bytes;
    size_t len;
    bool checks;
    const char *text;
    bool prefix; /* text is only the start of the tree */
};

/* frame1799: the lecture's frame (bytes in test_dec_common.h) in a pcap of its own, tshark 4.0.17
 * -n -V */
static const char frame1799_text[] =
    "Frame 1799: 72 bytes on wire (576 bits), 72 bytes captured (576 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Jan  1, 1970 00:16:40.914380000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1000.914380000 seconds\n"
    "    Frame Number: 1799\n"
    "    Frame Length: 72 bytes (576 bits)\n"
    "    Capture Length: 72 bytes (576 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ip:tcp:data]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 128.237.252.163, Dst: 128.2.220.10\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 58\n"
    "    Identification: 0x2c7a (11386)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 128\n"
    "    Protocol: TCP (6)\n"
    "    Header Checksum: 0xf4a5 [validation disabled]\n"
    "    [Header checksum status: Unverified]\n"
    "    Source Address: 128.237.252.163\n"
    "    Destination Address: 128.2.220.10\n"
    "Transmission Control Protocol, Src Port: 55306, Dst Port: 15213, Seq: 1, Ack: 1, Len: 18\n"
    "    Source Port: 55306\n"
    "    Destination Port: 15213\n"
    "    [Stream index: 0]\n"
    "    [TCP Segment Len: 18]\n"
    "    Sequence Number: 1    (relative sequence number)\n"
    "    Sequence Number (raw): 4104427884\n"
    "    [Next Sequence Number: 19    (relative sequence number)]\n"
    "    Acknowledgment Number: 1    (relative ack number)\n"
    "    Acknowledgment number (raw): 1977512298\n"
    "    0101 .... = Header Length: 20 bytes (5)\n"
    "    Flags: 0x018 (PSH, ACK)\n"
    "        000. .... .... = Reserved: Not set\n"
    "        ...0 .... .... = Accurate ECN: Not set\n"
    "        .... 0... .... = Congestion Window Reduced: Not set\n"
    "        .... .0.. .... = ECN-Echo: Not set\n"
    "        .... ..0. .... = Urgent: Not set\n"
    "        .... ...1 .... = Acknowledgment: Set\n"
    "        .... .... 1... = Push: Set\n"
    "        .... .... .0.. = Reset: Not set\n"
    "        .... .... ..0. = Syn: Not set\n"
    "        .... .... ...0 = Fin: Not set\n"
    "        [TCP Flags: ·······AP···]\n"
    "    Window: 16383\n"
    "    [Calculated window size: 16383]\n"
    "    [Window size scaling factor: -1 (unknown)]\n"
    "    Checksum: 0x968b [unverified]\n"
    "    [Checksum Status: Unverified]\n"
    "    Urgent Pointer: 0\n"
    "    TCP payload (18 bytes)\n"
    "Data (18 bytes)\n"
    "    Data: 686572652069732061206d6573736167650a\n"
    "    [Length: 18]\n"
    "\n";
#define frame1799_GOLDEN                                                                           \
    {                                                                                              \
        1799, 1, 72, 1000, 914380000, frame1799, sizeof frame1799, false, frame1799_text, false    \
    }

/* syn_options: frame 1 of a capture made by a generator, tshark 4.0.17 -n -V with checksum
 * validation */
static const uint8_t syn_options_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00, 0x45,
    0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x86, 0x0a, 0x00, 0x00, 0x01,
    0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00,
    0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x5d, 0x76, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02,
    0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07};
static const char syn_options_text[] =
    "Frame 1: 74 bytes on wire (592 bits), 74 bytes captured (592 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:20.000000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000000.000000000 seconds\n"
    "    Frame Number: 1\n"
    "    Frame Length: 74 bytes (592 bits)\n"
    "    Capture Length: 74 bytes (592 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ip:tcp]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 60\n"
    "    Identification: 0x1234 (4660)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 64\n"
    "    Protocol: TCP (6)\n"
    "    Header Checksum: 0x1486 [correct]\n"
    "    [Header checksum status: Good]\n"
    "    [Calculated Checksum: 0x1486]\n"
    "    Source Address: 10.0.0.1\n"
    "    Destination Address: 10.0.0.2\n"
    "Transmission Control Protocol, Src Port: 40000, Dst Port: 15213, Seq: 0, Len: 0\n"
    "    Source Port: 40000\n"
    "    Destination Port: 15213\n"
    "    [Stream index: 0]\n"
    "    [TCP Segment Len: 0]\n"
    "    Sequence Number: 0    (relative sequence number)\n"
    "    Sequence Number (raw): 1000\n"
    "    [Next Sequence Number: 1    (relative sequence number)]\n"
    "    Acknowledgment Number: 0\n"
    "    Acknowledgment number (raw): 0\n"
    "    1010 .... = Header Length: 40 bytes (10)\n"
    "    Flags: 0x002 (SYN)\n"
    "        000. .... .... = Reserved: Not set\n"
    "        ...0 .... .... = Accurate ECN: Not set\n"
    "        .... 0... .... = Congestion Window Reduced: Not set\n"
    "        .... .0.. .... = ECN-Echo: Not set\n"
    "        .... ..0. .... = Urgent: Not set\n"
    "        .... ...0 .... = Acknowledgment: Not set\n"
    "        .... .... 0... = Push: Not set\n"
    "        .... .... .0.. = Reset: Not set\n"
    "        .... .... ..1. = Syn: Set\n"
    "            [Expert Info (Chat/Sequence): Connection establish request (SYN): server port "
    "15213]\n"
    "                [Connection establish request (SYN): server port 15213]\n"
    "                [Severity level: Chat]\n"
    "                [Group: Sequence]\n"
    "        .... .... ...0 = Fin: Not set\n"
    "        [TCP Flags: ··········S·]\n"
    "    Window: 64240\n"
    "    [Calculated window size: 64240]\n"
    "    Checksum: 0x5d76 [correct]\n"
    "    [Checksum Status: Good]\n"
    "    [Calculated Checksum: 0x5d76]\n"
    "    Urgent Pointer: 0\n"
    "    Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation "
    "(NOP), Window scale\n"
    "        TCP Option - Maximum segment size: 1460 bytes\n"
    "            Kind: Maximum Segment Size (2)\n"
    "            Length: 4\n"
    "            MSS Value: 1460\n"
    "        TCP Option - SACK permitted\n"
    "            Kind: SACK Permitted (4)\n"
    "            Length: 2\n"
    "        TCP Option - Timestamps: TSval 1, TSecr 0\n"
    "            Kind: Time Stamp Option (8)\n"
    "            Length: 10\n"
    "            Timestamp value: 1\n"
    "            Timestamp echo reply: 0\n"
    "        TCP Option - No-Operation (NOP)\n"
    "            Kind: No-Operation (1)\n"
    "        TCP Option - Window scale: 7 (multiply by 128)\n"
    "            Kind: Window Scale (3)\n"
    "            Length: 3\n"
    "            Shift count: 7\n"
    "            [Multiplier: 128]\n"
    "\n";
#define syn_options_GOLDEN                                                                         \
    {                                                                                              \
        1, 1, 74, 1700000000, 0, syn_options_bytes, sizeof syn_options_bytes, true,                \
            syn_options_text, false                                                                \
    }

/* icmp6_echo: frame 9 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t icmp6_echo_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x86, 0xdd,
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x3a, 0x40, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x80, 0x00,
    0x74, 0xa0, 0x00, 0x07, 0x00, 0x01, 0x70, 0x69, 0x6e, 0x67};
static const char icmp6_echo_text[] =
    "Frame 9: 66 bytes on wire (528 bits), 66 bytes captured (528 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:28.008000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000008.008000000 seconds\n"
    "    Frame Number: 9\n"
    "    Frame Length: 66 bytes (528 bits)\n"
    "    Capture Length: 66 bytes (528 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ipv6:icmpv6:data]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv6 (0x86dd)\n"
    "Internet Protocol Version 6, Src: fe80::1, Dst: 2001:db8::5\n"
    "    0110 .... = Version: 6\n"
    "    .... 0000 0000 .... .... .... .... .... = Traffic Class: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        .... 0000 00.. .... .... .... .... .... = Differentiated Services Codepoint: Default "
    "(0)\n"
    "        .... .... ..00 .... .... .... .... .... = Explicit Congestion Notification: Not "
    "ECN-Capable Transport (0)\n"
    "    .... 0000 0000 0000 0000 0000 = Flow Label: 0x00000\n"
    "    Payload Length: 12\n"
    "    Next Header: ICMPv6 (58)\n"
    "    Hop Limit: 64\n"
    "    Source Address: fe80::1\n"
    "    Destination Address: 2001:db8::5\n"
    "Internet Control Message Protocol v6\n"
    "    Type: Echo (ping) request (128)\n"
    "    Code: 0\n"
    "    Checksum: 0x74a0 [correct]\n"
    "    [Checksum Status: Good]\n"
    "    Identifier: 0x0007\n"
    "    Sequence: 1\n"
    "    Data (4 bytes)\n"
    "        Data: 70696e67\n"
    "        [Length: 4]\n"
    "\n";
#define icmp6_echo_GOLDEN                                                                          \
    {                                                                                              \
        9, 1, 66, 1700000008, 8000000, icmp6_echo_bytes, sizeof icmp6_echo_bytes, false,           \
            icmp6_echo_text, false                                                                 \
    }

/* udp_data: frame 5 of a capture made by a generator, tshark 4.0.17 -n -V with checksum validation
 */
static const uint8_t udp_data_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x14, 0x8f, 0x0a, 0x00,
    0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x14, 0x00, 0xe1,
    0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
static const char udp_data_text[] =
    "Frame 5: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:24.004000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000004.004000000 seconds\n"
    "    Frame Number: 5\n"
    "    Frame Length: 54 bytes (432 bits)\n"
    "    Capture Length: 54 bytes (432 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ip:udp:data]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 40\n"
    "    Identification: 0x1234 (4660)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 64\n"
    "    Protocol: UDP (17)\n"
    "    Header Checksum: 0x148f [correct]\n"
    "    [Header checksum status: Good]\n"
    "    [Calculated Checksum: 0x148f]\n"
    "    Source Address: 10.0.0.1\n"
    "    Destination Address: 10.0.0.2\n"
    "User Datagram Protocol, Src Port: 40000, Dst Port: 15213\n"
    "    Source Port: 40000\n"
    "    Destination Port: 15213\n"
    "    Length: 20\n"
    "    Checksum: 0x00e1 [correct]\n"
    "        [Calculated Checksum: 0x00e1]\n"
    "    [Checksum Status: Good]\n"
    "    UDP payload (12 bytes)\n"
    "Data (12 bytes)\n"
    "    Data: 123401000001000000000000\n"
    "    [Length: 12]\n"
    "\n";
#define udp_data_GOLDEN                                                                            \
    {                                                                                              \
        5, 1, 54, 1700000004, 4000000, udp_data_bytes, sizeof udp_data_bytes, true, udp_data_text, \
            false                                                                                  \
    }

/* vlan: frame 10 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t vlan_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x81, 0x00, 0x60,
    0x64, 0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x9a,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03,
    0xf5, 0x00, 0x00, 0x13, 0x89, 0x50, 0x10, 0x01, 0xf6, 0xaa, 0xb0, 0x00, 0x00};
static const char vlan_text[] =
    "Frame 10: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:29.009000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000009.009000000 seconds\n"
    "    Frame Number: 10\n"
    "    Frame Length: 58 bytes (464 bits)\n"
    "    Capture Length: 58 bytes (464 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:vlan:ethertype:ip:tcp]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: 802.1Q Virtual LAN (0x8100)\n"
    "802.1Q Virtual LAN, PRI: 3, DEI: 0, ID: 100\n"
    "    011. .... .... .... = Priority: Critical Applications (3)\n"
    "    ...0 .... .... .... = DEI: Ineligible\n"
    "    .... 0000 0110 0100 = ID: 100\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 40\n"
    "    Identification: 0x1234 (4660)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 64\n"
    "    Protocol: TCP (6)\n"
    "    Header Checksum: 0x149a [validation disabled]\n"
    "    [Header checksum status: Unverified]\n"
    "    Source Address: 10.0.0.1\n"
    "    Destination Address: 10.0.0.2\n"
    "Transmission Control Protocol, Src Port: 40000, Dst Port: 15213, Seq: 13, Ack: 1, Len: 0\n"
    "    Source Port: 40000\n"
    "    Destination Port: 15213\n"
    "    [Stream index: 0]\n"
    "    [TCP Segment Len: 0]\n"
    "    Sequence Number: 13    (relative sequence number)\n"
    "    Sequence Number (raw): 1013\n"
    "    [Next Sequence Number: 13    (relative sequence number)]\n"
    "    Acknowledgment Number: 1    (relative ack number)\n"
    "    Acknowledgment number (raw): 5001\n"
    "    0101 .... = Header Length: 20 bytes (5)\n"
    "    Flags: 0x010 (ACK)\n"
    "        000. .... .... = Reserved: Not set\n"
    "        ...0 .... .... = Accurate ECN: Not set\n"
    "        .... 0... .... = Congestion Window Reduced: Not set\n"
    "        .... .0.. .... = ECN-Echo: Not set\n"
    "        .... ..0. .... = Urgent: Not set\n"
    "        .... ...1 .... = Acknowledgment: Set\n"
    "        .... .... 0... = Push: Not set\n"
    "        .... .... .0.. = Reset: Not set\n"
    "        .... .... ..0. = Syn: Not set\n"
    "        .... .... ...0 = Fin: Not set\n"
    "        [TCP Flags: ·······A····]\n"
    "    Window: 502\n"
    "    [Calculated window size: 64256]\n"
    "    [Window size scaling factor: 128]\n"
    "    Checksum: 0xaab0 [unverified]\n"
    "    [Checksum Status: Unverified]\n"
    "    Urgent Pointer: 0\n"
    "\n";
#define vlan_GOLDEN                                                                                \
    {                                                                                              \
        10, 1, 58, 1700000009, 9000000, vlan_bytes, sizeof vlan_bytes, false, vlan_text, false     \
    }

/* short_segment: frame 1 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t short_segment_bytes[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x9a, 0x0a, 0x00,
    0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xf0, 0x10, 0x00, 0x01, 0xfb, 0xcd, 0x00, 0x00};
static const char short_segment_text[] =
    "Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:20.000000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000000.000000000 seconds\n"
    "    Frame Number: 1\n"
    "    Frame Length: 54 bytes (432 bits)\n"
    "    Capture Length: 54 bytes (432 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ip:tcp]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: ff:ff:ff:ff:ff:ff\n"
    "    Destination: ff:ff:ff:ff:ff:ff\n"
    "        Address: ff:ff:ff:ff:ff:ff\n"
    "        .... ..1. .... .... .... .... = LG bit: Locally administered address (this is NOT the "
    "factory default)\n"
    "        .... ...1 .... .... .... .... = IG bit: Group address (multicast/broadcast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 40\n"
    "    Identification: 0x1234 (4660)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 64\n"
    "    Protocol: TCP (6)\n"
    "    Header Checksum: 0x149a [validation disabled]\n"
    "    [Header checksum status: Unverified]\n"
    "    Source Address: 10.0.0.1\n"
    "    Destination Address: 10.0.0.2\n"
    "Transmission Control Protocol, Src Port: 1, Dst Port: 2, Seq: 0, Ack: 0\n"
    "    Source Port: 1\n"
    "    Destination Port: 2\n"
    "    [Stream index: 0]\n"
    "    Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or "
    "someone else deliberately sending unusual packets)\n"
    "        [Expert Info (Warning/Malformed): Short segment. Segment/fragment does not contain a "
    "full TCP header (might be NMAP or someone else deliberately sending unusual packets)]\n"
    "            [Short segment. Segment/fragment does not contain a full TCP header (might be "
    "NMAP or someone else deliberately sending unusual packets)]\n"
    "            [Severity level: Warning]\n"
    "            [Group: Malformed]\n"
    "    Sequence Number: 0    (relative sequence number)\n"
    "    Sequence Number (raw): 0\n"
    "    Acknowledgment Number: 0    (relative ack number)\n"
    "    Acknowledgment number (raw): 0\n"
    "    1111 .... = Header Length: 60 bytes (15)\n"
    "    Flags: 0x010 (ACK)\n"
    "        000. .... .... = Reserved: Not set\n"
    "        ...0 .... .... = Accurate ECN: Not set\n"
    "        .... 0... .... = Congestion Window Reduced: Not set\n"
    "        .... .0.. .... = ECN-Echo: Not set\n"
    "        .... ..0. .... = Urgent: Not set\n"
    "        .... ...1 .... = Acknowledgment: Set\n"
    "        .... .... 0... = Push: Not set\n"
    "        .... .... .0.. = Reset: Not set\n"
    "        .... .... ..0. = Syn: Not set\n"
    "        .... .... ...0 = Fin: Not set\n"
    "        [TCP Flags: ·······A····]\n"
    "    Window: 1\n"
    "    [Calculated window size: 1]\n"
    "    [Window size scaling factor: -1 (unknown)]\n"
    "    Checksum: 0xfbcd [unverified]\n"
    "    [Checksum Status: Unverified]\n"
    "    Urgent Pointer: 0\n"
    "    Options: (40 bytes)\n"
    "[Malformed Packet: TCP]\n"
    "    [Expert Info (Error/Malformed): Malformed Packet (Exception occurred)]\n"
    "        [Malformed Packet (Exception occurred)]\n"
    "        [Severity level: Error]\n"
    "        [Group: Malformed]\n"
    "\n";
#define short_segment_GOLDEN                                                                       \
    {                                                                                              \
        1, 1, 54, 1700000000, 0, short_segment_bytes, sizeof short_segment_bytes, false,           \
            short_segment_text, false                                                              \
    }

/* trunc_options: frame 2 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t trunc_options_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00, 0x45,
    0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x86, 0x0a, 0x00, 0x00, 0x01,
    0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00,
    0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x5d, 0x76, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02};
static const char trunc_options_text[] =
    "Frame 2: 74 bytes on wire (592 bits), 60 bytes captured (480 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:21.001000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000001.001000000 seconds\n"
    "    Frame Number: 2\n"
    "    Frame Length: 74 bytes (592 bits)\n"
    "    Capture Length: 60 bytes (480 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ip:tcp]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 60\n"
    "    Identification: 0x1234 (4660)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 64\n"
    "    Protocol: TCP (6)\n"
    "    Header Checksum: 0x1486 [validation disabled]\n"
    "    [Header checksum status: Unverified]\n"
    "    Source Address: 10.0.0.1\n"
    "    Destination Address: 10.0.0.2\n"
    "Transmission Control Protocol, Src Port: 40000, Dst Port: 15213, Seq: 0, Len: 0\n"
    "    Source Port: 40000\n"
    "    Destination Port: 15213\n"
    "    [Stream index: 0]\n"
    "    [TCP Segment Len: 0]\n"
    "    Sequence Number: 0    (relative sequence number)\n"
    "    Sequence Number (raw): 1000\n"
    "    [Next Sequence Number: 1    (relative sequence number)]\n"
    "    Acknowledgment Number: 0\n"
    "    Acknowledgment number (raw): 0\n"
    "    1010 .... = Header Length: 40 bytes (10)\n"
    "    Flags: 0x002 (SYN)\n"
    "        000. .... .... = Reserved: Not set\n"
    "        ...0 .... .... = Accurate ECN: Not set\n"
    "        .... 0... .... = Congestion Window Reduced: Not set\n"
    "        .... .0.. .... = ECN-Echo: Not set\n"
    "        .... ..0. .... = Urgent: Not set\n"
    "        .... ...0 .... = Acknowledgment: Not set\n"
    "        .... .... 0... = Push: Not set\n"
    "        .... .... .0.. = Reset: Not set\n"
    "        .... .... ..1. = Syn: Set\n"
    "            [Expert Info (Chat/Sequence): Connection establish request (SYN): server port "
    "15213]\n"
    "                [Connection establish request (SYN): server port 15213]\n"
    "                [Severity level: Chat]\n"
    "                [Group: Sequence]\n"
    "        .... .... ...0 = Fin: Not set\n"
    "        [TCP Flags: ··········S·]\n"
    "    Window: 64240\n"
    "    [Calculated window size: 64240]\n"
    "    Checksum: 0x5d76 [unverified]\n"
    "    [Checksum Status: Unverified]\n"
    "    Urgent Pointer: 0\n"
    "    Options: (20 bytes), Maximum segment size, SACK permitted\n"
    "        TCP Option - Maximum segment size: 1460 bytes\n"
    "            Kind: Maximum Segment Size (2)\n"
    "            Length: 4\n"
    "            MSS Value: 1460\n"
    "        TCP Option - SACK permitted\n"
    "            Kind: SACK Permitted (4)\n"
    "            Length: 2\n"
    "[Packet size limited during capture: TCP truncated]\n"
    "\n";
#define trunc_options_GOLDEN                                                                       \
    {                                                                                              \
        2, 1, 74, 1700000001, 1000000, trunc_options_bytes, sizeof trunc_options_bytes, false,     \
            trunc_options_text, false                                                              \
    }

/* ip6_frag: frame 13 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t ip6_frag_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x86, 0xdd, 0x60,
    0x00, 0x00, 0x00, 0x00, 0x12, 0x2c, 0x40, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x11, 0x00, 0x00, 0x01, 0x00, 0xab,
    0xcd, 0xef, 0x00, 0x07, 0x00, 0x09, 0x00, 0x0a, 0x59, 0x10, 0x7a, 0x7a};
static const char ip6_frag_text[] =
    "Frame 13: 72 bytes on wire (576 bits), 72 bytes captured (576 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:32.012000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000012.012000000 seconds\n"
    "    Frame Number: 13\n"
    "    Frame Length: 72 bytes (576 bits)\n"
    "    Capture Length: 72 bytes (576 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ipv6:ipv6.fraghdr:data]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv6 (0x86dd)\n"
    "Internet Protocol Version 6, Src: fe80::1, Dst: 2001:db8::5\n"
    "    0110 .... = Version: 6\n"
    "    .... 0000 0000 .... .... .... .... .... = Traffic Class: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        .... 0000 00.. .... .... .... .... .... = Differentiated Services Codepoint: Default "
    "(0)\n"
    "        .... .... ..00 .... .... .... .... .... = Explicit Congestion Notification: Not "
    "ECN-Capable Transport (0)\n"
    "    .... 0000 0000 0000 0000 0000 = Flow Label: 0x00000\n"
    "    Payload Length: 18\n"
    "    Next Header: Fragment Header for IPv6 (44)\n"
    "    Hop Limit: 64\n"
    "    Source Address: fe80::1\n"
    "    Destination Address: 2001:db8::5\n"
    "    Fragment Header for IPv6\n"
    "        Next header: UDP (17)\n"
    "        Reserved octet: 0x00\n"
    "        0000 0000 0000 0... = Offset: 0 (0 bytes)\n"
    "        .... .... .... .00. = Reserved bits: 0\n"
    "        .... .... .... ...1 = More Fragments: Yes\n"
    "        Identification: 0x00abcdef\n"
    "Data (10 bytes)\n"
    "    Data: 00070009000a59107a7a\n"
    "    [Length: 10]\n"
    "\n";
#define ip6_frag_GOLDEN                                                                            \
    {                                                                                              \
        13, 1, 72, 1700000012, 12000000, ip6_frag_bytes, sizeof ip6_frag_bytes, false,             \
            ip6_frag_text, false                                                                   \
    }

/* sll2 (the link layer only; the rest is syn_options): frame 1 of a capture made by a generator,
 * tshark 4.0.17 -n -V */
static const uint8_t sll2_bytes[] = {
    0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x06, 0x00, 0x16, 0xea, 0xe3,
    0x54, 0xe6, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x86,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03, 0xe8,
    0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x5d, 0x76, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
    0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07};
static const char sll2_text[] =
    "Frame 1: 80 bytes on wire (640 bits), 80 bytes captured (640 bits)\n"
    "    Encapsulation type: Linux cooked-mode capture v2 (210)\n"
    "    Arrival Time: Nov 14, 2023 22:13:20.000000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000000.000000000 seconds\n"
    "    Frame Number: 1\n"
    "    Frame Length: 80 bytes (640 bits)\n"
    "    Capture Length: 80 bytes (640 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: sll:ethertype:ip:tcp]\n"
    "Linux cooked capture v2\n"
    "    Protocol: IPv4 (0x0800)\n"
    "    Interface index: 2\n"
    "    Link-layer address type: Ethernet (1)\n"
    "    Packet type: Unicast to us (0)\n"
    "    Link-layer address length: 6\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "    Unused: 0000\n";
#define sll2_GOLDEN                                                                                \
    {                                                                                              \
        1, 276, 80, 1700000000, 0, sll2_bytes, sizeof sll2_bytes, false, sll2_text, true           \
    }

/* bad_tcp_csum: frame 4 of a capture made by a generator, tshark 4.0.17 -n -V with checksum
 * validation */
static const uint8_t bad_tcp_csum_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x9a, 0x0a, 0x00,
    0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x3b, 0x6d, 0x00, 0x00, 0x03, 0xf5,
    0x00, 0x00, 0x00, 0x00, 0x50, 0x04, 0x00, 0x00, 0xd1, 0x2a, 0x00, 0x00};
static const char bad_tcp_csum_text[] =
    "Frame 4: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:23.003000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000003.003000000 seconds\n"
    "    Frame Number: 4\n"
    "    Frame Length: 54 bytes (432 bits)\n"
    "    Capture Length: 54 bytes (432 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ip:tcp]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 40\n"
    "    Identification: 0x1234 (4660)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 64\n"
    "    Protocol: TCP (6)\n"
    "    Header Checksum: 0x149a [correct]\n"
    "    [Header checksum status: Good]\n"
    "    [Calculated Checksum: 0x149a]\n"
    "    Source Address: 10.0.0.1\n"
    "    Destination Address: 10.0.0.2\n"
    "Transmission Control Protocol, Src Port: 40000, Dst Port: 15213, Seq: 13, Len: 0\n"
    "    Source Port: 40000\n"
    "    Destination Port: 15213\n"
    "    [Stream index: 0]\n"
    "    [TCP Segment Len: 0]\n"
    "    Sequence Number: 13    (relative sequence number)\n"
    "    Sequence Number (raw): 1013\n"
    "    [Next Sequence Number: 13    (relative sequence number)]\n"
    "    Acknowledgment Number: 0\n"
    "    Acknowledgment number (raw): 0\n"
    "    0101 .... = Header Length: 20 bytes (5)\n"
    "    Flags: 0x004 (RST)\n"
    "        000. .... .... = Reserved: Not set\n"
    "        ...0 .... .... = Accurate ECN: Not set\n"
    "        .... 0... .... = Congestion Window Reduced: Not set\n"
    "        .... .0.. .... = ECN-Echo: Not set\n"
    "        .... ..0. .... = Urgent: Not set\n"
    "        .... ...0 .... = Acknowledgment: Not set\n"
    "        .... .... 0... = Push: Not set\n"
    "        .... .... .1.. = Reset: Set\n"
    "            [Expert Info (Warning/Sequence): Connection reset (RST)]\n"
    "                [Connection reset (RST)]\n"
    "                [Severity level: Warning]\n"
    "                [Group: Sequence]\n"
    "        .... .... ..0. = Syn: Not set\n"
    "        .... .... ...0 = Fin: Not set\n"
    "        [TCP Flags: ·········R··]\n"
    "    Window: 0\n"
    "    [Calculated window size: 0]\n"
    "    [Window size scaling factor: 128]\n"
    "    Checksum: 0xd12a incorrect, should be 0xc03b(maybe caused by \"TCP checksum offload\"?)\n"
    "        [Expert Info (Error/Checksum): Bad checksum [should be 0xc03b]]\n"
    "            [Bad checksum [should be 0xc03b]]\n"
    "            [Severity level: Error]\n"
    "            [Group: Checksum]\n"
    "    [Checksum Status: Bad]\n"
    "    [Calculated Checksum: 0xc03b]\n"
    "    Urgent Pointer: 0\n"
    "\n";
#define bad_tcp_csum_GOLDEN                                                                        \
    {                                                                                              \
        4, 1, 54, 1700000003, 3000000, bad_tcp_csum_bytes, sizeof bad_tcp_csum_bytes, true,        \
            bad_tcp_csum_text, false                                                               \
    }

/* icmp_ping_ts: frame 1 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t icmp_ping_ts_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x14, 0x73, 0x0a, 0x00,
    0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x08, 0x00, 0x86, 0xad, 0x1c, 0x46, 0x00, 0x01,
    0x00, 0xf1, 0x53, 0x65, 0x00, 0x00, 0x00, 0x00, 0x40, 0xe2, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
    0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
    0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37};
static const char icmp_ping_ts_text[] =
    "Frame 1: 98 bytes on wire (784 bits), 98 bytes captured (784 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:20.000000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000000.000000000 seconds\n"
    "    Frame Number: 1\n"
    "    Frame Length: 98 bytes (784 bits)\n"
    "    Capture Length: 98 bytes (784 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ip:icmp:data]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 84\n"
    "    Identification: 0x1234 (4660)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 64\n"
    "    Protocol: ICMP (1)\n"
    "    Header Checksum: 0x1473 [validation disabled]\n"
    "    [Header checksum status: Unverified]\n"
    "    Source Address: 10.0.0.1\n"
    "    Destination Address: 10.0.0.2\n"
    "Internet Control Message Protocol\n"
    "    Type: 8 (Echo (ping) request)\n"
    "    Code: 0\n"
    "    Checksum: 0x86ad [correct]\n"
    "    [Checksum Status: Good]\n"
    "    Identifier (BE): 7238 (0x1c46)\n"
    "    Identifier (LE): 17948 (0x461c)\n"
    "    Sequence Number (BE): 1 (0x0001)\n"
    "    Sequence Number (LE): 256 (0x0100)\n"
    "    Timestamp from icmp data: Nov 14, 2023 22:13:20.000000000 UTC\n"
    "    [Timestamp from icmp data (relative): 0.000000000 seconds]\n"
    "    Data (48 bytes)\n"
    "        Data: 40e2010000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b…\n"
    "        [Length: 48]\n"
    "\n";
#define icmp_ping_ts_GOLDEN                                                                        \
    {                                                                                              \
        1, 1, 98, 1700000000, 0, icmp_ping_ts_bytes, sizeof icmp_ping_ts_bytes, false,             \
            icmp_ping_ts_text, false                                                               \
    }

/* arp_padded: frame 1 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t arp_padded_bytes[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x08, 0x06, 0x00,
    0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x0a, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
static const char arp_padded_text[] =
    "Frame 1: 60 bytes on wire (480 bits), 60 bytes captured (480 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:20.000000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000000.000000000 seconds\n"
    "    Frame Number: 1\n"
    "    Frame Length: 60 bytes (480 bits)\n"
    "    Capture Length: 60 bytes (480 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:arp]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: ff:ff:ff:ff:ff:ff\n"
    "    Destination: ff:ff:ff:ff:ff:ff\n"
    "        Address: ff:ff:ff:ff:ff:ff\n"
    "        .... ..1. .... .... .... .... = LG bit: Locally administered address (this is NOT the "
    "factory default)\n"
    "        .... ...1 .... .... .... .... = IG bit: Group address (multicast/broadcast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: ARP (0x0806)\n"
    "    Padding: 000000000000000000000000000000000000\n"
    "Address Resolution Protocol (request)\n"
    "    Hardware type: Ethernet (1)\n"
    "    Protocol type: IPv4 (0x0800)\n"
    "    Hardware size: 6\n"
    "    Protocol size: 4\n"
    "    Opcode: request (1)\n"
    "    Sender MAC address: 00:16:ea:e3:54:e6\n"
    "    Sender IP address: 10.0.0.1\n"
    "    Target MAC address: 00:00:00:00:00:00\n"
    "    Target IP address: 10.0.0.2\n"
    "\n";
#define arp_padded_GOLDEN                                                                          \
    {                                                                                              \
        1, 1, 60, 1700000000, 0, arp_padded_bytes, sizeof arp_padded_bytes, false,                 \
            arp_padded_text, false                                                                 \
    }

/* qinq: frame 8 of a capture made by a generator, tshark 4.0.17 -n -V */
static const uint8_t qinq_bytes[] = {
    0x08, 0x00, 0x7f, 0x20, 0x00, 0x64, 0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6, 0x88, 0xa8, 0x20, 0x05,
    0x81, 0x00, 0x10, 0x07, 0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06,
    0x14, 0x9a, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x00, 0x64, 0x9b, 0x79, 0x00, 0x00};
static const char qinq_text[] =
    "Frame 8: 62 bytes on wire (496 bits), 62 bytes captured (496 bits)\n"
    "    Encapsulation type: Ethernet (1)\n"
    "    Arrival Time: Nov 14, 2023 22:13:27.007000000 UTC\n"
    "    [Time shift for this packet: 0.000000000 seconds]\n"
    "    Epoch Time: 1700000007.007000000 seconds\n"
    "    Frame Number: 8\n"
    "    Frame Length: 62 bytes (496 bits)\n"
    "    Capture Length: 62 bytes (496 bits)\n"
    "    [Frame is marked: False]\n"
    "    [Frame is ignored: False]\n"
    "    [Protocols in frame: eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:ip:tcp]\n"
    "Ethernet II, Src: 00:16:ea:e3:54:e6, Dst: 08:00:7f:20:00:64\n"
    "    Destination: 08:00:7f:20:00:64\n"
    "        Address: 08:00:7f:20:00:64\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Source: 00:16:ea:e3:54:e6\n"
    "        Address: 00:16:ea:e3:54:e6\n"
    "        .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)\n"
    "        .... ...0 .... .... .... .... = IG bit: Individual address (unicast)\n"
    "    Type: 802.1ad Provider Bridge (Q-in-Q) (0x88a8)\n"
    "IEEE 802.1ad, ID: 5\n"
    "    001. .... .... .... = Priority: 1\n"
    "    ...0 .... .... .... = DEI: 0\n"
    "    .... 0000 0000 0101 = ID: 5\n"
    "    Type: 802.1Q Virtual LAN (0x8100)\n"
    "802.1Q Virtual LAN, PRI: 0, DEI: 1, ID: 7\n"
    "    000. .... .... .... = Priority: Best Effort (default) (0)\n"
    "    ...1 .... .... .... = DEI: Eligible\n"
    "    .... 0000 0000 0111 = ID: 7\n"
    "    Type: IPv4 (0x0800)\n"
    "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n"
    "    0100 .... = Version: 4\n"
    "    .... 0101 = Header Length: 20 bytes (5)\n"
    "    Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)\n"
    "        0000 00.. = Differentiated Services Codepoint: Default (0)\n"
    "        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)\n"
    "    Total Length: 40\n"
    "    Identification: 0x1234 (4660)\n"
    "    010. .... = Flags: 0x2, Don't fragment\n"
    "        0... .... = Reserved bit: Not set\n"
    "        .1.. .... = Don't fragment: Set\n"
    "        ..0. .... = More fragments: Not set\n"
    "    ...0 0000 0000 0000 = Fragment Offset: 0\n"
    "    Time to Live: 64\n"
    "    Protocol: TCP (6)\n"
    "    Header Checksum: 0x149a [validation disabled]\n"
    "    [Header checksum status: Unverified]\n"
    "    Source Address: 10.0.0.1\n"
    "    Destination Address: 10.0.0.2\n"
    "Transmission Control Protocol, Src Port: 1, Dst Port: 2, Seq: 0, Len: 0\n"
    "    Source Port: 1\n"
    "    Destination Port: 2\n"
    "    [Stream index: 1]\n"
    "    [TCP Segment Len: 0]\n"
    "    Sequence Number: 0    (relative sequence number)\n"
    "    Sequence Number (raw): 0\n"
    "    [Next Sequence Number: 1    (relative sequence number)]\n"
    "    Acknowledgment Number: 0\n"
    "    Acknowledgment number (raw): 0\n"
    "    0101 .... = Header Length: 20 bytes (5)\n"
    "    Flags: 0x002 (SYN)\n"
    "        000. .... .... = Reserved: Not set\n"
    "        ...0 .... .... = Accurate ECN: Not set\n"
    "        .... 0... .... = Congestion Window Reduced: Not set\n"
    "        .... .0.. .... = ECN-Echo: Not set\n"
    "        .... ..0. .... = Urgent: Not set\n"
    "        .... ...0 .... = Acknowledgment: Not set\n"
    "        .... .... 0... = Push: Not set\n"
    "        .... .... .0.. = Reset: Not set\n"
    "        .... .... ..1. = Syn: Set\n"
    "            [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 2]\n"
    "                [Connection establish request (SYN): server port 2]\n"
    "                [Severity level: Chat]\n"
    "                [Group: Sequence]\n"
    "        .... .... ...0 = Fin: Not set\n"
    "        [TCP Flags: ··········S·]\n"
    "    Window: 100\n"
    "    [Calculated window size: 100]\n"
    "    Checksum: 0x9b79 [unverified]\n"
    "    [Checksum Status: Unverified]\n"
    "    Urgent Pointer: 0\n"
    "\n";
#define qinq_GOLDEN                                                                                \
    {                                                                                              \
        8, 1, 62, 1700000007, 7000000, qinq_bytes, sizeof qinq_bytes, false, qinq_text, false      \
    }

/* What conn_track had said, as Wireshark computed it from the earlier frames. */
static const struct tcp_track track_syn = {.valid = true,
                                           .stream = 0,
                                           .rel_seq = 0,
                                           .next_rel_seq = 1,
                                           .ws_shift = -1,
                                           .calc_window = 64240};
static const struct tcp_track track_1799 = {.valid = true,
                                            .stream = 0,
                                            .rel_seq = 1,
                                            .rel_ack = 1,
                                            .next_rel_seq = 19,
                                            .ws_shift = -1,
                                            .calc_window = 16383,
                                            .ack_valid = true};
static const struct tcp_track track_vlan = {.valid = true,
                                            .stream = 0,
                                            .rel_seq = 13,
                                            .rel_ack = 1,
                                            .next_rel_seq = 13,
                                            .ws_shift = 7,
                                            .calc_window = 64256,
                                            .ack_valid = true};
static const struct tcp_track track_short = {.valid = true,
                                             .stream = 0,
                                             .rel_seq = 0,
                                             .rel_ack = 0,
                                             .ws_shift = -1,
                                             .calc_window = 1,
                                             .ack_valid = true};
static const struct tcp_track track_qinq_syn = {.valid = true,
                                                .stream = 1,
                                                .rel_seq = 0,
                                                .next_rel_seq = 1,
                                                .ws_shift = -1,
                                                .calc_window = 100};
static const struct tcp_track track_rst = {
    .valid = true, .stream = 0, .rel_seq = 13, .next_rel_seq = 13, .ws_shift = 7, .calc_window = 0};

static struct out *new_out(void)
{
    struct out *o = malloc(sizeof *o);
    assert_non_null(o);
    out_init(o, -1);
    return o;
}

static void decode(struct packet *p, const struct golden *g, uint32_t caplen)
{
    struct frame_info f = {.number = g->number,
                           .ts_sec = g->sec,
                           .ts_nsec = g->nsec,
                           .caplen = caplen,
                           .len = g->wire,
                           .linktype = g->linktype,
                           .data = g->bytes};
    decode_packet(p, &f);
}

/* The first differing line, for a readable failure. */
static void assert_text(const char *got, size_t gotlen, const char *want)
{
    size_t wl = strlen(want);
    if (gotlen == wl && memcmp(got, want, wl) == 0)
        return;
    size_t i = 0, start = 0;
    while (i < gotlen && i < wl && got[i] == want[i]) {
        if (got[i] == '\n')
            start = i + 1;
        i++;
    }
    const char *ge = memchr(got + start, '\n', gotlen - start);
    const char *we = strchr(want + start, '\n');
    fail_msg("line differs at byte %zu:\n got: %.*s\nwant: %.*s", start,
             (int)(ge ? ge - (got + start) : (long)(gotlen - start)), got + start,
             (int)(we ? we - (want + start) : (long)(wl - start)), want + start);
}

static void run_golden(const struct golden *g, const struct tcp_track *track)
{
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    decode(p, g, (uint32_t)g->len);
    if (track != NULL)
        p->track = *track;
    struct fmt_opts opts = {.utc = true, .check_checksums = g->checks};
    struct out *o = new_out();
    fmt_detail(o, p, &opts);
    size_t n = g->prefix && o->len > strlen(g->text) ? strlen(g->text) : o->len;
    assert_text(o->buf, n, g->text);
    free(o);
    free(p);
}

/* Each golden frame with the tracker's view Wireshark had of it (NULL: not TCP). */
static const struct golden_case {
    const char *name;
    struct golden g;
    const struct tcp_track *track;
} goldens[] = {
    {"frame1799", frame1799_GOLDEN, &track_1799},
    {"syn_options", syn_options_GOLDEN, &track_syn},
    {"icmp6_echo", icmp6_echo_GOLDEN, NULL},
    {"udp_data", udp_data_GOLDEN, NULL},
    {"vlan", vlan_GOLDEN, &track_vlan},
    {"short_segment", short_segment_GOLDEN, &track_short},
    {"trunc_options", trunc_options_GOLDEN, &track_syn},
    {"ip6_frag", ip6_frag_GOLDEN, NULL},
    {"sll2", sll2_GOLDEN, &track_syn},
    {"bad_tcp_csum", bad_tcp_csum_GOLDEN, &track_rst},
    {"icmp_ping_ts", icmp_ping_ts_GOLDEN, NULL},
    {"arp_padded", arp_padded_GOLDEN, NULL},
    {"qinq", qinq_GOLDEN, &track_qinq_syn},
};

static void test_goldens(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
        print_message("golden %s\n", goldens[i].name);
        run_golden(&goldens[i].g, goldens[i].track);
    }
}

/* --check-checksums: the lecture's frame has good checksums. */
static void test_frame1799_checksums(void **state)
{
    (void)state;
    static const struct golden g = frame1799_GOLDEN;
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    decode(p, &g, (uint32_t)g.len);
    p->track = track_1799;
    struct fmt_opts opts = {.utc = true, .check_checksums = true};
    struct out *o = new_out();
    fmt_detail(o, p, &opts);
    o->buf[o->len] = '\0';
    assert_non_null(strstr(o->buf, "\n    Header Checksum: 0xf4a5 [correct]\n"
                                   "    [Header checksum status: Good]\n"
                                   "    [Calculated Checksum: 0xf4a5]\n"));
    assert_non_null(strstr(o->buf, "\n    Checksum: 0x968b [correct]\n"
                                   "    [Checksum Status: Good]\n"
                                   "    [Calculated Checksum: 0x968b]\n"));
    free(o);
    free(p);
}

/* Every snapshot length of every golden frame: the tree ends with a blank line, marks
 * the cut when a header was cut, and (under ASan) reads nothing it should not. */
static void test_every_caplen(void **state)
{
    (void)state;
    static const struct golden gs[] = {
        frame1799_GOLDEN, syn_options_GOLDEN, icmp6_echo_GOLDEN,   udp_data_GOLDEN,   vlan_GOLDEN,
        ip6_frag_GOLDEN,  sll2_GOLDEN,        icmp_ping_ts_GOLDEN, arp_padded_GOLDEN, qinq_GOLDEN};
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    struct out *o = new_out();
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) {
        for (uint32_t n = 0; n <= gs[i].len; n++) {
            decode(p, &gs[i], n);
            struct fmt_opts opts = {.utc = true, .check_checksums = true};
            o->len = 0;
            fmt_detail(o, p, &opts);
            assert_true(o->len >= 2 && o->len < OUT_BUFSZ);
            assert_true(o->buf[o->len - 1] == '\n' && o->buf[o->len - 2] == '\n');
            o->buf[o->len] = '\0';
            char first[64];
            snprintf(first, sizeof first, "Frame %llu: %u bytes on wire",
                     (unsigned long long)gs[i].number, gs[i].wire);
            assert_true(strncmp(o->buf, first, strlen(first)) == 0);
            bool marked = strstr(o->buf, "[Packet size limited during capture: ") != NULL;
            if (p->truncated && n < gs[i].len && !marked) {
                /* Only a cut inside the payload goes unmarked, as in tshark. */
                bool payload_only =
                    (p->l4 == L4_TCP && p->tcp.status == LAYER_OK) ||
                    (p->l4 == L4_UDP && p->l4_off + 8 <= n) ||
                    ((p->l4 == L4_ICMP || p->l4 == L4_ICMPV6) && p->icmp.status == LAYER_OK) ||
                    (p->l4 == L4_NONE && p->net == NET_IPV6 && p->ip6.status == LAYER_OK);
                if (!payload_only)
                    fail_msg("case %zu caplen %u: cut but not marked:\n%s", i, n, o->buf);
            }
            if (n == gs[i].len)
                assert_false(marked);
        }
    }
    free(o);
    free(p);
}

/* Hand-made packets for what the captures above do not reach. */
static void test_malformed_ip_header(void **state)
{
    (void)state;
    uint8_t b[54] = {0};
    memcpy(b, frame1799, sizeof b);
    b[14] = 0x44; /* IHL 4: 16 bytes, less than the minimum 20 */
    struct golden g = {1, DLT_EN10MB, sizeof b, 0, 0, b, sizeof b, false, "", false};
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    decode(p, &g, sizeof b);
    struct fmt_opts opts = {.utc = true};
    struct out *o = new_out();
    fmt_detail(o, p, &opts);
    o->buf[o->len] = '\0';
    /* As tshark 4.0 prints it. */
    assert_non_null(strstr(o->buf, "\nInternet Protocol Version 4\n"
                                   "    0100 .... = Version: 4\n"
                                   "    .... 0100 = Header Length: 16 bytes (4)\n"
                                   "        [Expert Info (Error/Protocol): Bogus IP header "
                                   "length (16, must be at least 20)]\n"));
    assert_null(strstr(o->buf, "Transmission Control Protocol"));
    free(o);
    free(p);
}

/* Cuts before a layer's first fields, as tshark 4.0 shows them: no tree, only the mark
 * naming the layer (an Ethernet header under 14 bytes, a cut inside a VLAN tag, an IPv4
 * header of which nothing was kept, a TCP header before its ports). */
static void test_early_cuts(void **state)
{
    (void)state;
    static const struct {
        struct golden g;
        uint32_t caplen;
        const char *absent; /* a tree that must not be there */
        const char *tail;   /* how the tree ends */
    } cases[] = {
        {vlan_GOLDEN, 10, "Ethernet II",
         "    [Protocols in frame: eth]\n[Packet size limited during capture: Ethernet "
         "truncated]\n\n"},
        {vlan_GOLDEN, 16, "802.1Q Virtual LAN, PRI",
         "[Packet size limited during capture: VLAN truncated]\n\n"},
        {frame1799_GOLDEN, 14, "Internet Protocol",
         "[Packet size limited during capture: IPv4 truncated]\n\n"},
        {frame1799_GOLDEN, 36, "Transmission Control Protocol",
         "[Packet size limited during capture: TCP truncated]\n\n"},
    };
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    struct out *o = new_out();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        decode(p, &cases[i].g, cases[i].caplen);
        struct fmt_opts opts = {.utc = true};
        o->len = 0;
        fmt_detail(o, p, &opts);
        o->buf[o->len] = '\0';
        if (strstr(o->buf, cases[i].absent) != NULL)
            fail_msg("case %zu: '%s' shown:\n%s", i, cases[i].absent, o->buf);
        size_t tl = strlen(cases[i].tail);
        if (o->len < tl || strcmp(o->buf + o->len - tl, cases[i].tail) != 0)
            fail_msg("case %zu: wanted the tree to end with\n%s\ngot\n%s", i, cases[i].tail,
                     o->buf);
    }
    free(o);
    free(p);
}

/* color.c: the packet-line colours follow Wireshark's default rules (bad before RST
 * before SYN/FIN before data), and every colour is reset by color_end(). */
static void test_colors(void **state)
{
    (void)state;
    static const struct {
        struct golden g;
        uint32_t caplen; /* 0: all */
        enum pkt_color want;
    } cases[] = {
        {frame1799_GOLDEN, 0, COLOR_DATA},   {syn_options_GOLDEN, 0, COLOR_SYNFIN},
        {bad_tcp_csum_GOLDEN, 0, COLOR_RST}, {vlan_GOLDEN, 0, COLOR_DATA},
        {udp_data_GOLDEN, 0, COLOR_OTHER},   {icmp6_echo_GOLDEN, 0, COLOR_OTHER},
        {arp_padded_GOLDEN, 0, COLOR_OTHER}, {short_segment_GOLDEN, 0, COLOR_BAD},
        {frame1799_GOLDEN, 40, COLOR_BAD},   {syn_options_GOLDEN, 60, COLOR_BAD},
        {frame1799_GOLDEN, 60, COLOR_DATA}, /* only the payload was cut */
        {udp_data_GOLDEN, 45, COLOR_OTHER},  {udp_data_GOLDEN, 40, COLOR_BAD},
    };
    struct packet *p = calloc(1, sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        decode(p, &cases[i].g, cases[i].caplen ? cases[i].caplen : (uint32_t)cases[i].g.len);
        enum pkt_color c = color_of(p);
        if (c != cases[i].want)
            fail_msg("case %zu: colour %d, wanted %d", i, (int)c, (int)cases[i].want);
    }
    free(p);
    assert_string_equal(color_start(COLOR_NONE), "");
    const enum pkt_color all[] = {COLOR_SYNFIN, COLOR_RST, COLOR_DATA, COLOR_BAD, COLOR_OTHER};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *a = color_start(all[i]);
        assert_true(a[0] == '\033' && a[1] == '[' && a[strlen(a) - 1] == 'm');
        for (size_t j = 0; j < i; j++) /* each rule looks different */
            assert_string_not_equal(a, color_start(all[j]));
    }
    assert_string_equal(color_end(), "\033[0m");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goldens),      cmocka_unit_test(test_frame1799_checksums),
        cmocka_unit_test(test_every_caplen), cmocka_unit_test(test_malformed_ip_header),
        cmocka_unit_test(test_colors),       cmocka_unit_test(test_early_cuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
