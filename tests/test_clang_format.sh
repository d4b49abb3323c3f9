#!/bin/sh
# test_clang_format.sh: every tracked .c and .h file is as clang-format (.clang-format at
# the top of the tree) would write it.
#
#   tests/test_clang_format.sh SOURCE_DIR
#
# The files are those git tracks (git ls-files), or, outside a git checkout, every .c
# and .h below SOURCE_DIR except build directories. Each file that differs is named with
# the diff clang-format would apply; `clang-format -i FILE` fixes it. Exits 0 when all
# are clean, 1 otherwise, 77 (skipped) without clang-format 14: other major versions
# lay out some constructs differently, and CI's Debian 12 has 14.
set -u

top=${1:?usage: test_clang_format.sh SOURCE_DIR}
cd "$top" || exit 1

command -v clang-format >/dev/null 2>&1 || { echo "test_clang_format: clang-format not installed, skipped"; exit 77; }
major=$(clang-format --version | sed -n 's/.*version \([0-9][0-9]*\)\..*/\1/p')
[ "$major" = 14 ] || { echo "test_clang_format: clang-format $major, not 14: skipped"; exit 77; }

list=$(mktemp)
trap 'rm -f "$list"' EXIT INT TERM
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -- '*.c' '*.h' >"$list"
else
    find . \( -name 'build*' -prune \) -o \( -name '*.c' -o -name '*.h' \) -type f -print |
        sed 's|^\./||' | sort >"$list"
fi
n=$(wc -l <"$list")
[ "$n" -gt 0 ] || { echo "test_clang_format: no .c or .h files found under $top"; exit 1; }

bad=0
while IFS= read -r f; do
    [ -f "$f" ] || continue
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "test_clang_format: $f differs from clang-format's layout (clang-format -i $f):"
        clang-format "$f" | diff -u "$f" - | sed -n '3,40p'
        bad=$((bad + 1))
    fi
done <"$list"

if [ "$bad" -gt 0 ]; then
    echo "test_clang_format: $bad of $n files not formatted"
    exit 1
fi
echo "test_clang_format: $n files, all formatted"
