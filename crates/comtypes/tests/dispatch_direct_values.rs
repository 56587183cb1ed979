//! Values and arguments on the two paths of `Dispatch` to a `#[dispatch]` object: the
//! first call of a fresh `Dispatch` goes through `IDispatch::Invoke` (its value read back
//! in the widths callees write, `VARIANT::read_by_type`), later ones through the direct
//! entry (a word per store and load, `VARIANT::write_words`). Every kind of value must
//! come back the same, bit for bit, and the server's fast path must convert each
//! argument once, whatever mix of parameter types a member has.

use comtypes::variant::{VARIANT, VT_BSTR, VT_RECORD};
use comtypes::{
    dispatch, implement, Apartment, Currency, Date, Decimal, Dispatch, Error, IDispatch, Interface,
    Result, Variant,
};
use std::cell::Cell;

thread_local! {
    /// How many `Counted` conversions ran on this thread.
    static CONVERSIONS: Cell<u32> = const { Cell::new(0) };
}

/// A parameter type whose conversion counts itself (a side effect a second conversion
/// would show).
struct Counted(i32);

impl TryFrom<&Variant> for Counted {
    type Error = Error;
    fn try_from(value: &Variant) -> Result<Counted> {
        CONVERSIONS.with(|c| c.set(c.get() + 1));
        Ok(Counted(i32::try_from(value)?))
    }
}

/// A payload whose own drop panics.
struct PanicOnDrop;

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        panic!("the payload's drop");
    }
}

#[implement(IDispatch)]
struct Values;

#[dispatch]
impl Values {
    fn ping(&self) -> i32 {
        1
    }

    fn echo(&self, value: Variant) -> Variant {
        value
    }

    /// One parameter with an exact read (i32), one converted (Counted).
    fn mixed(&self, counted: Counted, plain: i32) -> i32 {
        counted.0 + plain
    }

    #[allow(clippy::too_many_arguments)]
    fn scalars(
        &self,
        a: u8,
        b: i8,
        c: i16,
        d: u16,
        e: u32,
        f: i64,
        g: u64,
        h: f32,
        i: f64,
        j: bool,
        k: String,
    ) -> String {
        format!("{a} {b} {c} {d} {e} {f} {g} {h} {i} {j} {k}")
    }

    /// A value with its reserved words set, as a VARIANT passed through may have.
    fn reserved(&self) -> Variant {
        let mut raw = Variant::from(7i32).into_raw();
        raw.wReserved1 = 0x1111;
        raw.wReserved2 = 0x2222;
        raw.wReserved3 = 0x3333;
        // SAFETY: a VT_I4 with its reserved words set owns nothing.
        unsafe { Variant::from_raw(raw) }
    }

    fn boom(&self) -> i32 {
        std::panic::panic_any(PanicOnDrop)
    }
}

/// A `Dispatch` whose next call is its first (through `Invoke`).
fn fresh() -> Dispatch {
    Dispatch::new(Values.into())
}

/// A `Dispatch` whose next call goes to the direct entry.
fn warm() -> Dispatch {
    let late = fresh();
    late.call("Ping", ()).unwrap();
    late.call("Ping", ()).unwrap();
    assert!(late.calls_directly());
    late
}

/// A VARIANT's first 16 bytes: the header and the 8 bytes every value but a record
/// fits in (a DECIMAL overlays exactly these). The rest of the union may be left
/// uninitialised by some constructors, so it is not read.
fn raw_bytes(value: &Variant) -> Vec<u8> {
    let raw: &VARIANT = value.as_raw();
    // SAFETY: these 16 bytes are written by every constructor of these values.
    unsafe { core::slice::from_raw_parts(raw as *const VARIANT as *const u8, 16).to_vec() }
}

#[test]
fn every_kind_of_value_comes_back_the_same_on_both_paths() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let values: Vec<(&str, Variant)> = vec![
        (
            "decimal",
            Variant::from(Decimal::new(-123456789012345678901234567i128, 5)?),
        ),
        ("currency", Variant::from(Currency::from_units(-1234567)?)),
        ("date", Variant::from(Date::from_linear_days(45000.25))),
        ("f64", Variant::from(-1.5e300f64)),
        ("f32", Variant::from(3.25f32)),
        ("bool", Variant::from(true)),
        ("i64", Variant::from(i64::MIN + 3)),
        ("u64", Variant::from(u64::MAX - 3)),
        ("i8", Variant::from(-5i8)),
        ("u8", Variant::from(200u8)),
        ("i16", Variant::from(-300i16)),
        ("u16", Variant::from(65000u16)),
        ("u32", Variant::from(4_000_000_000u32)),
        ("null", Variant::null()),
        ("empty", Variant::empty()),
        ("text", Variant::from("héllo")),
    ];
    for (what, value) in values {
        let by_invoke = fresh().call("Echo", [value.try_clone()?])?;
        let direct = warm().call("Echo", [value.try_clone()?])?;
        assert_eq!(format!("{by_invoke:?}"), format!("{direct:?}"), "{what}");
        assert_eq!(format!("{value:?}"), format!("{direct:?}"), "{what}");
        // A string's pointer differs from copy to copy; every other value must agree
        // bit for bit.
        if value.vt() != VT_BSTR {
            assert_eq!(raw_bytes(&by_invoke), raw_bytes(&value), "{what}: Invoke");
            assert_eq!(raw_bytes(&direct), raw_bytes(&value), "{what}: direct");
        }
        assert_ne!(value.vt(), VT_RECORD);
    }
    // An array (its Debug shows its pointer): the elements.
    let by_invoke = fresh().call("Echo", [Variant::from(vec![1i32, 2, 3])])?;
    let direct = warm().call("Echo", [Variant::from(vec![1i32, 2, 3])])?;
    assert_eq!(Vec::<i32>::try_from(&by_invoke)?, vec![1, 2, 3]);
    assert_eq!(Vec::<i32>::try_from(&direct)?, vec![1, 2, 3]);
    Ok(())
}

#[test]
fn reserved_words_come_back_on_both_paths() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    for late in [fresh(), warm()] {
        let direct = late.calls_directly();
        let value = late.call("Reserved", ())?;
        let raw = value.as_raw();
        assert_eq!(
            (raw.wReserved1, raw.wReserved2, raw.wReserved3),
            (0x1111, 0x2222, 0x3333),
            "direct: {direct}"
        );
        assert_eq!(i32::try_from(&value)?, 7);
    }
    Ok(())
}

#[test]
fn scalar_parameters_read_exactly_or_coerced_agree() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    // Each argument of exactly its parameter's type (the fast path's one-compare read),
    // then each of another type (coerced, on the general path).
    let exact: Vec<Variant> = vec![
        7u8.into(),
        (-8i8).into(),
        (-300i16).into(),
        60000u16.into(),
        4_000_000_000u32.into(),
        (-5i64).into(),
        5u64.into(),
        1.5f32.into(),
        2.25f64.into(),
        true.into(),
        "s".into(),
    ];
    let coerced: Vec<Variant> = vec![
        "7".into(),
        "-8".into(),
        (-300i32).into(),
        60000i32.into(),
        4_000_000_000i64.into(),
        "-5".into(),
        5i32.into(),
        1.5f64.into(),
        "2.25".into(),
        (-1i32).into(),
        12i32.into(),
    ];
    let expected = [
        "7 -8 -300 60000 4000000000 -5 5 1.5 2.25 true s",
        "7 -8 -300 60000 4000000000 -5 5 1.5 2.25 true 12",
    ];
    for (args, expected) in [exact, coerced].iter().zip(expected) {
        // `call` takes them left to right.
        let by_invoke = fresh().call("Scalars", &args[..])?;
        let direct = warm().call("Scalars", &args[..])?;
        assert_eq!(String::try_from(&by_invoke)?, expected);
        assert_eq!(String::try_from(&direct)?, expected);
    }
    Ok(())
}

#[test]
fn each_argument_is_converted_once() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    for late in [fresh(), warm()] {
        let direct = late.calls_directly();
        // Both arguments of their parameters' types: the fast path.
        CONVERSIONS.with(|c| c.set(0));
        assert_eq!(i32::try_from(late.call("Mixed", (1, 2))?)?, 3);
        assert_eq!(CONVERSIONS.with(|c| c.get()), 1, "direct: {direct}, exact");
        // The exact one mismatched: the general path, which must not convert the other
        // argument a second time.
        CONVERSIONS.with(|c| c.set(0));
        assert_eq!(i32::try_from(late.call("Mixed", (1, "2"))?)?, 3);
        assert_eq!(
            CONVERSIONS.with(|c| c.get()),
            1,
            "direct: {direct}, coerced"
        );
    }
    Ok(())
}

#[test]
fn a_panic_payload_that_panics_when_dropped_stops_at_the_call() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let mut errors = Vec::new();
    for late in [fresh(), warm()] {
        let direct = late.calls_directly();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            late.call("Boom", ()).map(drop)
        }));
        let error = outcome
            .unwrap_or_else(|_| panic!("a panic escaped the call (direct: {direct})"))
            .unwrap_err();
        errors.push((error.code(), error.to_string()));
    }
    assert_eq!(errors[0], errors[1], "Invoke and the direct entry");
    assert_eq!(errors[0].0, comtypes::hresult::E_UNEXPECTED);
    Ok(())
}

#[test]
fn a_member_taking_an_idispatch_gets_the_same_object_on_both_paths() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let other: IDispatch = Values.into();
    for late in [fresh(), warm()] {
        let back = late.call("Echo", [Variant::from(other.clone())])?;
        let back = back.to_dispatch()?;
        assert!(back
            .as_idispatch()
            .as_unknown()
            .is_same_object(other.as_unknown()));
    }
    Ok(())
}
