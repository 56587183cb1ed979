//! The system's type library loading (oleaut32) and the registry reads (advapi32) that
//! find a type library by CLSID.

use crate::typeinfo::CUSTDATA;
use crate::{Guid, HRESULT};
use core::ffi::c_void;

/// A registry key handle (`HKEY`).
pub(crate) type HKEY = *mut c_void;

/// `HKEY_CLASSES_ROOT`: the predefined handle, sign-extended as `(HKEY)(LONG)0x80000000`.
pub(crate) const HKEY_CLASSES_ROOT: HKEY = 0x8000_0000u32 as i32 as isize as HKEY;
/// `RRF_RT_REG_SZ`: accept a REG_SZ value only.
pub(crate) const RRF_RT_REG_SZ: u32 = 0x2;
/// `KEY_READ`
pub(crate) const KEY_READ: u32 = 0x20019;
/// `ERROR_SUCCESS`
pub(crate) const ERROR_SUCCESS: i32 = 0;

#[link(name = "oleaut32")]
extern "system" {
    pub(crate) fn LoadTypeLibEx(file: *const u16, kind: u32, lib: *mut *mut c_void) -> HRESULT;
    pub(crate) fn LoadRegTypeLib(
        libid: *const Guid,
        major: u16,
        minor: u16,
        lcid: u32,
        lib: *mut *mut c_void,
    ) -> HRESULT;
    pub(crate) fn QueryPathOfRegTypeLib(
        libid: *const Guid,
        major: u16,
        minor: u16,
        lcid: u32,
        path: *mut *mut u16,
    ) -> HRESULT;
    pub(crate) fn ClearCustData(data: *mut CUSTDATA);
}

#[link(name = "advapi32")]
extern "system" {
    pub(crate) fn RegGetValueW(
        key: HKEY,
        subkey: *const u16,
        value: *const u16,
        flags: u32,
        kind: *mut u32,
        data: *mut c_void,
        size: *mut u32,
    ) -> i32;
    pub(crate) fn RegOpenKeyExW(
        key: HKEY,
        subkey: *const u16,
        options: u32,
        access: u32,
        result: *mut HKEY,
    ) -> i32;
    pub(crate) fn RegEnumKeyExW(
        key: HKEY,
        index: u32,
        name: *mut u16,
        name_len: *mut u32,
        reserved: *mut u32,
        class: *mut u16,
        class_len: *mut u32,
        last_write: *mut c_void,
    ) -> i32;
    pub(crate) fn RegCloseKey(key: HKEY) -> i32;
}
