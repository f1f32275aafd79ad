//! `ringflux serve-stdio`: the instrument protocol on standard input and output, one JSON request
//! per line in, one JSON response per line out — the same code firmware runs
//! (`ringflux_rules::protocol::handle`, message format in `ringflux_core::protocol`), so a desktop
//! user can drive ringflux exactly as an instrument host would.
//!
//! ```text
//! $ echo '{"id":1,"op":"coalescence","params":{"tc_k":330,"dnu_hz":40}}' | ringflux serve-stdio
//! {"id":1,"ok":true,"op":"coalescence","result":{"method":"gutowsky-holm",...}}
//! ```
//!
//! Blank lines are skipped; every other line gets exactly one response line, errors included.
//! At end of input the command exits 0; a summary goes to stderr.

use crate::error::CmdResult;
use crate::report::output::Output;
use anyhow::Context;
use std::io::{BufRead, Write};

/// Arguments of `ringflux serve-stdio`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Compute on the firmware's f32 path instead of the f64 reference path.
    #[arg(long)]
    pub f32: bool,
    /// Size of the response buffer, bytes, as an instrument would provide it (responses that do
    /// not fit become `response_too_large` errors).
    #[arg(long, default_value_t = 4096, value_parser = clap::value_parser!(u32).range(128..=1_048_576))]
    pub response_bytes: u32,
}

/// Requests answered and how many of them were errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Non-blank request lines.
    pub requests: u64,
    /// Responses with `"ok":false`.
    pub errors: u64,
}

/// Answers every line of `input` on `output`.
pub fn serve(input: impl BufRead, mut output: impl Write, a: &Args) -> anyhow::Result<Stats> {
    let handle = if a.f32 {
        ringflux_rules::protocol::handle::<f32>
    } else {
        ringflux_rules::protocol::handle::<f64>
    };
    let mut response = vec![0_u8; a.response_bytes as usize];
    let mut stats = Stats::default();
    for line in input.split(b'\n') {
        let line = line.context("cannot read standard input")?;
        let request = line.strip_suffix(b"\r").unwrap_or(&line);
        if request.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let n = handle(request, &mut response);
        let answer = response.get(..n).unwrap_or_default();
        stats.requests += 1;
        if !answer.starts_with(br#"{"id":"#) || answer.windows(10).any(|w| w == br#""ok":false"#) {
            stats.errors += 1;
        }
        output.write_all(answer)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
    Ok(stats)
}

/// Serves standard input until it ends.
pub fn run(a: &Args) -> CmdResult<Output> {
    let a = a.clone();
    Ok(Output::stream(move |out| {
        let stats = serve(std::io::stdin().lock(), out, &a)?;
        eprintln!(
            "serve-stdio: {} requests answered, {} of them errors",
            stats.requests, stats.errors
        );
        Ok(())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_response_per_request_line() {
        let input = b"{\"id\":1,\"op\":\"ratio\",\"params\":{\"major\":3,\"minor\":1,\"temp_k\":298.15}}\r\n\n  \nnot json\n";
        let mut out = Vec::new();
        let a = Args {
            f32: false,
            response_bytes: 4096,
        };
        let stats = serve(&input[..], &mut out, &a).unwrap();
        assert_eq!(
            stats,
            Stats {
                requests: 2,
                errors: 1
            }
        );
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0]
            .starts_with(r#"{"id":1,"ok":true,"op":"ratio","result":{"k_eq":3.0,"p_major":0.75"#));
        assert_eq!(
            lines[1],
            r#"{"id":null,"ok":false,"op":null,"error":{"code":"malformed","detail":"invalid_type"}}"#
        );
    }
}
