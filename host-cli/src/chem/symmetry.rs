//! Symmetry of a molecule's heavy-atom graph: its automorphisms (for the symmetry-aware
//! duplicate check of conformer ensembles) and whether the molecule is chiral (for the mirror
//! policy).
//!
//! * An automorphism is a permutation of the heavy atoms that maps the graph onto itself with
//!   element, number of attached hydrogens and bond order ([`Graph::order`]) respected: ring
//!   rotations and reflections of a symmetric ring, exchange of equivalent substituents (the
//!   methyls of an isopropyl, the fluorines of CF₃). They are enumerated once per molecule with
//!   the VF2 algorithm of `petgraph` (`subgraph_isomorphisms_iter` of the graph onto itself:
//!   with equal atom and bond counts every such mapping is an automorphism), identity first, at
//!   most a given number.
//! * A molecule is chiral when its mirror image is not superposable on it by any automorphism
//!   of its configuration: the signed volumes at its tetrahedral stereocentre candidates
//!   (carbons with four neighbours, at least three of them heavy) change sign in the mirror
//!   image, and the molecule is achiral when some automorphism maps every such sign to its
//!   opposite (a meso compound, or no stereocentre at all).

use crate::chem::perceive::Graph;
use petgraph::algo::isomorphism::subgraph_isomorphisms_iter;
use petgraph::graph::{NodeIndex, UnGraph};

/// Automorphisms of the heavy-atom graph: permutations of the heavy-atom list (positions in the
/// list of heavy atoms in file order).
#[derive(Debug, Clone, PartialEq)]
pub struct Automorphisms {
    /// Atom indices (0-based, in the whole molecule) of the heavy atoms, in file order.
    pub heavy: Vec<usize>,
    /// The permutations, identity first: `perm[i]` is the heavy-atom position that position `i`
    /// maps to.
    pub perms: Vec<Vec<usize>>,
    /// True when there were more than the cap (only the first ones are kept).
    pub truncated: bool,
}

/// The heavy-atom graph with (element, attached hydrogens) on the atoms and bond orders on the
/// bonds, and the heavy atoms' molecule indices.
fn heavy_graph(g: &Graph) -> (UnGraph<(u8, usize), u8>, Vec<usize>) {
    let heavy: Vec<usize> = (0..g.len()).filter(|&i| g.element(i).is_heavy()).collect();
    let mut pg = UnGraph::with_capacity(heavy.len(), heavy.len() + 4);
    for &a in &heavy {
        let hydrogens = g
            .neighbours(a)
            .filter(|&b| !g.element(b).is_heavy())
            .count();
        pg.add_node((g.element(a).number(), hydrogens));
    }
    for (i, &a) in heavy.iter().enumerate() {
        for (j, &b) in heavy.iter().enumerate().skip(i + 1) {
            if g.bonded(a, b) {
                pg.add_edge(NodeIndex::new(i), NodeIndex::new(j), g.order(a, b));
            }
        }
    }
    (pg, heavy)
}

/// The automorphisms of the heavy-atom graph (module docs), identity first, at most `cap`
/// (at least the identity is always returned).
///
/// ```
/// use ringflux_cli::chem::perceive::Graph;
/// use ringflux_cli::io::structure::{Bond, Element};
/// // Cyclopentane's carbon ring: 5 rotations × 2 reflections.
/// let bonds: Vec<Bond> = (0..5).map(|i| Bond { a: i, b: (i + 1) % 5, order: 1 }).collect();
/// let g = Graph::from_bonds(vec![Element::C; 5], &bonds);
/// let a = ringflux_cli::chem::symmetry::automorphisms(&g, 100);
/// assert_eq!(a.perms.len(), 10);
/// assert_eq!(a.perms[0], vec![0, 1, 2, 3, 4]);
/// ```
pub fn automorphisms(g: &Graph, cap: usize) -> Automorphisms {
    let (pg, heavy) = heavy_graph(g);
    let identity: Vec<usize> = (0..heavy.len()).collect();
    let mut perms = vec![identity.clone()];
    let mut truncated = false;
    let mut node_match = |a: &(u8, usize), b: &(u8, usize)| a == b;
    let mut edge_match = |a: &u8, b: &u8| a == b;
    if let Some(iter) = subgraph_isomorphisms_iter(&&pg, &&pg, &mut node_match, &mut edge_match) {
        for p in iter {
            if p == identity {
                continue;
            }
            if perms.len() >= cap.max(1) {
                truncated = true;
                break;
            }
            perms.push(p);
        }
    }
    Automorphisms {
        heavy,
        perms,
        truncated,
    }
}

/// Tetrahedral stereocentre candidates: heavy-atom positions of carbons with four neighbours,
/// at least three heavy, with the heavy-atom positions of three heavy neighbours.
fn stereo_candidates(g: &Graph, heavy: &[usize]) -> Vec<(usize, [usize; 3])> {
    let pos = |a: usize| heavy.iter().position(|&h| h == a);
    let mut out = Vec::new();
    for (i, &a) in heavy.iter().enumerate() {
        if g.element(a).number() != 6 || g.degree(a) != 4 {
            continue;
        }
        let nb: Vec<usize> = g.neighbours(a).filter_map(pos).collect();
        if let [x, y, z, ..] = nb[..] {
            out.push((i, [x, y, z]));
        }
    }
    out
}

/// Signed volume (a−c)·((b−c)×(d−c)), Å³.
fn signed_volume(c: [f64; 3], a: [f64; 3], b: [f64; 3], d: [f64; 3]) -> f64 {
    let s = |p: [f64; 3]| [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    let (u, v, w) = (s(a), s(b), s(d));
    u[0] * (v[1] * w[2] - v[2] * w[1]) - u[1] * (v[0] * w[2] - v[2] * w[0])
        + u[2] * (v[0] * w[1] - v[1] * w[0])
}

/// Below this |signed volume| (Å³) a centre is flat and carries no configuration.
const FLAT_VOLUME_A3: f64 = 0.3;

/// Whether the molecule with these heavy-atom positions (in the order of `aut.heavy`) is chiral
/// (module docs). `heavy_pos` must hold one position per heavy atom.
pub fn is_chiral(g: &Graph, aut: &Automorphisms, heavy_pos: &[[f64; 3]]) -> bool {
    let at = |i: usize| heavy_pos.get(i).copied().unwrap_or([0.0; 3]);
    let vol = |c: usize, n: [usize; 3]| signed_volume(at(c), at(n[0]), at(n[1]), at(n[2]));
    let centres: Vec<(usize, [usize; 3], f64)> = stereo_candidates(g, &aut.heavy)
        .into_iter()
        .map(|(c, n)| (c, n, vol(c, n)))
        .filter(|&(_, _, v)| v.abs() > FLAT_VOLUME_A3)
        .collect();
    // The mirror image has volumes −v at every centre; an automorphism σ superposes the
    // configuration on it when the volume at σ(c) with neighbours σ(n) is −v for every c.
    let maps_to_mirror = |p: &Vec<usize>| {
        let m = |i: usize| p.get(i).copied().unwrap_or(i);
        centres.iter().all(|&(c, n, v)| {
            let w = vol(m(c), [m(n[0]), m(n[1]), m(n[2])]);
            w * v < 0.0
        })
    };
    !centres.is_empty() && !aut.perms.iter().any(maps_to_mirror)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::structure::{Bond, Element};

    fn graph(elements: &[Element], bonds: &[(usize, usize, u8)]) -> Graph {
        let b: Vec<Bond> = bonds
            .iter()
            .map(|&(a, b, order)| Bond { a, b, order })
            .collect();
        Graph::from_bonds(elements.to_vec(), &b)
    }

    fn ring(n: usize) -> Vec<(usize, usize, u8)> {
        (0..n).map(|i| (i, (i + 1) % n, 1)).collect()
    }

    /// Checks that every permutation maps bonds onto bonds with the same order.
    fn all_are_automorphisms(g: &Graph, a: &Automorphisms) {
        for p in &a.perms {
            let mut sorted = p.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..a.heavy.len()).collect::<Vec<_>>());
            for (i, &x) in a.heavy.iter().enumerate() {
                assert_eq!(g.element(x), g.element(a.heavy[p[i]]));
                for (j, &y) in a.heavy.iter().enumerate() {
                    let (u, v) = (a.heavy[p[i]], a.heavy[p[j]]);
                    assert_eq!(g.bonded(x, y), g.bonded(u, v));
                    if g.bonded(x, y) {
                        assert_eq!(g.order(x, y), g.order(u, v));
                    }
                }
            }
        }
    }

    #[test]
    fn cycloalkane_rings_have_the_dihedral_group() {
        // The automorphism group of an n-cycle is the dihedral group of order 2n.
        for n in 5..=8 {
            let g = graph(&vec![Element::C; n], &ring(n));
            let a = automorphisms(&g, 1000);
            assert_eq!(a.perms.len(), 2 * n, "n = {n}");
            assert!(!a.truncated);
            all_are_automorphisms(&g, &a);
        }
    }

    #[test]
    fn acetylpiperidine_has_the_ring_reflection_only() {
        // N1 C2..C6 ring, acetyl C7(=O8)C9 on N1: the only symmetry swaps C2↔C6, C3↔C5.
        let mut b = ring(6);
        b.extend([(0, 6, 1), (6, 7, 2), (6, 8, 1)]);
        let mut e = vec![Element::N];
        e.extend([Element::C; 5]);
        e.extend([Element::C, Element::O, Element::C]);
        let g = graph(&e, &b);
        let a = automorphisms(&g, 1000);
        assert_eq!(a.perms.len(), 2);
        assert_eq!(a.perms[1], vec![0, 5, 4, 3, 2, 1, 6, 7, 8]);
        all_are_automorphisms(&g, &a);
    }

    #[test]
    fn bond_order_and_element_are_respected() {
        // Acetic acid heavy atoms C0–C1(=O2)–O3: with bond orders the oxygens are not
        // equivalent; with a nitrogen in place of O3 neither.
        let g = graph(
            &[Element::C, Element::C, Element::O, Element::O],
            &[(0, 1, 1), (1, 2, 2), (1, 3, 1)],
        );
        assert_eq!(automorphisms(&g, 100).perms.len(), 1);
        // t-butyl: 3! permutations of the methyls.
        let g = graph(
            &[Element::C; 5],
            &[(0, 1, 1), (0, 2, 1), (0, 3, 1), (0, 4, 1)],
        );
        // A neopentane carbon skeleton: 4 equivalent methyls, 4! = 24.
        assert_eq!(automorphisms(&g, 100).perms.len(), 24);
        let capped = automorphisms(&g, 5);
        assert_eq!((capped.perms.len(), capped.truncated), (5, true));
    }

    /// Heavy atoms of 2-methylbutane-like skeleton with a stereocentre: C0 bonded to C1, C2, C3
    /// (all different) plus an implicit H (degree 4 via an explicit H atom 6).
    fn chiral_skeleton() -> (Graph, Vec<[f64; 3]>) {
        // C0 centre; C1 methyl; C2–C4 ethyl; C3–C5 is a... different: C3 bonded to O5.
        let e = [
            Element::C,
            Element::C,
            Element::C,
            Element::C,
            Element::C,
            Element::O,
            Element::H,
        ];
        let g = graph(
            &e,
            &[
                (0, 1, 1),
                (0, 2, 1),
                (0, 3, 1),
                (2, 4, 1),
                (3, 5, 1),
                (0, 6, 1),
            ],
        );
        let pos = vec![
            [0.0, 0.0, 0.0],
            [1.0, 0.0, -0.35],
            [-0.5, 0.87, -0.35],
            [-0.5, -0.87, -0.35],
            [-0.5, 1.9, 0.0],
            [-0.5, -1.9, 0.0],
        ];
        (g, pos)
    }

    #[test]
    fn a_stereocentre_makes_a_molecule_chiral_and_equivalent_arms_do_not() {
        let (g, pos) = chiral_skeleton();
        let a = automorphisms(&g, 100);
        assert!(is_chiral(&g, &a, &pos));
        // Make arm 3 an ethyl like arm 2: C0 now has two equivalent arms, no stereocentre.
        let mut e = g.elements.clone();
        e[5] = Element::C;
        let g2 = Graph::from_bonds(
            e,
            &[
                Bond {
                    a: 0,
                    b: 1,
                    order: 1,
                },
                Bond {
                    a: 0,
                    b: 2,
                    order: 1,
                },
                Bond {
                    a: 0,
                    b: 3,
                    order: 1,
                },
                Bond {
                    a: 2,
                    b: 4,
                    order: 1,
                },
                Bond {
                    a: 3,
                    b: 5,
                    order: 1,
                },
                Bond {
                    a: 0,
                    b: 6,
                    order: 1,
                },
            ],
        );
        let a2 = automorphisms(&g2, 100);
        assert!(!is_chiral(&g2, &a2, &pos));
        // No stereocentre at all: a ring.
        let g3 = graph(&[Element::C; 6], &ring(6));
        let a3 = automorphisms(&g3, 100);
        let hex: Vec<[f64; 3]> = (0..6)
            .map(|j| {
                let t = j as f64 * std::f64::consts::PI / 3.0;
                [
                    1.5 * t.cos(),
                    1.5 * t.sin(),
                    if j % 2 == 0 { 0.25 } else { -0.25 },
                ]
            })
            .collect();
        assert!(!is_chiral(&g3, &a3, &hex));
    }
}
