//! The typed fact model: what is known about a molecule's conformations, each fact with a
//! name (the JSON key, snake_case with its unit), a type and a valid range.
//!
//! Every fact may be unknown (`None`); rules can test for that. [`Facts`] is plain data with
//! public fields so firmware can fill it in const context; [`Facts::check`] validates ranges and
//! [`Facts::set`] sets a fact by name with a type check.

use core::fmt;
use ringflux_core::Error;

/// Ring conformation of a seven-membered ring (Cremer–Pople classification, `shared/reference/pucker.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Conformation {
    /// Chair.
    C,
    /// Twist-chair (the minimum of most 1,4-diazepanes).
    Tc,
    /// Boat.
    B,
    /// Twist-boat.
    Tb,
}

/// Pucker family: chair family (C, TC) or boat family (B, TB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Family {
    /// Chair and twist-chair.
    Chair,
    /// Boat and twist-boat.
    Boat,
}

/// Amide rotamer of the N1-acyl group: which ring carbon on N1 is syn to the carbonyl oxygen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Rotamer {
    /// O syn to C2 (the ethylene-bridge carbon on N1).
    OSynC2,
    /// O syn to C7 (the propylene-bridge carbon on N1).
    OSynC7,
    /// O of the N4 acyl group syn to C3 (the ethylene-bridge carbon on N4).
    OSynC3,
    /// O of the N4 acyl group syn to C5 (the propylene-bridge carbon on N4).
    OSynC5,
}

/// The ring system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Ring {
    /// 1,4-diazepane (homopiperazine), 7 ring atoms, N1 and N4.
    Diazepane,
    /// Piperazine, 6 ring atoms, N1 and N4.
    Piperazine,
    /// Piperidine, 6 ring atoms, N1.
    Piperidine,
    /// Azepane, 7 ring atoms, N1.
    Azepane,
    /// Any other saturated N-heterocycle.
    Other,
}

/// What sits on a ring position (C2, C7 or N4) besides hydrogen / the ring bonds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Substituent {
    /// Hydrogen only (N–H for N4).
    None,
    /// One methyl.
    Methyl,
    /// Another alkyl group (including gem-dimethyl).
    Alkyl,
    /// An aryl or heteroaryl group.
    Aryl,
    /// An acyl, sulfonyl or carbamoyl group.
    Acyl,
    /// Anything else.
    Other,
}

macro_rules! named_enum {
    ($t:ty, $what:literal, $($v:path => $n:literal),+ $(,)?) => {
        impl $t {
            /// Every value, in declaration order.
            pub const ALL: &'static [$t] = &[$($v),+];
            /// The value's name as written in rule files and on the command line.
            pub const fn name(self) -> &'static str {
                match self { $($v => $n),+ }
            }
            /// Parses a name (exact, case-sensitive).
            pub fn from_name(s: &str) -> Option<Self> {
                match s { $($n => Some($v),)+ _ => None }
            }
            /// What kind of value this is, for messages.
            pub const KIND: &'static str = $what;
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named_enum!(Conformation, "conformation",
    Conformation::C => "C", Conformation::Tc => "TC", Conformation::B => "B", Conformation::Tb => "TB");
named_enum!(Family, "family", Family::Chair => "chair", Family::Boat => "boat");
named_enum!(Rotamer, "rotamer", Rotamer::OSynC2 => "O-syn-C2", Rotamer::OSynC7 => "O-syn-C7",
    Rotamer::OSynC3 => "O-syn-C3", Rotamer::OSynC5 => "O-syn-C5");
named_enum!(Ring, "ring", Ring::Diazepane => "diazepane", Ring::Piperazine => "piperazine",
    Ring::Piperidine => "piperidine", Ring::Azepane => "azepane", Ring::Other => "other");
named_enum!(Substituent, "substituent", Substituent::None => "none", Substituent::Methyl => "methyl",
    Substituent::Alkyl => "alkyl", Substituent::Aryl => "aryl", Substituent::Acyl => "acyl",
    Substituent::Other => "other");

impl Conformation {
    /// The pucker family of the conformation.
    pub const fn family(self) -> Family {
        match self {
            Conformation::C | Conformation::Tc => Family::Chair,
            Conformation::B | Conformation::Tb => Family::Boat,
        }
    }
}

impl Rotamer {
    /// The ring nitrogen whose amide this rotamer describes: 1 (C2/C7) or 4 (C3/C5).
    pub const fn nitrogen(self) -> u8 {
        match self {
            Rotamer::OSynC2 | Rotamer::OSynC7 => 1,
            Rotamer::OSynC3 | Rotamer::OSynC5 => 4,
        }
    }
}

impl Fact {
    /// The ring nitrogen a rotamer fact is about: 1 for `major_rotamer` and
    /// `bioactive_rotamer`, 4 for `major_rotamer_n4`; `None` for other facts.
    pub const fn rotamer_nitrogen(self) -> Option<u8> {
        match self {
            Fact::MajorRotamer | Fact::BioactiveRotamer => Some(1),
            Fact::MajorRotamerN4 => Some(4),
            _ => None,
        }
    }

    /// Whether `v` can be this fact's value: the right kind, and for a rotamer fact a rotamer
    /// of its own amide (N1: O-syn-C2/C7, N4: O-syn-C3/C5). Numbers are range-checked by
    /// [`Facts::check`].
    pub fn accepts(self, v: Value) -> bool {
        match (v, self.rotamer_nitrogen()) {
            (Value::Rotamer(r), Some(n)) => r.nitrogen() == n,
            _ => v.kind() == self.kind(),
        }
    }

    /// Parses a categorical value of this fact from its name (`None` for a name of another
    /// kind, of the other amide's rotamers, or for a numeric fact).
    pub fn parse(self, s: &str) -> Option<Value> {
        self.kind().parse(s).filter(|&v| self.accepts(v))
    }

    /// The names this fact's value may take (empty for numbers).
    pub fn value_names(self) -> impl Iterator<Item = &'static str> {
        self.kind().names().filter(move |n| self.parse(n).is_some())
    }
}

impl Ring {
    /// Number of ring atoms, `None` for [`Ring::Other`].
    pub const fn size(self) -> Option<u8> {
        match self {
            Ring::Diazepane | Ring::Azepane => Some(7),
            Ring::Piperazine | Ring::Piperidine => Some(6),
            Ring::Other => None,
        }
    }
}

/// The type of a fact's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Kind {
    /// A finite number in the fact's unit.
    Number,
    /// A [`Conformation`].
    Conformation,
    /// A [`Family`].
    Family,
    /// A [`Rotamer`].
    Rotamer,
    /// A [`Ring`].
    Ring,
    /// A [`Substituent`].
    Substituent,
}

impl Kind {
    /// Name for messages.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Conformation => Conformation::KIND,
            Kind::Family => Family::KIND,
            Kind::Rotamer => Rotamer::KIND,
            Kind::Ring => Ring::KIND,
            Kind::Substituent => Substituent::KIND,
        }
    }

    /// The names a categorical value may take (empty for numbers).
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        (0..).map_while(move |i| self.name_at(i))
    }

    fn name_at(self, i: usize) -> Option<&'static str> {
        match self {
            Kind::Number => None,
            Kind::Conformation => Conformation::ALL.get(i).map(|v| v.name()),
            Kind::Family => Family::ALL.get(i).map(|v| v.name()),
            Kind::Rotamer => Rotamer::ALL.get(i).map(|v| v.name()),
            Kind::Ring => Ring::ALL.get(i).map(|v| v.name()),
            Kind::Substituent => Substituent::ALL.get(i).map(|v| v.name()),
        }
    }

    /// Parses a categorical value of this kind from its name (`None` for numbers or bad names).
    pub fn parse(self, s: &str) -> Option<Value> {
        match self {
            Kind::Number => None,
            Kind::Conformation => Conformation::from_name(s).map(Value::Conformation),
            Kind::Family => Family::from_name(s).map(Value::Family),
            Kind::Rotamer => Rotamer::from_name(s).map(Value::Rotamer),
            Kind::Ring => Ring::from_name(s).map(Value::Ring),
            Kind::Substituent => Substituent::from_name(s).map(Value::Substituent),
        }
    }
}

/// The value of a fact.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Value {
    /// A number in the fact's unit.
    Number(f64),
    /// A ring conformation.
    Conformation(Conformation),
    /// A pucker family.
    Family(Family),
    /// An amide rotamer.
    Rotamer(Rotamer),
    /// A ring system.
    Ring(Ring),
    /// A substituent.
    Substituent(Substituent),
}

impl Value {
    /// The value's type.
    pub const fn kind(&self) -> Kind {
        match self {
            Value::Number(_) => Kind::Number,
            Value::Conformation(_) => Kind::Conformation,
            Value::Family(_) => Kind::Family,
            Value::Rotamer(_) => Kind::Rotamer,
            Value::Ring(_) => Kind::Ring,
            Value::Substituent(_) => Kind::Substituent,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(x) => write!(f, "{x}"),
            Value::Conformation(v) => v.fmt(f),
            Value::Family(v) => v.fmt(f),
            Value::Rotamer(v) => v.fmt(f),
            Value::Ring(v) => v.fmt(f),
            Value::Substituent(v) => v.fmt(f),
        }
    }
}

/// A fact's value as written in a rule file: a number or a name.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum RawValue<'a> {
    /// A JSON number.
    Number(f64),
    /// A JSON string (a categorical value's name).
    Name(&'a str),
}

macro_rules! raw_type {
    (Number, $l:lifetime) => { f64 };
    ($other:ident, $l:lifetime) => { &$l str };
}

macro_rules! raw_wrap {
    (Number) => {
        RawValue::Number
    };
    ($other:ident) => {
        RawValue::Name
    };
}

macro_rules! facts {
    ($( $(#[$doc:meta])* $field:ident : $ty:ty => $variant:ident, $kind:ident, $wrap:path, $range:expr; )+) => {
        /// Facts as written in a rule file's example (step 1 of loading: names not yet parsed).
        #[derive(Debug, Clone, Copy, PartialEq, Default, serde::Deserialize)]
        #[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct RawFacts<'a> {
            $( $(#[$doc])* #[serde(default)] pub $field: Option<raw_type!($kind, 'a)>, )+
        }

        impl<'a> RawFacts<'a> {
            /// The raw value of a fact, `None` when absent.
            pub fn get(&self, fact: Fact) -> Option<RawValue<'a>> {
                match fact { $(Fact::$variant => self.$field.map(raw_wrap!($kind)),)+ }
            }
        }

        /// The name of a fact (a field of [`Facts`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum Fact {
            $( $(#[$doc])* $variant, )+
        }

        /// Everything known about one molecule (or one ensemble); `None` = unknown.
        #[derive(Debug, Clone, Copy, PartialEq, Default)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct Facts {
            $( $(#[$doc])* pub $field: Option<$ty>, )+
        }

        impl Fact {
            /// Every fact, in declaration order.
            pub const ALL: &'static [Fact] = &[$(Fact::$variant),+];
            /// The fact's name: the JSON key in rule files and reports.
            pub const fn name(self) -> &'static str {
                match self { $(Fact::$variant => stringify!($field)),+ }
            }
            /// Looks a fact up by name.
            pub fn from_name(s: &str) -> Option<Self> {
                match s { $(stringify!($field) => Some(Fact::$variant),)+ _ => None }
            }
            /// The type of the fact's value.
            pub const fn kind(self) -> Kind {
                match self { $(Fact::$variant => Kind::$kind),+ }
            }
            /// Valid range `(lo, hi)` (inclusive) of a numeric fact; `None` for categorical facts.
            pub const fn range(self) -> Option<(f64, f64)> {
                match self { $(Fact::$variant => $range),+ }
            }
        }

        impl Facts {
            /// Nothing known.
            pub const UNKNOWN: Facts = Facts { $( $field: None, )+ };

            /// The value of a fact as stated (no derivation), `None` when unknown.
            pub fn stated(&self, fact: Fact) -> Option<Value> {
                match fact { $(Fact::$variant => self.$field.map($wrap),)+ }
            }

            /// Sets (or with `None` clears) a fact; a value of the wrong type is
            /// `Error::OutOfRange(<fact name>)` and leaves the facts unchanged.
            /// Range checks are [`Facts::check`]'s job.
            pub fn set(&mut self, fact: Fact, value: Option<Value>) -> Result<(), Error> {
                match (fact, value) {
                    $( (Fact::$variant, None) => self.$field = None,
                       (Fact::$variant, Some($wrap(v))) => self.$field = Some(v), )+
                    (f, Some(_)) => return Err(Error::OutOfRange(f.name())),
                }
                Ok(())
            }
        }
    };
}

const FRACTION: Option<(f64, f64)> = Some((0.0, 1.0));
const KCAL: Option<(f64, f64)> = Some((0.0, 100.0));

facts! {
    /// Number of ring atoms.
    ring_size: f64 => RingSize, Number, Value::Number, Some((3.0, 12.0));
    /// The ring system.
    ring: Ring => Ring, Ring, Value::Ring, None;
    /// Major (lowest free energy or most populated) ring conformation.
    major_conformation: Conformation => MajorConformation, Conformation, Value::Conformation, None;
    /// Population (fraction 0–1) of the major conformation itself (e.g. TC alone, not C + TC).
    major_conformation_population: f64 => MajorConformationPopulation, Number, Value::Number, FRACTION;
    /// Most populated pucker family (derived from `major_conformation` when unset). It may
    /// differ from the major conformation's family (TC 40 %, TB 30 %, B 25 %: the boat family
    /// holds 55 %), so the two are not checked against each other.
    major_family: Family => MajorFamily, Family, Value::Family, None;
    /// Population (fraction 0–1) of the major pucker family (C + TC, or B + TB).
    major_family_population: f64 => MajorFamilyPopulation, Number, Value::Number, FRACTION;
    /// Major rotamer of the N1 amide (O-syn-C2 or O-syn-C7).
    major_rotamer: Rotamer => MajorRotamer, Rotamer, Value::Rotamer, None;
    /// Major rotamer of a second amide at N4 (O-syn-C3 or O-syn-C5; 1,4-diacyl rings).
    major_rotamer_n4: Rotamer => MajorRotamerN4, Rotamer, Value::Rotamer, None;
    /// Bioactive (target-bound) ring conformation.
    bioactive_conformation: Conformation => BioactiveConformation, Conformation, Value::Conformation, None;
    /// Pucker family of the bioactive conformation (derived from `bioactive_conformation` when unset).
    bioactive_family: Family => BioactiveFamily, Family, Value::Family, None;
    /// Bioactive rotamer of the N1 amide (O-syn-C2 or O-syn-C7).
    bioactive_rotamer: Rotamer => BioactiveRotamer, Rotamer, Value::Rotamer, None;
    /// Population (fraction 0–1) of the bioactive pucker family in the free ensemble.
    bioactive_population: f64 => BioactivePopulation, Number, Value::Number, FRACTION;
    /// Ring-inversion barrier ΔG‡, kcal/mol.
    dg_ring_kcal_per_mol: f64 => DgRingKcalPerMol, Number, Value::Number, KCAL;
    /// Amide-rotation (E/Z) barrier ΔG‡, kcal/mol.
    dg_amide_kcal_per_mol: f64 => DgAmideKcalPerMol, Number, Value::Number, KCAL;
    /// Rotamer ratio major:minor (≥ 1).
    rotamer_ratio: f64 => RotamerRatio, Number, Value::Number, Some((1.0, 1.0e9));
    /// Free-energy difference of the rotamers ΔG° = RT ln(ratio), kcal/mol (≥ 0).
    dg0_rotamer_kcal_per_mol: f64 => Dg0RotamerKcalPerMol, Number, Value::Number, KCAL;
    /// Coalescence temperature of the exchanging signals, K.
    tc_k: f64 => TcK, Number, Value::Number, Some((1.0, 1000.0));
    /// Substituent at C2.
    substituent_c2: Substituent => SubstituentC2, Substituent, Value::Substituent, None;
    /// Substituent at C7.
    substituent_c7: Substituent => SubstituentC7, Substituent, Value::Substituent, None;
    /// Substituent on N4.
    substituent_n4: Substituent => SubstituentN4, Substituent, Value::Substituent, None;
    /// Conformational entropy of the free ensemble −R Σ p ln p, J/(mol K).
    conformational_entropy_j_per_mol_k: f64 => ConformationalEntropyJPerMolK, Number, Value::Number, Some((0.0, 1.0e3));
}

impl Facts {
    /// The value of a fact as the rules see it: as stated, or derived — a pucker family from
    /// its conformation, the ring size from the ring system. Non-finite numbers read as unknown.
    pub fn get(&self, fact: Fact) -> Option<Value> {
        let derived = match fact {
            Fact::MajorFamily => self.major_conformation.map(|c| Value::Family(c.family())),
            Fact::BioactiveFamily => self
                .bioactive_conformation
                .map(|c| Value::Family(c.family())),
            Fact::RingSize => self
                .ring
                .and_then(Ring::size)
                .map(|n| Value::Number(f64::from(n))),
            _ => None,
        };
        match self.stated(fact).or(derived) {
            Some(Value::Number(x)) if !x.is_finite() => None,
            v => v,
        }
    }

    /// Checks every stated fact: numbers finite and inside [`Fact::range`], families consistent
    /// with conformations, ring size consistent with the ring. The error names the fact.
    pub fn check(&self) -> Result<(), Error> {
        for &fact in Fact::ALL {
            if let (Some(Value::Number(x)), Some((lo, hi))) = (self.stated(fact), fact.range()) {
                if !x.is_finite() {
                    return Err(Error::NonFinite(fact.name()));
                }
                if x < lo || x > hi {
                    return Err(Error::OutOfRange(fact.name()));
                }
            }
        }
        // The bioactive conformation is one conformer, so its family is fixed; the major
        // conformation and the major family are two different maxima and may disagree.
        if let (Some(c), Some(f)) = (self.bioactive_conformation, self.bioactive_family) {
            if c.family() != f {
                return Err(Error::OutOfRange(Fact::BioactiveFamily.name()));
            }
        }
        // Each rotamer fact names the amide it belongs to: N1's by C2/C7, N4's by C3/C5.
        for &fact in Fact::ALL {
            if self.stated(fact).is_some_and(|v| !fact.accepts(v)) {
                return Err(Error::OutOfRange(fact.name()));
            }
        }
        if let (Some(n), Some(size)) = (self.ring_size, self.ring.and_then(Ring::size)) {
            if n != f64::from(size) {
                return Err(Error::OutOfRange(Fact::RingSize.name()));
            }
        }
        Ok(())
    }
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &f in Fact::ALL {
            assert_eq!(Fact::from_name(f.name()), Some(f));
        }
        for &c in Conformation::ALL {
            assert_eq!(
                Kind::Conformation.parse(c.name()),
                Some(Value::Conformation(c))
            );
        }
        assert_eq!(Kind::Number.parse("1"), None);
        assert_eq!(Kind::Rotamer.names().count(), 4);
    }

    #[test]
    fn derived_and_checked() {
        let mut f = Facts::UNKNOWN;
        f.bioactive_conformation = Some(Conformation::Tb);
        f.ring = Some(Ring::Diazepane);
        assert_eq!(
            f.get(Fact::BioactiveFamily),
            Some(Value::Family(Family::Boat))
        );
        assert_eq!(f.get(Fact::RingSize), Some(Value::Number(7.0)));
        f.bioactive_family = Some(Family::Chair);
        assert_eq!(f.check(), Err(Error::OutOfRange("bioactive_family")));
        f.bioactive_family = None;
        f.major_family_population = Some(1.5);
        assert_eq!(f.check(), Err(Error::OutOfRange("major_family_population")));
        f.major_family_population = Some(f64::NAN);
        assert_eq!(f.get(Fact::MajorFamilyPopulation), None);
        assert_eq!(f.check(), Err(Error::NonFinite("major_family_population")));
        f.major_family_population = None;
        f.major_conformation_population = Some(-0.1);
        assert_eq!(
            f.check(),
            Err(Error::OutOfRange("major_conformation_population"))
        );
        // TC 40 %, TB 30 %, B 25 %: major conformation TC, major family boat — both true.
        f.major_conformation_population = Some(0.4);
        f.major_conformation = Some(Conformation::Tc);
        f.major_family = Some(Family::Boat);
        f.major_family_population = Some(0.55);
        assert_eq!(f.check(), Ok(()));
        assert_eq!(
            f.set(Fact::TcK, Some(Value::Family(Family::Boat))),
            Err(Error::OutOfRange("tc_k"))
        );
        assert!(f.set(Fact::TcK, Some(Value::Number(300.0))).is_ok());
        assert_eq!(f.tc_k, Some(300.0));
    }

    /// A rotamer fact holds only its own amide's rotamers: N1's by C2/C7, N4's by C3/C5.
    #[test]
    fn rotamer_facts_name_their_nitrogen() {
        let mut f = Facts::UNKNOWN;
        f.major_rotamer = Some(Rotamer::OSynC7);
        f.major_rotamer_n4 = Some(Rotamer::OSynC3);
        assert_eq!(f.check(), Ok(()));
        f.major_rotamer_n4 = Some(Rotamer::OSynC2);
        assert_eq!(f.check(), Err(Error::OutOfRange("major_rotamer_n4")));
        f.major_rotamer_n4 = None;
        f.bioactive_rotamer = Some(Rotamer::OSynC5);
        assert_eq!(f.check(), Err(Error::OutOfRange("bioactive_rotamer")));
        f.bioactive_rotamer = None;
        f.major_rotamer = Some(Rotamer::OSynC3);
        assert_eq!(f.check(), Err(Error::OutOfRange("major_rotamer")));
        assert_eq!(Fact::MajorRotamerN4.parse("O-syn-C7"), None);
        assert_eq!(
            Fact::MajorRotamerN4.parse("O-syn-C5"),
            Some(Value::Rotamer(Rotamer::OSynC5))
        );
        let n1: [&str; 2] = [Fact::MajorRotamer.value_names().next().unwrap(), "O-syn-C7"];
        assert!(Fact::MajorRotamer.value_names().eq(n1));
        assert_eq!(Fact::RingSize.value_names().count(), 0);
    }
}
