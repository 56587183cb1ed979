//! Arbitrary bytes: as a .tlb, a PE file, and as a bare MSFT image.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(lib) = comtypes_typelib::read(data) {
        let _ = comtypes_typelib::canonical::to_text(&lib);
    }
    // Force the MSFT path whatever the first bytes are.
    let mut msft = b"MSFT".to_vec();
    msft.extend_from_slice(data.get(4..).unwrap_or(&[]));
    if let Ok(lib) = comtypes_typelib::read(&msft) {
        let _ = comtypes_typelib::canonical::to_text(&lib);
    }
});
