//! Fitting rates back from simulated spectra with seeded noise (issue 4): slow, intermediate and
//! fast exchange, the calibration of the reported σ_k, the slow/fast limits where k is not
//! determined, and a whole VT series back to ΔH‡ and ΔS‡. Lineshapes: `shared/reference/kinetics.md` (e).

use ringflux_cli::analysis::noise::Gaussian;
use ringflux_core::eyring::RatePoint;
use ringflux_core::fit::{fit, scan_k, Free};
use ringflux_core::lineshape::{linspace, simulate, Ab, Model, TwoSite};
use ringflux_core::vt::{eyring_fit, rate_from_activation};
use ringflux_core::Error;

/// Noise: 1 % of the tallest peak (S/N 100), typical of a VT series on a routine spectrometer.
const NOISE_OF_PEAK: f64 = 0.01;
/// A single fit must land within this many of its own standard errors (3σ: 0.3 % false alarms).
const SIGMAS: f64 = 3.0;

fn grid() -> Vec<f64> {
    let mut x = vec![0.0; 800];
    linspace(85.0, 215.0, &mut x).unwrap();
    x
}

/// Spectrum of `m` × 1000 + 5 (a scale and baseline to find) with seeded noise.
fn noisy(m: &Model<f64>, x: &[f64], seed: u64) -> Vec<f64> {
    let mut y = vec![0.0; x.len()];
    simulate(m, x, &mut y).unwrap();
    let peak = y.iter().cloned().fold(0.0, f64::max);
    for v in &mut y {
        *v = 1000.0 * *v + 5.0;
    }
    Gaussian::new(seed).add_to(&mut y, NOISE_OF_PEAK * 1000.0 * peak);
    y
}

fn two_site(k: f64, w: f64, pa: f64) -> Model<f64> {
    Model::TwoSite(TwoSite::new(165.0, 135.0, k, w, w, pa).unwrap())
}

/// Fit from a scanned start (k unknown), width fixed at the truth unless `free` says otherwise.
fn fit_back(
    truth: &Model<f64>,
    y: &[f64],
    free: Free,
) -> Result<ringflux_core::fit::LineshapeFit<f64>, Error> {
    let x = grid();
    let k0 = scan_k(&x, y, truth, 0.01, 1e6, 41)?;
    let start = ringflux_core::fit::with_k(truth, k0)?;
    fit(&x, y, &start, free)
}

#[test]
fn rates_come_back_within_their_error_in_every_regime() {
    let x = grid();
    // Δν = 30 Hz: k_c = 66.6 s⁻¹ (Gutowsky–Holm). Slow, intermediate, fast; equal and 3:1.
    for (k, pa) in [
        (3.0, 0.5),
        (66.0, 0.5),
        (800.0, 0.5),
        (5.0, 0.75),
        (20.0, 0.75),
        (600.0, 0.75),
    ] {
        let truth = two_site(k, 1.0, pa);
        for seed in 1..=3 {
            let y = noisy(&truth, &x, seed);
            let f = fit_back(&truth, &y, Free::default()).unwrap();
            let (got, err) = (f.k_per_s.value, f.k_per_s.err);
            assert!(
                (got - k).abs() <= SIGMAS * err,
                "k = {k}, p_a = {pa}, seed {seed}: fitted {got} ± {err}"
            );
            assert!(
                err < 0.2 * k,
                "k = {k}: σ_k = {err} is not a useful measurement"
            );
        }
    }
}

#[test]
fn free_linewidth_shifts_and_population_at_intermediate_exchange() {
    let x = grid();
    let truth = two_site(40.0, 1.2, 0.65);
    let free = Free {
        linewidth: true,
        shifts: true,
        population: true,
    };
    for seed in 10..13 {
        let y = noisy(&truth, &x, seed);
        // Start from deliberately wrong nuisance values.
        let start = Model::TwoSite(TwoSite::new(163.0, 137.0, 40.0, 2.0, 2.0, 0.55).unwrap());
        let k0 = scan_k(&x, &y, &start, 0.01, 1e6, 41).unwrap();
        let f = fit(
            &x,
            &y,
            &ringflux_core::fit::with_k(&start, k0).unwrap(),
            free,
        )
        .unwrap();
        let check = |what: &str, e: ringflux_core::fit::Estimate<f64>, want: f64| {
            assert!(
                (e.value - want).abs() <= SIGMAS * e.err,
                "{what}: {} ± {} vs {want}",
                e.value,
                e.err
            );
        };
        check("k", f.k_per_s, 40.0);
        check("w", f.width_hz.unwrap(), 1.2);
        check("va", f.va_hz.unwrap(), 165.0);
        check("vb", f.vb_hz.unwrap(), 135.0);
        check("pa", f.pa.unwrap(), 0.65);
        check("baseline", f.baseline, 5.0);
    }
}

#[test]
fn ab_rate_comes_back() {
    let x = grid();
    let truth = Model::Ab(Ab::new(165.0, 135.0, 12.0, 50.0, 1.0).unwrap());
    for seed in 20..23 {
        let y = noisy(&truth, &x, seed);
        let f = fit_back(
            &truth,
            &y,
            Free {
                linewidth: true,
                ..Free::default()
            },
        )
        .unwrap();
        assert!(
            (f.k_per_s.value - 50.0).abs() <= SIGMAS * f.k_per_s.err,
            "{:?}",
            f.k_per_s
        );
    }
}

/// Over many seeds the reported σ must describe the actual scatter: about 68 % of fits within 1σ.
/// With 40 fits the fraction's binomial SE is 7 %, so 0.45–0.90 is a > 3σ window.
#[test]
fn reported_error_matches_the_scatter() {
    let x = grid();
    let truth = two_site(66.0, 1.0, 0.5);
    let n = 40;
    let within = (100..100 + n)
        .filter(|&seed| {
            let f = fit_back(&truth, &noisy(&truth, &x, seed), Free::default()).unwrap();
            (f.k_per_s.value - 66.0).abs() <= f.k_per_s.err
        })
        .count();
    let frac = within as f64 / n as f64;
    assert!((0.45..=0.90).contains(&frac), "{within}/{n} within 1σ");
}

#[test]
fn slow_and_fast_limits_are_undetermined_not_guessed() {
    let x = grid();
    let free = Free {
        linewidth: true,
        ..Free::default()
    };
    // k/π ≈ 0.003 Hz of broadening on a 1 Hz line; and k ≫ Δν where the line is Lorentzian of
    // width w + πΔν²/(4k) ≈ w + 0.0007 Hz: the data cannot separate k from w.
    for k in [0.01, 1e6] {
        let truth = two_site(k, 1.0, 0.5);
        let y = noisy(&truth, &x, 5);
        assert_eq!(
            fit_back(&truth, &y, free).err(),
            Some(Error::Undetermined("k_per_s")),
            "k = {k}"
        );
    }
}

#[test]
fn vt_series_gives_back_activation_parameters() {
    // ΔH‡ = 62 kJ/mol, ΔS‡ = −8 J/(mol K); temperatures where 2 ≤ k ≤ 2000 s⁻¹ at Δν = 30 Hz.
    let (dh, ds) = (62_000.0, -8.0);
    let x = grid();
    let mut points = Vec::new();
    for (i, t) in (260..=340).step_by(10).enumerate() {
        let t = t as f64;
        let k = rate_from_activation(dh, ds, t, 1.0).unwrap();
        let truth = two_site(k, 1.0, 0.5);
        let y = noisy(&truth, &x, 1000 + i as u64);
        match fit_back(&truth, &y, Free::default()) {
            Ok(f) => points.push(RatePoint {
                t_k: t,
                k_per_s: f.k_per_s.value,
                k_err_per_s: Some(f.k_per_s.err),
            }),
            Err(Error::Undetermined(_)) => {}
            Err(e) => panic!("T = {t}: {e}"),
        }
    }
    assert!(points.len() >= 6, "only {} determined rates", points.len());
    let e = eyring_fit(&points, 1.0).unwrap();
    assert!(
        (e.dh_j_per_mol - dh).abs() <= SIGMAS * e.dh_err_j_per_mol,
        "ΔH‡ {} ± {}",
        e.dh_j_per_mol,
        e.dh_err_j_per_mol
    );
    assert!(
        (e.ds_j_per_mol_k - ds).abs() <= SIGMAS * e.ds_err_j_per_mol_k,
        "ΔS‡ {} ± {}",
        e.ds_j_per_mol_k,
        e.ds_err_j_per_mol_k
    );
}
