//! Loading type libraries with the system's oleaut32, and finding them in the registry.

use super::*;
use crate::hresult::TYPE_E_LIBNOTREGISTERED;
use crate::sys::typelib as sys;
use crate::{Error, Guid, HRESULT};
use std::ffi::{OsStr, OsString};
use std::os::windows::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

fn wide(s: &OsStr) -> Vec<u16> {
    s.encode_wide().chain(Some(0)).collect()
}

/// Loads a type library from a `.tlb` file or from a PE file's `TYPELIB` resource
/// (`"shell32.dll"`, or `"hnetcfg.dll\\2"` for resource 2) with `LoadTypeLibEx`,
/// without registering it (`REGKIND_NONE`).
pub fn load_type_lib(path: impl AsRef<Path>) -> Result<ITypeLib> {
    let path = wide(path.as_ref().as_os_str());
    let mut raw = core::ptr::null_mut();
    // SAFETY: `path` is NUL-terminated; `raw` receives an owned ITypeLib on success.
    let hr = unsafe { sys::LoadTypeLibEx(path.as_ptr(), REGKIND_NONE, &mut raw) };
    owned_lib(hr, raw, "LoadTypeLibEx")
}

/// Loads a registered type library by LIBID, version and locale (`LoadRegTypeLib`:
/// the highest registered minor version at least `minor`, of major version `major`).
pub fn load_reg_type_lib(libid: &Guid, major: u16, minor: u16, lcid: u32) -> Result<ITypeLib> {
    let mut raw = core::ptr::null_mut();
    // SAFETY: `libid` is valid for the call; `raw` receives an owned ITypeLib on success.
    let hr = unsafe { sys::LoadRegTypeLib(libid, major, minor, lcid, &mut raw) };
    owned_lib(hr, raw, "LoadRegTypeLib")
}

/// The file a registered type library is loaded from (`QueryPathOfRegTypeLib`).
pub fn query_path_of_reg_type_lib(
    libid: &Guid,
    major: u16,
    minor: u16,
    lcid: u32,
) -> Result<PathBuf> {
    let mut raw = core::ptr::null_mut();
    // SAFETY: `libid` is valid; on success `raw` is a BSTR we own.
    let hr = unsafe { sys::QueryPathOfRegTypeLib(libid, major, minor, lcid, &mut raw) };
    // SAFETY: null or a BSTR the call allocated for us.
    let path = unsafe { Bstr::from_raw(raw) };
    if hr.is_err() {
        return Err(Error::from(hr));
    }
    // Some versions count a trailing NUL in the BSTR's length.
    let units = path.as_wide();
    let units = units.strip_suffix(&[0]).unwrap_or(units);
    Ok(PathBuf::from(OsString::from_wide(units)))
}

fn owned_lib(hr: HRESULT, raw: *mut core::ffi::c_void, what: &str) -> Result<ITypeLib> {
    if hr.is_err() {
        return Err(Error::from(hr));
    }
    // SAFETY: on success the function wrote an owned ITypeLib pointer.
    unsafe { ITypeLib::from_raw_opt(raw) }.ok_or_else(|| {
        Error::new(
            crate::hresult::E_POINTER,
            format!("{what} returned a null ITypeLib"),
        )
    })
}

/// A registered type library: LIBID and version, as the registry names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegisteredTypeLib {
    /// LIBID.
    pub libid: Guid,
    /// Major version.
    pub major: u16,
    /// Minor version.
    pub minor: u16,
}

impl RegisteredTypeLib {
    /// Loads it (`LoadRegTypeLib`, neutral locale).
    pub fn load(&self) -> Result<ITypeLib> {
        load_reg_type_lib(&self.libid, self.major, self.minor, 0)
    }
}

/// The type library a class declares in the registry: `HKCR\CLSID\{clsid}\TypeLib`
/// (the LIBID) and `...\Version`; without a `Version`, the highest version registered
/// under `HKCR\TypeLib\{libid}`. `REGDB_E_CLASSNOTREG` / `TYPE_E_LIBNOTREGISTERED` when
/// the class names none.
pub fn registered_type_lib_of_clsid(clsid: &Guid) -> Result<RegisteredTypeLib> {
    let key = format!("CLSID\\{clsid}");
    let libid = reg_string(&format!("{key}\\TypeLib"))?
        .ok_or_else(|| Error::new(TYPE_E_LIBNOTREGISTERED, format!("{key} has no TypeLib")))?;
    let libid: Guid = libid
        .trim()
        .parse()
        .map_err(|_| Error::new(TYPE_E_LIBNOTREGISTERED, format!("bad LIBID {libid:?}")))?;
    let version = match reg_string(&format!("{key}\\Version"))? {
        Some(v) => parse_version(&v),
        None => None,
    };
    let (major, minor) = match version {
        Some(v) => v,
        None => highest_registered_version(&libid)?.ok_or_else(|| {
            Error::new(
                TYPE_E_LIBNOTREGISTERED,
                format!("no version of {libid} is registered"),
            )
        })?,
    };
    Ok(RegisteredTypeLib {
        libid,
        major,
        minor,
    })
}

/// Loads the type library of a class (see [`registered_type_lib_of_clsid`]).
pub fn type_lib_for_clsid(clsid: &Guid) -> Result<ITypeLib> {
    registered_type_lib_of_clsid(clsid)?.load()
}

/// Loads the type library of a class named by ProgID (`Scripting.Dictionary`).
pub fn type_lib_for_progid(progid: &str) -> Result<ITypeLib> {
    type_lib_for_clsid(&crate::clsid_from_progid(progid)?)
}

const ERROR_FILE_NOT_FOUND: i32 = 2;
const ERROR_NO_MORE_ITEMS: i32 = 259;

/// `major.minor` in hex, as type library registry keys spell versions.
fn parse_version(v: &str) -> Option<(u16, u16)> {
    let (a, b) = v.trim().split_once('.')?;
    Some((
        u16::from_str_radix(a, 16).ok()?,
        u16::from_str_radix(b, 16).ok()?,
    ))
}

/// The default (unnamed) REG_SZ value of `HKCR\<subkey>`; `None` when absent.
fn reg_string(subkey: &str) -> Result<Option<String>> {
    let subkey = wide(OsStr::new(subkey));
    let mut buffer = vec![0u16; 260];
    loop {
        let mut size = (buffer.len() * 2) as u32;
        // SAFETY: `subkey` is NUL-terminated; `buffer` holds `size` bytes.
        let status = unsafe {
            sys::RegGetValueW(
                sys::HKEY_CLASSES_ROOT,
                subkey.as_ptr(),
                core::ptr::null(),
                sys::RRF_RT_REG_SZ,
                core::ptr::null_mut(),
                buffer.as_mut_ptr().cast(),
                &mut size,
            )
        };
        const ERROR_MORE_DATA: i32 = 234;
        match status {
            sys::ERROR_SUCCESS => {
                let units = &buffer[..(size as usize / 2).min(buffer.len())];
                let end = units.iter().position(|&c| c == 0).unwrap_or(units.len());
                return Ok(Some(String::from_utf16_lossy(&units[..end])));
            }
            ERROR_MORE_DATA => buffer.resize(size as usize / 2 + 1, 0),
            ERROR_FILE_NOT_FOUND => return Ok(None),
            e => return Err(Error::from(HRESULT::from_win32(e as u32))),
        }
    }
}

/// The highest `major.minor` subkey of `HKCR\TypeLib\{libid}`.
fn highest_registered_version(libid: &Guid) -> Result<Option<(u16, u16)>> {
    let subkey = wide(OsStr::new(&format!("TypeLib\\{libid}")));
    let mut key: sys::HKEY = core::ptr::null_mut();
    // SAFETY: `subkey` is NUL-terminated; `key` receives a handle we close below.
    let status = unsafe {
        sys::RegOpenKeyExW(
            sys::HKEY_CLASSES_ROOT,
            subkey.as_ptr(),
            0,
            sys::KEY_READ,
            &mut key,
        )
    };
    if status == ERROR_FILE_NOT_FOUND {
        return Ok(None);
    }
    if status != sys::ERROR_SUCCESS {
        return Err(Error::from(HRESULT::from_win32(status as u32)));
    }
    let mut best = None;
    for index in 0.. {
        let mut name = [0u16; 256];
        let mut len = name.len() as u32;
        // SAFETY: an open key; `name` holds `len` characters.
        let status = unsafe {
            sys::RegEnumKeyExW(
                key,
                index,
                name.as_mut_ptr(),
                &mut len,
                core::ptr::null_mut(),
                core::ptr::null_mut(),
                core::ptr::null_mut(),
                core::ptr::null_mut(),
            )
        };
        if status != sys::ERROR_SUCCESS {
            debug_assert!(status == ERROR_NO_MORE_ITEMS || status != 0);
            break;
        }
        let name = String::from_utf16_lossy(&name[..(len as usize).min(name.len())]);
        if let Some(v) = parse_version(&name) {
            best = best.max(Some(v));
        }
    }
    // SAFETY: the key opened above, closed once.
    unsafe { sys::RegCloseKey(key) };
    Ok(best)
}

/// All custom data of an item, as the `GetAll*CustData` methods return it;
/// `ClearCustData` on drop.
pub struct CustData(CUSTDATA);

impl CustData {
    /// The items: GUID and value.
    pub fn items(&self) -> &[CUSTDATAITEM] {
        if self.0.prgCustData.is_null() {
            return &[];
        }
        // SAFETY: the system allocated `cCustData` items and keeps them until the drop.
        unsafe { core::slice::from_raw_parts(self.0.prgCustData, self.0.cCustData as usize) }
    }

    fn fill(f: impl FnOnce(*mut CUSTDATA) -> Result<()>) -> Result<CustData> {
        let mut data = CustData(CUSTDATA::default());
        f(&mut data.0)?;
        Ok(data)
    }
}

impl Drop for CustData {
    fn drop(&mut self) {
        // SAFETY: filled by a GetAll*CustData call (or still empty), cleared once.
        unsafe { sys::ClearCustData(&mut self.0) }
    }
}

impl ITypeInfo2 {
    /// All custom data of the type.
    pub fn all_cust_data(&self) -> Result<CustData> {
        // SAFETY: `d` is a valid CUSTDATA for the call to fill.
        CustData::fill(|d| unsafe { self.GetAllCustData(d) })
    }
    /// All custom data of function `index`.
    pub fn all_func_cust_data(&self, index: u32) -> Result<CustData> {
        // SAFETY: `d` is a valid CUSTDATA for the call to fill.
        CustData::fill(|d| unsafe { self.GetAllFuncCustData(index, d) })
    }
    /// All custom data of parameter `param` of function `func`.
    pub fn all_param_cust_data(&self, func: u32, param: u32) -> Result<CustData> {
        // SAFETY: `d` is a valid CUSTDATA for the call to fill.
        CustData::fill(|d| unsafe { self.GetAllParamCustData(func, param, d) })
    }
    /// All custom data of variable `index`.
    pub fn all_var_cust_data(&self, index: u32) -> Result<CustData> {
        // SAFETY: `d` is a valid CUSTDATA for the call to fill.
        CustData::fill(|d| unsafe { self.GetAllVarCustData(index, d) })
    }
    /// All custom data of implemented type `index`.
    pub fn all_impl_type_cust_data(&self, index: u32) -> Result<CustData> {
        // SAFETY: `d` is a valid CUSTDATA for the call to fill.
        CustData::fill(|d| unsafe { self.GetAllImplTypeCustData(index, d) })
    }
}

impl ITypeLib2 {
    /// All custom data of the library.
    pub fn all_cust_data(&self) -> Result<CustData> {
        // SAFETY: `d` is a valid CUSTDATA for the call to fill.
        CustData::fill(|d| unsafe { self.GetAllCustData(d) })
    }
}
