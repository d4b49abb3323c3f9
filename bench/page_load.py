"""page_load.py PAGE ROUNDS: opens PAGE from file:// in headless chromium ROUNDS times, a
fresh profile each time, and prints per round the page's own milestones, read from the
browser: responseEnd (the file read), domContentLoaded (parsed), ready (the first screen
drawn: the list, the first packet's tree, bytes and figures), in milliseconds from the
navigation's start; then the medians. Used by bench/page_bench.sh."""
import json
import shutil
import statistics
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def once(path):
    profile = tempfile.mkdtemp()
    o = Options()
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--window-size=1600,1000", "--user-data-dir=" + profile]:
        o.add_argument(a)
    o.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    d = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                         options=o)
    try:
        d.get("file://" + path)
        end = time.time() + 60
        while time.time() < end and d.execute_script("return document.body.dataset.ready") != "1":
            time.sleep(0.02)
        ready = d.execute_script("return window.sniffPage.ready")
        nav = json.loads(d.execute_script(
            "var n = performance.getEntriesByType('navigation')[0];"
            "return JSON.stringify({read: n.responseEnd, parsed: n.domContentLoadedEventEnd});"))
        errors = d.get_log("browser")
        return nav["read"], nav["parsed"], ready, errors
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    path, rounds = sys.argv[1], int(sys.argv[2])
    rows = []
    for r in range(rounds):
        read, parsed, ready, errors = once(path)
        rows.append((read, parsed, ready))
        print("round %d: read %.0f ms, parsed %.0f ms, ready %.0f ms%s" %
              (r + 1, read, parsed, ready, " CONSOLE: %s" % errors if errors else ""))
    med = [statistics.median(c) for c in zip(*rows)]
    print("median: read %.0f ms, parsed %.0f ms, ready %.0f ms" % tuple(med))


main()
