//! Checks that need optional parts: the rules crate (feature `rules`) and the instrument
//! protocol (feature `json`). Empty lists when the feature is off, so the size table shows what
//! each part costs.

#[allow(unused_imports)]
use crate::checks::LAST;

type Check = (&'static str, extern "C" fn() -> u32);

#[cfg(feature = "rules")]
mod rules {
    use crate::checks::buffers;
    use core::mem::size_of_val;
    use ringflux_rules::{evaluate_into, evaluate_suggestions, Conformation, Evaluation, Facts};
    use ringflux_rules::{Rotamer, Suggestion, DEFAULT};

    /// The rules crate's doc example: a TB bioactive conformation with the O-syn-C7 rotamer at
    /// 30 % ranks "methyl-at-c7-syn-to-carbonyl-o" first.
    const FACTS: Facts = Facts {
        bioactive_conformation: Some(Conformation::Tb),
        bioactive_rotamer: Some(Rotamer::OSynC7),
        bioactive_population: Some(0.3),
        ..Facts::UNKNOWN
    };
    const FIRST: &str = "methyl-at-c7-syn-to-carbonyl-o";

    /// With the trace (64 steps), into the caller's `Evaluation`.
    pub extern "C" fn evaluate_default() -> u32 {
        let mut ev: Evaluation<'_, 16, 64> = Evaluation::new();
        buffers(size_of_val(&ev));
        let ok = evaluate_into(&DEFAULT, &FACTS, &mut ev).is_ok()
            && ev.suggestions.first().is_some_and(|s| s.rule.id == FIRST);
        u32::from(!ok)
    }

    /// Suggestions only, into the caller's list.
    pub extern "C" fn suggestions_default() -> u32 {
        let mut s: heapless::Vec<Suggestion<'_>, 16> = heapless::Vec::new();
        buffers(size_of_val(&s));
        let ok = evaluate_suggestions(&DEFAULT, &FACTS, &mut s).is_ok()
            && s.first().is_some_and(|s| s.rule.id == FIRST);
        u32::from(!ok)
    }

    /// The default rule set passes its own structural check.
    pub extern "C" fn check_default() -> u32 {
        let mut d: ringflux_rules::check::Diagnostics<8> =
            ringflux_rules::check::Diagnostics::new();
        buffers(size_of_val(&d));
        DEFAULT.check(&mut d);
        u32::from(!d.items.is_empty())
    }
}

/// Rules checks.
#[cfg(feature = "rules")]
pub const RULES: &[Check] = &[
    (
        "rules::evaluate_into (DEFAULT, 16, 64)",
        rules::evaluate_default,
    ),
    (
        "rules::evaluate_suggestions (DEFAULT, 16)",
        rules::suggestions_default,
    ),
    ("RuleSet::check (DEFAULT)", rules::check_default),
];
#[cfg(not(feature = "rules"))]
pub const RULES: &[Check] = &[];

#[cfg(feature = "json")]
mod json {
    /// Response buffer of the checks: what a small instrument would give it.
    const OUT: usize = 1024;

    /// One request through the protocol (with `suggest` when the rules crate is linked); passes
    /// when the response contains `want`.
    fn ask<F: ringflux_core::protocol::Wire>(req: &[u8], want: &[u8]) -> u32 {
        let mut out = [0u8; OUT];
        crate::checks::buffers(OUT);
        let got = handle::<F>(req, &mut out);
        u32::from(!got.windows(want.len()).any(|w| w == want))
    }

    /// The response to `req` written into `out`.
    fn handle<'o, F: ringflux_core::protocol::Wire>(req: &[u8], out: &'o mut [u8]) -> &'o [u8] {
        #[cfg(feature = "rules")]
        let n = ringflux_rules::protocol::handle::<F>(req, out);
        #[cfg(not(feature = "rules"))]
        let n = ringflux_core::protocol::handle::<F>(req, out);
        crate::checks::LAST.store(n as u64, core::sync::atomic::Ordering::Relaxed);
        out.get(..n).unwrap_or(&[])
    }

    /// Appends `part` to `buf` at `*at`.
    fn put(buf: &mut [u8], at: &mut usize, part: &[u8]) -> Option<()> {
        let end = at.checked_add(part.len())?;
        buf.get_mut(*at..end)?.copy_from_slice(part);
        *at = end;
        Some(())
    }

    /// Writes the request of `lineshape_fit_full_f32` into `req`; its length. Not inlined, so the
    /// spectrum's x and y (2 KiB) are off the stack before the request is answered.
    #[inline(never)]
    fn fit_request(req: &mut [u8]) -> Option<usize> {
        use ringflux_core::lineshape::{simulate, Model, TwoSite};
        use ringflux_core::protocol::MAX_FIT_POINTS;
        use ringflux_core::Real;
        let truth = TwoSite::new(165.0_f32, 135.0, 40.0, 1.0, 1.0, 0.5).ok()?;
        let dx = 100.0_f32 / 255.0;
        let mut x = [0.0_f32; MAX_FIT_POINTS];
        let mut y = [0.0_f32; MAX_FIT_POINTS];
        for (i, xi) in x.iter_mut().enumerate() {
            *xi = 100.0 + f32::from_usize(i) * dx; // the grid `FitParams::compute` rebuilds
        }
        simulate(&Model::TwoSite(truth), &x, &mut y).ok()?;
        let mut n = 0;
        let head = br#"{"op":"lineshape_fit","params":{"model":"two-site","va_hz":165,"vb_hz":135,"k_start_per_s":25,"w_hz":1,"x0_hz":100,"dx_hz":"#;
        put(req, &mut n, head)?;
        n += serde_json_core::to_slice(&dx, req.get_mut(n..)?).ok()?;
        put(req, &mut n, br#","y":"#)?;
        n += serde_json_core::to_slice(y.as_slice(), req.get_mut(n..)?).ok()?;
        put(req, &mut n, b"}}")?;
        Some(n)
    }

    /// A full-size fit on the wire: 256 points of a noise-free two-site spectrum (k = 40 s⁻¹, as
    /// `lineshape::simulate + fit::fit`), written as JSON by serde-json-core into a request
    /// buffer of `MAX_REQUEST_BYTES`; the fit converges on k within the f32 bound.
    pub extern "C" fn lineshape_fit_full_f32() -> u32 {
        use ringflux_core::protocol::MAX_REQUEST_BYTES;
        let mut req = [0u8; MAX_REQUEST_BYTES];
        let mut out = [0u8; OUT];
        crate::checks::buffers(MAX_REQUEST_BYTES + OUT);
        let Some(req) = fit_request(&mut req).and_then(|n| req.get(..n)) else {
            return 1;
        };
        let got = handle::<f32>(req, &mut out);
        let key = br#""k_per_s":"#;
        let k = got
            .windows(key.len())
            .position(|w| w == key)
            .and_then(|i| got.get(i + key.len()..))
            .and_then(|rest| rest.get(..rest.iter().position(|&c| c == b',')?))
            .and_then(|num| serde_json_core::from_slice::<f32>(num).ok());
        let ok = matches!(k, Some((k, _)) if crate::checks::close_rel(k, 40.0, 1e-3));
        u32::from(!ok)
    }

    // shared/reference/kinetics/gutowsky_holm_ref.tsv: 330 K, 40 Hz → k_c 88.85765876 s⁻¹.
    #[cfg(feature = "protocol-f64")]
    pub extern "C" fn coalescence_f64() -> u32 {
        ask::<f64>(
            br#"{"id":1,"op":"coalescence","params":{"tc_k":330,"dnu_hz":40}}"#,
            br#"{"id":1,"ok":true,"op":"coalescence","result":{"method":"gutowsky-holm","k_c_per_s":88.8576587"#,
        )
    }
    pub extern "C" fn coalescence_f32() -> u32 {
        ask::<f32>(
            br#"{"id":1,"op":"coalescence","params":{"tc_k":330,"dnu_hz":40}}"#,
            br#""dg_kj_per_mol":68.79"#,
        )
    }
    // kinetics.md (a): ΔG‡ 68.79196348 kJ/mol at 330 K is k = 88.858 s⁻¹.
    pub extern "C" fn eyring_f32() -> u32 {
        ask::<f32>(
            br#"{"op":"eyring","params":{"temp_k":330,"dg_kj_per_mol":68.79196348}}"#,
            br#""k_per_s":88.8"#,
        )
    }
    // population_dG0_ref.tsv: 3:1 at 298.15 K → 2.723412656 kJ/mol (prefix: within the f32 bound).
    pub extern "C" fn ratio_f32() -> u32 {
        ask::<f32>(
            br#"{"op":"ratio","params":{"major":3,"minor":1,"temp_k":298.15}}"#,
            br#""dg0_kj_per_mol":2.72"#,
        )
    }
    // boltz_01: p_0 = 0.6515655680163367 (prefix: within the f32 bound of 8e-4).
    pub extern "C" fn boltzmann_f32() -> u32 {
        ask::<f32>(
            br#"{"op":"boltzmann","params":{"energies":[0,0.45,1.80,2.35],"temp_k":298.15}}"#,
            br#""populations":[0.65"#,
        )
    }
    // An ideal chair (pucker.md): form C.
    pub extern "C" fn pucker_f32() -> u32 {
        ask::<f32>(
            br#"{"op":"pucker","params":{"ring":[[1.45,0,0.25],[0.725,1.2557,-0.25],[-0.725,1.2557,0.25],[-1.45,0,-0.25],[-0.725,-1.2557,0.25],[0.725,-1.2557,-0.25]]}}"#,
            br#""form":"C""#,
        )
    }
    // A slow-exchange spectrum is not enough to determine k: the fit says so.
    pub extern "C" fn lineshape_fit_f32() -> u32 {
        ask::<f32>(
            br#"{"op":"lineshape_fit","params":{"model":"two-site","va_hz":165,"vb_hz":135,"k_start_per_s":10,"w_hz":1,"x0_hz":100,"dx_hz":1,"y":[0,0,0,0,0,0,0,0,0,0,0,0]}}"#,
            br#""ok":"#,
        )
    }
    pub extern "C" fn malformed() -> u32 {
        ask::<f32>(
            br#"{"op":"coalescence","params":{"tc_k":"hot"}}"#,
            br#""error":{"code":"malformed","detail":"invalid_number"}"#,
        )
    }
    #[cfg(feature = "rules")]
    pub extern "C" fn suggest() -> u32 {
        ask::<f32>(
            br#"{"op":"suggest","params":{"facts":{"bioactive_conformation":"TB","bioactive_rotamer":"O-syn-C7","bioactive_population":0.3}}}"#,
            br#""suggestions":[{"id":"methyl-at-c7-syn-to-carbonyl-o""#,
        )
    }
}

/// Protocol checks.
#[cfg(feature = "json")]
pub const JSON: &[Check] = &[
    #[cfg(feature = "protocol-f64")]
    ("protocol coalescence f64", json::coalescence_f64),
    ("protocol coalescence f32", json::coalescence_f32),
    ("protocol eyring f32", json::eyring_f32),
    ("protocol ratio f32", json::ratio_f32),
    ("protocol boltzmann f32", json::boltzmann_f32),
    ("protocol pucker f32", json::pucker_f32),
    ("protocol lineshape_fit f32", json::lineshape_fit_f32),
    (
        "protocol lineshape_fit f32 (256 pts, converges)",
        json::lineshape_fit_full_f32,
    ),
    ("protocol malformed request", json::malformed),
    #[cfg(feature = "rules")]
    ("protocol suggest f32", json::suggest),
];
#[cfg(not(feature = "json"))]
pub const JSON: &[Check] = &[];
