//! The minimal runtime a program needs when nothing is linked but the core: the `_start` entry,
//! the `exit` and `write` system calls, the `mem*` symbols the compiler emits calls to, and a
//! private, painted stack for measuring how deep a call goes.
//!
//! This is the only module with `unsafe`; everything it exports is a safe function.
//! Linux x86-64 system-call ABI: number in rax, arguments in rdi, rsi, rdx; rcx and r11 clobbered.
#![allow(unsafe_code)]

use core::arch::{asm, global_asm};

// The kernel enters `_start` with rsp pointing at argc and 16-byte aligned, but nothing here relies
// on that: align explicitly, then `call` so the Rust function sees the ABI's rsp ≡ 8 (mod 16).
global_asm!(
    ".globl _start",
    ".type _start,@function",
    "_start:",
    "xor ebp, ebp",
    "and rsp, -16",
    "call {entry}",
    "ud2",
    entry = sym entry,
);

extern "C" fn entry() -> ! {
    exit(crate::main())
}

/// Ends the process with `code` (system call 60, `exit`).
pub fn exit(code: i32) -> ! {
    // SAFETY: `exit` takes one integer argument and does not return.
    unsafe {
        asm!("syscall", in("rax") 60_usize, in("rdi") code as isize, options(noreturn, nostack));
    }
}

/// Writes all of `bytes` to standard output (system call 1, `write`); errors are ignored, as
/// there is nowhere to report them.
pub fn write_stdout(mut bytes: &[u8]) {
    while !bytes.is_empty() {
        let ret: isize;
        // SAFETY: the kernel reads `len` bytes from a valid, live slice.
        unsafe {
            asm!(
                "syscall",
                inlateout("rax") 1_isize => ret,
                in("rdi") 1_usize,
                in("rsi") bytes.as_ptr(),
                in("rdx") bytes.len(),
                lateout("rcx") _,
                lateout("r11") _,
                options(nostack, readonly),
            );
        }
        match usize::try_from(ret) {
            Ok(n) if n > 0 => bytes = bytes.get(n..).unwrap_or(&[]),
            _ => return,
        }
    }
}

// ---- mem* symbols -------------------------------------------------------------------------------
// compiler_builtins does not export these on linux-gnu. `rep movsb` / `rep stosb` cannot be turned
// back into a call to the very function being defined (a plain loop can: LLVM's idiom recognition).

/// # Safety
/// As C `memcpy`: `n` bytes valid at both pointers, regions do not overlap.
#[no_mangle]
pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: the caller's contract; the direction flag is clear per the ABI.
    unsafe {
        asm!("rep movsb", inout("rcx") n => _, inout("rdi") dest => _, inout("rsi") src => _,
             options(nostack, preserves_flags));
    }
    dest
}

/// # Safety
/// As C `memmove`: `n` bytes valid at both pointers; the regions may overlap.
#[no_mangle]
pub unsafe extern "C" fn memmove(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if (dest as usize).wrapping_sub(src as usize) >= n {
        // Forward copy is safe: dest is below src or the regions do not overlap.
        // SAFETY: as for memcpy.
        return unsafe { memcpy(dest, src, n) };
    }
    // Overlap with dest above src: copy backwards from the last byte.
    // SAFETY: the caller's contract; the direction flag is restored to clear.
    unsafe {
        asm!("std", "rep movsb", "cld",
             inout("rcx") n => _,
             inout("rdi") dest.wrapping_add(n).wrapping_sub(1) => _,
             inout("rsi") src.wrapping_add(n).wrapping_sub(1) => _,
             options(nostack));
    }
    dest
}

/// # Safety
/// As C `memset`: `n` bytes valid at `dest`.
#[no_mangle]
pub unsafe extern "C" fn memset(dest: *mut u8, c: i32, n: usize) -> *mut u8 {
    // SAFETY: the caller's contract.
    unsafe {
        asm!("rep stosb", inout("rcx") n => _, inout("rdi") dest => _, in("al") c as u8,
             options(nostack, preserves_flags));
    }
    dest
}

/// # Safety
/// As C `memcmp`: `n` bytes readable at both pointers.
#[no_mangle]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while i < n {
        // SAFETY: i < n; volatile reads keep LLVM from turning the loop back into `memcmp`.
        let (x, y) = unsafe { (a.add(i).read_volatile(), b.add(i).read_volatile()) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

/// # Safety
/// As C `bcmp`: `n` bytes readable at both pointers.
#[no_mangle]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: same contract as memcmp.
    unsafe { memcmp(a, b, n) }
}

// ---- stack painting -----------------------------------------------------------------------------

/// Size of the private stack the measured calls run on.
pub const STACK_BYTES: usize = 64 * 1024;
use crate::paint::PAINT;

#[repr(C, align(16))]
struct Stack([u8; STACK_BYTES]);

static mut STACK: Stack = Stack([0; STACK_BYTES]);

/// Runs `f` on a freshly painted private stack and returns its result and the peak number of
/// stack bytes it used (return address included), found as the deepest byte no longer holding the
/// paint. `None` as usage means the whole private stack was used (possible overflow).
pub fn measure_stack(f: extern "C" fn() -> u32) -> (u32, Option<usize>) {
    let base = (&raw mut STACK).cast::<u8>();
    // SAFETY: single-threaded program; the private stack is not in use outside this function.
    unsafe { memset(base, i32::from(PAINT), STACK_BYTES) };
    let top = base.wrapping_add(STACK_BYTES);
    let ret: u32;
    // SAFETY: switches rsp to the top of the private stack (16-byte aligned, so the callee sees
    // the ABI's rsp ≡ 8 mod 16 after `call`), calls `f`, and restores rsp from callee-saved r12.
    unsafe {
        asm!(
            "mov r12, rsp",
            "mov rsp, {top}",
            "call {f}",
            "mov rsp, r12",
            top = in(reg) top,
            f = in(reg) f,
            out("r12") _,
            lateout("eax") ret,
            clobber_abi("C"),
        );
    }
    // SAFETY: the private stack is STACK_BYTES long and no longer in use.
    (ret, unsafe { crate::paint::used_bytes(base, STACK_BYTES) })
}
