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
LOG="target/run-sh.log"
mkdir -p target

# OPT: the release opt-level ("s" as in Cargo.toml, or "z"); each level has its own target dir.
OPT=s
bin() { if [ "$OPT" = s ]; then echo "target/$TARGET/release/ringflux-bare-metal"; else echo "target/opt-$OPT/$TARGET/release/ringflux-bare-metal"; fi; }
build() {
    if [ "$OPT" = s ]; then
        cargo build --quiet --release --target "$TARGET" "$@"
    else
        CARGO_PROFILE_RELEASE_OPT_LEVEL=$OPT cargo build --quiet --release --target "$TARGET" --target-dir "target/opt-$OPT" "$@"
    fi
}
section() { # section <name>: its size in bytes in the binary last built
    size -A "$(bin)" | awk -v s="$1" '$1 == s { print $2; found = 1 } END { if (!found) print 0 }'
}
fail() {
    echo "bare-metal proof FAILED: $*" >&2
    exit 1
}

SIZES=""
# name:features[:opt-level]. The protocol sets answer through `handle::<f32>` only (a firmware
# ships one float type); "+f64" adds the f64 path beside it. "firmware-image" leaves out the core's
# and the rules' own checks: both are reached only through the protocol's f32 path, as in an
# instrument that speaks the protocol ("+rules-api" also calls the rules crate directly). Sets without the protocol must hold the panic-never proof, at both opt-levels (inlining
# differs: at "z" a closure with `% n` kept a division-by-zero path that "s" had optimised away).
for set in "core:" "core-micromath:micromath" "core+rules:rules" "core+rules-micromath:rules,micromath" \
    "core+rules+protocol:rules,json" "core+rules+protocol-micromath:rules,json,micromath" \
    "core+rules+protocol+f64:rules,json,protocol-f64" "firmware-image:firmware-image" \
    "firmware-image+rules-api:firmware-rules-api" \
    "core+rules opt-z:rules:z" "core+rules-micromath opt-z:rules,micromath:z" \
    "core+rules+protocol opt-z:rules,json:z" "firmware-image opt-z:firmware-image:z"; do
    name=${set%%:*}
    rest=${set#*:}
    features=${rest%%:*}
    OPT=s
    case $rest in *:z) OPT=z ;; esac
    echo "== feature set: $name"
    case $features in
    *json* | firmware-*)
        echo "panic-never: not applicable (serde-json-core keeps panic paths, see the probes below)"
        ;;
    *)
        build --features "$features,panic-never" ||
            fail "panic-never link ($name): a panic path is reachable"
        echo "panic-never: no reachable panic path ($name)"
        ;;
    esac
    build --features "$features" || fail "build ($name)"
    "./$(bin)" >"$LOG" || { cat "$LOG"; fail "self-check ($name) exited with status $?"; }
    if [ "$name" = "core+rules+protocol+f64" ]; then
        cat "$LOG"
    else
        tail -2 "$LOG"
    fi
    # The goals of issue 7, enforced: no entry point over 8 KiB of stack (caller buffers
    # excluded), and the firmware image (core + rules + protocol as an instrument links them)
    # within 96 KiB of .text.
    stack=$(sed -n 's/^max stack bytes per entry point (caller buffers excluded): //p' "$LOG")
    [ -n "$stack" ] || fail "self-check ($name) printed no stack maximum"
    [ "$stack" -le 8192 ] || fail "stack goal ($name): an entry point uses $stack bytes (> 8192)"
    case $name in firmware-image | "firmware-image opt-z")
        [ "$(section .text)" -le 98304 ] ||
            fail "size goal ($name): .text $(section .text) bytes (> 96 KiB)"
        ;;
    esac
    SIZES="$SIZES$(printf '%-32s %10s %10s' "$name" "$(section .text)" "$(section .rodata)")
"
done

OPT=s
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

echo "== size (bytes, release, opt-level s unless named, LTO; the self-check harness included)"
printf '%-32s %10s %10s\n' "feature set" ".text" ".rodata"
printf '%s' "$SIZES"
echo "bare-metal proof passed"
