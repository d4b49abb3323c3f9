#!/usr/bin/env python3
"""gen_parity.py DIR: writes the parity captures of the link types, TCP options and
capture-format details that a namespace lab cannot record, byte by byte (Python's
standard library only, no scapy), into DIR; the same files every run.

Each file holds a small TCP session (handshake, a data segment each way, the close)
framed as its link type says, plus the frames that type's captures also carry (PPP's
LCP, 802.11 beacons and ACKs...). tests/data/parity/ keeps the output; bench/parity.sh
compares sniff with tshark on it (tests/test_parity.sh), and tests/golden/parity/ holds
sniff's own output for when tshark is missing. Regenerate with:
    python3 tests/gen_parity.py tests/data/parity
and read the diff of tests/update_golden.sh's output before committing.
"""
import ipaddress
import os
import struct
import sys

T0 = 1700000000  # the first frame's time; each next frame 1 ms later


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def a4(s):
    return ipaddress.IPv4Address(s).packed


def a6(s):
    return ipaddress.IPv6Address(s).packed


def mac(s):
    return bytes(int(x, 16) for x in s.split(':'))


def ipv4(src, dst, proto, payload, ident=1, flags=0x4000, total=None, ttl=64):
    tl = total if total is not None else 20 + len(payload)
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, tl, ident, flags, ttl, proto, 0, a4(src), a4(dst))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload


def ipv6(src, dst, nh, payload):
    return struct.pack('!IHBB16s16s', 0x60000000, len(payload), nh, 64, a6(src), a6(dst)) + payload


def pseudo(src, dst, proto, n):
    if ':' in src:
        return a6(src) + a6(dst) + struct.pack('!IxxxB', n, proto)
    return a4(src) + a4(dst) + struct.pack('!xBH', proto, n)


def tcp(src, dst, sp, dp, seq, ack, flags, win=64240, opts=b'', data=b''):
    opts += b'\0' * (-len(opts) % 4)
    off = (20 + len(opts)) // 4
    h = struct.pack('!HHIIBBHHH', sp, dp, seq, ack, off << 4 | (flags >> 8 & 1), flags & 0xff,
                    win, 0, 0) + opts
    c = csum(pseudo(src, dst, 6, len(h) + len(data)) + h + data)
    return h[:16] + struct.pack('!H', c) + h[18:] + data


def udp(src, dst, sp, dp, data, zero=False):
    h = struct.pack('!HHHH', sp, dp, 8 + len(data), 0)
    c = 0 if zero else (csum(pseudo(src, dst, 17, 8 + len(data)) + h + data) or 0xffff)
    return h[:6] + struct.pack('!H', c) + data


def eth(dst, src, typ, payload):
    return mac(dst) + mac(src) + struct.pack('!H', typ) + payload


MSS, SACKP, WS, NOP = b'\x02\x04\x05\xb4', b'\x04\x02', b'\x03\x03\x07', b'\x01'


def session(c, s, cp=40000, sp=15213, seq0=1000, seq1=5000):
    """The IP packets of an echo session: handshake, a line and its echo, the close."""
    v6 = ':' in c

    def ip(src, dst, seg, i):
        return ipv6(src, dst, 6, seg) if v6 else ipv4(src, dst, 6, seg, ident=i)
    syn_opts = MSS + SACKP + NOP + WS
    a, b = seq0, seq1
    msg = b'hello, echo\n'
    return [
        ip(c, s, tcp(c, s, cp, sp, a, 0, 0x002, opts=syn_opts), 1),
        ip(s, c, tcp(s, c, sp, cp, b, a + 1, 0x012, 65160, syn_opts), 2),
        ip(c, s, tcp(c, s, cp, sp, a + 1, b + 1, 0x010, 502), 3),
        ip(c, s, tcp(c, s, cp, sp, a + 1, b + 1, 0x018, 502, data=msg), 4),
        ip(s, c, tcp(s, c, sp, cp, b + 1, a + 1 + len(msg), 0x010, 509), 5),
        ip(s, c, tcp(s, c, sp, cp, b + 1, a + 1 + len(msg), 0x018, 509, data=msg), 6),
        ip(c, s, tcp(c, s, cp, sp, a + 1 + len(msg), b + 1 + len(msg), 0x011, 502), 7),
        ip(s, c, tcp(s, c, sp, cp, b + 1 + len(msg), a + 2 + len(msg), 0x011, 509), 8),
        ip(c, s, tcp(c, s, cp, sp, a + 2 + len(msg), b + 2 + len(msg), 0x010, 502), 9),
    ]


def frames_times(frames, nsec):
    """(data, wire length, (sec, frac)) per frame, 1 ms apart."""
    out = []
    for i, f in enumerate(frames):
        data, wire = (f, len(f)) if isinstance(f, bytes) else f
        frac = i * 1000 + 7 if not nsec else i * 1000000 + 123
        out.append((data, wire, (T0, frac)))
    return out


def write_pcap(path, linktype, frames, snaplen=262144, nsec=False):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b23c4d if nsec else 0xa1b2c3d4, 2, 4, 0, 0, snaplen,
                            linktype))
        for data, wire, (sec, frac) in frames_times(frames, nsec):
            f.write(struct.pack('<IIII', sec, frac, len(data), wire) + data)


def block(btype, body):
    body += b'\0' * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack('<II', btype, n) + body + struct.pack('<I', n)


def option(code, value):
    return struct.pack('<HH', code, len(value)) + value + b'\0' * (-len(value) % 4)


def write_pcapng(path, ifaces, frames):
    """ifaces: (linktype, snaplen, options bytes); frames: (iface, data) or (iface, data,
    epb_flags) in order."""
    out = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
    for lt, snap, opts in ifaces:
        out += block(1, struct.pack('<HHI', lt, 0, snap) + opts + (option(0, b'') if opts else b''))
    for i, fr in enumerate(frames):
        iface, data = fr[0], fr[1]
        ts = (T0 * 1000000000 + i * 1000123) if any(b'\x09\x00\x01\x00\x09' in o for _, _, o in ifaces) \
            else (T0 * 1000000 + i * 1000)
        data += b'\0' * (-len(data) % 4)
        opts = option(2, struct.pack('<I', fr[2])) + option(0, b'') if len(fr) > 2 else b''
        out += block(6, struct.pack('<IIIII', iface, ts >> 32, ts & 0xffffffff, len(fr[1]),
                                    len(fr[1])) + data + opts)
    with open(path, 'wb') as f:
        f.write(out)


C4, S4 = '192.0.2.10', '192.0.2.11'
C6, S6 = '2001:db8::10', '2001:db8::11'
M1, M2, M3 = '02:00:5e:10:00:0a', '02:00:5e:10:00:0b', '02:00:5e:10:00:01'


def eth_frames(ips, typ=0x0800):
    return [eth(M2, M1, typ, p) for p in ips]


# ---- link types ---------------------------------------------------------------------

def link_ppp(d):
    s4, s6 = session(C4, S4), session(C6, S6, cp=40001)
    lcp = b'\xc0\x21\x01\x07\x00\x0e\x01\x04\x05\xd4\x05\x06\x11\x22\x33\x44'
    ipcp = b'\x80\x21\x01\x01\x00\x0a\x03\x06\xc0\x00\x02\x0a'
    frames = [b'\xff\x03' + lcp, b'\xff\x03' + ipcp]
    frames += [b'\xff\x03\x00\x21' + p for p in s4[:5]]
    frames += [b'\x00\x21' + p for p in s4[5:7]]          # no address and control
    frames += [b'\x21' + p for p in s4[7:]]                 # protocol compressed (RFC 1661 6.5)
    frames += [b'\xff\x03\x00\x57' + p for p in s6]
    write_pcap(os.path.join(d, 'link-ppp.pcap'), 9, frames)


def link_ppp_hdlc(d):
    frames = [b'\xff\x03\x00\x21' + p for p in session(C4, S4)]
    frames += [b'\x0f\x00\x08\x00' + p for p in session(C4, S4, cp=40002)]  # Cisco HDLC framing
    write_pcap(os.path.join(d, 'link-ppp-hdlc.pcap'), 50, frames)


def link_chdlc(d):
    frames = [b'\x0f\x00\x08\x00' + p for p in session(C4, S4)]
    frames += [b'\x0f\x00\x86\xdd' + p for p in session(C6, S6)]
    frames.append(b'\x8f\x00\x80\x35' + b'\x00\x00\x00\x02' + b'\x00' * 14)  # SLARP keepalive
    write_pcap(os.path.join(d, 'link-chdlc.pcap'), 104, frames)


def llc_snap(typ):
    return b'\xaa\xaa\x03\x00\x00\x00' + struct.pack('!H', typ)


AP, STA, GW = '00:11:22:33:44:55', '66:77:88:99:aa:bb', '00:0c:29:aa:bb:cc'


def wlan_data(p, to_ds, seq, qos=False):
    """An 802.11 data frame from a station to its AP (ToDS) or back (FromDS)."""
    fc = bytes([0x88 if qos else 0x08, 0x01 if to_ds else 0x02])
    if to_ds:
        addrs = mac(AP) + mac(STA) + mac(GW)
    else:
        addrs = mac(STA) + mac(AP) + mac(GW)
    hdr = fc + b'\x2c\x00' + addrs + struct.pack('<H', seq << 4)
    if qos:
        hdr += b'\x00\x00'
    return hdr + llc_snap(0x0800 if p[0] >> 4 == 4 else 0x86dd) + p


def wlan_mgmt():
    bcast = mac('ff:ff:ff:ff:ff:ff')
    ssid = b'\x00\x08echo-lab'
    rates = b'\x01\x04\x82\x84\x8b\x96'
    beacon = (b'\x80\x00\x00\x00' + bcast + mac(AP) + mac(AP) + b'\x10\x00' +
              struct.pack('<QHH', 123456789, 100, 0x0431) + ssid + rates)
    probe = b'\x40\x00\x00\x00' + bcast + mac(STA) + bcast + b'\x20\x00' + b'\x00\x00' + rates
    ack = b'\xd4\x00\x00\x00' + mac(STA)
    rts = b'\xb4\x00\x2c\x00' + mac(AP) + mac(STA)
    null = b'\x48\x01\x2c\x00' + mac(AP) + mac(STA) + mac(AP) + b'\x30\x00'
    return [beacon, probe, rts, ack, null]


def wlan_session(qos):
    frames = []
    for i, p in enumerate(session(C4, S4)):
        to_ds = p[12:16] == a4(C4)
        frames.append(wlan_data(p, to_ds, 10 + i, qos))
    return frames


def radiotap(frame, fcs=False, channel=2437, signal=-48):
    """Flags, Rate, Channel, dBm signal, dBm noise, Antenna; with FCS, the frame's CRC."""
    present = 1 << 1 | 1 << 2 | 1 << 3 | 1 << 5 | 1 << 6 | 1 << 11
    body = bytes([0x10 if fcs else 0, 0x6c]) + struct.pack('<HH', channel, 0x00c0 if channel < 5000
                                                          else 0x0140)
    body += struct.pack('<bbB', signal, -95, 1)
    hdr = struct.pack('<BBHI', 0, 0, 8 + len(body), present) + body
    if fcs:
        import zlib
        frame += struct.pack('<I', zlib.crc32(frame) & 0xffffffff)
    return hdr + frame


def link_wlan(d):
    write_pcap(os.path.join(d, 'link-wlan.pcap'), 105, wlan_mgmt()[:2] + wlan_session(False))


def link_radiotap(d):
    frames = [radiotap(f) for f in wlan_mgmt()]
    frames += [radiotap(f, fcs=True) for f in wlan_session(True)]
    frames += [radiotap(f, channel=5180, signal=-61) for f in wlan_session(False)[:3]]
    write_pcap(os.path.join(d, 'link-radiotap.pcap'), 127, frames)


def ppi(frame):
    common = struct.pack('<QHHHHBBbb', 0, 0, 108, 2437, 0x00c0, 0, 0, -52, -90)
    fields = struct.pack('<HH', 2, len(common)) + common
    return struct.pack('<BBHI', 0, 0, 8 + len(fields), 105) + fields + frame


def link_ppi(d):
    write_pcap(os.path.join(d, 'link-ppi.pcap'), 192,
               [ppi(f) for f in wlan_mgmt()[:1] + wlan_session(True)])


def link_ipoib(d):
    dgid, sgid = a6('fe80::2:c903:0:1a2b'), a6('fe80::2:c903:0:1a2c')
    grh = struct.pack('!IHBB', 0x60000000 | 0x12 << 20 | 0x345, 0, 0x1b, 0x40)[:5] + \
        b'\x00\x00\x48' + sgid + dgid
    unicast = b'\x00' * 20 + b'\x00\x00\x01\x49' + dgid
    s4, s6 = session(C4, S4), session(C6, S6)
    frames = [(grh if i % 2 else unicast) + b'\x08\x00\x00\x00' + p for i, p in enumerate(s4)]
    frames += [unicast + b'\x86\xdd\x00\x00' + p for p in s6]
    write_pcap(os.path.join(d, 'link-ipoib.pcap'), 242, frames)


def link_arcnet(d):
    frames = [bytes([0x0a if p[12:16] == a4(C4) else 0x0b, 0x0b if p[12:16] == a4(C4) else 0x0a]) +
              b'\x00\x00\xd4\x00\x00\x01' + p for p in session(C4, S4)]
    frames.append(b'\x0a\x00\x00\x00\xd5\x00\x00\x02' + struct.pack('!HHBBH', 7, 0x0800, 1, 4, 1) +
                  b'\x0a' + a4(C4) + b'\x00' + a4(S4))
    write_pcap(os.path.join(d, 'link-arcnet.pcap'), 129, frames)


def link_juniper(d):
    s4 = session(C4, S4)
    ext = b'\x01\x04\x05\x00\x00\x00' + b'\x03\x01\x01' + b'\x00'   # interface index, media
    frames = [b'MGC\x01' + eth(M2, M1, 0x0800, p) for p in s4[:3]]
    frames += [b'MGC\x80' + struct.pack('!H', len(ext)) + ext + eth(M2, M1, 0x0800, p)
               for p in s4[3:6]]
    frames += [b'MGC\x03' + struct.pack('<I', 2) + p for p in s4[6:]]          # no layer 2 header
    write_pcap(os.path.join(d, 'link-juniper.pcap'), 178, frames)


# ---- TCP options and Accurate ECN ---------------------------------------------------

def opt_frames():
    """One connection per option family, so each handshake's analysis is its own."""
    c, s = C4, S4
    out = []

    def seg(sp, dp, seq, ack, flags, opts=b'', data=b'', src=c, dst=s):
        out.append(eth(M2, M1, 0x0800, ipv4(src, dst, 6, tcp(src, dst, sp, dp, seq, ack, flags,
                                                             opts=opts, data=data))))

    # TCP Fast Open (RFC 7413): a cookie request, the cookie, data on the SYN.
    seg(41001, 80, 100, 0, 0x002, MSS + SACKP + b'\x22\x02')
    seg(80, 41001, 900, 101, 0x012, MSS + SACKP + b'\x22\x0a' + bytes(range(8)), src=s, dst=c)
    seg(41002, 80, 300, 0, 0x002, MSS + b'\x22\x0a' + bytes(range(8)), b'GET /')
    # The same, in the experimental option (RFC 6994 experiment ID 0xf989).
    seg(41003, 80, 500, 0, 0x002, MSS + b'\xfe\x04\xf9\x89')
    seg(41004, 80, 700, 0, 0x002, MSS + b'\xfe\x0c\xf9\x89' + bytes(range(8)))
    # MD5 signature (RFC 2385), TCP-AO (RFC 5925): BGP's.
    seg(41005, 179, 100, 0, 0x002, MSS + b'\x13\x12' + bytes(range(16)))
    seg(179, 41005, 900, 101, 0x012, MSS + b'\x13\x12' + bytes(range(16, 32)), src=s, dst=c)
    seg(41006, 179, 100, 0, 0x002, MSS + b'\x1d\x10\x05\x06' + bytes(range(12)))
    # User timeout (RFC 5482): seconds, then minutes.
    seg(41007, 15213, 100, 0, 0x002, MSS + b'\x1c\x04\x00\x1e')
    seg(41008, 15213, 100, 0, 0x002, MSS + b'\x1c\x04\x80\x05')
    # MPTCP (RFC 8684): MP_CAPABLE v1 handshake, DSS, ADD_ADDR, MP_JOIN, MP_PRIO, FASTCLOSE.
    k1, k2 = bytes(range(1, 9)), bytes(range(9, 17))
    seg(41009, 443, 100, 0, 0x002, MSS + b'\x1e\x04\x01\x81')
    seg(443, 41009, 900, 101, 0x012, MSS + b'\x1e\x0c\x01\x81' + k2, src=s, dst=c)
    seg(41009, 443, 101, 901, 0x010, b'\x1e\x14\x01\x81' + k1 + k2)
    seg(41009, 443, 101, 901, 0x018, b'\x1e\x14\x20\x05' + struct.pack('!IIIH', 1, 1, 1, 4) + b'\0\0',
        b'ping')
    seg(443, 41009, 901, 105, 0x010, b'\x1e\x08\x20\x01' + struct.pack('!I', 5), src=s, dst=c)
    seg(443, 41009, 901, 105, 0x010, b'\x1e\x10\x30\x02' + a4('198.51.100.7') + k2, src=s, dst=c)
    seg(41010, 443, 200, 0, 0x002, MSS + b'\x1e\x0c\x10\x02' + b'\x12\x34\x56\x78\x9a\xbc\xde\xf0')
    seg(443, 41010, 800, 201, 0x012, MSS + b'\x1e\x10\x10\x02' + k1 + b'\x01\x02\x03\x04',
        src=s, dst=c)
    seg(41010, 443, 201, 801, 0x010, b'\x1e\x18\x10\x00' + bytes(range(20)))
    seg(41010, 443, 201, 801, 0x010, b'\x1e\x04\x51\x02')
    seg(41009, 443, 105, 901, 0x014, b'\x1e\x0c\x70\x00' + k2)
    # Accurate ECN: the handshake (AE, CWR, ECE on the SYN; CWR on the SYN/ACK), then ACE.
    seg(41011, 15213, 100, 0, 0x1c2, MSS)
    seg(15213, 41011, 900, 101, 0x092, MSS, src=s, dst=c)
    seg(41011, 15213, 101, 901, 0x090)
    seg(41011, 15213, 101, 901, 0x058, b'', b'data')
    seg(15213, 41011, 901, 105, 0x150, b'\xac\x0b' + b'\x00\x00\x04' + b'\x00\x00\x00' + b'\x00\x00\x01',
        src=s, dst=c)
    seg(15213, 41011, 901, 105, 0x010, b'\xae\x08' + b'\x00\x00\x09' + b'\x00\x00\x02', src=s, dst=c)
    # ... and an AccECN option with no handshake seen: the counter from the next segment.
    seg(41012, 15213, 100, 200, 0x010, b'\xac\x02')
    seg(41012, 15213, 100, 200, 0x0d0)
    return out


def tcp_retrans(d):
    """A spurious retransmission, a lost segment and its fast retransmission, a keep-alive
    and a plain retransmission: tshark hands the payload of the retransmissions (not the
    fast one's, nor the keep-alive's) to no dissector, so their trees have no Data."""
    c, s_ = C4, S4

    def cs(seq, ack, fl, data=b''):
        return eth(M2, M1, 0x0800, ipv4(c, s_, 6, tcp(c, s_, 40020, 15213, seq, ack, fl, data=data)))

    def sc(seq, ack, fl):
        return eth(M1, M2, 0x0800, ipv4(s_, c, 6, tcp(s_, c, 15213, 40020, seq, ack, fl)))
    x, y, z, w = b'x' * 100, b'y' * 100, b'z' * 100, b'w' * 100
    frames = [cs(0, 0, 0x002), sc(0, 1, 0x012), cs(1, 1, 0x010), cs(1, 1, 0x018, x),
              sc(1, 101, 0x010), cs(1, 1, 0x018, x), cs(101, 1, 0x018, y), cs(301, 1, 0x018, z),
              sc(1, 201, 0x010), sc(1, 201, 0x010), sc(1, 201, 0x010), cs(201, 1, 0x018, w),
              cs(400, 1, 0x010, b'k'), cs(101, 1, 0x018, y)]
    write_pcap(os.path.join(d, 'tcp-retrans.pcap'), 1, frames)


def tcp_options(d):
    write_pcap(os.path.join(d, 'tcp-options.pcap'), 1, opt_frames())


# ---- the capture file's own details -------------------------------------------------

def fmt_nanoseconds(d):
    write_pcap(os.path.join(d, 'format-nsec.pcap'), 1, eth_frames(session(C4, S4)), nsec=True)


def fmt_pcapng(d):
    """Two interfaces, named and described, nanosecond resolution (what dumpcap writes)."""
    ns = option(9, b'\x09')
    lo = option(2, b'lo') + option(3, b'Loopback') + ns
    e0 = option(2, b'eth0') + ns
    frames = [(i % 2, eth(M2, M1, 0x0800, p)) for i, p in enumerate(session(C4, S4))]
    write_pcapng(os.path.join(d, 'format-pcapng.pcapng'), [(1, 262144, lo), (1, 262144, e0)],
                 frames)
    # One without interface names or resolution, as editcap writes.
    write_pcapng(os.path.join(d, 'format-pcapng-plain.pcapng'), [(1, 0, b'')],
                 [(0, eth(M2, M1, 0x0800, p)) for p in session(C4, S4, cp=40003)])


def fmt_pcapng_mixed(d):
    """Interfaces of two link types in one file (Ethernet and raw IP, as dumpcap -i eth0
    -i tun0 writes), with epb_flags saying each packet's direction."""
    e0, tun = option(2, b'eth0'), option(2, b'tun0')
    frames = []
    for i, p in enumerate(session(C4, S4, cp=40010)):
        frames.append((0, eth(M2, M1, 0x0800, p), 1 if p[12:16] == a4(S4) else 2))
        frames.append((1, session(C6, S6, cp=40011)[i], 0))
    write_pcapng(os.path.join(d, 'format-pcapng-mixed.pcapng'),
                 [(1, 262144, e0), (101, 262144, tun)], frames)


def fmt_snaplen(d):
    """A session cut at 80 bytes (tcpdump -s 80): the payload cut, not the headers; one
    record longer than the file's stated snapshot length; a first fragment cut."""
    frames = []
    for p in session(C4, S4, sp=7777) + session(C4, S4, cp=40004, sp=7777):
        f = eth(M2, M1, 0x0800, p)
        frames.append((f[:80], len(f)))
    big = eth(M2, M1, 0x0800, session(C4, S4, cp=40005, sp=7777)[3])
    frames.append((big, len(big)))
    seg = tcp(C4, S4, 40006, 7777, 1, 1, 0x018, data=b'x' * 200)
    frag = eth(M2, M1, 0x0800, ipv4(C4, S4, 6, seg, ident=0x4242, flags=0x2000))
    frames.append((frag[:80], len(frag)))
    tail = eth(M2, M1, 0x0800, ipv4(C4, S4, 6, seg[104:], ident=0x4242, flags=13))
    frames.append((tail[:80], len(tail)))
    write_pcap(os.path.join(d, 'format-snaplen.pcap'), 1, frames, snaplen=80)


def fmt_rawip(d):
    """Raw IP frames with bytes after the datagram: the bytes pane stops at its length."""
    frames = [p + b'\0' * 6 for p in session(C4, S4)] + [p + b'\xaa\xbb' for p in session(C6, S6)]
    write_pcap(os.path.join(d, 'format-rawip.pcap'), 101, frames)


# ---- tunnels iproute2 does not build ----------------------------------------------

O4A, O4B = '198.51.100.1', '198.51.100.2'
O6A, O6B = '2001:db8:ffff::1', '2001:db8:ffff::2'


def ah(nh, body, spi=0x1000, seq=1):
    return struct.pack('!BBHII', nh, 4, 0, spi, seq) + bytes(range(0xa0, 0xac)) + body


def tun_synth(d):
    s4, s6 = session(C4, S4), session(C6, S6, cp=40001)
    frames = []
    # WCCP: GRE protocol 0x883e with the 4-byte redirect header (WCCPv2), then IPv4.
    frames += [eth(M2, M1, 0x0800, ipv4(O4A, O4B, 47, b'\x00\x00\x88\x3e\x00\x00\x00\x00' + p,
                                          ident=0x100 + i)) for i, p in enumerate(s4[:4])]
    # GRE with checksum (right, but for one), key and sequence number.
    for i, p in enumerate(s4[4:]):
        g = b'\xb0\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x2a' + struct.pack('!I', i) + p
        if i != 2:
            g = g[:4] + struct.pack('!H', csum(g)) + g[6:]
        frames.append(eth(M2, M1, 0x0800, ipv4(O4A, O4B, 47, g, ident=0x200 + i)))
    # AH over IPv4, transport mode.
    frames += [eth(M2, M1, 0x0800, ipv4(C4, S4, 51, ah(6, p[20:], seq=i + 1), ident=0x300 + i))
               for i, p in enumerate(s4[:3])]
    # IPv6 AH, then IPv6 in IPv6 (tunnel mode); IPv6 AH, then IPComp.
    frames += [eth(M2, M1, 0x86dd, ipv6(O6A, O6B, 51, ah(41, p, seq=i + 1)))
               for i, p in enumerate(s6[:4])]
    frames.append(eth(M2, M1, 0x86dd, ipv6(O6A, O6B, 51, ah(108, b'\x29\x00\x00\x02' +
                                                             bytes(range(40)), seq=9))))
    write_pcap(os.path.join(d, 'tun-synthetic.pcap'), 1, frames)


def l2tp_hdr(n, v6, plen):
    v = n % 4
    ppp = b'\xff\x03' if v < 2 else b''
    if v == 3:
        return struct.pack('!HHH', 0x0102, 7, 9) + (b'\x57' if v6 else b'\x21')
    proto = b'\x00\x57' if v6 else b'\x00\x21'
    if v == 0:
        return struct.pack('!HHH', 0x0002, 7, 9) + ppp + proto
    if v == 1:
        return struct.pack('!HHHHHH', 0x4802, 16 + plen, 7, 9, n, n + 1) + ppp + proto
    return struct.pack('!HHHH', 0x0202, 7, 9, 2) + b'\0\0' + ppp + proto


def tun_kinds(d):
    """What record_tunnels.sh records, for kernels without the tunnel: an echo session
    through each kind, the outer headers as the Linux tunnel drivers write them."""
    i4, i6 = session('10.77.0.1', '10.77.0.2'), session('fd00:77::1', 'fd00:77::2')
    ie1, ie2 = '0e:f3:c0:0c:18:1a', 'a6:ba:34:0f:9c:8e'

    def inner_eth(p):
        return eth(ie1, ie2, 0x0800, p) if p[12:16] == a4('10.77.0.1') else eth(ie2, ie1, 0x0800, p)

    def o4(proto, body, n):
        return eth(M2, M1, 0x0800, ipv4(O4A, O4B, proto, body, ident=0x1000 + n, flags=0))

    def o6(nh, body):
        return eth(M2, M1, 0x86dd, ipv6(O6A, O6B, nh, body))
    kinds = {
        'gre': [o4(47, b'\x00\x00\x08\x00' + p, n) for n, p in enumerate(i4)],
        'gretap': [o4(47, b'\x00\x00\x65\x58' + inner_eth(p), n) for n, p in enumerate(i4)],
        'ipip': [o4(4, p, n) for n, p in enumerate(i4)],
        'sit': [o4(41, p, n) for n, p in enumerate(i6)],
        'ip6ip6': [o6(41, p) for p in i6],
        'ip4ip6': [o6(4, p) for p in i4],
        'ip6gre': [o6(47, b'\x00\x00\x08\x00' + p) for p in i4],
        'geneve': [o4(17, udp(O4A, O4B, 50000 + n, 6081, b'\x00\x00\x65\x58\x00\x00\x2a\x00' +
                                inner_eth(p), zero=True), n) for n, p in enumerate(i4)],
        'vxlan': [o4(17, udp(O4A, O4B, 50000 + n, 4789, b'\x08\x00\x00\x00\x00\x00\x2a\x00' +
                               inner_eth(p), zero=True), n) for n, p in enumerate(i4)],
        # A DSL line's PPPoE session, and an ISP core's MPLS (two labels, then one).
        'pppoe': [eth(M2, M1, 0x8864, struct.pack('!BBHH', 0x11, 0, 0x2a2a, len(p) + 2) +
                      (b'\x00\x21' if p[0] >> 4 == 4 else b'\x00\x57') + p) for p in i4 + i6[:3]],
        # L2TPv2 data messages (a DSL line's LNS side): plain, with length and Ns/Nr, with
        # an offset, with priority and a compressed PPP protocol field.
        'l2tp': [o4(17, udp(O4A, O4B, 1701, 1701, l2tp_hdr(n, p[0] >> 4 == 6, len(p)) + p, zero=True), n)
                 for n, p in enumerate(i4 + i6[:3])],
        'mpls': [eth(M2, M1, 0x8847, (struct.pack('!I', 16000 << 12 | 64) if n % 2 else b'') +
                     struct.pack('!I', 24001 << 12 | 1 << 9 | 1 << 8 | 63) + p)
                 for n, p in enumerate(i4)],
    }
    for kind, frames in kinds.items():
        write_pcap(os.path.join(d, 'tun-%s.pcap' % kind), 1, frames)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else 'tests/data/parity'
    os.makedirs(d, exist_ok=True)
    for gen in (link_ppp, link_ppp_hdlc, link_chdlc, link_wlan, link_radiotap, link_ppi, link_ipoib,
                link_arcnet, link_juniper, tcp_options, tcp_retrans, fmt_nanoseconds, fmt_pcapng,
                fmt_pcapng_mixed, fmt_snaplen, fmt_rawip, tun_synth, tun_kinds):
        gen(d)


if __name__ == '__main__':
    main()
