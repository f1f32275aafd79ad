//! Rule-file loader (`ringflux_cli::analysis::rules::load`: serde-json-core parse, then validation
//! with located diagnostics; cycles, dangling references, capacity limits): no panic, no hang.
//! A refused file has at least one error, each located inside the text. An accepted one renders
//! (text, Mermaid) and round-trips: its rule-file JSON loads again to the same JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::analysis::rules::load;
use ringflux_cli::report::rules;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return; // rule files are read as UTF-8 text; invalid UTF-8 is refused before loading
    };
    let lines = text.split('\n').count() as u32;
    match load(text) {
        Ok((store, warnings)) => {
            assert!(warnings.iter().all(|w| w.severity == "warning"), "error among warnings");
            let set = store.as_set();
            rules::to_text(&set);
            rules::to_mermaid(&set);
            let json = rules::to_json(&set);
            let again = serde_json::to_string(&json).expect("JSON");
            let (store2, _) = load(&again)
                .unwrap_or_else(|d| panic!("re-emitted rule file refused: {d:?}\n{again}"));
            assert_eq!(rules::to_json(&store2.as_set()), json, "round trip changed the rules");
        }
        Err(diags) => {
            assert!(diags.iter().any(|d| d.severity == "error"), "refused without an error");
            for d in &diags {
                assert!(d.line.is_none_or(|l| l >= 1 && l <= lines), "diagnostic at line {:?}", d.line);
            }
        }
    }
});
