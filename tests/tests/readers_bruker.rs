//! The Bruker processed-data reader against nmrglue 0.12 on real data.
//!
//! Data and peer values: `../shared/data/realworld/nmr-formats/` (datasets `bruker_bmse000325_1H`,
//! BMRB bmse000325, and `bruker_MMBBI_10M12-CE01-1a`, both from nmrML/nmrML @99b854e7, MIT), with
//! nmrglue's values in that folder's `expected.json` (`datasets.<name>.nmrglue`): produced by
//! `bruker.read_pdata(pdata/1, scale_data=True)` and the axis of `bruker.guess_udic` +
//! `fileiobase.uc_from_udic`.

use ringflux_cli::io::spectrum::bruker::{self, Pdata};
use serde_json::Value;
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    ringflux_tests::shared("data/realworld/nmr-formats").join(rel)
}

fn expected(dataset: &str) -> Value {
    let text = std::fs::read_to_string(shared("expected.json")).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    all["datasets"][dataset].clone()
}

fn read(dataset: &str) -> Pdata {
    let dir = bruker::pdata_dir(&shared(dataset)).unwrap();
    bruker::read_pdata(&dir, 4 << 20, 256 << 20).unwrap()
}

fn rel_close(got: f64, want: f64, rel: f64, what: &str) {
    let err = (got - want).abs() / want.abs().max(f64::MIN_POSITIVE);
    assert!(
        err <= rel,
        "{what}: ringflux {got}, nmrglue {want}, rel err {err:e}"
    );
}

/// Every value nmrglue printed for a dataset, to 1e-9 relative (the target).
fn matches_nmrglue(dataset: &str) {
    let e = expected(dataset);
    let ng = &e["nmrglue"];
    let p = read(dataset);
    let f = |k: &str| ng[k].as_f64().unwrap();
    assert_eq!(p.real.len() as u64, ng["npoints"].as_u64().unwrap());
    rel_close(p.ppm_first, f("ppm_first"), 1e-9, "ppm_first");
    rel_close(p.ppm_step, f("ppm_step"), 1e-9, "ppm_step");
    let last = p.ppm_first + (p.real.len() - 1) as f64 * p.ppm_step;
    rel_close(last, f("ppm_last"), 1e-9, "ppm_last");
    rel_close(p.real.iter().sum(), f("y_sum"), 1e-9, "y_sum");
    let min = p.real.iter().copied().fold(f64::INFINITY, f64::min);
    let (imax, max) =
        p.real
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0, f64::NEG_INFINITY),
                |a, (i, y)| if y > a.1 { (i, y) } else { a },
            );
    rel_close(min, f("y_min"), 1e-9, "y_min");
    rel_close(max, f("y_max"), 1e-9, "y_max");
    assert_eq!(imax as u64, ng["index_of_y_max"].as_u64().unwrap());
    rel_close(p.ppm()[imax], f("ppm_of_y_max"), 1e-9, "ppm_of_y_max");
    for (i, y) in ng["y_at_index"].as_object().unwrap() {
        let i: usize = i.parse().unwrap();
        rel_close(p.real[i], y.as_f64().unwrap(), 1e-9, &format!("y[{i}]"));
    }
    // Parameters as the files state them (expected.json `parameters`).
    let acq = &e["parameters"]["acqus"];
    let procs = &e["parameters"]["procs"];
    assert_eq!(p.temp_k, acq["TE"].as_f64());
    assert_eq!(p.sfo1_mhz, acq["SFO1"].as_f64());
    assert_eq!(p.bf1_mhz, acq["BF1"].as_f64());
    assert_eq!(Some(p.sf_mhz), procs["SF"].as_f64());
    assert_eq!(p.nucleus.as_deref(), acq["NUC1"].as_str());
    assert!(p.imag.is_none() && p.warnings.is_empty());
}

#[test]
fn bmse000325_matches_nmrglue() {
    // nmrglue: 65,536 points, 11.799633785197887 → -2.2102392172926724 ppm, y_sum 147311078.658,
    // NC_proc = -9 (expected.json datasets.bruker_bmse000325_1H.nmrglue).
    matches_nmrglue("bruker_bmse000325_1H");
}

#[test]
fn mmbbi_matches_nmrglue() {
    // nmrglue: 32,768 points, 11.099152564980916 → -0.9014439918944284 ppm, y_max 172618587 at
    // index 17166, NC_proc = -1 (expected.json datasets.bruker_MMBBI_10M12-CE01-1a.nmrglue).
    matches_nmrglue("bruker_MMBBI_10M12-CE01-1a");
}

#[test]
fn every_named_path_finds_the_pdata_folder() {
    // The experiment folder, pdata/1, 1r and procs all name the same dataset.
    let root = shared("bruker_MMBBI_10M12-CE01-1a");
    let want = root.join("pdata").join("1");
    for p in [
        root.clone(),
        want.clone(),
        want.join("1r"),
        want.join("procs"),
    ] {
        assert_eq!(
            bruker::pdata_dir(&p).as_deref(),
            Some(want.as_path()),
            "{p:?}"
        );
    }
    assert_eq!(bruker::pdata_dir(&shared("bmse000325.nmrML")), None);
}

#[test]
fn without_acqus_the_axis_comes_from_offset() {
    // nmrglue's other branch: car = OFFSET·SF − SW_p/2, so point 0 is at OFFSET exactly
    // (expected.json: ppm_first_from_procs_OFFSET 11.09915, ppm_last_from_procs -0.9014465568753636).
    let src = shared("bruker_MMBBI_10M12-CE01-1a/pdata/1");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pdata").join("1");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["1r", "procs"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    let p = bruker::read_pdata(&dir, 4 << 20, 256 << 20).unwrap();
    let ng = &expected("bruker_MMBBI_10M12-CE01-1a")["nmrglue"];
    rel_close(
        p.ppm_first,
        ng["ppm_first_from_procs_OFFSET"].as_f64().unwrap(),
        1e-12,
        "first",
    );
    let last = p.ppm_first + (p.real.len() - 1) as f64 * p.ppm_step;
    rel_close(
        last,
        ng["ppm_last_from_procs"].as_f64().unwrap(),
        1e-9,
        "last",
    );
    assert_eq!(p.temp_k, None);
    assert_eq!(p.nucleus.as_deref(), Some("1H")); // AXNUC
    assert_eq!(p.warnings.len(), 1);
}

#[test]
fn a_truncated_1r_is_refused_naming_si() {
    let src = shared("bruker_MMBBI_10M12-CE01-1a/pdata/1");
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(src.join("1r")).unwrap();
    std::fs::write(tmp.path().join("1r"), &bytes[..bytes.len() - 4]).unwrap();
    std::fs::copy(src.join("procs"), tmp.path().join("procs")).unwrap();
    let e = bruker::read_pdata(tmp.path(), 4 << 20, 256 << 20).unwrap_err();
    assert!(e.what.contains("SI = 32768"), "{e}");
    assert!(e.path.ends_with("1r"));
}

/// `ringflux integrate` on both Bruker datasets gives nmrglue's integrals over the same ppm
/// regions (expected.json `nmrglue.regions_ppm` / `integrals_hz_scale`: trapezoid over ppm·SF
/// minus the baseline through the means of the first and last 5 points — ringflux's convention,
/// computed on nmrglue's arrays), point counts exactly and integrals to 1e-9 relative.
#[test]
fn integrals_match_nmrglue() {
    for dataset in ["bruker_bmse000325_1H", "bruker_MMBBI_10M12-CE01-1a"] {
        let ng = &expected(dataset)["nmrglue"];
        let path = shared(dataset).display().to_string();
        let regions: Vec<String> = ng["regions_ppm"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{}..{}", r[0].as_f64().unwrap(), r[1].as_f64().unwrap()))
            .collect();
        let mut args = vec!["integrate", path.as_str()];
        for r in &regions {
            args.extend(["--region", r.as_str()]);
        }
        let v = ringflux_tests::cli::json(&args);
        for (got, want) in v["regions"]
            .as_array()
            .unwrap()
            .iter()
            .zip(ng["integrals_hz_scale"].as_array().unwrap())
        {
            assert_eq!(got["n_points"], want["n_points"], "{dataset}");
            rel_close(
                got["integral"].as_f64().unwrap(),
                want["integral"].as_f64().unwrap(),
                1e-9,
                &format!("{dataset} integral"),
            );
        }
    }
}

/// The real MMBBI experiment (1H, BF1 = 500.16 MHz, NUC2… off) with its `acqus` edited: a copy of
/// the dataset in a temporary folder, `acqus` rewritten by `edit`.
fn edited_mmbbi(edit: impl Fn(&str) -> String) -> Pdata {
    let src = shared("bruker_MMBBI_10M12-CE01-1a");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pdata").join("1");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["1r", "procs"] {
        std::fs::copy(src.join("pdata/1").join(f), dir.join(f)).unwrap();
    }
    let acqus = std::fs::read_to_string(src.join("acqus")).unwrap();
    let edited = edit(&acqus);
    assert_ne!(edited, acqus, "the edit must change acqus");
    std::fs::write(tmp.path().join("acqus"), edited).unwrap();
    bruker::read_pdata(&dir, 4 << 20, 256 << 20).unwrap()
}

/// NUC1 against the frequencies (IUPAC 2001 Ξ, Harris et al., Pure Appl. Chem. 73, 1795):
/// the real file agrees with itself; a 13C label on a 500 MHz BF1 with no 1H channel would need a
/// 1989 MHz magnet, so the nucleus is unknown; a 1H label on BF1 = 125.7602 MHz beside a 1H channel
/// at 500.16 MHz (ratio 25.1440 %, Ξ(13C) = 25.1450 %) is 13C. Each case warns; the real one does not.
#[test]
fn nuc1_is_checked_against_the_frequencies() {
    let real = bruker::read_pdata(
        &shared("bruker_MMBBI_10M12-CE01-1a/pdata/1"),
        4 << 20,
        256 << 20,
    )
    .unwrap();
    assert_eq!(real.nucleus.as_deref(), Some("1H"));
    assert!(real.warnings.is_empty(), "{:?}", real.warnings);

    let c13 = edited_mmbbi(|a| a.replace("##$NUC1= <1H>", "##$NUC1= <13C>"));
    assert_eq!(c13.nucleus, None);
    assert!(
        c13.warnings.iter().any(|w| w.contains("1989 MHz magnet")),
        "{:?}",
        c13.warnings
    );

    let relabelled = edited_mmbbi(|a| {
        a.replace("##$BF1= 500.16", "##$BF1= 125.7602")
            .replace("##$NUC2= <off>", "##$NUC2= <1H>")
    });
    assert_eq!(relabelled.nucleus.as_deref(), Some("13C"));
    assert!(
        relabelled
            .warnings
            .iter()
            .any(|w| w.contains("BF1/BF2 (1H)")),
        "{:?}",
        relabelled.warnings
    );
}
