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
use crate::analysis::vt::{ActivationOut, GlobalReport, Report as VtReport};
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
    let line = EyringLine::of_fit(fit, kappa, label, n_undetermined);
    eyring_plot(name, &[line])
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
    let label = "global fit of all spectra (ΔH‡, ΔS‡), κ = 1; points: per-spectrum rates";
    let line = EyringLine {
        activation: Activation::of(global),
        ..EyringLine::of_fit(fit, 1.0, label.into(), n_undetermined)
    };
    eyring_plot(name, &[line])
}

/// The Eyring plot of an n-site VT series (`vt-fit --global --model-file`, `analyze` with
/// `NAME.model.json`): one line per process from its global ΔH‡ and ΔS‡ (κ = 1), drawn over the
/// whole series' temperature range, since every spectrum constrains it; the points are the rates
/// of the spectra that determine the process alone (the two-step result), in the line's colour.
pub fn eyring_processes(g: &GlobalReport, name: &str) -> anyhow::Result<Vec<u8>> {
    let temps: Vec<f64> = g.two_step.points.iter().map(|p| p.temp_k).collect();
    let (t_lo, t_hi) = temps
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &t| {
            (l.min(t), h.max(t))
        });
    let lines: Vec<EyringLine> = g
        .processes
        .iter()
        .map(|a| {
            let mine = g.two_step.points.iter().filter(|p| p.process == a.process);
            let points: Vec<(f64, f64, Option<f64>)> = mine
                .clone()
                .filter_map(|p| Some((p.temp_k, p.k_per_s?, p.k_err_per_s)))
                .collect();
            let n_undetermined = mine.count() - points.len();
            EyringLine {
                process: process_words(&a.process),
                points,
                activation: Activation::of(a),
                kappa: 1.0,
                line_label: "global fit of all spectra, κ = 1".into(),
                x_span: (t_hi > t_lo).then(|| (1000.0 / t_hi, 1000.0 / t_lo)),
                n_undetermined,
            }
        })
        .collect();
    eyring_plot(name, &lines)
}

/// A process name of a model file in words (`amide` → `amide rotation`, `ring` → `ring
/// inversion`); other names as they are.
fn process_words(name: &str) -> String {
    crate::analysis::analyze::barriers::Process::of_name(name)
        .map_or_else(|| name.to_string(), |p| p.words().to_string())
}

/// ΔH‡, ΔS‡ and ΔG‡(298.15 K) of one line of an Eyring plot, with standard errors.
#[derive(Debug, Clone, Copy)]
struct Activation {
    dh_kj: f64,
    dh_err_kj: f64,
    ds_j_k: f64,
    ds_err_j_k: f64,
    dg_298_kj: f64,
    dg_298_err_kj: f64,
}

impl Activation {
    fn of(a: &ActivationOut) -> Self {
        Self {
            dh_kj: a.dh_kj_per_mol,
            dh_err_kj: a.dh_err_kj_per_mol,
            ds_j_k: a.ds_j_per_mol_k,
            ds_err_j_k: a.ds_err_j_per_mol_k,
            dg_298_kj: a.dg_298_kj_per_mol,
            dg_298_err_kj: a.dg_298_err_kj_per_mol,
        }
    }
}

/// One process of an Eyring plot: its rates (T in K, k and σ in s⁻¹) and its line.
struct EyringLine {
    /// Process name (prefixes its legend entries when the plot has several; empty for one).
    process: String,
    points: Vec<(f64, f64, Option<f64>)>,
    activation: Activation,
    kappa: f64,
    line_label: String,
    /// 1000/T range of the line (default: the points').
    x_span: Option<(f64, f64)>,
    /// Spectra that gave no rate for this process (named in the legend).
    n_undetermined: usize,
}

impl EyringLine {
    fn of_fit(r: &EyringReport, kappa: f64, line_label: String, n_undetermined: usize) -> Self {
        Self {
            process: String::new(),
            points: r
                .points
                .iter()
                .map(|p| (p.temp_k, p.k_per_s, p.k_err_per_s))
                .collect(),
            activation: Activation {
                dh_kj: r.dh_kj_per_mol,
                dh_err_kj: r.dh_err_kj_per_mol,
                ds_j_k: r.ds_j_per_mol_k,
                ds_err_j_k: r.ds_err_j_per_mol_k,
                dg_298_kj: r.dg_298_kj_per_mol,
                dg_298_err_kj: r.dg_298_err_kj_per_mol,
            },
            kappa,
            line_label,
            x_span: None,
            n_undetermined,
        }
    }
}

/// ln(k/T) against 1000/T: each line's points (±σ bars) and its Eyring line, its ΔH‡, ΔS‡ and
/// ΔG‡(298.15 K) (kJ and kcal) in the legend. One line: points blue, line vermillion (as
/// always); several: one colour per process.
fn eyring_plot(name: &str, lines: &[EyringLine]) -> anyhow::Result<Vec<u8>> {
    let many = lines.len() > 1;
    let mut axes = Axes::new(
        &format!("Eyring plot: {name}"),
        "1000/T (K⁻¹)",
        "ln(k/T)  (k in s⁻¹, T in K)",
    );
    let mut series = Vec::new();
    for (q, l) in lines.iter().enumerate() {
        let (c_points, c_line) = if many { (q, q) } else { (0, 1) };
        let who = if l.process.is_empty() {
            String::new()
        } else {
            format!("{}: ", l.process)
        };
        let r = &l.activation;
        let xy: Vec<(f64, f64)> = l
            .points
            .iter()
            .map(|&(t, k, _)| (1000.0 / t, (k / t).ln()))
            .collect();
        let err: Vec<f64> = l
            .points
            .iter()
            .map(|&(_, k, e)| e.unwrap_or(0.0) / k)
            .collect();
        // ln(k/T) = ln(k_B/h) + ln κ + ΔS‡/R − ΔH‡/(R T)  (kinetics.md (f)), with x = 1000/T.
        let rg = ringflux_core::constants::GAS_CONSTANT_J_PER_MOL_K;
        let a = ringflux_core::constants::LN_BOLTZMANN_OVER_PLANCK + l.kappa.ln() + r.ds_j_k / rg;
        let b = -r.dh_kj / rg;
        let (lo, hi) = l.x_span.unwrap_or_else(|| {
            xy.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
                    (l.min(p.0), h.max(p.0))
                })
        });
        axes = axes
            .note(&format!("{who}ΔH‡ = {}", energy_pm(r.dh_kj, r.dh_err_kj)))
            .note(&format!(
                "{who}ΔS‡ = {:.1} ± {:.1} J/(mol·K) ({:.2} ± {:.2} cal/(mol·K))",
                r.ds_j_k,
                r.ds_err_j_k,
                kcal(r.ds_j_k) * 1000.0,
                kcal(r.ds_err_j_k) * 1000.0
            ))
            .note(&format!(
                "{who}ΔG‡(298.15 K) = {}",
                energy_pm(r.dg_298_kj, r.dg_298_err_kj)
            ));
        if !xy.is_empty() {
            series.push(
                Series::points(
                    &format!(
                        "{who}{}{}, {} rate{}{}",
                        if l.points.iter().any(|p| p.2.is_some()) {
                            "k ± σ"
                        } else {
                            "k (no σ given)"
                        },
                        if many {
                            " of the spectra fitted alone"
                        } else {
                            ""
                        },
                        l.points.len(),
                        if l.points.len() == 1 { "" } else { "s" },
                        if l.n_undetermined > 0 {
                            format!(
                                " ({} spectra undetermined: no rate, not shown)",
                                l.n_undetermined
                            )
                        } else {
                            String::new()
                        }
                    ),
                    xy,
                )
                .with_y_err(err)
                .colored(c_points),
            );
        }
        if lo.is_finite() && lo <= hi {
            series.push(
                Series::thin(
                    &format!("{who}{}", l.line_label),
                    vec![(lo, a + b * lo), (hi, a + b * hi)],
                )
                .colored(c_line),
            );
        }
    }
    plot::lines(&axes, &series)
}

/// One spectrum of a stacked VT figure: its label (temperature and rate), the measured
/// (x_hz, intensity) points and, when it was fitted, the fit on the same points.
pub struct VtSpectrum {
    /// Printed beside the trace.
    pub label: String,
    /// Measured (x_hz, intensity).
    pub measured: Vec<(f64, f64)>,
    /// Fitted (x_hz, intensity) on the same points, or `None` (undetermined: measured only).
    pub fitted: Option<Vec<(f64, f64)>>,
}

impl VtSpectrum {
    /// A fitted spectrum.
    fn fitted(label: String, x_hz: &[f64], measured: &[f64], fitted: &[f64]) -> Self {
        let zip = |y: &[f64]| x_hz.iter().copied().zip(y.iter().copied()).collect();
        Self {
            label,
            measured: zip(measured),
            fitted: Some(zip(fitted)),
        }
    }
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
        let fit = pt.k_per_s.and_then(|_| fits.next().map(|c| &c.1));
        spectra.push(match fit {
            Some(f) => VtSpectrum::fitted(
                format!(
                    "{:.0} K, k = {:.3} ± {:.3} s⁻¹",
                    pt.temp_k, f.report.k_per_s, f.report.k_err_per_s
                ),
                &f.x_hz,
                &f.measured,
                &f.fitted,
            ),
            None => {
                let s = read()?;
                VtSpectrum {
                    label: format!("{:.0} K (undetermined: no rate)", pt.temp_k),
                    measured: s.x_hz.iter().copied().zip(s.y.iter().copied()).collect(),
                    fitted: None,
                }
            }
        });
    }
    let axes = Axes::new(
        &format!("VT series {name}: measured and fitted spectra"),
        "",
        "",
    );
    vt_spectra(&spectra, axes, ppm, "fit")
}

/// The stacked VT series of an n-site global fit: every spectrum with the global fit on it and
/// its residual, labelled with its temperature and the rate of each process there; the legend
/// names the processes, their ΔG‡(298.15 K) and χ²_red. `mhz` as for [`vt_series`].
pub fn vt_series_global(g: &GlobalReport, mhz: Option<f64>, name: &str) -> anyhow::Result<Vec<u8>> {
    let ppm = match g.curves.first() {
        Some(c) => ppm_axis(&spectrum::read(std::path::Path::new(&c.file), mhz)?),
        None => None,
    };
    let words: Vec<String> = g
        .processes
        .iter()
        .map(|a| process_words(&a.process))
        .collect();
    let spectra: Vec<VtSpectrum> = g
        .curves
        .iter()
        .map(|c| {
            let rates: Vec<String> = c.k_per_s.iter().map(|&k| rate_text(k)).collect();
            VtSpectrum::fitted(
                format!("{:.0} K: {} s⁻¹", c.temp_k, rates.join(" | ")),
                &c.x_hz,
                &c.measured,
                &c.fitted,
            )
        })
        .collect();
    let mut axes = Axes::new(
        &format!("VT series {name}: measured spectra and the global fit"),
        "",
        "",
    )
    .note(&format!(
        "beside each trace: k of {} at that T (global fit)",
        words.join(" | ")
    ));
    for (w, a) in words.iter().zip(&g.processes) {
        axes = axes.note(&format!(
            "{w}: ΔG‡(298.15 K) = {}",
            energy_pm(a.dg_298_kj_per_mol, a.dg_298_err_kj_per_mol)
        ));
    }
    axes = axes.note(&format!(
        "{} spectra fitted at once, χ²_red = {:.2}",
        g.n_spectra, g.chi2_red
    ));
    vt_spectra(&spectra, axes, ppm, "global fit")
}

/// A rate with three significant digits, as printed in a paper: `161`, `0.217`, `2.15×10⁻⁴`.
fn rate_text(k: f64) -> String {
    if !k.is_finite() || k <= 0.0 {
        return format!("{k}");
    }
    let mut e = k.log10().floor() as i32;
    let mut m = k / 10f64.powi(e);
    if m >= 9.995 {
        m /= 10.0;
        e += 1;
    }
    if (-2..4).contains(&e) {
        let digits = (2 - e).max(0) as usize;
        format!("{k:.digits$}")
    } else {
        format!(
            "{m:.2}×10{}",
            nucleus_label(&e.to_string()).replace('-', "⁻")
        )
    }
}

/// The stacked VT series, coldest at the bottom, under `axes`' title and notes (its axis labels
/// are set here); the axis is δ (ppm) when the spectrometer frequency `ppm_mhz` is known and the
/// spectra are referenced, ν (Hz) otherwise. `fit_label` names the fitted traces in the legend.
pub fn vt_spectra(
    spectra: &[VtSpectrum],
    axes: Axes,
    ppm_mhz: Option<f64>,
    fit_label: &str,
) -> anyhow::Result<Vec<u8>> {
    let div = ppm_mhz.unwrap_or(1.0);
    let conv = |v: &[(f64, f64)]| v.iter().map(|&(x, y)| (x / div, y)).collect::<Vec<_>>();
    // Undetermined spectra are cut to the window of the fitted ones so that all share one axis.
    let (lo, hi) = spectra
        .iter()
        .filter(|s| s.fitted.is_some())
        .flat_map(|s| s.measured.iter().map(|p| p.0))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
            (l.min(x), h.max(x))
        });
    let traces: Vec<Trace> = spectra
        .iter()
        .map(|s| Trace {
            label: s.label.clone(),
            main: conv(
                &s.measured
                    .iter()
                    .copied()
                    .filter(|p| s.fitted.is_some() || lo > hi || (lo..=hi).contains(&p.0))
                    .collect::<Vec<_>>(),
            ),
            overlay: s.fitted.as_deref().map(conv),
        })
        .collect();
    let axes = Axes {
        x_label: if ppm_mhz.is_some() {
            "δ (ppm)"
        } else {
            "ν (Hz)"
        }
        .into(),
        y_label: "intensity (each trace scaled to its maximum)".into(),
        ..axes
    };
    plot::stacked(
        &axes.reversed().without_y_ticks(),
        &traces,
        "measured",
        fit_label,
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

#[cfg(test)]
mod tests {
    use super::rate_text;

    #[test]
    fn rates_print_with_three_significant_digits() {
        assert_eq!(rate_text(161.556), "162");
        assert_eq!(rate_text(0.2173), "0.217");
        assert_eq!(rate_text(31.285), "31.3");
        assert_eq!(rate_text(2.154e-4), "2.15×10⁻⁴");
        assert_eq!(rate_text(1.41e8), "1.41×10⁸");
        // 9.996e-5 rounds up into the next decade.
        assert_eq!(rate_text(9.996e-5), "1.00×10⁻⁴");
    }
}
