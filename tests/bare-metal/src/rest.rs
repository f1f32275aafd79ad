//! Checks of the public entry points the first two lists leave out (shifts, amide, vt, geometry,
//! plan, dp4, stats, fit helpers), so that every public entry point of the core has a measured
//! stack. Analytic cases unless a shared table is named.

use crate::checks::{chair, close, close_rel, verdict, TABLE_REL};
use ringflux_core::amide::{self, AmideAtoms, OSyn, Priority};
use ringflux_core::geometry::{self, Vec3};
use ringflux_core::lineshape::{linspace, simulate, Model, TwoSite};
use ringflux_core::shifts::{self, Scaling};
use ringflux_core::{dp4, fit, plan, stats, vt, Real};

/// δ = σ_ref − σ; Boltzmann-weighted shieldings (the `boltzmann_weighted` doc example); an exact
/// linear relation calc = 2·exp + 1 is removed completely by scaling (CMAE 0; `compare` runs
/// `scale`, `fit_line` and `error_stats`).
pub extern "C" fn shifts_all() -> u32 {
    let d = matches!(shifts::shift_from_shielding(31.5_f64, 25.0), Ok(d) if close(d, 6.5, 1e-12));
    let mut w = [0.0_f64; 2];
    let bw = shifts::boltzmann_weighted(&[0.75, 0.25], &[30.0, 120.0, 31.0, 124.0], 2, &mut w)
        .is_ok()
        && close(w[0], 30.25, 1e-12)
        && close(w[1], 121.0, 1e-12);
    let exp = [20.0_f64, 35.5, 48.25, 60.0, 130.0];
    let calc = exp.map(|e| 2.0 * e + 1.0);
    let mut scaled = [0.0; 5];
    let cmp = match shifts::compare(&calc, &exp, Scaling::CalcOnExp, &mut scaled) {
        Ok(c) => {
            close(c.corrected.mae_ppm, 0.0, 1e-9) && close(c.raw.max_abs_error_ppm, 131.0, 1e-9)
        }
        Err(_) => false,
    };
    let mut avg = [0.0; 5];
    let groups = shifts::average_groups(&exp, &[1, 1, 2, 2, 0], &mut avg).is_ok()
        && close(avg[0], 27.75, 1e-12);
    // The `pair_interchangeable` doc example (a swapped pair is put back); mean over atoms; the
    // exact shift relation at σ_ref = 190 ppm, σ = 0: 190 / (1 − 190·10⁻⁶).
    let mut paired = [0.0; 3];
    let pair = shifts::pair_interchangeable(
        &[1.32, 1.39, 2.0],
        &[1.58, 1.53, 2.1],
        &[1, 1, 0],
        &mut paired,
    )
    .is_ok()
        && close(paired[0], 1.39, 0.0);
    let mean = matches!(shifts::mean_over(&exp, &[0, 1]), Ok(m) if close(m, 27.75, 1e-12));
    let exact = matches!(shifts::shift_from_shielding_exact(190.0_f64, 0.0),
        Ok(d) if close(d, 190.0 / (1.0 - 190e-6), 1e-12));
    verdict(d && bw && cmp && groups && pair && mean && exact)
}

/// A planar amide with O syn to C2: ω(O–C′–N1–C2) = 0, twist τ = 0, C–N as placed.
pub extern "C" fn amide_planar() -> u32 {
    let v = |x: f64, y: f64| Vec3::new(x, y, 0.0_f64);
    let atoms = AmideAtoms {
        carbonyl_c: v(0.0, 0.0),
        oxygen: v(-0.6, 1.0),
        substituent: v(-0.6, -1.0),
        n1: v(1.33, 0.0),
        c2: v(2.0, 1.2),
        c7: v(2.0, -1.2),
    };
    verdict(
        match amide::analyze(&atoms, Priority::First, Priority::First) {
            Ok(a) => {
                a.o_syn == OSyn::C2
                    && close(a.omega_o_c2_deg, 0.0, 1e-9)
                    && close(a.twist_deg, 0.0, 1e-9)
                    && close(a.cn_angstrom, 1.33, 1e-12)
            }
            Err(_) => false,
        },
    )
}

/// The chair rotated by 90° about z and moved: superposed RMSD 0; a right angle; its centroid.
pub extern "C" fn geometry_all() -> u32 {
    let a = chair::<f64>();
    let b = a.map(|p| Vec3::new(-p.y + 3.0, p.x - 1.0, p.z + 2.0));
    let rmsd = matches!(geometry::superposed_rmsd(&a, &b), Ok(r) if close(r, 0.0, 1e-6));
    let c =
        matches!(geometry::centroid(&b), Ok(c) if close(c.x, 3.0, 1e-12) && close(c.z, 2.0, 1e-12));
    let (o, x, y) = (
        Vec3::ZERO,
        Vec3::new(2.0, 0.0, 0.0),
        Vec3::new(0.0, 1.0, 0.0_f64),
    );
    let ang = matches!(geometry::angle_deg(x, o, y), Ok(t) if close(t, 90.0, 1e-12));
    let dist = matches!(geometry::distance(x, y), Ok(d) if close(d, Real::sqrt(5.0_f64), 1e-15));
    verdict(rmsd && c && ang && dist)
}

/// `gutowsky_holm_ref.tsv`: ΔG‡ 68791.96348 J/mol at 330 K is k 88.85765876 s⁻¹ — as ΔH‡ with
/// ΔS‡ = 0 (`vt`), and the temperature for that rate (`plan`); a schedule 300–310 K in 5 K steps;
/// the Eyring regression through `vt`.
pub extern "C" fn vt_and_plan() -> u32 {
    let k = vt::rate_from_activation(68_791.963_48_f64, 0.0, 330.0, 1.0);
    let ok_k = matches!(k, Ok(k) if close_rel(k, 88.857_658_76, TABLE_REL));
    let t = plan::temperature_for_rate(68_791.963_48_f64, 88.857_658_76);
    let ok_t = matches!(t, Ok(t) if close(t, 330.0, 1e-6));
    let mut steps = [0.0_f64; 8];
    let ok_s = matches!(plan::schedule(300.0, 310.0, 5.0, &mut steps), Ok(3))
        && close(steps[2], 310.0, 1e-12);
    // `eyring_regression_ref.json` (fit_exact), its first three points: ΔH‡ 70000 J/mol.
    let point = |t_k: f64, k_per_s: f64| ringflux_core::eyring::RatePoint {
        t_k,
        k_per_s,
        k_err_per_s: None,
    };
    let pts = [
        point(300.0, 2.222_980_804_467_475),
        point(310.0, 5.679_792_006_249_539),
        point(320.0, 13.699_500_406_468_72),
    ];
    let ok_f = matches!(vt::eyring_fit(&pts, 1.0), Ok(f) if close(f.dh_j_per_mol, 70_000.0, 1e-3));
    verdict(ok_k && ok_t && ok_s && ok_f)
}

/// `dp4_01_nankakurine_real.json` (the `ln_probability` doc example): scaled error
/// 3.1557746121334 ppm → p = 0.0987817328199172; Student-t CDF and the normal CDF at 0 are 1/2;
/// I_x(1, 1) = x.
pub extern "C" fn dp4_and_stats_rest() -> u32 {
    let l = dp4::ln_likelihood(&[3.155_774_612_133_4], &dp4::DP4_T_13C);
    let ok_l = matches!(l, Ok(l) if close(Real::exp(l), 0.098_781_732_819_917_2, 1e-12));
    let ok_c = matches!(stats::student_t_cdf(0.0, 5.0), Ok(p) if close(p, 0.5, 1e-12))
        && matches!(stats::normal_cdf(0.0), Ok(p) if close(p, 0.5, 1e-12))
        && matches!(stats::inc_beta(1.0, 1.0, 0.3), Ok(p) if close(p, 0.3, 1e-12));
    verdict(ok_l && ok_c)
}

/// A spectrum of the model itself: scale 1 and baseline 0; the ln k scan lands near the truth.
pub extern "C" fn fit_helpers() -> u32 {
    let Ok(truth) = TwoSite::new(165.0_f32, 135.0, 40.0, 1.0, 1.0, 0.5) else {
        return 1;
    };
    let model = Model::TwoSite(truth);
    let mut x = [0.0_f32; 64];
    let mut y = [0.0_f32; 64];
    crate::checks::buffers(core::mem::size_of_val(&x) + core::mem::size_of_val(&y));
    if linspace(100.0, 200.0, &mut x).is_err() || simulate(&model, &x, &mut y).is_err() {
        return 1;
    }
    let ok_l = matches!(fit::linear_scale(&x, &y, &model),
        Ok((s, b)) if close(s, 1.0, 1e-4) && close(b, 0.0, 1e-4));
    let ok_s =
        matches!(fit::scan_k(&x, &y, &model, 1.0, 1000.0, 31), Ok(k) if close_rel(k, 40.0, 0.3));
    verdict(ok_l && ok_s)
}

/// `boltz_01` (`shared/reference/boltzmann/cases`) streamed in a shuffled order through
/// `boltzmann::Running` (the doc example): p_0 = 0.6515655680163367, f32 within the population
/// goal; the share of the two lowest states is p_0 + p_1.
fn running<F: Real>(tol: f64) -> bool {
    use ringflux_core::boltzmann::Running;
    use ringflux_core::constants::EnergyUnit;
    let f = F::from_f64;
    let (Ok(mut all), Ok(mut low)) = (
        Running::new(EnergyUnit::KcalPerMol, f(298.15)),
        Running::new(EnergyUnit::KcalPerMol, f(298.15)),
    ) else {
        return false;
    };
    for e in [1.80, 0.45, 2.35, 0.0] {
        if all.push(f(e), F::ONE).is_err() || (e < 1.0 && low.push(f(e), F::ONE).is_err()) {
            return false;
        }
    }
    matches!(all.population(F::ZERO, F::ONE), Ok(p) if close(p, 0.651_565_568_016_336_7, tol))
        && matches!(all.share(&low), Ok(p) if close(p, 0.651_565_568_016_336_7 + 0.304_863_784_788_861, tol))
        && matches!(all.summary(), Ok(e) if e.n == 4)
}

pub extern "C" fn running_f64() -> u32 {
    verdict(running::<f64>(1e-14))
}

pub extern "C" fn running_f32() -> u32 {
    verdict(running::<f32>(1e-3))
}

/// The remaining entry points.
pub const REST: &[(&str, extern "C" fn() -> u32)] = &[
    ("shifts (every function)", shifts_all),
    ("boltzmann::Running f64", running_f64),
    ("boltzmann::Running f32", running_f32),
    ("amide::analyze", amide_planar),
    (
        "geometry::{superposed_rmsd, centroid, angle_deg, distance}",
        geometry_all,
    ),
    (
        "vt::{rate_from_activation, eyring_fit}, plan::{temperature_for_rate, schedule}",
        vt_and_plan,
    ),
    (
        "dp4::ln_likelihood, stats::{student_t_cdf, normal_cdf, inc_beta}",
        dp4_and_stats_rest,
    ),
    ("fit::{linear_scale, scan_k} f32 (64 pts)", fit_helpers),
];
