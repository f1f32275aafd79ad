//! Round trip of the CSV table reader (`ringflux_cli::io::table`): an arbitrary table is written as
//! CSV (numbers in Rust's shortest round-trip form, text quoted where CSV needs it), read back,
//! and must come back cell for cell — every row, in order, with the line it starts on; finite
//! numbers bit for bit; NaN and ±inf refused with an error naming file, line and column.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::table;
use std::path::Path;

#[derive(Arbitrary, Debug)]
enum Cell {
    Num(f64),
    Text(String),
}

#[derive(Arbitrary, Debug)]
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
    /// Comment and blank lines between rows (by row index modulo).
    noise_every: u8,
}

/// The text a cell holds after the reader's trimming (what must come back).
fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Num(x) => x.to_string(),
        Cell::Text(s) => s.trim().to_string(),
    }
}

/// One CSV field: quoted when it holds a separator, quote or line break, starts with the
/// comment mark, or is empty.
fn field(s: &str) -> String {
    if s.is_empty() || s.starts_with('#') || s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fuzz_target!(|t: Table| {
    // Column names: trimmed, non-empty, unique, at most 6.
    let mut cols: Vec<String> = Vec::new();
    for c in t.columns.iter().map(|c| c.trim().to_string()) {
        if !c.is_empty() && !cols.contains(&c) && !c.contains('\r') && cols.len() < 6 {
            cols.push(c);
        }
    }
    if cols.is_empty() {
        return;
    }
    let mut text = cols.iter().map(|c| field(c)).collect::<Vec<_>>().join(",") + "\n";
    let mut expected: Vec<(u64, Vec<(String, &Cell)>)> = Vec::new();
    for (i, row) in t.rows.iter().take(32).enumerate() {
        if row.len() < cols.len() {
            continue;
        }
        let cells: Vec<(String, &Cell)> =
            row.iter().take(cols.len()).map(|c| (cell_text(c), c)).collect();
        if cells.iter().all(|(s, _)| s.is_empty()) || cells.iter().any(|(s, _)| s.contains('\r')) {
            continue; // an all-empty row is a blank line; a bare CR is a line break in CSV
        }
        if t.noise_every != 0 && i % usize::from(t.noise_every) == 0 {
            text += "# a comment, line skipped\n\n";
        }
        let line = 1 + text.matches('\n').count() as u64;
        text += &(cells.iter().map(|(s, _)| field(s)).collect::<Vec<_>>().join(",") + "\n");
        expected.push((line, cells));
    }
    let path = Path::new("roundtrip.csv");
    let names: Vec<&str> = cols.iter().map(String::as_str).collect();
    let rows = match table::parse(path, &text, &names, &[]) {
        Ok(rows) => rows,
        Err(e) => {
            assert!(expected.is_empty(), "a valid table was refused: {e}\n{text}");
            assert!(e.place.starts_with("roundtrip.csv"), "error without the file: {e}");
            return;
        }
    };
    assert_eq!(rows.len(), expected.len(), "rows lost or invented\n{text}");
    for (row, (line, cells)) in rows.iter().zip(&expected) {
        assert_eq!(row.line, *line, "wrong line number\n{text}");
        for (col, (s, cell)) in cols.iter().zip(cells) {
            let want = Some(s.as_str()).filter(|s| !s.is_empty());
            assert_eq!(row.get(col), want, "column {col}, line {line}\n{text}");
            if let Cell::Num(x) = cell {
                match row.num(col) {
                    Ok(v) => assert_eq!(v.to_bits(), x.to_bits(), "{x} read as {v}"),
                    Err(e) => {
                        assert!(!x.is_finite(), "{x} refused: {e}");
                        let place = format!("roundtrip.csv:{line}");
                        assert!(e.place == place && e.what.starts_with(col.as_str()), "{e}");
                    }
                }
            }
        }
    }
});
