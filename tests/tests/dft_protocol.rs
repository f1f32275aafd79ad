//! Issue 19, `dft-inputs` defaults: the population threshold with the skipped families listed,
//! cores and memory from flags, the dispersion-corrected optimisation default — on the bundled
//! isovaleryl-diazepane ensemble (`../shared/data/ensembles/isovaleryl-diazepane.sdf`), whose family
//! populations `ringflux conformers` reports.

use ringflux_tests::cli::{json, run};
use ringflux_tests::{num, shared};
use std::path::Path;

fn s(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn families_below_the_population_threshold_are_skipped_and_listed() {
    let sdf = shared("data/ensembles/isovaleryl-diazepane.sdf");
    let out = tempfile::tempdir().unwrap();
    let conformers = json(&["conformers", &s(&sdf)]);
    let pops: Vec<(String, f64)> = conformers["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["family"].as_str().unwrap().to_string(),
                num(&f["population"]),
            )
        })
        .collect();
    for (threshold, flag) in [(1.0, None), (20.0, Some("20"))] {
        let dir = out.path().join(format!("t{threshold}"));
        let mut args = vec!["dft-inputs".to_string(), s(&sdf), "--out".into(), s(&dir)];
        if let Some(f) = flag {
            args.extend(["--min-population".into(), f.into()]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let v = json(&refs);
        let written: Vec<&str> = v["families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["family"].as_str().unwrap())
            .collect();
        let skipped: Vec<&str> = v["skipped_families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["family"].as_str().unwrap())
            .collect();
        for (fam, p) in &pops {
            let below = 100.0 * p < threshold;
            assert_eq!(
                skipped.contains(&fam.as_str()),
                below,
                "{fam} {p} at {threshold} %"
            );
            assert_eq!(
                written.contains(&fam.as_str()),
                !below,
                "{fam} {p} at {threshold} %"
            );
        }
        assert!(!skipped.is_empty() && !written.is_empty(), "{v}");
        // no input file for a skipped family
        let files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for fam in &skipped {
            assert!(
                !files.iter().any(|f| f.contains(&format!("_{fam}_"))),
                "{files:?}"
            );
        }
        assert_eq!(files.len(), 2 * written.len());
    }
    // the human report names the skipped families and the expected ones among them
    let (code, human, err) = run(&["dft-inputs", &s(&sdf), "--out", &s(&out.path().join("h"))]);
    assert_eq!(code, 0, "{err}");
    assert!(human.contains("skipped below 1 %: TB-Z"), "{human}");
    assert!(human.contains("expected families skipped"), "{human}");
}

#[test]
fn cores_memory_and_the_dispersion_correction_reach_the_inputs() {
    let sdf = shared("data/ensembles/isovaleryl-diazepane.sdf");
    let out = tempfile::tempdir().unwrap();
    for (program, ext, want_opt, want_res) in [
        (
            "gaussian",
            "gjf",
            "#p B3LYP/6-311+G(d,p) EmpiricalDispersion=GD3BJ Opt Freq",
            "%NProcShared=4\n%Mem=6000MB\n",
        ),
        // ORCA: %maxcore = 3/4 of 6000 MB / 4 cores = 1125 MB
        (
            "orca",
            "inp",
            "! B3LYP D3BJ 6-311+G(d,p) Opt Freq",
            "%pal nprocs 4 end\n%maxcore 1125\n",
        ),
    ] {
        let dir = out.path().join(program);
        let v = json(&[
            "dft-inputs",
            &s(&sdf),
            "--program",
            program,
            "--cores",
            "4",
            "--memory-mb",
            "6000",
            "--out",
            &s(&dir),
        ]);
        assert_eq!(v["method"], "B3LYP-D3(BJ)/6-311+G(d,p)");
        assert_eq!(v["nmr_method"], "mPW1PW91/6-311+G(d,p)");
        let fam = v["families"][0]["family"].as_str().unwrap();
        let opt =
            std::fs::read_to_string(dir.join(format!("isovaleryl-diazepane_{fam}_optfreq.{ext}")))
                .unwrap();
        let nmr =
            std::fs::read_to_string(dir.join(format!("isovaleryl-diazepane_{fam}_nmr.{ext}")))
                .unwrap();
        assert!(opt.contains(want_opt) && opt.contains(want_res), "{opt}");
        assert!(nmr.contains("mPW1PW91") && nmr.contains(want_res), "{nmr}");
        assert!(
            !nmr.contains("D3"),
            "no dispersion keyword in the NMR job: {nmr}"
        );
    }
    let (_, help, _) = run(&["dft-inputs", "--help"]);
    assert!(help.contains("inside the current folder"), "{help}");
}
