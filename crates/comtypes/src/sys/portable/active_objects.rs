//! The running-object registrations behind GetActiveObject.

use super::SharedPtr;
use crate::hresult::{E_INVALIDARG, E_POINTER, MK_E_UNAVAILABLE, S_OK};
use crate::{Guid, IUnknown, Interface, HRESULT};
use core::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

static ACTIVE: Mutex<Vec<(u32, Guid, SharedPtr)>> = Mutex::new(Vec::new());
static NEXT_COOKIE: AtomicU32 = AtomicU32::new(1);

pub(crate) unsafe fn RegisterActiveObject(
    unknown: *mut c_void,
    clsid: *const Guid,
    _flags: u32,
    cookie: *mut u32,
) -> HRESULT {
    if unknown.is_null() || clsid.is_null() || cookie.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: valid arguments per the contract; the table keeps its own reference.
    unsafe {
        let object = IUnknown::from_raw_borrowed(&unknown)
            .expect("non-null")
            .clone();
        let id = NEXT_COOKIE.fetch_add(1, Ordering::Relaxed);
        ACTIVE.lock().unwrap_or_else(|e| e.into_inner()).push((
            id,
            *clsid,
            SharedPtr(object.into_raw()),
        ));
        cookie.write(id);
    }
    S_OK
}

pub(crate) unsafe fn RevokeActiveObject(cookie: u32, _reserved: *mut c_void) -> HRESULT {
    let removed = {
        let mut table = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
        table
            .iter()
            .position(|e| e.0 == cookie)
            .map(|i| table.remove(i))
    };
    match removed {
        // SAFETY: the table owned one reference.
        Some((_, _, ptr)) => unsafe {
            drop(IUnknown::from_raw(ptr.0));
            S_OK
        },
        None => E_INVALIDARG,
    }
}

pub(crate) unsafe fn GetActiveObject(
    clsid: *const Guid,
    _reserved: *mut c_void,
    unknown: *mut *mut c_void,
) -> HRESULT {
    if unknown.is_null() || clsid.is_null() {
        return E_POINTER;
    }
    // SAFETY: valid arguments per the contract; the caller gets its own reference.
    unsafe {
        unknown.write(core::ptr::null_mut());
        let table = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
        match table.iter().find(|e| e.1 == *clsid) {
            Some((_, _, ptr)) => {
                let object = IUnknown::from_raw_borrowed(&ptr.0)
                    .expect("non-null")
                    .clone();
                unknown.write(object.into_raw());
                S_OK
            }
            None => MK_E_UNAVAILABLE,
        }
    }
}
