//! BSTR allocation: a 4-byte byte length just before the characters and a terminating
//! NUL after them, so a BSTR is also a valid wide C string.

use std::alloc::{alloc, dealloc, Layout};

/// Bytes before the characters: padding to 8, then the u32 byte length.
const HEADER: usize = 8;

fn layout(byte_len: usize) -> Option<Layout> {
    Layout::from_size_align(HEADER.checked_add(byte_len)?.checked_add(2)?, 8).ok()
}

pub unsafe fn SysAllocStringLen(text: *const u16, len: u32) -> *mut u16 {
    let Some(byte_len) = (len as usize)
        .checked_mul(2)
        .filter(|&b| b <= u32::MAX as usize)
    else {
        return core::ptr::null_mut();
    };
    let Some(layout) = layout(byte_len) else {
        return core::ptr::null_mut();
    };
    // SAFETY: the layout is non-zero sized; every byte written below lies inside it, and
    // `text` (when not null) holds `len` characters, as the function's contract says.
    unsafe {
        let base = alloc(layout);
        if base.is_null() {
            return core::ptr::null_mut();
        }
        (base.add(HEADER - 4) as *mut u32).write(byte_len as u32);
        let chars = base.add(HEADER) as *mut u16;
        if text.is_null() {
            core::ptr::write_bytes(chars, 0, len as usize);
        } else {
            core::ptr::copy_nonoverlapping(text, chars, len as usize);
        }
        chars.add(len as usize).write(0);
        chars
    }
}

pub unsafe fn SysFreeString(bstr: *mut u16) {
    if bstr.is_null() {
        return;
    }
    // SAFETY: a non-null BSTR came from SysAllocStringLen, so its header precedes it and
    // holds the byte length the layout was computed from.
    unsafe {
        let byte_len = SysStringByteLen(bstr) as usize;
        let base = (bstr as *mut u8).sub(HEADER);
        dealloc(
            base,
            layout(byte_len).expect("the layout was valid when allocated"),
        );
    }
}

pub unsafe fn SysStringLen(bstr: *const u16) -> u32 {
    // SAFETY: as SysStringByteLen.
    unsafe { SysStringByteLen(bstr) / 2 }
}

unsafe fn SysStringByteLen(bstr: *const u16) -> u32 {
    if bstr.is_null() {
        return 0;
    }
    // SAFETY: a non-null BSTR is preceded by its 4-byte length.
    unsafe { (bstr as *const u8).sub(4).cast::<u32>().read() }
}
