//! What a file is, by its content: transparent gzip, and format detection from the first bytes,
//! so that a file of a format ringflux does not read gets `not a format ringflux reads (looks like
//! nmrML)` instead of a CSV column error.
//!
//! ```
//! use ringflux_cli::io::sniff::{detect, Kind};
//! assert_eq!(detect(b"@<TRIPOS>MOLECULE\nx\n"), Some(Kind::Mol2));
//! assert_eq!(detect(b"<?xml version=\"1.0\"?>\n<nmrML xmlns=\"x\">"), Some(Kind::NmrMl));
//! ```

use std::io::Read;

/// The two magic bytes of a gzip member (RFC 1952, section 2.3.1).
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Whether `bytes` start like a gzip file.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// `path` without a final `.gz`, so `1ubq.pdb.gz` is read as `.pdb`.
pub fn strip_gz(path: &std::path::Path) -> std::path::PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("gz") => path.with_extension(""),
        _ => path.to_path_buf(),
    }
}

/// Decompresses all gzip members of `bytes` (flate2's `MultiGzDecoder`, as `gzip -d` does),
/// refusing output larger than `limit` bytes (a decompression bomb) with a message.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("gzip: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "gzip: decompresses to more than the limit of {limit} bytes"
        ));
    }
    Ok(out)
}

/// A reader of `file` that decompresses it when it starts with the gzip magic.
pub fn maybe_gunzip_reader(file: std::fs::File) -> std::io::Result<Box<dyn Read>> {
    let mut head = std::io::BufReader::new(file);
    let magic = std::io::BufRead::fill_buf(&mut head)?;
    Ok(if is_gzip(magic) {
        Box::new(flate2::read::MultiGzDecoder::new(head))
    } else {
        Box::new(head)
    })
}

/// The formats recognised by content (read or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JCAMP-DX spectrum (`##TITLE=` … `##XYDATA=`/`##PEAK TABLE=`/`##NTUPLES=`).
    Jcamp,
    /// Bruker parameter file (`acqus`, `procs`: JCAMP-DX with `##$` parameters).
    BrukerParams,
    /// nmrML (XML).
    NmrMl,
    /// Varian/Agilent `procpar`.
    VarianProcpar,
    /// Tripos Mol2.
    Mol2,
    /// mmCIF / PDBx.
    Mmcif,
    /// Protein Data Bank.
    Pdb,
    /// MDL SDF/MOL.
    Sdf,
    /// Gaussian output.
    Gaussian,
    /// ORCA output.
    Orca,
    /// gzip (compressed; detect again after decompressing).
    Gzip,
}

impl Kind {
    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Jcamp => "JCAMP-DX",
            Kind::BrukerParams => "a Bruker parameter file (acqus/procs)",
            Kind::NmrMl => "nmrML",
            Kind::VarianProcpar => "Varian/Agilent procpar",
            Kind::Mol2 => "Tripos Mol2",
            Kind::Mmcif => "mmCIF",
            Kind::Pdb => "PDB",
            Kind::Sdf => "SDF/MOL",
            Kind::Gaussian => "Gaussian output",
            Kind::Orca => "ORCA output",
            Kind::Gzip => "gzip",
        }
    }
}

/// The error for a file no reader of this kind takes: `not a format ringflux reads (looks
/// like nmrML; reads: …)`, naming what the content looks like when it is recognised.
pub fn not_read(
    path: &std::path::Path,
    kind: Option<Kind>,
    reads: &str,
) -> crate::error::InputError {
    let looks = kind.map_or_else(String::new, |k| format!(" (looks like {})", k.name()));
    crate::error::InputError::file(
        path,
        format!("not a format ringflux reads{looks}; this command reads {reads}"),
    )
}

/// The format `head` (the first few kB of a file) looks like, if any is recognised.
pub fn detect(head: &[u8]) -> Option<Kind> {
    if is_gzip(head) {
        return Some(Kind::Gzip);
    }
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("<?xml") || t.starts_with('<') {
        return t.contains("<nmrML").then_some(Kind::NmrMl);
    }
    if t.starts_with("@<TRIPOS>") || text.contains("\n@<TRIPOS>MOLECULE") {
        return Some(Kind::Mol2);
    }
    if t.starts_with("##") {
        // Bruker writes `##DATATYPE= Parameter Values` (no blank in the label, as JCAMP-DX
        // allows); a spectrum's DATA TYPE names the spectrum.
        let bruker = text.lines().take(10).any(|l| {
            let squeezed: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            squeezed
                .to_ascii_uppercase()
                .starts_with("##DATATYPE=PARAMETERVALUES")
        });
        return Some(if bruker {
            Kind::BrukerParams
        } else {
            Kind::Jcamp
        });
    }
    if t.starts_with("data_") && text.contains("\n_") {
        return Some(Kind::Mmcif);
    }
    if text.contains("Entering Gaussian System") || text.contains("Gaussian, Inc.") {
        return Some(Kind::Gaussian);
    }
    if text.contains("O   R   C   A") {
        return Some(Kind::Orca);
    }
    if text.contains("V2000") || text.contains("V3000") {
        return Some(Kind::Sdf);
    }
    let pdb_records = [
        "HEADER", "ATOM  ", "HETATM", "CRYST1", "REMARK", "COMPND", "MODEL ",
    ];
    if text
        .lines()
        .take(50)
        .any(|l| pdb_records.iter().any(|r| l.starts_with(r)))
    {
        return Some(Kind::Pdb);
    }
    // procpar: "name subtype basictype maxvalue minvalue stepsize Ggroup Dgroup protection
    // active intptr" then values; the first line has exactly 11 fields, the first a name.
    let first: Vec<&str> = t.lines().next().unwrap_or("").split_whitespace().collect();
    if first.len() == 11 && first[1..].iter().all(|f| f.parse::<f64>().is_ok()) {
        return Some(Kind::VarianProcpar);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trip_and_bomb_limit() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&[b'a'; 1000]).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(detect(&gz), Some(Kind::Gzip));
        assert_eq!(gunzip(&gz, 1000).unwrap().len(), 1000);
        assert!(gunzip(&gz, 999).unwrap_err().contains("limit"));
        assert!(gunzip(b"\x1f\x8bjunk", 10).is_err());
    }

    #[test]
    fn strips_only_gz() {
        use std::path::Path;
        assert_eq!(
            strip_gz(Path::new("a/1ubq.pdb.gz")),
            Path::new("a/1ubq.pdb")
        );
        assert_eq!(strip_gz(Path::new("a.pdb")), Path::new("a.pdb"));
    }
}
