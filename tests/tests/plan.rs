//! Experiment planner: the embedded solvent table equals `shared/reference/vt_solvents_numeric.tsv`,
//! and the planned temperatures mean what they claim on the exact lineshape (`kinetics.md` (b), (e)).

use ringflux_core::coalescence::gutowsky_holm;
use ringflux_core::eyring::rate_per_s;
use ringflux_core::lineshape::{linspace, simulate, Model, TwoSite};
use ringflux_core::plan::{plan, VT_SOLVENTS};
use ringflux_tests::{assert_close, col, read_tsv, shared};

#[test]
fn solvent_table_is_the_reference_table() {
    let rows = read_tsv(&shared("reference/vt_solvents_numeric.tsv"));
    assert_eq!(rows.len(), VT_SOLVENTS.len());
    for (row, s) in rows.iter().zip(VT_SOLVENTS.iter()) {
        assert_eq!(row["solvent"], s.name);
        assert_eq!(col(row, "mp_C_conservative"), s.mp_c, "{}", s.name);
        assert_eq!(col(row, "bp_C_conservative"), s.bp_c, "{}", s.name);
        assert_eq!(
            row["deuterated_specific"] == "no",
            s.parent_value,
            "{}",
            s.name
        );
        assert_eq!(row["basis"], s.basis);
    }
}

#[test]
fn coalescence_temperature_inverts_gutowsky_holm() {
    // kinetics.md (b): T_c = 330 K, Δν = 40 Hz ↔ ΔG‡ = 68.7920 kJ/mol.
    let dg = gutowsky_holm(330.0_f64, 40.0).unwrap().dg_j_per_mol;
    let p = plan(dg, dg, 40.0).unwrap();
    assert_close("T_c", p.tc_lo_k, 330.0, 1e-9, 0.0);
    // At the slow/fast temperatures the rate is k_c/10 and 10 k_c.
    let kc = std::f64::consts::PI * 40.0 / 2f64.sqrt();
    assert_close(
        "k slow",
        rate_per_s(dg, p.slow_exchange_below_k, 1.0).unwrap(),
        kc / 10.0,
        1e-9,
        0.0,
    );
    assert_close(
        "k fast",
        rate_per_s(dg, p.fast_exchange_above_k, 1.0).unwrap(),
        kc * 10.0,
        1e-9,
        0.0,
    );
}

/// Positions of the local maxima of the sampled spectrum.
fn maxima(m: &Model<f64>, lo: f64, hi: f64) -> Vec<f64> {
    let mut x = vec![0.0; 40_001];
    linspace(lo, hi, &mut x).unwrap();
    let mut y = vec![0.0; x.len()];
    simulate(m, &x, &mut y).unwrap();
    (1..y.len() - 1)
        .filter(|&i| y[i] > y[i - 1] && y[i] > y[i + 1])
        .map(|i| x[i])
        .collect()
}

#[test]
fn slow_and_fast_limits_mean_what_the_plan_says() {
    // plan.rs: at k = k_c/10 the lines stand ≥ 99 % of Δν apart (GH: √(1 − 0.01) = 99.5 %);
    // at k = 10 k_c one line remains. Exact lineshape, w = 0.01 Hz.
    let kc = std::f64::consts::PI * 40.0 / 2f64.sqrt();
    let slow = Model::TwoSite(TwoSite::new(120.0, 80.0, kc / 10.0, 0.01, 0.01, 0.5).unwrap());
    let m = maxima(&slow, 60.0, 140.0);
    assert_eq!(m.len(), 2);
    assert!(m[1] - m[0] >= 0.99 * 40.0, "separation {}", m[1] - m[0]);
    let fast = Model::TwoSite(TwoSite::new(120.0, 80.0, kc * 10.0, 0.01, 0.01, 0.5).unwrap());
    assert_eq!(maxima(&fast, 60.0, 140.0).len(), 1);
}

/// The host's low-temperature solvents (ring inversion, issue 13) equal
/// `shared/reference/vt_solvents_low_temperature.tsv` row by row (mp, bp, parent values), and
/// `plan` for a 6–10 kcal/mol barrier names a solvent for the schedule and flags one that boils
/// below 298.15 K as a gas at room temperature.
#[test]
fn low_temperature_solvents_are_the_reference_table_and_gases_are_flagged() {
    use ringflux_cli::analysis::plan::{compute, Nucleus, LOW_T_SOLVENTS};
    let rows = read_tsv(&shared("reference/vt_solvents_low_temperature.tsv"));
    assert_eq!(rows.len(), LOW_T_SOLVENTS.len());
    for (row, s) in rows.iter().zip(LOW_T_SOLVENTS.iter()) {
        assert_eq!(row["solvent"], s.name);
        assert_eq!(col(row, "mp_C_conservative"), s.mp_c, "{}", s.name);
        assert_eq!(col(row, "bp_C_conservative"), s.bp_c, "{}", s.name);
        assert_eq!(row["deuterated_specific"] == "no", s.parent_value);
    }
    let r = compute((6.0, 10.0), 0.15, Nucleus::H1, 400.0, 10.0).unwrap();
    assert!(!r.solvents.is_empty(), "a 6–10 kcal/mol plan has a solvent");
    for s in &r.solvents {
        let row = rows.iter().find(|row| row["solvent"] == s.name).unwrap();
        let bp_k = col(row, "bp_C_conservative") + 273.15;
        assert_eq!(s.gas_at_room_temperature, bp_k < 298.15, "{}", s.name);
        assert!(s.mp_k <= r.schedule_k[0] && s.bp_k >= *r.schedule_k.last().unwrap());
    }
    assert!(r.solvents.iter().any(|s| s.gas_at_room_temperature));
}
