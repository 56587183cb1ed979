//! Prints `FILE RESOURCE_ID SIZE FNV1A64(canonical text)` for each type library in
//! the given files, in the format of tests/expected/wine/hashes.txt, from our reader:
//! to compare with that file, which is frozen from the system's reader under Wine
//! (`tests/wine_differential.rs`), never to regenerate it.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn main() {
    for path in std::env::args().skip(1) {
        let data = std::fs::read(&path).expect("read");
        let ids: Vec<u32> = if comtypes_typelib::pe::is_pe(&data) {
            match comtypes_typelib::pe::typelib_resources(&data) {
                Ok(r) => r.iter().map(|r| r.id).collect(),
                Err(_) => continue,
            }
        } else {
            vec![1]
        };
        let file = std::path::Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy();
        for id in ids {
            let lib = comtypes_typelib::read_index(&data, Some(id)).expect("read");
            let text = comtypes_typelib::canonical::to_text(&lib);
            println!("{file} {id} {} {:016x}", data.len(), fnv1a(&text));
        }
    }
}
