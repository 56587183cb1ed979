//! Bstr and BstrRef: the length prefix and terminator SysAllocStringLen writes, embedded
//! NULs, strict and lossy decoding, ownership round trips.

use comtypes::hresult::E_INVALIDARG;
use comtypes::{Bstr, BstrRef};

/// The 4-byte byte length before the characters, and the NUL after them.
fn prefix_and_terminator(b: &Bstr) -> (u32, u16) {
    let p = b.as_ptr();
    assert!(!p.is_null());
    // SAFETY: a live BSTR has its u32 byte length just before and a NUL just after.
    unsafe {
        (
            (p as *const u8).sub(4).cast::<u32>().read_unaligned(),
            *p.add(b.len()),
        )
    }
}

#[test]
fn layout_is_that_of_sysallocstringlen() {
    for text in ["a", "héllo wörld", "a\0b\0", "😀 astral"] {
        let b = Bstr::from(text);
        let units = text.encode_utf16().count();
        assert_eq!(b.len(), units);
        assert_eq!(prefix_and_terminator(&b), (2 * units as u32, 0), "{text:?}");
        assert_eq!(b.try_to_string().expect("valid"), text);
    }
    assert!(Bstr::from("").as_ptr().is_null(), "the empty BSTR is null");
}

#[test]
fn every_constructor_agrees() {
    let text = "x\0yé";
    let wide: Vec<u16> = text.encode_utf16().collect();
    let all = [
        Bstr::from(text),
        Bstr::from(text.to_string()),
        Bstr::from(&text.to_string()),
        Bstr::from(wide.as_slice()),
        Bstr::from_wide(&wide),
        Bstr::from(Bstr::from(text).borrow()),
    ];
    for b in &all {
        assert_eq!(b.as_wide(), wide.as_slice());
        assert_eq!(b, &all[0]);
        assert_eq!(*b, text);
    }
}

#[test]
fn strict_and_lossy_decoding() {
    let bad = Bstr::from_wide(&[0x41, 0xDC00, 0x42]);
    let e = bad.try_to_string().unwrap_err();
    assert_eq!(e.code(), E_INVALIDARG);
    assert!(e.description().unwrap_or("").contains("0xdc00"), "{e}");
    assert_eq!(bad.to_string_lossy(), "A\u{FFFD}B");
    assert_eq!(bad.to_string(), "A\u{FFFD}B");
    assert!(String::try_from(&bad).is_err());
    assert_eq!(String::try_from(Bstr::from("ok")).expect("valid"), "ok");
}

#[test]
fn ownership_round_trips() {
    let b = Bstr::from("owned");
    let raw = b.into_raw();
    // SAFETY: `raw` is the BSTR we just released, borrowed while it lives.
    let view = unsafe { BstrRef::from_raw(raw) };
    assert_eq!(view, "owned");
    assert_eq!(view.len(), 5);
    // SAFETY: we own `raw` again.
    let back = unsafe { Bstr::from_raw(raw) };
    assert_eq!(back.clone(), back);
    assert_ne!(back.clone().as_ptr(), back.as_ptr(), "clone allocates");
    assert!(BstrRef::null().is_empty());
    assert_eq!(BstrRef::default().as_wide(), &[] as &[u16]);
    assert_eq!(
        core::mem::size_of::<BstrRef<'_>>(),
        core::mem::size_of::<*const u16>()
    );
    let s: BstrRef<'_> = (&back).into();
    assert_eq!(s.to_owned(), back);
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Bstr>();
}

#[test]
fn from_str_encodes_every_utf8_length_like_encode_utf16() {
    let pieces = [
        "",
        "a",
        "abcdefgh",
        "abcdefghi",
        "é",
        "€",
        "😀",
        "a\u{7f}\u{80}",
        "\u{7ff}\u{800}",
        "\u{ffff}\u{10000}\u{10ffff}",
        "\u{d7ff}\u{e000}",
        "\0",
    ];
    let mut cases: Vec<String> = pieces.iter().map(|s| s.to_string()).collect();
    // Every mix of two pieces at every offset around the 8-byte ASCII chunks.
    for a in pieces {
        for b in pieces {
            for pad in 0..10 {
                cases.push(format!("{}{a}{}{b}", "x".repeat(pad), "y".repeat(9 - pad)));
            }
        }
    }
    cases.push("comtypes é€😀 ".repeat(300));
    for text in &cases {
        let expected: Vec<u16> = text.encode_utf16().collect();
        let b = Bstr::from(text.as_str());
        assert_eq!(b.as_wide(), expected.as_slice(), "{text:?}");
        if !text.is_empty() {
            assert_eq!(prefix_and_terminator(&b), (2 * expected.len() as u32, 0));
        }
        assert_eq!(b.to_string(), *text);
    }
}
