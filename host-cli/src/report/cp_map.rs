//! The Cremer–Pople map of 7-membered rings (`conformers --plot`, `pucker --plot`, issue 14):
//! every ring placed by its pseudorotation phase and θ, the canonical C/TC/B/TB positions marked.
//!
//! # Representation
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
//! # Canonical positions (crosses)
//! * Phases from the core: Cs forms (C, B) at k·[`SEVEN_RING_PHASE_STEP_DEG`] (360°/14), C2 forms
//!   (TC, TB) at (k + ½)·step.
//! * θ from the MMFF94 cycloheptane forms of `../shared/reference/pucker.md` §6.3
//!   ([`CANONICAL_THETA_DEG`]).
//! * The family split at θ = [`SEVEN_RING_FAMILY_SPLIT_DEG`] is drawn as a line; between 50° and
//!   68° the torsion sign-change count decides the family instead.
//!
//! Marker **area** is proportional to the population: radius = [`FULL_RADIUS_PX`]·√p. Without
//! populations (`pucker`) every ring has the same marker.

use crate::chem::conformation::RingReport;
use crate::chem::ensemble::{Conformer, Ensemble, Sink};
use crate::error::InputError;
use crate::io::structure::Molecule;
use crate::report::plot::{self, Axes, Series, BLACK_INDEX};
use ringflux_core::pucker::{SEVEN_RING_FAMILY_SPLIT_DEG, SEVEN_RING_PHASE_STEP_DEG};

/// Marker radius (px) of a population of 1 (area ∝ population).
pub const FULL_RADIUS_PX: f64 = 30.0;
/// Marker radius (px) when there are no populations.
pub const PLAIN_RADIUS_PX: f64 = 6.0;

/// θ (degrees) of the canonical 7-ring forms: the MMFF94 cycloheptane C, TC, B and TB of
/// `../shared/reference/pucker.md` §6.3 (table "Realistic ideal forms").
pub const CANONICAL_THETA_DEG: [(&str, f64); 4] =
    [("C", 33.6), ("TC", 37.7), ("B", 89.3), ("TB", 89.3)];

/// Forms in legend order with their palette colour; `intermediate` for rings between two forms.
const FORMS: [(&str, usize); 5] = [
    ("C", 0),
    ("TC", 1),
    ("B", 2),
    ("TB", 3),
    ("intermediate", 4),
];

/// One 7-ring on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct CpPoint {
    /// Conformation code (`C`, `TC`, `B`, `TB`) or `intermediate`.
    pub form: String,
    /// The deciding phase, degrees: φ3 (chair family) or φ2 (boat family).
    pub phase_deg: f64,
    /// θ, degrees.
    pub theta_deg: f64,
    /// Total amplitude Q, Å.
    pub total_q_angstrom: f64,
    /// Boltzmann population (fraction), when known.
    pub population: Option<f64>,
}

impl CpPoint {
    /// The point of a 7-ring with a family, θ and the family's phase; `None` otherwise (other
    /// ring sizes, planar rings, an undefined phase).
    pub fn of(ring: &RingReport, population: Option<f64>) -> Option<Self> {
        if ring.size != 7 {
            return None;
        }
        let phase = match ring.family? {
            "chair" => ring.phi_deg.phi3?,
            _ => ring.phi_deg.phi2?,
        };
        Some(Self {
            form: ring.conformation.clone()?,
            phase_deg: phase,
            theta_deg: ring.theta_deg?,
            total_q_angstrom: ring.total_q_angstrom,
            population,
        })
    }
}

/// The canonical positions (phase, θ) of a form: 15 lattice points (0° and 360° both) for C and
/// B, 14 half-step points for TC and TB.
pub fn canonical_positions(form: &str) -> Vec<(f64, f64)> {
    let Some(&(_, theta)) = CANONICAL_THETA_DEG.iter().find(|f| f.0 == form) else {
        return Vec::new();
    };
    let step = SEVEN_RING_PHASE_STEP_DEG;
    let (start, n) = if form.starts_with('T') {
        (0.5, 14)
    } else {
        (0.0, 15)
    };
    (0..n).map(|k| ((start + k as f64) * step, theta)).collect()
}

/// The refusal of `--plot` when no ring can be mapped (exit 2, naming the flag).
pub fn nothing_to_map() -> InputError {
    InputError::arg(
        "--plot",
        "no 7-membered ring with puckering phases to map (the Cremer–Pople map is drawn for 7-rings)",
    )
}

/// The Cremer–Pople map of the 7-rings in `points` (see the module doc); `name` names the
/// compound or file in the title. Fails when there is no point.
pub fn cp_map(name: &str, points: &[CpPoint]) -> anyhow::Result<Vec<u8>> {
    anyhow::ensure!(
        !points.is_empty(),
        "no 7-membered ring with puckering phases to map"
    );
    let weighted = points.iter().all(|p| p.population.is_some());
    let mut series = vec![Series::thin(
        &format!(
            "family split θ = {SEVEN_RING_FAMILY_SPLIT_DEG}° (chair family below, boat above; \
             50–68°: torsion sign changes decide)"
        ),
        vec![
            (0.0, SEVEN_RING_FAMILY_SPLIT_DEG),
            (360.0, SEVEN_RING_FAMILY_SPLIT_DEG),
        ],
    )
    .colored(BLACK_INDEX)];
    for &(form, theta) in &CANONICAL_THETA_DEG {
        let color = FORMS.iter().find(|f| f.0 == form).map_or(0, |f| f.1);
        let (phase, half) = if form.starts_with('T') {
            ("k + ½", "(C2)")
        } else {
            ("k", "(Cs)")
        };
        let m = if form.contains('C') { 3 } else { 2 };
        series.push(
            Series::crosses(
                &format!(
                    "canonical {form} {half}: φ{m} = ({phase})·{:.3}°, θ = {theta}°",
                    SEVEN_RING_PHASE_STEP_DEG
                ),
                canonical_positions(form),
            )
            .colored(color),
        );
    }
    for (form, color) in FORMS {
        let mine: Vec<&CpPoint> = points.iter().filter(|p| p.form == form).collect();
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
    let (q_lo, q_hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.total_q_angstrom), h.max(p.total_q_angstrom))
        });
    let mut axes = Axes::new(
        &format!("Cremer–Pople map: {name}"),
        "phase (°): φ3 chair family, φ2 boat family",
        "θ = atan2(q2, q3) (°)",
    )
    .note(&format!(
        "total amplitude Q = {q_lo:.3}–{q_hi:.3} Å; canonical θ: MMFF94 cycloheptane (pucker.md §6.3)"
    ));
    if weighted {
        axes = axes.note(&format!(
            "marker area ∝ population (radius {FULL_RADIUS_PX} px = 100 %)"
        ));
    }
    plot::lines(&axes, &series)
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
