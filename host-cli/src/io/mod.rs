//! validation shim (old layout)
pub mod sniff;
pub mod spectrum {
    pub mod bruker;
    pub use crate::jcamp;
    pub use crate::spectrum::{read, read_block, Spectrum};
}
pub use crate::{limits, qc, structure};
