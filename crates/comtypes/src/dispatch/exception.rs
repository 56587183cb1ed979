//! `DISP_E_EXCEPTION`: the EXCEPINFO an `Invoke` filled in, as an [`Error`].

use crate::interfaces::EXCEPINFO;
use crate::{Error, ErrorDetail, HRESULT};

/// The HRESULT of a 16-bit EXCEPINFO `wCode` (the mapping of `_com_error`'s
/// `WCodeToHRESULT`: `0x80040200 + wCode`).
const WCODE_BASE: u32 = 0x8004_0200;

/// The error an EXCEPINFO describes, taking its strings.
///
/// Calls the deferred fill-in (`pfnDeferredFillIn`) first when the callee set one. The
/// code is `scode` when set, else the HRESULT of `wCode` (`0x80040200 + wCode`), else
/// `DISP_E_EXCEPTION`. The description, source, help file and help context are kept; an
/// exception without a description gets `fallback` (the member that failed, for the
/// message).
///
/// ```
/// use comtypes::{dispatch::error_from_excepinfo, interfaces::EXCEPINFO, hresult::E_FAIL};
/// let mut info = EXCEPINFO {
///     scode: E_FAIL.0,
///     bstrDescription: "the disk is full".into(),
///     bstrSource: "Storage.Writer".into(),
///     ..Default::default()
/// };
/// // SAFETY: no deferred fill-in function is set.
/// let error = unsafe { error_from_excepinfo(&mut info, "Write") };
/// assert_eq!(error.code(), E_FAIL);
/// assert_eq!(error.description(), Some("the disk is full"));
/// assert_eq!(error.source(), Some("Storage.Writer"));
/// ```
///
/// # Safety
/// `info.pfnDeferredFillIn`, when set, must be the function a callee put there for this
/// very EXCEPINFO (it is called once).
pub unsafe fn error_from_excepinfo(info: &mut EXCEPINFO, fallback: &str) -> Error {
    if let Some(fill_in) = info.pfnDeferredFillIn.take() {
        // SAFETY: the caller's promise: the callee's function for this very EXCEPINFO,
        // called once as IDispatch::Invoke's documentation asks.
        let _ = unsafe { fill_in(info) };
    }
    let code = if info.scode != 0 {
        HRESULT(info.scode)
    } else if info.wCode != 0 {
        HRESULT((WCODE_BASE + u32::from(info.wCode)) as i32)
    } else {
        crate::hresult::DISP_E_EXCEPTION
    };
    let text = |b: &crate::Bstr| b.to_string_lossy();
    let mut description = text(&info.bstrDescription);
    if description.is_empty() {
        description = format!("{fallback}: {}", code.message());
    }
    Error::with_detail(
        code,
        ErrorDetail {
            description,
            source: text(&info.bstrSource),
            help_file: text(&info.bstrHelpFile),
            help_context: info.dwHelpContext,
            interface: crate::Guid::NULL,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hresult::DISP_E_EXCEPTION;
    use crate::Bstr;

    unsafe extern "system" fn fill(info: *mut EXCEPINFO) -> HRESULT {
        // SAFETY: called by `error_from_excepinfo` with a live EXCEPINFO.
        let info = unsafe { &mut *info };
        info.bstrDescription = Bstr::from("filled in late");
        info.scode = crate::hresult::E_ACCESSDENIED.0;
        crate::hresult::S_OK
    }

    #[test]
    fn deferred_fill_in_is_called_once() {
        let mut info = EXCEPINFO {
            pfnDeferredFillIn: Some(fill),
            ..Default::default()
        };
        // SAFETY: the fill-in was set by this test for this EXCEPINFO.
        let error = unsafe { error_from_excepinfo(&mut info, "M") };
        assert_eq!(error.code(), crate::hresult::E_ACCESSDENIED);
        assert_eq!(error.description(), Some("filled in late"));
        assert!(info.pfnDeferredFillIn.is_none());
    }

    #[test]
    fn wcode_maps_to_an_itf_hresult_and_empty_descriptions_name_the_member() {
        let mut info = EXCEPINFO {
            wCode: 5,
            ..Default::default()
        };
        // SAFETY: no fill-in.
        let error = unsafe { error_from_excepinfo(&mut info, "Frob") };
        assert_eq!(error.code(), HRESULT(0x8004_0205u32 as i32));
        assert!(error.description().unwrap().starts_with("Frob: "));
        let mut nothing = EXCEPINFO::default();
        assert_eq!(
            // SAFETY: no fill-in.
            unsafe { error_from_excepinfo(&mut nothing, "Frob") }.code(),
            DISP_E_EXCEPTION
        );
    }
}
