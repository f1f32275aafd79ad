//! The built binary starts and reports its version (this integration test also makes cargo build
//! `target/*/ringflux`, which the workspace's CLI tests in `tests/tests/` run through assert_cmd).

#[test]
fn binary_prints_its_version() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ringflux"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim(),
        format!("ringflux {}", env!("CARGO_PKG_VERSION"))
    );
}
