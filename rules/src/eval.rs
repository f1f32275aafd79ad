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
    /// Whether the rule with this id is among the suggestions.
    pub fn fires(&self, id: &str) -> bool {
        self.suggestions.iter().any(|s| s.rule.id == id)
    }
}

/// Evaluates every tree of `set` over `facts`.
///
/// Each tree is walked from its root until it ends; a rule reached adds a suggestion (once, even
/// if several trees reach it) and the walk continues at its `next`. Suggestions are ranked by
/// priority (descending), ties in the order reached — the result is deterministic.
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
    let mut ev = Evaluation {
        suggestions: Vec::new(),
        trace: Vec::new(),
    };
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
            at = step(set, facts, at, tree, &mut ev)?;
        }
    }
    // Stable by construction: the key includes the order reached.
    let mut order: Vec<(u8, usize), S> = Vec::new();
    for (i, s) in ev.suggestions.iter().enumerate() {
        order
            .push((s.rule.priority, i))
            .map_err(|_| Error::CapacityExceeded("suggestions"))?;
    }
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut ranked: Vec<Suggestion<'a>, S> = Vec::new();
    for (_, i) in &order {
        if let Some(s) = ev.suggestions.get(*i) {
            ranked
                .push(*s)
                .map_err(|_| Error::CapacityExceeded("suggestions"))?;
        }
    }
    ev.suggestions = ranked;
    Ok(ev)
}

/// Visits one target, records it, and returns where to go next.
fn step<'a, const S: usize, const T: usize>(
    set: &RuleSet<'a>,
    facts: &Facts,
    at: Target,
    tree: u16,
    ev: &mut Evaluation<'a, S, T>,
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
            if !ev.suggestions.iter().any(|s| s.index == i) {
                ev.suggestions
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
    ev.trace
        .push(TraceStep { tree, id, visit })
        .map_err(|_| Error::CapacityExceeded("trace"))?;
    Ok(next)
}
