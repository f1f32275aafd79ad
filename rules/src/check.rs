//! Diagnostics and the structural check of a rule set.
//!
//! Every problem has a stable kebab-case [`Code`] (like clippy's lint names) and a [`Place`]: the
//! JSON path of the offending item in the rule file (`rules[3].examples[1].facts.tc_k`), which
//! [`crate::locate`] turns into a line and column.

use crate::eval::{evaluate_suggestions, fires, Suggestion, MAX_SUGGESTIONS};
use crate::fact::{Fact, Kind, Value};
use crate::tree::{RuleSet, Target, Test};
use core::fmt;
use heapless::{String, Vec};

/// Capacity: test nodes of a rule set.
pub const MAX_NODES: usize = 48;
/// Capacity: rules (leaves) of a rule set.
pub const MAX_RULES: usize = 32;
/// Capacity: trees (roots) of a rule set.
pub const MAX_ROOTS: usize = 8;
/// Capacity: examples of a rule set (all rules together).
pub const MAX_EXAMPLES: usize = 128;
/// Capacity: examples of one rule in a rule file.
pub const MAX_EXAMPLES_PER_RULE: usize = 4;
const MAX_ITEMS: usize = MAX_NODES + MAX_RULES;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Severity {
    /// The rule set cannot be used.
    Error,
    /// Usable, but something a reviewer should see.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $v:ident => $name:literal, $sev:ident; )+) => {
        /// The kind of problem, with a stable kebab-case name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum Code { $( $(#[$doc])* $v, )+ }
        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[$(Code::$v),+];
            /// Stable kebab-case name.
            pub const fn name(self) -> &'static str { match self { $(Code::$v => $name),+ } }
            /// Severity.
            pub const fn severity(self) -> Severity { match self { $(Code::$v => Severity::$sev),+ } }
        }
    };
}

codes! {
    /// The text is not JSON of the rule-file shape (wrong syntax, unknown key, wrong JSON type).
    Syntax => "syntax", Error;
    /// Unsupported `format` version.
    FormatVersion => "format-version", Error;
    /// A capacity (nodes, rules, roots, examples, positions) is exceeded.
    Capacity => "capacity", Error;
    /// The set has no root.
    NoRoots => "no-roots", Error;
    /// An id is not kebab-case (`[a-z][a-z0-9]*(-[a-z0-9]+)*`).
    BadId => "bad-id", Error;
    /// Two nodes or rules share an id.
    DuplicateId => "duplicate-id", Error;
    /// A reference names no node or rule.
    DanglingReference => "dangling-reference", Error;
    /// A node or rule no root reaches.
    Unreachable => "unreachable", Error;
    /// A node or rule leads back to itself.
    Cycle => "cycle", Error;
    /// A fact name that does not exist.
    UnknownFact => "unknown-fact", Error;
    /// A test whose operator does not fit the fact's type.
    TypeMismatch => "type-mismatch", Error;
    /// A value that is not one of the fact's values.
    BadValue => "bad-value", Error;
    /// A test with no operator or several.
    TestOperator => "test-operator", Error;
    /// A threshold that is not finite, or `between` with lo > hi.
    BadThreshold => "bad-threshold", Error;
    /// An unknown ring position.
    BadPosition => "bad-position", Error;
    /// An empty title, suggestion or rationale.
    EmptyText => "empty-text", Error;
    /// A string with a backslash escape or a raw control character (not supported: write the
    /// character itself).
    EscapedString => "escaped-string", Error;
    /// An example fact outside its valid range or inconsistent with another.
    FactOutOfRange => "fact-out-of-range", Error;
    /// An example whose expected outcome the rule set does not produce.
    ExampleFails => "example-fails", Error;
    /// A rule without examples.
    NoExamples => "no-examples", Warning;
}

/// One step of a JSON path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Seg {
    /// An object key.
    Key(&'static str),
    /// An array index.
    Index(u16),
}

/// Where in the rule file: a JSON path from the top-level object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Place(Vec<Seg, 6>);

impl Place {
    /// The whole file.
    pub const FILE: Place = Place(Vec::new());
    /// A path from its segments (at most 6; deeper paths keep the first 6).
    pub fn of(segs: &[Seg]) -> Self {
        // A push loop, not `collect()`: heapless's `FromIterator` keeps a panic path for overflow
        // that the optimiser cannot remove (found by the bare-metal panic-never link).
        let mut v = Vec::new();
        for &s in segs.iter().take(6) {
            if v.push(s).is_err() {
                break;
            }
        }
        Place(v)
    }
    /// `<section>[i]`.
    pub fn item(section: &'static str, i: u16) -> Self {
        Self::of(&[Seg::Key(section), Seg::Index(i)])
    }
    /// This path extended by a key (ignored past 6 segments: no path here is that deep).
    pub fn key(mut self, k: &'static str) -> Self {
        let _ = self.0.push(Seg::Key(k));
        self
    }
    /// This path extended by an index.
    pub fn index(mut self, i: u16) -> Self {
        let _ = self.0.push(Seg::Index(i));
        self
    }
    /// The segments.
    pub fn segs(&self) -> &[Seg] {
        &self.0
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(file)");
        }
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One problem found in a rule set.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Diagnostic {
    /// What kind of problem.
    pub code: Code,
    /// Where (JSON path).
    pub place: Place,
    /// The offending text: an id, a fact or value name, a reference ("" when none); longer
    /// than 64 bytes it is cut at a character boundary and ends in `…`.
    pub subject: String<64>,
    /// The fact involved, if any.
    pub fact: Option<Fact>,
}

impl Diagnostic {
    /// The severity of its code.
    pub const fn severity(&self) -> Severity {
        self.code.severity()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.subject.as_str();
        let kind = self.fact.map(Fact::kind);
        write!(f, "{}: ", self.place)?;
        match self.code {
            Code::Syntax => write!(f, "not a rule file: {s}"),
            Code::FormatVersion => write!(
                f,
                "format {s} is not supported (this version reads format {})",
                crate::RULE_FORMAT_VERSION
            ),
            Code::Capacity => write!(f, "more {s} than the capacity holds"),
            Code::NoRoots => f.write_str("no roots: nothing would be evaluated"),
            Code::BadId => write!(f, "id '{s}' is not kebab-case (a-z, 0-9, single '-')"),
            Code::DuplicateId => write!(f, "id '{s}' is used more than once"),
            Code::DanglingReference => write!(f, "'{s}' names no node or rule"),
            Code::Unreachable => write!(f, "'{s}' is not reachable from any root"),
            Code::Cycle => write!(f, "'{s}' is on a cycle (leads back to itself)"),
            Code::UnknownFact => {
                write!(f, "unknown fact '{s}'; known facts: ")?;
                for (i, x) in Fact::ALL.iter().enumerate() {
                    write!(f, "{}{}", if i == 0 { "" } else { ", " }, x.name())?;
                }
                Ok(())
            }
            Code::TypeMismatch => match kind {
                Some(Kind::Number) => write!(
                    f,
                    "'{s}' is a number: test it with below, at_least or between"
                ),
                Some(k) => write!(f, "'{s}' is a {}: test it with is or known", k.name()),
                None => write!(f, "type mismatch at '{s}'"),
            },
            Code::BadValue => {
                write!(f, "'{s}' is not a value of ")?;
                match (self.fact, kind) {
                    (Some(fact), Some(k)) => {
                        write!(f, "{} (a {}; one of", fact.name(), k.name())?;
                        for v in fact.value_names() {
                            write!(f, " {v}")?;
                        }
                        f.write_str(")")
                    }
                    _ => f.write_str("this field"),
                }
            }
            Code::TestOperator => write!(
                f,
                "a test needs exactly one of is, below, at_least, between, known ({s})"
            ),
            Code::BadThreshold => write!(f, "threshold {s}: must be finite, and lo ≤ hi"),
            Code::BadPosition => write!(
                f,
                "unknown position '{s}' (N1, C2, C3, N4, C5, C6, C7, acyl)"
            ),
            Code::EmptyText => write!(f, "{s} must not be empty"),
            Code::EscapedString => write!(
                f,
                "'{s}' contains a backslash escape or a control character; write the character itself"
            ),
            Code::FactOutOfRange => match (self.fact.and_then(Fact::range), self.fact) {
                (Some((lo, hi)), _) => write!(f, "{s} outside its valid range [{lo}, {hi}]"),
                (None, Some(fact)) if fact.rotamer_nitrogen().is_some() => {
                    write!(f, "{s} is not a rotamer of its amide (one of")?;
                    for v in fact.value_names() {
                        write!(f, " {v}")?;
                    }
                    f.write_str(")")
                }
                (None, _) => write!(f, "{s} contradicts another fact of the example"),
            },
            Code::ExampleFails => write!(f, "example of rule '{s}' fails"),
            Code::NoExamples => write!(f, "rule '{s}' has no examples"),
        }
    }
}

/// A bounded list of diagnostics; what does not fit is counted in `dropped`, never lost silently.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Diagnostics<const N: usize = 32> {
    /// The diagnostics, in the order found.
    pub items: Vec<Diagnostic, N>,
    /// How many more were found than `N` holds.
    pub dropped: usize,
    /// Errors found (including dropped ones).
    pub errors: usize,
}

impl<const N: usize> Diagnostics<N> {
    /// Empty.
    pub const fn new() -> Self {
        Self {
            items: Vec::new(),
            dropped: 0,
            errors: 0,
        }
    }
    /// Adds a diagnostic.
    pub fn push(&mut self, code: Code, place: Place, subject: &str, fact: Option<Fact>) {
        if code.severity() == Severity::Error {
            self.errors += 1;
        }
        let d = Diagnostic {
            code,
            place,
            subject: subject_text(subject),
            fact,
        };
        if self.items.push(d).is_err() {
            self.dropped += 1;
        }
    }
    /// Whether there is no error (warnings allowed).
    pub const fn ok(&self) -> bool {
        self.errors == 0
    }
}

/// Whether `id` is kebab-case: `[a-z][a-z0-9]*(-[a-z0-9]+)*`.
pub fn is_kebab(id: &str) -> bool {
    let b = id.as_bytes();
    let starts = b.first().is_some_and(u8::is_ascii_lowercase);
    let chars = b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
    // A byte-window test, not `id.contains("--")`: core's two-way string searcher keeps a bounds
    // check (a panic path) on Cortex-M, where x86's SIMD searcher does not (issue 18).
    let double_dash = b.windows(2).any(|w| w == b"--");
    starts && chars && !id.ends_with('-') && !double_dash
}

/// A node or rule in one index space: nodes first, then rules.
fn slot(set: &RuleSet<'_>, t: Target) -> Option<usize> {
    match t {
        Target::End => None,
        Target::Node(i) => Some(usize::from(i)).filter(|&i| i < set.nodes.len()),
        Target::Rule(i) => Some(set.nodes.len() + usize::from(i)).filter(|_| set.rule(i).is_some()),
    }
}

fn target_of(set: &RuleSet<'_>, s: usize) -> Target {
    match s.checked_sub(set.nodes.len()) {
        None => u16::try_from(s).map_or(Target::End, Target::Node),
        Some(r) => u16::try_from(r).map_or(Target::End, Target::Rule),
    }
}

fn place_of(set: &RuleSet<'_>, s: usize) -> Place {
    match target_of(set, s) {
        Target::Node(i) => Place::item("nodes", i),
        Target::Rule(i) => Place::item("rules", i),
        Target::End => Place::FILE,
    }
}

/// Marks everything reachable from `from` (iterative sweeps, no recursion, no allocation).
fn sweep(set: &RuleSet<'_>, from: &[Target], marks: &mut [bool; MAX_ITEMS]) {
    for &t in from {
        if let Some(m) = slot(set, t).and_then(|s| marks.get_mut(s)) {
            *m = true;
        }
    }
    let total = set.nodes.len() + set.rules.len();
    let mut changed = true;
    while changed {
        changed = false;
        for s in 0..total {
            if !marks.get(s).copied().unwrap_or(false) {
                continue;
            }
            for succ in set.successors(target_of(set, s)) {
                if let Some(m) = slot(set, succ).and_then(|x| marks.get_mut(x)) {
                    if !*m {
                        *m = true;
                        changed = true;
                    }
                }
            }
        }
    }
}

impl<'a> RuleSet<'a> {
    /// Checks the whole set: capacities, roots, ids (kebab-case, unique), references, test
    /// types and thresholds, texts, reachability, cycles, examples (facts in range, each
    /// expected outcome reproduced). Diagnostics go to `out`; places are JSON paths.
    pub fn check<const N: usize>(&self, out: &mut Diagnostics<N>) {
        if self.nodes.len() > MAX_NODES {
            out.push(
                Code::Capacity,
                Place::of(&[Seg::Key("nodes")]),
                "nodes",
                None,
            );
        }
        if self.rules.len() > MAX_RULES {
            out.push(
                Code::Capacity,
                Place::of(&[Seg::Key("rules")]),
                "rules",
                None,
            );
        }
        if !out.ok() {
            return;
        }
        if self.roots.is_empty() {
            out.push(Code::NoRoots, Place::of(&[Seg::Key("roots")]), "", None);
        }
        self.check_items(out);
        self.check_graph(out);
        self.check_examples(out);
    }

    fn ids(&self) -> impl Iterator<Item = (Place, &'a str)> + '_ {
        let nodes = self.nodes.iter().zip(0u16..);
        let rules = self.rules.iter().zip(0u16..);
        nodes
            .map(|(n, i)| (Place::item("nodes", i), n.id))
            .chain(rules.map(|(r, i)| (Place::item("rules", i), r.id)))
    }

    fn check_items<const N: usize>(&self, out: &mut Diagnostics<N>) {
        for (k, (place, id)) in self.ids().enumerate() {
            if !is_kebab(id) || id == crate::tree::END {
                out.push(Code::BadId, place.clone().key("id"), id, None);
            }
            if self.ids().take(k).any(|(_, other)| other == id) {
                out.push(Code::DuplicateId, place.key("id"), id, None);
            }
        }
        for (&r, i) in self.roots.iter().zip(0u16..) {
            if slot(self, r).is_none() {
                let place = Place::of(&[Seg::Key("roots"), Seg::Index(i)]);
                out.push(Code::DanglingReference, place, "", None);
            }
        }
        for (n, i) in self.nodes.iter().zip(0u16..) {
            let place = Place::item("nodes", i);
            for (t, field) in [(n.yes, "yes"), (n.no, "no"), (n.unknown, "unknown")] {
                if t != Target::End && slot(self, t).is_none() {
                    out.push(Code::DanglingReference, place.clone().key(field), "", None);
                }
            }
            check_test(&n.test, place.key("test"), out);
        }
        for (r, i) in self.rules.iter().zip(0u16..) {
            let place = Place::item("rules", i);
            if r.next != Target::End && slot(self, r.next).is_none() {
                out.push(Code::DanglingReference, place.clone().key("next"), "", None);
            }
            for (text, field) in [
                (r.title, "title"),
                (r.suggestion, "suggestion"),
                (r.rationale, "rationale"),
            ] {
                if text.trim().is_empty() {
                    out.push(Code::EmptyText, place.clone().key(field), field, None);
                }
            }
        }
    }

    fn check_graph<const N: usize>(&self, out: &mut Diagnostics<N>) {
        let total = self.nodes.len() + self.rules.len();
        let mut reached = [false; MAX_ITEMS];
        sweep(self, self.roots, &mut reached);
        for (s, &r) in reached.iter().enumerate().take(total) {
            if !r {
                let id = self.target_id(target_of(self, s)).unwrap_or("");
                out.push(Code::Unreachable, place_of(self, s).key("id"), id, None);
            }
        }
        // On a cycle = reachable from one of its own successors.
        for s in 0..total {
            let t = target_of(self, s);
            let mut from_succ = [false; MAX_ITEMS];
            sweep(self, &self.successors(t), &mut from_succ);
            if from_succ.get(s).copied().unwrap_or(false) {
                let id = self.target_id(t).unwrap_or("");
                out.push(Code::Cycle, place_of(self, s).key("id"), id, None);
            }
        }
    }

    fn check_examples<const N: usize>(&self, out: &mut Diagnostics<N>) {
        let structural_ok = out.ok();
        for (r, i) in self.rules.iter().zip(0u16..) {
            let mut count = 0u16;
            for e in self.examples_of(i) {
                let place = Place::item("rules", i).key("examples").index(count);
                count = count.saturating_add(1);
                if let Err(err) = e.facts.check() {
                    let fact = Fact::from_name(err.parameter());
                    let place = place.key("facts").key(err.parameter());
                    out.push(Code::FactOutOfRange, place, err.parameter(), fact);
                    continue;
                }
                // Only evaluate a structurally sound set: a failing example would be noise.
                if structural_ok {
                    let mut s: Vec<Suggestion<'a>, MAX_SUGGESTIONS> = Vec::new();
                    let passed = evaluate_suggestions(self, &e.facts, &mut s)
                        .map(|()| fires(&s, r.id) == e.fires)
                        .unwrap_or(false);
                    if !passed {
                        out.push(Code::ExampleFails, place.key("fires"), r.id, None);
                    }
                }
            }
            if count == 0 {
                out.push(Code::NoExamples, Place::item("rules", i), r.id, None);
            }
        }
        for (e, k) in self.examples.iter().zip(0u16..) {
            if self.rule(e.rule).is_none() {
                let place = Place::of(&[Seg::Key("examples"), Seg::Index(k)]);
                out.push(Code::DanglingReference, place, "", None);
            }
        }
    }
}

fn check_test<const N: usize>(test: &Test, place: Place, out: &mut Diagnostics<N>) {
    let fact = test.fact();
    let numeric = fact.kind() == Kind::Number;
    let (type_ok, thresholds): (bool, [f64; 2]) = match *test {
        Test::Known(_) => (true, [0.0, 0.0]),
        Test::Is(_, v) => (
            v.kind() == fact.kind() && !matches!(v, Value::Number(_)),
            [0.0; 2],
        ),
        Test::Below(_, t) | Test::AtLeast(_, t) => (numeric, [t, t]),
        Test::Between(_, lo, hi) => (numeric, [lo, hi]),
    };
    if !type_ok {
        out.push(
            Code::TypeMismatch,
            place.key("fact"),
            fact.name(),
            Some(fact),
        );
    } else if thresholds.iter().any(|t| !t.is_finite()) || thresholds_reversed(thresholds) {
        out.push(Code::BadThreshold, place, "", Some(fact));
    }
}

fn thresholds_reversed([lo, hi]: [f64; 2]) -> bool {
    lo > hi
}

/// The subject as stored: cut to 64 bytes at a character boundary, marked with `…`.
fn subject_text(s: &str) -> String<64> {
    let mut out = String::new();
    if out.push_str(s).is_ok() {
        return out;
    }
    for c in s.chars() {
        if out.len() + c.len_utf8() > 64 - '…'.len_utf8() {
            break;
        }
        let _ = out.push(c);
    }
    let _ = out.push('…');
    out
}

#[cfg(test)]
mod kebab_tests {
    use super::is_kebab;

    /// The grammar `[a-z][a-z0-9]*(-[a-z0-9]+)*` of the doc comment, case by case: the byte-window
    /// test that replaced `contains("--")` must still reject a double dash anywhere.
    #[test]
    fn kebab_grammar() {
        for ok in ["a", "a-b", "methyl-at-c7-syn-to-carbonyl-o", "a1-2b"] {
            assert!(is_kebab(ok), "{ok}");
        }
        for bad in [
            "", "-a", "a-", "a--b", "ab--", "--", "1a", "a_b", "A-b", "a-b--c-d",
        ] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }
}
