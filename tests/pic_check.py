"""pic_check.py: checks of sniff's pictures by real parsers, for tests/test_pictures.sh
and tests/test_graph_points.sh.

  pic_check.py svg FILE JSONL     the SVG parses (xml.etree); its arrows (g.arrow) are the
                                  analysed TCP segments of the -T json lines, frame for frame
  pic_check.py png FILE W H       a PNG of W x H pixels (W, H: - for any), decoded with zlib
                                  and PNG's filters, not blank
  pic_check.py png-edge FILE      a PNG whose right-most 8 columns are white: nothing cut off
  pic_check.py ppm-dir DIR N      N pages rendered by pdftoppm (PPM files), none blank
  pic_check.py svg-texts FILE     prints every <text> of an SVG, one a line
  pic_check.py csv-eq GOT WANT    two graph CSVs hold the same rows (numbers compared as
                                  numbers, to 1e-6)
  pic_check.py y-fits SVG CSV [y] the left axis of a graph's SVG spans its CSV's values (y and
                                  y2 of every row; with y, y alone): its top tick is above the
                                  largest value and not past twice it (no series drawn on
                                  another's scale)
Exit status 0 when the check holds, 1 with a sentence on stderr when it does not.
"""
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

SVG = "{http://www.w3.org/2000/svg}"


def fail(msg):
    sys.stderr.write("pic_check: " + msg + "\n")
    sys.exit(1)


def svg(path, jsonl):
    root = ET.parse(path).getroot()
    if root.tag != SVG + "svg":
        fail("%s: the root is %s, not svg" % (path, root.tag))
    frames = [int(g.get("data-frame")) for g in root.iter(SVG + "g") if g.get("class") == "arrow"]
    want = []
    with open(jsonl) as f:
        for line in f:
            o = json.loads(line)
            if o.get("type") == "packet" and "stream" in o:
                want.append(o["frame"]["number"])
    if sorted(frames) != sorted(want):
        fail("%s: %d arrows for frames %s, but %d analysed segments %s" %
             (path, len(frames), frames[:20], len(want), want[:20]))
    titles = [t.text for t in root.iter(SVG + "text")
              if t.text and re.match(r"conn #\d+ \(tcp\.stream \d+\): ", t.text)]
    streams = {o for o in (json.loads(l).get("stream") for l in open(jsonl)) if o is not None}
    if len(titles) != len(streams):
        fail("%s: %d ladders for %d connections" % (path, len(titles), len(streams)))
    print("%s: %d arrows, %d connections" % (path, len(frames), len(titles)))


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s: not a PNG" % path)
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype = ihdr[0], ihdr[1], ihdr[2], ihdr[3]
    if depth != 8 or ctype not in (2, 6):
        fail("%s: colour type %d depth %d not expected from cairo" % (path, ctype, depth))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(h):
        ft, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):  # PNG's five filters (RFC 2083 6)
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def not_blank(name, w, h, bpp, rows):
    colours, ink = set(), 0
    for line in rows:
        for x in range(0, w * bpp, bpp):
            px = tuple(line[x:x + 3])
            colours.add(px)
            ink += px != (255, 255, 255)
    share = ink / float(w * h)
    if share < 0.005 or len(colours) < 3:
        fail("%s: blank: %.4f of the pixels inked, %d colours" % (name, share, len(colours)))
    print("%s: %dx%d, %.1f%% inked, %d colours" % (name, w, h, 100 * share, len(colours)))


def png(path, want_w, want_h):
    w, h, bpp, rows = png_pixels(path)
    if (want_w != "-" and w != int(want_w)) or (want_h != "-" and h != int(want_h)):
        fail("%s: %dx%d, not the %sx%s asked for" % (path, w, h, want_w, want_h))
    not_blank(path, w, h, bpp, rows)


def png_edge(path):
    w, h, bpp, rows = png_pixels(path)
    for y, line in enumerate(rows):
        for x in range(w - 8, w):
            if tuple(line[x * bpp:x * bpp + 3]) != (255, 255, 255):
                fail("%s: %dx%d, inked at (%d, %d): cut at the right" % (path, w, h, x, y))
    print("%s: %dx%d, its right margin white" % (path, w, h))


def ppm(path):
    data = open(path, "rb").read()
    parts = data.split(maxsplit=4)
    if parts[0] != b"P6":
        fail("%s: not a binary PPM" % path)
    w, h = int(parts[1]), int(parts[2])
    pix = parts[4]
    rows = [bytearray(pix[y * w * 3:(y + 1) * w * 3]) for y in range(h)]
    not_blank(path, w, h, 3, rows)


def ppm_dir(d, n):
    import glob
    files = sorted(glob.glob(d + "/*.ppm"))
    if len(files) != int(n):
        fail("%s: %d pages rendered, %s expected" % (d, len(files), n))
    for f in files:
        ppm(f)


def svg_texts(path):
    root = ET.parse(path).getroot()
    for t in root.iter(SVG + "text"):
        print(t.text or "")


def csv_rows(path):
    rows = []
    with open(path) as f:
        head = f.readline().strip()
        if head != "series,frame,time,y,y2,points,retransmissions":
            fail("%s: header %r" % (path, head))
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                rows.append(line.split(","))
    return rows


def csv_eq(got, want):
    a, b = csv_rows(got), csv_rows(want)
    if len(a) != len(b):
        fail("%s: %d rows, %s expects %d" % (got, len(a), want, len(b)))
    for i, (x, y) in enumerate(zip(a, b)):
        same = x[0] == y[0] and len(x) == len(y) and all(
            abs(float(p) - float(q)) <= 1e-6 * max(1.0, abs(float(q))) for p, q in zip(x[1:], y[1:]))
        if not same:
            fail("%s row %d: %s, expected %s" % (got, i + 1, ",".join(x), ",".join(y)))
    print("%s: %d points as expected" % (got, len(a)))


def tick_value(text):
    m = re.fullmatch(r"(-?[0-9.]+)([kMG]?)", text.strip())
    if not m:
        return None
    return float(m.group(1)) * {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}[m.group(2)]


def y_fits(path, csv, cols="y,y2"):
    root = ET.parse(path).getroot()
    ticks = [tick_value(t.text or "") for t in root.iter(SVG + "text") if t.get("text-anchor") == "end"]
    ticks = [v for v in ticks if v is not None]
    vals = [float(v) for r in csv_rows(csv) for v in (r[3:4] if cols == "y" else r[3:5])]
    if not ticks or not vals:
        fail("%s: %d left-axis ticks, %d values in %s" % (path, len(ticks), len(vals), csv))
    top, hi = max(ticks), max(vals)
    step = sorted(ticks)[1] - sorted(ticks)[0] if len(ticks) > 1 else top
    if top + step < hi or (hi > 0 and top > 2 * hi + step):
        fail("%s: left axis up to %g (step %g) for values up to %g" % (path, top, step, hi))
    print("%s: axis to %g for values to %g" % (path, top, hi))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"svg": svg, "png": png, "png-edge": png_edge, "ppm-dir": ppm_dir, "svg-texts": svg_texts, "csv-eq": csv_eq,
     "y-fits": y_fits}[cmd](*args)
