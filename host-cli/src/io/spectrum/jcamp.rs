//! JCAMP-DX 1D NMR spectra (McDonald & Wilks, Appl. Spectrosc. 1988, 42, 151; NMR: Davies &
//! Lampen, Appl. Spectrosc. 1993, 47, 1093): the `##XYDATA=(X++(Y..Y))` table, or the first
//! (real) page of a Bruker `##NTUPLES` file, in any mix of ASDF compressions.
//!
//! * AFFN (free-format decimals) and PAC (the sign separates values);
//! * SQZ `@A–I a–i` (first digit and sign of an absolute value);
//! * DIF `%J–R j–r` (a difference from the previous value);
//! * DUP `S–Z s` (the previous value or difference occurs n times in all);
//! * the Y check value: after a line that ends in DIF form, the next line's first Y repeats the
//!   last Y and is checked, then dropped;
//! * the X check: each line's abscissa (in XFACTOR units) should advance with its first point's
//!   index, to within one point spacing plus one XFACTOR unit (MestReNova truncates each line's X
//!   to a whole unit). Beyond that (VnmrJ writes point indices as X) the X values are ignored with
//!   a warning and the axis is FIRSTX…LASTX over NPOINTS, as nmrglue always builds it;
//! * `##XYPOINTS=(XY..XY)` tables of (x, y) pairs;
//! * labels may be indented (` ##TITLE=`, the ISAS test files); a byte-order mark is skipped;
//! * multi-block files (`##DATA TYPE= LINK`): the labels are those of the block that holds the
//!   spectrum, with the LINK block's as defaults. Without a chosen block, the first block with a
//!   frequency-domain table is read; FID blocks (`XUNITS=SECONDS`) and peak tables are skipped.
//!   [`parse_block`] reads the n-th block (1-based, LINK wrappers not counted);
//! * in a line that uses SQZ/DIF/DUP characters, `E`/`e` after a decimal X is the SQZ digit 5,
//!   not an exponent (`1512.0E53o7…`); an exponent is `E` followed by a sign, or by a digit on a
//!   plain AFFN line.
//!
//! Abscissae are rebuilt as FIRSTX + i (LASTX − FIRSTX)/(NPOINTS − 1) and ordinates scaled by
//! YFACTOR. With `##.OBSERVE FREQUENCY` (MHz) and Bruker's `##$OFFSET` (ppm of the first point),
//! Hz are referenced to 0 ppm: ν = δ · MHz with δ = OFFSET − (FIRSTX − x)/MHz (the convention of
//! the cheminfo jcampconverter). Without `$OFFSET`, `##.SHIFT REFERENCE= (type, compound, point,
//! ppm)` references the Hz axis the same way through its data point (numbered from 1); a point
//! outside the spectrum is a warning and the axis stays unreferenced. Errors name the file, the
//! line and the LDR (field).

use crate::error::InputError;
use crate::io::limits::MAX_POINTS;
use std::collections::HashMap;
use std::path::Path;

/// A decoded 1D spectrum.
#[derive(Debug, Clone, PartialEq)]
pub struct Jcamp {
    /// Abscissae, Hz (referenced to 0 ppm when `$OFFSET` and the observe frequency are known).
    pub x_hz: Vec<f64>,
    /// Ordinates, YFACTOR applied.
    pub y: Vec<f64>,
    /// `##.OBSERVE FREQUENCY`, MHz.
    pub observe_mhz: Option<f64>,
    /// Whether `x_hz` is referenced to 0 ppm (a PPM axis, `$OFFSET` or `.SHIFT REFERENCE`).
    pub referenced: bool,
    /// `##$TE` (Bruker sample temperature), K.
    pub temp_k: Option<f64>,
    /// `##.OBSERVE NUCLEUS`, e.g. `^1H`.
    pub nucleus: Option<String>,
    /// Things read but doubtful (X check off, X values ignored, …), each naming its line.
    pub warnings: Vec<String>,
}

/// Normalised label: upper case without spaces, dashes, slashes and underscores (JCAMP-DX rule).
fn norm(label: &str) -> String {
    label
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '/' | '_'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// Text before a `$$` comment.
fn strip_comment(s: &str) -> &str {
    s.split_once("$$").map(|(a, _)| a).unwrap_or(s)
}

/// One `##TITLE=` block: its labelled data records and the data lines of its first table.
#[derive(Default)]
struct Records<'a> {
    ldr: HashMap<String, (String, u64)>,
    table: Option<(String, u64)>,
    data: Vec<(u64, &'a str)>,
    /// The LINK block nesting it, whose labels are defaults.
    parent: Option<usize>,
}

impl Records<'_> {
    fn is_link(&self) -> bool {
        self.ldr
            .get("DATATYPE")
            .is_some_and(|v| norm(&v.0) == "LINK")
    }

    /// A time-domain table (an FID): XUNITS (or the NTUPLES X column's UNITS) in seconds.
    fn is_fid(&self) -> bool {
        let units = self
            .ldr
            .get("XUNITS")
            .map(|v| v.0.clone())
            .or_else(|| column(&self.ldr, "UNITS", 0))
            .unwrap_or_default();
        let data_type = self
            .ldr
            .get("DATATYPE")
            .map(|v| norm(&v.0))
            .unwrap_or_default();
        norm(&units) == "SECONDS" || data_type.contains("FID")
    }
}

/// Splits the file into `##TITLE=` blocks.
fn blocks<'a>(path: &Path, text: &'a str) -> Result<Vec<Records<'a>>, InputError> {
    let mut out: Vec<Records> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut in_table = false;
    let mut table_done = false;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = raw.trim_end_matches('\r');
        if let Some(rest) = line.trim_start().strip_prefix("##") {
            let (label, value) = rest.split_once('=').ok_or_else(|| {
                InputError::at(path, line_no, format!("##{rest}: label without '='"))
            })?;
            let key = norm(label);
            let value = strip_comment(value).trim().to_string();
            in_table = false;
            if key == "TITLE" {
                let parent = open.last().copied().filter(|&b| out[b].is_link());
                out.push(Records {
                    parent,
                    ..Records::default()
                });
                open.push(out.len() - 1);
                table_done = false;
            }
            let Some(&b) = open.last() else {
                if out.is_empty() {
                    return Err(InputError::at(
                        path,
                        line_no,
                        format!("##{label}: before the first ##TITLE="),
                    ));
                }
                continue; // after the last ##END=
            };
            let r = &mut out[b];
            match key.as_str() {
                "XYDATA" | "DATATABLE" | "XYPOINTS" if !table_done && r.table.is_none() => {
                    r.table = Some((value, line_no));
                    in_table = true;
                    table_done = true;
                }
                "END" => {
                    open.pop();
                }
                _ => {
                    r.ldr.entry(key).or_insert((value, line_no));
                }
            }
        } else if in_table {
            let body = strip_comment(line).trim();
            if !body.is_empty() {
                if let Some(&b) = open.last() {
                    out[b].data.push((line_no, body));
                }
            }
        }
    }
    Ok(out)
}

/// The block to read: the `block`-th (1-based, LINK blocks not counted), else the first with a
/// frequency-domain table. Its labels are completed with its LINK block's.
fn records<'a>(
    path: &Path,
    text: &'a str,
    block: Option<usize>,
) -> Result<Records<'a>, InputError> {
    let mut all = blocks(path, text)?;
    let real: Vec<usize> = (0..all.len()).filter(|&b| !all[b].is_link()).collect();
    let chosen = match block {
        Some(n) => *n.checked_sub(1).and_then(|k| real.get(k)).ok_or_else(|| {
            InputError::arg(
                "--block",
                format!("{}: the file has {} block(s)", path.display(), real.len()),
            )
        })?,
        None => {
            let with_table: Vec<usize> = real
                .iter()
                .copied()
                .filter(|&b| all[b].table.is_some())
                .collect();
            match with_table.iter().find(|&&b| !all[b].is_fid()) {
                Some(&b) => b,
                None if !with_table.is_empty() => {
                    return Err(InputError::file(
                        path,
                        "only time-domain data (an FID, XUNITS=SECONDS) in this file; ringflux reads spectra",
                    ))
                }
                None => real.first().copied().unwrap_or(0),
            }
        }
    };
    if all.is_empty() {
        return Err(InputError::at(path, 1, "no ##TITLE= block: not JCAMP-DX"));
    }
    let mut r = std::mem::take(&mut all[chosen]);
    if let Some(p) = r.parent {
        for (k, v) in &all[p].ldr {
            r.ldr.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    Ok(r)
}

/// One decoded token of a data line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    /// An absolute value (AFFN, PAC or SQZ).
    Abs(f64),
    /// A difference (DIF).
    Dif(f64),
    /// Repeat the previous token so that it occurs n times in all (DUP).
    Dup(u32),
}

/// Splits one data line into tokens. `field` names the table in errors.
fn tokens(path: &Path, line_no: u64, line: &str) -> Result<Vec<Token>, InputError> {
    let err = |what: String| InputError::at(path, line_no, format!("XYDATA: {what}"));
    let mut out = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    // A line with SQZ/DIF/DUP characters other than E/e is compressed: there, E/e are SQZ digits.
    let compressed = chars
        .iter()
        .any(|c| matches!(c, '@' | '%' | 'A'..='D' | 'F'..='Z' | 'a'..='d' | 'f'..='s'));
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == ' ' || c == '\t' || c == ',' || c == ';' {
            i += 1;
            continue;
        }
        // The token's kind ('a'bsolute, 'd'ifference, d'u'plicate) and its leading digits: a
        // SQZ/DIF/DUP character stands for a signed first digit.
        let digit = |base: u8| ((b'0' + c as u8 - base + 1) as char).to_string();
        let (kind, mut s): (u8, String) = match c {
            '+' | '-' | '.' | '0'..='9' => (b'a', c.to_string()),
            '@' => (b'a', "0".into()),
            'A'..='I' => (b'a', digit(b'A')),
            'a'..='i' => (b'a', format!("-{}", digit(b'a'))),
            '%' => (b'd', "0".into()),
            'J'..='R' => (b'd', digit(b'J')),
            'j'..='r' => (b'd', format!("-{}", digit(b'j'))),
            'S'..='Z' => (b'u', digit(b'S')),
            's' => (b'u', "9".into()),
            '?' => return Err(err(format!("missing value '?' at column {}", i + 1))),
            _ => {
                return Err(err(format!(
                    "unexpected character '{c}' at column {}",
                    i + 1
                )))
            }
        };
        let start = i + 1;
        let mut j = start;
        let affn = matches!(c, '+' | '-' | '.' | '0'..='9');
        while let Some(&d) = chars.get(j) {
            let exponent = affn
                && (d == 'E' || d == 'e')
                && s.contains('.')
                && chars
                    .get(j + 1)
                    .is_some_and(|n| *n == '+' || *n == '-' || (!compressed && n.is_ascii_digit()));
            if d.is_ascii_digit() || (affn && d == '.') {
                s.push(d);
                j += 1;
            } else if exponent {
                s.push('e');
                if let Some(&n) = chars.get(j + 1) {
                    s.push(n);
                }
                j += 2;
            } else {
                break;
            }
        }
        let bad = || {
            err(format!(
                "unreadable value '{}' at column {}",
                chars
                    .get(i..j)
                    .unwrap_or_default()
                    .iter()
                    .collect::<String>(),
                i + 1
            ))
        };
        out.push(match kind {
            b'a' => Token::Abs(s.parse().map_err(|_| bad())?),
            b'd' => Token::Dif(s.parse().map_err(|_| bad())?),
            _ => {
                let n: u32 = s.parse().map_err(|_| bad())?;
                if n == 0 {
                    return Err(err(format!("DUP count 0 at column {}", i + 1)));
                }
                Token::Dup(n)
            }
        });
        i = j;
    }
    Ok(out)
}

/// A required numeric LDR.
fn num(
    path: &Path,
    ldr: &HashMap<String, (String, u64)>,
    key: &str,
    name: &str,
) -> Result<f64, InputError> {
    let (v, line) = ldr
        .get(key)
        .ok_or_else(|| InputError::file(path, format!("##{name}: missing")))?;
    opt_parse(v)
        .ok_or_else(|| InputError::at(path, *line, format!("##{name}: not a finite number: '{v}'")))
}

fn opt_parse(v: &str) -> Option<f64> {
    crate::io::table::parse_finite(v)
}

/// An optional numeric LDR: absent → None, present but not a number → error at its line.
fn opt_field(
    path: &Path,
    ldr: &HashMap<String, (String, u64)>,
    key: &str,
    name: &str,
) -> Result<Option<f64>, InputError> {
    match ldr.get(key) {
        None => Ok(None),
        Some(_) => num(path, ldr, key, name).map(Some),
    }
}

fn opt_num(ldr: &HashMap<String, (String, u64)>, key: &str) -> Option<f64> {
    ldr.get(key).and_then(|(v, _)| opt_parse(v))
}

/// A usable shift reference (0-based point, ppm), or why the label cannot be used.
type ShiftReference = Result<(usize, f64), String>;

/// `##.SHIFT REFERENCE= (type, compound, point, ppm)` (JCAMP-DX NMR 5.01, Davies & Lampen,
/// Appl. Spectrosc. 1993, 47, 1093): the shift of one data point, numbered from 1. Returns the
/// 0-based index and the shift, or why the label cannot be used, with the label's line.
fn shift_reference(
    ldr: &HashMap<String, (String, u64)>,
    n: usize,
) -> Option<(ShiftReference, u64)> {
    let (v, line) = ldr.get(".SHIFTREFERENCE")?;
    let fields: Vec<&str> = v
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .map(str::trim)
        .collect();
    let parsed = match fields.as_slice() {
        [_, _, point, ppm] => match (point.parse::<usize>(), opt_parse(ppm)) {
            (Ok(p), Some(ppm)) if (1..=n).contains(&p) => Ok((p - 1, ppm)),
            (Ok(p), Some(_)) => Err(format!("data point {p} is not one of 1..{n}")),
            _ => Err(format!(
                "'{point}, {ppm}' is not a point number and a shift"
            )),
        },
        _ => Err("expected (type, compound, point, ppm)".to_string()),
    };
    Some((parsed, *line))
}

/// The i-th comma-separated column of an NTUPLES LDR.
fn column(ldr: &HashMap<String, (String, u64)>, key: &str, i: usize) -> Option<String> {
    ldr.get(key)
        .and_then(|(v, _)| v.split(',').nth(i).map(|s| s.trim().to_string()))
}

/// Axis parameters of the table: FIRSTX, LASTX, NPOINTS, XFACTOR, YFACTOR, XUNITS.
struct Axis {
    first: f64,
    last: f64,
    n: usize,
    xfactor: f64,
    yfactor: f64,
    units: String,
    /// An `(XY..XY)` table of pairs rather than `(X++(Y..Y))`.
    pairs: bool,
}

fn axis(path: &Path, r: &Records) -> Result<Axis, InputError> {
    let (form, line) = r.table.clone().unwrap_or_default();
    let compact: String = form
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let pairs = compact.starts_with("(XY..XY)");
    if compact.starts_with("(X++(Y..Y))") || pairs {
        let n = num(path, &r.ldr, "NPOINTS", "NPOINTS")?;
        let l = r.ldr.get("NPOINTS").map(|v| v.1).unwrap_or(line);
        if n < 2.0 || n.fract() != 0.0 {
            return Err(InputError::at(
                path,
                l,
                format!("##NPOINTS: not a point count ≥ 2: {n}"),
            ));
        }
        if n > MAX_POINTS as f64 {
            return Err(crate::io::limits::too_many(
                path,
                l,
                "##NPOINTS",
                MAX_POINTS,
            ));
        }
        // An (XY..XY) table carries its own abscissae: FIRSTX/LASTX are optional there.
        let end = |key: &str| -> Result<f64, InputError> {
            if pairs {
                Ok(opt_field(path, &r.ldr, key, key)?.unwrap_or(f64::NAN))
            } else {
                num(path, &r.ldr, key, key)
            }
        };
        return Ok(Axis {
            first: end("FIRSTX")?,
            last: end("LASTX")?,
            n: n as usize,
            xfactor: opt_field(path, &r.ldr, "XFACTOR", "XFACTOR")?.unwrap_or(1.0),
            yfactor: opt_field(path, &r.ldr, "YFACTOR", "YFACTOR")?.unwrap_or(1.0),
            units: r
                .ldr
                .get("XUNITS")
                .map(|v| v.0.to_uppercase())
                .unwrap_or_default(),
            pairs,
        });
    }
    if compact.starts_with("(X++(R..R))") {
        // Bruker NTUPLES: per-variable columns; X and R by their SYMBOL.
        let symbols: Vec<String> = r
            .ldr
            .get("SYMBOL")
            .map(|v| v.0.split(',').map(|s| s.trim().to_uppercase()).collect())
            .unwrap_or_default();
        let ix = symbols.iter().position(|s| s == "X");
        let ir = symbols.iter().position(|s| s == "R");
        let (Some(ix), Some(ir)) = (ix, ir) else {
            return Err(InputError::at(
                path,
                line,
                "##SYMBOL: NTUPLES table without X and R columns",
            ));
        };
        let get = |key: &str, i: usize| -> Result<f64, InputError> {
            column(&r.ldr, key, i)
                .and_then(|s| opt_parse(&s))
                .ok_or_else(|| {
                    InputError::file(path, format!("##{key}: no number in column {}", i + 1))
                })
        };
        let n = get("VARDIM", ix)?;
        if n < 2.0 || n.fract() != 0.0 {
            return Err(InputError::file(
                path,
                format!("##VAR_DIM: not a point count ≥ 2: {n}"),
            ));
        }
        if n > MAX_POINTS as f64 {
            return Err(InputError::file(
                path,
                format!("##VAR_DIM: more than the limit of {MAX_POINTS}"),
            ));
        }
        return Ok(Axis {
            first: get("FIRST", ix)?,
            last: get("LAST", ix)?,
            n: n as usize,
            xfactor: get("FACTOR", ix)?,
            yfactor: get("FACTOR", ir)?,
            units: column(&r.ldr, "UNITS", ix)
                .unwrap_or_default()
                .to_uppercase(),
            pairs: false,
        });
    }
    Err(InputError::at(
        path,
        line,
        format!("XYDATA: only (X++(Y..Y)) and (XY..XY) tables are read, found '{form}'"),
    ))
}

/// Reads a JCAMP-DX file (the spectrum block; see [`read_block`]).
pub fn read(path: &Path) -> Result<Jcamp, InputError> {
    read_block(path, None)
}

/// Reads block `block` (1-based, LINK blocks not counted) of a JCAMP-DX file, or the spectrum
/// block when `None`.
pub fn read_block(path: &Path, block: Option<usize>) -> Result<Jcamp, InputError> {
    let bytes = crate::io::limits::read_bytes(path)?;
    // JCAMP-DX is ASCII or UTF-8; tolerate Latin-1 in comments.
    let text = String::from_utf8_lossy(&bytes);
    parse_block(path, &text, block)
}

/// Parses JCAMP-DX text (`path` names it in messages).
pub fn parse(path: &Path, text: &str) -> Result<Jcamp, InputError> {
    parse_block(path, text, None)
}

/// Parses block `block` of JCAMP-DX text (see [`read_block`]).
pub fn parse_block(path: &Path, text: &str, block: Option<usize>) -> Result<Jcamp, InputError> {
    let r = records(path, text, block)?;
    if r.table.is_none() {
        return Err(InputError::file(
            path,
            "##XYDATA: no (X++(Y..Y)) spectrum table in the file",
        ));
    }
    let ax = axis(path, &r)?;
    for (name, v) in [("XFACTOR", ax.xfactor), ("YFACTOR", ax.yfactor)] {
        if v == 0.0 || !v.is_finite() {
            return Err(InputError::file(
                path,
                format!("##{name}: must be a finite non-zero number, is {v}"),
            ));
        }
    }
    if !ax.pairs && ax.first == ax.last {
        return Err(InputError::file(
            path,
            "##FIRSTX/##LASTX: the axis has zero width",
        ));
    }
    let (x_hz, y, warnings) = if ax.pairs {
        let (x, y) = decode_pairs(path, &r.data, &ax)?;
        (x, y, Vec::new())
    } else {
        decode(path, &r.data, &ax)?
    };
    let observe_mhz = opt_num(&r.ldr, ".OBSERVEFREQUENCY").filter(|f| *f > 0.0);
    let mut x_hz = match ax.units.as_str() {
        "HZ" => x_hz,
        "PPM" => {
            let mhz = observe_mhz.ok_or_else(|| {
                InputError::file(
                    path,
                    "##.OBSERVE FREQUENCY: needed to convert an XUNITS=PPM axis to Hz",
                )
            })?;
            x_hz.iter().map(|d| d * mhz).collect()
        }
        u => {
            return Err(InputError::file(
                path,
                format!("##XUNITS: '{u}' is not an NMR frequency axis (HZ or PPM)"),
            ))
        }
    };
    let mut referenced = ax.units == "PPM";
    let mut warnings = warnings;
    if let (Some(mhz), "HZ") = (observe_mhz, ax.units.as_str()) {
        let by_point = shift_reference(&r.ldr, x_hz.len());
        let shift = match (opt_num(&r.ldr, "$OFFSET"), by_point) {
            (Some(offset), by_point) => {
                let shift = offset * mhz - ax.first;
                if let Some((Ok((i, ppm)), line)) = by_point {
                    let other = ppm * mhz - x_hz[i];
                    let spacing = (ax.last - ax.first).abs() / (ax.n.max(2) - 1) as f64;
                    if (other - shift).abs() > spacing {
                        warnings.push(format!(
                            "line {line}: ##.SHIFT REFERENCE disagrees with ##$OFFSET by {:.1} Hz; $OFFSET used",
                            other - shift
                        ));
                    }
                }
                Some(shift)
            }
            (None, Some((Ok((i, ppm)), _))) => Some(ppm * mhz - x_hz[i]),
            (None, Some((Err(why), line))) => {
                warnings.push(format!(
                    "line {line}: ##.SHIFT REFERENCE: {why}; the Hz axis is left unreferenced"
                ));
                None
            }
            (None, None) => None,
        };
        if let Some(shift) = shift {
            x_hz.iter_mut().for_each(|x| *x += shift);
            referenced = true;
        }
    }
    Ok(Jcamp {
        x_hz,
        y,
        observe_mhz,
        referenced,
        temp_k: opt_num(&r.ldr, "$TE").filter(|t| *t > 0.0),
        nucleus: r.ldr.get(".OBSERVENUCLEUS").map(|v| v.0.clone()),
        warnings,
    })
}

/// Decodes an `(XY..XY)` table: AFFN (x, y) pairs, separated by blanks, commas or semicolons,
/// scaled by XFACTOR and YFACTOR.
fn decode_pairs(
    path: &Path,
    lines: &[(u64, &str)],
    ax: &Axis,
) -> Result<(Vec<f64>, Vec<f64>), InputError> {
    let mut values: Vec<(u64, f64)> = Vec::new();
    for &(line_no, line) in lines {
        for t in line.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
            if t.is_empty() {
                continue;
            }
            let v = opt_parse(t).ok_or_else(|| {
                InputError::at(path, line_no, format!("XYPOINTS: '{t}' is not a number"))
            })?;
            values.push((line_no, v));
            if values.len() > 2 * ax.n {
                return Err(InputError::at(
                    path,
                    line_no,
                    format!("XYPOINTS: more than the {} points NPOINTS announces", ax.n),
                ));
            }
        }
    }
    if values.len() != 2 * ax.n {
        return Err(InputError::file(
            path,
            format!(
                "XYPOINTS: {} numbers read, NPOINTS = {} needs {} (x, y pairs)",
                values.len(),
                ax.n,
                2 * ax.n
            ),
        ));
    }
    let x = values.iter().step_by(2).map(|v| v.1 * ax.xfactor).collect();
    let y = values
        .iter()
        .skip(1)
        .step_by(2)
        .map(|v| v.1 * ax.yfactor)
        .collect();
    Ok((x, y))
}

/// Decoded abscissae, ordinates and warnings.
type Decoded = (Vec<f64>, Vec<f64>, Vec<String>);

/// Decodes the data lines into (x, y) with the X and Y checks.
fn decode(path: &Path, lines: &[(u64, &str)], ax: &Axis) -> Result<Decoded, InputError> {
    let dx = (ax.last - ax.first) / (ax.n - 1) as f64;
    let mut ys: Vec<f64> = Vec::with_capacity(ax.n.min(1 << 20));
    let mut ended_in_dif = false;
    let mut first_x: Option<f64> = None;
    let mut x_warning: Option<String> = None;
    for &(line_no, line) in lines {
        let err = |what: String| InputError::at(path, line_no, format!("XYDATA: {what}"));
        let toks = tokens(path, line_no, line)?;
        let mut it = toks.into_iter();
        let x = match it.next() {
            Some(Token::Abs(x)) => x,
            Some(_) => return Err(err("a line must start with its X value".into())),
            None => continue,
        };
        // Expand the Y tokens of this line.
        let mut line_ys: Vec<f64> = Vec::new();
        let mut last: Option<Token> = None;
        let mut prev = ys.last().copied();
        let mut dif = false;
        for t in it {
            match t {
                Token::Abs(v) => {
                    line_ys.push(v);
                    prev = Some(v);
                    dif = false;
                }
                Token::Dif(d) => {
                    let p = prev.ok_or_else(|| err("DIF value without a previous Y".into()))?;
                    line_ys.push(p + d);
                    prev = Some(p + d);
                    dif = true;
                }
                Token::Dup(n) => {
                    let repeat = last.ok_or_else(|| err("DUP without a value to repeat".into()))?;
                    // A count beyond what NPOINTS leaves is an error, not a huge allocation.
                    if ys.len() + line_ys.len() + n as usize > ax.n + 2 {
                        return Err(err(format!(
                            "DUP count {n} runs past the {} points NPOINTS announces",
                            ax.n
                        )));
                    }
                    for _ in 1..n {
                        let v = match repeat {
                            Token::Dif(d) => prev.unwrap_or(0.0) + d,
                            Token::Abs(v) => v,
                            Token::Dup(_) => return Err(err("DUP after DUP".into())),
                        };
                        line_ys.push(v);
                        prev = Some(v);
                    }
                    last = Some(repeat);
                    continue;
                }
            }
            last = Some(t);
        }
        // Y check: the previous line ended in DIF form, so this line's first Y repeats its last.
        let mut first_index = ys.len();
        if ended_in_dif {
            let (Some(&check), Some(&prev_last)) = (line_ys.first(), ys.last()) else {
                return Err(err("Y check value missing after a DIF line".into()));
            };
            if (check - prev_last).abs() > 1e-9 * prev_last.abs().max(1.0) {
                return Err(err(format!(
                    "Y check failed: the line starts with {check}, the previous line ended with {prev_last}"
                )));
            }
            line_ys.remove(0);
            first_index -= 1;
        }
        // X check: abscissae (XFACTOR units) advance with the point index. Checked relative to the
        // first line, because some Bruker writers offset every X by a constant (indometacin_1h.dx
        // numbers points from LASTX), which loses no information.
        // Writers that truncate X to a whole XFACTOR unit (MestReNova) are off by less than one
        // unit; beyond one point spacing plus one unit, X is not the abscissa (VnmrJ: indices).
        let x0 = *first_x.get_or_insert(x);
        let want = x0 + first_index as f64 * dx / ax.xfactor;
        let step = (dx / ax.xfactor).abs();
        if (x - want).abs() > step + 1.0 && x_warning.is_none() {
            x_warning = Some(format!(
                "{}:{line_no}: XYDATA: X check: abscissa {x} is not that of point {} ({want}); \
                 the X values are ignored and the axis is FIRSTX..LASTX over NPOINTS (as nmrglue)",
                path.display(),
                first_index + 1
            ));
        }
        ended_in_dif = dif;
        ys.extend(line_ys);
        if ys.len() > ax.n {
            return Err(err(format!(
                "more than the {} points NPOINTS announces",
                ax.n
            )));
        }
    }
    if ys.len() != ax.n {
        return Err(InputError::file(
            path,
            format!("XYDATA: {} points decoded, NPOINTS says {}", ys.len(), ax.n),
        ));
    }
    let y: Vec<f64> = ys.iter().map(|v| v * ax.yfactor).collect();
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(InputError::file(
            path,
            format!(
                "XYDATA: point {} is not a finite number (value × YFACTOR overflows)",
                i + 1
            ),
        ));
    }
    let x = (0..ax.n).map(|i| ax.first + i as f64 * dx).collect();
    Ok((x, y, x_warning.into_iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        tokens(Path::new("t"), 1, s).unwrap()
    }

    #[test]
    fn every_compression_form_tokenises() {
        use Token::*;
        assert_eq!(toks("1 2.5 -3"), vec![Abs(1.0), Abs(2.5), Abs(-3.0)]);
        assert_eq!(toks("1+2-3"), vec![Abs(1.0), Abs(2.0), Abs(-3.0)]);
        assert_eq!(
            toks("1@A2a3"),
            vec![Abs(1.0), Abs(0.0), Abs(12.0), Abs(-13.0)]
        );
        assert_eq!(
            toks("1A0J5j%"),
            vec![Abs(1.0), Abs(10.0), Dif(15.0), Dif(-1.0), Dif(0.0)]
        );
        assert_eq!(toks("1A0T s1"), vec![Abs(1.0), Abs(10.0), Dup(2), Dup(91)]);
        assert_eq!(toks("1.5E+03 2"), vec![Abs(1500.0), Abs(2.0)]);
        assert_eq!(toks("1.5E3 2"), vec![Abs(1500.0), Abs(2.0)]);
        // SQZ line: E5 after a decimal X is the value 55, not an exponent (o05.jdx line 82).
        assert_eq!(toks("1512.0E5j"), vec![Abs(1512.0), Abs(55.0), Dif(-1.0)]);
        assert!(tokens(Path::new("t"), 1, "1 ?").is_err());
        assert!(tokens(Path::new("t"), 1, "1 #").is_err());
    }

    #[test]
    fn dif_dup_and_y_check_decode() {
        // 10 points 0..9 (X = index): y = 5, 6, 7, 7, 7, 7, 10, 10, 10, 4
        let text = "##TITLE=t\n##XUNITS=HZ\n##FIRSTX=0\n##LASTX=9\n##NPOINTS=10\n##XYDATA=(X++(Y..Y))\n0EJJ%U\n5GL%T\n8A0D\n##END=\n";
        let j = parse(Path::new("t.dx"), text).unwrap();
        assert_eq!(
            j.y,
            vec![5.0, 6.0, 7.0, 7.0, 7.0, 7.0, 10.0, 10.0, 10.0, 4.0]
        );
        let bad = text.replace("5GL", "5HL");
        let e = parse(Path::new("t.dx"), &bad).unwrap_err();
        assert!(
            e.to_string().contains("t.dx:8: XYDATA: Y check failed"),
            "{e}"
        );
        // X 1 where point 6 (X 5) is due: more than one point plus one unit off: read with the
        // X values ignored, and a warning.
        let bad_x = text.replace("5GL", "1GL");
        let j = parse(Path::new("t.dx"), &bad_x).unwrap();
        assert_eq!(j.y.len(), 10);
        assert!(
            j.warnings[0].contains("t.dx:8: XYDATA: X check"),
            "{:?}",
            j.warnings
        );
        // X 4.5 (truncation by less than a unit): no warning.
        let trunc = text.replace("5GL", "4.5GL");
        assert!(parse(Path::new("t.dx"), &trunc)
            .unwrap()
            .warnings
            .is_empty());
        let short = text.replace("8A0D\n", "");
        assert!(parse(Path::new("t.dx"), &short)
            .unwrap_err()
            .to_string()
            .contains("9 points decoded"));
    }
}
