//! The firmware path (`f32`, transcendental functions from micromath where accurate enough) against
//! the reference path (`f64`, libm), over the realistic input ranges of issue 7: T 150–450 K,
//! Δν 1–2000 Hz, barriers 5–25 kcal/mol, ensembles of up to 64 conformers.
//!
//! One error function per public generic entry point gives the error of one input point in the unit
//! of the table; a seeded sweep reports max and RMS (the table in `core/README.md`), and proptests
//! hold the same bounds on inputs the sweep never saw. Regenerate the table with
//! `cargo test -p ringflux-tests --test f32_accuracy -- --nocapture accuracy_table`.
//!
//! The reference is the f64 path, itself checked against the shared tables in
//! `kinetics_reference.rs` and `boltzmann_reference.rs`.

use proptest::prelude::*;
use ringflux_core::constants::{EnergyUnit, J_PER_KCAL};
use ringflux_core::geometry::Vec3;
use ringflux_core::lineshape::{linspace, simulate, Ab, Model, TwoSite};
use ringflux_core::pucker;
use ringflux_core::{boltzmann, coalescence, equilibrium, eyring, fit};

// ---- bounds (each: the measured max of the sweep rounded up, and within the goal) ------

/// Issue 7 goal for every barrier (ΔG‡, ΔG°, ΔH‡): 0.05 kcal/mol.
const GOAL_DG_KCAL: f64 = 0.05;
/// Issue 7 goal for populations: 1e-3 absolute.
const GOAL_POP_ABS: f64 = 1e-3;
/// Barriers from T_c, Δν (Gutowsky–Holm, KRW, SABE) and from k (Eyring inverse), kcal/mol.
const DG_KCAL: f64 = 5e-4;
/// Rate constant from ΔG‡: relative error (micromath's exp is good to 7.6e-4 relative).
const RATE_REL: f64 = 2e-3;
/// Propagated σ(ΔG‡), kcal/mol.
const DG_ERR_KCAL: f64 = 1e-5;
/// Eyring-plot ΔH‡ and ΔG‡(298.15 K), kcal/mol (f32 regression over a 7-point, ≥ 20 K span).
const FIT_DH_KCAL: f64 = 5e-3;
/// Eyring-plot ΔS‡, J mol⁻¹ K⁻¹.
const FIT_DS_J_PER_MOL_K: f64 = 0.05;
/// ΔG° from a ratio, kcal/mol.
const DG0_KCAL: f64 = 2e-4;
/// p_major from ΔG°, absolute.
const P_MAJOR_ABS: f64 = 5e-4;
/// Boltzmann populations of up to 64 relative energies, absolute.
const POP_ABS: f64 = 8e-4;
/// Boltzmann ensemble free energy relative to the minimum, kcal/mol.
const G_ENS_KCAL: f64 = 1e-3;
/// Boltzmann conformational entropy, J mol⁻¹ K⁻¹.
const S_CONF_J_PER_MOL_K: f64 = 0.03;
/// Population-weighted shift (0–200 ppm), ppm.
const AVG_PPM: f64 = 0.2;

/// Lineshape intensities, absolute error relative to the tallest point of the f64 spectrum.
///
/// f32 spacing of absolute frequencies dominates: at a 3 kHz offset it is 2.4e-4 Hz, visible on a
/// 0.3 Hz line; with frequencies relative to the window centre the max is 4.4e-4.
const LINESHAPE_OF_PEAK: f64 = 3e-3;
/// ΔG‡ (kcal/mol, at 300 K) from the rate of a lineshape fit: f32 fit against f64 fit of the
/// same noisy spectrum.
const FIT_K_DG_KCAL: f64 = 5e-3;
/// Points of a lineshape (the largest) and of a fitted spectrum.
const LINESHAPE_POINTS: usize = 4096;
const FIT_POINTS: usize = 1024;
/// Spectra are costly: fewer samples for those rows.
const LINESHAPE_SAMPLES: usize = 400;
const FIT_SAMPLES: usize = 100;

/// Issue 7 goal for puckering angles: 0.5°.
const GOAL_ANGLE_DEG: f64 = 0.5;
/// Puckering angles θ and φ_m (phases compared where q_m ≥ 0.1 Å), degrees.
const PUCKER_DEG: f64 = 0.25;
/// Puckering amplitude Q, Å.
const PUCKER_Q_ANGSTROM: f64 = 1e-3;

/// Sweep size per row.
const SAMPLES: usize = 20_000;

// ---- a seeded generator (SplitMix64) so the table is reproducible ------------------------------

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }
    /// Log-uniform in [lo, hi).
    fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
        self.uniform(lo.ln(), hi.ln()).exp()
    }
}

// ---- error of one input point, per entry point ---------------------------------------------------

fn f(x: f64) -> f32 {
    x as f32
}

fn kcal(j: f64) -> f64 {
    j / J_PER_KCAL
}

/// |ΔG‡(f32) − ΔG‡(f64)| of Gutowsky–Holm, kcal/mol.
fn err_gutowsky_holm(tc_k: f64, dnu_hz: f64) -> f64 {
    let r = coalescence::gutowsky_holm(tc_k, dnu_hz).unwrap();
    let q = coalescence::gutowsky_holm(f(tc_k), f(dnu_hz)).unwrap();
    kcal((f64::from(q.dg_j_per_mol) - r.dg_j_per_mol).abs())
}

/// |ΔG‡(f32) − ΔG‡(f64)| of Kurland–Rubin–Wise, kcal/mol.
fn err_kurland_rubin_wise(tc_k: f64, dnu0_hz: f64, j_hz: f64) -> f64 {
    let r = coalescence::kurland_rubin_wise(tc_k, dnu0_hz, j_hz).unwrap();
    let q = coalescence::kurland_rubin_wise(f(tc_k), f(dnu0_hz), f(j_hz)).unwrap();
    kcal((f64::from(q.dg_j_per_mol) - r.dg_j_per_mol).abs())
}

/// Larger of the two barrier errors of Shanan-Atidi–Bar-Eli, kcal/mol.
fn err_shanan_atidi_bar_eli(tc_k: f64, dnu_hz: f64, p_major: f64) -> f64 {
    let r = coalescence::shanan_atidi_bar_eli(tc_k, dnu_hz, p_major).unwrap();
    let q = coalescence::shanan_atidi_bar_eli(f(tc_k), f(dnu_hz), f(p_major)).unwrap();
    let a = (f64::from(q.major_to_minor.dg_j_per_mol) - r.major_to_minor.dg_j_per_mol).abs();
    let b = (f64::from(q.minor_to_major.dg_j_per_mol) - r.minor_to_major.dg_j_per_mol).abs();
    kcal(a.max(b))
}

/// |σ(ΔG‡)(f32) − σ(ΔG‡)(f64)| of the first-order error propagation, kcal/mol.
fn err_dg_err(tc_k: f64, dnu_hz: f64, tc_err_k: f64, dnu_err_hz: f64) -> f64 {
    let r = coalescence::gutowsky_holm(tc_k, dnu_hz).unwrap();
    let q = coalescence::gutowsky_holm(f(tc_k), f(dnu_hz)).unwrap();
    let sr = r.dg_err_j_per_mol(tc_err_k, dnu_err_hz).unwrap();
    let sq = q.dg_err_j_per_mol(f(tc_err_k), f(dnu_err_hz)).unwrap();
    kcal((f64::from(sq) - sr).abs())
}

/// Relative error of k(ΔG‡, T).
fn err_rate(dg_kcal: f64, t_k: f64) -> f64 {
    let dg = dg_kcal * J_PER_KCAL;
    let r = eyring::rate_per_s(dg, t_k, 1.0).unwrap();
    let q = eyring::rate_per_s(f(dg), f(t_k), 1.0).unwrap();
    (f64::from(q) - r).abs() / r
}

/// |ΔG‡(k, T)(f32) − ΔG‡(f64)| with k the exact rate of a 5–25 kcal/mol barrier, kcal/mol.
fn err_dg_from_rate(dg_kcal: f64, t_k: f64) -> f64 {
    let k = eyring::rate_per_s(dg_kcal * J_PER_KCAL, t_k, 1.0).unwrap();
    let r = eyring::dg_j_per_mol(k, t_k, 1.0).unwrap();
    let q = eyring::dg_j_per_mol(f(k), f(t_k), 1.0).unwrap();
    kcal((f64::from(q) - r).abs())
}

/// Relative error of t½(k).
fn err_half_life(k_per_s: f64) -> f64 {
    let r = eyring::half_life_s(k_per_s).unwrap();
    let q = eyring::half_life_s(f(k_per_s)).unwrap();
    (f64::from(q) - r).abs() / r
}

/// Errors of an Eyring-plot fit of 7 rates of (ΔH‡, ΔS‡) between `t0_k` and `t0_k + span_k`,
/// each k multiplied by exp(noise) with |noise| ≤ 0.05: (ΔH‡ kcal/mol, ΔS‡ J/(mol K),
/// ΔG‡(298.15 K) kcal/mol).
fn err_eyring_fit(dh_kcal: f64, ds: f64, t0_k: f64, span_k: f64, seed: u64) -> (f64, f64, f64) {
    let mut rng = Rng(seed);
    let mut p64 = Vec::new();
    for i in 0..7 {
        let t = t0_k + span_k * f64::from(i) / 6.0;
        let dg = dh_kcal * J_PER_KCAL - t * ds;
        let k = eyring::rate_per_s(dg, t, 1.0).unwrap() * rng.uniform(-0.05, 0.05).exp();
        p64.push(eyring::RatePoint {
            t_k: t,
            k_per_s: k,
            k_err_per_s: None,
        });
    }
    let p32: Vec<_> = p64
        .iter()
        .map(|p| eyring::RatePoint {
            t_k: f(p.t_k),
            k_per_s: f(p.k_per_s),
            k_err_per_s: None,
        })
        .collect();
    let r = eyring::fit(&p64, 1.0, eyring::Weighting::Unweighted).unwrap();
    let q = eyring::fit(&p32, 1.0, eyring::Weighting::Unweighted).unwrap();
    let (gr, _) = r.dg_at(298.15).unwrap();
    let (gq, _) = q.dg_at(298.15).unwrap();
    (
        kcal((f64::from(q.dh_j_per_mol) - r.dh_j_per_mol).abs()),
        (f64::from(q.ds_j_per_mol_k) - r.ds_j_per_mol_k).abs(),
        kcal((f64::from(gq) - gr).abs()),
    )
}

/// |ΔG°(f32) − ΔG°(f64)| from a ratio K:1, kcal/mol.
fn err_ratio(k: f64, t_k: f64) -> f64 {
    let r = equilibrium::from_ratio(k, 1.0, t_k).unwrap();
    let q = equilibrium::from_ratio(f(k), 1.0, f(t_k)).unwrap();
    kcal((f64::from(q.dg0_j_per_mol) - r.dg0_j_per_mol).abs())
}

/// |p_major(f32) − p_major(f64)| from ΔG°.
fn err_from_dg0(dg0_kcal: f64, t_k: f64) -> f64 {
    let dg = dg0_kcal * J_PER_KCAL;
    let r = equilibrium::from_dg0(dg, t_k).unwrap();
    let q = equilibrium::from_dg0(f(dg), f(t_k)).unwrap();
    (f64::from(q.p_major) - r.p_major).abs()
}

/// Errors of Boltzmann statistics of `energies` (kcal/mol) with degeneracies `g`:
/// (max |Δp|, |ΔG_ens| kcal/mol, |ΔS_conf| J/(mol K), |Δ weighted shift| ppm for `shifts_ppm`).
fn err_boltzmann(energies: &[f64], g: &[f64], t_k: f64, shifts_ppm: &[f64]) -> [f64; 4] {
    let n = energies.len();
    let (mut p64, mut p32) = (vec![0.0_f64; n], vec![0.0_f32; n]);
    let e32: Vec<f32> = energies.iter().map(|&e| f(e)).collect();
    let g32: Vec<f32> = g.iter().map(|&x| f(x)).collect();
    let s32: Vec<f32> = shifts_ppm.iter().map(|&x| f(x)).collect();
    let u = EnergyUnit::KcalPerMol;
    let r = boltzmann::populations(energies, g, u, t_k, &mut p64).unwrap();
    let q = boltzmann::populations(&e32, &g32, u, f(t_k), &mut p32).unwrap();
    let dp = p64
        .iter()
        .zip(&p32)
        .map(|(a, &b)| (f64::from(b) - a).abs())
        .fold(0.0, f64::max);
    let ar = boltzmann::weighted_average(&p64, shifts_ppm).unwrap();
    let aq = boltzmann::weighted_average(&p32, &s32).unwrap();
    [
        dp,
        kcal((f64::from(q.g_rel_j_per_mol) - r.g_rel_j_per_mol).abs()),
        (f64::from(q.entropy_j_per_mol_k) - r.entropy_j_per_mol_k).abs(),
        (f64::from(aq) - ar).abs(),
    ]
}

/// A random ensemble: n states, relative energies in [0, span) kcal/mol, degeneracies 1–3,
/// shifts 0–200 ppm.
fn ensemble(rng: &mut Rng, n: usize, span_kcal: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let e = (0..n).map(|_| rng.uniform(0.0, span_kcal)).collect();
    let g = (0..n).map(|_| rng.uniform(1.0, 4.0).floor()).collect();
    let s = (0..n).map(|_| rng.uniform(0.0, 200.0)).collect();
    (e, g, s)
}

/// A two-site or AB model about an offset of `center_hz` (spectrometer offsets reach kHz), with
/// the grid that covers it.
fn lineshape_case(
    ab: bool,
    center_hz: f64,
    dnu_hz: f64,
    k_per_s: f64,
    w_hz: f64,
    pa: f64,
    n: usize,
) -> (Model<f64>, Vec<f64>) {
    let (va, vb) = (center_hz + dnu_hz / 2.0, center_hz - dnu_hz / 2.0);
    let m = if ab {
        Model::Ab(Ab::new(va, vb, 0.2 * dnu_hz, k_per_s, w_hz).unwrap())
    } else {
        Model::TwoSite(TwoSite::new(va, vb, k_per_s, w_hz, w_hz, pa).unwrap())
    };
    let margin = 20.0 * w_hz + dnu_hz;
    let mut x = vec![0.0; n];
    linspace(vb - margin, va + margin, &mut x).unwrap();
    (m, x)
}

fn model32(m: &Model<f64>) -> Model<f32> {
    match *m {
        Model::TwoSite(t) => Model::TwoSite(
            TwoSite::new(
                f(t.va_hz),
                f(t.vb_hz),
                f(t.ka_per_s),
                f(t.wa_hz),
                f(t.wb_hz),
                f(t.pa),
            )
            .unwrap(),
        ),
        Model::Ab(a) => {
            Model::Ab(Ab::new(f(a.va_hz), f(a.vb_hz), f(a.j_hz), f(a.k_per_s), f(a.w_hz)).unwrap())
        }
    }
}

/// max |I(f32) − I(f64)| / max I(f64) over a 4096-point spectrum.
fn err_lineshape(ab: bool, center_hz: f64, dnu_hz: f64, k: f64, w_hz: f64, pa: f64) -> f64 {
    let (m, x) = lineshape_case(ab, center_hz, dnu_hz, k, w_hz, pa, LINESHAPE_POINTS);
    let mut y = vec![0.0; x.len()];
    simulate(&m, &x, &mut y).unwrap();
    let x32: Vec<f32> = x.iter().map(|&v| f(v)).collect();
    let mut y32 = vec![0.0_f32; x.len()];
    simulate(&model32(&m), &x32, &mut y32).unwrap();
    let peak = y.iter().cloned().fold(0.0, f64::max);
    y.iter()
        .zip(&y32)
        .map(|(a, &b)| (f64::from(b) - a).abs())
        .fold(0.0, f64::max)
        / peak
}

/// |ΔG‡(k_f32) − ΔG‡(k_f64)| at 300 K, kcal/mol, of two-site fits (k, scale, baseline free) to the
/// same spectrum with 1 % noise, started from 1.5 k; `None` when the f64 fit finds k undetermined.
fn err_fit(dnu_hz: f64, k: f64, pa: f64, seed: u64) -> Option<f64> {
    let (m, x) = lineshape_case(false, 1000.0, dnu_hz, k, 1.0, pa, FIT_POINTS);
    let mut y = vec![0.0; x.len()];
    simulate(&m, &x, &mut y).unwrap();
    let peak = y.iter().cloned().fold(0.0, f64::max);
    let mut rng = Rng(seed);
    for v in &mut y {
        // Box–Muller; S/N 100.
        let (u1, u2) = (rng.uniform(f64::MIN_POSITIVE, 1.0), rng.uniform(0.0, 1.0));
        *v = 1000.0 * *v
            + 0.01 * 1000.0 * peak * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    }
    let start = fit::with_k(&m, 1.5 * k).unwrap();
    let r = fit::fit(&x, &y, &start, fit::Free::default()).ok()?;
    let x32: Vec<f32> = x.iter().map(|&v| f(v)).collect();
    let y32: Vec<f32> = y.iter().map(|&v| f(v)).collect();
    let q = fit::fit(&x32, &y32, &model32(&start), fit::Free::default()).unwrap_or_else(|e| {
        panic!("f32 fit failed ({e}) where f64 succeeded: dnu {dnu_hz} k {k} pa {pa} seed {seed}")
    });
    let rt = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K * 300.0;
    Some(kcal(
        rt * (f64::from(q.k_per_s.value) / r.k_per_s.value).ln().abs(),
    ))
}

/// A random N-ring (N = 5…8): a regular polygon of radius 1.2–1.6 Å, out-of-plane
/// displacements up to ±0.7 Å, in-plane noise ±0.1 Å, rotated at random and moved up to 30 Å
/// from the origin (coordinates as in a PDB file).
fn random_ring(rng: &mut Rng, n: usize) -> Vec<Vec3<f64>> {
    let r = rng.uniform(1.2, 1.6);
    let amp = rng.uniform(0.0, 0.7);
    let (a, b, c) = (
        rng.uniform(0.0, std::f64::consts::TAU),
        rng.uniform(0.0, std::f64::consts::PI),
        rng.uniform(0.0, std::f64::consts::TAU),
    );
    let shift = [
        rng.uniform(-30.0, 30.0),
        rng.uniform(-30.0, 30.0),
        rng.uniform(-30.0, 30.0),
    ];
    (0..n)
        .map(|j| {
            let t = std::f64::consts::TAU * j as f64 / n as f64;
            let p = [
                r * t.cos() + rng.uniform(-0.1, 0.1),
                r * t.sin() + rng.uniform(-0.1, 0.1),
                amp * rng.uniform(-1.0, 1.0),
            ];
            // Rotation z(a)·x(b)·z(c).
            let (ca, sa, cb, sb, cc, sc) = (a.cos(), a.sin(), b.cos(), b.sin(), c.cos(), c.sin());
            let q = [cc * p[0] - sc * p[1], sc * p[0] + cc * p[1], p[2]];
            let q = [q[0], cb * q[1] - sb * q[2], sb * q[1] + cb * q[2]];
            let q = [ca * q[0] - sa * q[1], sa * q[0] + ca * q[1], q[2]];
            Vec3::new(q[0] + shift[0], q[1] + shift[1], q[2] + shift[2])
        })
        .collect()
}

/// Errors of the Cremer–Pople coordinates of `ring`: (|ΔQ| Å, max |Δθ|, |Δφ_m| over modes with
/// q_m ≥ 0.1 Å, degrees, circular).
fn err_pucker(ring: &[Vec3<f64>]) -> (f64, f64) {
    let r = pucker::cremer_pople(ring).unwrap();
    let ring32: Vec<Vec3<f32>> = ring
        .iter()
        .map(|p| Vec3::new(f(p.x), f(p.y), f(p.z)))
        .collect();
    let q = pucker::cremer_pople(&ring32).unwrap();
    let dq = (f64::from(q.total_q_angstrom) - r.total_q_angstrom).abs();
    let mut da = match (r.theta_deg, q.theta_deg) {
        (Some(a), Some(b)) if r.total_q_angstrom >= 0.1 => (f64::from(b) - a).abs(),
        _ => 0.0,
    };
    for (mr, mq) in r.modes().iter().zip(q.modes()) {
        if mr.q_angstrom >= 0.1 {
            let d = (f64::from(mq.phi_deg) - mr.phi_deg).abs() % 360.0;
            da = da.max(d.min(360.0 - d));
        }
    }
    (dq, da)
}

// ---- the sweep -----------------------------------------------------------------------------------

/// Max and RMS of an error over the sweep, with the input of the max.
#[derive(Default)]
struct Stat {
    n: usize,
    max: f64,
    sum_sq: f64,
    worst: String,
}

impl Stat {
    fn add(&mut self, err: f64, input: impl FnOnce() -> String) {
        assert!(err.is_finite(), "non-finite error at {}", input());
        self.n += 1;
        self.sum_sq += err * err;
        if err > self.max || self.n == 1 {
            self.max = err;
            self.worst = input();
        }
    }
    fn rms(&self) -> f64 {
        (self.sum_sq / self.n as f64).sqrt()
    }
}

/// Draws one input point and records its error.
type Sampler = Box<dyn FnMut(&mut Rng, &mut Stat)>;

struct Row {
    function: &'static str,
    quantity: &'static str,
    inputs: &'static str,
    bound: f64,
    stat: Stat,
}

fn sweep() -> Vec<Row> {
    let mut rng = Rng(0x5EED_F32A_CC0D_2026);
    let mut rows = Vec::new();
    let mut row = |n, function, quantity, inputs, bound, mut sample: Sampler| {
        let mut stat = Stat::default();
        for _ in 0..n {
            sample(&mut rng, &mut stat);
        }
        rows.push(Row {
            function,
            quantity,
            inputs,
            bound,
            stat,
        });
    };
    row(
        SAMPLES,
        "coalescence::gutowsky_holm",
        "ΔG‡, kcal/mol",
        "T_c 150–450 K, Δν 1–2000 Hz",
        DG_KCAL,
        Box::new(|r, s| {
            let (t, d) = (r.uniform(150.0, 450.0), r.log_uniform(1.0, 2000.0));
            s.add(err_gutowsky_holm(t, d), || format!("tc_k={t} dnu_hz={d}"));
        }),
    );
    row(
        SAMPLES,
        "coalescence::kurland_rubin_wise",
        "ΔG‡, kcal/mol",
        "T_c 150–450 K, Δν₀ 1–2000 Hz, J 0–Δν₀/2",
        DG_KCAL,
        Box::new(|r, s| {
            let (t, d) = (r.uniform(150.0, 450.0), r.log_uniform(1.0, 2000.0));
            let j = r.uniform(0.0, 0.5) * d;
            s.add(err_kurland_rubin_wise(t, d, j), || {
                format!("tc_k={t} dnu0_hz={d} j_hz={j}")
            });
        }),
    );
    row(
        SAMPLES,
        "coalescence::shanan_atidi_bar_eli",
        "ΔG‡_A, ΔG‡_B, kcal/mol",
        "T_c 150–450 K, Δν 1–2000 Hz, p_A 0.5–0.95",
        DG_KCAL,
        Box::new(|r, s| {
            let (t, d) = (r.uniform(150.0, 450.0), r.log_uniform(1.0, 2000.0));
            let p = r.uniform(0.5, 0.95);
            s.add(err_shanan_atidi_bar_eli(t, d, p), || {
                format!("tc_k={t} dnu_hz={d} p_major={p}")
            });
        }),
    );
    row(
        SAMPLES,
        "Coalescence::dg_err_j_per_mol",
        "σ(ΔG‡), kcal/mol",
        "as Gutowsky–Holm, σ(T_c) 0–5 K, σ(Δν) 0–10 %",
        DG_ERR_KCAL,
        Box::new(|r, s| {
            let (t, d) = (r.uniform(150.0, 450.0), r.log_uniform(1.0, 2000.0));
            let (st, sd) = (r.uniform(0.0, 5.0), r.uniform(0.0, 0.1) * d);
            s.add(err_dg_err(t, d, st, sd), || {
                format!("tc_k={t} dnu_hz={d} tc_err_k={st} dnu_err_hz={sd}")
            });
        }),
    );
    row(
        SAMPLES,
        "eyring::rate_per_s",
        "k, relative",
        "ΔG‡ 5–25 kcal/mol, T 150–450 K",
        RATE_REL,
        Box::new(|r, s| {
            let (g, t) = (r.uniform(5.0, 25.0), r.uniform(150.0, 450.0));
            s.add(err_rate(g, t), || format!("dg_kcal={g} t_k={t}"));
        }),
    );
    row(
        SAMPLES,
        "eyring::dg_j_per_mol",
        "ΔG‡, kcal/mol",
        "k of ΔG‡ 5–25 kcal/mol, T 150–450 K",
        DG_KCAL,
        Box::new(|r, s| {
            let (g, t) = (r.uniform(5.0, 25.0), r.uniform(150.0, 450.0));
            s.add(err_dg_from_rate(g, t), || format!("dg_kcal={g} t_k={t}"));
        }),
    );
    row(
        SAMPLES,
        "eyring::half_life_s",
        "t½, relative",
        "k 1e-6–1e9 s⁻¹",
        1e-6,
        Box::new(|r, s| {
            let k = r.log_uniform(1e-6, 1e9);
            s.add(err_half_life(k), || format!("k_per_s={k}"));
        }),
    );
    for (quantity, idx, bound) in [
        ("ΔH‡, kcal/mol", 0, FIT_DH_KCAL),
        ("ΔS‡, J/(mol K)", 1, FIT_DS_J_PER_MOL_K),
        ("ΔG‡(298.15 K), kcal/mol", 2, FIT_DH_KCAL),
    ] {
        row(
            SAMPLES,
            "eyring::fit",
            quantity,
            "7 rates, ΔH‡ 5–25 kcal/mol, ΔS‡ ±40 J/(mol K), T 150–450 K over 20–80 K, ln k noise ±0.05",
            bound,
            Box::new(move |r, s| {
                let (dh, ds) = (r.uniform(5.0, 25.0), r.uniform(-40.0, 40.0));
                let span = r.uniform(20.0, 80.0);
                let t0 = r.uniform(150.0, 450.0 - span);
                let seed = r.next_u64();
                let e = err_eyring_fit(dh, ds, t0, span, seed);
                s.add([e.0, e.1, e.2][idx], || {
                    format!("dh_kcal={dh} ds={ds} t0_k={t0} span_k={span} seed={seed}")
                });
            }),
        );
    }
    row(
        SAMPLES,
        "equilibrium::from_ratio",
        "ΔG°, kcal/mol",
        "K 1–100, T 150–450 K",
        DG0_KCAL,
        Box::new(|r, s| {
            let (k, t) = (r.log_uniform(1.0, 100.0), r.uniform(150.0, 450.0));
            s.add(err_ratio(k, t), || format!("k={k} t_k={t}"));
        }),
    );
    row(
        SAMPLES,
        "equilibrium::from_dg0",
        "p_major, absolute",
        "ΔG° 0–5 kcal/mol, T 150–450 K",
        P_MAJOR_ABS,
        Box::new(|r, s| {
            let (g, t) = (r.uniform(0.0, 5.0), r.uniform(150.0, 450.0));
            s.add(err_from_dg0(g, t), || format!("dg0_kcal={g} t_k={t}"));
        }),
    );
    for (quantity, idx, bound) in [
        ("populations, absolute", 0, POP_ABS),
        ("G_ens − E_min, kcal/mol", 1, G_ENS_KCAL),
        ("S_conf, J/(mol K)", 2, S_CONF_J_PER_MOL_K),
    ] {
        row(
            SAMPLES,
            "boltzmann::populations",
            quantity,
            "1–64 states, relative energies 0–10 kcal/mol, g 1–3, T 150–450 K",
            bound,
            Box::new(move |r, s| {
                let n = 1 + (r.next_u64() % 64) as usize;
                let span = r.uniform(0.0, 10.0);
                let t = r.uniform(150.0, 450.0);
                let (e, g, sh) = ensemble(r, n, span);
                s.add(err_boltzmann(&e, &g, t, &sh)[idx], || {
                    format!("n={n} t_k={t} energies={e:?} g={g:?}")
                });
            }),
        );
    }
    row(
        SAMPLES,
        "boltzmann::weighted_average",
        "⟨δ⟩, ppm",
        "as populations, shifts 0–200 ppm",
        AVG_PPM,
        Box::new(|r, s| {
            let n = 1 + (r.next_u64() % 64) as usize;
            let span = r.uniform(0.0, 10.0);
            let t = r.uniform(150.0, 450.0);
            let (e, g, sh) = ensemble(r, n, span);
            s.add(err_boltzmann(&e, &g, t, &sh)[3], || {
                format!("n={n} t_k={t} energies={e:?} shifts={sh:?}")
            });
        }),
    );
    for (quantity, idx, bound) in [
        ("Q, Å", 0, PUCKER_Q_ANGSTROM),
        ("θ and φ_m, degrees", 1, PUCKER_DEG),
    ] {
        row(
            SAMPLES,
            "pucker::cremer_pople",
            quantity,
            "5–8-rings, radius 1.2–1.6 Å, z ±0.7 Å, noise ±0.1 Å, any orientation, ±30 Å from the origin",
            bound,
            Box::new(move |r, s| {
                let n = 5 + (r.next_u64() % 4) as usize;
                let ring = random_ring(r, n);
                let e = err_pucker(&ring);
                s.add([e.0, e.1][idx], || format!("ring={ring:?}"));
            }),
        );
    }
    for (name, ab) in [
        ("lineshape::simulate (two-site)", false),
        ("lineshape::simulate (AB, J = Δν/5)", true),
    ] {
        row(
            LINESHAPE_SAMPLES,
            name,
            "I, of peak height",
            "4096 points, offset 0–3000 Hz, Δν 1–2000 Hz, k 0.1–1e5 s⁻¹, w 0.3–5 Hz, p_a 0.5–0.95",
            LINESHAPE_OF_PEAK,
            Box::new(move |r, s| {
                let (c, d) = (r.uniform(0.0, 3000.0), r.log_uniform(1.0, 2000.0));
                let (k, w, p) = (
                    r.log_uniform(0.1, 1e5),
                    r.uniform(0.3, 5.0),
                    r.uniform(0.5, 0.95),
                );
                s.add(err_lineshape(ab, c, d, k, w, p), || {
                    format!("center={c} dnu={d} k={k} w={w} pa={p}")
                });
            }),
        );
    }
    let mut fits = Stat::default();
    for _ in 0..FIT_SAMPLES {
        let d = rng.log_uniform(5.0, 200.0);
        // Around coalescence (k_c = π Δν/√2), where a lineshape determines k.
        let k = rng.log_uniform(0.1, 10.0) * std::f64::consts::PI * d / 2f64.sqrt();
        let (p, seed) = (rng.uniform(0.5, 0.8), rng.next_u64());
        if let Some(e) = err_fit(d, k, p, seed) {
            fits.add(e, || format!("dnu={d} k={k} pa={p} seed={seed}"));
        }
    }
    rows.push(Row {
        function: "fit::fit (two-site; k, scale, baseline)",
        quantity: "ΔG‡ at 300 K from fitted k, kcal/mol",
        inputs: "1024 points, S/N 100, Δν 5–200 Hz, k 0.1–10 × k_c, p_a 0.5–0.8, start 1.5 k",
        bound: FIT_K_DG_KCAL,
        stat: fits,
    });
    rows
}

/// Prints the accuracy table (markdown, for `core/README.md`) and holds every row to its bound.
#[test]
fn accuracy_table() {
    let rows = sweep();
    println!("| function | quantity | inputs (seeded samples: {SAMPLES}; spectra {LINESHAPE_SAMPLES}; fits {FIT_SAMPLES}) | max error | RMS error | bound (tests) |");
    println!("|---|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| `{}` | {} | {} | {:.2e} | {:.2e} | {:e} |",
            r.function,
            r.quantity,
            r.inputs,
            r.stat.max,
            r.stat.rms(),
            r.bound
        );
    }
    for r in &rows {
        assert!(
            r.stat.max <= r.bound,
            "{} {}: max error {:.3e} > bound {:.0e} at {}",
            r.function,
            r.quantity,
            r.stat.max,
            r.bound,
            r.stat.worst
        );
    }
}

/// The bounds themselves are inside the goals.
#[test]
fn bounds_meet_the_goals() {
    for b in [DG_KCAL, DG_ERR_KCAL, FIT_DH_KCAL, DG0_KCAL] {
        assert!(b <= GOAL_DG_KCAL);
    }
    for b in [POP_ABS, P_MAJOR_ABS] {
        assert!(b <= GOAL_POP_ABS);
    }
    const { assert!(PUCKER_DEG <= GOAL_ANGLE_DEG) };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn coalescence_barriers_hold_their_bound(
        tc in 150.0..450.0_f64, dnu in 1.0..2000.0_f64, jf in 0.0..0.5_f64, p in 0.5..0.95_f64,
        st in 0.0..5.0_f64, sd in 0.0..0.1_f64,
    ) {
        prop_assert!(err_gutowsky_holm(tc, dnu) <= DG_KCAL);
        prop_assert!(err_kurland_rubin_wise(tc, dnu, jf * dnu) <= DG_KCAL);
        prop_assert!(err_shanan_atidi_bar_eli(tc, dnu, p) <= DG_KCAL);
        prop_assert!(err_dg_err(tc, dnu, st, sd * dnu) <= DG_ERR_KCAL);
    }

    #[test]
    fn eyring_holds_its_bounds(
        dg in 5.0..25.0_f64, t in 150.0..450.0_f64, k in 1e-6..1e9_f64,
    ) {
        prop_assert!(err_rate(dg, t) <= RATE_REL);
        prop_assert!(err_dg_from_rate(dg, t) <= DG_KCAL);
        prop_assert!(err_half_life(k) <= 1e-6);
    }

    #[test]
    fn eyring_fit_holds_its_bounds(
        dh in 5.0..25.0_f64, ds in -40.0..40.0_f64, span in 20.0..80.0_f64, t0f in 0.0..1.0_f64,
        seed in any::<u64>(),
    ) {
        let t0 = 150.0 + t0f * (300.0 - span);
        let (e_dh, e_ds, e_dg) = err_eyring_fit(dh, ds, t0, span, seed);
        prop_assert!(e_dh <= FIT_DH_KCAL && e_dg <= FIT_DH_KCAL && e_ds <= FIT_DS_J_PER_MOL_K);
    }

    #[test]
    fn equilibria_hold_their_bounds(k in 1.0..100.0_f64, dg0 in 0.0..5.0_f64, t in 150.0..450.0_f64) {
        prop_assert!(err_ratio(k, t) <= DG0_KCAL);
        prop_assert!(err_from_dg0(dg0, t) <= P_MAJOR_ABS);
    }

    #[test]
    fn boltzmann_holds_its_bounds(
        e in prop::collection::vec(0.0..10.0_f64, 1..=64), t in 150.0..450.0_f64,
        g in prop::collection::vec(1..=3_u8, 64), shifts in prop::collection::vec(0.0..200.0_f64, 64),
    ) {
        let n = e.len();
        let g: Vec<f64> = g.iter().take(n).map(|&x| f64::from(x)).collect();
        let [dp, dg, ds, da] = err_boltzmann(&e, &g, t, &shifts[..n]);
        prop_assert!(dp <= POP_ABS);
        prop_assert!(dg <= G_ENS_KCAL);
        prop_assert!(ds <= S_CONF_J_PER_MOL_K);
        prop_assert!(da <= AVG_PPM);
    }
}

/// Evidence for the choice of each f32 primitive: micromath, libm's f32 and the core's f32 path
/// (`Real for f32`, as built) against libm's f64 over the arguments the core passes them. Printed
/// with the table; the bounds hold the core's f32 path to what the decision in `core/src/real.rs`
/// promises.
#[test]
fn primitive_table() {
    use micromath::F32Ext;
    use ringflux_core::Real;
    struct Prim {
        name: &'static str,
        relative: bool,
        lo: f64,
        hi: f64,
        log_spaced: bool,
        micromath: fn(f32) -> f32,
        libm_f32: fn(f32) -> f32,
        core_f32: fn(f32) -> f32,
        reference: fn(f64) -> f64,
        bound: f64,
    }
    let prims = [
        Prim {
            name: "exp",
            relative: true,
            lo: -87.0,
            hi: 88.0,
            log_spaced: false,
            micromath: F32Ext::exp,
            libm_f32: libm::expf,
            core_f32: Real::exp,
            reference: libm::exp,
            bound: 1e-3,
        },
        Prim {
            name: "ln",
            relative: false,
            lo: 1e-30,
            hi: 1e30,
            log_spaced: true,
            micromath: F32Ext::ln,
            libm_f32: libm::logf,
            core_f32: Real::ln,
            reference: libm::log,
            bound: 1e-4,
        },
        Prim {
            name: "sqrt",
            relative: true,
            lo: 1e-6,
            hi: 1e12,
            log_spaced: true,
            micromath: F32Ext::sqrt,
            libm_f32: libm::sqrtf,
            core_f32: Real::sqrt,
            reference: libm::sqrt,
            bound: 1e-7,
        },
        Prim {
            name: "sin",
            relative: false,
            lo: -7.0,
            hi: 7.0,
            log_spaced: false,
            micromath: F32Ext::sin,
            libm_f32: libm::sinf,
            core_f32: Real::sin,
            reference: libm::sin,
            bound: 2e-3,
        },
        Prim {
            name: "cos",
            relative: false,
            lo: -7.0,
            hi: 7.0,
            log_spaced: false,
            micromath: F32Ext::cos,
            libm_f32: libm::cosf,
            core_f32: Real::cos,
            reference: libm::cos,
            bound: 2e-3,
        },
        Prim {
            name: "atan2(y, 1), rad",
            relative: false,
            lo: -1e3,
            hi: 1e3,
            log_spaced: false,
            micromath: |y| F32Ext::atan2(y, 1.0),
            libm_f32: |y| libm::atan2f(y, 1.0),
            core_f32: |y| Real::atan2(y, 1.0),
            reference: |y| libm::atan2(y, 1.0),
            bound: 0.2_f64.to_radians(),
        },
        Prim {
            name: "acos, rad",
            relative: false,
            lo: -1.0,
            hi: 1.0,
            log_spaced: false,
            micromath: F32Ext::acos,
            libm_f32: libm::acosf,
            core_f32: Real::acos,
            reference: libm::acos,
            bound: 1e-6,
        },
        Prim {
            name: "powf(x, 1.5)",
            relative: true,
            lo: 0.0,
            hi: 1e3,
            log_spaced: false,
            micromath: |x| F32Ext::powf(x, 1.5),
            libm_f32: |x| libm::powf(x, 1.5),
            core_f32: |x| Real::powf(x, 1.5),
            reference: |x| libm::pow(x, 1.5),
            bound: 1e-6,
        },
    ];
    let mut rng = Rng(0x0DD_BA11);
    println!("| primitive | error | arguments | micromath max | libm f32 max | core f32 path max | bound (tests) |");
    println!("|---|---|---|---|---|---|---|");
    for p in &prims {
        let mut max = [0.0_f64; 3];
        for _ in 0..SAMPLES * 5 {
            let x = f(if p.log_spaced {
                rng.log_uniform(p.lo, p.hi)
            } else {
                rng.uniform(p.lo, p.hi)
            });
            let want = (p.reference)(f64::from(x));
            let scale = if p.relative {
                want.abs().max(f64::MIN_POSITIVE)
            } else {
                1.0
            };
            for (m, g) in max.iter_mut().zip([p.micromath, p.libm_f32, p.core_f32]) {
                *m = m.max((f64::from(g(x)) - want).abs() / scale);
            }
        }
        let kind = if p.relative { "relative" } else { "absolute" };
        println!(
            "| {} | {kind} | {:e} – {:e} | {:.2e} | {:.2e} | {:.2e} | {:.0e} |",
            p.name, p.lo, p.hi, max[0], max[1], max[2], p.bound
        );
        assert!(
            max[2] <= p.bound,
            "{}: core f32 path error {:.3e} > {:.0e}",
            p.name,
            max[2],
            p.bound
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn pucker_holds_its_bounds(seed in any::<u64>(), n in 5..=8_usize) {
        let (dq, da) = err_pucker(&random_ring(&mut Rng(seed), n));
        prop_assert!(dq <= PUCKER_Q_ANGSTROM && da <= PUCKER_DEG);
    }

    #[test]
    fn lineshapes_hold_their_bound(
        ab in any::<bool>(), c in 0.0..3000.0_f64, d in 1.0..2000.0_f64, k in 0.1..1e5_f64,
        w in 0.3..5.0_f64, p in 0.5..0.95_f64,
    ) {
        prop_assert!(err_lineshape(ab, c, d, k, w, p) <= LINESHAPE_OF_PEAK);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20))]

    #[test]
    fn lineshape_fits_hold_their_bound(
        d in 5.0..200.0_f64, kf in 0.1..10.0_f64, p in 0.5..0.8_f64, seed in any::<u64>(),
    ) {
        let k = kf * std::f64::consts::PI * d / 2f64.sqrt();
        if let Some(e) = err_fit(d, k, p, seed) {
            prop_assert!(e <= FIT_K_DG_KCAL);
        }
    }
}
