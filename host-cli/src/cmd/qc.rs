//! `ringflux qc FILE...`: what ringflux reads from Gaussian / ORCA output files (energies,
//! thermochemistry, isotropic shieldings per atom, geometry), like cclib's `ccget`.

use crate::error::CmdResult;
use crate::output::Output;
use crate::qc::{self, QcOutput};
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `ringflux qc`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Gaussian (.log/.out) or ORCA (.out) output files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// One file as reported.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The path as given.
    pub file: String,
    /// Number of atoms.
    pub natom: usize,
    /// What was read.
    #[serde(flatten)]
    pub output: QcOutput,
}

/// JSON report of `ringflux qc`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// One entry per file, in argument order.
    pub files: Vec<FileReport>,
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "—".to_string(), |x| format!("{x:.digits$}"))
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    for f in &r.files {
        let o = &f.output;
        s += &format!("{}\n", f.file);
        s += &format!(
            "  program            {:?} ({})\n",
            o.program,
            o.version.as_deref().unwrap_or("version not stated")
        );
        s += &format!(
            "  method             {}\n",
            o.method.as_deref().unwrap_or("not stated")
        );
        s += &format!("  atoms              {}\n", f.natom);
        s += &format!("  SCF energy         {} Eh\n", opt(o.scf_energy_hartree, 9));
        for (label, v) in [
            ("final single point", o.final_single_point_energy_hartree),
            ("ONIOM extrapolated", o.oniom_extrapolated_energy_hartree),
            (
                "counterpoise corr.",
                o.counterpoise_corrected_energy_hartree,
            ),
        ] {
            if v.is_some() {
                s += &format!("  {label:<18} {} Eh\n", opt(v, 9));
            }
        }
        s += &format!(
            "  free energy G      {} Eh\n",
            opt(o.free_energy_hartree, 8)
        );
        s += &format!("  enthalpy H         {} Eh\n", opt(o.enthalpy_hartree, 8));
        s += &format!("  ZPVE               {} Eh\n", opt(o.zpve_hartree, 8));
        s += &format!("  temperature        {} K\n", opt(o.temperature_k, 2));
        if o.has_shieldings() {
            s += "  isotropic shielding (ppm):\n";
            for a in &o.atoms {
                if let Some(sig) = a.isotropic_shielding_ppm {
                    s += &format!("    {:>4} {:<2} {sig:>10.4}\n", a.index, a.element);
                }
            }
        }
    }
    s
}

/// Runs `ringflux qc`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let mut files = Vec::new();
    for path in &a.files {
        let output = qc::read(path)?;
        files.push(FileReport {
            file: path.display().to_string(),
            natom: output.atoms.len(),
            output,
        });
    }
    let r = Report { files };
    Ok(Output::new(&r, render(&r))?)
}
