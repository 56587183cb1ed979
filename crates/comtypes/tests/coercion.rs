//! The coercion matrix: every source type × every target type × edge values, through
//! `VariantChangeTypeEx` in LCID 0x0409 (en-US).
//!
//! - Under Wine (Windows build): each case runs through the system's oleaut32 and through
//!   our own implementation (`comtypes::portable_oleaut`) in the same process; the
//!   HRESULT and the value must be identical, except for the deliberate differences
//!   listed in [`DIFFERENCES`].
//! - Natively: our implementation must give the results frozen from the Wine run in
//!   `tests/data/coercion.txt` (same exceptions).
//! - `COMTYPES_REGENERATE_COERCION=1` on the Windows build rewrites that file from the
//!   system's results.

use comtypes::decimal::DECIMAL;
use comtypes::variant::*;
use comtypes::{Bstr, Variant, HRESULT};

const LCID: u32 = 0x0409;

/// Cases where our implementation deliberately gives another answer than Wine's
/// oleaut32: (source, target, reason); a trailing `*` matches any rest. Also listed in
/// the README ("Deliberate differences").
const DIFFERENCES: &[(&str, &str, &str)] = &[
    ("VT_R4(NaN*", "VT_I*", NAN_TO_INT),
    ("VT_R4(NaN*", "VT_UI*", NAN_TO_INT),
    ("VT_R4(NaN*", "VT_INT", NAN_TO_INT),
    ("VT_R4(NaN*", "VT_UINT", NAN_TO_INT),
    ("VT_R8(NaN*", "VT_I*", NAN_TO_INT),
    ("VT_R8(NaN*", "VT_UI*", NAN_TO_INT),
    ("VT_R8(NaN*", "VT_INT", NAN_TO_INT),
    ("VT_R8(NaN*", "VT_UINT", NAN_TO_INT),
    ("VT_CY(-1)", "VT_I8", CY_TO_I8),
    ("VT_CY(-25000)", "VT_I8", CY_TO_I8),
    ("VT_CY(-1285000)", "VT_I8", CY_TO_I8),
    ("VT_DECIMAL(12345678901234567e-4)", "VT_CY", DEC_TO_CY),
    (
        "VT_DECIMAL(79228162514264337593543950335e-28)",
        "VT_CY",
        DEC_TO_CY,
    ),
    ("VT_I8(2147483648)", "VT_UI2", I8_TO_UI2),
    ("VT_BSTR(\"1,000\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"1.5\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"2.5\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"3.5\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"0.5\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"1 2\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"0.1\")", "VT_DATE", TEXT_TO_DATE),
    (
        "VT_BSTR(\"0.00000000000000000000000000001\")",
        "VT_DATE",
        TEXT_TO_DATE,
    ),
    ("VT_BSTR(\"1..2\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"1.2.3\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"1,2,3\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"1 000\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"0.00005\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"0.00015\")", "VT_DATE", TEXT_TO_DATE),
    ("VT_BSTR(\"9223372036854775807\")", "VT_R8", TEXT_TO_R8),
    ("VT_BSTR(\"9223372036854775808\")", "VT_R8", TEXT_TO_R8),
    (
        "VT_BSTR(\"123456789012345678901234567890\")",
        "VT_R8",
        TEXT_TO_R8,
    ),
    (
        "VT_BSTR(\"79228162514264337593543950335\")",
        "VT_R8",
        TEXT_TO_R8,
    ),
    (
        "VT_BSTR(\"79228162514264337593543950336\")",
        "VT_R8",
        TEXT_TO_R8,
    ),
    (
        "VT_BSTR(\"0.00000000000000000000000000001\")",
        "VT_R8",
        TEXT_TO_R8,
    ),
    ("VT_BSTR(\"922337203685477.5807\")", "VT_R8", TEXT_TO_R8),
    ("VT_BSTR(\"922337203685477.5808\")", "VT_R8", TEXT_TO_R8),
    ("VT_BSTR(\"-922337203685477.5808\")", "VT_R8", TEXT_TO_R8),
    ("VT_BSTR(\"1.23456789012345678\")", "VT_R8", TEXT_TO_R8),
    ("VT_BSTR(\"1e-400\")", "VT_DECIMAL", TEXT_TO_DECIMAL),
    (
        "VT_BSTR(\"0.00000000000000000000000000001\")",
        "VT_DECIMAL",
        TEXT_TO_DECIMAL,
    ),
    ("VT_R8(0.49999999999999994/*", "VT_DECIMAL", R8_TO_DECIMAL),
    ("VT_R8(922337203685477.5/*", "VT_DECIMAL", R8_TO_DECIMAL),
];

const TEXT_TO_DATE: &str = "Text to VT_DATE: Wine's parser reads numbers as dates or times \\
    (\"1.5\" -> 1:05, \"1,000\" -> 2000-01-01); ours takes the common date and time forms only and \\
    refuses bare numbers with DISP_E_TYPEMISMATCH.";
const TEXT_TO_R8: &str =
    "Text to VT_R8: Wine accumulates digits in double arithmetic and can be 1-2 ulp \\
    off; ours gives the correctly rounded double.";
const TEXT_TO_DECIMAL: &str =
    "Text to VT_DECIMAL: Wine makes DECIMALs with scales above 28 (1e-400 -> \\
    scale 144), which no other DECIMAL function accepts; ours rounds to 28 places.";
const R8_TO_DECIMAL: &str =
    "VT_R8 to VT_DECIMAL: ours keeps 16 significant digits (integers exactly); \\
    Wine's conversion rounds a few values to 15 (0.49999999999999994 -> 0.5).";
const NAN_TO_INT: &str = "NaN to an integer type: Wine returns S_OK with whatever the float-to-integer \
    instruction leaves (-1, 2147483647, ...); we return DISP_E_OVERFLOW (NaN is outside every range).";
const CY_TO_I8: &str = "VT_CY to VT_I8: Wine's VarI8FromCy rounds negative amounts with a fraction toward \
    minus infinity (-2.5 -> -3, -0.0001 -> -1); we round half to even, like every other conversion to an \
    integer (VarI4FromCy included).";
const DEC_TO_CY: &str =
    "VT_DECIMAL to VT_CY: Wine goes through a double and loses digits; we round the \
    exact value to four places, half to even.";
const I8_TO_UI2: &str =
    "VT_I8 to VT_UI2: Wine converts with VarUI4FromI8 and keeps the low 16 bits \
    (2147483648 -> 0, S_OK); the value does not fit: DISP_E_OVERFLOW.";

fn sources() -> Vec<(String, Variant)> {
    let mut v: Vec<(String, Variant)> = Vec::new();
    let mut add = |var: Variant| {
        let name = describe(&var);
        v.push((name, var));
    };
    add(Variant::empty());
    add(Variant::null());
    for x in [i8::MIN, -1, 0, 1, i8::MAX] {
        add(x.into());
    }
    for x in [i16::MIN, -129, -1, 0, 1, 255, 256, i16::MAX] {
        add(x.into());
    }
    for x in [
        i32::MIN,
        -32769,
        -1,
        0,
        1,
        127,
        128,
        255,
        65535,
        65536,
        i32::MAX,
    ] {
        add(x.into());
    }
    for x in [
        i64::MIN,
        -2147483649,
        -1,
        0,
        1,
        2147483648,
        4294967296,
        922337203685477,
        922337203685478,
        i64::MAX,
    ] {
        add(x.into());
    }
    for x in [0u8, 1, 127, 128, 255] {
        add(x.into());
    }
    for x in [0u16, 32767, 32768, 65535] {
        add(x.into());
    }
    for x in [0u32, 2147483647, 2147483648, u32::MAX] {
        add(x.into());
    }
    for x in [0u64, i64::MAX as u64, 1 << 63, u64::MAX] {
        add(x.into());
    }
    for (vt, bits) in [
        (VT_INT, -1i32 as u32),
        (VT_INT, i32::MAX as u32),
        (VT_UINT, u32::MAX),
        (VT_UINT, 5),
    ] {
        let mut raw = VARIANT {
            vt,
            ..VARIANT::default()
        };
        raw.data.ulVal = bits;
        // SAFETY: a scalar VARIANT.
        add(unsafe { Variant::from_raw(raw) });
    }
    for x in [
        0.0f32,
        -0.0,
        0.5,
        1.5,
        2.5,
        -2.5,
        127.5,
        128.5,
        255.5,
        3.4e38,
        -3.4e38,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        1e-10,
        16777217.0,
        1.1,
        0.1,
    ] {
        add(x.into());
    }
    for x in [
        0.0f64,
        -0.0,
        0.5,
        1.5,
        2.5,
        3.5,
        -0.5,
        -1.5,
        -2.5,
        0.49999999999999994,
        127.49,
        127.5,
        -128.5,
        -128.51,
        255.5,
        32767.5,
        -32768.5,
        2147483647.5,
        -2147483648.5,
        4294967295.5,
        9.2e18,
        1.8446744073709552e19,
        1e20,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1e-300,
        5e-324,
        0.1,
        0.3,
        1.0 / 3.0,
        123456789012345.6,
        1e15,
        1e16,
        0.0001,
        0.00001,
        922337203685477.5,
        922337203685478.0,
        -657434.0,
        -657435.0,
        2958465.9999,
        2958466.0,
        -1.25,
        1.25,
        3.4e38,
        3.5e38,
        1234.5678,
        -0.000012345,
        12345678901234567890.0,
    ] {
        add(x.into());
    }
    for raw in [
        0i64,
        1,
        -1,
        5000,
        15000,
        25000,
        -25000,
        12345678,
        i64::MAX,
        i64::MIN,
        1270000,
        1275000,
        -1285000,
    ] {
        add(comtypes::Currency::from_raw(raw).into());
    }
    for d in [
        0.0, 1.0, -1.0, -1.25, 1.5, 0.5, 2.25, 36526.75, -657434.0, 2958465.5, 2958466.0,
        45000.0001, -0.5, 0.25,
    ] {
        add(comtypes::Date::from_ole(d).into());
    }
    for b in [-1i16, 0, 1] {
        let mut raw = VARIANT {
            vt: VT_BOOL,
            ..VARIANT::default()
        };
        raw.data.boolVal = b;
        // SAFETY: a scalar VARIANT.
        add(unsafe { Variant::from_raw(raw) });
    }
    for (m, s) in [
        (0i128, 0u8),
        (15, 1),
        (25, 1),
        (-25, 1),
        (123456, 3),
        ((1i128 << 96) - 1, 0),
        (-((1i128 << 96) - 1), 0),
        (1, 28),
        (100000000000000000000, 0),
        ((1i128 << 96) - 1, 28),
        (150, 2),
        (-1285, 1),
        (12345678901234567, 4),
    ] {
        add(comtypes::Decimal::new(m, s).unwrap().into());
    }
    for s in [
        "",
        "0",
        "42",
        " 42 ",
        "-42",
        "42-",
        "+42",
        "(42)",
        "1,000",
        "1,000.5",
        "1.5",
        "2.5",
        "3.5",
        "-2.5",
        "0.5",
        "1e3",
        "1E-2",
        "1.5e+2",
        "&HFF",
        "&H7F",
        "&H80",
        "&HFFFF",
        "&HFFFFFFFF",
        "&O17",
        "&h1f",
        "abc",
        "12abc",
        "  ",
        "1 2",
        "$5",
        "$1,234.56",
        "127",
        "128",
        "-128",
        "-129",
        "255",
        "256",
        "32767",
        "32768",
        "65535",
        "65536",
        "2147483647",
        "2147483648",
        "4294967295",
        "4294967296",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "1e400",
        "-1e400",
        "1e-400",
        "0.1",
        "123456789012345678901234567890",
        "79228162514264337593543950335",
        "79228162514264337593543950336",
        "0.00000000000000000000000000001",
        "true",
        "True",
        "FALSE",
        "yes",
        "1/2/2020",
        "12/30/1899",
        "12/29/1899 6:00 AM",
        "2020-01-02",
        "13:45",
        "1:30 PM",
        "Jan 5, 2020",
        "5 January 2020",
        "12/31/9999",
        "1/1/100",
        "2/30/2020",
        ".5",
        "5.",
        ".",
        "-",
        "1..2",
        "1.2.3",
        "\t7\t",
        "1,2,3",
        ",5",
        "1e",
        "e5",
        "0x10",
        "NaN",
        "Infinity",
        "-0",
        "00012",
        "1 000",
        "1-",
        "-(1)",
        "((1))",
        "922337203685477.5807",
        "922337203685477.5808",
        "-922337203685477.5808",
        "0.00005",
        "0.00015",
        "1.23456789012345678",
        "3.4028235e38",
        "3.5e38",
        "12/30/1899 12:00:00 PM",
        "1/1/2000 00:00:00",
        "23:59:59",
    ] {
        add(Variant::from(s));
    }
    add(Variant::from(Bstr::default()));
    for hr in [
        comtypes::hresult::DISP_E_PARAMNOTFOUND,
        HRESULT(0),
        comtypes::hresult::E_FAIL,
    ] {
        add(Variant::error(hr));
    }
    add(Variant::from(None::<comtypes::IDispatch>));
    add(Variant::from(None::<comtypes::IUnknown>));
    v
}

const TARGETS: &[u16] = &[
    VT_EMPTY,
    VT_NULL,
    VT_I1,
    VT_I2,
    VT_I4,
    VT_I8,
    VT_UI1,
    VT_UI2,
    VT_UI4,
    VT_UI8,
    VT_INT,
    VT_UINT,
    VT_R4,
    VT_R8,
    VT_CY,
    VT_DATE,
    VT_BSTR,
    VT_BOOL,
    VT_DECIMAL,
    VT_ERROR,
    VT_UNKNOWN,
    VT_DISPATCH,
];

/// A source's name in the matrix file: the type and the exact value.
fn describe(v: &Variant) -> String {
    format!("{}({})", vt_name(v.vt()), value_text(v.as_raw()))
}

/// The exact value of a VARIANT, bits included for floats.
fn value_text(raw: &VARIANT) -> String {
    // SAFETY: each arm reads the member the tag names.
    unsafe {
        let d = &raw.data;
        match raw.vt {
            VT_EMPTY | VT_NULL => String::new(),
            VT_I1 => d.cVal.to_string(),
            VT_I2 => d.iVal.to_string(),
            VT_I4 | VT_INT => d.lVal.to_string(),
            VT_I8 => d.llVal.to_string(),
            VT_UI1 => d.bVal.to_string(),
            VT_UI2 => d.uiVal.to_string(),
            VT_UI4 | VT_UINT => d.ulVal.to_string(),
            VT_UI8 => d.ullVal.to_string(),
            VT_R4 => format!("{:?}/{:08x}", d.fltVal, d.fltVal.to_bits()),
            VT_R8 | VT_DATE => format!("{:?}/{:016x}", d.dblVal, d.dblVal.to_bits()),
            VT_CY => d.cyVal.to_string(),
            VT_BOOL => d.boolVal.to_string(),
            VT_ERROR => format!("{:#010x}", d.scode),
            VT_BSTR => {
                let b = d.bstrVal;
                if b.is_null() {
                    "null".into()
                } else {
                    let len = (b as *const u32).sub(1).read() as usize / 2;
                    format!(
                        "{:?}",
                        String::from_utf16_lossy(core::slice::from_raw_parts(b, len))
                    )
                }
            }
            VT_DECIMAL => {
                let x: DECIMAL = raw.decimal();
                format!(
                    "{}e-{}{}",
                    ((x.Hi32 as u128) << 64) | x.Lo64 as u128,
                    x.scale,
                    if x.sign != 0 { " neg" } else { "" }
                )
            }
            VT_UNKNOWN | VT_DISPATCH => if d.ptr.is_null() { "null" } else { "object" }.into(),
            _ => format!("bits {:#x}", d.ullVal),
        }
    }
}

fn outcome(hr: HRESULT, out: &VARIANT) -> String {
    if hr.is_err() {
        format!("{:#010x}", hr.0)
    } else {
        format!("{}({})", vt_name(out.vt), value_text(out))
    }
}

/// Our implementation's result.
fn ours(src: &Variant, vt: u16) -> String {
    let mut out = VARIANT::default();
    // SAFETY: valid VARIANTs; the result is cleared by the same implementation.
    unsafe {
        let hr =
            comtypes::portable_oleaut::VariantChangeTypeEx(&mut out, src.as_raw(), LCID, 0, vt);
        let text = outcome(hr, &out);
        comtypes::portable_oleaut::VariantClear(&mut out);
        text
    }
}

fn cases() -> Vec<(String, String, u16, usize)> {
    let sources = sources();
    let mut cases = Vec::new();
    for (i, (name, _)) in sources.iter().enumerate() {
        for &vt in TARGETS {
            cases.push((name.clone(), vt_name(vt), vt, i));
        }
    }
    cases
}

fn matches(pattern: &str, text: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => text.starts_with(prefix),
        None => pattern == text,
    }
}

fn difference(src: &str, target: &str) -> Option<&'static str> {
    DIFFERENCES
        .iter()
        .find(|(s, t, _)| matches(s, src) && matches(t, target))
        .map(|(_, _, why)| *why)
}

#[test]
fn matrix_is_large_enough() {
    assert!(cases().len() >= 5000, "only {} cases", cases().len());
}

/// Natively: our results against those frozen from Wine's oleaut32.
#[test]
fn matrix_matches_frozen_wine_results() {
    let frozen = include_str!("data/coercion.txt");
    let sources = sources();
    let mut expected = std::collections::HashMap::new();
    for line in frozen
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut parts = line.split('\t');
        let (Some(s), Some(t), Some(r)) = (parts.next(), parts.next(), parts.next()) else {
            panic!("bad line {line:?}");
        };
        expected.insert((s.to_string(), t.to_string()), r.to_string());
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, target, vt, i) in cases() {
        let Some(want) = expected.get(&(name.clone(), target.clone())) else {
            failures.push(format!("{name} -> {target}: not in the frozen file"));
            continue;
        };
        let got = ours(&sources[i].1, vt);
        if difference(&name, &target).is_some() {
            continue;
        }
        checked += 1;
        if &got != want {
            failures.push(format!("{name} -> {target}: wine {want}, ours {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 5000);
}

/// Under Wine: the system's oleaut32 and ours, side by side in one process.
#[cfg(windows)]
#[test]
fn matrix_matches_system_oleaut32() {
    let sources = sources();
    let mut failures = Vec::new();
    let mut frozen = String::from(
        "# VariantChangeTypeEx(LCID 0x0409, flags 0) results of Wine's oleaut32: source, target, result.\n\
         # Regenerate: COMTYPES_REGENERATE_COERCION=1 cargo xtask wine-test -p comtypes --test coercion\n",
    );
    let mut compared = 0;
    for (name, target, vt, i) in cases() {
        let system = match sources[i].1.change_type_ex(vt, LCID, 0) {
            Ok(v) => outcome(HRESULT(0), v.as_raw()),
            Err(e) => outcome(e.code(), &VARIANT::default()),
        };
        frozen.push_str(&format!("{name}\t{target}\t{system}\n"));
        let got = ours(&sources[i].1, vt);
        if difference(&name, &target).is_some() {
            continue;
        }
        compared += 1;
        if got != system {
            failures.push(format!("{name} -> {target}: wine {system}, ours {got}"));
        }
    }
    if std::env::var_os("COMTYPES_REGENERATE_COERCION").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/coercion.txt");
        std::fs::write(path, &frozen).expect("write the frozen matrix");
    }
    eprintln!("{compared} cases compared, {} differ", failures.len());
    assert!(
        failures.is_empty(),
        "{} of {compared} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
