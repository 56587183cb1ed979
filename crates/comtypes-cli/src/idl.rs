//! IDL-like rendering of a type library, in the style of OleView.

use comtypes_typelib::consts::*;
use comtypes_typelib::*;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

/// Names of imported types, found by reading the imported libraries when they can be
/// found (beside the file, or in Wine's directory), plus the few everyone imports.
pub struct ImportNames {
    map: HashMap<(Guid, Guid), String>,
    by_index: HashMap<(Guid, u32), String>,
}

const WELL_KNOWN: &[(&str, &str)] = &[
    ("00000000-0000-0000-C000-000000000046", "IUnknown"),
    ("00020400-0000-0000-C000-000000000046", "IDispatch"),
    ("00020404-0000-0000-C000-000000000046", "IEnumVARIANT"),
    ("BEF6E002-A874-101A-8BBA-00AA00300CAB", "IFontDisp"),
    ("7BF80981-BF32-101A-8BBB-00AA00300CAB", "IPictureDisp"),
];

impl ImportNames {
    pub fn load(lib: &TypeLib, dir: Option<&Path>) -> ImportNames {
        let mut names = ImportNames {
            map: HashMap::new(),
            by_index: HashMap::new(),
        };
        let stdole = Guid::parse("00020430-0000-0000-C000-000000000046").unwrap_or_default();
        for (g, n) in WELL_KNOWN {
            if let Some(g) = Guid::parse(g) {
                names.map.insert((stdole, g), n.to_string());
            }
        }
        for imp in &lib.imports {
            let mut candidates = Vec::new();
            if let Some(d) = dir {
                candidates.push(d.join(&imp.file_name));
            }
            candidates.push(
                Path::new("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows").join(&imp.file_name),
            );
            for c in candidates {
                let Ok(data) = std::fs::read(&c) else {
                    continue;
                };
                let Ok(other) = comtypes_typelib::read(&data) else {
                    continue;
                };
                if other.guid != Some(imp.guid) {
                    continue;
                }
                for (i, t) in other.types.iter().enumerate() {
                    if let Some(g) = t.guid {
                        names.map.insert((imp.guid, g), t.name.to_string());
                    }
                    names
                        .by_index
                        .insert((imp.guid, i as u32), t.name.to_string());
                }
                break;
            }
        }
        names
    }

    fn name(&self, lib: &TypeLib, r: &TypeRef) -> String {
        match r {
            TypeRef::Local { name, .. } => name.to_string(),
            TypeRef::Imported { lib: l, target, .. } => {
                let libid = lib
                    .imports
                    .get(*l as usize)
                    .map(|i| i.guid)
                    .unwrap_or_default();
                let found = match target {
                    ImportTarget::Guid(g) => self.map.get(&(libid, *g)),
                    ImportTarget::Index(i) => self.by_index.get(&(libid, *i)),
                };
                match (found, target) {
                    (Some(n), _) => n.clone(),
                    (None, ImportTarget::Guid(g)) => format!("{g}"),
                    (None, ImportTarget::Index(i)) => format!("{libid}#{i}"),
                }
            }
        }
    }
}

fn base_name(vt: u16) -> String {
    match vt {
        VT_I2 => "short",
        VT_I4 => "long",
        VT_R4 => "single",
        VT_R8 => "double",
        VT_CY => "CURRENCY",
        VT_DATE => "DATE",
        VT_BSTR => "BSTR",
        VT_DISPATCH => "IDispatch*",
        VT_ERROR => "SCODE",
        VT_BOOL => "VARIANT_BOOL",
        VT_VARIANT => "VARIANT",
        VT_UNKNOWN => "IUnknown*",
        VT_DECIMAL => "DECIMAL",
        VT_I1 => "char",
        VT_UI1 => "unsigned char",
        VT_UI2 => "unsigned short",
        VT_UI4 => "unsigned long",
        VT_I8 => "int64",
        VT_UI8 => "uint64",
        VT_INT => "int",
        VT_UINT => "unsigned int",
        VT_VOID => "void",
        VT_HRESULT => "HRESULT",
        VT_LPSTR => "LPSTR",
        VT_LPWSTR => "LPWSTR",
        VT_INT_PTR => "INT_PTR",
        VT_UINT_PTR => "UINT_PTR",
        other => return format!("VT_{other}"),
    }
    .to_string()
}

/// The IDL spelling of a type, and the array suffix for C arrays (`[10]`).
fn type_name(lib: &TypeLib, n: &ImportNames, t: &TypeDesc) -> (String, String) {
    match t {
        TypeDesc::Base(vt) => (base_name(*vt), String::new()),
        TypeDesc::Ptr(i) => {
            let (s, a) = type_name(lib, n, i);
            (format!("{s}*"), a)
        }
        TypeDesc::SafeArray(i) => (
            format!("SAFEARRAY({})", type_name(lib, n, i).0),
            String::new(),
        ),
        TypeDesc::CArray { elem, bounds } => {
            let dims: String = bounds
                .iter()
                .map(|b| {
                    if b.lower == 0 {
                        format!("[{}]", b.elements)
                    } else {
                        format!("[{}..{}]", b.lower, b.lower as i64 + b.elements as i64 - 1)
                    }
                })
                .collect();
            (type_name(lib, n, elem).0, dims)
        }
        TypeDesc::UserDefined(r) => (n.name(lib, r), String::new()),
    }
}

fn quote(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Bstr(Some(s)) => quote(s),
        Value::Bstr(None) => "NULL".into(),
        Value::Bool(b) => if *b != 0 { "-1" } else { "0" }.into(),
        Value::Cy(c) => format!("{}", *c as f64 / 10_000.0),
        Value::R4(x) => format!("{x}"),
        Value::R8(x) | Value::Date(x) => format!("{x}"),
        Value::I2(x) => x.to_string(),
        Value::I4(x) | Value::Int(x) | Value::Error(x) | Value::Hresult(x) | Value::Void(x) => {
            if *x < 0 {
                format!("{x:#010x}")
            } else {
                x.to_string()
            }
        }
        Value::I1(x) => x.to_string(),
        Value::Ui1(x) => x.to_string(),
        Value::Ui2(x) => x.to_string(),
        Value::Ui4(x) | Value::Uint(x) => x.to_string(),
        Value::I8(x) => x.to_string(),
        Value::Ui8(x) => x.to_string(),
        Value::Empty | Value::Null => "0".into(),
        Value::Unsupported(vt) => format!("/* VT {vt} */"),
    }
}

fn attrs(o: &mut String, indent: &str, a: &[String]) {
    if a.is_empty() {
        return;
    }
    let _ = writeln!(o, "{indent}[");
    for (i, x) in a.iter().enumerate() {
        let sep = if i + 1 < a.len() { "," } else { "" };
        let _ = writeln!(o, "{indent}  {x}{sep}");
    }
    let _ = writeln!(o, "{indent}]");
}

fn doc_attrs(a: &mut Vec<String>, doc: Option<&str>, help_context: u32) {
    if let Some(d) = doc {
        a.push(format!("helpstring({})", quote(d)));
    }
    if help_context != 0 {
        a.push(format!("helpcontext({help_context:#010x})"));
    }
}

fn type_flag_attrs(a: &mut Vec<String>, flags: u16) {
    for (bit, name) in [
        (TYPEFLAG_FAPPOBJECT, "appobject"),
        (TYPEFLAG_FLICENSED, "licensed"),
        (TYPEFLAG_FHIDDEN, "hidden"),
        (TYPEFLAG_FCONTROL, "control"),
        (TYPEFLAG_FDUAL, "dual"),
        (TYPEFLAG_FNONEXTENSIBLE, "nonextensible"),
        (TYPEFLAG_FOLEAUTOMATION, "oleautomation"),
        (TYPEFLAG_FRESTRICTED, "restricted"),
        (TYPEFLAG_FAGGREGATABLE, "aggregatable"),
    ] {
        if flags & bit != 0 {
            a.push(name.into());
        }
    }
}

fn custom_attrs(a: &mut Vec<String>, c: &[CustomData]) {
    for cd in c {
        let g = cd.guid.to_string();
        a.push(format!(
            "custom({}, {})",
            g.trim_matches(|c| c == '{' || c == '}'),
            value_text(&cd.value)
        ));
    }
}

fn uuid(g: Option<Guid>) -> Option<String> {
    g.map(|g| {
        let s = g.to_string();
        format!("uuid({})", s.trim_matches(|c| c == '{' || c == '}'))
    })
}

/// An interface block: attributes, base, and its functions (`dispatch`: the functions of
/// a dual dispinterface, which print with their DISPIDs).
fn interface_text(
    o: &mut String,
    lib: &TypeLib,
    n: &ImportNames,
    t: &TypeInfo,
    a: &[String],
    dispatch: bool,
) {
    attrs(o, "    ", a);
    let base = t
        .impl_types
        .first()
        .map(|b| format!(" : {}", n.name(lib, &b.interface)))
        .unwrap_or_default();
    let _ = writeln!(o, "    interface {}{base} {{", t.name);
    for f in &t.funcs {
        o.push_str(&func_text(lib, n, f, dispatch));
    }
    let _ = writeln!(o, "    }};");
}

fn func_text(lib: &TypeLib, n: &ImportNames, f: &Function, dispatch: bool) -> String {
    let mut a = Vec::new();
    if dispatch || f.memid != 0 || f.func_kind == FUNC_DISPATCH {
        a.push(format!("id({:#010x})", f.memid as u32));
    }
    match f.invoke_kind {
        INVOKE_PROPERTYGET => a.push("propget".into()),
        INVOKE_PROPERTYPUT => a.push("propput".into()),
        INVOKE_PROPERTYPUTREF => a.push("propputref".into()),
        _ => {}
    }
    for (bit, name) in [
        (FUNCFLAG_FRESTRICTED, "restricted"),
        (FUNCFLAG_FSOURCE, "source"),
        (FUNCFLAG_FBINDABLE, "bindable"),
        (FUNCFLAG_FREQUESTEDIT, "requestedit"),
        (FUNCFLAG_FDISPLAYBIND, "displaybind"),
        (FUNCFLAG_FDEFAULTBIND, "defaultbind"),
        (FUNCFLAG_FHIDDEN, "hidden"),
        (FUNCFLAG_FUSESGETLASTERROR, "usesgetlasterror"),
        (FUNCFLAG_FDEFAULTCOLLELEM, "defaultcollelem"),
        (FUNCFLAG_FUIDEFAULT, "uidefault"),
        (FUNCFLAG_FNONBROWSABLE, "nonbrowsable"),
        (FUNCFLAG_FIMMEDIATEBIND, "immediatebind"),
    ] {
        if f.flags & bit != 0 {
            a.push(name.into());
        }
    }
    if f.optional_params == -1 {
        a.push("vararg".into());
    }
    match &f.entry {
        Some(DllEntry::Name(e)) => a.push(format!("entry({})", quote(e))),
        Some(DllEntry::Ordinal(e)) => a.push(format!("entry({e})")),
        None => {}
    }
    doc_attrs(&mut a, f.doc.as_deref(), f.help_context);
    custom_attrs(&mut a, &f.custom);
    let mut o = String::new();
    if !a.is_empty() {
        let _ = writeln!(o, "        [{}]", a.join(", "));
    }
    let cc = match f.call_conv {
        1 => "__cdecl ",
        4 if f.func_kind == FUNC_DISPATCH => "",
        4 => "__stdcall ",
        _ => "",
    };
    let params: Vec<String> = f
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut pa = Vec::new();
            for (bit, name) in [
                (PARAMFLAG_FIN, "in"),
                (PARAMFLAG_FOUT, "out"),
                (PARAMFLAG_FLCID, "lcid"),
                (PARAMFLAG_FRETVAL, "retval"),
                (PARAMFLAG_FOPT, "optional"),
            ] {
                if p.flags & bit != 0 {
                    pa.push(name.to_string());
                }
            }
            if let Some(d) = &p.default {
                pa.push(format!("defaultvalue({})", value_text(d)));
            }
            custom_attrs(&mut pa, &p.custom);
            let (t, arr) = type_name(lib, n, &p.typ);
            let name = p
                .name
                .as_ref()
                .map_or_else(|| format!("rhs{i}"), |n| n.to_string());
            let pa = if pa.is_empty() {
                String::new()
            } else {
                format!("[{}] ", pa.join(", "))
            };
            format!("{pa}{t} {name}{arr}")
        })
        .collect();
    let (ret, _) = type_name(lib, n, &f.ret);
    let _ = if params.is_empty() {
        writeln!(o, "        {ret} {cc}{}();", f.name)
    } else {
        writeln!(
            o,
            "        {ret} {cc}{}(\n                {});",
            f.name,
            params.join(",\n                ")
        )
    };
    o
}

fn var_text(lib: &TypeLib, n: &ImportNames, v: &Variable, with_id: bool) -> String {
    let mut a = Vec::new();
    if with_id {
        a.push(format!("id({:#010x})", v.memid as u32));
    }
    for (bit, name) in [
        (VARFLAG_FREADONLY, "readonly"),
        (VARFLAG_FSOURCE, "source"),
        (VARFLAG_FBINDABLE, "bindable"),
        (VARFLAG_FHIDDEN, "hidden"),
        (VARFLAG_FRESTRICTED, "restricted"),
        (VARFLAG_FNONBROWSABLE, "nonbrowsable"),
    ] {
        if v.flags & bit != 0 {
            a.push(name.into());
        }
    }
    doc_attrs(&mut a, v.doc.as_deref(), v.help_context);
    custom_attrs(&mut a, &v.custom);
    let (t, arr) = type_name(lib, n, &v.typ);
    let a = if a.is_empty() {
        String::new()
    } else {
        format!("[{}] ", a.join(", "))
    };
    match &v.value {
        VarValue::Const(c) => format!("        {a}const {t} {} = {};\n", v.name, value_text(c)),
        VarValue::Offset(_) => format!("        {a}{t} {}{arr};\n", v.name),
    }
}

/// Renders the whole library.
pub fn render(lib: &TypeLib, n: &ImportNames, file: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "// Generated .IDL file (by comtypes show)");
    let _ = writeln!(o, "//");
    let _ = writeln!(o, "// typelib filename: {file}");
    let _ = writeln!(o);
    let mut a: Vec<String> = uuid(lib.guid).into_iter().collect();
    a.push(format!("version({})", lib.version));
    doc_attrs(&mut a, lib.doc.as_deref(), lib.help_context);
    if let Some(h) = &lib.help_file {
        a.push(format!("helpfile({})", quote(h)));
    }
    if lib.lcid != 0 {
        a.push(format!("lcid({:#06x})", lib.lcid));
    }
    for (bit, name) in [
        (LIBFLAG_FRESTRICTED, "restricted"),
        (LIBFLAG_FCONTROL, "control"),
        (LIBFLAG_FHIDDEN, "hidden"),
    ] {
        if lib.flags & bit != 0 {
            a.push(name.into());
        }
    }
    custom_attrs(&mut a, &lib.custom);
    attrs(&mut o, "", &a);
    let _ = writeln!(o, "library {}\n{{", lib.name);
    // A library that imports itself (stdole2) needs no importlib of itself: the reader
    // resolves those references to its own types.
    for imp in lib.imports.iter().filter(|i| Some(i.guid) != lib.guid) {
        let _ = writeln!(o, "    // TLib : {} v{}", imp.guid, imp.version);
        let _ = writeln!(o, "    importlib({});", quote(&imp.file_name));
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "    // Forward declare all types defined in this typelib"
    );
    for t in &lib.types {
        match t.kind {
            TypeKind::Interface => {
                let _ = writeln!(o, "    interface {};", t.name);
            }
            TypeKind::Dispatch if t.flags & TYPEFLAG_FDUAL != 0 => {
                let _ = writeln!(o, "    interface {};", t.name);
            }
            TypeKind::Dispatch => {
                let _ = writeln!(o, "    dispinterface {};", t.name);
            }
            _ => {}
        }
    }

    for t in &lib.types {
        let _ = writeln!(o);
        let mut a: Vec<String> = Vec::new();
        let is_dual = t.kind == TypeKind::Dispatch && t.flags & TYPEFLAG_FDUAL != 0;
        if matches!(t.kind, TypeKind::Interface) || is_dual {
            a.push("odl".into());
        }
        a.extend(uuid(t.guid));
        if t.version.major != 0 || t.version.minor != 0 {
            a.push(format!("version({})", t.version));
        }
        doc_attrs(&mut a, t.doc.as_deref(), t.help_context);
        if let Some(d) = &t.dll_name {
            a.push(format!("dllname({})", quote(d)));
        }
        type_flag_attrs(&mut a, t.flags);
        if t.kind == TypeKind::Coclass && t.flags & TYPEFLAG_FCANCREATE == 0 {
            a.push("noncreatable".into());
        }
        custom_attrs(&mut a, &t.custom);
        match t.kind {
            TypeKind::Enum | TypeKind::Record | TypeKind::Union => {
                let kw = match t.kind {
                    TypeKind::Enum => "enum",
                    TypeKind::Record => "struct",
                    _ => "union",
                };
                let _ = writeln!(o, "    typedef [{}]", a.join(", "));
                let _ = writeln!(o, "    {kw} tag{} {{", t.name);
                for (i, v) in t.vars.iter().enumerate() {
                    if t.kind == TypeKind::Enum {
                        let val = match &v.value {
                            VarValue::Const(c) => value_text(c),
                            VarValue::Offset(x) => x.to_string(),
                        };
                        let sep = if i + 1 < t.vars.len() { "," } else { "" };
                        let _ = writeln!(o, "        {} = {val}{sep}", v.name);
                    } else {
                        o.push_str(&var_text(lib, n, v, false));
                    }
                }
                let _ = writeln!(o, "    }} {};", t.name);
            }
            TypeKind::Alias => {
                let (ty, arr) =
                    type_name(lib, n, t.alias.as_ref().unwrap_or(&TypeDesc::Base(VT_VOID)));
                let _ = writeln!(o, "    typedef [{}] {ty} {}{arr};", a.join(", "), t.name);
            }
            TypeKind::Module => {
                attrs(&mut o, "    ", &a);
                let _ = writeln!(o, "    module {} {{", t.name);
                for f in &t.funcs {
                    o.push_str(&func_text(lib, n, f, false));
                }
                for v in &t.vars {
                    o.push_str(&var_text(lib, n, v, false));
                }
                let _ = writeln!(o, "    }};");
            }
            TypeKind::Interface => interface_text(&mut o, lib, n, t, &a, false),
            // A dual dispinterface prints as the interface it also is.
            TypeKind::Dispatch if is_dual => interface_text(&mut o, lib, n, t, &a, true),
            TypeKind::Dispatch => {
                attrs(&mut o, "    ", &a);
                let _ = writeln!(o, "    dispinterface {} {{", t.name);
                let _ = writeln!(o, "        properties:");
                for v in &t.vars {
                    o.push_str(&var_text(lib, n, v, true));
                }
                let _ = writeln!(o, "        methods:");
                for f in &t.funcs {
                    o.push_str(&func_text(lib, n, f, true));
                }
                let _ = writeln!(o, "    }};");
            }
            TypeKind::Coclass => {
                attrs(&mut o, "    ", &a);
                let _ = writeln!(o, "    coclass {} {{", t.name);
                for it in &t.impl_types {
                    let mut fa = Vec::new();
                    for (bit, name) in [
                        (IMPLTYPEFLAG_FDEFAULT, "default"),
                        (IMPLTYPEFLAG_FSOURCE, "source"),
                        (IMPLTYPEFLAG_FRESTRICTED, "restricted"),
                        (IMPLTYPEFLAG_FDEFAULTVTABLE, "defaultvtable"),
                    ] {
                        if it.flags & bit != 0 {
                            fa.push(name.to_string());
                        }
                    }
                    custom_attrs(&mut fa, &it.custom);
                    let kw = match &it.interface {
                        TypeRef::Local { index, .. } => match lib.types.get(*index as usize) {
                            Some(x)
                                if x.kind == TypeKind::Dispatch
                                    && x.flags & TYPEFLAG_FDUAL == 0 =>
                            {
                                "dispinterface"
                            }
                            _ => "interface",
                        },
                        _ => "interface",
                    };
                    let fa = if fa.is_empty() {
                        String::new()
                    } else {
                        format!("[{}] ", fa.join(", "))
                    };
                    let _ = writeln!(o, "        {fa}{kw} {};", n.name(lib, &it.interface));
                }
                let _ = writeln!(o, "    }};");
            }
        }
    }
    let _ = writeln!(o, "}};");
    o
}
