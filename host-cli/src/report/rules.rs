//! Rendering of `ringflux rules` results (human text).

use crate::analysis::facts::stated_json;
use crate::analysis::rules::CheckReport;
use ringflux_rules::{RuleSet, Target, Test};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// The rule set as rule-file JSON (format 1); `rules check` accepts it unchanged.
pub fn to_json(set: &RuleSet<'_>) -> Value {
    let name = |t: Target| set.target_id(t).map_or(Value::Null, |s| json!(s));
    let nodes: Vec<Value> = set
        .nodes
        .iter()
        .map(|n| {
            let fact = n.test.fact().name();
            let test = match n.test {
                Test::Known(_) => json!({ "fact": fact, "known": true }),
                Test::Is(_, v) => json!({ "fact": fact, "is": v.to_string() }),
                Test::Below(_, t) => json!({ "fact": fact, "below": t }),
                Test::AtLeast(_, t) => json!({ "fact": fact, "at_least": t }),
                Test::Between(_, lo, hi) => json!({ "fact": fact, "between": [lo, hi] }),
            };
            json!({ "id": n.id, "test": test, "yes": name(n.yes), "no": name(n.no),
                    "unknown": match n.unknown {
                        u if u == n.no => Value::Null,
                        Target::End => json!("end"),
                        u => name(u),
                    } })
        })
        .collect();
    let rules: Vec<Value> = set
        .rules
        .iter()
        .zip(0u16..)
        .map(|(r, i)| {
            let examples: Vec<Value> = set
                .examples_of(i)
                .map(|e| json!({ "facts": stated_json(&e.facts), "fires": e.fires }))
                .collect();
            let positions: Vec<&str> = r.positions.iter().map(|p| p.name()).collect();
            json!({ "id": r.id, "title": r.title, "suggestion": r.suggestion,
                    "rationale": r.rationale, "reference": r.reference, "priority": r.priority,
                    "positions": positions, "next": name(r.next), "examples": examples })
        })
        .collect();
    let roots: Vec<Value> = set.roots.iter().map(|&t| name(t)).collect();
    json!({ "format": ringflux_rules::RULE_FORMAT_VERSION, "name": set.name, "roots": roots,
            "nodes": nodes, "rules": rules })
}

/// The rule set as indented trees; a node or rule already drawn in the same tree is referred
/// to by id (`↑ id`) instead of being drawn again.
pub fn to_text(set: &RuleSet<'_>) -> String {
    let mut s = format!(
        "Rule set '{}': {} trees (? test, ★ rule, ↑ drawn above)\n",
        set.name,
        set.roots.len()
    );
    for (k, &root) in set.roots.iter().enumerate() {
        let _ = writeln!(s, "\nTree {}", k + 1);
        let mut drawn = Vec::new();
        draw(set, root, "", 1, &mut drawn, &mut s);
    }
    s
}

/// Depth bound of the drawing (a validated set is acyclic; this only guards hand-made ones).
const MAX_DRAW_DEPTH: usize = 64;

fn draw(
    set: &RuleSet<'_>,
    t: Target,
    label: &str,
    depth: usize,
    drawn: &mut Vec<Target>,
    s: &mut String,
) {
    let pad = "  ".repeat(depth);
    if t != Target::End && (drawn.contains(&t) || depth > MAX_DRAW_DEPTH) {
        let _ = writeln!(s, "{pad}{label}↑ {}", set.target_id(t).unwrap_or("?"));
        return;
    }
    drawn.push(t);
    match t {
        Target::End => {
            let _ = writeln!(s, "{pad}{label}(end)");
        }
        Target::Node(i) => {
            let Some(n) = set.node(i) else { return };
            let _ = writeln!(s, "{pad}{label}? {} — {}", n.id, n.test);
            let mut branches = vec![("yes", n.yes), ("no", n.no)];
            if n.unknown == n.no {
                branches[1].0 = "no/unknown";
            } else if n.unknown == n.yes {
                branches[0].0 = "yes/unknown";
            } else {
                branches.push(("unknown", n.unknown));
            }
            for (l, next) in branches {
                draw(set, next, &format!("{l}: "), depth + 1, drawn, s);
            }
        }
        Target::Rule(i) => {
            let Some(r) = set.rule(i) else { return };
            let _ = writeln!(
                s,
                "{pad}{label}★ {} (priority {}): {}",
                r.id, r.priority, r.title
            );
            if r.next != Target::End {
                draw(set, r.next, "then: ", depth + 1, drawn, s);
            }
        }
    }
}

/// The rule set as a Mermaid flowchart.
pub fn to_mermaid(set: &RuleSet<'_>) -> String {
    let esc = |x: &str| x.replace('"', "#quot;");
    let id = |t: Target| match t {
        Target::Node(i) => format!("n{i}"),
        Target::Rule(i) => format!("r{i}"),
        Target::End => String::new(),
    };
    let mut s = String::from("flowchart TD\n");
    for (k, &root) in set.roots.iter().enumerate() {
        let _ = writeln!(s, "  t{k}([\"tree {}\"]) --> {}", k + 1, id(root));
    }
    for (n, i) in set.nodes.iter().zip(0u16..) {
        let me = id(Target::Node(i));
        let _ = writeln!(s, "  {me}{{\"{}<br/>{}\"}}", n.id, esc(&n.test.to_string()));
        let unknown_shared = n.unknown == n.yes || n.unknown == n.no;
        for (label, t) in [("yes", n.yes), ("no", n.no), ("unknown", n.unknown)] {
            if t == Target::End || (label == "unknown" && unknown_shared) {
                continue;
            }
            let label = match label {
                "yes" if n.unknown == n.yes && n.yes != n.no => "yes / unknown",
                "no" if n.unknown == n.no => "no / unknown",
                l => l,
            };
            let _ = writeln!(s, "  {me} -->|{label}| {}", id(t));
        }
    }
    for (r, i) in set.rules.iter().zip(0u16..) {
        let me = id(Target::Rule(i));
        let _ = writeln!(s, "  {me}[\"{}<br/>{}\"]", r.id, esc(r.title));
        if r.next != Target::End {
            let _ = writeln!(s, "  {me} -.->|then| {}", id(r.next));
        }
    }
    s
}

/// Human rendering of a `rules check` report.
pub fn render_check(report: &CheckReport) -> String {
    let file = std::path::Path::new(&report.file);
    let mut human = format!(
        "{}: ok — '{}': {} trees, {} tests, {} rules, {} examples passed\n",
        report.file, report.name, report.trees, report.nodes, report.rules, report.examples
    );
    for w in &report.warnings {
        human += &format!("{}\n", w.render(file));
    }
    human
}
