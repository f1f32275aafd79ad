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

# Targets (override with BARE_METAL_TARGETS="..."): x86-64 Linux (rustup's cargo, no C runtime),
# and the Cortex-M4F (thumbv7em-none-eabihf, QEMU mps2-an386) and Cortex-M0 (thumbv6m-none-eabi,
# QEMU microbit) built with Debian's rustc-web: RUSTC_BOOTSTRAP=1 makes its stable compiler accept
# -Zbuild-std (core from rust-web-src), linked by ld.lld with link/<board>.ld, run in
# qemu-system-arm with semihosting (output and exit status). Tools: .ci/run installs them.
TARGETS=${BARE_METAL_TARGETS:-"x86_64-unknown-linux-gnu thumbv7em-none-eabihf thumbv6m-none-eabi riscv32imac-unknown-none-elf"}
DEBIAN_RUSTC=${DEBIAN_RUSTC:-/usr/bin/rustc}
DEBIAN_CARGO=${DEBIAN_CARGO:-/usr/bin/cargo}
LOG="target/run-sh.log"
mkdir -p target
rm -f target/golden-host.jsonl

# OPT: the release opt-level ("s" as in Cargo.toml, or "z"); each level has its own target dir.
OPT=s
tdir() { # the cargo target directory of $TARGET at $OPT
    case $TARGET in x86_64*) base=target ;; *) base=target/debian ;; esac
    if [ "$OPT" = s ]; then echo "$base"; else echo "$base/opt-$OPT"; fi
}
bin() { echo "$(tdir)/$TARGET/release/ringflux-bare-metal"; }
board() { case $TARGET in thumbv7em*) echo mps2-an386 ;; thumbv6m*) echo microbit ;; esac; }
build() {
    case $TARGET in
    x86_64*)
        # Explicit --target: without it cargo would apply these flags to build scripts too, which
        # are host programs needing the C runtime (see shared/reference/bare-metal-proof.md).
        RUSTFLAGS="-C link-arg=-nostartfiles -C link-arg=-nostdlib -C link-arg=-static -C relocation-model=static" \
            CARGO_PROFILE_RELEASE_OPT_LEVEL=$OPT cargo build --quiet --release --target "$TARGET" \
            --target-dir "$(tdir)" "$@"
        ;;
    *)
        RUSTC=$DEBIAN_RUSTC RUSTC_BOOTSTRAP=1 \
            RUSTFLAGS="-C linker=ld.lld -C link-arg=-L$PWD/link -C link-arg=-T$(board).ld" \
            CARGO_PROFILE_RELEASE_OPT_LEVEL=$OPT "$DEBIAN_CARGO" build --quiet --release \
            --target "$TARGET" --target-dir "$(tdir)" \
            -Zbuild-std=core -Zbuild-std-features=compiler-builtins-mem "$@"
        ;;
    esac
}
run() { # runs the binary last built; its exit status is the self-check's. QEMU_EXTRA: more QEMU flags
    case $TARGET in
    x86_64*) "./$(bin)" ;;
    *) timeout 600 qemu-system-arm -M "$(board)" -nographic -monitor none -serial none ${QEMU_EXTRA:-} \
        -semihosting-config enable=on,target=native -kernel "$(bin)" 2>&1 ;; # semihosting writes to stderr
    esac
}
section() { # section <name>: its size in bytes in the binary last built
    case $TARGET in x86_64*) sz=size ;; *) sz=arm-none-eabi-size ;; esac
    "$sz" -A "$(bin)" | awk -v s="$1" '$1 == s { print $2; found = 1 } END { if (!found) print 0 }'
}
fail() {
    echo "bare-metal proof FAILED: $*" >&2
    exit 1
}

SIZES=""
# name:features[:opt-level]. The protocol sets answer through `handle::<f32>` only (a firmware
# ships one float type); "+f64" adds the f64 path beside it. "firmware-image" leaves out the core's
# and the rules' own checks: both are reached only through the protocol's f32 path, as in an
# instrument that speaks the protocol ("+rules-api" also calls the rules crate directly). Sets
# without the protocol must hold the panic-never proof, at both opt-levels (inlining differs: at
# "z" a closure with `% n` kept a division-by-zero path that "s" had optimised away).
X86_SETS='core: core-micromath:micromath core+rules:rules core+rules-micromath:rules,micromath
core+rules+protocol:rules,json core+rules+protocol-micromath:rules,json,micromath
core+rules+protocol+f64:rules,json,protocol-f64 firmware-image:firmware-image
firmware-image+rules-api:firmware-rules-api core+rules_opt-z:rules:z
core+rules-micromath_opt-z:rules,micromath:z core+rules+protocol_opt-z:rules,json:z
firmware-image_opt-z:firmware-image:z'
# On ARM (each build takes a minute under LTO): the panic-never proof of core (+micromath) and
# rules at s and z, the full self-check with the protocol, and the firmware image (the gates).
ARM_SETS='core+rules:rules core+rules-micromath:rules,micromath core+rules_opt-z:rules:z
core+rules+protocol:rules,json firmware-image:firmware-image firmware-image_opt-z:firmware-image:z
instrument:instrument'

for TARGET in $TARGETS; do
    case $TARGET in
    x86_64*) SETS=$X86_SETS ;;
    thumbv7em-none-eabihf | thumbv6m-none-eabi)
        for tool in "$DEBIAN_RUSTC" "$DEBIAN_CARGO" ld.lld qemu-system-arm arm-none-eabi-size; do
            command -v "$tool" >/dev/null || fail "$TARGET needs $tool (apt-get install rustc-web rust-web-src lld gcc-arm-none-eabi qemu-system-arm)"
        done
        SETS=$ARM_SETS
        ;;
    riscv32imac-unknown-none-elf)
        # Libraries only: no RISC-V runtime or qemu-system-riscv32 is set up here (issue 18).
        echo "######## target: $TARGET (libraries only)"
        RUSTC=$DEBIAN_RUSTC RUSTC_BOOTSTRAP=1 "$DEBIAN_CARGO" build --quiet --release \
            --manifest-path ../../Cargo.toml --target "$TARGET" --target-dir "$(tdir)" \
            -Zbuild-std=core -Zbuild-std-features=compiler-builtins-mem \
            -p ringflux-core -p ringflux-rules \
            --features ringflux-core/json,ringflux-rules/json,ringflux-core/micromath ||
            fail "ringflux-core and ringflux-rules do not build for $TARGET"
        echo "ringflux-core + ringflux-rules (json, micromath) build for $TARGET"
        continue
        ;;
    *) fail "unknown target $TARGET" ;;
    esac
    echo "######## target: $TARGET $(board)"
    for set in $SETS; do
        name=$(echo "${set%%:*}" | tr _ ' ')
        rest=${set#*:}
        features=${rest%%:*}
        OPT=s
        case $rest in *:z) OPT=z ;; esac
        echo "== feature set: $name ($TARGET)"
        case $features in
        *json* | firmware-* | instrument)
            echo "panic-never: not applicable (serde-json-core keeps panic paths, see the probes below)"
            ;;
        *)
            build --features "$features,panic-never" ||
                fail "panic-never link ($name, $TARGET): a panic path is reachable"
            echo "panic-never: no reachable panic path ($name, $TARGET)"
            ;;
        esac
        build --features "$features" || fail "build ($name, $TARGET)"
        # The log keeps LF only (in case a console writes CR LF).
        status=0
        run >"$LOG.raw" || status=$?
        tr -d '\r' <"$LOG.raw" >"$LOG"
        [ "$status" -eq 0 ] || { cat "$LOG"; fail "self-check ($name, $TARGET) exited with status $status"; }
        grep -q "^all checks passed" "$LOG" || { cat "$LOG"; fail "self-check ($name, $TARGET) did not finish"; }
        if [ "$name" = "core+rules+protocol+f64" ] || [ "$name" = "core+rules+protocol" ]; then
            cat "$LOG"
        else
            tail -2 "$LOG"
        fi
        # The goals of issues 7 and 18, enforced: no entry point over 8 KiB of stack (caller
        # buffers excluded), and the firmware image (core + rules + protocol as an instrument
        # links them) within 96 KiB of .text.
        stack=$(sed -n 's/^max stack bytes per entry point (caller buffers excluded): //p' "$LOG")
        [ -n "$stack" ] || fail "self-check ($name, $TARGET) printed no stack maximum"
        [ "$stack" -le "${STACK_GOAL:-8192}" ] ||
            fail "stack goal ($name, $TARGET): an entry point uses $stack bytes (> ${STACK_GOAL:-8192})"
        case $name in firmware-image | "firmware-image opt-z")
            [ "$(section .text)" -le "${TEXT_GOAL:-98304}" ] ||
                fail "size goal ($name, $TARGET): .text $(section .text) bytes (> ${TEXT_GOAL:-98304})"
            ;;
        esac
        # The flash goal (issue 18): what an instrument links (feature `instrument`: one
        # handle::<f32> call, no self-check harness), .text + .rodata ≤ 96 KiB on the M4F at s.
        case $TARGET-$name in thumbv7em*-instrument)
            flash=$(($(section .text) + $(section .rodata)))
            [ "$flash" -le "${FLASH_GOAL:-98304}" ] ||
                fail "flash goal ($name, $TARGET): .text + .rodata = $flash bytes (> ${FLASH_GOAL:-98304})"
            echo "flash ($name, $TARGET): .text + .rodata = $flash bytes (goal ${FLASH_GOAL:-98304})"
            ;;
        esac
        # No software double precision in the f32 path (issue 18): every function of the
        # firmware image that calls a double-precision routine must be in golden/soft-double-allowed.txt.
        case $TARGET-$name in thumbv*-firmware-image)
            arm-none-eabi-objdump -d -C --no-show-raw-insn "$(bin)" | awk '
                /^[0-9a-f]+ <.*>:$/ { fn = substr($0, index($0, "<")) }
                /\tbl?\t.*<(__aeabi_d[a-z0-9]*|__aeabi_f2d|__[a-z]*df[0-9]|__fix[a-z]*df|__float[a-z]*df)>/ { print fn }' |
                sort -u | grep -v -e '^<ringflux_bare_metal::' -e '^<compiler_builtins::' >target/soft-double-callers.txt || true
            grep -v -e '^#' -e '^$' golden/soft-double-allowed.txt >target/soft-double-allowed.txt
            unexpected=$(grep -v -F -f target/soft-double-allowed.txt target/soft-double-callers.txt || true)
            echo "soft-double callers ($TARGET, f32 firmware image): $(wc -l <target/soft-double-callers.txt), all in golden/soft-double-allowed.txt unless listed below"
            [ -z "$unexpected" ] || fail "software double precision in the f32 path ($TARGET): $unexpected"
            ;;
        esac
        SIZES="$SIZES$(printf '%-22s %-32s %8s %8s %8s %6s' "$TARGET" "$name" "$(section .text)" "$(section .rodata)" "$(section .bss)" "$stack")
"
    done

    OPT=s
    case $TARGET in thumbv*)
        # The golden protocol test: the firmware answers golden/requests.jsonl in QEMU through
        # handle::<f32>; its output must equal `ringflux serve-stdio --f32` byte for byte (the
        # host binary built by rustup's cargo, as users run it).
        echo "== golden protocol test ($TARGET): firmware in QEMU vs ringflux serve-stdio --f32"
        if [ ! -s target/golden-host.jsonl ]; then
            (cd ../.. && cargo build --quiet -p ringflux-cli --bin ringflux) || fail "host ringflux build"
            ../../target/debug/ringflux serve-stdio --f32 <golden/requests.jsonl >target/golden-host.jsonl 2>/dev/null ||
                fail "ringflux serve-stdio --f32 failed on golden/requests.jsonl"
        fi
        build --features golden || fail "build (golden, $TARGET)"
        status=0
        run >"$LOG.raw" || status=$?
        tr -d '\r' <"$LOG.raw" >target/golden-$TARGET.jsonl
        [ "$status" -eq 0 ] || fail "golden firmware ($TARGET) exited with status $status"
        cmp target/golden-host.jsonl "target/golden-$TARGET.jsonl" ||
            { diff target/golden-host.jsonl "target/golden-$TARGET.jsonl" | head -20; fail "golden protocol test ($TARGET): answers differ from serve-stdio --f32"; }
        echo "golden: $(wc -l <target/golden-host.jsonl) responses byte-identical to ringflux serve-stdio --f32"

        # Instructions per request (issue 18): SysTick under `-icount shift=0` (1 ns of virtual
        # time per instruction), calibrated by a loop of known length. The answers must again be
        # serve-stdio's; the counts may not rise more than COUNT_TOLERANCE_PCT (5) % over
        # golden/counts-baseline.tsv (BLESS_COUNTS=1 rewrites the target's rows).
        echo "== instruction counts ($TARGET, QEMU -icount shift=0; golden/counted.jsonl)"
        ../../target/debug/ringflux serve-stdio --f32 <golden/counted.jsonl >target/counted-host.jsonl 2>/dev/null ||
            fail "ringflux serve-stdio --f32 failed on golden/counted.jsonl"
        build --features insn-count || fail "build (insn-count, $TARGET)"
        status=0
        QEMU_EXTRA="-icount shift=0" run >"$LOG.raw" || status=$?
        tr -d '\r' <"$LOG.raw" >"target/counts-$TARGET.log"
        [ "$status" -eq 0 ] || { cat "target/counts-$TARGET.log"; fail "insn-count firmware ($TARGET) exited with status $status"; }
        grep '^{' "target/counts-$TARGET.log" >"target/counted-$TARGET.jsonl" || true
        cmp target/counted-host.jsonl "target/counted-$TARGET.jsonl" ||
            fail "insn-count ($TARGET): answers differ from serve-stdio --f32"
        sed -n 's/^calibration //p' "target/counts-$TARGET.log" | awk '{ printf "calibration: %d instructions = %d ticks\n", $1, $2 }'
        ops=$(sed 's/.*"op":"\([a-z_]*\)".*/\1/' golden/counted.jsonl | tr '\n' ' ')
        if [ "${BLESS_COUNTS:-0}" = 1 ]; then
            { grep -v "^$TARGET	" golden/counts-baseline.tsv 2>/dev/null || true
              sed -n 's/^count //p' "target/counts-$TARGET.log" | awk -v t="$TARGET" -v ops="$ops" \
                'BEGIN { split(ops, op, " ") } { printf "%s\t%d\t%s\t%d\n", t, $1, op[$1], $2 }'
            } >target/counts-baseline.new
            mv target/counts-baseline.new golden/counts-baseline.tsv
            echo "golden/counts-baseline.tsv: rows of $TARGET rewritten"
        fi
        sed -n 's/^count //p' "target/counts-$TARGET.log" | awk -v t="$TARGET" -v ops="$ops" \
            -v tol="${COUNT_TOLERANCE_PCT:-5}" -v base=golden/counts-baseline.tsv '
            BEGIN { split(ops, op, " ")
                    while ((getline row < base) > 0) { split(row, f, "\t"); if (f[1] == t) b[f[2]] = f[4] }
                    printf "%-5s %-14s %12s %12s %8s\n", "line", "op", "instructions", "baseline", "change" }
            { line = $1; n = $2; change = "-"
              if (line in b) { change = sprintf("%+.1f%%", 100 * (n - b[line]) / b[line])
                               if (n > b[line] * (1 + tol / 100)) bad = bad " " line }
              else missing = 1
              printf "%-5d %-14s %12d %12s %8s\n", line, op[line], n, (line in b) ? b[line] : "none", change }
            END { if (missing) print "no baseline for some requests: BLESS_COUNTS=1 tests/bare-metal/run.sh records one"
                  if (bad != "") { print "instruction count rose more than " tol " % on line(s)" bad; exit 1 } }' ||
            fail "instruction-count regression ($TARGET)"
        ;;
    esac
    case $TARGET in x86_64*)
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
        ;;
    esac

    echo "== negative controls (each build must fail; $TARGET)"
    if build --features panic-never,panic-probe 2>"$LOG"; then
        fail "panic-probe linked: the panic-never check cannot detect a reachable panic ($TARGET)"
    fi
    grep -q ringflux_reachable_panic_path_found "$LOG" || fail "panic-probe failed for another reason: $(cat "$LOG")"
    echo "panic-probe: reachable panic rejected at link time (as it must be)"
    if build --features std-probe 2>"$LOG"; then
        fail "std-probe built: linking std is not detected ($TARGET)"
    fi
    # x86-64 has a std to link, so the duplicate panic_impl (E0152) shows; with -Zbuild-std=core
    # there is no std at all (E0463).
    grep -q -e E0152 -e E0463 "$LOG" || fail "std-probe failed for another reason: $(cat "$LOG")"
    echo "std-probe: std rejected ($(grep -o -m1 -e E0152 -e E0463 "$LOG"), as it must be)"
done

echo "== size (bytes, release, opt-level s unless named, LTO; the self-check harness included)"
printf '%-22s %-32s %8s %8s %8s %6s\n' "target" "feature set" ".text" ".rodata" ".bss" "stack"
printf '%s' "$SIZES"
echo "(.bss includes the private measuring stack: 64 KiB on x86-64 and the M4F, 12 KiB on the M0; stack = max per entry point, caller buffers excluded)"
echo "bare-metal proof passed"
