//! # The bare-metal proof
//!
//! `ringflux-core` linked into a Linux x86-64 executable with no standard library, no C library,
//! no allocator and no C runtime (`-nostartfiles -nostdlib -static`): if anything in the core's
//! dependency graph needed `std`, this would fail to build (E0152, duplicate `panic_impl`).
//!
//! The program runs a self-check of the core's entry points against the shared reference values,
//! each on a freshly painted private stack, prints one line per check with its peak stack use,
//! and exits 0 only if every check passed (otherwise with the number of failures).
//! Build and run it with `tests/bare-metal/run.sh`.
#![no_std]
#![no_main]
#![deny(unsafe_code)]
// The golden test (feature `golden`) replaces the self-check's `main`: its helpers go unused.
#![cfg_attr(
    any(feature = "golden", feature = "instrument"),
    allow(dead_code, unused_imports)
)]

#[cfg_attr(feature = "firmware-image", allow(dead_code))]
mod checks;
#[cfg_attr(feature = "firmware-image", allow(dead_code))]
mod dnmr;
#[cfg_attr(feature = "firmware-image", allow(dead_code))]
mod extra;
mod out;
mod paint;
mod probes;
#[cfg_attr(feature = "firmware-image", allow(dead_code))]
mod rest;
#[cfg_attr(target_arch = "arm", path = "rt_arm.rs")]
mod rt;

use core::sync::atomic::Ordering;

/// The golden protocol test (feature `golden`, issue 18): answers every line of
/// `golden/requests.jsonl` through `ringflux_rules::protocol::handle::<f32>` with a 4 KiB response
/// buffer (as `ringflux serve-stdio --f32` does) and writes one response line each; run.sh compares
/// the output byte for byte with the host's. Runs on the private stack (the micro:bit's main stack
/// is too small for the buffer and the request together).
#[cfg(feature = "golden")]
fn main() -> i32 {
    #[cfg(all(feature = "insn-count", target_arch = "arm"))]
    extern "C" fn answer_all() -> u32 {
        count_requests()
    }
    #[cfg(not(all(feature = "insn-count", target_arch = "arm")))]
    extern "C" fn answer_all() -> u32 {
        const REQUESTS: &[u8] = include_bytes!("../golden/requests.jsonl");
        let mut response = [0_u8; 4096];
        for line in REQUESTS.split(|&b| b == b'\n') {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let n = ringflux_rules::protocol::handle::<f32>(line, &mut response);
            rt::write_stdout(response.get(..n).unwrap_or(&[]));
            rt::write_stdout(b"\n");
        }
        0
    }
    let (verdict, stack) = rt::measure_stack(answer_all);
    i32::from(verdict != 0 || stack.is_none())
}

/// What an instrument links (feature `instrument`): the protocol's f32 path behind one call of
/// `handle::<f32>` on a request the compiler cannot see (so every operation stays linked), plus
/// this runtime's output and exit. run.sh gates its flash (`.text` + `.rodata`) on the M4F; the
/// self-check harness, its request strings and the golden request file are left out.
#[cfg(all(feature = "instrument", not(feature = "golden")))]
fn main() -> i32 {
    extern "C" fn answer() -> u32 {
        let mut response = [0_u8; 1024];
        let request: &[u8] = core::hint::black_box(b"{}");
        let n = ringflux_rules::protocol::handle::<f32>(request, &mut response);
        rt::write_stdout(response.get(..n).unwrap_or(&[]));
        u32::from(n == 0)
    }
    let (verdict, stack) = rt::measure_stack(answer);
    out::s("\nmax stack bytes per entry point (caller buffers excluded): ");
    out::u(stack.unwrap_or(usize::MAX) as u64, 0);
    out::s(if verdict == 0 && stack.is_some() {
        "\nall checks passed\n"
    } else {
        "\nSELF-CHECK FAILED\n"
    });
    i32::from(verdict != 0 || stack.is_none())
}

/// The instruction counts of the requests of `golden/counted.jsonl` (feature `insn-count`, ARM in
/// QEMU with `-icount shift=0`, where the virtual clock advances exactly 1 ns per instruction):
/// SysTick ticks around each `handle::<f32>` call, converted to instructions by a calibration loop
/// of known length (one tick is 40 instructions on mps2-an386's 25 MHz clock, 62.5 on the
/// micro:bit's 16 MHz: counts are exact to that). Prints `calibration <instructions> <ticks>`, then
/// per request its response line and `count <line> <instructions>`; run.sh checks the responses
/// against `ringflux serve-stdio --f32` and the counts against `golden/counts-baseline.tsv`.
#[cfg(all(feature = "insn-count", target_arch = "arm"))]
fn count_requests() -> u32 {
    const REQUESTS: &[u8] = include_bytes!("../golden/counted.jsonl");
    const CALIBRATION_TURNS: u32 = 1_000_000;
    let mut response = [0_u8; 4096];
    rt::ticks_start();
    rt::spin(CALIBRATION_TURNS);
    let Some(cal) = rt::ticks().filter(|&t| t > 0) else {
        out::s("SysTick does not count under this machine\n");
        return 1;
    };
    let cal_insns = 2 * u64::from(CALIBRATION_TURNS);
    out::s("calibration ");
    out::u(cal_insns, 0);
    out::s(" ");
    out::u(u64::from(cal), 0);
    out::s("\n");
    for (i, line) in REQUESTS.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        rt::ticks_start();
        let n = core::hint::black_box(ringflux_rules::protocol::handle::<f32>(
            core::hint::black_box(line),
            &mut response,
        ));
        let Some(t) = rt::ticks() else {
            out::s("SysTick wrapped\n");
            return 1;
        };
        rt::write_stdout(response.get(..n).unwrap_or(&[]));
        out::s("\ncount ");
        out::u(i as u64 + 1, 0);
        out::s(" ");
        out::u(
            (u64::from(t) * cal_insns + u64::from(cal) / 2) / u64::from(cal),
            0,
        );
        out::s("\n");
    }
    0
}

/// Runs every check; the result is the exit status.
#[cfg(not(any(feature = "golden", feature = "instrument")))]
fn main() -> i32 {
    out::s("ringflux bare-metal self-check (no std, no libc, no allocator)\n");
    out::s("  stack B  buffers B  result  entry point\n");
    let mut failures = 0_i32;
    let mut worst = 0_usize;
    // The firmware image calls the core only through the protocol (its f32 path).
    #[cfg(not(feature = "firmware-image"))]
    let lists: [&[(&str, extern "C" fn() -> u32)]; 7] = [
        checks::ALL,
        checks::MORE,
        rest::REST,
        dnmr::NSITE,
        dnmr::FITS,
        extra::RULES,
        extra::JSON,
    ];
    #[cfg(all(feature = "firmware-image", not(feature = "firmware-rules-api")))]
    let lists: [&[(&str, extern "C" fn() -> u32)]; 1] = [extra::JSON];
    // ... and also calls the rules crate directly (evaluation with a trace, the rule-set check).
    #[cfg(feature = "firmware-rules-api")]
    let lists: [&[(&str, extern "C" fn() -> u32)]; 2] = [extra::RULES, extra::JSON];
    for &(name, check) in lists.iter().flat_map(|l| l.iter()) {
        checks::BUFFERS.store(0, Ordering::Relaxed);
        let (verdict, stack) = rt::measure_stack(check);
        let buffers = checks::BUFFERS.load(Ordering::Relaxed);
        match stack {
            Some(bytes) => {
                out::u(bytes as u64, 9);
                worst = worst.max(bytes.saturating_sub(buffers));
            }
            None => out::s("  OVERFLOW"),
        }
        out::u(buffers as u64, 11);
        out::s(if verdict == 0 {
            "  ok      "
        } else {
            "  FAIL    "
        });
        out::s(name);
        if verdict != 0 {
            failures += 1;
            out::s("  (last value ");
            out::f(f64::from_bits(checks::LAST.load(Ordering::Relaxed)), 9);
            out::s(")");
        }
        if stack.is_none() {
            failures += 1;
        }
        out::s("\n");
    }
    failures += probes::run();
    out::s("max stack bytes per entry point (caller buffers excluded): ");
    out::u(worst as u64, 0);
    out::s(if failures == 0 {
        "\nall checks passed\n"
    } else {
        "\nSELF-CHECK FAILED\n"
    });
    failures
}

#[cfg(not(feature = "panic-never"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    out::s("panic\n");
    rt::exit(101)
}

/// Link-time proof of panic freedom: this symbol is defined nowhere, so the link fails if any
/// call to the panic handler survives optimisation.
#[cfg(feature = "panic-never")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    extern "C" {
        fn ringflux_reachable_panic_path_found() -> !;
    }
    #[allow(unsafe_code)]
    // SAFETY: never executed: the link fails if this is reachable.
    unsafe {
        ringflux_reachable_panic_path_found()
    }
}
