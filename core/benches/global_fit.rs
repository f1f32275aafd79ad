//! Global-fit timing for `tests/bench/global_fit.sh` (plain `Instant` loops, no harness): a
//! 17-spectrum, 2,048-point two-site VT series is generated here (seeded), written out for the
//! scipy side (`RINGFLUX_BENCH_GLOBAL_DATA`, one `t_k x_hz y` line per point), and fitted with
//! [`global_fit`]: ΔH‡, ΔS‡, one common linewidth factor, and a scale and baseline per spectrum
//! (37 parameters, the free set of `ringflux vt-fit --global` without `--fix-width`). Only the
//! fit is timed (data in memory). Prints `name value` lines: the fastest fit time in ns and the
//! fitted values with their standard errors.
//!
//! Series (stated, as `examples/isovaleryl-diazepane/vt/generate.sh`): sites at 1440 and 1380 Hz,
//! p_a = 0.75, widths 1.5 Hz, k(T) out of a by Eyring (κ = 1) with ΔH‡ = 70 kJ/mol and
//! ΔS‡ = −5 J/(mol K); 2,048 points over 1300–1520 Hz; T = 353, 343, …, 193 K (17 spectra);
//! spectrum s (0-based) is `1e6 (1 + 0.02 s) · I + (200 + 10 s)` plus Gaussian noise of 1 % of
//! its tallest point (xorshift64 + Box–Muller, fixed seed). Start: ΔH‡ = 66 kJ/mol, ΔS‡ = 0,
//! width factor 1 (the same on the scipy side).

mod common;

use ringflux_core::constants::{BOLTZMANN_OVER_PLANCK_PER_S_K, GAS_CONSTANT_J_PER_MOL_K};
use ringflux_core::global_fit::{global_fit, GlobalFit, Link, SeriesModel, Shifts, VtSpectrum};
use ringflux_core::lineshape::{linspace, simulate, Model, TwoSite};
use ringflux_core::nsite::{Activation, Site};
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

const SPECTRA: usize = 17;
const POINTS: usize = 2048;
const DH_J_PER_MOL: f64 = 70_000.0;
const DS_J_PER_MOL_K: f64 = -5.0;

fn main() {
    let sites = [
        Site {
            nu_hz: 1440.0,
            w_hz: 1.5,
            population: 0.75,
        },
        Site {
            nu_hz: 1380.0,
            w_hz: 1.5,
            population: 0.25,
        },
    ];
    let links = [Link {
        from: 0,
        to: 1,
        process: 0,
    }];
    let mut x = vec![0.0; POINTS];
    linspace(1300.0, 1520.0, &mut x).unwrap();
    let mut noise = common::Gaussian::seeded();
    let mut series: Vec<(f64, Vec<f64>)> = Vec::new();
    for i in 0..SPECTRA {
        let t = 353.0 - 10.0 * i as f64;
        let k = BOLTZMANN_OVER_PLANCK_PER_S_K
            * t
            * (DS_J_PER_MOL_K / GAS_CONSTANT_J_PER_MOL_K).exp()
            * (-DH_J_PER_MOL / (GAS_CONSTANT_J_PER_MOL_K * t)).exp();
        let m = Model::TwoSite(TwoSite::new(1440.0, 1380.0, k, 1.5, 1.5, 0.75).unwrap());
        let mut y = vec![0.0; POINTS];
        simulate(&m, &x, &mut y).unwrap();
        let (scale, baseline) = (1e6 * (1.0 + 0.02 * i as f64), 200.0 + 10.0 * i as f64);
        let peak = scale * y.iter().cloned().fold(0.0, f64::max);
        for v in y.iter_mut() {
            *v = scale * *v + baseline + 0.01 * peak * noise.sample();
        }
        series.push((t, y));
    }
    if let Some(path) = std::env::var_os("RINGFLUX_BENCH_GLOBAL_DATA") {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        for (t, y) in &series {
            for (xv, yv) in x.iter().zip(y) {
                // {:e} prints the shortest representation that reads back to the same f64.
                writeln!(f, "{t:e} {xv:e} {yv:e}").unwrap();
            }
        }
    }
    let spectra: Vec<VtSpectrum<'_, f64>> = series
        .iter()
        .map(|(t, y)| VtSpectrum {
            t_k: *t,
            x_hz: &x,
            y,
        })
        .collect();
    let model = SeriesModel {
        sites: &sites,
        links: &links,
        t0_k: 273.0,
        shifts: Shifts::Fixed,
        shared_width: true,
    };
    let start = [Activation {
        dh_j_per_mol: 66_000.0,
        ds_j_per_mol_k: 0.0,
    }];
    let fit_once = || -> GlobalFit<f64, 4, SPECTRA> {
        global_fit::<f64, 2, 4, SPECTRA>(black_box(&model), &start, black_box(&spectra), None)
            .unwrap()
    };
    let g = fit_once();
    let batches: usize = std::env::var("GLOBAL_FIT_BATCHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let mut best = f64::INFINITY;
    for _ in 0..batches {
        let t = Instant::now();
        black_box(fit_once());
        best = best.min(t.elapsed().as_nanos() as f64);
    }
    let p = &g.processes[0];
    let w = g.width_factor.unwrap();
    println!("global_fit_17x2048_ns {best:.0}");
    println!(
        "dh_j_per_mol {:.6} {:.6}",
        p.dh_j_per_mol.value, p.dh_j_per_mol.err
    );
    println!(
        "ds_j_per_mol_k {:.6} {:.6}",
        p.ds_j_per_mol_k.value, p.ds_j_per_mol_k.err
    );
    println!("width_factor {:.8} {:.8}", w.value, w.err);
    println!("s2 {:.6e}", g.s2);
    println!("iterations {}", g.iterations);
    println!("n_params {}", g.n_params);
}
