//! The bad-input catalogue: malformed files and arguments for every reader and command, each
//! run through the built `ringflux` binary. Every case must
//! * exit with code 2 and print nothing on stdout;
//! * print `error: <place>: <field>…` on stderr, where the place is the file and line (or the
//!   flag) and the field is the column, record field or flag at fault;
//! * leave the folder as it was: no output file, no temporary file (nothing half-written).
//!
//! In `args`, `@name` stands for the path of the case's file `name` in its scratch folder.
//! `place` is matched exactly after `error: ` (with `@name` expanded); a place of `usage:`
//! marks clap's own usage errors, which name the flag in their text instead.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::Path;

/// One catalogue entry.
struct Case {
    /// What is wrong, in words.
    what: &'static str,
    /// Files to create: (name, content).
    files: &'static [(&'static str, &'static [u8])],
    /// Command line after `ringflux`.
    args: &'static [&'static str],
    /// Expected place (`@file:line`, `@file`, `--flag`) or `usage:` for a clap error.
    place: &'static str,
    /// Text that must follow the place (the field and/or what is wrong).
    field: &'static str,
}

const RATES_OK: &str = "temp_k,k_per_s\n300,10\n310,25\n320,60\n";

// A chair cyclohexane (carbons only, C–C 1.534 Å) as XYZ atom lines and as SDF V2000 pieces;
// macros, so that `concat!` can assemble the damaged variants at compile time.
macro_rules! ring_xyz {
    () => {
        "C 1.4500 0.0000 -0.2500\nC 0.7250 1.2557 0.2500\nC -0.7250 1.2557 -0.2500\nC -1.4500 0.0000 0.2500\nC -0.7250 -1.2557 -0.2500\nC 0.7250 -1.2557 0.2500\n"
    };
}
macro_rules! sdf_header {
    () => {
        "cyclohexane\n  test\n\n  6  6  0  0  0  0  0  0  0  0999 V2000\n"
    };
}
macro_rules! sdf_atoms_2_to_6 {
    () => {
        "    0.7250    1.2557    0.2500 C   0  0  0  0  0  0  0  0  0  0  0  0\n   -0.7250    1.2557   -0.2500 C   0  0  0  0  0  0  0  0  0  0  0  0\n   -1.4500    0.0000    0.2500 C   0  0  0  0  0  0  0  0  0  0  0  0\n   -0.7250   -1.2557   -0.2500 C   0  0  0  0  0  0  0  0  0  0  0  0\n    0.7250   -1.2557    0.2500 C   0  0  0  0  0  0  0  0  0  0  0  0\n"
    };
}
macro_rules! sdf_bonds_2_to_6 {
    () => {
        "  2  3  1  0\n  3  4  1  0\n  4  5  1  0\n  5  6  1  0\n  6  1  1  0\nM  END\n> <E>\n1.0\n\n$$$$\n"
    };
}

/// A 10-point DIF/DUP-compressed JCAMP-DX spectrum whose second line's Y check value (`H` = 8)
/// does not repeat the last Y of the line before (7).
const JCAMP_BAD_Y_CHECK: &[u8] = b"##TITLE=t\n##JCAMP-DX=5.0\n##XUNITS=HZ\n##YUNITS=ARBITRARY UNITS\n##FIRSTX=0\n##LASTX=9\n##NPOINTS=10\n##XFACTOR=1\n##YFACTOR=1\n##XYDATA=(X++(Y..Y))\n0EJJ%U\n5HL%T\n8A0D\n##END=\n";
/// The first 20 000 bytes of a real Gaussian 16 NMR job (`shared/data/qc/`, see its README):
/// an output cut off mid-run.
const GAUSSIAN_CUT: &[u8] =
    include_bytes!("../../../shared/data/qc/Gaussian_Gaussian16_dvb_nmr.log")
        .split_at(20_000)
        .0;
/// A rule file whose decision tree loops (`tests/data/rules/broken-cycle.json`).
const RULES_CYCLE: &[u8] = include_bytes!("../data/rules/broken-cycle.json");

/// Two frames of the ring, the second without the energy field `E`.
const RING2_NO_E: &str = concat!("6\nE=1.0\n", ring_xyz!(), "6\nx\n", ring_xyz!());
/// Two frames of the ring, the second with a non-numeric energy.
const RING2_BAD_E: &str = concat!("6\nE=1.0\n", ring_xyz!(), "6\nE=abc\n", ring_xyz!());
/// SDF whose first atom has x = `abc`.
const SDF_BAD_X: &str = concat!(
    sdf_header!(),
    "       abc    0.0000   -0.2500 C   0  0  0  0  0  0  0  0  0  0  0  0\n",
    sdf_atoms_2_to_6!(),
    "  1  2  1  0\n",
    sdf_bonds_2_to_6!()
);
/// SDF whose first bond starts at atom 999.
const SDF_BAD_BOND: &str = concat!(
    sdf_header!(),
    "    1.4500    0.0000   -0.2500 C   0  0  0  0  0  0  0  0  0  0  0  0\n",
    sdf_atoms_2_to_6!(),
    "999  2  1  0\n",
    sdf_bonds_2_to_6!()
);
/// SDF cut off after its atom block.
const SDF_HEAD: &str = concat!(
    sdf_header!(),
    "    1.4500    0.0000   -0.2500 C   0  0  0  0  0  0  0  0  0  0  0  0\n",
    sdf_atoms_2_to_6!()
);

macro_rules! case {
    ($what:expr, [$(($n:expr, $c:expr)),* $(,)?], [$($a:expr),* $(,)?], $place:expr, $field:expr) => {
        Case { what: $what, files: &[$(($n, $c)),*], args: &[$($a),*], place: $place, field: $field }
    };
}

/// The catalogue. Grouped by input; every group starts with the reader's name.
const CASES: &[Case] = &[
    // ---- eyring-fit: `temp_k,k_per_s[,k_err_per_s]` ----
    case!(
        "non-numeric rate",
        [("r.csv", b"temp_k,k_per_s\n300,1.0\n310,abc\n320,3\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:3",
        "k_per_s: not a finite number: 'abc'"
    ),
    case!(
        "NaN temperature",
        [("r.csv", b"temp_k,k_per_s\n300,1\nNaN,2\n320,3\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:3",
        "temp_k: not a finite number"
    ),
    case!(
        "infinite rate",
        [("r.csv", b"temp_k,k_per_s\n300,1\n310,inf\n320,3\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:3",
        "k_per_s: not a finite number"
    ),
    case!(
        "negative temperature",
        [("r.csv", b"temp_k,k_per_s\n300,1\n-310,2\n320,3\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:3",
        "temp_k: must be greater than zero"
    ),
    case!(
        "zero temperature",
        [("r.csv", b"temp_k,k_per_s\n0,1\n310,2\n320,3\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:2",
        "temp_k: must be greater than zero"
    ),
    case!(
        "zero rate",
        [("r.csv", b"temp_k,k_per_s\n300,1\n310,2\n320,0\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:4",
        "k_per_s: must be greater than zero"
    ),
    case!(
        "negative rate error",
        [(
            "r.csv",
            b"temp_k,k_per_s,k_err_per_s\n300,1,0.1\n310,2,-0.2\n320,3,0.3\n"
        )],
        ["eyring-fit", "@r.csv"],
        "@r.csv:3",
        "k_err_per_s: must be greater than zero"
    ),
    case!(
        "rate errors for some rows only",
        [(
            "r.csv",
            b"temp_k,k_per_s,k_err_per_s\n300,1,0.1\n310,2,\n320,3,0.3\n"
        )],
        ["eyring-fit", "@r.csv"],
        "@r.csv",
        "k_err_per_s: given for some rows but not all"
    ),
    case!(
        "unknown column",
        [("r.csv", b"temp,k_per_s\n300,1\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:1",
        "unknown column 'temp'"
    ),
    case!(
        "missing column",
        [("r.csv", b"temp_k\n300\n310\n320\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:1",
        "missing column 'k_per_s'"
    ),
    case!(
        "duplicate column",
        [("r.csv", b"temp_k,k_per_s,temp_k\n300,1,301\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:1",
        "duplicate column 'temp_k'"
    ),
    case!(
        "row with too few fields",
        [("r.csv", b"temp_k,k_per_s\n300,1\n310\n320,3\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:3",
        "1 fields, but the header has 2"
    ),
    case!(
        "row with too many fields",
        [("r.csv", b"temp_k,k_per_s\n300,1\n310,2,7\n320,3\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:3",
        "3 fields, but the header has 2"
    ),
    case!(
        "empty file",
        [("r.csv", b"")],
        ["eyring-fit", "@r.csv"],
        "@r.csv",
        "empty file"
    ),
    case!(
        "only comments and blank lines",
        [("r.csv", b"# rates\n\n# none yet\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv",
        "empty file"
    ),
    case!(
        "header without data rows",
        [("r.csv", b"temp_k,k_per_s\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv",
        "no data rows"
    ),
    case!(
        "bad value after comment and blank lines (line counted physically)",
        [(
            "r.csv",
            b"# VT series\n\ntemp_k,k_per_s\n# warm\n\n300,1\n310,x\n"
        )],
        ["eyring-fit", "@r.csv"],
        "@r.csv:7",
        "k_per_s"
    ),
    case!(
        "unterminated quote swallows the following lines",
        [("r.csv", b"temp_k,k_per_s\n300,\"1\n310,2\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:2",
        "k_per_s: not a finite number"
    ),
    case!(
        "binary file (not UTF-8)",
        [("r.csv", b"temp_k,k_per_s\n300,1\n\xff\xfe\x00\x01\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv:3",
        "not UTF-8"
    ),
    case!(
        "fewer than three points",
        [("r.csv", b"temp_k,k_per_s\n300,1\n310,2\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv",
        "points: too few values"
    ),
    case!(
        "one temperature only",
        [("r.csv", b"temp_k,k_per_s\n300,1\n300,2\n300,3\n")],
        ["eyring-fit", "@r.csv"],
        "@r.csv",
        "t_k: degenerate input"
    ),
    case!(
        "missing file",
        [],
        ["eyring-fit", "@absent.csv"],
        "@absent.csv",
        "cannot read"
    ),
    case!(
        "a folder instead of a file",
        [("r.csv", RATES_OK.as_bytes())],
        ["eyring-fit", "@"],
        "@",
        "cannot read"
    ),
    case!(
        "negative kappa",
        [("r.csv", RATES_OK.as_bytes())],
        ["eyring-fit", "@r.csv", "--kappa", "-1"],
        "usage:",
        "--kappa"
    ),
    // ---- boltzmann: `name,energy…[,degeneracy]` ----
    case!(
        "duplicate conformer name",
        [("e.csv", b"name,energy\nTC,0\nTB,1\nTC,2\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:4",
        "name: duplicate name 'TC'"
    ),
    case!(
        "non-numeric energy",
        [("e.csv", b"name,energy\nTC,0\nTB,1.2.3\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:3",
        "energy: not a finite number: '1.2.3'"
    ),
    case!(
        "NaN energy",
        [("e.csv", b"name,energy_kj_per_mol\nTC,0\nTB,nan\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:3",
        "energy_kj_per_mol: not a finite number"
    ),
    case!(
        "energies table: energy cell empty for one conformer",
        [("e.csv", b"name,energy\nTC,0\nTB,\nB,2\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:3",
        "energy: missing value"
    ),
    case!(
        "conformer without a name",
        [("e.csv", b"name,energy\nTC,0\n,1\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:3",
        "name: missing value"
    ),
    case!(
        "no energy column",
        [("e.csv", b"name,degeneracy\nTC,1\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:1",
        "missing column 'energy'"
    ),
    case!(
        "two energy columns",
        [("e.csv", b"name,energy,energy_hartree\nTC,0,0\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:1",
        "more than one energy column"
    ),
    case!(
        "zero degeneracy",
        [("e.csv", b"name,energy,degeneracy\nTC,0,1\nTB,1,0\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:3",
        "degeneracy: must be greater than zero"
    ),
    case!(
        "negative degeneracy",
        [("e.csv", b"name,energy,degeneracy\nTC,0,-2\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:2",
        "degeneracy: must be greater than zero"
    ),
    case!(
        "non-numeric degeneracy",
        [("e.csv", b"name,energy,degeneracy\nTC,0,two\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv:2",
        "degeneracy: not a finite number"
    ),
    case!(
        "energies too far apart to evaluate",
        [("e.csv", b"name,energy\nA,1e308\nB,-1e308\n")],
        ["boltzmann", "@e.csv"],
        "@e.csv",
        "energy: the energies span too wide a range"
    ),
    case!(
        "--unit contradicts the column",
        [("e.csv", b"name,energy_hartree\nTC,0\n")],
        ["boltzmann", "@e.csv", "--unit", "kcal/mol"],
        "--unit",
        "contradicts the column"
    ),
    case!(
        "unknown --unit",
        [("e.csv", b"name,energy\nTC,0\n")],
        ["boltzmann", "@e.csv", "--unit", "eV"],
        "usage:",
        "--unit"
    ),
    case!(
        "NaN --temp-k",
        [("e.csv", b"name,energy\nTC,0\n")],
        ["boltzmann", "@e.csv", "--temp-k", "NaN"],
        "usage:",
        "--temp-k"
    ),
    case!(
        "an endless file",
        [],
        ["boltzmann", "/dev/zero"],
        "/dev/zero",
        "file larger than the limit"
    ),
    // ---- coalescence, eyring, ratio: command-line numbers ----
    case!(
        "negative Δν",
        [],
        ["coalescence", "--tc-k", "330", "--dnu-hz", "-40"],
        "--dnu-hz",
        "must be greater than zero"
    ),
    case!(
        "negative Δν in ppm",
        [],
        [
            "coalescence",
            "--tc-k",
            "330",
            "--dnu-ppm",
            "-0.1",
            "--mhz",
            "400"
        ],
        "--dnu-ppm",
        "must be greater than zero"
    ),
    case!(
        "negative Δν₀ with a coupling (KRW)",
        [],
        [
            "coalescence",
            "--tc-k",
            "330",
            "--dnu-hz",
            "-4",
            "--j-hz",
            "5"
        ],
        "--dnu-hz",
        "must be greater than zero"
    ),
    case!(
        "NaN T_c",
        [],
        ["coalescence", "--tc-k", "NaN", "--dnu-hz", "40"],
        "usage:",
        "--tc-k"
    ),
    case!(
        "major population below 1/2",
        [],
        [
            "coalescence",
            "--tc-k",
            "330",
            "--dnu-hz",
            "40",
            "--pop-major",
            "0.3"
        ],
        "--pop-major",
        "outside the valid range"
    ),
    case!(
        "major population of 1",
        [],
        [
            "coalescence",
            "--tc-k",
            "330",
            "--dnu-hz",
            "40",
            "--pop-major",
            "1"
        ],
        "--pop-major",
        "outside the valid range"
    ),
    case!(
        "ppm without spectrometer frequency",
        [],
        ["coalescence", "--tc-k", "330", "--dnu-ppm", "0.1"],
        "usage:",
        "--mhz"
    ),
    case!(
        "coupling and populations together",
        [],
        [
            "coalescence",
            "--tc-k",
            "330",
            "--dnu-hz",
            "40",
            "--j-hz",
            "5",
            "--pop-major",
            "0.6"
        ],
        "usage:",
        "--pop-major"
    ),
    case!(
        "Δν from ppm overflows",
        [],
        [
            "coalescence",
            "--tc-k",
            "330",
            "--dnu-ppm",
            "1e300",
            "--mhz",
            "1e300"
        ],
        "--dnu-ppm",
        "must be a finite number"
    ),
    case!(
        "zero temperature (eyring)",
        [],
        ["eyring", "--temp-k", "0", "--k-per-s", "1"],
        "usage:",
        "--temp-k"
    ),
    case!(
        "barrier so high the rate underflows",
        [],
        ["eyring", "--temp-k", "300", "--dg-kj-per-mol", "1e305"],
        "--dg-kj-per-mol",
        "gives a rate that underflows"
    ),
    case!(
        "barrier so negative the rate overflows",
        [],
        ["eyring", "--temp-k", "300", "--dg-kj-per-mol", "-1e9"],
        "--dg-kj-per-mol",
        "gives no representable rate"
    ),
    case!(
        "subnormal rate: too few significant bits for ln k",
        [],
        ["eyring", "--temp-k", "300", "--k-per-s", "1e-320"],
        "--k-per-s",
        "outside the valid range"
    ),
    case!(
        "neither rate nor barrier",
        [],
        ["eyring", "--temp-k", "300"],
        "usage:",
        "--k-per-s"
    ),
    case!(
        "ratio without a colon",
        [],
        ["ratio", "--ratio", "3-1", "--temp-k", "300"],
        "--ratio",
        ""
    ),
    case!(
        "ratio with a zero",
        [],
        ["ratio", "--ratio", "3:0", "--temp-k", "300"],
        "--ratio",
        "must be greater than zero"
    ),
    case!(
        "ratio with NaN",
        [],
        ["ratio", "--ratio", "1:NaN", "--temp-k", "300"],
        "--ratio",
        ""
    ),
    case!(
        "unknown command",
        [],
        ["no-such-command"],
        "usage:",
        "no-such-command"
    ),
    // ---- analyze: the per-row CSV tables of a folder ----
    case!(
        "coalescence table: negative Δν",
        [(
            "a.coalescence.csv",
            b"name,tc_k,dnu_hz\nNH,330,40\nCH,320,-12\n"
        )],
        ["analyze", "@"],
        "@a.coalescence.csv:3",
        "dnu_hz: must be greater than zero"
    ),
    case!(
        "coalescence table: NaN T_c",
        [("a.coalescence.csv", b"name,tc_k,dnu_hz\nNH,nan,40\n")],
        ["analyze", "@"],
        "@a.coalescence.csv:2",
        "tc_k: not a finite number"
    ),
    case!(
        "coalescence table: population out of range",
        [(
            "a.coalescence.csv",
            b"name,tc_k,dnu_hz,pop_major\nNH,330,40,1.5\n"
        )],
        ["analyze", "@"],
        "@a.coalescence.csv:2",
        "pop_major: outside the valid range"
    ),
    case!(
        "coalescence table: coupling with negative Δν₀",
        [(
            "a.coalescence.csv",
            b"name,tc_k,dnu_hz,j_hz\nNH,330,-40,5\n"
        )],
        ["analyze", "@"],
        "@a.coalescence.csv:2",
        "dnu_hz: must be greater than zero"
    ),
    case!(
        "ratio table: not A:B",
        [("x.ratio.csv", b"name,ratio,temp_k\nEZ,3/1,298\n")],
        ["analyze", "@"],
        "@x.ratio.csv:2",
        "ratio: expected A:B"
    ),
    case!(
        "ratio table: negative temperature",
        [("x.ratio.csv", b"name,ratio,temp_k\nEZ,3:1,-298\n")],
        ["analyze", "@"],
        "@x.ratio.csv:2",
        "temp_k: must be greater than zero"
    ),
    case!(
        "rates table in a folder: non-numeric",
        [("a.rates.csv", b"temp_k,k_per_s\n300,1\n310,fast\n320,3\n")],
        ["analyze", "@"],
        "@a.rates.csv:3",
        "k_per_s"
    ),
    case!(
        "energies table in a folder: duplicate name",
        [("b.energies.csv", b"name,energy\nA,0\nA,1\n")],
        ["analyze", "@"],
        "@b.energies.csv:3",
        "name: duplicate"
    ),
    case!(
        "one bad file among good ones stops before any output",
        [
            ("a.rates.csv", RATES_OK.as_bytes()),
            ("b.energies.csv", b"name,energy\nA,0\nB,x\n")
        ],
        ["analyze", "@"],
        "@b.energies.csv:3",
        "energy: not a finite number"
    ),
    case!(
        "folder with nothing to analyse",
        [("notes.txt", b"hello\n")],
        ["analyze", "@"],
        "@",
        "no file in this folder"
    ),
    case!(
        "folder that does not exist",
        [],
        ["analyze", "@absent"],
        "@absent",
        "cannot read folder"
    ),

    // ---- structures: XYZ (pucker, conformers) ----
    case!("XYZ: fewer atom lines than the count", [("m.xyz", b"5\ncomment\nC 0 0 0\nC 1 0 0\n")],
        ["pucker", "@m.xyz"], "@m.xyz:4", "structure 1: file ends after 2 of 5 atom lines"),
    case!("XYZ: atom count is not a number", [("m.xyz", b"three\nx\nC 0 0 0\n")],
        ["pucker", "@m.xyz"], "@m.xyz:1", "structure 1: atom count: expected a positive integer"),
    case!("XYZ: non-numeric coordinate", [("m.xyz", b"2\nx\nC 0 0 0\nC 1 zz 0\n")],
        ["pucker", "@m.xyz"], "@m.xyz:4", "structure 1: y: 'zz' is not a finite number"),
    case!("XYZ: NaN coordinate", [("m.xyz", b"2\nx\nC 0 0 0\nC NaN 0 0\n")],
        ["pucker", "@m.xyz"], "@m.xyz:4", "structure 1: x: 'NaN' is not a finite number"),
    case!("XYZ: unknown element", [("m.xyz", b"2\nx\nC 0 0 0\nXx 1 0 0\n")],
        ["pucker", "@m.xyz"], "@m.xyz:4", "structure 1: element: unknown element symbol 'Xx'"),
    case!("XYZ: a coordinate missing", [("m.xyz", b"2\nx\nC 0 0 0\nC 1 0\n")],
        ["pucker", "@m.xyz"], "@m.xyz:4", "structure 1: atom 2: expected 'symbol x y z'"),
    case!("XYZ: atom count beyond the limit", [("m.xyz", b"99999999\nx\nC 0 0 0\n")],
        ["pucker", "@m.xyz"], "@m.xyz:1", "structure 1: atom count: 99999999 is more than the limit"),
    case!("XYZ: second frame bad, first good (stops without --keep-going)",
        [("m.xyz", b"2\nx\nC 0 0 0\nC 1.5 0 0\n2\ny\nC 0 0 0\nC 1.5 0 q\n")],
        ["pucker", "@m.xyz"], "@m.xyz:8", "structure 2: z: 'q' is not a finite number"),
    case!("XYZ: empty file", [("m.xyz", b"")], ["pucker", "@m.xyz"], "@m.xyz", "no structures in file"),
    case!("structure file of unknown format", [("m.txt", b"1\nx\nC 0 0 0\n")],
        ["pucker", "@m.txt"], "@m.txt", "not a format ringflux reads; this command reads XYZ"),
    case!("ring not found", [("m.xyz", b"3\nE=1\nC 0 0 0\nC 1.5 0 0\nC 3 0 0\n")],
        ["conformers", "@m.xyz", "--energy-field", "E"], "@m.xyz:1", "structure 1: no ring of 5 to 8 atoms found"),
    case!("--ring names an atom twice", [("m.xyz", b"3\nx\nC 0 0 0\nC 1.5 0 0\nC 3 0 0\n")],
        ["pucker", "@m.xyz", "--ring", "1,2,3,1,2"], "@m.xyz:1", "structure 1: --ring: atom 1 is listed twice"),
    case!("--ring names a missing atom", [("m.xyz", b"3\nx\nC 0 0 0\nC 1.5 0 0\nC 3 0 0\n")],
        ["pucker", "@m.xyz", "--ring", "1,2,3,4,5"], "@m.xyz:1", "structure 1: --ring: atom 4 does not exist"),
    case!("energy missing for one conformer", [("m.xyz", RING2_NO_E.as_bytes())],
        ["conformers", "@m.xyz", "--energy-field", "E"], "@m.xyz:9", "structure 2: no energy field 'E'"),
    case!("non-numeric conformer energy", [("m.xyz", RING2_BAD_E.as_bytes())],
        ["conformers", "@m.xyz", "--energy-field", "E"], "@m.xyz:9", "structure 2: E: 'abc' is not a finite number"),
    case!("no energy field named and none recognised", [("m.xyz", RING2_BAD_E.as_bytes())],
        ["conformers", "@m.xyz"], "@m.xyz:1", "structure 1: no energy field"),
    case!("negative --temp-k (conformers)", [("m.xyz", RING2_BAD_E.as_bytes())],
        ["conformers", "@m.xyz", "--temp-k", "-3"], "usage:", "--temp-k"),

    // ---- structures: SDF/MOL ----
    case!("SDF: non-numeric coordinate", [("m.sdf", SDF_BAD_X.as_bytes())],
        ["pucker", "@m.sdf"], "@m.sdf:5", "structure 1: x: 'abc' is not a finite number"),
    case!("SDF: bond to a missing atom", [("m.sdf", SDF_BAD_BOND.as_bytes())],
        ["pucker", "@m.sdf"], "@m.sdf:11", "structure 1: bond 1: first atom '999' is not an atom number 1..6"),
    case!("SDF: bonds block cut off", [("m.sdf", SDF_HEAD.as_bytes())],
        ["pucker", "@m.sdf"], "@m.sdf:10", "structure 1: file ends before the bond line 1 of 6"),
    case!("SDF: counts line not numeric", [("m.sdf", b"t\n\n\n xx  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n")],
        ["pucker", "@m.sdf"], "@m.sdf:4", "structure 1: counts line: number of atoms 'xx' is not a count"),
    case!("SDF: record without atoms", [("m.sdf", b"t\n\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n")],
        ["pucker", "@m.sdf"], "@m.sdf:4", "structure 1: counts line: number of atoms is 0"),
    case!("SDF V3000: atom index twice",
        [("m.sdf", b"x\n\n\n  0  0  0     0  0            999 V3000\nM  V30 BEGIN CTAB\nM  V30 COUNTS 2 0 0 0 0\nM  V30 BEGIN ATOM\nM  V30 1 C 0 0 0 0\nM  V30 1 C 1.5 0 0 0\nM  V30 END ATOM\nM  V30 END CTAB\nM  END\n$$$$\n")],
        ["pucker", "@m.sdf"], "@m.sdf:9", "structure 1: atom: index 1 appears twice"),

    // ---- structures: PDB ----
    case!("PDB: non-numeric coordinate",
        [("m.pdb", b"HETATM    1  C1  LIG A   1       0.000   0.000   0.000  1.00  0.00           C\nHETATM    2  C2  LIG A   1         abc   0.000   0.000  1.00  0.00           C\nEND\n")],
        ["pucker", "@m.pdb"], "@m.pdb:2", "structure 1: x (columns 31-38): 'abc' is not a finite number"),
    case!("PDB: unknown element",
        [("m.pdb", b"HETATM    1  C1  LIG A   1       0.000   0.000   0.000  1.00  0.00           C\nHETATM    2  Q2  LIG A   1       1.500   0.000   0.000  1.00  0.00          Qq\nEND\n")],
        ["pucker", "@m.pdb"], "@m.pdb:2", "structure 1: element: unknown element symbol 'Qq'"),
    case!("PDB: model without atoms", [("m.pdb", b"MODEL        1\nENDMDL\nEND\n")],
        ["pucker", "@m.pdb"], "@m.pdb:1", "structure 1: model has no ATOM/HETATM records"),

    // ---- spectra, QC outputs, rule files ----
    case!("JCAMP-DX with a wrong Y check value (and --plot: no plot written)",
        [("s.dx", JCAMP_BAD_Y_CHECK)],
        ["lineshape", "fit", "@s.dx", "--plot", "@fit.svg"], "@s.dx:12", "XYDATA: Y check failed"),
    case!("JCAMP-DX announcing more points than the limit",
        [("s.dx", b"##TITLE=t\n##XUNITS=HZ\n##FIRSTX=0\n##LASTX=9\n##NPOINTS=99999999999\n##XYDATA=(X++(Y..Y))\n0 1 2\n##END=\n")],
        ["integrate", "@s.dx", "--region", "1..2", "--region", "3..4", "--unit", "hz"], "@s.dx:5", "##NPOINTS: more than the limit"),
    case!("empty spectrum (header only)", [("s.csv", b"hz,intensity\n")],
        ["integrate", "@s.csv", "--region", "1..2", "--region", "3..4", "--unit", "hz"], "@s.csv", "no data rows"),
    case!("spectrum with a non-numeric intensity", [("s.csv", b"hz,intensity\n1,0\n2,x\n3,0\n")],
        ["integrate", "@s.csv", "--region", "1..2", "--region", "2..3", "--unit", "hz"], "@s.csv:3", "intensity"),
    // Fuzz finding (spectrum_csv, CI run of 2026-11-25): the error named `--mhz`, not the file.
    case!("ppm spectrum without --mhz", [("s.csv", b"ppm,y\n1.0,0\n1.1,2\n")],
        ["integrate", "@s.csv", "--region", "1..1.05", "--region", "1.05..1.1"], "@s.csv:1",
        "column 'ppm' is in ppm: give the observe frequency with --mhz"),
    case!("truncated Gaussian output", [("job.log", GAUSSIAN_CUT)],
        ["qc", "@job.log"], "@job.log:336", "output ends here without 'Normal termination of Gaussian'"),
    case!("QC output from no known program", [("job.log", b"hello\nworld\n")],
        ["qc", "@job.log"], "@job.log:1", "not a Gaussian or ORCA output file"),
    case!("rule file with a cycle", [("r.json", RULES_CYCLE)],
        ["rules", "check", "@r.json"], "@r.json:9:13", "error[cycle]: nodes[0].id"),
    case!("rule file that is not JSON", [("r.json", b"{\"format\": 1,,}\n")],
        ["rules", "check", "@r.json"], "@r.json:1:14", "error[syntax]: not a rule file"),
];

/// Expands `@name` to the path of `name` in `dir` (`@` alone is the folder).
fn expand(arg: &str, dir: &Path) -> String {
    match arg.strip_prefix('@') {
        Some("") => dir.display().to_string(),
        Some(name) => dir.join(name).display().to_string(),
        None => arg.to_string(),
    }
}

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Runs one case; returns a description of what went wrong, if anything.
fn check(case: &Case) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in case.files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    let before = listing(dir.path());
    let args: Vec<String> = case.args.iter().map(|a| expand(a, dir.path())).collect();
    let out = Command::cargo_bin("ringflux")
        .unwrap()
        .args(&args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit code {:?}, not 2", out.status.code()));
    }
    if !out.stdout.is_empty() {
        problems.push(format!(
            "stdout not empty: {}",
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    // Progress lines (`analyze: step ← file`) may precede the one error line.
    let error = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_default();
    if case.place == "usage:" {
        if !error.starts_with("error: ") || !stderr.contains(case.field) {
            problems.push(format!("usage error should name {}", case.field));
        }
    } else {
        let want = format!("error: {}: {}", expand(case.place, dir.path()), case.field);
        if !error.starts_with(&want) {
            problems.push(format!("stderr should start with {want:?}"));
        }
    }
    let after = listing(dir.path());
    if after != before {
        problems.push(format!("files changed: {before:?} → {after:?}"));
    }
    (!problems.is_empty()).then(|| {
        format!(
            "[{}] ringflux {}\n  {}\n  stderr: {}",
            case.what,
            args.join(" "),
            problems.join("\n  "),
            stderr.trim_end()
        )
    })
}

#[test]
fn every_bad_input_exits_2_names_the_place_and_writes_nothing() {
    let failures: Vec<String> = CASES.iter().filter_map(check).collect();
    assert!(
        failures.is_empty(),
        "{} of {} catalogue cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_catalogue_is_large_and_every_case_is_distinct() {
    assert!(CASES.len() >= 60, "only {} cases", CASES.len());
    let whats: BTreeSet<&str> = CASES.iter().map(|c| c.what).collect();
    assert_eq!(whats.len(), CASES.len(), "two cases share a description");
}
