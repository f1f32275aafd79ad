#!/bin/sh
# The bare-metal proof (issues 2 and 7): builds ringflux-core into a Linux x86-64 executable with no
# std, no libc, no allocator and no C runtime, runs its self-check (exit status 0 = every check
# passed), proves at link time that no panic path is reachable, and prints .text/.rodata sizes per
# feature set and peak stack bytes per entry point.
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
for features in "" micromath; do
    name=${features:-default}
    echo "== feature set: $name"
    build --features "$features,panic-never" || fail "panic-never link ($name): a panic path is reachable"
    echo "panic-never: no reachable panic path ($name)"
    build --features "$features" || fail "build ($name)"
    if "./$BIN"; then :; else fail "self-check ($name) exited with status $?"; fi
    SIZES="$SIZES$(printf '%-24s %10s %10s' "$name" "$(section .text)" "$(section .rodata)")
"
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

echo "== size (bytes, release, opt-level s, LTO)"
printf '%-24s %10s %10s\n' "feature set" ".text" ".rodata"
printf '%s' "$SIZES"
echo "bare-metal proof passed"
