//! `ringflux rules check FILE.json` and `ringflux rules show [--format text|mermaid|json]`:
//! validate a rule file (diagnostics with file:line:column, exit 2 on errors) and draw a rule set
//! (the default one, or `--rules FILE`).
//!
//! Loading is the no_std path of `ringflux-rules` (serde-json-core, then `validate`); when step 1
//! fails, the text is read again with serde_json only to say where.

use crate::error::{CmdResult, Failure, InputError};
use crate::facts::stated_json;
use crate::output::Output;
use ringflux_rules::check::{Diagnostics, Severity};
use ringflux_rules::load::{self, RawRuleFile, RuleStore};
use ringflux_rules::locate::locate;
use ringflux_rules::{RuleSet, Target, Test, DEFAULT};
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Arguments of `ringflux rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do with rules.
    #[command(subcommand)]
    pub action: Action,
}

/// `rules` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Validate a rule file: diagnostics with file:line:column; exit 2 on errors.
    Check {
        /// The rule file (JSON, format 1; `ringflux rules show --format json` prints one).
        file: PathBuf,
    },
    /// Draw a rule set: the default one, or the one in --rules.
    Show {
        /// text (indented trees), mermaid (flowchart), json (the rule-file format).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Show this rule file instead of the default set.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}

/// Output format of `rules show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Indented trees.
    Text,
    /// A Mermaid flowchart.
    Mermaid,
    /// The rule-file JSON.
    Json,
}

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
    fn render(&self, file: &Path) -> String {
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
    crate::limits::read_text(file)
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

fn check(file: &Path) -> CmdResult<Output> {
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
    let mut human = format!(
        "{}: ok — '{}': {} trees, {} tests, {} rules, {} examples passed\n",
        report.file, report.name, report.trees, report.nodes, report.rules, report.examples
    );
    for w in &report.warnings {
        human += &format!("{}\n", w.render(file));
    }
    Ok(Output::new(&report, human)?)
}

/// The rule set as rule-file JSON (format 1); `rules check` accepts it unchanged.
pub fn to_json(set: &RuleSet<'_>) -> Value {
    let name = |t: Target| set.target_id(t).map_or(Value::Null, |s| json!(s));
    let nodes: Vec<Value> = set
        .nodes
        .iter()
        .map(|n| {
            let fact = n.test.fact().name();
            let test = match n.test {
                Test::Known(_) => json!({ "fact": fact, "known": true }),
                Test::Is(_, v) => json!({ "fact": fact, "is": v.to_string() }),
                Test::Below(_, t) => json!({ "fact": fact, "below": t }),
                Test::AtLeast(_, t) => json!({ "fact": fact, "at_least": t }),
                Test::Between(_, lo, hi) => json!({ "fact": fact, "between": [lo, hi] }),
            };
            json!({ "id": n.id, "test": test, "yes": name(n.yes), "no": name(n.no),
                    "unknown": match n.unknown {
                        u if u == n.no => Value::Null,
                        Target::End => json!("end"),
                        u => name(u),
                    } })
        })
        .collect();
    let rules: Vec<Value> = set
        .rules
        .iter()
        .zip(0u16..)
        .map(|(r, i)| {
            let examples: Vec<Value> = set
                .examples_of(i)
                .map(|e| json!({ "facts": stated_json(&e.facts), "fires": e.fires }))
                .collect();
            let positions: Vec<&str> = r.positions.iter().map(|p| p.name()).collect();
            json!({ "id": r.id, "title": r.title, "suggestion": r.suggestion,
                    "rationale": r.rationale, "reference": r.reference, "priority": r.priority,
                    "positions": positions, "next": name(r.next), "examples": examples })
        })
        .collect();
    let roots: Vec<Value> = set.roots.iter().map(|&t| name(t)).collect();
    json!({ "format": ringflux_rules::RULE_FORMAT_VERSION, "name": set.name, "roots": roots,
            "nodes": nodes, "rules": rules })
}

/// The rule set as indented trees; a node or rule already drawn in the same tree is referred
/// to by id (`↑ id`) instead of being drawn again.
pub fn to_text(set: &RuleSet<'_>) -> String {
    let mut s = format!(
        "Rule set '{}': {} trees (? test, ★ rule, ↑ drawn above)\n",
        set.name,
        set.roots.len()
    );
    for (k, &root) in set.roots.iter().enumerate() {
        let _ = writeln!(s, "\nTree {}", k + 1);
        let mut drawn = Vec::new();
        draw(set, root, "", 1, &mut drawn, &mut s);
    }
    s
}

/// Depth bound of the drawing (a validated set is acyclic; this only guards hand-made ones).
const MAX_DRAW_DEPTH: usize = 64;

fn draw(
    set: &RuleSet<'_>,
    t: Target,
    label: &str,
    depth: usize,
    drawn: &mut Vec<Target>,
    s: &mut String,
) {
    let pad = "  ".repeat(depth);
    if t != Target::End && (drawn.contains(&t) || depth > MAX_DRAW_DEPTH) {
        let _ = writeln!(s, "{pad}{label}↑ {}", set.target_id(t).unwrap_or("?"));
        return;
    }
    drawn.push(t);
    match t {
        Target::End => {
            let _ = writeln!(s, "{pad}{label}(end)");
        }
        Target::Node(i) => {
            let Some(n) = set.node(i) else { return };
            let _ = writeln!(s, "{pad}{label}? {} — {}", n.id, n.test);
            let mut branches = vec![("yes", n.yes), ("no", n.no)];
            if n.unknown == n.no {
                branches[1].0 = "no/unknown";
            } else if n.unknown == n.yes {
                branches[0].0 = "yes/unknown";
            } else {
                branches.push(("unknown", n.unknown));
            }
            for (l, next) in branches {
                draw(set, next, &format!("{l}: "), depth + 1, drawn, s);
            }
        }
        Target::Rule(i) => {
            let Some(r) = set.rule(i) else { return };
            let _ = writeln!(
                s,
                "{pad}{label}★ {} (priority {}): {}",
                r.id, r.priority, r.title
            );
            if r.next != Target::End {
                draw(set, r.next, "then: ", depth + 1, drawn, s);
            }
        }
    }
}

/// The rule set as a Mermaid flowchart.
pub fn to_mermaid(set: &RuleSet<'_>) -> String {
    let esc = |x: &str| x.replace('"', "#quot;");
    let id = |t: Target| match t {
        Target::Node(i) => format!("n{i}"),
        Target::Rule(i) => format!("r{i}"),
        Target::End => String::new(),
    };
    let mut s = String::from("flowchart TD\n");
    for (k, &root) in set.roots.iter().enumerate() {
        let _ = writeln!(s, "  t{k}([\"tree {}\"]) --> {}", k + 1, id(root));
    }
    for (n, i) in set.nodes.iter().zip(0u16..) {
        let me = id(Target::Node(i));
        let _ = writeln!(s, "  {me}{{\"{}<br/>{}\"}}", n.id, esc(&n.test.to_string()));
        let unknown_shared = n.unknown == n.yes || n.unknown == n.no;
        for (label, t) in [("yes", n.yes), ("no", n.no), ("unknown", n.unknown)] {
            if t == Target::End || (label == "unknown" && unknown_shared) {
                continue;
            }
            let label = match label {
                "yes" if n.unknown == n.yes && n.yes != n.no => "yes / unknown",
                "no" if n.unknown == n.no => "no / unknown",
                l => l,
            };
            let _ = writeln!(s, "  {me} -->|{label}| {}", id(t));
        }
    }
    for (r, i) in set.rules.iter().zip(0u16..) {
        let me = id(Target::Rule(i));
        let _ = writeln!(s, "  {me}[\"{}<br/>{}\"]", r.id, esc(r.title));
        if r.next != Target::End {
            let _ = writeln!(s, "  {me} -.->|then| {}", id(r.next));
        }
    }
    s
}

fn show(format: Format, rules: Option<&Path>) -> CmdResult<Output> {
    let text;
    let store;
    let set = match rules {
        Some(file) => {
            text = read_text(file)?;
            store = load_file(file, &text)?;
            store.as_set()
        }
        None => DEFAULT,
    };
    let json = to_json(&set);
    let human = match format {
        Format::Text => to_text(&set),
        Format::Mermaid => to_mermaid(&set),
        Format::Json => serde_json::to_string_pretty(&json).map_err(anyhow::Error::from)?,
    };
    let report = match format {
        Format::Json => json,
        Format::Text | Format::Mermaid => {
            json!({ "format": format!("{format:?}").to_lowercase(), "name": set.name, "drawing": human, "rules": json })
        }
    };
    Ok(Output {
        json: report,
        human,
        files: Vec::new(),
    })
}

/// Runs `ringflux rules`.
pub fn run(a: &Args) -> CmdResult<Output> {
    match &a.action {
        Action::Check { file } => check(file),
        Action::Show { format, rules } => show(*format, rules.as_deref()),
    }
}
