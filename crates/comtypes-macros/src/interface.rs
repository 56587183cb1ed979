//! `#[interface("IID")] unsafe trait IFoo: IBase { ... }`
//!
//! Produces, for an interface `IFoo` deriving from `IBase`:
//! - `struct IFoo(IBase)`: the interface pointer (Clone = AddRef, Drop = Release via IUnknown),
//!   with `Deref<Target = IBase>` so base methods are callable;
//! - `unsafe impl Interface for IFoo` (IID, vtable type, base chain);
//! - `struct IFoo_Vtbl { base__: IBase_Vtbl, Method: unsafe extern "system" fn(..) }`;
//! - safe wrapper methods on `IFoo` (`#[out]` pointers become the `Ok` value);
//! - `trait IFoo_Impl: IBase_Impl`: what a Rust object implements, mirroring the wrappers;
//! - `IFoo_Vtbl::new::<T, OFFSET>()`: the vtable of thunks calling `T`'s `IFoo_Impl`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{
    parse2, Attribute, FnArg, Ident, ItemTrait, LitStr, Pat, Path, ReturnType, TraitItem,
    TraitItemFn, Type,
};

/// One parameter of a method after parsing.
struct Param {
    name: Ident,
    ty: Type,
    /// `#[out]`: written by the callee, returned in the wrapper's `Ok`.
    out: Option<OutKind>,
}

/// What an `#[out]` pointer points at.
struct OutKind {
    /// The pointee, e.g. `i32` for `*mut i32`.
    pointee: Type,
    /// `Some(I)` when the pointee is `Option<I>`: the wrapper returns `I` and treats null as an error.
    unwrapped: Option<Type>,
}

/// One method after parsing.
struct Method {
    attrs: Vec<Attribute>,
    name: Ident,
    declared_unsafe: bool,
    params: Vec<Param>,
    /// `None` for `-> HRESULT` methods; otherwise the declared return type (`()` if none).
    plain_return: Option<Type>,
    /// The return type as written (`HRESULT` as the user imported it, so the import is used).
    abi_return: Type,
    /// `#[hresult]`: success codes matter (S_FALSE), so wrapper and impl use the HRESULT
    /// itself; a panic still becomes E_UNEXPECTED.
    keeps_hresult: bool,
}

impl Method {
    fn outs(&self) -> impl Iterator<Item = (&Param, &OutKind)> {
        self.params
            .iter()
            .filter_map(|p| p.out.as_ref().map(|o| (p, o)))
    }
    fn ins(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.out.is_none())
    }
    /// The Rust type of the `Ok` value: `()`, `T`, or a tuple.
    fn ok_type(&self) -> TokenStream {
        let tys: Vec<TokenStream> = self
            .outs()
            .map(|(_, o)| {
                let t = o.unwrapped.as_ref().unwrap_or(&o.pointee);
                quote!(#t)
            })
            .collect();
        match tys.len() {
            1 => tys[0].clone(),
            _ => quote!((#(#tys),*)),
        }
    }
}

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let iid = parse_iid(attr)?;
    let item: ItemTrait = parse2(item)?;
    if item.unsafety.is_none() {
        return Err(syn::Error::new(
            item.trait_token.span,
            "a COM interface is declared as `unsafe trait`: the compiler cannot check that the \
             methods match the component's vtable, so the declaration is an unsafe promise",
        ));
    }
    if !item.generics.params.is_empty() {
        return Err(syn::Error::new(
            item.generics.span(),
            "COM interfaces cannot be generic",
        ));
    }
    let base = base_path(&item)?;
    let methods = item
        .items
        .iter()
        .map(parse_method)
        .collect::<syn::Result<Vec<_>>>()?;
    Ok(generate(&item, iid, &base, &methods))
}

fn parse_iid(attr: TokenStream) -> syn::Result<u128> {
    if attr.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "the interface needs its IID: #[interface(\"00000000-0000-0000-C000-000000000046\")]",
        ));
    }
    let lit: LitStr = parse2(attr).map_err(|e| {
        syn::Error::new(
            e.span(),
            "expected the IID as a string literal: #[interface(\"XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX\")]",
        )
    })?;
    crate::guid::parse(&lit.value()).map_err(|msg| syn::Error::new(lit.span(), msg))
}

fn base_path(item: &ItemTrait) -> syn::Result<Path> {
    let mut bases = item.supertraits.iter();
    let base = match (bases.next(), bases.next()) {
        (Some(syn::TypeParamBound::Trait(t)), None) => t.path.clone(),
        (None, _) => {
            return Err(syn::Error::new(
                item.ident.span(),
                format!(
                    "a COM interface derives from exactly one base interface: write `unsafe trait {}: IUnknown`",
                    item.ident
                ),
            ))
        }
        (Some(other), _) => {
            return Err(syn::Error::new(
                other.span(),
                "a COM interface derives from exactly one base interface (COM has single inheritance)",
            ))
        }
    };
    Ok(base)
}

fn parse_method(item: &TraitItem) -> syn::Result<Method> {
    let f: &TraitItemFn = match item {
        TraitItem::Fn(f) => f,
        other => {
            return Err(syn::Error::new(
                other.span(),
                "a COM interface contains only methods, in vtable order",
            ))
        }
    };
    if let Some(body) = &f.default {
        return Err(syn::Error::new(
            body.span(),
            "interface methods have no body: the implementation comes from the object",
        ));
    }
    let sig = &f.sig;
    if !sig.generics.params.is_empty() {
        return Err(syn::Error::new(
            sig.generics.span(),
            "COM methods cannot be generic",
        ));
    }
    if sig.asyncness.is_some() || sig.variadic.is_some() {
        return Err(syn::Error::new(
            sig.span(),
            "COM methods cannot be async or variadic",
        ));
    }
    let mut inputs = sig.inputs.iter();
    match inputs.next() {
        Some(FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_none() => {}
        _ => {
            return Err(syn::Error::new(
                sig.ident.span(),
                "COM methods take `&self` first (the interface pointer)",
            ))
        }
    }
    let returns_hresult = match &sig.output {
        ReturnType::Type(_, ty) => is_named(ty, "HRESULT"),
        ReturnType::Default => false,
    };
    let mut keeps_hresult = false;
    for a in &f.attrs {
        if a.path().is_ident("hresult") {
            if !returns_hresult {
                return Err(syn::Error::new(
                    a.span(),
                    "`#[hresult]` is for methods returning HRESULT whose success codes (S_FALSE) matter",
                ));
            }
            keeps_hresult = true;
        } else if !a.path().is_ident("doc") {
            return Err(syn::Error::new(
                a.span(),
                "the only method attributes are doc comments and `#[hresult]`",
            ));
        }
    }
    let mut params = Vec::new();
    for (i, arg) in inputs.enumerate() {
        let FnArg::Typed(pt) = arg else {
            unreachable!("only the first argument can be a receiver")
        };
        let name = match &*pt.pat {
            Pat::Ident(p) => p.ident.clone(),
            Pat::Wild(_) => format_ident!("arg{}__", i),
            other => {
                return Err(syn::Error::new(
                    other.span(),
                    "parameters are plain names: `name: Type`",
                ))
            }
        };
        let mut out = None;
        for a in &pt.attrs {
            if a.path().is_ident("out") || a.path().is_ident("retval") {
                out = Some(out_kind(&pt.ty, a)?);
            } else {
                return Err(syn::Error::new(
                    a.span(),
                    "the only parameter attribute is `#[out]` (an out pointer returned in `Ok`)",
                ));
            }
        }
        if out.is_some() && (!returns_hresult || keeps_hresult) {
            return Err(syn::Error::new(
                pt.span(),
                "`#[out]` parameters need a method returning HRESULT (without `#[hresult]`): their value is the `Ok` of the wrapper",
            ));
        }
        params.push(Param {
            name,
            ty: (*pt.ty).clone(),
            out,
        });
    }
    let plain_return = if returns_hresult && !keeps_hresult {
        None
    } else {
        Some(match &sig.output {
            ReturnType::Type(_, ty) => (**ty).clone(),
            ReturnType::Default => syn::parse_quote!(()),
        })
    };
    let abi_return = match &sig.output {
        ReturnType::Type(_, ty) => (**ty).clone(),
        ReturnType::Default => syn::parse_quote!(()),
    };
    Ok(Method {
        keeps_hresult,
        abi_return,
        attrs: f
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .cloned()
            .collect(),
        name: sig.ident.clone(),
        declared_unsafe: sig.unsafety.is_some(),
        params,
        plain_return,
    })
}

fn out_kind(ty: &Type, attr: &Attribute) -> syn::Result<OutKind> {
    let Type::Ptr(ptr) = ty else {
        return Err(syn::Error::new(
            ty.span(),
            "an `#[out]` parameter is a `*mut T` the callee writes",
        ));
    };
    if ptr.mutability.is_none() {
        return Err(syn::Error::new(
            attr.span(),
            "an `#[out]` parameter is `*mut T`, not `*const T`",
        ));
    }
    let pointee = (*ptr.elem).clone();
    let unwrapped = option_inner(&pointee);
    Ok(OutKind { pointee, unwrapped })
}

/// `Option<X>` -> `Some(X)`.
fn option_inner(ty: &Type) -> Option<Type> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t.clone()),
        _ => None,
    }
}

fn is_named(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(tp) if tp.qself.is_none() && tp.path.segments.last().is_some_and(|s| s.ident == name && s.arguments.is_empty()))
}

fn is_raw_pointer(ty: &Type) -> bool {
    matches!(ty, Type::Ptr(_))
}

/// `Ref<'_, IFoo>` -> `IFoo`: such parameters accept anything convertible into a `Ref`.
fn ref_target(ty: &Type) -> Option<Type> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != "Ref" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

fn generate(item: &ItemTrait, iid: u128, base: &Path, methods: &[Method]) -> TokenStream {
    let name = &item.ident;
    let vis = &item.vis;
    let docs: Vec<&Attribute> = item
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    let name_str = name.to_string();
    let vtbl = format_ident!("{}_Vtbl", name);
    let impl_trait = format_ident!("{}_Impl", name);

    let vtbl_fields = methods.iter().map(|m| {
        let mname = &m.name;
        let tys = m.params.iter().map(|p| &p.ty);
        let ret = abi_return(m);
        quote! {
            #[allow(missing_docs)]
            pub #mname: unsafe extern "system" fn(this: *mut ::core::ffi::c_void #(, #tys)*) -> #ret
        }
    });
    let wrappers = methods.iter().map(wrapper);
    let impl_methods = methods.iter().map(impl_method);
    let thunks = methods.iter().map(|m| thunk(m, &impl_trait));
    let thunk_fields = methods.iter().map(|m| {
        let mname = &m.name;
        quote!(#mname: #mname::<T, OFFSET>)
    });
    // Owned types as [in] parameters would be freed by the callee as well as the caller.
    let in_param_checks = methods.iter().flat_map(|m| m.ins()).map(|p| {
        let t = &p.ty;
        quote_spanned!(t.span()=> ::comtypes::imp::assert_in_param::<#t>();)
    });
    let iid_lit = proc_macro2::Literal::u128_suffixed(iid);
    let on_unimplemented = format!(
        "`{{Self}}` does not implement the COM interface `{name}`: add `impl {impl_trait} for {{Self}}` with its methods"
    );
    let impl_doc = format!(
        "What a Rust object implements to be a `{name}`: one method per interface method, \
         with `#[out]` pointers returned in `Ok`. Used with `#[comtypes::implement({name})]`."
    );
    let vtbl_doc = format!("The vtable layout of `{name}`, base interface first.");

    quote! {
        #(#docs)*
        #[repr(transparent)]
        #[derive(Clone, PartialEq, Eq)]
        #vis struct #name(#base);

        impl ::core::ops::Deref for #name {
            type Target = #base;
            fn deref(&self) -> &#base {
                &self.0
            }
        }

        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{}({:p})", #name_str, ::comtypes::Interface::as_raw(self))
            }
        }

        // SAFETY: `#name` is a transparent wrapper of its base, hence of a non-null COM
        // pointer whose vtable starts with `#vtbl`'s layout (the declaration's promise).
        unsafe impl ::comtypes::Interface for #name {
            type Vtable = #vtbl;
            const IID: ::comtypes::Guid = ::comtypes::Guid::from_u128(#iid_lit);
            const NAME: &'static str = #name_str;
            fn is_compatible(iid: &::comtypes::Guid) -> bool {
                *iid == <Self as ::comtypes::Interface>::IID
                    || <#base as ::comtypes::Interface>::is_compatible(iid)
            }
        }

        const _: () = {
            #[allow(dead_code, non_snake_case)]
            fn in_parameters_are_borrowed() {
                #(#in_param_checks)*
            }
        };

        impl ::core::convert::From<#name> for #base {
            fn from(value: #name) -> #base {
                value.0
            }
        }

        impl<'a> ::core::convert::From<&'a #name> for &'a #base {
            fn from(value: &'a #name) -> &'a #base {
                &value.0
            }
        }

        #[doc = #vtbl_doc]
        #[repr(C)]
        #[allow(non_snake_case, non_camel_case_types)]
        #vis struct #vtbl {
            /// The base interface's methods.
            pub base__: <#base as ::comtypes::Interface>::Vtable,
            #(#vtbl_fields,)*
        }

        #[allow(non_snake_case, clippy::too_many_arguments, clippy::missing_safety_doc)]
        impl #name {
            #(#wrappers)*
        }

        #[doc = #impl_doc]
        #[allow(non_snake_case, non_camel_case_types, clippy::too_many_arguments)]
        #[diagnostic::on_unimplemented(message = #on_unimplemented)]
        #vis trait #impl_trait {
            #(#impl_methods)*
        }

        // The vtable whose thunks call `T`'s implementation; `OFFSET` is the slot of this
        // interface in `T`'s object layout. The base part comes from the base's own impl,
        // which needs `T` to implement the base interfaces too.
        #[allow(non_snake_case)]
        impl<T: #impl_trait + ::comtypes::imp::ComClass, const OFFSET: usize> ::comtypes::imp::VtableFor<T, OFFSET> for #vtbl
        where
            <#base as ::comtypes::Interface>::Vtable: ::comtypes::imp::VtableFor<T, OFFSET>,
        {
            const VTABLE: Self = {
                #(#thunks)*
                Self {
                    base__: <<#base as ::comtypes::Interface>::Vtable as ::comtypes::imp::VtableFor<T, OFFSET>>::VTABLE,
                    #(#thunk_fields,)*
                }
            };
        }
    }
}

fn abi_return(m: &Method) -> TokenStream {
    let t = &m.abi_return;
    quote!(#t)
}

fn wrapper(m: &Method) -> TokenStream {
    let attrs = &m.attrs;
    let mname = &m.name;
    let raw_in = m.ins().any(|p| is_raw_pointer(&p.ty));
    let unsafety = if m.declared_unsafe || raw_in {
        quote!(unsafe)
    } else {
        quote!()
    };
    let safety_doc = if m.declared_unsafe || raw_in {
        quote!(#[doc = ""] #[doc = "# Safety"] #[doc = "Pointer arguments must be valid as the interface's documentation requires."])
    } else {
        quote!()
    };
    let mut lifetimes = Vec::new();
    let args: Vec<TokenStream> = m
        .ins()
        .map(|p| {
            let n = &p.name;
            let t = &p.ty;
            match ref_target(t) {
                Some(target) => {
                    let lt =
                        syn::Lifetime::new(&format!("'r{}__", lifetimes.len()), Span::call_site());
                    lifetimes.push(lt.clone());
                    quote!(#n: impl ::core::convert::Into<::comtypes::Ref<#lt, #target>>)
                }
                None => quote!(#n: #t),
            }
        })
        .collect();
    let generics = if lifetimes.is_empty() {
        quote!()
    } else {
        quote!(<#(#lifetimes),*>)
    };
    let conversions = m.ins().filter(|p| ref_target(&p.ty).is_some()).map(|p| {
        let n = &p.name;
        let t = &p.ty;
        quote!(let #n: #t = ::core::convert::Into::into(#n);)
    });
    let out_decls = m.outs().map(|(p, o)| {
        let n = &p.name;
        let t = &o.pointee;
        quote!(let mut #n: #t = ::core::default::Default::default();)
    });
    let call_args = m.params.iter().map(|p| {
        let n = &p.name;
        if p.out.is_some() {
            quote!(&mut #n)
        } else {
            quote!(#n)
        }
    });
    let call = quote! {
        (::comtypes::Interface::vtable(self).#mname)(::comtypes::Interface::as_raw(self) #(, #call_args)*)
    };
    match &m.plain_return {
        // `#[inline]`: the wrapper is a few instructions around one indirect call; without
        // it a caller in another crate pays a second call (and a Result through memory).
        Some(ret) => quote! {
            #(#attrs)*
            #safety_doc
            #[inline]
            pub #unsafety fn #mname #generics(&self #(, #args)*) -> #ret {
                #(#conversions)*
                // SAFETY: the vtable matches the declaration; `self` is a live interface pointer.
                unsafe { #call }
            }
        },
        None => {
            let ok_type = m.ok_type();
            let results = m.outs().map(|(p, o)| {
                let n = &p.name;
                if o.unwrapped.is_some() {
                    quote!(::comtypes::imp::non_null_out(#n)?)
                } else {
                    quote!(#n)
                }
            });
            let results: Vec<_> = results.collect();
            let single_unwrapped =
                results.len() == 1 && m.outs().all(|(_, o)| o.unwrapped.is_some());
            let ok = match results.len() {
                1 => quote!(#(#results)*),
                _ => quote!((#(#results),*)),
            };
            let finish = if single_unwrapped {
                let (p, _) = m.outs().next().expect("one out");
                let n = &p.name;
                quote!(::comtypes::imp::non_null_out(#n))
            } else {
                quote!(::core::result::Result::Ok(#ok))
            };
            quote! {
                #(#attrs)*
                #safety_doc
                #[inline]
                pub #unsafety fn #mname #generics(&self #(, #args)*) -> ::comtypes::Result<#ok_type> {
                    #(#conversions)*
                    #(#out_decls)*
                    // SAFETY: the vtable matches the declaration; `self` is a live interface
                    // pointer and every out pointer points at an initialised local.
                    let hr = unsafe { #call };
                    ::comtypes::imp::check(hr, self)?;
                    #finish
                }
            }
        }
    }
}

fn impl_method(m: &Method) -> TokenStream {
    let attrs = &m.attrs;
    let mname = &m.name;
    // Raw pointer arguments are only as valid as the caller promises: the implementation
    // is an `unsafe fn` whose body relies on that promise.
    let unsafety = if m.declared_unsafe || m.ins().any(|p| is_raw_pointer(&p.ty)) {
        quote!(unsafe)
    } else {
        quote!()
    };
    let args = m.ins().map(|p| {
        let n = &p.name;
        let t = &p.ty;
        quote!(#n: #t)
    });
    let ret = match &m.plain_return {
        Some(t) => quote!(#t),
        None => {
            let ok = m.ok_type();
            quote!(::comtypes::Result<#ok>)
        }
    };
    quote! {
        #(#attrs)*
        #unsafety fn #mname(&self #(, #args)*) -> #ret;
    }
}

fn thunk(m: &Method, impl_trait: &Ident) -> TokenStream {
    let mname = &m.name;
    let params = m.params.iter().map(|p| {
        let n = &p.name;
        let t = &p.ty;
        quote!(#n: #t)
    });
    let in_names: Vec<&Ident> = m.ins().map(|p| &p.name).collect();
    let ret = abi_return(m);
    let body = match &m.plain_return {
        Some(_) if m.keeps_hresult => quote! {
            ::comtypes::imp::guard_hresult(|| <T as #impl_trait>::#mname(this, #(#in_names),*))
        },
        Some(_) => quote! {
            ::comtypes::imp::guard_value(|| <T as #impl_trait>::#mname(this, #(#in_names),*))
        },
        None => {
            let out_names: Vec<&Ident> = m.outs().map(|(p, _)| &p.name).collect();
            let writes = m.outs().map(|(p, o)| {
                let n = &p.name;
                let v = format_ident!("{}__value", n);
                if o.unwrapped.is_some() {
                    quote_spanned!(n.span()=> #n.write(::core::option::Option::Some(#v));)
                } else {
                    quote_spanned!(n.span()=> #n.write(#v);)
                }
            });
            let values: Vec<Ident> = out_names
                .iter()
                .map(|n| format_ident!("{}__value", n))
                .collect();
            let pattern = match values.len() {
                0 => quote!(()),
                1 => quote!(#(#values)*),
                _ => quote!((#(#values),*)),
            };
            quote! {
                ::comtypes::imp::guard(|| {
                    #(
                        if #out_names.is_null() {
                            return ::core::result::Result::Err(::comtypes::Error::from(::comtypes::hresult::E_POINTER));
                        }
                        // COM leaves [out] values defined on failure too.
                        #out_names.write(::core::default::Default::default());
                    )*
                    let #pattern = <T as #impl_trait>::#mname(this, #(#in_names),*)?;
                    // The defaults written above own nothing, so overwriting them leaks nothing.
                    #(#writes)*
                    ::core::result::Result::Ok(())
                })
            }
        }
    };
    quote! {
        unsafe extern "system" fn #mname<T: #impl_trait + ::comtypes::imp::ComClass, const OFFSET: usize>(
            this: *mut ::core::ffi::c_void #(, #params)*
        ) -> #ret {
            // SAFETY: `this` is the slot `OFFSET` of a live `ComBox<T>` (only our vtables
            // point here), and out pointers were checked for null before being written.
            unsafe {
                let this: &T = ::comtypes::imp::ComBox::<T>::object_from_slot::<OFFSET>(this);
                #body
            }
        }
    }
}
