//! Real type libraries with word-sized mutations: the input picks a seed file and
//! the words to overwrite, so the fuzzer explores deep inside valid structures.
#![no_main]
use libfuzzer_sys::fuzz_target;

const SEEDS: [&[u8]; 3] = [
    include_bytes!("../../../shared/testdata/midl/mylib.tlb"),
    include_bytes!("../../../shared/testdata/midl/TestComServer.tlb"),
    include_bytes!("../../../shared/testdata/midl/TestDispServer.tlb"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut tlb = SEEDS[pick as usize % SEEDS.len()].to_vec();
    // Each 6-byte chunk: a 2-byte word index and a 4-byte value.
    for c in rest.chunks_exact(6) {
        let idx = u16::from_le_bytes([c[0], c[1]]) as usize % (tlb.len() / 4);
        tlb[idx * 4..idx * 4 + 4].copy_from_slice(&c[2..6]);
    }
    if let Some(&cut) = rest.first() {
        if cut == 0xAA {
            let len = tlb.len() * (rest.len() % 100) / 100;
            tlb.truncate(len);
        }
    }
    if let Ok(lib) = comtypes_typelib::read(&tlb) {
        let _ = comtypes_typelib::canonical::to_text(&lib);
    }
});
