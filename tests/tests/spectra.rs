//! Spectrum readers on real files: the four JCAMP-DX compressions of one Bruker spectrum
//! (`shared/data/jcamp/`, cheminfo/jcampconverter test data) must decode to identical numbers.

use ringflux_cli::io::spectrum::jcamp;
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

mod roundtrip {
    //! Encode random ordinates in every ASDF form (an encoder written here from the JCAMP-DX
    //! rules, independent of the reader), decode, compare; and no panic on damaged input.
    use proptest::prelude::*;
    use ringflux_cli::io::spectrum::jcamp;
    use std::path::Path;

    fn sqz(v: i64) -> String {
        let d = v.unsigned_abs().to_string();
        let first = d.as_bytes()[0] - b'0';
        let c = if v < 0 {
            (b'a' + first - 1) as char
        } else if first == 0 {
            '@'
        } else {
            (b'A' + first - 1) as char
        };
        format!("{c}{}", &d[1..])
    }

    fn dif(v: i64) -> String {
        let d = v.unsigned_abs().to_string();
        let first = d.as_bytes()[0] - b'0';
        let c = if v < 0 {
            (b'j' + first - 1) as char
        } else if first == 0 {
            '%'
        } else {
            (b'J' + first - 1) as char
        };
        format!("{c}{}", &d[1..])
    }

    fn dup(n: usize) -> String {
        let d = n.to_string();
        let first = d.as_bytes()[0] - b'0';
        let c = if first == 9 {
            's'
        } else {
            (b'S' + first - 1) as char
        };
        format!("{c}{}", &d[1..])
    }

    /// A file with `ys` on lines of `per_line` values in the given form.
    fn encode(ys: &[i64], per_line: usize, form: &str) -> String {
        let n = ys.len();
        let mut s = format!("##TITLE=t\n##JCAMP-DX=4.24\n##XUNITS=HZ\n##YUNITS=ARBITRARY UNITS\n##FIRSTX=0\n##LASTX={}\n##XFACTOR=1\n##YFACTOR=1\n##NPOINTS={n}\n##XYDATA=(X++(Y..Y))\n", n - 1);
        let mut i = 0;
        // Whether the previous line ended in DIF form (then the next one opens with the Y check).
        let mut prev_dif = false;
        while i < n {
            let end = (i + per_line).min(n);
            let chunk = &ys[i..end];
            let x0 = if form == "difdup" && prev_dif {
                i - 1
            } else {
                i
            };
            let body = match form {
                "affn" => chunk.iter().map(|v| format!(" {v}")).collect::<String>(),
                "pac" => chunk.iter().map(|v| format!("{v:+}")).collect::<String>(),
                "sqz" => chunk.iter().map(|&v| sqz(v)).collect::<String>(),
                _ => {
                    // DIF/DUP: absolute first value (the Y check repeats the previous line's last),
                    // then differences with runs compressed by DUP.
                    let start = x0;
                    let mut t = sqz(ys[start]);
                    let diffs: Vec<i64> = ys[start..end].windows(2).map(|w| w[1] - w[0]).collect();
                    let mut k = 0;
                    while k < diffs.len() {
                        let mut run = 1;
                        while k + run < diffs.len() && diffs[k + run] == diffs[k] {
                            run += 1;
                        }
                        t += &dif(diffs[k]);
                        if run > 1 {
                            t += &dup(run);
                        }
                        k += run;
                    }
                    prev_dif = !diffs.is_empty();
                    t
                }
            };
            s += &format!("{x0}{body}\n");
            i = end;
        }
        if form == "difdup" && prev_dif {
            // Final Y check line, as Bruker writes it.
            s += &format!("{}{}\n", n - 1, sqz(ys[n - 1]));
        }
        s + "##END=\n"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_form_round_trips(
            ys in prop::collection::vec(prop_oneof![-3i64..3, -1_000_000_000i64..1_000_000_000], 2..200),
            per_line in 1usize..20,
        ) {
            for form in ["affn", "pac", "sqz", "difdup"] {
                let text = encode(&ys, per_line, form);
                let j = jcamp::parse(Path::new("r.dx"), &text);
                prop_assert!(j.is_ok(), "{form}: {:?}\n{text}", j.err());
                let got: Vec<i64> = j.unwrap().y.iter().map(|v| *v as i64).collect();
                prop_assert_eq!(&got, &ys, "{}", form);
            }
        }

        #[test]
        fn damaged_files_are_errors_not_panics(
            ys in prop::collection::vec(-1000i64..1000, 2..50),
            cut in 0usize..2000, junk in "[ -~éΔ]{0,8}",
        ) {
            let text = encode(&ys, 7, "difdup");
            let cut = cut.min(text.len());
            let cut = (0..=cut).rev().find(|&c| text.is_char_boundary(c)).unwrap_or(0);
            let damaged = format!("{}{junk}{}", &text[..cut], &text[cut..]);
            let _ = jcamp::parse(Path::new("d.dx"), &damaged);
        }
    }
}
