//! Files → typed data. Readers of structures (XYZ, SDF/MOL, PDB), spectra (CSV, JCAMP-DX),
//! quantum-chemistry outputs (Gaussian, ORCA), shift-validation inputs and CSV tables, with the
//! size limits every reader enforces. Nothing here knows chemistry beyond what a file states
//! (bonds guessed from covalent radii are the one exception a PDB reader needs), and nothing here
//! prints: errors are [`crate::error::InputError`]s naming file, line and field.
//!
//! May use: `ringflux-core`, [`crate::error`], [`crate::units`].

pub mod limits;
pub mod manifest;
pub mod model_file;
pub mod qc;
pub mod shift_data;
pub mod sniff;
pub mod spectrum;
pub mod structure;
pub mod table;
