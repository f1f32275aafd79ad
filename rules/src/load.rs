//! Loading a rule set from JSON in two steps (the cargo-deny pattern):
//!
//! 1. [`parse`]: JSON text → [`RawRuleFile`], the unvalidated form (serde-json-core, no_std,
//!    zero-copy: strings borrow from the text). Unknown keys and wrong JSON types fail here.
//! 2. [`RawRuleFile::validate`]: resolves names, checks types, values, references, the graph and
//!    every example, collecting [`Diagnostics`] with the JSON path of each problem; only a clean
//!    file becomes a [`RuleStore`], whose [`RuleStore::as_set`] is what [`crate::evaluate`] takes.
//!
//! Strings are borrowed, so backslash escapes are not supported (diagnostic `escaped-string`);
//! write characters such as `Δ` or `‡` directly in UTF-8.
//!
//! The file format (`format: 1`):
//! ```json
//! { "format": 1, "name": "my-rules", "roots": ["first-test"],
//!   "nodes": [ { "id": "first-test", "test": { "fact": "tc_k", "between": [273.15, 323.15] },
//!                "yes": "some-rule", "no": null, "unknown": null } ],
//!   "rules": [ { "id": "some-rule", "title": "…", "suggestion": "…", "rationale": "…",
//!                "reference": null, "priority": 40, "positions": ["acyl"], "next": null,
//!                "examples": [ { "facts": { "tc_k": 300 }, "fires": true } ] } ] }
//! ```
//! A test has exactly one operator: `is` (a name), `below`, `at_least`, `between` (numbers) or
//! `known: true`. A reference is an id, `null` or `"end"` (the tree ends); `unknown` follows
//! `no` when absent or `null`.

use crate::check::{
    Code, Diagnostics, Place, Seg, MAX_EXAMPLES, MAX_EXAMPLES_PER_RULE, MAX_NODES, MAX_ROOTS,
    MAX_RULES,
};
use crate::fact::{Fact, Facts, Kind, RawFacts, RawValue, Value};
use crate::tree::{Example, Node, Position, Positions, Rule, RuleSet, Target, Test};
use heapless::Vec;
use serde::Deserialize;

/// The test of a node as written.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RawTest<'a> {
    /// Fact name.
    pub fact: &'a str,
    /// Equality with a named value.
    #[serde(default)]
    pub is: Option<&'a str>,
    /// Strictly below a number.
    #[serde(default)]
    pub below: Option<f64>,
    /// At least a number.
    #[serde(default)]
    pub at_least: Option<f64>,
    /// Within `[lo, hi]`.
    #[serde(default)]
    pub between: Option<[f64; 2]>,
    /// `true`: is the fact known?
    #[serde(default)]
    pub known: Option<bool>,
}

/// A test node as written.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RawNode<'a> {
    /// Kebab-case id.
    pub id: &'a str,
    /// The test.
    pub test: RawTest<'a>,
    /// Successor when the test holds (`null` = end).
    #[serde(default)]
    pub yes: Option<&'a str>,
    /// Successor when it fails (`null` = end).
    #[serde(default)]
    pub no: Option<&'a str>,
    /// Successor when the fact is unknown (absent or `null` = same as `no`; `"end"` = end).
    #[serde(default)]
    pub unknown: Option<&'a str>,
}

/// An example as written.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RawExample<'a> {
    /// Input facts.
    pub facts: RawFacts<'a>,
    /// Whether the rule fires.
    pub fires: bool,
}

/// A rule as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RawRule<'a> {
    /// Kebab-case id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Suggestion.
    pub suggestion: &'a str,
    /// Rationale.
    pub rationale: &'a str,
    /// Reference.
    #[serde(default)]
    pub reference: Option<&'a str>,
    /// Priority (higher first).
    pub priority: u8,
    /// Position labels.
    #[serde(default)]
    pub positions: Vec<&'a str, 8>,
    /// Successor after the rule (`null` = end).
    #[serde(default)]
    pub next: Option<&'a str>,
    /// Examples.
    #[serde(default)]
    pub examples: Vec<RawExample<'a>, MAX_EXAMPLES_PER_RULE>,
}

/// A rule file as written: step 1 of loading. About 58 KB (its fixed capacities), built on the
/// stack by serde: keep it in a `static` or a large enough stack on small targets. Parsing and
/// validating a file took between 0.5 and 1 MiB of stack in an optimised x86-64 build and about
/// 3 MiB unoptimised (measured with `RUST_MIN_STACK` on the damaged-file property test), more
/// than a Rust test thread's default 2 MiB.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RawRuleFile<'a> {
    /// Format version ([`crate::RULE_FORMAT_VERSION`]).
    pub format: u32,
    /// Name of the set.
    pub name: &'a str,
    /// Root node or rule ids, one per tree.
    pub roots: Vec<&'a str, MAX_ROOTS>,
    /// Test nodes.
    pub nodes: Vec<RawNode<'a>, MAX_NODES>,
    /// Rules.
    pub rules: Vec<RawRule<'a>, MAX_RULES>,
}

/// Step 1 failed: the serde-json-core error (no position: the host re-reads the text with a
/// position-tracking parser to say where).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ParseError(pub serde_json_core::de::Error);

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(&self.0, f)
    }
}

/// Step 1: parses rule-file JSON into the unvalidated form.
///
/// ```
/// use ringflux_rules::{check::Diagnostics, evaluate, load, Facts};
/// let json = r#"{"format": 1, "name": "demo", "roots": ["near-rt"],
///   "nodes": [{"id": "near-rt", "test": {"fact": "tc_k", "between": [273.15, 323.15]},
///              "yes": "broad", "no": null}],
///   "rules": [{"id": "broad", "title": "Broad lines", "suggestion": "Record at 353 K.",
///              "rationale": "Tc near 298 K.", "priority": 1,
///              "examples": [{"facts": {"tc_k": 300}, "fires": true},
///                           {"facts": {"tc_k": 200}, "fires": false}]}]}"#;
/// let raw = load::parse(json).unwrap();
/// let mut diags: Diagnostics<8> = Diagnostics::new();
/// let store = raw.validate(&mut diags).unwrap();
/// let facts = Facts { tc_k: Some(305.0), ..Facts::UNKNOWN };
/// assert!(evaluate::<4, 8>(&store.as_set(), &facts).unwrap().fires("broad"));
/// ```
pub fn parse(json: &str) -> Result<RawRuleFile<'_>, ParseError> {
    serde_json_core::from_str(json)
        .map(|(file, _)| file)
        .map_err(ParseError)
}

/// A validated rule set loaded from a file: fixed-capacity arrays borrowing the file's text.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RuleStore<'a> {
    name: &'a str,
    roots: Vec<Target, MAX_ROOTS>,
    nodes: Vec<Node<'a>, MAX_NODES>,
    rules: Vec<Rule<'a>, MAX_RULES>,
    examples: Vec<Example, MAX_EXAMPLES>,
}

impl<'a> RuleStore<'a> {
    /// The rule set, ready for [`crate::evaluate`].
    pub fn as_set(&self) -> RuleSet<'_> {
        RuleSet {
            name: self.name,
            roots: &self.roots,
            nodes: &self.nodes,
            rules: &self.rules,
            examples: &self.examples,
        }
    }
}

/// The reserved reference meaning "the tree ends here" (as `null` does); defined with the tree
/// it ends, so that `check` (which rejects it as an id) need not import the loader.
pub use crate::tree::END;

/// What one name refers to.
fn resolve<'a>(file: &RawRuleFile<'a>, name: &str) -> Option<Target> {
    let node = file.nodes.iter().zip(0u16..).find(|(n, _)| n.id == name);
    let rule = file.rules.iter().zip(0u16..).find(|(r, _)| r.id == name);
    node.map(|(_, i)| Target::Node(i))
        .or(rule.map(|(_, i)| Target::Rule(i)))
}

fn escaped<const N: usize>(text: &str, place: impl FnOnce() -> Place, out: &mut Diagnostics<N>) {
    // Raw control characters are not JSON (RFC 8259 §7) and could only be written back escaped.
    if text.contains('\\') || text.chars().any(char::is_control) {
        out.push(Code::EscapedString, place(), text, None);
    }
}

impl<'a> RawRuleFile<'a> {
    /// Step 2: validates into a [`RuleStore`], or returns `None` with the errors in `out`
    /// (warnings are added in both cases).
    pub fn validate<const N: usize>(&self, out: &mut Diagnostics<N>) -> Option<RuleStore<'a>> {
        let mut store = RuleStore {
            name: self.name,
            ..RuleStore::default()
        };
        if self.format != crate::RULE_FORMAT_VERSION {
            out.push(
                Code::FormatVersion,
                Place::of(&[Seg::Key("format")]),
                "",
                None,
            );
        }
        escaped(self.name, || Place::of(&[Seg::Key("name")]), out);
        for (&name, i) in self.roots.iter().zip(0u16..) {
            let place = Place::of(&[Seg::Key("roots"), Seg::Index(i)]);
            let t = self.reference(Some(name), place, out);
            // Capacity equals the raw capacity: cannot fail.
            let _ = store.roots.push(t);
        }
        for (raw, i) in self.nodes.iter().zip(0u16..) {
            let place = Place::item("nodes", i);
            escaped(raw.id, || place.clone().key("id"), out);
            let node = Node {
                id: raw.id,
                test: test(&raw.test, place.clone().key("test"), out),
                yes: self.reference(raw.yes, place.clone().key("yes"), out),
                no: self.reference(raw.no, place.clone().key("no"), out),
                unknown: match raw.unknown {
                    None => self.reference(raw.no, place.clone().key("no"), out),
                    u => self.reference(u, place.clone().key("unknown"), out),
                },
            };
            let _ = store.nodes.push(node);
        }
        for (raw, i) in self.rules.iter().zip(0u16..) {
            let place = Place::item("rules", i);
            self.rule(raw, i, &place, &mut store, out);
        }
        if !out.ok() {
            return None;
        }
        store.as_set().check(out);
        out.ok().then_some(store)
    }

    fn reference<const N: usize>(
        &self,
        name: Option<&'a str>,
        place: Place,
        out: &mut Diagnostics<N>,
    ) -> Target {
        match name {
            None | Some(END) => Target::End,
            Some(n) => resolve(self, n).unwrap_or_else(|| {
                out.push(Code::DanglingReference, place, n, None);
                Target::End
            }),
        }
    }

    fn rule<const N: usize>(
        &self,
        raw: &RawRule<'a>,
        i: u16,
        place: &Place,
        store: &mut RuleStore<'a>,
        out: &mut Diagnostics<N>,
    ) {
        let texts = [
            (raw.id, "id"),
            (raw.title, "title"),
            (raw.suggestion, "suggestion"),
            (raw.rationale, "rationale"),
            (raw.reference.unwrap_or(""), "reference"),
        ];
        for (text, field) in texts {
            escaped(text, || place.clone().key(field), out);
        }
        let mut positions = Positions::NONE;
        for (&p, k) in raw.positions.iter().zip(0u16..) {
            match Position::from_name(p) {
                Some(p) => positions = positions.with(p),
                None => out.push(
                    Code::BadPosition,
                    place.clone().key("positions").index(k),
                    p,
                    None,
                ),
            }
        }
        let rule = Rule {
            id: raw.id,
            title: raw.title,
            suggestion: raw.suggestion,
            rationale: raw.rationale,
            reference: raw.reference,
            priority: raw.priority,
            positions,
            next: self.reference(raw.next, place.clone().key("next"), out),
        };
        let _ = store.rules.push(rule);
        for (ex, k) in raw.examples.iter().zip(0u16..) {
            let place = place.clone().key("examples").index(k).key("facts");
            let example = Example {
                rule: i,
                facts: facts(&ex.facts, &place, out),
                fires: ex.fires,
            };
            if store.examples.push(example).is_err() {
                out.push(Code::Capacity, place, "examples", None);
            }
        }
    }
}

/// Converts written facts into typed facts, reporting bad names and values.
fn facts<const N: usize>(raw: &RawFacts<'_>, place: &Place, out: &mut Diagnostics<N>) -> Facts {
    let mut facts = Facts::UNKNOWN;
    for &fact in Fact::ALL {
        let value = match raw.get(fact) {
            None => continue,
            Some(RawValue::Number(x)) => Some(Value::Number(x)),
            Some(RawValue::Name(s)) => {
                let v = fact.parse(s);
                if v.is_none() {
                    out.push(
                        Code::BadValue,
                        place.clone().key(fact.name()),
                        s,
                        Some(fact),
                    );
                }
                v
            }
        };
        // Kinds match by construction of RawFacts (numbers for numeric facts, names otherwise).
        let _ = facts.set(fact, value);
    }
    facts
}

/// Converts a written test, reporting unknown facts, operator, type and value problems.
fn test<const N: usize>(raw: &RawTest<'_>, place: Place, out: &mut Diagnostics<N>) -> Test {
    let Some(fact) = Fact::from_name(raw.fact) else {
        out.push(Code::UnknownFact, place.key("fact"), raw.fact, None);
        return Test::Known(Fact::RingSize);
    };
    let ops = [
        raw.is.is_some(),
        raw.below.is_some(),
        raw.at_least.is_some(),
        raw.between.is_some(),
        raw.known.is_some(),
    ];
    let count = ops.iter().filter(|&&x| x).count();
    if count != 1 {
        out.push(Code::TestOperator, place, raw.fact, Some(fact));
        return Test::Known(fact);
    }
    let numeric = fact.kind() == Kind::Number;
    let mismatch = |out: &mut Diagnostics<N>, field: &'static str| {
        out.push(
            Code::TypeMismatch,
            place.clone().key(field),
            raw.fact,
            Some(fact),
        );
        Test::Known(fact)
    };
    match (raw.is, raw.below, raw.at_least, raw.between, raw.known) {
        (Some(name), ..) if numeric => {
            let _ = name;
            mismatch(out, "is")
        }
        (Some(name), ..) => match fact.parse(name) {
            Some(v) => Test::Is(fact, v),
            None => {
                out.push(Code::BadValue, place.key("is"), name, Some(fact));
                Test::Known(fact)
            }
        },
        (_, Some(_), ..) if !numeric => mismatch(out, "below"),
        (_, _, Some(_), ..) if !numeric => mismatch(out, "at_least"),
        (_, _, _, Some(_), _) if !numeric => mismatch(out, "between"),
        (_, Some(t), ..) => Test::Below(fact, t),
        (_, _, Some(t), ..) => Test::AtLeast(fact, t),
        (_, _, _, Some([lo, hi]), _) => Test::Between(fact, lo, hi),
        (_, _, _, _, Some(true)) => Test::Known(fact),
        _ => {
            out.push(Code::TestOperator, place.key("known"), raw.fact, Some(fact));
            Test::Known(fact)
        }
    }
}
