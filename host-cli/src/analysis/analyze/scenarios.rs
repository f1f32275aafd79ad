//! Scenarios: when the bioactive conformation is not stated, the default rules are evaluated
//! under each hypothesis the facts leave open — the bioactive pucker family (chair: C/TC, or
//! boat: B/TB) and, where the two rotamers are distinct conformers and the bioactive one is not
//! stated, each rotamer (O syn to C2, O syn to C7). Each scenario lists the suggestions that
//! outcome of the experiment would lead to. With the bioactive family stated there are none.

use crate::analysis::facts::FactSheet;
use crate::analysis::suggest::{self, SuggestionOut};
use crate::error::CmdResult;
use ringflux_rules::{Fact, Family, Rotamer, Value};
use serde::Serialize;

/// The hypothesis of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Hypothesis {
    /// `chair` or `boat`.
    pub bioactive_family: &'static str,
    /// `O-syn-C2`, `O-syn-C7`, or `null` (stated, or no distinct rotamers).
    pub bioactive_rotamer: Option<&'static str>,
}

/// The rules under one hypothesis.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    /// What is assumed.
    pub hypothesis: Hypothesis,
    /// The suggestions, first = strongest.
    pub suggestions: Vec<SuggestionOut>,
}

/// The scenarios of one compound's checked facts (empty when the bioactive family is known).
pub fn scenarios(sheet: &FactSheet) -> CmdResult<Vec<Scenario>> {
    if sheet.facts.get(Fact::BioactiveFamily).is_some() {
        return Ok(Vec::new());
    }
    let rotamers: Vec<Option<Rotamer>> = if sheet.facts.get(Fact::BioactiveRotamer).is_none()
        && sheet.rotamers_distinct != Some(false)
    {
        Rotamer::ALL
            .iter()
            .copied()
            .filter(|r| r.nitrogen() == 1)
            .map(Some)
            .collect()
    } else {
        vec![None]
    };
    let mut out = Vec::new();
    for &family in Family::ALL {
        for &rot in &rotamers {
            let mut s = sheet.clone();
            let source = "scenario (assumed)";
            s.set(Fact::BioactiveFamily, Value::Family(family), source)?;
            if let Some(r) = rot {
                s.set(Fact::BioactiveRotamer, Value::Rotamer(r), source)?;
            }
            s.derive()?;
            s.check()?;
            let r = suggest::compute(&ringflux_rules::DEFAULT, &s, s.atoms.as_ref())?;
            out.push(Scenario {
                hypothesis: Hypothesis {
                    bioactive_family: family.name(),
                    bioactive_rotamer: rot.map(Rotamer::name),
                },
                suggestions: r.suggestions,
            });
        }
    }
    Ok(out)
}
