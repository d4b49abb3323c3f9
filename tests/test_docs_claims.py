#!/usr/bin/env python3
"""test_docs_claims.py SNIFF SOURCE_DIR: the documents' claims about sniff's output,
checked against sniff's output on the shipped captures, so that a false sentence the
issue found cannot come back unnoticed:
  - README.md's `sniff -r captures/echo-lo.pcap -A` example: every line of it is a line
    sniff prints (frames left out are marked "[...", not invented), and its --summary
    example is sniff's header and row;
  - man/sniff.1 does not say that Wireshark's analysis notes are not printed (they are:
    [TCP Window Full] in large-transfer.pcap);
  - captures/README.md's "segments up to N bytes" for large-transfer.pcap is its largest
    segment.
"""
import os
import re
import subprocess
import sys


def run(sniff, *args):
    out = subprocess.run([sniff, *args], capture_output=True, text=True, check=True)
    return out.stdout


def main():
    sniff, src = sys.argv[1], sys.argv[2]
    fails = []
    cap = lambda name: os.path.join(src, "captures", name)
    with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
        readme = f.read().splitlines()

    annotated = set(run(sniff, "-r", cap("echo-lo.pcap"), "-A", "--color=never").splitlines())
    start = next(i for i, l in enumerate(readme) if "`sniff -r captures/echo-lo.pcap -A" in l)
    block = []
    for line in readme[start + 1:]:
        if line.strip() == "" and block:
            break
        if line.startswith("        "):
            block.append(line[4:])
    if len(block) < 10:
        fails.append("README: the -A example was not found")
    for line in block:
        if line.strip().startswith("[..."):
            continue
        if line not in annotated:
            fails.append(f"README's -A example has a line sniff does not print: {line[:100]}")

    summary = run(sniff, "-r", cap("echo-lo.pcap"), "--summary").splitlines()
    rows = [l for l in summary if l.startswith("#  Client") or l.startswith("0  ")]
    text = "\n".join(readme)
    for row in rows:
        if "    " + row not in text:
            fails.append(f"README's --summary example differs from sniff's: {row[:100]}")

    with open(os.path.join(src, "man", "sniff.1"), encoding="utf-8") as f:
        man = " ".join(f.read().split())
    if re.search(r"analysis notes \([^)]*\) are not printed", man):
        fails.append("man/sniff.1 says the analysis notes are not printed")
    if "[TCP Window Full]" not in run(sniff, "-r", cap("large-transfer.pcap")):
        fails.append("large-transfer.pcap's list lacks [TCP Window Full]")

    lens = [int(m) for m in re.findall(r"Len=(\d+)", run(sniff, "-r", cap("large-transfer.pcap")))]
    with open(os.path.join(src, "captures", "README.md"), encoding="utf-8") as f:
        caps = f.read()
    m = re.search(r"`large-transfer\.pcap`.*?segments up to (\d+) bytes", caps)
    if not m or int(m.group(1)) != max(lens):
        fails.append(f"captures/README.md: large-transfer's largest segment is {max(lens)} "
                     f"bytes, it says {m.group(1) if m else 'nothing'}")

    for f in fails:
        print("FAIL", f)
    if not fails:
        print(f"ok: {len(block)} lines of README's -A example, its --summary, man/sniff.1 "
              "and captures/README.md agree with sniff")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
