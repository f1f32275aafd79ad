//! # ringflux-rules
//!
//! The declarative SAR rule engine (a decision tree over conformational facts). This crate is a
//! placeholder for the rule engine; it is `no_std` and allocation-free like the core.
#![cfg_attr(not(test), no_std)]
#![deny(unsafe_code)]
#![deny(missing_docs)]

/// Version of the rule-file format this crate reads.
pub const RULE_FORMAT_VERSION: u32 = 1;
