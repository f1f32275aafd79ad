//! The host layers (issue 12, ARCHITECTURE.md): `cmd → report → analysis → chem → io`, one way.
//! Reads every module of `host-cli/src`, collects the `crate::<layer>` paths in its code (comments
//! are skipped), and fails when a lower layer names a higher one, when one command module names
//! another, or when a module other than `report::output` writes to stdout. Also: no import circles among the modules of `rules/src`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Rank of each layer; `error`, `units` and the crate root sit below all of them.
const LAYERS: [(&str, u8); 5] = [
    ("io", 1),
    ("chem", 2),
    ("analysis", 3),
    ("report", 4),
    ("cmd", 5),
];

fn rank(layer: &str) -> Option<u8> {
    LAYERS.iter().find(|(l, _)| *l == layer).map(|(_, r)| *r)
}

/// The code of a Rust file without its comments (line comments and doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::a::b` in `text` as (a, b).
fn crate_paths(text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + 7..];
        let a = ident(rest);
        let b = rest
            .get(a.len()..)
            .and_then(|r| r.strip_prefix("::"))
            .map(ident)
            .unwrap_or_default();
        out.insert((a, b));
    }
    out
}

/// The layering violations of one module at `rel` (path below `host-cli/src`) with source `text`.
fn violations(rel: &str, text: &str, commands: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let layer = rel.split('/').next().unwrap_or_default();
    let Some(mine) = rank(layer) else {
        return out; // lib.rs, main.rs, error.rs, units.rs
    };
    let text = code(text);
    for (a, b) in crate_paths(&text) {
        if let Some(theirs) = rank(&a) {
            if theirs > mine {
                out.push(format!("{rel}: layer {layer} uses crate::{a}"));
            }
        }
        if layer == "cmd" && a == "cmd" && commands.contains(&b) {
            out.push(format!("{rel}: command uses crate::cmd::{b}"));
        }
    }
    // The one writer of stdout is report::output (called by main.rs): nothing else prints.
    let prints = |m: &str| text.matches(m).count() > text.matches(&format!("e{m}")).count();
    if text.contains("io::stdout") || prints("println!") || prints("print!(") {
        out.push(format!("{rel}: writes to stdout itself"));
    }
    if layer == "cmd" && rel != "cmd/mod.rs" {
        for cmd in commands {
            let me = rel.trim_start_matches("cmd/").trim_end_matches(".rs");
            if cmd != me && text.contains(&format!("super::{cmd}::")) {
                out.push(format!("{rel}: command uses super::{cmd}"));
            }
        }
    }
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("source folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn host_src() -> PathBuf {
    ringflux_tests::workspace_root()
        .join("host-cli")
        .join("src")
}

fn commands() -> BTreeSet<String> {
    rust_files(&host_src().join("cmd"))
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|s| s != "mod")
        .collect()
}

#[test]
fn host_layers_depend_one_way_and_commands_not_on_each_other() {
    let src = host_src();
    let commands = commands();
    assert!(commands.len() > 10, "found the command modules");
    let mut all = Vec::new();
    for p in rust_files(&src) {
        let rel = p
            .strip_prefix(&src)
            .expect("below src")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&p).expect("readable source");
        all.extend(violations(&rel, &text, &commands));
    }
    assert!(all.is_empty(), "layering violations:\n{}", all.join("\n"));
}

/// The check can fail: an upward import, a command importing a command, and either hidden in a
/// comment (which must not count).
#[test]
fn the_layering_check_sees_violations() {
    let commands: BTreeSet<String> = ["lineshape", "vt_fit"].map(String::from).into();
    let up = violations(
        "chem/ensemble.rs",
        "use crate::analysis::boltzmann;\n",
        &commands,
    );
    assert_eq!(up, ["chem/ensemble.rs: layer chem uses crate::analysis"]);
    let sideways = violations(
        "cmd/vt_fit.rs",
        "use super::lineshape::FitFlags;\n",
        &commands,
    );
    assert_eq!(sideways, ["cmd/vt_fit.rs: command uses super::lineshape"]);
    let by_path = violations(
        "cmd/vt_fit.rs",
        "let x = crate::cmd::lineshape::run;",
        &commands,
    );
    assert_eq!(
        by_path,
        ["cmd/vt_fit.rs: command uses crate::cmd::lineshape"]
    );
    assert!(violations(
        "io/table.rs",
        "//! see [`crate::report::output`]\n",
        &commands
    )
    .is_empty());
    assert!(violations(
        "report/vt.rs",
        "use crate::analysis::vt::Report;\n",
        &commands
    )
    .is_empty());
}

/// `use crate::x` edges between the modules of `rules/src`.
fn rules_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = ringflux_tests::workspace_root().join("rules").join("src");
    let mut g = BTreeMap::new();
    for p in rust_files(&src) {
        let name = p
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        if name == "lib" {
            continue;
        }
        let text = code(&std::fs::read_to_string(&p).expect("readable source"));
        let uses = crate_paths(&text)
            .into_iter()
            .map(|(a, _)| a)
            .filter(|a| *a != name)
            .collect();
        g.insert(name, uses);
    }
    g
}

/// A cycle in `g`, if any, as the list of its modules.
fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            return Some(path[i..].to_vec());
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|n| visit(n, g, &mut Vec::new(), &mut done))
}

#[test]
fn rules_modules_have_no_import_circles() {
    let g = rules_graph();
    assert!(g.contains_key("check") && g.contains_key("load"), "{g:?}");
    assert_eq!(cycle(&g), None);
    // The check can fail: a circle check → load → check is found.
    let mut circular = g.clone();
    circular
        .entry("check".into())
        .or_default()
        .insert("load".into());
    circular
        .entry("load".into())
        .or_default()
        .insert("check".into());
    assert!(cycle(&circular).is_some());
}
