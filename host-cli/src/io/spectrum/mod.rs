//! 1D spectra from files: JCAMP-DX (`.dx`, `.jdx`, `.jcamp`, or by content, see [`jcamp`]),
//! Bruker processed data (an `<expno>` or `pdata/<procno>` folder, or its `1r`/`procs`, see
//! [`bruker`]), or CSV with a header naming the frequency column in Hz (`hz`, `x_hz`, or `x` as
//! nmrsim writes it) or in ppm (`ppm`, `x_ppm`, then `--mhz` is needed) and the intensity column
//! (`intensity` or `y`). Other formats recognised by content (nmrML, Varian procpar, structure
//! or QC files) are refused naming what they look like, not read as CSV.
//!
//! Frequencies are kept in Hz; when the file fixes the ppm scale (a ppm column, or JCAMP with
//! `$OFFSET`), Hz are counted from 0 ppm (ν = δ · MHz) so `--unit ppm` regions can be converted.

use crate::error::InputError;
pub mod bruker;
use crate::io::table;

pub mod jcamp;
pub mod nucleus;
use std::path::{Path, PathBuf};

/// A spectrum: frequencies (Hz) and intensities, in the file's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Spectrum {
    /// The file it came from.
    pub path: PathBuf,
    /// Frequencies, Hz.
    pub x_hz: Vec<f64>,
    /// Intensities, arbitrary units.
    pub y: Vec<f64>,
    /// Observe frequency of the nucleus, MHz, if known (file or `--mhz`).
    pub mhz: Option<f64>,
    /// Whether `x_hz` is counted from 0 ppm (so ppm = x_hz / mhz).
    pub referenced: bool,
    /// Sample temperature recorded in the file (JCAMP `##$TE`, Bruker acqus `TE`), K.
    pub temp_k: Option<f64>,
    /// The format read, for reports.
    pub format: &'static str,
    /// Observed nucleus as the file states it, if it does.
    pub nucleus: Option<String>,
    /// Doubtful things the reader noticed (JCAMP X check, Bruker without acqus).
    pub warnings: Vec<String>,
}

const HZ_COLUMNS: [&str; 3] = ["hz", "x_hz", "x"];
const PPM_COLUMNS: [&str; 2] = ["ppm", "x_ppm"];
const Y_COLUMNS: [&str; 2] = ["intensity", "y"];

/// Whether the file name says JCAMP-DX.
pub fn is_jcamp(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "dx" | "jdx" | "jcamp"))
}

/// Reads a spectrum; `mhz` (observe frequency, MHz) converts a ppm column and overrides the file's.
pub fn read(path: &Path, mhz: Option<f64>) -> Result<Spectrum, InputError> {
    read_block(path, mhz, None)
}

/// As [`read`], reading block `block` (1-based) of a multi-block JCAMP-DX file.
pub fn read_block(
    path: &Path,
    mhz: Option<f64>,
    block: Option<usize>,
) -> Result<Spectrum, InputError> {
    if let Some(dir) = bruker::pdata_dir(path) {
        return read_bruker(path, &dir, mhz);
    }
    if path.is_dir() {
        return Err(InputError::file(
            path,
            "a folder, but not a Bruker dataset (no procs in it or in pdata/1)",
        ));
    }
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let kind = if is_jcamp(path) || is_csv {
        None
    } else {
        let head = crate::io::limits::read_bytes(path)?;
        crate::io::sniff::detect(&head[..head.len().min(8192)])
    };
    if is_jcamp(path) || kind == Some(crate::io::sniff::Kind::Jcamp) {
        let j = jcamp::read_block(path, block)?;
        return Ok(Spectrum {
            path: path.to_path_buf(),
            x_hz: j.x_hz,
            y: j.y,
            mhz: mhz.or(j.observe_mhz),
            referenced: j.referenced,
            temp_k: j.temp_k,
            format: "JCAMP-DX",
            nucleus: j.nucleus,
            warnings: j.warnings,
        });
    }
    if kind.is_some() {
        return Err(crate::io::sniff::not_read(
            path,
            kind,
            "JCAMP-DX, Bruker processed data (pdata/<procno>) and CSV spectra",
        ));
    }
    read_csv(path, mhz)
}

/// A Bruker processed spectrum as a [`Spectrum`]: Hz from 0 ppm (δ · SF), SF as the MHz.
fn read_bruker(path: &Path, dir: &Path, mhz: Option<f64>) -> Result<Spectrum, InputError> {
    let p = bruker::read_pdata(
        dir,
        crate::io::limits::MAX_POINTS,
        crate::io::limits::MAX_FILE_BYTES,
    )
    .map_err(|e| match e.line {
        Some(l) => InputError::at(&e.path, l, e.what),
        None => InputError::file(&e.path, e.what),
    })?;
    let mhz = mhz.unwrap_or(p.sf_mhz);
    Ok(Spectrum {
        path: path.to_path_buf(),
        x_hz: p.ppm().into_iter().map(|d| d * mhz).collect(),
        y: p.real,
        mhz: Some(mhz),
        referenced: true,
        temp_k: p.temp_k,
        format: "Bruker processed 1D (1r + procs)",
        nucleus: p.nucleus,
        warnings: p.warnings,
    })
}

fn read_csv(path: &Path, mhz: Option<f64>) -> Result<Spectrum, InputError> {
    let mut optional: Vec<&str> = HZ_COLUMNS.to_vec();
    optional.extend(PPM_COLUMNS);
    optional.extend(Y_COLUMNS);
    let rows = table::read(path, &[], &optional)?;
    let first = rows
        .first()
        .ok_or_else(|| InputError::file(path, "no data rows"))?;
    let pick = |cands: &[&'static str]| -> Vec<&'static str> {
        cands
            .iter()
            .copied()
            .filter(|c| first.has_column(c))
            .collect()
    };
    let (hz, ppm, ys) = (pick(&HZ_COLUMNS), pick(&PPM_COLUMNS), pick(&Y_COLUMNS));
    let header_err = |what: &str| InputError::at(path, 1, what.to_string());
    let (x_col, in_ppm) = match (hz.as_slice(), ppm.as_slice()) {
        ([c], []) => (*c, false),
        ([], [c]) => (*c, true),
        ([], []) => {
            return Err(header_err(
                "missing frequency column (hz, x_hz, x, ppm or x_ppm)",
            ))
        }
        _ => return Err(header_err("more than one frequency column")),
    };
    let y_col = match ys.as_slice() {
        [c] => *c,
        [] => return Err(header_err("missing column 'intensity' (or 'y')")),
        _ => return Err(header_err("both 'intensity' and 'y' columns")),
    };
    if in_ppm && mhz.is_none() {
        return Err(header_err(&format!(
            "column '{x_col}' is in ppm: give the observe frequency with --mhz"
        )));
    }
    let factor = if in_ppm { mhz.unwrap_or(1.0) } else { 1.0 };
    let mut x_hz = Vec::with_capacity(rows.len());
    let mut y = Vec::with_capacity(rows.len());
    for r in &rows {
        x_hz.push(r.num(x_col)? * factor);
        y.push(r.num(y_col)?);
    }
    if x_hz.len() < 2 {
        return Err(InputError::file(path, "a spectrum needs at least 2 points"));
    }
    Ok(Spectrum {
        path: path.to_path_buf(),
        x_hz,
        y,
        mhz,
        referenced: in_ppm,
        temp_k: None,
        format: "CSV",
        nucleus: None,
        warnings: Vec::new(),
    })
}

impl Spectrum {
    /// The points with `lo ≤ x ≤ hi` (Hz), as two vectors in the file's order.
    pub fn window(&self, lo_hz: f64, hi_hz: f64) -> (Vec<f64>, Vec<f64>) {
        let (lo, hi) = if lo_hz <= hi_hz {
            (lo_hz, hi_hz)
        } else {
            (hi_hz, lo_hz)
        };
        self.x_hz
            .iter()
            .zip(&self.y)
            .filter(|(x, _)| **x >= lo && **x <= hi)
            .map(|(x, y)| (*x, *y))
            .unzip()
    }

    /// Hz of a ppm value on this spectrum's axis, if the axis is referenced and MHz known.
    pub fn hz_of_ppm(&self, ppm: f64) -> Option<f64> {
        match (self.referenced, self.mhz) {
            (true, Some(m)) => Some(ppm * m),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn csv(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn csv_in_hz_or_ppm() {
        let f = csv("x,intensity\n1,2\n3,4\n");
        let s = read(f.path(), None).unwrap();
        assert_eq!((s.x_hz, s.y), (vec![1.0, 3.0], vec![2.0, 4.0]));
        let f = csv("ppm,y\n1,2\n2,4\n");
        let e = read(f.path(), None).unwrap_err();
        assert_eq!(e.place, format!("{}:1", f.path().display()));
        assert!(e.what.contains("--mhz"), "{e}");
        let s = read(f.path(), Some(400.0)).unwrap();
        assert_eq!(s.x_hz, vec![400.0, 800.0]);
        assert_eq!(s.hz_of_ppm(1.5), Some(600.0));
        let f = csv("hz,ppm,y\n1,2,3\n2,3,4\n");
        assert!(read(f.path(), None)
            .unwrap_err()
            .to_string()
            .contains("more than one"));
        let f = csv("hz,intensity\n1,2\n2,oops\n");
        let e = read(f.path(), None).unwrap_err().to_string();
        assert!(e.contains(":3: intensity: not a finite number"), "{e}");
    }
}
