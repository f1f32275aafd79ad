//! Rendering of `ringflux pucker` results (human text).

use crate::analysis::pucker::Report;
use crate::analysis::pucker::RingOut;
use crate::analysis::pucker::StructureOut;
use crate::io::structure::Skipped;
use crate::report::spool::{JsonArray, Spool};
use std::io::{BufRead, Write};

/// One ring as a few lines of text.
pub fn render_ring(r: &RingOut) -> String {
    let g = &r.ring;
    let serials = g.atom_serials.as_ref().map_or(String::new(), |s| {
        let s: Vec<String> = s
            .iter()
            .map(|x| x.map_or("?".into(), |x| x.to_string()))
            .collect();
        format!("; serials {}", s.join(","))
    });
    let mut s = format!(
        "  ring {} (atoms {}{serials})\n",
        g.labels.join(" "),
        join(&g.atoms)
    );
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
pub fn write_report(
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
