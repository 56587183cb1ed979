//! Every type library Wine ships, read from Debian's libwine package.
//!
//! Policy: when the libwine directory is absent the tests print a SKIPPED banner and
//! pass, unless COMTYPES_REQUIRE_WINE=1 (set by CI, which installs libwine), in which
//! case they fail.

mod common;

use comtypes_typelib::*;
use std::collections::BTreeMap;

/// LIBID, version and name or doc string, as Wine registers them
/// (`HKCR\TypeLib` after `wineboot`), for the libraries whose files are in the corpus.
const REGISTERED: &[(&str, &str, &str, &str, Option<u32>)] = &[
    (
        "2A75196C-D9EB-4129-B803-931327F72D5C",
        "2.8",
        "ADODB",
        "msado15.dll",
        None,
    ),
    (
        "2206CEB0-19C1-11D1-89E0-00C04FD7A829",
        "1.0",
        "MSDASC",
        "oledb32.dll",
        None,
    ),
    (
        "97D25DB0-0363-11CF-ABC4-02608C9E7553",
        "1.0",
        "Active DS Type Library",
        "activeds.tlb",
        None,
    ),
    (
        "2A005C00-A5DE-11CF-9E66-00AA00A3F464",
        "1.0",
        "COMSVCSLib",
        "comsvcs.dll",
        None,
    ),
    (
        "683364A1-B37D-11D1-ADC5-006008A5848C",
        "1.0",
        "DHTMLEDLib",
        "dhtmled.ocx",
        None,
    ),
    (
        "DB4F3345-3EF8-45ED-B976-25A6D3B81B71",
        "1.0",
        "NetFwPublicTypeLib",
        "hnetcfg.dll",
        None,
    ),
    (
        "1C565858-F302-471E-B409-F180AA4ABEC6",
        "1.0",
        "NATUPNPLib",
        "hnetcfg.dll",
        Some(2),
    ),
    (
        "EAB22AC0-30C1-11CF-A7EB-0000C05BAE0B",
        "1.1",
        "Microsoft Internet Controls",
        "ieframe.dll",
        None,
    ),
    (
        "3050F1C5-98B5-11CF-BB82-00AA00BDCE0B",
        "4.0",
        "MSHTML",
        "mshtml.tlb",
        None,
    ),
    (
        "000C1092-0000-0000-C000-000000000046",
        "1.0",
        "WindowsInstaller",
        "msi.dll",
        None,
    ),
    (
        "0E59F1D2-1FBE-11D0-8FF2-00A0D10038BC",
        "1.0",
        "Microsoft Script Control 1.0",
        "msscript.ocx",
        None,
    ),
    (
        "D63E0CE2-A0A2-11D0-9C02-00C04FC99C8E",
        "2.0",
        "Microsoft XML, v2.0",
        "msxml.dll",
        None,
    ),
    (
        "F5078F18-C551-11D3-89B9-0000F81FE221",
        "6.0",
        "Microsoft XML, v6.0",
        "msxml6.dll",
        None,
    ),
    (
        "1EA4DBF0-3C3B-11CF-810C-00AA00389B71",
        "1.1",
        "Accessibility",
        "oleacc.dll",
        None,
    ),
    (
        "BEF6E001-A874-101A-8BBA-00AA00300CAB",
        "2.0",
        "Standard OLE Types",
        "olepro32.dll",
        None,
    ),
    (
        "56A868B0-0AD4-11CE-B03A-0020AF0BA770",
        "1.0",
        "QuartzTypeLib",
        "quartz.dll",
        None,
    ),
    (
        "8CC497C9-A1DF-11CE-8098-00AA0047BE5D",
        "1.0",
        "tom",
        "riched20.dll",
        None,
    ),
    (
        "420B2830-E718-11CF-893D-00A0C9054228",
        "1.0",
        "Scripting",
        "scrrun.dll",
        None,
    ),
    (
        "50A7E9B0-70EF-11D1-B75A-00A0C90564FE",
        "1.0",
        "Shell32",
        "shell32.dll",
        None,
    ),
    (
        "00020430-0000-0000-C000-000000000046",
        "2.0",
        "OLE Automation",
        "stdole2.tlb",
        None,
    ),
    (
        "E34CB9F1-C7F7-424C-BE29-027DCC09363A",
        "1.0",
        "TaskScheduler",
        "taskschd.dll",
        None,
    ),
    (
        "3F4DACA7-160D-11D2-A8E9-00104B365C9F",
        "5.5",
        "Microsoft VBScript Regular Expressions 5.5",
        "vbscript.dll",
        Some(3),
    ),
    (
        "565783C6-CB41-11D1-8B02-00600806D9B6",
        "1.2",
        "Microsoft WMI Scripting V1.2 Library",
        "wbemdisp.dll",
        None,
    ),
    (
        "6BF52A50-394A-11D3-B153-00C04F79FAA6",
        "1.0",
        "Windows Media Player",
        "wmp.dll",
        None,
    ),
    (
        "F935DC20-1CF0-11D0-ADB9-00C04FD58A0B",
        "1.0",
        "Windows Script Host Object Model",
        "wshom.ocx",
        None,
    ),
    (
        "B596CC9F-56E5-419E-A622-E01BB457431E",
        "2.0",
        "WUAPI 2.0 Type Library",
        "wuapi.dll",
        None,
    ),
];

#[test]
fn every_wine_typelib_reads_completely() {
    let Some(dir) = common::wine_dir_or_skip("every_wine_typelib_reads_completely") else {
        return;
    };
    let all = common::wine_typelibs(&dir);
    assert!(
        all.len() >= 45,
        "expected about 50 type libraries in {}, found {}",
        dir.display(),
        all.len()
    );
    let mut libs = BTreeMap::new();
    for (file, id, data) in &all {
        let lib = read_index(data, *id).unwrap_or_else(|e| panic!("{file} {id:?}: {e}"));
        assert!(!lib.name.is_empty(), "{file}: no name");
        assert!(lib.guid.is_some(), "{file}: no LIBID");
        assert!(!lib.types.is_empty(), "{file}: no type infos");
        for t in &lib.types {
            assert!(!t.name.is_empty(), "{file}: unnamed type info");
            for f in &t.funcs {
                assert!(!f.name.is_empty(), "{file}: {}: unnamed function", t.name);
            }
        }
        // The canonical text is total on real input.
        let text = canonical::to_text(&lib);
        assert!(text.starts_with("lib name="));
        libs.insert((file.to_ascii_lowercase(), id.unwrap_or(1)), lib);
    }

    for (libid, ver, name, file, id) in REGISTERED {
        let lib = libs
            .get(&(file.to_string(), id.unwrap_or(1)))
            .unwrap_or_else(|| panic!("{file} {id:?} missing from the corpus"));
        assert_eq!(lib.guid, Guid::parse(libid), "{file}");
        assert_eq!(lib.version.to_string(), *ver, "{file}");
        assert!(
            lib.name == *name || lib.doc.as_deref() == Some(name),
            "{file}: registered as {name:?}, read name {:?} doc {:?}",
            lib.name,
            lib.doc
        );
    }

    // mshtml.tlb: the big one.
    let mshtml = &libs[&("mshtml.tlb".to_string(), 1)];
    assert_eq!(mshtml.types.len(), 393);
    let doc2 = mshtml.find("IHTMLDocument2").unwrap();
    assert_eq!(doc2.kind, TypeKind::Dispatch);
    assert_eq!(
        doc2.guid,
        Guid::parse("332C4425-26CB-11D0-B483-00C04FD90119")
    );
    assert!(doc2.funcs.iter().any(|f| f.name == "write"));

    // stdole2: the automation base types everyone imports.
    let stdole = &libs[&("stdole2.tlb".to_string(), 1)];
    assert_eq!(stdole.name, "stdole");
    let idispatch = stdole.find("IDispatch").unwrap();
    assert_eq!(idispatch.kind, TypeKind::Interface);
    // stdole2 imports its own LIBID and version: references through that import
    // resolve to its own types, as LoadTypeLibEx resolves them.
    assert!(stdole
        .imports
        .iter()
        .any(|i| Some(i.guid) == stdole.guid && i.version == stdole.version));
    // The IDispatch its dispinterfaces (Font, Picture) report as their base.
    assert_eq!(
        canonical::typeref(stdole, stdole.dispatch.as_ref().unwrap()),
        "4:IDispatch"
    );
    assert_eq!(
        idispatch.guid,
        Guid::parse("00020400-0000-0000-C000-000000000046")
    );
    let names: Vec<_> = idispatch.funcs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["GetTypeInfoCount", "GetTypeInfo", "GetIDsOfNames", "Invoke"]
    );
    let invoke = &idispatch.funcs[3];
    let pnames: Vec<_> = invoke
        .params
        .iter()
        .map(|p| p.name.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        pnames,
        [
            "dispidMember",
            "riid",
            "lcid",
            "wFlags",
            "pdispparams",
            "pvarResult",
            "pexcepinfo",
            "puArgErr"
        ]
    );
    let font = stdole.find("StdFont").unwrap();
    assert_eq!(font.kind, TypeKind::Coclass);
    let impls: Vec<_> = font
        .impl_types
        .iter()
        .map(|i| (canonical::typeref(stdole, &i.interface), i.flags))
        .collect();
    assert_eq!(
        impls,
        [
            ("31:Font".to_string(), consts::IMPLTYPEFLAG_FDEFAULT),
            ("30:IFont".to_string(), 0)
        ]
    );
    let tristate = stdole.find("OLE_TRISTATE").unwrap();
    let vals: Vec<_> = tristate
        .vars
        .iter()
        .map(|v| (v.name.as_str(), v.value.clone()))
        .collect();
    assert_eq!(
        vals,
        [
            ("Unchecked", VarValue::Const(Value::I4(0))),
            ("Checked", VarValue::Const(Value::I4(1))),
            ("Gray", VarValue::Const(Value::I4(2))),
        ]
    );

    // Several TYPELIB resources in one DLL.
    assert_eq!(
        libs[&("vbscript.dll".to_string(), 2)].name,
        "VBScript_RegExp_10"
    );
    assert_eq!(libs[&("hnetcfg.dll".to_string(), 2)].name, "NATUPNPLib");
}

// The canonical texts of these files are checked against the system's reader (frozen
// under Wine from `LoadTypeLibEx`, not from this reader) by `tests/frozen.rs`.

/// Cross-check with Wine's own dumper (`winedump -j tlb`), when it is installed:
/// type kinds, member counts, flags, sizes and parameter counts of every function.
#[test]
fn agrees_with_winedump() {
    let Some(dir) = common::wine_dir_or_skip("agrees_with_winedump") else {
        return;
    };
    if cfg!(windows) {
        // winedump is a tool of the Linux host, which a Windows build under Wine
        // cannot start; the native run of this test compares with it.
        eprintln!("SKIPPED agrees_with_winedump: a host tool, checked by the native run");
        return;
    }
    if std::process::Command::new("winedump")
        .arg("--help")
        .output()
        .is_err()
    {
        // winedump comes with wine64-tools, which CI installs beside libwine.
        assert!(
            std::env::var("COMTYPES_REQUIRE_WINE").as_deref() != Ok("1"),
            "agrees_with_winedump: winedump is missing and COMTYPES_REQUIRE_WINE=1: install Debian's wine64-tools package"
        );
        eprintln!("SKIPPED agrees_with_winedump: winedump not installed");
        return;
    }
    let tmp = std::env::temp_dir().join(format!("comtypes-winedump-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut compared = 0;
    let mut funcs_compared = 0;
    let mut inputs: Vec<(String, Vec<u8>)> = common::wine_typelibs(&dir)
        .into_iter()
        .map(|(f, id, d)| (format!("{f}#{id:?}"), locate(&d, id).unwrap().to_vec()))
        .collect();
    for m in ["mylib.tlb", "TestComServer.tlb", "TestDispServer.tlb"] {
        inputs.push((m.to_string(), common::midl(m)));
    }
    for (name, image) in inputs {
        let p = tmp.join("x.tlb");
        std::fs::write(&p, &image).unwrap();
        let out = std::process::Command::new("winedump")
            .args(["-j", "tlb"])
            .arg(&p)
            .output()
            .unwrap();
        let dump = String::from_utf8_lossy(&out.stdout);
        let lib = read(&image).unwrap();
        let theirs = parse_winedump(&dump);
        assert_eq!(theirs.len(), lib.types.len(), "{name}: type info count");
        for (t, w) in lib.types.iter().zip(&theirs) {
            let ours = (
                format!("TKIND_{}", t.kind.name()),
                t.funcs.len() as u32 | (t.vars.len() as u32) << 16,
                t.flags as u32,
                t.size,
            );
            assert_eq!(
                ours,
                (w.kind.clone(), w.celement, w.flags, w.size),
                "{name}: {}",
                t.name
            );
            // winedump walks member blocks in file order and skips some: compare
            // the ones it printed.
            if let Some(theirs) = &w.nargs {
                let nargs: Vec<u32> = t.funcs.iter().map(|f| f.params.len() as u32).collect();
                assert_eq!(&nargs, theirs, "{name}: {} parameter counts", t.name);
                funcs_compared += nargs.len();
            }
        }
        compared += 1;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(compared >= 48);
    assert!(
        funcs_compared > 20_000,
        "{funcs_compared} functions compared"
    );
}

#[derive(Default, Debug)]
struct Dumped {
    kind: String,
    celement: u32,
    flags: u32,
    size: u32,
    nargs: Option<Vec<u32>>,
}

fn hex(s: &str) -> u32 {
    u32::from_str_radix(s.trim().trim_end_matches('h'), 16).unwrap()
}

fn parse_winedump(text: &str) -> Vec<Dumped> {
    let mut out: Vec<Dumped> = Vec::new();
    let mut in_base = false;
    let mut cur_ti: Option<usize> = None;
    for line in text.lines() {
        if line.starts_with("TypeInfoBase ") {
            out.push(Dumped::default());
            in_base = true;
            continue;
        }
        if let Some(n) = line.strip_prefix("TypeInfo ") {
            cur_ti = n.trim_end_matches(" {").parse().ok();
            if let Some(d) = cur_ti.and_then(|i| out.get_mut(i)) {
                d.nargs = Some(Vec::new());
            }
            in_base = false;
            continue;
        }
        if !line.starts_with(' ') {
            in_base = false;
            if line.starts_with('}') {
                continue;
            }
            cur_ti = None;
            continue;
        }
        let l = line.trim();
        if in_base {
            let b = out.last_mut().unwrap();
            if let Some(v) = l.strip_prefix("typekind = ") {
                b.kind = v.split(',').next().unwrap().to_string();
            } else if let Some(v) = l.strip_prefix("cElement = ") {
                b.celement = hex(v);
            } else if let Some(v) = l.strip_prefix("flags = ") {
                b.flags = hex(v);
            } else if let Some(v) = l.strip_prefix("size = ") {
                b.size = v.parse().unwrap();
            }
        } else if let (Some(i), Some(v)) = (cur_ti, l.strip_prefix("nrargs = ")) {
            if let Some(n) = out.get_mut(i).and_then(|d| d.nargs.as_mut()) {
                n.push(hex(v));
            }
        }
    }
    out
}
