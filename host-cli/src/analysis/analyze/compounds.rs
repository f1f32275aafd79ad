//! Which compound a file of an `analyze` folder belongs to.
//!
//! A folder holds one compound per structure file, named by the file's stem
//! (`isovaleryl-diazepane.sdf` → `isovaleryl-diazepane`). A measurement file belongs to the
//! compound whose name, followed by `.`, starts the file name
//! (`isovaleryl-diazepane.amide.coalescence.csv`); when several do, the longest name wins. With a
//! single compound every measurement is its own. Otherwise a measurement without such a prefix
//! belongs to no compound: it is listed under `unassigned_files` with a warning, and no
//! compound's facts use it.
//!
//! ```
//! use ringflux_cli::analysis::analyze::compounds::assign;
//! let (c, unassigned) = assign(
//!     &["a.sdf".into(), "b.sdf".into()],
//!     &["a.ratio.csv".into(), "b.amide.coalescence.csv".into(), "rates.csv".into()],
//! );
//! assert_eq!(c[0].name, "a");
//! assert_eq!(c[0].files, ["a.ratio.csv"]);
//! assert_eq!(c[1].files, ["b.amide.coalescence.csv"]);
//! assert_eq!(unassigned, ["rates.csv"]);
//! ```

use std::path::Path;

/// One compound: its structure file and its measurement files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compound {
    /// The structure file's stem.
    pub name: String,
    /// The structure file.
    pub structure: String,
    /// Its measurement files, in the order given.
    pub files: Vec<String>,
}

/// The compound name of a structure file: its stem.
pub fn stem(structure: &str) -> String {
    Path::new(structure).file_stem().map_or_else(
        || structure.to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Assigns measurement files to the compounds of the structure files; returns the compounds (in
/// the order of `structures`) and the files no compound owns.
pub fn assign(structures: &[String], measurements: &[String]) -> (Vec<Compound>, Vec<String>) {
    let mut compounds: Vec<Compound> = structures
        .iter()
        .map(|s| Compound {
            name: stem(s),
            structure: s.clone(),
            files: Vec::new(),
        })
        .collect();
    let mut unassigned = Vec::new();
    let (single, none) = (compounds.len() == 1, compounds.is_empty());
    for m in measurements {
        let owner = compounds
            .iter_mut()
            .filter(|c| single || m.starts_with(&format!("{}.", c.name)))
            .max_by_key(|c| c.name.len());
        match owner {
            Some(c) => c.files.push(m.clone()),
            None if none => {}
            None => unassigned.push(m.clone()),
        }
    }
    (compounds, unassigned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_and_a_single_compound_owns_everything() {
        let s = ["x.sdf".to_string(), "x.methyl.sdf".to_string()];
        let (c, u) = assign(&s, &["x.methyl.ratio.csv".into(), "x.vt.csv".into()]);
        assert_eq!(c[0].files, ["x.vt.csv"]);
        assert_eq!(c[1].files, ["x.methyl.ratio.csv"]);
        assert!(u.is_empty());
        let (c, u) = assign(&s[..1], &["rates.csv".into()]);
        assert_eq!(c[0].files, ["rates.csv"]);
        assert!(u.is_empty());
        // No structure: nothing is unassigned (the folder's facts are one set).
        let (c, u) = assign(&[], &["rates.csv".into()]);
        assert!(c.is_empty() && u.is_empty());
        // "xy.ratio.csv" does not start with "x.".
        let (_, u) = assign(&s, &["xy.ratio.csv".into()]);
        assert_eq!(u, ["xy.ratio.csv"]);
    }
}
