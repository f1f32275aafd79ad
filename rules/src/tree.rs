//! The rule set as data: test nodes and rule leaves in flat arrays, linked by index.
//!
//! A rule set is a forest: each root starts one tree (one design question). A [`Node`] tests one
//! fact and continues at `yes`, `no` or — when the fact is unknown — `unknown`. A [`Rule`] is a
//! leaf that emits a suggestion and may continue at `next` (so one path can yield several
//! suggestions). Walking needs no recursion: a cursor follows indices.

use crate::fact::{Fact, Facts, Value};
use core::fmt;

/// The reserved reference meaning "the tree ends here" (as `null` does in a rule file).
pub const END: &str = "end";

/// Where an edge leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Target {
    /// The tree ends here (nothing to suggest on this path).
    End,
    /// A test node, by index into [`RuleSet::nodes`].
    Node(u16),
    /// A rule leaf, by index into [`RuleSet::rules`].
    Rule(u16),
}

/// A test on one fact.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Test {
    /// Is the fact known? (never takes the `unknown` branch)
    Known(Fact),
    /// Does the fact equal this value?
    Is(Fact, Value),
    /// Is the number strictly below the threshold?
    Below(Fact, f64),
    /// Is the number at least the threshold?
    AtLeast(Fact, f64),
    /// Is the number within `[lo, hi]` (inclusive)?
    Between(Fact, f64, f64),
}

/// Which way a test went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Branch {
    /// The test held.
    Yes,
    /// The test failed.
    No,
    /// The fact was unknown.
    Unknown,
}

impl Branch {
    /// `yes`, `no` or `unknown`.
    pub const fn name(self) -> &'static str {
        match self {
            Branch::Yes => "yes",
            Branch::No => "no",
            Branch::Unknown => "unknown",
        }
    }
}

impl Test {
    /// The fact the test reads.
    pub const fn fact(&self) -> Fact {
        match *self {
            Test::Known(f)
            | Test::Is(f, _)
            | Test::Below(f, _)
            | Test::AtLeast(f, _)
            | Test::Between(f, _, _) => f,
        }
    }

    /// Applies the test to the facts: the branch and the value seen.
    pub fn apply(&self, facts: &Facts) -> (Branch, Option<Value>) {
        let seen = facts.get(self.fact());
        let held = match (self, seen) {
            (Test::Known(_), v) => Some(v.is_some()),
            (_, None) => None,
            (Test::Is(_, want), Some(v)) => Some(*want == v),
            (Test::Below(_, t), Some(Value::Number(x))) => Some(x < *t),
            (Test::AtLeast(_, t), Some(Value::Number(x))) => Some(x >= *t),
            (Test::Between(_, lo, hi), Some(Value::Number(x))) => Some(*lo <= x && x <= *hi),
            // A numeric comparison of a categorical fact cannot be built by the loader; a
            // hand-made set that does it reads the fact as unknown rather than guessing.
            (_, Some(_)) => None,
        };
        let branch = match held {
            Some(true) => Branch::Yes,
            Some(false) => Branch::No,
            None => Branch::Unknown,
        };
        (branch, seen)
    }
}

impl fmt::Display for Test {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Test::Known(x) => write!(f, "{x} is known"),
            Test::Is(x, v) => write!(f, "{x} = {v}"),
            Test::Below(x, t) => write!(f, "{x} < {t}"),
            Test::AtLeast(x, t) => write!(f, "{x} ≥ {t}"),
            Test::Between(x, lo, hi) => write!(f, "{lo} ≤ {x} ≤ {hi}"),
        }
    }
}

/// A test node.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Node<'a> {
    /// Stable kebab-case id.
    pub id: &'a str,
    /// The test.
    pub test: Test,
    /// Where to go when the test holds.
    pub yes: Target,
    /// Where to go when it fails.
    pub no: Target,
    /// Where to go when the fact is unknown.
    pub unknown: Target,
}

impl Node<'_> {
    /// The successor for a branch.
    pub const fn successor(&self, b: Branch) -> Target {
        match b {
            Branch::Yes => self.yes,
            Branch::No => self.no,
            Branch::Unknown => self.unknown,
        }
    }
}

/// A position on the N-acyl ring (seed numbering: N1 acylated, C2–C3 to N4, C5–C6–C7 back to
/// N1), or the acyl group, that a suggestion is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Position {
    /// The acylated ring nitrogen.
    N1,
    /// Ring carbon 2 (on N1, ethylene bridge).
    C2,
    /// Ring carbon 3.
    C3,
    /// The second ring nitrogen.
    N4,
    /// Ring carbon 5.
    C5,
    /// Ring carbon 6.
    C6,
    /// Ring carbon 7 (on N1, propylene bridge).
    C7,
    /// The carbonyl carbon of the N1-acyl group.
    Acyl,
}

impl Position {
    /// Every position, in ring order.
    pub const ALL: &'static [Position] = &[
        Position::N1,
        Position::C2,
        Position::C3,
        Position::N4,
        Position::C5,
        Position::C6,
        Position::C7,
        Position::Acyl,
    ];
    /// Label as written in rule files (`C7`, `acyl`).
    pub const fn name(self) -> &'static str {
        match self {
            Position::N1 => "N1",
            Position::C2 => "C2",
            Position::C3 => "C3",
            Position::N4 => "N4",
            Position::C5 => "C5",
            Position::C6 => "C6",
            Position::C7 => "C7",
            Position::Acyl => "acyl",
        }
    }
    /// Parses a label.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.name() == s)
    }
    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A small set of [`Position`]s (a bit set, const-constructible).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Positions(u16);

impl Positions {
    /// No position.
    pub const NONE: Positions = Positions(0);
    /// The set with these positions.
    pub const fn of(ps: &[Position]) -> Self {
        let mut bits = 0;
        let mut rest = ps;
        while let [first, tail @ ..] = rest {
            bits |= first.bit();
            rest = tail;
        }
        Positions(bits)
    }
    /// Adds a position.
    pub const fn with(self, p: Position) -> Self {
        Positions(self.0 | p.bit())
    }
    /// Whether the set holds `p`.
    pub const fn contains(self, p: Position) -> bool {
        self.0 & p.bit() != 0
    }
    /// The positions in ring order.
    pub fn iter(self) -> impl Iterator<Item = Position> {
        Position::ALL
            .iter()
            .copied()
            .filter(move |p| self.contains(*p))
    }
}

/// A rule: a leaf of the tree that suggests a design move.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Rule<'a> {
    /// Stable kebab-case id (what it does, never renamed).
    pub id: &'a str,
    /// One-line title.
    pub title: &'a str,
    /// What to make or measure.
    pub suggestion: &'a str,
    /// Why: the chemistry behind the move.
    pub rationale: &'a str,
    /// Literature reference, where one exists.
    pub reference: Option<&'a str>,
    /// Rank: higher comes first among the suggestions of one evaluation.
    pub priority: u8,
    /// Ring positions the suggestion is about (mapped onto the user's atoms by the host).
    pub positions: Positions,
    /// Where evaluation continues after emitting this rule.
    pub next: Target,
}

/// One of a rule's own examples: facts in, whether the rule fires out.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Example {
    /// Index of the rule the example belongs to.
    pub rule: u16,
    /// Input facts.
    pub facts: Facts,
    /// Expected outcome: the rule is among the suggestions (`true`) or not.
    pub fires: bool,
}

/// A rule set: the forest, its rules and their examples, as borrowed flat arrays.
///
/// The default set is a `const` ([`crate::DEFAULT`]); a loaded set is a view of a
/// [`crate::RuleStore`]. [`RuleSet::check`] finds every structural problem; evaluation never
/// panics even on a set that fails the check.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RuleSet<'a> {
    /// Name of the set.
    pub name: &'a str,
    /// The roots, one per tree, evaluated in order.
    pub roots: &'a [Target],
    /// Test nodes.
    pub nodes: &'a [Node<'a>],
    /// Rule leaves.
    pub rules: &'a [Rule<'a>],
    /// The rules' examples.
    pub examples: &'a [Example],
}

impl<'a> RuleSet<'a> {
    /// The node at `i`.
    pub fn node(&self, i: u16) -> Option<&'a Node<'a>> {
        self.nodes.get(usize::from(i))
    }
    /// The rule at `i`.
    pub fn rule(&self, i: u16) -> Option<&'a Rule<'a>> {
        self.rules.get(usize::from(i))
    }
    /// The id of the node or rule a target points to (`None` for `End` or a bad index).
    pub fn target_id(&self, t: Target) -> Option<&'a str> {
        match t {
            Target::End => None,
            Target::Node(i) => self.node(i).map(|n| n.id),
            Target::Rule(i) => self.rule(i).map(|r| r.id),
        }
    }
    /// Finds a rule by id.
    pub fn rule_by_id(&self, id: &str) -> Option<(u16, &'a Rule<'a>)> {
        self.rules
            .iter()
            .zip(0u16..)
            .find(|(r, _)| r.id == id)
            .map(|(r, i)| (i, r))
    }
    /// The examples of rule `i`.
    pub fn examples_of(&self, i: u16) -> impl Iterator<Item = &'a Example> {
        self.examples.iter().filter(move |e| e.rule == i)
    }
    /// The successors of a target (at most three).
    pub fn successors(&self, t: Target) -> [Target; 3] {
        match t {
            Target::End => [Target::End; 3],
            Target::Node(i) => self
                .node(i)
                .map_or([Target::End; 3], |n| [n.yes, n.no, n.unknown]),
            Target::Rule(i) => self
                .rule(i)
                .map_or([Target::End; 3], |r| [r.next, Target::End, Target::End]),
        }
    }
}
