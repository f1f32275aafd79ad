//! The n-site exchange model file (issue 17), a contract other tools write:
//!
//! ```json
//! {"sites": [{"name": "E-TC", "nu_hz": 1120.0, "w_hz": 0.8, "population": 0.45}, …],
//!  "exchanges": [{"from": "E-TC", "to": "Z-TC", "k_per_s": 12.0}, …],
//!  "from_hz": 1000.0, "to_hz": 1250.0, "points": 2000}
//! ```
//!
//! An exchange may name its `"process"` (a barrier of the scheme, e.g. `"amide"` for E → Z in
//! both ring forms of the four-site scheme, `"ring"` for TC → TB in both amide forms): the
//! exchanges of one process share one rate constant (their `k_per_s` must be equal), which
//! `lineshape fit --free dg:NAME --temp-k T` fits as one barrier ΔG‡(T) and `vt-fit --global
//! --model-file` as one ΔH‡/ΔS‡ pair.
//!
//! Each exchange is the forward rate constant out of `from` into `to`; the reverse rate follows
//! from the populations by detailed balance (`ringflux_core::nsite`), so a pair may appear only
//! once. `from_hz`, `to_hz` and `points` are optional defaults of the frequency grid. Unknown keys
//! are errors (a misspelt `k_per_s` must not silently become 0). Errors name the file and the
//! field (`sites[2].population`), with the line for syntax errors.

use crate::error::InputError;
use crate::io::limits;
use ringflux_core::nsite::{Exchange, Site, POPULATION_SUM_TOL};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Largest number of sites a model file may hold (the capacity of the core model the host uses).
pub const MAX_SITES: usize = 8;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: String,
    nu_hz: f64,
    w_hz: f64,
    population: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExchange {
    from: String,
    to: String,
    k_per_s: f64,
    process: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    sites: Vec<RawSite>,
    exchanges: Vec<RawExchange>,
    from_hz: Option<f64>,
    to_hz: Option<f64>,
    points: Option<usize>,
}

/// A model file, read and checked: site names unique, values finite, widths > 0, populations in
/// (0, 1) adding up to 1, exchanges between named, distinct sites, each pair once, rates ≥ 0.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    /// The file read.
    pub path: PathBuf,
    /// Site names, in file order.
    pub names: Vec<String>,
    /// The sites, in file order.
    pub sites: Vec<Site<f64>>,
    /// The exchanges (indices into `sites`), in file order.
    pub exchanges: Vec<Exchange<f64>>,
    /// The process (barrier) each exchange belongs to, when the file names one.
    pub processes: Vec<Option<String>>,
    /// Default first frequency of the grid, Hz.
    pub from_hz: Option<f64>,
    /// Default last frequency, Hz.
    pub to_hz: Option<f64>,
    /// Default number of points.
    pub points: Option<usize>,
}

impl ModelFile {
    /// Index of the site called `name`.
    pub fn site(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Index of the exchange `from>to` (as given in the file, either direction).
    pub fn exchange(&self, from: &str, to: &str) -> Option<usize> {
        let (a, b) = (self.site(from)?, self.site(to)?);
        self.exchanges
            .iter()
            .position(|e| (e.from, e.to) == (a, b) || (e.from, e.to) == (b, a))
    }

    /// The exchanges of process `name` as a bit mask (bit i = exchange i), if any.
    pub fn process_mask(&self, name: &str) -> Option<u32> {
        let mask = self
            .processes
            .iter()
            .enumerate()
            .filter(|(_, p)| p.as_deref() == Some(name))
            .fold(0u32, |m, (i, _)| m | (1u32 << i));
        (mask != 0).then_some(mask)
    }

    /// The exchange's label `from>to` as in the file.
    pub fn exchange_label(&self, i: usize) -> String {
        let name = |j: usize| self.names.get(j).map(String::as_str).unwrap_or("?");
        self.exchanges
            .get(i)
            .map(|e| format!("{}>{}", name(e.from), name(e.to)))
            .unwrap_or_default()
    }
}

/// Reads and checks a model file.
pub fn read(path: &Path) -> Result<ModelFile, InputError> {
    let text = limits::read_text(path)?;
    parse(path, &text)
}

/// Parses and checks model-file text (`path` names it in errors).
pub fn parse(path: &Path, text: &str) -> Result<ModelFile, InputError> {
    let raw: RawModel = serde_json::from_str(text)
        .map_err(|e| InputError::at(path, e.line() as u64, json_message(&e)))?;
    let err = |field: String, what: &str| InputError::file(path, format!("{field}: {what}"));
    if raw.sites.is_empty() {
        return Err(err("sites".into(), "no site"));
    }
    if raw.sites.len() > MAX_SITES {
        return Err(err(
            "sites".into(),
            &format!("{} sites; at most {MAX_SITES}", raw.sites.len()),
        ));
    }
    let mut names: Vec<String> = Vec::new();
    let mut sites = Vec::new();
    let mut sum = 0.0;
    for (i, s) in raw.sites.iter().enumerate() {
        let f = |k: &str| format!("sites[{i}].{k}");
        if s.name.trim().is_empty() {
            return Err(err(f("name"), "empty"));
        }
        if names.contains(&s.name) {
            return Err(err(f("name"), &format!("'{}' named twice", s.name)));
        }
        if !s.nu_hz.is_finite() {
            return Err(err(f("nu_hz"), "not a finite number"));
        }
        if !(s.w_hz.is_finite() && s.w_hz > 0.0) {
            return Err(err(f("w_hz"), "must be greater than zero"));
        }
        let single = raw.sites.len() == 1 && s.population == 1.0;
        if !(single || (s.population > 0.0 && s.population < 1.0)) {
            return Err(err(f("population"), "must be between 0 and 1"));
        }
        sum += s.population;
        names.push(s.name.clone());
        sites.push(Site {
            nu_hz: s.nu_hz,
            w_hz: s.w_hz,
            population: s.population,
        });
    }
    if (sum - 1.0).abs() > POPULATION_SUM_TOL {
        return Err(err(
            "sites[].population".into(),
            &format!("the populations add up to {sum}, not 1"),
        ));
    }
    let mut exchanges: Vec<Exchange<f64>> = Vec::new();
    let mut processes: Vec<Option<String>> = Vec::new();
    // Processes are bit masks of at most 32 exchanges (`nsite_fit::Param::Rates`).
    if raw.exchanges.len() > 32 {
        return Err(err("exchanges".into(), "more than 32 exchanges"));
    }
    for (i, e) in raw.exchanges.iter().enumerate() {
        let f = |k: &str| format!("exchanges[{i}].{k}");
        let find = |k: &str, name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| err(f(k), &format!("no site named '{name}'")))
        };
        let (from, to) = (find("from", &e.from)?, find("to", &e.to)?);
        if from == to {
            return Err(err(f("to"), "the same site as 'from'"));
        }
        if !(e.k_per_s.is_finite() && e.k_per_s >= 0.0) {
            return Err(err(f("k_per_s"), "must be a finite number ≥ 0"));
        }
        if exchanges
            .iter()
            .any(|x| (x.from, x.to) == (from, to) || (x.from, x.to) == (to, from))
        {
            return Err(err(
                f("to"),
                "this pair is given twice (the reverse rate follows from detailed balance)",
            ));
        }
        if let Some(name) = &e.process {
            if name.trim().is_empty() {
                return Err(err(f("process"), "empty"));
            }
            let same = raw
                .exchanges
                .iter()
                .take(i)
                .position(|x| x.process.as_ref() == Some(name));
            if let Some(j) = same.filter(|&j| raw.exchanges[j].k_per_s != e.k_per_s) {
                return Err(err(
                    f("k_per_s"),
                    &format!(
                        "differs from exchanges[{j}].k_per_s of the same process '{name}' (one \
                         process, one rate constant)"
                    ),
                ));
            }
        }
        exchanges.push(Exchange {
            from,
            to,
            k_per_s: e.k_per_s,
        });
        processes.push(e.process.clone());
    }
    for (k, v) in [("from_hz", raw.from_hz), ("to_hz", raw.to_hz)] {
        if v.is_some_and(|v| !v.is_finite()) {
            return Err(err(k.into(), "not a finite number"));
        }
    }
    Ok(ModelFile {
        path: path.to_path_buf(),
        names,
        sites,
        exchanges,
        processes,
        from_hz: raw.from_hz,
        to_hz: raw.to_hz,
        points: raw.points,
    })
}

/// serde_json's message without its " at line L column C" tail (the place says the line).
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<ModelFile, InputError> {
        parse(Path::new("m.json"), text)
    }

    const GOOD: &str = r#"{"sites": [
        {"name": "A", "nu_hz": 100.0, "w_hz": 1.0, "population": 0.25},
        {"name": "B", "nu_hz": 150.0, "w_hz": 1.0, "population": 0.75}],
        "exchanges": [{"from": "B", "to": "A", "k_per_s": 30.0}], "points": 50}"#;

    #[test]
    fn reads_the_contract() {
        let m = p(GOOD).unwrap();
        assert_eq!(m.names, ["A", "B"]);
        assert_eq!((m.exchanges[0].from, m.exchanges[0].to), (1, 0));
        assert_eq!(m.exchange("A", "B"), Some(0));
        assert_eq!(m.exchange_label(0), "B>A");
        assert_eq!(m.points, Some(50));
    }

    #[test]
    fn errors_name_file_and_field() {
        let e = p(&GOOD.replace("\"B\", \"to\"", "\"C\", \"to\"")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.json: exchanges[0].from: no site named 'C'"
        );
        let e = p(&GOOD.replace("0.75", "0.7")).unwrap_err();
        assert!(e.to_string().contains("sites[].population"), "{e}");
        let e = p(&GOOD.replace(
            "\"w_hz\": 1.0, \"population\": 0.25",
            "\"w_hz\": 0.0, \"population\": 0.25",
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.json: sites[0].w_hz: must be greater than zero"
        );
        let e = p(&GOOD.replace("k_per_s", "k_per_sec")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("m.json:4: unknown field `k_per_sec`"),
            "{e}"
        );
        let e = p(&GOOD.replace("\"A\", \"k_per_s\"", "\"B\", \"k_per_s\"")).unwrap_err();
        assert!(
            e.to_string().contains("exchanges[0].to: the same site"),
            "{e}"
        );
    }
}
