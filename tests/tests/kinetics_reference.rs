//! The kinetics formulas of ringflux-core against the reference tables of
//! `../shared/reference/kinetics/` (computed independently in Python, see `kinetics.md`).

use ringflux_core::{coalescence, constants, equilibrium, eyring};
use ringflux_tests::{assert_close, col, num, read_json, read_tsv, shared};

/// The TSV tables print 10 significant digits: a relative 1e-9 is "equal at the printed digits".
const PRINTED_10_DIGITS: f64 = 1e-9;
/// `eyring_regression_ref.json` stores full f64 values from numpy/scipy; differences come only from
/// summation order in the least-squares sums.
const LSQ_REL: f64 = 1e-9;

#[test]
fn constants_match_constants_json() {
    let c = read_json(&shared("reference/kinetics/constants.json"));
    let pairs = [
        ("kB", constants::BOLTZMANN_J_PER_K),
        ("h", constants::PLANCK_J_S),
        ("NA", constants::AVOGADRO_PER_MOL),
        ("R", constants::GAS_CONSTANT_J_PER_MOL_K),
        ("kB_over_h", constants::BOLTZMANN_OVER_PLANCK_PER_S_K),
        ("ln_kB_over_h", constants::LN_BOLTZMANN_OVER_PLANCK),
        ("cal_th_J", constants::CALORIE_J),
    ];
    for (key, ours) in pairs {
        assert_close(key, ours, num(&c[key]), 1e-15, 0.0);
    }
}

#[test]
fn gutowsky_holm_table() {
    let rows = read_tsv(&shared("reference/kinetics/gutowsky_holm_ref.tsv"));
    assert!(rows.len() >= 10);
    for r in &rows {
        let (tc, dnu) = (col(r, "Tc_K"), col(r, "dnu_Hz"));
        let c = coalescence::gutowsky_holm(tc, dnu).unwrap();
        let what = format!("Tc={tc} dnu={dnu}");
        assert_close(
            &what,
            c.k_c_per_s,
            col(r, "kc_per_s"),
            PRINTED_10_DIGITS,
            0.0,
        );
        assert_close(
            &what,
            c.dg_j_per_mol,
            col(r, "dG_J_per_mol"),
            PRINTED_10_DIGITS,
            0.0,
        );
        assert_close(
            &what,
            c.dg_j_per_mol / 4184.0,
            col(r, "dG_kcal"),
            PRINTED_10_DIGITS,
            0.0,
        );
        // The 1/τ_total = 2k trap: the table shows what the wrong k would give.
        let wrong = eyring::dg_j_per_mol(2.0 * c.k_c_per_s, tc, 1.0).unwrap();
        assert_close(
            &what,
            wrong / 1000.0,
            col(r, "dG_if_k_is_1_over_tau_total_kJ"),
            PRINTED_10_DIGITS,
            0.0,
        );
        // And k = Δν (another common mistake) for completeness.
        let k_eq_dnu = eyring::dg_j_per_mol(dnu, tc, 1.0).unwrap();
        assert_close(
            &what,
            k_eq_dnu / 1000.0,
            col(r, "dG_if_k_equals_dnu_kJ"),
            PRINTED_10_DIGITS,
            0.0,
        );
    }
}

#[test]
fn gutowsky_holm_error_propagation_example() {
    // kinetics.md (b): T_c = 330 ± 2 K, Δν = 40 ± 2 Hz → 0.43 kJ/mol from T_c, 0.14 from Δν.
    let c = coalescence::gutowsky_holm(330.0, 40.0).unwrap();
    let from_t = c.dg_err_j_per_mol(2.0, 0.0).unwrap() / 1000.0;
    let from_nu = c.dg_err_j_per_mol(0.0, 2.0).unwrap() / 1000.0;
    assert_close("σ from T_c", from_t, 0.43, 0.0, 0.005);
    assert_close("σ from Δν", from_nu, 0.14, 0.0, 0.005);
    let both = c.dg_err_j_per_mol(2.0, 2.0).unwrap() / 1000.0;
    assert_close(
        "σ total",
        both,
        (from_t * from_t + from_nu * from_nu).sqrt(),
        1e-12,
        0.0,
    );
}

#[test]
fn kurland_rubin_wise_table() {
    let rows = read_tsv(&shared("reference/kinetics/kurland_rubin_wise_ref.tsv"));
    assert!(rows.len() >= 7);
    for r in &rows {
        let (dnu0, j, tc) = (col(r, "dnu0_Hz"), col(r, "J_Hz"), col(r, "Tc_K"));
        let c = coalescence::kurland_rubin_wise(tc, dnu0, j).unwrap();
        let what = format!("dnu0={dnu0} J={j}");
        assert_close(
            &what,
            c.k_c_per_s,
            col(r, "kc_per_s"),
            PRINTED_10_DIGITS,
            0.0,
        );
        assert_close(
            &what,
            c.dg_j_per_mol / 1000.0,
            col(r, "dG_kJ"),
            PRINTED_10_DIGITS,
            0.0,
        );
    }
}

#[test]
fn shanan_atidi_bar_eli_table() {
    let rows = read_tsv(&shared("reference/kinetics/shanan_atidi_bar_eli_ref.tsv"));
    assert!(rows.len() >= 6);
    for r in &rows {
        let (pa, tc, dnu) = (col(r, "pA_major"), col(r, "Tc_K"), col(r, "dnu_Hz"));
        let u = coalescence::shanan_atidi_bar_eli(tc, dnu, pa).unwrap();
        let what = format!("pA={pa} Tc={tc} dnu={dnu}");
        assert_close(&what, u.x, col(r, "X"), PRINTED_10_DIGITS, 0.0);
        assert_close(&what, u.tau_s, col(r, "tau_s"), PRINTED_10_DIGITS, 0.0);
        let (a, b) = (u.major_to_minor, u.minor_to_major);
        assert_close(
            &what,
            a.k_c_per_s,
            col(r, "kA_major_to_minor"),
            PRINTED_10_DIGITS,
            0.0,
        );
        assert_close(
            &what,
            b.k_c_per_s,
            col(r, "kB_minor_to_major"),
            PRINTED_10_DIGITS,
            0.0,
        );
        assert_close(
            &what,
            a.dg_j_per_mol / 1000.0,
            col(r, "dG_A_kJ"),
            PRINTED_10_DIGITS,
            0.0,
        );
        assert_close(
            &what,
            b.dg_j_per_mol / 1000.0,
            col(r, "dG_B_kJ"),
            PRINTED_10_DIGITS,
            0.0,
        );
        // ΔG‡_A − ΔG‡_B = R T_c ln(p_A/p_B): the table's two columns and our difference agree.
        let diff = (a.dg_j_per_mol - b.dg_j_per_mol) / 1000.0;
        assert_close(&what, diff, col(r, "RTc_ln_pA_over_pB_kJ"), 1e-8, 1e-12);
        let gh = coalescence::gutowsky_holm(tc, dnu).unwrap();
        assert_close(
            &what,
            gh.dg_j_per_mol / 1000.0,
            col(r, "GH_equal_pop_dG_kJ"),
            PRINTED_10_DIGITS,
            0.0,
        );
    }
}

#[test]
fn population_ratio_table() {
    let rows = read_tsv(&shared("reference/kinetics/population_dG0_ref.tsv"));
    assert!(rows.len() >= 10);
    for r in &rows {
        let (ratio, t) = (col(r, "ratio_major_to_minor"), col(r, "T_K"));
        let e = equilibrium::from_ratio(ratio, 1.0, t).unwrap();
        let what = format!("{ratio}:1 at {t} K");
        assert_close(&what, e.k_eq, col(r, "K"), PRINTED_10_DIGITS, 0.0);
        assert_close(&what, e.p_major, col(r, "p_major"), PRINTED_10_DIGITS, 0.0);
        assert_close(
            &what,
            e.dg0_j_per_mol / 1000.0,
            col(r, "dG0_minor_minus_major_kJ"),
            PRINTED_10_DIGITS,
            1e-12,
        );
        assert_close(
            &what,
            e.dg0_j_per_mol / 4184.0,
            col(r, "dG0_kcal"),
            PRINTED_10_DIGITS,
            1e-12,
        );
        // and back
        let back = equilibrium::from_dg0(e.dg0_j_per_mol, t).unwrap();
        assert_close(&what, back.k_eq, e.k_eq, 1e-12, 0.0);
    }
    // kinetics.md (g): 3:1 at 298.15 K → 2.72341 kJ/mol = 0.65091 kcal/mol (printed to 5 decimals).
    let e = equilibrium::from_ratio(3.0, 1.0, 298.15).unwrap();
    assert_close("3:1", e.dg0_j_per_mol / 1000.0, 2.72341, 0.0, 5e-6);
    assert_close("3:1 kcal", e.dg0_j_per_mol / 4184.0, 0.65091, 0.0, 5e-6);
}

fn regression_points(key: &str) -> Vec<eyring::RatePoint<f64>> {
    let j = read_json(&shared("reference/kinetics/eyring_regression_ref.json"));
    let ts = j["T_K"].as_array().unwrap();
    let ks = j[key].as_array().unwrap();
    ts.iter()
        .zip(ks)
        .map(|(t, k)| eyring::RatePoint {
            t_k: num(t),
            k_per_s: num(k),
            k_err_per_s: None,
        })
        .collect()
}

#[test]
fn eyring_regression_noisy_set() {
    let j = read_json(&shared("reference/kinetics/eyring_regression_ref.json"));
    let want = &j["fit_noisy"];
    let f = eyring::fit(
        &regression_points("k_noisy"),
        1.0,
        eyring::Weighting::Unweighted,
    )
    .unwrap();
    assert_eq!(f.n, 7);
    assert_close("slope", f.slope_k, num(&want["slope"]), LSQ_REL, 0.0);
    assert_close(
        "intercept",
        f.intercept,
        num(&want["intercept"]),
        LSQ_REL,
        0.0,
    );
    assert_close(
        "se slope",
        f.slope_err_k,
        num(&want["se_slope"]),
        LSQ_REL,
        0.0,
    );
    assert_close(
        "se intercept",
        f.intercept_err,
        num(&want["se_intercept"]),
        LSQ_REL,
        0.0,
    );
    assert_close(
        "cov",
        f.cov_intercept_slope_k,
        num(&want["cov_slope_intercept"]),
        LSQ_REL,
        0.0,
    );
    assert_close(
        "r²",
        f.r_squared,
        num(&want["r_value"]).powi(2),
        LSQ_REL,
        0.0,
    );
    assert_close("dH", f.dh_j_per_mol, num(&want["dH_J"]), LSQ_REL, 0.0);
    assert_close(
        "se dH",
        f.dh_err_j_per_mol,
        num(&want["se_dH_J"]),
        LSQ_REL,
        0.0,
    );
    assert_close(
        "dS",
        f.ds_j_per_mol_k,
        num(&want["dS_J_per_K"]),
        LSQ_REL,
        0.0,
    );
    assert_close(
        "se dS",
        f.ds_err_j_per_mol_k,
        num(&want["se_dS"]),
        LSQ_REL,
        0.0,
    );
    let (dg, se) = f.dg_at(298.15).unwrap();
    assert_close("dG298", dg, num(&want["dG298_J"]), LSQ_REL, 0.0);
    assert_close("se dG298", se, num(&want["se_dG298_J"]), LSQ_REL, 0.0);
}

#[test]
fn eyring_regression_exact_set_recovers_parameters() {
    // Noise-free: the fit returns ΔH‡ = 70000 J/mol and ΔS‡ = −5 J/(mol K) (SEs are round-off only,
    // kinetics.md says not to assert them).
    let f = eyring::fit(
        &regression_points("k_exact"),
        1.0,
        eyring::Weighting::Unweighted,
    )
    .unwrap();
    assert_close("dH", f.dh_j_per_mol, 70000.0, 1e-10, 0.0);
    assert_close("dS", f.ds_j_per_mol_k, -5.0, 0.0, 1e-8);
}

#[test]
fn eyring_rates_of_the_regression_set() {
    // k_exact = (k_B T/h) exp(−(ΔH‡ − TΔS‡)/RT) with ΔH‡ = 70000, ΔS‡ = −5: our rate_per_s agrees.
    for p in regression_points("k_exact") {
        let dg = 70000.0 + 5.0 * p.t_k;
        let k = eyring::rate_per_s(dg, p.t_k, 1.0).unwrap();
        assert_close("k", k, p.k_per_s, 1e-13, 0.0);
    }
}

#[test]
fn weighted_fit_with_equal_relative_errors_equals_unweighted_estimates() {
    // Equal σ(ln k) for all points: same line as OLS (a check of the weighting algebra).
    let mut pts = regression_points("k_noisy");
    for p in &mut pts {
        p.k_err_per_s = Some(0.05 * p.k_per_s);
    }
    let w = eyring::fit(&pts, 1.0, eyring::Weighting::ByRateError).unwrap();
    let u = eyring::fit(&pts, 1.0, eyring::Weighting::Unweighted).unwrap();
    assert_close("slope", w.slope_k, u.slope_k, 1e-12, 0.0);
    assert_close("intercept", w.intercept, u.intercept, 1e-12, 0.0);
    // With absolute σ(ln k) = 0.05, SE(b) = 0.05/√Sxx.
    let sxx: f64 = {
        let xs: Vec<f64> = pts.iter().map(|p| 1.0 / p.t_k).collect();
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        xs.iter().map(|x| (x - m).powi(2)).sum()
    };
    assert_close("se slope", w.slope_err_k, 0.05 / sxx.sqrt(), 1e-10, 0.0);
}
