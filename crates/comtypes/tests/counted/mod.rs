//! A raw COM object that only counts its references (QueryInterface refuses everything):
//! what array and VARIANT tests hand to code that must AddRef and Release exactly right.
//! Its memory is a `Box` the test keeps, so a count that goes wrong shows in `refs()`
//! instead of freeing anything.
// Shared by several test binaries; each uses part of it.
#![allow(dead_code)]

use comtypes::{Guid, IUnknown_Vtbl, HRESULT};
use core::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};

/// The object: a vtable pointer and the count.
#[repr(C)]
pub struct Counted {
    vtbl: *const IUnknown_Vtbl,
    refs: AtomicU32,
}

unsafe extern "system" fn query_interface(
    _this: *mut c_void,
    _iid: *const Guid,
    out: *mut *mut c_void,
) -> HRESULT {
    // SAFETY: `out` is writable (the QueryInterface contract).
    unsafe { *out = core::ptr::null_mut() };
    comtypes::hresult::E_NOINTERFACE
}

unsafe extern "system" fn add_ref(this: *mut c_void) -> u32 {
    // SAFETY: `this` is a live Counted (the test's Box outlives every reference).
    unsafe {
        (*(this as *const Counted))
            .refs
            .fetch_add(1, Ordering::SeqCst)
            + 1
    }
}

unsafe extern "system" fn release(this: *mut c_void) -> u32 {
    // SAFETY: as `add_ref`; nothing is freed here.
    unsafe {
        (*(this as *const Counted))
            .refs
            .fetch_sub(1, Ordering::SeqCst)
            - 1
    }
}

static VTBL: IUnknown_Vtbl = IUnknown_Vtbl {
    QueryInterface: query_interface,
    AddRef: add_ref,
    Release: release,
};

impl Counted {
    /// A new object with one reference (the test's own).
    pub fn new() -> Box<Counted> {
        Box::new(Counted {
            vtbl: &VTBL,
            refs: AtomicU32::new(1),
        })
    }

    /// The interface pointer (no AddRef).
    pub fn as_raw(&self) -> *mut c_void {
        self as *const Counted as *mut c_void
    }

    /// Releases one reference through the interface pointer `raw` (a pointer to this kind
    /// of object).
    ///
    /// # Safety
    /// `raw` must be a live `Counted`'s pointer holding a reference.
    pub unsafe fn release(raw: *mut c_void) -> u32 {
        // SAFETY: the caller's promise.
        unsafe { release(raw) }
    }

    /// The current reference count.
    pub fn refs(&self) -> u32 {
        self.refs.load(Ordering::SeqCst)
    }
}
