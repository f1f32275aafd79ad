//! Rendering of [`crate::analysis::analyze::Analysis`]: the JSON object of `ringflux analyze
//! --json` and the human report (one section per step, then one block per compound).
//!
//! # The `analyze --json` contract (issue 13; other front ends, e.g. the HTML report, read it)
//!
//! One JSON object. Keys marked *(planned)* are not emitted yet; a reader must treat a missing
//! key as "not known", never as an error. Keys are never renamed without a changelog entry.
//!
//! | key | type | meaning |
//! |---|---|---|
//! | `folder` | string | the folder as given |
//! | `<step>` (`structures`, `boltzmann`, `coalescence`, `ratio`, `eyring_fit`, `vt_fit`, `validate`, `facts`) | object: file name → that command's `--json` report | every file a step read, in full ; in `validate`, a `*.exp-shifts.csv` validated against the DFT job outputs beside it (no manifest) adds `dft_jobs: {pairs: [{candidate, family, optfreq_file, nmr_file}], unpaired_files, tms_file}`, and each such output is `{used_by: [exp files], partner, warnings}` |
//! | `compounds` | array, one per structure file in file-name order (one with `name: null` for a folder without structures) | see below |
//! | `unassigned_files` | array of file names | measurements no compound owns (no `<stem>.` prefix, two or more compounds); no compound uses them |
//! | `warnings` | array of strings | unassigned files, disagreeing barriers, implausible units, measured vs computed disagreements |
//! | `summary` | array of strings | the one-screen summary, line by line (the top of the human report) |
//! | `unused_files` | array of file names | files no step claims |
//! | `manifest` | string or null | the folder's manifest, `ringflux.json`, when it has one (read first: file assignment, parents, stated facts; `analysis::analyze::manifest`) |
//!
//! Each entry of `compounds` is a `ringflux suggest --json` report of that compound's facts plus:
//!
//! | key | type | meaning |
//! |---|---|---|
//! | `name` | string or null | the structure file's stem |
//! | `structure_file` | string or null | the structure file |
//! | `measurement_files` | array | the files it owns |
//! | `facts` | object | fact name → value as the rules saw them (`major_conformation`, `major_conformation_population`, `major_family`, `major_family_population`, `rotamer_ratio` only where the rotamers are distinct, …) |
//! | `fact_sources` | object | fact name → the file (and row) it came from |
//! | `suggestions` | array of `{rule_id, …}` | the default rules' advice, first = strongest |
//! | `barriers` | array of `{process, method, dg_kcal_per_mol, dg_kj_per_mol, temp_k, source, chosen}` (+ `dg_err_kcal_per_mol`, `dg_err_kj_per_mol` when known) | every barrier of the compound; `process` `amide_rotation` or `ring_inversion`; `method` `vt_global`, `vt_lineshape`, `eyring_fit`, `coalescence_populations`, `coalescence_coupling`, `gutowsky_holm`; one `chosen: true` per process, by the precedence of [`crate::analysis::analyze::barriers`]; a fit's ΔG‡ is at `temp_k` 298.15, a coalescence's at its T_c |
//! | `comparison` | null or `{parent, label, conformation_population_change: {C: …, TC: …}, family_population_change: {chair, boat}, rotamer_population_change, parent_conformation_populations, conformation_populations, delta_s_conf_j_per_mol_k, summary}` | against the parent compound (the largest compound whose heavy-atom graph it contains, same ring system; `analysis::analyze::analogues`); populations as fractions, changes analogue − parent, equal to `ringflux compare PARENT ANALOGUE` |
//! | `scenarios` | array of `{hypothesis: {bioactive_family, bioactive_rotamer}, suggestions: [{rule_id, …}]}` | the rules under each hypothesis the facts leave open (`chair`/`boat` × each distinct rotamer; `bioactive_rotamer` null when stated or not distinct); empty when the bioactive family is known |
//!
//! Energies carry their unit in the key (`dg_kcal_per_mol`, `dg_kj_per_mol`); an error is
//! `<quantity>_err_<unit>` in the unit of its value.

use crate::analysis::analyze::barriers::Barrier;
use crate::analysis::analyze::{Analysis, Finding, Named};
use crate::report::{
    boltzmann, coalescence, conformers, eyring_fit, pucker, ratio, shifts, suggest, vt,
};
use serde_json::{json, Map, Value};

/// The folder's warnings, then each compound's (measured vs computed disagreements).
fn warnings(a: &Analysis) -> Vec<String> {
    let of_compounds = a.compounds.iter().flat_map(|c| {
        let who = c.name.as_deref().unwrap_or("the folder").to_string();
        c.sheet.warnings.iter().map(move |w| format!("{who}: {w}"))
    });
    a.warnings.iter().cloned().chain(of_compounds).collect()
}

/// The JSON object.
pub fn to_json(a: &Analysis) -> serde_json::Result<Value> {
    let mut report = Map::new();
    report.insert("folder".into(), json!(a.folder.display().to_string()));
    for section in &a.sections {
        let mut files = Map::new();
        for (file, finding) in &section.findings {
            files.insert(file.clone(), serde_json::to_value(finding)?);
        }
        report.insert(section.key.into(), Value::Object(files));
    }
    let mut compounds = Vec::new();
    for c in &a.compounds {
        let mut v = serde_json::to_value(&c.suggest)?;
        if let Value::Object(m) = &mut v {
            m.insert("name".into(), json!(c.name));
            m.insert("structure_file".into(), json!(c.structure));
            m.insert("measurement_files".into(), json!(c.files));
            m.insert("barriers".into(), serde_json::to_value(&c.barriers)?);
            m.insert("comparison".into(), serde_json::to_value(&c.comparison)?);
            m.insert("scenarios".into(), serde_json::to_value(&c.scenarios)?);
        }
        compounds.push(v);
    }
    report.insert("compounds".into(), Value::Array(compounds));
    report.insert("unassigned_files".into(), json!(a.unassigned_files));
    report.insert("warnings".into(), json!(warnings(a)));
    report.insert("unused_files".into(), json!(a.unused_files));
    report.insert("manifest".into(), json!(a.manifest));
    let mut report = Value::Object(report);
    let lines = summary(&report);
    if let Value::Object(m) = &mut report {
        m.insert("summary".into(), json!(lines));
    }
    Ok(report)
}

/// kJ per kcal (thermochemical calorie, `ringflux_core::constants::CALORIE_J`).
const KJ_PER_KCAL: f64 = ringflux_core::constants::CALORIE_J;

/// The one-screen summary (issue 13), read from the JSON object so that both say the same: per
/// compound the dominant conformation and family, the rotamer ratio, the chosen barrier of each
/// process in kcal/mol and kJ/mol with its method, the comparison with the parent, and the first
/// suggestion, or, while the bioactive conformation is open, the first suggestion under each
/// hypothesis; then how many warnings follow.
pub fn summary(report: &Value) -> Vec<String> {
    let pct = |v: &Value| v.as_f64().map(|x| format!("{:.1} %", 100.0 * x));
    let words = |v: &Value| v.as_str().unwrap_or("?").replace('_', " ");
    let mut lines = Vec::new();
    for c in report["compounds"].as_array().into_iter().flatten() {
        let f = &c["facts"];
        let mut head = format!("{}:", c["name"].as_str().unwrap_or("the folder"));
        if let (Some(conf), Some(p)) = (
            f["major_conformation"].as_str(),
            pct(&f["major_conformation_population"]),
        ) {
            head += &format!(" {conf} {p}");
        }
        if let (Some(fam), Some(p)) = (
            f["major_family"].as_str(),
            pct(&f["major_family_population"]),
        ) {
            head += &format!(" ({fam} family {p})");
        }
        lines.push(head);
        if let (Some(rot), Some(r)) = (f["major_rotamer"].as_str(), f["rotamer_ratio"].as_f64()) {
            let dg = f["dg0_rotamer_kcal_per_mol"]
                .as_f64()
                .map(|d| format!(", ΔG° {d:.2} kcal/mol = {:.2} kJ/mol", d * KJ_PER_KCAL))
                .unwrap_or_default();
            lines.push(format!("  rotamers: {rot} major, {r:.2} : 1{dg}"));
        }
        for b in c["barriers"].as_array().into_iter().flatten() {
            if b["chosen"].as_bool() == Some(true) {
                let others = c["barriers"].as_array().map_or(0, |a| {
                    a.iter().filter(|x| x["process"] == b["process"]).count() - 1
                });
                let more = match others {
                    0 => String::new(),
                    n => format!("; {n} more in the details"),
                };
                lines.push(format!(
                    "  {}: ΔG‡ {:.2} kcal/mol = {:.2} kJ/mol at {:.2} K ({}{more})",
                    words(&b["process"]),
                    b["dg_kcal_per_mol"].as_f64().unwrap_or(f64::NAN),
                    b["dg_kj_per_mol"].as_f64().unwrap_or(f64::NAN),
                    b["temp_k"].as_f64().unwrap_or(f64::NAN),
                    words(&b["method"]),
                ));
            }
        }
        if let Some(s) = c["comparison"]["summary"].as_str() {
            lines.push(format!("  {s}"));
        }
        let first = |list: &Value| {
            list.as_array()
                .and_then(|a| a.first())
                .and_then(|s| s["rule_id"].as_str())
                .unwrap_or("no suggestion")
                .to_string()
        };
        let scenarios = c["scenarios"].as_array().cloned().unwrap_or_default();
        if scenarios.is_empty() {
            lines.push(format!("  suggestion: {}", first(&c["suggestions"])));
        } else {
            for family in ["chair", "boat"] {
                let cases: Vec<String> = scenarios
                    .iter()
                    .filter(|s| s["hypothesis"]["bioactive_family"] == family)
                    .map(|s| match s["hypothesis"]["bioactive_rotamer"].as_str() {
                        Some(r) => format!("{r} → {}", first(&s["suggestions"])),
                        None => first(&s["suggestions"]),
                    })
                    .collect();
                if !cases.is_empty() {
                    lines.push(format!(
                        "  if the {family} is bioactive: {}",
                        cases.join("; ")
                    ));
                }
            }
        }
    }
    // Shift validation: the most probable candidate of each DP4 (and DP4+) run.
    for (file, r) in report["validate"].as_object().into_iter().flatten() {
        let names: Vec<&str> = r["candidates"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["name"].as_str())
            .collect();
        // DP4: `combined`; DP4+: the `full` term (scaled and unscaled, all nuclei).
        let dp4plus_full = r["dp4plus"]["probabilities"]
            .as_array()
            .and_then(|terms| terms.iter().find(|t| t["term"] == "full"))
            .map(|t| t["probabilities"].clone());
        for (key, probabilities) in [
            ("dp4", Some(r["dp4"]["combined"].clone())),
            ("dp4plus", dp4plus_full),
        ] {
            let probabilities = probabilities.unwrap_or(Value::Null);
            let best = probabilities
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_f64)
                .zip(&names)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((p, name)) = best {
                let label = if key == "dp4" { "DP4" } else { "DP4+" };
                lines.push(format!(
                    "{file}: {label} favours {name} ({:.2} %)",
                    100.0 * p
                ));
            }
        }
    }
    let n = report["warnings"].as_array().map_or(0, Vec::len);
    if n > 0 {
        lines.push(format!("{n} warning(s) at the end of the report"));
    }
    lines
}

/// `name: report` for each named row.
fn named<R>(rows: &[Named<R>], render: fn(&R) -> String) -> String {
    rows.iter()
        .map(|r| format!("{}: {}", r.name, render(&r.report)))
        .collect()
}

/// The human text of one finding.
pub fn render_finding(f: &Finding) -> String {
    match f {
        Finding::Ensemble(e) => conformers::render(e),
        Finding::Pucker(r) => pucker::render(r),
        Finding::Boltzmann(r) => boltzmann::render(r),
        Finding::Coalescence(rows) => named(rows, coalescence::render),
        Finding::Ratio(rows) => named(rows, ratio::render),
        Finding::EyringFit(r) => eyring_fit::render(r),
        Finding::Vt(r) => vt::render(&r.report),
        Finding::VtModel(g) => vt::render_global(g),
        Finding::Validate(r) => shifts::render(r),
        Finding::InputOf { input_of, role } => match role {
            Some(r) => format!("  input of {input_of}: {r}\n"),
            None => format!("  input of {input_of}\n"),
        },
        Finding::DftOutput(n) => shifts::render_dft_output(n),
        Finding::Facts(s) => s
            .facts
            .iter()
            .map(|(k, v)| format!("  {k} = {v}\n"))
            .collect(),
    }
}

/// One line per barrier: ΔG‡ in kcal/mol and kJ/mol (each error in its value's unit), the
/// temperature, the method and the source; the chosen one per process starred.
pub fn render_barriers(barriers: &[Barrier]) -> String {
    barriers
        .iter()
        .map(|b| {
            let err = |e: Option<f64>| e.map_or(String::new(), |e| format!(" ± {e:.3}"));
            format!(
                "  {} {:<15} ΔG‡ = {:.2}{} kcal/mol = {:.2}{} kJ/mol at {:.2} K  {} [{}]\n",
                if b.chosen { "*" } else { " " },
                b.process.words(),
                b.dg_kcal_per_mol,
                err(b.dg_err_kcal_per_mol),
                b.dg_kj_per_mol,
                err(b.dg_err_kj_per_mol),
                b.temp_k,
                b.method.words(),
                b.source
            )
        })
        .chain(std::iter::once(
            "  (* = used: VT global fit > VT per-spectrum fits > rate-table Eyring fit > coalescence with populations or \
             coupling > Gutowsky–Holm)\n"
                .to_string(),
        ))
        .collect()
}

/// The human report: the summary first (the JSON's `summary`), then the details. Without
/// `verbose` each conformer ensemble is one line (its header); with it, every conformer.
pub fn render(a: &Analysis, json: &Value, verbose: bool) -> String {
    let mut human = format!("ringflux analyze {}\n\n== Summary ==\n", a.folder.display());
    for line in json["summary"].as_array().into_iter().flatten() {
        human += &format!("{}\n", line.as_str().unwrap_or_default());
    }
    for section in &a.sections {
        human += &format!("\n== {} ==\n", section.title);
        for (file, finding) in &section.findings {
            let text = render_finding(finding);
            let text = match finding {
                Finding::Ensemble(_) if !verbose => {
                    text.lines().next().unwrap_or_default().to_string() + "\n"
                }
                _ => text,
            };
            human += &format!("[{file}]\n{text}");
        }
    }
    if !verbose
        && a.sections.iter().any(|s| {
            s.findings
                .iter()
                .any(|(_, f)| matches!(f, Finding::Ensemble(_)))
        })
    {
        human += "(per-conformer lists: --verbose)\n";
    }
    for c in &a.compounds {
        let title = c.name.as_deref().unwrap_or("the folder's facts");
        if !c.barriers.is_empty() {
            human += &format!(
                "\n== Barriers: {title} ==\n{}",
                render_barriers(&c.barriers)
            );
        }
        human += &format!(
            "\n== Design suggestions (SAR rules): {title} ==\n{}",
            suggest::render(&c.suggest)
        );
    }
    if let Some(m) = &a.manifest {
        human += &format!("\n(manifest read: {m})\n");
    }
    if !a.unassigned_files.is_empty() {
        human += &format!(
            "\n(unassigned, used by no compound: {})\n",
            a.unassigned_files.join(", ")
        );
    }
    for w in warnings(a) {
        human += &format!("warning: {w}\n");
    }
    if !a.unused_files.is_empty() {
        human += &format!("\n(not analysed: {})\n", a.unused_files.join(", "));
    }
    human
}
