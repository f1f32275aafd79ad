//! # ringflux-core
//!
//! Firmware-grade numerics for the conformational analysis of N-acyl 1,4-diazepanes and related
//! saturated N-heterocycles: Eyring kinetics, coalescence formulas, equilibria and Boltzmann
//! statistics (more modules join as the project grows).
//!
//! * `#![no_std]`, no allocator: every buffer is a const-generic `heapless` container or a
//!   caller-provided slice; a full buffer is an error, never a truncation.
//! * No panics: every bad input returns a [`Error`] that names the offending parameter.
//! * Units live in names (`tc_k`, `dnu_hz`, `dg_j_per_mol`); physical constants are the exact
//!   CODATA 2018 values in [`constants`].
//! * Numerics are generic over [`Real`], implemented for `f64` (reference path, `libm`) and `f32`
//!   (firmware path).
//!
//! ```
//! use ringflux_core::coalescence::gutowsky_holm;
//! // T_c = 330 K, Δν = 40 Hz (shared/reference/kinetics.md, section b)
//! let r = gutowsky_holm(330.0_f64, 40.0).unwrap();
//! assert!((r.dg_j_per_mol / 1000.0 - 68.7920).abs() < 1e-4);
//! ```
#![cfg_attr(not(test), no_std)]
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable
    )
)]

pub mod amide;
pub mod boltzmann;
pub mod coalescence;
pub mod constants;
pub mod decimal;
pub mod dp4;
pub mod equilibrium;
mod error;
pub mod eyring;
pub mod fit;
pub mod freeze_out;
pub mod geometry;
pub mod global_fit;
pub mod lineshape;
mod lm;
pub mod nsite;
pub mod nsite_fit;
pub mod plan;
#[cfg(feature = "json")]
pub mod protocol;
pub mod pucker;
mod real;
pub mod shifts;
pub mod stats;
pub mod vt;

pub use error::{Error, Result};
pub use real::Real;
