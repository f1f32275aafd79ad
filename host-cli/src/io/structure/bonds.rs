//! Bonds of a structure whose file has none: atoms i, j are bonded when
//! d_ij < r_i + r_j + 0.45 Å (Cordero 2008 radii; the tolerance of Open Babel's
//! `ConnectTheDots`). Readers need it (a PDB file's CONECT records list only some bonds), and so
//! does perception.

use super::{Atom, Bond};

/// Bond tolerance added to the sum of covalent radii, Å (Open Babel `ConnectTheDots`).
pub const BOND_TOLERANCE_ANGSTROM: f64 = 0.45;
/// Atoms closer than this are not bonded but overlapping (a broken file), Å.
pub const MIN_BOND_ANGSTROM: f64 = 0.4;
/// Bonds from covalent radii, sorted, with unknown order (0).
pub fn from_radii(atoms: &[Atom]) -> Vec<Bond> {
    let rmax = atoms
        .iter()
        .map(|a| a.element.covalent_radius_angstrom())
        .fold(0.0, f64::max);
    let reach = 2.0 * rmax + BOND_TOLERANCE_ANGSTROM;
    let mut order: Vec<usize> = (0..atoms.len()).collect();
    let x = |i: usize| atoms.get(i).map(|a| a.pos[0]).unwrap_or(0.0);
    order.sort_by(|&a, &b| x(a).total_cmp(&x(b)));
    let mut bonds = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let Some(ai) = atoms.get(i) else { continue };
        for &j in order.iter().skip(k + 1) {
            let Some(aj) = atoms.get(j) else { continue };
            if aj.pos[0] - ai.pos[0] > reach {
                break;
            }
            let d2: f64 = (0..3).map(|c| (aj.pos[c] - ai.pos[c]).powi(2)).sum();
            let cut = ai.element.covalent_radius_angstrom()
                + aj.element.covalent_radius_angstrom()
                + BOND_TOLERANCE_ANGSTROM;
            if d2 < cut * cut && d2 > MIN_BOND_ANGSTROM * MIN_BOND_ANGSTROM {
                bonds.push(Bond {
                    a: i.min(j),
                    b: i.max(j),
                    order: 0,
                });
            }
        }
    }
    bonds.sort();
    bonds
}
