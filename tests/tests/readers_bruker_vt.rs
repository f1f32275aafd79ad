//! A Bruker-format VT series through `vt-fit` end to end: the simulated amide series of
//! `examples/isovaleryl-diazepane/vt/` (ΔH‡ = 70 kJ/mol, ΔS‡ = −5 J/(mol K), see that folder's
//! README) written as a Bruker dataset folder — one `<expno>/` per temperature with `acqus`
//! (`TE`, `SFO1`, `BF1`, `SW_h`, `NUC1`) and `pdata/1/{procs,1r}` (float64, `DTYPP = 2`), the
//! layout nmrglue's `bruker.read_pdata` reads — gives the same rates as the same spectra given as
//! CSV files in a manifest, and the simulation's activation parameters.

use ringflux_tests::cli::json;
use ringflux_tests::{example, num};
use std::path::Path;

/// Spectrometer frequency of the written datasets, MHz (any value: ppm = Hz / SF).
const SF_MHZ: f64 = 400.0;

/// Writes one experiment folder holding the spectrum (x ascending in Hz, y) at `temp_k`.
fn write_experiment(dir: &Path, x: &[f64], y: &[f64], temp_k: f64) {
    let n = x.len();
    let dx = (x[n - 1] - x[0]) / (n - 1) as f64;
    // Bruker stores the highest frequency first. nmrglue's axis: point i at
    // (car + sw/2 − i·sw/n)/SF ppm with car = (SFO1 − SF)·10⁶ Hz: sw = n·dx, car = x_max − sw/2.
    let sw = n as f64 * dx;
    let car = x[n - 1] - sw / 2.0;
    let sfo1 = SF_MHZ + car * 1e-6;
    let pdata = dir.join("pdata").join("1");
    std::fs::create_dir_all(&pdata).unwrap();
    std::fs::write(
        dir.join("acqus"),
        format!(
            "##TITLE= Parameter file\n##JCAMPDX= 5.0\n##DATATYPE= Parameter Values\n\
             ##$BF1= {SF_MHZ}\n##$NUC1= <1H>\n##$SFO1= {sfo1}\n##$SW_h= {sw}\n##$TE= {temp_k}\n##END=\n"
        ),
    )
    .unwrap();
    std::fs::write(
        pdata.join("procs"),
        format!(
            "##TITLE= Parameter file\n##JCAMPDX= 5.0\n##DATATYPE= Parameter Values\n\
             ##$AXNUC= <1H>\n##$BYTORDP= 0\n##$DTYPP= 2\n##$NC_proc= 0\n##$OFFSET= {}\n\
             ##$SF= {SF_MHZ}\n##$SI= {n}\n##$SW_p= {sw}\n##END=\n",
            x[n - 1] / SF_MHZ
        ),
    )
    .unwrap();
    let bytes: Vec<u8> = y.iter().rev().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(pdata.join("1r"), bytes).unwrap();
}

#[test]
fn bruker_vt_series_fits_like_the_csv_series() {
    let vt = example("isovaleryl-diazepane/vt");
    let tmp = tempfile::tempdir().unwrap();
    let dataset = tmp.path().join("dataset");
    let mut manifest = String::from("file,temp_k\n");
    let mut files: Vec<_> = std::fs::read_dir(&vt)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 14);
    for (k, f) in files.iter().enumerate() {
        let name = f.file_name().unwrap().to_str().unwrap();
        let temp_k: f64 = name
            .trim_start_matches("amide-")
            .trim_end_matches("K.csv")
            .parse()
            .unwrap();
        let text = std::fs::read_to_string(f).unwrap();
        let (x, y) = ringflux_tests::xy_csv(&text);
        write_experiment(&dataset.join((k + 10).to_string()), &x, &y, temp_k);
        manifest += &format!("{},{temp_k}\n", f.display());
    }
    let manifest_path = tmp.path().join("csv.vt.csv");
    std::fs::write(&manifest_path, manifest).unwrap();
    let flags = [
        "--va-hz",
        "1440",
        "--vb-hz",
        "1380",
        "--wa-hz",
        "1.5",
        "--pop-a",
        "0.75",
        "--fix-width",
    ];
    let run = |series: &Path| {
        let mut args = vec!["vt-fit", series.to_str().unwrap()];
        args.extend(flags);
        json(&args)
    };
    let bruker = run(&dataset);
    let csv = run(&manifest_path);
    // The Bruker axis is rebuilt from SFO1/SW_h written as decimals: it matches the CSV axis to
    // ~1e-7 Hz of ~1400 Hz, so the fitted rates and Eyring parameters agree to far below 1e-6.
    for key in ["dh_kj_per_mol", "ds_j_per_mol_k", "dg_298_kj_per_mol"] {
        let (b, c) = (num(&bruker[key]), num(&csv[key]));
        assert!(
            (b - c).abs() <= 1e-6 * c.abs(),
            "{key}: Bruker {b}, CSV {c}"
        );
    }
    let points = bruker["points"].as_array().unwrap();
    assert_eq!(points.len(), 14);
    // The simulation's truth (examples/isovaleryl-diazepane/README.md), within 3σ.
    let (dh, dh_e) = (
        num(&bruker["dh_kj_per_mol"]),
        num(&bruker["dh_err_kj_per_mol"]),
    );
    let (ds, ds_e) = (
        num(&bruker["ds_j_per_mol_k"]),
        num(&bruker["ds_err_j_per_mol_k"]),
    );
    assert!((dh - 70.0).abs() <= 3.0 * dh_e, "ΔH‡ {dh} ± {dh_e}");
    assert!((ds + 5.0).abs() <= 3.0 * ds_e, "ΔS‡ {ds} ± {ds_e}");
}
