#!/bin/sh
# The bare-metal proof (issues 2 and 7): builds ringflux-core (and ringflux-rules, and the
# instrument protocol) into a Linux x86-64 executable with no std, no libc, no allocator and no C
# runtime, runs its self-check (exit status 0 = every check passed), proves at link time that no
# panic path is reachable in core and rules, measures which panic paths serde-json-core keeps, and
# prints .text/.rodata per feature set and the peak stack bytes of every entry point.
#
# Usage: tests/bare-metal/run.sh        (from anywhere; needs cargo and binutils' `size`)
set -eu
cd "$(dirname "$0")"

# Explicit --target: without it cargo would apply these flags to build scripts too, which are host
# programs needing the C runtime (see shared/reference/bare-metal-proof.md).
TARGET=x86_64-unknown-linux-gnu
export RUSTFLAGS="-C link-arg=-nostartfiles -C link-arg=-nostdlib -C link-arg=-static -C relocation-model=static"
BIN="target/$TARGET/release/ringflux-bare-metal"
LOG="target/run-sh.log"
mkdir -p target

build() {
    cargo build --quiet --release --target "$TARGET" "$@"
}
section() { # section <name>: its size in bytes in $BIN
    size -A "$BIN" | awk -v s="$1" '$1 == s { print $2; found = 1 } END { if (!found) print 0 }'
}
fail() {
    echo "bare-metal proof FAILED: $*" >&2
    exit 1
}

SIZES=""
# feature set | what it links | whether panic-never must hold
for set in "core:" "core-micromath:micromath" "core+rules:rules" "core+rules-micromath:rules,micromath" \
    "core+rules+protocol:rules,json" "core+rules+protocol-micromath:rules,json,micromath"; do
    name=${set%%:*}
    features=${set#*:}
    echo "== feature set: $name"
    case $features in
    *json*)
        echo "panic-never: not applicable (serde-json-core keeps panic paths, see the probes below)"
        ;;
    *)
        build --features "$features,panic-never" ||
            fail "panic-never link ($name): a panic path is reachable"
        echo "panic-never: no reachable panic path ($name)"
        ;;
    esac
    build --features "$features" || fail "build ($name)"
    if [ "$name" = "core+rules+protocol-micromath" ]; then
        "./$BIN" || fail "self-check ($name) exited with status $?"
    else
        "./$BIN" >"$LOG" || { cat "$LOG"; fail "self-check ($name) exited with status $?"; }
        tail -2 "$LOG"
    fi
    SIZES="$SIZES$(printf '%-32s %10s %10s' "$name" "$(section .text)" "$(section .rodata)")
"
done

echo "== serde-json-core 0.7 probes (panic-never link of one to_slice / from_slice alone)"
for probe in ser-int ser-f64 de-int de-f64; do
    if build --features "panic-never,json-probe-$probe" 2>"$LOG"; then
        echo "json-probe-$probe: no reachable panic"
    elif grep -q ringflux_reachable_panic_path_found "$LOG"; then
        echo "json-probe-$probe: reachable panic path (as measured for issue 7)"
    else
        cat "$LOG"
        fail "json-probe-$probe failed for another reason"
    fi
done

echo "== negative controls (each build must fail)"
if build --features panic-never,panic-probe 2>"$LOG"; then
    fail "panic-probe linked: the panic-never check cannot detect a reachable panic"
fi
grep -q ringflux_reachable_panic_path_found "$LOG" || fail "panic-probe failed for another reason: $(cat "$LOG")"
echo "panic-probe: reachable panic rejected at link time (as it must be)"
if build --features std-probe 2>"$LOG"; then
    fail "std-probe built: linking std is not detected"
fi
grep -q E0152 "$LOG" || fail "std-probe failed for another reason: $(cat "$LOG")"
echo "std-probe: std rejected with E0152 (as it must be)"

echo "== size (bytes, release, opt-level s, LTO; the self-check harness included)"
printf '%-32s %10s %10s\n' "feature set" ".text" ".rodata"
printf '%s' "$SIZES"
echo "bare-metal proof passed"
