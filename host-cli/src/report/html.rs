//! The one-file HTML report of `ringflux analyze FOLDER --html report.html`.
//!
//! The page is rendered **from the `analyze --json` document** (a [`serde_json::Value`]) plus the
//! figures of [`crate::report::figures::of_analysis`], so every number in it is the JSON number
//! printed by `serde_json` itself: each such number sits in an element carrying
//! `data-json="<JSON pointer>"`, which a test (and a reader) can look up in the JSON. Values the
//! page derives (kcal/mol beside a `_kj_per_mol` key) are marked `class="derived"`.
//!
//! The file is self-contained: CSS and SVG inline, no script, no font or image fetched, so it
//! opens from disk without a network. A print stylesheet keeps each figure and table on one page.
//! Unknown or missing keys are tolerated: every key of the document is shown in a generic table,
//! the known ones (`summary`, `compounds`, `suggestions`, `unused_files`) get their own sections.
//!
//! ```
//! use ringflux_cli::report::html::{render, Meta};
//! let json = serde_json::json!({"folder": "f", "eyring_fit": {"a.rates.csv": {"dh_kj_per_mol": 52.5}},
//!                               "unused_files": []});
//! let meta = Meta { version: "0".into(), command_line: "ringflux analyze f --html r.html".into(),
//!                   date_utc: "2026-01-01".into() };
//! let html = render(&json, &[], &meta);
//! assert!(html.contains(r#"data-json="/eyring_fit/a.rates.csv/dh_kj_per_mol">52.5<"#));
//! assert!(!html.contains("<script"));
//! ```

use crate::report::figures::Figure;
use crate::report::plot::xml_escape;
use ringflux_core::constants::CALORIE_J;
use serde_json::Value;

/// Provenance printed at the foot of the report.
#[derive(Debug, Clone)]
pub struct Meta {
    /// ringflux version.
    pub version: String,
    /// The command line that wrote the report.
    pub command_line: String,
    /// Date (UTC, `YYYY-MM-DD`).
    pub date_utc: String,
}

impl Meta {
    /// This process: crate version, its arguments, today's date (or `SOURCE_DATE_EPOCH`'s, so a
    /// build can be reproduced byte for byte).
    pub fn current() -> Self {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        let args: Vec<String> = std::env::args().collect();
        Self {
            version: env!("CARGO_PKG_VERSION").into(),
            command_line: args.join(" "),
            date_utc: utc_date(secs),
        }
    }
}

/// `YYYY-MM-DD` of a Unix time (proleptic Gregorian; H. Hinnant's days-from-civil inverse).
pub fn utc_date(unix_secs: i64) -> String {
    let z = unix_secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

const CSS: &str = r#"
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; max-width: 60rem;
       margin: 1.5rem auto; padding: 0 1rem; color: #111; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid #999; margin-top: 2rem; }
h3 { margin-bottom: .3rem; } code { font-size: .95em; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; font-size: .9rem; }
th, td { border: 1px solid #bbb; padding: .15rem .4rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; } td.num, span.num { font-variant-numeric: tabular-nums; }
.derived { color: #555; font-size: .85em; } .k { color: #555; }
div.wide { overflow-x: auto; } table.rows { font-size: .8rem; } .summary li { margin: .15rem 0; }
figure { margin: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: .9rem; color: #333; }
footer { margin-top: 2rem; font-size: .85rem; color: #444; border-top: 1px solid #999; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  figure, table, .summary { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure svg { max-height: 120mm; width: auto; }
  div.wide { overflow: visible; } table.rows { font-size: 7pt; }
}
"#;

/// JSON-pointer escaping of one key (RFC 6901).
fn ptr_key(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

fn esc(s: &str) -> String {
    xml_escape(s)
}

/// One scalar value as HTML, tagged with its pointer; a `_kj_per_mol` number gets its kcal/mol.
fn scalar(ptr: &str, key: &str, v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    };
    let mut s = format!(
        r#"<span class="num" data-json="{}">{}</span>"#,
        esc(ptr),
        esc(&text)
    );
    if let (Some(x), true) = (v.as_f64(), key.ends_with("_kj_per_mol")) {
        s += &format!(
            r#" <span class="derived">({:.2} kcal/mol)</span>"#,
            x / CALORIE_J
        );
    }
    s
}

/// Rows shown of a long array of objects (e.g. hundreds of conformers); the rest are in the JSON.
const MAX_ROWS: usize = 16;

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

/// Any JSON value as HTML: objects as key/value tables, arrays of objects as tables with one
/// column per key, arrays of scalars as lists.
fn value_html(ptr: &str, key: &str, v: &Value) -> String {
    match v {
        Value::Object(m) => {
            if m.is_empty() {
                return "—".into();
            }
            let mut s = String::from("<table>");
            for (k, x) in m {
                s += &format!(
                    "<tr><th>{}</th><td>{}</td></tr>",
                    esc(k),
                    value_html(&format!("{ptr}/{}", ptr_key(k)), k, x)
                );
            }
            s + "</table>"
        }
        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_object) => {
            // Columns: every key; in a long table (hundreds of conformers) the nested objects
            // (a conformer's ring, amide, …) would make each row a page long, so they are named,
            // not shown.
            let (mut cols, mut nested): (Vec<&String>, Vec<&String>) = (Vec::new(), Vec::new());
            for m in a.iter().filter_map(Value::as_object) {
                for (k, x) in m {
                    let deep = a.len() > MAX_ROWS
                        && (x.is_object()
                            || x.as_array()
                                .is_some_and(|v| v.iter().any(|e| !is_scalar(e))));
                    if !cols.contains(&k) && !nested.contains(&k) {
                        if deep {
                            nested.push(k);
                        } else {
                            cols.push(k);
                        }
                    }
                }
            }
            let mut s = String::from("<div class=\"wide\"><table class=\"rows\"><tr>");
            for c in &cols {
                s += &format!("<th>{}</th>", esc(c));
            }
            s += "</tr>";
            for (i, m) in a
                .iter()
                .filter_map(Value::as_object)
                .enumerate()
                .take(MAX_ROWS)
            {
                s += "<tr>";
                for c in &cols {
                    let cell = m.get(*c).map_or(String::new(), |x| {
                        compact(&format!("{ptr}/{i}/{}", ptr_key(c)), c, x)
                    });
                    s += &format!("<td>{cell}</td>");
                }
                s += "</tr>";
            }
            if !nested.is_empty() {
                let names: Vec<String> = nested.iter().map(|k| esc(k)).collect();
                s += &format!(
                    r#"<tr><td class="more" colspan="{}">nested per row, in <code>--json</code> only: {}</td></tr>"#,
                    cols.len(),
                    names.join(", ")
                );
            }
            if a.len() > MAX_ROWS {
                s += &format!(
                    r#"<tr><td class="more" colspan="{}">… {} more rows in <code>--json</code> at {}</td></tr>"#,
                    cols.len(),
                    a.len() - MAX_ROWS,
                    esc(ptr)
                );
            }
            s + "</table></div>"
        }
        Value::Array(a) => {
            if a.is_empty() {
                return "—".into();
            }
            a.iter()
                .enumerate()
                .map(|(i, x)| value_html(&format!("{ptr}/{i}"), key, x))
                .collect::<Vec<_>>()
                .join(", ")
        }
        _ if is_scalar(v) => scalar(ptr, key, v),
        _ => String::new(),
    }
}

/// A value inside a table row: scalars as they are, objects as `key: value` lines, arrays as
/// comma lists (so a row of a long table stays one row high-ish).
fn compact(ptr: &str, key: &str, v: &Value) -> String {
    match v {
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| {
                format!(
                    "<span class=\"k\">{}:</span> {}",
                    esc(k),
                    compact(&format!("{ptr}/{}", ptr_key(k)), k, x)
                )
            })
            .collect::<Vec<_>>()
            .join("<br>"),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| compact(&format!("{ptr}/{i}"), key, x))
            .collect::<Vec<_>>()
            .join(", "),
        _ => scalar(ptr, key, v),
    }
}

/// Keys of the document that are not analysis steps.
const NOT_STEPS: [&str; 5] = [
    "folder",
    "summary",
    "compounds",
    "suggestions",
    "unused_files",
];

/// The summary lines at the top of the report: the document's own `summary` when it has one
/// (strings, or an object's scalar entries as `key: value`), else one line per step and barrier
/// found in today's per-step document.
pub fn summary_lines(json: &Value) -> Vec<String> {
    match json.get("summary") {
        Some(Value::Array(a)) => {
            return a
                .iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect()
        }
        Some(Value::String(s)) => return s.lines().map(str::to_string).collect(),
        Some(Value::Object(m)) => {
            return m
                .iter()
                .filter(|(_, v)| is_scalar(v))
                .map(|(k, v)| {
                    format!(
                        "{k}: {}",
                        v.as_str().map_or_else(|| v.to_string(), str::to_string)
                    )
                })
                .collect()
        }
        _ => {}
    }
    let mut lines = Vec::new();
    let Some(doc) = json.as_object() else {
        return lines;
    };
    for (step, files) in doc.iter().filter(|(k, _)| !NOT_STEPS.contains(&k.as_str())) {
        let Some(files) = files.as_object() else {
            continue;
        };
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        lines.push(format!("{step}: {}", names.join(", ")));
        for (file, r) in files {
            if let Some(dg) = r.get("dg_298_kj_per_mol").and_then(Value::as_f64) {
                lines.push(format!(
                    "{file}: ΔG‡(298.15 K) = {dg} kJ/mol ({:.2} kcal/mol)",
                    dg / CALORIE_J
                ));
            }
        }
    }
    if let Some(u) = doc.get("unused_files").and_then(Value::as_array) {
        lines.push(format!("unused files: {}", u.len()));
    }
    lines
}

/// What a file was used as, from its finding's JSON: `input of M` (with its `role`) for a file
/// another file's analysis reads (a validation's shift table, a VT series' model file), else
/// `analysed` (the step's own input).
fn input_role(r: &Value) -> String {
    match (
        r.get("input_of").and_then(Value::as_str),
        r.get("role").and_then(Value::as_str),
    ) {
        (Some(m), Some(role)) => format!("input of {m}: {role}"),
        (Some(m), None) => format!("input of {m}"),
        _ => "analysed".into(),
    }
}

fn figures_html(figs: &[&Figure]) -> String {
    figs.iter()
        .map(|f| {
            format!(
                "<figure>{}<figcaption>{}</figcaption></figure>\n",
                f.svg.trim(),
                esc(&f.caption)
            )
        })
        .collect()
}

/// The report page of an analysis and its JSON document (`to_json` of the same analysis), with
/// every figure of [`crate::report::figures::of_analysis`] and this process as provenance.
pub fn report(a: &crate::analysis::analyze::Analysis, json: &Value) -> String {
    render(
        json,
        &crate::report::figures::of_analysis(a),
        &Meta::current(),
    )
}

/// The report page.
pub fn render(json: &Value, figures: &[Figure], meta: &Meta) -> String {
    let folder = json.get("folder").and_then(Value::as_str).unwrap_or("");
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>ringflux analyze: {}</title><style>{CSS}</style></head><body>\n\
         <header><h1>ringflux analyze report</h1><p>folder <code data-json=\"/folder\">{}</code></p></header>\n",
        esc(folder),
        esc(folder)
    );
    h += "<section id=\"summary\"><h2>Summary</h2><ul class=\"summary\">";
    for l in summary_lines(json) {
        h += &format!("<li>{}</li>", esc(&l));
    }
    h += "</ul></section>\n";
    // (file, step, what for): the inputs section's rows.
    let mut used: Vec<(String, String, String)> = Vec::new();
    if let Some(Value::Array(cs)) = json.get("compounds") {
        for (i, c) in cs.iter().enumerate() {
            let name = c
                .get("name")
                .or_else(|| c.get("compound"))
                .and_then(Value::as_str)
                .map_or_else(
                    // A folder without a structure file has one unnamed report: its own facts.
                    || {
                        if cs.len() == 1 {
                            "the folder's facts (no structure file)".to_string()
                        } else {
                            format!("compound {}", i + 1)
                        }
                    },
                    str::to_string,
                );
            // Since the analyze contract of issue 13 the suggestions live in each compound.
            let heading = if c.get("suggestions").is_some() {
                "<h3>Design suggestions (SAR rules), barriers and scenarios</h3>"
            } else {
                ""
            };
            h += &format!(
                "<section class=\"compound\"><h2>Compound: {}</h2>{heading}{}</section>\n",
                esc(&name),
                value_html(&format!("/compounds/{i}"), "", c)
            );
        }
    }
    if let Some(doc) = json.as_object() {
        for (step, files) in doc.iter().filter(|(k, _)| !NOT_STEPS.contains(&k.as_str())) {
            h += &format!("<section class=\"step\"><h2>{}</h2>\n", esc(step));
            let step_figs: Vec<&Figure> = figures.iter().filter(|f| &f.file == step).collect();
            h += &figures_html(&step_figs);
            match files.as_object() {
                Some(m) => {
                    for (file, r) in m {
                        used.push((file.clone(), step.clone(), input_role(r)));
                        let figs: Vec<&Figure> =
                            figures.iter().filter(|f| &f.file == file).collect();
                        h += &format!(
                            "<h3>{}</h3>\n{}{}\n",
                            esc(file),
                            figures_html(&figs),
                            value_html(&format!("/{}/{}", ptr_key(step), ptr_key(file)), "", r)
                        );
                    }
                }
                None => h += &value_html(&format!("/{}", ptr_key(step)), step, files),
            }
            h += "</section>\n";
        }
    }
    if let Some(s) = json.get("suggestions") {
        h += "<section id=\"suggestions\"><h2>Design suggestions (SAR rules)</h2>\n";
        match s.as_array() {
            Some(per_molecule) => {
                for (i, r) in per_molecule.iter().enumerate() {
                    let name = r
                        .get("molecule")
                        .and_then(Value::as_str)
                        .unwrap_or("the folder's facts");
                    h += &format!(
                        "<h3>{}</h3>{}\n",
                        esc(name),
                        value_html(&format!("/suggestions/{i}"), "", r)
                    );
                }
            }
            None => h += &value_html("/suggestions", "suggestions", s),
        }
        h += "</section>\n";
    }
    h += "<section id=\"inputs\"><h2>Inputs</h2><table><tr><th>file</th><th>used by</th>\
          <th>as</th></tr>";
    for (file, step, role) in &used {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(file),
            esc(step),
            esc(role)
        );
    }
    h += "</table><p>Not analysed: ";
    h += &json
        .get("unused_files")
        .map_or("—".into(), |u| value_html("/unused_files", "", u));
    h += "</p></section>\n";
    h += &format!(
        "<footer><p>ringflux {} · <code>{}</code> · {} (UTC)</p></footer>\n</body></html>\n",
        esc(&meta.version),
        esc(&meta.command_line),
        esc(&meta.date_utc)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_match_known_unix_times() {
        // `date -u -d @0`, `@951782400` (a leap day), `@1798675200`.
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_798_675_200), "2026-12-31");
    }
}
