//! What ringflux reads from Gaussian / ORCA output files (energies, thermochemistry, isotropic
//! shieldings per atom, geometry), file by file, like cclib's `ccget`.

use crate::error::InputError;
use crate::io::qc::{self, QcOutput};
use ringflux_core::geometry::{superposed_rmsd, Vec3};
use serde::Serialize;
use std::path::{Path, PathBuf};

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

/// Reads every file, in order.
pub fn read_all(paths: &[PathBuf]) -> Result<Report, InputError> {
    let mut files = Vec::new();
    for path in paths {
        let output = qc::read(path)?;
        files.push(FileReport {
            file: path.display().to_string(),
            natom: output.atoms.len(),
            output,
        });
    }
    Ok(Report { files })
}

/// Largest all-atom RMSD after optimal superposition (Å) at which the two files of a pair are
/// taken to hold the same geometry. The NMR job of a pair runs at the optimised geometry (read
/// from the checkpoint or the `.xyz` that `dft-inputs` names), so the two agree to the printed
/// precision (10⁻⁶ Å, or 10⁻⁵ Å through a 5-decimal `.xyz`); 0.01 Å leaves room for that and for
/// a re-orientation, and is ten times below the 0.125 Å at which two conformers of the ensemble
/// already count as duplicates (`chem::ensemble`), so a different conformer is never accepted.
pub const PAIR_RMSD_TOLERANCE_ANGSTROM: f64 = 0.01;

/// One conformer given as two outputs: thermochemistry from an opt/freq job, shieldings from an
/// NMR job at the same geometry.
#[derive(Debug, Clone)]
pub struct Pair {
    /// The optimisation/frequency output (energies, thermochemistry).
    pub optfreq: QcOutput,
    /// The NMR output (shieldings).
    pub nmr: QcOutput,
    /// All-atom RMSD of the two final geometries after optimal superposition, Å.
    pub rmsd_angstrom: f64,
}

/// Reads `optfreq` and `nmr` and checks that they hold the same molecule: the same elements in
/// the same order, the NMR file has shieldings, and the geometries agree within
/// [`PAIR_RMSD_TOLERANCE_ANGSTROM`] after superposition (Gaussian prints a rotated standard
/// orientation, so coordinates are not compared directly). Errors name both files.
pub fn read_pair(optfreq: &Path, nmr: &Path) -> Result<Pair, InputError> {
    let o = qc::read(optfreq)?;
    let n = qc::read(nmr)?;
    let both = format!("{} + {}", optfreq.display(), nmr.display());
    let elements = |q: &QcOutput| {
        q.atoms
            .iter()
            .map(|a| a.element.clone())
            .collect::<Vec<_>>()
    };
    let (eo, en) = (elements(&o), elements(&n));
    if eo != en {
        return Err(InputError::file(
            nmr,
            format!(
                "pair {both}: not the same molecule: {} has {} atoms ({}), {} has {} ({}); the two files of a pair must list the same atoms in the same order",
                optfreq.display(), eo.len(), eo.concat(), nmr.display(), en.len(), en.concat()
            ),
        ));
    }
    if !n.has_shieldings() {
        let hint = if o.has_shieldings() {
            " (the first file has them: write the pair as OPTFREQ+NMR)"
        } else {
            ""
        };
        return Err(InputError::file(
            nmr,
            format!("pair {both}: the NMR file has no shieldings{hint}"),
        ));
    }
    let xyz = |q: &QcOutput| -> Vec<Vec3<f64>> {
        q.atoms
            .iter()
            .map(|a| Vec3::new(a.xyz_angstrom[0], a.xyz_angstrom[1], a.xyz_angstrom[2]))
            .collect()
    };
    let rmsd = superposed_rmsd(&xyz(&o), &xyz(&n))
        .map_err(|e| InputError::file(nmr, format!("pair {both}: geometries: {e}")))?;
    if rmsd.is_nan() || rmsd > PAIR_RMSD_TOLERANCE_ANGSTROM {
        return Err(InputError::file(
            nmr,
            format!(
                "pair {both}: not the same geometry: RMSD {rmsd:.4} Å after superposition (tolerance {PAIR_RMSD_TOLERANCE_ANGSTROM} Å); the NMR job must run at the optimised geometry of {}",
                optfreq.display()
            ),
        ));
    }
    Ok(Pair {
        optfreq: o,
        nmr: n,
        rmsd_angstrom: rmsd,
    })
}

/// Output files of QC programs, by extension.
const OUTPUT_EXTENSIONS: [&str; 2] = ["out", "log"];

/// What a file is among the jobs `ringflux dft-inputs` names: `<stem>_<family>_optfreq.{out,log}`
/// or `<stem>_<family>_nmr.{out,log}`. Returns `(key = "<stem>_<family>", is_optfreq)`.
pub fn dft_job_role(p: &Path) -> Option<(String, bool)> {
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !OUTPUT_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    let stem = p.file_stem()?.to_string_lossy().into_owned();
    if let Some(k) = stem.strip_suffix("_optfreq") {
        Some((k.to_string(), true))
    } else {
        stem.strip_suffix("_nmr").map(|k| (k.to_string(), false))
    }
}

/// One `(optfreq, nmr)` pair of a folder, with its `<stem>_<family>` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobPair {
    /// `<stem>_<family>`.
    pub key: String,
    /// The opt/freq output.
    pub optfreq: PathBuf,
    /// The NMR output.
    pub nmr: PathBuf,
}

impl JobPair {
    /// The `<stem>` of the key (the molecule: text before the last `_`), and the `<family>`.
    pub fn stem_family(&self) -> (&str, &str) {
        self.key.rsplit_once('_').unwrap_or((self.key.as_str(), ""))
    }
}

/// The job outputs of a folder: the pairs, sorted by key, and the outputs without a partner.
#[derive(Debug, Clone, Default)]
pub struct JobScan {
    /// Complete pairs.
    pub pairs: Vec<JobPair>,
    /// `*_optfreq.*` or `*_nmr.*` outputs whose partner is missing, sorted by name.
    pub unpaired: Vec<PathBuf>,
}

/// Reads `dir` for the outputs of the jobs `ringflux dft-inputs` names (see [`dft_job_role`]);
/// two outputs of one job (`.out` and `.log`) are an error naming both.
pub fn scan_pairs(dir: &Path) -> Result<JobScan, InputError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| InputError::file(dir, format!("cannot read folder: {e}")))?;
    let mut optfreq = std::collections::BTreeMap::new();
    let mut nmr = std::collections::BTreeMap::new();
    for e in entries {
        let p = e
            .map_err(|e| InputError::file(dir, format!("cannot read folder: {e}")))?
            .path();
        let Some((key, is_optfreq)) = dft_job_role(&p) else {
            continue;
        };
        let slot = if is_optfreq { &mut optfreq } else { &mut nmr };
        if let Some(old) = slot.insert(key, p.clone()) {
            return Err(InputError::file(
                &p,
                format!("and {} are the same job: keep one", old.display()),
            ));
        }
    }
    let mut scan = JobScan::default();
    for (key, o) in optfreq {
        match nmr.remove(&key) {
            Some(n) => scan.pairs.push(JobPair {
                key,
                optfreq: o,
                nmr: n,
            }),
            None => scan.unpaired.push(o),
        }
    }
    scan.unpaired.extend(nmr.into_values());
    scan.unpaired.sort();
    Ok(scan)
}

/// The `(optfreq, nmr)` output pairs in `dir` named as `ringflux dft-inputs` names the jobs:
/// `<stem>_<family>_optfreq.{out,log}` with `<stem>_<family>_nmr.{out,log}`, sorted by name.
/// Input files (`.gjf`, `.inp`, `.xyz`, `.chk`) are ignored; an output without its partner is an
/// error naming it (a conformer left out would change the Boltzmann average silently).
pub fn find_pairs(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, InputError> {
    let scan = scan_pairs(dir)?;
    if let Some(u) = scan.unpaired.first() {
        let (key, is_optfreq) = dft_job_role(u).unwrap_or_default();
        let missing = if is_optfreq {
            format!("no NMR output {key}_nmr.out/.log")
        } else {
            format!("no opt/freq output {key}_optfreq.out/.log")
        };
        return Err(InputError::file(
            u,
            format!("{missing} beside it in {}", dir.display()),
        ));
    }
    if scan.pairs.is_empty() {
        return Err(InputError::file(
            dir,
            "no <stem>_<family>_optfreq.out/.log + <stem>_<family>_nmr.out/.log outputs (the jobs ringflux dft-inputs writes)",
        ));
    }
    Ok(scan.pairs.into_iter().map(|p| (p.optfreq, p.nmr)).collect())
}
