//! Every input the fuzzers (`fuzz/`) found to break an invariant, as a test. The raw inputs are
//! kept in `fuzz/regressions/<target>/` and replayed by `fuzz/run.sh` as seeds; here each one is
//! restated through the public API with what must hold instead.

use ringflux_core::constants::EnergyUnit;
use ringflux_core::{boltzmann, coalescence, eyring, Error};
use std::path::Path;

/// core_numerics `gutowsky-holm-subnormal-dnu`: a subnormal Δν made ∂ln k/∂Δν = 1/Δν infinite
/// inside an `Ok`, so σ(ΔG‡) came out ∞. Now refused, naming Δν.
#[test]
fn subnormal_dnu_is_refused_not_carried_as_infinity() {
    let r = coalescence::gutowsky_holm(1.2021040547838656e-178_f64, 1.26e-321);
    assert_eq!(r.err(), Some(Error::Overflow("dnu_hz")));
}

/// core_numerics: σ(ΔG‡) overflowing for huge σ(T_c) is an error, not `Ok(inf)`.
#[test]
fn coalescence_error_overflow_is_refused() {
    let c = coalescence::gutowsky_holm(330.0_f64, 40.0).unwrap();
    assert_eq!(
        c.dg_err_j_per_mol(1e307, 0.0),
        Err(Error::Overflow("dg_err_j_per_mol"))
    );
}

/// core_numerics `eyring-f32-rt-overflow`: on the f32 path R·T overflowed for T ≈ 1.2·10³⁸ K;
/// `rate_per_s` silently treated ΔG‡/RT as 0 while its inverse failed. Both now refuse T.
#[test]
fn temperature_whose_rt_overflows_is_out_of_range_both_ways() {
    let (dg, t, kappa) = (6.287547e32_f32, 1.2376935e38_f32, 1.5875021e-18_f32);
    assert_eq!(
        eyring::rate_per_s(dg, t, kappa),
        Err(Error::OutOfRange("t_k"))
    );
    assert_eq!(
        eyring::dg_j_per_mol(1.0_f32, t, kappa),
        Err(Error::OutOfRange("t_k"))
    );
}

/// core_numerics `boltzmann-g-rel-overflow`: −RT ln Q_rel overflowed (T ≈ 10³⁰⁶ K, g ≈ 10⁻²⁶⁰)
/// and came back as `Ok(inf)`.
#[test]
fn ensemble_free_energy_overflow_is_refused() {
    let mut p = [0.0_f64; 1];
    let r = boltzmann::populations(
        &[3.22575e-319],
        &[2.6461938652294957e-260],
        EnergyUnit::Hartree,
        1.3825032627200615e306,
        &mut p,
    );
    assert_eq!(r.err(), Some(Error::Overflow("g_rel_j_per_mol")));
}

/// core_numerics `eyring-fit-nan-error`: temperatures near 10⁻²³¹ K made 1/T² overflow, and the
/// intercept's standard error was NaN inside an `Ok`.
#[test]
fn eyring_fit_never_returns_nan_errors() {
    let p = |t_k: f64, k_per_s: f64| eyring::RatePoint {
        t_k,
        k_per_s,
        k_err_per_s: None,
    };
    let points = [
        p(9.532824124368238e-130, 9.532824124368238e-130),
        p(2.8815778651623203e-129, 9.532824124368238e-130),
        p(2.4154296848307657e-231, 9.532829982340974e-130),
    ];
    match eyring::fit(
        &points,
        2.1128818901455246e-11,
        eyring::Weighting::Unweighted,
    ) {
        Err(_) => {}
        Ok(f) => panic!("non-finite fit returned as Ok: {f:?}"),
    }
}

/// csv_roundtrip `line-number-after-comment`: the csv crate counts neither `#` comment lines nor
/// blank lines, so an error named the wrong line. Lines are now physical lines of the file.
#[test]
fn csv_rows_report_their_physical_line() {
    let text = "# conformers\n\nname,energy\n# a comment\n\nA,1\n\n# another\nB,2\n";
    let rows = ringflux_cli::io::table::parse(Path::new("t.csv"), text, &["name", "energy"], &[])
        .expect("valid table");
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [6, 9]);
    let e = ringflux_cli::io::table::parse(
        Path::new("t.csv"),
        "# c\n\nname,energy,name\n",
        &["name", "energy"],
        &[],
    )
    .unwrap_err();
    assert_eq!(e.place, "t.csv:3", "{e}");
}

fn records(
    name: &str,
    format: ringflux_cli::io::structure::Format,
    text: &str,
) -> Vec<Result<usize, String>> {
    ringflux_cli::io::structure::Records::from_reader(
        Path::new(name),
        format,
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
    )
    .map(|r| r.map(|m| m.atoms.len()).map_err(|e| e.to_string()))
    .collect()
}

/// xyz `huge-atom-count`: an atom-count line of 27238105 made the reader reserve ~1.5 GB before
/// reading a single atom (out of memory). Counts beyond `limits::MAX_ATOMS` are now refused
/// with the line, and the reader resynchronises on the next frame.
#[test]
fn xyz_atom_count_beyond_the_limit_is_refused_without_allocating() {
    use ringflux_cli::io::structure::Format;
    let text = "27238105\nx\nC 0 0 0\n2\ngood\nC 0 0 0\nC 1.5 0 0\n";
    let r = records("f.xyz", Format::Xyz, text);
    assert_eq!(r.len(), 2, "{r:?}");
    let e = r[0].as_ref().unwrap_err();
    assert!(
        e.starts_with("f.xyz:1: structure 1: atom count: 27238105 is more than the limit"),
        "{e}"
    );
    assert_eq!(r[1], Ok(2));
}

/// sdf `zero-atom-record`: a V2000 counts line of 0 atoms gave a structure without atoms, which
/// later steps cannot use; it is now a bad record naming the counts line.
#[test]
fn sdf_record_without_atoms_is_a_bad_record() {
    use ringflux_cli::io::structure::Format;
    let text = "t\n\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n";
    let r = records("f.sdf", Format::Sdf, text);
    assert_eq!(
        r,
        [Err(
            "f.sdf:4: structure 1: counts line: number of atoms is 0".to_string()
        )]
    );
}

/// rules `raw-control-character`: a rule file with a raw control character (here NUL) inside a
/// string was accepted (serde-json-core is lenient), but `rules show --format json` writes it
/// back as `\u0000`, which the loader refuses: the round trip broke. Raw control characters are
/// not JSON (RFC 8259 §7) and are now refused like escapes, at their place in the file.
#[test]
fn rule_file_with_a_raw_control_character_is_refused() {
    // The loader keeps its fixed-capacity rule store on the stack (firmware style): run it on a
    // thread with a main-thread-sized stack, as the `ringflux` binary does.
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(|| {
            let default = ringflux_cli::report::rules::to_json(&ringflux_rules::DEFAULT);
            let text = serde_json::to_string(&default).unwrap();
            assert!(
                ringflux_cli::analysis::rules::load(&text).is_ok(),
                "the default rules load"
            );
            let damaged = text.replacen("measure it", "me\u{0}\u{0}sure it", 1);
            assert_ne!(damaged, text, "the test must damage the file");
            let Err(diags) = ringflux_cli::analysis::rules::load(&damaged) else {
                panic!("a rule file with a raw NUL was accepted");
            };
            assert!(
                diags
                    .iter()
                    .any(|d| d.code == "escaped-string" && d.line == Some(1)),
                "{diags:?}"
            );
        })
        .unwrap()
        .join()
        .unwrap();
}

/// sdf `self-bond`: a V2000 bond line `  1  1` (an atom bonded to itself) was accepted into the
/// bond list; it is now a bad record naming the bond line.
#[test]
fn sdf_bond_from_an_atom_to_itself_is_a_bad_record() {
    use ringflux_cli::io::structure::Format;
    let text = "t\n\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\n    1.5000    0.0000    0.0000 C   0  0\n  1  1  1  0\nM  END\n$$$$\n";
    let r = records("f.sdf", Format::Sdf, text);
    assert_eq!(
        r,
        [Err(
            "f.sdf:7: structure 1: bond 1: joins atom 1 to itself".to_string()
        )]
    );
}
