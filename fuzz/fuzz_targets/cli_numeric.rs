//! The numeric commands as a user types them (`ringflux eyring|coalescence|ratio ...`), with
//! arbitrary numbers or arbitrary text in every flag, parsed by the real clap definition and run.
//!
//! Nothing may panic; a refused command line is a usage error (clap, exit 2) or an input error
//! naming a flag the user gave; an accepted one prints only finite numbers (no `null` in its JSON) and renders.
#![no_main]

use arbitrary::Arbitrary;
use clap::Parser;
use libfuzzer_sys::fuzz_target;
use ringflux_cli::{error::Failure, Cli};
use ringflux_fuzz::assert_json_has_no_null;

#[derive(Arbitrary, Debug)]
enum Value {
    Num(f64),
    Text(String),
}

impl Value {
    fn render(&self) -> String {
        match self {
            Value::Num(x) => x.to_string(),
            Value::Text(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Command {
    Eyring,
    Coalescence,
    Ratio,
}

const FLAGS: [&str; 12] = [
    "--temp-k", "--dg-kj-per-mol", "--dg-kcal-per-mol", "--k-per-s", "--kappa", "--tc-k",
    "--dnu-hz", "--dnu-ppm", "--mhz", "--j-hz", "--pop-major", "--ratio",
];

#[derive(Arbitrary, Debug)]
struct Input {
    command: Command,
    /// (flag index into FLAGS, value); also covers --tc-err-k / --dnu-err-hz via the mapping below.
    flags: Vec<(u8, Value)>,
}

fuzz_target!(|input: Input| {
    let mut argv = vec![
        "ringflux".to_string(),
        "--json".to_string(),
        match input.command {
            Command::Eyring => "eyring",
            Command::Coalescence => "coalescence",
            Command::Ratio => "ratio",
        }
        .to_string(),
    ];
    for (i, v) in input.flags.iter().take(8) {
        let flag = match usize::from(*i) % 14 {
            12 => "--tc-err-k",
            13 => "--dnu-err-hz",
            n => FLAGS.get(n).copied().unwrap_or("--temp-k"),
        };
        // `--flag=value`, so a value that starts with '-' is never taken for a flag.
        argv.push(format!("{flag}={}", v.render()));
    }
    let Ok(cli) = Cli::try_parse_from(&argv) else {
        return; // clap refused it: a usage error, exit 2
    };
    match ringflux_cli::run(&cli) {
        Ok(out) => {
            assert_json_has_no_null(&out.json);
            assert!(out.files.is_empty(), "a numeric command wants to write files");
            let mut sink = Vec::new();
            out.emit(true, &mut sink).expect("JSON goes to memory");
            serde_json::from_slice::<serde_json::Value>(&sink).expect("one JSON object");
        }
        Err(Failure::Input(e)) => {
            let given = argv.iter().any(|a| a.split('=').next() == Some(e.place.as_str()));
            assert!(given, "error does not name a flag that was given: {e} ({argv:?})");
        }
        Err(Failure::Other(e)) => panic!("internal error on {argv:?}: {e:#}"),
    }
});
