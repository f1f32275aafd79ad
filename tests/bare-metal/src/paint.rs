//! The paint of the private measuring stack, shared by both runtimes (`rt.rs`, `rt_arm.rs`).
#![allow(unsafe_code)]

/// The byte the private stack is filled with before a measured call.
pub const PAINT: u8 = 0xA5;

/// Peak stack use of a call that ran on the `len` bytes at `base` (growing down from
/// `base + len`) after they were painted with [`PAINT`]: the deepest byte no longer holding the
/// paint. `None` means the whole region was used (possible overflow).
///
/// # Safety
/// `len` bytes at `base` are readable and not in use.
pub unsafe fn used_bytes(base: *const u8, len: usize) -> Option<usize> {
    let mut untouched = 0;
    while untouched < len {
        // SAFETY: in bounds (the caller's contract); volatile so the reads are not assumed
        // constant.
        if unsafe { base.add(untouched).read_volatile() } != PAINT {
            break;
        }
        untouched += 1;
    }
    (untouched > 0).then_some(len - untouched)
}
