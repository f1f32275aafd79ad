#!/usr/bin/env bash
# Memory benchmark for issue 3 ("a file of 10^6 conformers is processed in constant memory"):
# peak RSS of `ringflux conformers` (and `pucker`) at N/10 and N conformers, in each output mode,
# on two inputs:
#   realistic  the shared ensembles concatenated (as in conformers.sh): nearly all duplicates;
#   distinct   N conformers that all differ (tests/bench/distinct_ensemble.py: noise and energy
#              offsets), the worst case for the duplicate check, which holds kept conformers up
#              to its budget (--dedupe-memory-mib, default 64) and no further.
# Peak RSS comes from /usr/bin/time; JSON and CSV go to /dev/null. Not run by CI (minutes, GBs).
#
#   bash tests/bench/conformers-memory.sh [N]      # default 1000000; needs ~5 GB in $TMPDIR
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cargo build --release -q -p ringflux-cli
BIN=$PWD/target/release/ringflux

make_realistic() { # make_realistic COUNT FILE
    local n=0
    : >"$2"
    while [ "$n" -lt "$1" ]; do
        cat ../shared/data/ensembles/*.sdf >>"$2"
        n=$((n + $(cat ../shared/data/ensembles/*.sdf | grep -c '^\$\$\$\$')))
    done
}

run() { # run LABEL FILE [COMMAND] ARGS...: one line of the table (COMMAND: conformers)
    local label=$1 file=$2 cmd=conformers
    shift 2
    case ${1:-} in pucker) cmd=pucker; shift ;; esac
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" "$cmd" "$file" "$@" >/dev/null
    t1=$(date +%s.%N)
    printf '%-34s %10s %9.1f s %9.1f MB\n' "$label" \
        "$(grep -c -e '^\$\$\$\$' -e '^conformer ' "$file" || true)" \
        "$(echo "$t1 - $t0" | bc)" "$(echo "$(cat "$WORK/rss") / 1024" | bc -l)"
}

printf '%-34s %10s %11s %12s\n' "input / mode" "records" "time" "peak RSS"
for n in $((N / 10)) "$N"; do
    make_realistic "$n" "$WORK/realistic.sdf"
    run "realistic human" "$WORK/realistic.sdf"
    run "realistic --json" "$WORK/realistic.sdf" --json
    run "realistic --csv" "$WORK/realistic.sdf" --csv
    run "realistic: pucker --json" "$WORK/realistic.sdf" pucker --json
    rm "$WORK/realistic.sdf"
done
# All-distinct conformers: every kept one is compared with those within 0.05 kcal/mol, so the
# duplicate check is quadratic in their density (as CREST's); it runs on N/20 of them, once
# with the default budget and once with a 2 MiB one (reached: dedupe_incomplete > 0).
python3 tests/bench/distinct_ensemble.py ../shared/data/ensembles/isovaleryl-diazepane.sdf \
    "$N" "$WORK/distinct.xyz"
run "distinct --no-dedupe human" "$WORK/distinct.xyz" --no-dedupe
run "distinct --no-dedupe --json" "$WORK/distinct.xyz" --no-dedupe --json
head -n $((35 * N / 20)) "$WORK/distinct.xyz" >"$WORK/part.xyz"
rm "$WORK/distinct.xyz"
run "distinct (N/20) human" "$WORK/part.xyz"
run "distinct (N/20) --dedupe-memory-mib 2" "$WORK/part.xyz" --dedupe-memory-mib 2
"$BIN" conformers "$WORK/part.xyz" --dedupe-memory-mib 2 --json |
    python3 -c 'import json, sys; v = json.load(sys.stdin); print("  with 2 MiB:", v["conformers_kept"], "kept,", v["dedupe_incomplete"], "checked against an incomplete window")'
