//! SafeArray<T> of Currency (VT_CY), Date (VT_DATE), Decimal (VT_DECIMAL) and Variant
//! (VT_VARIANT): layout, round trips through Vec and Variant, ownership of what VARIANT
//! cells hold, nested VARIANT arrays; SafeArrayRef as an `[in] SAFEARRAY*` parameter.

use comtypes::decimal::DECIMAL;
use comtypes::hresult::{DISP_E_TYPEMISMATCH, E_POINTER};
use comtypes::safearray::{SafeArray, SafeArrayRef, FADF_VARIANT};
use comtypes::variant::*;
use comtypes::{
    implement, interface, Bstr, Currency, Date, Decimal, IUnknown, Interface, Result, Variant,
    HRESULT,
};
use core::ffi::c_void;

mod counted;
use counted::Counted;

fn code<T: core::fmt::Debug>(r: Result<T>) -> HRESULT {
    r.expect_err("expected an error").code()
}

#[test]
fn currency_date_decimal_arrays_round_trip() -> Result<()> {
    let cy = vec![
        Currency::from_raw(123456),
        Currency::MIN,
        Currency::MAX,
        Currency::default(),
    ];
    let a = SafeArray::from_vec(cy.clone())?;
    assert_eq!(a.vartype()?, VT_CY);
    assert_eq!(a.element_size(), 8);
    assert_eq!(a.to_vec()?, cy);
    assert_eq!(a.lock()?[0].to_raw(), 123456, "cells are the raw i64");

    let dates = vec![
        Date::from_ole(-1.25),
        Date::from_ymd_hms(2024, 2, 29, 23, 59, 58)?,
        Date::MIN,
        Date::MAX,
    ];
    let d = SafeArray::from_vec(dates.clone())?;
    assert_eq!(d.vartype()?, VT_DATE);
    assert_eq!(d.element_size(), 8);
    assert_eq!(d.to_vec()?, dates);
    assert_eq!(d.lock()?[0].to_ole(), -1.25);

    let decimals: Vec<Decimal> = vec![
        "-12.50".parse()?,
        Decimal::MAX,
        Decimal::MIN,
        Decimal::new(1, 28)?,
        Decimal::ZERO,
    ];
    let m = SafeArray::from_vec(decimals.clone())?;
    assert_eq!(m.vartype()?, VT_DECIMAL);
    assert_eq!(m.element_size(), 16);
    let back = m.to_vec()?;
    assert_eq!(back, decimals);
    assert_eq!(back[0].to_string(), "-12.50", "the scale is kept");
    let raw: DECIMAL = m.lock()?[0];
    assert_eq!((raw.scale, raw.sign, raw.Lo64), (2, 0x80, 1250));

    // Zeroed arrays of each: 0, 1899-12-30, 0.
    assert_eq!(
        SafeArray::<Currency>::zeroed(&[2])?.to_vec()?,
        vec![Currency::default(); 2]
    );
    assert_eq!(
        SafeArray::<Date>::zeroed(&[1])?.get(&[0])?,
        Date::from_ole(0.0)
    );
    assert!(SafeArray::<Decimal>::zeroed(&[1])?.get(&[0])?.is_zero());
    Ok(())
}

#[test]
fn new_element_types_through_variants() -> Result<()> {
    let cy = vec![Currency::from_raw(5), Currency::from_raw(-7)];
    let v = Variant::from(cy.clone());
    assert_eq!(v.vt(), VT_ARRAY | VT_CY);
    assert_eq!(Vec::<Currency>::try_from(&v)?, cy);
    assert_eq!(code(Vec::<f64>::try_from(&v)), DISP_E_TYPEMISMATCH);

    let dates = vec![vec![Date::from_ole(1.5), Date::from_ole(2.0)]; 3];
    let v = Variant::from(dates.clone());
    assert_eq!(v.vt(), VT_ARRAY | VT_DATE);
    assert_eq!(Vec::<Vec<Date>>::try_from(&v)?, dates);

    let decimals = vec![Decimal::new(-314159, 5)?, Decimal::from(7u8)];
    let v = Variant::from(decimals.as_slice());
    assert_eq!(v.vt(), VT_ARRAY | VT_DECIMAL);
    assert_eq!(Vec::<Decimal>::try_from(&v)?, decimals);
    assert_eq!(
        SafeArray::<Decimal>::try_from(&v.clone())?.to_vec()?,
        decimals
    );

    let mixed = vec![
        Variant::from(1i32),
        Variant::from("two"),
        Variant::from(3.5f64),
        Variant::null(),
        Variant::from(Currency::from_raw(40000)),
        Variant::from(Decimal::new(55, 1)?),
        Variant::from(Date::from_ole(3.0)),
        Variant::from(true),
    ];
    let v = Variant::from(mixed.clone());
    assert_eq!(v.vt(), VT_ARRAY | VT_VARIANT);
    let back = Vec::<Variant>::try_from(&v)?;
    assert_eq!(back.len(), mixed.len());
    for (a, b) in back.iter().zip(&mixed) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
    assert_eq!(i32::try_from(&back[0])?, 1);
    assert_eq!(String::try_from(&back[1])?, "two");
    assert!(back[3].is_null());
    assert_eq!(Decimal::try_from(&back[5])?.to_string(), "5.5");
    Ok(())
}

#[test]
fn variant_arrays_own_and_clear_their_elements() -> Result<()> {
    let mut a = SafeArray::<Variant>::zeroed(&[3])?;
    assert_eq!(a.vartype()?, VT_VARIANT);
    // SAFETY: a live array; reading its descriptor's flags.
    let features = unsafe { (*a.as_raw()).fFeatures };
    assert_ne!(
        features & FADF_VARIANT,
        0,
        "SafeArrayCreate marks VARIANT arrays"
    );
    assert!(
        a.to_vec()?.iter().all(Variant::is_empty),
        "zeroed is VT_EMPTY"
    );
    a.put(&[1], Variant::from("text"))?;
    a.put(&[1], Variant::from(Bstr::from("replaced")))?; // frees "text"
    assert_eq!(String::try_from(&a.get(&[1])?)?, "replaced");
    {
        let mut data = a.lock_mut()?;
        data[2] = Variant::from(9u8);
    }
    assert_eq!(u8::try_from(&a.get(&[2])?)?, 9);
    Ok(())
}

#[test]
fn variant_cells_release_interfaces_on_put_redim_and_drop() -> Result<()> {
    let obj = Counted::new();
    let refs = || obj.refs();
    let raw = obj.as_raw();
    // SAFETY: `raw` is a live object; this reference is ours (the count starts at 1).
    let unk = unsafe { IUnknown::from_raw(raw) };
    {
        let mut a = SafeArray::from_vec(vec![
            Variant::from(Some(unk.clone())),
            Variant::from(1i32),
            Variant::from(Some(unk.clone())),
        ])?;
        assert_eq!(refs(), 3);
        let copy = a.try_clone()?;
        assert_eq!(refs(), 5, "SafeArrayCopy VariantCopies each cell (AddRef)");
        drop(copy);
        assert_eq!(refs(), 3, "SafeArrayDestroy VariantClears each cell");
        a.put(&[0], Variant::empty())?;
        assert_eq!(refs(), 2, "put clears the old cell");
        let nested = Variant::from(a.try_clone()?);
        assert_eq!(refs(), 3);
        drop(nested);
        assert_eq!(
            refs(),
            2,
            "a VARIANT array inside a VARIANT is destroyed with it"
        );
        a.redim(0, 2)?;
        assert_eq!(refs(), 1, "redim cleared the cut cell");
    }
    drop(unk);
    assert_eq!(refs(), 0);
    let _ = IUnknown::IID;
    Ok(())
}

/// An array VARIANT whose elements are VARIANTs holding arrays (numbers, strings, and
/// again VARIANT arrays, two levels down).
fn nested() -> Variant {
    let inner = Variant::from(vec![
        Variant::from(vec![1.5f64, 2.5]),
        Variant::from("leaf"),
        Variant::from(vec![Bstr::from("x"), Bstr::from("é\0y")]),
    ]);
    Variant::from(vec![
        Variant::from(vec![vec![1i32, 2, 3], vec![4, 5, 6]]),
        inner,
        Variant::from(vec![Currency::from_raw(1), Currency::from_raw(2)]),
        Variant::from(7i16),
    ])
}

fn check_nested(v: &Variant) -> Result<()> {
    assert_eq!(v.vt(), VT_ARRAY | VT_VARIANT);
    let outer = Vec::<Variant>::try_from(v)?;
    assert_eq!(outer.len(), 4);
    assert_eq!(outer[0].vt(), VT_ARRAY | VT_I4);
    assert_eq!(
        Vec::<Vec<i32>>::try_from(&outer[0])?,
        vec![vec![1, 2, 3], vec![4, 5, 6]]
    );
    assert_eq!(outer[1].vt(), VT_ARRAY | VT_VARIANT);
    let inner = Vec::<Variant>::try_from(&outer[1])?;
    assert_eq!(Vec::<f64>::try_from(&inner[0])?, vec![1.5, 2.5]);
    assert_eq!(String::try_from(&inner[1])?, "leaf");
    let words = Vec::<Bstr>::try_from(&inner[2])?;
    assert_eq!(words[1].as_wide(), &[0xe9, 0, 0x79]);
    assert_eq!(
        Vec::<Currency>::try_from(&outer[2])?,
        vec![Currency::from_raw(1), Currency::from_raw(2)]
    );
    assert_eq!(i16::try_from(&outer[3])?, 7);
    Ok(())
}

#[test]
fn nested_variant_arrays_round_trip() -> Result<()> {
    let v = nested();
    check_nested(&v)?;
    // Deep copies: VariantCopy, SafeArrayCopy and the ABI round trip.
    check_nested(&v.try_clone()?)?;
    let copy = SafeArray::<Variant>::try_from(&v)?;
    let raw = copy.into_raw();
    // SAFETY: `raw` came from into_raw just above; we own it again.
    let back = unsafe { SafeArray::<Variant>::from_raw(raw)? };
    check_nested(&Variant::from(back))?;
    // Changing the copy's inner array leaves the original alone (the copy is deep).
    let mut copy = SafeArray::<Variant>::try_from(&v)?;
    let mut inner = SafeArray::<Variant>::try_from(&copy.get(&[1])?)?;
    inner.put(&[1], Variant::from("changed"))?;
    copy.put(&[1], Variant::from(inner))?;
    let changed = Vec::<Variant>::try_from(&Variant::from(copy))?;
    assert_eq!(
        String::try_from(&Vec::<Variant>::try_from(&changed[1])?[1])?,
        "changed"
    );
    check_nested(&v)?;
    // A VT_ARRAY|VT_VARIANT of VT_ARRAY|VT_VARIANT, three levels, as a 2-D array.
    let grid = SafeArray::from_nested(vec![
        vec![nested(), Variant::from(1u8)],
        vec![Variant::empty(), nested()],
    ])?;
    assert_eq!(grid.shape(), vec![2, 2]);
    check_nested(&grid.get(&[0, 0])?)?;
    check_nested(&grid.get(&[1, 1])?)?;
    assert!(grid.get(&[1, 0])?.is_empty());
    let as_variant = Variant::from(grid);
    check_nested(&Vec::<Vec<Variant>>::try_from(&as_variant)?[1][1])?;
    Ok(())
}

#[interface("5C6E00A1-2222-4000-8000-0000000000A1")]
unsafe trait IArrays: IUnknown {
    fn Sum(&self, values: SafeArrayRef<'_, f64>, #[out] total: *mut f64) -> HRESULT;
    fn Describe(&self, values: SafeArrayRef<'_, Variant>, #[out] count: *mut u32) -> HRESULT;
}

#[implement(IArrays)]
struct Arrays;

impl IArrays_Impl for Arrays {
    fn Sum(&self, values: SafeArrayRef<'_, f64>) -> Result<f64> {
        Ok(values.get()?.lock()?.iter().sum())
    }
    fn Describe(&self, values: SafeArrayRef<'_, Variant>) -> Result<u32> {
        let array = values.get()?;
        // Count the strings, reading through the nested arrays.
        fn strings(v: &Variant) -> Result<u32> {
            if v.vt() == VT_BSTR {
                return Ok(1);
            }
            if v.vt() == VT_ARRAY | VT_VARIANT {
                return Vec::<Variant>::try_from(v)?.iter().map(strings).sum();
            }
            if v.vt() == VT_ARRAY | VT_BSTR {
                return Ok(Vec::<Bstr>::try_from(v)?.len() as u32);
            }
            Ok(0)
        }
        array.lock()?.iter().map(strings).sum()
    }
}

#[test]
fn safe_array_ref_as_an_in_parameter() -> Result<()> {
    let obj: IArrays = Arrays.into();
    let a = SafeArray::from_vec(vec![0.5f64, 1.0, 2.0])?;
    assert_eq!(obj.Sum(a.borrow())?, 3.5);
    assert_eq!(obj.Sum((&a).into())?, 3.5);
    let grid = SafeArray::from_nested(vec![vec![1.0f64; 4]; 3])?;
    assert_eq!(obj.Sum(grid.borrow())?, 12.0);
    assert_eq!(
        a.to_vec()?,
        vec![0.5, 1.0, 2.0],
        "the callee borrowed, not took"
    );
    assert_eq!(code(obj.Sum(SafeArrayRef::null())), E_POINTER);
    let words = SafeArray::from_vec(vec![Bstr::from("no")])?;
    // SAFETY: a live array borrowed for the call.
    let wrong = unsafe { SafeArrayRef::<f64>::from_raw(words.as_raw()) };
    assert_eq!(code(obj.Sum(wrong)), DISP_E_TYPEMISMATCH);

    let nested = SafeArray::<Variant>::try_from(&nested())?;
    assert_eq!(obj.Describe(nested.borrow())?, 3, "leaf, x, é\\0y");
    assert_eq!(
        core::mem::size_of::<SafeArrayRef<'_, Variant>>(),
        core::mem::size_of::<*mut c_void>()
    );
    let r = a.borrow();
    assert!(!r.is_null());
    assert_eq!(r.as_raw(), a.as_raw());
    assert_eq!(r.get()?.bounds(), vec![(0, 3)]);
    assert!(format!("{r:?}").contains("0.5"));
    assert!(SafeArrayRef::<u8>::default().is_null());
    Ok(())
}

#[test]
fn empty_and_reshaped_arrays_lock_without_allocating() -> Result<()> {
    let empty = SafeArray::<f64>::with_bounds(&[(0, 3), (5, 0)])?;
    assert_eq!(empty.len(), 0);
    assert!(empty.is_empty());
    assert!(empty.lock()?.is_empty());
    let mut a = SafeArray::<u16>::with_bounds(&[(0, 2), (1, 3), (0, 2)])?;
    assert_eq!(a.len(), 12);
    assert_eq!(a.lock()?.len(), 12);
    a.redim(0, 1)?;
    assert_eq!(a.lock()?.len(), 6, "the length follows redim");
    Ok(())
}
