//! What `ITypeLib` / `ITypeInfo` report differs from what the file stores in a few
//! documented ways; this turns our reader's model into the interfaces' view, so the
//! canonical texts of both can be compared line for line. Each rule is a proposal for
//! `canonical::to_text` (which would then apply it itself, making this a no-op).
#![allow(dead_code)]

use comtypes_typelib::consts::*;
use comtypes_typelib::*;
use std::sync::Arc;

/// Applies every rule below to `lib`.
pub fn as_interfaces_report(lib: &mut TypeLib) {
    // 4. A reference through an import of the library itself (stdole2.tlb imports
    //    stdole2's IDispatch) resolves to the library's own type: GetContainingTypeLib
    //    names this library, so it is a local `<index>:<name>`.
    let own: Vec<(Guid, u32, Name)> = lib
        .types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((t.guid?, i as u32, t.name.clone())))
        .collect();
    let self_imports: Vec<u32> = lib
        .imports
        .iter()
        .enumerate()
        .filter(|(_, i)| Some(i.guid) == lib.guid && i.version == lib.version)
        .map(|(n, _)| n as u32)
        .collect();
    if !self_imports.is_empty() {
        let fix = |r: &mut TypeRef| {
            if let TypeRef::Imported {
                lib: l,
                target: ImportTarget::Guid(g),
                ..
            } = r
            {
                if self_imports.contains(l) {
                    if let Some((_, index, name)) = own.iter().find(|(og, ..)| og == g) {
                        *r = TypeRef::Local {
                            index: *index,
                            name: name.clone(),
                        };
                    }
                }
            }
        };
        for_each_ref(lib, fix);
    }
    // 1. TLIBATTR.lcid is the header's second locale (`lcid2`); the first is the
    //    locale the compiler ran in (0x409 for widl and MIDL alike).
    lib.lcid = lib.lcid2;
    for t in &mut lib.types {
        // 2. A TKIND_DISPATCH type info never reports TYPEFLAG_FOLEAUTOMATION, even
        //    when the file stores it on a dual interface.
        if t.kind == TypeKind::Dispatch {
            t.flags &= !TYPEFLAG_FOLEAUTOMATION;
        }
        // 3. GetNames, GetDocumentation and GetDocumentation2 take a member id: for
        //    functions sharing one (property get/put/putref), they answer with the
        //    first function's parameter names, doc string and help contexts.
        for j in 0..t.funcs.len() {
            let memid = t.funcs[j].memid;
            let Some(first) = t.funcs[..j].iter().position(|f| f.memid == memid) else {
                continue;
            };
            let (names, doc, hc, hsc) = {
                let f = &t.funcs[first];
                let names: Vec<Option<Name>> = f.params.iter().map(|p| p.name.clone()).collect();
                (names, f.doc.clone(), f.help_context, f.help_string_context)
            };
            let f = &mut t.funcs[j];
            for (k, p) in f.params.iter_mut().enumerate() {
                p.name = names.get(k).cloned().flatten();
            }
            f.doc = doc;
            f.help_context = hc;
            f.help_string_context = hsc;
        }
    }
}

/// Calls `f` on every type reference of the model.
fn for_each_ref(lib: &mut TypeLib, mut f: impl FnMut(&mut TypeRef)) {
    fn td(t: &mut TypeDesc, f: &mut dyn FnMut(&mut TypeRef)) {
        match t {
            TypeDesc::Base(_) => {}
            TypeDesc::Ptr(i) | TypeDesc::SafeArray(i) => td(Arc::make_mut(i), f),
            TypeDesc::CArray { elem, .. } => td(Arc::make_mut(elem), f),
            TypeDesc::UserDefined(r) => f(r),
        }
    }
    if let Some(d) = &mut lib.dispatch {
        f(d);
    }
    for t in &mut lib.types {
        if let Some(a) = &mut t.alias {
            td(a, &mut f);
        }
        for i in &mut t.impl_types {
            f(&mut i.interface);
        }
        for func in &mut t.funcs {
            td(&mut func.ret, &mut f);
            for p in &mut func.params {
                td(&mut p.typ, &mut f);
            }
        }
        for v in &mut t.vars {
            td(&mut v.typ, &mut f);
        }
    }
}
