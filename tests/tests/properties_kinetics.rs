//! Physics stated as properties (proptest) for the kinetics and Boltzmann parts of the core.

use proptest::prelude::*;
use ringflux_core::constants::{EnergyUnit, GAS_CONSTANT_J_PER_MOL_K as R};
use ringflux_core::{boltzmann, coalescence, equilibrium, eyring};

/// Round trips go through exp and ln of numbers up to ~60: a few ulps of ΔG‡ (1e5 J/mol) each.
const ROUND_TRIP_REL: f64 = 1e-12;

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        proptest::num::f64::ANY,
        Just(0.0),
        Just(-0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MIN_POSITIVE / 4.0),
        Just(1e308),
        Just(-1e308),
        -1e6..1e6_f64,
    ]
}

proptest! {
    #[test]
    fn eyring_round_trip(dg in 0.0..200e3_f64, t in 100.0..1000.0_f64, kappa in 0.05..=1.0_f64) {
        let k = eyring::rate_per_s(dg, t, kappa).unwrap();
        let back = eyring::dg_j_per_mol(k, t, kappa).unwrap();
        prop_assert!((back - dg).abs() <= ROUND_TRIP_REL * dg.abs().max(1e3), "{dg} → {k} → {back}");
    }

    #[test]
    fn kappa_half_lowers_the_barrier_by_rt_ln2(k in 1e-3..1e6_f64, t in 150.0..450.0_f64) {
        let a = eyring::dg_j_per_mol(k, t, 1.0).unwrap();
        let b = eyring::dg_j_per_mol(k, t, 0.5).unwrap();
        prop_assert!(((a - b) - R * t * core::f64::consts::LN_2).abs() < 1e-8);
    }

    #[test]
    fn barrier_rises_with_tc_and_falls_with_dnu(tc in 150.0..450.0_f64, dt in 0.1..50.0_f64,
                                                  dnu in 1.0..2000.0_f64, dd in 0.1..500.0_f64) {
        let base = coalescence::gutowsky_holm(tc, dnu).unwrap().dg_j_per_mol;
        prop_assert!(coalescence::gutowsky_holm(tc + dt, dnu).unwrap().dg_j_per_mol > base);
        prop_assert!(coalescence::gutowsky_holm(tc, dnu + dd).unwrap().dg_j_per_mol < base);
    }

    #[test]
    fn unequal_populations_reduce_to_gutowsky_holm(tc in 150.0..450.0_f64, dnu in 1.0..2000.0_f64) {
        let u = coalescence::shanan_atidi_bar_eli(tc, dnu, 0.5).unwrap();
        let g = coalescence::gutowsky_holm(tc, dnu).unwrap();
        for c in [u.major_to_minor, u.minor_to_major] {
            prop_assert!((c.k_c_per_s - g.k_c_per_s).abs() <= 1e-12 * g.k_c_per_s);
            prop_assert!((c.dg_j_per_mol - g.dg_j_per_mol).abs() <= 1e-9);
        }
    }

    #[test]
    fn unequal_populations_obey_detailed_balance(tc in 150.0..450.0_f64, dnu in 1.0..2000.0_f64,
                                                  pa in 0.5..0.995_f64) {
        let u = coalescence::shanan_atidi_bar_eli(tc, dnu, pa).unwrap();
        let diff = u.major_to_minor.dg_j_per_mol - u.minor_to_major.dg_j_per_mol;
        prop_assert!((diff - R * tc * (pa / (1.0 - pa)).ln()).abs() < 1e-7);
        // p_A k_A = p_B k_B
        let (ka, kb) = (u.major_to_minor.k_c_per_s, u.minor_to_major.k_c_per_s);
        prop_assert!((pa * ka - (1.0 - pa) * kb).abs() <= 1e-12 * pa * ka);
        // the coalescence condition holds at the root
        let dp = 2.0 * pa - 1.0;
        let lhs = ((u.x * u.x - 2.0) / 3.0).max(0.0).powf(1.5) / u.x;
        prop_assert!((lhs - dp).abs() < 1e-12);
    }

    #[test]
    fn ratio_and_dg0_round_trip(k in 1.0..1e6_f64, t in 100.0..500.0_f64) {
        let e = equilibrium::from_ratio(k, 1.0, t).unwrap();
        let back = equilibrium::from_dg0(e.dg0_j_per_mol, t).unwrap();
        prop_assert!((back.k_eq - k).abs() <= 1e-12 * k);
        prop_assert!((back.p_major - e.p_major).abs() <= 1e-15);
    }

    #[test]
    fn populations_sum_to_one_and_ignore_a_constant_shift(
        e in prop::collection::vec(-50.0..50.0_f64, 1..64), shift in -1e4..1e4_f64, t in 50.0..1000.0_f64
    ) {
        let mut p = vec![0.0; e.len()];
        let a = boltzmann::populations(&e, &[], EnergyUnit::KjPerMol, t, &mut p).unwrap();
        prop_assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-13);
        prop_assert!(p.iter().all(|&x| (0.0..=1.0).contains(&x)));
        let shifted: Vec<f64> = e.iter().map(|x| x + shift).collect();
        let mut q = vec![0.0; e.len()];
        let b = boltzmann::populations(&shifted, &[], EnergyUnit::KjPerMol, t, &mut q).unwrap();
        for (x, y) in p.iter().zip(&q) {
            // the shift rounds each energy by up to ulp(1e4) = 1.8e-12 kJ/mol
            prop_assert!((x - y).abs() < 1e-11, "{x} vs {y}");
        }
        prop_assert!((a.entropy_j_per_mol_k - b.entropy_j_per_mol_k).abs() < 1e-9);
    }

    #[test]
    fn running_accumulator_equals_the_batch_in_any_order(
        e in prop::collection::vec(-50.0..50.0_f64, 1..64), t in 50.0..1000.0_f64, descending: bool
    ) {
        let mut p = vec![0.0; e.len()];
        let a = boltzmann::populations(&e, &[], EnergyUnit::KjPerMol, t, &mut p).unwrap();
        // Descending order makes every push a new minimum (a rescale each time).
        let mut order = e.clone();
        if descending {
            order.sort_by(|x, y| y.total_cmp(x));
        }
        let mut r = boltzmann::Running::new(EnergyUnit::KjPerMol, t).unwrap();
        for &x in &order {
            r.push(x, 1.0).unwrap();
        }
        let b = r.summary().unwrap();
        let mut sum = 0.0;
        for (&x, &want) in e.iter().zip(&p) {
            let got = r.population(x, 1.0).unwrap();
            sum += got;
            // x/RT ≤ 240 here: a few ulps of it (≈ 1e-13 relative in exp) per rescale.
            prop_assert!((got - want).abs() <= 1e-12 * want + 1e-300, "{got:e} vs {want:e}");
        }
        prop_assert!((sum - 1.0).abs() < 1e-13);
        prop_assert!((a.ln_q_rel - b.ln_q_rel).abs() < 1e-12);
        prop_assert!((a.entropy_j_per_mol_k - b.entropy_j_per_mol_k).abs() < 1e-9);
        prop_assert!((a.mean_energy_rel_j_per_mol - b.mean_energy_rel_j_per_mol).abs() < 1e-8);
        // A family's share is the sum of its members' populations.
        let mut part = boltzmann::Running::new(EnergyUnit::KjPerMol, t).unwrap();
        let half = &e[..e.len().div_ceil(2)];
        for &x in half {
            part.push(x, 1.0).unwrap();
        }
        let want: f64 = p[..half.len()].iter().sum();
        prop_assert!((r.share(&part).unwrap() - want).abs() < 1e-12);
    }

    #[test]
    fn degeneracy_g_equals_g_identical_states(
        e in prop::collection::vec(0.0..20.0_f64, 1..16), g in 1usize..6, which in 0usize..16, t in 100.0..500.0_f64
    ) {
        let which = which % e.len();
        let mut gs = vec![1.0; e.len()];
        gs[which] = g as f64;
        let mut p = vec![0.0; e.len()];
        let a = boltzmann::populations(&e, &gs, EnergyUnit::KcalPerMol, t, &mut p).unwrap();
        // expand: the state repeated g times
        let mut expanded = e.clone();
        expanded.extend(std::iter::repeat_n(e[which], g - 1));
        let mut q = vec![0.0; expanded.len()];
        let b = boltzmann::populations(&expanded, &[], EnergyUnit::KcalPerMol, t, &mut q).unwrap();
        let lumped: f64 = q[which] + q[e.len()..].iter().sum::<f64>();
        prop_assert!((p[which] - lumped).abs() < 1e-13);
        for i in (0..e.len()).filter(|&i| i != which) {
            prop_assert!((p[i] - q[i]).abs() < 1e-13);
        }
        // Free energy is the same; the entropy differs by the mixing term, as −R Σ p ln(p/g) says.
        prop_assert!((a.g_rel_j_per_mol - b.g_rel_j_per_mol).abs() < 1e-8);
    }

    #[test]
    fn nothing_panics_on_any_input(a in any_f64(), b in any_f64(), c in any_f64(), d in any_f64()) {
        let ok = |r: Result<f64, ringflux_core::Error>| r.map_or(true, f64::is_finite);
        prop_assert!(ok(eyring::rate_per_s(a, b, c)));
        prop_assert!(ok(eyring::dg_j_per_mol(a, b, c)));
        prop_assert!(ok(eyring::half_life_s(a)));
        prop_assert!(ok(coalescence::gutowsky_holm(a, b).map(|x| x.dg_j_per_mol)));
        prop_assert!(ok(coalescence::kurland_rubin_wise(a, b, c).map(|x| x.dg_j_per_mol)));
        prop_assert!(ok(coalescence::shanan_atidi_bar_eli(a, b, c).map(|x| x.major_to_minor.dg_j_per_mol)));
        prop_assert!(ok(coalescence::ab_quartet([a, b, c, d]).map(|x| x.dnu0_hz)));
        if let Ok(cc) = coalescence::gutowsky_holm(330.0, 40.0) {
            let _ = cc.dg_err_j_per_mol(a, b);
        }
        prop_assert!(ok(equilibrium::from_ratio(a, b, c).map(|x| x.dg0_j_per_mol)));
        prop_assert!(ok(equilibrium::from_dg0(a, b).map(|x| x.p_major)));
        let mut p = [0.0; 4];
        if let Ok(e) = boltzmann::populations(&[a, b, c, d], &[], EnergyUnit::Hartree, a, &mut p) {
            prop_assert!(e.ln_q_rel.is_finite());
            prop_assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        let _ = boltzmann::weighted_average(&[a, b], &[c, d]);
        let pts = [
            eyring::RatePoint { t_k: a, k_per_s: b, k_err_per_s: Some(c) },
            eyring::RatePoint { t_k: 300.0, k_per_s: d, k_err_per_s: None },
            eyring::RatePoint { t_k: b, k_per_s: 1.0, k_err_per_s: Some(d) },
        ];
        for w in [eyring::Weighting::Unweighted, eyring::Weighting::ByRateError] {
            if let Ok(f) = eyring::fit(&pts, 1.0, w) {
                let _ = f.dg_at(a);
            }
        }
    }
}

#[test]
fn f32_path_agrees_with_f64_on_the_worked_example() {
    // kinetics.md (b): 330 K, 40 Hz. f32 carries 24 bits: ΔG‡ ≈ 6.9e4 J/mol is held to ~0.004 J/mol,
    // the logs and exps add a few ulps; 0.5 J/mol is far inside the 0.05 kcal/mol firmware goal.
    let a = coalescence::gutowsky_holm(330.0_f32, 40.0).unwrap();
    let b = coalescence::gutowsky_holm(330.0_f64, 40.0).unwrap();
    assert!((f64::from(a.dg_j_per_mol) - b.dg_j_per_mol).abs() < 0.5);
}

#[test]
fn subnormal_rates_are_refused_not_misreported() {
    // Fuzz finding (fuzz/regressions/core_numerics/sabe-subnormal-ka): Δν = 3.6e-308 Hz and
    // p_A = 1 − 8e-16 gave k_A = 6.4e-323 s⁻¹ (≈ 4 significant bits) and a ΔG‡_A off by 8e-4.
    let r = coalescence::shanan_atidi_bar_eli(
        1.6642706074601894e141,
        3.615995533138927e-308,
        0.9999999999999992,
    );
    assert_eq!(r.err(), Some(ringflux_core::Error::OutOfRange("dnu_hz")));
    assert_eq!(
        eyring::dg_j_per_mol(1e-320, 300.0, 1.0),
        Err(ringflux_core::Error::OutOfRange("k_per_s"))
    );
    // The smallest normal rate is still accepted.
    assert!(eyring::dg_j_per_mol(f64::MIN_POSITIVE, 300.0, 1.0).is_ok());
}
