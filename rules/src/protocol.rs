//! The instrument protocol's `suggest` operation, on top of the core's operations
//! ([`ringflux_core::protocol`], whose module documentation describes the message format).
//!
//! ```text
//! → {"id":4,"op":"suggest","params":{"facts":{"bioactive_conformation":"TB","bioactive_rotamer":"O-syn-C7","bioactive_population":0.3}}}
//! ← {"id":4,"ok":true,"op":"suggest","result":{"suggestions":[{"id":"methyl-at-c7-syn-to-carbonyl-o","priority":90,"title":"…"},…]}}
//! ```
//!
//! `facts` uses the fact names and value names of rule files ([`crate::RawFacts`]); a value name
//! that does not exist is `out_of_range` naming the fact, a number outside the fact's range is
//! `out_of_range` too ([`crate::Facts::check`]). The answer lists the suggestions of the compiled-in
//! rule set ([`crate::DEFAULT`]) by stable id, priority and title (the full text is looked up by id
//! on the host, keeping responses within a firmware-sized buffer).
//!
//! This lives here, not in the core, because the rules crate depends on the core.

use crate::eval::{evaluate_suggestions, Suggestion, MAX_SUGGESTIONS};
use crate::fact::{Fact, Facts, RawFacts, RawValue, Value};
use crate::DEFAULT;
use heapless::Vec;
use ringflux_core::protocol::{answer, handle_with, Wire};
use ringflux_core::Error;
use serde::{Deserialize, Serialize};

/// Parameters of `suggest`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SuggestParams<'a> {
    /// What is known, as in a rule file's example.
    #[serde(borrow)]
    pub facts: RawFacts<'a>,
}

/// One suggestion on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct WireSuggestion {
    /// Stable kebab-case rule id.
    pub id: &'static str,
    /// Rank (higher first).
    pub priority: u8,
    /// One-line title.
    pub title: &'static str,
}

/// Result of `suggest`: ranked suggestions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SuggestResult {
    /// Highest priority first.
    pub suggestions: Vec<WireSuggestion, MAX_SUGGESTIONS>,
}

impl SuggestParams<'_> {
    /// Typed, checked facts evaluated by the default rule set.
    pub fn compute(&self) -> Result<SuggestResult, Error> {
        let mut facts = Facts::UNKNOWN;
        for &fact in Fact::ALL {
            let value = match self.facts.get(fact) {
                None => continue,
                Some(RawValue::Number(x)) => Value::Number(x),
                Some(RawValue::Name(s)) => fact.parse(s).ok_or(Error::OutOfRange(fact.name()))?,
            };
            facts.set(fact, Some(value))?;
        }
        facts.check()?;
        let mut ranked: Vec<Suggestion<'_>, MAX_SUGGESTIONS> = Vec::new();
        evaluate_suggestions(&DEFAULT, &facts, &mut ranked)?;
        let mut suggestions = Vec::new();
        for s in &ranked {
            let w = WireSuggestion {
                id: s.rule.id,
                priority: s.rule.priority,
                title: s.rule.title,
            };
            suggestions
                .push(w)
                .map_err(|_| Error::CapacityExceeded("suggestions"))?;
        }
        Ok(SuggestResult { suggestions })
    }
}

/// Answers one request: the core's operations plus `suggest`. Same contract as
/// [`ringflux_core::protocol::handle`] (never panics; response length returned).
///
/// ```
/// let mut out = [0u8; 1024];
/// let req = br#"{"id":4,"op":"suggest","params":{"facts":{"bioactive_conformation":"TB","bioactive_rotamer":"O-syn-C7","bioactive_population":0.3}}}"#;
/// let n = ringflux_rules::protocol::handle::<f32>(req, &mut out);
/// let text = core::str::from_utf8(&out[..n]).unwrap();
/// assert!(text.starts_with(r#"{"id":4,"ok":true,"op":"suggest","result":{"suggestions":[{"id":"methyl-at-c7-syn-to-carbonyl-o","#), "{text}");
/// ```
pub fn handle<F: Wire>(request: &[u8], response: &mut [u8]) -> usize {
    handle_with::<F>(request, response, |header, request, response| {
        (header.op == "suggest").then(|| {
            answer(
                request,
                response,
                header.id,
                "suggest",
                |p: SuggestParams<'_>| p.compute(),
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(req: &str) -> String {
        let mut out = [0u8; 2048];
        let n = handle::<f64>(req.as_bytes(), &mut out);
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    #[test]
    fn bad_fact_values_name_the_fact() {
        assert_eq!(
            run(r#"{"op":"suggest","params":{"facts":{"major_conformation":"XX"}}}"#),
            r#"{"id":null,"ok":false,"op":"suggest","error":{"code":"out_of_range","parameter":"major_conformation"}}"#
        );
        assert_eq!(
            run(r#"{"op":"suggest","params":{"facts":{"major_family_population":1.5}}}"#),
            r#"{"id":null,"ok":false,"op":"suggest","error":{"code":"out_of_range","parameter":"major_family_population"}}"#
        );
        assert!(
            run(r#"{"op":"suggest","params":{"facts":{"no_such_fact":1}}}"#)
                .contains(r#""code":"malformed""#)
        );
    }

    #[test]
    fn core_operations_still_answer() {
        assert!(
            run(r#"{"id":2,"op":"ratio","params":{"major":3,"minor":1,"temp_k":298.15}}"#)
                .starts_with(r#"{"id":2,"ok":true,"op":"ratio""#)
        );
    }
}
