//! `ByRef`: the target of a `VT_BYREF` VARIANT, read and written through the pointer.

use super::*;
use crate::hresult::{DISP_E_BADVARTYPE, E_POINTER};
use crate::{sys, Error, Result};
use core::ffi::c_void;
use core::marker::PhantomData;

/// What a `VT_BYREF | type` VARIANT points at: the pointer and the pointed-to type.
///
/// `VT_BYREF` is how an `[in, out]` argument travels: the callee reads and writes the
/// caller's storage. The pointer belongs to whoever made the VARIANT, so it is only as
/// valid as that promise (a `Variant` holding one is made with `unsafe`
/// [`Variant::from_raw`] or [`Variant::by_ref`]).
///
/// ```
/// use comtypes::{variant::VariantRef, Variant};
/// let mut storage = Variant::from(41);
/// // SAFETY: `storage` outlives `reference`.
/// let reference = unsafe { Variant::by_ref(&mut storage) };
/// let VariantRef::ByRef(target) = reference.get() else { unreachable!() };
/// assert_eq!(i32::try_from(&target.read().unwrap()).unwrap(), 41);
/// target.write(&Variant::from("42")).unwrap(); // coerced to the target's type
/// drop(reference);
/// assert_eq!(i32::try_from(&storage).unwrap(), 42);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ByRef<'a> {
    vt: u16,
    ptr: *mut c_void,
    _borrow: PhantomData<&'a Variant>,
}

/// True for the types [`ByRef::write`] can store: VT_VARIANT (any value) and the
/// scalar, string and interface types.
pub(crate) fn is_writable(vt: u16) -> bool {
    matches!(
        vt,
        VT_VARIANT
            | VT_I1
            | VT_UI1
            | VT_I2
            | VT_UI2
            | VT_BOOL
            | VT_I4
            | VT_UI4
            | VT_INT
            | VT_UINT
            | VT_R4
            | VT_ERROR
            | VT_I8
            | VT_UI8
            | VT_R8
            | VT_DATE
            | VT_CY
            | VT_DECIMAL
            | VT_BSTR
            | VT_DISPATCH
            | VT_UNKNOWN
    )
}

impl ByRef<'_> {
    pub(crate) fn new(vt: u16, ptr: *mut c_void) -> Self {
        ByRef {
            vt,
            ptr,
            _borrow: PhantomData,
        }
    }

    /// The pointed-to type (without `VT_BYREF`).
    pub fn vt(&self) -> u16 {
        self.vt
    }

    /// The raw pointer.
    pub fn as_ptr(&self) -> *mut c_void {
        self.ptr
    }

    /// A copy of the pointed-to value (`VariantCopyInd`).
    pub fn read(&self) -> Result<Variant> {
        let source = VARIANT {
            vt: self.vt | VT_BYREF,
            data: VARIANT_0 { ptr: self.ptr },
            ..VARIANT::default()
        };
        let mut out = Variant::empty();
        // SAFETY: `source` is the by-reference VARIANT this view came from.
        let hr = unsafe { sys::VariantCopyInd(&mut out.0, &source) };
        if hr.is_err() {
            return Err(Error::new(
                hr,
                format!("cannot read through a VT_BYREF|{}", vt_name(self.vt)),
            ));
        }
        Ok(out)
    }

    /// Stores `value` in the pointed-to storage, coerced to its type
    /// (`VariantChangeTypeEx`, invariant locale); the previous value is freed.
    pub fn write(&self, value: &Variant) -> Result<()> {
        if self.ptr.is_null() {
            return Err(Error::new(E_POINTER, "the VT_BYREF pointer is null"));
        }
        if self.vt == VT_VARIANT {
            let copy = value.try_clone()?;
            // SAFETY: VT_BYREF|VT_VARIANT points at a valid VARIANT we may overwrite;
            // its old value is cleared first.
            unsafe {
                let target = self.ptr as *mut VARIANT;
                sys::VariantClear(target);
                target.write(copy.into_raw());
            }
            return Ok(());
        }
        if !is_writable(self.vt) {
            return Err(Error::new(
                DISP_E_BADVARTYPE,
                format!(
                    "writing through a VT_BYREF|{} is not supported",
                    vt_name(self.vt)
                ),
            ));
        }
        let coerced = value.change_type(self.vt)?.into_raw();
        // SAFETY: the pointer addresses storage of type `vt` (the VARIANT's promise);
        // the coerced value has that type, and owned old values are released first.
        unsafe {
            let d = coerced.data;
            match self.vt {
                VT_I1 | VT_UI1 => (self.ptr as *mut u8).write(d.bVal),
                VT_I2 | VT_UI2 | VT_BOOL => (self.ptr as *mut u16).write(d.uiVal),
                VT_I4 | VT_UI4 | VT_INT | VT_UINT | VT_R4 | VT_ERROR => {
                    (self.ptr as *mut u32).write(d.ulVal)
                }
                VT_I8 | VT_UI8 | VT_R8 | VT_DATE | VT_CY => (self.ptr as *mut u64).write(d.ullVal),
                VT_DECIMAL => {
                    let mut dec = coerced.decimal();
                    dec.wReserved = 0;
                    (self.ptr as *mut crate::decimal::DECIMAL).write(dec)
                }
                VT_BSTR => {
                    let slot = self.ptr as *mut *mut u16;
                    sys::SysFreeString(*slot);
                    slot.write(d.bstrVal);
                }
                VT_DISPATCH | VT_UNKNOWN => {
                    let slot = self.ptr as *mut *mut c_void;
                    if let Some(old) = <crate::IUnknown as crate::Interface>::from_raw_opt(*slot) {
                        drop(old);
                    }
                    slot.write(d.ptr);
                }
                _ => {
                    let mut owned = Variant::from_raw(coerced);
                    drop(core::mem::take(&mut owned));
                    return Err(Error::new(
                        DISP_E_BADVARTYPE,
                        format!("cannot write a {}", vt_name(self.vt)),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl Variant {
    /// A `VT_BYREF | VT_VARIANT` pointing at `target` (an `[in, out] VARIANT*`).
    ///
    /// # Safety
    /// `target` must outlive the returned variant and every copy of it.
    pub unsafe fn by_ref(target: &mut Variant) -> Variant {
        Variant(VARIANT {
            vt: VT_BYREF | VT_VARIANT,
            data: VARIANT_0 {
                ptr: &mut target.0 as *mut VARIANT as *mut c_void,
            },
            ..VARIANT::default()
        })
    }

    /// A `VT_BYREF | vt` pointing at raw storage of type `vt`.
    ///
    /// # Safety
    /// `ptr` must point at a valid value of type `vt` that outlives the returned variant
    /// and every copy of it.
    pub unsafe fn by_ref_raw(vt: u16, ptr: *mut c_void) -> Variant {
        Variant(VARIANT {
            vt: VT_BYREF | vt,
            data: VARIANT_0 { ptr },
            ..VARIANT::default()
        })
    }
}
