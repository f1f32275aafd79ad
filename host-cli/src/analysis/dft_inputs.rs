//! Input files for the DFT step of shift validation: geometry optimisation + frequencies, then
//! GIAO NMR shieldings on the optimised geometry, for Gaussian 16 or ORCA 5, with the implicit
//! solvent that matches the NMR solvent (Gaussian `SCRF=(PCM,Solvent=…)`, ORCA `CPCM(…)`).
//!
//! The NMR job reads the optimised geometry the first job leaves behind: Gaussian through the
//! checkpoint file (`%OldChk`, `Geom=AllCheck Guess=Read`), ORCA through the `.xyz` file it writes
//! next to its output (`* xyzfile`).

use serde::Serialize;

/// Which program the inputs are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DftProgram {
    /// ORCA 5 (`.inp`).
    Orca,
    /// Gaussian 16 (`.gjf`).
    Gaussian,
}

impl DftProgram {
    /// File extension of an input.
    pub fn extension(self) -> &'static str {
        match self {
            DftProgram::Orca => "inp",
            DftProgram::Gaussian => "gjf",
        }
    }
}

/// An NMR solvent and the names each program's continuum model uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Solvent {
    /// The name as chemists write it for the deuterated NMR solvent.
    pub nmr_name: &'static str,
    /// Gaussian `SCRF=(PCM,Solvent=…)` name.
    pub gaussian: &'static str,
    /// ORCA `CPCM(…)` name.
    pub orca: &'static str,
}

/// Deuterated NMR solvents: (name, other accepted spellings, Gaussian name, ORCA name).
type SolventRow = (
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
);
const SOLVENTS: [SolventRow; 12] = [
    (
        "CDCl3",
        &["chloroform", "chcl3"],
        "Chloroform",
        "Chloroform",
    ),
    (
        "DMSO-d6",
        &["dmso", "dimethylsulfoxide"],
        "DiMethylSulfoxide",
        "DMSO",
    ),
    (
        "CD3OD",
        &["methanol-d4", "methanol", "meoh"],
        "Methanol",
        "Methanol",
    ),
    ("D2O", &["water", "h2o"], "Water", "Water"),
    ("acetone-d6", &["acetone"], "Acetone", "Acetone"),
    (
        "CD2Cl2",
        &["dichloromethane", "ch2cl2", "dcm"],
        "Dichloromethane",
        "CH2Cl2",
    ),
    ("C6D6", &["benzene-d6", "benzene"], "Benzene", "Benzene"),
    ("toluene-d8", &["toluene"], "Toluene", "Toluene"),
    (
        "CD3CN",
        &["acetonitrile-d3", "acetonitrile", "mecn"],
        "Acetonitrile",
        "Acetonitrile",
    ),
    (
        "THF-d8",
        &["thf", "tetrahydrofuran"],
        "TetraHydroFuran",
        "THF",
    ),
    ("pyridine-d5", &["pyridine"], "Pyridine", "Pyridine"),
    (
        "CCl4",
        &["carbon tetrachloride"],
        "CarbonTetraChloride",
        "CCl4",
    ),
];

/// The solvent named `s` (case-insensitive; `CDCl3`, `DMSO-d6`, `chloroform`, …), or the list of
/// known names.
pub fn solvent(s: &str) -> Result<Solvent, String> {
    let key = s.trim().to_ascii_lowercase();
    SOLVENTS
        .iter()
        .find(|(name, aliases, _, _)| {
            name.eq_ignore_ascii_case(&key) || aliases.contains(&key.as_str())
        })
        .map(|&(nmr_name, _, gaussian, orca)| Solvent {
            nmr_name,
            gaussian,
            orca,
        })
        .ok_or_else(|| {
            let known: Vec<&str> = SOLVENTS.iter().map(|s| s.0).collect();
            format!("unknown NMR solvent '{s}' (known: {})", known.join(", "))
        })
}

/// What one pair of input files describes.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// Base name of the files (no extension), e.g. `diazepane_TC-E`.
    pub name: &'a str,
    /// Title / comment line.
    pub title: &'a str,
    /// Method for optimisation and frequencies, `FUNCTIONAL/BASIS` (e.g. `B3LYP/6-311+G(d,p)`).
    pub method: &'a str,
    /// Method for the NMR shieldings.
    pub nmr_method: &'a str,
    /// Implicit solvent, if any.
    pub solvent: Option<Solvent>,
    /// Total charge.
    pub charge: i32,
    /// Spin multiplicity.
    pub multiplicity: u32,
    /// Cores per job.
    pub cores: u32,
    /// Memory per job (all cores together), MB.
    pub memory_mb: u32,
    /// Element symbols and coordinates (Å) of the starting geometry.
    pub atoms: &'a [(&'a str, [f64; 3])],
}

fn xyz_block(atoms: &[(&str, [f64; 3])]) -> String {
    atoms
        .iter()
        .map(|(el, [x, y, z])| format!("{el:<2} {x:>14.8} {y:>14.8} {z:>14.8}\n"))
        .collect()
}

/// Default method of the optimisation and frequencies: B3LYP with Grimme's D3 dispersion and
/// Becke–Johnson damping (Grimme, Ehrlich, Goerigk, J. Comput. Chem. 2011, 32, 1456), at the
/// seed's basis.
pub const DEFAULT_METHOD: &str = "B3LYP-D3(BJ)/6-311+G(d,p)";
/// Default method of the GIAO NMR job: a level of the DP4+ parameter bank (Grimblat, Zanardi,
/// Sarotti, J. Org. Chem. 2015, 80, 12526), gas or PCM, so `validate --dp4plus` has parameters and
/// TMS shieldings for it.
pub const DEFAULT_NMR_METHOD: &str = "mPW1PW91/6-311+G(d,p)";

/// An empirical dispersion correction written as a suffix of the functional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dispersion {
    /// D3 with Becke–Johnson damping.
    D3Bj,
    /// D3 with zero damping.
    D3Zero,
}

/// `FUNCTIONAL[-D3(BJ)|-D3BJ|-D3]/BASIS` → (functional, dispersion, basis).
fn split_method(m: &str) -> Result<(&str, Option<Dispersion>, &str), String> {
    let (f, basis) = m
        .split_once('/')
        .ok_or_else(|| format!("method '{m}': expected FUNCTIONAL/BASIS, e.g. {DEFAULT_METHOD}"))?;
    let upper = f.to_ascii_uppercase();
    for (suffix, d) in [
        ("-D3(BJ)", Dispersion::D3Bj),
        ("-D3BJ", Dispersion::D3Bj),
        ("-D3", Dispersion::D3Zero),
    ] {
        if upper.ends_with(suffix) {
            return Ok((&f[..f.len() - suffix.len()], Some(d), basis));
        }
    }
    Ok((f, None, basis))
}

/// Gaussian route words of a method: `B3LYP/6-311+G(d,p) EmpiricalDispersion=GD3BJ`.
fn gaussian_method(m: &str) -> Result<String, String> {
    let (f, d, b) = split_method(m)?;
    Ok(match d {
        None => format!("{f}/{b}"),
        Some(Dispersion::D3Bj) => format!("{f}/{b} EmpiricalDispersion=GD3BJ"),
        Some(Dispersion::D3Zero) => format!("{f}/{b} EmpiricalDispersion=GD3"),
    })
}

/// ORCA keywords of a method: `B3LYP D3BJ 6-311+G(d,p)`.
fn orca_method(m: &str) -> Result<String, String> {
    let (f, d, b) = split_method(m)?;
    Ok(match d {
        None => format!("{f} {b}"),
        Some(Dispersion::D3Bj) => format!("{f} D3BJ {b}"),
        Some(Dispersion::D3Zero) => format!("{f} D3ZERO {b}"),
    })
}

/// ORCA's `%maxcore` (MB per core): three quarters of the memory per core, the margin the ORCA
/// manual asks for because the program may exceed it.
pub fn orca_maxcore_mb(memory_mb: u32, cores: u32) -> u32 {
    memory_mb / cores.max(1) * 3 / 4
}

/// The two inputs (optimisation + frequencies, NMR) as (file name, text); an error for a method
/// that is not `FUNCTIONAL/BASIS`.
pub fn inputs(program: DftProgram, job: &Job) -> Result<[(String, String); 2], String> {
    let ext = program.extension();
    let opt_name = format!("{}_optfreq", job.name);
    let nmr_name = format!("{}_nmr", job.name);
    let (cores, mem) = (job.cores, job.memory_mb);
    Ok(match program {
        DftProgram::Gaussian => {
            let scrf = job
                .solvent
                .map(|s| format!(" SCRF=(PCM,Solvent={})", s.gaussian))
                .unwrap_or_default();
            let opt = format!(
                "%NProcShared={cores}\n%Mem={mem}MB\n%Chk={opt_name}.chk\n#p {} Opt Freq{scrf}\n\n{}: optimisation + frequencies (ringflux dft-inputs)\n\n{} {}\n{}\n",
                gaussian_method(job.method)?,
                job.title,
                job.charge,
                job.multiplicity,
                xyz_block(job.atoms)
            );
            let nmr = format!(
                "%NProcShared={cores}\n%Mem={mem}MB\n%OldChk={opt_name}.chk\n%Chk={nmr_name}.chk\n#p {} NMR=GIAO Geom=AllCheck Guess=Read{scrf}\n\n",
                gaussian_method(job.nmr_method)?
            );
            [
                (format!("{opt_name}.{ext}"), opt),
                (format!("{nmr_name}.{ext}"), nmr),
            ]
        }
        DftProgram::Orca => {
            let cpcm = job
                .solvent
                .map(|s| format!(" CPCM({})", s.orca))
                .unwrap_or_default();
            let maxcore = orca_maxcore_mb(mem, cores);
            let opt = format!(
                "# {}: optimisation + frequencies (ringflux dft-inputs)\n! {} Opt Freq{cpcm}\n%pal nprocs {cores} end\n%maxcore {maxcore}\n\n* xyz {} {}\n{}*\n",
                job.title,
                orca_method(job.method)?,
                job.charge,
                job.multiplicity,
                xyz_block(job.atoms)
            );
            let nmr = format!(
                "# {}: GIAO shieldings on the optimised geometry (ringflux dft-inputs)\n! {} NMR{cpcm}\n%pal nprocs {cores} end\n%maxcore {maxcore}\n\n* xyzfile {} {} {opt_name}.xyz\n",
                job.title,
                orca_method(job.nmr_method)?,
                job.charge,
                job.multiplicity
            );
            [
                (format!("{opt_name}.{ext}"), opt),
                (format!("{nmr_name}.{ext}"), nmr),
            ]
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATOMS: [(&str, [f64; 3]); 2] = [("C", [0.0, 0.0, 0.0]), ("O", [0.0, 0.0, 1.23])];

    fn job(solvent: Option<Solvent>) -> Job<'static> {
        Job {
            name: "x_TC-E",
            title: "x TC-E",
            method: "B3LYP/6-311+G(d,p)",
            nmr_method: "mPW1PW91/6-311+G(2d,p)",
            solvent,
            charge: 0,
            multiplicity: 1,
            cores: 8,
            memory_mb: 16000,
            atoms: &ATOMS,
        }
    }

    #[test]
    fn solvents_map_to_each_programs_names() {
        let s = solvent("DMSO-d6").unwrap();
        assert_eq!((s.gaussian, s.orca), ("DiMethylSulfoxide", "DMSO"));
        assert_eq!(solvent("CDCl3").unwrap().orca, "Chloroform");
        assert!(solvent("ether").unwrap_err().contains("CDCl3"));
        assert_eq!(solvent("chloroform").unwrap().nmr_name, "CDCl3");
    }

    #[test]
    fn gaussian_inputs_chain_through_the_checkpoint() {
        let [opt, nmr] = inputs(DftProgram::Gaussian, &job(solvent("cdcl3").ok())).unwrap();
        assert_eq!(opt.0, "x_TC-E_optfreq.gjf");
        assert!(opt
            .1
            .contains("#p B3LYP/6-311+G(d,p) Opt Freq SCRF=(PCM,Solvent=Chloroform)"));
        assert!(opt.1.contains("\n0 1\nC "));
        assert!(
            opt.1.ends_with("\n\n"),
            "Gaussian needs a blank line after the geometry"
        );
        assert!(nmr.1.contains("%OldChk=x_TC-E_optfreq.chk"));
        assert!(nmr
            .1
            .contains("NMR=GIAO Geom=AllCheck Guess=Read SCRF=(PCM,Solvent=Chloroform)"));
    }

    #[test]
    fn orca_inputs_chain_through_the_xyz_file() {
        let [opt, nmr] = inputs(DftProgram::Orca, &job(None)).unwrap();
        assert_eq!(opt.0, "x_TC-E_optfreq.inp");
        assert!(opt.1.contains("! B3LYP 6-311+G(d,p) Opt Freq\n"));
        assert!(opt.1.contains("* xyz 0 1\nC "));
        assert!(nmr.1.contains("! mPW1PW91 6-311+G(2d,p) NMR\n"));
        assert!(nmr.1.contains("* xyzfile 0 1 x_TC-E_optfreq.xyz"));
        // 16000 MB over 8 cores, three quarters of it per core
        assert!(opt.1.contains("%pal nprocs 8 end\n%maxcore 1500\n"));
    }

    #[test]
    fn dispersion_suffixes_become_each_programs_keyword() {
        // Gaussian 16 manual, EmpiricalDispersion: GD3BJ, GD3; ORCA 5 manual: D3BJ, D3ZERO
        let mut j = job(None);
        j.method = DEFAULT_METHOD;
        let [opt, _] = inputs(DftProgram::Gaussian, &j).unwrap();
        assert!(opt
            .1
            .contains("#p B3LYP/6-311+G(d,p) EmpiricalDispersion=GD3BJ Opt Freq"));
        let [opt, _] = inputs(DftProgram::Orca, &j).unwrap();
        assert!(opt.1.contains("! B3LYP D3BJ 6-311+G(d,p) Opt Freq"));
        j.method = "PBE0-D3/def2-TZVP";
        let [opt, _] = inputs(DftProgram::Orca, &j).unwrap();
        assert!(opt.1.contains("! PBE0 D3ZERO def2-TZVP Opt Freq"));
        j.method = "B3LYP";
        assert!(inputs(DftProgram::Orca, &j)
            .unwrap_err()
            .contains("FUNCTIONAL/BASIS"));
    }
}
