//! Lineshape and fit timings for `tests/bench/lineshape.sh` (plain `Instant` loops, no harness):
//! an 800-point two-site and AB spectrum on nmrsim's default grid (grid included, as nmrsim
//! builds it too), and one complete fit (k scan + Levenberg–Marquardt) of a noisy 800-point
//! spectrum. Prints one `name ns_per_call` line per case (the fastest of several batches: the least disturbed by other load).

mod common;

use ringflux_core::fit::{fit, scan_k, with_k, Free};
use ringflux_core::lineshape::{linspace, simulate, Ab, Model, TwoSite};
use std::hint::black_box;
use std::time::Instant;

const POINTS: usize = 800;

/// Fastest over `batches` of the mean time per call of `f`, in ns.
fn time(batches: usize, calls: usize, mut f: impl FnMut()) -> f64 {
    let mut per_call: Vec<f64> = (0..batches)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..calls {
                f();
            }
            t.elapsed().as_nanos() as f64 / calls as f64
        })
        .collect();
    per_call.sort_by(|a, b| a.total_cmp(b));
    per_call[0]
}

fn spectrum(m: &Model<f64>, x: &mut [f64], y: &mut [f64]) {
    // nmrsim's default grid: linspace(min(va, vb) − 50, max(va, vb) + 50, 800).
    linspace(85.0, 215.0, x).unwrap();
    simulate(m, x, y).unwrap();
}

fn main() {
    let two = Model::TwoSite(TwoSite::new(165.0, 135.0, 1.5, 0.5, 0.5, 0.5).unwrap());
    let ab = Model::Ab(Ab::new(165.0, 135.0, 12.0, 12.0, 0.5).unwrap());
    let mut x = vec![0.0; POINTS];
    let mut y = vec![0.0; POINTS];
    for (name, m) in [("two_site_800", &two), ("ab_800", &ab)] {
        let ns = time(31, 2000, || {
            spectrum(black_box(m), &mut x, &mut y);
            black_box(&y);
        });
        println!("{name} {ns:.1}");
    }
    if std::env::var_os("RINGFLUX_BENCH_PARTS").is_some() {
        linspace(85.0, 215.0, &mut x).unwrap();
        let ns = time(31, 2000, || {
            simulate(black_box(&two), &x, &mut y).unwrap();
            black_box(&y);
        });
        println!("two_site_800_no_grid {ns:.1}");
        let ns = time(31, 2000, || {
            linspace(85.0, 215.0, black_box(&mut x)).unwrap();
            black_box(&x);
        });
        println!("grid_800 {ns:.1}");
    }
    // One full fit: intermediate exchange, 1 % noise (xorshift + Box–Muller, fixed seed).
    let truth = Model::TwoSite(TwoSite::new(165.0, 135.0, 40.0, 1.0, 1.0, 0.6).unwrap());
    spectrum(&truth, &mut x, &mut y);
    let peak = y.iter().cloned().fold(0.0, f64::max);
    let mut noise = common::Gaussian::seeded();
    for v in y.iter_mut() {
        *v = 1000.0 * *v + 3.0 + 10.0 * peak * noise.sample();
    }
    let free = Free {
        linewidth: true,
        ..Free::default()
    };
    let mut k = 0.0;
    let ns = time(11, 20, || {
        let k0 = scan_k(&x, &y, &truth, 1e-2, 1e6, 49).unwrap();
        let f = fit(&x, &y, &with_k(&truth, k0).unwrap(), free).unwrap();
        k = f.k_per_s.value;
    });
    println!("full_fit_800 {ns:.1}");
    eprintln!("(fitted k = {k:.3} s⁻¹, true 40)");
}
