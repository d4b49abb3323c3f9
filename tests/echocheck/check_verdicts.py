#!/usr/bin/env python3
"""check_verdicts.py REPORT.json EXPECTED.txt EXIT-STATUS SAVE-DIR: echocheck's JSON
report (parsed by Python's json module) against a fixture's expected verdicts.

EXPECTED has one line per test: "name status cause notes" (cause and notes "-" when
none; notes comma-separated). Every test must be in the report with exactly that status,
cause id and note ids; the exit status must be 1 if any test failed, else 0; a failing
test's capture must be saved as SAVE-DIR/FAIL-<name>.pcap with sniff's lines for at
least one frame (but for faults only /proc shows: zombies...), and a passing test must
have no FAIL-<name>.pcap. Prints each difference; exit 1 if any.
"""
import json
import os
import sys

# Faults of the server's process that nothing on the wire shows.
PROCESS_FAULTS = ("zombies", "children_left", "threads_left", "memory_growth")


def main():
    report_path, expected_path, rc, save_dir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(report_path) as f:
        report = json.load(f)
    expected = {}
    with open(expected_path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, status, cause, notes = line.split()
                expected[name] = (status, None if cause == "-" else cause,
                                  [] if notes == "-" else notes.split(","))
    errors = []
    tests = {t["name"]: t for t in report["tests"]}
    if sorted(tests) != sorted(expected):
        errors.append(f"tests in the report {sorted(tests)} != expected {sorted(expected)}")
    captures = report["capture"]["sniff"] is not None
    for name, (status, cause, notes) in expected.items():
        t = tests.get(name)
        if t is None:
            continue
        got_cause = (t["failure"] or {}).get("cause") or {}
        got = (t["status"], got_cause.get("id"), [n["id"] for n in t["notes"]])
        if got != (status, cause, notes):
            what = t["failure"]["what"] if t["failure"] else t["summary"]
            errors.append(f"{name}: got {got}, expected {(status, cause, notes)}: {what}")
        pcap = os.path.join(save_dir, f"FAIL-{name}.pcap")
        if status == "fail" and captures:
            ev = t["evidence"]
            if ev["capture_file"] != pcap or not os.path.getsize(pcap):
                errors.append(f"{name}: no capture saved as {pcap}: {ev}")
            elif (not ev["frames"] or not ev["lines"]) and cause not in PROCESS_FAULTS:
                errors.append(f"{name}: no decisive frames or sniff lines: {ev}")
        if status == "pass" and os.path.exists(pcap):
            errors.append(f"{name}: passed, but {pcap} exists")
    failed = any(t["status"] != "pass" for t in report["tests"])
    if rc != (1 if failed else 0):
        errors.append(f"exit status {rc}, expected {1 if failed else 0}")
    for e in errors:
        print("FAIL:", e)
    if not errors:
        print(f"ok: {len(expected)} verdicts as expected ({report['summary']})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
