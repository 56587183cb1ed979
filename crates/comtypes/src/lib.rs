//! COM for Rust: define, call and implement COM interfaces, on Windows and on every other OS.
#![warn(missing_docs)]

extern crate self as comtypes;

pub mod guid;
pub mod hresult;

pub use guid::Guid;
pub use hresult::HRESULT;
