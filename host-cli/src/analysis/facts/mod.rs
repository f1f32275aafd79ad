//! Facts for the SAR rules on the host side: parsing values, JSON, and a [`FactSheet`] that
//! remembers where each fact came from (a flag, a structure file, an analysis step).

pub mod from_structure;

use crate::error::InputError;
use ringflux_rules::{Fact, Facts, Kind, Rotamer, Value};
use serde_json::{json, Map};
use std::collections::BTreeMap;

/// Which atom of the user's file sits at each ring position (1-based atom numbers).
#[derive(Debug, Clone, Default)]
pub struct AtomMap {
    /// The structure file.
    pub file: String,
    /// Position → 1-based atom number.
    pub atoms: BTreeMap<&'static str, usize>,
}

/// Facts plus the source of each stated fact.
#[derive(Debug, Clone, Default)]
pub struct FactSheet {
    /// The facts.
    pub facts: Facts,
    /// Fact name → where it came from (`--tc-k`, `ensemble.sdf`, `coalescence step`).
    pub sources: BTreeMap<&'static str, String>,
    /// Populations of the chair and boat families (when a source gave them) and that source,
    /// from which [`FactSheet::derive`] computes `bioactive_population`.
    pub family_populations: Option<([f64; 2], String)>,
    /// Atom numbers of the ring positions in the molecule's structure file, when there is one.
    pub atoms: Option<AtomMap>,
    /// Whether the two amide rotamers are distinct conformers (`Some(false)` for a symmetric
    /// ring such as the piperazine, where O syn to C2 and O syn to the other carbon on N1 are
    /// one conformer): then [`FactSheet::drop_rotamer_facts`] removes every rotamer fact.
    pub rotamers_distinct: Option<bool>,
    /// Disagreements found while combining sources (measured vs computed), for the reader.
    pub warnings: Vec<String>,
    /// How E/Z maps onto the O-syn names of the N1 amide for this molecule (CIP), when a
    /// structure says so.
    pub rotamer_ez: Option<from_structure::RotamerEz>,
}

impl FactSheet {
    /// Sets the rotamer facts from amounts `c2 : c7` (O syn to C2 : O syn to C7, both > 0) at
    /// `temp_k`: the ratio, ΔG° and, when they differ, the major rotamer.
    pub fn set_rotamer_ratio(
        &mut self,
        c2: f64,
        c7: f64,
        temp_k: f64,
        source: &str,
    ) -> Result<(), InputError> {
        let eq = ringflux_core::equilibrium::from_ratio(c2, c7, temp_k)
            .map_err(InputError::from_core)?;
        self.set(Fact::RotamerRatio, Value::Number(eq.k_eq), source)?;
        self.set(
            Fact::Dg0RotamerKcalPerMol,
            Value::Number(crate::units::kcal(eq.dg0_j_per_mol)),
            source,
        )?;
        if c2 != c7 {
            let major = if c2 > c7 {
                Rotamer::OSynC2
            } else {
                Rotamer::OSynC7
            };
            self.set(Fact::MajorRotamer, Value::Rotamer(major), source)?;
        }
        Ok(())
    }

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

    /// Forgets a fact and its source.
    pub fn clear(&mut self, fact: Fact) {
        // Clearing (`None`) is never a type error.
        let _ = self.facts.set(fact, None);
        self.sources.remove(fact.name());
    }

    /// Removes the rotamer facts when the molecule has no distinct rotamers; returns the names
    /// of the facts removed (a measured E:Z ratio does not apply to a symmetric ring).
    pub fn drop_rotamer_facts(&mut self) -> Vec<&'static str> {
        if self.rotamers_distinct != Some(false) {
            return Vec::new();
        }
        let rotamer_facts = [
            Fact::MajorRotamer,
            Fact::MajorRotamerN4,
            Fact::BioactiveRotamer,
            Fact::RotamerRatio,
            Fact::Dg0RotamerKcalPerMol,
        ];
        let mut dropped = Vec::new();
        for f in rotamer_facts {
            if self.facts.stated(f).is_some() {
                self.clear(f);
                dropped.push(f.name());
            }
        }
        dropped
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

    /// The N1 amide's rotamer named in either vocabulary: `O-syn-C2` / `O-syn-C7`, or `E` / `Z`
    /// mapped through this molecule's CIP ranking ([`FactSheet::rotamer_ez`], from a structure).
    /// Returns the rotamer and, for E/Z, the mapping as a phrase for the fact's source.
    pub fn rotamer_named(&self, name: &str) -> Result<(Rotamer, Option<String>), String> {
        if let Some(r) = Fact::BioactiveRotamer.parse(name).and_then(|v| match v {
            Value::Rotamer(r) => Some(r),
            _ => None,
        }) {
            return Ok((r, None));
        }
        if !matches!(name, "E" | "Z" | "e" | "z") {
            return Err(format!(
                "'{name}' is not a rotamer of the N1 amide (O-syn-C2, O-syn-C7, or E/Z with a structure)"
            ));
        }
        let m = self.rotamer_ez.as_ref().ok_or_else(|| {
            format!(
                "'{name}': E/Z is a CIP label whose O-syn meaning depends on the molecule; give its structure (the ring carbons on N1 must rank differently) or name the rotamer O-syn-C2 / O-syn-C7"
            )
        })?;
        let r = m
            .rotamer(name)
            .ok_or_else(|| format!("'{name}' is not E or Z"))?;
        let how = format!(
            "{} = {} by CIP in {}",
            name.to_ascii_uppercase(),
            r.name(),
            m.file
        );
        Ok((r, Some(how)))
    }

    /// Lays `other` over this sheet: every fact `other` states replaces this one's (with its
    /// source), and so do its family populations and atom map.
    pub fn overlay(&mut self, other: &FactSheet) -> Result<(), InputError> {
        for &fact in Fact::ALL {
            if let (Some(v), Some(src)) = (other.facts.stated(fact), other.sources.get(fact.name()))
            {
                self.set(fact, v, src)?;
            }
        }
        if other.family_populations.is_some() {
            self.family_populations
                .clone_from(&other.family_populations);
        }
        if other.atoms.is_some() {
            self.atoms.clone_from(&other.atoms);
        }
        if other.rotamers_distinct.is_some() {
            self.rotamers_distinct = other.rotamers_distinct;
        }
        if other.rotamer_ez.is_some() {
            self.rotamer_ez.clone_from(&other.rotamer_ez);
        }
        Ok(())
    }

    /// Measured beats computed for the same quantity: the rotamer ratio and ΔG° of an NMR
    /// measurement (`measured`) replace those of a force-field ensemble overlaid on this sheet,
    /// and when the two ratios differ by more than a factor of 2 (each taken as major:minor ≥ 1)
    /// a warning says so. The major rotamer's identity stays the ensemble's (an `A:B` ratio
    /// does not name it).
    pub fn measured_rotamers_win(&mut self, measured: &FactSheet) -> Result<(), InputError> {
        let ratio = |s: &FactSheet| match s.facts.stated(Fact::RotamerRatio) {
            Some(Value::Number(k)) if k > 0.0 => Some((
                k.max(1.0 / k),
                s.sources.get("rotamer_ratio").cloned().unwrap_or_default(),
            )),
            _ => None,
        };
        let (Some((meas, msrc)), Some((comp, csrc))) = (ratio(measured), ratio(self)) else {
            return Ok(());
        };
        if meas.max(comp) / meas.min(comp) > 2.0 {
            self.warnings.push(format!(
                "rotamer ratio: measured {meas:.2}:1 ({msrc}) and computed {comp:.2}:1 ({csrc}) \
                 differ by more than a factor of 2; the measured one is used"
            ));
        }
        for fact in [Fact::RotamerRatio, Fact::Dg0RotamerKcalPerMol] {
            if let (Some(v), Some(src)) = (
                measured.facts.stated(fact),
                measured.sources.get(fact.name()),
            ) {
                self.set(fact, v, src)?;
            }
        }
        Ok(())
    }

    /// Derives what follows from facts of different sources: the population of the bioactive
    /// family once both the bioactive family and the family populations are known.
    pub fn derive(&mut self) -> Result<(), InputError> {
        let bio = self.facts.get(Fact::BioactiveFamily);
        if let (Some(Value::Family(f)), Some((pops, source))) =
            (bio, self.family_populations.clone())
        {
            let p = match f {
                ringflux_rules::Family::Chair => pops[0],
                ringflux_rules::Family::Boat => pops[1],
            };
            let source = format!("{source} (population of the bioactive family)");
            self.set_default(
                Fact::BioactivePopulation,
                Value::Number(p.clamp(0.0, 1.0)),
                &source,
            )?;
        }
        Ok(())
    }

    /// Range and consistency check; the error names the fact and its source.
    pub fn check(&self) -> Result<(), InputError> {
        self.facts.check().map_err(|e| {
            let name = e.parameter();
            let source = self.sources.get(name).map_or("facts", String::as_str);
            let fact = Fact::from_name(name);
            let what = match (fact.and_then(Fact::range), fact) {
                (Some((lo, hi)), _) => {
                    format!("{name}: {} (valid range {lo}..{hi})", message(e))
                }
                (None, Some(f)) if f.rotamer_nitrogen().is_some() => format!(
                    "{name}: not a rotamer of its amide (one of {})",
                    f.value_names().collect::<Vec<_>>().join(", ")
                ),
                (None, _) => format!("{name}: contradicts another fact"),
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

/// Facts gathered by `analyze`: measured (kinetics, equilibria, energies), stated by the user
/// (`*.facts.json`), and one sheet per molecule (structure file). Precedence: stated > the
/// molecule's structure > measured.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// From measurement and computation steps.
    pub measured: FactSheet,
    /// From `*.facts.json`.
    pub stated: FactSheet,
    /// (structure file, its facts), in the order read.
    pub molecules: Vec<(String, FactSheet)>,
}

impl Gathered {
    /// Whether any fact was gathered.
    pub fn is_empty(&self) -> bool {
        self.measured.sources.is_empty()
            && self.stated.sources.is_empty()
            && self.molecules.is_empty()
    }

    /// One sheet per molecule (or one without a molecule when no structure was read), with the
    /// precedence applied and derived facts added; checked.
    pub fn sheets(&self) -> Result<Vec<(Option<String>, FactSheet)>, InputError> {
        let mut out = Vec::new();
        let mut molecules: Vec<(Option<String>, Option<&FactSheet>)> = self
            .molecules
            .iter()
            .map(|(f, s)| (Some(f.clone()), Some(s)))
            .collect();
        if molecules.is_empty() {
            molecules.push((None, None));
        }
        for (file, mol) in molecules {
            let mut sheet = self.measured.clone();
            if let Some(m) = mol {
                sheet.overlay(m)?;
                sheet.measured_rotamers_win(&self.measured)?;
            }
            sheet.overlay(&self.stated)?;
            sheet.drop_rotamer_facts();
            sheet.derive()?;
            sheet.check()?;
            out.push((file, sheet));
        }
        Ok(out)
    }
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
        Kind::Number => crate::io::table::parse_finite(s)
            .map(Value::Number)
            .ok_or_else(|| format!("{}: '{s}' is not a finite number", fact.name())),
        k => fact.parse(s).ok_or_else(|| {
            let names: Vec<_> = fact.value_names().collect();
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

    /// Analytic case: TC 40 %, C 5 %, TB 30 %, B 25 % — the major conformation is TC with its
    /// own 40 %, the major family is the boat family with 55 % (not TC's chair family at 45 %).
    #[test]
    fn major_conformation_and_family_are_separate_maxima() {
        use ringflux_rules::{Conformation as C, Family};
        let mut s = FactSheet::default();
        let pops = [(C::Tc, 0.40), (C::C, 0.05), (C::Tb, 0.30), (C::B, 0.25)];
        feed::set_major(&mut s, &pops, "test").unwrap();
        let f = &s.facts;
        assert_eq!(f.major_conformation, Some(C::Tc));
        assert_eq!(f.major_conformation_population, Some(0.40));
        assert_eq!(f.major_family, Some(Family::Boat));
        assert!((f.major_family_population.unwrap() - 0.55).abs() < 1e-15);
        s.check().unwrap();
    }

    #[test]
    fn symmetric_ring_has_no_rotamer_facts() {
        let mut s = FactSheet::default();
        s.set_rotamer_ratio(3.0, 1.0, 298.15, "ratio.csv").unwrap();
        s.rotamers_distinct = Some(true);
        assert!(s.drop_rotamer_facts().is_empty());
        s.rotamers_distinct = Some(false);
        let dropped = s.drop_rotamer_facts();
        assert_eq!(
            dropped,
            ["major_rotamer", "rotamer_ratio", "dg0_rotamer_kcal_per_mol"]
        );
        assert!(s.facts.stated(Fact::RotamerRatio).is_none());
        assert!(!s.sources.contains_key("rotamer_ratio"));
    }

    #[test]
    fn sheet_checks_ranges_naming_the_source() {
        let mut s = FactSheet::default();
        s.set(Fact::MajorFamilyPopulation, Value::Number(1.5), "--fact")
            .unwrap();
        let e = s.check().unwrap_err();
        assert_eq!(e.place, "--fact");
        assert!(e.what.contains("major_family_population"), "{e}");
    }
}

/// Feeders: each reads the JSON one `analyze` step reported for one file and adds the facts it
/// implies to the sheet (`analyze` ends with the suggestions those facts lead to).
pub mod feed {
    use super::FactSheet;
    use crate::error::{CmdResult, InputError};
    use ringflux_rules::{Conformation, Fact, Family, Value};
    use serde_json::Value as Json;
    use std::path::Path;

    fn name_of(p: &Path) -> String {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Which process a measurement is about, from words in the file name, else the row name
    /// (as the barrier list decides it, `analysis::analyze::barriers::of_finding`).
    fn process(file: &Path, row: &str) -> Option<Fact> {
        use crate::analysis::analyze::barriers::Process;
        let p = Process::of_name(&name_of(file)).or_else(|| Process::of_name(row));
        p.map(|p| match p {
            Process::AmideRotation => Fact::DgAmideKcalPerMol,
            Process::RingInversion => Fact::DgRingKcalPerMol,
        })
    }

    fn num(v: &Json, key: &str) -> Option<f64> {
        v.get(key).and_then(Json::as_f64)
    }

    /// `coalescence` (rows): the first row gives `tc_k`, and its ΔG‡ is the amide barrier when
    /// the file or row name says `amide`/`rotamer`, the ring barrier for `ring`/`inversion`.
    /// With several coalescence files (amide rotation near room temperature, ring inversion at
    /// 170 K), `tc_k` keeps the T_c nearest 298.15 K: the rule that reads it asks whether the
    /// room-temperature spectrum is broadened, whichever process broadens it.
    pub fn coalescence(file: &Path, v: &Json, s: &mut FactSheet) -> CmdResult<()> {
        let Some(row) = v.as_array().and_then(|a| a.first()) else {
            return Ok(());
        };
        let name = row.get("name").and_then(Json::as_str).unwrap_or("");
        let source = format!("{} row '{name}'", name_of(file));
        if let Some(tc) = num(row, "tc_k") {
            let from_room = |t: f64| (t - 298.15).abs();
            let nearer = match s.facts.get(Fact::TcK) {
                Some(Value::Number(old)) => from_room(tc) < from_room(old),
                _ => true,
            };
            if nearer {
                s.set(Fact::TcK, Value::Number(tc), &source)?;
            }
        }
        if let (Some(fact), Some(dg)) = (process(file, name), num(row, "dg_kcal_per_mol")) {
            s.set(fact, Value::Number(dg), &source)?;
        }
        Ok(())
    }

    /// `ratio` (rows) about rotamers (file or row name says so): the first row's K and ΔG°.
    /// Which rotamer is major is not in an `A:B` row, so `major_rotamer` stays unknown.
    pub fn ratio(file: &Path, v: &Json, s: &mut FactSheet) -> CmdResult<()> {
        let Some(row) = v.as_array().and_then(|a| a.first()) else {
            return Ok(());
        };
        let name = row.get("name").and_then(Json::as_str).unwrap_or("");
        if process(file, name) != Some(Fact::DgAmideKcalPerMol) {
            return Ok(());
        }
        let source = format!("{} row '{name}'", name_of(file));
        if let Some(k) = num(row, "k_eq") {
            s.set(Fact::RotamerRatio, Value::Number(k), &source)?;
        }
        if let Some(dg) = num(row, "dg0_kcal_per_mol") {
            s.set(Fact::Dg0RotamerKcalPerMol, Value::Number(dg), &source)?;
        }
        Ok(())
    }

    /// `boltzmann` over states named by conformation (`TC`, `TB-E`, `C-Z`, …): the major
    /// conformation, its family's population, and the entropy over those states. Files whose
    /// state names are not conformations add nothing.
    pub fn boltzmann(file: &Path, v: &Json, s: &mut FactSheet) -> CmdResult<()> {
        let Some(states) = v.get("populations").and_then(Json::as_array) else {
            return Ok(());
        };
        let mut by_conf: Vec<(Conformation, f64)> = Vec::new();
        for st in states {
            let name = st.get("name").and_then(Json::as_str).unwrap_or("");
            let head = name.split(['-', '_', ' ']).next().unwrap_or("");
            let Some(c) = Conformation::from_name(&head.to_ascii_uppercase()) else {
                return Ok(());
            };
            let p = num(st, "population").unwrap_or(0.0);
            match by_conf.iter_mut().find(|(x, _)| *x == c) {
                Some((_, sum)) => *sum += p,
                None => by_conf.push((c, p)),
            }
        }
        let source = name_of(file);
        set_major(s, &by_conf, &source)?;
        if let Some(e) = num(v, "conformational_entropy_j_per_mol_k") {
            s.set(
                Fact::ConformationalEntropyJPerMolK,
                Value::Number(e),
                &source,
            )?;
        }
        Ok(())
    }

    /// From per-conformation populations: the major conformation with its own share
    /// (`major_conformation_population`, TC alone) and the major family with the family's share
    /// (`major_family_population`, C + TC); the two maxima may lie in different families.
    pub fn set_major(
        s: &mut FactSheet,
        by_conf: &[(Conformation, f64)],
        source: &str,
    ) -> Result<(), InputError> {
        let Some(&(major, major_pop)) = by_conf.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else {
            return Ok(());
        };
        let pop = |f: Family| -> f64 {
            by_conf
                .iter()
                .filter(|(c, _)| c.family() == f)
                .map(|(_, p)| p)
                .sum()
        };
        let (chair, boat) = (pop(Family::Chair), pop(Family::Boat));
        let (family, family_pop) = if boat > chair {
            (Family::Boat, boat)
        } else {
            (Family::Chair, chair)
        };
        s.family_populations = Some(([chair, boat], source.to_string()));
        s.set(Fact::MajorConformation, Value::Conformation(major), source)?;
        s.set(
            Fact::MajorConformationPopulation,
            Value::Number(major_pop.clamp(0.0, 1.0)),
            source,
        )?;
        s.set(Fact::MajorFamily, Value::Family(family), source)?;
        s.set(
            Fact::MajorFamilyPopulation,
            Value::Number(family_pop.clamp(0.0, 1.0)),
            source,
        )?;
        Ok(())
    }

    /// `facts` (`*.facts.json`, facts stated by the user): already checked by the step.
    pub fn stated(file: &Path, v: &Json, s: &mut FactSheet) -> CmdResult<()> {
        let Some(m) = v.as_object() else {
            return Ok(());
        };
        for (k, val) in m {
            let fact = Fact::from_name(k)
                .ok_or_else(|| InputError::file(file, format!("unknown fact '{k}'")))?;
            let value =
                super::parse_json_value(fact, val).map_err(|e| InputError::file(file, e))?;
            s.set(fact, value, &name_of(file))?;
        }
        Ok(())
    }
}
