//! `IUnknown`: the root of every interface. Clone is AddRef, Drop is Release.

use crate::{Guid, Interface, HRESULT};
use core::ffi::c_void;
use core::ptr::NonNull;

/// The root COM interface; every interface pointer derefs to it.
///
/// ```
/// use comtypes::{IUnknown, Interface};
/// assert_eq!(IUnknown::IID.to_string(), "{00000000-0000-0000-C000-000000000046}");
/// ```
#[repr(transparent)]
#[derive(PartialEq, Eq)]
pub struct IUnknown(NonNull<c_void>);

/// The vtable of `IUnknown`.
#[repr(C)]
#[allow(non_snake_case)]
pub struct IUnknown_Vtbl {
    /// Asks for another interface of the same object.
    pub QueryInterface: unsafe extern "system" fn(
        this: *mut c_void,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT,
    /// Adds a reference; returns the new count (for diagnostics only).
    pub AddRef: unsafe extern "system" fn(this: *mut c_void) -> u32,
    /// Releases a reference; returns the new count (for diagnostics only).
    pub Release: unsafe extern "system" fn(this: *mut c_void) -> u32,
}

// SAFETY: a transparent non-null COM pointer; the IID is IUnknown's.
unsafe impl Interface for IUnknown {
    type Vtable = IUnknown_Vtbl;
    const IID: Guid = Guid::from_u128(0x00000000_0000_0000_C000_000000000046);
    const NAME: &'static str = "IUnknown";
    fn is_compatible(iid: &Guid) -> bool {
        *iid == Self::IID
    }
}

impl IUnknown {
    /// Raw QueryInterface.
    ///
    /// # Safety
    /// `iid` must be readable and `object` writable.
    pub unsafe fn query(&self, iid: *const Guid, object: *mut *mut c_void) -> HRESULT {
        // SAFETY: a live object; the pointers are the caller's promise.
        unsafe { (self.vtable().QueryInterface)(self.as_raw(), iid, object) }
    }

    /// True when both pointers belong to the same COM object: COM's identity rule
    /// compares the IUnknown each returns for QueryInterface(IID_IUnknown).
    pub fn is_same_object(&self, other: &IUnknown) -> bool {
        match (self.cast::<IUnknown>(), other.cast::<IUnknown>()) {
            (Ok(a), Ok(b)) => a.as_raw() == b.as_raw(),
            _ => false,
        }
    }
}

impl Clone for IUnknown {
    fn clone(&self) -> Self {
        // SAFETY: a live object.
        unsafe { (self.vtable().AddRef)(self.as_raw()) };
        IUnknown(self.0)
    }
}

impl Drop for IUnknown {
    fn drop(&mut self) {
        // SAFETY: we own one reference.
        unsafe { (self.vtable().Release)(self.as_raw()) };
    }
}

impl core::fmt::Debug for IUnknown {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "IUnknown({:p})", self.0)
    }
}

// The IUnknown part of the vtable of slot `OFFSET` of a Rust object `T`.
impl<T: crate::imp::ComClass, const OFFSET: usize> crate::imp::VtableFor<T, OFFSET>
    for IUnknown_Vtbl
{
    const VTABLE: Self = IUnknown_Vtbl {
        QueryInterface: crate::imp::ComBox::<T>::query_interface::<OFFSET>,
        AddRef: crate::imp::ComBox::<T>::add_ref::<OFFSET>,
        Release: crate::imp::ComBox::<T>::release::<OFFSET>,
    };
}
