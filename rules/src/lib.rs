//! # ringflux-rules
//!
//! A declarative SAR rule engine: a decision tree over conformational facts that turns them into
//! design suggestions for N-acyl 1,4-diazepanes and related rings. Knowledge is data — reviewable,
//! testable, loadable at run time, and evaluable inside instrument firmware.
//!
//! * [`Facts`]: the typed fact model (every fact may be unknown).
//! * [`RuleSet`]: test [`Node`]s and [`Rule`] leaves in flat arrays, several trees (roots);
//!   [`DEFAULT`] is the compiled-in set. Every rule has a stable kebab-case id, a title, the
//!   suggestion, the rationale, a reference where one exists, a priority and its own
//!   [`Example`]s.
//! * [`evaluate`]: ranked [`Suggestion`]s and a trace of every test (fact, value seen, branch);
//!   [`evaluate_into`] and [`evaluate_suggestions`] write into the caller's storage instead
//!   (firmware: small stack frames).
//! * [`load`]: JSON rule files in two steps (unvalidated [`load::RawRuleFile`] → validated
//!   [`load::RuleStore`]) with [`check::Diagnostics`] that point at the place in the file
//!   ([`locate`]).
//!
//! `no_std`, no allocator, no panics: capacities are named constants, a full buffer is an error.
//!
//! ```
//! use ringflux_rules::{evaluate, Conformation, Facts, DEFAULT};
//! let facts = Facts {
//!     bioactive_conformation: Some(Conformation::Tc),
//!     major_conformation: Some(Conformation::Tc),
//!     ..Facts::UNKNOWN
//! };
//! let ev = evaluate::<16, 64>(&DEFAULT, &facts).unwrap();
//! assert!(ev.fires("keep-ring-optimise-periphery"));
//! assert!(ev.trace.iter().any(|s| s.id == "bioactive-chair-is-major"));
//! ```
#![cfg_attr(not(test), no_std)]
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable
    )
)]

pub mod check;
mod default;
mod eval;
mod fact;
pub mod load;
pub mod locate;
#[cfg(feature = "json")]
pub mod protocol;
mod tree;

pub use default::DEFAULT;
pub use eval::{
    evaluate, evaluate_into, evaluate_suggestions, fires, Evaluation, Suggestion, TraceStep, Visit,
    MAX_SUGGESTIONS, MAX_TRACE,
};
pub use fact::{
    Conformation, Fact, Facts, Family, Kind, RawFacts, RawValue, Ring, Rotamer, Substituent, Value,
};
pub use tree::{Branch, Example, Node, Position, Positions, Rule, RuleSet, Target, Test};

/// Version of the rule-file format this crate reads.
pub const RULE_FORMAT_VERSION: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;
    use check::{Code, Diagnostics};

    #[test]
    fn default_set_is_clean_and_every_example_passes() {
        let mut d: Diagnostics<64> = Diagnostics::new();
        DEFAULT.check(&mut d);
        assert!(d.items.is_empty(), "{:?}", d.items);
        for (i, r) in DEFAULT.rules.iter().enumerate() {
            let n = DEFAULT.examples_of(i as u16).count();
            assert!(n >= 2, "rule {} has {n} examples", r.id);
            assert!(DEFAULT.examples_of(i as u16).any(|e| e.fires), "{}", r.id);
            assert!(DEFAULT.examples_of(i as u16).any(|e| !e.fires), "{}", r.id);
        }
    }

    #[test]
    fn check_catches_a_cycle_and_unreachable_nodes() {
        let mut nodes = DEFAULT.nodes.to_vec();
        nodes[9].no = Target::Node(0); // ring-inversion-fast → back to the root
        let set = RuleSet {
            nodes: &nodes,
            roots: &DEFAULT.roots[..1],
            ..DEFAULT
        };
        let mut d: Diagnostics<64> = Diagnostics::new();
        set.check(&mut d);
        let codes: Vec<_> = d
            .items
            .iter()
            .map(|x| (x.code, x.subject.as_str()))
            .collect();
        assert!(
            codes.contains(&(Code::Cycle, "seven-membered-ring")),
            "{codes:?}"
        );
        assert!(codes.contains(&(Code::Unreachable, "coalescence-near-room-temperature")));
        assert!(evaluate::<16, 64>(
            &set,
            &Facts {
                dg_ring_kcal_per_mol: Some(20.0),
                bioactive_conformation: Some(Conformation::Tc),
                major_conformation: Some(Conformation::Tb),
                ..Facts::UNKNOWN
            }
        )
        .is_err());
    }
}
#[cfg(test)]
mod size {
    /// The unvalidated form is built on the stack by serde: unoptimised builds move it many
    /// times (parsing needs ~1.5–2 MB of stack in a debug build at this size), so capacity
    /// increases must be deliberate. 56 → 57 KiB: one more fact per example
    /// (`major_conformation_population`, 128 examples × 16 bytes; issue 13). 57 → 59 KiB
    /// (59,824 bytes): `major_rotamer_n4` per example and rule test (issue 16); the rules tests
    /// run the loader on a big stack (`ringflux_tests::on_big_stack`).
    #[test]
    fn raw_rule_file_stays_small() {
        assert!(core::mem::size_of::<crate::load::RawRuleFile>() <= 59 * 1024);
        assert!(core::mem::size_of::<crate::load::RuleStore>() <= 32 * 1024);
    }
}
