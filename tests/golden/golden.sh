# golden.sh: sourced by tests/update_golden.sh and tests/test_golden.sh, so both read a
# golden file's name the same way. A golden file is CAPTURE.MODE.txt: the output of
# `sniff FLAGS -r captures/CAPTURE.pcap`, FLAGS by MODE: list (none), detail (-V), hex (-x),
# all (--all: the list of every frame, not only the default filter's, e.g. ARP),
# annotated (-A --color=never: the list with the annotation under each TCP packet,
# the echo verdicts and Wireshark's analysis flags), summary (--summary: the list, then
# one row per connection), ladder80 and ladder160 (--ladder at 80 and 160 columns in a
# UTF-8 locale: Unicode box drawing), ladder-ascii80 and ladder-ascii160 (the same in the
# C locale: ASCII).
# The environment is fixed: TZ=UTC, LC_ALL=C, NO_COLOR=1, output not a terminal (the
# ladders: COLUMNS and LC_ALL as their mode says).

# golden_parse NAME: sets golden_cap and golden_flags; returns 1 for an unknown mode.
golden_parse() {
    golden_cap=${1%%.*}
    golden_mode=${1#"$golden_cap".}
    golden_mode=${golden_mode%.txt}
    golden_env=
    case $golden_mode in
    ladder80 | ladder160)
        golden_flags=--ladder
        golden_env="COLUMNS=${golden_mode#ladder} LC_ALL=C.UTF-8"
        ;;
    ladder-ascii80 | ladder-ascii160)
        golden_flags=--ladder
        golden_env="COLUMNS=${golden_mode#ladder-ascii} LC_ALL=C"
        ;;
    list) golden_flags= ;;
    detail) golden_flags=-V ;;
    hex) golden_flags=-x ;;
    all) golden_flags=--all ;;
    annotated) golden_flags="-A --color=never" ;;
    summary) golden_flags=--summary ;;
    *) return 1 ;;
    esac
}

# golden_run SNIFF CAPTURE_FILE: sniff's output for the parsed name, on stdout.
golden_run() {
    # shellcheck disable=SC2086 # golden_flags, golden_env: words to split, or none
    env TZ=UTC LC_ALL=C NO_COLOR=1 $golden_env timeout 60 "$1" $golden_flags -r "$2" </dev/null
}
