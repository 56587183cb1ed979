//! `#[dispatch] impl Type { ... }`: exposes the `&self` methods of an impl block through
//! IDispatch, without a type library.
//!
//! Produces `impl comtypes::dispatch::DispatchClass for Type`: a member table (names,
//! DISPIDs, kinds, parameter names) and a switch that converts the arguments (with the
//! automation coercion), calls the method and converts the result to a `Variant`.
//!
//! Method attribute `#[dispatch(...)]`: `name = "Name"`, `id = N`, `value` (DISPID_VALUE),
//! `new_enum` (DISPID_NEWENUM; returns any `IntoIterator`), `propget`, `propput`,
//! `propputref`, `skip`. Parameter attribute `#[default(expr)]`; `Option<T>` parameters
//! are optional.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{parse2, Expr, FnArg, ImplItem, ImplItemFn, ItemImpl, Pat, ReturnType, Type};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Method,
    Get,
    Put,
    PutRef,
}

struct Param {
    ty: Type,
    default: Option<Expr>,
    name: String,
}

struct Member {
    fn_name: syn::Ident,
    name: String,
    id: Option<i32>,
    kind: Kind,
    new_enum: bool,
    params: Vec<Param>,
    output: ReturnType,
}

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new(
            attr.span(),
            "#[dispatch] takes no arguments; put #[dispatch(...)] on the methods",
        ));
    }
    let mut block: ItemImpl = parse2(item)?;
    if let Some((_, path, _)) = &block.trait_ {
        return Err(syn::Error::new(
            path.span(),
            "#[dispatch] goes on an inherent impl block (`impl MyType { ... }`), not a trait impl",
        ));
    }
    if !block.generics.params.is_empty() {
        return Err(syn::Error::new(
            block.generics.span(),
            "#[dispatch] types cannot be generic",
        ));
    }
    let mut members = Vec::new();
    for item in &mut block.items {
        if let ImplItem::Fn(f) = item {
            if let Some(m) = parse_member(f)? {
                members.push(m);
            }
        }
    }
    assign_ids(&mut members)?;
    let self_ty = &block.self_ty;

    let table = members.iter().map(|m| {
        let name = &m.name;
        let id = m.id.expect("assigned");
        let kind = match m.kind {
            Kind::Method => quote!(Method),
            Kind::Get => quote!(PropertyGet),
            Kind::Put => quote!(PropertyPut),
            Kind::PutRef => quote!(PropertyPutRef),
        };
        let params = m.params.iter().map(|p| &p.name);
        quote! {
            ::comtypes::dispatch::Member {
                name: #name,
                dispid: #id,
                kind: ::comtypes::dispatch::MemberKind::#kind,
                params: &[#(#params),*],
            }
        }
    });
    // (DISPID, kind) -> index: unique, as assign_ids checks (one name per DISPID, one
    // member per name and kind).
    let lookup = members.iter().enumerate().map(|(index, m)| {
        let id = m.id.expect("assigned");
        let kind = match m.kind {
            Kind::Method => quote!(Method),
            Kind::Get => quote!(PropertyGet),
            Kind::Put => quote!(PropertyPut),
            Kind::PutRef => quote!(PropertyPutRef),
        };
        quote!((#id, ::comtypes::dispatch::MemberKind::#kind) => ::core::option::Option::Some(#index),)
    });
    let arms = members.iter().enumerate().map(|(index, m)| {
        let f = &m.fn_name;
        // `&mut T` parameters ([in, out]): read into locals before the call, written
        // back to by-reference arguments after it succeeds.
        let in_outs: Vec<(usize, syn::Ident, &Type)> = m
            .params
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                in_out(&p.ty).map(|t| (i, quote::format_ident!("__in_out{}", i), t))
            })
            .collect();
        let args = m.params.iter().enumerate().map(|(i, p)| {
            match in_outs.iter().find(|(k, _, _)| *k == i) {
                Some((_, local, _)) => quote!(&mut #local),
                None => argument(i, p),
            }
        });
        let call = quote!(self.#f(#(#args),*));
        let finish = result(m, call);
        if in_outs.is_empty() {
            return quote!(#index => { #finish });
        }
        let checks = in_outs
            .iter()
            .map(|(i, _, _)| quote!(args.check_in_out(#i)?;));
        let reads = in_outs.iter().map(|(i, local, t)| {
            if is_named(t, "Variant") {
                quote!(let mut #local: ::comtypes::Variant = args.in_out_variant(#i)?;)
            } else {
                quote!(let mut #local: #t = args.required::<#t>(#i)?;)
            }
        });
        // Spanned at the parameter's type: a type with no way back into a Variant is
        // reported there.
        let finals = in_outs.iter().map(|(i, local, t)| {
            quote_spanned!(t.span()=> (#i, ::comtypes::dispatch::InOutValue::into_variant(#local)))
        });
        quote!(#index => {
            #(#checks)*
            #(#reads)*
            let value: ::comtypes::Result<::comtypes::Variant> = (|| { #finish })();
            let value = value?;
            args.write_back(&mut [#(#finals),*])?;
            ::core::result::Result::Ok(value)
        })
    });

    // The fast path: members whose parameters are all required values, called with
    // exactly their number of positional arguments and flags for which the server's
    // find_member would choose them (no put; a method wins "method or get" over a get
    // of the same DISPID, and each answers the other's flag when it is alone).
    let has = |id: i32, kind: Kind| members.iter().any(|m| m.id == Some(id) && m.kind == kind);
    let fast_arms = [Kind::Method, Kind::Get].into_iter().flat_map(|kind| {
        members
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.kind == kind && m.params.iter().all(is_plain))
            .map(|(index, m)| {
                let id = m.id.expect("assigned");
                // The flags (their low four bits: method, get, put, putref) for which
                // find_member chooses this member, as a bit mask indexed by them.
                let (method, get, puts) = (1u16, 2u16, 4u16 | 8u16);
                let chosen = |f: u16| match (m.kind, has(id, Kind::Method), has(id, Kind::Get)) {
                    (Kind::Method, _, true) => f & method != 0,
                    (Kind::Method, _, false) => f & (method | get) != 0,
                    (_, true, _) => f & method == 0 && f & get != 0,
                    (_, false, _) => f & (method | get) != 0,
                };
                let accepted = (0..16u16)
                    .filter(|&f| f & puts == 0 && chosen(f))
                    .fold(0u16, |mask, f| mask | 1 << f);
                let count = m.params.len();
                let names: Vec<_> = (0..count).map(|i| quote::format_ident!("__arg{}", i)).collect();
                // The argument of parameter i is in rgvarg[count - 1 - i]. First every
                // parameter with an exact read (`ArgProbe`: the scalar types, bool,
                // String) is read in place, and any mismatch sends the whole call to
                // the general path before anything is converted; then the others are
                // converted, as the general path would.
                let early: Vec<_> = (0..count).map(|i| quote::format_ident!("__early{}", i)).collect();
                let checks = m.params.iter().enumerate().map(|(i, p)| {
                    let e = &early[i];
                    let ty = &p.ty;
                    let at = count - 1 - i;
                    quote! {
                        let #e: ::core::option::Option<#ty> = match (&&::comtypes::dispatch::ArgProbe::<#ty>::NEW).exact_or_later(values, #at) {
                            ::core::result::Result::Ok(value) => value,
                            ::core::result::Result::Err(()) => return ::core::option::Option::None,
                        };
                    }
                });
                let reads = m.params.iter().enumerate().map(|(i, p)| {
                    let name = &names[i];
                    let e = &early[i];
                    let ty = &p.ty;
                    quote! {
                        let #name: #ty = match #e {
                            ::core::option::Option::Some(value) => value,
                            ::core::option::Option::None => match ::comtypes::dispatch::positional::<#ty>(values, #i, &Self::MEMBERS[#index]) {
                                ::core::result::Result::Ok(value) => value,
                                ::core::result::Result::Err(failure) => return ::core::option::Option::Some(::core::result::Result::Err(failure)),
                            },
                        };
                    }
                });
                let f = &m.fn_name;
                let finish = result(m, quote!(self.#f(#(#names),*)));
                quote! {
                    #id if (#accepted >> (flags & 0xF)) & 1 != 0 && values.len() == #count => (|| {
                        #(#checks)*
                        #(#reads)*
                        let value: ::comtypes::Result<::comtypes::Variant> = (|| { #finish })();
                        ::core::option::Option::Some(match value {
                            ::core::result::Result::Ok(value) => {
                                // SAFETY: the caller's promise on `result`.
                                unsafe { ::comtypes::dispatch::store_result(result, value) };
                                ::core::result::Result::Ok(())
                            }
                            ::core::result::Result::Err(error) => {
                                ::core::result::Result::Err(::comtypes::dispatch::Failure::of_member(error))
                            }
                        })
                    })(),
                }
            })
            .collect::<Vec<_>>()
    });
    let fast_arms: Vec<TokenStream> = fast_arms.collect();

    Ok(quote! {
        #block

        impl ::comtypes::dispatch::DispatchClass for #self_ty {
            const MEMBERS: &'static [::comtypes::dispatch::Member] = &[#(#table),*];
            #[inline]
            fn member_index(
                dispid: i32,
                kind: ::comtypes::dispatch::MemberKind,
            ) -> ::core::option::Option<usize> {
                match (dispid, kind) {
                    #(#lookup)*
                    _ => ::core::option::Option::None,
                }
            }
            #[inline]
            #[allow(unused_variables, clippy::unit_arg)]
            fn invoke_member(
                &self,
                index: usize,
                args: &::comtypes::dispatch::Args<'_>,
            ) -> ::comtypes::Result<::comtypes::Variant> {
                match index {
                    #(#arms)*
                    _ => ::core::result::Result::Err(::comtypes::Error::from(::comtypes::hresult::DISP_E_MEMBERNOTFOUND)),
                }
            }
            #[inline(always)]
            #[allow(unused_variables, clippy::unit_arg, clippy::redundant_closure_call)]
            unsafe fn invoke_positional(
                &self,
                dispid: i32,
                flags: u16,
                values: &[::comtypes::Variant],
                result: *mut ::comtypes::variant::VARIANT,
            ) -> ::core::option::Option<::core::result::Result<(), ::comtypes::dispatch::Failure>> {
                #[allow(unused_imports)]
                use ::comtypes::dispatch::{ExactByNothing as _, ExactByType as _};
                match dispid {
                    #(#fast_arms)*
                    _ => ::core::option::Option::None,
                }
            }
        }
    })
}

/// The error, and an empty member table for the type when the block names one: the
/// object's `#[implement(IDispatch)]` then compiles, and the user sees only the error.
pub fn after_error(error: syn::Error, item: TokenStream) -> TokenStream {
    let error = error.into_compile_error();
    let Ok(mut block) = parse2::<ItemImpl>(item) else {
        return error;
    };
    if block.trait_.is_some() || !block.generics.params.is_empty() {
        return error;
    }
    // The methods stay (calls to them elsewhere still compile), without the attributes
    // only this macro understands.
    for item in &mut block.items {
        if let ImplItem::Fn(f) = item {
            f.attrs.retain(|a| !a.path().is_ident("dispatch"));
            for arg in &mut f.sig.inputs {
                if let FnArg::Typed(pt) = arg {
                    pt.attrs.retain(|a| !a.path().is_ident("default"));
                }
            }
        }
    }
    let self_ty = &block.self_ty;
    quote! {
        #error
        #block
        impl ::comtypes::dispatch::DispatchClass for #self_ty {
            const MEMBERS: &'static [::comtypes::dispatch::Member] = &[];
            fn invoke_member(
                &self,
                _: usize,
                _: &::comtypes::dispatch::Args<'_>,
            ) -> ::comtypes::Result<::comtypes::Variant> {
                ::core::result::Result::Err(::comtypes::Error::from(::comtypes::hresult::DISP_E_MEMBERNOTFOUND))
            }
        }
    }
}

/// Reads a method's `#[dispatch(...)]` and parameters; `None` for methods not exposed.
fn parse_member(f: &mut ImplItemFn) -> syn::Result<Option<Member>> {
    let mut name = None;
    let mut id = None;
    let mut kind = Kind::Method;
    let mut new_enum = false;
    let mut skip = false;
    let mut error = None;
    f.attrs.retain(|a| {
        if !a.path().is_ident("dispatch") {
            return true;
        }
        let parsed = a.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            match key.as_str() {
                "name" => {
                    let lit: syn::LitStr = meta.value()?.parse()?;
                    name = Some(lit.value());
                }
                "id" => {
                    let lit: syn::LitInt = meta.value()?.parse()?;
                    id = Some(lit.base10_parse::<i32>()?);
                }
                "value" => id = Some(0),
                "new_enum" => {
                    id = Some(-4);
                    new_enum = true;
                    kind = Kind::Get;
                    name.get_or_insert_with(|| "_NewEnum".to_string());
                }
                "propget" => kind = Kind::Get,
                "propput" => kind = Kind::Put,
                "propputref" => kind = Kind::PutRef,
                "skip" => skip = true,
                _ => {
                    return Err(meta.error(
                        "expected one of: name = \"..\", id = N, value, new_enum, propget, propput, propputref, skip",
                    ))
                }
            }
            Ok(())
        });
        if let Err(e) = parsed {
            error = Some(e);
        }
        false
    });
    if let Some(e) = error {
        return Err(e);
    }
    let mut inputs = f.sig.inputs.iter_mut();
    match inputs.next() {
        Some(FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_none() => {}
        Some(FnArg::Receiver(r)) => {
            return Err(syn::Error::new(
                r.span(),
                "dispatch methods take `&self`: a COM object is shared, use interior mutability for state",
            ))
        }
        // Associated functions are not members.
        _ => return Ok(None),
    }
    if skip {
        for arg in inputs {
            if let FnArg::Typed(pt) = arg {
                pt.attrs.retain(|a| !a.path().is_ident("default"));
            }
        }
        return Ok(None);
    }
    let mut params = Vec::new();
    for arg in inputs {
        let FnArg::Typed(pt) = arg else {
            unreachable!()
        };
        let param_name =
            match &*pt.pat {
                Pat::Ident(p) => p.ident.to_string().trim_start_matches("r#").to_string(),
                other => return Err(syn::Error::new(
                    other.span(),
                    "dispatch parameters are plain names (they are the names of named arguments)",
                )),
            };
        let mut default = None;
        let mut kept = Vec::new();
        for a in pt.attrs.drain(..) {
            if a.path().is_ident("default") {
                default = Some(a.parse_args::<Expr>()?);
            } else {
                kept.push(a);
            }
        }
        pt.attrs = kept;
        let optional_in_out = generic_of(&pt.ty, "Option").is_some_and(|t| in_out(t).is_some());
        if optional_in_out || (default.is_some() && in_out(&pt.ty).is_some()) {
            return Err(syn::Error::new(
                pt.ty.span(),
                "an [in, out] parameter (`&mut T`) is required: it cannot be optional or have a default",
            ));
        }
        params.push(Param {
            ty: (*pt.ty).clone(),
            default,
            name: param_name,
        });
    }
    let fn_name = f.sig.ident.clone();
    let raw = fn_name.to_string().trim_start_matches("r#").to_string();
    let derived = match kind {
        Kind::Method => raw.clone(),
        Kind::Get => raw.strip_prefix("get_").unwrap_or(&raw).to_string(),
        Kind::Put => raw
            .strip_prefix("set_")
            .or_else(|| raw.strip_prefix("put_"))
            .unwrap_or(&raw)
            .to_string(),
        Kind::PutRef => raw
            .strip_prefix("putref_")
            .or_else(|| raw.strip_prefix("set_"))
            .unwrap_or(&raw)
            .to_string(),
    };
    if matches!(kind, Kind::Put | Kind::PutRef) && params.is_empty() {
        return Err(syn::Error::new(
            f.sig.ident.span(),
            "a property put takes the new value as its last parameter",
        ));
    }
    if new_enum && !params.is_empty() {
        return Err(syn::Error::new(
            f.sig.ident.span(),
            "a new_enum member takes no parameters and returns an IntoIterator",
        ));
    }
    Ok(Some(Member {
        fn_name,
        name: name.unwrap_or(derived),
        id,
        kind,
        new_enum,
        params,
        output: f.sig.output.clone(),
    }))
}

/// Names compare as the server's GetIDsOfNames compares them: per character, without
/// case (the runtime's `dispatch::names`; this crate cannot depend on it).
fn same_name(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Gives every name a DISPID: explicit ids first, then 1, 2, ... in declaration order
/// for the rest (accessors of one property share theirs), so DISPIDs are stable.
fn assign_ids(members: &mut [Member]) -> syn::Result<()> {
    for i in 0..members.len() {
        for j in 0..i {
            if same_name(&members[j].name, &members[i].name) {
                if members[j].kind == members[i].kind {
                    return Err(syn::Error::new(
                        members[i].fn_name.span(),
                        format!("two members named \"{}\" of the same kind", members[i].name),
                    ));
                }
                match (members[j].id, members[i].id) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(syn::Error::new(
                            members[i].fn_name.span(),
                            format!(
                                "the accessors of \"{}\" have different ids",
                                members[i].name
                            ),
                        ))
                    }
                    (Some(a), None) => members[i].id = Some(a),
                    (None, Some(b)) => members[j].id = Some(b),
                    _ => {}
                }
            }
        }
    }
    let mut next = 1;
    for i in 0..members.len() {
        if members[i].id.is_some() {
            continue;
        }
        let shared = members[..i]
            .iter()
            .find(|m| same_name(&m.name, &members[i].name))
            .and_then(|m| m.id);
        let id = match shared {
            Some(id) => id,
            None => {
                while members.iter().any(|m| m.id == Some(next)) {
                    next += 1;
                }
                next
            }
        };
        members[i].id = Some(id);
    }
    // Distinct names must have distinct ids.
    for i in 0..members.len() {
        for j in 0..i {
            if members[i].id == members[j].id && !same_name(&members[i].name, &members[j].name) {
                return Err(syn::Error::new(
                    members[i].fn_name.span(),
                    format!(
                        "\"{}\" and \"{}\" have the same DISPID",
                        members[i].name, members[j].name
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// `Some(T)` for `Option<T>`; also the last segment's name.
fn generic_of<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

fn is_named(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(tp) if tp.path.segments.last().is_some_and(|s| s.ident == name))
}

fn argument(position: usize, p: &Param) -> TokenStream {
    let (inner, optional) = match generic_of(&p.ty, "Option") {
        Some(t) => (t, true),
        None => (&p.ty, false),
    };
    // `&Variant`: the argument as the caller passed it (by-reference ones included, so
    // the method can write an [in, out] value back through `VariantRef::ByRef`).
    if let Type::Reference(r) = inner {
        if r.mutability.is_none() && is_named(&r.elem, "Variant") {
            return match optional {
                true => quote!(args.get(#position)),
                false => quote!(args.get(#position).ok_or_else(|| args.missing(#position))?),
            };
        }
    }
    let fetch = if is_named(inner, "Variant") {
        quote!(args.get(#position).map(::comtypes::Variant::try_clone).transpose()?)
    } else {
        quote!(args.optional::<#inner>(#position)?)
    };
    match (&p.default, optional) {
        (Some(d), false) => quote!(#fetch.unwrap_or_else(|| #d)),
        (Some(d), true) => quote!(#fetch.or_else(|| ::core::option::Option::Some(#d))),
        (None, true) => fetch,
        (None, false) if is_named(inner, "Variant") => {
            quote!(args.get(#position).map(::comtypes::Variant::try_clone).transpose()?.ok_or_else(|| args.missing(#position))?)
        }
        (None, false) => quote!(args.required::<#inner>(#position)?),
    }
}

/// The `T` of an `&mut T` parameter (an [in, out] argument).
fn in_out(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Reference(r) if r.mutability.is_some() => Some(&r.elem),
        _ => None,
    }
}

/// A parameter the fast path reads: a required value converted with `FromArg` (not
/// optional, defaulted, a `Variant` or a `&Variant`).
fn is_plain(p: &Param) -> bool {
    p.default.is_none()
        && generic_of(&p.ty, "Option").is_none()
        && !matches!(p.ty, Type::Reference(_))
        && !is_named(&p.ty, "Variant")
}

fn result(m: &Member, call: TokenStream) -> TokenStream {
    let ty = match &m.output {
        ReturnType::Default => None,
        ReturnType::Type(_, t) => Some(&**t),
    };
    let is_unit = |t: &Type| matches!(t, Type::Tuple(tt) if tt.elems.is_empty());
    let (value, fallible) = match ty {
        None => (None, false),
        Some(t) if is_unit(t) => (None, false),
        Some(t) => match generic_of(t, "Result") {
            Some(inner) if is_unit(inner) => (None, true),
            Some(_) => (Some(()), true),
            None => (Some(()), false),
        },
    };
    let got = if fallible { quote!(#call?) } else { call };
    match (value, m.new_enum) {
        (None, _) => quote! {
            #got;
            ::core::result::Result::Ok(::comtypes::Variant::empty())
        },
        (Some(()), true) => quote! {
            let items = #got;
            let enumerator: ::comtypes::IUnknown = ::comtypes::dispatch::VariantEnumerator::new(items).into();
            ::core::result::Result::Ok(::comtypes::Variant::from(enumerator))
        },
        (Some(()), false) => quote! {
            ::core::result::Result::Ok(::comtypes::Variant::from(#got))
        },
    }
}
