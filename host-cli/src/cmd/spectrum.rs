//! `ringflux spectrum PATH`: what ringflux reads from a spectrum file or Bruker dataset — format,
//! nucleus, observe frequency, temperature, number of points, and the axis range in Hz and ppm;
//! with `--csv`, the points as `hz,ppm,intensity`.

use crate::error::CmdResult;
use crate::io::spectrum::{self, Spectrum};
use crate::report::output::Output;
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `ringflux spectrum`.
#[derive(Debug, clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// A JCAMP-DX file, a CSV spectrum, or a Bruker processed dataset (the `<expno>` folder,
    /// its `pdata/<procno>` folder, or the `1r`/`procs` file).
    pub path: PathBuf,
    /// Observe frequency, MHz (overrides the file's; needed for a CSV ppm column).
    #[arg(long)]
    pub mhz: Option<f64>,
    /// The block of a multi-block (LINK) JCAMP-DX file to read, 1-based (default: the first
    /// frequency-domain spectrum).
    #[arg(long)]
    pub block: Option<usize>,
    /// Print the points as CSV (`hz,ppm,intensity`; ppm empty when the axis is not referenced)
    /// instead of the human report (`--json` still prints the JSON report).
    #[arg(long)]
    pub csv: bool,
}

/// JSON report of `ringflux spectrum`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The path as given.
    pub file: String,
    /// The format read.
    pub format: String,
    /// Observed nucleus as the file states it (e.g. `1H`, `^1H`), if it does.
    pub nucleus: Option<String>,
    /// Observe frequency, MHz.
    pub observe_mhz: Option<f64>,
    /// Sample temperature stated in the file, K.
    pub temperature_k: Option<f64>,
    /// Number of points.
    pub n_points: usize,
    /// Abscissa of the first and last point, Hz.
    pub x_first_hz: f64,
    /// See `x_first_hz`.
    pub x_last_hz: f64,
    /// Whether Hz are counted from 0 ppm.
    pub referenced: bool,
    /// First point, ppm (when referenced).
    pub x_first_ppm: Option<f64>,
    /// Last point, ppm (when referenced).
    pub x_last_ppm: Option<f64>,
    /// Doubtful things the reader noticed.
    pub warnings: Vec<String>,
}

fn ppm(s: &Spectrum, hz: f64) -> Option<f64> {
    s.mhz.filter(|_| s.referenced).map(|m| hz / m)
}

/// The report of a spectrum.
pub fn report(file: &str, s: &Spectrum) -> Report {
    let first = s.x_hz.first().copied().unwrap_or(f64::NAN);
    let last = s.x_hz.last().copied().unwrap_or(f64::NAN);
    Report {
        file: file.to_string(),
        format: s.format.to_string(),
        nucleus: s.nucleus.clone(),
        observe_mhz: s.mhz,
        temperature_k: s.temp_k,
        n_points: s.x_hz.len(),
        x_first_hz: first,
        x_last_hz: last,
        referenced: s.referenced,
        x_first_ppm: ppm(s, first),
        x_last_ppm: ppm(s, last),
        warnings: s.warnings.clone(),
    }
}

fn opt(v: Option<f64>, digits: usize, unit: &str) -> String {
    v.map_or_else(
        || "not stated".to_string(),
        |x| format!("{x:.digits$} {unit}"),
    )
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!("{}\n", r.file);
    s += &format!("  format             {}\n", r.format);
    s += &format!(
        "  nucleus            {}\n",
        r.nucleus.as_deref().unwrap_or("not stated")
    );
    s += &format!("  observe frequency  {}\n", opt(r.observe_mhz, 6, "MHz"));
    s += &format!("  temperature        {}\n", opt(r.temperature_k, 2, "K"));
    s += &format!("  points             {}\n", r.n_points);
    s += &format!(
        "  axis               {:.4} … {:.4} Hz{}\n",
        r.x_first_hz,
        r.x_last_hz,
        if r.referenced {
            " (from 0 ppm)"
        } else {
            " (not referenced to 0 ppm)"
        }
    );
    if let (Some(a), Some(b)) = (r.x_first_ppm, r.x_last_ppm) {
        s += &format!("                     {a:.6} … {b:.6} ppm\n");
    }
    for w in &r.warnings {
        s += &format!("  warning: {w}\n");
    }
    s
}

/// The points as CSV: `hz,ppm,intensity` (ppm empty when the axis is not referenced).
pub fn csv(s: &Spectrum) -> String {
    let mut out = String::from("hz,ppm,intensity\n");
    for (&x, &y) in s.x_hz.iter().zip(&s.y) {
        let p = ppm(s, x).map_or_else(String::new, |p| p.to_string());
        out += &format!("{x},{p},{y}\n");
    }
    out
}

/// Runs `ringflux spectrum`.
pub fn run(a: &Args) -> CmdResult<Output> {
    let s = spectrum::read_block(&a.path, a.mhz, a.block)?;
    let r = report(&a.path.display().to_string(), &s);
    let human = if a.csv { csv(&s) } else { render(&r) };
    Ok(Output::new(&r, human)?)
}
