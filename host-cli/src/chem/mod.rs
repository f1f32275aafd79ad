//! Molecules: perception (bonds, rings, amides, the N1…C7 numbering of the ring), the
//! conformation of one structure (Cremer–Pople pucker, amide rotamer), and conformer ensembles
//! (duplicates, families, Boltzmann populations).
//!
//! May use: [`crate::io`], `ringflux-core`, [`crate::error`], [`crate::units`].

pub mod conformation;
pub mod ensemble;
pub mod perceive;
pub mod symmetry;
