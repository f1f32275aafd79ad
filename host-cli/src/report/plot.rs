//! SVG plots for every command that draws (`--plot out.svg`): a few generic figures built on
//! `plotters`' SVG backend, each with a title, axis labels that carry units, and a legend.
//!
//! * [`lines`]: several (x, y) series as lines and/or markers (spectra, curves);
//! * [`scatter_fit`]: measured points with optional error bars and a fitted line (Eyring plot,
//!   calculated-vs-experimental shifts);
//! * [`stacked`]: traces offset vertically, each with an optional overlay and its residual (VT
//!   series of measured and fitted spectra).
//!
//! Every function returns the SVG document as bytes, ready for [`crate::report::output::Output::with_file`].
//! An axis can be drawn reversed (`Axes::x_reversed`), as NMR chemical-shift axes are.
//!
//! # Publication rules every figure follows
//! * **Sub-pixel coordinates.** plotters' backends take integer pixel coordinates
//!   (`plotters_backend::BackendCoord = (i32, i32)`; `SVGBackend` prints them as they are), so a
//!   curve drawn at its final size is snapped to whole pixels and looks stair-stepped when
//!   enlarged. Every figure is therefore drawn [`SCALE`] = 10 times larger and the `<svg>` element
//!   is given the final `width`/`height` with the large `viewBox`: the file's coordinates are
//!   integers in viewBox units, which are 0.1 px of the figure.
//! * **Palette.** Okabe & Ito's colour-universal-design palette (M. Okabe, K. Ito, *Color
//!   Universal Design (CUD): how to make figures and presentations that are friendly to colorblind
//!   people*, 2008; also B. Wong, *Nat. Methods* 2011, 8, 441), distinguishable with every common
//!   colour-vision deficiency and in greyscale by lightness.
//! * **Legend outside the data.** plotters' own series-label box is always placed inside the
//!   plotting area (`SeriesLabelPosition`), where it can cover points; here the legend is a
//!   strip below the x-axis label, written as a `<g class="legend">` group (so a test can find its
//!   box). Long entries may hold `\n` to break lines.
//! * **Text size.** The figure is [`WIDTH`] = 640 px wide; printed one column wide (8.5 cm) of a
//!   two-column paper, 1 px = 0.0133 cm, so the smallest text (19 px) is 0.25 cm ≈ 7.2 pt, the
//!   usual minimum of journals' figure guidelines (e.g. ACS: 4.5–7 pt or larger).
//! * Axis labels carry units; nucleus labels use superscripts (¹H, ¹³C, see [`nucleus_label`]).
//!
//! ```
//! use ringflux_cli::report::plot::{lines, Axes, Series};
//! let axes = Axes::new("Two lines", "x (Hz)", "intensity (a.u.)");
//! let s = Series::line("y = x²", (0..10).map(|i| (i as f64, (i * i) as f64)).collect());
//! let svg = String::from_utf8(lines(&axes, &[s]).unwrap()).unwrap();
//! assert!(svg.starts_with("<svg") && svg.contains("y = x²"));
//! assert!(svg.contains(r#"width="640""#) && svg.contains(r#"viewBox="0 0 6400 "#));
//! ```

use anyhow::anyhow;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor;

/// Drawing scale: plotters draws in integer units of 1/SCALE px (see the module doc).
pub const SCALE: i32 = 10;
/// Width of every figure, px.
pub const WIDTH: u32 = 640;
/// Height of the chart part of every figure (title, axes, plot), px; the legend strip is added below.
pub const CHART_HEIGHT: u32 = 460;
/// Font sizes, px (title, axis label, tick label, legend).
const FONT_TITLE: f64 = 21.0;
const FONT_AXIS: f64 = 20.0;
const FONT_TICK: f64 = 19.0;
const FONT_LEGEND: f64 = 19.0;
/// Width of the y tick-label and axis-label area, px.
const Y_AREA: f64 = 100.0;
/// Height of one legend line, px.
const LEGEND_LINE: f64 = 25.0;

/// Okabe–Ito colours in the order series use them (yellow last: weakest on white).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(230, 159, 0),   // orange
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(240, 228, 66),  // yellow
];
/// Palette index of black (measured data drawn under a coloured fit).
pub const BLACK_INDEX: usize = 6;

/// `"1H"` → `"¹H"`, `"13C"` → `"¹³C"` (any leading mass number becomes superscript digits).
pub fn nucleus_label(n: &str) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => SUP.get(d as usize).copied().unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Title and axis labels of a figure (labels should name the unit, e.g. `"ν (Hz)"`).
#[derive(Debug, Clone)]
pub struct Axes {
    /// Caption above the plot (name the compound and the signal).
    pub title: String,
    /// x-axis label with unit.
    pub x_label: String,
    /// y-axis label with unit.
    pub y_label: String,
    /// Draw x increasing to the left (chemical-shift convention).
    pub x_reversed: bool,
    /// Extra lines printed at the top of the legend (model parameters, results).
    pub notes: Vec<String>,
    /// No numbers on the y axis (rows of [`ranges`], stacked traces).
    pub hide_y_ticks: bool,
}

impl Axes {
    /// Axes with x increasing to the right.
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Self {
        Self {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            x_reversed: false,
            notes: Vec::new(),
            hide_y_ticks: false,
        }
    }
    /// The same axes with x increasing to the left.
    pub fn reversed(mut self) -> Self {
        self.x_reversed = true;
        self
    }
    /// The same axes without numbers on the y axis.
    pub fn without_y_ticks(mut self) -> Self {
        self.hide_y_ticks = true;
        self
    }
    /// The same axes with a line of text added to the legend.
    pub fn note(mut self, line: &str) -> Self {
        self.notes.push(line.into());
        self
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Connected line, 1.6 px.
    Line,
    /// Thin line, 1 px (measured data under a fit, residuals, reference lines).
    Thin,
    /// Filled circles.
    Points,
    /// Vertical bars from 0 to y, [`Series::width`] wide in x units.
    Bar,
    /// A thick (10 px) line: a horizontal band between two points (ranges along x, see [`ranges`]).
    Band,
    /// Unfilled crosses (×, 5 px arms): reference positions, drawn under the data.
    Cross,
}

/// One named series of (x, y) values, with optional symmetric y error bars (points only).
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend entry (empty: not in the legend).
    pub label: String,
    /// The values.
    pub points: Vec<(f64, f64)>,
    /// Standard uncertainty of each y (same length as `points`), drawn as error bars.
    pub y_err: Option<Vec<f64>>,
    /// How to draw it.
    pub mark: Mark,
    /// Palette colour index (default: the series' position).
    pub color: Option<usize>,
    /// Bar width in x units ([`Mark::Bar`] only).
    pub width: f64,
    /// Radius of each marker, px ([`Mark::Points`] only; default 4.5 px), e.g. for marker area
    /// ∝ population.
    pub radii_px: Option<Vec<f64>>,
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
            width: 0.0,
            radii_px: None,
        }
    }
    /// A thin line series (measured data under a model, a reference line).
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
    /// A bar series: one bar `width` (x units) wide centred on each x, from 0 to y.
    pub fn bars(label: &str, points: Vec<(f64, f64)>, width: f64) -> Self {
        Self {
            mark: Mark::Bar,
            width,
            ..Self::line(label, points)
        }
    }
    /// The same series in palette colour `i`.
    pub fn colored(mut self, i: usize) -> Self {
        self.color = Some(i);
        self
    }
    /// A reference-position series drawn as crosses ([`Mark::Cross`]).
    pub fn crosses(label: &str, points: Vec<(f64, f64)>) -> Self {
        Self {
            mark: Mark::Cross,
            ..Self::line(label, points)
        }
    }
    /// The same series with one marker radius (px) per point.
    pub fn with_radii_px(mut self, radii_px: Vec<f64>) -> Self {
        self.radii_px = Some(radii_px);
        self
    }
    /// The same series with y error bars.
    pub fn with_y_err(mut self, y_err: Vec<f64>) -> Self {
        self.y_err = Some(y_err);
        self
    }
}

/// Several series on one pair of axes (x range: all data; y range: all data plus headroom).
pub fn lines(axes: &Axes, series: &[Series]) -> anyhow::Result<Vec<u8>> {
    draw(axes, series, &[], None)
}

/// Grouped bars: one group per category along x (labelled with its name), one bar per series in
/// each group (`groups`: legend label and one value per category; a missing value is no bar).
///
/// ```
/// use ringflux_cli::report::plot::grouped_bars;
/// use ringflux_cli::report::plot::Axes;
/// let axes = Axes::new("Populations", "conformer family", "population (%)");
/// let cats = vec!["chair".to_string(), "twist-boat".to_string()];
/// let svg = grouped_bars(&axes, &cats, &[("parent".into(), vec![70.0, 30.0])]).unwrap();
/// assert!(String::from_utf8(svg).unwrap().contains("twist-boat"));
/// ```
pub fn grouped_bars(
    axes: &Axes,
    categories: &[String],
    groups: &[(String, Vec<f64>)],
) -> anyhow::Result<Vec<u8>> {
    let n = groups.len().max(1) as f64;
    let width = 0.8 / n;
    let series: Vec<Series> = groups
        .iter()
        .enumerate()
        .map(|(g, (label, values))| {
            let off = -0.4 + width * (g as f64 + 0.5);
            let pts = values
                .iter()
                .enumerate()
                .take(categories.len())
                .map(|(c, &v)| (c as f64 + off, v))
                .collect();
            Series::bars(label, pts, width)
        })
        .collect();
    let names = categories.to_vec();
    let name_at = move |x: f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 {
            names.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    draw_with(axes, &series, &[], Some(&name_at), 2 * categories.len() + 2)
}

/// Measured points (optionally with error bars) and, if given, a fitted line through them.
pub fn scatter_fit(axes: &Axes, measured: Series, fit: Option<Series>) -> anyhow::Result<Vec<u8>> {
    let mut all = vec![Series {
        mark: Mark::Points,
        ..measured
    }];
    all.extend(fit);
    draw(axes, &all, &[], None)
}

/// Like [`lines`], with the x-axis tick labels produced by `x_tick` (e.g. 1000/T for a 1/T axis).
pub fn lines_with_x_ticks(
    axes: &Axes,
    series: &[Series],
    x_tick: &dyn Fn(f64) -> String,
) -> anyhow::Result<Vec<u8>> {
    draw(axes, series, &[], Some(x_tick))
}

/// One trace of a stacked plot: a labelled series and an optional overlay (e.g. the fit).
#[derive(Debug, Clone)]
pub struct Trace {
    /// Label printed beside the trace (e.g. `"298 K"`, `"250 K (undetermined)"`).
    pub label: String,
    /// The main curve (measured).
    pub main: Vec<(f64, f64)>,
    /// A curve drawn over it with the same offset (fit); its residual (main − overlay, on the same
    /// x grid) is drawn just below the trace.
    pub overlay: Option<Vec<(f64, f64)>>,
}

/// Traces stacked bottom to top, each scaled to its own maximum: the main curve black (1.6 px),
/// the overlay in colour (1 px) on top of it so that both stay visible, the residual (main − overlay) in grey under each trace.
/// `main_label`/`overlay_label` name the two kinds of curve in the legend.
pub fn stacked(
    axes: &Axes,
    traces: &[Trace],
    main_label: &str,
    overlay_label: &str,
) -> anyhow::Result<Vec<u8>> {
    let mut series = Vec::new();
    let mut notes = Vec::new();
    // Trace labels go in a column right of the plot area, level with their trace's baseline.
    // Each trace owns a band of height 1.5: residual around +0.15, spectrum from +0.35 to +1.35.
    const BAND: f64 = 1.5;
    let mut any_residual = false;
    for (i, t) in traces.iter().enumerate() {
        let peak = t.main.iter().map(|p| p.1.abs()).fold(0.0, f64::max);
        let scale = if peak > 0.0 { 1.0 / peak } else { 1.0 };
        let base = i as f64 * BAND;
        let shift = |v: &[(f64, f64)], off: f64| {
            v.iter()
                .map(|&(x, y)| (x, off + scale * y))
                .collect::<Vec<_>>()
        };
        let first = |s: &str, done: &mut bool| {
            if *done {
                String::new()
            } else {
                *done = true;
                s.to_string()
            }
        };
        let mut main_done = i > 0;
        series.push(
            Series::line(
                &first(main_label, &mut main_done),
                shift(&t.main, base + 0.35),
            )
            .colored(BLACK_INDEX),
        );
        if let Some(o) = &t.overlay {
            let mut fit_done = series.iter().any(|s| s.label == overlay_label);
            series.push(
                Series::thin(&first(overlay_label, &mut fit_done), shift(o, base + 0.35))
                    .colored(1),
            );
            if o.len() == t.main.len() {
                let res: Vec<(f64, f64)> = t
                    .main
                    .iter()
                    .zip(o)
                    .map(|(m, f)| (m.0, m.1 - f.1))
                    .collect();
                let label = if any_residual {
                    String::new()
                } else {
                    format!("residual ({main_label} − {overlay_label})")
                };
                any_residual = true;
                series.push(Series::thin(&label, shift(&res, base + 0.15)).colored(5));
            }
        }
        notes.push((base + 0.45, t.label.clone()));
    }
    draw(axes, &series, &notes, None)
}

/// One row of a [`ranges`] figure: its label (printed right of the plot), and its segments
/// (x from, x to, palette colour, legend label; the first segment with a given label is in the legend).
#[derive(Debug, Clone)]
pub struct RangeRow {
    /// Row label.
    pub label: String,
    /// Segments on the row.
    pub segments: Vec<(f64, f64, usize, String)>,
}

/// Horizontal bands along x, one row per [`RangeRow`] from the top down, labelled in a margin
/// column (e.g. temperature windows and solvents' liquid ranges of `plan --plot`); `marks` are
/// x positions drawn as points on an extra bottom row labelled `marks_label`.
pub fn ranges(
    axes: &Axes,
    rows: &[RangeRow],
    marks: &[f64],
    marks_label: &str,
) -> anyhow::Result<Vec<u8>> {
    let n = rows.len() + usize::from(!marks.is_empty());
    let mut series = Vec::new();
    let mut notes = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let y = (n - i) as f64;
        for (a, b, c, label) in &r.segments {
            let legend = if seen.contains(&label.as_str()) {
                String::new()
            } else {
                seen.push(label);
                label.clone()
            };
            series.push(Series {
                mark: Mark::Band,
                ..Series::line(&legend, vec![(*a, y), (*b, y)]).colored(*c)
            });
        }
        notes.push((y, r.label.clone()));
    }
    if !marks.is_empty() {
        series.push(
            Series::points(marks_label, marks.iter().map(|&x| (x, 1.0)).collect())
                .colored(BLACK_INDEX),
        );
        notes.push((1.0, marks_label.to_string()));
    }
    draw(&axes.clone().without_y_ticks(), &series, &notes, None)
}

/// (x_min, x_max, y_min, y_max) of the finite data, error bars included.
type Bounds = (f64, f64, f64, f64);

fn bounds(series: &[Series]) -> Option<Bounds> {
    let mut it = series.iter().flat_map(|s| {
        let errs = s.y_err.clone().unwrap_or_default();
        let (bar, half) = (s.mark == Mark::Bar, 0.5 * s.width);
        s.points.iter().enumerate().flat_map(move |(i, &(x, y))| {
            let e = errs.get(i).copied().unwrap_or(0.0).abs();
            let (lo, hi) = if bar {
                (y.min(0.0), y.max(0.0))
            } else {
                (y - e, y + e)
            };
            [(x - half, lo, hi), (x + half, lo, hi)]
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

/// plotters font size for `px` pixels of final figure (its SVG writer prints size / 1.24).
fn font(px: f64) -> f64 {
    px * f64::from(SCALE) * 1.24
}

/// Title font size, px: [`FONT_TITLE`], smaller for a long title so that it fits the figure's
/// width (about 0.53 em per character of sans-serif), never below the tick-label size.
fn title_px(title: &str, width: u32) -> f64 {
    let fit = (f64::from(width) - 24.0) / (0.53 * title.chars().count().max(1) as f64);
    fit.clamp(FONT_TICK, FONT_TITLE)
}

/// `text` with a typographic minus (U+2212) for every hyphen-minus that starts a number (at the
/// start or after a blank, `(` or `=`, and before a digit or `.`), as printed figures have it;
/// hyphens inside words and exponents (`O-syn-C2`, `1.2e-5`) stay.
///
/// ```
/// use ringflux_cli::report::plot::minus_signs;
/// assert_eq!(minus_signs("ΔS‡ = -5.4 (-1.29) -3"), "ΔS‡ = −5.4 (−1.29) −3");
/// assert_eq!(minus_signs("O-syn-C2 1.2e-5 x-1"), "O-syn-C2 1.2e-5 x-1");
/// ```
pub fn minus_signs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        let starts_number = c == '-'
            && matches!(prev, None | Some(' ' | '(' | '='))
            && it.peek().is_some_and(|n| n.is_ascii_digit() || *n == '.');
        out.push(if starts_number { '−' } else { c });
        prev = Some(c);
    }
    out
}

/// `px` of the final figure in drawing units.
fn u(px: f64) -> u32 {
    (px * f64::from(SCALE)).round() as u32
}

fn color_of(s: &Series, i: usize) -> RGBColor {
    let c = s.color.unwrap_or(i);
    PALETTE.get(c % PALETTE.len()).copied().unwrap_or(BLACK)
}

fn draw(
    axes: &Axes,
    series: &[Series],
    notes: &[(f64, String)],
    x_tick: Option<&dyn Fn(f64) -> String>,
) -> anyhow::Result<Vec<u8>> {
    draw_with(axes, series, notes, x_tick, 6)
}

fn draw_with(
    axes: &Axes,
    series: &[Series],
    notes: &[(f64, String)],
    x_tick: Option<&dyn Fn(f64) -> String>,
    x_labels: usize,
) -> anyhow::Result<Vec<u8>> {
    let (x0, x1, y0, y1) = bounds(series).ok_or_else(|| anyhow!("nothing to plot"))?;
    // Points need room at the edges so that no marker is cut by the frame.
    let has_points = series
        .iter()
        .any(|s| matches!(s.mark, Mark::Points | Mark::Bar | Mark::Cross));
    let (x0, x1) = padded(x0, x1, if has_points { 0.06 } else { 0.02 });
    let (y0, y1) = padded(y0, y1, if has_points { 0.08 } else { 0.05 });
    // A reversed axis is drawn as −x with negated tick labels.
    let sx = if axes.x_reversed { -1.0 } else { 1.0 };
    let (xa, xb) = if axes.x_reversed {
        (-x1, -x0)
    } else {
        (x0, x1)
    };
    let legend = legend_entries(axes, series);
    let legend_lines: usize = legend.iter().map(|e| e.lines.len()).sum();
    let legend_h = if legend_lines == 0 {
        0.0
    } else {
        legend_lines as f64 * LEGEND_LINE + 16.0
    };
    // Margin labels (stacked traces) widen the figure and each needs ~36 px of height.
    let label_w = notes
        .iter()
        .map(|n| n.1.chars().count())
        .max()
        .map_or(0.0, |c| (c as f64 * 0.56 * FONT_LEGEND + 14.0).ceil());
    let chart_h = CHART_HEIGHT.max(150 + 36 * notes.len() as u32);
    let width = WIDTH + label_w as u32;
    let height = chart_h + legend_h.ceil() as u32;
    let size = (width * SCALE as u32, height * SCALE as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let (top, _) = root.split_vertically(u(f64::from(chart_h)));
        // The title is centred over the whole figure (a chart caption would be centred over the
        // plot without the trace-label column, and a long title would run off the left edge).
        let top = top.margin(u(12.0), 0, 0, 0).titled(
            &axes.title,
            ("sans-serif", font(title_px(&axes.title, width))),
        )?;
        let mut chart = ChartBuilder::on(&top)
            .margin(u(12.0))
            .margin_top(0)
            .margin_right(u(22.0 + label_w))
            .x_label_area_size(u(58.0))
            .y_label_area_size(u(Y_AREA))
            .build_cartesian_2d::<RangedCoordf64, RangedCoordf64>((xa..xb).into(), (y0..y1).into())
            .map_err(plot_err)?;
        let fmt_x = move |x: &f64| {
            minus_signs(&match x_tick {
                Some(f) => f(sx * x),
                None => tick(sx * x),
            })
        };
        chart
            .configure_mesh()
            .x_desc(&axes.x_label)
            .y_desc(&axes.y_label)
            .x_labels(x_labels)
            // Hidden y ticks: no numbers and no tick marks (stacked traces, rows of ranges).
            .y_labels(if axes.hide_y_ticks { 0 } else { 6 })
            .x_label_formatter(&fmt_x)
            .y_label_formatter(&|y| {
                if axes.hide_y_ticks {
                    String::new()
                } else {
                    minus_signs(&tick(*y))
                }
            })
            .label_style(("sans-serif", font(FONT_TICK)))
            .axis_desc_style(("sans-serif", font(FONT_AXIS)))
            .axis_style(BLACK.stroke_width(u(1.0)))
            .set_all_tick_mark_size(u(5.0))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.08).stroke_width(u(1.0)))
            .draw()
            .map_err(plot_err)?;
        for (i, s) in series.iter().enumerate() {
            let color = color_of(s, i);
            let pts: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter(|p| p.0.is_finite() && p.1.is_finite())
                .map(|&(x, y)| (sx * x, y))
                .collect();
            match s.mark {
                Mark::Line => {
                    chart
                        .draw_series(LineSeries::new(pts, color.stroke_width(u(1.6))))
                        .map_err(plot_err)?;
                }
                Mark::Thin => {
                    chart
                        .draw_series(LineSeries::new(pts, color.stroke_width(u(1.0))))
                        .map_err(plot_err)?;
                }
                Mark::Band => {
                    chart
                        .draw_series(LineSeries::new(pts, color.stroke_width(u(10.0))))
                        .map_err(plot_err)?;
                }
                Mark::Bar => {
                    let half = 0.5 * s.width;
                    chart
                        .draw_series(pts.iter().map(|&(x, y)| {
                            Rectangle::new(
                                [(x - sx * half, 0.0), (x + sx * half, y)],
                                color.filled(),
                            )
                        }))
                        .map_err(plot_err)?;
                }
                Mark::Cross => {
                    chart
                        .draw_series(
                            pts.into_iter()
                                .map(|p| Cross::new(p, u(5.0), color.stroke_width(u(1.5)))),
                        )
                        .map_err(plot_err)?;
                }
                Mark::Points => {
                    if let Some(errs) = &s.y_err {
                        chart
                            .draw_series(s.points.iter().zip(errs).map(|(&(x, y), &e)| {
                                ErrorBar::new_vertical(
                                    sx * x,
                                    y - e,
                                    y,
                                    y + e,
                                    color.stroke_width(u(1.2)),
                                    u(8.0),
                                )
                            }))
                            .map_err(plot_err)?;
                    }
                    // Same filter as `pts`, so the radii stay paired with their points.
                    let radii = s
                        .points
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.0.is_finite() && p.1.is_finite())
                        .map(|(i, _)| {
                            s.radii_px
                                .as_ref()
                                .and_then(|r| r.get(i))
                                .map_or(4.5, |r| r.max(0.0))
                        });
                    // Sized markers are translucent so that overlapping ones stay visible.
                    let style = if s.radii_px.is_some() {
                        color.mix(0.75).filled()
                    } else {
                        color.filled()
                    };
                    chart
                        .draw_series(
                            pts.into_iter()
                                .zip(radii)
                                .map(|(p, r)| Circle::new(p, u(r), style)),
                        )
                        .map_err(plot_err)?;
                }
            }
        }
        for (y, text) in notes {
            let (px, py) = chart.backend_coord(&(xb, *y));
            let style = TextStyle::from(("sans-serif", font(FONT_LEGEND))).pos(
                text_anchor::Pos::new(text_anchor::HPos::Left, text_anchor::VPos::Center),
            );
            root.draw(&Text::new(
                minus_signs(text),
                (px + u(8.0) as i32, py),
                style,
            ))
            .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(finish(svg, size, chart_h, &legend).into_bytes())
}

/// One legend entry: its text lines and its sample (`None`: a text-only line).
struct Entry {
    lines: Vec<String>,
    sample: Option<(Mark, RGBColor)>,
}

fn legend_entries(axes: &Axes, series: &[Series]) -> Vec<Entry> {
    let mut out: Vec<Entry> = series
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.label.is_empty())
        .map(|(i, s)| Entry {
            lines: s.label.lines().flat_map(wrap).collect(),
            sample: Some((s.mark, color_of(s, i))),
        })
        .collect();
    out.extend(axes.notes.iter().map(|n| Entry {
        lines: n.lines().flat_map(wrap).collect(),
        sample: None,
    }));
    out
}

/// Characters of legend text that fit one line of the legend box (about 0.5 em per character).
const LEGEND_CHARS: usize = 50;

/// Breaks a legend line longer than [`LEGEND_CHARS`] after a comma, before a parenthesis or at a space;
/// continuation lines are indented.
fn wrap(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line.to_string();
    while rest.chars().count() > LEGEND_CHARS {
        let head: String = rest.chars().take(LEGEND_CHARS).collect();
        let cut = head
            .rfind(", ")
            .map(|i| i + 1)
            .or_else(|| head.rfind(" (").filter(|&i| i > 0))
            .or_else(|| head.rfind(' ').filter(|&i| i > 0));
        match cut {
            Some(i) => {
                out.push(rest[..i].trim_end().to_string());
                rest = format!("   {}", rest[i..].trim_start());
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

/// Sets the final size on the `<svg>` element (the viewBox keeps the drawing units) and appends the
/// legend strip below the chart as `<g class="legend">`.
fn finish(svg: String, size: (u32, u32), chart_h: u32, legend: &[Entry]) -> String {
    let s = f64::from(SCALE);
    let (w, h) = (size.0 / SCALE as u32, size.1 / SCALE as u32);
    let svg = svg.replacen(
        &format!(r#"<svg width="{}" height="{}""#, size.0, size.1),
        &format!(r#"<svg width="{w}" height="{h}""#),
        1,
    );
    if legend.is_empty() {
        return svg;
    }
    let n: usize = legend.iter().map(|e| e.lines.len()).sum();
    let (x0, y0) = (Y_AREA + 12.0, f64::from(chart_h) + 2.0);
    let box_w = f64::from(w) - x0 - 22.0;
    let box_h = n as f64 * LEGEND_LINE + 10.0;
    let mut g = format!(
        r##"<g class="legend"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#FFFFFF" stroke="#000000" stroke-width="{:.1}"/>"##,
        x0 * s,
        y0 * s,
        box_w * s,
        box_h * s,
        s
    );
    let mut y = y0 + 5.0 + LEGEND_LINE / 2.0;
    for e in legend {
        if let Some((mark, c)) = e.sample {
            let col = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            g += &match mark {
                Mark::Bar => format!(
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{col}"/>"#,
                    (x0 + 12.0) * s,
                    (y - 7.0) * s,
                    16.0 * s,
                    14.0 * s
                ),
                Mark::Points => format!(
                    r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="{col}"/>"#,
                    (x0 + 20.0) * s,
                    y * s,
                    4.5 * s
                ),
                Mark::Cross => format!(
                    r#"<path d="M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}" stroke="{col}" stroke-width="{:.1}"/>"#,
                    (x0 + 15.0) * s,
                    (y - 5.0) * s,
                    (x0 + 25.0) * s,
                    (y + 5.0) * s,
                    (x0 + 15.0) * s,
                    (y + 5.0) * s,
                    (x0 + 25.0) * s,
                    (y - 5.0) * s,
                    1.5 * s
                ),
                Mark::Line | Mark::Thin | Mark::Band => format!(
                    r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{col}" stroke-width="{:.1}"/>"#,
                    (x0 + 8.0) * s,
                    y * s,
                    (x0 + 32.0) * s,
                    y * s,
                    match mark {
                        Mark::Band => 10.0,
                        Mark::Line => 2.0,
                        _ => 1.2,
                    } * s
                ),
            };
        }
        for line in &e.lines {
            g += &format!(
                r#"<text x="{:.1}" y="{:.1}" font-family="sans-serif" font-size="{:.1}" dominant-baseline="middle">{}</text>"#,
                (x0 + 42.0) * s,
                y * s,
                FONT_LEGEND * s,
                xml_escape(&minus_signs(line))
            );
            y += LEGEND_LINE;
        }
    }
    g += "</g>\n";
    match svg.rfind("</svg>") {
        Some(i) => format!("{}{g}{}", &svg[..i], &svg[i..]),
        None => svg + &g,
    }
}

/// Escapes text for an XML text node.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Tick label: up to 4 significant decimals, no trailing zeros.
pub fn tick(v: f64) -> String {
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
                label: "300 K (undetermined)".into(),
                main: vec![(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)],
                overlay: None,
            },
        ];
        let axes = Axes::new("VT series", "δ (ppm)", "intensity").reversed();
        let s = svg(stacked(&axes, &traces, "measured", "fitted"));
        for want in [
            "250 K",
            "300 K (undetermined)",
            "measured",
            "fitted",
            "δ (ppm)",
        ] {
            assert!(s.contains(want), "missing {want}");
        }
        assert!(s.contains("residual (measured − fitted)"));
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
        assert_eq!(nucleus_label("13C"), "¹³C");
        assert_eq!(nucleus_label("1H"), "¹H");
        assert_eq!(xml_escape("a<b & c"), "a&lt;b &amp; c");
    }
}
