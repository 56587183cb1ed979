//! oleaut32's BSTR and SAFEARRAY functions: the system's own, so strings and arrays
//! pass to and from every other component.

use crate::safearray::{SAFEARRAY, SAFEARRAYBOUND};
use crate::{Guid, HRESULT};
use core::ffi::c_void;

// The whole family is declared so `sys` offers the same functions on every OS (the
// portable runtime has them all); the library itself calls only some of them here.
#[allow(dead_code)]
#[link(name = "oleaut32")]
extern "system" {
    pub(crate) fn SysAllocString(text: *const u16) -> *mut u16;
    pub(crate) fn SysAllocStringLen(text: *const u16, len: u32) -> *mut u16;
    pub(crate) fn SysAllocStringByteLen(bytes: *const u8, len: u32) -> *mut u16;
    pub(crate) fn SysReAllocString(target: *mut *mut u16, text: *const u16) -> i32;
    pub(crate) fn SysReAllocStringLen(target: *mut *mut u16, text: *const u16, len: u32) -> i32;
    pub(crate) fn SysFreeString(bstr: *mut u16);
    pub(crate) fn SysStringLen(bstr: *const u16) -> u32;
    pub(crate) fn SysStringByteLen(bstr: *const u16) -> u32;

    pub(crate) fn SafeArrayAllocDescriptor(dims: u32, out: *mut *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayAllocDescriptorEx(
        vt: u16,
        dims: u32,
        out: *mut *mut SAFEARRAY,
    ) -> HRESULT;
    pub(crate) fn SafeArrayAllocData(psa: *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayCreate(
        vt: u16,
        dims: u32,
        bounds: *const SAFEARRAYBOUND,
    ) -> *mut SAFEARRAY;
    pub(crate) fn SafeArrayCreateVector(vt: u16, lbound: i32, count: u32) -> *mut SAFEARRAY;
    pub(crate) fn SafeArrayDestroy(psa: *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayDestroyData(psa: *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayDestroyDescriptor(psa: *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayLock(psa: *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayUnlock(psa: *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayAccessData(psa: *mut SAFEARRAY, out: *mut *mut c_void) -> HRESULT;
    pub(crate) fn SafeArrayUnaccessData(psa: *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayGetDim(psa: *const SAFEARRAY) -> u32;
    pub(crate) fn SafeArrayGetElemsize(psa: *const SAFEARRAY) -> u32;
    pub(crate) fn SafeArrayGetLBound(psa: *const SAFEARRAY, dim: u32, out: *mut i32) -> HRESULT;
    pub(crate) fn SafeArrayGetUBound(psa: *const SAFEARRAY, dim: u32, out: *mut i32) -> HRESULT;
    pub(crate) fn SafeArrayGetVartype(psa: *const SAFEARRAY, out: *mut u16) -> HRESULT;
    pub(crate) fn SafeArrayGetIID(psa: *const SAFEARRAY, out: *mut Guid) -> HRESULT;
    pub(crate) fn SafeArraySetIID(psa: *mut SAFEARRAY, iid: *const Guid) -> HRESULT;
    pub(crate) fn SafeArrayPtrOfIndex(
        psa: *mut SAFEARRAY,
        indices: *const i32,
        out: *mut *mut c_void,
    ) -> HRESULT;
    pub(crate) fn SafeArrayGetElement(
        psa: *mut SAFEARRAY,
        indices: *const i32,
        data: *mut c_void,
    ) -> HRESULT;
    pub(crate) fn SafeArrayPutElement(
        psa: *mut SAFEARRAY,
        indices: *const i32,
        data: *const c_void,
    ) -> HRESULT;
    pub(crate) fn SafeArrayCopy(psa: *const SAFEARRAY, out: *mut *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayCopyData(source: *mut SAFEARRAY, target: *mut SAFEARRAY) -> HRESULT;
    pub(crate) fn SafeArrayRedim(psa: *mut SAFEARRAY, bound: *const SAFEARRAYBOUND) -> HRESULT;
}
