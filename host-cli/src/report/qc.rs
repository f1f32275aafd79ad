//! Rendering of `ringflux qc` results (human text).

use crate::analysis::qc::Report;

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    for f in &r.files {
        let o = &f.output;
        s += &format!("{}\n", f.file);
        s += &format!(
            "  program            {:?} ({})\n",
            o.program,
            o.version.as_deref().unwrap_or("version not stated")
        );
        s += &format!(
            "  method             {}\n",
            o.method.as_deref().unwrap_or("not stated")
        );
        s += &format!("  atoms              {}\n", f.natom);
        s += &format!("  SCF energy         {} Eh\n", opt(o.scf_energy_hartree, 9));
        for (label, v) in [
            ("final single point", o.final_single_point_energy_hartree),
            ("MP2 total", o.mp2_energy_hartree),
            ("ONIOM extrapolated", o.oniom_extrapolated_energy_hartree),
            (
                "counterpoise corr.",
                o.counterpoise_corrected_energy_hartree,
            ),
        ] {
            if v.is_some() {
                s += &format!("  {label:<18} {} Eh\n", opt(v, 9));
            }
        }
        s += &format!(
            "  free energy G      {} Eh\n",
            opt(o.free_energy_hartree, 8)
        );
        s += &format!("  enthalpy H         {} Eh\n", opt(o.enthalpy_hartree, 8));
        s += &format!("  ZPVE               {} Eh\n", opt(o.zpve_hartree, 8));
        s += &format!("  temperature        {} K\n", opt(o.temperature_k, 2));
        if o.has_shieldings() {
            s += "  isotropic shielding (ppm):\n";
            for a in &o.atoms {
                if let Some(sig) = a.isotropic_shielding_ppm {
                    s += &format!("    {:>4} {:<2} {sig:>10.4}\n", a.index, a.element);
                }
            }
        }
    }
    s
}

/// A number with `digits` decimals, or a dash when absent.
fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "—".to_string(), |x| format!("{x:.digits$}"))
}
