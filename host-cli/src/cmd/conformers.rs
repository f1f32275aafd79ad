//! `ringflux conformers FILE`: ring conformation and amide rotamer of every conformer of an
//! ensemble, duplicates removed, Boltzmann populations per conformer and per family
//! (conformation × rotamer: TC-E, TC-Z, TB-E, …), and the conformational entropy.
//!
//! The file is read once by [`crate::chem::ensemble::scan`], in memory that does not grow with it. With
//! `--json` or `--csv` each kept conformer's record is written to an unnamed temporary file as
//! it is kept, then copied to stdout with its population once the whole file has been read, so
//! an input error never leaves half a report on stdout. JSON: one object; its `conformers`
//! array comes last, one conformer per line. CSV: the columns known only at the end
//! (`relative_energy_kcal_per_mol`, `population`, `duplicates`) come last.

use crate::chem::ensemble::{self, Ensemble, Options};
use crate::error::{CmdResult, InputError};
use crate::report::conformers::render;
use crate::report::conformers::write_report;
use crate::report::conformers::Spill;
use crate::report::cp_map::{cp_map, nothing_to_map, MapSink};
use crate::report::figures::family_populations;
use crate::report::lineshape::title_of;
use crate::report::output::{sibling_svg, Files, Output};
use ringflux_core::constants::EnergyUnit;
use std::path::PathBuf;

/// Arguments of `ringflux conformers`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Ensemble file: .sdf/.sd/.mol or multi-frame .xyz (or .pdb models).
    pub file: PathBuf,
    /// Temperature, K.
    #[arg(long, default_value_t = 298.15, value_parser = super::positive)]
    pub temp_k: f64,
    /// Energy data field (SDF data item or XYZ comment key); default: the first field whose
    /// name contains "energy".
    #[arg(long)]
    pub energy_field: Option<String>,
    /// Unit of the energies (kcal/mol, kj/mol, hartree); default: from the field name, and
    /// hartree for a bare number in an XYZ comment line.
    #[arg(long, value_parser = crate::units::parse_unit)]
    pub unit: Option<EnergyUnit>,
    /// Keep duplicate conformers (default: remove them, CREST criteria).
    #[arg(long)]
    pub no_dedupe: bool,
    /// Ring to analyse: 1-based atom numbers in N1, C2, … order.
    #[arg(long, value_delimiter = ',')]
    pub ring: Option<Vec<usize>>,
    /// Skip bad records (reported) instead of stopping at the first one.
    #[arg(long)]
    pub keep_going: bool,
    /// Print one CSV row per conformer instead of the human report.
    #[arg(long)]
    pub csv: bool,
    /// Memory budget of the duplicate check, MiB: beyond it the oldest kept conformers are no
    /// longer compared with, and conformers that may have been duplicates of them are counted
    /// (`dedupe_incomplete`).
    #[arg(long, default_value_t = 64.0, value_parser = super::positive)]
    pub dedupe_memory_mib: f64,
    /// Write the Cremer–Pople map of the 7-rings (6-rings if there is no 7-ring) here (SVG; marker area ∝ population), and the
    /// family populations as bars beside it (`*-families.svg`).
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

impl Args {
    /// The ensemble options these arguments ask for.
    pub fn options(&self) -> Options {
        Options {
            temp_k: self.temp_k,
            energy_field: self.energy_field.clone(),
            energy_unit: self.unit,
            dedupe: !self.no_dedupe,
            ring: self.ring.clone(),
            keep_going: self.keep_going,
            keep_coordinates: false,
            progress: true,
            dedupe_memory_bytes: (self.dedupe_memory_mib * 1048576.0) as usize,
        }
    }
}

/// Runs `ringflux conformers`; `json` is the global flag (it excludes `--csv`).
pub fn run(a: &Args, json: bool) -> CmdResult<Output> {
    if a.csv && json {
        return Err(InputError::arg("--csv", "cannot be combined with --json").into());
    }
    if !(json || a.csv) {
        let (e, files) = scan(a, &mut ensemble::Discard)?;
        let out = Output::new(&e, render(&e))?;
        return Ok(out.with_files(files));
    }
    let mut spill = Spill::new(a.csv)?;
    let (e, files) = scan(a, &mut spill)?;
    let csv = a.csv;
    let out = Output::stream(move |out| write_report(&e, spill, csv, out));
    Ok(out.with_files(files))
}

/// Reads the ensemble into `sink`; with `--plot`, also draws the map and the family bars.
fn scan(a: &Args, sink: &mut impl ensemble::Sink) -> CmdResult<(Ensemble, Files)> {
    let Some(p) = &a.plot else {
        return Ok((ensemble::scan(&a.file, &a.options(), sink)?, Vec::new()));
    };
    let mut mapped = MapSink::new(sink);
    let e = ensemble::scan(&a.file, &a.options(), &mut mapped)?;
    let name = title_of(&a.file);
    let points = mapped.points(&e);
    if points.is_empty() {
        return Err(nothing_to_map().into());
    }
    let files = vec![
        (p.clone(), cp_map(&name, &points)?),
        (
            sibling_svg(p, "families"),
            family_populations(&[(&name, &e)])?,
        ),
    ];
    Ok((e, files))
}
