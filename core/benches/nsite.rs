//! n-site timings for `tests/bench/nsite.sh` (plain `Instant` loops): the four-site amide × ring
//! spectrum at 2,000 points, the 800-point two-site spectrum through `lineshape::simulate`, and a
//! plain loop of the same two-site formula over the same grid (the division-throughput yardstick
//! of issue 17). Prints one `name ns_per_call` line per case (fastest of 31 batches).

use ringflux_core::lineshape::{linspace, simulate, Model, TwoSite};
use ringflux_core::nsite::{self, four_site, NSite, Site};
use std::hint::black_box;
use std::time::Instant;

fn time(batches: usize, calls: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..batches)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..calls {
                f();
            }
            t.elapsed().as_nanos() as f64 / calls as f64
        })
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v[0]
}

fn main() {
    // The four-site case "four_site_both_intermediate" of tests/data/nsite_reference.json.
    let sites = [
        Site {
            nu_hz: 1120.0,
            w_hz: 0.8,
            population: 0.45,
        },
        Site {
            nu_hz: 1085.0,
            w_hz: 1.2,
            population: 0.15,
        },
        Site {
            nu_hz: 1160.0,
            w_hz: 0.8,
            population: 0.30,
        },
        Site {
            nu_hz: 1190.0,
            w_hz: 1.0,
            population: 0.10,
        },
    ];
    let m: NSite<f64, 4> = four_site(&sites, 60.0, 150.0).unwrap();
    let mut x = vec![0.0; 2000];
    let mut y = vec![0.0; 2000];
    linspace(1000.0, 1250.0, &mut x).unwrap();
    let ns = time(31, 200, || {
        nsite::simulate(black_box(&m), &x, &mut y).unwrap();
        black_box(&y);
    });
    println!("nsite4_2000 {ns:.1}");
    // Capacity 8 (the firmware's default) on the same model.
    let m8: NSite<f64, 8> = four_site(&sites, 60.0, 150.0).unwrap();
    let ns = time(31, 200, || {
        nsite::simulate(black_box(&m8), &x, &mut y).unwrap();
        black_box(&y);
    });
    println!("nsite4_cap8_2000 {ns:.1}");

    // Two sites, 800 points, nmrsim's default grid (no grid construction in either case here).
    let two = Model::TwoSite(TwoSite::new(165.0, 135.0, 1.5, 0.5, 0.5, 0.5).unwrap());
    let mut x = vec![0.0; 800];
    let mut y = vec![0.0; 800];
    linspace(85.0, 215.0, &mut x).unwrap();
    let ns = time(31, 2000, || {
        simulate(black_box(&two), &x, &mut y).unwrap();
        black_box(&y);
    });
    println!("two_site_800_no_grid {ns:.1}");
    // The same formula as lineshape::TwoSiteEval::at, as a bare loop over slices (no validation,
    // no enum): the machine's throughput for one complex division per point.
    let (va, vb, k, w, pa) = (165.0_f64, 135.0_f64, 1.5_f64, 0.5_f64, 0.5_f64);
    let pi = std::f64::consts::PI;
    let (pb, kb) = (1.0 - pa, pa * k / (1.0 - pa));
    let (alpha_a, alpha_b) = (pi * w + k, pi * w + kb);
    let det_re0 = pi * (pi * w * w + w * kb + w * k);
    let num_re = pa * alpha_b + pb * alpha_a + 2.0 * k * pa;
    let c = black_box([va, vb, alpha_a, alpha_b, det_re0, num_re, pa, pb]);
    let ns = time(31, 2000, || {
        let [va, vb, aa, ab, d0, nr, pa, pb] = c;
        for (o, &nu) in y.iter_mut().zip(&x) {
            let ba = 2.0 * pi * (nu - va);
            let bb = 2.0 * pi * (nu - vb);
            let d_re = d0 - ba * bb;
            let d_im = aa * bb + ba * ab;
            let n_im = pa * bb + pb * ba;
            *o = (nr * d_re + n_im * d_im) / (d_re * d_re + d_im * d_im);
        }
        black_box(&y);
    });
    println!("plain_loop_800 {ns:.1}");
}
