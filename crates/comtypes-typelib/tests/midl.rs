//! Expected facts of the three MIDL-built type libraries in shared/testdata/midl,
//! taken from their .idl sources (and MIDL's own custom data).

mod common;

use comtypes_typelib::consts::*;
use comtypes_typelib::*;
use std::sync::Arc;

fn g(s: &str) -> Guid {
    Guid::parse(s).unwrap()
}

const STDOLE2: &str = "00020430-0000-0000-C000-000000000046";
const IID_IDISPATCH: &str = "00020400-0000-0000-C000-000000000046";
const IID_IUNKNOWN: &str = "00000000-0000-0000-C000-000000000046";

fn imported(lib: &TypeLib, r: &TypeRef) -> (Guid, Guid) {
    match r {
        TypeRef::Imported {
            lib: l,
            target: ImportTarget::Guid(t),
            ..
        } => (lib.imports[*l as usize].guid, *t),
        other => panic!("expected an imported reference, got {other:?}"),
    }
}

fn param_names(f: &Function) -> Vec<&str> {
    f.params
        .iter()
        .map(|p| p.name.as_deref().unwrap_or(""))
        .collect()
}

#[test]
fn mylib() {
    let lib = read(&common::midl("mylib.tlb")).unwrap();
    assert_eq!(lib.name, "TestLib");
    assert_eq!(lib.guid, Some(g("f4f74946-4546-44bd-a073-9ea6f9fe78cb")));
    assert_eq!(lib.syskind, SysKind::Win32);
    // TLIBATTR.lcid: the IDL gives no lcid attribute; MIDL ran in en-US.
    assert_eq!(lib.lcid, 0);
    assert_eq!(lib.build_lcid, 0x409);
    assert_eq!(lib.imports.len(), 1);
    assert_eq!(lib.imports[0].guid, g(STDOLE2));
    assert_eq!(lib.imports[0].file_name, "stdole2.tlb");
    assert_eq!(lib.imports[0].version, Version { major: 2, minor: 0 });
    // MIDL records its version and a time stamp as custom data on the library.
    let midl_version = lib
        .custom
        .iter()
        .find(|c| c.guid == g("DE77BA64-517C-11D1-A2DA-0000F8773CE9"))
        .unwrap();
    assert_eq!(midl_version.value, Value::Ui4(0x0600_0169));
    let created = lib
        .custom
        .iter()
        .find(|c| c.guid == g("DE77BA65-517C-11D1-A2DA-0000F8773CE9"))
        .unwrap();
    assert!(
        matches!(&created.value, Value::Bstr(Some(s)) if s.starts_with("Created by MIDL version 6.00.0361"))
    );

    let names: Vec<_> = lib
        .types
        .iter()
        .map(|t| (t.name.as_str(), t.kind))
        .collect();
    assert_eq!(
        names,
        [
            ("IMyInterface", TypeKind::Dispatch),
            ("IMyEventInterface", TypeKind::Dispatch),
            ("MyServer", TypeKind::Coclass)
        ]
    );
    let i = &lib.types[0];
    assert_eq!(i.guid, Some(g("ed978f5f-cc45-4fcc-a7a6-751ffa8dfedd")));
    assert_ne!(i.flags & TYPEFLAG_FDUAL, 0);
    assert_ne!(i.flags & TYPEFLAG_FOLEAUTOMATION, 0);
    assert_eq!(
        imported(&lib, &i.impl_types[0].interface),
        (g(STDOLE2), g(IID_IDISPATCH))
    );
    let fnames: Vec<_> = i.funcs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        fnames,
        [
            "Name",
            "Name",
            "MixedInOut",
            "MultiInOutArgs",
            "MultiInOutArgs2",
            "MultiInOutArgs3",
            "MultiInOutArgs4",
            "GetStackTrace",
            "dummy",
            "DoSomething",
            "DoSomethingElse"
        ]
    );
    let name_get = &i.funcs[0];
    assert_eq!(name_get.memid, 100);
    assert_eq!(name_get.invoke_kind, INVOKE_PROPERTYGET);
    assert_eq!(name_get.params[0].flags, PARAMFLAG_FOUT | PARAMFLAG_FRETVAL);
    assert_eq!(
        name_get.params[0].typ,
        TypeDesc::Ptr(Arc::new(TypeDesc::Base(VT_BSTR)))
    );
    assert_eq!(i.funcs[1].invoke_kind, INVOKE_PROPERTYPUT);
    // Vtable slots follow IDispatch's 7.
    assert_eq!(name_get.vtable_offset, 7 * 4);
    assert_eq!(i.funcs[10].vtable_offset, 17 * 4);
    let mixed = &i.funcs[2];
    assert_eq!(mixed.memid, 101);
    assert_eq!(param_names(mixed), ["a", "b", "c", "d"]);
    let flags: Vec<_> = mixed.params.iter().map(|p| p.flags).collect();
    assert_eq!(
        flags,
        [PARAMFLAG_FIN, PARAMFLAG_FOUT, PARAMFLAG_FIN, PARAMFLAG_FOUT]
    );
    let st = &i.funcs[7];
    assert_eq!(
        param_names(st),
        ["FrameOffset", "Frames", "FramesSize", "FramesFilled"]
    );
    assert_eq!(st.params[3].flags, PARAMFLAG_FOUT | PARAMFLAG_FOPT);
    assert_eq!(st.params[0].typ, TypeDesc::Base(VT_UI4));
    // SAFEARRAY(VARIANT *)
    assert_eq!(
        i.funcs[8].params[0].typ,
        TypeDesc::SafeArray(Arc::new(TypeDesc::Ptr(Arc::new(TypeDesc::Base(
            VT_VARIANT
        )))))
    );
    let ev = &lib.types[1];
    assert_eq!(ev.funcs[1].name, "OnSomethingElse");
    assert_eq!(ev.funcs[1].memid, 104);
    let co = &lib.types[2];
    assert_eq!(co.guid, Some(g("fa9de8f4-20de-45fc-b079-648572428817")));
    assert_eq!(co.impl_types.len(), 2);
    assert_eq!(
        co.impl_types[0].interface,
        TypeRef::Local {
            index: 0,
            name: "IMyInterface".into()
        }
    );
    assert_eq!(co.impl_types[0].flags, IMPLTYPEFLAG_FDEFAULT);
    assert_eq!(
        co.impl_types[1].flags,
        IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE
    );
}

#[test]
fn test_com_server() {
    let lib = read(&common::midl("TestComServer.tlb")).unwrap();
    assert_eq!(lib.name, "TestComServerLib");
    assert_eq!(lib.doc.as_deref(), Some("TestComServer 1.0 Type library"));
    assert_eq!(lib.version, Version { major: 1, minor: 0 });
    assert_eq!(lib.guid, Some(g("5a3e1d1d-947a-44ac-9b03-5c37d5f5fffc")));

    let color = lib.find("MYCOLOR").unwrap();
    assert_eq!(color.kind, TypeKind::Record);
    assert_eq!(color.guid, Some(g("086b7f11-aed0-4de0-b77a-f1998371da83")));
    assert_eq!(color.size, 24);
    let fields: Vec<_> = color
        .vars
        .iter()
        .map(|v| (v.name.as_str(), v.typ.clone(), v.value.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("red", TypeDesc::Base(VT_R8), VarValue::Offset(0)),
            ("green", TypeDesc::Base(VT_R8), VarValue::Offset(8)),
            ("blue", TypeDesc::Base(VT_R8), VarValue::Offset(16)),
        ]
    );

    let srv = lib.find("ITestComServer").unwrap();
    assert_eq!(srv.kind, TypeKind::Interface);
    assert_eq!(srv.doc.as_deref(), Some("ITestComServer interface"));
    assert_eq!(
        imported(&lib, &srv.impl_types[0].interface),
        (g(STDOLE2), g(IID_IDISPATCH))
    );
    assert_eq!(srv.funcs.len(), 10);
    assert_eq!(srv.funcs[0].name, "id");
    assert_eq!(
        srv.funcs[0].doc.as_deref(),
        Some("returns the id of the server")
    );
    assert_eq!(srv.funcs[0].memid, 10);
    assert_eq!(
        srv.funcs[0].params[0].typ,
        TypeDesc::Ptr(Arc::new(TypeDesc::Base(VT_UINT)))
    );
    let do_cy = srv.funcs.iter().find(|f| f.name == "do_cy").unwrap();
    assert_eq!(do_cy.memid, 14);
    assert_eq!(
        do_cy.params[0].flags,
        PARAMFLAG_FIN | PARAMFLAG_FOPT | PARAMFLAG_FHASDEFAULT
    );
    // defaultvalue(32.78) as CURRENCY: scaled by 10 000.
    assert_eq!(do_cy.params[0].default, Some(Value::Cy(327_800)));
    let do_date = srv.funcs.iter().find(|f| f.name == "do_date").unwrap();
    assert_eq!(do_date.params[0].default, Some(Value::Date(32.0)));
    let mixed = srv.funcs.iter().find(|f| f.name == "MixedInOut").unwrap();
    assert_eq!(mixed.memid, 18);
    assert_eq!(param_names(mixed), ["a", "b", "c", "d"]);
    assert_eq!(srv.vtable_size, (7 + 10) * 4);

    let events = lib.find("ITestComServerEvents").unwrap();
    assert_eq!(
        imported(&lib, &events.impl_types[0].interface),
        (g(STDOLE2), g(IID_IUNKNOWN))
    );
    assert_eq!(param_names(&events.funcs[1]), ["what", "result"]);
    assert_eq!(events.funcs[1].params[1].typ, TypeDesc::Base(VT_VARIANT));

    let co = lib.find("TestComServer").unwrap();
    assert_eq!(co.kind, TypeKind::Coclass);
    assert_eq!(co.doc.as_deref(), Some("TestComServer class object"));
    assert_eq!(co.impl_types.len(), 2);
    assert_eq!(
        co.impl_types[1].flags,
        IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE
    );
}

#[test]
fn test_disp_server() {
    let lib = read(&common::midl("TestDispServer.tlb")).unwrap();
    assert_eq!(lib.name, "TestDispServerLib");
    let d = lib.find("DTestDispServer").unwrap();
    assert_eq!(d.kind, TypeKind::Dispatch);
    assert_eq!(d.guid, Some(g("d44d11ba-aa1f-4e93-8f5a-8fa0a4715241")));
    assert_eq!(d.flags & TYPEFLAG_FDUAL, 0);
    let props: Vec<_> = d
        .vars
        .iter()
        .map(|v| (v.name.as_str(), v.memid, v.var_kind, v.flags, v.typ.clone()))
        .collect();
    assert_eq!(
        props,
        [
            (
                "id",
                10,
                VAR_DISPATCH,
                VARFLAG_FREADONLY,
                TypeDesc::Base(VT_UINT)
            ),
            ("name", 11, VAR_DISPATCH, 0, TypeDesc::Base(VT_BSTR)),
        ]
    );
    assert_eq!(d.vars[0].doc.as_deref(), Some("the id of the server"));
    let funcs: Vec<_> = d.funcs.iter().map(|f| (f.name.as_str(), f.memid)).collect();
    assert_eq!(
        funcs,
        [
            ("SetName", 12),
            ("eval", 13),
            ("eval2", 14),
            ("Exec", 16),
            ("Exec2", 17),
            ("do_cy", 100),
            ("do_date", 101)
        ]
    );
    assert!(d.funcs.iter().all(|f| f.func_kind == FUNC_DISPATCH));
    assert_eq!(d.funcs[1].ret, TypeDesc::Base(VT_VARIANT));
    assert_eq!(d.funcs[0].ret, TypeDesc::Base(VT_VOID));
    assert_eq!(d.funcs[5].params[0].default, Some(Value::Cy(327_800)));
    assert_eq!(
        lib.dispatch.as_ref().map(|r| imported(&lib, r)),
        Some((g(STDOLE2), g(IID_IDISPATCH)))
    );
    let co = lib.find("TestDispServer").unwrap();
    let impls: Vec<_> = co
        .impl_types
        .iter()
        .map(|i| match &i.interface {
            TypeRef::Local { name, .. } => (name.as_str(), i.flags),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        impls,
        [
            ("DTestDispServer", IMPLTYPEFLAG_FDEFAULT),
            (
                "DTestDispServerEvents",
                IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE
            )
        ]
    );
}

/// Our canonical text against the one the system's reader gave for the same file
/// (`LoadTypeLibEx` + `ITypeInfo` walk under Wine, frozen by `tests/wine_differential.rs`
/// into `tests/expected/wine/`; `tests/frozen.rs` checks the same texts, this test
/// shows the first differing line).
#[test]
fn canonical_text_of_midl_files_is_the_systems() {
    for (file, expected) in [
        (
            "mylib.tlb",
            include_str!("expected/wine/midl_mylib.tlb.1.txt"),
        ),
        (
            "TestComServer.tlb",
            include_str!("expected/wine/midl_TestComServer.tlb.1.txt"),
        ),
        (
            "TestDispServer.tlb",
            include_str!("expected/wine/midl_TestDispServer.tlb.1.txt"),
        ),
    ] {
        let lib = read(&common::midl(file)).unwrap();
        let text = canonical::to_text(&lib);
        if text != expected {
            let line = text
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{file}: canonical text differs from the system's at line {}:\n got: {:?}\nwant: {:?}",
                line + 1,
                text.lines().nth(line),
                expected.lines().nth(line)
            );
        }
    }
}
