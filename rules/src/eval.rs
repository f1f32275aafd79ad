//! Evaluation: walk every tree of a rule set over the facts, collect the rules reached, rank
//! them, and keep a trace of every test (fact, value seen, branch taken).

use crate::fact::{Fact, Facts, Value};
use crate::tree::{Branch, Rule, RuleSet, Target, Test};
use heapless::Vec;
use ringflux_core::Error;

/// Default capacity for suggestions of one evaluation.
pub const MAX_SUGGESTIONS: usize = 16;
/// Default capacity for trace steps of one evaluation.
pub const MAX_TRACE: usize = 64;

/// A rule reached by the evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Suggestion<'a> {
    /// The rule.
    pub rule: &'a Rule<'a>,
    /// Its index in the rule set.
    pub index: u16,
    /// The tree (index into [`RuleSet::roots`]) where it was first reached.
    pub tree: u16,
}

/// What happened at one visited node.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Visit {
    /// A test: the value it saw (`None` = unknown) and the branch it took.
    Test {
        /// The test.
        test: Test,
        /// The fact's value as the test saw it.
        seen: Option<Value>,
        /// The branch taken.
        branch: Branch,
    },
    /// A rule leaf was reached.
    Rule,
}

/// One step of the trace.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TraceStep<'a> {
    /// Tree index (into [`RuleSet::roots`]).
    pub tree: u16,
    /// Id of the node or rule visited.
    pub id: &'a str,
    /// What happened there.
    pub visit: Visit,
}

impl TraceStep<'_> {
    /// The fact a test step read.
    pub fn fact(&self) -> Option<Fact> {
        match self.visit {
            Visit::Test { test, .. } => Some(test.fact()),
            Visit::Rule => None,
        }
    }
}

/// Ranked suggestions and the trace of one evaluation.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Evaluation<'a, const S: usize = MAX_SUGGESTIONS, const T: usize = MAX_TRACE> {
    /// Suggestions, highest priority first; ties keep the order in which they were reached.
    pub suggestions: Vec<Suggestion<'a>, S>,
    /// Every node visited, in order.
    pub trace: Vec<TraceStep<'a>, T>,
}

impl<'a, const S: usize, const T: usize> Evaluation<'a, S, T> {
    /// Empty: no suggestion, no trace step (storage for [`evaluate_into`]).
    pub const fn new() -> Self {
        Evaluation {
            suggestions: Vec::new(),
            trace: Vec::new(),
        }
    }

    /// Whether the rule with this id is among the suggestions.
    pub fn fires(&self, id: &str) -> bool {
        fires(&self.suggestions, id)
    }
}

impl<const S: usize, const T: usize> Default for Evaluation<'_, S, T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether the rule with this id is among `suggestions`.
pub fn fires(suggestions: &[Suggestion<'_>], id: &str) -> bool {
    suggestions.iter().any(|s| s.rule.id == id)
}

/// Evaluates every tree of `set` over `facts`, returning the [`Evaluation`] by value.
///
/// Each tree is walked from its root until it ends; a rule reached adds a suggestion (once, even
/// if several trees reach it) and the walk continues at its `next`. Suggestions are ranked by
/// priority (descending), ties in the order reached — the result is deterministic.
///
/// The result is about `S × 16 + T × 72` bytes (4.9 KiB for `<16, 64>`); on a small stack prefer
/// [`evaluate_into`] (caller's storage) or [`evaluate_suggestions`] (no trace).
///
/// Errors (never a panic): `CapacityExceeded("suggestions")` / `("trace")` when `S` / `T` is too
/// small (nothing truncated), `OutOfRange("rule_graph")` for an index outside the set, and
/// `NoConvergence("rule_graph")` when a walk exceeds the number of nodes and rules (a cycle);
/// [`RuleSet::check`] reports both structurally.
///
/// ```
/// use ringflux_rules::{evaluate, Conformation, Facts, Rotamer, DEFAULT};
/// let facts = Facts {
///     bioactive_conformation: Some(Conformation::Tb),
///     bioactive_rotamer: Some(Rotamer::OSynC7),
///     bioactive_population: Some(0.3),
///     ..Facts::UNKNOWN
/// };
/// let ev = evaluate::<16, 64>(&DEFAULT, &facts).unwrap();
/// assert_eq!(ev.suggestions[0].rule.id, "methyl-at-c7-syn-to-carbonyl-o");
/// ```
pub fn evaluate<'a, const S: usize, const T: usize>(
    set: &RuleSet<'a>,
    facts: &Facts,
) -> Result<Evaluation<'a, S, T>, Error> {
    let mut ev = Evaluation::new();
    evaluate_into(set, facts, &mut ev)?;
    Ok(ev)
}

/// As [`evaluate`], into the caller's `ev` (cleared first): the firmware form, which keeps the
/// suggestions and the trace off the evaluation's own stack frame. On an error `ev` holds what
/// was reached before it.
///
/// ```
/// use ringflux_rules::{evaluate_into, Conformation, Evaluation, Facts, DEFAULT};
/// let facts = Facts { bioactive_conformation: Some(Conformation::Tc), ..Facts::UNKNOWN };
/// let mut ev: Evaluation<'_, 16, 64> = Evaluation::new();
/// evaluate_into(&DEFAULT, &facts, &mut ev).unwrap();
/// assert!(ev.trace.iter().any(|s| s.id == "bioactive-chair-is-major"));
/// ```
pub fn evaluate_into<'a, const S: usize, const T: usize>(
    set: &RuleSet<'a>,
    facts: &Facts,
    ev: &mut Evaluation<'a, S, T>,
) -> Result<(), Error> {
    ev.trace.clear();
    walk(set, facts, &mut ev.suggestions, Some(&mut ev.trace))
}

/// As [`evaluate`], keeping only the ranked suggestions (no trace) in the caller's
/// `suggestions` (cleared first): what a caller needs who acts on the answer, not explains it.
///
/// ```
/// use ringflux_rules::{evaluate_suggestions, fires, Conformation, Facts, Suggestion, DEFAULT};
/// let facts = Facts { bioactive_conformation: Some(Conformation::Tc),
///                     major_conformation: Some(Conformation::Tc), ..Facts::UNKNOWN };
/// let mut s: heapless::Vec<Suggestion<'_>, 16> = heapless::Vec::new();
/// evaluate_suggestions(&DEFAULT, &facts, &mut s).unwrap();
/// assert!(fires(&s, "keep-ring-optimise-periphery"));
/// ```
pub fn evaluate_suggestions<'a, const S: usize>(
    set: &RuleSet<'a>,
    facts: &Facts,
    suggestions: &mut Vec<Suggestion<'a>, S>,
) -> Result<(), Error> {
    walk::<S, 0>(set, facts, suggestions, None)
}

/// Walks every tree, collecting suggestions (and trace steps when `trace` is given), then ranks
/// the suggestions in place.
fn walk<'a, const S: usize, const T: usize>(
    set: &RuleSet<'a>,
    facts: &Facts,
    suggestions: &mut Vec<Suggestion<'a>, S>,
    mut trace: Option<&mut Vec<TraceStep<'a>, T>>,
) -> Result<(), Error> {
    suggestions.clear();
    let budget = set.nodes.len().saturating_add(set.rules.len());
    for (&root, tree) in set.roots.iter().zip(0u16..) {
        let mut at = root;
        let mut steps = 0usize;
        loop {
            if at == Target::End {
                break;
            }
            steps += 1;
            if steps > budget {
                return Err(Error::NoConvergence("rule_graph"));
            }
            at = step(set, facts, at, tree, suggestions, trace.as_deref_mut())?;
        }
    }
    rank(suggestions);
    Ok(())
}

/// Stable insertion sort by priority, highest first (ties keep the order reached); in place, as
/// `core` has no allocation-free stable sort. At most `S` (a few dozen) items.
fn rank(s: &mut [Suggestion<'_>]) {
    for i in 1..s.len() {
        // Item i sinks past every earlier item of lower priority.
        let mut j = i;
        while let Some([a, b]) = j.checked_sub(1).and_then(|h| s.get_mut(h..j + 1)) {
            if a.rule.priority >= b.rule.priority {
                break;
            }
            core::mem::swap(a, b);
            j -= 1;
        }
    }
}

/// Visits one target, records it, and returns where to go next.
fn step<'a, const S: usize, const T: usize>(
    set: &RuleSet<'a>,
    facts: &Facts,
    at: Target,
    tree: u16,
    suggestions: &mut Vec<Suggestion<'a>, S>,
    trace: Option<&mut Vec<TraceStep<'a>, T>>,
) -> Result<Target, Error> {
    let bad = Error::OutOfRange("rule_graph");
    let (id, visit, next) = match at {
        Target::End => return Ok(Target::End),
        Target::Node(i) => {
            let node = set.node(i).ok_or(bad)?;
            let (branch, seen) = node.test.apply(facts);
            let visit = Visit::Test {
                test: node.test,
                seen,
                branch,
            };
            (node.id, visit, node.successor(branch))
        }
        Target::Rule(i) => {
            let rule = set.rule(i).ok_or(bad)?;
            if !suggestions.iter().any(|s| s.index == i) {
                suggestions
                    .push(Suggestion {
                        rule,
                        index: i,
                        tree,
                    })
                    .map_err(|_| Error::CapacityExceeded("suggestions"))?;
            }
            (rule.id, Visit::Rule, rule.next)
        }
    };
    if let Some(trace) = trace {
        trace
            .push(TraceStep { tree, id, visit })
            .map_err(|_| Error::CapacityExceeded("trace"))?;
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rank` is a stable sort by priority, highest first: the same order as std's stable sort,
    /// on the default rules in their order and reversed (ties among them keep their order).
    #[test]
    fn rank_is_stable_by_priority() {
        let all: std::vec::Vec<Suggestion<'_>> = crate::DEFAULT
            .rules
            .iter()
            .zip(0u16..)
            .map(|(rule, index)| Suggestion {
                rule,
                index,
                tree: 0,
            })
            .collect();
        let priorities: std::collections::BTreeSet<u8> =
            all.iter().map(|s| s.rule.priority).collect();
        assert!(
            priorities.len() > 2 && priorities.len() < all.len(),
            "needs ties and order"
        );
        for mut v in [all.clone(), all.iter().rev().copied().collect()] {
            let mut want = v.clone();
            want.sort_by_key(|s| core::cmp::Reverse(s.rule.priority));
            rank(&mut v);
            let ids =
                |x: &[Suggestion<'_>]| x.iter().map(|s| s.index).collect::<std::vec::Vec<_>>();
            assert_eq!(ids(&v), ids(&want));
        }
    }
}
