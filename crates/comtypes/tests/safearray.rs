//! SafeArray<T>: creation, reading, writing, locking, redim, ownership of BSTR /
//! interface / VARIANT elements, and every kind of bad input as an Err with its HRESULT.

use comtypes::hresult::{
    DISP_E_BADINDEX, DISP_E_BADVARTYPE, DISP_E_TYPEMISMATCH, E_INVALIDARG, E_OUTOFMEMORY,
};
use comtypes::safearray::{SafeArray, FADF_BSTR, FADF_HAVEVARTYPE};
use comtypes::variant::*;
use comtypes::{Bstr, IUnknown, Interface, HRESULT};

mod counted;
use counted::Counted;

#[test]
fn every_element_type_round_trips() -> comtypes::Result<()> {
    macro_rules! round_trip {
        ($($t:ty => $vt:expr, [$($v:expr),*];)*) => {$(
            let items: Vec<$t> = vec![$($v),*];
            let a = SafeArray::from_vec(items.clone())?;
            assert_eq!(a.vartype()?, $vt, stringify!($t));
            assert_eq!(a.element_size() as usize, core::mem::size_of::<$t>());
            assert_eq!(a.to_vec()?, items);
        )*};
    }
    round_trip! {
        i8 => VT_I1, [-128, 0, 127];
        u8 => VT_UI1, [0, 255];
        i16 => VT_I2, [i16::MIN, 7];
        u16 => VT_UI2, [u16::MAX];
        i32 => VT_I4, [i32::MIN, -1, i32::MAX];
        u32 => VT_UI4, [u32::MAX, 3];
        i64 => VT_I8, [i64::MIN, i64::MAX];
        u64 => VT_UI8, [u64::MAX];
        f32 => VT_R4, [1.5, -0.25];
        f64 => VT_R8, [f64::MAX, 1e-300];
        HRESULT => VT_ERROR, [comtypes::hresult::E_FAIL, comtypes::hresult::S_OK];
    }
    let b = SafeArray::from_vec(vec![true, false, true])?;
    assert_eq!(b.vartype()?, VT_BOOL);
    assert_eq!(&*b.lock()?, &[-1i16, 0, -1], "VARIANT_TRUE is -1");
    assert_eq!(b.to_vec()?, vec![true, false, true]);
    let s = SafeArray::from_vec(vec![Bstr::from("a\0b"), Bstr::default(), Bstr::from("é")])?;
    assert_eq!(s.vartype()?, VT_BSTR);
    assert_eq!(s.to_vec()?[0].as_wide(), &[0x61, 0, 0x62]);
    let i = SafeArray::<i32>::with_vartype(VT_INT, &[(0, 1)])?;
    assert_eq!(i.vartype()?, VT_INT);
    let u = SafeArray::<u32>::with_vartype(VT_UINT, &[(0, 1)])?;
    assert_eq!(u.vartype()?, VT_UINT);
    Ok(())
}

#[test]
fn nested_vectors_and_lower_bounds() -> comtypes::Result<()> {
    let rows = vec![vec![1, 2, 3], vec![4, 5, 6]];
    let a = SafeArray::from_nested(rows.clone())?;
    assert_eq!(a.bounds(), vec![(0, 2), (0, 3)]);
    assert_eq!(a.to_nested()?, rows);
    assert_eq!(&*a.lock()?, &[1, 4, 2, 5, 3, 6], "column-major");
    let cube: Vec<Vec<Vec<u8>>> = (0..2)
        .map(|i| {
            (0..3)
                .map(|j| (0..4).map(|k| i * 100 + j * 10 + k).collect())
                .collect()
        })
        .collect();
    let c = SafeArray::from_nested3(cube.clone())?;
    assert_eq!(c.to_nested3()?, cube);
    assert_eq!(c.get(&[1, 2, 3])?, 123);
    let b = SafeArray::from_column_major(&[(-5, 2), (10, 2)], vec![1.0, 2.0, 3.0, 4.0])?;
    assert_eq!(b.get(&[-4, 10])?, 2.0);
    assert_eq!(b.get(&[-5, 11])?, 3.0);
    assert_eq!((b.lower_bound(1)?, b.upper_bound(1)?), (-5, -4));
    assert_eq!((b.lower_bound(2)?, b.upper_bound(2)?), (10, 11));
    let empty = SafeArray::<f64>::from_vec(vec![])?;
    assert!(empty.is_empty());
    assert_eq!(empty.to_vec()?, Vec::<f64>::new());
    assert_eq!(empty.upper_bound(1)?, -1);
    Ok(())
}

#[test]
fn get_put_redim_and_clone() -> comtypes::Result<()> {
    let mut a = SafeArray::<Bstr>::with_bounds(&[(1, 2), (1, 2)])?;
    a.put(&[2, 2], "last".into())?;
    a.put(&[2, 2], "replaced".into())?;
    assert_eq!(a.get(&[2, 2])?, "replaced");
    assert_eq!(a.get(&[1, 1])?, "");
    let copy = a.try_clone()?;
    a.redim(1, 1)?;
    assert_eq!(a.shape(), vec![2, 1]);
    assert_eq!(a.get(&[2, 2]).unwrap_err().code(), DISP_E_BADINDEX);
    assert_eq!(copy.get(&[2, 2])?, "replaced", "the copy is deep");
    let psa = copy.as_raw();
    // SAFETY: reading the flags of a live array.
    let features = unsafe { (*psa).fFeatures };
    assert_eq!(
        features & (FADF_BSTR | FADF_HAVEVARTYPE),
        FADF_BSTR | FADF_HAVEVARTYPE
    );
    Ok(())
}

#[test]
fn lock_guard_gives_the_data_without_copy() -> comtypes::Result<()> {
    let mut a = SafeArray::from_vec((0..100).map(f64::from).collect())?;
    let p1 = a.lock()?.as_ptr();
    let p2 = a.lock()?.as_ptr();
    assert_eq!(p1, p2);
    {
        let g1 = a.lock()?;
        let g2 = a.lock()?;
        // SAFETY: reading the lock count of a live array.
        assert_eq!(unsafe { (*a.as_raw()).cLocks }, 2);
        assert_eq!(g1[99], g2[99]);
    }
    // SAFETY: as above.
    assert_eq!(unsafe { (*a.as_raw()).cLocks }, 0);
    a.lock_mut()?[5] = -1.0;
    assert_eq!(a.get(&[5])?, -1.0);
    Ok(())
}

#[test]
fn raw_round_trip_and_type_checks() -> comtypes::Result<()> {
    let a = SafeArray::from_vec(vec![1u16, 2])?;
    let raw = a.into_raw();
    // SAFETY: `raw` is a live VT_UI2 array; the failed attempt leaves it with us.
    let wrong = unsafe { SafeArray::<i32>::from_raw(raw) };
    assert_eq!(wrong.unwrap_err().code(), DISP_E_TYPEMISMATCH);
    // SAFETY: as above; now it is owned again.
    let back = unsafe { SafeArray::<u16>::from_raw(raw)? };
    assert_eq!(back.to_vec()?, vec![1, 2]);
    // SAFETY: null is refused.
    let null = unsafe { SafeArray::<u16>::from_raw(core::ptr::null_mut()) };
    assert_eq!(null.unwrap_err().code(), E_INVALIDARG);
    Ok(())
}

// ---- Bad input: each an Err with the right HRESULT, never a panic --------------------

fn code<T: core::fmt::Debug>(r: comtypes::Result<T>) -> HRESULT {
    r.expect_err("must fail").code()
}

#[test]
fn out_of_range_indices_are_disp_e_badindex() -> comtypes::Result<()> {
    let mut a = SafeArray::<i32>::with_bounds(&[(-1, 3), (5, 2)])?;
    for bad in [
        [-2, 5],
        [2, 5],
        [-1, 4],
        [-1, 7],
        [i32::MIN, 5],
        [0, i32::MAX],
    ] {
        assert_eq!(code(a.get(&bad)), DISP_E_BADINDEX, "get {bad:?}");
        assert_eq!(code(a.put(&bad, 1)), DISP_E_BADINDEX, "put {bad:?}");
    }
    let e = a.get(&[9, 9]).unwrap_err();
    assert!(
        e.description().unwrap_or("").contains("outside the bounds"),
        "{e}"
    );
    Ok(())
}

#[test]
fn wrong_number_of_indices_is_e_invalidarg() -> comtypes::Result<()> {
    let mut a = SafeArray::<u8>::with_bounds(&[(0, 2), (0, 2)])?;
    assert_eq!(code(a.get(&[0])), E_INVALIDARG);
    assert_eq!(code(a.get(&[0, 0, 0])), E_INVALIDARG);
    assert_eq!(code(a.get(&[])), E_INVALIDARG);
    assert_eq!(code(a.put(&[1], 3)), E_INVALIDARG);
    Ok(())
}

#[test]
fn bad_dimension_numbers_are_disp_e_badindex() -> comtypes::Result<()> {
    let a = SafeArray::<u8>::with_bounds(&[(0, 2), (0, 2)])?;
    assert_eq!(code(a.lower_bound(0)), DISP_E_BADINDEX);
    assert_eq!(code(a.upper_bound(3)), DISP_E_BADINDEX);
    assert_eq!(code(a.lower_bound(usize::MAX)), DISP_E_BADINDEX);
    Ok(())
}

#[test]
fn bad_shapes_are_e_invalidarg() {
    assert_eq!(code(SafeArray::<u8>::with_bounds(&[])), E_INVALIDARG);
    assert_eq!(code(SafeArray::<u8>::zeroed(&[1; 65536])), E_INVALIDARG);
    assert_eq!(
        code(SafeArray::from_nested(vec![vec![1], vec![1, 2]])),
        E_INVALIDARG
    );
    assert_eq!(
        code(SafeArray::from_nested3(vec![vec![vec![1u8], vec![]]])),
        E_INVALIDARG
    );
    assert_eq!(
        code(SafeArray::from_column_major(&[(0, 3)], vec![1u8, 2])),
        E_INVALIDARG
    );
    assert_eq!(
        code(SafeArray::from_column_major(&[(0, 1)], vec![1u8, 2])),
        E_INVALIDARG
    );
    let one_d = SafeArray::from_vec(vec![1u8]).expect("small array");
    assert_eq!(code(one_d.to_nested()), E_INVALIDARG);
    assert_eq!(code(one_d.to_nested3()), E_INVALIDARG);
}

#[test]
fn wrong_vartype_and_huge_sizes_fail() {
    assert_eq!(
        code(SafeArray::<i32>::with_vartype(VT_R8, &[(0, 1)])),
        DISP_E_BADVARTYPE
    );
    assert_eq!(
        code(SafeArray::<f64>::with_bounds(&[(0, u32::MAX), (0, 2)])),
        E_OUTOFMEMORY
    );
    #[cfg(target_pointer_width = "64")]
    assert_eq!(code(SafeArray::<u8>::zeroed(&[1 << 33])), E_INVALIDARG);
}

// ---- Interface elements: AddRef on copy in, Release on drop --------------------------

#[test]
fn interface_arrays_own_their_references() -> comtypes::Result<()> {
    let obj = Counted::new();
    let raw = obj.as_raw();
    // SAFETY: `raw` is a live object; this reference is ours (the count starts at 1).
    let unk = unsafe { IUnknown::from_raw(raw) };
    {
        let mut a = SafeArray::from_vec(vec![Some(unk.clone()), None, Some(unk.clone())])?;
        assert_eq!(obj.refs(), 3);
        let got = a.get(&[0])?;
        assert_eq!(obj.refs(), 4);
        drop(got);
        a.put(&[0], None)?;
        assert_eq!(obj.refs(), 2);
        let copy = a.try_clone()?;
        assert_eq!(obj.refs(), 3);
        drop(copy);
        a.redim(0, 1)?;
        assert_eq!(obj.refs(), 1, "redim released the cut element");
        a.put(&[0], Some(unk.clone()))?;
        assert_eq!(a.vartype()?, VT_UNKNOWN);
    }
    assert_eq!(obj.refs(), 1, "drop released every element");
    drop(unk);
    assert_eq!(obj.refs(), 0);
    let _ = IUnknown::IID;
    Ok(())
}
