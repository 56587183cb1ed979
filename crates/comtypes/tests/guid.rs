//! Tests of `comtypes::Guid`: parsing, formatting, const construction, ordering.

use std::collections::{BTreeSet, HashSet};

use comtypes::guid::{GuidParseError, GuidParseErrorKind};
use comtypes::hresult::E_INVALIDARG;
use comtypes::Guid;

const TEXT: &str = "6B29FC40-CA47-1067-B31D-00DD010662DA";
const VALUE: u128 = 0x6B29FC40_CA47_1067_B31D_00DD010662DA;

const IID_CONST: Guid = comtypes::guid!("6B29FC40-CA47-1067-B31D-00DD010662DA");
const IID_CONST_BRACED: Guid = comtypes::guid!("{6b29fc40-CA47-1067-b31d-00DD010662da}");
const IID_PARSE_CONST: Guid = Guid::parse_const(TEXT);
static IID_STATIC: Guid = comtypes::guid!(TEXT);

fn err(s: &str) -> GuidParseError {
    Guid::parse(s).expect_err(s)
}

#[test]
fn parses_both_forms_any_case() {
    let expected = Guid::from_u128(VALUE);
    for s in [
        TEXT.to_string(),
        format!("{{{TEXT}}}"),
        TEXT.to_lowercase(),
        format!("{{{}}}", TEXT.to_lowercase()),
        "6b29FC40-cA47-1067-B31d-00dD010662Da".to_string(),
    ] {
        assert_eq!(s.parse::<Guid>().unwrap(), expected, "{s}");
        assert_eq!(Guid::parse(&s).unwrap(), expected, "{s}");
    }
}

#[test]
fn fields_are_decoded() {
    let g: Guid = TEXT.parse().unwrap();
    assert_eq!(g.data1, 0x6B29FC40);
    assert_eq!(g.data2, 0xCA47);
    assert_eq!(g.data3, 0x1067);
    assert_eq!(g.data4, [0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA]);
    assert_eq!(
        g,
        Guid::from_values(
            0x6B29FC40,
            0xCA47,
            0x1067,
            [0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA]
        )
    );
    assert_eq!(g.to_u128(), VALUE);
    assert_eq!(u128::from(g), VALUE);
    assert_eq!(Guid::from(VALUE), g);
}

#[test]
fn const_macro_and_parse_const() {
    const _CHECK: () = assert!(IID_CONST.data1 == 0x6B29FC40);
    assert_eq!(IID_CONST, Guid::from_u128(VALUE));
    assert_eq!(IID_CONST_BRACED, IID_CONST);
    assert_eq!(IID_PARSE_CONST, IID_CONST);
    assert_eq!(IID_STATIC, IID_CONST);
    let local = comtypes::guid!("00000000-0000-0000-C000-000000000046");
    assert_eq!(local.to_string(), "{00000000-0000-0000-C000-000000000046}");
}

#[test]
#[should_panic(expected = "expected a hex digit at position 35, found 'X'")]
fn parse_const_panics_at_run_time_on_bad_input() {
    let s = String::from("6B29FC40-CA47-1067-B31D-00DD010662DX");
    let _ = Guid::parse_const(&s);
}

#[test]
fn display_and_debug() {
    let g = IID_CONST;
    assert_eq!(g.to_string(), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    assert_eq!(format!("{g:?}"), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    assert_eq!(format!("{g:#}"), "6B29FC40-CA47-1067-B31D-00DD010662DA");
    assert_eq!(format!("{g:X}"), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    assert_eq!(format!("{g:x}"), "{6b29fc40-ca47-1067-b31d-00dd010662da}");
    assert_eq!(format!("{g:#x}"), "6b29fc40-ca47-1067-b31d-00dd010662da");
    assert_eq!(
        format!("[{g:>40}]"),
        "[  {6B29FC40-CA47-1067-B31D-00DD010662DA}]"
    );
    assert_eq!(
        Guid::NULL.to_string(),
        "{00000000-0000-0000-0000-000000000000}"
    );
    assert_eq!(
        format!("{:?}", Some(g)),
        "Some({6B29FC40-CA47-1067-B31D-00DD010662DA})"
    );
}

#[test]
fn round_trips() {
    for v in [
        0u128,
        1,
        u128::MAX,
        VALUE,
        0x0123_4567_89AB_CDEF_FEDC_BA98_7654_3210,
    ] {
        let g = Guid::from_u128(v);
        assert_eq!(g.to_string().parse::<Guid>().unwrap(), g);
        assert_eq!(format!("{g:#x}").parse::<Guid>().unwrap(), g);
        assert_eq!(Guid::from_bytes_le(g.to_bytes_le()), g);
        assert_eq!(Guid::from_u128(g.to_u128()), g);
    }
}

#[test]
fn bytes_le_layout() {
    let g = Guid::from_u128(0x00112233_4455_6677_8899_AABBCCDDEEFF);
    let le = [
        0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE,
        0xFF,
    ];
    assert_eq!(g.to_bytes_le(), le);
    if cfg!(target_endian = "little") {
        assert_eq!(*g.as_bytes(), le);
    }
}

#[test]
fn null() {
    assert!(Guid::NULL.is_null());
    assert!(Guid::default().is_null());
    assert!(!IID_CONST.is_null());
    assert_eq!(
        "{00000000-0000-0000-0000-000000000000}"
            .parse::<Guid>()
            .unwrap(),
        Guid::NULL
    );
}

#[test]
fn ord_matches_u128_and_string_order() {
    let values = [
        0u128,
        1,
        0x0000_0001_0000_0000_0000_0000_0000_0000,
        0x0000_0000_0001_0000_0000_0000_0000_0000,
        0x0000_0000_0000_0001_0000_0000_0000_0000,
        0x0000_0000_0000_0000_0100_0000_0000_0000,
        0x0000_0000_0000_0000_0000_0000_0000_0100,
        0xFFFF_FFFF_0000_0000_0000_0000_0000_0000,
        VALUE,
        u128::MAX,
    ];
    for a in values {
        for b in values {
            let (ga, gb) = (Guid::from_u128(a), Guid::from_u128(b));
            assert_eq!(ga.cmp(&gb), a.cmp(&b), "{ga} vs {gb}");
            assert_eq!(ga.cmp(&gb), ga.to_string().cmp(&gb.to_string()));
        }
    }
    let set: BTreeSet<Guid> = values.iter().rev().map(|&v| Guid::from_u128(v)).collect();
    let sorted: Vec<u128> = set.iter().map(Guid::to_u128).collect();
    let mut expected = values.to_vec();
    expected.sort();
    assert_eq!(sorted, expected);
}

#[test]
fn hash_and_eq() {
    let mut set = HashSet::new();
    assert!(set.insert(IID_CONST));
    assert!(!set.insert(TEXT.to_lowercase().parse::<Guid>().unwrap()));
    assert!(set.insert(Guid::NULL));
    assert_eq!(set.len(), 2);
    assert!(set.contains(&Guid::from_u128(VALUE)));
}

#[test]
fn error_invalid_length() {
    let e = err("6B29FC40-CA47-1067");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidLength {
            found: 18,
            braced: false
        }
    );
    assert_eq!(e.position(), None);
    assert_eq!(
        e.to_string(),
        "invalid GUID \"6B29FC40-CA47-1067\": expected 36 or 38 characters, found 18"
    );

    let e = err("");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidLength {
            found: 0,
            braced: false
        }
    );
    assert_eq!(
        e.to_string(),
        "invalid GUID \"\": expected 36 or 38 characters, found 0"
    );

    let e = err("{6B29FC40-CA47-1067-B31D-00DD010662}");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidLength {
            found: 36,
            braced: true
        }
    );
    assert_eq!(
        e.to_string(),
        "invalid GUID \"{6B29FC40-CA47-1067-B31D-00DD010662}\": expected 38 characters with braces, found 36"
    );

    // 38 characters but no braces.
    let e = err("6B29FC40-CA47-1067-B31D-00DD010662DA00");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidLength {
            found: 38,
            braced: false
        }
    );

    // Length counts characters, not bytes.
    let e = err("6B29FC40-CA47-1067-B31D-00DD010662é");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidLength {
            found: 35,
            braced: false
        }
    );
}

#[test]
fn error_hex_digit() {
    let e = err("{6B29GC40-CA47-1067-B31D-00DD010662DA}");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidHexDigit {
            position: 5,
            found: 'G'
        }
    );
    assert_eq!(e.position(), Some(5));
    assert_eq!(
        e.to_string(),
        "invalid GUID \"{6B29GC40-CA47-1067-B31D-00DD010662DA}\": expected a hex digit at position 5, found 'G'"
    );
    let e = err("6B29FC40-CA47-1067-B31D-00DD010662DZ");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidHexDigit {
            position: 35,
            found: 'Z'
        }
    );
    let e = err("6B29FC40-CA47-1067-B31D-00DD010662Dé");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidHexDigit {
            position: 35,
            found: 'é'
        }
    );
    assert!(e.to_string().ends_with("at position 35, found 'é'"), "{e}");
    let e = err("-B29FC40-CA47-1067-B31D-00DD010662DA");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidHexDigit {
            position: 0,
            found: '-'
        }
    );
    let e = err("6B29FC40-CA47-1067-B31D-00DD01\n662DA");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::InvalidHexDigit {
            position: 30,
            found: '\n'
        }
    );
    assert!(
        e.to_string().contains("00DD01\\n662DA"),
        "input is escaped: {e}"
    );
    assert!(e.to_string().ends_with("found '\\n'"), "{e}");
}

#[test]
fn error_hyphen() {
    let e = err("{6B29FC40+CA47-1067-B31D-00DD010662DA}");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::ExpectedHyphen {
            position: 9,
            found: '+'
        }
    );
    assert_eq!(
        e.to_string(),
        "invalid GUID \"{6B29FC40+CA47-1067-B31D-00DD010662DA}\": expected '-' at position 9, found '+'"
    );
    for (pos, s) in [
        (8, "6B29FC400CA47-1067-B31D-00DD010662DA"),
        (13, "6B29FC40-CA4701067-B31D-00DD010662DA"),
        (18, "6B29FC40-CA47-10670B31D-00DD010662DA"),
        (23, "6B29FC40-CA47-1067-B31D000DD010662DA"),
    ] {
        assert_eq!(
            err(s).kind(),
            GuidParseErrorKind::ExpectedHyphen {
                position: pos,
                found: '0'
            },
            "{s}"
        );
    }
    // A hyphen where a digit belongs is reported as a bad digit.
    assert_eq!(
        err("6B29FC4-0CA47-1067-B31D-00DD010662DA").kind(),
        GuidParseErrorKind::InvalidHexDigit {
            position: 7,
            found: '-'
        }
    );
}

#[test]
fn error_unbalanced_brace() {
    let e = err("{6B29FC40-CA47-1067-B31D-00DD010662DA");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::UnbalancedBrace {
            position: 0,
            brace: '{'
        }
    );
    assert_eq!(e.position(), Some(0));
    assert_eq!(
        e.to_string(),
        "invalid GUID \"{6B29FC40-CA47-1067-B31D-00DD010662DA\": unbalanced brace: '{' at position 0 has no matching '}'"
    );
    let e = err("6B29FC40-CA47-1067-B31D-00DD010662DA}");
    assert_eq!(
        e.kind(),
        GuidParseErrorKind::UnbalancedBrace {
            position: 36,
            brace: '}'
        }
    );
    assert!(
        e.to_string()
            .ends_with("unbalanced brace: '}' at position 36 has no matching '{'"),
        "{e}"
    );
    assert_eq!(
        err("{").kind(),
        GuidParseErrorKind::UnbalancedBrace {
            position: 0,
            brace: '{'
        }
    );
    assert_eq!(
        err("}").kind(),
        GuidParseErrorKind::UnbalancedBrace {
            position: 0,
            brace: '}'
        }
    );
    assert_eq!(
        err("é}").kind(),
        GuidParseErrorKind::UnbalancedBrace {
            position: 1,
            brace: '}'
        }
    );
    // "{}" is balanced, just too short.
    assert_eq!(
        err("{}").kind(),
        GuidParseErrorKind::InvalidLength {
            found: 2,
            braced: true
        }
    );
}

#[test]
fn error_keeps_long_input_truncated() {
    let long = "x".repeat(100);
    let e = err(&long);
    assert_eq!(e.input().len(), 48);
    assert!(
        e.to_string()
            .starts_with(&format!("invalid GUID \"{}...\"", "x".repeat(48))),
        "{e}"
    );
    // Truncation never splits a character.
    let wide = "é".repeat(40);
    let e = err(&wide);
    assert_eq!(e.input(), "é".repeat(24));
}

#[test]
fn error_traits_and_hresult() {
    fn is_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    let e = err("nope");
    is_error(&e);
    assert_eq!(e.hresult(), E_INVALIDARG);
    assert_eq!(e.input(), "nope");
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert_eq!(
        boxed.to_string(),
        "invalid GUID \"nope\": expected 36 or 38 characters, found 4"
    );
    assert!(format!("{e:?}").contains("InvalidLength"));
    // Errors are Copy and comparable.
    let copy = e;
    assert_eq!(copy, e);
}

#[test]
fn parse_is_const() {
    const PARSED: Result<Guid, GuidParseError> = Guid::parse("nope");
    assert!(PARSED.is_err());
    const OK: Guid = match Guid::parse(TEXT) {
        Ok(g) => g,
        Err(_) => panic!("bad"),
    };
    assert_eq!(OK, IID_CONST);
}
