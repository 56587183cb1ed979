//! Pure-Rust reader for COM type libraries.
//!
//! Reads the MSFT format (what MIDL, widl and `ICreateTypeLib2` write) from `.tlb`
//! files and from `TYPELIB` resources of PE files, into a complete typed
//! [`model`]. There is no unsafe code and no OS call: the input is a byte slice.
//!
//! ```no_run
//! let bytes = std::fs::read("stdole2.tlb").unwrap();
//! let lib = comtypes_typelib::read(&bytes).unwrap();
//! for t in &lib.types {
//!     println!("{} {}", t.kind.name(), t.name);
//! }
//! ```
//!
//! SLTG type libraries (the older `ICreateTypeLib` format) are recognised and
//! rejected with [`Error::Sltg`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod canonical;
pub mod consts;
mod error;
pub mod model;
mod msft;
mod name;
pub mod pe;

pub use error::{Error, Result};
pub use model::*;

/// Reads a type library from the bytes of a `.tlb` file or of a PE file (the first
/// `TYPELIB` resource, as `LoadTypeLib` does without a `\N` suffix).
pub fn read(data: &[u8]) -> Result<TypeLib> {
    read_index(data, None)
}

/// Like [`read`], choosing the `TYPELIB` resource id of a PE file (`Some(2)` is
/// `hnetcfg.dll\2`). The id is ignored for a plain type library file.
pub fn read_index(data: &[u8], id: Option<u32>) -> Result<TypeLib> {
    msft::parse(locate(data, id)?)
}

/// Finds the type library image in `data`: the data itself for a `.tlb`, or the
/// requested `TYPELIB` resource of a PE file. Detects the format by its signature.
pub fn locate(data: &[u8], id: Option<u32>) -> Result<&[u8]> {
    let magic = data
        .get(..4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    match magic {
        Some(msft::MSFT_MAGIC) => Ok(data),
        Some(msft::SLTG_MAGIC) => Err(Error::Sltg),
        _ if pe::is_pe(data) => {
            let res = pe::typelib_resources(data)?;
            let found = match id {
                None => res.first(),
                Some(id) => res.iter().find(|r| r.id == id),
            };
            match found {
                Some(r) => {
                    let m = r.data.get(..4);
                    if m == Some(b"SLTG".as_slice()) {
                        Err(Error::Sltg)
                    } else if m == Some(b"MSFT".as_slice()) {
                        Ok(r.data)
                    } else {
                        Err(Error::UnknownFormat)
                    }
                }
                None => Err(Error::NoTypeLibResource {
                    id,
                    available: res.iter().map(|r| r.id).collect(),
                }),
            }
        }
        _ => Err(Error::UnknownFormat),
    }
}
