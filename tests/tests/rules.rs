//! The SAR rule engine (`ringflux-rules`): every rule's own examples, the structure of the
//! default tree, validation diagnostics for a catalogue of broken rule files
//! (`tests/data/rules/broken-*.json`, each the valid `valid-minimal.json` with one defect), the
//! orexin-antagonist real-world check, and properties (deterministic, no panic on any facts or
//! any rule graph).

use proptest::prelude::*;
use ringflux_rules::check::{Code, Diagnostics, Severity};
use ringflux_rules::load;
use ringflux_rules::locate::locate;
use ringflux_rules::{
    evaluate, Conformation, Fact, Facts, Family, Node, Position, Ring, Rotamer, Rule, RuleSet,
    Substituent, Target, Test, Value, DEFAULT,
};
use ringflux_tests::{on_big_stack, workspace_root};

/// The rule ids of the default set. They are part of the interface (scripts and rule files refer
/// to them): renaming one must be a deliberate change of this list.
const DEFAULT_RULE_IDS: [&str; 10] = [
    "methyl-at-c7-syn-to-carbonyl-o",
    "methyl-at-c2-syn-to-carbonyl-o",
    "methyl-at-c2-or-c7",
    "rigidify-ring",
    "keep-ring-optimise-periphery",
    "establish-bioactive-conformation",
    "bias-rotamer-with-acyl-group",
    "reverse-rotamer-preference",
    "separable-amide-rotamers",
    "broad-room-temperature-nmr",
];

#[test]
fn every_rule_example_of_the_default_set_passes() {
    let mut failures = Vec::new();
    for (e, k) in DEFAULT.examples.iter().zip(0..) {
        let rule = DEFAULT.rule(e.rule).expect("example names a rule");
        let ev = evaluate::<16, 64>(&DEFAULT, &e.facts).expect("evaluation");
        if ev.fires(rule.id) != e.fires {
            failures.push(format!(
                "example {k} of {}: expected fires = {}",
                rule.id, e.fires
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // Every rule shows both sides: an example where it fires and one where it does not.
    for (r, i) in DEFAULT.rules.iter().zip(0u16..) {
        let ex: Vec<_> = DEFAULT.examples_of(i).collect();
        assert!(
            ex.iter().any(|e| e.fires) && ex.iter().any(|e| !e.fires),
            "{}",
            r.id
        );
    }
}

#[test]
fn default_ids_are_stable_kebab_case_and_unique() {
    let ids: Vec<&str> = DEFAULT.rules.iter().map(|r| r.id).collect();
    assert_eq!(ids, DEFAULT_RULE_IDS);
    let all: Vec<&str> = DEFAULT.nodes.iter().map(|n| n.id).chain(ids).collect();
    for (i, id) in all.iter().enumerate() {
        assert!(ringflux_rules::check::is_kebab(id), "{id}");
        assert!(!all[..i].contains(id), "duplicate {id}");
    }
    for c in Code::ALL {
        assert!(ringflux_rules::check::is_kebab(c.name()), "{}", c.name());
    }
}

#[test]
fn default_tree_is_clean_and_has_no_unreachable_node() {
    let mut d: Diagnostics<64> = Diagnostics::new();
    DEFAULT.check(&mut d);
    assert!(d.items.is_empty(), "{:#?}", d.items);
    // The check can fail: cut the edge to the only test that leads to `broad-room-temperature-nmr`.
    let mut nodes = DEFAULT.nodes.to_vec();
    let tc = nodes
        .iter()
        .position(|n| n.id == "coalescence-near-room-temperature")
        .unwrap();
    let roots: Vec<Target> = DEFAULT
        .roots
        .iter()
        .copied()
        .filter(|&t| t != Target::Node(tc as u16))
        .collect();
    nodes[0].no = Target::End;
    let set = RuleSet {
        roots: &roots,
        nodes: &nodes,
        ..DEFAULT
    };
    let mut d: Diagnostics<64> = Diagnostics::new();
    set.check(&mut d);
    let unreachable: Vec<&str> = d
        .items
        .iter()
        .filter(|x| x.code == Code::Unreachable)
        .map(|x| x.subject.as_str())
        .collect();
    assert_eq!(
        unreachable,
        [
            "coalescence-near-room-temperature",
            "broad-room-temperature-nmr"
        ]
    );
}

fn rules_file(name: &str) -> (std::path::PathBuf, String) {
    let path = workspace_root().join("tests/data/rules").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// The broken-file catalogue: file, expected code, and the text whose line (n-th occurrence) the
/// diagnostic must point at.
const CATALOGUE: &[(&str, Code, &str, usize)] = &[
    (
        "broken-unknown-fact.json",
        Code::UnknownFact,
        "\"tc_kelvin\"",
        0,
    ),
    (
        "broken-type-mismatch-number.json",
        Code::TypeMismatch,
        "\"is\": \"TB\"",
        0,
    ),
    (
        "broken-type-mismatch-category.json",
        Code::TypeMismatch,
        "\"below\": 3",
        0,
    ),
    (
        "broken-bad-value.json",
        Code::BadValue,
        "\"is\": \"tub\"",
        0,
    ),
    (
        "broken-dangling-reference.json",
        Code::DanglingReference,
        "\"yes\": \"broad-spectrum\"",
        0,
    ),
    (
        "broken-unreachable.json",
        Code::Unreachable,
        "\"id\": \"orphan-rule\"",
        0,
    ),
    (
        "broken-cycle.json",
        Code::Cycle,
        "\"id\": \"tc-near-rt\"",
        0,
    ),
    (
        "broken-duplicate-id.json",
        Code::DuplicateId,
        "\"id\": \"second-test\"",
        1,
    ),
    (
        "broken-bad-id.json",
        Code::BadId,
        "\"id\": \"Broad_Spectra\"",
        0,
    ),
    (
        "broken-test-operator.json",
        Code::TestOperator,
        "\"test\": {",
        0,
    ),
    (
        "broken-bad-threshold.json",
        Code::BadThreshold,
        "\"test\": {",
        0,
    ),
    (
        "broken-example-fails.json",
        Code::ExampleFails,
        "\"fires\": true",
        1,
    ),
    (
        "broken-fact-out-of-range.json",
        Code::FactOutOfRange,
        "\"major_family_population\": 1.5",
        0,
    ),
    ("broken-bad-position.json", Code::BadPosition, "\"C9\"", 0),
    (
        "broken-rotamer-of-the-other-amide.json",
        Code::BadValue,
        "\"is\": \"O-syn-C7\"",
        0,
    ),
    (
        "broken-empty-text.json",
        Code::EmptyText,
        "\"rationale\": \"  \"",
        0,
    ),
    (
        "broken-format-version.json",
        Code::FormatVersion,
        "\"format\": 2",
        0,
    ),
    ("broken-no-roots.json", Code::NoRoots, "\"roots\": []", 0),
    (
        "broken-escaped-string.json",
        Code::EscapedString,
        "\"title\":",
        0,
    ),
];

/// 1-based line of the n-th occurrence of `marker`.
fn line_of(text: &str, marker: &str, nth: usize) -> u32 {
    let (at, _) = text.match_indices(marker).nth(nth).expect("marker in file");
    text[..at].matches('\n').count() as u32 + 1
}

#[test]
fn broken_rule_files_give_located_diagnostics() {
    on_big_stack(|| {
        for &(name, code, marker, nth) in CATALOGUE {
            let (_, text) = rules_file(name);
            let raw = load::parse(&text).unwrap_or_else(|e| panic!("{name}: step 1 failed: {e}"));
            let mut d: Diagnostics<32> = Diagnostics::new();
            assert!(raw.validate(&mut d).is_none(), "{name} validated");
            let hit = d
                .items
                .iter()
                .find(|x| x.code == code)
                .unwrap_or_else(|| panic!("{name}: no {code:?} in {:#?}", d.items));
            assert_eq!(hit.severity(), Severity::Error);
            let loc = locate(&text, &hit.place).expect("location");
            assert_eq!(loc.line, line_of(&text, marker, nth), "{name}: {hit}");
        }
    })
}

#[test]
fn the_valid_base_of_the_catalogue_loads_and_runs() {
    on_big_stack(|| {
        let (_, text) = rules_file("valid-minimal.json");
        let raw = load::parse(&text).unwrap();
        let mut d: Diagnostics<32> = Diagnostics::new();
        let store = raw.validate(&mut d).expect("valid");
        assert!(d.items.is_empty(), "{:#?}", d.items);
        let set = store.as_set();
        let facts = Facts {
            tc_k: Some(310.0),
            ..Facts::UNKNOWN
        };
        let ev = evaluate::<4, 8>(&set, &facts).unwrap();
        assert!(ev.fires("broad-spectra"));
        assert_eq!(
            ev.suggestions[0].rule.positions.iter().collect::<Vec<_>>(),
            [Position::Acyl]
        );
    })
}

#[test]
fn step_one_rejects_unknown_keys_and_unknown_example_facts() {
    on_big_stack(|| {
        for name in [
            "broken-syntax-unknown-key.json",
            "broken-syntax-example-fact.json",
            "broken-syntax-comma.json",
        ] {
            let (_, text) = rules_file(name);
            assert!(load::parse(&text).is_err(), "{name} parsed");
        }
    })
}

/// The orexin-antagonist series (Bioorg. Med. Chem. Lett. 2009, 19, 2997: N,N-disubstituted
/// 1,4-diazepanes take a twist-boat that mimics the bioactive conformation; Coleman et al.
/// Bioorg. Med. Chem. Lett. 2010, 20, 2311: bridged diazepanes made to enforce it; suvorexant
/// carries a (7R)-methyl and binds in the boat family, PDB 4S0V). Fed the facts of the series —
/// boat-family bioactive conformation, flexible parent — the rules must suggest the moves the
/// series made: a ring methyl adjacent to the acylated nitrogen, and a bridged/rigidified ring.
#[test]
fn orexin_series_reproduces_the_methyl_and_the_bridge() {
    let parent = Facts {
        ring: Some(Ring::Diazepane),
        bioactive_family: Some(Family::Boat),
        // Flexible parent: the boat family is a minority of the free ensemble.
        bioactive_population: Some(0.35),
        substituent_c2: Some(Substituent::None),
        substituent_c7: Some(Substituent::None),
        substituent_n4: Some(Substituent::Aryl),
        ..Facts::UNKNOWN
    };
    let ev = evaluate::<16, 64>(&DEFAULT, &parent).unwrap();
    let methyl_next_to_n1 = ev.suggestions.iter().any(|s| {
        s.rule.id.starts_with("methyl-at-")
            && (s.rule.positions.contains(Position::C2) || s.rule.positions.contains(Position::C7))
    });
    assert!(methyl_next_to_n1, "{:?}", ev.suggestions);
    assert!(ev.fires("rigidify-ring"));
    // With the rotamer of the bound structure (carbonyl O syn to C7 in 4S0V) the methyl is named
    // at C7 — where suvorexant has it — and ranked first.
    let bound = Facts {
        bioactive_rotamer: Some(Rotamer::OSynC7),
        ..parent
    };
    let ev = evaluate::<16, 64>(&DEFAULT, &bound).unwrap();
    assert_eq!(ev.suggestions[0].rule.id, "methyl-at-c7-syn-to-carbonyl-o");
    assert!(ev.fires("rigidify-ring"));
    assert!(!ev.fires("methyl-at-c2-syn-to-carbonyl-o"));
}

fn conformation() -> impl Strategy<Value = Option<Conformation>> {
    proptest::option::of(proptest::sample::select(Conformation::ALL.to_vec()))
}

fn number() -> impl Strategy<Value = Option<f64>> {
    proptest::option::of(prop_oneof![
        -1e3..1e3f64,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(7.0),
    ])
}

prop_compose! {
    fn any_facts()(
        n in proptest::collection::vec(number(), 11),
        c in proptest::collection::vec(conformation(), 2),
        fam in proptest::collection::vec(proptest::option::of(proptest::sample::select(Family::ALL.to_vec())), 2),
        rot in proptest::collection::vec(proptest::option::of(proptest::sample::select(Rotamer::ALL.to_vec())), 3),
        sub in proptest::collection::vec(proptest::option::of(proptest::sample::select(Substituent::ALL.to_vec())), 3),
        ring in proptest::option::of(proptest::sample::select(Ring::ALL.to_vec())),
    ) -> Facts {
        Facts {
            ring_size: n[0], ring,
            major_conformation: c[0], major_conformation_population: n[9], major_family: fam[0], major_family_population: n[1],
            major_rotamer: rot[0], major_rotamer_n4: rot[2],
            bioactive_conformation: c[1], bioactive_family: fam[1], bioactive_rotamer: rot[1],
            bioactive_population: n[2],
            dg_ring_kcal_per_mol: n[3], dg_amide_kcal_per_mol: n[4], rotamer_ratio: n[5],
            dg0_rotamer_kcal_per_mol: n[6], tc_k: n[7],
            substituent_c2: sub[0], substituent_c7: sub[1], substituent_n4: sub[2],
            conformational_entropy_j_per_mol_k: n[8],
        }
    }
}

proptest! {
    /// Any facts — missing, NaN, infinite, contradictory — evaluate without panic, identically
    /// twice, with suggestions ranked by priority, each reached in the trace, and every test in
    /// the trace reporting the value the facts hold.
    #[test]
    fn evaluation_is_deterministic_and_total(facts in any_facts()) {
        let a = evaluate::<16, 64>(&DEFAULT, &facts).unwrap();
        let b = evaluate::<16, 64>(&DEFAULT, &facts).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert!(a.suggestions.windows(2).all(|w| w[0].rule.priority >= w[1].rule.priority));
        for s in &a.suggestions {
            prop_assert!(a.trace.iter().any(|t| t.id == s.rule.id));
        }
        for t in &a.trace {
            if let ringflux_rules::Visit::Test { test, seen, .. } = t.visit {
                prop_assert_eq!(seen, facts.get(test.fact()));
                if let Some(Value::Number(x)) = seen { prop_assert!(x.is_finite()); }
            }
        }
        // Each of the four trees is entered.
        prop_assert!((0..DEFAULT.roots.len() as u16).all(|k| a.trace.iter().any(|t| t.tree == k)));
    }

    /// Any rule graph — dangling indices, cycles, no roots — evaluates to a result or an error,
    /// never a panic, and `check` flags every graph whose evaluation fails.
    #[test]
    fn arbitrary_graphs_never_panic(
        edges in proptest::collection::vec((0u8..12, 0u8..12, 0u8..12), 1..6),
        nexts in proptest::collection::vec(0u8..12, 1..4),
        roots in proptest::collection::vec(0u8..12, 0..3),
        facts in any_facts(),
    ) {
        // 0 = end, 1..=5 = node, 6..=9 = rule, ≥ 10 = out of range
        let t = |x: u8| match x {
            0 => Target::End,
            1..=5 => Target::Node(u16::from(x) - 1),
            6..=9 => Target::Rule(u16::from(x) - 6),
            _ => Target::Node(99),
        };
        let ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        let nodes: Vec<Node> = edges.iter().zip(ids).map(|(&(y, n, u), id)| Node {
            id, test: Test::Below(Fact::TcK, 300.0), yes: t(y), no: t(n), unknown: t(u),
        }).collect();
        let rules: Vec<Rule> = nexts.iter().zip(["p", "q", "r"]).map(|(&x, id)| Rule {
            id, title: "t", suggestion: "s", rationale: "r", reference: None, priority: 1,
            positions: ringflux_rules::Positions::NONE, next: t(x),
        }).collect();
        let roots: Vec<Target> = roots.iter().map(|&x| t(x)).collect();
        let set = RuleSet { name: "random", roots: &roots, nodes: &nodes, rules: &rules, examples: &[] };
        let result = evaluate::<16, 64>(&set, &facts);
        let mut d: Diagnostics<64> = Diagnostics::new();
        set.check(&mut d);
        if result.is_err() {
            prop_assert!(!d.ok(), "evaluation failed on a set the check passed");
        }
    }
}

#[test]
fn capacities_are_errors_not_truncation() {
    let facts = Facts {
        tc_k: Some(300.0),
        dg_amide_kcal_per_mol: Some(21.0),
        ..Facts::UNKNOWN
    };
    assert_eq!(
        evaluate::<1, 64>(&DEFAULT, &facts).unwrap_err(),
        ringflux_core::Error::CapacityExceeded("suggestions")
    );
    assert_eq!(
        evaluate::<16, 2>(&DEFAULT, &facts).unwrap_err(),
        ringflux_core::Error::CapacityExceeded("trace")
    );
}

/// The numbers quoted in the rationales, recomputed with the core's Eyring equation and
/// equilibrium (so a rationale cannot drift from the physics it cites).
#[test]
fn numbers_quoted_in_rationales_match_the_core() {
    use ringflux_core::{constants::J_PER_KCAL, equilibrium, eyring};
    let t = 298.15;
    let k20 = eyring::rate_per_s(20.0 * J_PER_KCAL, t, 1.0).unwrap();
    let k22 = eyring::rate_per_s(22.0 * J_PER_KCAL, t, 1.0).unwrap();
    let k12 = eyring::rate_per_s(12.0 * J_PER_KCAL, t, 1.0).unwrap();
    // "k = 0.014 s⁻¹ (t½ ≈ 51 s)", "22 kcal/mol gives t½ ≈ 25 min", "about 10⁴ exchanges per second"
    assert!((k20 - 0.014).abs() < 0.0005, "{k20}");
    assert!((eyring::half_life_s(k20).unwrap() - 51.0).abs() < 1.0);
    assert!((eyring::half_life_s(k22).unwrap() / 60.0 - 25.0).abs() < 0.5);
    assert!((k12 / 1e4 - 1.0).abs() < 0.05, "{k12}");
    // "RT ln 3 = 0.65 kcal/mol", "RT ln 4 = 0.82 kcal/mol", "0.13 kcal/mol ... at p = 0.8"
    let dg = |a: f64, b: f64| equilibrium::from_ratio(a, b, t).unwrap().dg0_j_per_mol / J_PER_KCAL;
    assert!((dg(3.0, 1.0) - 0.65).abs() < 0.005);
    assert!((dg(4.0, 1.0) - 0.82).abs() < 0.005);
    assert!((dg(1.0, 0.8) - 0.13).abs() < 0.005);
    let rules = |id: &str| DEFAULT.rules.iter().find(|r| r.id == id).unwrap().rationale;
    assert!(rules("separable-amide-rotamers").contains("t½ ≈ 51 s"));
    assert!(rules("bias-rotamer-with-acyl-group").contains("0.65 kcal/mol"));
    assert!(rules("reverse-rotamer-preference").contains("0.82 kcal/mol"));
    assert!(rules("keep-ring-optimise-periphery").contains("0.13 kcal/mol"));
}

#[test]
fn facts_derive_families_and_reject_bad_values() {
    let f = Facts {
        bioactive_conformation: Some(Conformation::B),
        ..Facts::UNKNOWN
    };
    assert_eq!(
        f.get(Fact::BioactiveFamily),
        Some(Value::Family(Family::Boat))
    );
    let bad = Facts {
        rotamer_ratio: Some(0.5),
        ..Facts::UNKNOWN
    };
    assert_eq!(
        bad.check(),
        Err(ringflux_core::Error::OutOfRange("rotamer_ratio"))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Damaged rule files — a byte range deleted or replaced anywhere in the valid base — are
    /// rejected or accepted, never a panic; every diagnostic of a rejected file can be located.
    #[test]
    fn damaged_rule_files_never_panic(start in 0usize..1200, len in 0usize..40, with in "[\\[\\]{}\",:a-z0-9 ]{0,6}") {
        on_big_stack(move || damaged(start, len, &with))?;
    }
}

fn damaged(start: usize, len: usize, with: &str) -> Result<(), TestCaseError> {
    let (_, text) = rules_file("valid-minimal.json");
    let start = start.min(text.len());
    let end = (start + len).min(text.len());
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Ok(());
    }
    let damaged = format!("{}{}{}", &text[..start], with, &text[end..]);
    let parsed = load::parse(&damaged);
    if let Ok(raw) = parsed {
        let mut d: Diagnostics<32> = Diagnostics::new();
        if raw.validate(&mut d).is_none() {
            prop_assert!(!d.ok());
            for x in &d.items {
                prop_assert!(locate(&damaged, &x.place).is_some());
            }
        }
    };
    Ok(())
}
