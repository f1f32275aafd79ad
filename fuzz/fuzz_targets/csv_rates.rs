//! Rate-constant CSV (`temp_k,k_per_s[,k_err_per_s]`, read by `ringflux eyring-fit` and the
//! `analyze` step for `*.rates.csv`): no panic; errors name the file; a success uses every row
//! in file order and reports only finite numbers, R² ≤ 1 and non-negative standard errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::analysis::eyring_fit;
use ringflux_fuzz::{check_reader, to_json};

fuzz_target!(|data: &[u8]| {
    let mut points = Vec::new();
    let Some(json) = check_reader("fuzz.rates.csv", data, |path| {
        points = eyring_fit::read_points(path)?;
        Ok(to_json(&eyring_fit::compute(&points, 1.0, path)?))
    }) else {
        return;
    };
    assert_eq!(json["n"].as_u64(), Some(points.len() as u64), "a row was dropped or invented");
    let out = json["points"].as_array().expect("points");
    for (o, p) in out.iter().zip(&points) {
        assert_eq!(o["temp_k"].as_f64(), Some(p.t_k), "order not kept");
        assert_eq!(o["k_per_s"].as_f64(), Some(p.k_per_s), "order not kept");
    }
    let r2 = json["r_squared"].as_f64().expect("r_squared");
    assert!(r2 <= 1.0 + 1e-9, "R² = {r2}");
    for k in ["dh_err_kj_per_mol", "ds_err_j_per_mol_k", "dg_298_err_kj_per_mol"] {
        assert!(json[k].as_f64().expect(k) >= 0.0, "{k} negative");
    }
});
