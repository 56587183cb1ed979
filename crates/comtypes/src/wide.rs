//! NUL-terminated UTF-16 strings (LPOLESTR / LPCWSTR): how text crosses the ABI outside
//! BSTRs, in both directions.

/// `text` as a NUL-terminated UTF-16 buffer, for an `[in] LPCOLESTR` argument.
pub(crate) fn to_wide_nul(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(Some(0)).collect()
}

/// The units of a NUL-terminated UTF-16 string, without the NUL (`None` for null).
///
/// # Safety
/// `text` must be null or point at a NUL-terminated string that lives for `'a`.
pub(crate) unsafe fn wide_nul_units<'a>(text: *const u16) -> Option<&'a [u16]> {
    if text.is_null() {
        return None;
    }
    // SAFETY: the caller's promise: readable up to and including the NUL.
    unsafe {
        let len = (0..).take_while(|&i| *text.add(i) != 0).count();
        Some(core::slice::from_raw_parts(text, len))
    }
}

/// A NUL-terminated UTF-16 string as a `String` (invalid UTF-16 replaced; `None` for null).
/// Only the built-in runtime reads strings this way.
///
/// # Safety
/// As [`wide_nul_units`].
#[cfg(not(windows))]
pub(crate) unsafe fn from_wide_nul(text: *const u16) -> Option<String> {
    // SAFETY: the caller's promise.
    unsafe { wide_nul_units(text) }.map(String::from_utf16_lossy)
}
