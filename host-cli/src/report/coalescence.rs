//! Rendering of `ringflux coalescence` results (human text).

use crate::analysis::coalescence::Report;

/// Human rendering of one coalescence report.
pub fn render(report: &Report) -> String {
    let r = &report.result;
    let mut s = format!(
        "Coalescence ({}) at T_c = {:.2} K, Δν = {:.3} Hz",
        r.method, report.tc_k, report.dnu_hz
    );
    if let Some(j) = report.j_hz {
        s += &format!(", J = {j:.3} Hz");
    }
    if let Some(p) = report.pop_major {
        s += &format!(", p_major = {p:.4}");
    }
    s += &format!(
        "\n  k_c = {:.4} s⁻¹\n  ΔG‡ = {}\n",
        r.k_c_per_s,
        crate::report::eyring_fit::energy(r.dg_kj_per_mol, r.dg_err_kj_per_mol, 3)
    );
    if let (Some(ka), Some(kb), Some(ga), Some(gb)) = (
        r.k_major_to_minor_per_s,
        r.k_minor_to_major_per_s,
        r.dg_major_to_minor_kj_per_mol,
        r.dg_minor_to_major_kj_per_mol,
    ) {
        s += &format!(
            "  major → minor: k = {ka:.4} s⁻¹, ΔG‡ = {}\n  minor → major: k = {kb:.4} s⁻¹, ΔG‡ = {}\n",
            crate::report::eyring_fit::energy(ga, None, 3),
            crate::report::eyring_fit::energy(gb, None, 3)
        );
    }
    s
}
