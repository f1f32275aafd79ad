//! SVG plots for every command that draws (`--plot out.svg`): a few generic figures built on
//! `plotters`' SVG backend, each with a title, axis labels that carry units, and a legend.
//!
//! * [`lines`]: several (x, y) series as lines and/or markers (spectra, curves);
//! * [`scatter_fit`]: measured points with optional error bars and a fitted line (Eyring plot,
//!   calculated-vs-experimental shifts);
//! * [`stacked`]: traces offset vertically, each with an optional overlay (VT series of measured
//!   and fitted spectra).
//!
//! Every function returns the SVG document as bytes, ready for [`crate::report::output::Output::with_file`].
//! An axis can be drawn reversed (`Axes::x_reversed`), as NMR chemical-shift axes are.
//!
//! ```
//! use ringflux_cli::report::plot::{lines, Axes, Series};
//! let axes = Axes::new("Two lines", "x (Hz)", "intensity (a.u.)");
//! let s = Series::line("y = x²", (0..10).map(|i| (i as f64, (i * i) as f64)).collect());
//! let svg = String::from_utf8(lines(&axes, &[s]).unwrap()).unwrap();
//! assert!(svg.starts_with("<svg") && svg.contains("y = x²"));
//! ```

use anyhow::anyhow;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// Size of every figure, pixels.
const SIZE: (u32, u32) = (900, 600);
/// Colours cycled through the series (Tableau 10, readable in print and for colour-blind readers).
const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
];

/// Title and axis labels of a figure (labels should name the unit, e.g. `"ν (Hz)"`).
#[derive(Debug, Clone)]
pub struct Axes {
    /// Caption above the plot.
    pub title: String,
    /// x-axis label with unit.
    pub x_label: String,
    /// y-axis label with unit.
    pub y_label: String,
    /// Draw x increasing to the left (chemical-shift convention).
    pub x_reversed: bool,
}

impl Axes {
    /// Axes with x increasing to the right.
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Self {
        Self {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            x_reversed: false,
        }
    }
    /// The same axes with x increasing to the left.
    pub fn reversed(mut self) -> Self {
        self.x_reversed = true;
        self
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Connected line.
    Line,
    /// Dashed-looking thin line (drawn lighter), e.g. a fit over data.
    Thin,
    /// Filled circles.
    Points,
}

/// One named series of (x, y) values, with optional symmetric y error bars (points only).
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend entry.
    pub label: String,
    /// The values.
    pub points: Vec<(f64, f64)>,
    /// Standard uncertainty of each y (same length as `points`), drawn as error bars.
    pub y_err: Option<Vec<f64>>,
    /// How to draw it.
    pub mark: Mark,
    /// Palette colour index (default: the series' position).
    pub color: Option<usize>,
}

impl Series {
    /// A line series.
    pub fn line(label: &str, points: Vec<(f64, f64)>) -> Self {
        Self {
            label: label.into(),
            points,
            y_err: None,
            mark: Mark::Line,
            color: None,
        }
    }
    /// A thin line series (a model over data).
    pub fn thin(label: &str, points: Vec<(f64, f64)>) -> Self {
        Self {
            mark: Mark::Thin,
            ..Self::line(label, points)
        }
    }
    /// A scatter series.
    pub fn points(label: &str, points: Vec<(f64, f64)>) -> Self {
        Self {
            mark: Mark::Points,
            ..Self::line(label, points)
        }
    }
    /// The same series in palette colour `i`.
    pub fn colored(mut self, i: usize) -> Self {
        self.color = Some(i);
        self
    }
    /// The same series with y error bars.
    pub fn with_y_err(mut self, y_err: Vec<f64>) -> Self {
        self.y_err = Some(y_err);
        self
    }
}

/// Several series on one pair of axes (x range: all data; y range: all data plus 5 % headroom).
pub fn lines(axes: &Axes, series: &[Series]) -> anyhow::Result<Vec<u8>> {
    draw(axes, series, &[])
}

/// Measured points (optionally with error bars) and, if given, a fitted line through them.
pub fn scatter_fit(axes: &Axes, measured: Series, fit: Option<Series>) -> anyhow::Result<Vec<u8>> {
    let mut all = vec![Series {
        mark: Mark::Points,
        ..measured
    }];
    all.extend(fit);
    draw(axes, &all, &[])
}

/// One trace of a stacked plot: a labelled series and an optional overlay (e.g. the fit).
#[derive(Debug, Clone)]
pub struct Trace {
    /// Label printed beside the trace (e.g. `"298 K"`).
    pub label: String,
    /// The main curve.
    pub main: Vec<(f64, f64)>,
    /// A curve drawn over it with the same offset.
    pub overlay: Option<Vec<(f64, f64)>>,
}

/// Traces stacked bottom to top, each scaled to its own maximum and offset by one unit;
/// `main_label`/`overlay_label` name the two kinds of curve in the legend.
pub fn stacked(
    axes: &Axes,
    traces: &[Trace],
    main_label: &str,
    overlay_label: &str,
) -> anyhow::Result<Vec<u8>> {
    let mut series = Vec::new();
    let mut notes = Vec::new();
    // Trace labels sit just inside the left edge of the plot (the high-x end on a reversed axis).
    let xs = traces.iter().flat_map(|t| t.main.iter().map(|p| p.0));
    let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
        (l.min(x), h.max(x))
    });
    let x_note = if axes.x_reversed {
        hi - 0.01 * (hi - lo)
    } else {
        lo + 0.01 * (hi - lo)
    };
    for (i, t) in traces.iter().enumerate() {
        let peak = t
            .main
            .iter()
            .chain(t.overlay.iter().flatten())
            .map(|p| p.1.abs())
            .fold(0.0, f64::max);
        let scale = if peak > 0.0 { 0.9 / peak } else { 1.0 };
        let off = i as f64;
        let shift = |v: &[(f64, f64)]| v.iter().map(|&(x, y)| (x, off + scale * y)).collect();
        let legend = |s: &str| if i == 0 { s.to_string() } else { String::new() };
        // Data thin and light, the overlay (a model) bold on top of it.
        series.push(Series::thin(&legend(main_label), shift(&t.main)).colored(0));
        if let Some(o) = &t.overlay {
            series.push(Series::line(&legend(overlay_label), shift(o)).colored(1));
        }
        notes.push((x_note, off + 0.6, t.label.clone()));
    }
    draw(axes, &series, &notes)
}

/// (x_min, x_max, y_min, y_max) of the finite data, error bars included.
type Bounds = (f64, f64, f64, f64);

fn bounds(series: &[Series]) -> Option<Bounds> {
    let mut it = series.iter().flat_map(|s| {
        let errs = s.y_err.clone().unwrap_or_default();
        s.points.iter().enumerate().map(move |(i, &(x, y))| {
            let e = errs.get(i).copied().unwrap_or(0.0).abs();
            (x, y - e, y + e)
        })
    });
    let (x, lo, hi) = it.find(|p| p.0.is_finite() && p.1.is_finite() && p.2.is_finite())?;
    let mut b = (x, x, lo, hi);
    for (x, lo, hi) in it.filter(|p| p.0.is_finite() && p.1.is_finite() && p.2.is_finite()) {
        b = (b.0.min(x), b.1.max(x), b.2.min(lo), b.3.max(hi));
    }
    Some(b)
}

/// Widens a degenerate or tight range and adds `pad` of its width on both sides.
fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let w = hi - lo;
    if w <= 0.0 || !w.is_finite() {
        let d = if lo.abs() > 0.0 { 0.1 * lo.abs() } else { 1.0 };
        return (lo - d, hi + d);
    }
    (lo - pad * w, hi + pad * w)
}

fn draw(axes: &Axes, series: &[Series], notes: &[(f64, f64, String)]) -> anyhow::Result<Vec<u8>> {
    let (x0, x1, y0, y1) = bounds(series).ok_or_else(|| anyhow!("nothing to plot"))?;
    let (x0, x1) = padded(x0, x1, 0.02);
    let (y0, y1) = padded(y0, y1, 0.05);
    // A reversed axis is drawn as −x with negated tick labels.
    let sx = if axes.x_reversed { -1.0 } else { 1.0 };
    let (xa, xb) = if axes.x_reversed {
        (-x1, -x0)
    } else {
        (x0, x1)
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(&axes.title, ("sans-serif", 22))
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d::<RangedCoordf64, RangedCoordf64>((xa..xb).into(), (y0..y1).into())
            .map_err(plot_err)?;
        let fmt_x = move |x: &f64| tick(sx * x);
        chart
            .configure_mesh()
            .x_desc(&axes.x_label)
            .y_desc(&axes.y_label)
            .x_label_formatter(&fmt_x)
            .y_label_formatter(&|y| tick(*y))
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 17))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(plot_err)?;
        let mut any_legend = false;
        for (i, s) in series.iter().enumerate() {
            let c = s.color.unwrap_or(i);
            let color = PALETTE.get(c % PALETTE.len()).copied().unwrap_or(BLACK);
            let pts: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter(|p| p.0.is_finite() && p.1.is_finite())
                .map(|&(x, y)| (sx * x, y))
                .collect();
            let anno = match s.mark {
                Mark::Line => chart
                    .draw_series(LineSeries::new(pts, color.stroke_width(2)))
                    .map_err(plot_err)?,
                Mark::Thin => chart
                    .draw_series(LineSeries::new(pts, color.mix(0.8).stroke_width(1)))
                    .map_err(plot_err)?,
                Mark::Points => {
                    if let Some(errs) = &s.y_err {
                        chart
                            .draw_series(s.points.iter().zip(errs).map(|(&(x, y), &e)| {
                                ErrorBar::new_vertical(sx * x, y - e, y, y + e, color, 8)
                            }))
                            .map_err(plot_err)?;
                    }
                    chart
                        .draw_series(pts.into_iter().map(|p| Circle::new(p, 4, color.filled())))
                        .map_err(plot_err)?
                }
            };
            if !s.label.is_empty() {
                any_legend = true;
                let mark = s.mark;
                anno.label(s.label.clone()).legend(move |(x, y)| {
                    let (radius, path) = if mark == Mark::Points {
                        (4, vec![])
                    } else {
                        (0, vec![(0, 0), (20, 0)])
                    };
                    EmptyElement::at((x, y))
                        + Circle::new((10, 0), radius, color.filled())
                        + PathElement::new(path, color.stroke_width(2))
                });
            }
        }
        for (x, y, text) in notes {
            chart
                .draw_series(std::iter::once(Text::new(
                    text.clone(),
                    (sx * x, *y),
                    ("sans-serif", 14),
                )))
                .map_err(plot_err)?;
        }
        if any_legend {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 15))
                .draw()
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg.into_bytes())
}

/// Tick label: up to 4 significant decimals, no trailing zeros.
fn tick(v: f64) -> String {
    let a = v.abs();
    let s = if a != 0.0 && !(1e-3..1e5).contains(&a) {
        format!("{v:.2e}")
    } else {
        format!("{v:.4}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

fn plot_err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("cannot draw the plot: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(b: anyhow::Result<Vec<u8>>) -> String {
        String::from_utf8(b.unwrap()).unwrap()
    }

    #[test]
    fn figures_carry_labels_and_legends() {
        let axes = Axes::new("Eyring plot", "1/T (1/K)", "ln(k/T)");
        let m = Series::points("measured", vec![(0.003, 1.0), (0.0032, 0.5), (0.0034, 0.1)])
            .with_y_err(vec![0.1, 0.1, 0.2]);
        let f = Series::thin("fit", vec![(0.003, 1.02), (0.0034, 0.08)]);
        let s = svg(scatter_fit(&axes, m, Some(f)));
        for want in ["Eyring plot", "1/T (1/K)", "ln(k/T)", "measured", "fit"] {
            assert!(s.contains(want), "missing {want}");
        }
        let traces = vec![
            Trace {
                label: "250 K".into(),
                main: vec![(0.0, 0.0), (1.0, 2.0), (2.0, 0.0)],
                overlay: Some(vec![(0.0, 0.1), (1.0, 1.9), (2.0, 0.1)]),
            },
            Trace {
                label: "300 K".into(),
                main: vec![(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)],
                overlay: None,
            },
        ];
        let axes = Axes::new("VT series", "δ (ppm)", "intensity").reversed();
        let s = svg(stacked(&axes, &traces, "measured", "fitted"));
        for want in ["250 K", "300 K", "measured", "fitted", "δ (ppm)"] {
            assert!(s.contains(want), "missing {want}");
        }
    }

    #[test]
    fn empty_or_degenerate_data_is_handled() {
        let axes = Axes::new("t", "x", "y");
        assert!(lines(&axes, &[]).is_err());
        assert!(lines(&axes, &[Series::line("nan", vec![(f64::NAN, 1.0)])]).is_err());
        let one = svg(lines(&axes, &[Series::points("one", vec![(1.0, 1.0)])]));
        assert!(one.contains("one"));
        assert_eq!(tick(-0.0), "0");
        assert_eq!(tick(2.5), "2.5");
        assert_eq!(tick(123456.0), "1.23e5");
    }
}
