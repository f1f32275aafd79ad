//! Conformer-energy CSV (`name,energy…[,degeneracy]`, read by `ringflux boltzmann` and the
//! `analyze` step for `*.energies.csv`): no panic; errors name the file; a success has one
//! population per row, in file order, each in [0, 1], summing to 1.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::analysis::boltzmann;
use ringflux_fuzz::{check_reader, close, to_json};

fuzz_target!(|data: &[u8]| {
    let mut names = Vec::new();
    let Some(json) = check_reader("fuzz.energies.csv", data, |path| {
        let t = boltzmann::read(path, None)?;
        let n = t.names.len();
        assert!(n == t.energies.len() && n == t.degeneracies.len(), "columns of unequal length");
        names = t.names.clone();
        Ok(to_json(&t.compute(298.15, path)?))
    }) else {
        return;
    };
    let pops = json["populations"].as_array().expect("populations array");
    assert_eq!(pops.len(), names.len(), "a row was dropped or invented");
    let mut sum = 0.0;
    for (p, name) in pops.iter().zip(&names) {
        assert_eq!(p["name"].as_str(), Some(name.as_str()), "order not kept");
        let x = p["population"].as_f64().expect("population");
        assert!((0.0..=1.0 + 1e-12).contains(&x), "population {x}");
        sum += x;
    }
    assert!(close(sum, 1.0, 0.0, 1e-12 * names.len() as f64), "populations sum to {sum}");
});
