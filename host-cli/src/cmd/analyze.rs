//! `ringflux analyze FOLDER`: the main job. Every file in the folder is offered to the analysis
//! steps in order; each step claims the files it understands (by name) and reports on them.
//! Files no step claims are listed as `unused_files`, so nothing is silently skipped.
//!
//! | step | files | what |
//! |---|---|---|
//! | `boltzmann` | `*.energies.csv` (`name,energy…[,degeneracy]`) | populations at 298.15 K |
//! | `coalescence` | `*coalescence.csv` (`name,tc_k,dnu_hz[,j_hz][,pop_major][,tc_err_k][,dnu_err_hz]`) | ΔG‡ per row |
//! | `ratio` | `*ratio.csv` (`name,ratio,temp_k`) | K and ΔG° per row |
//! | `eyring_fit` | `*.rates.csv` (`temp_k,k_per_s[,k_err_per_s]`) | ΔH‡, ΔS‡ |
//! | `structures` | `*.sdf`, `*.sd`, `*.mol`, `*.xyz`, `*.pdb`, `*.ent` | with energies: conformer families and populations (`conformers`); without: ring pucker and amide (`pucker`) |
//! | `vt_fit` | `*.vt.csv` manifest (`file,temp_k[,va_hz,vb_hz,wa_hz,wb_hz,pop_a,j_hz,…]`) of spectra | k per spectrum (lineshape fit, linewidth fixed at `wa_hz`), ΔH‡, ΔS‡ |
//! | `validate` | `*.validate.json` (settings of `ringflux validate`) with its `*.exp-shifts.csv` and `*.shieldings.csv/json` | errors, scaling, DP4 / DP4+ |
//! | `facts` | `*.facts.json` (`{"bioactive_conformation": "TB", …}`) | facts stated for the SAR rules |
//!
//! Facts: after a step reports on a file, the [`fact_feeders`] registered for that step read its
//! JSON (or the file) and add what it implies to the [`Gathered`] facts: measured, stated
//! (`*.facts.json`) or, for a structure file, the facts of that molecule. When any fact was
//! gathered, `analyze` ends with the design suggestions of the default SAR rules: section
//! `suggestions`, one `ringflux suggest` report per molecule (with its `molecule` file, `null`
//! when the folder has no structure), precedence stated > structure > measured.

use crate::error::{core_message, CmdResult, Failure, InputError};
use crate::facts::{feed, FactSheet, Gathered};
use crate::output::Output;
use crate::table;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// Arguments of `ringflux analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder holding the input files (e.g. `examples/isovaleryl-diazepane`).
    pub folder: PathBuf,
}

/// One analysis of `analyze`: claims files by name and reports on each.
pub struct Step {
    /// JSON key of the step's section.
    pub key: &'static str,
    /// Human heading.
    pub title: &'static str,
    /// Whether the step handles this file.
    pub claims: fn(&Path) -> bool,
    /// Runs the step on one file: (JSON, human text).
    pub run: fn(&Path) -> CmdResult<(Value, String)>,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Step").field("key", &self.key).finish()
    }
}

/// Notes beside the data (README.md and the like) are not inputs.
fn is_documentation(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The steps, in the order data flows: parse → geometry → facts → rules → report.
pub fn steps() -> Vec<Step> {
    vec![
        Step {
            key: "structures",
            title: "Ring pucker, amide rotamers and conformer populations",
            claims: crate::structure::is_structure_file,
            run: run_structures,
        },
        Step {
            key: "boltzmann",
            title: "Boltzmann populations",
            claims: |p| name_of(p).ends_with(".energies.csv"),
            run: run_boltzmann,
        },
        Step {
            key: "coalescence",
            title: "Coalescence barriers",
            claims: |p| name_of(p).ends_with("coalescence.csv"),
            run: run_coalescence,
        },
        Step {
            key: "ratio",
            title: "Rotamer / conformer ratios",
            claims: |p| name_of(p).ends_with("ratio.csv"),
            run: run_ratio,
        },
        Step {
            key: "eyring_fit",
            title: "Eyring fits",
            claims: |p| name_of(p).ends_with(".rates.csv"),
            run: run_eyring_fit,
        },
        Step {
            key: "vt_fit",
            title: "VT lineshape series → Eyring",
            claims: |p| name_of(p).ends_with(".vt.csv"),
            run: run_vt_fit,
        },
        Step {
            key: "validate",
            title: "Computed vs experimental shifts (DP4 / DP4+)",
            claims: super::validate::analyze_claims,
            run: super::validate::analyze_file,
        },
        Step {
            key: "facts",
            title: "Stated facts",
            claims: |p| name_of(p).ends_with(".facts.json"),
            run: run_facts,
        },
    ]
}

/// A structure file: an ensemble when its first record carries an energy field, else pucker.
fn run_structures(path: &Path) -> CmdResult<(Value, String)> {
    use super::{conformers, pucker};
    let first = crate::structure::Records::open(path)?
        .next()
        .transpose()?
        .ok_or_else(|| InputError::file(path, "no structures in file"))?;
    let has_energy = first
        .data
        .iter()
        .any(|(k, _)| k.to_ascii_lowercase().contains("energy"));
    if has_energy {
        let e = crate::ensemble::read_ensemble(path, &crate::ensemble::Options::default())?;
        Ok((
            serde_json::to_value(&e).map_err(anyhow::Error::from)?,
            conformers::render(&e),
        ))
    } else {
        let r = pucker::compute(&pucker::Args {
            files: vec![path.to_path_buf()],
            ring: None,
            keep_going: false,
        })?;
        Ok((
            serde_json::to_value(&r).map_err(anyhow::Error::from)?,
            pucker::render(&r),
        ))
    }
}

/// A VT series: the natural linewidth is the manifest's `wa_hz` (measured at slow exchange) and
/// stays fixed, since a free width absorbs the exchange broadening near the limits.
fn run_vt_fit(path: &Path) -> CmdResult<(Value, String)> {
    use super::lineshape::{FitOptions, ModelArgs};
    use super::vt_fit as v;
    let options = FitOptions {
        fix_width: true,
        ..FitOptions::default()
    };
    let (r, _) = v::compute(path, &ModelArgs::default(), &options, 1.0)?;
    Ok((
        serde_json::to_value(&r).map_err(anyhow::Error::from)?,
        v::render(&r),
    ))
}

fn run_boltzmann(path: &Path) -> CmdResult<(Value, String)> {
    use super::boltzmann as b;
    let r = b::read(path, None)?.compute(298.15, path)?;
    Ok((
        serde_json::to_value(&r).map_err(anyhow::Error::from)?,
        b::render(&r),
    ))
}

/// Runs `each` on every row of a table whose rows are named measurements (`name` column), and
/// collects `[{name, ...report}]` and the human text `name: report`.
fn per_named_row<R: serde::Serialize>(
    path: &Path,
    columns: &[&str],
    optional: &[&str],
    each: impl Fn(&table::Row) -> Result<R, InputError>,
    render: fn(&R) -> String,
) -> CmdResult<(Value, String)> {
    let mut required = vec!["name"];
    required.extend_from_slice(columns);
    let rows = table::read(path, &required, optional)?;
    let mut out = Vec::new();
    let mut human = String::new();
    for row in &rows {
        let report = each(row)?;
        let name = row.text("name")?;
        human += &format!("{name}: {}", render(&report));
        let mut v = serde_json::to_value(&report).map_err(anyhow::Error::from)?;
        if let Value::Object(m) = &mut v {
            m.insert("name".into(), json!(name));
        }
        out.push(v);
    }
    Ok((Value::Array(out), human))
}

fn run_coalescence(path: &Path) -> CmdResult<(Value, String)> {
    use super::coalescence as c;
    let optional = ["j_hz", "pop_major", "tc_err_k", "dnu_err_hz"];
    let each = |row: &table::Row| {
        let args = c::Args {
            tc_k: row.num("tc_k")?,
            dnu_hz: Some(row.num("dnu_hz")?),
            dnu_ppm: None,
            mhz: None,
            j_hz: row.opt_num("j_hz")?,
            pop_major: row.opt_num("pop_major")?,
            tc_err_k: row.opt_num("tc_err_k")?,
            dnu_err_hz: row.opt_num("dnu_err_hz")?,
        };
        c::compute(&args).map_err(|e| row.error(c::field_of(e, &args), core_message(e)))
    };
    per_named_row(path, &["tc_k", "dnu_hz"], &optional, each, c::render)
}

fn run_ratio(path: &Path) -> CmdResult<(Value, String)> {
    use super::ratio as r;
    let each = |row: &table::Row| {
        let (a, b) = r::parse_ratio(row.text("ratio")?)
            .ok_or_else(|| row.error("ratio", "expected A:B with two numbers"))?;
        r::compute(a, b, row.num("temp_k")?).map_err(|e| row.core_error(e))
    };
    per_named_row(path, &["ratio", "temp_k"], &[], each, r::render)
}

fn run_eyring_fit(path: &Path) -> CmdResult<(Value, String)> {
    use super::eyring_fit as e;
    let points = e::read_points(path)?;
    let r = e::compute(&points, 1.0, path)?;
    Ok((
        serde_json::to_value(&r).map_err(anyhow::Error::from)?,
        e::render(&r),
    ))
}

/// Reads facts from the results of one step: (step key, reader of that step's JSON for a file).
pub type FactFeeder = (
    &'static str,
    fn(&Path, &Value, &mut Gathered) -> CmdResult<()>,
);

/// The fact feeders, by step key (a step may have several).
pub fn fact_feeders() -> Vec<FactFeeder> {
    vec![
        ("structures", |p, _, g| {
            let sheet = crate::structure_facts::molecule_sheet(p, 298.15)?;
            g.molecules.push((name_of(p), sheet));
            Ok(())
        }),
        ("boltzmann", |p, v, g| {
            feed::boltzmann(p, v, &mut g.measured)
        }),
        ("coalescence", |p, v, g| {
            feed::coalescence(p, v, &mut g.measured)
        }),
        ("ratio", |p, v, g| feed::ratio(p, v, &mut g.measured)),
        ("facts", |p, v, g| feed::stated(p, v, &mut g.stated)),
    ]
}

/// `*.facts.json`: an object of fact name → value; each is checked (name, type, range).
fn run_facts(path: &Path) -> CmdResult<(Value, String)> {
    let text = crate::limits::read_text(path)?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| InputError::at(path, e.line() as u64, e.to_string()))?;
    let obj = v
        .as_object()
        .ok_or_else(|| InputError::at(path, 1, "expected an object of fact name → value"))?;
    let line_of = |key: &str| {
        text.find(&format!("\"{key}\""))
            .map_or(1, |i| text[..i].matches('\n').count() as u64 + 1)
    };
    let mut sheet = FactSheet::default();
    let mut human = String::new();
    for (k, val) in obj {
        let fact = ringflux_rules::Fact::from_name(k)
            .ok_or_else(|| InputError::at(path, line_of(k), format!("unknown fact '{k}'")))?;
        let value = crate::facts::parse_json_value(fact, val)
            .map_err(|e| InputError::at(path, line_of(k), e))?;
        sheet.set(fact, value, &name_of(path))?;
        human += &format!("  {k} = {value}\n");
    }
    sheet.check()?;
    Ok((v, human))
}

/// Runs `ringflux analyze`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&a.folder)
        .map_err(|e| InputError::file(&a.folder, format!("cannot read folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !is_documentation(p))
        .collect();
    files.sort();
    let steps = steps();
    let mut report = Map::new();
    report.insert("folder".into(), json!(a.folder.display().to_string()));
    let mut human = format!("ringflux analyze {}\n", a.folder.display());
    let mut unused = Vec::new();
    let mut claimed = vec![false; files.len()];
    let feeders = fact_feeders();
    let mut gathered = Gathered::default();
    for step in &steps {
        let mine: Vec<(usize, &PathBuf)> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| (step.claims)(f))
            .collect();
        if mine.is_empty() {
            continue;
        }
        human += &format!("\n== {} ==\n", step.title);
        let mut section = Map::new();
        for (i, f) in mine {
            if let Some(c) = claimed.get_mut(i) {
                *c = true;
            }
            eprintln!("analyze: {} ← {}", step.key, name_of(f));
            let (v, h) = (step.run)(f)?;
            for (_, feed) in feeders.iter().filter(|(k, _)| *k == step.key) {
                feed(f, &v, &mut gathered)?;
            }
            section.insert(name_of(f), v);
            human += &format!("[{}]\n{h}", name_of(f));
        }
        report.insert(step.key.into(), Value::Object(section));
    }
    for (f, c) in files.iter().zip(&claimed) {
        if !c {
            unused.push(name_of(f));
        }
    }
    if claimed.iter().all(|c| !c) {
        return Err(Failure::Input(InputError::file(
            &a.folder,
            "no file in this folder is one ringflux analyzes (see `ringflux analyze --help`)",
        )));
    }
    if !gathered.is_empty() {
        let mut reports = Vec::new();
        for (molecule, sheet) in gathered.sheets()? {
            let r =
                super::suggest::compute(&ringflux_rules::DEFAULT, &sheet, sheet.atoms.as_ref())?;
            let title = molecule.as_deref().unwrap_or("the folder's facts");
            human += &format!(
                "\n== Design suggestions (SAR rules): {title} ==\n{}",
                super::suggest::render(&r)
            );
            let mut v = serde_json::to_value(&r).map_err(anyhow::Error::from)?;
            if let Value::Object(m) = &mut v {
                m.insert("molecule".into(), json!(molecule));
            }
            reports.push(v);
        }
        report.insert("suggestions".into(), Value::Array(reports));
    }
    if !unused.is_empty() {
        human += &format!("\n(not analysed: {})\n", unused.join(", "));
    }
    report.insert("unused_files".into(), json!(unused));
    Ok(Output {
        json: Value::Object(report),
        human,
        files: Vec::new(),
    })
}
