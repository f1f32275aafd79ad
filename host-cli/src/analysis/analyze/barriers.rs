//! Barriers of one compound, reconciled per process.
//!
//! Every measurement of a process (amide rotation, ring inversion; the process is named by a word
//! of the file name, else of a coalescence row's name: `amide`/`rotamer`, `ring`/`inversion`,
//! [`Process::of_name`]) gives one [`Barrier`]. One per
//! process is chosen by this precedence, best first:
//!
//! 1. a VT lineshape series (`vt_fit`), global fit (ΔH‡ and ΔS‡ from all spectra at once,
//!    `analysis::vt::series_global_fit`, as `vt-fit SERIES --global --fix-width`): its ΔG‡ at
//!    298.15 K with σ from the covariance;
//! 2. the same series' two-step result (each spectrum alone, then Eyring), listed, not chosen
//!    while the global fit stands;
//! 3. a rate-table Eyring fit (`eyring_fit`): ΔG‡ at 298.15 K;
//! 4. a coalescence with populations (Shanan-Atidi–Bar-Eli) or coupling (Kurland–Rubin–Wise):
//!    ΔG‡ at its T_c;
//! 5. a Gutowsky–Holm coalescence: ΔG‡ at its T_c.
//!
//! Within a rank the first file (in name order) and row wins. All are reported, the chosen one
//! marked; when two values of a process differ by more than 1 kcal/mol, a warning says so.
//!
//! ```
//! use ringflux_cli::analysis::analyze::barriers::{reconcile, Barrier, Method, Process};
//! let b = |method, kcal: f64| {
//!     Barrier::new(Process::AmideRotation, method, kcal * 4.184, None, 298.15, "x")
//! };
//! let mut all = vec![b(Method::GutowskyHolm, 16.4), b(Method::EyringFit, 17.1)];
//! let warnings = reconcile(&mut all);
//! assert!(all[1].chosen && !all[0].chosen);
//! assert!(warnings.is_empty()); // 0.7 kcal/mol apart
//! ```

use crate::analysis::analyze::Finding;
use crate::units::{j_from_kcal, j_from_kj, kcal, kj};
use serde::Serialize;

/// Reference temperature of a fitted ΔG‡, K.
pub const T_REF_K: f64 = 298.15;
/// Two barriers of one process further apart than this (kcal/mol) are warned about.
pub const DISAGREE_KCAL_PER_MOL: f64 = 1.0;

/// A conformational process with a barrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Process {
    /// Rotation about the amide C–N bond (E ⇌ Z rotamers).
    AmideRotation,
    /// Inversion of the ring (chair/twist-chair ⇌ boat/twist-boat families).
    RingInversion,
}

impl Process {
    /// The process a file or row name speaks of, if any: by its words (split at anything but a
    /// letter or digit), `amide…`/`rotamer…` for amide rotation, `ring`/`rings`/`inversion…` for
    /// ring inversion. When several occur, the last wins: in `COMPOUND.PROCESS.method.csv` the
    /// process word follows the compound's name, which may itself contain one.
    ///
    /// ```
    /// use ringflux_cli::analysis::analyze::barriers::Process;
    /// let of = Process::of_name;
    /// assert_eq!(of("x.ring.coalescence.csv"), Some(Process::RingInversion));
    /// assert_eq!(of("x.amide.vt.csv"), Some(Process::AmideRotation));
    /// assert_eq!(of("amide-x.ring.coalescence.csv"), Some(Process::RingInversion));
    /// assert_eq!(of("spring.rates.csv"), None); // a word, not a substring
    /// ```
    pub fn of_name(text: &str) -> Option<Process> {
        text.rsplit(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_ascii_lowercase)
            .find_map(|w| {
                if w.starts_with("amide") || w.starts_with("rotamer") {
                    Some(Process::AmideRotation)
                } else if w == "ring" || w == "rings" || w.starts_with("inversion") {
                    Some(Process::RingInversion)
                } else {
                    None
                }
            })
    }

    /// Words for the human report.
    pub fn words(self) -> &'static str {
        match self {
            Process::AmideRotation => "amide rotation",
            Process::RingInversion => "ring inversion",
        }
    }
}

/// How a barrier was obtained, in order of precedence (best first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Global Eyring fit of a VT lineshape series (all spectra at once).
    VtGlobal,
    /// Eyring fit of rates from a VT lineshape series (each spectrum fitted alone).
    VtLineshape,
    /// Eyring fit of a rate table.
    EyringFit,
    /// Coalescence with unequal populations (Shanan-Atidi–Bar-Eli).
    CoalescencePopulations,
    /// Coalescence of a coupled AB system (Kurland–Rubin–Wise).
    CoalescenceCoupling,
    /// Coalescence, equal populations, uncoupled (Gutowsky–Holm).
    GutowskyHolm,
}

impl Method {
    /// The precedence rank (0 = best); coupling and populations share one rank.
    pub fn rank(self) -> u8 {
        match self {
            Method::VtGlobal => 0,
            Method::VtLineshape => 1,
            Method::EyringFit => 2,
            Method::CoalescencePopulations | Method::CoalescenceCoupling => 3,
            Method::GutowskyHolm => 4,
        }
    }

    /// Words for the human report.
    pub fn words(self) -> &'static str {
        match self {
            Method::VtGlobal => "VT lineshape series, global Eyring fit",
            Method::VtLineshape => "VT lineshape series, per-spectrum fits then Eyring",
            Method::EyringFit => "rate table, Eyring fit",
            Method::CoalescencePopulations => "coalescence, unequal populations",
            Method::CoalescenceCoupling => "coalescence, coupled AB",
            Method::GutowskyHolm => "coalescence, Gutowsky–Holm",
        }
    }
}

/// One barrier measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Barrier {
    /// The process.
    pub process: Process,
    /// How it was obtained.
    pub method: Method,
    /// ΔG‡, kcal/mol.
    pub dg_kcal_per_mol: f64,
    /// ΔG‡, kJ/mol.
    pub dg_kj_per_mol: f64,
    /// Standard error of ΔG‡, kcal/mol, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_err_kcal_per_mol: Option<f64>,
    /// Standard error of ΔG‡, kJ/mol, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_err_kj_per_mol: Option<f64>,
    /// The temperature ΔG‡ is given at, K (298.15 for a fit, T_c for a coalescence).
    pub temp_k: f64,
    /// The file (and row) it came from.
    pub source: String,
    /// Whether this is the one used for the process.
    pub chosen: bool,
}

impl Barrier {
    /// A barrier from ΔG‡ in kJ/mol (and its σ), not yet chosen.
    pub fn new(
        process: Process,
        method: Method,
        dg_kj_per_mol: f64,
        dg_err_kj_per_mol: Option<f64>,
        temp_k: f64,
        source: &str,
    ) -> Barrier {
        Barrier {
            process,
            method,
            dg_kcal_per_mol: kcal(j_from_kj(dg_kj_per_mol)),
            dg_kj_per_mol,
            dg_err_kcal_per_mol: dg_err_kj_per_mol.map(|e| kcal(j_from_kj(e))),
            dg_err_kj_per_mol,
            temp_k,
            source: source.to_string(),
            chosen: false,
        }
    }
}

/// The barriers in one file's finding (empty when the file names no process).
pub fn of_finding(file: &str, finding: &Finding) -> Vec<Barrier> {
    let fit = |method, e: &crate::analysis::eyring_fit::Report| {
        Process::of_name(file)
            .map(|p| {
                Barrier::new(
                    p,
                    method,
                    e.dg_298_kj_per_mol,
                    Some(e.dg_298_err_kj_per_mol),
                    T_REF_K,
                    file,
                )
            })
            .into_iter()
            .collect()
    };
    match finding {
        Finding::Vt(v) => {
            let mut all: Vec<Barrier> = fit(Method::VtLineshape, &v.report.eyring);
            // The global fit of a two-site series has one process; it is the file's process.
            let global = v.report.global.as_ref().and_then(|g| {
                let p = Process::of_name(file)?;
                Some(Barrier::new(
                    p,
                    Method::VtGlobal,
                    g.first.dg_298_kj_per_mol,
                    Some(g.first.dg_298_err_kj_per_mol),
                    T_REF_K,
                    file,
                ))
            });
            all.splice(0..0, global);
            all
        }
        // An n-site series: each named process of the model is a barrier (global first, then
        // the two-step result of the same process).
        Finding::VtModel(g) => {
            let of = |method, list: &[crate::analysis::vt::ActivationOut]| {
                list.iter()
                    .filter_map(|a| {
                        Some(Barrier::new(
                            Process::of_name(&a.process)?,
                            method,
                            a.dg_298_kj_per_mol,
                            Some(a.dg_298_err_kj_per_mol),
                            T_REF_K,
                            &format!("{file} ({})", a.process),
                        ))
                    })
                    .collect::<Vec<_>>()
            };
            let mut all = of(Method::VtGlobal, &g.processes);
            all.extend(of(Method::VtLineshape, &g.two_step.processes));
            all
        }
        Finding::EyringFit(e) => fit(Method::EyringFit, e),
        Finding::Coalescence(rows) => rows
            .iter()
            .filter_map(|row| {
                // The file's process word first (`X.ring.coalescence.csv`), else the row's.
                let process = Process::of_name(file).or_else(|| Process::of_name(&row.name))?;
                let r = &row.report;
                let method = match r.result.method {
                    "shanan-atidi-bar-eli" => Method::CoalescencePopulations,
                    "kurland-rubin-wise" => Method::CoalescenceCoupling,
                    _ => Method::GutowskyHolm,
                };
                Some(Barrier::new(
                    process,
                    method,
                    r.result.dg_kj_per_mol,
                    r.result.dg_err_kj_per_mol,
                    r.tc_k,
                    &format!("{file} row '{}'", row.name),
                ))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Marks the chosen barrier of each process (best rank, then first) and returns the warnings
/// about values of one process more than [`DISAGREE_KCAL_PER_MOL`] apart.
pub fn reconcile(barriers: &mut [Barrier]) -> Vec<String> {
    let mut warnings = Vec::new();
    for process in [Process::AmideRotation, Process::RingInversion] {
        let of = |b: &&mut Barrier| b.process == process;
        let best = barriers
            .iter()
            .enumerate()
            .filter(|(_, b)| b.process == process)
            .min_by_key(|(i, b)| (b.method.rank(), *i))
            .map(|(i, _)| i);
        if let Some(b) = best.and_then(|i| barriers.get_mut(i)) {
            b.chosen = true;
        }
        let mine: Vec<&mut Barrier> = barriers.iter_mut().filter(of).collect();
        let lo = mine
            .iter()
            .min_by(|a, b| a.dg_kcal_per_mol.total_cmp(&b.dg_kcal_per_mol));
        let hi = mine
            .iter()
            .max_by(|a, b| a.dg_kcal_per_mol.total_cmp(&b.dg_kcal_per_mol));
        if let (Some(lo), Some(hi)) = (lo, hi) {
            let d = hi.dg_kcal_per_mol - lo.dg_kcal_per_mol;
            if d > DISAGREE_KCAL_PER_MOL {
                warnings.push(format!(
                    "{}: barriers differ by {d:.2} kcal/mol ({:.2} kJ/mol): {:.2} kcal/mol \
                     ({}, {}) vs {:.2} kcal/mol ({}, {})",
                    process.words(),
                    kj(j_from_kcal(d)),
                    hi.dg_kcal_per_mol,
                    hi.method.words(),
                    hi.source,
                    lo.dg_kcal_per_mol,
                    lo.method.words(),
                    lo.source
                ));
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(p: Process, m: Method, kcal: f64) -> Barrier {
        Barrier::new(p, m, kj(j_from_kcal(kcal)), None, T_REF_K, "f")
    }

    #[test]
    fn precedence_is_per_process_and_rank_then_order() {
        let mut all = vec![
            b(Process::AmideRotation, Method::GutowskyHolm, 16.0),
            b(Process::AmideRotation, Method::CoalescencePopulations, 16.2),
            b(Process::AmideRotation, Method::CoalescenceCoupling, 16.3),
            b(Process::RingInversion, Method::GutowskyHolm, 8.0),
        ];
        assert!(reconcile(&mut all).is_empty());
        let chosen: Vec<bool> = all.iter().map(|b| b.chosen).collect();
        assert_eq!(chosen, [false, true, false, true]);
        all.push(b(Process::AmideRotation, Method::VtLineshape, 17.5));
        all.iter_mut().for_each(|b| b.chosen = false);
        let w = reconcile(&mut all);
        assert!(all[4].chosen && !all[1].chosen);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("amide rotation: barriers differ by 1.50 kcal/mol (6.28 kJ/mol)"));
    }
}
