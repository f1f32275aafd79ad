//! Boltzmann statistics of ringflux-core against the 50-digit reference cases in
//! `../shared/reference/boltzmann/cases/boltz_*.json` (mpmath, see the cases README).

use ringflux_core::boltzmann::{populations, weighted_average, Ensemble, Running};
use ringflux_core::constants::EnergyUnit;
use ringflux_tests::{assert_close, num, read_json, shared};

/// kcal per J.
const KCAL: f64 = 1.0 / 4184.0;
/// Thermodynamic summaries (Q, G, ⟨E⟩, S) are sums of a few well-conditioned terms: 1e-12 relative.
const SUMMARY_REL: f64 = 1e-12;

fn unit(s: &str) -> EnergyUnit {
    match s {
        "kcal/mol" => EnergyUnit::KcalPerMol,
        "kJ/mol" => EnergyUnit::KjPerMol,
        "hartree" => EnergyUnit::Hartree,
        other => panic!("unknown unit {other}"),
    }
}

fn nums(v: &serde_json::Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

/// Runs one `boltz_*` case with energies/degeneracies and checks every expected field, using the
/// case's own stated f64 tolerances.
fn check_case(file: &str) {
    let c = read_json(&shared(&format!("reference/boltzmann/cases/{file}")));
    let e = nums(&c["energies"]["values"]);
    let g: Vec<f64> = nums(&c["degeneracies"]);
    let t = num(&c["temperature_K"]);
    let u = unit(c["energies"]["unit"].as_str().unwrap());
    let mut p = vec![0.0; e.len()];
    let ens = populations(&e, &g, u, t, &mut p).unwrap();
    check_results(file, &c, &e, t, u, &p, &ens);
    // The one-pass accumulator, fed in reverse order so every new minimum rescales its sums.
    let mut r = Running::new(u, t).unwrap();
    for (i, &x) in e.iter().enumerate().rev() {
        r.push(x, g.get(i).copied().unwrap_or(1.0)).unwrap();
    }
    let p: Vec<f64> = (0..e.len())
        .map(|i| {
            r.population(e[i], g.get(i).copied().unwrap_or(1.0))
                .unwrap()
        })
        .collect();
    let mut ens = r.summary().unwrap();
    // Pushed in reverse, the accumulator numbers the states backwards, and on a tie (boltz_02 has
    // one) it keeps the first pushed: compare the minimum energy it found instead.
    let first_pushed = e.len() - 1 - ens.min_index;
    assert_eq!(r.e_min(), Some(e[first_pushed]));
    ens.min_index = e.iter().position(|&x| x == e[first_pushed]).unwrap();
    check_results(&format!("{file} (Running)"), &c, &e, t, u, &p, &ens);
}

/// Checks populations and the summary of one case against its expected values.
fn check_results(
    file: &str,
    c: &serde_json::Value,
    e: &[f64],
    t: f64,
    u: EnergyUnit,
    p: &[f64],
    ens: &Ensemble<f64>,
) {
    // The reference parsed the decimal energies exactly; we parse them to f64. An input rounding of
    // one ulp of |E| shifts exp(−ΔE/RT) by ulp/RT relative: significant for absolute hartree values
    // (ulp 1.1e-13 Eh at 612 Eh, RT = 7.4e-4 Eh at 233 K → 1.5e-10). Allow two ulps on top.
    let max_abs_e = e.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    let rt_in_unit = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K * t / u.j_per_mol();
    let summary_rel = SUMMARY_REL + 2.0 * max_abs_e * f64::EPSILON / rt_in_unit;
    let exp = &c["expected"];
    let tol_abs = num(&c["tolerances"]["populations_abs"]);
    let tol_rel = num(&c["tolerances"]["populations_rel_where_p_gt_1e-300"]);
    let want = nums(&exp["populations_f64"]);
    assert_eq!(want.len(), p.len());
    for (i, (&got, &w)) in p.iter().zip(&want).enumerate() {
        assert!(
            (got - w).abs() <= tol_abs,
            "{file} p[{i}]: {got:e} vs {w:e}"
        );
        if w > 1e-300 {
            assert!(
                (got - w).abs() <= tol_rel * w,
                "{file} p[{i}] rel: {got:e} vs {w:e}"
            );
        }
    }
    assert_close("sum", p.iter().sum(), 1.0, 1e-14, 0.0);
    assert_eq!(
        ens.min_index as u64,
        exp["argmax"].as_u64().unwrap(),
        "{file} argmax"
    );
    assert_close(
        "Q_rel",
        ens.ln_q_rel.exp(),
        num(&exp["Q_rel"]),
        summary_rel,
        0.0,
    );
    assert_close(
        "G_ens",
        ens.g_rel_j_per_mol * KCAL,
        num(&exp["ensemble_free_energy_rel_kcal_per_mol"]),
        summary_rel,
        1e-15,
    );
    assert_close(
        "<E>",
        ens.mean_energy_rel_j_per_mol * KCAL,
        num(&exp["boltzmann_avg_energy_rel_kcal_per_mol"]),
        summary_rel,
        1e-15,
    );
    assert_close(
        "S_conf",
        ens.entropy_j_per_mol_k / 4.184,
        num(&exp["S_conf_cal_per_mol_K"]),
        summary_rel,
        1e-15,
    );
    // Identity stated in the cases README: G_ens − E_min = ⟨E⟩ − E_min − T S_conf.
    let rhs = ens.mean_energy_rel_j_per_mol - t * ens.entropy_j_per_mol_k;
    assert_close("G = <E> − TS", ens.g_rel_j_per_mol, rhs, 1e-10, 1e-9);
    // Log populations (exact-decimal reference) for the states that do not underflow; an input
    // rounding error δ moves log10 p by at most δ/ln 10 < δ.
    for (i, (&got, w)) in p.iter().zip(nums(&exp["log10_populations"])).enumerate() {
        if got > 0.0 {
            assert_close(
                &format!("{file} log10 p[{i}]"),
                got.log10(),
                w,
                1e-11,
                summary_rel,
            );
        }
    }
}

#[test]
fn boltz_01_tc_tb_ez() {
    check_case("boltz_01_tc_tb_EZ_synthetic.json");
}

#[test]
fn boltz_01_weighted_properties() {
    let c = read_json(&shared(
        "reference/boltzmann/cases/boltz_01_tc_tb_EZ_synthetic.json",
    ));
    let e = nums(&c["energies"]["values"]);
    let mut p = vec![0.0; e.len()];
    populations(&e, &[], EnergyUnit::KcalPerMol, 298.15, &mut p).unwrap();
    for key in ["C2_shift_ppm", "3J_H2a_H3a_Hz"] {
        let prop = &c["properties"][key];
        let avg = weighted_average(&p, &nums(&prop["values"])).unwrap();
        assert_close(
            key,
            avg,
            num(&prop["expected_boltzmann_average"]),
            1e-13,
            0.0,
        );
    }
}

#[test]
fn boltz_02_hartree_degenerate_233k() {
    check_case("boltz_02_hartree_degenerate_233K_synthetic.json");
}

#[test]
fn boltz_03_span_200_kcal() {
    check_case("boltz_03_span200kcal_298K_synthetic.json");
}

#[test]
fn boltz_06_goodvibes_real() {
    // Real GoodVibes output (Gaussian 16 conformers): CODATA 2018 populations at 50 digits, and the
    // populations GoodVibes printed with its older constants, which differ by at most the stated
    // max_abs_diff_CODATA_vs_goodvibes_constants.
    let c = read_json(&shared(
        "reference/boltzmann/cases/boltz_06_goodvibes_aminox_real.json",
    ));
    let t = num(&c["temperature_K"]);
    for (energies, key) in [
        ("qh_gibbs_hartree", "qh_gibbs"),
        ("scf_energy_hartree", "scf"),
    ] {
        let e = nums(&c[energies]);
        let mut p = vec![0.0; e.len()];
        populations(&e, &[], EnergyUnit::Hartree, t, &mut p).unwrap();
        let exp = &c["expected"][key];
        // Hartree energies parsed to f64 (ulp 1.1e-13 Eh at 518 Eh, ×ΔE/RT): 1e-10 relative.
        for (got, want) in p.iter().zip(nums(&exp["populations_CODATA2018"])) {
            assert_close(key, *got, want, 1e-10, 1e-12);
        }
        if let Some(gv) = exp.get("goodvibes_reported") {
            let diff = num(&exp["max_abs_diff_CODATA_vs_goodvibes_constants"]);
            for (got, want) in p.iter().zip(nums(gv)) {
                assert!(
                    (got - want).abs() <= 1.5 * diff,
                    "{key}: {got} vs GoodVibes {want}"
                );
            }
        }
    }
}
