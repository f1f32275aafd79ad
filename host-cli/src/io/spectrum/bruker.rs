//! Bruker processed 1D data: `pdata/<procno>/1r` with its `procs`, and the experiment's `acqus`.
//!
//! What is read, and how it follows nmrglue 0.12's `bruker.read_pdata(dir, scale_data=True)` with
//! the axis of `bruker.guess_udic` + `fileiobase.uc_from_udic`:
//!
//! * `procs`: `SI` (points), `SF` (MHz, the spectrum reference frequency), `OFFSET` (ppm of the
//!   first point), `SW_p` (Hz), `NC_proc` (intensities are the stored numbers × 2^NC_proc),
//!   `BYTORDP` (0 little-endian, 1 big-endian), `DTYPP` (0 int32, 2 float64), `AXNUC`.
//! * `acqus`: `TE` (sample temperature, K), `SFO1`, `BF1` (MHz), `SW_h` (Hz), `NUC1`; NUC1 is
//!   checked against the frequencies (`BF1` and a ¹H channel's `BFn`, [`super::nucleus`]), which
//!   win, with a warning, where the two disagree.
//! * The ppm axis is nmrglue's: with `acqus`, the carrier is (SFO1 − SF)·10⁶ Hz and the spectral
//!   width `SW_h`; without it, the carrier is OFFSET·SF − SW_p/2 and the width `SW_p`. Point i is at
//!   δᵢ = (carrier + width/2)/SF − i·width/(SI·SF) ppm. (`OFFSET` itself is stored to 5 decimals
//!   only, which is why nmrglue prefers the acqus carrier; the two differ by < 0.01 Hz.)
//! * Frequencies are counted in Hz from 0 ppm, νᵢ = δᵢ·SF, as for every referenced ringflux
//!   spectrum.
//!
//! The parameter files are JCAMP-DX-like text (`##$NAME= value`); arrays (`(0..31)` and the
//! values on the following lines) are skipped, `<…>` strings are unquoted.
//!
//! ```
//! use ringflux_cli::io::spectrum::bruker::Params;
//! let p = Params::parse("##$SI= 4\n##$AXNUC= <13C>\n##$D= (0..1)\n0 1\n");
//! assert_eq!(p.number("SI").unwrap(), Some(4.0));
//! assert_eq!(p.text("AXNUC"), Some("13C"));
//! ```

use super::nucleus::{self, Verdict};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A Bruker reading problem: the file, the line where one is known (1-based), and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrukerError {
    /// The file (or folder) concerned.
    pub path: PathBuf,
    /// 1-based line of a parameter file, if the problem is on a line.
    pub line: Option<u64>,
    /// What was wrong, naming the parameter.
    pub what: String,
}

impl BrukerError {
    fn new(path: &Path, line: Option<u64>, what: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line,
            what: what.into(),
        }
    }
}

impl std::fmt::Display for BrukerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path.display(), self.what),
            None => write!(f, "{}: {}", self.path.display(), self.what),
        }
    }
}

impl std::error::Error for BrukerError {}

/// The scalar parameters of a Bruker parameter file, each with the line it was on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    values: HashMap<String, (String, u64)>,
}

/// A parameter value that is not a number: (line, parameter, the text found).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadNumber {
    /// 1-based line.
    pub line: u64,
    /// Parameter name (without `##$`).
    pub name: String,
    /// The value as written.
    pub value: String,
}

impl Params {
    /// Parses the text of `acqus`/`procs` (`##$NAME= value` lines; `$$` comments, arrays and
    /// continuation lines are skipped).
    pub fn parse(text: &str) -> Self {
        let mut values = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_start();
            let Some(rest) = line.strip_prefix("##") else {
                continue;
            };
            let rest = rest.strip_prefix('$').unwrap_or(rest);
            let Some((name, value)) = rest.split_once('=') else {
                continue;
            };
            let value = value.split("$$").next().unwrap_or("").trim();
            if value.starts_with('(') {
                continue; // an array: its values are on the next lines
            }
            let value = value
                .strip_prefix('<')
                .and_then(|v| v.strip_suffix('>'))
                .unwrap_or(value);
            values.insert(name.trim().to_string(), (value.to_string(), i as u64 + 1));
        }
        Self { values }
    }

    /// The value of `name` as text, if present.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(|(v, _)| v.as_str())
    }

    /// The line `name` was on.
    pub fn line(&self, name: &str) -> Option<u64> {
        self.values.get(name).map(|&(_, l)| l)
    }

    /// The value of `name` as a finite number; `Ok(None)` if absent.
    pub fn number(&self, name: &str) -> Result<Option<f64>, BadNumber> {
        let Some((v, line)) = self.values.get(name) else {
            return Ok(None);
        };
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(BadNumber {
                line: *line,
                name: name.to_string(),
                value: v.clone(),
            }),
        }
    }
}

/// How the processed data file stores its numbers (`DTYPP`, `BYTORDP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding {
    /// `DTYPP = 2`: IEEE float64; `DTYPP = 0`: int32.
    pub float64: bool,
    /// `BYTORDP = 1`.
    pub big_endian: bool,
}

/// Decodes `si` numbers from the bytes of `1r`/`1i`, multiplied by 2^`nc_proc`
/// (nmrglue's `scale_data=True`). Errors name the size mismatch.
pub fn decode(bytes: &[u8], si: usize, enc: Encoding, nc_proc: i32) -> Result<Vec<f64>, String> {
    let width = if enc.float64 { 8 } else { 4 };
    let need = si
        .checked_mul(width)
        .ok_or_else(|| format!("SI = {si} is too large"))?;
    if bytes.len() != need {
        return Err(format!(
            "holds {} bytes, but SI = {si} {} numbers need {need}",
            bytes.len(),
            if enc.float64 { "float64" } else { "int32" }
        ));
    }
    let scale = 2f64.powi(nc_proc);
    let values = bytes.chunks_exact(width).map(|c| {
        let v = match (enc.float64, enc.big_endian) {
            (false, false) => f64::from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            (false, true) => f64::from(i32::from_be_bytes([c[0], c[1], c[2], c[3]])),
            (true, false) => f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
            (true, true) => f64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        };
        v * scale
    });
    let values: Vec<f64> = values.collect();
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(format!(
            "point {} is not a finite number (NaN or infinite, or × 2^NC_proc overflows)",
            i + 1
        ));
    }
    Ok(values)
}

/// A processed 1D Bruker spectrum.
#[derive(Debug, Clone, PartialEq)]
pub struct Pdata {
    /// The `pdata/<procno>` folder read.
    pub dir: PathBuf,
    /// Real part (`1r`) × 2^NC_proc, from the highest ppm to the lowest (the file's order).
    pub real: Vec<f64>,
    /// Imaginary part (`1i`) × 2^NC_proc, when the file is there.
    pub imag: Option<Vec<f64>>,
    /// Chemical shift of point 0, ppm.
    pub ppm_first: f64,
    /// Shift step between points, ppm (negative).
    pub ppm_step: f64,
    /// `SF`, MHz: the reference frequency of 0 ppm; ν (Hz from 0 ppm) = δ · SF.
    pub sf_mhz: f64,
    /// `SFO1` (acqus), MHz.
    pub sfo1_mhz: Option<f64>,
    /// `BF1` (acqus), MHz.
    pub bf1_mhz: Option<f64>,
    /// Observed nucleus (`NUC1` of acqus, else `AXNUC` of procs), e.g. `1H`.
    pub nucleus: Option<String>,
    /// `TE` (acqus): sample temperature, K.
    pub temp_k: Option<f64>,
    /// Things read but doubtful (no acqus, …), for the user.
    pub warnings: Vec<String>,
}

impl Pdata {
    /// Chemical shift of every point, ppm.
    pub fn ppm(&self) -> Vec<f64> {
        (0..self.real.len())
            .map(|i| self.ppm_first + i as f64 * self.ppm_step)
            .collect()
    }

    /// Frequency of every point in Hz counted from 0 ppm (δ · SF).
    pub fn hz(&self) -> Vec<f64> {
        self.ppm().into_iter().map(|d| d * self.sf_mhz).collect()
    }
}

/// Where the files of a Bruker processed dataset are, given the path the user named: an
/// experiment folder `<expno>/` (→ `pdata/1`), a `pdata/<procno>/` folder, or its `1r`/`procs`.
pub fn pdata_dir(path: &Path) -> Option<PathBuf> {
    if path.is_dir() {
        if path.join("procs").is_file() {
            return Some(path.to_path_buf());
        }
        let p1 = path.join("pdata").join("1");
        return p1.join("procs").is_file().then_some(p1);
    }
    let name = path.file_name()?.to_str()?;
    if matches!(name, "1r" | "1i" | "procs" | "proc") {
        let dir = path.parent()?;
        return dir.join("procs").is_file().then(|| dir.to_path_buf());
    }
    None
}

/// Reads a file of at most `limit` bytes.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, BrukerError> {
    use std::io::Read;
    let f = std::fs::File::open(path)
        .map_err(|e| BrukerError::new(path, None, format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| BrukerError::new(path, None, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(BrukerError::new(
            path,
            None,
            format!("file larger than the limit of {limit} bytes"),
        ));
    }
    Ok(bytes)
}

fn read_params(path: &Path, limit: u64) -> Result<Params, BrukerError> {
    let bytes = read_limited(path, limit)?;
    // Parameter files are ASCII; TopSpin writes Latin-1 in titles and paths: keep what is valid.
    Ok(Params::parse(&String::from_utf8_lossy(&bytes)))
}

fn number(p: &Params, path: &Path, name: &str) -> Result<Option<f64>, BrukerError> {
    p.number(name).map_err(|b| {
        BrukerError::new(
            path,
            Some(b.line),
            format!("{}: '{}' is not a number", b.name, b.value),
        )
    })
}

/// The observed nucleus as the frequencies say ([`nucleus::check`]): NUC1 against BF1 and the
/// other channels (`NUC2`…`NUC8`, `BF2`…`BF8`), with a warning where they disagree.
fn checked_nucleus(
    a: &Params,
    path: &Path,
    stated: Option<String>,
    bf1_mhz: f64,
    warnings: &mut Vec<String>,
) -> Result<Option<String>, BrukerError> {
    let mut others = Vec::new();
    for i in 2..=8 {
        if let (Some(n), Some(bf)) = (
            a.text(&format!("NUC{i}")),
            number(a, path, &format!("BF{i}"))?,
        ) {
            others.push((n, bf, i));
        }
    }
    let pairs: Vec<(&str, f64)> = others.iter().map(|&(n, bf, _)| (n, bf)).collect();
    let channel = || {
        others
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case("1H"))
            .map_or(0, |o| o.2)
    };
    let said = stated.as_deref().unwrap_or("no nucleus");
    Ok(match nucleus::check(stated.as_deref(), bf1_mhz, &pairs) {
        Verdict::Agrees => stated,
        Verdict::Relabelled {
            nucleus,
            ratio_percent,
        } => {
            warnings.push(format!(
                "{}: NUC1 says {said}, but BF1/BF{} (1H) = {ratio_percent:.4} % is the frequency ratio of {nucleus} (IUPAC 2001); {nucleus} used",
                path.display(),
                channel()
            ));
            Some(nucleus.to_string())
        }
        Verdict::UnknownRatio { ratio_percent } => {
            warnings.push(format!(
                "{}: BF1/BF{} (1H) = {ratio_percent:.4} % matches no nucleus ringflux knows; NUC1 ({said}) kept",
                path.display(),
                channel()
            ));
            stated
        }
        Verdict::Impossible { implied_1h_mhz } => {
            warnings.push(format!(
                "{}: NUC1 says {said}, which at BF1 = {bf1_mhz} MHz needs a {implied_1h_mhz:.0} MHz magnet; the observed nucleus is unknown",
                path.display()
            ));
            None
        }
    })
}

fn required(p: &Params, path: &Path, name: &str) -> Result<f64, BrukerError> {
    number(p, path, name)?
        .ok_or_else(|| BrukerError::new(path, None, format!("{name}: missing (##${name}=)")))
}

fn integer_code(p: &Params, path: &Path, name: &str, allowed: &[i64]) -> Result<i64, BrukerError> {
    let v = number(p, path, name)?.unwrap_or(0.0);
    let line = p.line(name);
    if v.fract() != 0.0 || !allowed.contains(&(v as i64)) {
        return Err(BrukerError::new(
            path,
            line,
            format!("{name}: {v} is not one of {allowed:?}"),
        ));
    }
    Ok(v as i64)
}

/// Reads `pdata/<procno>/` (`procs`, `1r`, and `1i` if present) and `../../acqus` if present.
///
/// `max_points` and `max_file_bytes` are the caller's input limits.
pub fn read_pdata(
    dir: &Path,
    max_points: usize,
    max_file_bytes: u64,
) -> Result<Pdata, BrukerError> {
    let procs_path = dir.join("procs");
    let procs = read_params(&procs_path, max_file_bytes)?;
    let si_f = required(&procs, &procs_path, "SI")?;
    if si_f < 1.0 || si_f.fract() != 0.0 || si_f > max_points as f64 {
        return Err(BrukerError::new(
            &procs_path,
            procs.line("SI"),
            format!("SI: {si_f} is not a point count between 1 and {max_points}"),
        ));
    }
    let si = si_f as usize;
    let sf = required(&procs, &procs_path, "SF")?;
    if sf <= 0.0 {
        return Err(BrukerError::new(
            &procs_path,
            procs.line("SF"),
            format!("SF: {sf} MHz is not positive"),
        ));
    }
    let nc = number(&procs, &procs_path, "NC_proc")?.unwrap_or(0.0);
    if nc.fract() != 0.0 || nc.abs() > 1000.0 {
        return Err(BrukerError::new(
            &procs_path,
            procs.line("NC_proc"),
            format!("NC_proc: {nc} is not a small integer"),
        ));
    }
    let enc = Encoding {
        float64: integer_code(&procs, &procs_path, "DTYPP", &[0, 2])? == 2,
        big_endian: integer_code(&procs, &procs_path, "BYTORDP", &[0, 1])? == 1,
    };
    let read_part = |name: &str| -> Result<Vec<f64>, BrukerError> {
        let p = dir.join(name);
        let bytes = read_limited(&p, max_file_bytes)?;
        decode(&bytes, si, enc, nc as i32).map_err(|w| BrukerError::new(&p, None, w))
    };
    let real = read_part("1r")?;
    let imag = if dir.join("1i").is_file() {
        Some(read_part("1i")?)
    } else {
        None
    };

    let mut warnings = Vec::new();
    let acqus_path = dir.parent().and_then(Path::parent).map(|e| e.join("acqus"));
    let acqus = match &acqus_path {
        Some(p) if p.is_file() => Some((read_params(p, max_file_bytes)?, p.clone())),
        _ => None,
    };
    let (carrier_hz, width_hz, sfo1, bf1, temp_k, nucleus) = match &acqus {
        Some((a, ap)) => {
            let sfo1 = required(a, ap, "SFO1")?;
            let sw_h = required(a, ap, "SW_h")?;
            (
                (sfo1 - sf) * 1e6,
                sw_h,
                Some(sfo1),
                number(a, ap, "BF1")?,
                number(a, ap, "TE")?,
                a.text("NUC1").map(str::to_string),
            )
        }
        None => {
            warnings.push(format!(
                "no acqus two folders above {}: axis from procs OFFSET and SW_p, no temperature",
                dir.display()
            ));
            let offset = required(&procs, &procs_path, "OFFSET")?;
            let sw_p = required(&procs, &procs_path, "SW_p")?;
            (offset * sf - sw_p / 2.0, sw_p, None, None, None, None)
        }
    };
    if width_hz <= 0.0 {
        return Err(BrukerError::new(
            &procs_path,
            None,
            format!("spectral width {width_hz} Hz is not positive"),
        ));
    }
    let mut nucleus = nucleus
        .filter(|n| !n.is_empty() && n != "off")
        .or_else(|| procs.text("AXNUC").map(str::to_string));
    if let (Some((a, ap)), Some(bf1)) = (&acqus, bf1) {
        nucleus = checked_nucleus(a, ap, nucleus, bf1, &mut warnings)?;
    }
    let ppm_first = (carrier_hz + width_hz / 2.0) / sf;
    let ppm_step = -width_hz / (si as f64 * sf);
    if !(ppm_first.is_finite() && ppm_step.is_finite() && ppm_step < 0.0) {
        return Err(BrukerError::new(
            &procs_path,
            None,
            format!(
                "the ppm axis from SF = {sf} MHz, carrier {carrier_hz} Hz and width {width_hz} Hz is not finite"
            ),
        ));
    }
    Ok(Pdata {
        dir: dir.to_path_buf(),
        real,
        imag,
        ppm_first,
        ppm_step,
        sf_mhz: sf,
        sfo1_mhz: sfo1,
        bf1_mhz: bf1,
        nucleus,
        temp_k,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        let v: [i32; 2] = [-3, 70000];
        let le: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        let be: Vec<u8> = v.iter().flat_map(|x| x.to_be_bytes()).collect();
        let int_le = Encoding {
            float64: false,
            big_endian: false,
        };
        let int_be = Encoding {
            float64: false,
            big_endian: true,
        };
        assert_eq!(decode(&le, 2, int_le, -1).unwrap(), vec![-1.5, 35000.0]);
        assert_eq!(decode(&be, 2, int_be, 2).unwrap(), vec![-12.0, 280000.0]);
        let f: Vec<u8> = [0.25f64].iter().flat_map(|x| x.to_be_bytes()).collect();
        let fl_be = Encoding {
            float64: true,
            big_endian: true,
        };
        assert_eq!(decode(&f, 1, fl_be, 0).unwrap(), vec![0.25]);
        assert!(decode(&le, 3, int_le, 0).unwrap_err().contains("SI = 3"));
    }

    #[test]
    fn params_skip_arrays_and_comments() {
        let p = Params::parse("##TITLE= x\n$$ c\n##$CNST= (0..1)\n1 2\n##$TE= 300.5 $$ K\n");
        assert_eq!(p.number("TE").unwrap(), Some(300.5));
        assert_eq!(p.line("TE"), Some(5));
        assert_eq!(p.number("CNST").unwrap(), None);
        let bad = Params::parse("##$SF= abc\n").number("SF").unwrap_err();
        assert_eq!((bad.line, bad.name.as_str()), (1, "SF"));
    }
}
