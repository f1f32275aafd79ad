//! Tripos Mol2: one record per `@<TRIPOS>MOLECULE` section, atoms from `@<TRIPOS>ATOM`, bonds
//! from `@<TRIPOS>BOND`; other sections (SUBSTRUCTURE, CRYSIN, …) are skipped.
//!
//! ATOM lines are `id name x y z type [subst_id [subst_name [charge]]]`; the element is the SYBYL
//! type before the dot (`C.ar` → C, `N.am` → N, `Cl` → Cl), as RDKit's Mol2 reader takes it.
//! Bond ids refer to atom ids, which need not be 1…n. Bond types: `1` `2` `3` keep their order,
//! `ar` is aromatic (4, as in SDF), `am` (amide) is single; `du`, `un`, `nc` are unknown (0).
//! Dummy atoms (`Du`) and lone pairs (`LP`) have no element: the record is refused naming the line.

use super::{element, number, Atom, Bond, Lines, Molecule, ParseError, Step};
use crate::io::limits::{MAX_ATOMS, MAX_BONDS};
use std::collections::HashMap;
use std::io::BufRead;

const MOLECULE: &str = "@<TRIPOS>MOLECULE";

fn is_section(s: &str) -> bool {
    s.trim_start().starts_with("@<TRIPOS>")
}

/// Skips to the next `@<TRIPOS>MOLECULE` line (left to be read again) or the end of the file.
fn resync<R: BufRead>(l: &mut Lines<R>) -> Result<(), ParseError> {
    while let Some(s) = l.next_line()? {
        if s.trim() == MOLECULE {
            l.push_back();
            break;
        }
    }
    Ok(())
}

/// Reads the next Mol2 record.
pub(crate) fn next<R: BufRead>(l: &mut Lines<R>) -> Result<Step, ParseError> {
    let start = loop {
        let Some(s) = l.next_line()? else {
            return Ok(Step::End);
        };
        if s.trim() == MOLECULE {
            break l.line;
        }
    };
    let r = record(l, start);
    if r.is_err() {
        resync(l)?;
    }
    r
}

fn record<R: BufRead>(l: &mut Lines<R>, start: u64) -> Result<Step, ParseError> {
    let title = l
        .next_line()?
        .ok_or_else(|| ParseError::new(start, "MOLECULE: no name line"))?
        .trim()
        .to_string();
    let counts = l
        .next_line()?
        .ok_or_else(|| ParseError::new(start, "MOLECULE: no counts line"))?
        .to_string();
    let n_atoms: usize = counts
        .split_whitespace()
        .next()
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| {
            ParseError::new(
                l.line,
                format!("atom count: expected an integer, found '{}'", counts.trim()),
            )
        })?;
    if n_atoms > MAX_ATOMS {
        return Err(ParseError::new(
            l.line,
            format!("atom count: {n_atoms} is more than the limit of {MAX_ATOMS} atoms"),
        ));
    }
    let mut m = Molecule {
        line: start,
        title,
        ..Molecule::default()
    };
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut bonds: Vec<Bond> = Vec::new();
    let mut section = String::new();
    while let Some((no, s)) = l.next_numbered()? {
        let t = s.trim();
        if t == MOLECULE {
            l.push_back();
            break;
        }
        if is_section(t) {
            section = t.to_string();
            continue;
        }
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        match section.as_str() {
            "@<TRIPOS>ATOM" => atom(t, no, &mut m.atoms, &mut ids)?,
            "@<TRIPOS>BOND" => bonds.push(bond(t, no, &ids)?),
            _ => {}
        }
        if bonds.len() > MAX_BONDS {
            return Err(ParseError::new(
                no,
                format!("bonds: more than the limit of {MAX_BONDS}"),
            ));
        }
    }
    if m.atoms.is_empty() {
        return Err(ParseError::new(start, "no @<TRIPOS>ATOM lines"));
    }
    if m.atoms.len() != n_atoms {
        return Err(ParseError::new(
            start + 2,
            format!(
                "atom count: the counts line says {n_atoms}, the ATOM section has {}",
                m.atoms.len()
            ),
        ));
    }
    m.bonds = Some(bonds);
    Ok(Step::Record(m))
}

fn atom(
    t: &str,
    no: u64,
    atoms: &mut Vec<Atom>,
    ids: &mut HashMap<String, usize>,
) -> Result<(), ParseError> {
    let f: Vec<&str> = t.split_whitespace().collect();
    let [id, name, x, y, z, ty, ..] = f.as_slice() else {
        return Err(ParseError::new(
            no,
            "ATOM: expected 'id name x y z type', found fewer fields",
        ));
    };
    if atoms.len() >= MAX_ATOMS {
        return Err(ParseError::new(
            no,
            format!("atoms: more than the limit of {MAX_ATOMS}"),
        ));
    }
    let symbol = ty.split('.').next().unwrap_or(ty);
    if matches!(symbol, "Du" | "LP" | "Any" | "Hal" | "Het" | "Hev") {
        return Err(ParseError::new(
            no,
            format!("atom type: '{ty}' (dummy, lone pair or query atom) has no element"),
        ));
    }
    let pos = [
        number(x, no, "x")?,
        number(y, no, "y")?,
        number(z, no, "z")?,
    ];
    if ids.insert((*id).to_string(), atoms.len()).is_some() {
        return Err(ParseError::new(no, format!("atom id: {id} appears twice")));
    }
    atoms.push(Atom {
        element: element(symbol, no)?,
        pos,
        name: (*name).to_string(),
    });
    Ok(())
}

fn bond(t: &str, no: u64, ids: &HashMap<String, usize>) -> Result<Bond, ParseError> {
    let f: Vec<&str> = t.split_whitespace().collect();
    let [_, a, b, ty, ..] = f.as_slice() else {
        return Err(ParseError::new(
            no,
            "BOND: expected 'id atom1 atom2 type', found fewer fields",
        ));
    };
    let index = |id: &str| {
        ids.get(id).copied().ok_or_else(|| {
            ParseError::new(no, format!("bond: atom id {id} is not in the ATOM section"))
        })
    };
    let (a, b) = (index(a)?, index(b)?);
    if a == b {
        return Err(ParseError::new(no, "bond: an atom bonded to itself"));
    }
    let order = match *ty {
        "1" | "am" => 1,
        "2" => 2,
        "3" => 3,
        "ar" => 4,
        _ => 0,
    };
    Ok(Bond {
        a: a.min(b),
        b: a.max(b),
        order,
    })
}
