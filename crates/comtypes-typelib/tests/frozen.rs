//! Our reader against the system's reader, natively: the canonical texts the system's
//! `LoadTypeLibEx` + `ITypeInfo` walk produced under Wine (`tests/wine_differential.rs`
//! with `COMTYPES_FREEZE_TYPELIB`) are frozen in `tests/expected/wine/`: the whole text
//! for small libraries, an FNV-1a hash of it for every library (`hashes.txt`). Our
//! reader must produce the same text from the same files: Debian's libwine PE files
//! (byte-identical to the Wine prefix's system32 copies the Wine run read) and the MIDL
//! libraries in `shared/testdata/midl`.
//!
//! Policy for libwine: as `tests/corpus.rs` (SKIPPED banner unless COMTYPES_REQUIRE_WINE=1).
//! A file whose size differs from the frozen one (another libwine build) is reported
//! and not compared.

mod common;

use comtypes_typelib::canonical;
use std::path::PathBuf;

const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/expected/wine");

/// One line of hashes.txt: `FILE RESOURCE_ID FILE_SIZE FNV1A64`.
struct Frozen {
    file: String,
    id: u32,
    size: usize,
    hash: u64,
}

fn frozen() -> Vec<Frozen> {
    let text = std::fs::read_to_string(format!("{EXPECTED}/hashes.txt")).expect("hashes.txt");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 4, "hashes.txt: {l}");
            Frozen {
                file: f[0].to_string(),
                id: f[1].parse().unwrap(),
                size: f[2].parse().unwrap(),
                hash: u64::from_str_radix(f[3], 16).unwrap(),
            }
        })
        .collect()
}

/// Our reader's canonical text of one library.
fn ours(data: &[u8], id: u32) -> String {
    let lib = comtypes_typelib::read_index(data, Some(id))
        .unwrap_or_else(|e| panic!("resource {id}: {e}"));
    canonical::to_text(&lib)
}

fn check(f: &Frozen, path: PathBuf, failures: &mut Vec<String>, skipped: &mut Vec<String>) {
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if data.len() != f.size {
        skipped.push(format!(
            "{} ({} bytes, frozen from {})",
            f.file,
            data.len(),
            f.size
        ));
        return;
    }
    let text = ours(&data, f.id);
    let name = format!("{}.{}.txt", f.file.replace('/', "_"), f.id);
    if let Ok(expected) = std::fs::read_to_string(format!("{EXPECTED}/{name}")) {
        if let Some((n, (a, b))) = text
            .lines()
            .zip(expected.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
        {
            failures.push(format!("{} #{}: line {}:\n-{a}\n+{b}", f.file, f.id, n + 1));
            return;
        }
        if text.lines().count() != expected.lines().count() {
            failures.push(format!("{} #{}: line counts differ", f.file, f.id));
            return;
        }
    }
    if common::fnv1a(&text) != f.hash {
        failures.push(format!(
            "{} #{}: canonical text hash {:016x}, the system's was {:016x}",
            f.file,
            f.id,
            common::fnv1a(&text),
            f.hash
        ));
    }
}

#[test]
fn midl_libraries_match_the_systems_view() {
    let (mut failures, mut skipped) = (Vec::new(), Vec::new());
    let all: Vec<Frozen> = frozen()
        .into_iter()
        .filter(|f| f.file.starts_with("midl/"))
        .collect();
    assert_eq!(all.len(), 3);
    for f in &all {
        let path = common::shared_dir()
            .join("testdata/midl")
            .join(f.file.trim_start_matches("midl/"));
        check(f, path, &mut failures, &mut skipped);
    }
    assert!(skipped.is_empty(), "{skipped:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn wine_libraries_match_the_systems_view() {
    let Some(dir) = common::wine_dir_or_skip("wine_libraries_match_the_systems_view") else {
        return;
    };
    let (mut failures, mut skipped) = (Vec::new(), Vec::new());
    let all: Vec<Frozen> = frozen()
        .into_iter()
        .filter(|f| !f.file.starts_with("midl/"))
        .collect();
    assert!(all.len() >= 45, "{} frozen Wine libraries", all.len());
    for f in &all {
        check(f, dir.join(&f.file), &mut failures, &mut skipped);
    }
    if !skipped.is_empty() {
        eprintln!("not compared (another libwine build): {skipped:?}");
    }
    assert!(
        skipped.len() < all.len(),
        "every file differs from the frozen libwine build"
    );
    assert!(
        failures.is_empty(),
        "{} of {} differ from the system's view:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
