//! oleaut32's functions written in Rust: BSTR, VARIANT and SAFEARRAY. Compiled on every
//! OS: elsewhere they are the platform layer's implementation, and on Windows the
//! differential tests run them beside the system's own on the same inputs.
#![allow(non_snake_case, missing_docs, clippy::missing_safety_doc)]

mod bstr;

pub use bstr::{SysAllocStringLen, SysFreeString, SysStringLen};
