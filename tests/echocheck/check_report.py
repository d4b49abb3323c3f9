#!/usr/bin/env python3
"""check_report.py REPORT.json RESULTS.json SAVE-DIR MEMORY-MIB: echocheck's JSON report and its
Gradescope results of one run (echo_nul, tests one_line, binary, two_clients, health, with
weights one_line 2.5, health 0.5, --cpu 20 --files 512, -j 2), parsed by Python's json
module and checked field by field against docs/echocheck-json.md and Gradescope's format.
"""
import json
import os
import sys

errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def typed(obj, key, types, where):
    check(key in obj, f"{where}: no '{key}'")
    if key in obj:
        check(isinstance(obj[key], types), f"{where}.{key}: {obj[key]!r} is not {types}")
    return obj.get(key)


def main():
    rep = json.load(open(sys.argv[1]))
    gs = json.load(open(sys.argv[2]))
    save, memory = sys.argv[3], int(sys.argv[4])
    names = ["one_line", "binary", "two_clients", "health"]
    weights = {"one_line": 2.5, "binary": 1.0, "two_clients": 1.0, "health": 0.5}

    typed(rep, "echocheck", str, "top")
    check(rep.get("schema") == 1, "schema is not 1")
    srv = typed(rep, "server", dict, "top") or {}
    check(srv.get("command", [""])[-1] == "%PORT%", f"server.command: {srv.get('command')}")
    check(srv.get("connect") is None, "server.connect is not null")
    check(srv.get("mode") == "netns", f"server.mode: {srv.get('mode')}")
    check(srv.get("port") == 15213, f"server.port: {srv.get('port')}")
    check(srv.get("user") == "nobody", f"server.user: {srv.get('user')}")
    check(srv.get("limits") == {"cpu_s": 20, "memory_mib": memory, "processes": 1024,
                                "open_files": 512, "output_mib": 64},
          f"server.limits: {srv.get('limits')}")
    check(srv.get("timeout_s") == 20.0 and srv.get("wait_s") == 2.0, "server timeout/wait")
    check("as nobody" in typed(srv, "setup", str, "server"), "server.setup")
    cap = typed(rep, "capture", dict, "top") or {}
    check(isinstance(cap.get("sniff"), str) and os.access(cap["sniff"], os.X_OK), "capture.sniff")
    check(cap.get("why_not") is None and cap.get("save_dir") == save, f"capture: {cap}")

    tests = typed(rep, "tests", list, "top") or []
    check([t.get("name") for t in tests] == names, f"tests: {[t.get('name') for t in tests]}")
    summ = typed(rep, "summary", dict, "top") or {}
    st = [t["status"] for t in tests]
    check(summ.get("tests") == 4 and summ.get("passed") == st.count("pass")
          and summ.get("failed") == st.count("fail") and summ.get("errors") == 0
          and summ.get("skipped") == 0, f"summary counts: {summ}")
    check(summ.get("score") == sum(t["score"] for t in tests), "summary.score")
    check(summ.get("max_score") == 5.0, f"summary.max_score: {summ.get('max_score')}")
    check(isinstance(summ.get("seconds"), float), "summary.seconds")

    by = {t["name"]: t for t in tests}
    for t in tests:
        w = f"tests[{t['name']}]"
        for key, types in (("title", str), ("status", str), ("seconds", float), ("weight", float),
                           ("score", float), ("summary", str), ("notes", list),
                           ("evidence", dict)):
            typed(t, key, types, w)
        check(t["weight"] == weights[t["name"]], f"{w}.weight {t['weight']}")
        check(t["score"] == (t["weight"] if t["status"] == "pass" else 0), f"{w}.score")
        check(t["summary"] != "", f"{w}.summary is empty")
        ev = t["evidence"]
        for key, types in (("captured", bool), ("frames", list), ("lines", list)):
            typed(ev, key, types, f"{w}.evidence")
        check(ev["captured"] is True, f"{w}: not captured")

    # one_line: the NUL after the line.
    t = by["one_line"]
    f = t["failure"] or {}
    check(t["status"] == "fail", "one_line did not fail")
    check(f.get("sent_bytes") == 38 and f.get("received_bytes") == 39, f"one_line sizes: {f}")
    check(f.get("first_difference") == {"offset": 38, "sent": None, "received": 0},
          f"one_line first_difference: {f.get('first_difference')}")
    check(f.get("connection_end") == "eof", "one_line connection_end")
    check(f.get("sent_preview", "").endswith('"rver: here is a message\\n"'), "one_line sent_preview")
    check(f.get("received_preview", "").endswith('message\\n\\x00"'), "one_line received_preview")
    check((f.get("cause") or {}).get("id") == "nul_appended", "one_line cause")
    check("strlen(buf)+1" in (f.get("cause") or {}).get("text", ""), "one_line cause text")
    s = t["server"] or {}
    check(s.get("alive") is True and s.get("exit_status") is None and s.get("signal") is None
          and s.get("signal_name") is None and isinstance(s.get("output_tail"), str),
          f"one_line server: {s}")
    ev = t["evidence"]
    check(ev["capture_file"] == os.path.join(save, "FAIL-one_line.pcap")
          and os.path.getsize(ev["capture_file"]) > 0, "one_line capture_file")
    check(all(isinstance(n, int) for n in ev["frames"]) and len(ev["frames"]) >= 2, "frames")
    check(any("ECHO MISMATCH" in line for line in ev["lines"]), f"one_line lines: {ev['lines']}")
    check(any("client data: bytes" in line for line in ev["lines"]), "one_line: no client data line")

    # binary: strlen() stops at the NUL.
    f = by["binary"]["failure"] or {}
    check((f.get("cause") or {}).get("id") == "c_string", "binary cause")
    check(f.get("first_difference", {}).get("offset") == 6, f"binary offset: {f}")

    # two_clients: passes with the iterative note; no capture kept.
    t = by["two_clients"]
    check(t["status"] == "pass" and t["failure"] is None and t["server"] is None, "two_clients")
    check([n["id"] for n in t["notes"]] == ["one_at_a_time"], "two_clients notes")
    check(t["evidence"]["capture_file"] is None, "two_clients kept a capture")
    check(not os.path.exists(os.path.join(save, "FAIL-two_clients.pcap")), "stale FAIL file")

    # health passes; its summary has the counts.
    check(by["health"]["status"] == "pass" and "descriptors" in by["health"]["summary"], "health")

    # Gradescope's format.
    check(isinstance(gs.get("execution_time"), int) and gs["execution_time"] >= 1, "gs time")
    check("score" not in gs, "gs: a top-level score overrides the tests'")
    check(isinstance(gs.get("output"), str) and "passed" in gs["output"], "gs output")
    gt = gs.get("tests", [])
    check(len(gt) == 4, f"gs tests: {len(gt)}")
    for g, t in zip(gt, tests):
        check(set(g) == {"name", "score", "max_score", "status", "output"}, f"gs keys {set(g)}")
        check(g["name"] == f"{t['name']}: {t['title']}", f"gs name {g['name']}")
        check(g["score"] == t["score"] and g["max_score"] == t["weight"], f"gs score {g}")
        check(g["status"] == ("passed" if t["status"] == "pass" else "failed"), "gs status")
        check(isinstance(g["output"], str) and g["output"], "gs output")
    check("likely cause" in gt[0]["output"] and "a NUL after the data" in gt[0]["output"]
          and "FAIL-one_line.pcap" in gt[0]["output"] and "\x1b" not in gt[0]["output"],
          f"gs one_line output: {gt[0]['output']}")
    check("serves one client at a time" in gt[2]["output"], "gs two_clients output")

    for e in errors:
        print("FAIL:", e)
    if not errors:
        print("ok: the JSON report and Gradescope's results, field by field")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
