#!/bin/sh
# run.sh: runs every libFuzzer harness of a fuzz build for a bounded time.
#
#   fuzz/run.sh BUILD_DIR [SECONDS]      (./lab fuzz [SECONDS] calls it)
#
# For each harness fuzz_NAME in BUILD_DIR/fuzz: the working corpus is fuzz/corpus-NAME
# (not committed; it grows from run to run), read together with the committed seeds
# fuzz/seeds/NAME, the regression inputs tests/fuzz-regress/NAME and, for the decoders
# and the file reader, the frames and files of captures/, tests/data/parity/ and of the
# hostile captures.
# Each harness runs SECONDS seconds (default 60) under ASan+UBSan with a 10 s per-input
# timeout and a 2 GiB memory limit; a crash, leak, hang or sanitizer report leaves its
# input in BUILD_DIR/fuzz-artifacts/NAME/ and makes the script fail. At the end a table
# gives each harness's executions and coverage (libFuzzer's cov: edges, ft: features),
# also written to BUILD_DIR/fuzz-summary.txt.
#
# A finding becomes a regression test by copying its input into tests/fuzz-regress/NAME/
# (with a name saying what it found) once the bug is fixed: ctest replays that directory.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS]}
secs=${2:-60}
build=$(cd "$build" && pwd)
bindir=$build/fuzz
[ -d "$bindir" ] || { echo "run.sh: no fuzz build in $build (configure with -DECHOSNIFF_FUZZ=ON)" >&2; exit 2; }

say() { printf 'fuzz: %s\n' "$*" >&2; }

# Seeds from capture files: the decoders get their frames, the reader the files
# themselves (small ones only: libFuzzer works best on inputs of a few KiB).
capseeds=$build/fuzz-capseeds
rm -rf "$capseeds"
mkdir -p "$capseeds/pcap"
set --
for f in "$top"/captures/*.pcap "$top"/captures/*.pcapng "$top"/tests/hostile/*.pcap \
    "$top"/tests/data/parity/*.pcap "$top"/tests/data/parity/*.pcapng; do
    [ -f "$f" ] || continue
    set -- "$@" "$f"
    if [ "$(wc -c <"$f")" -le 65536 ]; then
        cp "$f" "$capseeds/pcap/$(basename "$f")"
    fi
done
if [ -x "$bindir/fuzz_pcap2seeds" ] && [ $# -gt 0 ]; then
    "$bindir/fuzz_pcap2seeds" "$capseeds" 200 "$@" 2>/dev/null || true
fi
# Hostile captures generated fresh, if the generator was built (tests/gen_hostile.c).
for g in "$bindir/gen_hostile" "$build/tests/gen_hostile" "$top/build/tests/gen_hostile"; do
    if [ -x "$g" ]; then
        mkdir -p "$capseeds/hostile"
        "$g" "$capseeds/hostile" >/dev/null 2>&1 || true
        for f in "$capseeds"/hostile/*.pcap; do
            [ -f "$f" ] || continue
            cp "$f" "$capseeds/pcap/"
            "$bindir/fuzz_pcap2seeds" "$capseeds" 200 "$f" 2>/dev/null || true
        done
        break
    fi
done

summary=$build/fuzz-summary.txt
printf '%-12s %12s %8s %8s %s\n' harness executions cov ft findings >"$summary"
failed=0
found_any=0
for bin in "$bindir"/fuzz_*; do
    name=${bin##*/fuzz_}
    [ "$name" = pcap2seeds ] && continue
    [ -x "$bin" ] || continue
    found_any=1
    corpus=$top/fuzz/corpus-$name
    artifacts=$build/fuzz-artifacts/$name
    log=$build/fuzz-$name.log
    mkdir -p "$corpus" "$artifacts"
    set -- "$corpus"
    for d in "$top/fuzz/seeds/$name" "$top/tests/fuzz-regress/$name" "$capseeds/$name"; do
        [ -d "$d" ] && set -- "$@" "$d"
    done
    dict=
    [ -f "$top/fuzz/$name.dict" ] && dict=-dict=$top/fuzz/$name.dict
    # Per-harness libFuzzer flags (fuzz/NAME.options, one line), after the defaults.
    extra=
    [ -f "$top/fuzz/$name.options" ] && extra=$(cat "$top/fuzz/$name.options")
    say "$name: ${secs}s"
    rc=0
    # The outer timeout is a backstop: libFuzzer stops itself at max_total_time.
    # shellcheck disable=SC2086
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        timeout -k 10 $((secs + 120)) "$bin" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
        -close_fd_mask=1 -artifact_prefix="$artifacts/" $dict $extra "$@" >"$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
    c=$(echo "$cov" | awk '{print $2}')
    ft=$(echo "$cov" | awk '{print $4}')
    findings=none
    if [ "$rc" -ne 0 ]; then
        failed=1
        what=$(grep -Eo 'ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|libFuzzer): [a-zA-Z -]+' "$log" | head -n 1)
        grep -q 'runtime error:' "$log" && [ -z "$what" ] && what="UBSan runtime error"
        [ -n "$what" ] || what="exit $rc"
        findings="$what; input in $artifacts (log $log)"
    fi
    printf '%-12s %12s %8s %8s %s\n' "$name" "${execs:-?}" "${c:-?}" "${ft:-?}" "$findings" >>"$summary"
done
[ "$found_any" = 1 ] || { say "no harnesses in $bindir"; exit 2; }
cat "$summary"
if [ "$failed" = 1 ]; then
    say "findings above: reproduce with BUILD/fuzz/fuzz_NAME FILE; once fixed, commit the input under tests/fuzz-regress/NAME/"
    exit 1
fi
