//! `ringflux rules check FILE.json` and `ringflux rules show [--format text|mermaid|json]`:
//! validate a rule file (diagnostics with file:line:column, exit 2 on errors) and draw a rule set
//! (the default one, or `--rules FILE`).
//!
//! Loading is the no_std path of `ringflux-rules` (serde-json-core, then `validate`); when step 1
//! fails, the text is read again with serde_json only to say where.

use crate::analysis::rules::check;
use crate::analysis::rules::load_file;
use crate::analysis::rules::read_text;
use crate::error::CmdResult;
use crate::report::output::Output;
use crate::report::rules::render_check;
use crate::report::rules::to_json;
use crate::report::rules::to_mermaid;
use crate::report::rules::to_text;
use ringflux_rules::DEFAULT;
use serde_json::json;
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
        stream: None,
    })
}

/// Runs `ringflux rules`.
pub fn run(a: &Args) -> CmdResult<Output> {
    match &a.action {
        Action::Check { file } => {
            let r = check(file)?;
            Ok(Output::new(&r, render_check(&r))?)
        }
        Action::Show { format, rules } => show(*format, rules.as_deref()),
    }
}
