//! Negative controls: builds that must FAIL, showing that the two proofs can fail.
//!
//! * `panic-probe`: one index whose bound the optimiser cannot know; with `panic-never` the link
//!   must fail on the undefined symbol the panic handler calls.
//! * `std-probe`: links `std`; the build must fail with E0152 (duplicate lang item `panic_impl`),
//!   which is what any `std` in the core's dependency graph would cause.
//! * `json-probe-*`: serde-json-core 0.7 on its own (serialise / parse, integer and string fields
//!   or an `f64` field), to show with `panic-never` which of its paths keep reachable panics.

#[cfg(feature = "std-probe")]
extern crate std;

/// serde-json-core probes: one serialisation or parse of a value the optimiser cannot know,
/// with integer/string fields or with an `f64` field.
#[cfg(any(
    feature = "json-probe-ser-int",
    feature = "json-probe-ser-f64",
    feature = "json-probe-de-int",
    feature = "json-probe-de-f64"
))]
fn json_probe(unknown: u64) -> i32 {
    #[allow(dead_code)]
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Ints<'a> {
        n: u32,
        #[serde(borrow)]
        name: &'a str,
    }
    #[allow(dead_code)]
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Float {
        x: f64,
    }
    let mut buf = [0u8; 64];
    let _ = (&mut buf, unknown);
    #[cfg(feature = "json-probe-ser-int")]
    let n = serde_json_core::to_slice(
        &Ints {
            n: unknown as u32,
            name: "tc_k",
        },
        &mut buf,
    )
    .unwrap_or(0);
    #[cfg(feature = "json-probe-ser-f64")]
    let n = serde_json_core::to_slice(
        &Float {
            x: f64::from_bits(unknown),
        },
        &mut buf,
    )
    .unwrap_or(0);
    #[cfg(feature = "json-probe-de-int")]
    let n = {
        let text: &[u8] = br#"{"n":330,"name":"tc_k"}"#;
        let text = text
            .get(..(unknown as usize).min(text.len()))
            .unwrap_or(text);
        serde_json_core::from_slice::<Ints<'_>>(text).map_or(0, |(v, _)| v.n as usize)
    };
    #[cfg(feature = "json-probe-de-f64")]
    let n = {
        let text: &[u8] = br#"{"x":330.25}"#;
        let text = text
            .get(..(unknown as usize).min(text.len()))
            .unwrap_or(text);
        serde_json_core::from_slice::<Float>(text).map_or(0, |(v, _)| v.x as usize)
    };
    i32::from(n == usize::MAX)
}

/// Extra failures contributed by the probes (always 0 when they link at all).
pub fn run() -> i32 {
    #[cfg(any(
        feature = "json-probe-ser-int",
        feature = "json-probe-ser-f64",
        feature = "json-probe-de-int",
        feature = "json-probe-de-f64"
    ))]
    {
        use core::sync::atomic::Ordering;
        return json_probe(crate::checks::LAST.load(Ordering::Relaxed));
    }
    #[cfg(feature = "panic-probe")]
    {
        use core::sync::atomic::Ordering;
        let table = [1_u8, 2, 3, 4];
        let unknown = (crate::checks::LAST.load(Ordering::Relaxed) >> 60) as usize;
        #[allow(clippy::indexing_slicing)]
        return i32::from(table[unknown] == 0);
    }
    #[allow(unreachable_code)]
    0
}
