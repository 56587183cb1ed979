//! A canonical text form of a type library, for comparing two readers.
//!
//! One fact per line, deterministic, and only facts that `ITypeLib`/`ITypeInfo`
//! expose, so the same text can be produced from a library loaded by the system's
//! `LoadTypeLibEx` (build a [`TypeLib`] from the interfaces, then call [`to_text`]).
//!
//! # Line formats
//!
//! Strings are quoted (`"..."`, with `\\`, `\"`, `\n`, `\r`, `\t` and `\u{XXXX}` for other
//! control characters); a missing string and an empty one both print as `""`. Numbers
//! in decimal unless shown as `0x`, GUIDs as `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
//!
//! ```text
//! lib name="<name>"                    GetDocumentation(-1)
//! lib doc="<doc>"
//! lib helpfile="<file>"
//! lib helpcontext=<n>
//! lib guid=<GUID>                      TLIBATTR
//! lib version=<major>.<minor>
//! lib lcid=0x<8 hex>                  the header's second locale (model `lcid`)
//! lib syskind=<n>
//! lib flags=0x<4 hex>                  LIBFLAG_FHASDISKIMAGE (8) masked off
//! lib cust <GUID>=<value>              GetAllCustData, sorted
//! lib types=<n>                        GetTypeInfoCount
//! type <i> name="<name>"               GetDocumentation(MEMBERID_NIL)
//! type <i> doc="<doc>"
//! type <i> helpcontext=<n>
//! type <i> helpstringcontext=<n>       GetDocumentation2
//! type <i> kind=<TKIND without prefix>  TYPEATTR
//! type <i> guid=<GUID>
//! type <i> flags=0x<4 hex>            DISPATCH: TYPEFLAG_FOLEAUTOMATION (0x100) masked off
//! type <i> version=<major>.<minor>
//! type <i> size=<n>                    ENUM, RECORD, UNION only (cbSizeInstance)
//! type <i> align=<n>                   ENUM, RECORD, UNION only (cbAlignment)
//! type <i> vft=<slots>                 INTERFACE only: cbSizeVft / pointer size
//! type <i> alias=<typedesc>            ALIAS only: tdescAlias
//! type <i> funcs=<n>                   stored functions (see below)
//! type <i> vars=<n>
//! type <i> impltypes=<n>               not for DISPATCH
//! type <i> impl <j> ref=<ref>          GetRefTypeOfImplType(j) + GetRefTypeInfo
//! type <i> impl <j> flags=0x<2 hex>    GetImplTypeFlags(j)
//! type <i> impl <j> cust <GUID>=<value>
//! type <i> dual.base=<ref>             DISPATCH with FDUAL: interface view's impl 0
//! type <i> dual.vft=<slots>            DISPATCH with FDUAL: interface view's cbSizeVft
//! type <i> cust <GUID>=<value>
//! type <i> func <j> name="<name>"      GetNames / GetDocumentation(memid): see below
//! type <i> func <j> memid=0x<8 hex>
//! type <i> func <j> funckind=<n>
//! type <i> func <j> invkind=<n>
//! type <i> func <j> callconv=<n>
//! type <i> func <j> vft=<slot>         not for FUNC_DISPATCH: oVft / pointer size
//! type <i> func <j> flags=0x<4 hex>
//! type <i> func <j> ret=<typedesc>
//! type <i> func <j> params=<n>
//! type <i> func <j> optparams=<n>
//! type <i> func <j> doc="<doc>"
//! type <i> func <j> helpcontext=<n>
//! type <i> func <j> helpstringcontext=<n>
//! type <i> func <j> dll="<dll>"        MODULE only: GetDllEntry
//! type <i> func <j> entry="<name>" | entry=#<ordinal>
//! type <i> func <j> cust <GUID>=<value>
//! type <i> func <j> param <k> name="<name>"   unnamed: ""
//! type <i> func <j> param <k> type=<typedesc>
//! type <i> func <j> param <k> flags=0x<4 hex>
//! type <i> func <j> param <k> default=<value>  only with PARAMFLAG_FHASDEFAULT
//! type <i> func <j> param <k> cust <GUID>=<value>
//! type <i> var <j> name="<name>"
//! type <i> var <j> memid=0x<8 hex>
//! type <i> var <j> varkind=<n>
//! type <i> var <j> flags=0x<4 hex>
//! type <i> var <j> type=<typedesc>
//! type <i> var <j> value=<value>      VAR_CONST, or:
//! type <i> var <j> offset=<n>         oInst of others
//! type <i> var <j> doc="<doc>"
//! type <i> var <j> helpcontext=<n>
//! type <i> var <j> helpstringcontext=<n>
//! type <i> var <j> cust <GUID>=<value>
//! ```
//!
//! What the interfaces report is not always what the file stores; the text shows the
//! interfaces' view (the model keeps what is stored):
//!
//! - `lib lcid` is `TLIBATTR.lcid`, the header's second locale field ([`TypeLib::lcid`]);
//!   the first one ([`TypeLib::build_lcid`]) is not reported.
//! - A `TKIND_DISPATCH` type info never reports `TYPEFLAG_FOLEAUTOMATION` in its
//!   `TYPEATTR`, even when the file stores it on a dual interface, so
//!   `type <i> flags` masks it off for `DISPATCH`.
//! - `GetNames`, `GetDocumentation` and `GetDocumentation2` take a member id, and
//!   functions sharing one (a property's get, put and putref) all get the answer of
//!   the first function with that id: a function's `name`, `doc`, `helpcontext`,
//!   `helpstringcontext` and its parameters' `name`s are those of the first function
//!   of its type with the same `memid` (a parameter beyond that function's count has
//!   none). `comtypes show` and the model keep each function's own.
//!
//! `<typedesc>` is `VT_I4` (any base type by its `VT_` name, or `VT_<number>`),
//! `ptr(<typedesc>)`, `safearray(<typedesc>)`,
//! `carray(<typedesc>;<elements>@<lower>,...)`, or `udt(<ref>)`.
//! `<ref>` is `<index>:<name>` for a type of this library (index and name from
//! `GetContainingTypeLib` and `GetDocumentation`) and `<LIBID>:<GUID>` for an imported
//! type named by GUID (`<LIBID>:#<index>` if the file names it by index).
//! `<value>` is `<VT name>:<payload>`: integers in decimal, floats as Rust's `{:?}`,
//! BSTR quoted (`null` for a null BSTR), `VT_EMPTY:` and `VT_NULL:` empty.
//!
//! Custom data lines of one owner are sorted (GUID, then value text), since readers
//! differ in the order they return them.
//!
//! Functions are the ones stored in the type info. For a dual interface's
//! `TKIND_DISPATCH` type info those are the interface view's (the walker reads them
//! through `GetRefTypeOfImplType(-1)`); its `impl 0` is the library's IDispatch, as
//! `GetRefTypeOfImplType(0)` reports for every dispinterface.

use crate::consts::*;
use crate::model::*;
use std::collections::HashMap;
use std::fmt::Write;

/// Renders the canonical text of a library (see the module documentation).
pub fn to_text(lib: &TypeLib) -> String {
    let mut o = String::with_capacity(256 + lib.types.len() * 512);
    let ptr = lib.syskind.pointer_size();
    let lw = |o: &mut String, k: &str, v: &dyn std::fmt::Display| {
        let _ = writeln!(o, "lib {k}={v}");
    };
    lw(&mut o, "name", &q(Some(&lib.name)));
    lw(&mut o, "doc", &q(lib.doc.as_deref()));
    lw(&mut o, "helpfile", &q(lib.help_file.as_deref()));
    lw(&mut o, "helpcontext", &lib.help_context);
    lw(&mut o, "guid", &lib.guid.unwrap_or_default());
    lw(&mut o, "version", &lib.version);
    lw(&mut o, "lcid", &format_args!("{:#010x}", lib.lcid));
    lw(&mut o, "syskind", &lib.syskind.value());
    lw(
        &mut o,
        "flags",
        &format_args!("{:#06x}", lib.flags & !LIBFLAG_FHASDISKIMAGE),
    );
    cust(&mut o, "lib", &lib.custom);
    lw(&mut o, "types", &lib.types.len());

    for (i, t) in lib.types.iter().enumerate() {
        let p = format!("type {i}");
        let w = |o: &mut String, k: &str, v: &dyn std::fmt::Display| {
            let _ = writeln!(o, "{p} {k}={v}");
        };
        w(&mut o, "name", &q(Some(&t.name)));
        w(&mut o, "doc", &q(t.doc.as_deref()));
        w(&mut o, "helpcontext", &t.help_context);
        w(&mut o, "helpstringcontext", &t.help_string_context);
        w(&mut o, "kind", &t.kind.name());
        w(&mut o, "guid", &t.guid.unwrap_or_default());
        let flags = if t.kind == TypeKind::Dispatch {
            t.flags & !TYPEFLAG_FOLEAUTOMATION
        } else {
            t.flags
        };
        w(&mut o, "flags", &format_args!("{flags:#06x}"));
        w(&mut o, "version", &t.version);
        if matches!(t.kind, TypeKind::Enum | TypeKind::Record | TypeKind::Union) {
            w(&mut o, "size", &t.size);
            w(&mut o, "align", &t.alignment);
        }
        if t.kind == TypeKind::Interface {
            w(&mut o, "vft", &(t.vtable_size as u32 / ptr));
        }
        if let Some(a) = &t.alias {
            w(&mut o, "alias", &typedesc(lib, a));
        }
        w(&mut o, "funcs", &t.funcs.len());
        w(&mut o, "vars", &t.vars.len());
        if t.kind == TypeKind::Dispatch {
            if let Some(d) = &lib.dispatch {
                w(&mut o, "impl 0 ref", &typeref(lib, d));
                w(&mut o, "impl 0 flags", &"0x00");
            }
            if t.flags & TYPEFLAG_FDUAL != 0 {
                if let Some(b) = t.impl_types.first() {
                    w(&mut o, "dual.base", &typeref(lib, &b.interface));
                }
                w(&mut o, "dual.vft", &(t.vtable_size as u32 / ptr));
            }
        } else {
            w(&mut o, "impltypes", &t.impl_types.len());
            for (j, it) in t.impl_types.iter().enumerate() {
                let _ = writeln!(o, "{p} impl {j} ref={}", typeref(lib, &it.interface));
                let _ = writeln!(o, "{p} impl {j} flags={:#04x}", it.flags);
                cust(&mut o, &format!("{p} impl {j}"), &it.custom);
            }
        }
        cust(&mut o, &p, &t.custom);

        // Names and documentation by member id: the first function with each one.
        let mut by_memid: HashMap<i32, &Function> = HashMap::new();
        for (j, f) in t.funcs.iter().enumerate() {
            let fp = format!("{p} func {j}");
            let w = |o: &mut String, k: &str, v: &dyn std::fmt::Display| {
                let _ = writeln!(o, "{fp} {k}={v}");
            };
            let named = *by_memid.entry(f.memid).or_insert(f);
            w(&mut o, "name", &q(Some(&named.name)));
            w(&mut o, "memid", &format_args!("{:#010x}", f.memid as u32));
            w(&mut o, "funckind", &f.func_kind);
            w(&mut o, "invkind", &f.invoke_kind);
            w(&mut o, "callconv", &f.call_conv);
            if f.func_kind != FUNC_DISPATCH {
                w(&mut o, "vft", &(f.vtable_offset as u32 / ptr));
            }
            w(&mut o, "flags", &format_args!("{:#06x}", f.flags));
            w(&mut o, "ret", &typedesc(lib, &f.ret));
            w(&mut o, "params", &f.params.len());
            w(&mut o, "optparams", &f.optional_params);
            w(&mut o, "doc", &q(named.doc.as_deref()));
            w(&mut o, "helpcontext", &named.help_context);
            w(&mut o, "helpstringcontext", &named.help_string_context);
            if t.kind == TypeKind::Module {
                w(&mut o, "dll", &q(t.dll_name.as_deref()));
                match &f.entry {
                    Some(DllEntry::Name(n)) => w(&mut o, "entry", &q(Some(n))),
                    Some(DllEntry::Ordinal(n)) => w(&mut o, "entry", &format_args!("#{n}")),
                    None => w(&mut o, "entry", &q(None)),
                }
            }
            cust(&mut o, &fp, &f.custom);
            for (k, a) in f.params.iter().enumerate() {
                let name = named.params.get(k).and_then(|p| p.name.as_deref());
                let _ = writeln!(o, "{fp} param {k} name={}", q(name));
                let _ = writeln!(o, "{fp} param {k} type={}", typedesc(lib, &a.typ));
                let _ = writeln!(o, "{fp} param {k} flags={:#06x}", a.flags);
                if let Some(d) = &a.default {
                    let _ = writeln!(o, "{fp} param {k} default={}", value(d));
                }
                cust(&mut o, &format!("{fp} param {k}"), &a.custom);
            }
        }
        for (j, v) in t.vars.iter().enumerate() {
            let vp = format!("{p} var {j}");
            let w = |o: &mut String, k: &str, val: &dyn std::fmt::Display| {
                let _ = writeln!(o, "{vp} {k}={val}");
            };
            w(&mut o, "name", &q(Some(&v.name)));
            w(&mut o, "memid", &format_args!("{:#010x}", v.memid as u32));
            w(&mut o, "varkind", &v.var_kind);
            w(&mut o, "flags", &format_args!("{:#06x}", v.flags));
            w(&mut o, "type", &typedesc(lib, &v.typ));
            match &v.value {
                VarValue::Const(c) => w(&mut o, "value", &value(c)),
                VarValue::Offset(n) => w(&mut o, "offset", n),
            }
            w(&mut o, "doc", &q(v.doc.as_deref()));
            w(&mut o, "helpcontext", &v.help_context);
            w(&mut o, "helpstringcontext", &v.help_string_context);
            cust(&mut o, &vp, &v.custom);
        }
    }
    o
}

fn cust(o: &mut String, prefix: &str, items: &[CustomData]) {
    let mut lines: Vec<(Guid, String)> = items.iter().map(|c| (c.guid, value(&c.value))).collect();
    lines.sort();
    for (g, v) in lines {
        let _ = writeln!(o, "{prefix} cust {g}={v}");
    }
}

/// Quotes a string for the canonical text (`None` prints as `""`).
pub fn q(s: Option<&str>) -> String {
    let mut out = String::with_capacity(s.map_or(2, |s| s.len() + 2));
    out.push('"');
    for c in s.unwrap_or("").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:04X}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `VT_` name of a VARTYPE, or `VT_<number>`.
pub fn vt_text(vt: u16) -> String {
    match vt_name(vt) {
        Some(n) => n.to_string(),
        None => format!("VT_{vt}"),
    }
}

/// Canonical text of a value: `VT_I4:5`, `VT_BSTR:"x"`.
pub fn value(v: &Value) -> String {
    let payload = match v {
        Value::Empty | Value::Null => String::new(),
        Value::I2(x) => x.to_string(),
        Value::I4(x) | Value::Int(x) | Value::Error(x) | Value::Hresult(x) | Value::Void(x) => {
            x.to_string()
        }
        Value::R4(x) => format!("{x:?}"),
        Value::R8(x) | Value::Date(x) => format!("{x:?}"),
        Value::Cy(x) | Value::I8(x) => x.to_string(),
        Value::Bstr(None) => "null".into(),
        Value::Bstr(Some(s)) => q(Some(s)),
        Value::Bool(x) => x.to_string(),
        Value::I1(x) => x.to_string(),
        Value::Ui1(x) => x.to_string(),
        Value::Ui2(x) => x.to_string(),
        Value::Ui4(x) | Value::Uint(x) => x.to_string(),
        Value::Ui8(x) => x.to_string(),
        Value::Unsupported(_) => "?".into(),
    };
    format!("{}:{payload}", vt_text(v.vt()))
}

/// Canonical text of a type reference (see the module documentation).
pub fn typeref(lib: &TypeLib, r: &TypeRef) -> String {
    match r {
        TypeRef::Local { index, name } => format!("{index}:{name}"),
        TypeRef::Imported { lib: l, target, .. } => {
            let libid = lib
                .imports
                .get(*l as usize)
                .map(|i| i.guid)
                .unwrap_or_default();
            match target {
                ImportTarget::Guid(g) => format!("{libid}:{g}"),
                ImportTarget::Index(n) => format!("{libid}:#{n}"),
            }
        }
    }
}

/// Canonical text of a type description (see the module documentation).
pub fn typedesc(lib: &TypeLib, t: &TypeDesc) -> String {
    match t {
        TypeDesc::Base(vt) => vt_text(*vt),
        TypeDesc::Ptr(i) => format!("ptr({})", typedesc(lib, i)),
        TypeDesc::SafeArray(i) => format!("safearray({})", typedesc(lib, i)),
        TypeDesc::CArray { elem, bounds } => {
            let b: Vec<String> = bounds
                .iter()
                .map(|b| format!("{}@{}", b.elements, b.lower))
                .collect();
            format!("carray({};{})", typedesc(lib, elem), b.join(","))
        }
        TypeDesc::UserDefined(r) => format!("udt({})", typeref(lib, r)),
    }
}
