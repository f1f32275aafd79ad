//! A reader that closes stdout early (`ringflux … | head`) ends every command quietly with exit 0
//! (README, "The `ringflux` command"; issue 12). Run for every golden command, human and
//! `--json`, with the pipe closed before the first byte and after 20 bytes, several times each,
//! since whether the write meets the closed pipe depends on timing.

use assert_cmd::cargo::cargo_bin;
use ringflux_tests::golden::{commands, Mode};
use ringflux_tests::workspace_root;
use std::io::Read;
use std::process::{Command, Stdio};

const REPEATS: usize = 3;

/// Runs `args`, reads `keep` bytes of stdout, closes it, and returns (exit code, stderr).
fn run_closing_after(args: &[String], keep: usize) -> (Option<i32>, String) {
    let mut child = Command::new(cargo_bin("ringflux"))
        .current_dir(workspace_root())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ringflux starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut buf = vec![0_u8; keep];
    let _ = stdout.read_exact(&mut buf);
    drop(stdout);
    let out = child.wait_with_output().expect("ringflux ends");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_ends_quietly_when_its_reader_closes_the_pipe() {
    let mut failures = Vec::new();
    for cmd in commands() {
        for mode in [Mode::Human, Mode::Json] {
            for keep in [0, 20] {
                for _ in 0..REPEATS {
                    let (code, stderr) = run_closing_after(&cmd.args(mode), keep);
                    if code != Some(0) || stderr.contains("error") {
                        failures.push(format!(
                            "{} ({mode:?}, pipe closed after {keep} bytes): exit {code:?}, stderr {stderr:?}",
                            cmd.name
                        ));
                        break;
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
