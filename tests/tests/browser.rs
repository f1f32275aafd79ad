//! The `analyze --html` report of every bundled example folder, rendered by a real browser
//! (issue 14): Debian's headless Chromium loads the file from disk and must report no console
//! error, fetch nothing, give every figure a non-empty box and show the summary lines.
//!
//! Method: a copy of the report gets two small inline scripts — one first in `<head>` that records
//! `window.onerror` and `console.error`, one last in `<body>` that measures every `<figure>`'s
//! `<svg>` (`getBoundingClientRect`), lists the resources the page fetched
//! (`performance.getEntriesByType("resource")`) and writes all of it, with the page's
//! `innerText`, as JSON into a `<pre id="rf-check">`; `chromium --headless --dump-dom` prints the
//! DOM after the load, and the test reads that element. Chromium's own console log
//! (`--enable-logging=stderr`) is checked too, for errors no script sees (a failed fetch). This is
//! simpler than driving the DevTools protocol over `--remote-debugging-pipe` and needs no crate.
//!
//! Every folder of examples/ is rendered (`EXAMPLES`, checked against the directory listing).
//! Without /usr/bin/chromium (CI installs it, .ci/run) the test says so loudly on stderr and
//! stops without checking anything; it never claims a browser check it did not make.

use ringflux_tests::cli::run;
use ringflux_tests::example;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

const HEAD_HOOK: &str = r#"<script>window.__rf_errors=[];window.addEventListener("error",function(e){window.__rf_errors.push(String(e.message||e))});(function(){var o=console.error;console.error=function(){window.__rf_errors.push(Array.prototype.join.call(arguments," "));o.apply(console,arguments)}})();</script>"#;

const BODY_CHECK: &str = r#"<pre id="rf-check"></pre><script>(function(){var figs=[].slice.call(document.querySelectorAll("figure")).map(function(f){var s=f.querySelector("svg");var r=s?s.getBoundingClientRect():{width:0,height:0};return {caption:(f.querySelector("figcaption")||{}).textContent||"",w:r.width,h:r.height}});var res=performance.getEntriesByType("resource").map(function(e){return e.name});document.getElementById("rf-check").textContent=JSON.stringify({errors:window.__rf_errors,figures:figs,resources:res,text:document.body.innerText});})();</script>"#;

/// `None` (after a loud message) when there is no browser on this machine.
fn browser() -> Option<&'static str> {
    if Path::new(CHROMIUM).exists() {
        return Some(CHROMIUM);
    }
    eprintln!(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
         !! SKIPPED: browser test of the HTML reports — {CHROMIUM} is missing.\n\
         !! Install it with `apt-get install -y chromium` (.ci/run does). NOTHING WAS CHECKED.\n\
         !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    );
    None
}

/// The report of one example folder, loaded in headless Chromium: the JSON of `#rf-check`,
/// Chromium's stderr and the folder's `analyze --json` document (from the same run).
fn render(chromium: &str, folder: &str) -> (Value, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let path = example(folder);
    let (code, out, err) = run(&[
        "analyze",
        path.to_str().unwrap(),
        "--json",
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{folder}: {err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        !page.contains("<script"),
        "{folder}: the report itself has a script"
    );
    let page = page
        .replacen("<head>", &format!("<head>{HEAD_HOOK}"), 1)
        .replacen("</body>", &format!("{BODY_CHECK}</body>"), 1);
    let probe = dir.path().join("probe.html");
    std::fs::write(&probe, page).unwrap();
    let (check, stderr) = load(chromium, &probe, folder);
    (check, stderr, json)
}

/// Loads a probe page (file) in headless Chromium with a fresh profile: the JSON of `#rf-check`
/// and Chromium's stderr.
fn load(chromium: &str, probe: &Path, folder: &str) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,900",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", probe.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{folder}: chromium failed: {stderr}");
    let start = dom
        .find("<pre id=\"rf-check\">")
        .unwrap_or_else(|| panic!("{folder}: no check output in the DOM; stderr: {stderr}"))
        + "<pre id=\"rf-check\">".len();
    let end = dom[start..].find("</pre>").unwrap() + start;
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let check: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{folder}: check output is not JSON ({e}): {text}"));
    (check, stderr)
}

fn check_folder(chromium: &str, folder: &str, figures: usize) {
    let (check, stderr, json) = render(chromium, folder);
    assert_eq!(
        check["errors"],
        serde_json::json!([]),
        "{folder}: console errors"
    );
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE(")).collect();
    assert!(console.is_empty(), "{folder}: console messages {console:?}");
    assert_eq!(
        check["resources"],
        serde_json::json!([]),
        "{folder}: fetched"
    );
    let figs = check["figures"].as_array().unwrap();
    assert_eq!(figs.len(), figures, "{folder}: figures");
    for f in figs {
        let (w, h) = (f["w"].as_f64().unwrap(), f["h"].as_f64().unwrap());
        assert!(w > 100.0 && h > 100.0, "{folder}: figure box {w}×{h}: {f}");
    }
    // The summary lines, as the report computes them from the JSON, are on the rendered page.
    let text = check["text"].as_str().unwrap();
    let lines = ringflux_cli::report::html::summary_lines(&json);
    assert!(!lines.is_empty());
    // (The page indents sub-lines by layout, so the text's leading blanks are not compared.)
    for l in lines {
        assert!(
            text.contains(l.trim()),
            "{folder}: summary line {l:?} not shown"
        );
    }
}

/// Every folder of examples/ with the number of figures its report has: isovaleryl-diazepane
/// (family populations, five Cremer–Pople maps, Boltzmann bars, the Eyring plots of the rate
/// table and of the VT series, the VT stack), homopiperazine-four-site (the Eyring plot with one
/// line per process, the VT stack with the global fit), the two DP4 folders (¹³C and ¹H
/// scatters).
const EXAMPLES: [(&str, usize); 5] = [
    ("isovaleryl-diazepane", 10),
    ("homopiperazine-four-site", 2),
    ("nankakurine-dp4", 2),
    ("dp4plus-synthetic", 2),
    ("isovaleryl-dp4-pyscf", 2),
];

#[test]
fn every_example_folder_is_checked() {
    // A new example folder must be added to EXAMPLES (and so to the browser check).
    let mut folders: Vec<String> = std::fs::read_dir(example(""))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<String> = EXAMPLES.iter().map(|e| e.0.to_string()).collect();
    listed.sort();
    assert_eq!(folders, listed);
}

#[test]
fn reports_render_in_headless_chromium() {
    let Some(chromium) = browser() else { return };
    for (folder, figures) in EXAMPLES {
        check_folder(chromium, folder, figures);
    }
}

#[test]
fn the_probe_sees_a_broken_page() {
    // The checks must be able to fail: a page with a script error and an empty figure.
    let Some(chromium) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("bad.html");
    let page = format!(
        "<!DOCTYPE html><html><head>{HEAD_HOOK}</head><body><figure><svg width=\"0\" height=\"0\"></svg></figure>\
         <script>undefined_function();</script>{BODY_CHECK}</body></html>"
    );
    std::fs::write(&probe, page).unwrap();
    let (check, _) = load(chromium, &probe, "bad.html");
    let errors = check["errors"].to_string();
    assert!(
        errors.contains("undefined_function is not defined"),
        "{check}"
    );
    assert_eq!(check["figures"][0]["w"].as_f64(), Some(0.0), "{check}");
}
