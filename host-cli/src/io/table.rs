//! Small CSV tables with a header row: every value is read with its file, line and column name,
//! so an error says exactly where it is. Unknown columns are an error (no silent data loss).

use crate::error::InputError;
use std::path::{Path, PathBuf};

/// One data row of a CSV table.
#[derive(Debug, Clone)]
pub struct Row {
    file: PathBuf,
    /// 1-based line number in the file.
    pub line: u64,
    header: csv::StringRecord,
    record: csv::StringRecord,
}

/// Reads a CSV file whose header must contain `required` and may contain `optional` columns.
/// Blank lines and lines starting with `#` are skipped. An empty table is an error.
pub fn read(path: &Path, required: &[&str], optional: &[&str]) -> Result<Vec<Row>, InputError> {
    let text = crate::io::limits::read_text(path)?;
    parse(path, &text, required, optional)
}

/// As [`read`], from text already in memory (`path` names it in messages).
pub fn parse(
    path: &Path,
    text: &str,
    required: &[&str],
    optional: &[&str],
) -> Result<Vec<Row>, InputError> {
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = rdr
        .headers()
        .map_err(|e| InputError::at(path, 1, format!("unreadable header: {e}")))?
        .clone();
    let mut lines = Lines::new(text);
    let header_line = header.position().map_or(1, |p| lines.at(p.byte()));
    if header.iter().all(str::is_empty) {
        return Err(InputError::file(path, "empty file: expected a header row"));
    }
    for (i, col) in header.iter().enumerate() {
        if header.iter().take(i).any(|h| h == col) {
            return Err(InputError::at(
                path,
                header_line,
                format!("duplicate column '{col}'"),
            ));
        }
    }
    for col in &header {
        if !required.contains(&col) && !optional.contains(&col) {
            let mut known: Vec<&str> = required.to_vec();
            known.extend_from_slice(optional);
            return Err(InputError::at(
                path,
                header_line,
                format!("unknown column '{col}' (expected {})", known.join(", ")),
            ));
        }
    }
    for col in required {
        if !header.iter().any(|h| h == *col) {
            return Err(InputError::at(
                path,
                header_line,
                format!("missing column '{col}'"),
            ));
        }
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let record = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.at(p.byte()));
            InputError::at(path, line, format!("unreadable row: {e}"))
        })?;
        // The csv crate's own line count skips comment and blank lines; count them ourselves.
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            return Err(InputError::at(
                path,
                line,
                format!(
                    "{} fields, but the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
        }
        if rows.len() == crate::io::limits::MAX_TABLE_ROWS {
            return Err(crate::io::limits::too_many(
                path,
                line,
                "data rows",
                crate::io::limits::MAX_TABLE_ROWS,
            ));
        }
        rows.push(Row {
            file: path.to_path_buf(),
            line,
            header: header.clone(),
            record,
        });
    }
    if rows.is_empty() {
        return Err(InputError::file(path, "no data rows"));
    }
    Ok(rows)
}

impl Row {
    /// The raw text of `column`, or None when the table lacks it or the cell is empty.
    pub fn get(&self, column: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == column)?;
        self.record.get(i).filter(|s| !s.is_empty())
    }

    /// Whether the table has `column` in its header.
    pub fn has_column(&self, column: &str) -> bool {
        self.header.iter().any(|h| h == column)
    }

    /// A required text cell.
    pub fn text(&self, column: &str) -> Result<&str, InputError> {
        self.get(column)
            .ok_or_else(|| self.error(column, "missing value"))
    }

    /// A required finite number.
    pub fn num(&self, column: &str) -> Result<f64, InputError> {
        let s = self.text(column)?;
        parse_finite(s).ok_or_else(|| self.error(column, format!("not a finite number: '{s}'")))
    }

    /// An optional finite number (empty cell or absent column → None).
    pub fn opt_num(&self, column: &str) -> Result<Option<f64>, InputError> {
        match self.get(column) {
            None => Ok(None),
            Some(_) => self.num(column).map(Some),
        }
    }

    /// An error at this row naming `column`.
    pub fn error(&self, column: &str, what: impl std::fmt::Display) -> InputError {
        InputError::at(&self.file, self.line, format!("{column}: {what}"))
    }

    /// An error at this row from a core validation failure.
    pub fn core_error(&self, e: ringflux_core::Error) -> InputError {
        InputError::core_at(&self.file, self.line, e)
    }
}

/// Physical 1-based line numbers of increasing byte offsets in a text, counted incrementally.
struct Lines<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// The line on which a record starts whose reading began at byte offset `byte` (offsets
    /// must not decrease between calls). The csv crate reports where it began reading, before
    /// the empty and `#` comment lines it skips, so those are stepped over here.
    fn at(&mut self, byte: u64) -> u64 {
        let end = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .clamp(self.byte, self.text.len());
        let skipped = self.text.get(self.byte..end).unwrap_or_default();
        self.line += skipped.iter().filter(|&&b| b == b'\n').count() as u64;
        self.byte = end;
        while let Some(rest) = self.text.get(self.byte..) {
            let skip = match rest {
                [b'#', ..] => rest.iter().position(|&b| b == b'\n').map(|i| i + 1),
                [b'\n', ..] => Some(1),
                [b'\r', b'\n', ..] => Some(2),
                _ => None,
            };
            let Some(n) = skip else { break };
            self.byte += n;
            self.line += 1;
        }
        self.line
    }
}

/// Parses a finite f64 (rejects NaN and ±inf spelled in any way).
pub fn parse_finite(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}
