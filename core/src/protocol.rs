//! The instrument protocol: one JSON request in a caller's byte buffer, one JSON response written
//! into another, with no allocator and no panic on any input (feature `json`, serde-json-core).
//!
//! ```text
//! → {"id":7,"op":"coalescence","params":{"tc_k":330,"dnu_hz":40}}
//! ← {"id":7,"ok":true,"op":"coalescence","result":{"method":"gutowsky-holm","k_c_per_s":88.85766,...}}
//! → {"id":8,"op":"coalescence","params":{"tc_k":-1,"dnu_hz":40}}
//! ← {"id":8,"ok":false,"op":"coalescence","error":{"code":"not_positive","parameter":"tc_k"}}
//! ```
//!
//! * A request is an object with `op` (the operation), `params` (its parameters, an object whose
//!   keys carry their unit like the CLI's JSON) and an optional `id` (an unsigned 32-bit integer,
//!   echoed back so a host can match answers to questions).
//! * A response has `id` (echoed, or `null`), `ok`, `op` (`null` when the request named no known
//!   operation), and either `result` or `error`. `error.code` is an [`Error::code`] of the core
//!   (`"not_positive"`, with `parameter`), or one of the protocol's own: `"request_too_large"`
//!   (more than [`MAX_REQUEST_BYTES`]), `"malformed"` (not JSON, or not the shape `op` expects:
//!   wrong type, missing or unknown key, array longer than its capacity; `detail` names
//!   serde-json-core's reason), `"unknown_op"`, `"response_too_large"`.
//! * Unknown keys are errors, never ignored; arrays longer than their fixed capacity
//!   ([`MAX_STATES`], [`MAX_FIT_POINTS`]) are errors, never truncated.
//!
//! Operations (`params` → `result`; `?` marks optional keys):
//!
//! | `op` | `params` | `result` |
//! |---|---|---|
//! | `coalescence` | `tc_k`, `dnu_hz`, `j_hz`? (Kurland–Rubin–Wise) or `pop_major`? (Shanan-Atidi–Bar-Eli), `tc_err_k`?, `dnu_err_hz`? | [`CoalescenceResult`] |
//! | `eyring` | `temp_k`, exactly one of `dg_kj_per_mol`, `dg_kcal_per_mol`, `k_per_s`; `kappa`? (1) | [`EyringResult`] |
//! | `ratio` | `major`, `minor` (amounts or normalised integrals), `temp_k` | [`RatioResult`] |
//! | `boltzmann` | `energies` (≤ [`MAX_STATES`]), `degeneracies`?, `unit`? (`"kcal/mol"`, `"kj/mol"`, `"hartree"`), `temp_k`? (298.15) | [`BoltzmannResult`] |
//! | `pucker` | `ring`: 5–8 atom positions `[x, y, z]` in Å, in bonded order (N1, C2, … for a diazepane) | [`PuckerResult`] |
//! | `lineshape_fit` | `model` (`"two-site"`, `"ab"`), `va_hz`, `vb_hz`, `k_start_per_s`, `w_hz`, `pa`? (0.5), `j_hz`? (AB), `x0_hz`, `dx_hz`, `y` (≤ [`MAX_FIT_POINTS`]), `temp_k`?, `free_linewidth`? | [`FitStatus`] |
//!
//! The rules crate adds `suggest` through [`handle_with`] (the core cannot depend on the rules
//! crate, which depends on it).
//!
//! Numbers are computed in the float type the caller picks (`handle::<f32>` on the firmware path,
//! `handle::<f64>` for the reference); JSON numbers are parsed by `core`'s decimal parser and
//! written by `ryu`, so an `f64` survives the round trip exactly.

use crate::constants::{EnergyUnit, J_PER_KCAL};
use crate::geometry::Vec3;
use crate::lineshape::{Ab, Model, TwoSite};
use crate::pucker::{self, MAX_RING};
use crate::{boltzmann, coalescence, equilibrium, eyring, fit, Error, Real};
use heapless::Vec;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};

/// Largest request accepted, bytes.
pub const MAX_REQUEST_BYTES: usize = 4096;
/// Largest number of states of a `boltzmann` request.
pub const MAX_STATES: usize = 64;
/// Largest number of spectrum points of a `lineshape_fit` request.
pub const MAX_FIT_POINTS: usize = 256;
/// A response buffer of at least this size always receives a complete response (an error
/// response at worst); smaller buffers may receive nothing (length 0).
pub const MIN_RESPONSE_BYTES: usize = 128;

/// A float the protocol can read and write.
pub trait Wire: Real + Serialize + DeserializeOwned {}
impl<T: Real + Serialize + DeserializeOwned> Wire for T {}

/// What every request carries; `params` is read in a second pass, once `op` is known.
#[derive(Debug, Deserialize)]
pub struct Header<'a> {
    /// The operation.
    pub op: &'a str,
    /// The caller's id, echoed in the response.
    #[serde(default)]
    pub id: Option<u32>,
    /// Skipped in the first pass.
    #[serde(default, rename = "params")]
    _params: IgnoredAny,
}

#[cfg(feature = "defmt")]
impl defmt::Format for Header<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Header {{ op: {=str}, id: {} }}", self.op, self.id)
    }
}

/// A request with its parameters (second pass).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<P> {
    #[serde(rename = "op")]
    _op: IgnoredAny,
    #[serde(default, rename = "id")]
    _id: IgnoredAny,
    params: P,
}

/// The error object of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct WireError {
    /// [`Error::code`] or a protocol code (module documentation).
    pub code: &'static str,
    /// The parameter a core error names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<&'static str>,
    /// serde-json-core's reason for a `malformed` request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<&'static str>,
}

impl From<Error> for WireError {
    fn from(e: Error) -> Self {
        WireError {
            code: e.code(),
            parameter: Some(e.parameter()),
            detail: None,
        }
    }
}

impl WireError {
    const fn protocol(code: &'static str) -> Self {
        WireError {
            code,
            parameter: None,
            detail: None,
        }
    }

    fn malformed(e: serde_json_core::de::Error) -> Self {
        use serde_json_core::de::Error as E;
        let detail = match e {
            E::EofWhileParsingList
            | E::EofWhileParsingObject
            | E::EofWhileParsingString
            | E::EofWhileParsingNumber
            | E::EofWhileParsingValue => "unexpected_end",
            E::ExpectedColon
            | E::ExpectedListCommaOrEnd
            | E::ExpectedObjectCommaOrEnd
            | E::ExpectedSomeIdent
            | E::ExpectedSomeValue
            | E::KeyMustBeAString
            | E::TrailingCharacters
            | E::TrailingComma => "syntax",
            E::InvalidNumber => "invalid_number",
            E::InvalidType => "invalid_type",
            E::InvalidUnicodeCodePoint | E::InvalidEscapeSequence | E::EscapedStringIsTooLong => {
                "invalid_string"
            }
            // Missing or unknown key, unknown name, array over capacity (serde discards the text).
            _ => "invalid_value",
        };
        WireError {
            code: "malformed",
            parameter: None,
            detail: Some(detail),
        }
    }
}

/// A response: `result` on success, `error` otherwise.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Serialize)]
pub struct Response<R> {
    /// The request's id.
    pub id: Option<u32>,
    /// Whether `result` (true) or `error` (false) is present.
    pub ok: bool,
    /// The operation answered (`None` when the request named none the handler knows).
    pub op: Option<&'static str>,
    /// The result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<R>,
    /// The error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<WireError>,
}

/// `kj(x)`: J/mol → kJ/mol.
fn kj<F: Real>(j: F) -> F {
    j / F::from_f64(1000.0)
}

fn kcal<F: Real>(j: F) -> F {
    j / F::from_f64(J_PER_KCAL)
}

// ---- coalescence -------------------------------------------------------------------------------

/// Parameters of `coalescence`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct CoalescenceParams<F> {
    /// Coalescence temperature, K.
    pub tc_k: F,
    /// Slow-exchange separation Δν (Δν₀ with `j_hz`), Hz.
    pub dnu_hz: F,
    /// Coupling J, Hz: selects Kurland–Rubin–Wise.
    pub j_hz: Option<F>,
    /// Population of the major site: selects Shanan-Atidi–Bar-Eli (excludes `j_hz`).
    pub pop_major: Option<F>,
    /// σ(T_c), K.
    pub tc_err_k: Option<F>,
    /// σ(Δν), Hz.
    pub dnu_err_hz: Option<F>,
}

/// Result of `coalescence` (the keys of `ringflux coalescence --json`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct CoalescenceResult<F> {
    /// `"gutowsky-holm"`, `"kurland-rubin-wise"` or `"shanan-atidi-bar-eli"`.
    pub method: &'static str,
    /// Rate at coalescence (major → minor for unequal populations), s⁻¹.
    pub k_c_per_s: F,
    /// ΔG‡ at T_c, kJ/mol.
    pub dg_kj_per_mol: F,
    /// ΔG‡ at T_c, kcal/mol.
    pub dg_kcal_per_mol: F,
    /// Propagated σ(ΔG‡), kJ/mol, when `tc_err_k` or `dnu_err_hz` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_err_kj_per_mol: Option<F>,
    /// Shanan-Atidi–Bar-Eli only: k major → minor, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_major_to_minor_per_s: Option<F>,
    /// Shanan-Atidi–Bar-Eli only: k minor → major, s⁻¹.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_minor_to_major_per_s: Option<F>,
    /// Shanan-Atidi–Bar-Eli only: ΔG‡ major → minor, kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_major_to_minor_kj_per_mol: Option<F>,
    /// Shanan-Atidi–Bar-Eli only: ΔG‡ minor → major, kJ/mol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_minor_to_major_kj_per_mol: Option<F>,
}

impl<F: Real> CoalescenceParams<F> {
    /// Runs the method the parameters select ([`crate::coalescence`]).
    pub fn compute(&self) -> Result<CoalescenceResult<F>, Error> {
        let (method, c, unequal) = match (self.j_hz, self.pop_major) {
            (Some(_), Some(_)) => return Err(Error::OutOfRange("pop_major")),
            (Some(j), None) => (
                "kurland-rubin-wise",
                coalescence::kurland_rubin_wise(self.tc_k, self.dnu_hz, j)?,
                None,
            ),
            (None, Some(p)) => {
                let u = coalescence::shanan_atidi_bar_eli(self.tc_k, self.dnu_hz, p)?;
                ("shanan-atidi-bar-eli", u.major_to_minor, Some(u))
            }
            (None, None) => (
                "gutowsky-holm",
                coalescence::gutowsky_holm(self.tc_k, self.dnu_hz)?,
                None,
            ),
        };
        let err = match (self.tc_err_k, self.dnu_err_hz) {
            (None, None) => None,
            (t, n) => Some(c.dg_err_j_per_mol(t.unwrap_or(F::ZERO), n.unwrap_or(F::ZERO))?),
        };
        Ok(CoalescenceResult {
            method,
            k_c_per_s: c.k_c_per_s,
            dg_kj_per_mol: kj(c.dg_j_per_mol),
            dg_kcal_per_mol: kcal(c.dg_j_per_mol),
            dg_err_kj_per_mol: err.map(kj),
            k_major_to_minor_per_s: unequal.map(|u| u.major_to_minor.k_c_per_s),
            k_minor_to_major_per_s: unequal.map(|u| u.minor_to_major.k_c_per_s),
            dg_major_to_minor_kj_per_mol: unequal.map(|u| kj(u.major_to_minor.dg_j_per_mol)),
            dg_minor_to_major_kj_per_mol: unequal.map(|u| kj(u.minor_to_major.dg_j_per_mol)),
        })
    }
}

// ---- eyring ------------------------------------------------------------------------------------

/// Parameters of `eyring`: a temperature and exactly one of ΔG‡ (either unit) or k.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct EyringParams<F> {
    /// Temperature, K.
    pub temp_k: F,
    /// ΔG‡, kJ/mol.
    pub dg_kj_per_mol: Option<F>,
    /// ΔG‡, kcal/mol.
    pub dg_kcal_per_mol: Option<F>,
    /// Rate constant, s⁻¹.
    pub k_per_s: Option<F>,
    /// Transmission coefficient κ (default 1).
    pub kappa: Option<F>,
}

/// Result of `eyring`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct EyringResult<F> {
    /// Rate constant, s⁻¹.
    pub k_per_s: F,
    /// ΔG‡, kJ/mol.
    pub dg_kj_per_mol: F,
    /// ΔG‡, kcal/mol.
    pub dg_kcal_per_mol: F,
    /// Half-life ln 2 / k, s.
    pub half_life_s: F,
}

impl<F: Real> EyringParams<F> {
    /// k ↔ ΔG‡ by [`crate::eyring`].
    pub fn compute(&self) -> Result<EyringResult<F>, Error> {
        let kappa = self.kappa.unwrap_or(F::ONE);
        let (k, dg) = match (self.dg_kj_per_mol, self.dg_kcal_per_mol, self.k_per_s) {
            (Some(g), None, None) => {
                let dg = g * F::from_f64(1000.0);
                (eyring::rate_per_s(dg, self.temp_k, kappa)?, dg)
            }
            (None, Some(g), None) => {
                let dg = g * F::from_f64(J_PER_KCAL);
                (eyring::rate_per_s(dg, self.temp_k, kappa)?, dg)
            }
            (None, None, Some(k)) => (k, eyring::dg_j_per_mol(k, self.temp_k, kappa)?),
            (None, None, None) => return Err(Error::Empty("dg_kj_per_mol")),
            _ => return Err(Error::OutOfRange("k_per_s")),
        };
        Ok(EyringResult {
            k_per_s: k,
            dg_kj_per_mol: kj(dg),
            dg_kcal_per_mol: kcal(dg),
            half_life_s: eyring::half_life_s(k)?,
        })
    }
}

// ---- ratio -------------------------------------------------------------------------------------

/// Parameters of `ratio`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RatioParams<F> {
    /// Amount (or normalised integral) of one state.
    pub major: F,
    /// Amount of the other state (the larger of the two is taken as major).
    pub minor: F,
    /// Temperature, K.
    pub temp_k: F,
}

/// Result of `ratio`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RatioResult<F> {
    /// K = major/minor.
    pub k_eq: F,
    /// Fraction of the major state.
    pub p_major: F,
    /// G_minor − G_major, kJ/mol.
    pub dg0_kj_per_mol: F,
    /// G_minor − G_major, kcal/mol.
    pub dg0_kcal_per_mol: F,
}

impl<F: Real> RatioParams<F> {
    /// [`crate::equilibrium::from_ratio`].
    pub fn compute(&self) -> Result<RatioResult<F>, Error> {
        let e = equilibrium::from_ratio(self.major, self.minor, self.temp_k)?;
        Ok(RatioResult {
            k_eq: e.k_eq,
            p_major: e.p_major,
            dg0_kj_per_mol: kj(e.dg0_j_per_mol),
            dg0_kcal_per_mol: kcal(e.dg0_j_per_mol),
        })
    }
}

// ---- boltzmann ---------------------------------------------------------------------------------

/// Parameters of `boltzmann`.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoltzmannParams<'a, F> {
    /// Energies of the states (at most [`MAX_STATES`]), in `unit`.
    pub energies: Vec<F, MAX_STATES>,
    /// Degeneracies (empty or absent: all 1).
    #[serde(default)]
    pub degeneracies: Vec<F, MAX_STATES>,
    /// `"kcal/mol"` (default), `"kj/mol"` or `"hartree"`.
    #[serde(borrow)]
    pub unit: Option<&'a str>,
    /// Temperature, K (default 298.15).
    pub temp_k: Option<F>,
}

/// Result of `boltzmann`.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoltzmannResult<F> {
    /// Population of each state, in input order.
    pub populations: Vec<F, MAX_STATES>,
    /// Index of the lowest-energy state.
    pub min_index: usize,
    /// Ensemble free energy relative to the minimum, −RT ln Q_rel, kJ/mol.
    pub ensemble_g_kj_per_mol: F,
    /// Boltzmann-average energy relative to the minimum, kJ/mol.
    pub mean_energy_rel_kj_per_mol: F,
    /// Conformational entropy −R Σ p ln(p/g), J/(mol K).
    pub conformational_entropy_j_per_mol_k: F,
}

/// Default temperature of `boltzmann`, K.
const ROOM_TEMPERATURE_K: f64 = 298.15;

impl<F: Real> BoltzmannParams<'_, F> {
    /// [`crate::boltzmann::populations`].
    pub fn compute(&self) -> Result<BoltzmannResult<F>, Error> {
        let unit = match self.unit.unwrap_or("kcal/mol") {
            "kcal/mol" => EnergyUnit::KcalPerMol,
            "kj/mol" => EnergyUnit::KjPerMol,
            "hartree" => EnergyUnit::Hartree,
            _ => return Err(Error::OutOfRange("unit")),
        };
        let t = self.temp_k.unwrap_or(F::from_f64(ROOM_TEMPERATURE_K));
        let mut p = [F::ZERO; MAX_STATES];
        let e = boltzmann::populations(&self.energies, &self.degeneracies, unit, t, &mut p)?;
        let mut populations = Vec::new();
        for &x in p.iter().take(e.n) {
            populations
                .push(x)
                .map_err(|_| Error::CapacityExceeded("populations"))?;
        }
        Ok(BoltzmannResult {
            populations,
            min_index: e.min_index,
            ensemble_g_kj_per_mol: kj(e.g_rel_j_per_mol),
            mean_energy_rel_kj_per_mol: kj(e.mean_energy_rel_j_per_mol),
            conformational_entropy_j_per_mol_k: e.entropy_j_per_mol_k,
        })
    }
}

// ---- pucker -------------------------------------------------------------------------------------

/// Parameters of `pucker`.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PuckerParams<F> {
    /// Ring atom positions `[x, y, z]`, Å, in bonded order (5 to [`MAX_RING`]).
    pub ring: Vec<[F; 3], MAX_RING>,
}

/// One Cremer–Pople mode on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct WireMode<F> {
    /// m.
    pub m: usize,
    /// q_m, Å.
    pub q_angstrom: F,
    /// φ_m, degrees (`null` when q_m is too small for the phase to mean anything).
    pub phi_deg: Option<F>,
}

/// Result of `pucker`: Cremer–Pople coordinates and the classification.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PuckerResult<F> {
    /// Ring size N.
    pub ring_size: usize,
    /// Total puckering amplitude Q, Å.
    pub total_q_angstrom: F,
    /// θ, degrees (6- and 7-rings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theta_deg: Option<F>,
    /// The modes m = 2 … ⌊(N−1)/2⌋.
    pub modes: Vec<WireMode<F>, 2>,
    /// Canonical form code (`"TC"`, `"TB"`, …) when the ring is close to one, else `null`.
    pub form: Option<&'static str>,
    /// Nearest canonical form code.
    pub nearest: &'static str,
    /// Angular distance to the nearest canonical form, degrees.
    pub distance_deg: F,
    /// `"chair"` or `"boat"` family when decided, else `null`.
    pub family: Option<&'static str>,
}

impl<F: Real> PuckerParams<F> {
    /// [`crate::pucker::cremer_pople`] and [`crate::pucker::classify`].
    pub fn compute(&self) -> Result<PuckerResult<F>, Error> {
        let mut ring = [Vec3::ZERO; MAX_RING];
        for (slot, &[x, y, z]) in ring.iter_mut().zip(self.ring.iter()) {
            *slot = Vec3::new(x, y, z);
        }
        let ring = ring
            .get(..self.ring.len())
            .ok_or(Error::CapacityExceeded("ring"))?;
        let p = pucker::cremer_pople(ring)?;
        let torsions = pucker::endocyclic_torsions(ring)?;
        let c = pucker::classify(&p, torsions.as_slice())?;
        let mut modes = Vec::new();
        for m in p.modes() {
            let w = WireMode {
                m: m.m,
                q_angstrom: m.q_angstrom,
                phi_deg: m.phase_defined().then_some(m.phi_deg),
            };
            modes
                .push(w)
                .map_err(|_| Error::CapacityExceeded("modes"))?;
        }
        Ok(PuckerResult {
            ring_size: p.ring_size(),
            total_q_angstrom: p.total_q_angstrom,
            theta_deg: p.theta_deg,
            modes,
            form: c.form.map(pucker::Form::code),
            nearest: c.nearest.code(),
            distance_deg: c.distance_deg,
            family: c.family.map(pucker::Family::name),
        })
    }
}

// ---- lineshape fit -----------------------------------------------------------------------------

/// Parameters of `lineshape_fit`: a start model and the grid of the spectrum.
///
/// The intensities `y` are checked to be present here but read by a second pass straight into
/// the handler's buffer ([`FitParams::compute`] takes them as a slice): carried inside this struct
/// they would be moved through serde's derived code about ten times, 1 KiB (f32) each, which
/// made `lineshape_fit` the protocol's deepest stack (15 KiB, now about 5 KiB; core/README.md).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitParams<'a, F> {
    /// `"two-site"` or `"ab"`.
    pub model: &'a str,
    /// Shift of site a (AB: nucleus A), Hz.
    pub va_hz: F,
    /// Shift of site b (AB: nucleus B), Hz.
    pub vb_hz: F,
    /// Starting rate constant, s⁻¹.
    pub k_start_per_s: F,
    /// Linewidth without exchange, Hz.
    pub w_hz: F,
    /// Population of site a (two-site; default 0.5).
    pub pa: Option<F>,
    /// Coupling J, Hz (AB; default 0).
    pub j_hz: Option<F>,
    /// Frequency of the first point, Hz.
    pub x0_hz: F,
    /// Point spacing, Hz.
    pub dx_hz: F,
    /// The intensities: required, skipped in this pass.
    #[serde(rename = "y")]
    _y: IgnoredAny,
    /// Temperature, K: adds ΔG‡ of the fitted k.
    pub temp_k: Option<F>,
    /// Fit the linewidth too (default false).
    pub free_linewidth: Option<bool>,
}

#[cfg(feature = "defmt")]
impl<F: defmt::Format> defmt::Format for FitParams<'_, F> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "FitParams {{ model: {=str}, va_hz: {}, vb_hz: {}, k_start_per_s: {}, w_hz: {}, pa: {}, j_hz: {}, x0_hz: {}, dx_hz: {}, temp_k: {}, free_linewidth: {} }}",
            self.model, self.va_hz, self.vb_hz, self.k_start_per_s, self.w_hz, self.pa,
            self.j_hz, self.x0_hz, self.dx_hz, self.temp_k, self.free_linewidth
        )
    }
}

/// Result of `lineshape_fit`: the fit's status and, when converged, the rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct FitStatus<F> {
    /// `"converged"`, or `"undetermined"` when the spectrum does not determine k (slow or fast
    /// exchange limit, [`crate::fit`]).
    pub status: &'static str,
    /// Fitted k, s⁻¹ (converged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_per_s: Option<F>,
    /// Standard error of k, s⁻¹ (converged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k_err_per_s: Option<F>,
    /// ΔG‡ of k at `temp_k`, kJ/mol (converged, with `temp_k`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg_kj_per_mol: Option<F>,
    /// RMS residual, data units (converged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rms: Option<F>,
    /// Iterations used (converged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterations: Option<usize>,
}

impl<F: Real> FitParams<'_, F> {
    /// [`crate::fit::fit`] of the intensities `y` (at most [`MAX_FIT_POINTS`], on the grid
    /// x_i = `x0_hz` + i `dx_hz`) with k, scale and baseline (and optionally the linewidth) free.
    pub fn compute(&self, y: &[F]) -> Result<FitStatus<F>, Error> {
        let start = match self.model {
            "two-site" => {
                let pa = self.pa.unwrap_or(F::HALF);
                Model::TwoSite(TwoSite::new(
                    self.va_hz,
                    self.vb_hz,
                    self.k_start_per_s,
                    self.w_hz,
                    self.w_hz,
                    pa,
                )?)
            }
            "ab" => Model::Ab(Ab::new(
                self.va_hz,
                self.vb_hz,
                self.j_hz.unwrap_or(F::ZERO),
                self.k_start_per_s,
                self.w_hz,
            )?),
            _ => return Err(Error::OutOfRange("model")),
        };
        let mut x = [F::ZERO; MAX_FIT_POINTS];
        for (i, xi) in x.iter_mut().enumerate() {
            *xi = self.x0_hz + F::from_usize(i) * self.dx_hz;
        }
        let x = x.get(..y.len()).ok_or(Error::CapacityExceeded("y"))?;
        let free = fit::Free {
            linewidth: self.free_linewidth.unwrap_or(false),
            ..fit::Free::default()
        };
        match fit::fit(x, y, &start, free) {
            Ok(f) => Ok(FitStatus {
                status: "converged",
                k_per_s: Some(f.k_per_s.value),
                k_err_per_s: Some(f.k_per_s.err),
                dg_kj_per_mol: match self.temp_k {
                    Some(t) => Some(kj(eyring::dg_j_per_mol(f.k_per_s.value, t, F::ONE)?)),
                    None => None,
                },
                rms: Some(f.rms),
                iterations: Some(f.iterations),
            }),
            Err(Error::Undetermined(_)) => Ok(FitStatus {
                status: "undetermined",
                k_per_s: None,
                k_err_per_s: None,
                dg_kj_per_mol: None,
                rms: None,
                iterations: None,
            }),
            Err(e) => Err(e),
        }
    }
}

// ---- dispatch ----------------------------------------------------------------------------------

/// Answers one request of the core's operations; see the module documentation.
///
/// `request` is the JSON text (a trailing newline is fine); the response is written to the front
/// of `response` and its length returned (0 only if `response` is shorter than
/// [`MIN_RESPONSE_BYTES`] and even the error response does not fit). Never panics.
///
/// ```
/// let mut out = [0u8; 512];
/// let n = ringflux_core::protocol::handle::<f64>(
///     br#"{"id":1,"op":"ratio","params":{"major":3,"minor":1,"temp_k":298.15}}"#,
///     &mut out,
/// );
/// let text = core::str::from_utf8(&out[..n]).unwrap();
/// assert!(text.starts_with(r#"{"id":1,"ok":true,"op":"ratio","result":{"k_eq":3.0,"p_major":0.75,"#));
/// ```
pub fn handle<F: Wire>(request: &[u8], response: &mut [u8]) -> usize {
    handle_with::<F>(request, response, |_, _, _| None)
}

/// As [`handle`], offering ops the core does not know to `extension(header, request, response)`,
/// which returns `Some(length)` of the response it wrote or `None` (→ `"unknown_op"`).
pub fn handle_with<F: Wire>(
    request: &[u8],
    response: &mut [u8],
    extension: impl FnOnce(&Header<'_>, &[u8], &mut [u8]) -> Option<usize>,
) -> usize {
    if request.len() > MAX_REQUEST_BYTES {
        return write_error(
            response,
            None,
            None,
            WireError::protocol("request_too_large"),
        );
    }
    let header: Header<'_> = match serde_json_core::from_slice(request) {
        Ok((h, _)) => h,
        Err(e) => return write_error(response, None, None, WireError::malformed(e)),
    };
    let id = header.id;
    match header.op {
        "coalescence" => answer(
            request,
            response,
            id,
            "coalescence",
            |p: CoalescenceParams<F>| p.compute(),
        ),
        "eyring" => answer(request, response, id, "eyring", |p: EyringParams<F>| {
            p.compute()
        }),
        "ratio" => answer(request, response, id, "ratio", |p: RatioParams<F>| {
            p.compute()
        }),
        "boltzmann" => answer(
            request,
            response,
            id,
            "boltzmann",
            |p: BoltzmannParams<F>| p.compute(),
        ),
        "pucker" => answer(request, response, id, "pucker", |p: PuckerParams<F>| {
            p.compute()
        }),
        "lineshape_fit" => answer(request, response, id, "lineshape_fit", |p: FitParams<F>| {
            let mut y: Vec<F, MAX_FIT_POINTS> = Vec::new();
            read_spectrum(request, &mut y).map_err(WireError::malformed)?;
            p.compute(&y).map_err(WireError::from)
        }),
        _ => match extension(&header, request, response) {
            Some(n) => n,
            None => write_error(response, id, None, WireError::protocol("unknown_op")),
        },
    }
}

/// Parses the `params` of `op` from `request`, runs `compute` and writes the response: the
/// building block of [`handle_with`] extensions.
///
/// Never inlined: each operation then has its own stack frame instead of all of them sharing the
/// dispatcher's (the peak stack of a request is that of its own operation).
#[inline(never)]
pub fn answer<'de, P: Deserialize<'de>, R: Serialize, E: Into<WireError>>(
    request: &'de [u8],
    response: &mut [u8],
    id: Option<u32>,
    op: &'static str,
    compute: impl FnOnce(P) -> Result<R, E>,
) -> usize {
    let params = match serde_json_core::from_slice::<Envelope<P>>(request) {
        Ok((e, _)) => e.params,
        Err(e) => return write_error(response, id, Some(op), WireError::malformed(e)),
    };
    match compute(params) {
        Ok(result) => write(response, id, op, &result),
        Err(e) => write_error(response, id, Some(op), e.into()),
    }
}

/// Second pass of `lineshape_fit`: reads `params.y` of `request` into `y` (cleared first),
/// element by element, so the spectrum never travels through serde's derived code by value.
/// Everything else in the request was validated by the first pass.
fn read_spectrum<F: Wire>(
    request: &[u8],
    y: &mut Vec<F, MAX_FIT_POINTS>,
) -> Result<(), serde_json_core::de::Error> {
    y.clear();
    let mut de = serde_json_core::de::Deserializer::new(request, None);
    let mut read = false;
    let seed = Entry {
        key: "params",
        seed: SpectrumEntry {
            request,
            y,
            read: &mut read,
        },
    };
    match serde::de::DeserializeSeed::deserialize(seed, &mut de) {
        Ok(()) => de.end().map(drop),
        // The fast reader took the whole array and stopped the walk (see SpectrumEntry).
        Err(_) if read => Ok(()),
        Err(e) => Err(e),
    }
}

/// Seed for the `params` object whose `y` array is read by [`read_numbers`]; when that
/// declines, by [`Fill`] as any array.
///
/// After a successful fast read the walk stops at once (an error with `read` set, which
/// [`read_spectrum`] takes as success): the first pass (`FitParams`) has already checked every
/// other part of the request, and serde-json-core would spend about 35 instructions per
/// character on the M4F skipping the array's text once more.
struct SpectrumEntry<'r, 's, F> {
    /// The whole request: the `y` key serde-json-core hands over is a slice of it.
    request: &'r [u8],
    y: &'s mut Vec<F, MAX_FIT_POINTS>,
    read: &'s mut bool,
}

impl<'de, F: Wire> serde::de::DeserializeSeed<'de> for SpectrumEntry<'_, '_, F> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: Wire> serde::de::Visitor<'de> for SpectrumEntry<'_, '_, F> {
    type Value = ();
    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let request = self.request;
        let mut y = Some(self.y);
        while let Some(key) = map.next_key::<&str>()? {
            match (key == "y", y.take()) {
                (true, Some(out)) => {
                    if read_numbers(after_key(request, key), out) {
                        *self.read = true;
                        return Err(serde::de::Error::custom("y read"));
                    } else {
                        out.clear();
                        map.next_value_seed(Fill(out))?;
                    }
                }
                (_, rest) => {
                    y = rest;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match y {
            None => Ok(()),
            Some(_) => Err(serde::de::Error::missing_field("y")),
        }
    }
}

/// The request text after the closing quote of `key`, if `key` is a slice of `request`
/// (serde-json-core without an unescaping buffer lends keys straight from the request).
fn after_key<'r>(request: &'r [u8], key: &str) -> &'r [u8] {
    let start = (key.as_ptr() as usize).wrapping_sub(request.as_ptr() as usize);
    let end = start.wrapping_add(key.len());
    match request.get(start..end) {
        Some(k) if k.as_ptr() == key.as_ptr() => request.get(end..).unwrap_or_default(),
        _ => &[],
    }
}

/// JSON whitespace as serde-json-core skips it.
fn skip_ws(text: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\t' | b'\r') = text.get(i) {
        i += 1;
    }
    i
}

/// Reads the array that follows a key (`text` starts at the key's closing quote) into `out`:
/// each number by [`crate::decimal::parse_exact`] when it is on the exact fast path, else by
/// serde-json-core's own number parser on the same characters (serde-json-core takes a number
/// as the longest run of `0-9+-.eE`), so every value is the one [`Fill`] would push.
///
/// `false` (with `out` partly filled) for anything but `"`, `:`, `[`, numbers separated by `,`
/// and `]` with whitespace between: an empty array, `null`, a bad number, more than the
/// capacity. The caller then reads the array with [`Fill`], which gives the same answer or
/// error as before this reader existed.
fn read_numbers<F: Wire>(text: &[u8], out: &mut Vec<F, MAX_FIT_POINTS>) -> bool {
    let mut i = 0;
    for expected in [b'"', b':', b'['] {
        i = skip_ws(text, i);
        if text.get(i) != Some(&expected) {
            return false;
        }
        i += 1;
    }
    loop {
        let start = skip_ws(text, i);
        i = start;
        while let Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E') = text.get(i) {
            i += 1;
        }
        let token = text.get(start..i).unwrap_or_default();
        if token.is_empty() {
            return false;
        }
        let value = match crate::decimal::parse_exact::<F>(token) {
            Some(v) => v,
            // The very entry point `Fill` reaches (no second copy of it in flash); the token
            // is the whole run of number characters, so it is read to its end.
            None => {
                match F::deserialize(&mut serde_json_core::de::Deserializer::new(token, None)) {
                    Ok(v) => v,
                    Err(_) => return false,
                }
            }
        };
        if out.push(value).is_err() {
            return false;
        }
        i = skip_ws(text, i);
        match text.get(i) {
            Some(b',') => i += 1,
            Some(b']') => return true,
            _ => return false,
        }
    }
}

/// Seed for a JSON object: the value of `key` goes to `seed`, other values are skipped; a
/// missing key is an error.
struct Entry<S> {
    key: &'static str,
    seed: S,
}

impl<'de, S: serde::de::DeserializeSeed<'de, Value = ()>> serde::de::DeserializeSeed<'de>
    for Entry<S>
{
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, S: serde::de::DeserializeSeed<'de, Value = ()>> serde::de::Visitor<'de> for Entry<S> {
    type Value = ();
    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seed = Some(self.seed);
        while let Some(key) = map.next_key::<&str>()? {
            match (key == self.key, seed.take()) {
                (true, Some(s)) => map.next_value_seed(s)?,
                (_, rest) => {
                    seed = rest;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match seed {
            None => Ok(()),
            Some(_) => Err(serde::de::Error::missing_field(self.key)),
        }
    }
}

/// Seed for a JSON array of numbers, pushed into the caller's vector (over capacity: an error).
struct Fill<'s, F, const N: usize>(&'s mut Vec<F, N>);

impl<'de, F: Wire, const N: usize> serde::de::DeserializeSeed<'de> for Fill<'_, F, N> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: Wire, const N: usize> serde::de::Visitor<'de> for Fill<'_, F, N> {
    type Value = ();
    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("an array of numbers")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element::<F>()? {
            self.0
                .push(v)
                .map_err(|_| serde::de::Error::invalid_length(N + 1, &self))?;
        }
        Ok(())
    }
}

/// Writes an error response; the length written (0 if even that does not fit).
pub fn write_error(
    response: &mut [u8],
    id: Option<u32>,
    op: Option<&'static str>,
    error: WireError,
) -> usize {
    let r: Response<()> = Response {
        id,
        ok: false,
        op,
        result: None,
        error: Some(error),
    };
    serde_json_core::to_slice(&r, response).unwrap_or(0)
}

/// Writes a success response: the shared head, the operation's result, the closing brace (only
/// the result's serialisation is generic, so each operation carries only its own).
fn write<R: Serialize>(
    response: &mut [u8],
    id: Option<u32>,
    op: &'static str,
    result: &R,
) -> usize {
    let written = head(response, id, op).and_then(|n| {
        let m = serde_json_core::to_slice(result, response.get_mut(n..)?).ok()?;
        let end = n.checked_add(m)?;
        *response.get_mut(end)? = b'}';
        end.checked_add(1)
    });
    match written {
        Some(n) => n,
        None => write_error(
            response,
            id,
            Some(op),
            WireError::protocol("response_too_large"),
        ),
    }
}

/// `{"id":…,"ok":true,"op":"…","result":` at the front of `response`; its length.
#[inline(never)]
fn head(response: &mut [u8], id: Option<u32>, op: &'static str) -> Option<usize> {
    let r: Response<()> = Response {
        id,
        ok: true,
        op: Some(op),
        result: None,
        error: None,
    };
    let closed = serde_json_core::to_slice(&r, response).ok()?;
    // The serialised head ends in `}`: replace it by the result's key.
    const KEY: &[u8] = b",\"result\":";
    let start = closed.checked_sub(1)?;
    let end = start.checked_add(KEY.len())?;
    response.get_mut(start..end)?.copy_from_slice(KEY);
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spectrum_arrays_take_the_fast_reader() {
        let request = br#"{"op":"lineshape_fit","params":{"y" : [ 0.00020243,2.76395e-05 ,-4.97649e-05, 8.01335e-06]}}"#;
        let key = b"\"y\"";
        let at = request.windows(3).position(|w| w == key).unwrap() + 1;
        let key = core::str::from_utf8(&request[at..at + 1]).unwrap();
        let mut y: Vec<f32, MAX_FIT_POINTS> = Vec::new();
        assert!(read_numbers(after_key(request, key), &mut y));
        let want: [f32; 4] = [0.00020243, 2.76395e-05, -4.97649e-05, 8.01335e-06];
        assert_eq!(y.as_slice(), &want);
        // A key that is not a slice of the request: nothing to read.
        assert!(after_key(request, "y").is_empty());
        let mut again: Vec<f32, MAX_FIT_POINTS> = Vec::new();
        read_spectrum(request, &mut again).unwrap();
        assert_eq!(again, y);
    }

    /// The number that follows `"key":` in a response.
    fn number_after(response: &str, key: &str) -> f64 {
        let tail = response
            .split(&format!("\"{key}\":"))
            .nth(1)
            .unwrap_or_else(|| panic!("no {key} in {response}"));
        tail.split([',', '}']).next().unwrap().parse().unwrap()
    }

    fn run<F: Wire>(req: &str) -> String {
        let mut out = [0u8; 2048];
        let n = handle::<F>(req.as_bytes(), &mut out);
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    #[test]
    fn gutowsky_holm_on_the_wire() {
        // shared/reference/kinetics/gutowsky_holm_ref.tsv: 330 K, 40 Hz → 88.85765876 s⁻¹.
        let r = run::<f64>(r#"{"id":7,"op":"coalescence","params":{"tc_k":330,"dnu_hz":40}}"#);
        assert!(
            r.starts_with(r#"{"id":7,"ok":true,"op":"coalescence","result":{"method":"gutowsky-holm","k_c_per_s":88.857658"#),
            "{r}"
        );
    }

    #[test]
    fn pucker_of_a_chair() {
        // An ideal chair: alternating z = ±0.25 Å on a hexagon of radius 1.45 Å → Q = 0.25 √6 Å,
        // θ = 0° or 180°, form C (shared/reference/pucker.md).
        let mut req = String::from(r#"{"op":"pucker","params":{"ring":["#);
        for j in 0..6 {
            let a = core::f64::consts::PI / 3.0 * j as f64;
            let z = if j % 2 == 0 { 0.25 } else { -0.25 };
            req += &format!(
                "{}[{},{},{z}]",
                if j > 0 { "," } else { "" },
                1.45 * a.cos(),
                1.45 * a.sin()
            );
        }
        req += "]}}";
        let r = run::<f64>(&req);
        assert!(r.contains(r#""form":"C""#), "{r}");
        let q = number_after(&r, "total_q_angstrom");
        assert!((q - 0.25 * 6f64.sqrt()).abs() < 1e-12, "{r}");
    }

    #[test]
    fn errors_are_responses() {
        let cases = [
            (
                r#"{"op":"coalescence","params":{"tc_k":-1,"dnu_hz":40}}"#,
                r#"{"id":null,"ok":false,"op":"coalescence","error":{"code":"not_positive","parameter":"tc_k"}}"#,
            ),
            (
                r#"{"op":"coalescence","params":{"tc_k":330,"dnu_hz":40,"typo":1}}"#,
                r#"{"id":null,"ok":false,"op":"coalescence","error":{"code":"malformed","detail":"invalid_value"}}"#,
            ),
            (
                r#"{"id":3,"op":"teleport","params":{}}"#,
                r#"{"id":3,"ok":false,"op":null,"error":{"code":"unknown_op"}}"#,
            ),
            (
                r#"{"op":"ratio""#,
                r#"{"id":null,"ok":false,"op":null,"error":{"code":"malformed","detail":"unexpected_end"}}"#,
            ),
            (
                "",
                r#"{"id":null,"ok":false,"op":null,"error":{"code":"malformed","detail":"unexpected_end"}}"#,
            ),
        ];
        for (req, want) in cases {
            assert_eq!(run::<f64>(req), want, "{req}");
        }
        let big = [b' '; MAX_REQUEST_BYTES + 1];
        let mut out = [0u8; MIN_RESPONSE_BYTES];
        let n = handle::<f32>(&big, &mut out);
        assert_eq!(
            &out[..n],
            br#"{"id":null,"ok":false,"op":null,"error":{"code":"request_too_large"}}"#
        );
    }

    /// A noise-free two-site spectrum (k = 40 s⁻¹, the bare-metal self-check's case) on the
    /// wire: the fit returns the k it was simulated with (an analytic case: the model is exact).
    fn fit_request(points: usize, extra: &str) -> String {
        let truth = TwoSite::new(165.0, 135.0, 40.0, 1.0, 1.0, 0.5).unwrap();
        let dx = 100.0 / (points - 1) as f64;
        let x: std::vec::Vec<f64> = (0..points).map(|i| 100.0 + dx * i as f64).collect();
        let mut y = vec![0.0; points];
        crate::lineshape::simulate(&Model::TwoSite(truth), &x, &mut y).unwrap();
        let y: std::vec::Vec<String> = y.iter().map(|v| format!("{v}")).collect();
        format!(
            r#"{{"op":"lineshape_fit","params":{{"model":"two-site","va_hz":165,"vb_hz":135,"k_start_per_s":25,"w_hz":1,"x0_hz":100,"dx_hz":{dx},"y":[{}]{extra}}}}}"#,
            y.join(",")
        )
    }

    #[test]
    fn lineshape_fit_on_the_wire() {
        // 160 points of up to 20 characters: within MAX_REQUEST_BYTES.
        let r = run::<f64>(&fit_request(160, r#","temp_k":300"#));
        assert!(r.contains(r#""status":"converged""#), "{r}");
        let k = number_after(&r, "k_per_s");
        // Noise-free data of the model itself: only the fit's convergence tolerance remains.
        assert!((k / 40.0 - 1.0).abs() < 1e-6, "{r}");
        assert!(r.contains(r#""dg_kj_per_mol":"#), "{r}");
        // The spectrum is read by a second pass: every way it can be wrong is still `malformed`.
        let cases = [
            (
                fit_request(20, "").replace(r#""y":["#, &format!(r#""y":[{}"#, "0,".repeat(240))),
                "invalid_value", // 260 points: over capacity
            ),
            (fit_request(20, r#","y":[1]"#), "invalid_value"), // duplicate key
            (
                fit_request(20, "").replace(r#""y":["#, r#""y":["a","#),
                "invalid_number", // serde-json-core reads a number where a string starts
            ),
            (
                fit_request(20, "").replace(r#""y":["#, r#""why":["#),
                "invalid_value",
            ),
        ];
        for (req, detail) in cases {
            let want = format!(r#""error":{{"code":"malformed","detail":"{detail}"}}"#);
            assert!(run::<f32>(&req).contains(&want), "{}", run::<f32>(&req));
        }
    }

    /// Success responses are written in three pieces (`write`): byte for byte what serialising
    /// the whole [`Response`] gives.
    #[test]
    fn pieced_success_response_is_the_response_type() {
        let result = RatioParams {
            major: 3.0_f64,
            minor: 1.0,
            temp_k: 298.15,
        }
        .compute()
        .unwrap();
        for id in [None, Some(0), Some(u32::MAX)] {
            let whole = Response {
                id,
                ok: true,
                op: Some("ratio"),
                result: Some(result),
                error: None,
            };
            let mut want = [0u8; 512];
            let n = serde_json_core::to_slice(&whole, &mut want).unwrap();
            let mut got = [0u8; 512];
            let m = write(&mut got, id, "ratio", &result);
            assert_eq!(&got[..m], &want[..n]);
            // One byte short of the whole: the error response instead, never a cut one.
            let mut short = [0u8; 512];
            let k = write(&mut short[..n - 1], id, "ratio", &result);
            assert!(short[..k].ends_with(br#""error":{"code":"response_too_large"}}"#));
        }
    }

    #[test]
    fn too_many_states_is_an_error_not_a_truncation() {
        let mut req = String::from(r#"{"op":"boltzmann","params":{"energies":["#);
        for i in 0..=MAX_STATES {
            req += &format!("{}{i}", if i > 0 { "," } else { "" });
        }
        req += "]}}";
        assert!(run::<f64>(&req).contains(r#""code":"malformed""#));
    }

    #[test]
    fn small_response_buffer_gets_an_error_or_nothing() {
        let req = br#"{"id":1,"op":"boltzmann","params":{"energies":[0,0.45,1.8,2.35]}}"#;
        let mut out = [0u8; MIN_RESPONSE_BYTES];
        let n = handle::<f64>(req, &mut out);
        assert_eq!(
            &out[..n],
            br#"{"id":1,"ok":false,"op":"boltzmann","error":{"code":"response_too_large"}}"#
        );
        let mut tiny = [0u8; 8];
        assert_eq!(handle::<f64>(req, &mut tiny), 0);
    }

    /// Fragments of valid and invalid requests, glued at random.
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"op\"",
        "\"params\"",
        "\"id\"",
        "\"coalescence\"",
        "\"eyring\"",
        "\"ratio\"",
        "\"boltzmann\"",
        "\"lineshape_fit\"",
        "\"tc_k\"",
        "\"dnu_hz\"",
        "\"energies\"",
        "\"y\"",
        "\"temp_k\"",
        "\"model\"",
        "\"ab\"",
        "\"two-site\"",
        "\"pucker\"",
        "\"ring\"",
        "1e308",
        "-1e309",
        "0",
        "-0",
        "330",
        "40",
        "1.5e-320",
        "null",
        "true",
        "\"\\u00e9\"",
        "\"\\\"",
        "4294967296",
        "-1",
    ];

    proptest::proptest! {
        #[test]
        fn any_bytes_get_a_json_response(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            for out_len in [MIN_RESPONSE_BYTES, 1024] {
                let mut out = [0u8; 1024];
                let out = &mut out[..out_len];
                let n = handle::<f32>(&bytes, out);
                let json_object = out[..n].starts_with(br#"{"id":"#) && out[..n].ends_with(b"}");
                proptest::prop_assert!(json_object);
            }
        }

        #[test]
        fn any_token_soup_gets_a_json_response(idx in proptest::collection::vec(0..TOKENS.len(), 0..80)) {
            let req: String = idx.iter().map(|&i| TOKENS[i]).collect();
            for f32_path in [false, true] {
                let mut out = [0u8; 1024];
                let n = if f32_path { handle::<f32>(req.as_bytes(), &mut out) } else { handle::<f64>(req.as_bytes(), &mut out) };
                let json_object = out[..n].starts_with(br#"{"id":"#);
                proptest::prop_assert!(json_object, "{}", req);
            }
        }
    }
}
