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
mod wide;

pub use activation::{
    clsid_from_progid, create_instance, create_object, get_active_object, get_class_object,
    register_active_object, register_class, register_class_fn, ActiveObjectRegistration,
    ClassContext, ClassFactory, ClassRegistration,
};
pub use apartment::{Apartment, ApartmentKind};
pub use bstr::{Bstr, BstrRef};
/// Declares a COM interface: `#[interface("IID")] unsafe trait IName: IBase { ... }`.
///
/// Methods are listed in vtable order after the base's, take `&self`, and use ABI types:
/// numbers, `Guid`, `HRESULT`, raw pointers, `Ref<'_, I>` (a borrowed interface),
/// `BstrRef<'_>`, `&Variant`, `SafeArrayRef<'_, T>` for `[in]` parameters (they must be
/// borrowed, `Copy` types: the caller keeps ownership), and `#[out] name: *mut T` for
/// outputs. The declaration is `unsafe`: it promises the component's vtable.
///
/// It produces `struct IName` (the interface pointer: Clone = AddRef, Drop = Release,
/// `Deref` to the base, `Interface` with the IID), `IName_Vtbl`, safe wrapper methods
/// (`#[out]` values become the `Ok`, several as a tuple, an `Option<I>` out unwrapped;
/// failures become `Err` with the callee's IErrorInfo; methods with raw-pointer inputs are
/// `unsafe`), and `trait IName_Impl` for Rust objects (see [`implement`]). A method that
/// returns something other than HRESULT, or is marked `#[hresult]` (where S_FALSE
/// matters), returns its value as is.
///
/// ```
/// use comtypes::{interface, implement, Guid, IUnknown, Interface, Result, HRESULT};
///
/// #[interface("9A1E3C57-21B4-4F0D-8E6A-0C5D2B7F4E10")]
/// unsafe trait IShape: IUnknown {
///     fn Area(&self, #[out] area: *mut f64) -> HRESULT;
///     fn Scale(&self, by: f64) -> HRESULT;
/// }
///
/// #[interface("9A1E3C57-21B4-4F0D-8E6A-0C5D2B7F4E11")]
/// unsafe trait ICircle: IShape {
///     fn Radius(&self, #[out] radius: *mut f64) -> HRESULT;
/// }
///
/// #[implement(ICircle)]
/// struct Circle(std::cell::Cell<f64>);
///
/// impl IShape_Impl for Circle {
///     fn Area(&self) -> Result<f64> {
///         Ok(std::f64::consts::PI * self.0.get() * self.0.get())
///     }
///     fn Scale(&self, by: f64) -> Result<()> {
///         self.0.set(self.0.get() * by);
///         Ok(())
///     }
/// }
/// impl ICircle_Impl for Circle {
///     fn Radius(&self) -> Result<f64> {
///         Ok(self.0.get())
///     }
/// }
///
/// let circle: ICircle = Circle(std::cell::Cell::new(1.0)).into();
/// circle.Scale(2.0)?; // a base method, through Deref
/// assert_eq!(circle.Radius()?, 2.0);
/// let shape: IShape = circle.cast()?; // QueryInterface
/// assert!((shape.Area()? - 4.0 * std::f64::consts::PI).abs() < 1e-12);
/// assert_eq!(ICircle::IID, comtypes::guid!("9A1E3C57-21B4-4F0D-8E6A-0C5D2B7F4E11"));
/// # Ok::<(), comtypes::Error>(())
/// ```
pub use comtypes_macros::interface;

/// Makes a Rust type a COM object: `#[implement(IFoo, IBar)] struct Object { ... }`.
///
/// The object gets one vtable per listed interface (and its bases), an atomic reference
/// count, QueryInterface with COM's identity rules (one IUnknown; reflexive, symmetric,
/// transitive), an automatic ISupportErrorInfo, and `From<Object>` for each listed
/// interface and `IUnknown`. The type implements `IFoo_Impl` for each interface and its
/// bases (IUnknown's is automatic). An `Err` from a method sets IErrorInfo for the caller;
/// a panic is stopped at the ABI and becomes E_UNEXPECTED with its text. The value is
/// dropped on the final Release. [`ComObject`] keeps access to the Rust value.
///
/// Methods take `&self`: state needs interior mutability (`Cell`/`RefCell` for objects
/// used in one apartment; `Mutex`/atomics for objects called from several threads).
///
/// ```
/// use comtypes::interfaces::{IPersist, IPersist_Impl, ISupportErrorInfo};
/// use comtypes::{implement, Guid, IUnknown, Interface, Result};
///
/// #[implement(IPersist)]
/// struct Document;
///
/// impl IPersist_Impl for Document {
///     fn GetClassID(&self) -> Result<Guid> {
///         Ok(comtypes::guid!("2C9B0F4A-6D1E-4B7A-9E3F-5A8C1D2E3F40"))
///     }
/// }
///
/// let unknown: IUnknown = Document.into();
/// let persist: IPersist = unknown.cast()?;
/// assert!(persist.as_unknown().is_same_object(&unknown));
/// assert!(unknown.cast::<ISupportErrorInfo>()?.supports(&IPersist::IID));
/// assert_eq!(persist.GetClassID()?.to_string(), "{2C9B0F4A-6D1E-4B7A-9E3F-5A8C1D2E3F40}");
/// # Ok::<(), comtypes::Error>(())
/// ```
pub use comtypes_macros::implement;

/// Exposes the `&self` methods of an inherent impl block through IDispatch, without a
/// type library. See [`dispatch::DispatchClass`] for the attributes and an example, and
/// [`Dispatch`] for calling such objects (and any other) by name.
pub use comtypes_macros::dispatch;
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
    pub use crate::dispatch::direct::{
        DirectByDispatch, DirectByNothing, DirectFailure, DirectInvoke, Probe, RustObjectVtbl,
        IID_DIRECT_DISPATCH, RUST_OBJECT,
    };
    pub use crate::in_param::assert_in_param;
    pub use crate::object::{
        check, guard, guard_hresult, guard_value, is_slot_of, non_null_out,
        support_error_info_vtable, ComBox, ComClass, VtableFor,
    };
}

/// The README's Rust examples run as doc tests, so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
