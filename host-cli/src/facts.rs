//! Facts for the SAR rules on the host side: parsing values, JSON, and a [`FactSheet`] that
//! remembers where each fact came from (a flag, a structure file, an analysis step).

use crate::error::InputError;
use ringflux_rules::{Fact, Facts, Kind, Value};
use serde_json::{json, Map};
use std::collections::BTreeMap;

/// Facts plus the source of each stated fact.
#[derive(Debug, Clone, Default)]
pub struct FactSheet {
    /// The facts.
    pub facts: Facts,
    /// Fact name → where it came from (`--tc-k`, `ensemble.sdf`, `coalescence step`).
    pub sources: BTreeMap<&'static str, String>,
}

impl FactSheet {
    /// Sets a fact from `source`; a later source overrides an earlier one (the sources say which
    /// won). A value of the wrong type is an input error naming the source.
    pub fn set(&mut self, fact: Fact, value: Value, source: &str) -> Result<(), InputError> {
        self.facts.set(fact, Some(value)).map_err(|_| {
            InputError::arg(
                source,
                format!("{}: expected a {}", fact.name(), fact.kind().name()),
            )
        })?;
        self.sources.insert(fact.name(), source.to_string());
        Ok(())
    }

    /// Sets a fact only if it is still unknown (flags win over what structures imply).
    pub fn set_default(
        &mut self,
        fact: Fact,
        value: Value,
        source: &str,
    ) -> Result<(), InputError> {
        if self.facts.stated(fact).is_some() {
            return Ok(());
        }
        self.set(fact, value, source)
    }

    /// Range and consistency check; the error names the fact and its source.
    pub fn check(&self) -> Result<(), InputError> {
        self.facts.check().map_err(|e| {
            let name = e.parameter();
            let source = self.sources.get(name).map_or("facts", String::as_str);
            let what = match Fact::from_name(name).and_then(Fact::range) {
                Some((lo, hi)) => format!("{name}: {} (valid range {lo}..{hi})", message(e)),
                None => format!("{name}: contradicts another fact"),
            };
            InputError::arg(source, what)
        })
    }

    /// Facts and sources as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        json!({ "facts": facts_json(&self.facts), "fact_sources": self.sources })
    }
}

fn message(e: ringflux_core::Error) -> String {
    let s = e.to_string();
    s.split_once(": ").map_or(s.clone(), |(_, m)| m.to_string())
}

/// A fact value as JSON: a number or a name.
pub fn value_json(v: Value) -> serde_json::Value {
    match v {
        Value::Number(x) => json!(x),
        other => json!(other.to_string()),
    }
}

/// Every fact by name as the rules see it (derived facts included), `null` when unknown.
pub fn facts_json(f: &Facts) -> serde_json::Value {
    let mut m = Map::new();
    for &fact in Fact::ALL {
        let v = f.get(fact).map_or(serde_json::Value::Null, value_json);
        m.insert(fact.name().into(), v);
    }
    serde_json::Value::Object(m)
}

/// Only the stated facts, as a rule-file example's `facts` object.
pub fn stated_json(f: &Facts) -> serde_json::Value {
    let mut m = Map::new();
    for &fact in Fact::ALL {
        if let Some(v) = f.stated(fact) {
            m.insert(fact.name().into(), value_json(v));
        }
    }
    serde_json::Value::Object(m)
}

/// Parses a fact value from text: a finite number for numeric facts, a name otherwise.
pub fn parse_value(fact: Fact, s: &str) -> Result<Value, String> {
    match fact.kind() {
        Kind::Number => crate::table::parse_finite(s)
            .map(Value::Number)
            .ok_or_else(|| format!("{}: '{s}' is not a finite number", fact.name())),
        k => k.parse(s).ok_or_else(|| {
            let names: Vec<_> = k.names().collect();
            format!(
                "{}: '{s}' is not a {} (one of {})",
                fact.name(),
                k.name(),
                names.join(", ")
            )
        }),
    }
}

/// Parses a fact value from JSON (number or string).
pub fn parse_json_value(fact: Fact, v: &serde_json::Value) -> Result<Value, String> {
    match (fact.kind(), v) {
        (Kind::Number, serde_json::Value::Number(n)) => n
            .as_f64()
            .map(Value::Number)
            .ok_or_else(|| format!("{}: not a finite number", fact.name())),
        (_, serde_json::Value::String(s)) => parse_value(fact, s),
        (k, other) => Err(format!(
            "{}: expected a {}, found {other}",
            fact.name(),
            k.name()
        )),
    }
}

/// clap value parser for `--fact NAME=VALUE`.
pub fn parse_assignment(s: &str) -> Result<(Fact, Value), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}': expected NAME=VALUE"))?;
    let fact = Fact::from_name(name.trim()).ok_or_else(|| {
        let names: Vec<_> = Fact::ALL.iter().map(|f| f.name()).collect();
        format!("unknown fact '{name}' (known: {})", names.join(", "))
    })?;
    Ok((fact, parse_value(fact, value.trim())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_parse_and_reject() {
        assert_eq!(
            parse_assignment("tc_k=300").ok(),
            Some((Fact::TcK, Value::Number(300.0)))
        );
        assert!(parse_assignment("bioactive_family=boat").is_ok());
        assert!(parse_assignment("bioactive_family=tub").is_err());
        assert!(parse_assignment("tc_k=hot").is_err());
        assert!(parse_assignment("nope=1").is_err());
    }

    #[test]
    fn sheet_checks_ranges_naming_the_source() {
        let mut s = FactSheet::default();
        s.set(Fact::MajorPopulation, Value::Number(1.5), "--fact")
            .unwrap();
        let e = s.check().unwrap_err();
        assert_eq!(e.place, "--fact");
        assert!(e.what.contains("major_population"), "{e}");
    }
}
