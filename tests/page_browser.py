"""page_browser.py DIR: the pages in DIR (made by tests/test_page_browser.sh) in a real
browser: Debian's chromium, headless, driven by chromedriver through python3-selenium,
with a fresh profile and nothing that would call home. For each page: it loads from
file:// with no console message and no request but the file itself; clicking a field of
the tree lights exactly that field's bytes (the ranges the page holds, which
tests/test_page.sh checks against tshark) and clicking a byte selects the narrowest field
holding it; clicking an arrow of the ladder selects its packet; the keys move through
packets, connections and problems; the search finds text; scrolling to the end of a
long list draws its last rows; a link with #frame=N&tab=T opens at that packet and tab.
"""
import json
import os
import shutil
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common import utils

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import page_check  # noqa: E402

FAILS = []


def check(cond, msg):
    if not cond:
        FAILS.append(msg)
        print("FAIL " + msg)


class LoopbackService(Service):
    """chromedriver reached at 127.0.0.1: selenium says 'localhost', which a system without
    it in /etc/hosts (a bare chroot) cannot resolve."""

    @property
    def service_url(self):
        return "http://127.0.0.1:%d" % self.port

    def is_connectable(self):
        return utils.is_connectable(self.port, "127.0.0.1")


def browser(profile):
    o = Options()
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--disable-default-apps", "--window-size=1600,1000", "--user-data-dir=" + profile]:
        o.add_argument(a)
    o.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    o.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    drv = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=LoopbackService(drv), options=o)


def wait(d, js, what, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        if d.execute_script(js):
            return True
        time.sleep(0.05)
    check(False, "timed out waiting for " + what)
    return False


def load(d, path):
    d.get_log("performance")  # what the browser did before: its own start page
    d.get_log("browser")
    d.get("file://" + path)
    wait(d, "return document.body.dataset.ready === '1'", path + " to be ready")
    logs = d.get_log("browser")
    check(not logs, "%s: console messages %s" % (path, logs))
    url = "file://" + path
    ours, net = [], []
    for entry in d.get_log("performance"):
        m = json.loads(entry["message"])["message"]
        if m["method"] != "Network.requestWillBeSent":
            continue
        p = m["params"]
        if p.get("documentURL") == url:  # the page and anything it asked for
            ours.append(p["request"]["url"])
        if p["request"]["url"].split(":")[0] in ("http", "https", "ws", "wss", "ftp"):
            net.append(p["request"]["url"])  # anybody's, the browser's own included
    check(ours == [url], "%s: the page made requests %s" % (path, ours))
    check(not net, "%s: network requests %s" % (path, net))
    res = d.execute_script("return performance.getEntriesByType('resource').length")
    check(res == 0, "%s: %d resources fetched" % (path, res))


def selected(d):
    return int(d.execute_script("return +document.body.dataset.selected"))


def select_row(d, frame):
    row = d.find_element(By.CSS_SELECTOR, '#rows .row[data-frame="%d"]' % frame)
    row.click()
    wait(d, "return +document.body.dataset.selected === %d" % frame, "frame %d" % frame)


def lit(d):
    return d.execute_script("return Array.from(document.querySelectorAll('#bytes b.hl'))"
                            ".map(function (e) { return +e.dataset.i; })")


def fields_and_bytes(d, page, frames):
    """Click every line of the trees of these frames that shows bytes of its own."""
    clicked = 0
    for f in frames:
        select_row(d, f)
        i = [r["j"]["frame"]["number"] for r in page["list"]].index(f)
        lines = page["trees"][i]["lines"]
        els = d.find_elements(By.CSS_SELECTOR, "#tree .tl")
        check(len(els) == len(lines), "frame %d: %d tree lines drawn, %d in the page" % (f, len(els), len(lines)))
        for k, (lvl, text, off, ln) in enumerate(lines):
            if off < 0 or ln == 0:
                continue
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})", els[k])
            els[k].click()
            got = sorted(lit(d))
            want = [b for b in range(off, off + ln) if b < len(page["trees"][i]["bytes"])]
            check(got == want, "frame %d, %r: bytes %s lit, %s expected" % (f, text, got[:12], want[:12]))
            clicked += 1
    return clicked


def echo_lo(d, path):
    page = page_check.load(path)
    load(d, path)
    check(selected(d) == 1, "echo-lo: frame 1 not selected at start")
    n = fields_and_bytes(d, page, [1, 4, 6])
    print("echo-lo: %d fields clicked, each lit exactly its bytes" % n)
    # "Source Port: 36704" is bytes 34-35 (tshark's PDML says so; test_page.sh checks all)
    select_row(d, 1)
    line = [e for e in d.find_elements(By.CSS_SELECTOR, "#tree .tl") if e.text.endswith("Source Port: 36704")][0]
    line.click()
    check(sorted(lit(d)) == [34, 35], "Source Port lit %s" % lit(d))
    # a byte selects the narrowest field holding it: byte 47 is the TCP flags' second byte
    d.find_element(By.CSS_SELECTOR, '#bytes b[data-i="47"]').click()
    sel = d.find_element(By.CSS_SELECTOR, "#tree .tl.sel").text
    check("Flags: 0x002 (SYN)" in sel, "byte 47 selected %r" % sel)
    d.find_element(By.CSS_SELECTOR, '#bytes b[data-i="35"]').click()
    sel = d.find_element(By.CSS_SELECTOR, "#tree .tl.sel").text
    check(sel.endswith("Source Port: 36704"), "byte 35 selected %r" % sel)
    # the ladder: an arrow selects its packet
    d.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="ladder"]').click()
    wait(d, "return document.querySelectorAll('#ladder g.arrow').length === 13", "the ladder's 13 arrows")
    for f in (6, 12, 2):
        g = d.find_element(By.CSS_SELECTOR, '#ladder g.arrow[data-frame="%d"] rect' % f)
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", g)
        # the row's background, at its left end: the texts in the middle are the group's too
        ActionChains(d).move_to_element_with_offset(g, -g.size["width"] // 2 + 3, 0).click().perform()
        wait(d, "return +document.body.dataset.selected === %d" % f, "arrow %d to select its packet" % f)
        # the list redraws its rows after the selection changes (a frame later, under load)
        wait(d, "const r = document.querySelector('#rows .row.sel'); return r !== null && r.dataset.frame === '%d'" % f,
             "arrow %d: the list's selected row" % f)
        check(d.find_element(By.CSS_SELECTOR, "#ladder g.arrow.sel").get_attribute("data-frame") == str(f),
              "arrow %d: not marked in the ladder" % f)
    # keys
    body = d.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ARROW_DOWN)
    wait(d, "return +document.body.dataset.selected === 3", "Down to select frame 3")
    body.send_keys(Keys.END)
    wait(d, "return +document.body.dataset.selected === 13", "End to select frame 13")
    body.send_keys(Keys.ARROW_UP)
    wait(d, "return +document.body.dataset.selected === 12", "Up to select frame 12")
    # search, from the first packet
    body.send_keys(Keys.HOME)
    wait(d, "return +document.body.dataset.selected === 1", "Home")
    body.send_keys("/")
    search = d.find_element(By.ID, "search")
    check(d.switch_to.active_element == search, "/ does not focus the search")
    search.send_keys("another message" + Keys.ENTER)
    wait(d, "return +document.body.dataset.selected === 8", "the search to find frame 8")
    search.clear()
    search.send_keys("echo of request" + Keys.ENTER)  # onwards from frame 8: the second echo
    wait(d, "return +document.body.dataset.selected === 9", "the next match, frame 9")
    search.send_keys(Keys.SHIFT + Keys.ENTER)
    wait(d, "return +document.body.dataset.selected === 6", "the previous match, frame 6")
    search.send_keys(Keys.ENTER)
    explain = d.find_element(By.ID, "explain").text
    check("echo: ok" in explain and "RTT" in explain, "frame 9's echo verdict: %r" % explain)
    # the connections' table: --summary's figures
    d.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="conns"]').click()
    rows = d.find_elements(By.CSS_SELECTOR, "#conns table.conns tr[data-stream]")
    check(len(rows) == 1 and "2/0/0" in rows[0].text, "connections table: %r" % [r.text for r in rows])


def two_clients(d, path):
    load(d, path)
    body = d.find_element(By.TAG_NAME, "body")
    body.send_keys("n")  # the next connection: conn #1 starts at frame 4
    wait(d, "return +document.body.dataset.selected === 4", "n to select conn #1's first packet")
    body.send_keys("p")
    wait(d, "return +document.body.dataset.selected === 1", "p to go back to conn #0")
    d.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="conns"]').click()
    d.find_element(By.CSS_SELECTOR, '#conns tr[data-stream="1"]').click()
    wait(d, "return +document.body.dataset.selected === 4", "conn #1's row to select its first packet")
    d.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="graph"]').click()
    check(len(d.find_elements(By.CSS_SELECTOR, "#graph svg circle")) > 3, "no Stevens graph for conn #1")


def problems(d, path, want):
    load(d, path)
    body = d.find_element(By.TAG_NAME, "body")
    for f in want:
        body.send_keys("]")
        wait(d, "return +document.body.dataset.selected === %d" % f, "] to select problem frame %d" % f)
    explain = d.find_element(By.ID, "explain").text
    print("problem frame %d: %s" % (want[-1], explain.replace("\n", " / ")[:160]))


def long_list(d, path, n):
    load(d, path)
    d.execute_script("var s = document.getElementById('scroller'); s.scrollTop = s.scrollHeight;")
    wait(d, "return !!document.querySelector('#rows .row[data-frame=\"%d\"]')" % n,
         "the last row (%d) to be drawn after scrolling" % n)
    drawn = d.execute_script("return document.querySelectorAll('#rows .row').length")
    check(drawn < 100, "%d rows in the document for %d packets: not only what is on screen" % (drawn, n))


def link(d, path):
    """A link names a packet and a tab: page.html#frame=6&tab=ladder opens there."""
    d.get("file://" + path + "#frame=6&tab=ladder")
    wait(d, "return document.body.dataset.ready === '1'", "the link's page to be ready")
    check(selected(d) == 6, "#frame=6 selected frame %d" % selected(d))
    on = d.execute_script("return document.querySelector('#tabs button.on').dataset.tab")
    check(on == "ladder", "#tab=ladder showed the %r tab" % on)
    wait(d, "return !!document.querySelector('#ladder g.arrow.sel[data-frame=\"6\"]')",
         "arrow 6 to be marked in the ladder")
    d.get("file://" + path + "#frame=99&tab=toString")  # neither exists: the start as usual
    d.refresh()
    wait(d, "return document.body.dataset.ready === '1'", "the bad link's page to be ready")
    check(selected(d) == 1, "#frame=99 selected frame %d, not the first" % selected(d))
    on = d.execute_script("return document.querySelector('#tabs button.on').dataset.tab")
    check(on == "conns", "#tab=toString showed the %r tab" % on)
    check(not d.get_log("browser"), "links: console messages")


def main():
    dirname = sys.argv[1]
    profile = tempfile.mkdtemp()
    d = browser(profile)
    try:
        echo_lo(d, os.path.join(dirname, "echo-lo.html"))
        two_clients(d, os.path.join(dirname, "iterative-two-clients.html"))
        problems(d, os.path.join(dirname, "mismatch.html"), json.loads(sys.argv[2]))
        long_list(d, os.path.join(dirname, "concurrent.html"), 260)
        link(d, os.path.join(dirname, "echo-lo.html"))
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)
    if FAILS:
        print("%d failed" % len(FAILS))
        sys.exit(1)
    print("the pages work in chromium")


main()
