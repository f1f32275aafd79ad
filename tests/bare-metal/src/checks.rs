//! Self-check of the core on published values, one function per public entry point.
//!
//! Each check is an `extern "C" fn() -> u32` (0 = pass) so that it can run on the painted private
//! stack; the value that failed is left in [`LAST`] for the report. Reference values are copied
//! from the shared reference tables named beside them (nothing can be read from files here).

use core::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use ringflux_core::constants::EnergyUnit;
use ringflux_core::{boltzmann, coalescence, equilibrium, eyring, Error, Real};

/// A 64-bit cell made of two `AtomicU32` halves: Cortex-M has no 64-bit atomics (and the M0 no
/// read-modify-write ones), and the program is single-threaded, so a torn read cannot happen.
pub struct Cell64 {
    lo: AtomicU32,
    hi: AtomicU32,
}

impl Cell64 {
    /// A cell holding `0`.
    pub const fn new() -> Self {
        Self {
            lo: AtomicU32::new(0),
            hi: AtomicU32::new(0),
        }
    }

    /// Stores `v` (the ordering applies to both halves).
    pub fn store(&self, v: u64, order: Ordering) {
        self.lo.store(v as u32, order);
        self.hi.store((v >> 32) as u32, order);
    }

    /// The value last stored.
    pub fn load(&self, order: Ordering) -> u64 {
        u64::from(self.lo.load(order)) | (u64::from(self.hi.load(order)) << 32)
    }
}

/// Bits of the last value compared, shown when a check fails.
pub static LAST: Cell64 = Cell64::new();

/// Bytes of the buffers a check passes to its entry point (inputs and outputs the caller owns),
/// part of the measured stack but not of the entry point's own use; reset before each check.
pub static BUFFERS: AtomicUsize = AtomicUsize::new(0);

/// Records that the check's caller-owned buffers take `bytes`.
pub fn buffers(bytes: usize) {
    BUFFERS.store(bytes, Ordering::Relaxed);
}

/// Reference tables give 10 significant digits: ±0.01 J/mol on ~7e4 J/mol is their rounding.
const TABLE_J: f64 = 0.01;
/// Relative agreement for values the tables give to 10 significant digits.
pub(crate) const TABLE_REL: f64 = 1e-9;
/// f64 Boltzmann populations: the tolerance `boltz_01` itself states (populations_abs).
const BOLTZ_F64_ABS: f64 = 1e-14;
/// Firmware-path goals of issue 7: ΔG‡ within 0.05 kcal/mol, populations within 1e-3.
const F32_DG_J: f64 = 0.05 * 4184.0;
const F32_POP_ABS: f64 = 1e-3;

pub(crate) fn close<F: Real>(got: F, want: f64, tol: f64) -> bool {
    let g = got.to_f64();
    LAST.store(g.to_bits(), Ordering::Relaxed);
    Real::abs(g - want) <= tol
}

pub(crate) fn close_rel<F: Real>(got: F, want: f64, rel: f64) -> bool {
    close(got, want, rel * want.abs())
}

pub(crate) fn verdict(ok: bool) -> u32 {
    u32::from(!ok)
}

/// `shared/reference/kinetics/gutowsky_holm_ref.tsv`: T_c 330 K, Δν 40 Hz → k_c 88.85765876 s⁻¹,
/// ΔG‡ 68791.96348 J/mol.
fn gh<F: Real>(tol_j: f64) -> bool {
    match coalescence::gutowsky_holm(F::from_f64(330.0), F::from_f64(40.0)) {
        Ok(c) => {
            close(c.dg_j_per_mol, 68_791.963_48, tol_j)
                && close_rel(
                    c.k_c_per_s,
                    88.857_658_76,
                    if tol_j > 1.0 { 1e-5 } else { TABLE_REL },
                )
        }
        Err(_) => false,
    }
}

pub extern "C" fn gutowsky_holm_f64() -> u32 {
    verdict(gh::<f64>(TABLE_J))
}

pub extern "C" fn gutowsky_holm_f32() -> u32 {
    verdict(gh::<f32>(F32_DG_J))
}

/// `kurland_rubin_wise_ref.tsv`: Δν₀ 30 Hz, J 12 Hz, T_c 300 K → ΔG‡ 62.17871354 kJ/mol; the AB
/// quartet of those parameters gives them back (`kinetics.md` (c)).
pub extern "C" fn kurland_rubin_wise() -> u32 {
    let ok = match coalescence::kurland_rubin_wise(300.0_f64, 30.0, 12.0) {
        Ok(c) => close(c.dg_j_per_mol, 62_178.713_54, TABLE_J),
        Err(_) => false,
    };
    let half = Real::sqrt(30.0_f64 * 30.0 + 144.0) / 2.0;
    let quartet = coalescence::ab_quartet([6.0 + half, 6.0 - half, half - 6.0, -half - 6.0]);
    let ok_q = match quartet {
        Ok(q) => close(q.dnu0_hz, 30.0, 1e-12) && close(q.j_hz, 12.0, 1e-12),
        Err(_) => false,
    };
    verdict(ok && ok_q)
}

/// `shanan_atidi_bar_eli_ref.tsv`: p_A 0.55, T_c 330 K, Δν 40 Hz → ΔG‡_A 69.60221954,
/// ΔG‡_B 69.05162477 kJ/mol, X 1.710046151.
pub extern "C" fn shanan_atidi_bar_eli() -> u32 {
    verdict(
        match coalescence::shanan_atidi_bar_eli(330.0_f64, 40.0, 0.55) {
            Ok(u) => {
                close(u.major_to_minor.dg_j_per_mol, 69_602.219_54, TABLE_J)
                    && close(u.minor_to_major.dg_j_per_mol, 69_051.624_77, TABLE_J)
                    && close_rel(u.x, 1.710_046_151, TABLE_REL)
            }
            Err(_) => false,
        },
    )
}

/// Error propagation, `kinetics.md` (b): T_c 330 ± 2 K, Δν 40 ± 2 Hz → σ ≈ 0.45 kJ/mol
/// (0.43 from T_c and 0.14 from Δν in quadrature; the text rounds to two digits).
pub extern "C" fn coalescence_error() -> u32 {
    verdict(match coalescence::gutowsky_holm(330.0_f64, 40.0) {
        Ok(c) => match c.dg_err_j_per_mol(2.0, 2.0) {
            Ok(s) => close(s, Real::sqrt(430.0_f64 * 430.0 + 140.0 * 140.0), 10.0),
            Err(_) => false,
        },
        Err(_) => false,
    })
}

/// `kinetics.md` (a): the Eyring rate of the Gutowsky–Holm barrier is the Gutowsky–Holm k_c, and
/// ΔG‡(k) inverts it; t½ = ln 2 / k.
pub extern "C" fn eyring_rate_and_inverse() -> u32 {
    let k = eyring::rate_per_s(68_791.963_48_f64, 330.0, 1.0);
    let ok_k = matches!(k, Ok(k) if close_rel(k, 88.857_658_76, TABLE_REL));
    let dg = eyring::dg_j_per_mol(88.857_658_76_f64, 330.0, 1.0);
    let ok_dg = matches!(dg, Ok(g) if close(g, 68_791.963_48, TABLE_J));
    let hl = eyring::half_life_s(88.857_658_76_f64);
    let ok_hl = matches!(hl, Ok(t) if close_rel(t, core::f64::consts::LN_2 / 88.857_658_76, 1e-15));
    verdict(ok_k && ok_dg && ok_hl)
}

/// `eyring_regression_ref.json` (fit_exact): seven exact points of ΔH‡ 70000 J/mol,
/// ΔS‡ −5 J/(mol K) → the fit returns them; ΔG‡(298.15 K) 71490.75 J/mol.
pub extern "C" fn eyring_fit() -> u32 {
    const T: [f64; 7] = [300.0, 310.0, 320.0, 330.0, 340.0, 350.0, 360.0];
    const K: [f64; 7] = [
        2.222_980_804_467_475,
        5.679_792_006_249_539,
        13.699_500_406_468_72,
        31.355_539_606_016_62,
        68.415_964_938_533_29,
        142.890_439_780_082_57,
        286.697_831_275_145_15,
    ];
    let mut pts = [eyring::RatePoint {
        t_k: 0.0_f64,
        k_per_s: 0.0,
        k_err_per_s: None,
    }; 7];
    for ((p, &t), &k) in pts.iter_mut().zip(&T).zip(&K) {
        p.t_k = t;
        p.k_per_s = k;
    }
    verdict(
        match eyring::fit(&pts, 1.0, eyring::Weighting::Unweighted) {
            Ok(fit) => {
                close(fit.dh_j_per_mol, 70_000.0, 1e-6)
                    && close(fit.ds_j_per_mol_k, -5.0, 1e-9)
                    && matches!(fit.dg_at(298.15), Ok((g, _)) if close(g, 71_490.75, 1e-6))
            }
            Err(_) => false,
        },
    )
}

/// `population_dG0_ref.tsv`: 3:1 at 298.15 K → ΔG° 2.723412656 kJ/mol, p_major 0.75; and back.
pub extern "C" fn ratio() -> u32 {
    let ok = match equilibrium::from_ratio(3.0_f64, 1.0, 298.15) {
        Ok(e) => close(e.dg0_j_per_mol, 2_723.412_656, 1e-6) && close(e.p_major, 0.75, 1e-15),
        Err(_) => false,
    };
    let back = match equilibrium::from_dg0(2_723.412_656_f64, 298.15) {
        Ok(e) => close(e.k_eq, 3.0, 1e-8),
        Err(_) => false,
    };
    verdict(ok && back)
}

/// `boltzmann/cases/boltz_01_tc_tb_EZ_synthetic.json`: populations (populations_f64) and the
/// Boltzmann-averaged C2 shift 47.34162028 ppm.
fn boltz01<F: Real>(tol: f64) -> bool {
    const WANT: [f64; 4] = [
        0.651_565_568_016_336_7,
        0.304_863_784_788_861,
        0.031_228_345_095_395_585,
        0.012_342_302_099_406_776,
    ];
    let e = [0.0, 0.45, 1.80, 2.35].map(F::from_f64);
    let shift = [48.72, 44.15, 50.31, 45.90].map(F::from_f64);
    let mut p = [F::ZERO; 4];
    if boltzmann::populations(&e, &[], EnergyUnit::KcalPerMol, F::from_f64(298.15), &mut p).is_err()
    {
        return false;
    }
    let pops_ok = p.iter().zip(&WANT).all(|(&g, &w)| close(g, w, tol));
    let avg_ok = matches!(boltzmann::weighted_average(&p, &shift),
        Ok(a) if close(a, 47.341_620_280_296_26, 100.0 * tol));
    pops_ok && avg_ok
}

pub extern "C" fn boltzmann_f64() -> u32 {
    verdict(boltz01::<f64>(BOLTZ_F64_ABS))
}

pub extern "C" fn boltzmann_f32() -> u32 {
    verdict(boltz01::<f32>(F32_POP_ABS))
}

/// Bad input is an error naming the parameter, never a panic.
pub extern "C" fn errors_name_parameters() -> u32 {
    let a = coalescence::gutowsky_holm(f64::NAN, 40.0).err() == Some(Error::NonFinite("tc_k"));
    let b = eyring::rate_per_s(1e4_f64, -1.0, 1.0) == Err(Error::NotPositive("t_k"));
    let mut small = [0.0_f64; 1];
    let c = boltzmann::populations(&[0.0, 1.0], &[], EnergyUnit::KjPerMol, 300.0, &mut small).err()
        == Some(Error::CapacityExceeded("populations_out"));
    verdict(a && b && c)
}

/// Every check, with the name printed in the report.
pub const ALL: &[(&str, extern "C" fn() -> u32)] = &[
    ("coalescence::gutowsky_holm f64", gutowsky_holm_f64),
    ("coalescence::gutowsky_holm f32", gutowsky_holm_f32),
    ("coalescence::kurland_rubin_wise", kurland_rubin_wise),
    ("coalescence::shanan_atidi_bar_eli", shanan_atidi_bar_eli),
    ("Coalescence::dg_err_j_per_mol", coalescence_error),
    ("eyring::rate/dg/half_life", eyring_rate_and_inverse),
    ("eyring::fit", eyring_fit),
    ("equilibrium::from_ratio/from_dg0", ratio),
    ("boltzmann::populations f64", boltzmann_f64),
    ("boltzmann::populations f32", boltzmann_f32),
    ("errors name parameters", errors_name_parameters),
];

// ---- the modules that joined later: geometry, pucker, lineshape, fit, plan, dp4, stats ---------

use ringflux_core::geometry::{torsion_deg, Vec3};
use ringflux_core::lineshape::{linspace, simulate, Model, TwoSite};
use ringflux_core::{dp4, fit, plan, pucker, stats};

/// An ideal chair cyclohexane (alternating z = ±0.25 Å on a hexagon of radius 1.45 Å):
/// Q = 0.25 √6 Å and form C (`shared/reference/pucker.md`; the doc example of `cremer_pople`).
pub(crate) fn chair<F: Real>() -> [Vec3<F>; 6] {
    let mut ring = [Vec3::ZERO; 6];
    for (j, p) in ring.iter_mut().enumerate() {
        let a = core::f64::consts::PI / 3.0 * j as f64;
        let z = if j % 2 == 0 { 0.25 } else { -0.25 };
        *p = Vec3::new(
            F::from_f64(1.45 * libm_cos(a)),
            F::from_f64(1.45 * libm_sin(a)),
            F::from_f64(z),
        );
    }
    ring
}

fn libm_cos(x: f64) -> f64 {
    Real::cos(x)
}

fn libm_sin(x: f64) -> f64 {
    Real::sin(x)
}

fn pucker_chair<F: Real>(tol: f64) -> bool {
    let ring = chair::<F>();
    let Ok(p) = pucker::cremer_pople(&ring) else {
        return false;
    };
    let Ok(t) = pucker::endocyclic_torsions(&ring) else {
        return false;
    };
    let c = pucker::classify(&p, t.as_slice());
    close(p.total_q_angstrom, 0.25 * Real::sqrt(6.0_f64), tol)
        && matches!(c, Ok(c) if c.form == Some(pucker::Form::Chair))
}

pub extern "C" fn pucker_f64() -> u32 {
    verdict(pucker_chair::<f64>(1e-12))
}

pub extern "C" fn pucker_f32() -> u32 {
    verdict(pucker_chair::<f32>(1e-5))
}

/// A torsion of +60° built from the definition (geometry module).
pub extern "C" fn geometry_torsion() -> u32 {
    let (c, s) = (
        Real::cos(60.0_f64.to_radians()),
        Real::sin(60.0_f64.to_radians()),
    );
    let t = torsion_deg(
        Vec3::new(1.0, 0.0, 0.0),
        Vec3::new(0.0, 0.0, 0.0),
        Vec3::new(0.0, 0.0, 1.0),
        Vec3::new(c, s, 1.0),
    );
    verdict(matches!(t, Ok(t) if close(t, 60.0, 1e-9)))
}

/// Lineshape and fit round trip on the f32 path: a 256-point two-site spectrum (Δν 30 Hz,
/// k 40 s⁻¹; the `fit::fit` doc example) is fitted back from k = 25 s⁻¹.
fn lineshape_fit<F: Real>(tol_rel: f64) -> bool {
    let f = F::from_f64;
    let Ok(truth) = TwoSite::new(f(165.0), f(135.0), f(40.0), f(1.0), f(1.0), f(0.5)) else {
        return false;
    };
    let mut x = [F::ZERO; 256];
    let mut y = [F::ZERO; 256];
    buffers(core::mem::size_of_val(&x) + core::mem::size_of_val(&y));
    if linspace(f(100.0), f(200.0), &mut x).is_err()
        || simulate(&Model::TwoSite(truth), &x, &mut y).is_err()
    {
        return false;
    }
    let Ok(start) = fit::with_k(&Model::TwoSite(truth), f(25.0)) else {
        return false;
    };
    matches!(fit::fit(&x, &y, &start, fit::Free::default()),
        Ok(r) if close_rel(r.k_per_s.value, 40.0, tol_rel))
}

pub extern "C" fn lineshape_fit_f64() -> u32 {
    verdict(lineshape_fit::<f64>(1e-6))
}

pub extern "C" fn lineshape_fit_f32() -> u32 {
    verdict(lineshape_fit::<f32>(1e-3))
}

/// `kinetics.md` (b): Δν 40 Hz coalesces at 330 K for ΔG‡ 68.792 kJ/mol (the `plan` doc example).
pub extern "C" fn vt_plan() -> u32 {
    verdict(
        matches!(plan::plan(68_791.96_f64, 68_791.96, 40.0), Ok(p) if close(p.tc_lo_k, 330.0, 1e-3)),
    )
}

/// DP4 posterior of two candidates 1 apart in ln-likelihood: 1/(1 + e⁻¹) (the doc example);
/// Student-t tail: t = 0 → 1/2.
pub extern "C" fn dp4_and_stats() -> u32 {
    let mut p = [0.0; 2];
    let ok = dp4::posterior(&[-2000.0, -2001.0], &mut p).is_ok()
        && close(p[0], 1.0 / (1.0 + Real::exp(-1.0_f64)), 1e-15);
    let t = stats::student_t_sf(0.0, 5.0);
    verdict(ok && matches!(t, Ok(t) if close(t, 0.5, 1e-12)))
}

/// Checks of the modules that joined after the foundation.
pub const MORE: &[(&str, extern "C" fn() -> u32)] = &[
    ("pucker::cremer_pople/classify f64", pucker_f64),
    ("pucker::cremer_pople/classify f32", pucker_f32),
    ("geometry::torsion_deg", geometry_torsion),
    (
        "lineshape::simulate + fit::fit f64 (256 pts)",
        lineshape_fit_f64,
    ),
    (
        "lineshape::simulate + fit::fit f32 (256 pts)",
        lineshape_fit_f32,
    ),
    ("plan::plan", vt_plan),
    ("dp4::posterior, stats::student_t_sf", dp4_and_stats),
];
