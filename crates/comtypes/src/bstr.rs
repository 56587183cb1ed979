//! `Bstr`: an owned BSTR, the length-prefixed UTF-16 string of automation. On Windows it
//! is allocated by oleaut32, so ownership passes to and from any component.

use crate::sys;
use core::fmt;

/// An owned BSTR. Null is the empty string, as COM treats it.
///
/// ```
/// use comtypes::Bstr;
/// let b = Bstr::from("héllo");
/// assert_eq!(b.len(), 5);
/// assert_eq!(b.to_string(), "héllo");
/// assert!(Bstr::default().is_empty());
/// ```
#[repr(transparent)]
pub struct Bstr(*mut u16);

impl Bstr {
    /// A BSTR holding these UTF-16 units (embedded NULs kept).
    ///
    /// # Panics
    /// Only when the allocator fails, like `Vec`.
    pub fn from_wide(text: &[u16]) -> Bstr {
        if text.is_empty() {
            return Bstr(core::ptr::null_mut());
        }
        let len = u32::try_from(text.len()).expect("a BSTR holds at most 2^31 characters");
        // SAFETY: `text` holds `len` units.
        let raw = unsafe { sys::SysAllocStringLen(text.as_ptr(), len) };
        assert!(!raw.is_null(), "SysAllocStringLen failed: out of memory");
        Bstr(raw)
    }

    /// The number of UTF-16 units.
    pub fn len(&self) -> usize {
        // SAFETY: null or a live BSTR.
        unsafe { sys::SysStringLen(self.0) as usize }
    }

    /// True for the empty (or null) BSTR.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The UTF-16 units, without the terminating NUL.
    pub fn as_wide(&self) -> &[u16] {
        if self.0.is_null() {
            return &[];
        }
        // SAFETY: a live BSTR holds `len` units.
        unsafe { core::slice::from_raw_parts(self.0, self.len()) }
    }

    /// The text, with invalid UTF-16 replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf16_lossy(self.as_wide())
    }

    /// The raw BSTR, still owned by `self`.
    pub fn as_ptr(&self) -> *const u16 {
        self.0
    }

    /// The raw BSTR; the caller now owns it (free with SysFreeString).
    pub fn into_raw(self) -> *mut u16 {
        let raw = self.0;
        core::mem::forget(self);
        raw
    }

    /// Takes ownership of a raw BSTR.
    ///
    /// # Safety
    /// `raw` must be null or a BSTR allocated by SysAllocString* that nobody else frees.
    pub unsafe fn from_raw(raw: *mut u16) -> Bstr {
        Bstr(raw)
    }
}

impl Default for Bstr {
    fn default() -> Self {
        Bstr(core::ptr::null_mut())
    }
}

impl Drop for Bstr {
    fn drop(&mut self) {
        // SAFETY: null or a BSTR we own.
        unsafe { sys::SysFreeString(self.0) }
    }
}

impl Clone for Bstr {
    fn clone(&self) -> Self {
        Bstr::from_wide(self.as_wide())
    }
}

impl From<&str> for Bstr {
    fn from(text: &str) -> Bstr {
        Bstr::from_wide(&text.encode_utf16().collect::<Vec<u16>>())
    }
}

impl From<String> for Bstr {
    fn from(text: String) -> Bstr {
        Bstr::from(text.as_str())
    }
}

impl PartialEq for Bstr {
    fn eq(&self, other: &Bstr) -> bool {
        self.as_wide() == other.as_wide()
    }
}
impl Eq for Bstr {}

impl PartialEq<&str> for Bstr {
    fn eq(&self, other: &&str) -> bool {
        self.as_wide().iter().copied().eq(other.encode_utf16())
    }
}

impl fmt::Display for Bstr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in char::decode_utf16(self.as_wide().iter().copied()) {
            fmt::Write::write_char(f, c.unwrap_or(char::REPLACEMENT_CHARACTER))?;
        }
        Ok(())
    }
}

impl fmt::Debug for Bstr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string_lossy(), f)
    }
}
