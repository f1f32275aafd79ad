//! Every public entry point of `ringflux-core`, on the f64 (reference) and f32 (firmware) paths,
//! driven with arbitrary floats: NaN, ±inf, subnormals, ±0, huge and negative values.
//!
//! Nothing may panic, and every `Ok` must keep its physics: finite results, populations in
//! [0, 1] summing to 1, the Eyring round trip k → ΔG‡ → k, K ≥ 1 and p_major ∈ [½, 1],
//! ΔG‡_A − ΔG‡_B = RT ln(p_A/p_B), R² ≤ 1, standard errors finite and ≥ 0.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use ringflux_core::constants::{EnergyUnit, GAS_CONSTANT_J_PER_MOL_K as R};
use ringflux_core::{boltzmann, coalescence, equilibrium, eyring, Real};
use ringflux_fuzz::close;

/// At most this many states or rate points per case (keeps each run fast).
const MAX_ITEMS: usize = 64;

#[derive(Arbitrary, Debug)]
enum Case {
    Eyring { dg: f64, t: f64, kappa: f64 },
    EyringInverse { k: f64, t: f64, kappa: f64 },
    GutowskyHolm { tc: f64, dnu: f64, tc_err: f64, dnu_err: f64 },
    KurlandRubinWise { tc: f64, dnu0: f64, j: f64, tc_err: f64, dnu_err: f64 },
    AbQuartet { lines: [f64; 4] },
    ShananAtidiBarEli { tc: f64, dnu: f64, p: f64 },
    Ratio { a: f64, b: f64, t: f64 },
    Dg0 { dg: f64, t: f64 },
    Populations { energies: Vec<f64>, degeneracies: Vec<f64>, unit: u8, t: f64, shift: f64 },
    WeightedAverage { populations: Vec<f64>, values: Vec<f64> },
    Fit { points: Vec<(f64, f64, Option<f64>)>, kappa: f64, weighted: bool, t_at: f64 },
}

/// Relative precision to expect of a few chained exp/ln on this type, and the absolute floor
/// below which results are subnormal and carry no relative precision at all (a subnormal T_c
/// makes R·T_c subnormal; each operation then rounds to a multiple of the smallest subnormal).
trait Tol: Real {
    const RTOL: f64;
    const SUBNORMAL_ATOL: f64;
}
impl Tol for f64 {
    const RTOL: f64 = 1e-9;
    // 1000 ulps of the smallest subnormal (4.9e-324): a chain of ~100 subnormal operations.
    const SUBNORMAL_ATOL: f64 = 1000.0 * 4.9e-324;
}
impl Tol for f32 {
    const RTOL: f64 = 1e-3;
    // 1000 ulps of the smallest f32 subnormal (1.4e-45).
    const SUBNORMAL_ATOL: f64 = 1000.0 * 1.4e-45;
}

fn fin<F: Real>(x: F, what: &str) -> f64 {
    let v = x.to_f64();
    assert!(v.is_finite(), "{what} = {v} returned in an Ok");
    v
}

fn check<F: Tol>(case: &Case) {
    let c = F::from_f64;
    match *case {
        Case::Eyring { dg, t, kappa } => {
            if let Ok(k) = eyring::rate_per_s(c(dg), c(t), c(kappa)) {
                assert!(fin(k, "k_per_s") >= 0.0, "negative rate");
                // Round trip, where k is a normal number (a subnormal k has lost its digits).
                if k.to_f64() >= f64::from(f32::MIN_POSITIVE) * 1e6 {
                    let back = eyring::dg_j_per_mol(k, c(t), c(kappa))
                        .expect("ΔG‡ of a rate the Eyring equation returned");
                    let rt = R * c(t).to_f64();
                    // ln k carries |ln k|·ε of absolute error; RT scales it into J/mol.
                    let scale = dg.abs() + rt * (k.to_f64().ln().abs() + 80.0);
                    assert!(
                        close(fin(back, "dg"), c(dg).to_f64(), 0.0, F::RTOL * scale),
                        "round trip ΔG‡ {dg} → k {k} → {back}"
                    );
                }
            }
        }
        Case::EyringInverse { k, t, kappa } => {
            if let Ok(dg) = eyring::dg_j_per_mol(c(k), c(t), c(kappa)) {
                fin(dg, "dg_j_per_mol");
                if let Ok(h) = eyring::half_life_s(c(k)) {
                    assert!(fin(h, "half_life_s") >= 0.0);
                }
            }
        }
        Case::GutowskyHolm { tc, dnu, tc_err, dnu_err } => {
            if let Ok(r) = coalescence::gutowsky_holm(c(tc), c(dnu)) {
                check_coalescence(&r, c(tc_err), c(dnu_err));
            }
        }
        Case::KurlandRubinWise { tc, dnu0, j, tc_err, dnu_err } => {
            if let Ok(r) = coalescence::kurland_rubin_wise(c(tc), c(dnu0), c(j)) {
                check_coalescence(&r, c(tc_err), c(dnu_err));
            }
        }
        Case::AbQuartet { lines } => {
            if let Ok(q) = coalescence::ab_quartet(lines.map(c)) {
                assert!(fin(q.dnu0_hz, "dnu0_hz") >= 0.0);
                fin(q.j_hz, "j_hz");
                assert!(fin(q.j_mismatch_hz, "j_mismatch_hz") >= 0.0);
            }
        }
        Case::ShananAtidiBarEli { tc, dnu, p } => {
            if let Ok(u) = coalescence::shanan_atidi_bar_eli(c(tc), c(dnu), c(p)) {
                let (a, b) = (&u.major_to_minor, &u.minor_to_major);
                check_coalescence(a, F::ZERO, F::ZERO);
                check_coalescence(b, F::ZERO, F::ZERO);
                assert!(a.k_c_per_s <= b.k_c_per_s, "major→minor faster than minor→major");
                let (pa, t) = (c(p).to_f64(), c(tc).to_f64());
                let want = R * t * (pa / (1.0 - pa)).ln();
                let got = a.dg_j_per_mol.to_f64() - b.dg_j_per_mol.to_f64();
                let scale = a.dg_j_per_mol.to_f64().abs() + R * t * 80.0;
                assert!(
                    close(got, want, 0.0, F::RTOL * scale + F::SUBNORMAL_ATOL),
                    "ΔG‡_A − ΔG‡_B = {got}, RT ln(pA/pB) = {want}"
                );
            }
        }
        Case::Ratio { a, b, t } => {
            if let Ok(e) = equilibrium::from_ratio(c(a), c(b), c(t)) {
                check_equilibrium(&e);
            }
        }
        Case::Dg0 { dg, t } => {
            if let Ok(e) = equilibrium::from_dg0(c(dg), c(t)) {
                check_equilibrium(&e);
            }
        }
        Case::Populations { ref energies, ref degeneracies, unit, t, shift } => {
            let e: Vec<F> = energies.iter().take(MAX_ITEMS).map(|&x| c(x)).collect();
            let g: Vec<F> = degeneracies.iter().take(MAX_ITEMS).map(|&x| c(x)).collect();
            let unit = match unit % 3 {
                0 => EnergyUnit::KcalPerMol,
                1 => EnergyUnit::KjPerMol,
                _ => EnergyUnit::Hartree,
            };
            let mut p = vec![F::ZERO; e.len()];
            if let Ok(ens) = boltzmann::populations(&e, &g, unit, c(t), &mut p) {
                check_populations(&p);
                assert!(ens.min_index < e.len());
                fin(ens.ln_q_rel, "ln_q_rel");
                fin(ens.g_rel_j_per_mol, "g_rel_j_per_mol");
                fin(ens.entropy_j_per_mol_k, "entropy_j_per_mol_k");
                assert!(fin(ens.mean_energy_rel_j_per_mol, "mean_energy_rel") >= 0.0);
                // A constant shift of every energy changes no population (moderate values only:
                // a shift far larger than the spread rounds the spread away).
                let moderate = |x: f64| x.abs() <= 1e3;
                if energies.iter().take(MAX_ITEMS).all(|&x| moderate(x)) && moderate(shift) {
                    let shifted: Vec<F> = e.iter().map(|&x| x + c(shift)).collect();
                    let mut q = vec![F::ZERO; e.len()];
                    if boltzmann::populations(&shifted, &g, unit, c(t), &mut q).is_ok() {
                        // Rounding E + shift moves each ΔE by ≲ 4ε·10³ (input unit); populations
                        // respond with slope ≤ 1/(RT) per J/mol, summed over ≤ MAX_ITEMS states.
                        let de = 4.0 * F::EPSILON.to_f64() * 1e3 * unit.j_per_mol();
                        let tol = F::RTOL + MAX_ITEMS as f64 * de / (R * c(t).to_f64());
                        for (x, y) in p.iter().zip(&q) {
                            assert!(
                                close(x.to_f64(), y.to_f64(), 0.0, tol),
                                "shift {shift} changed a population {x} → {y}"
                            );
                        }
                    }
                }
            }
        }
        Case::WeightedAverage { ref populations, ref values } => {
            let p: Vec<F> = populations.iter().take(MAX_ITEMS).map(|&x| c(x)).collect();
            let v: Vec<F> = values.iter().take(MAX_ITEMS).map(|&x| c(x)).collect();
            if let Ok(x) = boltzmann::weighted_average(&p, &v) {
                fin(x, "weighted_average");
            }
        }
        Case::Fit { ref points, kappa, weighted, t_at } => {
            let pts: Vec<eyring::RatePoint<F>> = points
                .iter()
                .take(MAX_ITEMS)
                .map(|&(t, k, e)| eyring::RatePoint { t_k: c(t), k_per_s: c(k), k_err_per_s: e.map(c) })
                .collect();
            let w = if weighted { eyring::Weighting::ByRateError } else { eyring::Weighting::Unweighted };
            if let Ok(f) = eyring::fit(&pts, c(kappa), w) {
                assert_eq!(f.n, pts.len());
                for (v, what) in [
                    (f.slope_k, "slope_k"),
                    (f.intercept, "intercept"),
                    (f.cov_intercept_slope_k, "cov"),
                    (f.dh_j_per_mol, "dh"),
                    (f.ds_j_per_mol_k, "ds"),
                ] {
                    fin(v, what);
                }
                for (v, what) in [
                    (f.slope_err_k, "slope_err_k"),
                    (f.intercept_err, "intercept_err"),
                    (f.dh_err_j_per_mol, "dh_err"),
                    (f.ds_err_j_per_mol_k, "ds_err"),
                ] {
                    assert!(fin(v, what) >= 0.0, "{what} negative");
                }
                let r2 = fin(f.r_squared, "r_squared");
                assert!(r2 <= 1.0 + F::RTOL, "R² = {r2} > 1");
                if let Ok((dg, se)) = f.dg_at(c(t_at)) {
                    fin(dg, "dg_at");
                    assert!(fin(se, "dg_at error") >= 0.0);
                }
            }
        }
    }
}

fn check_coalescence<F: Tol>(r: &coalescence::Coalescence<F>, tc_err: F, dnu_err: F) {
    assert!(fin(r.k_c_per_s, "k_c_per_s") > 0.0);
    fin(r.dg_j_per_mol, "dg_j_per_mol");
    fin(r.dlnk_ddnu_per_hz, "dlnk_ddnu_per_hz");
    if let Ok(s) = r.dg_err_j_per_mol(tc_err, dnu_err) {
        assert!(fin(s, "dg_err_j_per_mol") >= 0.0);
    }
}

fn check_equilibrium<F: Tol>(e: &equilibrium::Equilibrium<F>) {
    assert!(fin(e.k_eq, "k_eq") >= 1.0, "K < 1");
    let p = fin(e.p_major, "p_major");
    assert!((0.5..=1.0).contains(&p), "p_major = {p}");
    let dp = fin(e.dp, "dp");
    assert!((0.0..=1.0).contains(&dp), "dp = {dp}");
    assert!(fin(e.dg0_j_per_mol, "dg0") >= 0.0, "ΔG° < 0");
}

fn check_populations<F: Tol>(p: &[F]) {
    let mut sum = 0.0;
    for &x in p {
        let v = fin(x, "population");
        assert!((0.0..=1.0 + F::RTOL).contains(&v), "population {v}");
        sum += v;
    }
    let n = p.len() as f64;
    assert!(close(sum, 1.0, 0.0, F::RTOL * n), "populations sum to {sum}");
}

fuzz_target!(|case: Case| {
    check::<f64>(&case);
    check::<f32>(&case);
});
