//! Chemical perception on a 3D structure: bonds from covalent radii, the smallest set of
//! smallest rings (up to 8 atoms), the N-acyl amide, the project's ring numbering and the CIP
//! ranking of the two ring carbons on N1.
//!
//! * Bonds: the file's, or [`crate::io::structure::bonds::from_radii`] when it has none.
//! * Rings: all simple cycles of up to [`MAX_RING`] atoms, taken shortest first while linearly
//!   independent over GF(2) (edge sets) — the SSSR restricted to rings of ≤ 8 atoms.
//! * Amide: a ring N bonded to an exocyclic carbon with three neighbours, one of them an oxygen
//!   double-bonded to it (bond order 2 in the file, or a terminal O when orders are unknown).
//! * Numbering (`shared/reference/pucker.md` §5): atom 1 is the acylated ring nitrogen (the
//!   first in file order for a diacyl ring); without one, the first ring N, else the first ring
//!   heteroatom, else the first ring atom. The direction gives (1) the lowest locants to ring
//!   heteroatoms (N4 in a 1,4-diazepane: C2–C3 is the ethylene bridge), then (2) the lowest
//!   locants to substituted ring atoms, then (3) the lower file index at position 2.
//! * CIP (IUPAC 2013 P-92.1, rule 1a on the hierarchical digraph, duplicate atoms for ring
//!   closures and for double bonds, explored sphere by sphere in order of branch rank):
//!   ranks C2 against C7 seen from N1, and the carbonyl O against the acyl substituent.
//!   Rule 1a decides every ring considered here; isotopes and stereo rules (1b–5) are not used,
//!   and a tie under rule 1a is reported as equal.

use crate::io::structure::{bonds, Bond, Element, Molecule};
use ringflux_core::amide::Priority;
use std::cmp::Ordering;

/// Largest ring perceived.
pub const MAX_RING: usize = 8;
/// Spheres explored by the CIP ranking.
const CIP_DEPTH: usize = 10;

/// The molecular graph: neighbours with bond orders (0 = unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// Element of each atom.
    pub elements: Vec<Element>,
    /// Neighbours of each atom with the bond order.
    pub adj: Vec<Vec<(usize, u8)>>,
}

impl Graph {
    /// The graph of a molecule: its file bonds, or bonds from radii when it has none.
    pub fn of(mol: &Molecule) -> Graph {
        let bonds = match &mol.bonds {
            Some(b) => b.clone(),
            None => bonds::from_radii(&mol.atoms),
        };
        Self::from_bonds(mol.atoms.iter().map(|a| a.element).collect(), &bonds)
    }

    /// The graph of atoms with these elements and bonds (out-of-range bonds are ignored).
    pub fn from_bonds(elements: Vec<Element>, bonds: &[Bond]) -> Graph {
        let mut adj = vec![Vec::new(); elements.len()];
        for b in bonds {
            if b.a == b.b || b.a >= elements.len() || b.b >= elements.len() {
                continue;
            }
            if let Some(v) = adj.get_mut(b.a) {
                v.push((b.b, b.order));
            }
            if let Some(v) = adj.get_mut(b.b) {
                v.push((b.a, b.order));
            }
        }
        Graph { elements, adj }
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.elements.len()
    }
    /// True for no atoms.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }
    /// Element of atom `i` (hydrogen for an out-of-range index, which callers never pass).
    pub fn element(&self, i: usize) -> Element {
        self.elements.get(i).copied().unwrap_or(Element::H)
    }
    /// Neighbours of atom `i`.
    pub fn neighbours(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.adj.get(i).into_iter().flatten().map(|&(j, _)| j)
    }
    /// Degree of atom `i`.
    pub fn degree(&self, i: usize) -> usize {
        self.adj.get(i).map_or(0, Vec::len)
    }
    /// True when `i` and `j` are bonded.
    pub fn bonded(&self, i: usize, j: usize) -> bool {
        self.neighbours(i).any(|k| k == j)
    }
    /// Bond order between `i` and `j`; a terminal O or S on a three-connected C counts as
    /// double when the file gives no orders.
    pub fn order(&self, i: usize, j: usize) -> u8 {
        let o = self
            .adj
            .get(i)
            .and_then(|v| v.iter().find(|&&(k, _)| k == j))
            .map_or(0, |&(_, o)| o);
        if o != 0 {
            return o;
        }
        let chalcogen =
            |a: usize| matches!(self.element(a).number(), 8 | 16) && self.degree(a) == 1;
        let trigonal_c = |a: usize| self.element(a) == Element::C && self.degree(a) == 3;
        if (chalcogen(i) && trigonal_c(j)) || (chalcogen(j) && trigonal_c(i)) {
            2
        } else {
            1
        }
    }
}

/// The smallest set of smallest rings of up to [`MAX_RING`] atoms, each in bonded order,
/// shortest first (module docs).
pub fn rings(g: &Graph) -> Vec<Vec<usize>> {
    let mut cycles = Vec::new();
    let mut path = Vec::with_capacity(MAX_RING);
    for s in 0..g.len() {
        if g.degree(s) < 2 {
            continue;
        }
        path.clear();
        path.push(s);
        extend_cycles(g, s, &mut path, &mut cycles);
    }
    cycles.sort_by(|a: &Vec<usize>, b: &Vec<usize>| {
        a.len().cmp(&b.len()).then_with(|| {
            let (mut x, mut y) = (a.clone(), b.clone());
            x.sort_unstable();
            y.sort_unstable();
            x.cmp(&y)
        })
    });
    // Edge index for GF(2) vectors.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (i, v) in g.adj.iter().enumerate() {
        for &(j, _) in v {
            if i < j {
                edges.push((i, j));
            }
        }
    }
    edges.sort_unstable();
    let words = edges.len().div_ceil(64);
    let vector = |c: &[usize]| {
        let mut v = vec![0u64; words];
        for k in 0..c.len() {
            let (a, b) = (c[k], c[(k + 1) % c.len()]);
            if let Ok(e) = edges.binary_search(&(a.min(b), a.max(b))) {
                if let Some(w) = v.get_mut(e / 64) {
                    *w ^= 1 << (e % 64);
                }
            }
        }
        v
    };
    let mut basis: Vec<(usize, Vec<u64>)> = Vec::new(); // (pivot bit, vector)
    let mut chosen = Vec::new();
    for c in cycles {
        let mut v = vector(&c);
        for (pivot, b) in &basis {
            if v.get(pivot / 64)
                .is_some_and(|w| w >> (pivot % 64) & 1 == 1)
            {
                for (x, y) in v.iter_mut().zip(b) {
                    *x ^= y;
                }
            }
        }
        if let Some(pivot) = first_bit(&v) {
            basis.push((pivot, v));
            chosen.push(c);
        }
    }
    chosen
}

fn first_bit(v: &[u64]) -> Option<usize> {
    v.iter()
        .enumerate()
        .find(|(_, &w)| w != 0)
        .map(|(i, &w)| i * 64 + w.trailing_zeros() as usize)
}

/// Depth-first extension of `path` (starting at its smallest atom `s`) into simple cycles.
fn extend_cycles(g: &Graph, s: usize, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    let Some(&last) = path.last() else { return };
    for n in g.neighbours(last) {
        if n == s && path.len() >= 3 {
            // Each cycle is found in both directions; keep the one with path[1] < path[last].
            if path.get(1) < path.last() {
                out.push(path.clone());
            }
        } else if n > s && path.len() < MAX_RING && !path.contains(&n) {
            path.push(n);
            extend_cycles(g, s, path, out);
            path.pop();
        }
    }
}

/// The N-acyl group on a ring nitrogen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmideSite {
    /// Ring nitrogen N1 (0-based atom index).
    pub n: usize,
    /// Carbonyl carbon.
    pub c: usize,
    /// Carbonyl oxygen.
    pub o: usize,
    /// Third substituent of the carbonyl carbon.
    pub r: usize,
}

/// The acyl group on ring atom `n` (not part of `ring`), if any.
pub fn acyl_on(g: &Graph, n: usize, ring: &[usize]) -> Option<AmideSite> {
    if g.element(n) != Element::N {
        return None;
    }
    g.neighbours(n).find_map(|c| {
        if ring.contains(&c) || g.element(c) != Element::C || g.degree(c) != 3 {
            return None;
        }
        let o = g
            .neighbours(c)
            .find(|&o| g.element(o) == Element::O && g.order(c, o) == 2)?;
        let r = g.neighbours(c).find(|&r| r != n && r != o)?;
        Some(AmideSite { n, c, o, r })
    })
}

/// A ring numbered as the project numbers it (module docs), with its amide.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberedRing {
    /// Atom indices (0-based) in the order N1, C2, …
    pub atoms: Vec<usize>,
    /// Labels: element symbol and locant (`N1`, `C2`, …).
    pub labels: Vec<String>,
    /// The N-acyl group on atom 1, if any.
    pub amide: Option<AmideSite>,
    /// CIP ranking of the carbonyl O against the acyl substituent R.
    pub o_vs_r: Priority,
    /// CIP ranking of C2 against the last ring atom (C7 of a diazepane).
    pub c2_vs_last: Priority,
    /// A second N-acyl group on another ring nitrogen (N4 of a 1,4-diacyl-1,4-diazepane), with
    /// its ring position (0-based: 3 for N4).
    pub second_amide: Option<(usize, AmideSite)>,
    /// CIP ranking of the second acylated nitrogen's ring neighbours: the one before it in ring
    /// order (C3) against the one after it (C5).
    pub second_prev_vs_next: Priority,
    /// CIP ranking of the second acyl group's O against its substituent R.
    pub second_o_vs_r: Priority,
}

/// Numbers `ring` (any bonded order) by the project's rules.
pub fn number_ring(g: &Graph, ring: &[usize]) -> NumberedRing {
    let acylated: Vec<usize> = ring
        .iter()
        .copied()
        .filter(|&a| acyl_on(g, a, ring).is_some())
        .collect();
    let min_where = |f: &dyn Fn(usize) -> bool| ring.iter().copied().filter(|&a| f(a)).min();
    let start = acylated
        .iter()
        .copied()
        .min()
        .or_else(|| min_where(&|a| g.element(a) == Element::N))
        .or_else(|| min_where(&|a| g.element(a) != Element::C))
        .or_else(|| ring.iter().copied().min())
        .unwrap_or(0);
    let pos = ring.iter().position(|&a| a == start).unwrap_or(0);
    let n = ring.len();
    let forward: Vec<usize> = (0..n)
        .filter_map(|k| ring.get((pos + k) % n).copied())
        .collect();
    let backward: Vec<usize> = (0..n)
        .filter_map(|k| ring.get((pos + n - k) % n).copied())
        .collect();
    let score = |order: &[usize]| {
        let hetero: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, &a)| g.element(a) != Element::C)
            .map(|(k, _)| k)
            .collect();
        let substituted: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, &a)| {
                g.neighbours(a)
                    .any(|b| !ring.contains(&b) && g.element(b).is_heavy())
            })
            .map(|(k, _)| k)
            .collect();
        (hetero, substituted, order.get(1).copied())
    };
    let atoms = if score(&backward) < score(&forward) {
        backward
    } else {
        forward
    };
    numbered(g, atoms)
}

/// A ring in the given order (`--ring`), with labels, amide and CIP rankings.
pub fn numbered(g: &Graph, atoms: Vec<usize>) -> NumberedRing {
    let labels = atoms
        .iter()
        .enumerate()
        .map(|(k, &a)| format!("{}{}", g.element(a).symbol(), k + 1))
        .collect();
    let amide = atoms.first().and_then(|&n1| acyl_on(g, n1, &atoms));
    let (o_vs_r, c2_vs_last) = match (amide, atoms.get(1), atoms.last()) {
        (Some(s), Some(&c2), Some(&last)) => (
            priority(cip_compare(g, s.c, s.o, s.r)),
            priority(cip_compare(g, s.n, c2, last)),
        ),
        _ => (Priority::Equal, Priority::Equal),
    };
    let second_amide = atoms
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(k, &a)| acyl_on(g, a, &atoms).map(|s| (k, s)));
    let second_prev_vs_next = match second_amide {
        Some((k, s)) => match (atoms.get(k - 1), atoms.get((k + 1) % atoms.len())) {
            (Some(&prev), Some(&next)) => priority(cip_compare(g, s.n, prev, next)),
            _ => Priority::Equal,
        },
        None => Priority::Equal,
    };
    let second_o_vs_r = second_amide.map_or(Priority::Equal, |(_, s)| {
        priority(cip_compare(g, s.c, s.o, s.r))
    });
    NumberedRing {
        atoms,
        labels,
        amide,
        o_vs_r,
        c2_vs_last,
        second_amide,
        second_prev_vs_next,
        second_o_vs_r,
    }
}

fn priority(o: Ordering) -> Priority {
    match o {
        Ordering::Greater => Priority::First,
        Ordering::Less => Priority::Second,
        Ordering::Equal => Priority::Equal,
    }
}

/// A node of the CIP hierarchical digraph: atomic number and ranked branches.
struct Node {
    z: u8,
    children: Vec<Node>,
}

fn build(g: &Graph, atom: usize, parent: usize, path: &mut Vec<usize>, depth: usize) -> Node {
    let mut children = Vec::new();
    if depth > 0 {
        path.push(atom);
        let leaf = |a: usize| Node {
            z: g.element(a).number(),
            children: Vec::new(),
        };
        for n in g.neighbours(atom) {
            let extra = g.order(atom, n).saturating_sub(1).min(2) as usize;
            if n == parent {
                children.extend((0..extra).map(|_| leaf(n)));
                continue;
            }
            if path.contains(&n) {
                children.push(leaf(n)); // ring closure: duplicate atom
                continue;
            }
            children.push(build(g, n, atom, path, depth - 1));
            children.extend((0..extra).map(|_| leaf(n)));
        }
        path.pop();
        children.sort_by(|a, b| compare_nodes(b, a));
    }
    Node {
        z: g.element(atom).number(),
        children,
    }
}

/// The sets of sphere `level` below `node`, in order of branch rank.
fn sphere(node: &Node, level: usize, out: &mut Vec<Vec<u8>>) {
    if level == 0 {
        out.push(vec![node.z]);
    } else if level == 1 {
        out.push(node.children.iter().map(|c| c.z).collect());
    } else {
        for c in &node.children {
            sphere(c, level - 1, out);
        }
    }
}

fn compare_nodes(a: &Node, b: &Node) -> Ordering {
    for level in 0..=CIP_DEPTH {
        let (mut sa, mut sb) = (Vec::new(), Vec::new());
        sphere(a, level, &mut sa);
        sphere(b, level, &mut sb);
        if sa.is_empty() && sb.is_empty() {
            break;
        }
        match sa.cmp(&sb) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    Ordering::Equal
}

/// CIP rule-1a comparison of the branches `a` and `b` of atom `root` (Greater: `a` ranks higher).
pub fn cip_compare(g: &Graph, root: usize, a: usize, b: usize) -> Ordering {
    let na = build(g, a, root, &mut vec![root], CIP_DEPTH);
    let nb = build(g, b, root, &mut vec![root], CIP_DEPTH);
    compare_nodes(&na, &nb)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph from heavy-atom symbols and 1-based bonds, with hydrogens to fill carbon valence 4
    /// and nitrogen valence 3 (so rankings see real substituent sets).
    fn graph(symbols: &[&str], bonds: &[(usize, usize, u8)]) -> Graph {
        let mut el: Vec<Element> = symbols.iter().map(|s| Element::parse(s).unwrap()).collect();
        let mut b: Vec<Bond> = bonds
            .iter()
            .map(|&(a, c, o)| Bond {
                a: a - 1,
                b: c - 1,
                order: o,
            })
            .collect();
        let heavy = el.len();
        for i in 0..heavy {
            let val: usize = b
                .iter()
                .filter(|x| x.a == i || x.b == i)
                .map(|x| x.order.max(1) as usize)
                .sum();
            let want = match el[i].number() {
                6 => 4,
                7 => 3,
                _ => 0,
            };
            for _ in val..want {
                el.push(Element::H);
                b.push(Bond {
                    a: i,
                    b: el.len() - 1,
                    order: 1,
                });
            }
        }
        Graph::from_bonds(el, &b)
    }

    // 1-(1,4-diazepan-1-yl)-3-methylbutan-1-one heavy atoms:
    // 1 N1, 2 C2, 3 C3, 4 N4, 5 C5, 6 C6, 7 C7, 8 C(=O), 9 O, 10 CH2, 11 CH, 12 CH3, 13 CH3
    fn diazepane(extra_methyl_on: Option<usize>) -> Graph {
        let mut s = vec![
            "N", "C", "C", "N", "C", "C", "C", "C", "O", "C", "C", "C", "C",
        ];
        let mut b = vec![
            (1, 2, 1),
            (2, 3, 1),
            (3, 4, 1),
            (4, 5, 1),
            (5, 6, 1),
            (6, 7, 1),
            (7, 1, 1),
            (1, 8, 1),
            (8, 9, 2),
            (8, 10, 1),
            (10, 11, 1),
            (11, 12, 1),
            (11, 13, 1),
        ];
        if let Some(at) = extra_methyl_on {
            s.push("C");
            b.push((at, 14, 1));
        }
        graph(&s, &b)
    }

    #[test]
    fn diazepane_ring_amide_and_numbering() {
        let g = diazepane(None);
        let r = rings(&g);
        assert_eq!(r.len(), 1);
        let ring = r.first().unwrap();
        assert_eq!(ring.len(), 7);
        // Present the ring starting elsewhere and reversed: numbering is still N1..C7.
        let mut scrambled = ring.clone();
        scrambled.rotate_left(3);
        scrambled.reverse();
        let nr = number_ring(&g, &scrambled);
        assert_eq!(nr.atoms, vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(nr.labels.join(" "), "N1 C2 C3 N4 C5 C6 C7");
        assert_eq!(
            nr.amide,
            Some(AmideSite {
                n: 0,
                c: 7,
                o: 8,
                r: 9
            })
        );
        // C2 (→ C3 → N4) outranks C7 (→ C6 → C5) at the third sphere.
        assert_eq!(nr.c2_vs_last, Priority::First);
        assert_eq!(nr.o_vs_r, Priority::First);
    }

    #[test]
    fn a_methyl_on_c7_makes_c7_rank_higher() {
        let g = diazepane(Some(7));
        let nr = number_ring(&g, rings(&g).first().unwrap());
        assert_eq!(nr.atoms, vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(nr.c2_vs_last, Priority::Second);
        let g = diazepane(Some(2));
        let nr = number_ring(&g, rings(&g).first().unwrap());
        assert_eq!(nr.c2_vs_last, Priority::First);
    }

    #[test]
    fn symmetric_rings_tie() {
        // 1-acylpiperazine: N1 C2 C3 N4 C5 C6 + C(=O)CH3
        let g = graph(
            &["N", "C", "C", "N", "C", "C", "C", "O", "C"],
            &[
                (1, 2, 1),
                (2, 3, 1),
                (3, 4, 1),
                (4, 5, 1),
                (5, 6, 1),
                (6, 1, 1),
                (1, 7, 1),
                (7, 8, 2),
                (7, 9, 1),
            ],
        );
        let nr = number_ring(&g, rings(&g).first().unwrap());
        assert_eq!(nr.labels.join(" "), "N1 C2 C3 N4 C5 C6");
        assert_eq!(nr.c2_vs_last, Priority::Equal);
    }

    #[test]
    fn fused_rings_give_the_smallest_set() {
        // Naphthalene-like decalin skeleton: two fused 6-rings, SSSR = 2 rings of 6, not the 10.
        let b: Vec<(usize, usize, u8)> = vec![
            (1, 2, 1),
            (2, 3, 1),
            (3, 4, 1),
            (4, 5, 1),
            (5, 6, 1),
            (6, 1, 1),
            (5, 7, 1),
            (7, 8, 1),
            (8, 9, 1),
            (9, 10, 1),
            (10, 6, 1),
        ];
        let g = graph(&["C"; 10], &b);
        let r = rings(&g);
        assert_eq!(r.iter().map(Vec::len).collect::<Vec<_>>(), vec![6, 6]);
    }
}
