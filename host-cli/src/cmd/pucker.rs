//! `ringflux pucker FILE...`: Cremer–Pople coordinates, torsions, conformation and amide rotamer
//! of every ring (5–8 atoms) in every structure of the given files.
//!
//! Files are streamed and each structure's report is spooled ([`crate::report::spool`]) as it is made,
//! then copied to stdout once every file was read: memory does not grow with the number of
//! structures, and an input error leaves stdout empty. In the JSON the `structures` array holds
//! one structure per line.

use crate::analysis::pucker::for_each;
use crate::error::CmdResult;
use crate::report::cp_map::{cp_map, nothing_to_map, CpPoint};
use crate::report::lineshape::title_of;
use crate::report::output::Output;
use crate::report::pucker::render_structure;
use crate::report::pucker::write_report;
use crate::report::spool::Spool;
use std::path::PathBuf;

/// Arguments of `ringflux pucker`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Structure files: .xyz (multi-frame), .sdf/.sd/.mol (V2000/V3000), .pdb.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Analyse only this ring: 1-based atom numbers in file order (not PDB serials; the report
    /// prints both), in N1, C2, … order (e.g. 8,18,17,2,21,20,19).
    #[arg(long, value_delimiter = ',')]
    pub ring: Option<Vec<usize>>,
    /// Skip bad records (reported) instead of stopping at the first one.
    #[arg(long)]
    pub keep_going: bool,
    /// Write the Cremer–Pople map of the 7-rings (pseudorotation phase/θ, canonical C/TC/B/TB
    /// marked), or of the 6-rings when there is none (φ2/θ, C/E/H/B/TB), as SVG. The map points
    /// (a few numbers per ring) are kept in memory.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// Runs `ringflux pucker`; `json` is the global flag.
pub fn run(a: &Args, json: bool) -> CmdResult<Output> {
    let mut spool = Spool::new()?;
    let mut points = Vec::new();
    let skipped = for_each(&a.files, a.ring.as_deref(), a.keep_going, |st| {
        if a.plot.is_some() {
            points.extend(st.rings.iter().filter_map(|r| CpPoint::of(&r.ring, None)));
        }
        if json {
            // Compact JSON holds no raw line break: one structure per line.
            let mut line = serde_json::to_vec(&st)?;
            line.push(b'\n');
            spool.append(&line)?;
        } else {
            spool.append(render_structure(&st).as_bytes())?;
        }
        Ok(())
    })?;
    let out = Output::stream(move |out| write_report(spool, &skipped, json, out));
    Ok(match &a.plot {
        Some(_) if points.is_empty() => return Err(nothing_to_map().into()),
        Some(p) => {
            let names: Vec<String> = a.files.iter().map(|f| title_of(f)).collect();
            out.with_file(p.clone(), cp_map(&names.join(", "), &points)?)
        }
        None => out,
    })
}
