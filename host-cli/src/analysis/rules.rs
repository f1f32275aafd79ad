//! `ringflux rules check FILE.json` and `ringflux rules show [--format text|mermaid|json]`:
//! validate a rule file (diagnostics with file:line:column, exit 2 on errors) and draw a rule set
//! (the default one, or `--rules FILE`).
//!
//! Loading is the no_std path of `ringflux-rules` (serde-json-core, then `validate`); when step 1
//! fails, the text is read again with serde_json only to say where.

use crate::error::{CmdResult, Failure, InputError};
use ringflux_rules::check::{Diagnostics, Severity};
use ringflux_rules::load::{self, RawRuleFile, RuleStore};
use ringflux_rules::locate::locate;
use serde::Serialize;
use std::path::Path;

/// One diagnostic with its place in the file.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    /// Stable kebab-case code.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// Line (1-based), when known.
    pub line: Option<u32>,
    /// Column (1-based, characters), when known.
    pub column: Option<u32>,
    /// JSON path.
    pub path: String,
    /// Message.
    pub message: String,
}

impl Located {
    fn place(&self, file: &Path) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", file.display()),
            _ => file.display().to_string(),
        }
    }
    /// `file:line:column: error[code]: message`, as `rules check` prints it.
    pub fn render(&self, file: &Path) -> String {
        format!(
            "{}: {}[{}]: {}",
            self.place(file),
            self.severity,
            self.code,
            self.message
        )
    }
}

/// Reads a rule file's text.
pub fn read_text(file: &Path) -> Result<String, InputError> {
    crate::io::limits::read_text(file)
}

/// Step 1 failed: where, according to serde_json (which tracks positions).
fn syntax_error(text: &str, e: &load::ParseError) -> Located {
    let (line, column, message) = match serde_json::from_str::<RawRuleFile<'_>>(text) {
        Err(j) => (
            u32::try_from(j.line()).ok(),
            u32::try_from(j.column()).ok(),
            j.to_string(),
        ),
        // serde_json reads what serde-json-core could not: report the latter's reason.
        Ok(_) => (None, None, e.to_string()),
    };
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    Located {
        code: "syntax",
        severity: "error",
        line,
        column,
        path: String::new(),
        message: format!("not a rule file: {message}"),
    }
}

/// Loads and validates a rule file: the store (borrowing `text`) and any warnings, or every
/// diagnostic.
pub fn load<'a>(text: &'a str) -> Result<(RuleStore<'a>, Vec<Located>), Vec<Located>> {
    let raw = load::parse(text).map_err(|e| vec![syntax_error(text, &e)])?;
    let mut diags: Diagnostics<64> = Diagnostics::new();
    let store = raw.validate(&mut diags);
    let mut located: Vec<Located> = diags
        .items
        .iter()
        .map(|d| {
            let loc = locate(text, &d.place);
            Located {
                code: d.code.name(),
                severity: match d.severity() {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                line: loc.map(|l| l.line),
                column: loc.map(|l| l.column),
                path: d.place.to_string(),
                message: d.to_string(),
            }
        })
        .collect();
    if diags.dropped > 0 {
        located.push(Located {
            code: "capacity",
            severity: "error",
            line: None,
            column: None,
            path: String::new(),
            message: format!("… and {} more diagnostics", diags.dropped),
        });
    }
    match store {
        Some(s) => Ok((s, located)),
        None => Err(located),
    }
}

/// The diagnostics as one input error (exit 2): first line `file:line:col: error[code]: …`,
/// every further diagnostic on its own `error: …` line.
pub fn failure(file: &Path, diags: &[Located]) -> Failure {
    let first = diags.first();
    let place = first.map_or(file.display().to_string(), |d| d.place(file));
    let mut what = first.map_or(String::new(), |d| {
        format!("{}[{}]: {}", d.severity, d.code, d.message)
    });
    for d in diags.iter().skip(1) {
        what += &format!("\nerror: {}", d.render(file));
    }
    Failure::Input(InputError { place, what })
}

/// Loads a rule file for use, or fails with its diagnostics.
pub fn load_file<'a>(file: &Path, text: &'a str) -> CmdResult<RuleStore<'a>> {
    match load(text) {
        Ok((store, _warnings)) => Ok(store),
        Err(diags) => Err(failure(file, &diags)),
    }
}

/// JSON report of `rules check`.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    /// The file checked.
    pub file: String,
    /// Name of the set.
    pub name: String,
    /// Trees, test nodes, rules, examples.
    pub trees: usize,
    /// Test nodes.
    pub nodes: usize,
    /// Rules.
    pub rules: usize,
    /// Examples run (all passed).
    pub examples: usize,
    /// Warnings (errors exit 2 instead).
    pub warnings: Vec<Located>,
}

/// Loads and checks a rule file: structure, references and every example.
pub fn check(file: &Path) -> CmdResult<CheckReport> {
    let text = read_text(file)?;
    let (store, warnings) = load(&text).map_err(|d| failure(file, &d))?;
    let set = store.as_set();
    let report = CheckReport {
        file: file.display().to_string(),
        name: set.name.to_string(),
        trees: set.roots.len(),
        nodes: set.nodes.len(),
        rules: set.rules.len(),
        examples: set.examples.len(),
        warnings,
    };
    Ok(report)
}
