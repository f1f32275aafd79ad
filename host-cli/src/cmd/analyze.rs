//! `ringflux analyze FOLDER`: the main job. Every file in the folder is offered to the analysis
//! steps of [`crate::analysis::analyze`], which says which files each step reads; files no step
//! claims are listed as `unused_files`, so nothing is silently skipped. Progress goes to stderr.

use crate::analysis::analyze::{analyze, name_of};
use crate::error::CmdResult;
use crate::report::analyze::{render, to_json};
use crate::report::html;
use crate::report::output::Output;
use std::path::PathBuf;

/// Arguments of `ringflux analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder holding the input files (e.g. `examples/isovaleryl-diazepane`).
    pub folder: PathBuf,
    /// Also write a one-file HTML report (inline SVG figures and CSS, no script) to this path.
    #[arg(long, value_name = "FILE.html")]
    pub html: Option<PathBuf>,
    /// Show every conformer of each ensemble in the human report (default: one line each).
    #[arg(long)]
    pub verbose: bool,
}

/// Runs `ringflux analyze`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let analysis = analyze(&a.folder, |step, file| {
        eprintln!("analyze: {step} ← {}", name_of(file));
    })?;
    let json = to_json(&analysis).map_err(anyhow::Error::from)?;
    let files = match &a.html {
        Some(p) => vec![(p.clone(), html::report(&analysis, &json).into_bytes())],
        None => Vec::new(),
    };
    let human = render(&analysis, &json, a.verbose);
    Ok(Output {
        json,
        human,
        files,
        stream: None,
    })
}
