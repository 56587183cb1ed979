//! The platform layer: the ole32/oleaut32 functions the library calls, with the same
//! names and signatures on every OS. On Windows they are the system's own (`windows.rs`);
//! elsewhere they are written in Rust (`portable/`). Nothing above this module asks which
//! OS it runs on.
#![allow(non_snake_case, clippy::missing_safety_doc)]

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub(crate) use windows::*;

#[cfg(not(windows))]
mod portable;
#[cfg(not(windows))]
pub(crate) use portable::*;

pub mod oleaut;
#[cfg(not(windows))]
pub(crate) use oleaut::*;

/// `COINIT_APARTMENTTHREADED`: a single-threaded apartment.
pub(crate) const COINIT_APARTMENTTHREADED: u32 = 0x2;
/// `COINIT_MULTITHREADED`: the multithreaded apartment.
pub(crate) const COINIT_MULTITHREADED: u32 = 0x0;
/// `COINIT_DISABLE_OLE1DDE`: no OLE 1 DDE window.
pub(crate) const COINIT_DISABLE_OLE1DDE: u32 = 0x4;
/// `REGCLS_MULTIPLEUSE`: one registered factory serves every creation.
pub(crate) const REGCLS_MULTIPLEUSE: u32 = 1;
/// `ACTIVEOBJECT_STRONG`: the running-object registration holds a strong reference.
pub(crate) const ACTIVEOBJECT_STRONG: u32 = 0;
