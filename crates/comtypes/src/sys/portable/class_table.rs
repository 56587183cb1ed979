//! The class table: class factories registered at run time under a CLSID, found by
//! CoGetClassObject and CoCreateInstance, as ole32 does for CoRegisterClassObject.

use super::apartment::check_initialized;
use super::SharedPtr;
use crate::hresult::{
    CO_E_CLASSSTRING, CO_E_OBJNOTREG, E_INVALIDARG, E_POINTER, REGDB_E_CLASSNOTREG,
};
use crate::interfaces::IClassFactory;
use crate::{Guid, IUnknown, Interface, HRESULT};
use core::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

struct Entry {
    cookie: u32,
    clsid: Guid,
    context: u32,
    factory: SharedPtr,
}

static TABLE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
static NEXT_COOKIE: AtomicU32 = AtomicU32::new(1);

fn table() -> std::sync::MutexGuard<'static, Vec<Entry>> {
    // A panic elsewhere cannot leave the Vec half-updated: every change is one push/remove.
    TABLE.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) unsafe fn CoRegisterClassObject(
    clsid: *const Guid,
    factory: *mut c_void,
    context: u32,
    _flags: u32,
    cookie: *mut u32,
) -> HRESULT {
    let hr = check_initialized();
    if hr.is_err() {
        return hr;
    }
    if clsid.is_null() || factory.is_null() || cookie.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: non-null arguments are valid per the function's contract; the table keeps
    // its own reference to the factory.
    unsafe {
        let object = IUnknown::from_raw_borrowed(&factory)
            .expect("checked non-null")
            .clone();
        let id = NEXT_COOKIE.fetch_add(1, Ordering::Relaxed);
        table().push(Entry {
            cookie: id,
            clsid: *clsid,
            context,
            factory: SharedPtr(object.into_raw()),
        });
        cookie.write(id);
    }
    crate::hresult::S_OK
}

pub(crate) unsafe fn CoRevokeClassObject(cookie: u32) -> HRESULT {
    let removed = {
        let mut table = table();
        table
            .iter()
            .position(|e| e.cookie == cookie)
            .map(|i| table.remove(i))
    };
    match removed {
        // SAFETY: the table owned one reference; it is released outside the lock.
        Some(entry) => unsafe {
            drop(IUnknown::from_raw(entry.factory.0));
            crate::hresult::S_OK
        },
        None => CO_E_OBJNOTREG,
    }
}

pub(crate) unsafe fn CoGetClassObject(
    clsid: *const Guid,
    context: u32,
    _server_info: *mut c_void,
    iid: *const Guid,
    object: *mut *mut c_void,
) -> HRESULT {
    if object.is_null() {
        return E_POINTER;
    }
    // SAFETY: `object` is writable per the contract.
    unsafe { object.write(core::ptr::null_mut()) };
    let hr = check_initialized();
    if hr.is_err() {
        return hr;
    }
    if clsid.is_null() || iid.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: `clsid` is valid; the factory is AddRef'ed under the lock so the call into it
    // happens without holding the lock (the factory may register classes itself).
    let factory = unsafe {
        let table = table();
        let found = table
            .iter()
            .find(|e| e.clsid == *clsid && e.context & context != 0);
        match found {
            Some(e) => IUnknown::from_raw_borrowed(&e.factory.0)
                .expect("non-null")
                .clone(),
            None => return REGDB_E_CLASSNOTREG,
        }
    };
    // SAFETY: a live object; `iid`/`object` are valid per the contract.
    unsafe { factory.query(iid, object) }
}

pub(crate) unsafe fn CoCreateInstance(
    clsid: *const Guid,
    outer: *mut c_void,
    context: u32,
    iid: *const Guid,
    object: *mut *mut c_void,
) -> HRESULT {
    let mut factory: *mut c_void = core::ptr::null_mut();
    // SAFETY: arguments pass through with the same contract.
    let hr = unsafe {
        CoGetClassObject(
            clsid,
            context,
            core::ptr::null_mut(),
            &IClassFactory::IID,
            &mut factory,
        )
    };
    if object.is_null() {
        return E_POINTER;
    }
    // SAFETY: `object` is writable.
    unsafe { object.write(core::ptr::null_mut()) };
    if hr.is_err() {
        return hr;
    }
    // SAFETY: CoGetClassObject returned an owned IClassFactory; the other arguments
    // pass through with the same contract. The raw call (not the wrapper, which takes
    // the IErrorInfo into an `Error`) leaves the factory's error info for the caller, as
    // ole32 does.
    unsafe {
        let factory = IClassFactory::from_raw(factory);
        (factory.vtable().CreateInstance)(
            factory.as_raw(),
            crate::Ref::<IUnknown>::from_raw(outer),
            iid,
            object,
        )
    }
}

pub(crate) unsafe fn CLSIDFromProgID(_progid: *const u16, _clsid: *mut Guid) -> HRESULT {
    // No registry on this OS: ProgIDs registered at run time are answered by
    // `activation`'s table before this is asked.
    CO_E_CLASSSTRING
}
