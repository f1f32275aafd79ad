//! Properties of the Cremer–Pople coordinates (`shared/reference/pucker.md` §3 and §5):
//! invariance under rigid motions, the renumbering rules (start shift φ_m → φ_m + 360·m/N,
//! reversal φ_m → 180 − φ_m, sign change of q_{N/2}), Σ q² = Σ z² = Q², planar rings, no panics,
//! and the accuracy of the f32 firmware path against f64.

use proptest::prelude::*;
use ringflux_cli::chem::ensemble::Shape;
use ringflux_core::geometry::{superposed_rmsd, Vec3};
use ringflux_core::pucker::{classify, cremer_pople, endocyclic_torsions, Form, Pucker};

/// Rigid motions change coordinates at the 1e-15 relative level; results agree to this.
const RIGID_TOL: f64 = 1e-9;
/// Phases are compared only where they are well defined (q_m above this, Å) …
const PHASE_Q_MIN: f64 = 0.05;
/// … and agree to this many degrees (atan2 of sums that differ by rounding only).
const PHASE_TOL_DEG: f64 = 1e-6;
/// f32 path vs f64: amplitudes of rings of size ~1.5 Å agree to 1e-4 Å (f32 has 24 bits; the
/// sums of 8 products of ~1 Å lose a few bits)…
const F32_Q_TOL: f64 = 1e-4;
/// … and phases of modes with q ≥ 0.1 Å to 0.2°: the tests crate builds the firmware path with
/// micromath, whose atan2 is an approximation (0.126° was the largest error proptest found);
/// 0.2° is far inside the ±1.5° "intermediate" band, so firmware classes match the f64 ones.
const F32_PHASE_TOL_DEG: f64 = 0.2;

/// A puckered ring: regular N-gon of radius 1.5 Å, xy jitter ±0.15 Å, z in ±0.8 Å.
fn ring() -> impl Strategy<Value = Vec<Vec3<f64>>> {
    (5usize..=8).prop_flat_map(|n| {
        prop::collection::vec((-0.15f64..0.15, -0.15f64..0.15, -0.8f64..0.8), n).prop_map(
            move |d| {
                d.iter()
                    .enumerate()
                    .map(|(j, &(dx, dy, z))| {
                        let a = 2.0 * std::f64::consts::PI * j as f64 / n as f64;
                        Vec3::new(1.5 * a.cos() + dx, 1.5 * a.sin() + dy, z)
                    })
                    .collect()
            },
        )
    })
}

/// A rotation (unit quaternion from 4 normals) and a translation.
fn motion() -> impl Strategy<Value = ([f64; 4], [f64; 3])> {
    (
        [-1.0f64..1.0, -1.0f64..1.0, -1.0f64..1.0, -1.0f64..1.0],
        [-50.0f64..50.0, -50.0f64..50.0, -50.0f64..50.0],
    )
        .prop_filter("non-degenerate quaternion", |(q, _)| {
            q.iter().map(|x| x * x).sum::<f64>() > 0.01
        })
}

fn apply(ring: &[Vec3<f64>], (q, t): &([f64; 4], [f64; 3])) -> Vec<Vec3<f64>> {
    let n = q.iter().map(|x| x * x).sum::<f64>().sqrt();
    let [w, x, y, z] = q.map(|c| c / n);
    let r = [
        [
            1.0 - 2.0 * (y * y + z * z),
            2.0 * (x * y - w * z),
            2.0 * (x * z + w * y),
        ],
        [
            2.0 * (x * y + w * z),
            1.0 - 2.0 * (x * x + z * z),
            2.0 * (y * z - w * x),
        ],
        [
            2.0 * (x * z - w * y),
            2.0 * (y * z + w * x),
            1.0 - 2.0 * (x * x + y * y),
        ],
    ];
    ring.iter()
        .map(|p| {
            let v = [p.x, p.y, p.z];
            let m = |row: [f64; 3]| row[0] * v[0] + row[1] * v[1] + row[2] * v[2];
            Vec3::new(m(r[0]) + t[0], m(r[1]) + t[1], m(r[2]) + t[2])
        })
        .collect()
}

/// Circular difference of two phases, degrees in [0, 180].
fn dphi(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

fn form(p: &Pucker<f64>, ring: &[Vec3<f64>]) -> Option<(Option<Form>, f64)> {
    let t = endocyclic_torsions(ring).ok()?;
    classify(p, t.as_slice())
        .ok()
        .map(|c| (c.form, c.distance_deg))
}

proptest! {
    #[test]
    fn rigid_motions_change_nothing(r in ring(), m in motion()) {
        let a = cremer_pople(&r).unwrap();
        let moved = apply(&r, &m);
        let b = cremer_pople(&moved).unwrap();
        prop_assert!((a.total_q_angstrom - b.total_q_angstrom).abs() < RIGID_TOL);
        for (x, y) in a.modes().iter().zip(b.modes()) {
            prop_assert!((x.q_angstrom - y.q_angstrom).abs() < RIGID_TOL);
            if x.q_angstrom > PHASE_Q_MIN {
                prop_assert!(dphi(x.phi_deg, y.phi_deg) < PHASE_TOL_DEG);
            }
        }
        if let (Some(t1), Some(t2)) = (a.theta_deg, b.theta_deg) {
            prop_assert!((t1 - t2).abs() < PHASE_TOL_DEG);
        }
        // The class is the same (a ring within 1e-9° of a class boundary is improbable).
        if let (Some(f1), Some(f2)) = (form(&a, &r), form(&b, &moved)) {
            prop_assert_eq!(f1.0, f2.0);
        }
        // Sanity of the superposition RMSD used for duplicates: a rigid copy is at RMSD 0.
        prop_assert!(superposed_rmsd(&r, &moved).unwrap() < 1e-6);
    }

    /// The duplicate check's shortcut (`ringflux_cli::chem::ensemble::Shape`): distances from the
    /// centroid bound the superposed RMSD from below, so skipping QCP when the bound reaches the
    /// threshold never misses a duplicate.
    #[test]
    fn radial_bound_never_exceeds_the_superposed_rmsd(r in ring(), other in ring(), m in motion()) {
        let n = r.len().min(other.len());
        let (a, b) = (&r[..n], apply(&other[..n], &m));
        let shape = |p: &[Vec3<f64>]| Shape::of(p.iter().map(|v| [v.x, v.y, v.z]));
        let identity: Vec<usize> = (0..n).collect();
        let bound = shape(a).rmsd_lower_bound(&shape(&b), &identity);
        let rmsd = superposed_rmsd(a, &b).unwrap();
        // Coordinates and radii are held as f32 (relative 6e-8 of ≤ 60 Å).
        prop_assert!(bound <= rmsd + 1e-5, "bound {bound} > rmsd {rmsd}");
        // A rigid motion of one conformer: both vanish.
        let moved = apply(a, &m);
        prop_assert!(shape(a).rmsd_lower_bound(&shape(&moved), &identity) < 1e-5);
    }

    #[test]
    fn starting_one_atom_later_shifts_phases_by_360_m_over_n(r in ring()) {
        let n = r.len();
        let a = cremer_pople(&r).unwrap();
        let mut shifted = r.clone();
        shifted.rotate_left(1); // new atom 1 = old atom 2
        let b = cremer_pople(&shifted).unwrap();
        for (x, y) in a.modes().iter().zip(b.modes()) {
            prop_assert!((x.q_angstrom - y.q_angstrom).abs() < RIGID_TOL);
            if x.q_angstrom > PHASE_Q_MIN {
                let want = x.phi_deg + 360.0 * x.m as f64 / n as f64;
                prop_assert!(dphi(y.phi_deg, want) < PHASE_TOL_DEG,
                    "m = {}: {} → {}, want {}", x.m, x.phi_deg, y.phi_deg, want);
            }
        }
        if let (Some(h1), Some(h2)) = (a.q_half_angstrom, b.q_half_angstrom) {
            prop_assert!((h1 + h2).abs() < RIGID_TOL);
        }
    }

    #[test]
    fn reversing_the_direction_maps_phi_to_180_minus_phi(r in ring()) {
        let a = cremer_pople(&r).unwrap();
        // Same atom 1, opposite direction: 1, N, N−1, …, 2.
        let mut rev = r.clone();
        rev[1..].reverse();
        let b = cremer_pople(&rev).unwrap();
        for (x, y) in a.modes().iter().zip(b.modes()) {
            prop_assert!((x.q_angstrom - y.q_angstrom).abs() < RIGID_TOL);
            if x.q_angstrom > PHASE_Q_MIN {
                prop_assert!(dphi(y.phi_deg, 180.0 - x.phi_deg) < PHASE_TOL_DEG);
            }
        }
        for (z1, z2) in a.z_angstrom.as_slice()[1..].iter().zip(b.z_angstrom.as_slice()[1..].iter().rev()) {
            prop_assert!((z1 + z2).abs() < RIGID_TOL);
        }
        if let (Some(h1), Some(h2)) = (a.q_half_angstrom, b.q_half_angstrom) {
            prop_assert!((h1 + h2).abs() < RIGID_TOL);
        }
    }

    #[test]
    fn sum_of_squared_amplitudes_is_sum_of_squared_displacements(r in ring()) {
        let p = cremer_pople(&r).unwrap();
        let z2: f64 = p.z_angstrom.as_slice().iter().map(|z| z * z).sum();
        let q2: f64 = p.modes().iter().map(|m| m.q_angstrom * m.q_angstrom).sum::<f64>()
            + p.q_half_angstrom.map_or(0.0, |h| h * h);
        prop_assert!((z2 - q2).abs() < 1e-12 * (1.0 + z2));
        prop_assert!((p.total_q_angstrom.powi(2) - z2).abs() < 1e-12 * (1.0 + z2));
        // The mean plane removes the m = 0 component.
        let zsum: f64 = p.z_angstrom.as_slice().iter().sum();
        prop_assert!(zsum.abs() < 1e-12);
    }

    #[test]
    fn planar_rings_have_zero_amplitude(n in 5usize..=8, m in motion(), jitter in prop::collection::vec((-0.2f64..0.2, -0.2f64..0.2), 8)) {
        let flat: Vec<Vec3<f64>> = (0..n).map(|j| {
            let a = 2.0 * std::f64::consts::PI * j as f64 / n as f64;
            let (dx, dy) = jitter[j];
            Vec3::new(1.4 * a.cos() + dx, 1.4 * a.sin() + dy, 0.0)
        }).collect();
        let p = cremer_pople(&apply(&flat, &m)).unwrap();
        prop_assert!(p.total_q_angstrom < 1e-9);
        if n <= 7 {
            let t = endocyclic_torsions(&apply(&flat, &m)).unwrap();
            prop_assert_eq!(classify(&p, t.as_slice()).unwrap().form, Some(Form::Planar));
        }
    }

    #[test]
    fn any_input_gives_a_result_or_an_error_never_a_panic(
        pts in prop::collection::vec((any::<f64>(), any::<f64>(), any::<f64>()), 0..10)
    ) {
        let ring: Vec<Vec3<f64>> = pts.iter().map(|&(x, y, z)| Vec3::new(x, y, z)).collect();
        if let Ok(p) = cremer_pople(&ring) {
            if let Ok(t) = endocyclic_torsions(&ring) {
                let _ = classify(&p, t.as_slice());
            }
        }
    }

    #[test]
    fn the_f32_path_agrees_with_f64(r in ring()) {
        let a = cremer_pople(&r).unwrap();
        let r32: Vec<Vec3<f32>> = r.iter().map(|p| Vec3::new(p.x as f32, p.y as f32, p.z as f32)).collect();
        let b = cremer_pople(&r32).unwrap();
        prop_assert!((a.total_q_angstrom - f64::from(b.total_q_angstrom)).abs() < F32_Q_TOL);
        for (x, y) in a.modes().iter().zip(b.modes()) {
            prop_assert!((x.q_angstrom - f64::from(y.q_angstrom)).abs() < F32_Q_TOL);
            if x.q_angstrom > 0.1 {
                let d = dphi(x.phi_deg, f64::from(y.phi_deg));
                prop_assert!(d < F32_PHASE_TOL_DEG, "φ{} off by {d}°", x.m);
            }
        }
    }
}
