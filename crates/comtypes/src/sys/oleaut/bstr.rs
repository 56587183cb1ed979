//! BSTR allocation: a 4-byte byte length just before the characters and a terminating
//! NUL after them, so a BSTR is also a valid wide C string.
//!
//! Behaviour follows oleaut32 as Wine's conformance tests describe it: null in, null
//! out; lengths of 0x7fffffff or more are refused (null); the terminator is always
//! written, also after an odd byte length; SysReAlloc* return FALSE for a null target.

use std::alloc::{alloc, dealloc, Layout};

/// Bytes before the characters: padding to 8, then the u32 byte length.
const HEADER: usize = 8;

/// The largest length (in characters or bytes) oleaut32 accepts, plus one.
const LIMIT: u32 = 0x7fff_ffff;

fn layout(byte_len: usize) -> Option<Layout> {
    Layout::from_size_align(HEADER.checked_add(byte_len)?.checked_add(2)?, 8).ok()
}

/// A new BSTR of `byte_len` bytes copied from `bytes` (zeroed when null).
///
/// # Safety
/// `bytes` is null or readable for `byte_len` bytes.
unsafe fn alloc_bytes(bytes: *const u8, byte_len: u32) -> *mut u16 {
    if byte_len >= LIMIT {
        return core::ptr::null_mut();
    }
    let Some(layout) = layout(byte_len as usize) else {
        return core::ptr::null_mut();
    };
    // SAFETY: the layout is non-zero sized; every byte written below lies inside it, and
    // `bytes` (when not null) holds `byte_len` bytes, as the function's contract says.
    unsafe {
        let base = alloc(layout);
        if base.is_null() {
            return core::ptr::null_mut();
        }
        (base.add(HEADER - 4) as *mut u32).write(byte_len);
        let chars = base.add(HEADER);
        if bytes.is_null() {
            core::ptr::write_bytes(chars, 0, byte_len as usize);
        } else {
            core::ptr::copy_nonoverlapping(bytes, chars, byte_len as usize);
        }
        // The terminating NUL character, after the last byte (also for odd lengths).
        chars.add(byte_len as usize).write(0);
        chars.add(byte_len as usize + 1).write(0);
        chars as *mut u16
    }
}

pub unsafe fn SysAllocStringLen(text: *const u16, len: u32) -> *mut u16 {
    if len > LIMIT / 2 {
        return core::ptr::null_mut();
    }
    // SAFETY: `text` holds `len` characters (the contract), i.e. `2 * len` bytes.
    unsafe { alloc_bytes(text as *const u8, len * 2) }
}

pub unsafe fn SysAllocString(text: *const u16) -> *mut u16 {
    if text.is_null() {
        return core::ptr::null_mut();
    }
    let mut len = 0usize;
    // SAFETY: a non-null `text` is a NUL-terminated wide string (the contract).
    unsafe {
        while *text.add(len) != 0 {
            len += 1;
        }
    }
    let Ok(len) = u32::try_from(len) else {
        return core::ptr::null_mut();
    };
    // SAFETY: `text` holds `len` characters before its NUL.
    unsafe { SysAllocStringLen(text, len) }
}

pub unsafe fn SysAllocStringByteLen(bytes: *const u8, len: u32) -> *mut u16 {
    // SAFETY: `bytes` is null or holds `len` bytes (the contract).
    unsafe { alloc_bytes(bytes, len) }
}

pub unsafe fn SysReAllocStringLen(target: *mut *mut u16, text: *const u16, len: u32) -> i32 {
    if target.is_null() || len > LIMIT / 2 {
        return 0;
    }
    // SAFETY: `target` points at null or a BSTR we own; `text` may point into it, so the
    // new string is made before the old one is freed.
    unsafe {
        let new = SysAllocStringLen(text, len);
        if new.is_null() {
            return 0;
        }
        SysFreeString(*target);
        *target = new;
    }
    1
}

pub unsafe fn SysReAllocString(target: *mut *mut u16, text: *const u16) -> i32 {
    if target.is_null() {
        return 0;
    }
    // SAFETY: as SysReAllocStringLen; reallocating a string onto itself changes nothing.
    unsafe {
        if core::ptr::eq(*target, text) {
            return 1;
        }
        let new = SysAllocString(text);
        if new.is_null() && !text.is_null() {
            return 0;
        }
        SysFreeString(*target);
        *target = new;
    }
    1
}

pub unsafe fn SysFreeString(bstr: *mut u16) {
    if bstr.is_null() {
        return;
    }
    // SAFETY: a non-null BSTR came from this allocator, so its header precedes it and
    // holds the byte length the layout was computed from.
    unsafe {
        let byte_len = SysStringByteLen(bstr) as usize;
        let base = (bstr as *mut u8).sub(HEADER);
        if let Some(layout) = layout(byte_len) {
            dealloc(base, layout);
        }
    }
}

pub unsafe fn SysStringLen(bstr: *const u16) -> u32 {
    // SAFETY: as SysStringByteLen.
    unsafe { SysStringByteLen(bstr) / 2 }
}

pub unsafe fn SysStringByteLen(bstr: *const u16) -> u32 {
    if bstr.is_null() {
        return 0;
    }
    // SAFETY: a non-null BSTR is preceded by its 4-byte length.
    unsafe { (bstr as *const u8).sub(4).cast::<u32>().read() }
}
