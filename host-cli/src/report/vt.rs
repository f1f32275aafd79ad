//! Rendering of `ringflux vt-fit` results (human text, plots).

use super::eyring_fit;
use crate::analysis::vt::Report;
use std::path::{Path, PathBuf};

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = String::from("  T (K)   k (s⁻¹)             file\n");
    for p in &r.points {
        let k = match (p.k_per_s, p.k_err_per_s) {
            (Some(k), Some(e)) => format!("{k:>9.3} ± {e:<8.3}"),
            _ => format!("{:<20}", "undetermined"),
        };
        s += &format!("  {:>6.1}  {k}  {}\n", p.temp_k, p.file);
    }
    s + &eyring_fit::render(&r.eyring)
}

/// `out.svg` → `out-spectra.svg`.
pub fn spectra_path(p: &Path) -> PathBuf {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    p.with_file_name(format!("{stem}-spectra.svg"))
}
