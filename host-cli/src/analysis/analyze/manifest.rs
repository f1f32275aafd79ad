//! What an `analyze` folder's optional manifest, `ringflux.json` ([`crate::io::manifest`]),
//! means. It says explicitly what the file names would otherwise decide:
//!
//! ```json
//! { "compounds": {
//!     "isovaleryl-7S-methyl-diazepane": {
//!       "files": ["c7.ratio.csv"],
//!       "parent": "isovaleryl-diazepane",
//!       "facts": { "bioactive_family": "boat" } } } }
//! ```
//!
//! * a key of `compounds` is a compound of the folder (a structure file's stem);
//! * `files`: measurement files of the folder that belong to this compound, whatever their names
//!   say — the stem-prefix assignment ([`super::compounds`]) is overridden for them, and a file the
//!   prefix rule left unassigned is assigned;
//! * `parent`: the compound this one is an analogue of (its comparison is run against it), or
//!   `null` for no comparison; without the key, the substructure match decides
//!   ([`super::analogues`]);
//! * `facts`: facts stated for this compound, named as in `*.facts.json` and `ringflux suggest
//!   --fact` (`bioactive_family`, `bioactive_rotamer`, …); they win over measured and computed
//!   facts and over a `*.facts.json`. A stated bioactive family closes the scenario table
//!   ([`super::scenarios`]): that hypothesis is no longer open.
//!
//! Unknown keys, compound names that are no structure file's stem, files that are not in the
//! folder (or are structure files, or are read by no step, or are listed twice), a parent that is
//! not a compound (or the compound itself), and unknown or ill-typed facts are input errors
//! (exit 2) at the manifest's line.

use super::compounds::Compound;
use crate::analysis::facts::{parse_json_value, FactSheet};
use crate::error::InputError;
use crate::io::manifest::{Manifest, FILE_NAME};
use ringflux_rules::Fact;
use std::collections::BTreeMap;
use std::path::Path;

/// What a manifest states beyond file assignment.
#[derive(Debug, Default)]
pub struct Stated {
    /// Compound name → its stated parent (`None`: no comparison). Compounds not in the map keep
    /// the substructure match.
    pub parents: BTreeMap<String, Option<String>>,
    /// (index into the compounds, its stated facts).
    pub facts: Vec<(usize, FactSheet)>,
}

/// The folder's files as `analyze` sorted them: structure files and measurement files (those a
/// step reads).
#[derive(Debug, Clone, Copy)]
pub struct FolderFiles<'a> {
    /// Structure files (the compounds).
    pub structures: &'a [String],
    /// Files a step reads that are not structures.
    pub measurements: &'a [String],
}

/// Applies the manifest at `path` (in `folder`) to the stem-prefix assignment: moves the listed
/// files to their compounds (out of `unassigned`) and returns the stated parents and facts.
pub fn apply(
    path: &Path,
    manifest: &Manifest,
    folder: FolderFiles<'_>,
    compounds: &mut [Compound],
    unassigned: &mut Vec<String>,
) -> Result<Stated, InputError> {
    let err = |line: u64, what: String| InputError::at(path, line, what);
    let index_of = |name: &str| compounds.iter().position(|c| c.name == name);
    let known = || {
        compounds
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut stated = Stated::default();
    let mut moves: Vec<(usize, String)> = Vec::new();
    let mut listed: BTreeMap<&str, &str> = BTreeMap::new();
    for e in &manifest.compounds {
        let field = |f: &str| format!("compounds.{}.{f}", e.name);
        let Some(i) = index_of(&e.name) else {
            return Err(err(
                e.line,
                format!(
                    "compounds.{}: no structure file has this stem (the compounds: {})",
                    e.name,
                    known()
                ),
            ));
        };
        for (k, f) in e.files.iter().enumerate() {
            let what = |w: &str| {
                err(
                    f.line,
                    format!("{}[{k}]: '{}' {w}", field("files"), f.value),
                )
            };
            if folder.structures.contains(&f.value) {
                return Err(what(
                    "is a structure file: it is a compound, not a measurement",
                ));
            }
            if !folder.measurements.contains(&f.value) {
                return Err(what(if f.value == FILE_NAME {
                    "is the manifest itself"
                } else if path.with_file_name(&f.value).is_file() {
                    "is not a file any analysis step reads"
                } else {
                    "is not a file of this folder"
                }));
            }
            if let Some(other) = listed.insert(&f.value, &e.name) {
                return Err(what(&format!("is also listed for compound '{other}'")));
            }
            moves.push((i, f.value.clone()));
        }
        if let Some(p) = &e.parent {
            if let Some(name) = &p.value {
                if index_of(name).is_none() || *name == e.name {
                    return Err(err(
                        p.line,
                        format!(
                            "{}: '{name}' is not another compound of this folder (the compounds: {})",
                            field("parent"),
                            known()
                        ),
                    ));
                }
            }
            stated.parents.insert(e.name.clone(), p.value.clone());
        }
        let mut sheet = FactSheet::default();
        for f in &e.facts {
            let (name, value) = &f.value;
            let unknown = || err(f.line, format!("{}.{name}: unknown fact", field("facts")));
            let fact = Fact::from_name(name).ok_or_else(unknown)?;
            // These messages start with the fact's name.
            let bad = |w: String| err(f.line, format!("{}: {w}", field("facts")));
            let v = parse_json_value(fact, value).map_err(bad)?;
            let source = format!("{FILE_NAME}:{}", f.line);
            sheet.set(fact, v, &source).map_err(|e| bad(e.what))?;
        }
        // A range error names its source, `ringflux.json:LINE`: report it at that line.
        sheet.check().map_err(|c| {
            let line = c.place.rsplit(':').next().and_then(|l| l.parse().ok());
            err(
                line.unwrap_or(e.line),
                format!("{}: {}", field("facts"), c.what),
            )
        })?;
        if !e.facts.is_empty() {
            stated.facts.push((i, sheet));
        }
    }
    for (i, file) in moves {
        for c in compounds.iter_mut() {
            c.files.retain(|f| *f != file);
        }
        unassigned.retain(|f| *f != file);
        if let Some(c) = compounds.get_mut(i) {
            c.files.push(file);
        }
    }
    Ok(stated)
}
