//! Rendering only: the one writer of stdout ([`output::Output::emit`]), human text, SVG plots, and
//! spooled reports too large to hold in memory. Nothing here computes science; it renders the
//! typed results of [`crate::analysis`] and below.
//!
//! May use: [`crate::analysis`], [`crate::chem`], [`crate::io`], the crates below them.

pub mod analyze;
pub mod boltzmann;
pub mod cmd_figures;
pub mod coalescence;
pub mod compare;
pub mod conformers;
pub mod cp_map;
pub mod dft_jobs;
pub mod eyring_fit;
pub mod figures;
pub mod html;
pub mod integrate;
pub mod lineshape;
pub mod output;
pub mod plan;
pub mod plot;
pub mod pucker;
pub mod qc;
pub mod ratio;
pub mod rules;
pub mod shifts;
pub mod spool;
pub mod suggest;
pub mod vt;
