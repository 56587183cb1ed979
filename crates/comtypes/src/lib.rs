//! COM for Rust: define, call and implement COM interfaces, on Windows and on every other OS.
//!
//! - [`Guid`], [`HRESULT`], [`Error`] and [`Result`]: the vocabulary of every call.
//! - [`IUnknown`] and the [`Interface`] trait: interface pointers (Clone = AddRef,
//!   Drop = Release, [`Interface::cast`] = QueryInterface).
//! - [`interface`]: declare an interface; [`implement`]: make a Rust type a COM object.
//! - [`Apartment`], [`create_instance`], [`create_object`], [`register_class`]: run and
//!   create objects.
//!
//! On Windows every call goes to the system's ole32/oleaut32; elsewhere to a built-in
//! runtime with the same functions (see `sys`).
//!
//! ```
//! use comtypes::{implement, interface, Apartment, Guid, IUnknown, Result, HRESULT};
//!
//! #[interface("8B9E1A39-6C5A-4D6E-9A43-3E1F2A6B7C01")]
//! unsafe trait IGreeter: IUnknown {
//!     fn Greet(&self, times: u32, #[out] greeting: *mut comtypes::Bstr) -> HRESULT;
//! }
//!
//! #[implement(IGreeter)]
//! struct Greeter;
//!
//! impl IGreeter_Impl for Greeter {
//!     fn Greet(&self, times: u32) -> Result<comtypes::Bstr> {
//!         Ok("hello ".repeat(times as usize).trim_end().into())
//!     }
//! }
//!
//! let _apartment = Apartment::multithreaded()?;
//! let greeter: IGreeter = Greeter.into();
//! assert_eq!(greeter.Greet(2)?.to_string(), "hello hello");
//! # Ok::<(), comtypes::Error>(())
//! ```
#![warn(missing_docs)]

extern crate self as comtypes;

mod activation;
mod apartment;
mod bstr;
pub mod currency;
pub mod date;
pub mod decimal;
pub mod dispatch;
mod error;
pub mod guid;
pub mod hresult;
mod in_param;
mod interface;
pub mod interfaces;
mod object;
pub mod safearray;
pub(crate) mod sys;
#[doc(hidden)]
pub use sys::oleaut as portable_oleaut;
mod task_memory;
pub mod typeinfo;
mod unknown;
pub mod variant;

pub use activation::{
    clsid_from_progid, create_instance, create_object, get_active_object, get_class_object,
    register_active_object, register_class, register_class_fn, ActiveObjectRegistration,
    ClassContext, ClassFactory, ClassRegistration,
};
pub use apartment::{Apartment, ApartmentKind};
pub use bstr::{Bstr, BstrRef};
pub use comtypes_macros::{dispatch, implement, interface};
pub use currency::Currency;
pub use date::Date;
pub use decimal::Decimal;
pub use dispatch::Dispatch;
pub use error::{Error, ErrorDetail, Result};
pub use guid::Guid;
pub use hresult::HRESULT;
pub use in_param::InParam;
pub use interface::{Interface, Ref};
pub use interfaces::{IDispatch, ISupportErrorInfo, ISupportErrorInfo_Vtbl};
pub use object::ComObject;
pub use task_memory::{get_malloc, TaskMemString};
pub use unknown::{IUnknown, IUnknown_Vtbl};
pub use variant::Variant;

/// Support for the code `#[interface]` and `#[implement]` generate; not for direct use.
#[doc(hidden)]
pub mod imp {
    pub use crate::in_param::assert_in_param;
    pub use crate::object::{
        check, guard, guard_hresult, guard_value, non_null_out, support_error_info_vtable, ComBox,
        ComClass, VtableFor,
    };
}

/// The README's Rust examples run as doc tests, so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
