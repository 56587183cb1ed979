//! Pure-Rust reader for COM type libraries.
#![forbid(unsafe_code)]
