//! The Cremer–Pople map of 7- and 6-membered rings (`conformers --plot`, `pucker --plot`,
//! issue 14): every ring placed by its phase and θ, the canonical forms marked.
//!
//! # 7-rings
//! The pseudorotation wheel of cycloheptane (Hendrickson, JACS 1967, 89, 7036; Bocian et al.,
//! JACS 1975, 97, 687) is drawn unrolled on Cartesian axes: x is the phase, y is
//! θ = atan2(q2, q3) (pucker.md §4, N = 7), both in degrees. The chair family (C, TC) lies low
//! (θ ≈ 30–45°), the boat family (B, TB) high (θ ≈ 90°).
//!
//! The phase on x is the one that decides the ring's label in [`ringflux_core::pucker::classify`]:
//! **φ3 for a chair-family ring, φ2 for a boat-family ring** (pucker.md §7 step 2). The issue
//! suggests (φ2, θ) or (φ2, φ3); but the C/TC label of a chair-family ring is decided by φ3,
//! and for a ring that is not exactly symmetric φ2 can sit on the lattice of the other form,
//! so a (φ2, θ) map would put a ring labelled TC on a C position. With the deciding phase,
//! a marker's position and its label always agree.
//!
//! Canonical positions (crosses): Cs forms (C, B) at k·[`SEVEN_RING_PHASE_STEP_DEG`] (360°/14),
//! C2 forms (TC, TB) at (k + ½)·step; θ from the MMFF94 cycloheptane forms of
//! `../shared/reference/pucker.md` §6.3. The family split at θ = [`SEVEN_RING_FAMILY_SPLIT_DEG`]
//! is drawn as a line; between 50° and 68° the torsion sign-change count decides the family.
//!
//! # 6-rings
//! The Cremer–Pople sphere (θ, φ2) unrolled: x is φ2, y is θ as the reports give it, folded
//! to 0–90° (θ and 180° − θ are the same form seen from the other face, pucker.md §5), so the
//! chair lies on the bottom edge and the boats and twist-boats on the equator at the top.
//! Canonical positions from pucker.md §6.1: C at θ = 0 (the pole, where φ2 is undefined),
//! envelope E at θ = arctan √2 = 54.74° and φ2 = 60k°, half-chair H at arctan(√6/2) = 50.77°
//! and 30 + 60k°, B at 90° and 60k°, TB at 90° and 30 + 60k° — the lattice that
//! [`ringflux_core::pucker::classify`] labels by. A ring whose φ2 is undefined (q2 below
//! [`PHASE_MIN_Q_ANGSTROM`]: a chair at the pole) is drawn at φ2 = 0 and the note says how many.
//!
//! A map shows one ring size: the 7-rings when there are any, else the 6-rings (the note
//! counts the rings left out). Marker **area** is proportional to the population: radius =
//! [`FULL_RADIUS_PX`]·√p. Without populations (`pucker`) every ring has the same marker.

use crate::chem::conformation::RingReport;
use crate::chem::ensemble::{Conformer, Ensemble, Sink};
use crate::error::InputError;
use crate::io::structure::Molecule;
use crate::report::plot::{self, Axes, Series, BLACK_INDEX};
use ringflux_core::pucker::{
    PHASE_MIN_Q_ANGSTROM, SEVEN_RING_FAMILY_SPLIT_DEG, SEVEN_RING_PHASE_STEP_DEG,
};

/// Marker radius (px) of a population of 1 (area ∝ population).
pub const FULL_RADIUS_PX: f64 = 30.0;
/// Marker radius (px) when there are no populations.
pub const PLAIN_RADIUS_PX: f64 = 6.0;

/// One canonical form on a map: its θ and its phase lattice `offset + k·step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Canonical {
    /// Conformation code as the reports print it.
    pub form: &'static str,
    /// Point group of the ideal form.
    pub symmetry: &'static str,
    /// θ, degrees.
    pub theta_deg: f64,
    /// The phase (2 for φ2, 3 for φ3) on the x axis for this form.
    pub phase: u8,
    /// Lattice offset, degrees.
    pub offset_deg: f64,
    /// Lattice step, degrees.
    pub step_deg: f64,
    /// Palette index of the form's markers and crosses.
    pub color: usize,
}

const S7: f64 = SEVEN_RING_PHASE_STEP_DEG;

/// The 7-ring forms: θ of the MMFF94 cycloheptane C, TC, B and TB of
/// `../shared/reference/pucker.md` §6.3 (table "Realistic ideal forms").
pub const SEVEN_RING_FORMS: [Canonical; 4] = [
    canonical("C", "Cs", 33.6, 3, 0.0, S7, 0),
    canonical("TC", "C2", 37.7, 3, 0.5 * S7, S7, 1),
    canonical("B", "Cs", 89.3, 2, 0.0, S7, 2),
    canonical("TB", "C2", 89.3, 2, 0.5 * S7, S7, 3),
];

/// The 6-ring forms of `../shared/reference/pucker.md` §6.1 (θ of E and H exact:
/// arctan √2 and arctan(√6/2)).
pub const SIX_RING_FORMS: [Canonical; 5] = [
    canonical("C", "D3d", 0.0, 2, 0.0, 60.0, 0),
    canonical("E", "Cs", 54.735_610_317_245_35, 2, 0.0, 60.0, 5),
    canonical("H", "C2", 50.768_479_516_407_74, 2, 30.0, 60.0, 1),
    canonical("B", "C2v", 90.0, 2, 0.0, 60.0, 2),
    canonical("TB", "D2", 90.0, 2, 30.0, 60.0, 3),
];

/// Palette index of rings between two forms.
const INTERMEDIATE_COLOR: usize = 4;

#[allow(clippy::too_many_arguments)]
const fn canonical(
    form: &'static str,
    symmetry: &'static str,
    theta_deg: f64,
    phase: u8,
    offset_deg: f64,
    step_deg: f64,
    color: usize,
) -> Canonical {
    Canonical {
        form,
        symmetry,
        theta_deg,
        phase,
        offset_deg,
        step_deg,
        color,
    }
}

impl Canonical {
    /// The crosses of this form from 0° to 360° (both ends where the lattice reaches them).
    pub fn positions(&self) -> Vec<(f64, f64)> {
        (0..)
            .map(|k| self.offset_deg + f64::from(k) * self.step_deg)
            .take_while(|phi| *phi <= 360.0 + 1e-9)
            .map(|phi| (phi, self.theta_deg))
            .collect()
    }
}

/// The canonical forms of a ring size (7 or 6; empty otherwise).
pub fn forms_of(ring_size: usize) -> &'static [Canonical] {
    match ring_size {
        7 => &SEVEN_RING_FORMS,
        6 => &SIX_RING_FORMS,
        _ => &[],
    }
}

/// One ring on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct CpPoint {
    /// Ring size (6 or 7).
    pub ring_size: usize,
    /// Conformation code (`C`, `TC`, `B`, `TB`; 6-rings also `E`, `H`) or `intermediate`.
    pub form: String,
    /// The x coordinate, degrees: φ3 (7-ring chair family), φ2 (7-ring boat family, 6-rings).
    pub phase_deg: f64,
    /// False when the phase is undefined and the ring is drawn at 0° (6-ring chairs at the pole).
    pub phase_defined: bool,
    /// θ, degrees (folded to 0–90° for 6-rings, as the reports give it).
    pub theta_deg: f64,
    /// Total amplitude Q, Å.
    pub total_q_angstrom: f64,
    /// Boltzmann population (fraction), when known.
    pub population: Option<f64>,
}

impl CpPoint {
    /// The point of a classified 7- or 6-ring; `None` otherwise (other ring sizes, planar
    /// rings, a 7-ring without its family's phase).
    pub fn of(ring: &RingReport, population: Option<f64>) -> Option<Self> {
        let phase = match (ring.size, ring.family) {
            (7, Some("chair")) => ring.phi_deg.phi3,
            (7, Some(_)) => ring.phi_deg.phi2,
            (6, _) => ring.phi_deg.phi2,
            _ => return None,
        };
        if ring.size == 7 && phase.is_none() {
            return None;
        }
        Some(Self {
            ring_size: ring.size,
            form: ring.conformation.clone()?,
            phase_deg: phase.unwrap_or(0.0),
            phase_defined: phase.is_some(),
            theta_deg: ring.theta_deg?,
            total_q_angstrom: ring.total_q_angstrom,
            population,
        })
    }
}

/// The refusal of `--plot` when no ring can be mapped (exit 2, naming the flag).
pub fn nothing_to_map() -> InputError {
    InputError::arg(
        "--plot",
        "no 6- or 7-membered ring with puckering coordinates to map (the Cremer–Pople map is \
         drawn for 7-rings and 6-rings)",
    )
}

/// The Cremer–Pople map of the 7-rings in `points`, or of the 6-rings when there is no 7-ring
/// (see the module doc); `name` names the compound or file in the title. Fails when there is
/// no point.
pub fn cp_map(name: &str, points: &[CpPoint]) -> anyhow::Result<Vec<u8>> {
    let size = if points.iter().any(|p| p.ring_size == 7) {
        7
    } else {
        6
    };
    let shown: Vec<&CpPoint> = points.iter().filter(|p| p.ring_size == size).collect();
    anyhow::ensure!(
        !shown.is_empty(),
        "no 6- or 7-membered ring with puckering coordinates to map"
    );
    let forms = forms_of(size);
    let weighted = shown.iter().all(|p| p.population.is_some());
    let mut series = Vec::new();
    if size == 7 {
        series.push(
            Series::thin(
                &format!(
                    "family split θ = {SEVEN_RING_FAMILY_SPLIT_DEG}° (chair family below, boat \
                     above; 50–68°: torsion sign changes decide)"
                ),
                vec![
                    (0.0, SEVEN_RING_FAMILY_SPLIT_DEG),
                    (360.0, SEVEN_RING_FAMILY_SPLIT_DEG),
                ],
            )
            .colored(BLACK_INDEX),
        );
    }
    for f in forms {
        series.push(Series::crosses(&cross_label(f), f.positions()).colored(f.color));
    }
    let colours = forms
        .iter()
        .map(|f| (f.form, f.color))
        .chain([("intermediate", INTERMEDIATE_COLOR)]);
    for (form, color) in colours {
        let mine: Vec<&&CpPoint> = shown.iter().filter(|p| p.form == form).collect();
        if mine.is_empty() {
            continue;
        }
        let radii = mine
            .iter()
            .map(|p| {
                p.population
                    .map_or(PLAIN_RADIUS_PX, |w| FULL_RADIUS_PX * w.max(0.0).sqrt())
            })
            .collect();
        let what = if weighted { "conformers" } else { "rings" };
        let pop = if weighted {
            let sum: f64 = mine.iter().filter_map(|p| p.population).sum();
            format!(", Σp = {:.1} %", 100.0 * sum)
        } else {
            String::new()
        };
        series.push(
            Series::points(
                &format!("{form} {what}: {}{pop}", mine.len()),
                mine.iter().map(|p| (p.phase_deg, p.theta_deg)).collect(),
            )
            .with_radii_px(radii)
            .colored(color),
        );
    }
    let (q_lo, q_hi) = shown
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.total_q_angstrom), h.max(p.total_q_angstrom))
        });
    let (x_label, y_label, source) = if size == 7 {
        (
            "phase (°): φ3 chair family, φ2 boat family",
            "θ = atan2(q2, q3) (°)",
            "canonical θ: MMFF94 cycloheptane (pucker.md §6.3)",
        )
    } else {
        (
            "φ2 (°)",
            "θ (°), folded to ≤ 90°",
            "θ and 180° − θ are the same form; canonical forms: pucker.md §6.1",
        )
    };
    let mut axes = Axes::new(
        &format!("Cremer–Pople map: {name} ({size}-membered rings)"),
        x_label,
        y_label,
    )
    .note(&format!(
        "total amplitude Q = {q_lo:.3}–{q_hi:.3} Å; {source}"
    ));
    let undefined = shown.iter().filter(|p| !p.phase_defined).count();
    if undefined > 0 {
        axes = axes.note(&format!(
            "{undefined} ring(s) with φ2 undefined (q2 < {PHASE_MIN_Q_ANGSTROM} Å, at the pole) drawn at φ2 = 0°"
        ));
    }
    let left_out = points.len() - shown.len();
    if left_out > 0 {
        axes = axes.note(&format!(
            "{left_out} 6-ring(s) not shown (this map shows the 7-rings)"
        ));
    }
    if weighted {
        axes = axes.note(&format!(
            "marker area ∝ population (radius {FULL_RADIUS_PX} px = 100 %)"
        ));
    }
    plot::lines(&axes, &series)
}

/// The legend entry of a form's crosses, e.g. `canonical TC (C2): φ3 = (k + ½)·25.714°, θ = 37.7°`.
fn cross_label(f: &Canonical) -> String {
    let m = f.phase;
    let phase = if f.theta_deg == 0.0 {
        "pole, φ2 undefined".to_string()
    } else if f.offset_deg == 0.0 {
        format!("φ{m} = k·{:.3}°", f.step_deg)
    } else if (f.offset_deg - 0.5 * f.step_deg).abs() < 1e-9 {
        format!("φ{m} = (k + ½)·{:.3}°", f.step_deg)
    } else {
        format!("φ{m} = {} + k·{}°", f.offset_deg, f.step_deg)
    };
    format!(
        "canonical {} ({}): {phase}, θ = {:.2}°",
        f.form, f.symmetry, f.theta_deg
    )
}

/// A [`Sink`] that passes every kept conformer on to `inner` and keeps its map point (form,
/// phase, θ, Q, energy and degeneracy: a few numbers per conformer) for [`cp_map`]; the
/// populations are filled in by [`MapSink::points`] once the whole ensemble is read.
pub struct MapSink<'a, S: Sink> {
    inner: &'a mut S,
    rings: Vec<(CpPoint, f64, u8)>,
}

impl<'a, S: Sink> MapSink<'a, S> {
    /// Wraps `inner`.
    pub fn new(inner: &'a mut S) -> Self {
        Self {
            inner,
            rings: Vec::new(),
        }
    }

    /// The map points with the populations of the finished ensemble `e`.
    pub fn points(self, e: &Ensemble) -> Vec<CpPoint> {
        self.rings
            .into_iter()
            .map(|(p, energy, g)| CpPoint {
                population: Some(e.population_of(energy, g)),
                ..p
            })
            .collect()
    }
}

impl<S: Sink> Sink for MapSink<'_, S> {
    fn keep(&mut self, c: Conformer, molecule: &Molecule) -> anyhow::Result<u64> {
        if let Some(p) = CpPoint::of(&c.ring, None) {
            self.rings.push((p, c.energy_kcal_per_mol, c.degeneracy));
        }
        self.inner.keep(c, molecule)
    }
    fn duplicates(&mut self, ticket: u64, count: usize) -> anyhow::Result<()> {
        self.inner.duplicates(ticket, count)
    }
}
