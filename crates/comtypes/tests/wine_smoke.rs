//! Proves that the Windows suite (`cargo xtask wine-test`) runs real Windows code: this
//! file calls ole32 and ntdll through its own `extern "system"` declarations, without
//! the library. On other operating systems it compiles to nothing.
#![cfg(windows)]

use std::ffi::{c_char, c_void, CStr};

#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Guid {
    data1: u32,
    data2: u16,
    data3: u16,
    data4: [u8; 8],
}

#[link(name = "ole32")]
extern "system" {
    fn CoCreateGuid(guid: *mut Guid) -> i32;
}

#[link(name = "kernel32")]
extern "system" {
    fn GetModuleHandleA(name: *const c_char) -> *mut c_void;
    fn GetProcAddress(module: *mut c_void, name: *const c_char) -> *mut c_void;
}

fn new_guid() -> Guid {
    let mut guid = Guid {
        data1: 0,
        data2: 0,
        data3: 0,
        data4: [0; 8],
    };
    // SAFETY: `guid` is a valid, writable GUID for the duration of the call.
    let hr = unsafe { CoCreateGuid(&mut guid) };
    assert_eq!(hr, 0, "CoCreateGuid failed: {:#010x}", hr as u32);
    guid
}

/// Wine's ntdll exports `wine_get_version`; Windows' does not.
fn wine_version() -> Option<String> {
    // SAFETY: NUL-terminated names; ntdll is loaded in every process; a non-null result is
    // `const char *wine_get_version(void)`, which returns a static NUL-terminated string.
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr());
        assert!(!ntdll.is_null(), "ntdll.dll is not loaded");
        let f = GetProcAddress(ntdll, c"wine_get_version".as_ptr());
        if f.is_null() {
            return None;
        }
        let f: extern "C" fn() -> *const c_char = std::mem::transmute(f);
        Some(CStr::from_ptr(f()).to_string_lossy().into_owned())
    }
}

#[test]
fn co_create_guid_makes_distinct_random_guids() {
    let (a, b) = (new_guid(), new_guid());
    assert_ne!(a, b);
    for guid in [a, b] {
        assert_eq!(guid.data3 >> 12, 4, "not a version 4 GUID: {guid:x?}");
        assert_eq!(
            guid.data4[0] & 0xc0,
            0x80,
            "not an RFC 4122 GUID: {guid:x?}"
        );
    }
}

#[test]
fn runs_under_wine_when_the_suite_requires_it() {
    let version = wine_version();
    eprintln!("Wine version: {version:?}");
    if std::env::var_os("COMTYPES_REQUIRE_WINE").is_some_and(|v| v == "1") {
        assert!(
            version.is_some(),
            "COMTYPES_REQUIRE_WINE=1 but this is not Wine"
        );
    }
}
