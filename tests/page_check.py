"""page_check.py: reads a page made by `sniff -T html` the way its renderer does (every
block inflated with zlib, its JSON parsed), for tests/test_page.sh.

  page_check.py data PAGE JSONL      the page holds one record per packet of the -T json
                                     lines, each with exactly that JSON object, a tree,
                                     and bytes of the frame's length; the connections are
                                     the -T json connection objects; meta agrees
  page_check.py ranges PAGE PDML     every tree line that shows bytes of its own and whose
                                     text a field of tshark's PDML shows has tshark's
                                     position and size
  page_check.py absent PAGE TEXT...  none of the texts is anywhere on the page: not in its
                                     HTML, nor in any inflated block, nor in any frame's
                                     bytes (as text or as the bytes of a dotted address)
Exit status 0 when it holds, 1 with a sentence on stderr.
"""
import base64
import collections
import json
import re
import sys
import xml.etree.ElementTree as ET
import zlib


def fail(msg):
    sys.stderr.write("page_check: " + msg + "\n")
    sys.exit(1)


def chunks(html):
    for m in re.finditer(r'<script type="application/x-sniff" ([^>]*)>([^<]*)</script>', html):
        attrs = dict(re.findall(r'data-([\w-]+)="([^"]*)"', m.group(1)))
        yield attrs, zlib.decompress(base64.b64decode(m.group(2))).decode("utf-8")


def load(path):
    html = open(path, encoding="utf-8").read()
    page = {"html": html, "list": [], "trees": [], "conns": [], "svg": [], "texts": []}
    blocks = []
    for attrs, text in chunks(html):
        page["texts"].append(text)
        kind = attrs["kind"]
        if kind == "list":
            blocks.append((int(attrs["first"]), int(attrs["n"])))
            page["list"].extend(json.loads(text))
        elif kind == "detail":
            d = json.loads(text)
            for t in d["p"]:
                lines = [[t["t"][k], d["s"][t["t"][k + 1]] if isinstance(t["t"][k + 1], int)
                          else t["t"][k + 1], t["t"][k + 2], t["t"][k + 3]]
                         for k in range(0, len(t["t"]), 4)]
                page["trees"].append({"lines": lines, "bytes": base64.b64decode(t["b"])})
        elif kind == "conns":
            page["conns"].extend(json.loads(text))
        else:
            page["svg"].append(text)
    m = re.search(r'<script type="application/json" data-kind="meta">(.*?)</script>', html)
    if not m:
        fail("%s: no meta" % path)
    page["meta"] = json.loads(m.group(1))
    return page


def data(path, jsonl):
    page = load(path)
    packets, conns = [], []
    for line in open(jsonl):
        o = json.loads(line)
        (packets if o["type"] == "packet" else conns).append(o)
    if len(page["list"]) != len(packets) or len(page["trees"]) != len(packets):
        fail("%s: %d records and %d trees for %d packets" %
             (path, len(page["list"]), len(page["trees"]), len(packets)))
    for i, (r, o) in enumerate(zip(page["list"], packets)):
        if r["j"] != o:
            fail("%s: record %d differs from -T json:\n %s\n %s" % (path, i, r["j"], o))
        if len(r["c"]) != 5 or not r["k"]:
            fail("%s: record %d has no columns or colour" % (path, i))
        if len(page["trees"][i]["bytes"]) != o["frame"]["caplen"]:
            fail("%s: record %d: %d bytes, caplen %d" %
                 (path, i, len(page["trees"][i]["bytes"]), o["frame"]["caplen"]))
        if not page["trees"][i]["lines"][0][1].startswith("Frame %d:" % o["frame"]["number"]):
            fail("%s: tree %d starts %r" % (path, i, page["trees"][i]["lines"][0][1]))
    key = lambda c: c["stream"]
    if sorted(page["conns"], key=key) != sorted(conns, key=key):
        fail("%s: the connections differ from -T json" % path)
    meta = page["meta"]
    if meta["packets"] != len(packets):
        fail("%s: meta says %d packets" % (path, meta["packets"]))
    problems = [i for i, r in enumerate(page["list"]) if r["p"]]
    if meta["problems"] != problems:
        fail("%s: meta's problems %s, records' %s" % (path, meta["problems"], problems))
    # each connection's first packet, [stream, index]: once each, as -T json orders them
    first = {}
    for i, o in enumerate(packets):
        s = o.get("stream")
        if s is not None and s not in first:
            first[s] = i
    if sorted(map(tuple, meta["first"])) != sorted(first.items()):
        fail("%s: meta's first packets %s, -T json's %s" % (path, meta["first"][:8],
                                                            sorted(first.items())[:8]))
    print("%s: %d packets, %d connections, %d figures, as -T json" %
          (path, len(packets), len(conns), len(page["svg"])))


def ranges(path, pdml):
    page = load(path)
    want = []
    for pkt in ET.parse(pdml).getroot().iter("packet"):
        fields = collections.defaultdict(set)
        for f in pkt.iter("field"):
            if f.get("showname") and f.get("pos") is not None and f.get("size") is not None:
                fields[f.get("showname")].add((int(f.get("pos")), int(f.get("size"))))
        for p in pkt.iter("proto"):  # the layers' own lines, "Internet Protocol Version 4, ..."
            if p.get("showname") and p.get("pos") is not None:
                fields[p.get("showname")].add((int(p.get("pos")), int(p.get("size"))))
        want.append(fields)
    if len(want) != len(page["trees"]):
        fail("%s: %d trees, tshark has %d packets" % (path, len(page["trees"]), len(want)))
    checked = 0
    for i, (tree, fields) in enumerate(zip(page["trees"], want)):
        for lvl, text, off, ln in tree["lines"]:
            if off < 0 or ln == 0 or text not in fields:
                continue
            if (off, ln) not in fields[text]:
                fail("%s: packet %d, %r shows bytes %d+%d, tshark %s" %
                     (path, i + 1, text, off, ln, sorted(fields[text])))
            checked += 1
    if checked == 0:
        fail("%s: no line matched a tshark field" % path)
    print("%s: %d byte ranges as tshark's" % (path, checked))


def absent(path, *texts):
    page = load(path)
    hay = [page["html"]] + page["texts"]
    frames = [t["bytes"] for t in page["trees"]]
    for t in texts:
        for h in hay:
            if t in h:
                fail("%s: %r is on the page" % (path, t))
        raw = [t.encode()]
        if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", t):
            raw.append(bytes(int(x) for x in t.split(".")))
        for b in raw:
            for k, fr in enumerate(frames):
                if b in fr:
                    fail("%s: frame %d holds %r" % (path, k + 1, b))
    print("%s: none of %d texts on the page (%d frames searched)" % (path, len(texts), len(frames)))


if __name__ == "__main__":
    {"data": data, "ranges": ranges, "absent": absent}[sys.argv[1]](*sys.argv[2:])
