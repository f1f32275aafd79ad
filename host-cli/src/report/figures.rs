//! The figures of an `analyze` folder ([`of_analysis`]), shown by `analyze --html`, and the
//! Boltzmann population bars ([`boltzmann_bars`]). The per-command figures live in
//! [`crate::report::cmd_figures`]; this module picks those that apply to each finding.

use crate::analysis::analyze::{Analysis, Finding};
use crate::analysis::boltzmann;
use crate::analysis::compare;
use crate::analysis::shifts::NUCLEI;
use crate::chem::ensemble::Ensemble;
use crate::io::shift_data::nucleus_name;
use crate::report::cmd_figures::{self, energy_pm};
use crate::report::compare::{family_label, short};
use crate::report::cp_map::{cp_map, CpPoint};
use crate::report::plot::{self, Axes};
use crate::report::shifts;

/// One figure of a report: the input file it shows, a caption and the SVG document.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Name of the input file (the key of its finding in `analyze --json`).
    pub file: String,
    /// Caption.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
}

/// Boltzmann populations (%) of an energy table as bars; relative energies (kJ/mol and
/// kcal/mol) and degeneracies in the legend. `name` names the compound or table.
pub fn boltzmann_bars(r: &boltzmann::Report, name: &str) -> anyhow::Result<Vec<u8>> {
    let names: Vec<String> = r.populations.iter().map(|p| p.name.clone()).collect();
    let values: Vec<f64> = r.populations.iter().map(|p| 100.0 * p.population).collect();
    let mut axes = Axes::new(
        &format!("Boltzmann populations: {name}"),
        "conformer / family",
        &format!("population at {:.2} K (%)", r.temp_k),
    );
    for p in &r.populations {
        let de = energy_pm(p.relative_energy_kj_per_mol, 0.0);
        let de = de.replace(" ± 0.00", "");
        axes = axes.note(&format!(
            "{}: ΔG = {de}, g = {}, p = {:.1} %",
            p.name,
            p.degeneracy,
            100.0 * p.population
        ));
    }
    plot::grouped_bars(&axes, &names, &[("population".into(), values)])
}

/// Family populations (conformation × amide rotamer, %) of several conformer ensembles as grouped
/// bars, one colour per ensemble (a parent and its analogues side by side). Families are in order
/// of first appearance; an ensemble without a family has no bar there.
pub fn family_populations(ensembles: &[(&str, &Ensemble)]) -> anyhow::Result<Vec<u8>> {
    let mut families: Vec<String> = Vec::new();
    for (_, e) in ensembles {
        for f in &e.families {
            if !families.contains(&f.family) {
                families.push(f.family.clone());
            }
        }
    }
    let groups: Vec<(String, Vec<f64>)> = ensembles
        .iter()
        .map(|(name, e)| {
            let values = families
                .iter()
                .map(|fam| {
                    e.families
                        .iter()
                        .find(|f| &f.family == fam)
                        .map_or(0.0, |f| 100.0 * f.population)
                })
                .collect();
            (name.to_string(), values)
        })
        .collect();
    let temps: Vec<f64> = ensembles.iter().map(|(_, e)| e.temp_k).collect();
    population_bars(
        "Conformer family populations",
        "family (ring conformation – amide rotamer)",
        &families,
        &groups,
        &temps,
    )
}

/// The `compare` figure: the population (%) of every conformation × O-syn rotamer family in the
/// parent and each analogue side by side (one colour per ensemble, parent first), as in the
/// `compare` table.
pub fn compare_families(r: &compare::Report) -> anyhow::Result<Vec<u8>> {
    let keys = compare::family_keys(&r.ensembles);
    // Compact tick labels: `TC C2` for TC with the O syn to C2 (the table's `TC O-syn-C2`).
    let labels: Vec<String> = keys
        .iter()
        .map(|k| family_label(k).replace("O-syn-", ""))
        .collect();
    let groups: Vec<(String, Vec<f64>)> = r
        .ensembles
        .iter()
        .map(|e| {
            let values = keys
                .iter()
                .map(|k| 100.0 * compare::population_of(e, k))
                .collect();
            (short(&e.file), values)
        })
        .collect();
    let parent = r
        .ensembles
        .first()
        .map_or(String::new(), |e| short(&e.file));
    population_bars(
        &format!("Family populations: {parent} and analogues"),
        "family (conformation, ring C syn to the amide O)",
        &labels,
        &groups,
        &[r.temp_k],
    )
}

/// Grouped population bars (%) with the temperature(s) on the y axis.
fn population_bars(
    title: &str,
    x_label: &str,
    families: &[String],
    groups: &[(String, Vec<f64>)],
    temps_k: &[f64],
) -> anyhow::Result<Vec<u8>> {
    let mut temps: Vec<String> = temps_k.iter().map(|t| format!("{t:.2}")).collect();
    temps.dedup();
    let axes = Axes::new(
        title,
        x_label,
        &format!("population at {} K (%)", temps.join("/")),
    );
    plot::grouped_bars(&axes, families, groups)
}

/// Adds a drawn figure; one that cannot be drawn (nothing to plot) is left out, the report's
/// tables still give every number.
fn push(out: &mut Vec<Figure>, file: &str, caption: String, svg: anyhow::Result<Vec<u8>>) {
    if let Some(svg) = svg.ok().and_then(|b| String::from_utf8(b).ok()) {
        out.push(Figure {
            file: file.into(),
            caption,
            svg,
        });
    }
}

/// Every figure that applies to an `analyze` folder, in section order: the family populations
/// of the conformer ensembles, the Cremer–Pople map of each ensemble's 7-rings, the Eyring plot of each rate table and VT series (one line per process of
/// an n-site series), the stacked spectra of each VT series with its fits (the global fit of an
/// n-site series), the Boltzmann populations of each energy table, and the calculated-vs-experimental
/// shift scatter of each validation, per nucleus.
pub fn of_analysis(a: &Analysis) -> Vec<Figure> {
    let mut out = Vec::new();
    for section in &a.sections {
        let ensembles: Vec<(&str, &Ensemble)> = section
            .findings
            .iter()
            .filter_map(|(file, f)| match f {
                Finding::Ensemble(e) if !e.families.is_empty() => Some((file.as_str(), &**e)),
                _ => None,
            })
            .collect();
        if !ensembles.is_empty() {
            push(
                &mut out,
                section.key,
                format!(
                    "Family populations of the conformer ensembles: {}",
                    ensembles.iter().map(|e| e.0).collect::<Vec<_>>().join(", ")
                ),
                family_populations(&ensembles),
            );
            for (file, e) in &ensembles {
                let points: Vec<CpPoint> = e
                    .conformers
                    .iter()
                    .filter_map(|c| CpPoint::of(&c.ring, Some(c.population)))
                    .collect();
                if !points.is_empty() {
                    push(
                        &mut out,
                        file,
                        format!(
                            "Cremer–Pople map of the conformers of {file} (marker area ∝ population)"
                        ),
                        cp_map(file, &points),
                    );
                }
            }
        }
        for (file, finding) in &section.findings {
            match finding {
                Finding::Vt(v) => {
                    let r = &v.report;
                    let undetermined = r.points.len() - r.eyring.points.len();
                    match &r.global {
                        Some(g) => push(
                            &mut out,
                            file,
                            format!(
                                "Eyring plot of the VT series {file} (global fit; points: \
                                 per-spectrum rates)"
                            ),
                            cmd_figures::eyring_global(&r.eyring, &g.first, file, undetermined),
                        ),
                        None => push(
                            &mut out,
                            file,
                            format!(
                                "Eyring plot of the VT series {file} (rates from lineshape fits)"
                            ),
                            cmd_figures::eyring(&r.eyring, r.kappa, file, undetermined),
                        ),
                    }
                    push(
                        &mut out,
                        file,
                        format!(
                            "VT series {file}: measured spectra (black), fits and residuals; \
                             undetermined spectra shown and labelled"
                        ),
                        cmd_figures::vt_series(r, &v.curves, None, file),
                    );
                }
                // An n-site series: the global fit is the result, one Eyring line per process.
                Finding::VtModel(g) => {
                    push(
                        &mut out,
                        file,
                        format!(
                            "Eyring plot of the VT series {file}: one line per process from the \
                             global fit of all spectra; points: rates of the spectra that \
                             determine a process alone"
                        ),
                        cmd_figures::eyring_processes(g, file),
                    );
                    push(
                        &mut out,
                        file,
                        format!(
                            "VT series {file}: measured spectra (black), the global n-site fit \
                             and its residual at each temperature"
                        ),
                        cmd_figures::vt_series_global(g, None, file),
                    );
                }
                // analyze fits rate tables with κ = 1 (analysis::analyze, the eyring_fit step).
                Finding::EyringFit(r) => push(
                    &mut out,
                    file,
                    format!("Eyring plot of the rates in {file}"),
                    cmd_figures::eyring(r, 1.0, file, 0),
                ),
                Finding::Boltzmann(r) => push(
                    &mut out,
                    file,
                    format!("Boltzmann populations of {file}"),
                    boltzmann_bars(r, file),
                ),
                Finding::Validate(r) => {
                    for n in NUCLEI {
                        let name = nucleus_name(n);
                        if r.candidates
                            .iter()
                            .any(|c| c.shifts.iter().any(|s| s.nucleus == name))
                        {
                            push(
                                &mut out,
                                file,
                                format!(
                                    "Calculated against experimental {} shifts, {file}",
                                    plot::nucleus_label(name)
                                ),
                                shifts::scatter(r, n),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}
