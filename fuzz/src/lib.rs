//! Helpers shared by the fuzz targets: feeding bytes to readers through a real file (the readers
//! take paths, exactly as the CLI calls them) and the invariants every reader must keep.
//!
//! Invariants checked here (a violation panics, which libFuzzer reports as a finding):
//! * an error from a file reader names that file (its place starts with the path);
//! * a successful command's JSON holds no `null` where a number belongs (serde_json writes NaN
//!   and ±inf as `null`, which would silently lose a value) and no non-finite number.

use ringflux_cli::error::{Failure, InputError};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Writes `bytes` to a file called `name` in this process's scratch folder and calls `f` on it.
///
/// libFuzzer runs one input at a time per process, so one folder per process is enough; the
/// folder lives in the system temp dir and is reused for every input.
pub fn with_file<R>(name: &str, bytes: &[u8], f: impl FnOnce(&Path) -> R) -> R {
    let dir = scratch_dir();
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("fuzz scratch file must be writable");
    f(&path)
}

/// This process's scratch folder (created on first use).
pub fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ringflux-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("fuzz scratch folder must be creatable");
    dir
}

/// Panics unless the error's place names `path` (an error from a file reader must say which file).
pub fn assert_names_file(e: &InputError, path: &Path) {
    let p = path.display().to_string();
    assert!(
        e.place.starts_with(&p),
        "error does not name the file {p}: {e}"
    );
}

/// As [`assert_names_file`] for a command failure; a failure that is not an input error (exit 1)
/// is itself a finding, since reading a file must only ever fail as bad input.
pub fn assert_input_error_names_file(f: &Failure, path: &Path) {
    match f {
        Failure::Input(e) => assert_names_file(e, path),
        Failure::Other(e) => panic!("reading {} failed as an internal error: {e:#}", path.display()),
    }
}

/// Panics if the JSON holds `null` (a NaN or ±inf that serde_json turned into null) anywhere.
pub fn assert_json_has_no_null(v: &Value) {
    match v {
        Value::Null => panic!("null in JSON output (a NaN or infinite value was serialised)"),
        Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "bad number {n}"),
        Value::Array(a) => a.iter().for_each(assert_json_has_no_null),
        Value::Object(m) => m.values().for_each(assert_json_has_no_null),
        Value::Bool(_) | Value::String(_) => {}
    }
}

/// |a − b| ≤ atol + rtol·|b|.
pub fn close(a: f64, b: f64, rtol: f64, atol: f64) -> bool {
    (a - b).abs() <= atol + rtol * b.abs()
}

/// Runs the `analyze` step with JSON key `key` on `path` and renders its finding as JSON and
/// human text; panics if no such step exists.
pub fn run_analyze_step(
    key: &str,
    path: &Path,
) -> ringflux_cli::error::CmdResult<(Value, String)> {
    let steps = ringflux_cli::analysis::analyze::steps();
    let step = steps
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no analyze step '{key}'"));
    assert!((step.claims)(path), "step {key} does not claim {}", path.display());
    let finding = (step.run)(path)?;
    let json = serde_json::to_value(&finding)
        .map_err(|e| ringflux_cli::error::Failure::Other(e.into()))?;
    Ok((json, ringflux_cli::report::analyze::render_finding(&finding)))
}

/// The common body of a reader target: writes `data` to a file called `name`, runs `read` on it,
/// and checks the two universal invariants — an error names the file; a success's JSON holds no
/// null or non-finite number. Returns the JSON of a success for target-specific checks.
pub fn check_reader(
    name: &str,
    data: &[u8],
    read: impl FnOnce(&Path) -> ringflux_cli::error::CmdResult<Value>,
) -> Option<Value> {
    with_file(name, data, |path| match read(path) {
        Ok(v) => {
            assert_json_has_no_null(&v);
            Some(v)
        }
        Err(f) => {
            assert_input_error_names_file(&f, path);
            None
        }
    })
}

/// Serialises a report into JSON as the CLI would (an error here is a finding).
pub fn to_json(r: &impl serde::Serialize) -> Value {
    serde_json::to_value(r).expect("reports serialise")
}

/// The common body of the structure-reader targets (XYZ, SDF/MOL, PDB): reads every record of
/// `data` as `format`, in memory, and checks what any structure reader must keep:
/// * it ends: at most one item per line of input, plus the final "no structures" error;
/// * records are numbered 1, 2, 3… across good and bad ones (a bad record is skipped, not lost);
/// * an error names the file and a line inside it;
/// * a structure has atoms with finite coordinates, and its bonds join two different atoms of it.
///
/// Returns the good records for format-specific checks (round trips).
pub fn check_structures(
    format: ringflux_cli::io::structure::Format,
    name: &str,
    data: &[u8],
) -> Vec<ringflux_cli::io::structure::Molecule> {
    use ringflux_cli::io::structure::Records;
    let path = Path::new(name);
    let lines = data.split(|&b| b == b'\n').count() as u64;
    let records = Records::from_reader(path, format, Box::new(std::io::Cursor::new(data.to_vec())));
    let mut good = Vec::new();
    for (i, item) in records.enumerate() {
        assert!(i as u64 <= lines + 1, "more items than lines: the reader does not advance");
        match item {
            Ok(m) => {
                assert_eq!(m.index, i + 1, "record numbering skipped or repeated");
                assert!(m.line >= 1 && m.line <= lines, "record line {} of {lines}", m.line);
                assert!(!m.atoms.is_empty(), "structure {} without atoms", m.index);
                for a in &m.atoms {
                    assert!(a.pos.iter().all(|x| x.is_finite()), "non-finite coordinate");
                }
                for b in m.bonds.iter().flatten() {
                    assert!(b.a < m.atoms.len() && b.b < m.atoms.len(), "bond to a missing atom");
                    assert!(b.a != b.b, "bond from an atom to itself");
                }
                good.push(m);
            }
            Err(e) => {
                assert_names_file(&e, path);
                if let Some(line) = e.place.rsplit(':').next().and_then(|l| l.parse::<u64>().ok()) {
                    assert!(line <= lines + 1, "error at line {line} of a {lines}-line input: {e}");
                }
            }
        }
    }
    good
}

