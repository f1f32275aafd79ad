//! The folder model of `ringflux analyze FOLDER`: every file in the folder is offered to the
//! analysis steps in order; each step claims the files it understands (by name) and computes a
//! [`Finding`] for each. Files no step claims are listed as unused, so nothing is silently
//! skipped. Rendering is [`crate::report::analyze`]'s job.
//!
//! | step | files | what |
//! |---|---|---|
//! | `boltzmann` | `*.energies.csv` (`name,energy…[,degeneracy]`) | populations at 298.15 K |
//! | `coalescence` | `*coalescence.csv` (`name,tc_k,dnu_hz[,j_hz][,pop_major][,tc_err_k][,dnu_err_hz]`) | ΔG‡ per row |
//! | `ratio` | `*ratio.csv` (`name,ratio,temp_k`) | K and ΔG° per row |
//! | `eyring_fit` | `*.rates.csv` (`temp_k,k_per_s[,k_err_per_s]`) | ΔH‡, ΔS‡ |
//! | `structures` | `*.sdf`, `*.sd`, `*.mol`, `*.xyz`, `*.pdb`, `*.ent` | with energies: conformer families and populations (`conformers`); without: ring pucker and amide (`pucker`) |
//! | `vt_fit` | `*.vt.csv` manifest (`file,temp_k[,va_hz,vb_hz,wa_hz,wb_hz,pop_a,j_hz,…]`) of spectra | k per spectrum (lineshape fit, linewidth fixed at `wa_hz`), ΔH‡, ΔS‡; the global fit of all spectra (`global`, the barrier used). With `NAME.model.json` beside `NAME.vt.csv` (an n-site model file, `vt-fit --model-file`): only the global fit on that model, one barrier per named process (`"process": "amide"`/`"ring"` of its exchanges), the two-step result in `two_step`; the model file is listed as the manifest's input (`input_of`, `role`) |
//! | `validate` | `*.validate.json` (settings of `ringflux validate`) with its `*.exp-shifts.csv` and `*.shieldings.csv/json`; or, without a manifest, `<stem>_<family>_optfreq.*` + `<stem>_<family>_nmr.*` outputs (as `dft-inputs` names the jobs) with a `*.exp-shifts.csv` and `tms.{out,log,csv,json}` | errors, scaling, DP4 / DP4+ |
//! | `facts` | `*.facts.json` (`{"bioactive_conformation": "TB", …}`) | facts stated for the SAR rules |
//!
//! Compounds ([`compounds`]): one per structure file, named by its stem; a measurement file is a
//! compound's when its name starts with `<stem>.` (with a single compound, every measurement is
//! its own); a measurement no compound owns is listed in `unassigned_files` with a warning and
//! feeds no compound's facts.
//!
//! Manifest ([`manifest`]): an optional `ringflux.json` in the folder assigns files to compounds
//! explicitly, names (or removes) parents and states facts per compound; it is read first and
//! listed as `manifest`, not among the unused files.
//!
//! Facts: after a step reports on a file, the fact feeders registered for that step read its
//! JSON (or the file) and add what it implies to the owning compound's [`Gathered`] facts:
//! measured, stated (`*.facts.json`) or, for a structure file, the facts of that molecule. When
//! any fact was gathered, the analysis ends with the design suggestions of the default SAR rules,
//! one `ringflux suggest` report per compound (one for the folder when it has no structure),
//! precedence stated > structure > measured.

pub mod analogues;
pub mod barriers;
pub mod compounds;
pub mod manifest;
pub mod scenarios;

use crate::analysis::facts::{feed, FactSheet, Gathered};
use crate::analysis::lineshape::{FitOptions, Fitted, ModelSpec};
use crate::analysis::{boltzmann, coalescence, eyring_fit, pucker, ratio, shifts, suggest, vt};
use crate::chem::ensemble::{self, Ensemble};
use crate::error::{core_message, CmdResult, Failure, InputError};
use crate::io::table;
use ringflux_core::protocol::CoalescenceParams;
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A VT series as `analyze` found it: the `vt-fit` report (its JSON, unchanged) and the fitted
/// curves of the determined spectra, kept for the report's stacked-spectra figure.
#[derive(Debug, Serialize)]
pub struct VtFinding {
    /// The report, as `vt-fit --json` gives it.
    #[serde(flatten)]
    pub report: vt::Report,
    /// (T in K, fit) of each determined spectrum, in temperature order.
    #[serde(skip)]
    pub curves: Vec<(f64, Fitted)>,
}

/// What one step found in one file.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Finding {
    /// A conformer ensemble (a structure file with energies).
    Ensemble(Box<Ensemble>),
    /// Ring pucker of every structure (a structure file without energies).
    Pucker(pucker::Report),
    /// Boltzmann populations of an energy table.
    Boltzmann(boltzmann::Report),
    /// One barrier per named coalescence measurement.
    Coalescence(Vec<Named<coalescence::Report>>),
    /// One equilibrium per named ratio.
    Ratio(Vec<Named<ratio::Report>>),
    /// An Eyring fit of a rate table.
    EyringFit(eyring_fit::Report),
    /// A VT lineshape series and its Eyring fit.
    Vt(Box<VtFinding>),
    /// An n-site VT series (a `NAME.model.json` beside `NAME.vt.csv`): its global fit, one
    /// ΔH‡/ΔS‡ per named process, with the two-step result inside.
    VtModel(Box<vt::GlobalReport>),
    /// A shift validation.
    Validate(Box<shifts::Report>),
    /// An input of another file's analysis: a shift table of a validation manifest, the n-site
    /// model file of a VT series.
    InputOf {
        /// The file whose analysis uses this one (a manifest).
        input_of: String,
        /// What it is used as, when the name does not say (the model file of a VT series).
        #[serde(skip_serializing_if = "Option::is_none")]
        role: Option<&'static str>,
    },
    /// A DFT job output (or TMS file) that no manifest names: the experimental list whose
    /// validation uses it, or why it is not used.
    DftOutput(shifts::DftOutputNote),
    /// Facts stated in a `*.facts.json`.
    Facts(Stated),
}

impl Finding {
    /// The warnings a finding carries for the folder's list (implausible energies).
    pub fn warnings(&self) -> &[String] {
        match self {
            Finding::Ensemble(e) => &e.warnings,
            Finding::Boltzmann(r) => &r.warnings,
            Finding::DftOutput(n) => &n.warnings,
            _ => &[],
        }
    }
}

/// The facts of a `*.facts.json`: in JSON, the file's object as read.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Stated {
    /// The file's object.
    pub json: Value,
    /// Each fact with its checked value, in file order.
    #[serde(skip)]
    pub facts: Vec<(String, ringflux_rules::Value)>,
}

/// A report on one named row of a measurement table (the row's `name` comes last in JSON).
#[derive(Debug, Clone, Serialize)]
pub struct Named<R> {
    /// The report.
    #[serde(flatten)]
    pub report: R,
    /// The row's `name`.
    pub name: String,
}

/// One analysis step: claims files by name and reports on each.
pub struct Step {
    /// JSON key of the step's section.
    pub key: &'static str,
    /// Human heading.
    pub title: &'static str,
    /// Whether the step handles this file.
    pub claims: fn(&Path) -> bool,
    /// Runs the step on one file.
    pub run: fn(&Path) -> CmdResult<Finding>,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Step").field("key", &self.key).finish()
    }
}

/// The findings of one step, per file (file name, finding), in file-name order.
#[derive(Debug)]
pub struct Section {
    /// JSON key of the step.
    pub key: &'static str,
    /// Human heading.
    pub title: &'static str,
    /// (file name, finding).
    pub findings: Vec<(String, Finding)>,
}

/// What `analyze` says about one compound (or, in a folder without structures, the folder).
#[derive(Debug)]
pub struct CompoundReport {
    /// The structure file's stem (`None`: the folder's facts, no structure).
    pub name: Option<String>,
    /// The structure file.
    pub structure: Option<String>,
    /// The measurement files it owns.
    pub files: Vec<String>,
    /// Every barrier measured for it, the chosen one per process marked ([`barriers`]).
    pub barriers: Vec<barriers::Barrier>,
    /// Against its parent compound, when it is an analogue of one ([`analogues`]).
    pub comparison: Option<analogues::Comparison>,
    /// The rules under each open hypothesis on the bioactive conformation ([`scenarios`]).
    pub scenarios: Vec<scenarios::Scenario>,
    /// Its facts as the rules saw them (sources included).
    pub sheet: FactSheet,
    /// The default SAR rules on those facts.
    pub suggest: suggest::Report,
}

/// Everything `analyze` found in a folder.
#[derive(Debug)]
pub struct Analysis {
    /// The folder as given.
    pub folder: PathBuf,
    /// One section per step that claimed a file, in step order.
    pub sections: Vec<Section>,
    /// One report per compound (structure file), in file-name order; a folder without structures
    /// but with facts has one report named `None`; empty when no fact was gathered.
    pub compounds: Vec<CompoundReport>,
    /// Measurement files no compound owns (only with two or more compounds).
    pub unassigned_files: Vec<String>,
    /// Warnings for the reader (unassigned files, disagreements, implausible units).
    pub warnings: Vec<String>,
    /// Files no step claimed.
    pub unused_files: Vec<String>,
    /// The manifest read (`ringflux.json`), if the folder has one.
    pub manifest: Option<String>,
}

/// Notes beside the data (README.md and the like) are not inputs.
fn is_documentation(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// The file name of `p`, for reports.
pub fn name_of(p: &Path) -> String {
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
            claims: crate::io::structure::is_structure_file,
            run: run_structures,
        },
        Step {
            key: "boltzmann",
            title: "Boltzmann populations",
            claims: |p| name_of(p).ends_with(".energies.csv"),
            run: |p| {
                Ok(Finding::Boltzmann(
                    boltzmann::read(p, None)?.compute(298.15, p)?,
                ))
            },
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
            run: |p| {
                let points = eyring_fit::read_points(p)?;
                Ok(Finding::EyringFit(eyring_fit::compute(&points, 1.0, p)?))
            },
        },
        Step {
            key: "vt_fit",
            title: "VT lineshape series → Eyring",
            claims: |p| {
                name_of(p).ends_with(".vt.csv")
                    || vt::manifest_of_model_file(p).is_some_and(|m| m.is_file())
            },
            run: run_vt_fit,
        },
        Step {
            key: "validate",
            title: "Computed vs experimental shifts (DP4 / DP4+)",
            claims: shifts::analyze_claims,
            run: run_validate,
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
fn run_structures(path: &Path) -> CmdResult<Finding> {
    let first = crate::io::structure::Records::open(path)?
        .next()
        .transpose()?
        .ok_or_else(|| InputError::file(path, "no structures in file"))?;
    let has_energy = first
        .data
        .iter()
        .any(|(k, _)| k.to_ascii_lowercase().contains("energy"));
    if has_energy {
        let e = ensemble::read_ensemble(path, &ensemble::Options::default())?;
        Ok(Finding::Ensemble(Box::new(e)))
    } else {
        let files = [path.to_path_buf()];
        Ok(Finding::Pucker(pucker::compute(&files, None, false)?))
    }
}

/// A VT series: the natural linewidth is the manifest's `wa_hz` (measured at slow exchange) and
/// stays fixed, since a free width absorbs the exchange broadening near the limits.
///
/// With a model file beside the manifest (`NAME.vt.csv` → `NAME.model.json`,
/// [`vt::model_file_of`]) the series is fitted globally on that n-site model (as `vt-fit SERIES
/// --global --fix-width --model-file NAME.model.json`), and each named process of the model
/// gives a barrier.
///
/// The model file itself (claimed when its manifest is beside it) is reported as an input of
/// that manifest.
fn run_vt_fit(path: &Path) -> CmdResult<Finding> {
    if let Some(manifest) = vt::manifest_of_model_file(path) {
        return Ok(Finding::InputOf {
            input_of: name_of(&manifest),
            role: Some("n-site exchange model of its global fit"),
        });
    }
    let options = FitOptions {
        fix_width: true,
        ..FitOptions::default()
    };
    if let Some(model_file) = vt::model_file_of(path).filter(|m| m.is_file()) {
        let settings = vt::GlobalSettings {
            model_file: Some(model_file),
            options,
            ..vt::GlobalSettings::default()
        };
        return Ok(Finding::VtModel(Box::new(vt::series_global_fit(
            path, &settings,
        )?)));
    }
    let (mut report, curves) = vt::compute(path, &ModelSpec::default(), &options, 1.0)?;
    // The global fit of the same series (as `vt-fit SERIES --global --fix-width`); its ΔG‡ is
    // the series' barrier (barriers.rs), the two-step result stays beside it.
    let settings = vt::GlobalSettings {
        options,
        ..vt::GlobalSettings::default()
    };
    match vt::series_global_fit(path, &settings) {
        Ok(g) => report.global = Some(Box::new(g)),
        Err(e) => report.global_error = Some(e.to_string()),
    }
    Ok(Finding::Vt(Box::new(VtFinding { report, curves })))
}

fn run_validate(path: &Path) -> CmdResult<Finding> {
    Ok(match shifts::analyze_file(path)? {
        shifts::AnalyzeFile::Validation(r) => Finding::Validate(r),
        shifts::AnalyzeFile::InputOf(m) => Finding::InputOf {
            input_of: m,
            role: None,
        },
        shifts::AnalyzeFile::DftOutput(n) => Finding::DftOutput(n),
    })
}

/// Runs `each` on every row of a table whose rows are named measurements (`name` column).
fn per_named_row<R>(
    path: &Path,
    columns: &[&str],
    optional: &[&str],
    each: impl Fn(&table::Row) -> Result<R, InputError>,
) -> Result<Vec<Named<R>>, InputError> {
    let mut required = vec!["name"];
    required.extend_from_slice(columns);
    let rows = table::read(path, &required, optional)?;
    rows.iter()
        .map(|row| {
            Ok(Named {
                report: each(row)?,
                name: row.text("name")?.to_string(),
            })
        })
        .collect()
}

fn run_coalescence(path: &Path) -> CmdResult<Finding> {
    let optional = ["j_hz", "pop_major", "tc_err_k", "dnu_err_hz"];
    let each = |row: &table::Row| {
        let p = CoalescenceParams {
            tc_k: row.num("tc_k")?,
            dnu_hz: row.num("dnu_hz")?,
            j_hz: row.opt_num("j_hz")?,
            pop_major: row.opt_num("pop_major")?,
            tc_err_k: row.opt_num("tc_err_k")?,
            dnu_err_hz: row.opt_num("dnu_err_hz")?,
        };
        coalescence::compute(&p)
            .map_err(|e| row.error(coalescence::field_of(e, &p), core_message(e)))
    };
    Ok(Finding::Coalescence(per_named_row(
        path,
        &["tc_k", "dnu_hz"],
        &optional,
        each,
    )?))
}

fn run_ratio(path: &Path) -> CmdResult<Finding> {
    let each = |row: &table::Row| {
        let (a, b) = ratio::parse_ratio(row.text("ratio")?)
            .ok_or_else(|| row.error("ratio", "expected A:B with two numbers"))?;
        ratio::compute(a, b, row.num("temp_k")?).map_err(|e| row.core_error(e))
    };
    Ok(Finding::Ratio(per_named_row(
        path,
        &["ratio", "temp_k"],
        &[],
        each,
    )?))
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
            let sheet = crate::analysis::facts::from_structure::molecule_sheet(p, 298.15)?;
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
fn run_facts(path: &Path) -> CmdResult<Finding> {
    let text = crate::io::limits::read_text(path)?;
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
    let mut stated = Vec::new();
    for (k, val) in obj {
        let fact = ringflux_rules::Fact::from_name(k)
            .ok_or_else(|| InputError::at(path, line_of(k), format!("unknown fact '{k}'")))?;
        let value = crate::analysis::facts::parse_json_value(fact, val)
            .map_err(|e| InputError::at(path, line_of(k), e))?;
        sheet.set(fact, value, &name_of(path))?;
        stated.push((k.clone(), value));
    }
    sheet.check()?;
    Ok(Finding::Facts(Stated {
        json: v,
        facts: stated,
    }))
}

/// Analyses every file of `folder`; `progress(step, file)` is called before each file.
pub fn analyze(folder: &Path, mut progress: impl FnMut(&str, &Path)) -> CmdResult<Analysis> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| InputError::file(folder, format!("cannot read folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !is_documentation(p))
        .collect();
    files.sort();
    let manifest_path = folder.join(crate::io::manifest::FILE_NAME);
    let manifest = if manifest_path.is_file() {
        files.retain(|f| *f != manifest_path);
        Some(crate::io::manifest::read(&manifest_path)?)
    } else {
        None
    };
    let steps = steps();
    let claimed: Vec<bool> = files
        .iter()
        .map(|f| steps.iter().any(|s| (s.claims)(f)))
        .collect();
    if claimed.iter().all(|c| !c) {
        return Err(Failure::Input(InputError::file(
            folder,
            "no file in this folder is one ringflux analyzes (see `ringflux analyze --help`)",
        )));
    }
    let (structures, measurements): (Vec<String>, Vec<String>) = files
        .iter()
        .zip(&claimed)
        .filter(|(_, c)| **c)
        .map(|(f, _)| name_of(f))
        .partition(|n| crate::io::structure::is_structure_file(Path::new(n)));
    let (mut compounds, mut unassigned_files) = compounds::assign(&structures, &measurements);
    let stated = match &manifest {
        Some(m) => manifest::apply(
            &manifest_path,
            m,
            manifest::FolderFiles {
                structures: &structures,
                measurements: &measurements,
            },
            &mut compounds,
            &mut unassigned_files,
        )?,
        None => manifest::Stated::default(),
    };
    let mut warnings: Vec<String> = unassigned_files
        .iter()
        .map(|f| {
            format!(
                "{f}: belongs to no compound (its name does not start with a structure file's \
                 stem and '.'), so no compound uses it"
            )
        })
        .collect();
    // Facts per compound (index into `compounds`), or the folder's when it has no structure.
    let mut gathered: Vec<Gathered> = vec![Gathered::default(); compounds.len().max(1)];
    let feeders = fact_feeders();
    let mut sections = Vec::new();
    for step in &steps {
        let mine: Vec<&PathBuf> = files.iter().filter(|f| (step.claims)(f)).collect();
        if mine.is_empty() {
            continue;
        }
        let mut findings = Vec::new();
        for f in mine {
            progress(step.key, f);
            let finding = (step.run)(f)?;
            let name = name_of(f);
            warnings.extend(finding.warnings().iter().map(|w| format!("{name}: {w}")));
            let target = if compounds.is_empty() {
                Some(0)
            } else {
                compounds
                    .iter()
                    .position(|c| c.structure == name || c.files.contains(&name))
            };
            if let Some(g) = target.and_then(|i| gathered.get_mut(i)) {
                let v = serde_json::to_value(&finding).map_err(anyhow::Error::from)?;
                for (_, feed) in feeders.iter().filter(|(k, _)| *k == step.key) {
                    feed(f, &v, g)?;
                }
            }
            findings.push((name, finding));
        }
        sections.push(Section {
            key: step.key,
            title: step.title,
            findings,
        });
    }
    // The manifest's facts, stated for their compound, win over a `*.facts.json`'s.
    for (i, sheet) in &stated.facts {
        if let Some(g) = gathered.get_mut(*i) {
            g.stated.overlay(sheet)?;
        }
    }
    let unused_files = files
        .iter()
        .zip(&claimed)
        .filter(|(_, c)| !**c)
        .map(|(f, _)| name_of(f))
        .collect();
    let mut reports = Vec::new();
    let owners: Vec<Option<&compounds::Compound>> = if compounds.is_empty() {
        vec![None]
    } else {
        compounds.iter().map(Some).collect()
    };
    for (g, c) in gathered.iter_mut().zip(owners) {
        let owns = |f: &str| c.is_none_or(|c| c.files.iter().any(|m| m == f));
        let mut barriers: Vec<barriers::Barrier> = sections
            .iter()
            .flat_map(|s| &s.findings)
            .filter(|(f, _)| owns(f))
            .flat_map(|(f, finding)| barriers::of_finding(f, finding))
            .collect();
        let who = c.map_or("the folder", |c| c.name.as_str());
        warnings.extend(
            barriers::reconcile(&mut barriers)
                .into_iter()
                .map(|w| format!("{who}: {w}")),
        );
        for b in barriers.iter().filter(|b| b.chosen) {
            let fact = match b.process {
                barriers::Process::AmideRotation => ringflux_rules::Fact::DgAmideKcalPerMol,
                barriers::Process::RingInversion => ringflux_rules::Fact::DgRingKcalPerMol,
            };
            let source = format!("{} ({})", b.source, b.method.words());
            g.measured.set(
                fact,
                ringflux_rules::Value::Number(b.dg_kcal_per_mol),
                &source,
            )?;
        }
        if g.is_empty() {
            continue;
        }
        for (_, sheet) in g.sheets()? {
            let r = suggest::compute(&ringflux_rules::DEFAULT, &sheet, sheet.atoms.as_ref())?;
            let scenarios = scenarios::scenarios(&sheet)?;
            reports.push(CompoundReport {
                name: c.map(|c| c.name.clone()),
                structure: c.map(|c| c.structure.clone()),
                files: c.map(|c| c.files.clone()).unwrap_or_default(),
                barriers: barriers.clone(),
                comparison: None,
                scenarios,
                sheet,
                suggest: r,
            });
        }
    }
    analogues::attach(folder, &mut reports, &stated.parents)?;
    Ok(Analysis {
        folder: folder.to_path_buf(),
        sections,
        compounds: reports,
        unassigned_files,
        warnings,
        unused_files,
        manifest: manifest.map(|_| crate::io::manifest::FILE_NAME.to_string()),
    })
}
