//! The error type of the reader.

use std::fmt;

/// Why a file could not be read as a type library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The data is neither an MSFT type library, an SLTG one, nor a PE file.
    UnknownFormat,
    /// The data is an SLTG type library (the older format made by `ICreateTypeLib`),
    /// which this reader does not support.
    Sltg,
    /// A PE file with no `TYPELIB` resource of the requested id.
    NoTypeLibResource {
        /// The resource id asked for (`None`: the first one).
        id: Option<u32>,
        /// The ids present.
        available: Vec<u32>,
    },
    /// A PE file that could not be parsed.
    Pe(String),
    /// A structure points outside the file or its segment.
    OutOfBounds {
        /// What was being read.
        what: &'static str,
        /// The offset.
        offset: u64,
    },
    /// A value is invalid for its field.
    Invalid {
        /// What was being read.
        what: &'static str,
        /// The value found.
        value: i64,
    },
    /// A count or size exceeds what the file can hold.
    TooLarge {
        /// What was being counted.
        what: &'static str,
        /// The value found.
        value: u64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownFormat => write!(
                f,
                "not a type library: no MSFT or SLTG signature and not a PE file"
            ),
            Error::Sltg => write!(
                f,
                "SLTG type libraries (the old ICreateTypeLib format) are not supported; only MSFT"
            ),
            Error::NoTypeLibResource { id, available } => {
                match id {
                    Some(id) => write!(f, "no TYPELIB resource with id {id} in this PE file")?,
                    None => write!(f, "no TYPELIB resource in this PE file")?,
                }
                if !available.is_empty() {
                    let ids: Vec<String> = available.iter().map(|i| i.to_string()).collect();
                    write!(f, " (available: {})", ids.join(", "))?;
                }
                Ok(())
            }
            Error::Pe(msg) => write!(f, "invalid PE file: {msg}"),
            Error::OutOfBounds { what, offset } => {
                write!(
                    f,
                    "corrupt type library: {what} at offset {offset:#x} is out of bounds"
                )
            }
            Error::Invalid { what, value } => {
                write!(f, "corrupt type library: invalid {what} ({value:#x})")
            }
            Error::TooLarge { what, value } => {
                write!(
                    f,
                    "corrupt type library: {what} ({value}) is larger than the file allows"
                )
            }
        }
    }
}

impl std::error::Error for Error {}

/// Result of the reader.
pub type Result<T> = std::result::Result<T, Error>;
