//! Rendering of `ringflux suggest` results (human text).

use crate::analysis::suggest::Report;

/// Wraps `text` at `width` columns, every line indented by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out += &format!("{indent}{line}\n");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out += &format!("{indent}{line}\n");
    }
    out
}

/// A fact value for people: numbers to 4 decimals (trailing zeros dropped), names bare.
fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "unknown".to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let t = format!("{x:.4}");
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        other => other.to_string(),
    }
}

/// Human rendering: suggestions (with positions on the user's atoms), then the trace.
pub fn render(r: &Report) -> String {
    let mut s = String::from("Facts:\n");
    if r.fact_sources.is_empty() {
        s += "  none given\n";
    }
    for (k, src) in &r.fact_sources {
        let value = show(&r.facts[*k]);
        // E/Z beside an N1 O-syn name where this molecule's CIP ranking gives it meaning
        let ez = r
            .rotamer_ez
            .as_ref()
            .and_then(|m| m.label(&value))
            .map_or(String::new(), |l| format!(" ({l})"));
        s += &format!("  {k} = {value}{ez}  ({src})\n");
    }
    if let Some(m) = &r.rotamer_ez {
        s += &format!(
            "  (rotamers: Z = {}, E = {} by the CIP ranking of the ring carbons on N1 in {})\n",
            m.z, m.e, m.file
        );
    }
    if r.suggestions.is_empty() {
        s += "\nNo suggestion: no rule applies to these facts (see the trace).\n";
    } else {
        s += &format!("\nSuggestions ({}), highest priority first:\n", r.rule_set);
    }
    for g in &r.suggestions {
        s += &format!(
            "\n{}. {}  [{}, priority {}]\n",
            g.rank, g.title, g.rule_id, g.priority
        );
        if !g.positions.is_empty() {
            let at: Vec<String> = g
                .positions
                .iter()
                .map(|p| match (&p.atom, &p.file) {
                    (Some(n), Some(f)) => format!("{} — atom {n} in {f}", p.label),
                    _ => p.label.to_string(),
                })
                .collect();
            s += &format!("   at: {}\n", at.join("; "));
        }
        s += &wrap(&g.suggestion, 92, "   ");
        s += "   Why:\n";
        s += &wrap(&g.rationale, 90, "     ");
        if let Some(reference) = &g.reference {
            s += &wrap(&format!("Ref.: {reference}"), 90, "   ");
        }
    }
    s += "\nTrace (every test, the value it saw, the branch it took):\n";
    for t in &r.trace {
        match (&t.test, t.branch) {
            (Some(test), Some(branch)) => {
                let seen = show(&t.seen);
                s += &format!("  [{}] {}: {test}; saw {seen} → {branch}\n", t.tree, t.id);
            }
            _ => s += &format!("  [{}] ★ {}\n", t.tree, t.id),
        }
    }
    s
}
