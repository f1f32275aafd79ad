//! `ringflux.json`: the optional manifest of an `analyze` folder, read into typed data with the
//! line of every item, so that `analysis::analyze::manifest` can name the line of a bad compound,
//! file, parent or fact. The schema (every key optional except `compounds`; no other key is
//! allowed):
//!
//! ```json
//! { "compounds": {
//!     "NAME": {
//!       "files": ["measurement.csv", …],
//!       "parent": "OTHER" | null,
//!       "facts": { "bioactive_family": "boat", … } } } }
//! ```
//!
//! `NAME` is a compound of the folder (a structure file's stem). What the entries mean is
//! `analysis::analyze::manifest`'s business; this reader checks only the shape.
//!
//! ```
//! use ringflux_cli::io::manifest::parse;
//! let text = "{\"compounds\": {\n  \"a\": {\"files\": [\n    \"x.csv\"], \"parent\": null}}}";
//! let m = parse(std::path::Path::new("ringflux.json"), text).unwrap();
//! assert_eq!(m.compounds[0].name, "a");
//! assert_eq!((m.compounds[0].files[0].value.as_str(), m.compounds[0].files[0].line), ("x.csv", 3));
//! assert_eq!(m.compounds[0].parent.as_ref().map(|p| p.value.clone()), Some(None));
//! let bad = parse(std::path::Path::new("ringflux.json"), "{\"compounds\": {\"a\":\n {\"fils\": []}}}");
//! assert!(bad.unwrap_err().place.ends_with("ringflux.json:2"));
//! ```

use crate::error::InputError;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest's file name in an `analyze` folder.
pub const FILE_NAME: &str = "ringflux.json";

/// A value and the line (1-based) it was read on.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Its line in the manifest.
    pub line: u64,
}

/// One entry of `compounds`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The compound's name (the key).
    pub name: String,
    /// The line of the entry.
    pub line: u64,
    /// `files`: measurement file names, in order.
    pub files: Vec<At<String>>,
    /// `parent`: absent (`None`), `null` (`Some(None)`), or a compound's name.
    pub parent: Option<At<Option<String>>>,
    /// `facts`: (fact name, value as written), in name order.
    pub facts: Vec<At<(String, serde_json::Value)>>,
}

/// A read manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// The entries, in name order.
    pub compounds: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Top<'a> {
    #[serde(borrow)]
    compounds: BTreeMap<String, &'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry<'a> {
    #[serde(default, borrow)]
    files: Vec<&'a RawValue>,
    /// Present (even `null`) or absent.
    #[serde(default, borrow, deserialize_with = "present")]
    parent: Option<&'a RawValue>,
    #[serde(default, borrow)]
    facts: BTreeMap<String, &'a RawValue>,
}

/// `Some(raw)` for any value written, `null` included (an absent key stays `None`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(d).map(Some)
}

/// The line of `part`, a slice of `text`.
fn line_in(text: &str, part: &str) -> u64 {
    let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() as u64 + 1)
}

/// Reads the manifest at `path`.
pub fn read(path: &Path) -> Result<Manifest, InputError> {
    parse(path, &crate::io::limits::read_text(path)?)
}

/// Parses manifest text (`path` names it in errors).
pub fn parse(path: &Path, text: &str) -> Result<Manifest, InputError> {
    // serde_json's message ends "at line L column C" counted from the slice parsed; the place
    // carries the line in the whole file instead.
    let serde_error = |first_line: u64, e: serde_json::Error| {
        let full = e.to_string();
        let what = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(w, _)| w);
        InputError::at(path, first_line + (e.line() as u64).max(1) - 1, what)
    };
    let top: Top = serde_json::from_str(text).map_err(|e| serde_error(1, e))?;
    let mut compounds = Vec::new();
    for (name, raw) in top.compounds {
        let line = line_in(text, raw.get());
        let field = |f: &str| format!("compounds.{name}.{f}");
        let e: RawEntry = serde_json::from_str(raw.get()).map_err(|e| {
            let mut at = serde_error(line, e);
            at.what = format!("compounds.{name}: {}", at.what);
            at
        })?;
        let files = e
            .files
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let line = line_in(text, r.get());
                let value = serde_json::from_str::<String>(r.get()).map_err(|_| {
                    let what = format!("{}[{i}]: expected a file name (a string)", field("files"));
                    InputError::at(path, line, what)
                })?;
                Ok(At { value, line })
            })
            .collect::<Result<_, InputError>>()?;
        let parent = e
            .parent
            .map(|r| {
                let line = line_in(text, r.get());
                let value = serde_json::from_str::<Option<String>>(r.get()).map_err(|_| {
                    let what = format!("{}: expected a compound name or null", field("parent"));
                    InputError::at(path, line, what)
                })?;
                Ok::<_, InputError>(At { value, line })
            })
            .transpose()?;
        let facts = e
            .facts
            .iter()
            .map(|(k, r)| {
                let line = line_in(text, r.get());
                let value = serde_json::from_str(r.get()).map_err(|e| serde_error(line, e))?;
                Ok(At {
                    value: (k.clone(), value),
                    line,
                })
            })
            .collect::<Result<_, InputError>>()?;
        compounds.push(Entry {
            name,
            line,
            files,
            parent,
            facts,
        });
    }
    Ok(Manifest { compounds })
}
