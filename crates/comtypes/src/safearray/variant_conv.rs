//! Arrays in VARIANTs: `Vec<T>`, slices and [`SafeArray<T>`] into a `VT_ARRAY | vt`
//! [`Variant`], and back out as `Vec<T>`, `Vec<Vec<T>>` or a `SafeArray<T>` copy.

use super::{SafeArray, SafeArrayElement, SAFEARRAY};
use crate::hresult::{DISP_E_TYPEMISMATCH, E_OUTOFMEMORY};
use crate::variant::{Variant, VARIANT, VT_ARRAY, VT_BYREF};
use crate::{Error, Result};
use core::mem::ManuallyDrop;

impl<T: SafeArrayElement> From<SafeArray<T>> for Variant {
    /// A `VT_ARRAY | vt` VARIANT that now owns the array.
    ///
    /// ```
    /// use comtypes::{safearray::SafeArray, Variant};
    /// let v = Variant::from(SafeArray::from_vec(vec![1u8, 2])?);
    /// assert_eq!(v.vt(), comtypes::variant::VT_ARRAY | comtypes::variant::VT_UI1);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    fn from(array: SafeArray<T>) -> Variant {
        let vt = array.vartype().unwrap_or(T::VT);
        let raw = VARIANT {
            vt: VT_ARRAY | vt,
            data: crate::variant::VARIANT_0 {
                ptr: array.into_raw().cast(),
            },
            ..VARIANT::default()
        };
        // SAFETY: a VT_ARRAY VARIANT owning a live SAFEARRAY of its type.
        unsafe { Variant::from_raw(raw) }
    }
}

impl<T: SafeArrayElement> From<Vec<T>> for Variant {
    /// A one-dimensional `VT_ARRAY | vt` VARIANT (lower bound 0).
    ///
    /// # Panics
    /// Only when memory runs out or the vector holds 2^32 elements or more, like `Vec`.
    ///
    /// ```
    /// use comtypes::Variant;
    /// let v = Variant::from(vec![1.5f64, 2.5]);
    /// assert_eq!(Vec::<f64>::try_from(&v)?, vec![1.5, 2.5]);
    /// let words = Variant::from(vec![comtypes::Bstr::from("a"), "b".into()]);
    /// assert_eq!(Vec::<comtypes::Bstr>::try_from(&words)?[1], "b");
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    fn from(items: Vec<T>) -> Variant {
        match SafeArray::from_vec(items) {
            Ok(array) => array.into(),
            Err(e) => panic!("cannot make a SAFEARRAY: {e}"),
        }
    }
}

impl<T: SafeArrayElement + Clone> From<&[T]> for Variant {
    /// A one-dimensional `VT_ARRAY | vt` VARIANT holding copies of the elements.
    ///
    /// # Panics
    /// As `From<Vec<T>>`.
    fn from(items: &[T]) -> Variant {
        Variant::from(items.to_vec())
    }
}

impl<T: SafeArrayElement> From<Vec<Vec<T>>> for Variant {
    /// A two-dimensional `VT_ARRAY | vt` VARIANT: `rows[i][j]` at `[i, j]`.
    ///
    /// # Panics
    /// When the rows differ in length, or as `From<Vec<T>>`.
    ///
    /// ```
    /// use comtypes::Variant;
    /// let v = Variant::from(vec![vec![1i32, 2], vec![3, 4]]);
    /// assert_eq!(Vec::<Vec<i32>>::try_from(&v)?, vec![vec![1, 2], vec![3, 4]]);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    fn from(rows: Vec<Vec<T>>) -> Variant {
        match SafeArray::from_nested(rows) {
            Ok(array) => array.into(),
            Err(e) => panic!("cannot make a SAFEARRAY: {e}"),
        }
    }
}

/// The array a VARIANT holds (directly or by reference), viewed without taking it.
fn borrowed<T: SafeArrayElement>(v: &Variant) -> Result<ManuallyDrop<SafeArray<T>>> {
    let raw = v.as_raw();
    if raw.vt & VT_ARRAY == 0 {
        return Err(Error::new(
            DISP_E_TYPEMISMATCH,
            format!("the VARIANT (vt {:#06x}) holds no array", raw.vt),
        ));
    }
    // SAFETY: a VT_ARRAY VARIANT holds a SAFEARRAY pointer, or with VT_BYREF a pointer
    // to one.
    let psa: *mut SAFEARRAY = unsafe {
        if raw.vt & VT_BYREF != 0 {
            let p = raw.data.ptr as *mut *mut SAFEARRAY;
            if p.is_null() {
                core::ptr::null_mut()
            } else {
                *p
            }
        } else {
            raw.data.ptr.cast()
        }
    };
    if psa.is_null() {
        return Err(Error::new(
            DISP_E_TYPEMISMATCH,
            "the VARIANT's array is null",
        ));
    }
    // SAFETY: a live array owned by the VARIANT; ManuallyDrop keeps it the VARIANT's.
    unsafe { SafeArray::from_raw(psa).map(ManuallyDrop::new) }
}

impl<T: SafeArrayElement> TryFrom<&Variant> for Vec<T> {
    type Error = Error;
    /// The elements of a one-dimensional array VARIANT (DISP_E_TYPEMISMATCH for any
    /// other VARIANT, another element type or more dimensions).
    fn try_from(v: &Variant) -> Result<Vec<T>> {
        let array = borrowed::<T>(v)?;
        if array.dims() != 1 {
            return Err(Error::new(
                DISP_E_TYPEMISMATCH,
                format!(
                    "a Vec needs a 1-dimensional array, this one has {}",
                    array.dims()
                ),
            ));
        }
        array.to_vec()
    }
}

impl<T: SafeArrayElement> TryFrom<&Variant> for Vec<Vec<T>> {
    type Error = Error;
    /// The rows of a two-dimensional array VARIANT: `result[i][j]` is `[i, j]`.
    fn try_from(v: &Variant) -> Result<Vec<Vec<T>>> {
        let array = borrowed::<T>(v)?;
        if array.dims() != 2 {
            return Err(Error::new(
                DISP_E_TYPEMISMATCH,
                format!(
                    "nested Vecs need a 2-dimensional array, this one has {}",
                    array.dims()
                ),
            ));
        }
        array.to_nested()
    }
}

impl<T: SafeArrayElement> TryFrom<&Variant> for SafeArray<T> {
    type Error = Error;
    /// A copy (SafeArrayCopy) of the array a VARIANT holds, of any number of dimensions.
    ///
    /// ```
    /// use comtypes::{safearray::SafeArray, Variant};
    /// let v = Variant::from(vec![true, false]);
    /// let a = SafeArray::<bool>::try_from(&v)?;
    /// assert_eq!(a.to_vec()?, vec![true, false]);
    /// assert!(SafeArray::<i32>::try_from(&v).is_err());
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    fn try_from(v: &Variant) -> Result<SafeArray<T>> {
        borrowed::<T>(v)?.try_clone().map_err(|e| {
            if e.code() == E_OUTOFMEMORY {
                e
            } else {
                Error::new(e.code(), format!("copying the VARIANT's array: {e}"))
            }
        })
    }
}

impl Variant {
    /// The array the VARIANT holds (directly or by reference), borrowed in place: no
    /// copy, and nothing destroyed when the `ManuallyDrop` goes (it stays the VARIANT's).
    /// DISP_E_TYPEMISMATCH when it holds no array or one of another element type.
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    pub(crate) fn array_in_place<T: SafeArrayElement>(&self) -> Result<ManuallyDrop<SafeArray<T>>> {
        borrowed(self)
    }
}
