//! Rendering of `ringflux conformers` results (human text).

use crate::chem::ensemble::{Conformer, Ensemble, Sink};
use crate::io::structure::Molecule;
use crate::report::spool::{JsonArray, Spool};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};

/// Human rendering: families, then conformers above 1 % population.
pub fn render(e: &Ensemble) -> String {
    let mut s = format!(
        "{}: {} structures read, {} conformers kept ({} duplicates removed), T = {:.2} K, energies from '{}' ({})\n",
        e.file,
        e.structures_read,
        e.conformers_kept,
        e.duplicates_removed,
        e.temp_k,
        e.energy_field,
        crate::units::unit_words(e.energy_unit, e.energy_unit_from)
    );
    s += &format!(
        "  identity: heavy-atom RMSD < 0.125 Å over {} automorphism(s){}, |ΔE| < 0.05 kcal/mol; {}\n",
        e.automorphisms,
        if e.automorphisms_truncated {
            " (truncated: the molecule has more)"
        } else {
            ""
        },
        if e.chiral_molecule {
            "chiral molecule: mirror images not merged, g = 1".to_string()
        } else {
            format!(
                "mirror images merged ({} removed), g = 2 for chiral conformers",
                e.removed_as_mirror_image
            )
        }
    );
    for w in &e.warnings {
        s += &format!("  warning: {w}\n");
    }
    if e.nonplanar_amide_conformers > 0 {
        s += &format!(
            "  warning: {} of {} kept conformers have a non-planar amide (|ω| > 20° from 0/180°, N angle sum < 350° or |τ| > 20°); their E/Z labels are marked *\n",
            e.nonplanar_amide_conformers, e.conformers_kept
        );
    }
    if e.enantiomeric_conformers > 0 {
        s += &format!(
            "  warning: {} conformer(s) are the mirror image of an earlier one of this chiral molecule: the file mixes stereoisomers\n",
            e.enantiomeric_conformers
        );
    }
    if e.dedupe_incomplete > 0 {
        s += &format!(
            "  warning: the duplicate check reached its memory budget; {} conformers were not compared with every earlier one in their energy window (raise --dedupe-memory-mib)\n",
            e.dedupe_incomplete
        );
    }
    s += "  family     pop. (%)  conformers  lowest ΔE (kcal/mol)\n";
    for f in &e.families {
        s += &format!(
            "  {:<9}  {:>8.2}  {:>10}  {:>20.3}\n",
            f.family,
            100.0 * f.population,
            f.conformers,
            f.lowest_relative_energy_kcal_per_mol
        );
    }
    s += &format!(
        "  S_conf = {:.3} J/(mol·K); G_ens − E_min = {:.3} kcal/mol\n",
        e.conformational_entropy_j_per_mol_k, e.ensemble_g_kcal_per_mol
    );
    let mut top: Vec<_> = e.lowest.iter().filter(|c| c.population >= 0.01).collect();
    top.sort_by(|a, b| b.population.total_cmp(&a.population));
    s +=
        "  conformers with ≥ 1 %:\n     #  ΔE (kcal/mol)  pop. (%)  g  family  Q (Å)   θ (°)  O syn  E/Z\n";
    for c in top {
        s += &format!(
            "  {:>4}  {:>13.3}  {:>8.2}  {}  {:<6}  {:.3}  {:>6}  {:<5}  {}\n",
            c.index,
            c.relative_energy_kcal_per_mol,
            100.0 * c.population,
            c.degeneracy,
            c.family,
            c.total_q_angstrom,
            c.theta_deg.map_or("–".to_string(), |t| format!("{t:.1}")),
            c.o_syn.as_deref().unwrap_or("–"),
            c.rotamer_label.as_deref().unwrap_or("–")
        );
    }
    s + &e.skipped.render()
}

/// CSV columns; the last three are known only at the end of the file.
const CSV_COLUMNS: [&str; 13] = [
    "index",
    "name",
    "energy_kcal_per_mol",
    "family",
    "conformation",
    "total_q_angstrom",
    "theta_deg",
    "o_syn",
    "ez",
    "degeneracy",
    "relative_energy_kcal_per_mol",
    "population",
    "duplicates",
];

/// The CSV fields of a conformer known when it is read (all columns but the last three).
fn csv_fields(c: &Conformer) -> [String; 10] {
    [
        c.index.to_string(),
        c.name.clone(),
        c.energy_kcal_per_mol.to_string(),
        c.family.clone(),
        c.ring.conformation.clone().unwrap_or_default(),
        c.ring.total_q_angstrom.to_string(),
        c.ring.theta_deg.map(|t| t.to_string()).unwrap_or_default(),
        c.amide
            .as_ref()
            .map(|a| a.o_syn.clone())
            .unwrap_or_default(),
        c.amide
            .as_ref()
            .and_then(|a| a.ez)
            .unwrap_or("")
            .to_string(),
        c.degeneracy.to_string(),
    ]
}

/// Kept conformers spooled, each record
/// `[energy f64][duplicates u64][length u64][degeneracy u64][JSON or CSV without the final fields]`
/// (little-endian); duplicate counts are patched in place once final.
pub struct Spill {
    spool: Spool,
    csv: bool,
    pending: Vec<(u64, u64)>,
}

impl Spill {
    const HEAD: usize = 32;

    pub fn new(csv: bool) -> anyhow::Result<Self> {
        Ok(Self {
            spool: Spool::new()?,
            csv,
            pending: Vec::new(),
        })
    }

    /// Writes the pending duplicate counts into their records.
    fn patch(&mut self) -> anyhow::Result<()> {
        for (ticket, n) in std::mem::take(&mut self.pending) {
            self.spool.overwrite(ticket + 8, &n.to_le_bytes())?;
        }
        Ok(())
    }

    /// The spooled records, for reading back from the start.
    fn into_reader(mut self) -> anyhow::Result<BufReader<File>> {
        self.patch()?;
        Ok(self.spool.into_reader()?)
    }
}

impl Sink for Spill {
    fn keep(&mut self, c: Conformer, _: &Molecule) -> anyhow::Result<u64> {
        let payload = if self.csv {
            let mut w = csv::WriterBuilder::new()
                .buffer_capacity(512)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            w.write_record(csv_fields(&c))?;
            let mut row = w.into_inner().map_err(|e| e.into_error())?;
            row.pop(); // the terminator: the final fields follow
            row
        } else {
            c.json_without_weights()?
        };
        let mut head = [0_u8; Self::HEAD];
        head[..8].copy_from_slice(&c.energy_kcal_per_mol.to_le_bytes());
        head[16..24].copy_from_slice(&(payload.len() as u64).to_le_bytes());
        head[24..].copy_from_slice(&u64::from(c.degeneracy).to_le_bytes());
        let ticket = self.spool.append(&head)?;
        self.spool.append(&payload)?;
        Ok(ticket)
    }

    fn duplicates(&mut self, ticket: u64, count: usize) -> anyhow::Result<()> {
        self.pending.push((ticket, count as u64));
        if self.pending.len() >= 4096 {
            self.patch()?;
        }
        Ok(())
    }
}

/// Reads one spilled record: energy, duplicates, degeneracy and the payload into `buf`; `None`
/// at the end.
fn read_record(r: &mut impl BufRead, buf: &mut Vec<u8>) -> anyhow::Result<Option<(f64, u64, u8)>> {
    if r.fill_buf()?.is_empty() {
        return Ok(None);
    }
    let mut head = [0_u8; Spill::HEAD];
    r.read_exact(&mut head)?;
    let word = |i: usize| {
        let mut w = [0_u8; 8];
        w.copy_from_slice(&head[i * 8..i * 8 + 8]);
        w
    };
    let len = usize::try_from(u64::from_le_bytes(word(2)))?;
    buf.resize(len, 0);
    r.read_exact(buf)?;
    Ok(Some((
        f64::from_le_bytes(word(0)),
        u64::from_le_bytes(word(1)),
        u8::try_from(u64::from_le_bytes(word(3))).unwrap_or(1),
    )))
}

/// Copies the spilled conformers to `out` as the report's JSON object or CSV table.
pub fn write_report(
    e: &Ensemble,
    spill: Spill,
    csv: bool,
    mut out: impl Write,
) -> anyhow::Result<()> {
    let mut r = spill.into_reader()?;
    let mut line = Vec::new();
    if csv {
        writeln!(out, "{}", CSV_COLUMNS.join(","))?;
        while let Some((energy, dups, g)) = read_record(&mut r, &mut line)? {
            let (rel, pop) = (e.relative_energy_of(energy), e.population_of(energy, g));
            line.extend_from_slice(format!(",{rel},{pop},{dups}\n").as_bytes());
            out.write_all(&line)?;
        }
        out.flush()?;
        return Ok(());
    }
    let mut json = JsonArray::open(out, e, "conformers")?;
    while let Some((energy, dups, g)) = read_record(&mut r, &mut line)? {
        let (rel, pop) = (e.relative_energy_of(energy), e.population_of(energy, g));
        Conformer::finish_json(&mut line, rel, pop, dups)?;
        json.item(&line)?;
    }
    Ok(json.close()?)
}
