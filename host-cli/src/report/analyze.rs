//! Rendering of [`crate::analysis::analyze::Analysis`]: the JSON object of `ringflux analyze`
//! (`folder`, one object per step keyed by file name, `suggestions`, `unused_files`) and the
//! human report (one section per step, then the suggestions per molecule).

use crate::analysis::analyze::{Analysis, Finding, Named};
use crate::report::{
    boltzmann, coalescence, conformers, eyring_fit, pucker, ratio, shifts, suggest, vt,
};
use serde_json::{json, Map, Value};

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
    if let Some(suggestions) = &a.suggestions {
        let mut reports = Vec::new();
        for (molecule, r) in suggestions {
            let mut v = serde_json::to_value(r)?;
            if let Value::Object(m) = &mut v {
                m.insert("molecule".into(), json!(molecule));
            }
            reports.push(v);
        }
        report.insert("suggestions".into(), Value::Array(reports));
    }
    report.insert("unused_files".into(), json!(a.unused_files));
    Ok(Value::Object(report))
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
        Finding::Vt(r) => vt::render(r),
        Finding::Validate(r) => shifts::render(r),
        Finding::ValidateInput { input_of } => format!("  input of {input_of}\n"),
        Finding::Facts(s) => s
            .facts
            .iter()
            .map(|(k, v)| format!("  {k} = {v}\n"))
            .collect(),
    }
}

/// The human report.
pub fn render(a: &Analysis) -> String {
    let mut human = format!("ringflux analyze {}\n", a.folder.display());
    for section in &a.sections {
        human += &format!("\n== {} ==\n", section.title);
        for (file, finding) in &section.findings {
            human += &format!("[{file}]\n{}", render_finding(finding));
        }
    }
    for (molecule, r) in a.suggestions.iter().flatten() {
        let title = molecule.as_deref().unwrap_or("the folder's facts");
        human += &format!(
            "\n== Design suggestions (SAR rules): {title} ==\n{}",
            suggest::render(r)
        );
    }
    if !a.unused_files.is_empty() {
        human += &format!("\n(not analysed: {})\n", a.unused_files.join(", "));
    }
    human
}
