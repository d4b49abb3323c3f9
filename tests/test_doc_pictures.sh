#!/bin/sh
# test_doc_pictures.sh BUILD_DIR: the pictures README.md shows (docs/pictures/) are those
# this build makes: docs/make_pictures.sh runs into a temporary directory and every text
# and SVG picture must equal the checked-in one, byte for byte (PNGs depend on the fonts'
# rasterizer: not compared). When it fails, run docs/make_pictures.sh BUILD_DIR, look at
# the pictures, and commit them.
set -eu

build=${1:?usage: test_doc_pictures.sh BUILD_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
OUT=$tmp NO_SCREENSHOT=1 timeout --foreground -k 5 120 sh "$top/docs/make_pictures.sh" "$build" >/dev/null
fails=0 n=0
for f in "$top"/docs/pictures/*.txt "$top"/docs/pictures/*.svg; do
    name=${f##*/}
    n=$((n + 1))
    if ! cmp -s "$f" "$tmp/$name"; then
        echo "FAIL docs/pictures/$name is not what this build draws (docs/make_pictures.sh):"
        diff "$f" "$tmp/$name" | head -10
        fails=$((fails + 1))
    fi
done
[ "$n" -gt 0 ] || { echo "FAIL no pictures in docs/pictures"; exit 1; }
[ $fails -eq 0 ] || exit 1
echo "$n pictures in docs/pictures are current"
