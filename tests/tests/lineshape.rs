//! Exchange lineshapes against nmrsim 0.7.1 (`shared/reference/lineshapes/`) and the physics they
//! must obey (`shared/reference/kinetics.md` (b)–(e)).

use proptest::prelude::*;
use ringflux_core::coalescence::{gutowsky_holm, kurland_rubin_wise, shanan_atidi_bar_eli};
use ringflux_core::lineshape::{linspace, simulate, Ab, Model, TwoSite};
use ringflux_tests::{assert_close, num, read_json, shared};

/// The bound: ≤ 1e-9 of the peak height on nmrsim's own grid. The closed forms agree with
/// nmrsim's algebra to round-off (~1e-14 relative), so this leaves no room for a wrong formula.
const NMRSIM_TOL_OF_PEAK: f64 = 1e-9;

fn read_spectrum(file: &str) -> (Vec<f64>, Vec<f64>) {
    let path = shared(&format!("reference/lineshapes/{file}"));
    let text = std::fs::read_to_string(&path).expect("reference spectrum");
    let mut x = Vec::new();
    let mut y = Vec::new();
    for line in text.lines().skip(1) {
        let (a, b) = line.split_once(',').expect("two columns");
        x.push(a.parse().unwrap());
        y.push(b.parse().unwrap());
    }
    (x, y)
}

fn model_of(set: &serde_json::Value) -> Model<f64> {
    let g = |k: &str| num(&set[k]);
    match set["func"].as_str().unwrap() {
        "dnmr_two_singlets" => Model::TwoSite(
            TwoSite::new(g("va"), g("vb"), g("ka"), g("wa"), g("wb"), g("pa")).unwrap(),
        ),
        "dnmr_AB" => Model::Ab(Ab::new(g("va"), g("vb"), g("J"), g("k"), g("w")).unwrap()),
        f => panic!("unknown function {f}"),
    }
}

#[test]
fn equals_nmrsim_on_its_grid() {
    let params = read_json(&shared("reference/lineshapes/parameters.json"));
    let sets = params["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 4);
    for set in sets {
        let name = set["name"].as_str().unwrap();
        let (x_ref, y_ref) = read_spectrum(set["file"].as_str().unwrap());
        let n = set["n_points"].as_u64().unwrap() as usize;
        assert_eq!(x_ref.len(), n, "{name}");
        // nmrsim's default grid, rebuilt here: linspace(min - 50, max + 50, 800).
        let mut x = vec![0.0; n];
        linspace(num(&set["x_min"]), num(&set["x_max"]), &mut x).unwrap();
        for (a, b) in x.iter().zip(&x_ref) {
            assert_close(&format!("{name} grid"), *a, *b, 1e-15, 1e-12);
        }
        let mut y = vec![0.0; n];
        simulate(&model_of(set), &x, &mut y).unwrap();
        let peak = y_ref.iter().cloned().fold(0.0, f64::max);
        assert_close(
            &format!("{name} y_max"),
            peak,
            num(&set["y_max"]),
            1e-15,
            0.0,
        );
        let worst = y
            .iter()
            .zip(&y_ref)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(
            worst <= NMRSIM_TOL_OF_PEAK * peak,
            "{name}: max |Δ| = {worst:e} > {NMRSIM_TOL_OF_PEAK:e} × peak {peak}"
        );
        eprintln!("{name}: max |Δ|/peak = {:.2e}", worst / peak);
    }
}

/// The f32 firmware path against the f64 reference on the nmrsim sets: single precision keeps
/// ~1e-7 relative per operation; the worst case loses a few digits in the 2×2 determinant near
/// the line centres, so 1e-4 of the peak height is the stated accuracy of the f32 path.
const F32_TOL_OF_PEAK: f64 = 1e-4;

#[test]
fn f32_path_tracks_f64() {
    let params = read_json(&shared("reference/lineshapes/parameters.json"));
    for set in params["sets"].as_array().unwrap() {
        let m64 = model_of(set);
        let m32 = match m64 {
            Model::TwoSite(m) => Model::TwoSite(
                TwoSite::new(
                    m.va_hz as f32,
                    m.vb_hz as f32,
                    m.ka_per_s as f32,
                    m.wa_hz as f32,
                    m.wb_hz as f32,
                    m.pa as f32,
                )
                .unwrap(),
            ),
            Model::Ab(m) => Model::Ab(
                Ab::new(
                    m.va_hz as f32,
                    m.vb_hz as f32,
                    m.j_hz as f32,
                    m.k_per_s as f32,
                    m.w_hz as f32,
                )
                .unwrap(),
            ),
        };
        let (x, y_ref) = read_spectrum(set["file"].as_str().unwrap());
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let mut y32 = vec![0.0f32; x.len()];
        simulate(&m32, &x32, &mut y32).unwrap();
        let peak = y_ref.iter().cloned().fold(0.0, f64::max);
        let worst = y32
            .iter()
            .zip(&y_ref)
            .map(|(a, b)| (f64::from(*a) - b).abs())
            .fold(0.0, f64::max);
        assert!(
            worst <= F32_TOL_OF_PEAK * peak,
            "{}: {worst:e}",
            set["name"]
        );
    }
}

/// Composite Simpson rule of `f` on [a, b] with `n` (even) intervals.
fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, n: usize) -> f64 {
    let h = (b - a) / n as f64;
    let inner: f64 = (1..n)
        .map(|i| f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
        .sum();
    h / 3.0 * (f(a) + f(b) + inner)
}

/// ∫ I(ν) dν over the whole line: Simpson on a fine uniform grid over [lo, hi] (step ≤ w_min/40)
/// plus both infinite tails through ν = edge ± R(1/t − 1), t ∈ (0, 1], where I ~ 1/ν² makes the
/// integrand smooth and finite. No tail is approximated away.
fn area(m: &Model<f64>, lo: f64, hi: f64, w_min: f64) -> f64 {
    let n = (((hi - lo) / (w_min / 40.0)).ceil() as usize).max(2) * 2;
    let core = simpson(|x| m.intensity(x), lo, hi, n);
    let r = hi - lo;
    let tail = |edge: f64, dir: f64| {
        simpson(
            |t: f64| {
                let t = t.max(1e-12);
                m.intensity(edge + dir * r * (1.0 / t - 1.0)) * r / (t * t)
            },
            0.0,
            1.0,
            20_000,
        )
    };
    core + tail(hi, 1.0) + tail(lo, -1.0)
}

/// Local maxima of a sampled curve (strictly greater than both neighbours).
fn maxima(y: &[f64]) -> usize {
    y.windows(3).filter(|w| w[1] > w[0] && w[1] > w[2]).count()
}

fn two_site(va: f64, vb: f64, k: f64, wa: f64, wb: f64, pa: f64) -> Model<f64> {
    Model::TwoSite(TwoSite::new(va, vb, k, wa, wb, pa).unwrap())
}

/// Whether the two-site spectrum has two maxima: on a fine grid, the slope dI/dν (central
/// difference) turns negative somewhere left of the highest point or positive somewhere right of
/// it. Near the merge the slope's extremum is smooth, so this is accurate to O(h²) where counting
/// sampled maxima would merge them one grid step early.
fn maxima_at(va: f64, vb: f64, k: f64, w: f64, pa: f64) -> usize {
    let m = two_site(va, vb, k, w, w, pa);
    let mut x = vec![0.0; 20_001];
    linspace(va.min(vb) - 5.0, va.max(vb) + 5.0, &mut x).unwrap();
    let mut y = vec![0.0; x.len()];
    simulate(&m, &x, &mut y).unwrap();
    let top = (0..y.len()).max_by(|&a, &b| y[a].total_cmp(&y[b])).unwrap();
    let slope = |nu: f64| (m.intensity(nu + 1e-6) - m.intensity(nu - 1e-6)) / 2e-6;
    let left = x[..top.saturating_sub(1)].iter().any(|&nu| slope(nu) < 0.0);
    let right = x[(top + 2).min(x.len())..]
        .iter()
        .any(|&nu| slope(nu) > 0.0);
    if left || right {
        2
    } else {
        1
    }
}

/// Bisection on k for the rate where two maxima become one.
fn merge_rate(mut count_maxima: impl FnMut(f64) -> usize, lo: f64, hi: f64) -> f64 {
    let (mut lo, mut hi) = (lo, hi);
    assert!(count_maxima(lo) >= 2 && count_maxima(hi) == 1);
    for _ in 0..60 {
        let mid = (lo * hi).sqrt();
        if count_maxima(mid) >= 2 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo * hi).sqrt()
}

/// The exact lineshape and Gutowsky–Holm agree as w → 0 (kinetics.md "Numerical verification":
/// 66.6431 vs 66.6432 s⁻¹ at Δν = 30 Hz); with w = 0.01 Hz the finite width and the 20 001-point
/// grid shift the merge by < 0.05 %.
const MERGE_RTOL: f64 = 5e-4;

#[test]
fn maxima_merge_where_gutowsky_holm_says() {
    let (va, vb) = (165.0, 135.0);
    let k = merge_rate(|k| maxima_at(va, vb, k, 0.01, 0.5), 30.0, 120.0);
    let gh = gutowsky_holm(300.0, va - vb).unwrap().k_c_per_s;
    assert_close("merge k vs Gutowsky–Holm", k, gh, MERGE_RTOL, 0.0);
}

/// SABE assumes no natural linewidth; a width w shifts the merge by roughly πw/k_A relative
/// (0.4 % at w = 0.01 Hz, k_A = 7 s⁻¹, p_A = 0.9), so these runs use w = 1e-4 Hz.
const SABE_W_HZ: f64 = 1e-4;

#[test]
fn maxima_merge_where_shanan_atidi_bar_eli_says() {
    let (va, vb) = (165.0, 135.0);
    for pa in [0.6, 0.75, 0.9] {
        let k = merge_rate(|k| maxima_at(va, vb, k, SABE_W_HZ, pa), 1.0, 120.0);
        let sabe = shanan_atidi_bar_eli(300.0, va - vb, pa).unwrap();
        assert_close(
            &format!("merge k_A at p_A = {pa}"),
            k,
            sabe.major_to_minor.k_c_per_s,
            MERGE_RTOL,
            0.0,
        );
    }
}

/// KRW is an approximation: kinetics.md (c) measured 0.03 % at J/Δν₀ ≤ 0.5 against the exact AB
/// lineshape (coalescence = the centre turns from a minimum into a maximum).
const KRW_RTOL: f64 = 1e-3;

#[test]
fn ab_coalescence_matches_kurland_rubin_wise() {
    let (va, vb, j) = (165.0, 135.0, 12.0);
    let centre_is_min = |k: f64| {
        let m = Model::Ab(Ab::new(va, vb, j, k, 0.01).unwrap());
        let h = 1e-3;
        let c = 150.0;
        m.intensity(c + h) + m.intensity(c - h) - 2.0 * m.intensity(c) > 0.0
    };
    let (mut lo, mut hi) = (30.0, 300.0);
    assert!(centre_is_min(lo) && !centre_is_min(hi));
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if centre_is_min(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let krw = kurland_rubin_wise(300.0, va - vb, j).unwrap().k_c_per_s;
    assert_close("AB coalescence vs KRW", 0.5 * (lo + hi), krw, KRW_RTOL, 0.0);
}

#[test]
fn fast_limit_is_one_line_at_the_weighted_shift() {
    // k ≫ Δν: one Lorentzian at p_a ν_a + p_b ν_b (kinetics.md (e) limit).
    let (va, vb, pa) = (160.0, 100.0, 0.7);
    let m = two_site(va, vb, 1e7, 1.0, 1.0, pa);
    let mut x = vec![0.0; 60_001];
    linspace(100.0, 160.0, &mut x).unwrap();
    let mut y = vec![0.0; x.len()];
    simulate(&m, &x, &mut y).unwrap();
    assert_eq!(maxima(&y), 1);
    let imax = (0..y.len()).max_by(|&a, &b| y[a].total_cmp(&y[b])).unwrap();
    assert_close(
        "fast-limit position",
        x[imax],
        pa * va + (1.0 - pa) * vb,
        0.0,
        1e-3,
    );
}

/// Simpson with ≥ 40 points per linewidth and the mapped tails integrates a Lorentzian to ~1e-8;
/// 1e-6 relative leaves room for that and nothing else (a wrong normalisation is off by 2× or more).
const AREA_RTOL: f64 = 1e-6;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn area_is_half_the_population(
        va in 50.0..250.0_f64, dv in 1.0..100.0_f64, lk in -2.0..6.0_f64,
        wa in 0.5..3.0_f64, wb in 0.5..3.0_f64, pa in 0.05..0.95_f64,
    ) {
        let vb = va - dv;
        let m = two_site(va, vb, 10f64.powf(lk), wa, wb, pa);
        let r = 20.0 * (wa.max(wb) + dv);
        let a = area(&m, vb - r, va + r, wa.min(wb));
        prop_assert!((a - 0.5).abs() <= AREA_RTOL * 0.5, "area {a}");
    }

    #[test]
    fn swapping_the_sites_changes_nothing(
        va in 50.0..250.0_f64, vb in 50.0..250.0_f64, lk in -2.0..6.0_f64,
        wa in 0.2..3.0_f64, wb in 0.2..3.0_f64, pa in 0.05..0.95_f64, nu in 0.0..300.0_f64,
    ) {
        let k = 10f64.powf(lk);
        let a = two_site(va, vb, k, wa, wb, pa);
        // Same expression evaluated in a different order: round-off only.
        // Site b becomes site a: its rate out is k_b = p_a k_a / p_b.
        let kb = pa * k / (1.0 - pa);
        let b = two_site(vb, va, kb, wb, wa, 1.0 - pa);
        let (ia, ib) = (a.intensity(nu), b.intensity(nu));
        prop_assert!((ia - ib).abs() <= 1e-12 * ia.abs().max(1e-300) + 1e-300, "{ia} vs {ib}");
    }

    #[test]
    fn ab_area_is_one(lk in 0.0..5.0_f64, j in 0.0..20.0_f64, w in 0.3..2.0_f64) {
        let m = Model::Ab(Ab::new(165.0, 135.0, j, 10f64.powf(lk), w).unwrap());
        let a = area(&m, 135.0 - 20.0 * (w + 30.0 + j), 165.0 + 20.0 * (w + 30.0 + j), w);
        prop_assert!((a - 1.0).abs() <= AREA_RTOL, "area {a}");
    }
}

#[test]
fn slow_limit_is_two_lorentzians_at_the_given_widths() {
    // k → 0: the sum of two Lorentzians p (πw)/((πw)² + (2πΔ)²), each of FWHM w and height
    // p/(πw) (kinetics.md (e) normalisation). k = 1e-6 s⁻¹ broadens by k/π ≈ 3e-7 Hz, i.e. a
    // relative change ≤ 1e-6 of the narrower line: SLOW_RTOL = 1e-5.
    const SLOW_RTOL: f64 = 1e-5;
    let (va, vb, wa, wb, pa) = (165.0, 135.0, 0.5, 2.0, 0.25);
    let m = two_site(va, vb, 1e-6, wa, wb, pa);
    let lor = |nu: f64, p: f64, w: f64, v: f64| {
        let g = std::f64::consts::PI * w;
        let d = 2.0 * std::f64::consts::PI * (nu - v);
        p * g / (g * g + d * d)
    };
    for nu in [
        130.0, 134.0, 135.0, 136.0, 150.0, 164.75, 165.0, 165.25, 170.0,
    ] {
        let want = lor(nu, pa, wa, va) + lor(nu, 1.0 - pa, wb, vb);
        assert_close(&format!("I({nu})"), m.intensity(nu), want, SLOW_RTOL, 0.0);
    }
}
