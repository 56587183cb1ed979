//! GetErrorInfo / SetErrorInfo: one error object per thread, taken by the first reader.
//! CreateErrorInfo: an object implementing ICreateErrorInfo and IErrorInfo.

use crate::hresult::{E_INVALIDARG, E_POINTER, S_FALSE, S_OK};
use crate::interfaces::{ICreateErrorInfo, ICreateErrorInfo_Impl, IErrorInfo, IErrorInfo_Impl};
use crate::{implement, Bstr, Guid, IUnknown, Interface, Result, HRESULT};
use core::ffi::c_void;
use std::cell::Cell;
use std::sync::Mutex;

thread_local! {
    static CURRENT: Cell<*mut c_void> = const { Cell::new(core::ptr::null_mut()) };
}

pub(crate) unsafe fn SetErrorInfo(reserved: u32, info: *mut c_void) -> HRESULT {
    if reserved != 0 {
        return E_INVALIDARG;
    }
    // SAFETY: `info` is null or a live IErrorInfo; the thread slot owns one reference.
    unsafe {
        let new = IUnknown::from_raw_borrowed(&info).cloned();
        let old =
            CURRENT.with(|c| c.replace(new.map_or(core::ptr::null_mut(), Interface::into_raw)));
        if !old.is_null() {
            drop(IUnknown::from_raw(old));
        }
    }
    S_OK
}

pub(crate) unsafe fn GetErrorInfo(reserved: u32, info: *mut *mut c_void) -> HRESULT {
    if reserved != 0 {
        return E_INVALIDARG;
    }
    if info.is_null() {
        return E_POINTER;
    }
    let taken = CURRENT.with(|c| c.replace(core::ptr::null_mut()));
    // SAFETY: `info` is writable; the slot's reference moves to the caller.
    unsafe { info.write(taken) };
    if taken.is_null() {
        S_FALSE
    } else {
        S_OK
    }
}

#[derive(Default)]
struct Fields {
    guid: Guid,
    source: Option<String>,
    description: Option<String>,
    help_file: Option<String>,
    help_context: u32,
}

/// The object CreateErrorInfo makes.
#[implement(ICreateErrorInfo, IErrorInfo)]
struct ErrorInfo(Mutex<Fields>);

impl ErrorInfo {
    fn with<R>(&self, f: impl FnOnce(&mut Fields) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

fn bstr(text: &Option<String>) -> Bstr {
    text.as_deref().map(Bstr::from).unwrap_or_default()
}

impl ICreateErrorInfo_Impl for ErrorInfo {
    unsafe fn SetGUID(&self, guid: *const Guid) -> Result<()> {
        // SAFETY: a non-null GUID pointer is readable.
        let guid = unsafe { guid.as_ref() }.copied().unwrap_or_default();
        self.with(|f| f.guid = guid);
        Ok(())
    }
    unsafe fn SetSource(&self, source: *const u16) -> Result<()> {
        // SAFETY: ICreateErrorInfo's contract: null or a NUL-terminated string.
        let text = unsafe { crate::wide::from_wide_nul(source) };
        self.with(|f| f.source = text);
        Ok(())
    }
    unsafe fn SetDescription(&self, description: *const u16) -> Result<()> {
        // SAFETY: as above.
        let text = unsafe { crate::wide::from_wide_nul(description) };
        self.with(|f| f.description = text);
        Ok(())
    }
    unsafe fn SetHelpFile(&self, help_file: *const u16) -> Result<()> {
        // SAFETY: as above.
        let text = unsafe { crate::wide::from_wide_nul(help_file) };
        self.with(|f| f.help_file = text);
        Ok(())
    }
    fn SetHelpContext(&self, context: u32) -> Result<()> {
        self.with(|f| f.help_context = context);
        Ok(())
    }
}

impl IErrorInfo_Impl for ErrorInfo {
    fn GetGUID(&self) -> Result<Guid> {
        Ok(self.with(|f| f.guid))
    }
    fn GetSource(&self) -> Result<Bstr> {
        Ok(self.with(|f| bstr(&f.source)))
    }
    fn GetDescription(&self) -> Result<Bstr> {
        Ok(self.with(|f| bstr(&f.description)))
    }
    fn GetHelpFile(&self) -> Result<Bstr> {
        Ok(self.with(|f| bstr(&f.help_file)))
    }
    fn GetHelpContext(&self) -> Result<u32> {
        Ok(self.with(|f| f.help_context))
    }
}

pub(crate) unsafe fn CreateErrorInfo(info: *mut *mut c_void) -> HRESULT {
    if info.is_null() {
        return E_POINTER;
    }
    let object: ICreateErrorInfo = ErrorInfo(Mutex::default()).into();
    // SAFETY: `info` is writable; the new reference moves to the caller.
    unsafe { info.write(object.into_raw()) };
    S_OK
}
