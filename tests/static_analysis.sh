#!/bin/sh
# static_analysis.sh: cppcheck and clang-tidy over the project's C (echo/ with echo/check/,
# sniff/, shared/).
#
#   tests/static_analysis.sh [BUILD_DIR]
#
# Both read the compiler's view of each file from compile_commands.json. BUILD_DIR
# (default build-lint) is configured here with CMAKE_EXPORT_COMPILE_COMMANDS=ON and
# nothing is built but the one generated source, so any build directory can be named,
# build/ included. clang-tidy's
# checks are in the checked-in .clang-tidy (every warning an error); cppcheck runs its
# warning, performance and portability checks. Exits 0 when both are clean, 1 with each
# finding printed otherwise, 77 (skipped) when a tool is missing.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build-lint}
jobs=$(nproc 2>/dev/null || echo 2)

for tool in cppcheck clang-tidy cmake; do
    command -v "$tool" >/dev/null 2>&1 || { echo "static_analysis: $tool not installed, skipped"; exit 77; }
done

cmake -S "$top" -B "$dir" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null ||
    { echo "static_analysis: cmake failed"; exit 1; }
db=$dir/compile_commands.json
[ -f "$db" ] || { echo "static_analysis: no $db"; exit 1; }
# The one generated source (the page's script and style as C arrays), which the analysers read.
cmake --build "$dir" --target sniff_page_assets >/dev/null ||
    { echo "static_analysis: cannot generate the page's assets"; exit 1; }

files=$(cd "$top" && ls echo/*.c echo/*/*.c sniff/*.c sniff/*/*.c shared/*.c 2>/dev/null)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
rc=0

# cppcheck. Suppressed, each checked by hand and by the fuzzers:
#   negativeIndex in filter/df_*.c: df_new_node() never returns -1 (the node array is sized
#   from the token count before parsing); cppcheck infers it from the `l >= 0` loop test.
echo "static_analysis: cppcheck"
if ! timeout 600 cppcheck --project="$db" --enable=warning,performance,portability \
    --std=c11 --inline-suppr --quiet -j "$jobs" --error-exitcode=1 \
    --suppress=missingIncludeSystem --suppress='negativeIndex:*/sniff/filter/df_*.c' \
    --file-filter='*/echo/*' --file-filter='*/sniff/*' --file-filter='*/shared/*' \
    >"$tmp/cppcheck.log" 2>&1; then
    cat "$tmp/cppcheck.log"
    echo "static_analysis: cppcheck found the above"
    rc=1
fi

# clang-tidy, one process per file, jobs at a time.
echo "static_analysis: clang-tidy ($(echo "$files" | wc -l) files)"
(cd "$top" && echo "$files" | xargs -P "$jobs" -I{} sh -c \
    'log="$2/tidy.$(echo "$3" | tr / _).log"
     timeout 300 clang-tidy -p "$1" --quiet "$3" >"$log" 2>&1 || echo "$3" >>"$2/tidy.failed"' \
    sh "$dir" "$tmp" {})
if [ -s "$tmp/tidy.failed" ]; then
    for f in $(cat "$tmp/tidy.failed"); do
        grep -hE "(warning|error):" "$tmp/tidy.$(echo "$f" | tr / _).log" | grep -v "warnings generated"
    done
    echo "static_analysis: clang-tidy found the above in: $(tr '\n' ' ' <"$tmp/tidy.failed")"
    rc=1
fi
[ "$rc" = 0 ] && echo "static_analysis: clean"
exit "$rc"
