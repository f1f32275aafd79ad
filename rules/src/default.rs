//! The default rule set, compiled in as const data: the seed's decision tree for N-acyl
//! 1,4-diazepanes and the standard conformational-design moves it implies.
//!
//! Four trees, evaluated in order:
//! 1. **pucker** (`seven-membered-ring`): bioactive pucker family vs the free ensemble → keep the
//!    ring, or a C2/C7 methyl on the carbon syn to the carbonyl O in the bioactive rotamer, and
//!    rigidification when the ring inverts fast.
//! 2. **rotamer** (`bioactive-rotamer-o-syn-c2`): minor rotamer bioactive → bias or reverse it.
//! 3. **amide kinetics** (`amide-rotamers-separable`): ΔG‡ ≥ 20 kcal/mol → separable rotamers.
//! 4. **spectra** (`coalescence-near-room-temperature`): Tc near 298 K → broad spectra, 353 K scan.
//!
//! Thresholds, each explained in the rule that uses it: 0.8 population ("dominant"), 12 kcal/mol
//! ring inversion (k ≈ 10⁴ s⁻¹ at 298 K), ratio 3:1 (RT ln 3 = 0.65 kcal/mol at 298 K),
//! 20 kcal/mol amide barrier (t½ ≈ 51 s at 298 K), 273.15–323.15 K coalescence.

use crate::fact::{Conformation as C, Facts, Ring, Rotamer, Substituent};
use crate::tree::{Example, Node, Position as P, Positions, Rule, RuleSet, Target, Test};
use crate::Fact as F;
use crate::{Family, Value as V};

/// Node indices (into [`DEFAULT`]'s `nodes`).
mod n {
    pub const SEVEN: u16 = 0;
    pub const BIO_KNOWN: u16 = 1;
    pub const BIO_BOAT: u16 = 2;
    pub const BOAT_POP: u16 = 3;
    pub const MAJOR_BOAT: u16 = 4;
    pub const MAJOR_POP: u16 = 5;
    pub const ROT_C7: u16 = 6;
    pub const C7_FREE: u16 = 7;
    pub const C2_FREE: u16 = 8;
    pub const RING_FAST: u16 = 9;
    pub const CHAIR_MAJOR: u16 = 10;
    pub const ROT_C2: u16 = 11;
    pub const MAJOR_ROT_C7: u16 = 12;
    pub const MAJOR_ROT_C2: u16 = 13;
    pub const RATIO_NEAR_ONE: u16 = 14;
    pub const AMIDE_SLOW: u16 = 15;
    pub const TC_NEAR_RT: u16 = 16;
}

/// Rule indices (into [`DEFAULT`]'s `rules`).
mod r {
    pub const METHYL_C7: u16 = 0;
    pub const METHYL_C2: u16 = 1;
    pub const METHYL_EITHER: u16 = 2;
    pub const RIGIDIFY: u16 = 3;
    pub const KEEP: u16 = 4;
    pub const ESTABLISH: u16 = 5;
    pub const BIAS: u16 = 6;
    pub const REVERSE: u16 = 7;
    pub const SEPARABLE: u16 = 8;
    pub const BROAD: u16 = 9;
}

const fn node(
    id: &'static str,
    test: Test,
    yes: Target,
    no: Target,
    unknown: Target,
) -> Node<'static> {
    Node {
        id,
        test,
        yes,
        no,
        unknown,
    }
}

const END: Target = Target::End;
const fn nd(i: u16) -> Target {
    Target::Node(i)
}
const fn rl(i: u16) -> Target {
    Target::Rule(i)
}

const NODES: [Node<'static>; 17] = [
    // Unknown ring size: the pucker rules are written for the 1,4-diazepane, so assume it.
    node(
        "seven-membered-ring",
        Test::Between(F::RingSize, 7.0, 7.0),
        nd(n::BIO_KNOWN),
        END,
        nd(n::BIO_KNOWN),
    ),
    node(
        "bioactive-pucker-known",
        Test::Known(F::BioactiveFamily),
        nd(n::BIO_BOAT),
        rl(r::ESTABLISH),
        rl(r::ESTABLISH),
    ),
    node(
        "bioactive-in-boat-family",
        Test::Is(F::BioactiveFamily, V::Family(Family::Boat)),
        nd(n::BOAT_POP),
        nd(n::CHAIR_MAJOR),
        END,
    ),
    // "Flexible" = the bioactive family holds less than 80 % of the free ensemble.
    node(
        "boat-family-dominant",
        Test::AtLeast(F::BioactivePopulation, 0.8),
        rl(r::KEEP),
        nd(n::ROT_C7),
        nd(n::MAJOR_BOAT),
    ),
    node(
        "major-conformer-in-boat-family",
        Test::Is(F::MajorFamily, V::Family(Family::Boat)),
        nd(n::MAJOR_POP),
        nd(n::ROT_C7),
        nd(n::ROT_C7),
    ),
    node(
        "major-family-dominant",
        Test::AtLeast(F::MajorFamilyPopulation, 0.8),
        rl(r::KEEP),
        nd(n::ROT_C7),
        nd(n::ROT_C7),
    ),
    node(
        "bioactive-rotamer-o-syn-c7",
        Test::Is(F::BioactiveRotamer, V::Rotamer(Rotamer::OSynC7)),
        nd(n::C7_FREE),
        nd(n::C2_FREE),
        rl(r::METHYL_EITHER),
    ),
    node(
        "c7-unsubstituted",
        Test::Is(F::SubstituentC7, V::Substituent(Substituent::None)),
        rl(r::METHYL_C7),
        nd(n::RING_FAST),
        rl(r::METHYL_C7),
    ),
    node(
        "c2-unsubstituted",
        Test::Is(F::SubstituentC2, V::Substituent(Substituent::None)),
        rl(r::METHYL_C2),
        nd(n::RING_FAST),
        rl(r::METHYL_C2),
    ),
    // Unknown barrier: 1,4-diazepanes invert with 6–10 kcal/mol, so assume fast.
    node(
        "ring-inversion-fast",
        Test::Below(F::DgRingKcalPerMol, 12.0),
        rl(r::RIGIDIFY),
        END,
        rl(r::RIGIDIFY),
    ),
    node(
        "bioactive-chair-is-major",
        Test::Is(F::MajorFamily, V::Family(Family::Chair)),
        rl(r::KEEP),
        nd(n::RING_FAST),
        END,
    ),
    node(
        "bioactive-rotamer-o-syn-c2",
        Test::Is(F::BioactiveRotamer, V::Rotamer(Rotamer::OSynC2)),
        nd(n::MAJOR_ROT_C7),
        nd(n::MAJOR_ROT_C2),
        END,
    ),
    node(
        "major-rotamer-o-syn-c7",
        Test::Is(F::MajorRotamer, V::Rotamer(Rotamer::OSynC7)),
        nd(n::RATIO_NEAR_ONE),
        END,
        END,
    ),
    node(
        "major-rotamer-o-syn-c2",
        Test::Is(F::MajorRotamer, V::Rotamer(Rotamer::OSynC2)),
        nd(n::RATIO_NEAR_ONE),
        END,
        END,
    ),
    node(
        "rotamer-ratio-near-one",
        Test::Below(F::RotamerRatio, 3.0),
        rl(r::BIAS),
        rl(r::REVERSE),
        rl(r::BIAS),
    ),
    node(
        "amide-rotamers-separable",
        Test::AtLeast(F::DgAmideKcalPerMol, 20.0),
        rl(r::SEPARABLE),
        END,
        END,
    ),
    node(
        "coalescence-near-room-temperature",
        Test::Between(F::TcK, 273.15, 323.15),
        rl(r::BROAD),
        END,
        END,
    ),
];

const A13: &str = "Hoffmann, R. W. Chem. Rev. 1989, 89, 1841–1860 (allylic 1,3-strain); \
suvorexant: Cox, C. D. et al. J. Med. Chem. 2010, 53, 5320–5332; PDB 4S0V: Yin, J. et al. \
Nature 2015, 519, 247–250";

/// The suggestion of the C2 / C7 methyl rules.
macro_rules! methyl_suggestion {
    ($c:literal, $bridge:literal) => {
        concat!(
            "Add a methyl at ",
            $c,
            " (on N1, ",
            $bridge,
            " side). Make both ",
            $c,
            " epimers (or separate them) and keep the one whose methyl is pseudo-axial in the \
bioactive pucker; check with `ringflux compare` that the bioactive family and the O-syn-",
            $c,
            " rotamer gain population."
        )
    };
}

/// The rationale of the C2 / C7 methyl rules.
macro_rules! methyl_rationale {
    ($c:literal) => {
        concat!(
            "The N1 substituents lie in the amide plane, so a pseudo-equatorial methyl on ", $c,
            " would lie near that plane and clash with the group syn to ", $c, " on the carbonyl \
carbon (A(1,3), pseudo-allylic strain): the methyl is driven pseudo-axial, which removes the ring \
puckers that would put it pseudo-equatorial. The configuration at ", $c, " decides which puckers \
survive, so only one epimer fits the bioactive conformation. Put on the carbon syn to O in the \
bioactive rotamer, the methyl faces the small oxygen rather than the acyl substituent in that \
rotamer, so the strain that restricts the pucker does not penalise the bioactive rotamer. How far \
the methyl shifts the rotamer ratio depends on the acyl group and the pucker: measure it."
        )
    };
}

const RULES: [Rule<'static>; 10] = [
    Rule {
        id: "methyl-at-c7-syn-to-carbonyl-o",
        title: "Methyl at C7, the ring carbon syn to the carbonyl O in the bioactive rotamer",
        suggestion: methyl_suggestion!("C7", "propylene"),
        rationale: concat!(
            methyl_rationale!("C7"),
            " Suvorexant carries such a (7R)-methyl and binds in the boat family with its \
carbonyl O syn to C7 (PDB 4S0V)."
        ),
        reference: Some(A13),
        priority: 90,
        positions: Positions::of(&[P::C7]),
        next: nd(n::RING_FAST),
    },
    Rule {
        id: "methyl-at-c2-syn-to-carbonyl-o",
        title: "Methyl at C2, the ring carbon syn to the carbonyl O in the bioactive rotamer",
        suggestion: methyl_suggestion!("C2", "ethylene"),
        rationale: methyl_rationale!("C2"),
        reference: Some("Hoffmann, R. W. Chem. Rev. 1989, 89, 1841–1860 (allylic 1,3-strain)"),
        priority: 90,
        positions: Positions::of(&[P::C2]),
        next: nd(n::RING_FAST),
    },
    Rule {
        id: "methyl-at-c2-or-c7",
        title: "Methyl at C2 or C7 — on the carbon syn to the carbonyl O in the bioactive rotamer",
        suggestion: "The bioactive rotamer is not known. Determine it (ligand-bound structure; in \
solution an NOE/ROE from the acyl α-protons to H2 or H7 marks the ring carbon syn to the acyl \
group, i.e. anti to O), or make both the C2- and the C7-methyl analogue as separated epimers.",
        rationale: "A methyl next to the acylated nitrogen is pushed pseudo-axial by A(1,3) strain \
with the amide, which restricts the ring puckers; it belongs on the carbon syn to O in the \
bioactive rotamer, where its strain partner in that rotamer is the small oxygen rather than the \
acyl substituent, so the bioactive rotamer is not the one penalised. The orexin antagonist suvorexant carries its methyl on C7, syn to O in the bound structure (PDB 4S0V).",
        reference: Some(A13),
        priority: 85,
        positions: Positions::of(&[P::C2, P::C7]),
        next: nd(n::RING_FAST),
    },
    Rule {
        id: "rigidify-ring",
        title: "Rigidify the ring: bridge, gem-dimethyl or ring fusion",
        suggestion: "Constrain the seven-membered ring so that its remaining low-energy pucker \
overlays the bioactive one: a one- or two-atom bridge between non-adjacent ring atoms (bridged \
bicyclic diazepane), a gem-dimethyl group, or a fused ring. Overlay each design on the bioactive \
conformation before making it.",
        rationale: "The ring inverts and pseudorotates fast (ΔG‡ below 12 kcal/mol: about 10⁴ \
exchanges per second or more at 298 K), so the free ligand is an ensemble and binding pays \
RT ln(1/p) for a bioactive pucker of population p, plus the conformational entropy it loses. A \
one- or two-atom bridge can only be spanned by puckers that bring its two ends together (the \
boat-like ones for a bridge across the ring); fusion restricts the torsion of the shared bond to \
what the fused ring allows; a gem-dimethyl group makes puckers that put one of its methyls in a \
flagpole or eclipsed position costly. In the orexin-antagonist diazepanes, bridged cores were \
made to enforce the twist-boat and supported it as the binding conformation.",
        reference: Some("Coleman, P. J. et al. Bioorg. Med. Chem. Lett. 2010, 20, 2311–2315"),
        priority: 80,
        positions: Positions::NONE,
        next: END,
    },
    Rule {
        id: "keep-ring-optimise-periphery",
        title: "Keep the ring; optimise the periphery",
        suggestion: "The bioactive pucker is already the preferred one: keep the ring as it is and \
spend the design effort on the N4 substituent and the acyl group (potency, selectivity, \
properties).",
        rationale: "Locking a conformation that is already the global minimum gains little: a \
perfect lock wins at most RT ln(1/p) for a bioactive-family population p — 0.13 kcal/mol, a \
factor 1.25 in affinity, at p = 0.8 and 298 K — while every added ring substituent or bridge \
changes shape, lipophilicity and synthesis.",
        reference: None,
        priority: 60,
        positions: Positions::of(&[P::N4, P::Acyl]),
        next: END,
    },
    Rule {
        id: "establish-bioactive-conformation",
        title: "Establish the bioactive ring conformation first",
        suggestion: "The bioactive ring pucker is unknown. Obtain it from a ligand-bound crystal or \
cryo-EM structure, from transferred NOEs, or from rigid analogues that each allow only one pucker \
family; then re-run with --bioactive.",
        rationale: "Every pucker-directed move (C2/C7 methyl, bridge, fusion) stabilises one family \
at the expense of the other; aimed at the wrong family it costs potency. Rigid analogues double as \
probes: the one that keeps potency reveals the binding pucker, as a macrocycle enforcing the \
twist-boat did for the N,N-disubstituted 1,4-diazepane orexin antagonists.",
        reference: Some("Bioorg. Med. Chem. Lett. 2009, 19, 2997–3001 (doi:10.1016/j.bmcl.2009.04.026)"),
        priority: 50,
        positions: Positions::NONE,
        next: END,
    },
    Rule {
        id: "bias-rotamer-with-acyl-group",
        title: "Bias the amide rotamer with the acyl group",
        suggestion: "The bioactive rotamer is the minor one and the two are within a factor of 3. \
Enlarge the acyl group (α-branching) or use an ortho-substituted aroyl group, and measure the new \
ratio (low-temperature NMR integrals, `ringflux ratio`).",
        rationale: "Below 3:1 the rotamers differ by less than RT ln 3 = 0.65 kcal/mol (298 K), so \
small steric changes at the acyl group decide which is major. The ratio is set by the contacts of \
the acyl substituent with the ring carbon syn to it (C2 or C7); a bulkier or ortho-substituted acyl \
group enlarges the difference between the two sides. The direction depends on the ring \
substituents, so make the variants and measure.",
        reference: None,
        priority: 75,
        positions: Positions::of(&[P::Acyl]),
        next: END,
    },
    Rule {
        id: "reverse-rotamer-preference",
        title: "The bioactive rotamer is strongly disfavoured: reverse the preference",
        suggestion: "The bioactive rotamer is the minor one by 3:1 or more. Change the steric \
balance at N1: a substituent on the ring carbon syn to O in the bioactive rotamer (see the C2/C7 \
methyl rules), or a different acyl group; measure the ratio of each variant.",
        rationale: "At a ratio r ≥ 3 the bioactive rotamer is populated at 1/(1+r) ≤ 25 %, which \
costs at least RT ln 4 = 0.82 kcal/mol (298 K) on binding. The levers are the steric contacts of \
the acyl substituent with the two ring carbons on N1; the size and even the direction of a shift \
depend on the acyl group and the ring pucker, so make the variants and measure the ratio.",
        reference: None,
        priority: 78,
        positions: Positions::of(&[P::Acyl]),
        next: END,
    },
    Rule {
        id: "separable-amide-rotamers",
        title: "Amide rotamers separable at room temperature",
        suggestion: "Flag the compound: the amide rotamers interconvert with a half-life of about a \
minute or longer at 25 °C. Expect two HPLC peaks and two sets of NMR signals; show that they \
interconvert before calling either an impurity, and test whether the activity belongs to one \
rotamer.",
        rationale: "Eyring at 298.15 K: ΔG‡ = 20 kcal/mol gives k = 0.014 s⁻¹ (t½ ≈ 51 s), \
22 kcal/mol gives t½ ≈ 25 min. LaPlante et al. class atropisomers by these barrier bands (the \
kinetics of amide rotamers is the same): below 20 kcal/mol they interconvert within about a \
minute, from 20 to 30 kcal/mol they are separable but interconvert over minutes to years — a \
development liability.",
        reference: Some("LaPlante, S. R. et al. J. Med. Chem. 2011, 54, 7005–7022"),
        priority: 55,
        positions: Positions::of(&[P::N1, P::Acyl]),
        next: END,
    },
    Rule {
        id: "broad-room-temperature-nmr",
        title: "Broad room-temperature NMR: record at 353 K for purity",
        suggestion: "Coalescence lies near room temperature: expect broad, poorly integrable signals \
at 298 K. Judge purity from a ¹H spectrum at 353 K in DMSO-d6 (bp 189 °C; CDCl3 boils at 61 °C), \
where exchange is fast and the signals are sharp averages, and take the rotamer ratio from a \
spectrum well below the coalescence temperature.",
        rationale: "Near coalescence the exchange rate matches the frequency separation (k = πΔν/√2 \
at Tc for two equally populated sites), which broadens the exchanging signals into the baseline: \
integrals and small impurity peaks cannot be told apart. Some 30 K or more above Tc the signals \
sharpen to their population-weighted averages.",
        reference: Some("Gutowsky, H. S.; Holm, C. H. J. Chem. Phys. 1956, 25, 1228–1234"),
        priority: 40,
        positions: Positions::NONE,
        next: END,
    },
];

const fn ex(rule: u16, facts: Facts, fires: bool) -> Example {
    Example { rule, facts, fires }
}

const U: Facts = Facts::UNKNOWN;

/// The suvorexant case: boat-family bioactive pucker, O syn to C7, flexible parent.
const SUVOREXANT_LIKE: Facts = Facts {
    bioactive_conformation: Some(C::Tb),
    bioactive_rotamer: Some(Rotamer::OSynC7),
    bioactive_population: Some(0.3),
    ..U
};

const EXAMPLES: [Example; 28] = [
    ex(r::METHYL_C7, SUVOREXANT_LIKE, true),
    ex(
        r::METHYL_C7,
        Facts {
            substituent_c7: Some(Substituent::Methyl),
            ..SUVOREXANT_LIKE
        },
        false,
    ),
    ex(
        r::METHYL_C7,
        Facts {
            bioactive_population: Some(0.9),
            ..SUVOREXANT_LIKE
        },
        false,
    ),
    ex(
        r::METHYL_C2,
        Facts {
            bioactive_conformation: Some(C::Tb),
            bioactive_rotamer: Some(Rotamer::OSynC2),
            major_conformation: Some(C::Tc),
            ..U
        },
        true,
    ),
    ex(
        r::METHYL_C2,
        Facts {
            bioactive_rotamer: Some(Rotamer::OSynC2),
            ..SUVOREXANT_LIKE
        },
        true,
    ),
    ex(r::METHYL_C2, SUVOREXANT_LIKE, false),
    ex(
        r::METHYL_EITHER,
        Facts {
            bioactive_family: Some(Family::Boat),
            ..U
        },
        true,
    ),
    ex(
        r::METHYL_EITHER,
        Facts {
            bioactive_family: Some(Family::Boat),
            bioactive_rotamer: Some(Rotamer::OSynC2),
            ..U
        },
        false,
    ),
    ex(
        r::RIGIDIFY,
        Facts {
            dg_ring_kcal_per_mol: Some(8.0),
            ..SUVOREXANT_LIKE
        },
        true,
    ),
    ex(
        r::RIGIDIFY,
        Facts {
            bioactive_conformation: Some(C::Tc),
            major_conformation: Some(C::Tb),
            ..U
        },
        true,
    ),
    ex(
        r::RIGIDIFY,
        Facts {
            dg_ring_kcal_per_mol: Some(14.0),
            ..SUVOREXANT_LIKE
        },
        false,
    ),
    ex(
        r::RIGIDIFY,
        Facts {
            bioactive_conformation: Some(C::Tc),
            major_conformation: Some(C::Tc),
            ..U
        },
        false,
    ),
    ex(
        r::KEEP,
        Facts {
            bioactive_conformation: Some(C::Tc),
            major_conformation: Some(C::Tc),
            ..U
        },
        true,
    ),
    ex(
        r::KEEP,
        Facts {
            bioactive_population: Some(0.9),
            ..SUVOREXANT_LIKE
        },
        true,
    ),
    ex(
        r::KEEP,
        Facts {
            bioactive_conformation: Some(C::Tc),
            major_conformation: Some(C::Tb),
            ..U
        },
        false,
    ),
    // "Dominant" is the family's share: TB alone at 50 % but the boat family at 90 % keeps the
    // ring; the same TB share with the family at 60 % leads on to the methyl (rotamer unknown).
    ex(
        r::KEEP,
        Facts {
            bioactive_conformation: Some(C::Tb),
            major_conformation: Some(C::Tb),
            major_conformation_population: Some(0.5),
            major_family_population: Some(0.9),
            ..U
        },
        true,
    ),
    ex(
        r::METHYL_EITHER,
        Facts {
            bioactive_conformation: Some(C::Tb),
            major_conformation: Some(C::Tb),
            major_conformation_population: Some(0.5),
            major_family_population: Some(0.6),
            ..U
        },
        true,
    ),
    ex(r::ESTABLISH, U, true),
    ex(
        r::ESTABLISH,
        Facts {
            ring: Some(Ring::Piperazine),
            ..U
        },
        false,
    ),
    ex(
        r::ESTABLISH,
        Facts {
            bioactive_conformation: Some(C::Tc),
            ..U
        },
        false,
    ),
    ex(
        r::BIAS,
        Facts {
            bioactive_rotamer: Some(Rotamer::OSynC2),
            major_rotamer: Some(Rotamer::OSynC7),
            rotamer_ratio: Some(1.5),
            ..U
        },
        true,
    ),
    ex(
        r::BIAS,
        Facts {
            bioactive_rotamer: Some(Rotamer::OSynC7),
            major_rotamer: Some(Rotamer::OSynC7),
            rotamer_ratio: Some(1.2),
            ..U
        },
        false,
    ),
    ex(
        r::REVERSE,
        Facts {
            bioactive_rotamer: Some(Rotamer::OSynC7),
            major_rotamer: Some(Rotamer::OSynC2),
            rotamer_ratio: Some(5.0),
            ..U
        },
        true,
    ),
    ex(
        r::REVERSE,
        Facts {
            bioactive_rotamer: Some(Rotamer::OSynC7),
            major_rotamer: Some(Rotamer::OSynC2),
            rotamer_ratio: Some(2.0),
            ..U
        },
        false,
    ),
    ex(
        r::SEPARABLE,
        Facts {
            dg_amide_kcal_per_mol: Some(21.5),
            ..U
        },
        true,
    ),
    ex(
        r::SEPARABLE,
        Facts {
            dg_amide_kcal_per_mol: Some(17.0),
            ..U
        },
        false,
    ),
    ex(
        r::BROAD,
        Facts {
            tc_k: Some(300.0),
            ..U
        },
        true,
    ),
    ex(
        r::BROAD,
        Facts {
            tc_k: Some(340.0),
            ..U
        },
        false,
    ),
];

/// The default rule set (see the module documentation for its trees).
pub const DEFAULT: RuleSet<'static> = RuleSet {
    name: "ringflux-default",
    roots: &[
        nd(n::SEVEN),
        nd(n::ROT_C2),
        nd(n::AMIDE_SLOW),
        nd(n::TC_NEAR_RT),
    ],
    nodes: &NODES,
    rules: &RULES,
    examples: &EXAMPLES,
};
