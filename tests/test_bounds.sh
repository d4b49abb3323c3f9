#!/bin/sh
# test_bounds.sh SNIFF GEN_BOUNDS [--sanitized]: crafted traffic cannot make sniff
# allocate or compute without bound (memory for the whole run, no work proportional to a
# gap, --summary bounded), and giving bytes up to the memory budget never turns into a
# wrong verdict.
#
# gen_bounds writes each crafted capture and an honest twin with as many packets
# (tests/gen_bounds.c says what each case does). For every case and output mode sniff
# reads both; the crafted file must:
#   - peak below 64 MiB of RSS (before the budget: 647 MB for `pending` under -A),
#   - cost at most 3 times the CPU time of the honest twin, plus 0.3 s for a loaded
#     machine (before: 31 s for 200 packets of `gap` under --follow, against nothing),
# the best of three runs each. The `budget` case is honest traffic that --max-memory=6M
# cannot hold: every given-up range must be said ("not checked: memory budget" in -A,
# "given_up" in -T json, "(memory budget)" in --summary) and the only ECHO MISMATCH must
# be the real one, which the full budget finds too. --sanitized (the ASan build): no RSS
# bound (the sanitizer's shadow memory and quarantine are not sniff's), the rest holds.
set -eu
sniff=$1
gen=$2
sanitized=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp" # sniff drops root to nobody after opening; keep the files readable
for c in pending sparse gap budget; do
    "$gen" "$c" -w "$tmp/$c.pcap"
    "$gen" "$c" --honest -w "$tmp/$c-honest.pcap"
done
"$gen" synflood -n 300000 -w "$tmp/synflood.pcap"
"$gen" synflood -n 300000 --honest -w "$tmp/synflood-honest.pcap"
"$gen" lossy -n 400000 -w "$tmp/lossy.pcap"
"$gen" lossy -n 400000 --honest -w "$tmp/lossy-honest.pcap"

python3 - "$sniff" "$tmp" "$sanitized" <<'PY'
import os, re, subprocess, sys
sniff, tmp, sanitized = sys.argv[1], sys.argv[2], sys.argv[3] == "--sanitized"
MIB = 1024 * 1024
fail = 0

def run(args, out=None):
    """One sniff run: (exit status, CPU seconds, peak RSS in bytes, stdout if asked).
    GNU time measures it: a child's peak RSS starts from its parent's at the fork, so
    sniff must be forked by a small process (time), not by this Python."""
    ru = tmp + "/rusage"
    with open(os.devnull, "w") as null:
        p = subprocess.run(["timeout", "-k", "5", "120", "/usr/bin/time", "-q", "-f",
                            "%U %S %M", "-o", ru, sniff] + args,
                           stdout=subprocess.PIPE if out else null, stderr=subprocess.DEVNULL)
    with open(ru) as f:
        user, system, kib = f.read().split()[-3:]
    return (p.returncode, float(user) + float(system), int(kib) * 1024,
            p.stdout.decode("latin-1") if out else "")

def check(ok, what):
    global fail
    print(("ok: " if ok else "FAIL: ") + what)
    fail |= not ok

def bound(case, mode):
    """The crafted file against its twin, best of three runs each."""
    best = {}
    for name in (case, case + "-honest"):
        runs = [run(["-r", "%s/%s.pcap" % (tmp, name)] + mode) for _ in range(3)]
        if any(r[0] != 0 for r in runs):
            check(False, "sniff -r %s %s exited %d" % (name, " ".join(mode), runs[0][0]))
            return
        best[name] = (min(r[1] for r in runs), max(r[2] for r in runs))
    cpu, rss = best[case]
    hcpu = best[case + "-honest"][0]
    desc = "%s %s: %.3f s CPU (honest twin %.3f s), peak RSS %.1f MiB" % (
        case, " ".join(mode) or "(list)", cpu, hcpu, rss / MIB)
    check(cpu <= 3 * hcpu + 0.3 and (sanitized or rss < 64 * MIB), desc)

A = ["-A", "--color=never"]
for case in ("pending", "sparse"):
    for mode in ([], A, ["-T", "json"], ["--summary"], ["--follow=7"]):
        bound(case, mode)
for mode in ([], A, ["--follow=0"], ["--follow=0", "--follow-hex"], ["-T", "json"],
             ["--summary"]):
    bound("gap", mode)
for mode in ([], A, ["--summary"], ["-T", "json"], ["-T", "json", "--summary"]):
    bound("synflood", mode)
# A quarter of the frames lost: the table, the budget and the rows full at once.
for mode in (A, ["--summary"], ["-T", "json", "--summary"]):
    bound("lossy", mode)

# The gaps are said, whole, once each: one line per hole in --follow (each round's 2 GiB
# hole, declared by the server's ACK, then the byte the ACK left, by the next one).
rc, _, _, out = run(["-r", tmp + "/gap.pcap", "--follow=0"], out=True)
holes = [l for l in out.splitlines() if l.startswith("> [bytes ") and "not captured" in l]
check(rc == 0 and len(holes) == 2 * 9998 - 1 and holes[0] == "> [bytes 100-2147483646 not captured]"
      and out.count("\n> adgjmpsvy") + out.count("\n> gjmpsvy") > 0,
      "--follow on gap: %d holes said (wanted %d)" % (len(holes), 2 * 9998 - 1))

# A million-connection table is not kept: the rows stop at 16384, the rest are summed.
rc, _, rss, out = run(["-r", tmp + "/synflood.pcap", "--summary"], out=True)
check(rc == 0 and "TCP connections: 300000\n" in out and "(283616 connections)" in out
      and "(rest: 283616 connections added up in one row" in out,
      "--summary on 300,000 SYNs: 16384 rows and one summed row")

# Honest traffic past a small budget: what was given up is said, never called a mismatch.
budget = ["-r", tmp + "/budget.pcap", "--max-memory=6M"]
rc, _, _, out = run(budget + A, out=True)
lines = out.splitlines()
mism = [l for l in lines if "MISMATCH" in l]
gaveup = [l for l in lines if "not checked: memory budget" in l]
check(rc == 0 and mism == ["    ECHO MISMATCH at byte 1000 of conn #1999: expected 'p' (70), "
                           "got 'P' (50)"]
      and len(gaveup) > 1000,
      "-A --max-memory=6M: %d ranges given up, mismatches %r" % (len(gaveup), mism))
rc, _, _, full = run(["-r", tmp + "/budget.pcap"] + A, out=True)
check(rc == 0 and [l for l in full.splitlines() if "MISMATCH" in l] == mism
      and "memory budget" not in full, "-A with the default budget: the same one mismatch, "
      "nothing given up")
import json
rc, _, _, out = run(budget + ["-T", "json"], out=True)
objs = [json.loads(l) for l in out.splitlines()]
pk = [o for o in objs if o["type"] == "packet" and "echo" in o]
conns = [o for o in objs if o["type"] == "conn"]
given = [o for o in pk if "given_up" in o["echo"]]
bad = [o for o in pk if o["echo"]["verdict"] == "mismatch"]
lost = sum(c["echo"]["bytes_given_up"] for c in conns if c["echo"])
check(rc == 0 and len(given) > 1000 and len(bad) == 1 and bad[0]["stream"] == 1999
      and lost > 0 and all(c["echo"]["bytes_mismatched"] == 0 for c in conns
                           if c["echo"] and c["stream"] != 1999),
      "-T json --max-memory=6M: %d segments with given_up, %d bytes given up, one mismatch"
      % (len(given), lost))
rc, _, _, out = run(budget + ["--summary"], out=True)
rows = [l for l in out.splitlines() if "10.0.0.1:15213" in l]
cols = [re.split(" {2,}", r.strip()) for r in rows]  # Mismatched is the 12th column
check(rc == 0 and len(rows) == 2000 and any(c[13].endswith(" (memory budget)") for c in cols)
      and [c[0] for c in cols if c[11] != "0"] == ["1999"],
      "--summary --max-memory=6M: rows with (memory budget), one mismatched request")
sys.exit(fail)
PY
