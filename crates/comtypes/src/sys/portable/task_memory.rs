//! CoTaskMemAlloc / Realloc / Free and CoGetMalloc: the task allocator that COM uses for
//! memory handed from callee to caller. A 16-byte header keeps the block's size, which
//! Rust's allocator needs back on free and IMalloc::GetSize reports.

use crate::hresult::{E_INVALIDARG, S_OK};
use crate::interfaces::{IMalloc, IMalloc_Impl};
use crate::{implement, Interface, HRESULT};
use core::ffi::c_void;
use std::alloc::{alloc, dealloc, realloc, Layout};

const HEADER: usize = 16;

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, HEADER).ok()
}

/// The size the caller asked for, read from the header of a block of ours.
unsafe fn block_size(pv: *mut c_void) -> usize {
    // SAFETY: a non-null block of ours is preceded by its header.
    unsafe { (pv as *mut u8).sub(HEADER).cast::<usize>().read() }
}

pub(crate) unsafe fn CoTaskMemAlloc(cb: usize) -> *mut c_void {
    let Some(layout) = layout(cb) else {
        return core::ptr::null_mut();
    };
    // SAFETY: the layout is at least HEADER bytes; the size is written inside it.
    unsafe {
        let base = alloc(layout);
        if base.is_null() {
            return core::ptr::null_mut();
        }
        base.cast::<usize>().write(cb);
        base.add(HEADER) as *mut c_void
    }
}

pub(crate) unsafe fn CoTaskMemRealloc(pv: *mut c_void, cb: usize) -> *mut c_void {
    if pv.is_null() {
        // SAFETY: same contract.
        return unsafe { CoTaskMemAlloc(cb) };
    }
    let Some(new_layout) = layout(cb) else {
        return core::ptr::null_mut();
    };
    // SAFETY: `pv` is a block of ours, so its base and old layout are known.
    unsafe {
        let old = layout(block_size(pv)).expect("valid when allocated");
        let base = realloc((pv as *mut u8).sub(HEADER), old, new_layout.size());
        if base.is_null() {
            return core::ptr::null_mut();
        }
        base.cast::<usize>().write(cb);
        base.add(HEADER) as *mut c_void
    }
}

pub(crate) unsafe fn CoTaskMemFree(pv: *mut c_void) {
    if pv.is_null() {
        return;
    }
    // SAFETY: `pv` is a block of ours.
    unsafe {
        let old = layout(block_size(pv)).expect("valid when allocated");
        dealloc((pv as *mut u8).sub(HEADER), old);
    }
}

/// The IMalloc that CoGetMalloc returns: the same task allocator as an object.
#[implement(IMalloc)]
struct TaskMalloc;

impl IMalloc_Impl for TaskMalloc {
    fn Alloc(&self, cb: usize) -> *mut c_void {
        // SAFETY: plain allocation.
        unsafe { CoTaskMemAlloc(cb) }
    }
    unsafe fn Realloc(&self, pv: *mut c_void, cb: usize) -> *mut c_void {
        // SAFETY: IMalloc's contract: `pv` is null or a block of this allocator.
        unsafe { CoTaskMemRealloc(pv, cb) }
    }
    unsafe fn Free(&self, pv: *mut c_void) {
        // SAFETY: IMalloc's contract: `pv` is null or a block of this allocator.
        unsafe { CoTaskMemFree(pv) }
    }
    unsafe fn GetSize(&self, pv: *mut c_void) -> usize {
        if pv.is_null() {
            return usize::MAX;
        }
        // SAFETY: IMalloc's contract: `pv` is a block of this allocator.
        unsafe { block_size(pv) }
    }
    unsafe fn DidAlloc(&self, _pv: *mut c_void) -> i32 {
        // Like ole32 without spying: "cannot tell".
        -1
    }
    fn HeapMinimize(&self) {}
}

pub(crate) unsafe fn CoGetMalloc(context: u32, malloc: *mut *mut c_void) -> HRESULT {
    if context != 1 || malloc.is_null() {
        return E_INVALIDARG;
    }
    let object: IMalloc = TaskMalloc.into();
    // SAFETY: the caller passes a writable pointer; ownership of the reference moves to it.
    unsafe { malloc.write(object.into_raw()) };
    S_OK
}
