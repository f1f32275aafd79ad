//! Rendering of `ringflux plan` results (human text).

use crate::analysis::plan::Report;

/// Human rendering.
pub fn render(r: &Report) -> String {
    let mut s = format!(
        "ΔG‡ {}–{} kcal/mol, Δν = {:.2} Hz ({} at {:.3} MHz), k_c = {:.2} s⁻¹\n  coalescence: {:.1}–{:.1} K\n  slow exchange (resolved) below {:.1} K; fast exchange (averaged) above {:.1} K\n  schedule ({} temperatures): {}\n",
        r.dg_kcal_per_mol[0], r.dg_kcal_per_mol[1], r.dnu_hz, r.nucleus.name(), r.observe_mhz, r.k_c_per_s,
        r.tc_k[0], r.tc_k[1], r.slow_exchange_below_k, r.fast_exchange_above_k,
        r.schedule_k.len(),
        r.schedule_k.iter().map(|t| format!("{t:.0}")).collect::<Vec<_>>().join(", ")
    );
    if r.solvents.is_empty() {
        s += "  no solvent in the table is liquid over the whole schedule: split it, or narrow the ΔG‡ range\n";
    } else {
        s += "  solvents liquid over the whole schedule:\n";
        for v in &r.solvents {
            s += &format!(
                "    {:<12} mp {:.1} K, bp {:.1} K{}{}\n",
                v.name,
                v.mp_k,
                v.bp_k,
                if v.parent_solvent_value {
                    " (parent solvent's values)"
                } else {
                    ""
                },
                if v.gas_at_room_temperature {
                    "; a gas at room temperature: sealed tube"
                } else {
                    ""
                }
            );
        }
    }
    s
}
