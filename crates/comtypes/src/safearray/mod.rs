//! SAFEARRAY: the raw ABI descriptor ([`SAFEARRAY`], [`SAFEARRAYBOUND`], `FADF_*`).

mod raw;

pub use raw::*;
