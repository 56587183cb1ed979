//! `Bstr`: an owned BSTR, the length-prefixed UTF-16 string of automation, and
//! `BstrRef`, a borrowed one (what an `[in] BSTR` parameter carries). On Windows a `Bstr`
//! is allocated by oleaut32, so ownership passes to and from any component.

use crate::hresult::E_INVALIDARG;
use crate::{sys, Error, Result};
use core::fmt;
use core::marker::PhantomData;

/// An owned BSTR. Null is the empty string, as COM treats it. Embedded NULs are kept;
/// the length is the 4-byte prefix SysAllocStringLen writes.
///
/// ```
/// use comtypes::Bstr;
/// let b = Bstr::from("héllo");
/// assert_eq!(b.len(), 5);
/// assert_eq!(b.to_string(), "héllo");
/// assert!(Bstr::default().is_empty());
/// let with_nul = Bstr::from("a\0b");
/// assert_eq!(with_nul.as_wide(), &[0x61, 0, 0x62]);
/// assert_eq!(with_nul.try_to_string()?, "a\0b");
/// # Ok::<(), comtypes::Error>(())
/// ```
#[repr(transparent)]
pub struct Bstr(*mut u16);

// SAFETY: a Bstr exclusively owns its heap string; oleaut32's allocator is thread-safe.
unsafe impl Send for Bstr {}
// SAFETY: shared access only reads.
unsafe impl Sync for Bstr {}

fn too_long() -> ! {
    // Like Vec's capacity overflow: a BSTR holds fewer than 2^31 characters.
    panic!("a BSTR holds fewer than 2^31 characters")
}

impl Bstr {
    /// A BSTR holding these UTF-16 units (embedded NULs kept).
    ///
    /// # Panics
    /// Only when the allocator fails or the text has 2^31 units or more, like `Vec`.
    pub fn from_wide(text: &[u16]) -> Bstr {
        if text.is_empty() {
            return Bstr(core::ptr::null_mut());
        }
        let Ok(len) = u32::try_from(text.len()) else {
            too_long()
        };
        // SAFETY: `text` holds `len` units.
        let raw = unsafe { sys::SysAllocStringLen(text.as_ptr(), len) };
        if raw.is_null() {
            std::alloc::handle_alloc_error(
                std::alloc::Layout::array::<u16>(text.len())
                    .unwrap_or(std::alloc::Layout::new::<u16>()),
            );
        }
        Bstr(raw)
    }

    /// A BSTR of `len` units filled by `fill` (which must write all of them).
    fn with_len(len: usize, fill: impl FnOnce(&mut [u16])) -> Bstr {
        if len == 0 {
            return Bstr(core::ptr::null_mut());
        }
        let Ok(len32) = u32::try_from(len) else {
            too_long()
        };
        // SAFETY: a null source asks for `len` units left uninitialised (oleaut32 does
        // not clear them); they are zeroed below before any reference is made.
        let raw = unsafe { sys::SysAllocStringLen(core::ptr::null(), len32) };
        if raw.is_null() {
            std::alloc::handle_alloc_error(
                std::alloc::Layout::array::<u16>(len).unwrap_or(std::alloc::Layout::new::<u16>()),
            );
        }
        // Owned from here on, so a panic in `fill` frees it.
        let bstr = Bstr(raw);
        // SAFETY: the new BSTR holds `len` writable units. A `&mut [u16]` must not cover
        // uninitialised memory, so they are zeroed first (a memset, cheap beside `fill`).
        let units = unsafe {
            core::ptr::write_bytes(raw, 0, len);
            core::slice::from_raw_parts_mut(raw, len)
        };
        fill(units);
        bstr
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
        self.borrow().as_wide()
    }

    /// The text, with invalid UTF-16 replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf16_lossy(self.as_wide())
    }

    /// The text, or an E_INVALIDARG error naming the first unpaired surrogate.
    ///
    /// ```
    /// let bad = comtypes::Bstr::from_wide(&[0x61, 0xD800]);
    /// assert_eq!(bad.try_to_string().unwrap_err().code(), comtypes::hresult::E_INVALIDARG);
    /// assert_eq!(bad.to_string_lossy(), "a\u{FFFD}");
    /// ```
    pub fn try_to_string(&self) -> Result<String> {
        self.borrow().try_to_string()
    }

    /// A borrowed view of this BSTR (for `[in] BSTR` parameters).
    pub fn borrow(&self) -> BstrRef<'_> {
        BstrRef {
            raw: self.0,
            _borrow: PhantomData,
        }
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
    /// One allocation of exactly the UTF-16 length, then the text is encoded straight
    /// into the BSTR. ASCII (checked a word at a time) is widened in one vectorised
    /// pass; other text is counted by a vectorised pass over the bytes, then encoded
    /// with ASCII runs taken eight bytes at a time.
    fn from(text: &str) -> Bstr {
        let bytes = text.as_bytes();
        if text.is_ascii() {
            return Bstr::with_len(bytes.len(), |out| {
                for (o, &b) in out.iter_mut().zip(bytes) {
                    *o = u16::from(b);
                }
            });
        }
        Bstr::with_len(utf16_len(bytes), |out| encode_utf16_into(bytes, out))
    }
}

/// The number of UTF-16 units of valid UTF-8: one per byte that starts a character (is
/// not a continuation byte `10xxxxxx`), plus one more for each 4-byte lead (`11110xxx`:
/// a surrogate pair). Counted in byte lanes, 64 bytes (at most 128 units) per chunk.
fn utf16_len(bytes: &[u8]) -> usize {
    fn units(b: u8) -> u8 {
        u8::from((b as i8) >= -0x40) + u8::from(b >= 0xF0)
    }
    let mut chunks = bytes.chunks_exact(64);
    let mut n = 0usize;
    for chunk in &mut chunks {
        let count = chunk.iter().fold(0u8, |acc, &b| acc.wrapping_add(units(b)));
        n += usize::from(count);
    }
    n + chunks
        .remainder()
        .iter()
        .map(|&b| usize::from(units(b)))
        .sum::<usize>()
}

/// Encodes valid UTF-8 as UTF-16 into `out`, which holds exactly `utf16_len(bytes)`
/// units (so every index below is in bounds).
fn encode_utf16_into(bytes: &[u8], out: &mut [u16]) {
    let (mut i, mut o) = (0, 0);
    while i < bytes.len() {
        let b0 = bytes[i];
        if b0 < 0x80 {
            // A run of ASCII: eight bytes at a time while it lasts.
            if let (Some(chunk), Some(dst)) = (bytes.get(i..i + 8), out.get_mut(o..o + 8)) {
                let word = u64::from_le_bytes([
                    chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
                ]);
                if word & 0x8080_8080_8080_8080 == 0 {
                    for (d, &b) in dst.iter_mut().zip(chunk) {
                        *d = u16::from(b);
                    }
                    i += 8;
                    o += 8;
                    continue;
                }
            }
            out[o] = u16::from(b0);
            i += 1;
            o += 1;
        } else if b0 < 0xE0 {
            out[o] = (u16::from(b0 & 0x1F) << 6) | u16::from(bytes[i + 1] & 0x3F);
            i += 2;
            o += 1;
        } else if b0 < 0xF0 {
            out[o] = (u16::from(b0 & 0x0F) << 12)
                | (u16::from(bytes[i + 1] & 0x3F) << 6)
                | u16::from(bytes[i + 2] & 0x3F);
            i += 3;
            o += 1;
        } else {
            let c = (u32::from(b0 & 0x07) << 18)
                | (u32::from(bytes[i + 1] & 0x3F) << 12)
                | (u32::from(bytes[i + 2] & 0x3F) << 6)
                | u32::from(bytes[i + 3] & 0x3F);
            let c = c - 0x1_0000;
            out[o] = 0xD800 | (c >> 10) as u16;
            out[o + 1] = 0xDC00 | (c & 0x3FF) as u16;
            i += 4;
            o += 2;
        }
    }
}

impl From<String> for Bstr {
    fn from(text: String) -> Bstr {
        Bstr::from(text.as_str())
    }
}

impl From<&String> for Bstr {
    fn from(text: &String) -> Bstr {
        Bstr::from(text.as_str())
    }
}

impl From<&[u16]> for Bstr {
    fn from(text: &[u16]) -> Bstr {
        Bstr::from_wide(text)
    }
}

impl From<BstrRef<'_>> for Bstr {
    fn from(text: BstrRef<'_>) -> Bstr {
        Bstr::from_wide(text.as_wide())
    }
}

impl TryFrom<&Bstr> for String {
    type Error = Error;
    fn try_from(text: &Bstr) -> Result<String> {
        text.try_to_string()
    }
}

impl TryFrom<Bstr> for String {
    type Error = Error;
    fn try_from(text: Bstr) -> Result<String> {
        text.try_to_string()
    }
}

impl PartialEq for Bstr {
    fn eq(&self, other: &Bstr) -> bool {
        self.as_wide() == other.as_wide()
    }
}
impl Eq for Bstr {}

impl core::hash::Hash for Bstr {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_wide().hash(state)
    }
}

impl PartialEq<&str> for Bstr {
    fn eq(&self, other: &&str) -> bool {
        self.as_wide().iter().copied().eq(other.encode_utf16())
    }
}

impl PartialEq<str> for Bstr {
    fn eq(&self, other: &str) -> bool {
        self.as_wide().iter().copied().eq(other.encode_utf16())
    }
}

impl fmt::Display for Bstr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.borrow(), f)
    }
}

impl fmt::Debug for Bstr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string_lossy(), f)
    }
}

/// A borrowed BSTR: the raw pointer an `[in] BSTR` parameter passes, valid for `'a`.
/// `#[repr(transparent)]`, so it has exactly the ABI of `BSTR` in a method signature.
///
/// ```
/// use comtypes::{Bstr, BstrRef};
/// fn shout(text: BstrRef<'_>) -> String {
///     text.to_string_lossy().to_uppercase()
/// }
/// let owned = Bstr::from("hi");
/// assert_eq!(shout(owned.borrow()), "HI");
/// assert_eq!(shout(BstrRef::null()), "");
/// assert_eq!(owned.borrow().to_owned(), owned);
/// ```
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct BstrRef<'a> {
    raw: *const u16,
    _borrow: PhantomData<&'a Bstr>,
}

impl<'a> BstrRef<'a> {
    /// The null (empty) BSTR.
    pub const fn null() -> Self {
        BstrRef {
            raw: core::ptr::null(),
            _borrow: PhantomData,
        }
    }

    /// Borrows a raw BSTR (null allowed) for `'a`.
    ///
    /// # Safety
    /// A non-null `raw` must be a live BSTR (with its length prefix) for `'a`.
    pub unsafe fn from_raw(raw: *const u16) -> Self {
        BstrRef {
            raw,
            _borrow: PhantomData,
        }
    }

    /// The raw BSTR.
    pub fn as_ptr(self) -> *const u16 {
        self.raw
    }

    /// The number of UTF-16 units.
    pub fn len(self) -> usize {
        // SAFETY: null or a BSTR live for 'a.
        unsafe { sys::SysStringLen(self.raw) as usize }
    }

    /// True for the empty (or null) BSTR.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The UTF-16 units, without the terminating NUL.
    pub fn as_wide(self) -> &'a [u16] {
        if self.raw.is_null() {
            return &[];
        }
        // SAFETY: a BSTR live for 'a holds `len` units.
        unsafe { core::slice::from_raw_parts(self.raw, self.len()) }
    }

    /// The text, with invalid UTF-16 replaced by U+FFFD.
    pub fn to_string_lossy(self) -> String {
        String::from_utf16_lossy(self.as_wide())
    }

    /// The text, or an E_INVALIDARG error naming the first unpaired surrogate.
    pub fn try_to_string(self) -> Result<String> {
        let wide = self.as_wide();
        let mut out = String::with_capacity(wide.len());
        for (i, c) in char::decode_utf16(wide.iter().copied()).enumerate() {
            match c {
                Ok(c) => out.push(c),
                Err(e) => {
                    return Err(Error::new(
                        E_INVALIDARG,
                        format!(
                        "the BSTR is not valid UTF-16: unpaired surrogate {:#06x} near unit {i}",
                        e.unpaired_surrogate()
                    ),
                    ))
                }
            }
        }
        Ok(out)
    }

    /// An owned copy.
    #[allow(clippy::wrong_self_convention)]
    pub fn to_owned(self) -> Bstr {
        Bstr::from_wide(self.as_wide())
    }
}

impl Default for BstrRef<'_> {
    fn default() -> Self {
        BstrRef::null()
    }
}

impl<'a> From<&'a Bstr> for BstrRef<'a> {
    fn from(b: &'a Bstr) -> Self {
        b.borrow()
    }
}

impl PartialEq for BstrRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_wide() == other.as_wide()
    }
}
impl Eq for BstrRef<'_> {}

impl PartialEq<&str> for BstrRef<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_wide().iter().copied().eq(other.encode_utf16())
    }
}

impl fmt::Display for BstrRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in char::decode_utf16(self.as_wide().iter().copied()) {
            fmt::Write::write_char(f, c.unwrap_or(char::REPLACEMENT_CHARACTER))?;
        }
        Ok(())
    }
}

impl fmt::Debug for BstrRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string_lossy(), f)
    }
}
