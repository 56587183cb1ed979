use crate::{interface, IUnknown};
use core::ffi::c_void;

/// The task allocator (`CoGetMalloc`): memory passed between caller and callee.
#[interface("00000002-0000-0000-C000-000000000046")]
pub unsafe trait IMalloc: IUnknown {
    /// Allocates `size` bytes (null on failure).
    fn Alloc(&self, size: usize) -> *mut c_void;
    /// Resizes a block.
    fn Realloc(&self, block: *mut c_void, size: usize) -> *mut c_void;
    /// Frees a block.
    fn Free(&self, block: *mut c_void);
    /// The size of a block.
    fn GetSize(&self, block: *mut c_void) -> usize;
    /// 1 if this allocator made the block, 0 if not, -1 if it cannot tell.
    fn DidAlloc(&self, block: *mut c_void) -> i32;
    /// Returns unused memory to the system.
    fn HeapMinimize(&self);
}
