//! The science on typed data, as a second front end (a Python package, a web page) would call
//! it: facts for the SAR rules, VT series → rates → Eyring, lineshape fits, shift validation
//! (DP4/DP4+), Boltzmann statistics, parent vs analogue comparison, and the folder model of
//! `analyze`. Functions take plain inputs and return serialisable reports; nothing here parses
//! command-line flags or prints.
//!
//! May use: [`crate::chem`], [`crate::io`], `ringflux-core`, `ringflux-rules`, [`crate::error`],
//! [`crate::units`].

pub mod analyze;
pub mod boltzmann;
pub mod coalescence;
pub mod compare;
pub mod dft_inputs;
pub mod dft_jobs;
pub mod eyring_fit;
pub mod facts;
pub mod integrate;
pub mod lineshape;
pub mod noise;
pub mod plan;
pub mod pucker;
pub mod qc;
pub mod ratio;
pub mod rules;
pub mod shifts;
pub mod suggest;
pub mod vt;
