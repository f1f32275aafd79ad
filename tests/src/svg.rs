//! Checks of SVG figures (issue 14), shared by the figure and HTML-report tests: parse with
//! roxmltree, convert viewBox units to displayed pixels (width / viewBox width), collect the data
//! marks outside `<g class="legend">` and the legend box.

use std::path::Path;

/// What the checks need from one SVG: the px per viewBox unit, every coordinate of a drawn mark
/// (outside the legend) in displayed px, and the legend box in displayed px.
pub struct Svg {
    /// The document.
    pub text: String,
    /// Every coordinate of a polyline/polygon point and circle centre outside the legend, px.
    pub coords_px: Vec<f64>,
    /// Data marks outside the legend: polyline points, circle centres, filled rectangles'
    /// corners (bars; the full-size background excluded), px.
    pub marks_px: Vec<(f64, f64)>,
    /// The legend box (x0, y0, x1, y1), px.
    pub legend_px: Option<(f64, f64, f64, f64)>,
    /// Circles outside the legend: centre x, y and radius (px) and fill colour.
    pub circles: Vec<Circle>,
    /// Straight `<line>` segments outside the legend: (x1, y1, x2, y2) px and stroke colour.
    pub segments: Vec<([f64; 4], String)>,
    /// Filled rectangles outside the legend (bars; the background excluded): (x, y, width,
    /// height) px and fill colour.
    pub rects: Vec<([f64; 4], String)>,
    /// Every text outside the legend: (text, x px, y px) of its anchor (tick labels with names,
    /// titles, margin labels).
    pub texts: Vec<(String, f64, f64)>,
    /// Numeric tick labels of the x axis: (value, x px of the label's anchor).
    pub x_ticks: Vec<(f64, f64)>,
    /// Numeric tick labels of the y axis: (value, y px of the label's anchor).
    pub y_ticks: Vec<(f64, f64)>,
}

/// One `<circle>` of a figure, px.
#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    /// Centre x, px.
    pub x: f64,
    /// Centre y, px.
    pub y: f64,
    /// Radius, px.
    pub r: f64,
    /// Fill colour as written (`#0072B2`).
    pub fill: String,
}

impl Svg {
    /// Data → px along x, fitted (least squares) through the x tick labels: plotters writes each
    /// label centred on its tick, so this is the axis as the reader sees it.
    pub fn x_axis(&self) -> impl Fn(f64) -> f64 {
        linear(&self.x_ticks, "x")
    }
    /// Data → px along y, through the y tick labels (right-aligned, vertically centred on the tick).
    pub fn y_axis(&self) -> impl Fn(f64) -> f64 {
        linear(&self.y_ticks, "y")
    }
}

/// The straight line through (value, px) pairs (at least two distinct values).
fn linear(t: &[(f64, f64)], axis: &str) -> impl Fn(f64) -> f64 {
    assert!(
        t.len() >= 2,
        "{axis} axis: fewer than two numeric tick labels"
    );
    let n = t.len() as f64;
    let (mx, my) = t
        .iter()
        .fold((0.0, 0.0), |a, p| (a.0 + p.0 / n, a.1 + p.1 / n));
    let sxx: f64 = t.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = t.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    assert!(sxx > 0.0, "{axis} axis: tick labels all equal");
    let b = sxy / sxx;
    move |v| my + b * (v - mx)
}

fn attr(n: roxmltree::Node, name: &str) -> Option<f64> {
    n.attribute(name)?.trim().parse().ok()
}

/// Parses an SVG file (panics with the file name if it is not well-formed).
pub fn parse(path: &Path) -> Svg {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_text(&path.display().to_string(), text)
}

/// Parses SVG text (`name` is used in messages).
pub fn parse_text(name: &str, text: String) -> Svg {
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let width = attr(root, "width").expect("width");
    let view_w: f64 = root
        .attribute("viewBox")
        .and_then(|v| v.split_whitespace().nth(2)?.parse().ok())
        .expect("viewBox");
    let px = width / view_w;
    let mut coords_px = Vec::new();
    let mut marks_px = Vec::new();
    let mut legend_px = None;
    let mut circles = Vec::new();
    let mut segments = Vec::new();
    let mut rects = Vec::new();
    let mut texts = Vec::new();
    let (mut x_ticks, mut y_ticks) = (Vec::new(), Vec::new());
    for n in doc.descendants().filter(|n| n.is_element()) {
        let in_legend = n
            .ancestors()
            .any(|a| a.attribute("class") == Some("legend"));
        let name = n.tag_name().name();
        if in_legend {
            if name == "rect" {
                let v = ["x", "y", "width", "height"].map(|k| attr(n, k).expect(k) * px);
                legend_px = Some((v[0], v[1], v[0] + v[2], v[1] + v[3]));
            }
            continue;
        }
        match name {
            "polyline" | "polygon" => {
                let pts: Vec<f64> = n
                    .attribute("points")
                    .unwrap_or("")
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter_map(|t| t.parse().ok())
                    .collect();
                for p in pts.chunks(2) {
                    if let [x, y] = p {
                        coords_px.extend([x * px, y * px]);
                        marks_px.push((x * px, y * px));
                    }
                }
            }
            "rect" if n.attribute("fill").is_some_and(|f| f != "none") => {
                let v = ["x", "y", "width", "height"].map(|k| attr(n, k).unwrap_or(0.0) * px);
                let full = (v[2] - width).abs() < 1e-6;
                if !full && v[2] > 0.0 && v[3] > 0.0 {
                    marks_px.extend([(v[0], v[1]), (v[0] + v[2], v[1] + v[3])]);
                }
                if !full {
                    rects.push((v, n.attribute("fill").unwrap_or("").to_string()));
                }
            }
            "circle" => {
                let (x, y) = (attr(n, "cx").unwrap() * px, attr(n, "cy").unwrap() * px);
                coords_px.extend([x, y]);
                marks_px.push((x, y));
                circles.push(Circle {
                    x,
                    y,
                    r: attr(n, "r").unwrap_or(0.0) * px,
                    fill: n.attribute("fill").unwrap_or("").to_string(),
                });
            }
            "line" => {
                let v = ["x1", "y1", "x2", "y2"].map(|k| attr(n, k).unwrap_or(0.0) * px);
                segments.push((v, n.attribute("stroke").unwrap_or("").to_string()));
            }
            "text" => {
                if let (Some(t), Some(x), Some(y)) = (n.text(), attr(n, "x"), attr(n, "y")) {
                    texts.push((t.trim().to_string(), x * px, y * px));
                }
                // Tick labels print negative numbers with a typographic minus (U+2212).
                let value = n
                    .text()
                    .and_then(|t| t.trim().replace('−', "-").parse::<f64>().ok());
                match (value, n.attribute("text-anchor")) {
                    (Some(v), Some("middle")) => x_ticks.push((v, attr(n, "x").unwrap() * px)),
                    (Some(v), Some("end")) => y_ticks.push((v, attr(n, "y").unwrap() * px)),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Svg {
        text,
        coords_px,
        marks_px,
        legend_px,
        circles,
        segments,
        rects,
        texts,
        x_ticks,
        y_ticks,
    }
}

/// The publication checks every figure must pass (file).
pub fn check(path: &Path, wants: &[&str]) {
    check_text(&path.display().to_string(), parse(path), wants);
}

/// The publication checks on a parsed figure: something drawn, at least a quarter of the
/// coordinates off the whole-pixel grid, only Okabe–Ito colours of the old palette absent, a
/// legend box that holds no data mark, and the `wants` strings present.
pub fn check_text(name: &str, s: Svg, wants: &[&str]) {
    assert!(s.marks_px.len() > 10, "{name}: hardly anything drawn");
    // Sub-pixel: at least a quarter of the coordinates are off the whole-pixel grid.
    let off_grid = s
        .coords_px
        .iter()
        .filter(|v| (*v - v.round()).abs() > 1e-6)
        .count();
    assert!(
        off_grid * 4 > s.coords_px.len(),
        "{name}: coordinates snapped to whole pixels ({off_grid} of {} off the grid)",
        s.coords_px.len()
    );
    // Okabe–Ito palette only (plus black, white and the light grid grey).
    for c in ["#1F77B4", "#D62728", "#2CA02C"] {
        assert!(!s.text.contains(c), "{name}: non-Okabe–Ito colour {c}");
    }
    let (x0, y0, x1, y1) = s.legend_px.unwrap_or_else(|| panic!("{name}: no legend"));
    let inside: Vec<_> = s
        .marks_px
        .iter()
        .filter(|&&(x, y)| x >= x0 && x <= x1 && y >= y0 && y <= y1)
        .collect();
    assert!(
        inside.is_empty(),
        "{name}: legend box ({x0}, {y0})–({x1}, {y1}) covers data marks {inside:?}"
    );
    for w in wants {
        assert!(s.text.contains(w), "{name}: missing {w:?}");
    }
}
