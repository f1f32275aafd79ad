//! `ringflux plan`: plan a VT-NMR experiment from an expected barrier (range), the shift
//! difference and the spectrometer (`ringflux_core::plan`): coalescence temperature, the
//! slow- and fast-exchange temperatures, a schedule in fixed steps, and the deuterated solvents
//! whose liquid range covers the schedule (`shared/reference/vt_solvents_numeric.tsv`, and for
//! ring inversions at 130–200 K the freons, CS₂ and dimethyl ether of
//! `shared/reference/vt_solvents_low_temperature.tsv`, [`LOW_T_SOLVENTS`]). A solvent that boils
//! below 298.15 K is a gas at room temperature: the plan says so (sealed tube).
//!
//! `--mhz` is the spectrometer's ¹H frequency; the observed nucleus's frequency is
//! MHz × Ξ/100 with the IUPAC 2001 frequency ratios Ξ (Harris et al., Pure Appl. Chem. 2001, 73,
//! 1795): ¹H 100, ²H 15.350609, ¹³C 25.145020, ¹⁵N 10.136767, ¹⁹F 94.094011, ³¹P 40.480742 %.

use crate::error::InputError;
use crate::units::j_from_kcal;
use ringflux_core::plan::{self, Solvent, VT_SOLVENTS};
use serde::Serialize;

/// Low-temperature solvents for ring inversions (ΔG‡ 6–10 kcal/mol, T_c 130–200 K): the
/// parent (protio) values of `shared/reference/vt_solvents_low_temperature.tsv` (CRC Handbook),
/// conservative mp and bp in °C.
pub const LOW_T_SOLVENTS: [Solvent; 5] = [
    Solvent {
        name: "CHFCl2",
        mp_c: -135.0,
        bp_c: 8.9,
        parent_value: true,
        basis: "Freon 21, CRC Handbook (vt_solvents_low_temperature.tsv); lock in a capillary",
    },
    Solvent {
        name: "CHF2Cl",
        mp_c: -175.4,
        bp_c: -40.7,
        parent_value: true,
        basis:
            "Freon 22, CRC Handbook (vt_solvents_low_temperature.tsv); usually mixed with CHFCl2",
    },
    Solvent {
        name: "CFCl3",
        mp_c: -110.5,
        bp_c: 23.8,
        parent_value: true,
        basis: "Freon 11, CRC Handbook (vt_solvents_low_temperature.tsv)",
    },
    Solvent {
        name: "CS2",
        mp_c: -111.6,
        bp_c: 46.2,
        parent_value: true,
        basis: "carbon disulfide, CRC Handbook (vt_solvents_low_temperature.tsv); no deuterium: \
                lock in a capillary or mix with CD2Cl2",
    },
    Solvent {
        name: "(CD3)2O",
        mp_c: -141.5,
        bp_c: -24.8,
        parent_value: true,
        basis: "parent dimethyl ether, CRC Handbook (vt_solvents_low_temperature.tsv)",
    },
];

/// Room temperature, K: a solvent boiling below it is a gas when the tube is filled.
const ROOM_K: f64 = 298.15;

/// Largest number of temperatures in a schedule.
const MAX_SCHEDULE: usize = 200;

/// The observed nucleus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
pub enum Nucleus {
    /// Proton.
    #[value(name = "1H")]
    #[serde(rename = "1H")]
    H1,
    /// Deuterium.
    #[value(name = "2H")]
    #[serde(rename = "2H")]
    H2,
    /// Carbon-13.
    #[value(name = "13C")]
    #[serde(rename = "13C")]
    C13,
    /// Nitrogen-15.
    #[value(name = "15N")]
    #[serde(rename = "15N")]
    N15,
    /// Fluorine-19.
    #[value(name = "19F")]
    #[serde(rename = "19F")]
    F19,
    /// Phosphorus-31.
    #[value(name = "31P")]
    #[serde(rename = "31P")]
    P31,
}

impl Nucleus {
    /// Mass number and symbol, e.g. `13C`.
    pub fn name(self) -> &'static str {
        match self {
            Nucleus::H1 => "1H",
            Nucleus::H2 => "2H",
            Nucleus::C13 => "13C",
            Nucleus::N15 => "15N",
            Nucleus::F19 => "19F",
            Nucleus::P31 => "31P",
        }
    }
    /// IUPAC frequency ratio Ξ, % of ¹H in TMS.
    pub fn xi_percent(self) -> f64 {
        match self {
            Nucleus::H1 => 100.0,
            Nucleus::H2 => 15.350_609,
            Nucleus::C13 => 25.145_020,
            Nucleus::N15 => 10.136_767,
            Nucleus::F19 => 94.094_011,
            Nucleus::P31 => 40.480_742,
        }
    }
}

/// A solvent as reported.
#[derive(Debug, Clone, Serialize)]
pub struct SolventOut {
    /// Name.
    pub name: &'static str,
    /// Melting point, K.
    pub mp_k: f64,
    /// Boiling point, K.
    pub bp_k: f64,
    /// True when mp/bp are the parent (protio) solvent's values, not the deuterated one's.
    pub parent_solvent_value: bool,
    /// Source of the values.
    pub basis: &'static str,
    /// True when it boils below 298.15 K: a gas at room temperature, needs a sealed tube.
    pub gas_at_room_temperature: bool,
}

/// JSON report of `ringflux plan`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// ΔG‡ range, kcal/mol.
    pub dg_kcal_per_mol: [f64; 2],
    /// Observed nucleus.
    pub nucleus: Nucleus,
    /// Its observe frequency, MHz.
    pub observe_mhz: f64,
    /// Δν, Hz.
    pub dnu_hz: f64,
    /// Gutowsky–Holm rate at coalescence, s⁻¹.
    pub k_c_per_s: f64,
    /// Coalescence temperature for the low and high end of the ΔG‡ range, K.
    pub tc_k: [f64; 2],
    /// Below this the slow-exchange spectrum is resolved for the whole range (k ≤ k_c/10), K.
    pub slow_exchange_below_k: f64,
    /// Above this one averaged line remains for the whole range (k ≥ 10 k_c), K.
    pub fast_exchange_above_k: f64,
    /// Temperatures to measure, K.
    pub schedule_k: Vec<f64>,
    /// Deuterated solvents liquid over the whole schedule (mp below its first, bp above its last temperature).
    pub solvents: Vec<SolventOut>,
}

/// Computes the plan for a barrier range `dg_kcal_per_mol` and a separation `dnu_ppm` of the
/// observed `nucleus` on a spectrometer of `mhz` (¹H frequency), in steps of `step_k`.
pub fn compute(
    dg_kcal_per_mol: (f64, f64),
    dnu_ppm: f64,
    nucleus: Nucleus,
    mhz: f64,
    step_k: f64,
) -> Result<Report, InputError> {
    let observe = mhz * nucleus.xi_percent() / 100.0;
    let dnu = dnu_ppm * observe;
    let (lo, hi) = dg_kcal_per_mol;
    let p = plan::plan(j_from_kcal(lo), j_from_kcal(hi), dnu).map_err(|e| {
        InputError::arg(
            "--dg-kcal-per-mol",
            format!("no temperature in 1–5000 K fits: {e}"),
        )
    })?;
    let mut buf = [0.0; MAX_SCHEDULE];
    let n = plan::schedule(
        p.slow_exchange_below_k,
        p.fast_exchange_above_k,
        step_k,
        &mut buf,
    )
    .map_err(|_| {
        InputError::arg(
            "--step-k",
            format!("more than {MAX_SCHEDULE} temperatures: use a larger step"),
        )
    })?;
    let schedule: Vec<f64> = buf.iter().take(n).copied().collect();
    let (first, last) = (
        schedule.first().copied().unwrap_or(0.0),
        schedule.last().copied().unwrap_or(0.0),
    );
    let solvents = VT_SOLVENTS
        .iter()
        .chain(&LOW_T_SOLVENTS)
        .filter(|s| s.covers(first, last))
        .map(|s| SolventOut {
            name: s.name,
            mp_k: s.mp_k(),
            bp_k: s.bp_k(),
            parent_solvent_value: s.parent_value,
            basis: s.basis,
            gas_at_room_temperature: s.bp_k() < ROOM_K,
        })
        .collect();
    Ok(Report {
        dg_kcal_per_mol: [lo, hi],
        nucleus,
        observe_mhz: observe,
        dnu_hz: dnu,
        k_c_per_s: p.k_c_per_s,
        tc_k: [p.tc_lo_k, p.tc_hi_k],
        slow_exchange_below_k: p.slow_exchange_below_k,
        fast_exchange_above_k: p.fast_exchange_above_k,
        schedule_k: schedule,
        solvents,
    })
}
