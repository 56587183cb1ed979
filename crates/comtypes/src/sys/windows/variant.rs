//! oleaut32's VARIANT functions, imported: on Windows the library coerces, copies and
//! clears VARIANTs with the system's own code.

use crate::variant::VARIANT;
use crate::HRESULT;

#[link(name = "oleaut32")]
#[allow(dead_code)]
extern "system" {
    pub(crate) fn VariantInit(variant: *mut VARIANT);
    pub(crate) fn VariantClear(variant: *mut VARIANT) -> HRESULT;
    pub(crate) fn VariantCopy(dest: *mut VARIANT, source: *const VARIANT) -> HRESULT;
    pub(crate) fn VariantCopyInd(dest: *mut VARIANT, source: *const VARIANT) -> HRESULT;
    pub(crate) fn VariantChangeType(
        dest: *mut VARIANT,
        source: *const VARIANT,
        flags: u16,
        vt: u16,
    ) -> HRESULT;
    pub(crate) fn VariantChangeTypeEx(
        dest: *mut VARIANT,
        source: *const VARIANT,
        lcid: u32,
        flags: u16,
        vt: u16,
    ) -> HRESULT;
}
