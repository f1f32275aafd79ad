//! The minimal Cortex-M runtime of the bare-metal proof (the ARM counterpart of `rt.rs`): the
//! vector table and `Reset` (copies `.data`, zeroes `.bss`, turns the FPU on where there is one),
//! output and exit through ARM semihosting (`bkpt 0xAB`, QEMU `-semihosting-config
//! enable=on,target=native`), and a private, painted stack for measuring how deep a call goes. Linker scripts: `link/`.
//!
//! This is the only module with `unsafe`; everything it exports is a safe function. No
//! cortex-m-rt: the whole runtime is these hundred lines, so the proof depends on nothing
//! outside the project but `core` (see core/README.md for linking ringflux into cortex-m-rt).
#![allow(unsafe_code)]

use core::arch::asm;

/// Size of the private stack the measured calls run on: the micro:bit has 16 KiB of RAM.
#[cfg(target_abi = "eabihf")]
pub const STACK_BYTES: usize = 64 * 1024;
/// Size of the private stack the measured calls run on: the micro:bit has 16 KiB of RAM.
#[cfg(not(target_abi = "eabihf"))]
pub const STACK_BYTES: usize = 12 * 1024;
use crate::paint::PAINT;

extern "C" {
    static mut __sdata: u32;
    static mut __edata: u32;
    static __sidata: u32;
    static mut __sbss: u32;
    static mut __ebss: u32;
}

/// The exception vectors after the initial stack pointer (which the linker script writes).
#[used]
#[no_mangle]
#[link_section = ".vector_table"]
pub static VECTORS: [unsafe extern "C" fn(); 15] = [
    Reset, fault, fault, fault, fault, fault, fault, fault, fault, fault, fault, fault, fault,
    fault, fault,
];

/// The reset handler.
///
/// # Safety
/// Entered by the processor only.
#[no_mangle]
pub unsafe extern "C" fn Reset() {
    // SAFETY: the linker script's symbols bound .data (with its load image) and .bss, word aligned.
    unsafe {
        let mut src = &raw const __sidata;
        let mut dst = &raw mut __sdata;
        while dst < &raw mut __edata {
            dst.write_volatile(src.read_volatile());
            dst = dst.add(1);
            src = src.add(1);
        }
        let mut dst = &raw mut __sbss;
        while dst < &raw mut __ebss {
            dst.write_volatile(0);
            dst = dst.add(1);
        }
    }
    #[cfg(target_abi = "eabihf")]
    // SAFETY: CPACR (0xE000ED88): full access to CP10 and CP11, the FPU, before any FP instruction.
    unsafe {
        let cpacr = 0xE000_ED88 as *mut u32;
        cpacr.write_volatile(cpacr.read_volatile() | (0xF << 20));
        asm!("dsb", "isb", options(nostack, preserves_flags));
    }
    start()
}

#[inline(never)]
fn start() -> ! {
    exit(crate::main())
}

unsafe extern "C" fn fault() {
    write_stdout(b"\nfault: an exception was taken\n");
    exit(99)
}

/// One semihosting call: operation in r0, parameter in r1, result in r0.
fn semihost(op: u32, param: usize) -> usize {
    let ret: usize;
    // SAFETY: `bkpt 0xAB` traps to the debugger (QEMU) which reads r0/r1 and memory at r1 as the
    // operation defines; the callers pass live, valid buffers.
    unsafe {
        asm!("bkpt 0xAB", inout("r0") op as usize => ret, in("r1") param, options(nostack));
    }
    ret
}

/// Ends the program with `code` (semihosting SYS_EXIT_EXTENDED, ADP_Stopped_ApplicationExit).
pub fn exit(code: i32) -> ! {
    let block: [usize; 2] = [0x2_0026, code as usize];
    loop {
        semihost(0x20, block.as_ptr() as usize);
    }
}

/// Writes all of `bytes` to QEMU's standard output (SYS_WRITE0 on NUL-terminated chunks).
pub fn write_stdout(bytes: &[u8]) {
    let mut chunk = [0u8; 65];
    for part in bytes.chunks(64) {
        let (text, end) = chunk.split_at_mut(part.len().min(64));
        text.copy_from_slice(part.get(..text.len()).unwrap_or(&[]));
        if let Some(nul) = end.first_mut() {
            *nul = 0;
        }
        semihost(0x04, chunk.as_ptr() as usize);
    }
}

#[repr(C, align(8))]
struct Stack([u8; STACK_BYTES]);

static mut STACK: Stack = Stack([0; STACK_BYTES]);

/// Runs `f` on a freshly painted private stack and returns its result and the peak number of
/// stack bytes it used, found as the deepest byte no longer holding the paint. `None` as usage
/// means the whole private stack was used (possible overflow).
#[inline(never)] // keeps the caller's values out of the registers the asm clobbers
pub fn measure_stack(f: extern "C" fn() -> u32) -> (u32, Option<usize>) {
    let base = (&raw mut STACK).cast::<u8>();
    // SAFETY: single-threaded program; the private stack is not in use outside this function.
    unsafe { core::ptr::write_bytes(base, PAINT, STACK_BYTES) };
    let top = base.wrapping_add(STACK_BYTES);
    let ret: u32;
    // SAFETY: switches sp to the top of the private stack (8-byte aligned, as the AAPCS wants at
    // a call), calls `f`, and restores sp from callee-saved r4. Clobbers: the AAPCS caller-saved
    // core registers; the M4F's caller-saved s0-s15 hold nothing live here (no float is live
    // across this asm in this function), and `f` preserves s16-s31.
    unsafe {
        asm!(
            "mov r4, sp",
            "mov sp, {top}",
            "blx {f}",
            "mov sp, r4",
            top = in(reg) top,
            f = in(reg) f,
            out("r4") _,
            lateout("r0") ret,
            lateout("r1") _,
            lateout("r2") _,
            lateout("r3") _,
            lateout("r12") _,
            lateout("lr") _,
        );
    }
    // SAFETY: the private stack is STACK_BYTES long and no longer in use.
    (ret, unsafe { crate::paint::used_bytes(base, STACK_BYTES) })
}

/// SysTick registers (ARMv6-M and ARMv7-M system timer): control/status, reload, current value.
#[cfg(feature = "insn-count")]
const SYST_CSR: *mut u32 = 0xE000_E010 as *mut u32;
#[cfg(feature = "insn-count")]
const SYST_RVR: *mut u32 = 0xE000_E014 as *mut u32;
#[cfg(feature = "insn-count")]
const SYST_CVR: *mut u32 = 0xE000_E018 as *mut u32;
/// The 24-bit SysTick counts down from this reload value.
#[cfg(feature = "insn-count")]
const SYST_MAX: u32 = 0x00FF_FFFF;

/// Starts SysTick from its full 24-bit reload, clocked by the processor clock, without
/// interrupts. Under QEMU `-icount shift=0` the virtual clock advances exactly 1 ns per executed
/// instruction, so the ticks that follow count instructions (see [`ticks`]).
#[cfg(feature = "insn-count")]
pub fn ticks_start() {
    // SAFETY: SysTick is part of every M-profile core QEMU models; the writes only configure it.
    unsafe {
        SYST_CSR.write_volatile(0);
        SYST_RVR.write_volatile(SYST_MAX);
        SYST_CVR.write_volatile(0); // any write clears the count and COUNTFLAG
        SYST_CSR.write_volatile(0b101); // ENABLE, CLKSOURCE = processor clock
    }
}

/// SysTick ticks since [`ticks_start`], or `None` if the counter wrapped (COUNTFLAG).
#[cfg(feature = "insn-count")]
pub fn ticks() -> Option<u32> {
    // SAFETY: reads of SysTick's registers.
    let (csr, cvr) = unsafe { (SYST_CSR.read_volatile(), SYST_CVR.read_volatile()) };
    (csr & (1 << 16) == 0).then(|| SYST_MAX - (cvr & SYST_MAX))
}

/// A loop of `2·n` instructions (`subs` and `bne` per turn): the calibration of ticks per
/// instruction.
#[cfg(feature = "insn-count")]
#[inline(never)]
pub fn spin(n: u32) {
    // SAFETY: register-only loop.
    unsafe {
        asm!(
            "2:",
            "subs {n}, #1",
            "bne 2b",
            n = inout(reg) n.max(1) => _,
            options(nomem, nostack),
        );
    }
}
