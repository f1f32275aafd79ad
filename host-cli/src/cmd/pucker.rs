//! `ringflux pucker FILE...`: Cremer–Pople coordinates, torsions, conformation and amide rotamer
//! of every ring (5–8 atoms) in every structure of the given files.
//!
//! Files are streamed and each structure's report is spooled ([`crate::spool`]) as it is made,
//! then copied to stdout once every file was read: memory does not grow with the number of
//! structures, and an input error leaves stdout empty. In the JSON the `structures` array holds
//! one structure per line.

use crate::conformation::{self, AmideReport, RingReport};
use crate::error::{CmdResult, InputError};
use crate::output::Output;
use crate::perceive::Graph;
use crate::spool::{JsonArray, Spool};
use crate::structure::{Molecule, Records, Skipped};
use serde::Serialize;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Arguments of `ringflux pucker`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Structure files: .xyz (multi-frame), .sdf/.sd/.mol (V2000/V3000), .pdb.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Analyse only this ring: 1-based atom numbers in N1, C2, … order (e.g. 8,18,17,2,21,20,19).
    #[arg(long, value_delimiter = ',')]
    pub ring: Option<Vec<usize>>,
    /// Skip bad records (reported) instead of stopping at the first one.
    #[arg(long)]
    pub keep_going: bool,
}

/// One ring of one structure.
#[derive(Debug, Clone, Serialize)]
pub struct RingOut {
    /// Puckering.
    #[serde(flatten)]
    pub ring: RingReport,
    /// The N-acyl amide on atom 1, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amide: Option<AmideReport>,
}

/// One structure.
#[derive(Debug, Clone, Serialize)]
pub struct StructureOut {
    /// File.
    pub file: String,
    /// Record number in the file (1-based).
    pub index: usize,
    /// Line where the record starts.
    pub line: u64,
    /// Title.
    pub name: String,
    /// Rings of 5–8 atoms (N-acyl rings first), or the `--ring`.
    pub rings: Vec<RingOut>,
}

/// JSON report of `ringflux pucker`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Structures analysed.
    pub structures: Vec<StructureOut>,
    /// Skipped records (with `--keep-going`).
    #[serde(flatten)]
    pub skipped: Skipped,
}

/// Analyses all rings of one structure.
pub fn analyse(
    path: &Path,
    mol: &Molecule,
    ring: Option<&[usize]>,
) -> Result<StructureOut, InputError> {
    let at =
        |what: String| InputError::at(path, mol.line, format!("structure {}: {what}", mol.index));
    let g = Graph::of(mol);
    let rings = conformation::rings_of(&g, ring).map_err(|e| at(format!("--ring: {e}")))?;
    let mut out = Vec::with_capacity(rings.len());
    for r in &rings {
        let ring = conformation::ring_report(mol, r)
            .map_err(|e| at(format!("ring {}: {e}", r.labels.join("-"))))?;
        let amide = conformation::amide_report(mol, r).map_err(|e| at(format!("amide: {e}")))?;
        out.push(RingOut { ring, amide });
    }
    Ok(StructureOut {
        file: path.display().to_string(),
        index: mol.index,
        line: mol.line,
        name: mol.title.clone(),
        rings: out,
    })
}

/// Reads the files and hands each structure's report to `each`, in file order; returns the
/// skipped records.
pub fn for_each(
    a: &Args,
    mut each: impl FnMut(StructureOut) -> anyhow::Result<()>,
) -> CmdResult<Skipped> {
    let mut skipped = Skipped::default();
    for path in &a.files {
        for rec in Records::open(path)? {
            match rec.and_then(|m| analyse(path, &m, a.ring.as_deref())) {
                Ok(s) => each(s)?,
                Err(e) if a.keep_going => skipped.push(&e),
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(skipped)
}

/// Reads and analyses the files into one report held in memory.
pub fn compute(a: &Args) -> CmdResult<Report> {
    let mut structures = Vec::new();
    let skipped = for_each(a, |s| {
        structures.push(s);
        Ok(())
    })?;
    Ok(Report {
        structures,
        skipped,
    })
}

/// One ring as a few lines of text.
pub fn render_ring(r: &RingOut) -> String {
    let g = &r.ring;
    let mut s = format!("  ring {} (atoms {})\n", g.labels.join(" "), join(&g.atoms));
    let phase = |p: Option<f64>| p.map_or("undefined".to_string(), |x| format!("{x:.2}°"));
    let mut coords = format!(
        "q2 = {:.4} Å, φ2 = {};",
        g.q_angstrom.q2,
        phase(g.phi_deg.phi2)
    );
    match (g.q_angstrom.q3, g.size) {
        (Some(q3), 6) => coords += &format!(" q3 = {q3:.4} Å (signed);"),
        (Some(q3), _) => coords += &format!(" q3 = {q3:.4} Å, φ3 = {};", phase(g.phi_deg.phi3)),
        _ => {}
    }
    if let Some(q4) = g.q_angstrom.q4 {
        coords += &format!(" q4 = {q4:.4} Å (signed);");
    }
    s += &format!("    {coords} Q = {:.4} Å", g.total_q_angstrom);
    if let Some(t) = g.theta_deg {
        s += &format!(", θ = {t:.2}°");
    }
    s += "\n";
    if let Some(c) = &g.conformation {
        let fam = g
            .family
            .map(|f| format!(" ({f} family)"))
            .unwrap_or_default();
        let detail = match (c.as_str(), &g.nearest, &g.between, g.distance_deg) {
            ("P", ..) => "planar (Q < 0.1 Å)".to_string(),
            ("intermediate", Some(n), Some(b), Some(d)) => {
                format!("intermediate between {n} and {b}, {d:.1}° from {n}")
            }
            (_, _, _, Some(d)) => format!("{c}, {d:.1}° from the ideal form"),
            _ => c.clone(),
        };
        s += &format!("    conformation: {detail}{fam}\n");
    }
    s += &format!(
        "    torsions (°): {}\n",
        g.torsions_deg
            .iter()
            .map(|t| format!("{t:.1}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(a) = &r.amide {
        s += &format!(
            "    amide: O syn to {}{}; C–N {:.3} Å ({}), Σ∠N {:.1}°, τ {:.1}°, χN {:.1}°\n",
            a.o_syn,
            a.ez.map(|e| format!(" ({e})"))
                .unwrap_or_else(|| " (E/Z degenerate)".into()),
            a.cn_angstrom,
            a.cn_class.replace('_', " "),
            a.n_angle_sum_deg,
            a.twist_deg,
            a.chi_n_deg
        );
    }
    s
}

fn join(v: &[usize]) -> String {
    v.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}

/// One structure as text.
pub fn render_structure(st: &StructureOut) -> String {
    let mut s = format!("{} #{} {}\n", st.file, st.index, st.name);
    if st.rings.is_empty() {
        s += "  no ring of 5 to 8 atoms\n";
    }
    for ring in &st.rings {
        s += &render_ring(ring);
    }
    s
}

/// Human rendering.
pub fn render(r: &Report) -> String {
    r.structures
        .iter()
        .map(render_structure)
        .collect::<String>()
        + &r.skipped.render()
}

/// Copies the spooled structures to `out`: as text, or (`json`) one JSON value per spooled line
/// into the report's object.
fn write_report(
    spool: Spool,
    skipped: &Skipped,
    json: bool,
    mut out: impl Write,
) -> anyhow::Result<()> {
    if !json {
        spool.copy_to(&mut out)?;
        out.write_all(skipped.render().as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    let mut lines = spool.into_reader()?;
    let mut report = JsonArray::open(out, skipped, "structures")?;
    let mut line = Vec::new();
    while lines.read_until(b'\n', &mut line)? > 0 {
        report.item(line.strip_suffix(b"\n").unwrap_or(&line))?;
        line.clear();
    }
    Ok(report.close()?)
}

/// Runs `ringflux pucker`; `json` is the global flag.
pub fn run(a: &Args, json: bool) -> CmdResult<Output> {
    let mut spool = Spool::new()?;
    let skipped = for_each(a, |st| {
        if json {
            // Compact JSON holds no raw line break: one structure per line.
            let mut line = serde_json::to_vec(&st)?;
            line.push(b'\n');
            spool.append(&line)?;
        } else {
            spool.append(render_structure(&st).as_bytes())?;
        }
        Ok(())
    })?;
    let stdout = std::io::stdout();
    write_report(spool, &skipped, json, BufWriter::new(stdout.lock()))?;
    Ok(Output::streamed())
}
