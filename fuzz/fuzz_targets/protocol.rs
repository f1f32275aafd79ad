//! The instrument protocol (`ringflux_rules::protocol::handle`, core operations plus `suggest`,
//! what firmware runs and `ringflux serve-stdio` serves) on arbitrary bytes, on both float paths,
//! with a minimal, a firmware-sized and an arbitrary response buffer. This covers the panic paths
//! that serde-json-core 0.7 and core's float parser keep (listed by `tests/bare-metal/run.sh`,
//! which cannot prove them unreachable at link time).
//!
//! Nothing may panic; every response fits its buffer and is one JSON object with `id`, `ok`,
//! `op`, and `result` exactly when `ok` is true, else `error.code`; and the same request gets
//! the same bytes back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_core::protocol::MIN_RESPONSE_BYTES;
use serde_json::Value;

fn check(request: &[u8], size: usize, handle: fn(&[u8], &mut [u8]) -> usize) {
    let mut out = vec![0u8; size];
    let n = handle(request, &mut out);
    assert!(n <= size, "wrote {n} bytes into a {size}-byte buffer");
    let response = out.get(..n).unwrap_or_default();
    let v: Value = serde_json::from_slice(response).unwrap_or_else(|e| {
        panic!(
            "response is not JSON ({e}): {}",
            String::from_utf8_lossy(response)
        )
    });
    let ok = v["ok"].as_bool().expect("ok is a boolean");
    assert!(v.get("id").is_some() && v.get("op").is_some(), "{v}");
    if ok {
        assert!(v.get("result").is_some() && v.get("error").is_none(), "{v}");
    } else {
        assert!(v["error"]["code"].is_string() && v.get("result").is_none(), "{v}");
    }
    let mut again = vec![0u8; size];
    let m = handle(request, &mut again);
    assert_eq!(again.get(..m), Some(response), "different answer to the same request");
}

fuzz_target!(|data: &[u8]| {
    // The first two bytes also choose a third buffer size, as an instrument would provide it.
    let arbitrary = match data {
        [a, b, ..] => MIN_RESPONSE_BYTES + usize::from(u16::from_le_bytes([*a, *b]) % 8192),
        _ => 4096,
    };
    for size in [MIN_RESPONSE_BYTES, 1024, arbitrary] {
        check(data, size, ringflux_rules::protocol::handle::<f32>);
        check(data, size, ringflux_rules::protocol::handle::<f64>);
    }
});
