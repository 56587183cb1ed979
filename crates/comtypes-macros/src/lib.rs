//! Procedural macros for comtypes: `#[interface]` declares a COM interface and
//! `#[implement]` turns a Rust struct into a COM object.
//!
//! The macros only produce code shapes; every piece of runtime behaviour lives in the
//! `comtypes` crate, so what they expand to stays small and readable.

mod dispatch;
mod guid;
mod implement;
mod interface;

use proc_macro::TokenStream;

/// Declares a COM interface from a trait whose methods are in vtable order.
///
/// See `comtypes::interface` for the full description and examples.
#[proc_macro_attribute]
pub fn interface(attr: TokenStream, item: TokenStream) -> TokenStream {
    interface::expand(attr.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Makes a Rust struct a COM object implementing the listed interfaces.
///
/// See `comtypes::implement` for the full description and examples.
#[proc_macro_attribute]
pub fn implement(attr: TokenStream, item: TokenStream) -> TokenStream {
    implement::expand(attr.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Exposes the `&self` methods of an inherent impl block through IDispatch.
///
/// See `comtypes::dispatch` for the full description and examples.
#[proc_macro_attribute]
pub fn dispatch(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item: proc_macro2::TokenStream = item.into();
    dispatch::expand(attr.into(), item.clone())
        .unwrap_or_else(|error| dispatch::after_error(error, item))
        .into()
}
