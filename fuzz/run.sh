#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each and prints, per target, the
# executions and the findings (crash, timeout, out-of-memory or leak inputs libFuzzer wrote).
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). Seeds come
# from fuzz/seed.sh; new interesting inputs accumulate in fuzz/corpus/<target>/ (ignored by git),
# findings in fuzz/artifacts/<target>/. Exit status 1 when anything was found.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi

./seed.sh >/dev/null
build_log=$(mktemp)
if ! cargo +nightly fuzz build >"$build_log" 2>&1; then
    tail -40 "$build_log"
    echo "fuzz/run.sh: building the fuzz targets failed" >&2
    exit 2
fi
rm -f "$build_log"
bin=target/x86_64-unknown-linux-gnu/release

# Per-input limits: a reader must refuse what it cannot hold rather than use more than
# 1 GiB, and must answer any single input within 10 s (else libFuzzer reports oom / timeout).
limits=(-rss_limit_mb=1024 -malloc_limit_mb=1024 -timeout=10 -max_len=65536)

total_runs=0
total_findings=0
printf '%-18s %12s %9s  %s\n' target executions findings note
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "seeds/$t" "artifacts/$t"
    before=$(find "artifacts/$t" -type f | wc -l)
    log=$(mktemp)
    status=0
    "$bin/$t" "corpus/$t" "seeds/$t" "${limits[@]}" -max_total_time="$secs" \
        -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    runs=${runs:-0}
    after=$(find "artifacts/$t" -type f | wc -l)
    found=$((after - before))
    note=""
    if [ "$found" -gt 0 ]; then
        note="$(grep -m1 -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$log" || true) -> $(ls -t "artifacts/$t" | head -1)"
    elif [ "$status" -ne 0 ]; then
        found=1
        note="exit $status: $(tail -3 "$log" | tr '\n' ' ')"
    fi
    printf '%-18s %12d %9d  %s\n' "$t" "$runs" "$found" "$note"
    total_runs=$((total_runs + runs))
    total_findings=$((total_findings + found))
    rm -f "$log"
done
printf '%-18s %12d %9d  (%s s per target)\n' TOTAL "$total_runs" "$total_findings" "$secs"
[ "$total_findings" -eq 0 ]
