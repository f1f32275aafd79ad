//! Coalescence CSV (`name,tc_k,dnu_hz[,j_hz][,pop_major][,tc_err_k][,dnu_err_hz]`, the `analyze` step
//! `coalescence`): no panic; errors name the file; a success has one result per row, in file order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::table;
use ringflux_fuzz::{check_reader, run_analyze_step, with_file};

fuzz_target!(|data: &[u8]| {
    let Some(json) = check_reader("fuzz.coalescence.csv", data, |path| Ok(run_analyze_step("coalescence", path)?.0)) else {
        return;
    };
    let rows = json.as_array().expect("one result per row");
    // The same file through the plain table reader: every row appears once, in order.
    let table = with_file("fuzz.coalescence.csv", data, |p| table::read(p, &["name", "tc_k", "dnu_hz"], &["j_hz", "pop_major", "tc_err_k", "dnu_err_hz"]))
        .expect("the step succeeded, so the table reads");
    assert_eq!(rows.len(), table.len(), "a row was dropped or invented");
    for (r, t) in rows.iter().zip(&table) {
        assert_eq!(r["name"].as_str(), t.get("name"), "order not kept");
    }
});
