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
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
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
    let header_line = 1 + text
        .lines()
        .take_while(|l| l.trim().is_empty() || l.starts_with('#'))
        .count() as u64;
    if header.iter().all(str::is_empty) {
        return Err(InputError::file(path, "empty file: expected a header row"));
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
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            InputError::at(path, line, format!("unreadable row: {e}"))
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
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

/// Parses a finite f64 (rejects NaN and ±inf spelled in any way).
pub fn parse_finite(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}
