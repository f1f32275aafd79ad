//! The JCAMP-DX reader on real third-party spectra, against nmrglue 0.12 `jcampdx.read` (y scaled
//! by YFACTOR or the NTUPLES FACTOR, x = linspace(FIRSTX, LASTX, NPOINTS), Hz counted from 0 ppm
//! where the file has `$OFFSET`): `../shared/data/realworld/jcamp/expected.json` (files from
//! cheminfo/jcampconverter @57223263 and nzhagen/jcamp @9a4af7d3, MIT; see each `source`).

use ringflux_cli::io::spectrum::jcamp;
use ringflux_tests::{assert_close, num, read_json, shared};
use serde_json::Value;

fn expected() -> Value {
    read_json(&shared("data/realworld/jcamp/expected.json"))
}

fn read(name: &str) -> jcamp::Jcamp {
    jcamp::read(&shared(&format!("data/realworld/jcamp/{name}")))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every file: NPOINTS, the first and last abscissae (Hz), the sum of y and the first and last
/// five y equal nmrglue's. The y values are the same decimal strings × the same factor (only the
/// summation order differs: 1e-12 relative); x is FIRSTX + i·step for both (1e-9 Hz).
#[test]
fn every_file_reads_as_nmrglue() {
    let e = expected();
    let files = e["files"].as_object().unwrap();
    assert_eq!(files.len(), 10);
    for (name, v) in files {
        let x = &v["expected"];
        let j = read(name);
        let n = j.y.len();
        assert_eq!(n as u64, x["npoints"].as_u64().unwrap(), "{name} npoints");
        assert_close(
            &format!("{name} x first"),
            j.x_hz[0],
            num(&x["x_hz_first"]),
            0.0,
            1e-9,
        );
        assert_close(
            &format!("{name} x last"),
            j.x_hz[n - 1],
            num(&x["x_hz_last"]),
            1e-13,
            1e-9,
        );
        assert_close(
            &format!("{name} y sum"),
            j.y.iter().sum(),
            num(&x["y_sum"]),
            1e-12,
            0.0,
        );
        for (k, w) in x["y_first5"].as_array().unwrap().iter().enumerate() {
            assert_close(&format!("{name} y[{k}]"), j.y[k], num(w), 1e-12, 1e-15);
        }
        for (k, w) in x["y_last5"].as_array().unwrap().iter().enumerate() {
            assert_close(
                &format!("{name} y[-{}]", 5 - k),
                j.y[n - 5 + k],
                num(w),
                1e-12,
                1e-15,
            );
        }
        // The only doubt allowed: the UWI files' `.SHIFT REFERENCE` to point 0 (see below).
        let uwi = name.starts_with("Robert_J_Lancashire");
        assert!(
            j.warnings
                .iter()
                .all(|w| uwi && w.contains(".SHIFT REFERENCE: data point 0")),
            "{name}: {:?}",
            j.warnings
        );
    }
}

/// The LINK file with the FID first (bruker_fid_ft.jdx): the FID block is skipped by default,
/// and naming it with --block gives a clear refusal; block 2 is the spectrum (65,536 points).
#[test]
fn link_blocks_can_be_chosen() {
    let path = shared("data/realworld/jcamp/bruker_fid_ft.jdx");
    let fid = jcamp::read_block(&path, Some(1)).unwrap_err();
    assert!(fid.to_string().contains("SECONDS"), "{fid}");
    assert_eq!(jcamp::read_block(&path, Some(2)).unwrap().y.len(), 65_536);
    let none = jcamp::read_block(&path, Some(9)).unwrap_err();
    assert!(none.to_string().contains("--block"), "{none}");
}

/// The same spectrum written two ways reads to the same numbers: TESTSPEC (XYDATA) = TESTNTUP
/// (NTUPLES), o05 (XYDATA) = o10 (NTUPLES), as the README of the shared folder states.
#[test]
fn sibling_encodings_agree() {
    for (a, b) in [
        (
            "jcamp-dx.org_official_test_data_TESTSPEC.DX",
            "jcamp-dx.org_official_test_data_TESTNTUP.DX",
        ),
        (
            "Robert_J_Lancashire_test_data_o05.jdx",
            "Robert_J_Lancashire_test_data_o10.jdx",
        ),
    ] {
        assert_eq!(read(a).y, read(b).y, "{a} vs {b}");
    }
}

/// `##XYPOINTS=(XY..XY)`: pairs, scaled by XFACTOR and YFACTOR (a small analytic case).
#[test]
fn xypoints_pairs() {
    let text = "##TITLE=p\n##JCAMP-DX=5.01\n##XUNITS=HZ\n##XFACTOR=0.5\n##YFACTOR=2\n##NPOINTS=3\n\
                ##XYPOINTS=(XY..XY)\n10, 1; 12, 2\n14, 3\n##END=\n";
    let j = jcamp::parse(std::path::Path::new("p.dx"), text).unwrap();
    assert_eq!(j.x_hz, vec![5.0, 6.0, 7.0]);
    assert_eq!(j.y, vec![2.0, 4.0, 6.0]);
}

/// `##.SHIFT REFERENCE= (type, compound, point, ppm)` (JCAMP-DX NMR 5.01) references an Hz axis
/// without `$OFFSET`. The TopSpin export bruker_fid_ft.jdx carries both labels for point 1
/// (16.51409 ppm); without its `$OFFSET` line, and with the reference moved to a point in the
/// middle (its shift from the `$OFFSET` axis), the axis is the one `$OFFSET` gives.
#[test]
fn shift_reference_references_an_hz_axis() {
    let path = shared("data/realworld/jcamp/bruker_fid_ft.jdx");
    let text = std::fs::read_to_string(&path).unwrap();
    let with_offset = jcamp::read(&path).unwrap();
    assert!(with_offset.referenced);
    let mhz = with_offset.observe_mhz.unwrap();
    let k = 40_001; // 1-based point
    let ppm_k = with_offset.x_hz[k - 1] / mhz;
    let edited: String = text
        .lines()
        .filter(|l| !l.starts_with("##$OFFSET="))
        .map(|l| {
            if l.starts_with("##.SHIFT REFERENCE=") {
                format!("##.SHIFT REFERENCE= INTERNAL, DMSO, {k}, {ppm_k:.12}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert!(!edited.contains("##$OFFSET="));
    let by_point = jcamp::parse(&path, &edited).unwrap();
    assert!(by_point.referenced, "{:?}", by_point.warnings);
    for (a, b) in by_point.x_hz.iter().zip(&with_offset.x_hz) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
    // Both labels, disagreeing by 1 ppm (600 Hz, far more than a point): $OFFSET wins, with a word.
    let clash = text.replace(
        "##.SHIFT REFERENCE= INTERNAL, DMSO, 1, 16.51409",
        "##.SHIFT REFERENCE= INTERNAL, DMSO, 1, 15.51409",
    );
    assert_ne!(clash, text);
    let j = jcamp::parse(&path, &clash).unwrap();
    assert_eq!(j.x_hz, with_offset.x_hz);
    assert!(
        j.warnings
            .iter()
            .any(|w| w.contains("disagrees with ##$OFFSET")),
        "{:?}",
        j.warnings
    );
}

/// The UWI test file o05.jdx says `##.SHIFT REFERENCE = INTERNAL, TMS, 0, 0`: point 0 does not
/// exist (points are numbered from 1), so the reference is not used, and the reader says so.
#[test]
fn a_shift_reference_to_no_point_is_a_warning() {
    let j = read("Robert_J_Lancashire_test_data_o05.jdx");
    assert!(!j.referenced);
    assert!(
        j.warnings.iter().any(|w| w.contains("data point 0")),
        "{:?}",
        j.warnings
    );
}
