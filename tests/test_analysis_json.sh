#!/bin/sh
# test_analysis_json.sh EMITTER: the -T json lines of sniff/format/fmt_json.c must parse with a
# real JSON parser (Python's json module), one object per line, and hold the documented
# fields (docs/json-schema.md) with the values the session implies.
set -eu
emitter=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$emitter" --emit "$out"
python3 - "$out" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="ascii").read().splitlines()
objs = [json.loads(l) for l in lines]          # every line is one JSON object
pk = [o for o in objs if o["type"] == "packet"]
cs = [o for o in objs if o["type"] == "conn"]
assert len(pk) == 14, len(pk)
assert len(cs) == 2, len(cs)
for o in pk:
    for k in ("frame", "layers", "stream", "direction", "event", "tcp_state", "analysis",
              "annotation"):
        assert k in o, (k, o)
    assert isinstance(o["analysis"]["flags"], list)
    assert o["frame"]["number"] >= 1
echo = pk[5]
assert echo["frame"]["number"] == 6
assert echo["layers"]["tcp"]["seq"] == 1 and echo["layers"]["tcp"]["ack"] == 19
assert echo["echo"]["verdict"] == "ok" and echo["echo"]["latency_ms"] == 2.154, echo["echo"]
assert echo["echo"]["rtt_ms"] == echo["echo"]["latency_ms"]  # its schema-2 name
assert echo["annotation"][0] == "client ESTABLISHED, server ESTABLISHED", echo["annotation"]
assert echo["annotation"][1].startswith("server data: bytes 0-17 of its stream (byte 0 is "
    'Seq=1), 18 bytes "here is a message\\n": the echo of request #1 (18/18 bytes), identical; '
    "echo latency 2.154 ms."), echo["annotation"]
bad = pk[13]
assert bad["echo"]["verdict"] == "mismatch"
assert bad["echo"]["mismatch"] == {"offset": 17, "expected": 10, "got": 0}
assert "ECHO MISMATCH at byte 17 of conn #1: expected '\\n' (0a), got NUL (00)" in bad["annotation"]
assert all(isinstance(o["tcp_state_before"], dict) for o in pk)
# RFC 9293 states of both ends after each packet of the lecture's session.
states = [(o["tcp_state"]["client"], o["tcp_state"]["server"]) for o in pk[:9]]
assert states == [("SYN-SENT", "UNKNOWN"), ("ESTABLISHED", "SYN-RECEIVED"),
                  ("ESTABLISHED", "ESTABLISHED"), ("ESTABLISHED", "ESTABLISHED"),
                  ("ESTABLISHED", "ESTABLISHED"), ("ESTABLISHED", "ESTABLISHED"),
                  ("FIN-WAIT-1", "CLOSE-WAIT"), ("TIME-WAIT", "LAST-ACK"),
                  ("TIME-WAIT", "CLOSED")], states
c1 = [c for c in cs if c["stream"] == 0][0]
assert c1["client"] == {"addr": "128.237.252.163", "port": 55306}
assert c1["server"] == {"addr": "128.2.220.10", "port": 15213}
assert c1["end"] == "fin" and c1["echo"]["verified"] == 1 and c1["echo"]["latency_ms"]["min"] == 2.154
assert c1["packets"] == {"client_to_server": 5, "server_to_client": 4}
assert c1["tcp_state"] == {"client": "TIME-WAIT", "server": "CLOSED"}
c2 = [c for c in cs if c["stream"] == 1][0]
assert c2["end"] == "open" and c2["echo"]["mismatched"] == 1 and c2["echo"]["first_mismatch"] == 17
print("ok: %d packet and %d connection objects parsed" % (len(pk), len(cs)))
PY
