//! `TaskMemString`: a wide string allocated with CoTaskMemAlloc, as callees return paths
//! and names (`IPersistFile::GetCurFile`, `STATSTG::pwcsName`).

use crate::sys;
use core::fmt;

/// An owned, NUL-terminated UTF-16 string in task memory (null is "none").
#[repr(transparent)]
pub struct TaskMemString(*mut u16);

impl TaskMemString {
    /// Copies `text` into task memory, NUL-terminated. A C string ends at its first NUL,
    /// so text after an embedded NUL is not seen by readers (`as_wide` stops there too).
    ///
    /// ```
    /// let s = comtypes::TaskMemString::new("C:\\x.txt");
    /// assert_eq!(s.to_string(), "C:\\x.txt");
    /// assert_eq!(comtypes::TaskMemString::new("a\0b").to_string(), "a");
    /// ```
    pub fn new(text: &str) -> TaskMemString {
        let wide = crate::wide::to_wide_nul(text);
        // SAFETY: plain allocation of the right size.
        let raw = unsafe { sys::CoTaskMemAlloc(wide.len() * 2) } as *mut u16;
        assert!(!raw.is_null(), "CoTaskMemAlloc failed: out of memory");
        // SAFETY: `raw` holds `wide.len()` units.
        unsafe { core::ptr::copy_nonoverlapping(wide.as_ptr(), raw, wide.len()) };
        TaskMemString(raw)
    }

    /// True when null.
    pub fn is_null(&self) -> bool {
        self.0.is_null()
    }

    /// The units without the NUL (empty when null).
    pub fn as_wide(&self) -> &[u16] {
        // SAFETY: null or a NUL-terminated string we own, alive as long as `self`.
        unsafe { crate::wide::wide_nul_units(self.0) }.unwrap_or(&[])
    }

    /// The raw pointer; the caller now owns it (free with CoTaskMemFree).
    pub fn into_raw(self) -> *mut u16 {
        let raw = self.0;
        core::mem::forget(self);
        raw
    }
}

impl Default for TaskMemString {
    fn default() -> Self {
        TaskMemString(core::ptr::null_mut())
    }
}

impl Drop for TaskMemString {
    fn drop(&mut self) {
        // SAFETY: null or task memory we own.
        unsafe { sys::CoTaskMemFree(self.0.cast()) }
    }
}

impl fmt::Display for TaskMemString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf16_lossy(self.as_wide()))
    }
}

impl fmt::Debug for TaskMemString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&String::from_utf16_lossy(self.as_wide()), f)
    }
}

/// The task allocator as an object (CoGetMalloc): the allocator behind
/// [`TaskMemString`] and every `[out]` string or buffer a callee hands back.
///
/// ```
/// let malloc = comtypes::get_malloc()?;
/// let block = malloc.Alloc(64);
/// assert!(!block.is_null());
/// // SAFETY: `block` came from this allocator and is freed once.
/// unsafe {
///     assert!(malloc.GetSize(block) >= 64);
///     malloc.Free(block);
/// }
/// # Ok::<(), comtypes::Error>(())
/// ```
pub fn get_malloc() -> crate::Result<crate::interfaces::IMalloc> {
    let mut raw = core::ptr::null_mut();
    // SAFETY: a writable out pointer; on success it holds an owned IMalloc.
    let hr = unsafe { sys::CoGetMalloc(1, &mut raw) };
    if hr.is_err() {
        return Err(crate::Error::new(hr, "CoGetMalloc failed"));
    }
    // SAFETY: success means an owned, non-null IMalloc.
    unsafe { <crate::interfaces::IMalloc as crate::Interface>::from_raw_opt(raw) }
        .ok_or_else(|| crate::Error::new(crate::hresult::E_POINTER, "CoGetMalloc returned null"))
}
