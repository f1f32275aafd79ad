//! Spectrum readers on real files: the four JCAMP-DX compressions of one Bruker spectrum
//! (`shared/data/jcamp/`, cheminfo/jcampconverter test data) must decode to identical numbers.

use ringflux_cli::jcamp;
use ringflux_tests::shared;

#[test]
fn four_compressions_decode_identically() {
    let read =
        |f: &str| jcamp::read(&shared(&format!("data/jcamp/compression_jcamp-{f}.dx"))).unwrap();
    let fix = read("fix");
    assert_eq!(fix.y.len(), 16384);
    assert_eq!(fix.x_hz.len(), 16384);
    for f in ["packed", "squeezed", "difdup"] {
        let other = read(f);
        // Identical, not close: every form encodes the same integers.
        assert_eq!(other.y, fix.y, "{f}: ordinates differ");
        assert_eq!(other.x_hz, fix.x_hz, "{f}: abscissae differ");
    }
    // Header values read back (##FIRSTY, ##MAXY, ##MINY, ##.OBSERVE FREQUENCY, ##$OFFSET, ##$TE).
    assert_eq!(fix.y[0], -10247.0);
    assert_eq!(
        fix.y.iter().cloned().fold(f64::MIN, f64::max),
        408_687_150.0
    );
    assert_eq!(fix.y.iter().cloned().fold(f64::MAX, f64::min), -156_586.0);
    assert_eq!(fix.observe_mhz, Some(400.1321303162));
    assert_eq!(fix.temp_k, Some(296.7));
    // $OFFSET = 12.31284 ppm at the first point: ν = 12.31284 × 400.1321303162 Hz.
    assert!(fix.referenced);
    assert!((fix.x_hz[0] - 12.31284 * 400.1321303162).abs() < 1e-9);
    let step = fix.x_hz[1] - fix.x_hz[0];
    assert!(
        (step + 0.341380770512785 * 16383.0 / 16383.0).abs() < 1e-6,
        "step {step}"
    );
}

#[test]
fn other_real_spectra_decode() {
    // indometacin: XYDATA with DIF/DUP, 32768 points, ##MAXY = 564927066, ##MINY = -75025.
    let ind = jcamp::read(&shared("data/jcamp/indometacin_1h.dx")).unwrap();
    assert_eq!(ind.y.len(), 32768);
    // (its ##FIRSTY = 0 disagrees with the first value A5605 = 15605 on the first data line:
    // the file, not the reader; MAXY and MINY agree.)
    assert_eq!(ind.y[0], 15_605.0);
    assert_eq!(
        ind.y.iter().cloned().fold(f64::MIN, f64::max),
        564_927_066.0
    );
    assert_eq!(ind.y.iter().cloned().fold(f64::MAX, f64::min), -75_025.0);
    // ethyl vinyl ether: Bruker NTUPLES, first page (real part): ##FIRST R = -119886, ##LAST R =
    // -109159, ##MIN R = -195265, ##MAX R = 520359808, 16384 points.
    let eve = jcamp::read(&shared("data/jcamp/ethylvinylether_1h.jdx")).unwrap();
    assert_eq!(eve.y.len(), 16384);
    assert_eq!(eve.y[0], -119_886.0);
    assert_eq!(*eve.y.last().unwrap(), -109_159.0);
    assert_eq!(
        eve.y.iter().cloned().fold(f64::MIN, f64::max),
        520_359_808.0
    );
    assert_eq!(eve.y.iter().cloned().fold(f64::MAX, f64::min), -195_265.0);
}

#[test]
fn corrupted_files_name_file_line_and_field() {
    let text = std::fs::read_to_string(shared("data/jcamp/compression_jcamp-difdup.dx")).unwrap();
    // Break the Y check of the second data line (line 435): its first value repeats line 434's last.
    let lines: Vec<&str> = text.lines().collect();
    let mut broken: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    broken[434] = broken[434].replacen("16371f620", "16371f621", 1);
    let e = jcamp::parse(std::path::Path::new("x.dx"), &broken.join("\n")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("x.dx:435: XYDATA: Y check failed"),
        "{e}"
    );
    let no_n = text.replace("##NPOINTS= 16384", "##NPOINTS= many");
    let e = jcamp::parse(std::path::Path::new("x.dx"), &no_n).unwrap_err();
    assert!(e.to_string().starts_with("x.dx:431: ##NPOINTS"), "{e}");
}
