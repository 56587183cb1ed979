//! `SafeArrayRef<'a, T>`: a borrowed SAFEARRAY, what an `[in] SAFEARRAY*` parameter
//! carries.

use super::{SafeArray, SafeArrayElement, SAFEARRAY};
use crate::hresult::{DISP_E_TYPEMISMATCH, E_POINTER};
use crate::{sys, Error, Result};
use core::marker::PhantomData;

/// A borrowed SAFEARRAY: the raw pointer an `[in] SAFEARRAY(T)` parameter passes, valid
/// for `'a`. `#[repr(transparent)]`, so it has exactly the ABI of `SAFEARRAY*` in a
/// method signature; the callee neither frees nor changes it.
///
/// The pointer may be null or hold another element type than `T` (the caller decides);
/// [`get`](Self::get) checks both and then gives the whole read-only [`SafeArray`] API
/// (`lock`, `get`, `to_vec`, `bounds`, the ndarray `view`, `try_clone` for an owned copy).
///
/// ```
/// use comtypes::safearray::{SafeArray, SafeArrayRef};
/// fn total(values: SafeArrayRef<'_, f64>) -> comtypes::Result<f64> {
///     Ok(values.get()?.lock()?.iter().sum())
/// }
/// let a = SafeArray::from_vec(vec![1.0, 2.0, 3.5])?;
/// assert_eq!(total(a.borrow())?, 6.5);
/// assert_eq!(total(SafeArrayRef::null()).unwrap_err().code(), comtypes::hresult::E_POINTER);
/// // The wrong element type is an error, not a misread.
/// let words = SafeArray::from_vec(vec![comtypes::Bstr::from("x")])?;
/// // SAFETY: a live array, borrowed for this statement only.
/// let wrong = unsafe { SafeArrayRef::<f64>::from_raw(words.as_raw()) };
/// assert_eq!(wrong.get().unwrap_err().code(), comtypes::hresult::DISP_E_TYPEMISMATCH);
/// # Ok::<(), comtypes::Error>(())
/// ```
///
/// In an interface, declare the parameter as `SafeArrayRef<'_, T>`:
///
/// ```
/// use comtypes::safearray::{SafeArray, SafeArrayRef};
/// use comtypes::{implement, interface, IUnknown, Interface, Result, HRESULT};
///
/// #[interface("0F0E0D0C-0000-4000-8000-0000000000A1")]
/// unsafe trait ISum: IUnknown {
///     fn Sum(&self, values: SafeArrayRef<'_, i32>, #[out] total: *mut i64) -> HRESULT;
/// }
///
/// #[implement(ISum)]
/// struct Summer;
/// impl ISum_Impl for Summer {
///     fn Sum(&self, values: SafeArrayRef<'_, i32>) -> Result<i64> {
///         Ok(values.get()?.lock()?.iter().map(|&x| i64::from(x)).sum())
///     }
/// }
///
/// let sum: ISum = Summer.into();
/// let a = SafeArray::from_vec(vec![1, 2, 3])?;
/// assert_eq!(sum.Sum(a.borrow())?, 6);
/// # Ok::<(), comtypes::Error>(())
/// ```
#[repr(transparent)]
pub struct SafeArrayRef<'a, T: SafeArrayElement> {
    raw: *mut SAFEARRAY,
    _borrow: PhantomData<&'a SafeArray<T>>,
}

const _: () = assert!(
    core::mem::size_of::<SafeArrayRef<'static, u8>>() == core::mem::size_of::<*mut SAFEARRAY>()
);

impl<T: SafeArrayElement> Clone for SafeArrayRef<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: SafeArrayElement> Copy for SafeArrayRef<'_, T> {}

impl<'a, T: SafeArrayElement> SafeArrayRef<'a, T> {
    /// The null array (what a caller passes for "no array").
    pub const fn null() -> Self {
        SafeArrayRef {
            raw: core::ptr::null_mut(),
            _borrow: PhantomData,
        }
    }

    /// Borrows a raw SAFEARRAY (null allowed) for `'a`.
    ///
    /// # Safety
    /// A non-null `raw` must be a live SAFEARRAY that nobody destroys, redims or writes
    /// to during `'a`.
    pub unsafe fn from_raw(raw: *mut SAFEARRAY) -> Self {
        SafeArrayRef {
            raw,
            _borrow: PhantomData,
        }
    }

    /// The raw pointer.
    pub fn as_raw(self) -> *mut SAFEARRAY {
        self.raw
    }

    /// True when the caller passed null.
    pub fn is_null(self) -> bool {
        self.raw.is_null()
    }

    /// The array, checked: `E_POINTER` for null, `DISP_E_TYPEMISMATCH` when its VARTYPE
    /// or element size is not `T`'s.
    pub fn get(&self) -> Result<&SafeArray<T>> {
        if self.raw.is_null() {
            return Err(Error::new(E_POINTER, "the SAFEARRAY parameter is null"));
        }
        let mut vt = 0u16;
        // SAFETY: a live array (from_raw's contract); `vt` is writable.
        let hr = unsafe { sys::SafeArrayGetVartype(self.raw, &mut vt) };
        if hr.is_err() {
            return Err(Error::new(hr, "SafeArrayGetVartype"));
        }
        // SAFETY: as above.
        let size = unsafe { sys::SafeArrayGetElemsize(self.raw) } as usize;
        if !T::accepts(vt) || size != core::mem::size_of::<T::Stored>() {
            return Err(Error::new(
                DISP_E_TYPEMISMATCH,
                format!(
                    "a SAFEARRAY of {} does not hold this element type",
                    crate::variant::vt_name(vt)
                ),
            ));
        }
        // SAFETY: SafeArray<T> is a transparent non-null SAFEARRAY pointer, `self.raw`
        // is non-null and of T's element type, and `self.raw` is exactly that pointer in
        // memory; the reference lives no longer than `&self` (so no longer than 'a, for
        // which from_raw's contract keeps the array alive and unchanged), and a
        // `&SafeArray` never destroys, redims or writes to it.
        Ok(unsafe { &*(&self.raw as *const *mut SAFEARRAY as *const SafeArray<T>) })
    }
}

impl<T: SafeArrayElement> Default for SafeArrayRef<'_, T> {
    fn default() -> Self {
        Self::null()
    }
}

impl<T: SafeArrayElement> core::fmt::Debug for SafeArrayRef<'_, T>
where
    T::Stored: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.get() {
            Ok(a) => a.fmt(f),
            Err(e) => f.debug_tuple("SafeArrayRef").field(&e).finish(),
        }
    }
}

impl<T: SafeArrayElement> SafeArray<T> {
    /// Borrows the array as an `[in] SAFEARRAY*` argument.
    pub fn borrow(&self) -> SafeArrayRef<'_, T> {
        SafeArrayRef {
            raw: self.as_raw(),
            _borrow: PhantomData,
        }
    }
}

impl<'a, T: SafeArrayElement> From<&'a SafeArray<T>> for SafeArrayRef<'a, T> {
    fn from(array: &'a SafeArray<T>) -> Self {
        array.borrow()
    }
}
