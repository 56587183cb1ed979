//! Truncated, bit-flipped and otherwise corrupted type libraries: the reader must
//! return `Ok` or `Err`, never panic (and the canonical text of whatever it accepts
//! must render).

mod common;

use comtypes_typelib::*;

fn check(data: &[u8]) -> bool {
    match read(data) {
        Ok(lib) => {
            let _ = canonical::to_text(&lib);
            true
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            false
        }
    }
}

#[test]
fn every_truncation_of_small_typelibs() {
    for name in ["mylib.tlb", "TestDispServer.tlb"] {
        let data = common::midl(name);
        let mut ok = 0;
        for len in 0..data.len() {
            if check(&data[..len]) {
                ok += 1;
            }
        }
        // The tail of the file (custom data, member arrays) is needed: most
        // truncations must fail, and the full file must pass.
        assert!(ok < data.len() / 2, "{name}: {ok} truncations accepted");
        assert!(check(&data));
    }
}

#[test]
fn every_single_bit_flip_of_a_small_typelib() {
    let data = common::midl("mylib.tlb");
    let mut errors = 0;
    for pos in 0..data.len() {
        for bit in [0u8, 3, 7] {
            let mut d = data.clone();
            d[pos] ^= 1 << bit;
            if !check(&d) {
                errors += 1;
            }
        }
    }
    assert!(errors > 0);
}

/// A small deterministic generator, so failures reproduce.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_word_overwrites() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for name in ["mylib.tlb", "TestComServer.tlb", "TestDispServer.tlb"] {
        let data = common::midl(name);
        for _ in 0..3000 {
            let mut d = data.clone();
            for _ in 0..(rng.next() % 4 + 1) {
                let pos = (rng.next() as usize % (d.len() - 4)) & !3;
                let v: u32 = match rng.next() % 6 {
                    0 => 0xFFFF_FFFF,
                    1 => 0x7FFF_FFFF,
                    2 => 0x8000_0000,
                    3 => 0,
                    4 => (rng.next() % 0x1000) as u32,
                    _ => rng.next() as u32,
                };
                d[pos..pos + 4].copy_from_slice(&v.to_le_bytes());
            }
            check(&d);
        }
    }
}

#[test]
fn corrupted_pe_resources() {
    let Some(dir) = common::wine_dir_or_skip("corrupted_pe_resources") else {
        return;
    };
    let data = std::fs::read(dir.join("stdole32.tlb")).unwrap();
    assert!(read(&data).is_ok());
    let mut rng = XorShift(42);
    for _ in 0..500 {
        let mut d = data.clone();
        for _ in 0..8 {
            let pos = rng.next() as usize % d.len();
            d[pos] = rng.next() as u8;
        }
        check(&d);
        let cut = rng.next() as usize % d.len();
        check(&d[..cut]);
    }
}

#[test]
fn clear_errors_for_other_formats() {
    assert_eq!(read(b""), Err(Error::UnknownFormat));
    assert_eq!(read(b"hello world"), Err(Error::UnknownFormat));
    // The SLTG header magic: recognised and refused.
    let mut sltg = b"SLTG".to_vec();
    sltg.extend_from_slice(&[0; 60]);
    let e = read(&sltg).unwrap_err();
    assert_eq!(e, Error::Sltg);
    assert!(e.to_string().contains("SLTG"));
    // "MZ" but not a PE file.
    assert!(matches!(read(b"MZ this is not a PE"), Err(Error::Pe(_))));
    // A header that claims more type infos than the file can hold.
    let mut d = common::midl("mylib.tlb");
    d[0x20..0x24].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    assert!(matches!(read(&d), Err(Error::TooLarge { .. })));
}

#[test]
fn missing_resource_id_lists_the_available_ones() {
    let Some(dir) = common::wine_dir_or_skip("missing_resource_id_lists_the_available_ones") else {
        return;
    };
    let data = std::fs::read(dir.join("hnetcfg.dll")).unwrap();
    let e = read_index(&data, Some(7)).unwrap_err();
    assert_eq!(
        e,
        Error::NoTypeLibResource {
            id: Some(7),
            available: vec![1, 2]
        }
    );
    assert_eq!(
        e.to_string(),
        "no TYPELIB resource with id 7 in this PE file (available: 1, 2)"
    );
    let no_tlb = std::fs::read(dir.join("kernel32.dll")).unwrap();
    assert!(matches!(
        read(&no_tlb),
        Err(Error::NoTypeLibResource { id: None, .. })
    ));
}
