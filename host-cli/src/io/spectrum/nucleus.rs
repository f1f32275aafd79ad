//! Which nucleus a Bruker experiment observed, from its frequencies rather than from its label.
//!
//! A nucleus's resonance frequency is a fixed fraction Ξ of the ¹H frequency of the same magnet
//! (IUPAC recommendations 2001: Harris, Becker, Cabral de Menezes, Goodfellow & Granger, Pure
//! Appl. Chem. 73, 1795, Table 1; ¹H of TMS = 100 %). `acqus` states the observed nucleus
//! (`NUC1`) and each channel's base frequency (`BF1`, `BF2`, …). When another channel is ¹H, the
//! ratio BF1/BF(¹H) names the observed nucleus; without one, the magnet implied by NUC1
//! (BF1/Ξ) must at least exist (40–1300 MHz ¹H). Where label and frequencies disagree, the
//! frequencies win and the reader warns.
//!
//! ```
//! use ringflux_cli::io::spectrum::nucleus::{check, Verdict};
//! // A 13C experiment whose NUC1 was left at 1H: BF1 = 125.7578 MHz beside a 1H channel at 500.13.
//! let v = check(Some("1H"), 125.7578, &[("1H", 500.13)]);
//! assert!(matches!(v, Verdict::Relabelled { nucleus: "13C", .. }));
//! ```

/// Ξ (%) of the nuclei a solution-NMR experiment observes (IUPAC 2001, Table 1).
pub const XI_PERCENT: [(&str, f64); 15] = [
    ("1H", 100.0),
    ("2H", 15.350_609),
    ("7Li", 38.863_797),
    ("11B", 32.083_974),
    ("13C", 25.145_020),
    ("15N", 10.136_767),
    ("17O", 13.556_457),
    ("19F", 94.094_011),
    ("23Na", 26.451_900),
    ("27Al", 26.056_859),
    ("29Si", 19.867_187),
    ("31P", 40.480_742),
    ("77Se", 19.071_513),
    ("119Sn", 37.290_632),
    ("195Pt", 21.496_784),
];

/// Relative tolerance on a frequency ratio: Ξ moves with the reference compound and the
/// chemical-shift range by well under 0.1 %, and the closest two nuclei of the table differ by 2 %.
const RATIO_TOLERANCE: f64 = 2e-3;

/// ¹H frequencies of magnets that exist, MHz.
const MAGNETS_MHZ: std::ops::RangeInclusive<f64> = 40.0..=1300.0;

/// What the frequencies say of the stated nucleus.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Nothing to compare, or the frequencies agree with the label.
    Agrees,
    /// The ratio to a ¹H channel names another nucleus: use it.
    Relabelled {
        /// The nucleus whose Ξ the ratio matches.
        nucleus: &'static str,
        /// BF1 / BF(¹H), %.
        ratio_percent: f64,
    },
    /// The ratio to a ¹H channel matches no nucleus of the table (the label is kept).
    UnknownRatio {
        /// BF1 / BF(¹H), %.
        ratio_percent: f64,
    },
    /// The stated nucleus at BF1 would need a magnet that does not exist: the nucleus is unknown.
    Impossible {
        /// BF1 / Ξ(stated), MHz.
        implied_1h_mhz: f64,
    },
}

fn xi(nucleus: &str) -> Option<f64> {
    XI_PERCENT
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(nucleus))
        .map(|&(_, x)| x)
}

/// Checks the stated nucleus (`NUC1`) against BF1 (MHz) and the other channels' (nucleus, BF)
/// pairs.
pub fn check(stated: Option<&str>, bf1_mhz: f64, others: &[(&str, f64)]) -> Verdict {
    let proton = others
        .iter()
        .find(|(n, bf)| n.eq_ignore_ascii_case("1H") && *bf > 0.0)
        .map(|&(_, bf)| bf);
    if let Some(h) = proton {
        let ratio_percent = 100.0 * bf1_mhz / h;
        let matched = XI_PERCENT
            .iter()
            .find(|(_, x)| (ratio_percent / x - 1.0).abs() < RATIO_TOLERANCE);
        return match (matched, stated) {
            (Some((n, _)), Some(s)) if n.eq_ignore_ascii_case(s) => Verdict::Agrees,
            (Some(&(nucleus, _)), _) => Verdict::Relabelled {
                nucleus,
                ratio_percent,
            },
            (None, _) => Verdict::UnknownRatio { ratio_percent },
        };
    }
    match stated.and_then(xi) {
        Some(x) if !MAGNETS_MHZ.contains(&(100.0 * bf1_mhz / x)) => Verdict::Impossible {
            implied_1h_mhz: 100.0 * bf1_mhz / x,
        },
        _ => Verdict::Agrees,
    }
}
