//! The figures of the commands that draw (`--plot FILE.svg`), built on [`crate::report::plot`]:
//! each names the compound (the input's file name) and the signal in its title, gives units on
//! both axes and puts the fitted model's parameters and barriers (kJ/mol and kcal/mol) in the
//! legend, which is drawn outside the plot area.
//!
//! * [`eyring`]: ln(k/T) against 1000/T with ±σ bars, the weighted line, ΔH‡, ΔS‡ and ΔG‡(298.15 K);
//! * [`vt_spectra`]: the stacked VT series, measured (black) with the fit on top and the residual
//!   under each fitted trace; spectra whose rate is undetermined are shown and labelled so;
//! * [`lineshape_fit`]: one spectrum, its fit and the residual, with k ± σ, T and ΔG‡;
//! * [`integrate`]: the spectrum with the regions and the subtracted baselines;
//! * [`plan`]: the exchange windows, the solvents' liquid ranges and the schedule along T.

use crate::analysis::eyring_fit::Report as EyringReport;
use crate::analysis::integrate::Report as IntegrateReport;
use crate::analysis::lineshape::Fitted;
use crate::analysis::plan::Report as PlanReport;
use crate::analysis::vt::{ActivationOut, Report as VtReport};
use crate::io::spectrum::{self, Spectrum};
use crate::report::plot::{self, nucleus_label, Axes, Series, Trace, BLACK_INDEX};
use crate::units::kcal;

/// `"71.52 ± 0.01 kJ/mol (17.09 ± 0.00 kcal/mol)"`.
pub fn energy_pm(kj: f64, err_kj: f64) -> String {
    format!(
        "{kj:.2} ± {err_kj:.2} kJ/mol ({:.2} ± {:.2} kcal/mol)",
        kcal(kj * 1000.0),
        kcal(err_kj * 1000.0)
    )
}

/// The spectrometer frequency (MHz) when `s`'s axis can be shown as δ (ppm): known and referenced.
pub fn ppm_axis(s: &Spectrum) -> Option<f64> {
    s.mhz.filter(|_| s.referenced)
}

/// The Eyring plot of the rates of `name` (ln(k/T) against 1000/T with ±σ bars and the fitted
/// line): `fit` is the Eyring fit (its points are the rates used), `kappa` the transmission
/// coefficient it assumed, `n_undetermined` the spectra that gave no rate (named in the legend).
pub fn eyring(
    fit: &EyringReport,
    kappa: f64,
    name: &str,
    n_undetermined: usize,
) -> anyhow::Result<Vec<u8>> {
    let label = format!(
        "{} Eyring fit, κ = {kappa}, R² = {:.5}",
        if fit.weighted {
            "weighted"
        } else {
            "unweighted"
        },
        fit.r_squared
    );
    eyring_plot(fit, kappa, name, n_undetermined, &label)
}

/// The Eyring plot of a VT series whose line is the global fit (`global`, κ = 1): the points are
/// the two-step rates of `fit` (each spectrum alone), the line and the ΔH‡/ΔS‡/ΔG‡ notes are the
/// global fit's.
pub fn eyring_global(
    fit: &EyringReport,
    global: &ActivationOut,
    name: &str,
    n_undetermined: usize,
) -> anyhow::Result<Vec<u8>> {
    let g = EyringReport {
        dh_kj_per_mol: global.dh_kj_per_mol,
        dh_err_kj_per_mol: global.dh_err_kj_per_mol,
        ds_j_per_mol_k: global.ds_j_per_mol_k,
        ds_err_j_per_mol_k: global.ds_err_j_per_mol_k,
        dg_298_kj_per_mol: global.dg_298_kj_per_mol,
        dg_298_err_kj_per_mol: global.dg_298_err_kj_per_mol,
        ..fit.clone()
    };
    let label = "global fit of all spectra (ΔH‡, ΔS‡), κ = 1; points: per-spectrum rates";
    eyring_plot(&g, 1.0, name, n_undetermined, label)
}

fn eyring_plot(
    r: &EyringReport,
    kappa: f64,
    name: &str,
    n_undetermined: usize,
    line_label: &str,
) -> anyhow::Result<Vec<u8>> {
    let xy: Vec<(f64, f64)> = r
        .points
        .iter()
        .map(|p| (1000.0 / p.temp_k, (p.k_per_s / p.temp_k).ln()))
        .collect();
    let err: Vec<f64> = r
        .points
        .iter()
        .map(|p| p.k_err_per_s.unwrap_or(0.0) / p.k_per_s)
        .collect();
    // ln(k/T) = ln(k_B/h) + ln κ + ΔS‡/R − ΔH‡/(R T)  (kinetics.md (f)), with x = 1000/T.
    let rg = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K;
    let a = ringflux_core::constants::LN_BOLTZMANN_OVER_PLANCK + kappa.ln() + r.ds_j_per_mol_k / rg;
    let b = -r.dh_kj_per_mol / rg;
    let (lo, hi) = xy
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.0), h.max(p.0))
        });
    let line = vec![(lo, a + b * lo), (hi, a + b * hi)];
    let axes = Axes::new(
        &format!("Eyring plot: {name}"),
        "1000/T (K⁻¹)",
        "ln(k/T)  (k in s⁻¹, T in K)",
    )
    .note(&format!(
        "ΔH‡ = {}",
        energy_pm(r.dh_kj_per_mol, r.dh_err_kj_per_mol)
    ))
    .note(&format!(
        "ΔS‡ = {:.1} ± {:.1} J/(mol·K) ({:.2} ± {:.2} cal/(mol·K))",
        r.ds_j_per_mol_k,
        r.ds_err_j_per_mol_k,
        kcal(r.ds_j_per_mol_k) * 1000.0,
        kcal(r.ds_err_j_per_mol_k) * 1000.0
    ))
    .note(&format!(
        "ΔG‡(298.15 K) = {}",
        energy_pm(r.dg_298_kj_per_mol, r.dg_298_err_kj_per_mol)
    ));
    plot::scatter_fit(
        &axes,
        Series::points(
            &format!(
                "{}, {} rates{}",
                if r.points.iter().any(|p| p.k_err_per_s.is_some()) {
                    "k ± σ"
                } else {
                    "k (no σ given)"
                },
                r.points.len(),
                if n_undetermined > 0 {
                    format!(" ({n_undetermined} spectra undetermined: no rate, not shown)")
                } else {
                    String::new()
                }
            ),
            xy,
        )
        .with_y_err(err),
        Some(Series::thin(line_label, line).colored(1)),
    )
}

/// One spectrum of a VT series: temperature, frequencies (Hz), measured intensities and, when
/// its rate was determined, the fit.
pub struct VtSpectrum<'a> {
    /// Temperature, K.
    pub temp_k: f64,
    /// The fit, or `None` (undetermined) with the measured points in `measured`.
    pub fit: Option<&'a Fitted>,
    /// Measured (x_hz, intensity) of an undetermined spectrum.
    pub measured: Vec<(f64, f64)>,
}

/// The stacked VT series of a `vt-fit` result (`vt-fit --plot`'s `*-spectra.svg`, and the VT
/// figure of `analyze --html`): `curves` are the fits of the determined points in order; the
/// undetermined spectra are read again from their files to be shown. The first spectrum decides
/// the axis (δ when referenced with a known frequency, `mhz` as given to the fit).
pub fn vt_series(
    r: &VtReport,
    curves: &[(f64, Fitted)],
    mhz: Option<f64>,
    name: &str,
) -> anyhow::Result<Vec<u8>> {
    let mut fits = curves.iter();
    let mut spectra = Vec::new();
    let mut ppm = None;
    for (i, pt) in r.points.iter().enumerate() {
        let read = || spectrum::read(std::path::Path::new(&pt.file), mhz);
        if i == 0 {
            ppm = ppm_axis(&read()?);
        }
        spectra.push(match pt.k_per_s {
            Some(_) => VtSpectrum {
                temp_k: pt.temp_k,
                fit: fits.next().map(|c| &c.1),
                measured: Vec::new(),
            },
            None => {
                let s = read()?;
                VtSpectrum {
                    temp_k: pt.temp_k,
                    fit: None,
                    measured: s.x_hz.iter().copied().zip(s.y.iter().copied()).collect(),
                }
            }
        });
    }
    vt_spectra(&spectra, name, ppm)
}

/// The stacked VT series of `name`, coldest at the bottom; the axis is δ (ppm) when the
/// spectrometer frequency `mhz` is known and the spectra are referenced, ν (Hz) otherwise.
pub fn vt_spectra(
    spectra: &[VtSpectrum],
    name: &str,
    ppm_mhz: Option<f64>,
) -> anyhow::Result<Vec<u8>> {
    let div = ppm_mhz.unwrap_or(1.0);
    let conv = |v: &[(f64, f64)]| v.iter().map(|&(x, y)| (x / div, y)).collect::<Vec<_>>();
    let zip = |x: &[f64], y: &[f64]| x.iter().copied().zip(y.iter().copied()).collect::<Vec<_>>();
    // Undetermined spectra are cut to the window of the fitted ones so that all share one axis.
    let (lo, hi) = spectra
        .iter()
        .filter_map(|s| s.fit)
        .flat_map(|f| f.x_hz.iter().copied())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
            (l.min(x), h.max(x))
        });
    let traces: Vec<Trace> = spectra
        .iter()
        .map(|s| match s.fit {
            Some(f) => Trace {
                label: format!(
                    "{:.0} K, k = {:.3} ± {:.3} s⁻¹",
                    s.temp_k, f.report.k_per_s, f.report.k_err_per_s
                ),
                main: conv(&zip(&f.x_hz, &f.measured)),
                overlay: Some(conv(&zip(&f.x_hz, &f.fitted))),
            },
            None => Trace {
                label: format!("{:.0} K (undetermined: no rate)", s.temp_k),
                main: conv(
                    &s.measured
                        .iter()
                        .copied()
                        .filter(|p| lo > hi || (lo..=hi).contains(&p.0))
                        .collect::<Vec<_>>(),
                ),
                overlay: None,
            },
        })
        .collect();
    let x_label = if ppm_mhz.is_some() {
        "δ (ppm)"
    } else {
        "ν (Hz)"
    };
    plot::stacked(
        &Axes::new(
            &format!("VT series {name}: measured and fitted spectra"),
            x_label,
            "intensity (each trace scaled to its maximum)",
        )
        .reversed()
        .without_y_ticks(),
        &traces,
        "measured",
        "fit",
    )
}

/// One lineshape fit: measured, fit and residual, with k ± σ, the model, T and ΔG‡ in the legend.
pub fn lineshape_fit(f: &Fitted, name: &str, ppm_mhz: Option<f64>) -> anyhow::Result<Vec<u8>> {
    let r = &f.report;
    let p = &r.parameters;
    let div = ppm_mhz.unwrap_or(1.0);
    let pts = |v: &[f64]| {
        f.x_hz
            .iter()
            .zip(v)
            .map(|(x, y)| (x / div, *y))
            .collect::<Vec<_>>()
    };
    let res: Vec<f64> = f
        .measured
        .iter()
        .zip(&f.fitted)
        .map(|(m, c)| m - c)
        .collect();
    // The residual is drawn below the spectrum: shifted down by its own span plus a gap.
    let (mn, mx) = f
        .measured
        .iter()
        .chain(&f.fitted)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &y| {
            (l.min(y), h.max(y))
        });
    let rmax = res.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let off = mn - rmax - 0.05 * (mx - mn);
    let res_pts: Vec<(f64, f64)> = pts(&res).into_iter().map(|(x, y)| (x, y + off)).collect();
    let temp = r.temp_k.map_or(String::new(), |t| format!(", {t:.1} K"));
    let mut axes = Axes::new(
        &format!("Lineshape fit: {name}{temp}"),
        if ppm_mhz.is_some() {
            "δ (ppm)"
        } else {
            "ν (Hz)"
        },
        "intensity (a.u.)",
    )
    .reversed()
    .note(&format!(
        "{} model: νa = {:.2} Hz, νb = {:.2} Hz, Δν = {:.2} Hz, pa = {:.3}, wa = {:.2} Hz{}",
        p.model.name(),
        p.va_hz,
        p.vb_hz,
        (p.va_hz - p.vb_hz).abs(),
        p.pop_a,
        p.wa_hz,
        p.j_hz
            .map(|j| format!(", J = {j:.2} Hz"))
            .unwrap_or_default()
    ));
    if let (Some(t), Some(dg), Some(e)) = (r.temp_k, r.dg_kj_per_mol, r.dg_err_kj_per_mol) {
        axes = axes.note(&format!("ΔG‡({t:.1} K) = {}", energy_pm(dg, e)));
    }
    plot::lines(
        &axes,
        &[
            Series::line("measured", pts(&f.measured)).colored(BLACK_INDEX),
            Series::thin(
                &format!("fit, k = {:.4} ± {:.4} s⁻¹", r.k_per_s, r.k_err_per_s),
                pts(&f.fitted),
            )
            .colored(1),
            Series::thin("residual (measured − fit), offset", res_pts).colored(5),
        ],
    )
}

/// The `plan` figure: along a temperature axis, the slow-exchange, coalescence and fast-exchange
/// windows, each suitable solvent's liquid range (mp to bp) and the schedule's temperatures.
pub fn plan(r: &PlanReport) -> anyhow::Result<Vec<u8>> {
    let lo = r
        .solvents
        .iter()
        .map(|s| s.mp_k)
        .chain(r.schedule_k.iter().copied())
        .fold(r.slow_exchange_below_k, f64::min)
        - 10.0;
    let hi = r
        .solvents
        .iter()
        .map(|s| s.bp_k)
        .chain(r.schedule_k.iter().copied())
        .fold(r.fast_exchange_above_k, f64::max)
        + 10.0;
    let mut rows = vec![plot::RangeRow {
        label: "exchange regime".into(),
        segments: vec![
            (
                lo,
                r.slow_exchange_below_k,
                0,
                "slow exchange: separate signals".into(),
            ),
            (
                r.tc_k[0],
                r.tc_k[1],
                1,
                "coalescence (Tc for the ΔG‡ range)".into(),
            ),
            (
                r.fast_exchange_above_k,
                hi,
                2,
                "fast exchange: one averaged signal".into(),
            ),
        ],
    }];
    rows.extend(r.solvents.iter().map(|s| plot::RangeRow {
        label: s.name.to_string(),
        segments: vec![(
            s.mp_k,
            s.bp_k,
            5,
            "liquid range of the solvent (mp–bp)".into(),
        )],
    }));
    let axes = Axes::new(
        &format!(
            "VT plan: ΔG‡ {:.1}–{:.1} kcal/mol, Δν = {:.1} Hz ({}, {:.1} MHz)",
            r.dg_kcal_per_mol[0],
            r.dg_kcal_per_mol[1],
            r.dnu_hz,
            nucleus_label(
                serde_json::to_value(r.nucleus)
                    .ok()
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .unwrap_or("?")
            ),
            r.observe_mhz
        ),
        "T (K)",
        "",
    )
    .note(&format!(
        "Tc = {:.1}–{:.1} K, kc = {:.1} s⁻¹; slow below {:.1} K, fast above {:.1} K",
        r.tc_k[0], r.tc_k[1], r.k_c_per_s, r.slow_exchange_below_k, r.fast_exchange_above_k
    ));
    plot::ranges(&axes, &rows, &r.schedule_k, "schedule")
}

/// The `integrate` figure: the spectrum, each region's limits (thin vertical lines) and the
/// straight baseline that was subtracted inside it, with the integrals and the equilibrium.
pub fn integrate(r: &IntegrateReport, s: &Spectrum) -> anyhow::Result<Vec<u8>> {
    let div = ppm_axis(s).unwrap_or(1.0);
    let (lo_y, hi_y) =
        s.y.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &y| {
                (l.min(y), h.max(y))
            });
    let mut series = vec![Series::line(
        "spectrum",
        s.x_hz
            .iter()
            .zip(&s.y)
            .map(|(x, y)| (x / div, *y))
            .collect(),
    )
    .colored(BLACK_INDEX)];
    for (i, g) in r.regions.iter().enumerate() {
        let (a, b) = (g.from_hz / div, g.to_hz / div);
        series.push(
            Series::line(
                &format!(
                    "region {}: {}..{} {:?}, ∫ = {:.6e} (baseline subtracted)",
                    i + 1,
                    g.from,
                    g.to,
                    g.unit,
                    g.integral
                ),
                vec![(a, g.baseline_start), (b, g.baseline_end)],
            )
            .colored(i),
        );
        for x in [a, b] {
            series.push(Series::thin("", vec![(x, lo_y), (x, hi_y)]).colored(i));
        }
    }
    let mut axes = Axes::new(
        &format!("Integration: {}", title_of_path(&r.spectrum)),
        if div == 1.0 { "ν (Hz)" } else { "δ (ppm)" },
        "intensity (a.u.)",
    )
    .reversed()
    .note(&format!("baseline: {}", r.baseline_correction));
    if let Some(q) = r.ratio {
        axes = axes.note(&format!("ratio region 1 : region 2 = {q:.4}"));
    }
    if let Some(e) = &r.equilibrium {
        axes = axes.note(&format!(
            "K = {:.4}, ΔG°({:.1} K) = {:.3} kJ/mol ({:.3} kcal/mol)",
            e.k_eq, e.temp_k, e.dg0_kj_per_mol, e.dg0_kcal_per_mol
        ));
    }
    plot::lines(&axes, &series)
}

/// The file name of a path given as text.
fn title_of_path(p: &str) -> String {
    std::path::Path::new(p)
        .file_name()
        .map_or(p.to_string(), |n| n.to_string_lossy().into_owned())
}
