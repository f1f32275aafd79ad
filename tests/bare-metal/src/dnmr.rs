//! Checks of the n-site exchange entry points (issue 17): `nsite::simulate` (f64 and the f32
//! firmware path at capacity 8), the four-site amide × ring scheme from activation parameters,
//! the global VT fit, the two-step fit and the freeze-out fit (f32), each on its own painted stack.
//!
//! References: the n-site spectra are numpy's dense complex solve per point
//! (`tests/data/nsite_reference.json`, generator `tests/bench/nsite_reference.py`, numpy 2.3.5);
//! the fits recover the stated parameters of a series simulated by the same (numpy-checked)
//! model, and the rates come from the Eyring equation (`shared/reference/kinetics.md` (f)).

#![cfg_attr(feature = "panic-never", allow(dead_code, unused_imports))]

use crate::checks::{buffers, close, verdict};
use core::mem::size_of_val;
use ringflux_core::eyring;
use ringflux_core::freeze_out::{freeze_out, FreezeFree};
use ringflux_core::global_fit::{global_fit, two_step, Link, SeriesModel, Shifts, VtSpectrum};
use ringflux_core::lineshape::linspace;
use ringflux_core::nsite::{self, four_site, four_site_at, Activation, Exchange, NSite, Site};
use ringflux_core::Real;

type Check = (&'static str, extern "C" fn() -> u32);

fn site<F: Real>(nu_hz: f64, w_hz: f64, population: f64) -> Site<F> {
    Site {
        nu_hz: F::from_f64(nu_hz),
        w_hz: F::from_f64(w_hz),
        population: F::from_f64(population),
    }
}

fn ex<F: Real>(from: usize, to: usize, k_per_s: f64) -> Exchange<F> {
    Exchange {
        from,
        to,
        k_per_s: F::from_f64(k_per_s),
    }
}

/// Largest |I(x) − want| over the (Hz, numpy intensity) points, frequencies and shifts taken
/// relative to `centre_hz` (the f32 path's convention, core/README.md).
fn worst_error<F: Real, const N: usize>(
    model: &NSite<F, N>,
    centre_hz: f64,
    points: &[(f64, f64)],
) -> f64 {
    let mut x = [F::ZERO; 9];
    let mut y = [F::ZERO; 9];
    for (xi, &(hz, _)) in x.iter_mut().zip(points) {
        *xi = F::from_f64(hz - centre_hz);
    }
    let n = points.len().min(x.len());
    let (Some(xs), Some(ys)) = (x.get(..n), y.get_mut(..n)) else {
        return f64::INFINITY;
    };
    if nsite::simulate(model, xs, ys).is_err() {
        return f64::INFINITY;
    }
    y.iter()
        .zip(points)
        .map(|(g, &(_, w))| Real::abs(g.to_f64() - w))
        .fold(0.0, f64::max)
}

/// `eight_site_ring` of nsite_reference.json: numpy's intensities at 9 of its 1321 points (the
/// peak included); peak 0.0017622346493409917; window centre 250 Hz.
const EIGHT_SITE_NUMPY: [(f64, f64); 9] = [
    (-80.0, 1.777571371067217e-05),
    (14.0, 7.158479340856218e-05),
    (108.0, 0.000735491463777163),
    (202.0, 0.001325475607985097),
    (296.0, 0.0012333772577268892),
    (353.0, 0.0017622346493409917),
    (390.0, 0.0014913696742895899),
    (484.0, 0.00014049249364326037),
    (578.0, 1.904966074706554e-05),
];
const EIGHT_SITE_PEAK: f64 = 0.001_762_234_649_340_991_7;

/// Eight sites on a ring of exchanges (k 15 … 120 s⁻¹) against numpy, as a fraction of the peak:
/// f64 within 1e-12, f32 within 1e-5 (core/README.md measured 2.1e-7 over all 1321 points).
fn eight_site<F: Real>(tol_of_peak: f64) -> bool {
    let c = 250.0;
    let sites: [Site<F>; 8] = [
        site(0.0 - c, 0.5, 1.0 / 36.0),
        site(43.0 - c, 0.75, 2.0 / 36.0),
        site(92.0 - c, 1.0, 3.0 / 36.0),
        site(147.0 - c, 1.25, 4.0 / 36.0),
        site(208.0 - c, 1.5, 5.0 / 36.0),
        site(275.0 - c, 1.75, 6.0 / 36.0),
        site(348.0 - c, 2.0, 7.0 / 36.0),
        site(427.0 - c, 2.25, 8.0 / 36.0),
    ];
    let exchanges: [Exchange<F>; 8] = [
        ex(0, 1, 15.0),
        ex(1, 2, 30.0),
        ex(2, 3, 45.0),
        ex(3, 4, 60.0),
        ex(4, 5, 75.0),
        ex(5, 6, 90.0),
        ex(6, 7, 105.0),
        ex(7, 0, 120.0),
    ];
    let Ok(model) = NSite::<F, 8>::new(&sites, &exchanges) else {
        return false;
    };
    let err = worst_error(&model, c, &EIGHT_SITE_NUMPY);
    close(err / EIGHT_SITE_PEAK, 0.0, tol_of_peak)
}

pub extern "C" fn nsite_eight_f64() -> u32 {
    verdict(eight_site::<f64>(1e-12))
}

pub extern "C" fn nsite_eight_f32() -> u32 {
    verdict(eight_site::<f32>(1e-5))
}

/// `four_site_both_intermediate` of nsite_reference.json (k_rot 60, k_inv 150 s⁻¹): numpy's
/// intensities at 8 of its 1001 points; peak 0.009742829312039732; window centre 1125 Hz.
const FOUR_SITE_NUMPY: [(f64, f64); 8] = [
    (1000.0, 2.343_524_204_341_368_8e-5),
    (1035.75, 6.752_703_653_523_299e-5),
    (1071.5, 0.000_317_645_152_464_181_77),
    (1107.25, 0.005_779_060_156_405_919),
    (1116.75, 0.009_742_829_312_039_732),
    (1143.0, 0.004_770_495_781_718_718),
    (1178.75, 0.001_781_932_277_122_671_1),
    (1214.5, 0.000_164_403_433_988_883_63),
];
const FOUR_SITE_PEAK: f64 = 0.009_742_829_312_039_732;

/// The four-site scheme (k_rot 60, k_inv 150 s⁻¹, `four_site`) against numpy's spectrum, f32:
/// within 1e-5 of the peak (the f32 table of core/README.md gives 2.3e-7). Then `four_site_at`
/// from ΔH‡ = ΔG‡ of those rates at 300 K (ΔS‡ = 0, computed in f64): its rates give back ΔG‡
/// within the f32 goal of issue 7, 0.05 kcal/mol (micromath's exp is the coarse step).
pub extern "C" fn four_site_f32() -> u32 {
    let c = 1125.0;
    let sites: [Site<f32>; 4] = [
        site(1120.0 - c, 0.8, 0.45),
        site(1085.0 - c, 1.2, 0.15),
        site(1160.0 - c, 0.8, 0.3),
        site(1190.0 - c, 1.0, 0.1),
    ];
    let Ok(model) = four_site::<f32, 8>(&sites, 60.0, 150.0) else {
        return 1;
    };
    let spectrum_ok = close(
        worst_error(&model, c, &FOUR_SITE_NUMPY) / FOUR_SITE_PEAK,
        0.0,
        1e-5,
    );
    let t = 300.0;
    let act = |k: f64| {
        eyring::dg_j_per_mol(k, t, 1.0).map(|dg| Activation {
            dh_j_per_mol: dg as f32,
            ds_j_per_mol_k: 0.0,
        })
    };
    let (Ok(rot), Ok(inv)) = (act(60.0), act(150.0)) else {
        return 1;
    };
    let Ok(at) = four_site_at::<f32, 8>(&sites, rot, inv, t as f32) else {
        return 1;
    };
    let dg_ok = |from: usize, to: usize, want: Activation<f32>| {
        let k = f64::from(at.k_per_s(from, to));
        matches!(eyring::dg_j_per_mol(k, t, 1.0),
            Ok(dg) if close(dg, f64::from(want.dh_j_per_mol), 0.05 * 4184.0))
    };
    verdict(
        spectrum_ok
            && dg_ok(nsite::E_TC, nsite::Z_TC, rot)
            && dg_ok(nsite::E_TB, nsite::Z_TB, rot)
            && dg_ok(nsite::Z_TC, nsite::Z_TB, inv),
    )
}

/// The VT series of the global and two-step checks: two sites 40 Hz apart (p 0.6/0.4, w 2 Hz),
/// ΔH‡ = 60 kJ/mol, ΔS‡ = −10 J/(mol K) (k ≈ 13–1300 s⁻¹ over 280–340 K, through coalescence
/// at k ≈ 89 s⁻¹), 5 spectra of 96 points from −60 to +60 Hz about the centre, scale 1000,
/// baselines 0.5 · index, deterministic noise of σ 0.03 (~0.03 % of the tallest peak; without
/// noise the two-step weights 1/σ² of the rates are infinite).
const TEMPS_K: [f32; 5] = [280.0, 295.0, 310.0, 325.0, 340.0];
const POINTS: usize = 96;
const DH: f64 = 60_000.0;
const DS: f64 = -10.0;
const LINKS: [Link; 1] = [Link {
    from: 0,
    to: 1,
    process: 0,
}];

/// Capacities of the global and two-step checks: sites, shared parameters, spectra (a two-process
/// four-site series fits in them; <f32, 4, 8, 16> took 11 952 B of stack on x86, over the
/// 8 KiB goal and the micro:bit's 12 KiB).
const GN: usize = 4;
const GG: usize = 4;
const GS: usize = 8;

fn series_sites() -> [Site<f32>; 2] {
    [site(-20.0, 2.0, 0.6), site(20.0, 2.0, 0.4)]
}

/// Noise amplitude, data units (σ = 0.5 · NOISE = 0.03).
const NOISE: f32 = 0.06;

/// Deterministic noise: xorshift32, the sum of three uniforms on (−0.5, 0.5) (σ = 0.5).
struct Noise(u32);

impl Noise {
    fn uniform(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        (self.0 >> 8) as f32 / (1u32 << 24) as f32 - 0.5
    }

    fn next(&mut self) -> f32 {
        self.uniform() + self.uniform() + self.uniform()
    }
}

/// Fills `x` and the 5 spectra; false on any error.
fn simulate_series(x: &mut [f32; POINTS], ys: &mut [[f32; POINTS]; 5]) -> bool {
    if linspace(-60.0, 60.0, x).is_err() {
        return false;
    }
    let truth = Activation {
        dh_j_per_mol: DH as f32,
        ds_j_per_mol_k: DS as f32,
    };
    let mut noise = Noise(0x2545_f491);
    for (i, (y, &t)) in ys.iter_mut().zip(&TEMPS_K).enumerate() {
        let Ok(k) = truth.rate_per_s(t) else {
            return false;
        };
        let Ok(m) = NSite::<f32, 4>::new(&series_sites(), &[ex(0, 1, f64::from(k))]) else {
            return false;
        };
        if nsite::simulate(&m, x, y).is_err() {
            return false;
        }
        for v in y.iter_mut() {
            *v = 1000.0 * *v + 0.5 * i as f32 + NOISE * noise.next();
        }
    }
    true
}

/// Runs `f` on the simulated series (the series' arrays counted as caller buffers).
fn with_series(f: impl FnOnce(&SeriesModel<'_, f32>, &[VtSpectrum<'_, f32>; 5]) -> bool) -> bool {
    let mut x = [0.0_f32; POINTS];
    let mut ys = [[0.0_f32; POINTS]; 5];
    buffers(size_of_val(&x) + size_of_val(&ys));
    if !simulate_series(&mut x, &mut ys) {
        return false;
    }
    let sites = series_sites();
    let series = SeriesModel {
        sites: &sites,
        links: &LINKS,
        t0_k: 310.0,
        shifts: Shifts::Fixed,
        shared_width: false,
    };
    let [y0, y1, y2, y3, y4] = &ys;
    let (y0, y1, y2, y3, y4): (&[f32], &[f32], &[f32], &[f32], &[f32]) = (y0, y1, y2, y3, y4);
    let x = &x;
    let sp = |t_k: f32, y| VtSpectrum { t_k, x_hz: x, y };
    let spectra = [
        sp(TEMPS_K[0], y0),
        sp(TEMPS_K[1], y1),
        sp(TEMPS_K[2], y2),
        sp(TEMPS_K[3], y3),
        sp(TEMPS_K[4], y4),
    ];
    f(&series, &spectra)
}

/// Start of both fits: ΔH‡ 55 kJ/mol, ΔS‡ 0 (k a factor ~3 off the truth at 310 K).
const START: [Activation<f32>; 1] = [Activation {
    dh_j_per_mol: 55_000.0,
    ds_j_per_mol_k: 0.0,
}];

/// `global_fit::<f32, 4, 4, 8>` recovers the stated ΔH‡ and ΔS‡ within 4 of its reported σ
/// (σ(ΔH‡) below 1 %; measured on x86: 59 999.6 ± 17.3 J/mol, −10.004 ± 0.056 J/(mol K)) and
/// ΔG‡(310 K) within the f32 goal of issue 7 (0.05 kcal/mol).
pub extern "C" fn global_fit_f32() -> u32 {
    verdict(with_series(|series, spectra| {
        let Ok(g) = global_fit::<f32, GN, GG, GS>(series, &START, spectra, None) else {
            return false;
        };
        let Some(p) = g.processes.first() else {
            return false;
        };
        let Ok(dg) = p.dg_at(310.0) else {
            return false;
        };
        let (dh, ds) = (p.dh_j_per_mol, p.ds_j_per_mol_k);
        dh.err < 0.01 * DH as f32
            && close(dh.value, DH, 4.0 * f64::from(dh.err))
            && close(ds.value, DS, 4.0 * f64::from(ds.err))
            && close(dg.value, DH - 310.0 * DS, 0.05 * 4184.0)
    }))
}

/// `global_fit::two_step::<f32, 4, 4, 8>` on the same series: each spectrum's rate, then the
/// weighted Eyring regression, recovers ΔH‡ and ΔS‡ within 4 of their reported σ (measured:
/// 59 991 ± 17 J/mol, −10.03 ± 0.055) and ΔG‡(310 K) within 0.05 kcal/mol.
pub extern "C" fn two_step_f32() -> u32 {
    verdict(with_series(|series, spectra| {
        let Ok(t) = two_step::<f32, GN, GG, GS>(series, &START, spectra) else {
            return false;
        };
        let Some(Ok(e)) = t.eyring.first() else {
            return false;
        };
        e.dh_err_j_per_mol < 0.01 * DH as f32
            && close(e.dh_j_per_mol, DH, 4.0 * f64::from(e.dh_err_j_per_mol))
            && close(e.ds_j_per_mol_k, DS, 4.0 * f64::from(e.ds_err_j_per_mol_k))
            && close(
                e.dh_j_per_mol - 310.0 * e.ds_j_per_mol_k,
                DH - 310.0 * DS,
                0.05 * 4184.0,
            )
    }))
}

/// `freeze_out::freeze_out::<f32>` on a frozen two-site spectrum (p_a 0.7, Δν 40 Hz, w 1.5 Hz,
/// k 0.01 s⁻¹, 128 points): p_a within the f32 population goal of issue 7 (1e-3), and a finite
/// 95 % upper bound on k above the true k (the spectrum cannot exclude the true rate).
pub extern "C" fn freeze_out_f32() -> u32 {
    let mut x = [0.0_f32; 128];
    let mut y = [0.0_f32; 128];
    buffers(size_of_val(&x) + size_of_val(&y));
    let sites = [site(-20.0, 1.5, 0.7), site(20.0, 1.5, 0.3)];
    let ok = linspace(-50.0, 50.0, &mut x).is_ok()
        && NSite::<f32, 2>::new(&sites, &[ex(0, 1, 0.01)])
            .is_ok_and(|m| nsite::simulate(&m, &x, &mut y).is_ok());
    if !ok {
        return 1;
    }
    let start = [site(-20.0, 1.5, 0.5), site(20.0, 1.5, 0.5)];
    verdict(matches!(freeze_out(&x, &y, &start, FreezeFree::default()),
        Ok(f) if close(f.pa.value, 0.7, 1e-3)
            && f.k_upper_per_s.is_finite() && f.k_upper_per_s > 0.01))
}

/// The n-site checks.
pub const NSITE: &[Check] = &[
    (
        "nsite::simulate::<f64, 8> (8 sites vs numpy)",
        nsite_eight_f64,
    ),
    (
        "nsite::simulate::<f32, 8> (8 sites vs numpy)",
        nsite_eight_f32,
    ),
    (
        "nsite::four_site + four_site_at::<f32, 8> (vs numpy)",
        four_site_f32,
    ),
];

/// The fit checks. Left out of the panic-never link: with all three linked, opt-level "z" keeps
/// a reachable panic path (each alone, and all three at "s", link panic-free; not yet found).
#[cfg(not(feature = "panic-never"))]
pub const FITS: &[Check] = &[
    (
        "global_fit::global_fit::<f32, 4, 4, 8> (5 x 96 pts)",
        global_fit_f32,
    ),
    (
        "global_fit::two_step::<f32, 4, 4, 8> (5 x 96 pts)",
        two_step_f32,
    ),
    ("freeze_out::freeze_out::<f32> (128 pts)", freeze_out_f32),
];
#[cfg(feature = "panic-never")]
pub const FITS: &[Check] = &[];
