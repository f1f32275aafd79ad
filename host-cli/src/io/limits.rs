//! Documented input limits: beyond them ringflux refuses the input with a clear error (exit 2)
//! instead of exhausting memory. The readers check their own per-record limits (atoms per
//! structure, points per spectrum, rule-tree size) against the constants here; every input file
//! is read through [`read_text`] / [`read_bytes`], which refuse files larger than
//! [`MAX_FILE_BYTES`] — including endless ones such as `/dev/zero` or a FIFO.

use crate::error::InputError;
use std::io::Read;
use std::path::Path;

/// Largest input file read, bytes (256 MiB: a long Gaussian optimisation log is ~50 MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Most atoms in one structure (XYZ frame, SDF/MOL record, PDB model): a drug-like molecule has
/// < 200 atoms, a small protein with hydrogens ~10⁴. The limit stops a corrupt atom count from
/// allocating gigabytes and keeps bond perception from covalent radii (O(n²)) within seconds.
pub const MAX_ATOMS: usize = 20_000;

/// Most bonds in one structure (SDF/MOL bond block, PDB CONECT records).
pub const MAX_BONDS: usize = 4 * MAX_ATOMS;

/// Most points of one spectrum (JCAMP-DX `##NPOINTS`): 1D NMR spectra have 16 Ki–256 Ki points.
pub const MAX_POINTS: usize = 4 * 1024 * 1024;

/// Longest line of a streamed structure file (XYZ, SDF, PDB), bytes.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Most data rows of a CSV table (rates, energies, coalescence, ratio tables).
pub const MAX_TABLE_ROWS: usize = 1_000_000;

/// Reads a whole input file of at most [`MAX_FILE_BYTES`] bytes; a gzip-compressed file (by its
/// magic bytes, whatever its name) is decompressed, to at most [`MAX_FILE_BYTES`] as well.
///
/// Reads at most one byte more than the limit, so an endless or growing file is refused after
/// a bounded read rather than filling memory.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    let bytes = read_bytes_at_most(path, MAX_FILE_BYTES)?;
    if crate::io::sniff::is_gzip(&bytes) {
        return crate::io::sniff::gunzip(&bytes, MAX_FILE_BYTES)
            .map_err(|e| InputError::file(path, e));
    }
    Ok(bytes)
}

fn read_bytes_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let file = std::fs::File::open(path)
        .map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::file(path, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(InputError::file(
            path,
            format!("file larger than the limit of {limit} bytes"),
        ));
    }
    Ok(bytes)
}

/// As [`read_bytes`], as UTF-8 text; invalid UTF-8 is an error naming the line where it occurs.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let line = 1 + e
            .as_bytes()
            .iter()
            .take(bad)
            .filter(|&&b| b == b'\n')
            .count() as u64;
        InputError::at(path, line, "not UTF-8 text (is this a binary file?)")
    })
}

/// An error about a record (structure, spectrum, table) that holds more items than `limit`.
pub fn too_many(path: &Path, line: u64, what: &str, limit: usize) -> InputError {
    InputError::at(
        path,
        line,
        format!("{what}: more than the limit of {limit}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endless_file_is_refused_after_a_bounded_read() {
        let dev_zero = Path::new("/dev/zero");
        if dev_zero.exists() {
            let e = read_bytes_at_most(dev_zero, 4096).unwrap_err();
            assert!(e.what.contains("larger than the limit"), "{e}");
        }
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::write(&p, b"a,b\n1,2\n3,\xff\n").unwrap();
        let e = read_text(&p).unwrap_err();
        assert_eq!(e.place, format!("{}:3", p.display()));
    }
}
