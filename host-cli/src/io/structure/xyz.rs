//! Multi-frame XYZ: per frame an atom-count line, a comment line, then `symbol x y z` lines
//! (extra columns are ignored). Energies in the comment line: `key=value` fields (e.g.
//! `MMFF94_energy_kcal_per_mol=15.698`), an `energy: <value>` pair (xtb/CREST), or a bare
//! number as the first token (stored as field `energy`).

use super::{element, number, Atom, Lines, Molecule, ParseError, Step};
use crate::io::limits::MAX_ATOMS;
use std::io::BufRead;

/// True when `s` is a lone non-negative integer (an atom-count line).
fn is_count_line(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Skips to the next line that looks like an atom count and leaves it unread.
fn resync<R: BufRead>(l: &mut Lines<R>) -> std::io::Result<()> {
    while let Some(s) = l.next_line()? {
        if is_count_line(s) {
            l.push_back();
            break;
        }
    }
    Ok(())
}

/// Splits a comment line into a title and data fields.
pub(crate) fn parse_comment(comment: &str) -> (String, Vec<(String, String)>) {
    let mut title = Vec::new();
    let mut data = Vec::new();
    let mut tokens = comment.split_whitespace().peekable();
    let mut first = true;
    while let Some(t) = tokens.next() {
        if let Some((k, v)) = t.split_once('=') {
            if !k.is_empty() && !v.is_empty() {
                data.push((k.to_string(), v.to_string()));
            } else if let (false, Some(next)) = (k.is_empty(), tokens.peek()) {
                // `key= value`
                data.push((k.to_string(), (*next).to_string()));
                tokens.next();
            }
        } else if t.eq_ignore_ascii_case("energy:") {
            if let Some(v) = tokens.next() {
                data.push(("energy".to_string(), v.to_string()));
            }
        } else if first && t.parse::<f64>().is_ok_and(f64::is_finite) {
            data.push(("energy".to_string(), t.to_string()));
        } else {
            title.push(t);
        }
        first = false;
    }
    (title.join(" "), data)
}

/// Reads the next frame.
pub(crate) fn next<R: BufRead>(l: &mut Lines<R>) -> Result<Step, ParseError> {
    let (count, start) = loop {
        let Some(s) = l.next_line()? else {
            return Ok(Step::End);
        };
        if s.trim().is_empty() {
            continue;
        }
        let t = s.trim().to_string();
        let start = l.line;
        match t.parse::<usize>() {
            Ok(n) if n > MAX_ATOMS => {
                resync(l)?;
                return Err(ParseError::new(
                    start,
                    format!("atom count: {n} is more than the limit of {MAX_ATOMS} atoms"),
                ));
            }
            Ok(n) if n > 0 => break (n, start),
            _ => {
                resync(l)?;
                return Err(ParseError::new(
                    start,
                    format!("atom count: expected a positive integer, found '{t}'"),
                ));
            }
        }
    };
    let Some(comment) = l.next_line()? else {
        return Err(ParseError::new(
            start,
            "file ends before the comment line of this frame",
        ));
    };
    let (title, data) = parse_comment(comment);
    let mut atoms = Vec::with_capacity(count);
    let mut bad: Option<ParseError> = None;
    for k in 0..count {
        let last = l.line;
        let Some((line, s)) = l.next_numbered()? else {
            return Err(ParseError::new(
                last,
                format!("file ends after {k} of {count} atom lines"),
            ));
        };
        if bad.is_some() {
            continue; // skip the rest of a bad frame, keeping the reader in step
        }
        let f: Vec<&str> = s.split_whitespace().collect();
        let parsed = match f.as_slice() {
            [sym, x, y, z, ..] => (|| {
                Ok(Atom {
                    element: element(sym, line)?,
                    pos: [
                        number(x, line, "x")?,
                        number(y, line, "y")?,
                        number(z, line, "z")?,
                    ],
                    name: String::new(),
                })
            })(),
            _ => Err(ParseError::new(
                line,
                format!(
                    "atom {}: expected 'symbol x y z', found '{}'",
                    k + 1,
                    s.trim()
                ),
            )),
        };
        match parsed {
            Ok(a) => atoms.push(a),
            Err(e) => bad = Some(e),
        }
    }
    if let Some(e) = bad {
        return Err(e);
    }
    Ok(Step::Record(Molecule {
        index: 0,
        line: start,
        title,
        atoms,
        serials: None,
        bonds: None,
        data,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_fields() {
        let (t, d) = parse_comment("isovaleryl conformer 0 MMFF94_energy_kcal_per_mol=15.698026");
        assert_eq!(t, "isovaleryl conformer 0");
        assert_eq!(
            d,
            vec![("MMFF94_energy_kcal_per_mol".into(), "15.698026".into())]
        );
        let (_, d) = parse_comment(" energy: -42.123456 gnorm: 0.0003 xtb: 6.5");
        assert_eq!(d.first(), Some(&("energy".into(), "-42.123456".into())));
        let (t, d) = parse_comment("-42.5");
        assert_eq!(
            (t.as_str(), d),
            ("", vec![("energy".into(), "-42.5".into())])
        );
    }
}
