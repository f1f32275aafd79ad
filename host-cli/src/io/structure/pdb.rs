//! Protein Data Bank files: ATOM/HETATM records (fixed columns), MODEL/ENDMDL for several
//! models, CONECT for bonds, END. Alternate locations other than blank, `A` or `1` are skipped
//! (first conformer of a disordered site). Reference: wwPDB "Atomic Coordinate Entry Format
//! Version 3.3", sections ATOM, HETATM, MODEL, CONECT.
//!
//! CONECT records add bonds to those perceived from covalent radii; they do not replace them (an
//! RCSB file lists a metal's bonds to two histidine N atoms in CONECT, and those rings must keep
//! their other bonds), as RDKit's PDB reader does. One END-terminated block (all its models) is
//! held in memory, since CONECT records follow the models they apply to.
//!
//! Without an element column (CHARMM, NAMD, older files) the element comes from the atom name by
//! the PDB alignment rule: the symbol is right-justified in columns 13–14, so ` CA ` is carbon
//! and `CA  ` calcium; but a name filling all four columns that starts with `H` (`HG21`, `HD11`,
//! `1HG2` …) is a hydrogen, never mercury or holmium, as RDKit reads it.

use super::{element, number, Atom, Bond, Lines, Molecule, ParseError, Step};
use crate::io::limits::{MAX_ATOMS, MAX_BONDS};
use std::collections::VecDeque;
use std::io::BufRead;

/// Models read but not yet returned.
#[derive(Default)]
pub(crate) struct State {
    queue: VecDeque<Result<Molecule, ParseError>>,
    finished: bool,
}

struct Model {
    line: u64,
    atoms: Vec<Atom>,
    serials: Vec<Option<i64>>,
    error: Option<ParseError>,
}

impl Model {
    fn new(line: u64) -> Self {
        Self {
            line,
            atoms: Vec::new(),
            serials: Vec::new(),
            error: None,
        }
    }
}

fn col(s: &str, a: usize, b: usize) -> &str {
    let b = b.min(s.len());
    if a >= b {
        return "";
    }
    s.get(a..b).unwrap_or("")
}

/// Element from columns 77–78, else from the atom name (columns 13–16).
fn atom_element(s: &str, line: u64) -> Result<super::Element, ParseError> {
    let e = col(s, 76, 78).trim();
    if !e.is_empty() {
        return element(e, line);
    }
    let name = col(s, 12, 16);
    let four = name.len() == 4 && !name.contains(' ');
    let digit_h = name.starts_with(|c: char| c.is_ascii_digit()) && name.get(1..2) == Some("H");
    if four && (name.starts_with('H') || digit_h) {
        return Ok(super::Element::H);
    }
    let letters: String = name
        .trim()
        .chars()
        .skip_while(|c| c.is_ascii_digit())
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    // A two-letter element starts in column 13 (e.g. "CL1 "); one-letter ones in column 14.
    // Only elements found in PDB entries are taken from a name: a left-justified `OG1 ` or
    // `NH1 ` is an O or N atom, not oganesson or nihonium.
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) && letters.len() >= 2 {
        if let Some(e) = letters
            .get(..2)
            .and_then(super::Element::parse)
            .filter(|e| e.number() <= 54 || matches!(e.symbol(), "Pt" | "Au" | "Hg" | "Pb" | "Bi"))
        {
            return Ok(e);
        }
    }
    element(letters.get(..1).unwrap_or(""), line)
}

fn parse_atom(s: &str, line: u64) -> Result<(Option<i64>, Atom), ParseError> {
    let serial = col(s, 6, 11).trim().parse::<i64>().ok();
    Ok((
        serial,
        Atom {
            pos: [
                number(col(s, 30, 38), line, "x (columns 31-38)")?,
                number(col(s, 38, 46), line, "y (columns 39-46)")?,
                number(col(s, 46, 54), line, "z (columns 47-54)")?,
            ],
            element: atom_element(s, line)?,
            name: col(s, 12, 16).trim().to_string(),
        },
    ))
}

/// Reads one END-terminated block into the queue.
fn read_block<R: BufRead>(l: &mut Lines<R>, st: &mut State) -> Result<(), ParseError> {
    let mut models: Vec<Model> = Vec::new();
    let mut current: Option<Model> = None;
    let mut conect: Vec<(i64, i64)> = Vec::new();
    let mut too_many_bonds: Option<u64> = None;
    let mut title = String::new();
    loop {
        let Some((line, s)) = l.next_numbered()? else {
            st.finished = true;
            break;
        };
        let rec = col(s, 0, 6);
        match rec.trim_end() {
            "ATOM" | "HETATM" => {
                let alt = col(s, 16, 17);
                if !(alt.trim().is_empty() || alt == "A" || alt == "1") {
                    continue;
                }
                let m = current.get_or_insert_with(|| Model::new(line));
                if m.error.is_some() {
                    continue;
                }
                if m.atoms.len() == MAX_ATOMS {
                    m.error = Some(ParseError::new(
                        line,
                        format!("model: more than the limit of {MAX_ATOMS} atoms"),
                    ));
                    continue;
                }
                match parse_atom(s, line) {
                    Ok((serial, a)) => {
                        m.serials.push(serial);
                        m.atoms.push(a);
                    }
                    Err(e) => m.error = Some(e),
                }
            }
            "MODEL" => {
                if let Some(m) = current.take() {
                    models.push(m);
                }
                current = Some(Model::new(line));
            }
            "ENDMDL" => {
                if let Some(m) = current.take() {
                    models.push(m);
                }
            }
            "CONECT" => {
                let nums: Vec<i64> = [(6, 11), (11, 16), (16, 21), (21, 26), (26, 31)]
                    .iter()
                    .filter_map(|&(a, b)| col(s, a, b).trim().parse().ok())
                    .collect();
                if let Some((&from, to)) = nums.split_first() {
                    if conect.len() + to.len() > MAX_BONDS {
                        // Every model of this block shares the CONECT records: all are bad.
                        too_many_bonds.get_or_insert(line);
                        continue;
                    }
                    conect.extend(to.iter().map(|&t| (from, t)));
                }
            }
            "TITLE" | "COMPND" if title.is_empty() => {
                title = col(s, 10, 80).trim().to_string();
            }
            "END" => break,
            _ => {}
        }
    }
    if let Some(m) = current.take() {
        models.push(m);
    }
    if models.is_empty() && !st.finished {
        // An END with nothing before it: let the caller read on.
        return Ok(());
    }
    for m in models {
        st.queue.push_back(match too_many_bonds {
            Some(line) => Err(ParseError::new(
                line,
                format!("CONECT: more than the limit of {MAX_BONDS} bonds"),
            )),
            None => finish(m, &conect, &title),
        });
    }
    Ok(())
}

fn finish(m: Model, conect: &[(i64, i64)], title: &str) -> Result<Molecule, ParseError> {
    if let Some(e) = m.error {
        return Err(e);
    }
    if m.atoms.is_empty() {
        return Err(ParseError::new(m.line, "model has no ATOM/HETATM records"));
    }
    let bonds = if conect.is_empty() {
        None
    } else {
        // Serial → atom index (the first atom with that serial), built once: O(1) per CONECT.
        let mut by_serial = std::collections::HashMap::new();
        for (i, serial) in m.serials.iter().enumerate() {
            if let Some(s) = serial {
                by_serial.entry(*s).or_insert(i);
            }
        }
        let idx = |s: i64| by_serial.get(&s).copied();
        let mut bonds: Vec<Bond> = conect
            .iter()
            .filter_map(|&(a, b)| {
                let (a, b) = (idx(a)?, idx(b)?);
                (a != b).then(|| Bond {
                    a: a.min(b),
                    b: a.max(b),
                    order: 0,
                })
            })
            .collect();
        bonds.extend(crate::io::structure::bonds::from_radii(&m.atoms));
        bonds.sort();
        bonds.dedup_by_key(|b| (b.a, b.b));
        Some(bonds)
    };
    Ok(Molecule {
        index: 0,
        line: m.line,
        title: title.to_string(),
        atoms: m.atoms,
        serials: Some(m.serials),
        bonds,
        data: Vec::new(),
    })
}

/// Returns the next model.
pub(crate) fn next<R: BufRead>(l: &mut Lines<R>, st: &mut State) -> Result<Step, ParseError> {
    loop {
        if let Some(r) = st.queue.pop_front() {
            return r.map(Step::Record);
        }
        if st.finished {
            return Ok(Step::End);
        }
        read_block(l, st)?;
    }
}
