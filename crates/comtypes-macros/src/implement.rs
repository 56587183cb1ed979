//! `#[implement(IFoo, IBar)] struct Obj { .. }`
//!
//! Produces `unsafe impl ComClass for Obj`: one vtable slot per listed interface (in the
//! order written) plus an automatic `ISupportErrorInfo` slot (whose vtable also carries
//! the direct entry of `#[dispatch]` types), and the IID -> slot map that
//! QueryInterface uses. Slot 0 is the object's IUnknown identity. Also
//! `From<Obj> for IFoo` (and every other listed interface, and IUnknown).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{parse2, Item, Path, Token};

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let interfaces: Vec<Path> = Punctuated::<Path, Token![,]>::parse_terminated
        .parse2(attr)?
        .into_iter()
        .collect();
    let item: Item = parse2(item)?;
    let (ident, generics) = match &item {
        Item::Struct(s) => (&s.ident, &s.generics),
        Item::Enum(e) => (&e.ident, &e.generics),
        other => {
            return Err(syn::Error::new(
                other.span(),
                "#[implement] goes on a struct or enum: the Rust value behind the COM object",
            ))
        }
    };
    if !generics.params.is_empty() {
        return Err(syn::Error::new(
            generics.span(),
            "a COM object type cannot be generic: each needs its own fixed vtables",
        ));
    }
    if interfaces.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "list the interfaces the object implements: #[implement(IMyInterface)]",
        ));
    }
    for (i, p) in interfaces.iter().enumerate() {
        let last = &p.segments.last().expect("non-empty path").ident;
        if last == "IUnknown" {
            return Err(syn::Error::new(
                p.span(),
                "IUnknown is implemented for every object: list only the interfaces beyond it",
            ));
        }
        if interfaces[..i]
            .iter()
            .any(|q| q.segments.last().map(|s| &s.ident) == Some(last))
        {
            return Err(syn::Error::new(
                p.span(),
                format!("`{last}` is listed twice"),
            ));
        }
    }
    let user_sei = interfaces.iter().any(|p| {
        p.segments
            .last()
            .is_some_and(|s| s.ident == "ISupportErrorInfo")
    });

    let count = interfaces.len() + usize::from(!user_sei);
    let vtables = interfaces.iter().enumerate().map(|(slot, path)| {
        quote! {
            &<<#path as ::comtypes::Interface>::Vtable as ::comtypes::imp::VtableFor<#ident, #slot>>::VTABLE
                as *const <#path as ::comtypes::Interface>::Vtable as *const ::core::ffi::c_void
        }
    });
    // The automatic ISupportErrorInfo slot's vtable goes on with the direct entry a
    // `Dispatch` in this process calls instead of Invoke (see comtypes' dispatch/direct.rs);
    // `Probe` picks the `#[dispatch]` entry when the type has one.
    let sei_vtable = (!user_sei).then(|| {
        let slot = interfaces.len();
        quote! {
            , {
                unsafe fn direct_invoke(
                    this: *mut ::core::ffi::c_void,
                    id: i32,
                    flags: u16,
                    values: &[::comtypes::Variant],
                    result: *mut ::comtypes::variant::VARIANT,
                    named: &[i32],
                    failure: *mut ::comtypes::imp::DirectFailure,
                ) -> ::comtypes::HRESULT {
                    #[allow(unused_imports)]
                    use ::comtypes::imp::{DirectByDispatch as _, DirectByNothing as _};
                    let entry = (&&::comtypes::imp::Probe::<#ident, #slot>::NEW).entry();
                    // SAFETY: the caller's promise, passed on to this type's entry.
                    unsafe { entry(this, id, flags, values, result, named, failure) }
                }
                &::comtypes::imp::RustObjectVtbl {
                    support_error_info: ::comtypes::imp::support_error_info_vtable::<#ident, #slot>(),
                    marker: &::comtypes::imp::RUST_OBJECT,
                    owns: ::comtypes::imp::is_slot_of::<#ident, #slot>,
                    invoke: direct_invoke,
                } as *const ::comtypes::imp::RustObjectVtbl as *const ::core::ffi::c_void
            }
        }
    });
    let slot_checks = interfaces.iter().enumerate().map(|(slot, path)| {
        quote! {
            if <#path as ::comtypes::Interface>::is_compatible(iid) {
                return ::core::option::Option::Some(#slot);
            }
        }
    });
    let sei_check = (!user_sei).then(|| {
        let slot = interfaces.len();
        quote! {
            if *iid == <::comtypes::ISupportErrorInfo as ::comtypes::Interface>::IID {
                return ::core::option::Option::Some(#slot);
            }
            if *iid == ::comtypes::imp::IID_DIRECT_DISPATCH {
                #[allow(unused_imports)]
                use ::comtypes::imp::{DirectByDispatch as _, DirectByNothing as _};
                return (&&::comtypes::imp::Probe::<#ident, #slot>::NEW)
                    .has_direct()
                    .then_some(#slot);
            }
        }
    });
    let froms = interfaces.iter().enumerate().map(|(slot, path)| {
        quote! {
            impl ::core::convert::From<#ident> for #path {
                fn from(value: #ident) -> #path {
                    // SAFETY: slot #slot of the object holds `#path`'s vtable.
                    unsafe { ::comtypes::ComObject::new(value).into_slot_interface::<#path, #slot>() }
                }
            }
        }
    });

    Ok(quote! {
        #item

        // SAFETY: the vtable of slot N is built for slot N, and `slot_for` only returns a
        // slot whose vtable implements (or derives from) the requested interface.
        unsafe impl ::comtypes::imp::ComClass for #ident {
            type Vtables = [*const ::core::ffi::c_void; #count];
            const VTABLES: Self::Vtables = [#(#vtables),* #sei_vtable];
            fn slot_for(iid: &::comtypes::Guid) -> ::core::option::Option<usize> {
                if *iid == <::comtypes::IUnknown as ::comtypes::Interface>::IID {
                    return ::core::option::Option::Some(0);
                }
                #(#slot_checks)*
                #sei_check
                ::core::option::Option::None
            }
        }

        #(#froms)*

        impl ::core::convert::From<#ident> for ::comtypes::IUnknown {
            fn from(value: #ident) -> ::comtypes::IUnknown {
                // SAFETY: slot 0 is the object's IUnknown identity.
                unsafe { ::comtypes::ComObject::new(value).into_slot_interface::<::comtypes::IUnknown, 0>() }
            }
        }
    })
}
