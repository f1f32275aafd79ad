//! The instrument protocol (`ringflux_rules::protocol::handle`, what firmware runs and
//! `ringflux serve-stdio` serves), f64 and f32 paths, arbitrary request bytes and response
//! buffer sizes. The answer must fit the buffer, be exactly one JSON object with `ok` true or
//! false, hold only finite numbers, and be the same when asked twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_core::protocol::MIN_RESPONSE_BYTES;
use serde_json::Value;

fn check(request: &[u8], size: usize, handle: fn(&[u8], &mut [u8]) -> usize) {
    let mut out = vec![0_u8; size];
    let n = handle(request, &mut out);
    assert!(n <= size, "wrote {n} bytes into a {size}-byte buffer");
    let answer = out.get(..n).unwrap_or_default().to_vec();
    let v: Value = serde_json::from_slice(&answer).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}", String::from_utf8_lossy(&answer))
    });
    let ok = v.get("ok").and_then(Value::as_bool);
    assert!(ok.is_some(), "no ok field: {v}");
    // `"id":null` / `"op":null` answer a request without a readable id / op; a null anywhere
    // else is a lost number.
    let mut body = v.clone();
    if let Some(m) = body.as_object_mut() {
        m.remove("id");
        m.remove("op");
    }
    ringflux_fuzz::assert_json_has_no_null(&body);
    let mut again = vec![0_u8; size];
    let m = handle(request, &mut again);
    assert_eq!(again.get(..m), Some(answer.as_slice()), "different answer to the same request");
}

fuzz_target!(|data: &[u8]| {
    // The first two bytes choose the response buffer size (as an instrument would provide).
    let (size, request) = match data {
        [a, b, rest @ ..] => (MIN_RESPONSE_BYTES + usize::from(u16::from_le_bytes([*a, *b]) % 8192), rest),
        _ => (4096, data),
    };
    check(request, size, ringflux_rules::protocol::handle::<f64>);
    check(request, size, ringflux_rules::protocol::handle::<f32>);
});
