//! 3D structures from files: multi-frame XYZ, SDF/MOL (V2000 and V3000), PDB, mmCIF/PDBx
//! (`_atom_site`) and Tripos Mol2, each also gzip-compressed (`.gz`, read through flate2). The
//! format comes from the extension (without `.gz`), else from the content.
//!
//! Readers stream: [`Records`] yields one [`Molecule`] per record (frame, `$$$$` block, PDB model)
//! while reading the file line by line, so a file of 10⁶ conformers needs memory for one record.
//! A bad record yields an [`InputError`] naming `file:line` and the reason; the reader then skips
//! to the start of the next record, so a caller may go on (`--keep-going`) or stop.

pub mod bonds;
mod elements;
mod mmcif;
mod mol2;
mod pdb;
mod sdf;
mod xyz;

pub use elements::Element;

use crate::error::InputError;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One atom.
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    /// Element.
    pub element: Element,
    /// Position, Å.
    pub pos: [f64; 3],
    /// Atom name (PDB), empty otherwise.
    pub name: String,
}

/// A bond between atoms `a` and `b` (0-based), with its order when the file gives one
/// (1, 2, 3; 4 = aromatic in SDF), 0 when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bond {
    /// First atom (0-based).
    pub a: usize,
    /// Second atom (0-based).
    pub b: usize,
    /// Bond order, 0 = unknown.
    pub order: u8,
}

/// One structure (a conformer, a frame or a model) as read from a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Molecule {
    /// 1-based record number in the file.
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: u64,
    /// Title (SDF first line, XYZ comment without its key=value fields, PDB TITLE/COMPND).
    pub title: String,
    /// Atoms in file order.
    pub atoms: Vec<Atom>,
    /// The file's own atom numbers, in file order, where the format has them (PDB serial, mmCIF
    /// `_atom_site.id`): users read these off the file. `None` for an unreadable one.
    pub serials: Option<Vec<Option<i64>>>,
    /// Bonds from the file (SDF bond block, PDB CONECT); `None` when the file has none.
    pub bonds: Option<Vec<Bond>>,
    /// Named data: SDF data items, XYZ comment `key=value` pairs (`energy` for a bare number or
    /// an `energy:` field). In file order.
    pub data: Vec<(String, String)>,
}

impl Molecule {
    /// The value of data field `name`, if present.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.data
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A structure file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Multi-frame XYZ.
    Xyz,
    /// MDL SD file or MOL file (V2000 or V3000).
    Sdf,
    /// Protein Data Bank.
    Pdb,
    /// mmCIF / PDBx.
    Mmcif,
    /// Tripos Mol2.
    Mol2,
}

impl Format {
    /// The format for a file name: `.xyz`; `.sdf`, `.sd`, `.mol`; `.pdb`, `.ent`; `.cif`,
    /// `.mmcif`; `.mol2`; each optionally followed by `.gz`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let path = crate::io::sniff::strip_gz(path);
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xyz" => Some(Format::Xyz),
            "sdf" | "sd" | "mol" => Some(Format::Sdf),
            "pdb" | "ent" => Some(Format::Pdb),
            "cif" | "mmcif" => Some(Format::Mmcif),
            "mol2" => Some(Format::Mol2),
            _ => None,
        }
    }

    /// The structure format the file content looks like (see [`crate::io::sniff::detect`]).
    pub fn from_kind(kind: crate::io::sniff::Kind) -> Option<Format> {
        use crate::io::sniff::Kind;
        match kind {
            Kind::Pdb => Some(Format::Pdb),
            Kind::Sdf => Some(Format::Sdf),
            Kind::Mmcif => Some(Format::Mmcif),
            Kind::Mol2 => Some(Format::Mol2),
            _ => None,
        }
    }
}

/// True when the file name has a structure extension this module reads.
pub fn is_structure_file(path: &Path) -> bool {
    Format::from_path(path).is_some()
}

/// A line-oriented source that counts lines (1-based) and bytes.
pub(crate) struct Lines<R> {
    inner: R,
    buf: String,
    /// Line number of the line last returned (0 before the first).
    pub line: u64,
    /// Bytes consumed so far.
    pub bytes: u64,
    pushed_back: bool,
}

impl<R: BufRead> Lines<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            buf: String::new(),
            line: 0,
            bytes: 0,
            pushed_back: false,
        }
    }

    /// The next line without its line terminator, `None` at end of file.
    pub fn next_line(&mut self) -> std::io::Result<Option<&str>> {
        Ok(self.next_numbered()?.map(|(_, s)| s))
    }

    /// The next line with its 1-based line number.
    pub fn next_numbered(&mut self) -> std::io::Result<Option<(u64, &str)>> {
        if self.pushed_back {
            self.pushed_back = false;
        } else {
            self.buf.clear();
            // Bounded: a file without line breaks (or an endless one) cannot fill memory.
            let limit = crate::io::limits::MAX_LINE_BYTES as u64;
            let n = (&mut self.inner).take(limit + 1).read_line(&mut self.buf)?;
            if n == 0 {
                return Ok(None);
            }
            if n as u64 > limit {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "line {} longer than the limit of {limit} bytes",
                        self.line + 1
                    ),
                ));
            }
            self.bytes += n as u64;
        }
        self.line += 1;
        let line = self.buf.strip_suffix('\n').unwrap_or(&self.buf);
        Ok(Some((self.line, line.strip_suffix('\r').unwrap_or(line))))
    }

    /// Makes the line last returned be returned again by the next call.
    pub fn push_back(&mut self) {
        self.pushed_back = true;
        self.line -= 1;
    }
}

/// The format readers, one per [`Format`].
enum Parser {
    Xyz,
    Sdf,
    Pdb(pdb::State),
    Mmcif(mmcif::State),
    Mol2,
}

/// Skip messages held with `--keep-going` (the rest are counted in [`Skipped::records_skipped`]).
pub const MAX_SKIPPED_LISTED: usize = 1000;

/// Records skipped with `--keep-going`: how many, and the first [`MAX_SKIPPED_LISTED`] reasons.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Skipped {
    /// Records skipped.
    pub records_skipped: usize,
    /// The first [`MAX_SKIPPED_LISTED`] of them, `file:line: reason`.
    pub skipped: Vec<String>,
}

impl Skipped {
    /// Counts a skipped record, keeping its reason while fewer than the limit are listed.
    pub fn push(&mut self, e: &InputError) {
        self.records_skipped += 1;
        if self.skipped.len() < MAX_SKIPPED_LISTED {
            self.skipped.push(e.to_string());
        }
    }

    /// The human report's lines about skipped records (empty when none were).
    pub fn render(&self) -> String {
        if self.records_skipped == 0 {
            return String::new();
        }
        let mut s = format!("skipped {} record(s):\n", self.records_skipped);
        for k in &self.skipped {
            s += &format!("  {k}\n");
        }
        if self.records_skipped > self.skipped.len() {
            s += &format!(
                "  … and {} more\n",
                self.records_skipped - self.skipped.len()
            );
        }
        s
    }
}

/// The structure formats, for messages.
const STRUCTURE_FORMATS: &str = "XYZ, SDF/MOL, PDB, mmCIF, Mol2 (each may be gzipped)";

/// Streaming iterator over the records of a structure file.
pub struct Records {
    path: PathBuf,
    lines: Lines<Box<dyn BufRead>>,
    parser: Parser,
    count: usize,
    done: bool,
}

/// What a format parser returns for one record.
pub(crate) enum Step {
    /// A record.
    Record(Molecule),
    /// End of file.
    End,
}

/// A parse problem at a line (the reader adds the file name).
#[derive(Debug)]
pub(crate) struct ParseError {
    pub line: u64,
    pub what: String,
}

impl ParseError {
    pub fn new(line: u64, what: impl Into<String>) -> Self {
        Self {
            line,
            what: what.into(),
        }
    }
}

impl From<std::io::Error> for ParseError {
    fn from(e: std::io::Error) -> Self {
        Self::new(0, format!("read error: {e}"))
    }
}

impl Records {
    /// Opens `path`, choosing the format by extension (`.gz` stripped), else by content;
    /// gzip-compressed files are decompressed as they are read.
    pub fn open(path: &Path) -> Result<Records, InputError> {
        let open = || {
            let file = std::fs::File::open(path)
                .map_err(|e| InputError::file(path, format!("cannot open: {e}")))?;
            crate::io::sniff::maybe_gunzip_reader(file)
                .map_err(|e| InputError::file(path, format!("cannot read: {e}")))
        };
        let format = match Format::from_path(path) {
            Some(f) => f,
            None => {
                let mut head = Vec::new();
                open()?
                    .take(8192)
                    .read_to_end(&mut head)
                    .map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
                let kind = crate::io::sniff::detect(&head);
                match kind.and_then(Format::from_kind) {
                    Some(f) => f,
                    None => return Err(crate::io::sniff::not_read(path, kind, STRUCTURE_FORMATS)),
                }
            }
        };
        Ok(Self::from_reader(path, format, open()?))
    }

    /// Reads records of `format` from any reader; `path` names it in messages.
    pub fn from_reader(path: &Path, format: Format, reader: Box<dyn Read>) -> Records {
        Records {
            path: path.to_path_buf(),
            lines: Lines::new(Box::new(BufReader::new(reader))),
            parser: match format {
                Format::Xyz => Parser::Xyz,
                Format::Sdf => Parser::Sdf,
                Format::Pdb => Parser::Pdb(pdb::State::default()),
                Format::Mmcif => Parser::Mmcif(mmcif::State::default()),
                Format::Mol2 => Parser::Mol2,
            },
            count: 0,
            done: false,
        }
    }

    /// Bytes read so far (for progress bars).
    pub fn bytes_read(&self) -> u64 {
        self.lines.bytes
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Iterator for Records {
    type Item = Result<Molecule, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = match &mut self.parser {
            Parser::Xyz => xyz::next(&mut self.lines),
            Parser::Sdf => sdf::next(&mut self.lines),
            Parser::Pdb(state) => pdb::next(&mut self.lines, state),
            Parser::Mmcif(state) => mmcif::next(&mut self.lines, state),
            Parser::Mol2 => mol2::next(&mut self.lines),
        };
        match r {
            Ok(Step::End) => {
                self.done = true;
                if self.count == 0 {
                    return Some(Err(InputError::file(&self.path, "no structures in file")));
                }
                None
            }
            Ok(Step::Record(mut m)) => {
                self.count += 1;
                m.index = self.count;
                Some(Ok(m))
            }
            Err(e) => {
                // A record was consumed (and skipped): it still counts for numbering.
                self.count += 1;
                // Line 0: a read error, which is about the line after the last one read.
                let line = if e.line == 0 {
                    self.lines.line + 1
                } else {
                    e.line
                };
                Some(Err(InputError::at(
                    &self.path,
                    line,
                    format!("structure {}: {}", self.count, e.what),
                )))
            }
        }
    }
}

/// `s.parse::<f64>()`, with a fast path for the plain decimals that fill coordinate columns.
///
/// A plain decimal (optional sign, at most 15 digits with an optional point, no exponent) is
/// m / 10^k with m < 10^15 < 2^53 and k ≤ 15: both are exact in f64, so the one correctly rounded
/// division gives the correctly rounded value — the same f64 the standard parser returns (Clinger
/// 1990, "How to read floating point numbers accurately", the fast path). Anything else goes to
/// the standard parser. Checked bit for bit against it in `tests::plain_decimals_parse_exactly`.
pub fn parse_f64(s: &str) -> Option<f64> {
    plain_decimal(s.as_bytes()).or_else(|| s.parse().ok())
}

fn plain_decimal(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, b),
    };
    let (mut m, mut n, mut frac, mut point) = (0_u64, 0_usize, 0_usize, false);
    for &c in digits {
        match c {
            b'0'..=b'9' if n < 15 => {
                m = m * 10 + u64::from(c - b'0');
                n += 1;
                frac += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if n == 0 {
        return None;
    }
    let v = m as f64 / POW10.get(frac).copied()?;
    Some(if negative { -v } else { v })
}

/// Parses a finite number, naming `field` in the error.
pub(crate) fn number(s: &str, line: u64, field: &str) -> Result<f64, ParseError> {
    // Structure formats are ASCII: the byte-wise trim is several times faster than `trim`.
    match parse_f64(s.trim_ascii()) {
        Some(x) if x.is_finite() => Ok(x),
        _ => Err(ParseError::new(
            line,
            format!("{field}: '{}' is not a finite number", s.trim()),
        )),
    }
}

/// Parses an element symbol, naming the atom in the error.
pub(crate) fn element(s: &str, line: u64) -> Result<Element, ParseError> {
    Element::parse(s.trim_ascii()).ok_or_else(|| {
        ParseError::new(
            line,
            format!("element: unknown element symbol '{}'", s.trim()),
        )
    })
}

/// Reads all records of a file into memory (tests and small files; commands stream).
pub fn read_all(path: &Path) -> Result<Vec<Molecule>, InputError> {
    Records::open(path)?.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random plain decimals (and near misses) parse to the same bits as `str::parse`.
    #[test]
    fn plain_decimals_parse_exactly() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let mut fast = 0;
        for _ in 0..200_000 {
            let r = next();
            let digits = 1 + (r % 17) as usize; // up to 17: past the fast path's 15
            let mut s = String::new();
            match (r >> 8) % 4 {
                0 => s.push('-'),
                1 => s.push('+'),
                _ => {}
            }
            let point = ((r >> 16) % (digits as u64 + 2)) as usize;
            for i in 0..digits {
                if i == point {
                    s.push('.');
                }
                s.push(char::from(b'0' + (next() % 10) as u8));
            }
            if (r >> 24) % 50 == 0 {
                s.push_str("e-3");
            }
            let want: Option<f64> = s.parse().ok();
            let got = parse_f64(&s);
            assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits), "{s}");
            fast += usize::from(plain_decimal(s.as_bytes()).is_some());
        }
        assert!(fast > 100_000, "the fast path must be exercised ({fast})");
        for s in [
            "", "-", "+", ".", "-.", "1.2.3", "1e5", "0x10", "inf", "NaN", " 1", "--1",
        ] {
            assert_eq!(
                parse_f64(s).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s:?}"
            );
        }
        assert_eq!(
            parse_f64("-0.0").map(f64::to_bits),
            Some((-0.0_f64).to_bits())
        );
    }
}
