//! The `ringflux` binary itself (Cargo sets `CARGO_BIN_EXE_ringflux` only here, in the binary's
//! own package). Having an integration test in this package also makes `cargo test --workspace`
//! build `target/debug/ringflux`, which the cross-crate CLI tests in `tests/` run through
//! assert_cmd — without it they fail on a fresh clone with "`CARGO_BIN_EXE_ringflux` is unset".

use std::process::Command;

#[test]
fn version_and_usage_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_ringflux");
    let out = Command::new(bin).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ringflux "));
    // Usage errors exit 2 (GUIDE: CLI conventions).
    let out = Command::new(bin).arg("no-such-command").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
