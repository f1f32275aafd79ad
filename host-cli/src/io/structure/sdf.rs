//! MDL SD files and MOL files, connection tables V2000 (fixed columns) and V3000 (`M  V30`
//! lines, `-` continuation), several records separated by `$$$$`, with data items
//! (`> <NAME>` followed by value lines up to a blank line).
//! Reference: BIOVIA "CTfile Formats" (2020), sections "V2000 Connection Table" and "V3000".

use super::{element, number, Atom, Bond, Lines, Molecule, ParseError, Step};
use crate::io::limits::{MAX_ATOMS, MAX_BONDS};
use std::collections::HashMap;
use std::io::BufRead;

/// Columns `a..b` of a line (byte offsets; short lines give what is there).
fn col(s: &str, a: usize, b: usize) -> &str {
    let b = b.min(s.len());
    if a >= b {
        return "";
    }
    s.get(a..b).unwrap_or("")
}

/// Skips to just after the next `$$$$` line.
fn resync<R: BufRead>(l: &mut Lines<R>) -> std::io::Result<()> {
    while let Some(s) = l.next_line()? {
        if s.starts_with("$$$$") {
            break;
        }
    }
    Ok(())
}

/// The next line of a connection table, or an error naming what was expected (end of file, or
/// a `$$$$` that ends the record early).
fn need<R: BufRead>(
    l: &mut Lines<R>,
    what: impl FnOnce() -> String,
) -> Result<(u64, &str), RecordError> {
    let last = l.line;
    match l.next_numbered()? {
        None => Err(ParseError::new(last, format!("file ends before the {}", what())).into()),
        Some((line, s)) if s.starts_with("$$$$") => Err(RecordError {
            error: ParseError::new(line, format!("record ends before the {}", what())),
            at_separator: true,
        }),
        Some(x) => Ok(x),
    }
}

/// A count from fixed columns of the counts line.
fn count(s: &str, line: u64, field: &str) -> Result<usize, ParseError> {
    s.trim().parse::<usize>().map_err(|_| {
        ParseError::new(
            line,
            format!("counts line: {field} '{}' is not a count", s.trim()),
        )
    })
}

/// Reads the next record.
pub(crate) fn next<R: BufRead>(l: &mut Lines<R>) -> Result<Step, ParseError> {
    // Header: title, program, comment, counts. Blank lines up to the end of the file (after
    // the last `$$$$`) end it; a blank title is legal in a record.
    let mut header: Vec<String> = Vec::with_capacity(4);
    let start = l.line + 1;
    while header.len() < 4 {
        match l.next_line()? {
            Some(s) => header.push(s.to_string()),
            None if header.iter().all(|h| h.trim().is_empty()) => return Ok(Step::End),
            None => {
                return Err(ParseError::new(
                    l.line,
                    "file ends inside the header block (title, program, comment, counts)",
                ))
            }
        }
    }
    let title = header
        .first()
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    let counts = header.pop().unwrap_or_default();
    match record(l, title, start, &counts) {
        Ok(m) => Ok(Step::Record(m)),
        Err(e) => {
            if !e.at_separator {
                resync(l)?;
            }
            Err(e.error)
        }
    }
}

struct RecordError {
    error: ParseError,
    /// The `$$$$` was already consumed.
    at_separator: bool,
}

impl From<ParseError> for RecordError {
    fn from(error: ParseError) -> Self {
        Self {
            error,
            at_separator: false,
        }
    }
}

impl From<std::io::Error> for RecordError {
    fn from(e: std::io::Error) -> Self {
        ParseError::from(e).into()
    }
}

fn record<R: BufRead>(
    l: &mut Lines<R>,
    title: String,
    start: u64,
    counts: &str,
) -> Result<Molecule, RecordError> {
    let cl = l.line;
    if counts.starts_with("$$$$") {
        return Err(RecordError {
            error: ParseError::new(cl, "record ends before its counts line"),
            at_separator: true,
        });
    }
    let v3 = counts.contains("V3000");
    let (atoms, bonds) = if v3 {
        v3000(l)?
    } else {
        let na = count(col(counts, 0, 3), cl, "number of atoms")?;
        if na == 0 {
            return Err(ParseError::new(cl, "counts line: number of atoms is 0").into());
        }
        let nb = count(col(counts, 3, 6), cl, "number of bonds")?;
        v2000(l, na, nb)?
    };
    let mut mol = Molecule {
        index: 0,
        line: start,
        title,
        atoms,
        serials: None,
        bonds: Some(bonds),
        data: Vec::new(),
    };
    // Properties block up to `M  END` (V2000 only; V3000 already consumed it).
    if !v3 {
        loop {
            if need(l, || "'M  END' line".to_string())?
                .1
                .starts_with("M  END")
            {
                break;
            }
        }
    }
    data_items(l, &mut mol)?;
    Ok(mol)
}

fn v2000<R: BufRead>(
    l: &mut Lines<R>,
    na: usize,
    nb: usize,
) -> Result<(Vec<Atom>, Vec<Bond>), RecordError> {
    let mut atoms = Vec::with_capacity(na);
    for k in 0..na {
        let (line, s) = need(l, || format!("atom line {} of {na}", k + 1))?;
        atoms.push(Atom {
            pos: [
                number(col(s, 0, 10), line, "x")?,
                number(col(s, 10, 20), line, "y")?,
                number(col(s, 20, 30), line, "z")?,
            ],
            element: element(col(s, 31, 34), line)?,
            name: String::new(),
        });
    }
    let mut bonds = Vec::with_capacity(nb);
    for k in 0..nb {
        let (line, s) = need(l, || format!("bond line {} of {nb}", k + 1))?;
        let atom = |a: usize, b: usize, which: &str| -> Result<usize, ParseError> {
            match col(s, a, b).trim_ascii().parse::<usize>() {
                Ok(i) if i >= 1 && i <= na => Ok(i - 1),
                _ => Err(ParseError::new(
                    line,
                    format!(
                        "bond {}: {which} atom '{}' is not an atom number 1..{na}",
                        k + 1,
                        col(s, a, b).trim_ascii()
                    ),
                )),
            }
        };
        let order = col(s, 6, 9).trim_ascii().parse::<u8>().map_err(|_| {
            ParseError::new(
                line,
                format!(
                    "bond {}: bond type '{}' is not a number",
                    k + 1,
                    col(s, 6, 9).trim_ascii()
                ),
            )
        })?;
        let (a, b) = (atom(0, 3, "first")?, atom(3, 6, "second")?);
        if a == b {
            return Err(ParseError::new(
                line,
                format!("bond {}: joins atom {} to itself", k + 1, a + 1),
            )
            .into());
        }
        bonds.push(Bond { a, b, order });
    }
    Ok((atoms, bonds))
}

/// The next `M  V30` statement with continuation lines joined, or an error.
fn v30<R: BufRead>(l: &mut Lines<R>) -> Result<(String, u64), RecordError> {
    let mut stmt = String::new();
    let mut first_line = 0;
    loop {
        let (line, s) = need(l, || "V3000 connection table".to_string())?;
        if first_line == 0 {
            first_line = line;
        }
        let Some(rest) = s.strip_prefix("M  V30 ") else {
            return Err(ParseError::new(
                line,
                format!("expected an 'M  V30' line, found '{}'", s.trim()),
            )
            .into());
        };
        if let Some(cont) = rest.strip_suffix('-') {
            stmt.push_str(cont);
        } else {
            stmt.push_str(rest);
            return Ok((stmt.trim().to_string(), first_line));
        }
    }
}

fn v3000<R: BufRead>(l: &mut Lines<R>) -> Result<(Vec<Atom>, Vec<Bond>), RecordError> {
    let mut atoms = Vec::new();
    // Atom index → position, so bonds of a large record are found in O(1).
    let mut ids: HashMap<usize, usize> = HashMap::new();
    let mut bonds = Vec::new();
    let mut block = String::new();
    loop {
        let (stmt, line) = v30(l)?;
        let f: Vec<&str> = stmt.split_whitespace().collect();
        match f.as_slice() {
            ["BEGIN", "CTAB"] | ["COUNTS", ..] => {}
            ["BEGIN", b] => block = (*b).to_string(),
            ["END", "CTAB"] => break,
            ["END", _] => block.clear(),
            _ if block == "ATOM" => {
                let [id, sym, x, y, z, ..] = f.as_slice() else {
                    return Err(ParseError::new(
                        line,
                        format!("atom: expected 'index type x y z aamap', found '{stmt}'"),
                    )
                    .into());
                };
                if atoms.len() == MAX_ATOMS {
                    return Err(ParseError::new(
                        line,
                        format!("atom: more than the limit of {MAX_ATOMS} atoms"),
                    )
                    .into());
                }
                let id: usize = id.parse().map_err(|_| {
                    ParseError::new(line, format!("atom: index '{id}' is not a number"))
                })?;
                if ids.insert(id, atoms.len()).is_some() {
                    return Err(
                        ParseError::new(line, format!("atom: index {id} appears twice")).into(),
                    );
                }
                atoms.push(Atom {
                    element: element(sym, line)?,
                    pos: [
                        number(x, line, "x")?,
                        number(y, line, "y")?,
                        number(z, line, "z")?,
                    ],
                    name: String::new(),
                });
            }
            _ if block == "BOND" => {
                let [_, order, a, b, ..] = f.as_slice() else {
                    return Err(ParseError::new(
                        line,
                        format!("bond: expected 'index type atom1 atom2', found '{stmt}'"),
                    )
                    .into());
                };
                let find = |s: &str| -> Result<usize, ParseError> {
                    s.parse::<usize>()
                        .ok()
                        .and_then(|id| ids.get(&id).copied())
                        .ok_or_else(|| {
                            ParseError::new(line, format!("bond: no atom with index '{s}'"))
                        })
                };
                if bonds.len() == MAX_BONDS {
                    return Err(ParseError::new(
                        line,
                        format!("bond: more than the limit of {MAX_BONDS} bonds"),
                    )
                    .into());
                }
                bonds.push(Bond {
                    a: find(a)?,
                    b: find(b)?,
                    order: order.parse().map_err(|_| {
                        ParseError::new(line, format!("bond: type '{order}' is not a number"))
                    })?,
                });
            }
            _ => {} // SGROUP, COLLECTION and other blocks carry nothing we use
        }
    }
    loop {
        if need(l, || "'M  END' line".to_string())?
            .1
            .starts_with("M  END")
        {
            break;
        }
    }
    if atoms.is_empty() {
        return Err(ParseError::new(l.line, "V3000 record without atoms").into());
    }
    Ok((atoms, bonds))
}

/// Data items `> <NAME>` … up to `$$$$` (or end of file).
fn data_items<R: BufRead>(l: &mut Lines<R>, mol: &mut Molecule) -> Result<(), ParseError> {
    let mut current: Option<(String, Vec<String>)> = None;
    while let Some(s) = l.next_line()? {
        if s.starts_with("$$$$") {
            break;
        }
        if s.starts_with('>') {
            if let Some((k, v)) = current.take() {
                mol.data.push((k, v.join("\n")));
            }
            let name = s
                .split_once('<')
                .and_then(|(_, r)| r.split_once('>'))
                .map(|(n, _)| n.to_string())
                .unwrap_or_default();
            current = Some((name, Vec::new()));
        } else if s.trim_ascii().is_empty() {
            if let Some((k, v)) = current.take() {
                mol.data.push((k, v.join("\n")));
            }
        } else if let Some((_, v)) = current.as_mut() {
            v.push(s.trim_ascii().to_string());
        }
    }
    if let Some((k, v)) = current.take() {
        mol.data.push((k, v.join("\n")));
    }
    Ok(())
}
