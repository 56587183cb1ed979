//! SAFEARRAY: the automation array. [`SafeArray<T>`] owns one; the raw ABI
//! descriptor ([`SAFEARRAY`], [`SAFEARRAYBOUND`], `FADF_*`) is here too.
//!
//! ```
//! use comtypes::safearray::SafeArray;
//! let a = SafeArray::from_vec(vec![1.0f64, 2.0, 3.0])?;
//! assert_eq!(a.vartype()?, comtypes::variant::VT_R8);
//! assert_eq!(&*a.lock()?, &[1.0, 2.0, 3.0]);
//! # Ok::<(), comtypes::Error>(())
//! ```

mod borrowed;
mod element;
#[cfg(feature = "ndarray")]
mod nd;
mod owned;
mod raw;
mod variant_conv;

pub use borrowed::SafeArrayRef;
pub use element::SafeArrayElement;
#[cfg(feature = "ndarray")]
pub use nd::{SafeArrayView, SafeArrayViewMut};
pub use owned::{SafeArray, SafeArrayData, SafeArrayDataMut};
pub use raw::*;
