//! Chemical elements: symbols, atomic numbers and single-bond covalent radii.
//!
//! Radii: B. Cordero et al., "Covalent radii revisited", Dalton Trans. 2008, 2832 (Table 2;
//! sp³ carbon 0.76 Å; low-spin values for Mn, Fe, Co). Elements 1–54 and a few heavier ones
//! common in ligands; others are rejected with a clear error by the readers.

/// (symbol, atomic number, covalent radius in Å).
const TABLE: &[(&str, u8, f64)] = &[
    ("H", 1, 0.31),
    ("He", 2, 0.28),
    ("Li", 3, 1.28),
    ("Be", 4, 0.96),
    ("B", 5, 0.84),
    ("C", 6, 0.76),
    ("N", 7, 0.71),
    ("O", 8, 0.66),
    ("F", 9, 0.57),
    ("Ne", 10, 0.58),
    ("Na", 11, 1.66),
    ("Mg", 12, 1.41),
    ("Al", 13, 1.21),
    ("Si", 14, 1.11),
    ("P", 15, 1.07),
    ("S", 16, 1.05),
    ("Cl", 17, 1.02),
    ("Ar", 18, 1.06),
    ("K", 19, 2.03),
    ("Ca", 20, 1.76),
    ("Sc", 21, 1.70),
    ("Ti", 22, 1.60),
    ("V", 23, 1.53),
    ("Cr", 24, 1.39),
    ("Mn", 25, 1.39),
    ("Fe", 26, 1.32),
    ("Co", 27, 1.26),
    ("Ni", 28, 1.24),
    ("Cu", 29, 1.32),
    ("Zn", 30, 1.22),
    ("Ga", 31, 1.22),
    ("Ge", 32, 1.20),
    ("As", 33, 1.19),
    ("Se", 34, 1.20),
    ("Br", 35, 1.20),
    ("Kr", 36, 1.16),
    ("Rb", 37, 2.20),
    ("Sr", 38, 1.95),
    ("Y", 39, 1.90),
    ("Zr", 40, 1.75),
    ("Nb", 41, 1.64),
    ("Mo", 42, 1.54),
    ("Tc", 43, 1.47),
    ("Ru", 44, 1.46),
    ("Rh", 45, 1.42),
    ("Pd", 46, 1.39),
    ("Ag", 47, 1.45),
    ("Cd", 48, 1.44),
    ("In", 49, 1.42),
    ("Sn", 50, 1.39),
    ("Sb", 51, 1.39),
    ("Te", 52, 1.38),
    ("I", 53, 1.39),
    ("Xe", 54, 1.40),
    ("Pt", 78, 1.36),
    ("Au", 79, 1.36),
    ("Hg", 80, 1.32),
    ("Pb", 82, 1.46),
    ("Bi", 83, 1.48),
];

/// A chemical element (by atomic number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Element(u8);

impl Element {
    /// Hydrogen.
    pub const H: Element = Element(1);
    /// Carbon.
    pub const C: Element = Element(6);
    /// Nitrogen.
    pub const N: Element = Element(7);
    /// Oxygen.
    pub const O: Element = Element(8);

    /// The element with this symbol (case-insensitive; `D` and `T` are hydrogen), or its atomic
    /// number written as digits (as some XYZ writers do).
    pub fn parse(s: &str) -> Option<Element> {
        if let Ok(z) = s.parse::<u8>() {
            return TABLE.iter().find(|e| e.1 == z).map(|e| Element(e.1));
        }
        if s.eq_ignore_ascii_case("D") || s.eq_ignore_ascii_case("T") {
            return Some(Element::H);
        }
        TABLE
            .iter()
            .find(|e| e.0.eq_ignore_ascii_case(s))
            .map(|e| Element(e.1))
    }
    /// Atomic number.
    pub fn number(self) -> u8 {
        self.0
    }
    /// Symbol, e.g. `Cl`.
    pub fn symbol(self) -> &'static str {
        self.entry().map(|e| e.0).unwrap_or("?")
    }
    /// Single-bond covalent radius, Å (Cordero 2008).
    pub fn covalent_radius_angstrom(self) -> f64 {
        self.entry().map(|e| e.2).unwrap_or(1.5)
    }
    /// True for every element except hydrogen.
    pub fn is_heavy(self) -> bool {
        self.0 != 1
    }
    fn entry(self) -> Option<&'static (&'static str, u8, f64)> {
        TABLE.iter().find(|e| e.1 == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_round_trip_and_aliases() {
        for &(s, z, _) in TABLE {
            let e = Element::parse(s).unwrap();
            assert_eq!((e.symbol(), e.number()), (s, z));
            assert_eq!(Element::parse(&s.to_uppercase()), Some(e));
        }
        assert_eq!(Element::parse("D"), Some(Element::H));
        assert_eq!(Element::parse("6"), Some(Element::C));
        assert_eq!(Element::parse("Xx"), None);
    }
}
