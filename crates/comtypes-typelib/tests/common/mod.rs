//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `shared/` beside the repository (`CARGO_MANIFEST_DIR/../../../shared`).
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// A MIDL-built type library from `shared/testdata/midl`.
pub fn midl(name: &str) -> Vec<u8> {
    let p = shared_dir().join("testdata/midl").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Debian's libwine PE directory (override with COMTYPES_WINE_DIR).
pub fn wine_dir() -> PathBuf {
    std::env::var_os("COMTYPES_WINE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"))
}

/// The Wine directory if present. When it is absent the test is skipped with a
/// banner, unless COMTYPES_REQUIRE_WINE=1, which makes it fail.
pub fn wine_dir_or_skip(test: &str) -> Option<PathBuf> {
    let dir = wine_dir();
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("COMTYPES_REQUIRE_WINE").as_deref() == Ok("1") {
        panic!(
            "{test}: {} is missing and COMTYPES_REQUIRE_WINE=1: install Debian's libwine package",
            dir.display()
        );
    }
    eprintln!("==================================================================");
    eprintln!("SKIPPED {test}: {} not found.", dir.display());
    eprintln!("Install Debian's `libwine` package to run it; set COMTYPES_REQUIRE_WINE=1");
    eprintln!("to make its absence a failure (CI does).");
    eprintln!("==================================================================");
    None
}

/// Every type library in the Wine directory: (file name, resource id, bytes of file).
/// `.tlb` files and PE files with TYPELIB resources, every resource id.
pub fn wine_typelibs(dir: &std::path::Path) -> Vec<(String, Option<u32>, std::sync::Arc<Vec<u8>>)> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("read wine dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            [".tlb", ".dll", ".exe", ".ocx", ".olb"]
                .iter()
                .any(|x| l.ends_with(x))
        })
        .collect();
    names.sort();
    let mut out = Vec::new();
    for n in names {
        let data = std::sync::Arc::new(std::fs::read(dir.join(&n)).expect("read file"));
        if comtypes_typelib::pe::is_pe(&data) {
            let Ok(res) = comtypes_typelib::pe::typelib_resources(&data) else {
                continue;
            };
            for r in res {
                out.push((n.clone(), Some(r.id), data.clone()));
            }
        } else if data.starts_with(b"MSFT") {
            out.push((n.clone(), None, data.clone()));
        }
    }
    out
}

/// 64-bit FNV-1a, to freeze large canonical texts as a hash.
pub fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
