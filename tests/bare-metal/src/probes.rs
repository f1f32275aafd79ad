//! Negative controls: builds that must FAIL, showing that the two proofs can fail.
//!
//! * `panic-probe`: one index whose bound the optimiser cannot know; with `panic-never` the link
//!   must fail on the undefined symbol the panic handler calls.
//! * `std-probe`: links `std`; the build must fail with E0152 (duplicate lang item `panic_impl`),
//!   which is what any `std` in the core's dependency graph would cause.

#[cfg(feature = "std-probe")]
extern crate std;

/// Extra failures contributed by the probes (always 0 when they link at all).
pub fn run() -> i32 {
    #[cfg(feature = "panic-probe")]
    {
        use core::sync::atomic::Ordering;
        let table = [1_u8, 2, 3, 4];
        let unknown = (crate::checks::LAST.load(Ordering::Relaxed) >> 60) as usize;
        #[allow(clippy::indexing_slicing)]
        return i32::from(table[unknown] == 0);
    }
    #[cfg(not(feature = "panic-probe"))]
    0
}
