//! Our reader against the system's, type library by type library, in one process.
//!
//! Runs only in the Windows suite under Wine (`cargo xtask wine-test -p comtypes-typelib
//! --test wine_differential`): every type library in Wine's `C:\windows\system32` (the
//! `.tlb` files and every TYPELIB resource of its DLLs and EXEs, plus the four Wine
//! installs elsewhere: [`OUTSIDE_SYSTEM32`]) and the MIDL-built ones
//! in `shared/testdata/midl` is loaded with the system's `LoadTypeLibEx`, walked through
//! `ITypeLib` / `ITypeInfo2` into the canonical text, and compared line by line with
//! `canonical::to_text` of our reader's model of the same bytes.
//!
//! With `COMTYPES_FREEZE_TYPELIB=<dir>` it also writes the system's canonical texts
//! there (`<file>.<id>.txt`) with `hashes.txt` (`FILE RESOURCE_ID FILE_SIZE FNV1A64`),
//! from which `tests/expected/wine/` is frozen for the native test `tests/frozen.rs`.
#![cfg(windows)]

mod common;
mod system_walk;

use comtypes_typelib::canonical;
use std::path::{Path, PathBuf};

/// A Unix path of the build host as Wine sees it (`/work/x` is `Z:\work\x`); Windows
/// paths are kept.
fn host_path(p: &Path) -> PathBuf {
    let s = p.to_string_lossy();
    if s.starts_with('/') {
        PathBuf::from(format!("Z:{}", s.replace('/', "\\")))
    } else {
        p.to_path_buf()
    }
}

fn system32() -> PathBuf {
    let root = std::env::var("SystemRoot").unwrap_or_else(|_| "C:\\windows".into());
    PathBuf::from(root).join("system32")
}

/// One library of the corpus.
struct Case {
    /// Name in reports and frozen files (`shell32.dll`, `midl/mylib.tlb`).
    label: String,
    /// The path `LoadTypeLibEx` gets (with `\N` for a resource other than 1).
    load_path: String,
    id: Option<u32>,
    data: std::sync::Arc<Vec<u8>>,
}

/// Type libraries Wine installs outside `system32` (Debian's libwine has them in its one
/// PE directory, beside the others), by directory relative to `SystemRoot` or
/// `CommonProgramFiles`.
const OUTSIDE_SYSTEM32: &[(&str, &str, &str)] = &[
    ("SystemRoot", "system32\\wbem", "wbemdisp.dll"),
    ("SystemRoot", "system32\\Speech\\Common", "sapi.dll"),
    ("CommonProgramFiles", "System\\ADO", "msado15.dll"),
    ("CommonProgramFiles", "System\\OLE DB", "oledb32.dll"),
];

fn corpus() -> Vec<Case> {
    let dir = system32();
    let mut found = common::wine_typelibs(&dir)
        .into_iter()
        .map(|(file, id, data)| (dir.join(&file), file, id, data))
        .collect::<Vec<_>>();
    for (var, sub, file) in OUTSIDE_SYSTEM32 {
        let root = std::env::var(var).unwrap_or_else(|_| panic!("%{var}% is not set"));
        let path = PathBuf::from(root).join(sub).join(file);
        let data = std::sync::Arc::new(
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        );
        for r in comtypes_typelib::pe::typelib_resources(&data).expect("TYPELIB resources") {
            found.push((path.clone(), file.to_string(), Some(r.id), data.clone()));
        }
    }
    let mut cases = Vec::new();
    for (path, file, id, data) in found {
        let mut load_path = path.to_string_lossy().into_owned();
        if let Some(n) = id.filter(|&n| n != 1) {
            load_path.push_str(&format!("\\{n}"));
        }
        cases.push(Case {
            label: file,
            load_path,
            id,
            data,
        });
    }
    let midl = host_path(&common::shared_dir().join("testdata/midl"));
    let mut names: Vec<_> = std::fs::read_dir(&midl)
        .unwrap_or_else(|e| panic!("{}: {e}", midl.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.to_ascii_lowercase().ends_with(".tlb"))
        .collect();
    names.sort();
    for n in names {
        let path = midl.join(&n);
        cases.push(Case {
            label: format!("midl/{n}"),
            load_path: path.to_string_lossy().into_owned(),
            id: None,
            data: std::sync::Arc::new(std::fs::read(&path).expect("read MIDL library")),
        });
    }
    cases
}

/// The system's canonical text of one library, and the walker's notes.
fn system_text(path: &str) -> Result<(String, Vec<String>), String> {
    let lib = comtypes::typeinfo::load_type_lib(path).map_err(|e| format!("LoadTypeLibEx: {e}"))?;
    let (model, notes) = system_walk::walk(&lib)?;
    Ok((canonical::to_text(&model), notes))
}

/// A unified diff of the first region where the texts differ (3 lines of context, at
/// most 12 lines of each side).
fn first_diff(ours: &str, system: &str) -> Option<String> {
    let a: Vec<&str> = ours.lines().collect();
    let b: Vec<&str> = system.lines().collect();
    let first = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    // Where the two sides meet again, within a window.
    let (mut ea, mut eb) = (a.len().min(first + 12), b.len().min(first + 12));
    'search: for i in first..a.len().min(first + 12) {
        for j in first..b.len().min(first + 12) {
            if a[i] == b[j] && a.get(i + 1) == b.get(j + 1) {
                (ea, eb) = (i, j);
                break 'search;
            }
        }
    }
    let start = first.saturating_sub(3);
    let mut out = format!(
        "--- ours (comtypes_typelib)\n+++ system (LoadTypeLibEx)\n@@ -{},{} +{},{} @@\n",
        start + 1,
        ea - start,
        start + 1,
        eb - start
    );
    for l in &a[start..first] {
        out.push_str(&format!(" {l}\n"));
    }
    for l in &a[first..ea] {
        out.push_str(&format!("-{l}\n"));
    }
    for l in &b[first..eb] {
        out.push_str(&format!("+{l}\n"));
    }
    Some(out)
}

/// Libraries Wine's oleaut32 cannot walk, with the error it gives and why. Each entry is
/// checked: when Wine stops failing this way the test asks for the entry's removal.
const KNOWN_WINE_DEFECTS: &[(&str, &str, &str)] = &[
    (
        "uianimation.dll",
        "GetRefTypeInfo(0x76c): 0x80004005",
        "Wine looks a local type up by the HREFTYPE of its name-table entry; three types \
         share the name UI_ANIMATION_KEYFRAME, so types 19 and 21 cannot be resolved",
    ),
    (
        "msado15.dll",
        "type 14: GetFuncDesc(0): 0x80020008",
        "Fields20::_Append's parameter `size` (ADO_LONGPTR) has a default value stored as \
         VT_LPWSTR (31), which no VARIANT can hold: Wine's GetFuncDesc copies the default \
         into the FUNCDESC and fails with DISP_E_BADVARTYPE",
    ),
];

#[test]
fn system_and_reader_agree_on_every_type_library() {
    let cases = corpus();
    let wine = cases
        .iter()
        .filter(|c| !c.label.starts_with("midl/"))
        .count();
    assert!(
        wine >= 45,
        "expected about 50 type libraries in {}, found {wine}",
        system32().display()
    );
    assert_eq!(cases.len() - wine, 3, "the three MIDL libraries");

    let freeze = std::env::var_os("COMTYPES_FREEZE_TYPELIB").map(|d| host_path(Path::new(&d)));
    if let Some(dir) = &freeze {
        std::fs::create_dir_all(dir).expect("create the freeze directory");
    }
    let mut hashes = String::new();
    let mut failures = Vec::new();
    let mut lines = 0usize;
    let mut known = Vec::new();
    for c in &cases {
        if let Some((_, expected, why)) = KNOWN_WINE_DEFECTS.iter().find(|k| k.0 == c.label) {
            match system_text(&c.load_path) {
                Err(e) if e.contains(expected) => {
                    known.push(format!("{}: {e} ({why})", c.label));
                    continue;
                }
                other => failures.push(format!(
                    "{}: listed in KNOWN_WINE_DEFECTS but the system now gives {:?}: remove the entry",
                    c.label,
                    other.map(|_| "a library")
                )),
            }
        }
        let ours = comtypes_typelib::read_index(&c.data, c.id).map(|l| canonical::to_text(&l));
        let system = system_text(&c.load_path);
        let id = c.id.unwrap_or(1);
        match (&ours, &system) {
            (Ok(ours), Ok((system, notes))) => {
                lines += system.lines().count();
                if let Some(d) = first_diff(ours, system) {
                    failures.push(format!("{} #{id}:\n{d}", c.label));
                }
                if !notes.is_empty() {
                    failures.push(format!(
                        "{} #{id}: facts the canonical text cannot show:\n  {}",
                        c.label,
                        notes.join("\n  ")
                    ));
                }
            }
            (Err(e), Ok(_)) => failures.push(format!(
                "{} #{id}: the system loads it, our reader fails: {e}",
                c.label
            )),
            (Ok(_), Err(e)) => failures.push(format!(
                "{} #{id}: our reader reads it, the system fails: {e}",
                c.label
            )),
            (Err(a), Err(b)) => failures.push(format!(
                "{} #{id}: both fail: ours {a}; system {b}",
                c.label
            )),
        }
        if let (Some(dir), Ok((system, _))) = (&freeze, &system) {
            let name = c.label.replace('/', "_");
            std::fs::write(dir.join(format!("{name}.{id}.txt")), system).expect("freeze");
            hashes.push_str(&format!(
                "{} {id} {} {:016x}\n",
                c.label,
                c.data.len(),
                common::fnv1a(system)
            ));
        }
    }
    if let Some(dir) = &freeze {
        std::fs::write(dir.join("hashes.txt"), hashes).expect("freeze hashes");
    }
    eprintln!(
        "wine_differential: {} libraries ({wine} from Wine, {} MIDL), {lines} canonical lines compared, {} differ, {} known Wine defects",
        cases.len(),
        cases.len() - wine,
        failures.len(),
        known.len()
    );
    for k in &known {
        eprintln!("known Wine defect: {k}");
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("{f}");
        }
        panic!(
            "{} of {} type libraries differ between our reader and LoadTypeLibEx",
            failures.len(),
            cases.len()
        );
    }
}

#[test]
fn registry_lookups_find_registered_libraries() {
    use comtypes::typeinfo::*;
    let _apartment = comtypes::Apartment::multithreaded().unwrap();
    // Scripting.Dictionary's class names the Scripting library (scrrun.dll) 1.0.
    let reg =
        registered_type_lib_of_clsid(&comtypes::clsid_from_progid("Scripting.Dictionary").unwrap())
            .unwrap();
    assert_eq!(
        reg.libid,
        "{420B2830-E718-11CF-893D-00A0C9054228}".parse().unwrap()
    );
    assert_eq!((reg.major, reg.minor), (1, 0));
    let lib = type_lib_for_progid("Scripting.Dictionary").unwrap();
    assert_eq!(lib.documentation(-1).unwrap().name.to_string(), "Scripting");
    let dict = lib
        .type_info_of_guid(&"{EE09B103-97E0-11CF-978F-00A02463E06F}".parse().unwrap())
        .unwrap();
    assert_eq!(dict.type_attr().unwrap().typekind, TKIND_COCLASS);

    let path = query_path_of_reg_type_lib(&reg.libid, 1, 0, 0).unwrap();
    assert!(
        path.to_string_lossy()
            .to_ascii_lowercase()
            .ends_with("scrrun.dll"),
        "{}",
        path.display()
    );
    let stdole = load_reg_type_lib(
        &"{00020430-0000-0000-C000-000000000046}".parse().unwrap(),
        2,
        0,
        0,
    )
    .unwrap();
    let attr = stdole.lib_attr().unwrap();
    assert_eq!((attr.wMajorVerNum, attr.wMinorVerNum), (2, 0));
    assert_eq!(attr.syskind, SYS_WIN64);

    // A class that names no type library, and an unknown LIBID.
    let err =
        type_lib_for_clsid(&"{00000000-0000-0000-0000-00000000F00D}".parse().unwrap()).unwrap_err();
    assert_eq!(err.code(), comtypes::hresult::TYPE_E_LIBNOTREGISTERED);
    let err = load_reg_type_lib(
        &"{00000000-0000-0000-0000-00000000F00D}".parse().unwrap(),
        1,
        0,
        0,
    )
    .unwrap_err();
    assert_eq!(err.code(), comtypes::hresult::TYPE_E_LIBNOTREGISTERED);
}

#[test]
fn guards_release_and_typed_structures_read_stdole() {
    use comtypes::typeinfo::*;
    let lib = load_type_lib(system32().join("stdole2.tlb")).unwrap();
    let idispatch = lib
        .type_info_of_guid(&"{00020400-0000-0000-C000-000000000046}".parse().unwrap())
        .unwrap();
    let attr = idispatch.type_attr().unwrap();
    assert_eq!(attr.typekind, TKIND_INTERFACE);
    assert_eq!(attr.cFuncs, 4);
    // IUnknown's 3 slots + IDispatch's 4, in this process's pointer size.
    assert_eq!(attr.cbSizeVft as usize, 7 * core::mem::size_of::<usize>());
    let invoke = idispatch.func_desc(3).unwrap();
    assert_eq!(invoke.params().len(), 8);
    assert_eq!(invoke.oVft as usize, 6 * core::mem::size_of::<usize>());
    assert_eq!(
        idispatch.names(invoke.memid, 9).unwrap()[..3],
        ["Invoke", "dispidMember", "riid"]
    );
    // riid is `GUID*`: a pointer to a user-defined type.
    let riid = &invoke.params()[1].tdesc;
    assert_eq!(riid.vt, VT_PTR);
    // SAFETY: VT_PTR: lptdesc points at the pointee, owned by the FUNCDESC.
    let pointee = unsafe { &*riid.u.lptdesc };
    assert_eq!(pointee.vt, VT_USERDEFINED);
    // SAFETY: VT_USERDEFINED: the union holds an HREFTYPE.
    let href = unsafe { pointee.u.hreftype };
    let guid_info = idispatch.GetRefTypeInfo(href).unwrap();
    assert_eq!(
        guid_info
            .documentation(MEMBERID_NIL)
            .unwrap()
            .name
            .to_string(),
        "GUID"
    );
    assert_eq!(guid_info.type_attr().unwrap().typekind, TKIND_RECORD);
    // The provisional path of the interface still names the same type.
    let _: &comtypes::interfaces::ITypeInfo = &idispatch;
}

/// The benchmark of issue 6 item 7: our reader against `LoadTypeLibEx` plus a full
/// `ITypeInfo` walk (into the same model), on mshtml.tlb, in this process. Interleaved
/// rounds, medians. Run it in release:
/// `cargo xtask wine-test -p comtypes-typelib --release --test wine_differential -- --ignored --nocapture`
#[test]
#[ignore = "a benchmark: run explicitly, in release"]
fn bench_mshtml_reader_vs_system() {
    use std::time::Instant;
    let path = system32().join("mshtml.tlb");
    let path_text = path.to_string_lossy().into_owned();
    let rounds = 15;
    let (mut ours, mut ours_parse, mut system) = (Vec::new(), Vec::new(), Vec::new());
    let bytes = std::fs::read(&path).unwrap();
    for _ in 0..rounds {
        // Each side builds and drops its complete result inside the timed region.
        let t = Instant::now();
        let data = std::fs::read(&path).unwrap();
        let n = comtypes_typelib::read(&data).unwrap().types.len();
        ours.push(t.elapsed().as_secs_f64());
        assert_eq!(n, 393);

        let t = Instant::now();
        let n = comtypes_typelib::read(&bytes).unwrap().types.len();
        ours_parse.push(t.elapsed().as_secs_f64());
        assert_eq!(n, 393);

        let t = Instant::now();
        let sys = comtypes::typeinfo::load_type_lib(&path_text).unwrap();
        let n = system_walk::walk(&sys).unwrap().0.types.len();
        drop(sys);
        system.push(t.elapsed().as_secs_f64());
        assert_eq!(n, 393);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    };
    let (o, p, s) = (
        median(&mut ours),
        median(&mut ours_parse),
        median(&mut system),
    );
    println!(
        "bench mshtml.tlb ({} bytes), median of {rounds}: comtypes_typelib read (file + parse) {:.2} ms, \
         parse only {:.2} ms; LoadTypeLibEx + ITypeInfo walk {:.2} ms; ratio {:.1}x (parse only {:.1}x)",
        bytes.len(),
        o * 1e3,
        p * 1e3,
        s * 1e3,
        s / o,
        s / p
    );
}
