//! Chemical elements: symbols, atomic numbers and single-bond covalent radii.
//!
//! Radii: B. Cordero et al., "Covalent radii revisited", Dalton Trans. 2008, 2832 (Table 2;
//! sp³ carbon 0.76 Å; low-spin values for Mn, Fe, Co), for H–Cm (Z 1–96), as in Open Babel's
//! `data/element.txt` (Blue Obelisk). Every element H–Og (Z 1–118) is known by symbol and number;
//! Cordero gives no radius beyond Cm, and for Bk–Og the table holds Open Babel's default of
//! 1.60 Å (bonds to those atoms are a guess; the symbol and number are exact).

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
    ("Cs", 55, 2.44),
    ("Ba", 56, 2.15),
    ("La", 57, 2.07),
    ("Ce", 58, 2.04),
    ("Pr", 59, 2.03),
    ("Nd", 60, 2.01),
    ("Pm", 61, 1.99),
    ("Sm", 62, 1.98),
    ("Eu", 63, 1.98),
    ("Gd", 64, 1.96),
    ("Tb", 65, 1.94),
    ("Dy", 66, 1.92),
    ("Ho", 67, 1.92),
    ("Er", 68, 1.89),
    ("Tm", 69, 1.90),
    ("Yb", 70, 1.87),
    ("Lu", 71, 1.87),
    ("Hf", 72, 1.75),
    ("Ta", 73, 1.70),
    ("W", 74, 1.62),
    ("Re", 75, 1.51),
    ("Os", 76, 1.44),
    ("Ir", 77, 1.41),
    ("Pt", 78, 1.36),
    ("Au", 79, 1.36),
    ("Hg", 80, 1.32),
    ("Tl", 81, 1.45),
    ("Pb", 82, 1.46),
    ("Bi", 83, 1.48),
    ("Po", 84, 1.40),
    ("At", 85, 1.50),
    ("Rn", 86, 1.50),
    ("Fr", 87, 2.60),
    ("Ra", 88, 2.21),
    ("Ac", 89, 2.15),
    ("Th", 90, 2.06),
    ("Pa", 91, 2.00),
    ("U", 92, 1.96),
    ("Np", 93, 1.90),
    ("Pu", 94, 1.87),
    ("Am", 95, 1.80),
    ("Cm", 96, 1.69),
    ("Bk", 97, 1.60),
    ("Cf", 98, 1.60),
    ("Es", 99, 1.60),
    ("Fm", 100, 1.60),
    ("Md", 101, 1.60),
    ("No", 102, 1.60),
    ("Lr", 103, 1.60),
    ("Rf", 104, 1.60),
    ("Db", 105, 1.60),
    ("Sg", 106, 1.60),
    ("Bh", 107, 1.60),
    ("Hs", 108, 1.60),
    ("Mt", 109, 1.60),
    ("Ds", 110, 1.60),
    ("Rg", 111, 1.60),
    ("Cn", 112, 1.60),
    ("Nh", 113, 1.60),
    ("Fl", 114, 1.60),
    ("Mc", 115, 1.60),
    ("Lv", 116, 1.60),
    ("Ts", 117, 1.60),
    ("Og", 118, 1.60),
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
    fn every_element_h_to_og_in_order() {
        assert_eq!(TABLE.len(), 118);
        for (i, &(s, z, r)) in TABLE.iter().enumerate() {
            assert_eq!(usize::from(z), i + 1, "{s}");
            assert!(r > 0.0);
        }
        // Cordero 2008, Table 2 (and Open Babel data/element.txt RCov): Cs 2.44, U 1.96, Cm 1.69.
        for (s, r) in [("Cs", 2.44), ("U", 1.96), ("Cm", 1.69), ("Og", 1.60)] {
            assert_eq!(
                Element::parse(s).unwrap().covalent_radius_angstrom(),
                r,
                "{s}"
            );
        }
        assert_eq!(Element::parse("118").map(Element::symbol), Some("Og"));
    }

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
