//! The instrument protocol (`ringflux_rules::protocol::handle`, core operations plus `suggest`)
//! on arbitrary bytes, on both float paths and with a firmware-sized and a minimal response
//! buffer. This covers the panic paths that serde-json-core 0.7 and core's float parser keep
//! (listed by `tests/bare-metal/run.sh`, which cannot prove them unreachable at link time).
//!
//! Nothing may panic; every response is one JSON object with `id`, `ok`, `op`, and `result`
//! exactly when `ok` is true, else `error.code`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_core::protocol::MIN_RESPONSE_BYTES;
use ringflux_rules::protocol::handle;

fn check(response: &[u8]) {
    let v: serde_json::Value = serde_json::from_slice(response).unwrap_or_else(|e| {
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
        assert!(
            v["error"]["code"].is_string() && v.get("result").is_none(),
            "{v}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    for size in [MIN_RESPONSE_BYTES, 1024] {
        let mut out = vec![0u8; size];
        let n = handle::<f32>(data, &mut out);
        check(&out[..n]);
        let n = handle::<f64>(data, &mut out);
        check(&out[..n]);
    }
});
