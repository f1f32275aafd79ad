//! mmCIF / PDBx: the `_atom_site` loop, read by column name (files order the columns freely).
//!
//! Columns used: `Cartn_x/y/z` (required), `type_symbol` (else the element is taken from the
//! atom name), `label_atom_id` (else `auth_atom_id`), `label_alt_id`, `pdbx_PDB_model_num`,
//! `id`. One record per model, in file order. Of the alternate locations of a site only blank
//! (`.`/`?`), `A` and `1` are kept, as the PDB reader does and as RDKit keeps altloc A; bonds are
//! perceived from distances (the file's `_struct_conn`/`_chem_comp_bond` tables are not read).
//!
//! Why not a crate: pdbtbx (the maintained Rust PDB/mmCIF crate) builds a whole validated
//! structure model with a larger dependency tree; the part of mmCIF ringflux needs is one loop
//! (pdbtbx was not tried on the shared files). The tokenizer follows CIF 1.1 (whitespace-separated
//! values, `'…'`/`"…"` quotes ending at a quote followed by blank, `;` text fields, `#` comments).

use super::{element, number, Atom, Lines, Molecule, ParseError, Step};
use crate::io::limits::MAX_ATOMS;
use std::collections::VecDeque;
use std::io::BufRead;

/// Models read but not yet returned.
#[derive(Default)]
pub(crate) struct State {
    queue: VecDeque<Molecule>,
    read: bool,
}

/// One CIF value with the line it starts on.
struct Token {
    text: String,
    line: u64,
    /// A bare `loop_`, `data_…` or `_tag` (quoted values are never keywords).
    bare: bool,
}

/// Splits one line into tokens (text fields are handled by the caller).
fn tokens_of(s: &str, line: u64, out: &mut Vec<Token>) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'#' {
            break;
        }
        if c == b'\'' || c == b'"' {
            let mut j = i + 1;
            while j < b.len() && !(b[j] == c && b.get(j + 1).is_none_or(u8::is_ascii_whitespace)) {
                j += 1;
            }
            out.push(Token {
                text: s.get(i + 1..j.min(b.len())).unwrap_or("").to_string(),
                line,
                bare: false,
            });
            i = j + 1;
            continue;
        }
        let mut j = i;
        while j < b.len() && !b[j].is_ascii_whitespace() {
            j += 1;
        }
        out.push(Token {
            text: s.get(i..j).unwrap_or("").to_string(),
            line,
            bare: true,
        });
        i = j;
    }
}

/// All tokens of the file.
fn tokenize<R: BufRead>(l: &mut Lines<R>) -> Result<Vec<Token>, ParseError> {
    let mut out = Vec::new();
    let mut text: Option<(String, u64)> = None;
    while let Some((no, s)) = l.next_numbered()? {
        if let Some((t, start)) = text.as_mut() {
            if let Some(rest) = s.strip_prefix(';') {
                out.push(Token {
                    text: std::mem::take(t),
                    line: *start,
                    bare: false,
                });
                text = None;
                tokens_of(rest, no, &mut out);
            } else {
                t.push_str(s);
                t.push('\n');
            }
            continue;
        }
        if let Some(rest) = s.strip_prefix(';') {
            text = Some((format!("{rest}\n"), no));
            continue;
        }
        tokens_of(s, no, &mut out);
    }
    if let Some((_, start)) = text {
        return Err(ParseError::new(start, "text field: no closing ';' line"));
    }
    Ok(out)
}

fn missing(v: &str) -> bool {
    v == "." || v == "?"
}

/// Reads the `_atom_site` loop into one molecule per model.
fn read_models<R: BufRead>(l: &mut Lines<R>) -> Result<Vec<Molecule>, ParseError> {
    let toks = tokenize(l)?;
    let mut title = String::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.bare && t.text.starts_with("data_") && title.is_empty() {
            title = t.text["data_".len()..].to_string();
        }
        if !(t.bare && t.text.eq_ignore_ascii_case("loop_")) {
            i += 1;
            continue;
        }
        let loop_line = t.line;
        let mut tags = Vec::new();
        i += 1;
        while let Some(t) = toks.get(i).filter(|t| t.bare && t.text.starts_with('_')) {
            tags.push(t.text.to_ascii_lowercase());
            i += 1;
        }
        let is_atom_site = tags.first().is_some_and(|t| t.starts_with("_atom_site."));
        let start = i;
        while toks
            .get(i)
            .is_some_and(|t| !(t.bare && (t.text.starts_with('_') || is_keyword(&t.text))))
        {
            i += 1;
        }
        if is_atom_site {
            return atom_site(&tags, &toks[start..i], loop_line, &title);
        }
    }
    Err(ParseError::new(
        1,
        "no _atom_site loop (is this an mmCIF coordinate file?)",
    ))
}

fn is_keyword(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower == "loop_" || lower.starts_with("data_") || lower.starts_with("save_") || lower == "stop_"
}

fn atom_site(
    tags: &[String],
    values: &[Token],
    loop_line: u64,
    title: &str,
) -> Result<Vec<Molecule>, ParseError> {
    let col = |name: &str| tags.iter().position(|t| t == &format!("_atom_site.{name}"));
    let need = |name: &str| {
        col(name)
            .ok_or_else(|| ParseError::new(loop_line, format!("_atom_site.{name}: column missing")))
    };
    let (cx, cy, cz) = (need("cartn_x")?, need("cartn_y")?, need("cartn_z")?);
    let c_type = col("type_symbol");
    let c_name = col("label_atom_id").or_else(|| col("auth_atom_id"));
    let c_alt = col("label_alt_id");
    let c_model = col("pdbx_pdb_model_num");
    let c_id = col("id");
    let n = tags.len();
    if !values.len().is_multiple_of(n) {
        let line = values.last().map_or(loop_line, |t| t.line);
        return Err(ParseError::new(
            line,
            format!(
                "_atom_site: {} values do not fill rows of {n} columns",
                values.len()
            ),
        ));
    }
    let mut models: Vec<(String, Molecule)> = Vec::new();
    for row in values.chunks_exact(n) {
        let line = row[0].line;
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).map(|t| t.text.as_str());
        if let Some(alt) = get(c_alt) {
            if !(missing(alt) || alt == "A" || alt == "1") {
                continue;
            }
        }
        let model = get(c_model).unwrap_or("1").to_string();
        if models.last().is_none_or(|(m, _)| *m != model) {
            if models.iter().any(|(m, _)| *m == model) {
                return Err(ParseError::new(
                    line,
                    format!("pdbx_PDB_model_num: model {model} resumes after another model"),
                ));
            }
            models.push((
                model.clone(),
                Molecule {
                    line,
                    title: title.to_string(),
                    ..Molecule::default()
                },
            ));
        }
        let name = get(c_name)
            .filter(|s| !missing(s))
            .unwrap_or("")
            .to_string();
        let symbol = match get(c_type).filter(|s| !missing(s)) {
            Some(s) => s.to_string(),
            None => name
                .chars()
                .skip_while(char::is_ascii_digit)
                .take(1)
                .collect(),
        };
        let Some((_, m)) = models.last_mut() else {
            continue;
        };
        if m.atoms.len() >= MAX_ATOMS {
            return Err(ParseError::new(
                line,
                format!("model: more than the limit of {MAX_ATOMS} atoms"),
            ));
        }
        let text = |c: usize| row.get(c).map_or("", |t| t.text.as_str());
        if let Some(c) = c_id {
            let serials = m.serials.get_or_insert_with(Vec::new);
            serials.push(text(c).parse().ok());
        }
        m.atoms.push(Atom {
            element: element(&symbol, line)?,
            pos: [
                number(text(cx), line, "_atom_site.Cartn_x")?,
                number(text(cy), line, "_atom_site.Cartn_y")?,
                number(text(cz), line, "_atom_site.Cartn_z")?,
            ],
            name,
        });
    }
    if models.is_empty() {
        return Err(ParseError::new(loop_line, "_atom_site: no atoms"));
    }
    Ok(models.into_iter().map(|(_, m)| m).collect())
}

/// Reads the next model.
pub(crate) fn next<R: BufRead>(l: &mut Lines<R>, st: &mut State) -> Result<Step, ParseError> {
    if !st.read {
        st.read = true;
        st.queue = read_models(l)?.into();
    }
    Ok(st.queue.pop_front().map_or(Step::End, Step::Record))
}
