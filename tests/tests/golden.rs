//! Golden outputs (issue 12): the human and `--json` output of every example command of the
//! README and of `analyze` on each folder under `examples/` stay byte-identical through refactors.
//! The commands and the expected outputs are in `tests/golden/` (see its `commands.tsv`). After a
//! deliberate output change, regenerate with `RINGFLUX_BLESS=1 cargo test -p ringflux-tests --test
//! golden` and give the reason in the commit message.

use ringflux_tests::cli::ringflux;
use ringflux_tests::golden::{commands, Mode};
use ringflux_tests::workspace_root;

#[test]
fn every_example_command_prints_its_golden_output() {
    let bless = std::env::var_os("RINGFLUX_BLESS").is_some();
    let mut differ = Vec::new();
    for cmd in commands() {
        for mode in [Mode::Human, Mode::Json] {
            let out = ringflux()
                .current_dir(workspace_root())
                .args(cmd.args(mode))
                .output()
                .expect("ringflux runs");
            assert!(
                out.status.success(),
                "{} ({mode:?}) failed: {}",
                cmd.name,
                String::from_utf8_lossy(&out.stderr)
            );
            let path = cmd.golden(mode);
            if bless {
                std::fs::write(&path, &out.stdout).expect("golden file is writable");
                continue;
            }
            let want = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            if want != out.stdout {
                differ.push(format!("{} ({mode:?})", cmd.name));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "output differs from tests/golden/ for: {} (diff with `ringflux ARGS | diff - tests/golden/NAME.txt`)",
        differ.join(", ")
    );
}

/// The check can fail: a changed argument changes the output, and the comparison sees it.
#[test]
fn a_changed_output_is_detected() {
    let cmd = commands()
        .into_iter()
        .find(|c| c.name == "eyring-dg")
        .expect("eyring-dg is a golden command");
    let out = ringflux()
        .current_dir(workspace_root())
        .args(["eyring", "--temp-k", "298.15", "--dg-kcal-per-mol", "16.01"])
        .output()
        .expect("ringflux runs");
    let want = std::fs::read(cmd.golden(Mode::Human)).expect("golden file");
    assert_ne!(want, out.stdout);
}

/// Every folder under `examples/` has its `analyze examples/<folder>` golden command.
#[test]
fn every_example_folder_has_an_analyze_golden() {
    let analyzed: Vec<String> = commands()
        .iter()
        .map(|c| c.args(Mode::Human).join(" "))
        .filter_map(|a| a.strip_prefix("analyze examples/").map(str::to_string))
        .collect();
    let mut missing = Vec::new();
    for e in std::fs::read_dir(workspace_root().join("examples")).expect("examples/ is readable") {
        let e = e.expect("examples/ entry");
        if e.path().is_dir() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !analyzed.contains(&name) {
                missing.push(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "examples without an `analyze examples/NAME` line in tests/golden/commands.tsv: {missing:?}"
    );
}
