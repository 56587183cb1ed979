//! Automation (`IDispatch`): calling any object late-bound, by member name.
//!
//! - [`Dispatch`]: an `IDispatch` plus a per-object cache of DISPIDs; `get`, `put`,
//!   `put_ref`, `call`, indexed properties, the default member, and the
//!   [`Invocation`] builder for named, omitted and by-reference arguments.
//! - [`Enumerator`]: a collection's `_NewEnum` as a Rust `Iterator`.
//! - [`IntoArgs`]: what a call accepts as its positional arguments (tuples of values,
//!   arrays and slices of [`Variant`](crate::Variant)).
//! - [`late!`](crate::late): a chain of late-bound calls written like Visual Basic.
//! - [`DispatchClass`] (written by `#[comtypes::dispatch]`): the server side, IDispatch
//!   for Rust types.
//!
//! A [`Dispatch`] calls a `#[dispatch]` object of the same process through a direct
//! entry from its second call on (`direct.rs`): the same call without the IDispatch
//! protocol's costs, with the same results and errors.
//!
//! Failures are [`Error`](crate::Error)s: `DISP_E_EXCEPTION` carries the callee's
//! EXCEPINFO (description, source, help), argument errors name the argument, an unknown
//! member names the member.
//!
//! ```
//! use comtypes::dispatch::Dispatch;
//! # comtypes::dispatch::doc_support::calculator(|calc: Dispatch| {
//! // `calc` is any automation object; here a Rust one with Add, Name and Items.
//! assert_eq!(i32::try_from(calc.call("Add", (2, 3))?)?, 5);
//! calc.put("Name", "adder")?;
//! assert_eq!(String::try_from(calc.get("name")?)?, "adder"); // names are case-insensitive
//! let total: i32 = calc.iter()?.map(|v| i32::try_from(v?)).sum::<comtypes::Result<i32>>()?;
//! assert_eq!(total, 6); // Items: 1, 2, 3
//! # Ok(()) })?;
//! # Ok::<(), comtypes::Error>(())
//! ```

mod args;
mod chain;
mod client;
pub(crate) mod direct;
mod enumerate;
mod exception;
mod names;
mod server;

pub use args::{Arguments, IntoArgs, TupleArgs};
#[doc(hidden)]
pub use chain::{__chain_start, __chain_step, ChainTarget};
pub use client::{Dispatch, Invocation};
pub use enumerate::Enumerator;
pub use exception::error_from_excepinfo;
#[doc(hidden)]
pub use server::{
    positional, store_result, ArgProbe, ExactArg, ExactByNothing, ExactByType, Failure, InOutValue,
};
pub use server::{Args, DispatchClass, FromArg, Member, MemberKind, VariantEnumerator};

#[doc(hidden)]
pub mod doc_support;
