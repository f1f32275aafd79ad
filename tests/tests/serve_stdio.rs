//! `ringflux serve-stdio` through the built binary: one response line per request line, results
//! against the shared references, every error a response (never a crash), f32 and f64 paths.

use ringflux_tests::cli::ringflux;
use ringflux_tests::{assert_close, col, read_tsv, shared};
use serde_json::Value;

/// The f64 path prints numbers with full round-trip precision (`ryu`); the tables print 10
/// significant digits.
const PRINTED_10_DIGITS: f64 = 1e-9;
/// The f32 path: barriers within the accuracy table's bound (core/README.md), 5e-4 kcal/mol.
const F32_DG_KJ: f64 = 5e-4 * 4.184;

fn serve(args: &[&str], input: &str) -> Vec<Value> {
    let out = ringflux()
        .arg("serve-stdio")
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn gutowsky_holm_table_on_both_paths() {
    // shared/reference/kinetics/gutowsky_holm_ref.tsv
    let rows = read_tsv(&shared("reference/kinetics/gutowsky_holm_ref.tsv"));
    let input: String = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "{{\"id\":{i},\"op\":\"coalescence\",\"params\":{{\"tc_k\":{},\"dnu_hz\":{}}}}}\n",
                r["Tc_K"], r["dnu_Hz"]
            )
        })
        .collect();
    for (args, rtol, atol) in [
        (&[][..], PRINTED_10_DIGITS, 0.0),
        (&["--f32"][..], 0.0, F32_DG_KJ),
    ] {
        let out = serve(args, &input);
        assert_eq!(out.len(), rows.len());
        for (i, (v, r)) in out.iter().zip(&rows).enumerate() {
            assert_eq!(v["id"], i, "{v}");
            assert_eq!(v["ok"], true, "{v}");
            let dg = v["result"]["dg_kj_per_mol"].as_f64().unwrap();
            assert_close(
                &format!("row {i} {args:?}"),
                dg,
                col(r, "dG_kJ"),
                rtol,
                atol,
            );
        }
    }
}

#[test]
fn every_line_gets_a_response_even_garbage() {
    let input =
        "{\"id\":1,\"op\":\"ratio\",\"params\":{\"major\":3,\"minor\":1,\"temp_k\":298.15}}\n\
                 \u{0}\u{7f}garbage\n\
                 {\"op\":\"ratio\",\"params\":{\"major\":3}}\n\
                 {\"id\":9,\"op\":\"boltzmann\",\"params\":{\"energies\":[0,1],\"unit\":\"eV\"}}\n";
    let out = serve(&[], input);
    assert_eq!(out.len(), 4);
    // shared/reference/kinetics/population_dG0_ref.tsv: 3:1 at 298.15 K → 2.723412656 kJ/mol.
    assert_close(
        "3:1",
        out[0]["result"]["dg0_kj_per_mol"].as_f64().unwrap(),
        2.723412656,
        PRINTED_10_DIGITS,
        0.0,
    );
    assert_eq!(out[1]["error"]["code"], "malformed");
    assert_eq!(out[2]["error"]["code"], "malformed");
    assert_eq!(out[3]["error"]["code"], "out_of_range");
    assert_eq!(out[3]["error"]["parameter"], "unit");
    assert_eq!(out[3]["id"], 9);
}

#[test]
fn small_instrument_buffer_reports_response_too_large() {
    let energies: Vec<String> = (0..64).map(|i| format!("{}", i as f64 * 0.1)).collect();
    let input = format!(
        "{{\"op\":\"boltzmann\",\"params\":{{\"energies\":[{}]}}}}\n",
        energies.join(",")
    );
    let out = serve(&["--response-bytes", "256"], &input);
    assert_eq!(out[0]["error"]["code"], "response_too_large");
    let out = serve(&[], &input);
    assert_eq!(
        out[0]["result"]["populations"].as_array().unwrap().len(),
        64
    );
}
