//! Shared helpers of the ringflux cross-crate tests: locating `../shared/`, reading its TSV and
//! JSON references, and comparing numbers with named tolerances.

use std::path::{Path, PathBuf};

/// The workspace root (parent of this `tests/` package).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A file under `../shared/` (the shared references beside the workspace).
pub fn shared(rel: &str) -> PathBuf {
    workspace_root().join("..").join("shared").join(rel)
}

/// A file under the workspace's `examples/`.
pub fn example(rel: &str) -> PathBuf {
    workspace_root().join("examples").join(rel)
}

/// Reads a tab-separated table with a header into rows of (column → text).
pub fn read_tsv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let header: Vec<String> = lines
        .next()
        .unwrap_or_else(|| panic!("{} is empty", path.display()))
        .split('\t')
        .map(|s| s.trim().to_string())
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split('\t').map(|s| s.trim().to_string()))
                .collect()
        })
        .collect()
}

/// The (x, y) columns of a two-column CSV text with a header line (`hz,intensity` as
/// `lineshape simulate` and the example spectra write it).
pub fn xy_csv(text: &str) -> (Vec<f64>, Vec<f64>) {
    text.lines()
        .skip(1)
        .map(|l| {
            let (a, b) = l.split_once(',').expect("two columns");
            (a.parse::<f64>().expect("x"), b.parse::<f64>().expect("y"))
        })
        .unzip()
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", path.display()))
}

/// A number from a JSON value that is either a number or a decimal string.
pub fn num(v: &serde_json::Value) -> f64 {
    match v {
        serde_json::Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        serde_json::Value::String(s) => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
        other => panic!("not a number: {other}"),
    }
}

/// A number from a TSV row.
pub fn col(row: &std::collections::HashMap<String, String>, name: &str) -> f64 {
    row.get(name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .parse()
        .unwrap_or_else(|_| panic!("column {name} is not a number"))
}

/// |a − b| ≤ atol + rtol·|b|.
pub fn isclose(a: f64, b: f64, rtol: f64, atol: f64) -> bool {
    (a - b).abs() <= atol + rtol * b.abs()
}

/// Asserts [`isclose`] with a message naming what is compared.
#[track_caller]
pub fn assert_close(what: &str, got: f64, want: f64, rtol: f64, atol: f64) {
    assert!(
        isclose(got, want, rtol, atol),
        "{what}: got {got:.15e}, want {want:.15e} (|Δ| = {:.3e}, rtol {rtol:e}, atol {atol:e})",
        (got - want).abs()
    );
}

/// The `rule_id`s of a `ringflux suggest` JSON report, in rank order.
pub fn rule_ids(report: &serde_json::Value) -> Vec<String> {
    report["suggestions"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["rule_id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The entry of `compounds` named `name` in an `analyze --json` report (panics when missing).
pub fn analyze_compound<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["compounds"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no compound {name} in the analyze report"))
}

/// Running the `ringflux` binary (built by `cargo test --workspace`) and checking the CLI
/// contract: `--json` prints one JSON object and exits 0; an input error exits 2 with
/// `error: …` on stderr and nothing on stdout.
/// SVG figure checks.
/// Runs `f` on a thread with a 16 MiB stack and returns its result (a panic inside is re-raised).
/// The rule loader keeps its fixed-capacity rule file and store on the stack (firmware style):
/// unoptimised it needs about 3 MiB, more than a test thread's default 2 MiB; the `ringflux`
/// binary runs it on the 8 MiB main thread.
pub fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    match std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(f)
        .expect("thread spawns")
        .join()
    {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

pub mod svg;

pub mod cli {
    pub use assert_cmd::Command;
    use serde_json::Value;

    /// The `ringflux` binary, ready for arguments.
    pub fn ringflux() -> Command {
        Command::cargo_bin("ringflux").expect("the ringflux binary is built")
    }

    /// Runs `ringflux ARGS`: exit code (-1 for a signal), stdout, stderr.
    pub fn run(args: &[&str]) -> (i32, String, String) {
        let out = ringflux().args(args).output().expect("ringflux runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs `ringflux --json ARGS`, which must succeed with one JSON object on stdout.
    pub fn json(args: &[&str]) -> Value {
        let out = ringflux()
            .arg("--json")
            .args(args)
            .output()
            .expect("ringflux runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON value");
        assert!(v.is_object(), "{args:?}: not an object: {v}");
        v
    }

    /// Runs `ringflux ARGS`, which must fail as an input error; returns stderr.
    pub fn fails(args: &[&str]) -> String {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?} should fail with 2: {err}");
        assert!(
            out.is_empty(),
            "{args:?}: nothing on stdout on failure: {out}"
        );
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        err
    }
}

/// The golden commands of `tests/golden/commands.tsv` (issue 12), shared by the golden-output and
/// closed-pipe tests.
pub mod golden {
    use std::path::PathBuf;

    /// Human report or `--json`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Mode {
        /// The human report.
        Human,
        /// `--json`.
        Json,
    }

    /// One golden command: its name and the arguments after `ringflux`.
    #[derive(Debug, Clone)]
    pub struct Golden {
        /// File stem of its golden outputs.
        pub name: String,
        args: Vec<String>,
    }

    impl Golden {
        /// The arguments for `mode`.
        pub fn args(&self, mode: Mode) -> Vec<String> {
            let mut a = self.args.clone();
            if mode == Mode::Json {
                a.push("--json".into());
            }
            a
        }

        /// The golden output file for `mode`.
        pub fn golden(&self, mode: Mode) -> PathBuf {
            let ext = match mode {
                Mode::Human => "txt",
                Mode::Json => "json",
            };
            dir().join(format!("{}.{ext}", self.name))
        }
    }

    fn dir() -> PathBuf {
        super::workspace_root().join("tests").join("golden")
    }

    /// Every command of `commands.tsv`.
    pub fn commands() -> Vec<Golden> {
        let path = dir().join("commands.tsv");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (name, args) = l
                    .split_once('\t')
                    .unwrap_or_else(|| panic!("{}: no tab in {l:?}", path.display()));
                Golden {
                    name: name.to_string(),
                    args: args.split_whitespace().map(str::to_string).collect(),
                }
            })
            .collect()
    }
}
