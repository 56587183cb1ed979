//! Helpers shared by the `windows_*` tests (a module, not a test crate of its own):
//! raw VARIANT arguments, late-bound calls through `IDispatch` by hand, STA threads, and
//! the shell link interface.
#![allow(dead_code)]

use comtypes::hresult::DISP_E_EXCEPTION;
use comtypes::interfaces::{DISPPARAMS, EXCEPINFO};
use comtypes::variant::{VARIANT, VARIANT_0, VT_BOOL, VT_BSTR, VT_I4, VT_UNKNOWN};
use comtypes::{
    interface, Apartment, Bstr, Error, ErrorDetail, Guid, IDispatch, IUnknown, Interface, Result,
    HRESULT,
};
use core::ffi::c_void;

#[link(name = "oleaut32")]
extern "system" {
    fn VariantClear(variant: *mut VARIANT) -> comtypes::HRESULT;
}

pub const DISPATCH_METHOD: u16 = 1;
pub const DISPATCH_PROPERTYGET: u16 = 2;
pub const DISPATCH_PROPERTYPUT: u16 = 4;
const DISPID_PROPERTYPUT: i32 = -3;
pub const LOCALE_USER_DEFAULT: u32 = 0x400;

/// A raw VARIANT that frees what it holds (VariantClear) when dropped.
#[derive(Debug)]
pub struct Arg(pub VARIANT);

impl Arg {
    pub fn bstr(text: &str) -> Arg {
        let mut v = VARIANT {
            vt: VT_BSTR,
            ..Default::default()
        };
        v.data = VARIANT_0 {
            ptr: Bstr::from(text).into_raw().cast(),
        };
        Arg(v)
    }
    pub fn i4(value: i32) -> Arg {
        let mut v = VARIANT {
            vt: VT_I4,
            ..Default::default()
        };
        v.data = VARIANT_0 { lVal: value };
        Arg(v)
    }
    /// A VT_UNKNOWN holding its own reference to `object`.
    pub fn unknown<I: Interface>(object: &I) -> Arg {
        let mut v = VARIANT {
            vt: VT_UNKNOWN,
            ..Default::default()
        };
        v.data = VARIANT_0 {
            ptr: object.as_unknown().clone().into_raw(),
        };
        Arg(v)
    }
    pub fn as_i4(&self) -> Option<i32> {
        // SAFETY: the tag says the value is an i32.
        (self.0.vt == VT_I4).then(|| unsafe { self.0.data.lVal })
    }
    pub fn as_bool(&self) -> Option<bool> {
        // SAFETY: the tag says the value is a VARIANT_BOOL.
        (self.0.vt == VT_BOOL).then(|| unsafe { self.0.data.boolVal } != 0)
    }
    pub fn as_string(&self) -> Option<String> {
        if self.0.vt != VT_BSTR {
            return None;
        }
        // SAFETY: the tag says the value is a BSTR, owned by this VARIANT; it is only
        // borrowed here (forgotten again below).
        let bstr = unsafe { Bstr::from_raw(self.0.data.ptr.cast()) };
        let text = bstr.to_string();
        core::mem::forget(bstr);
        Some(text)
    }
}

impl Drop for Arg {
    fn drop(&mut self) {
        // SAFETY: a VARIANT we own, initialised with a valid tag.
        unsafe { VariantClear(&mut self.0) };
    }
}

pub fn dispid(object: &IDispatch, name: &str) -> Result<i32> {
    let wide: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
    let names = [wide.as_ptr()];
    let mut id = 0;
    // SAFETY: one NUL-terminated name and room for one DISPID.
    unsafe { object.GetIDsOfNames(&Guid::NULL, names.as_ptr(), 1, LOCALE_USER_DEFAULT, &mut id)? };
    Ok(id)
}

/// `Invoke` by name with positional arguments given in source order; a failure reported
/// through EXCEPINFO (DISP_E_EXCEPTION) becomes an `Error` with the exception's code and
/// texts.
pub fn invoke(object: &IDispatch, name: &str, flags: u16, args: Vec<Arg>) -> Result<Arg> {
    let id = dispid(object, name)?;
    // Invoke takes the arguments last one first.
    let mut raw: Vec<VARIANT> = args.iter().rev().map(|a| a.0).collect();
    let mut named = DISPID_PROPERTYPUT;
    let mut params = DISPPARAMS {
        rgvarg: raw.as_mut_ptr(),
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: raw.len() as u32,
        cNamedArgs: 0,
    };
    if flags == DISPATCH_PROPERTYPUT {
        params.rgdispidNamedArgs = &mut named;
        params.cNamedArgs = 1;
    }
    let mut result = Arg(VARIANT::default());
    let mut exception = EXCEPINFO::default();
    let mut arg_error = 0;
    // SAFETY: every pointer is valid for the call; the arguments stay owned by `args`
    // (Invoke does not free [in] arguments), `result` and `exception` are ours to fill.
    let outcome = unsafe {
        object.Invoke(
            id,
            &Guid::NULL,
            LOCALE_USER_DEFAULT,
            flags,
            &mut params,
            &mut result.0,
            &mut exception,
            &mut arg_error,
        )
    };
    drop(args);
    match outcome {
        Ok(()) => Ok(result),
        Err(e) if e.code() == DISP_E_EXCEPTION => Err(from_exception(exception)),
        Err(e) => Err(e),
    }
}

fn from_exception(mut exception: EXCEPINFO) -> Error {
    if let Some(fill) = exception.pfnDeferredFillIn {
        // SAFETY: the callee's own filler for its own EXCEPINFO.
        unsafe { fill(&mut exception) };
    }
    let code = if exception.scode != 0 {
        comtypes::HRESULT(exception.scode)
    } else {
        // A wCode is an application error number: as Windows maps it.
        comtypes::HRESULT((0x8004_0000u32 | u32::from(exception.wCode)) as i32)
    };
    Error::with_detail(
        code,
        ErrorDetail {
            description: exception.bstrDescription.to_string(),
            source: exception.bstrSource.to_string(),
            help_file: exception.bstrHelpFile.to_string(),
            help_context: exception.dwHelpContext,
            interface: Guid::NULL,
        },
    )
}

pub fn on_sta(f: impl FnOnce() + Send + 'static) {
    std::thread::spawn(move || {
        let _apartment = Apartment::single_threaded().unwrap();
        f()
    })
    .join()
    .expect("the test thread panicked");
}

/// shell32's ShellLink class.
pub const CLSID_SHELL_LINK: Guid = Guid::from_u128(0x00021401_0000_0000_C000_000000000046);

/// The Unicode shell link, in the Windows SDK's vtable order (shobjidl_core.h).
#[interface("000214F9-0000-0000-C000-000000000046")]
pub unsafe trait IShellLinkW: IUnknown {
    /// The target path into `file` (`cch` characters); `find_data` is a WIN32_FIND_DATAW
    /// or null; `flags` are SLGP_*. S_FALSE when the link has no path.
    #[hresult]
    fn GetPath(&self, file: *mut u16, cch: i32, find_data: *mut c_void, flags: u32) -> HRESULT;
    fn GetIDList(&self, #[out] pidl: *mut *mut c_void) -> HRESULT;
    fn SetIDList(&self, pidl: *const c_void) -> HRESULT;
    fn GetDescription(&self, name: *mut u16, cch: i32) -> HRESULT;
    fn SetDescription(&self, name: *const u16) -> HRESULT;
    fn GetWorkingDirectory(&self, dir: *mut u16, cch: i32) -> HRESULT;
    fn SetWorkingDirectory(&self, dir: *const u16) -> HRESULT;
    fn GetArguments(&self, args: *mut u16, cch: i32) -> HRESULT;
    fn SetArguments(&self, args: *const u16) -> HRESULT;
    fn GetHotkey(&self, #[out] hotkey: *mut u16) -> HRESULT;
    fn SetHotkey(&self, hotkey: u16) -> HRESULT;
    fn GetShowCmd(&self, #[out] show: *mut i32) -> HRESULT;
    fn SetShowCmd(&self, show: i32) -> HRESULT;
    fn GetIconLocation(&self, path: *mut u16, cch: i32, #[out] index: *mut i32) -> HRESULT;
    fn SetIconLocation(&self, path: *const u16, index: i32) -> HRESULT;
    fn SetRelativePath(&self, path: *const u16, reserved: u32) -> HRESULT;
    fn Resolve(&self, hwnd: *mut c_void, flags: u32) -> HRESULT;
    fn SetPath(&self, file: *const u16) -> HRESULT;
}

#[link(name = "kernel32")]
extern "system" {
    fn GetModuleHandleA(name: *const core::ffi::c_char) -> *mut c_void;
    fn GetProcAddress(module: *mut c_void, name: *const core::ffi::c_char) -> *mut c_void;
}

/// True under Wine (its ntdll exports `wine_get_version`; Windows' does not): for the few
/// places where Wine 8 is known to differ from Windows, each named where it is used.
pub fn is_wine() -> bool {
    // SAFETY: NUL-terminated names; ntdll is loaded in every process.
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr());
        !ntdll.is_null() && !GetProcAddress(ntdll, c"wine_get_version".as_ptr()).is_null()
    }
}
