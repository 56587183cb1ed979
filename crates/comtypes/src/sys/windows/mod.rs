//! The system's own functions: raw imports of ole32, oleaut32 and kernel32.

use crate::{Guid, HRESULT};
use core::ffi::c_void;

/// Type library loading and the registry reads behind `crate::typeinfo`.
pub(crate) mod typelib;

mod variant;
#[allow(unused_imports)]
pub(crate) use variant::*;

mod oleaut_arrays;
pub(crate) use oleaut_arrays::*;

#[link(name = "ole32")]
extern "system" {
    pub(crate) fn CoInitializeEx(reserved: *mut c_void, coinit: u32) -> HRESULT;
    pub(crate) fn CoUninitialize();
    pub(crate) fn CoTaskMemAlloc(cb: usize) -> *mut c_void;
    pub(crate) fn CoTaskMemFree(pv: *mut c_void);
    pub(crate) fn CoCreateGuid(guid: *mut Guid) -> HRESULT;
    pub(crate) fn CoCreateInstance(
        clsid: *const Guid,
        outer: *mut c_void,
        context: u32,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT;
    pub(crate) fn CoGetClassObject(
        clsid: *const Guid,
        context: u32,
        server_info: *mut c_void,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT;
    pub(crate) fn CoRegisterClassObject(
        clsid: *const Guid,
        factory: *mut c_void,
        context: u32,
        flags: u32,
        cookie: *mut u32,
    ) -> HRESULT;
    pub(crate) fn CoRevokeClassObject(cookie: u32) -> HRESULT;
    pub(crate) fn CLSIDFromProgID(progid: *const u16, clsid: *mut Guid) -> HRESULT;
    pub(crate) fn CoGetMalloc(context: u32, malloc: *mut *mut c_void) -> HRESULT;
}

#[link(name = "oleaut32")]
extern "system" {
    pub(crate) fn GetErrorInfo(reserved: u32, info: *mut *mut c_void) -> HRESULT;
    pub(crate) fn SetErrorInfo(reserved: u32, info: *mut c_void) -> HRESULT;
    pub(crate) fn CreateErrorInfo(info: *mut *mut c_void) -> HRESULT;
    pub(crate) fn GetActiveObject(
        clsid: *const Guid,
        reserved: *mut c_void,
        unknown: *mut *mut c_void,
    ) -> HRESULT;
    pub(crate) fn RegisterActiveObject(
        unknown: *mut c_void,
        clsid: *const Guid,
        flags: u32,
        cookie: *mut u32,
    ) -> HRESULT;
    pub(crate) fn RevokeActiveObject(cookie: u32, reserved: *mut c_void) -> HRESULT;
}

#[link(name = "kernel32")]
extern "system" {
    fn FormatMessageW(
        flags: u32,
        source: *const c_void,
        message_id: u32,
        language_id: u32,
        buffer: *mut u16,
        size: u32,
        arguments: *mut c_void,
    ) -> u32;
}

/// The system's message text for an HRESULT, without the trailing line break.
pub(crate) fn format_message(code: i32) -> Option<String> {
    const FORMAT_MESSAGE_IGNORE_INSERTS: u32 = 0x200;
    const FORMAT_MESSAGE_FROM_SYSTEM: u32 = 0x1000;
    let mut buffer = [0u16; 512];
    // SAFETY: the buffer and its length in characters match; no inserts are read.
    let len = unsafe {
        FormatMessageW(
            FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
            core::ptr::null(),
            code as u32,
            0,
            buffer.as_mut_ptr(),
            buffer.len() as u32,
            core::ptr::null_mut(),
        )
    };
    let text = String::from_utf16_lossy(&buffer[..(len as usize).min(buffer.len())]);
    let text = text.trim_end();
    (!text.is_empty()).then(|| text.to_string())
}
