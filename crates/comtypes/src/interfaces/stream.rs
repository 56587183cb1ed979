use crate::{interface, Guid, IUnknown, Ref, TaskMemString, HRESULT};
use core::ffi::c_void;

/// A point in time: 100-nanosecond intervals since 1601-01-01 UTC.
#[repr(C)]
#[allow(non_snake_case)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FILETIME {
    /// The low 32 bits.
    pub dwLowDateTime: u32,
    /// The high 32 bits.
    pub dwHighDateTime: u32,
}

/// What `IStream::Stat` reports.
#[repr(C)]
#[allow(non_snake_case)]
#[derive(Debug, Default)]
pub struct STATSTG {
    /// The name (task memory; null with STATFLAG_NONAME).
    pub pwcsName: TaskMemString,
    /// STGTY_*: 2 for a stream.
    pub r#type: u32,
    /// The size in bytes.
    pub cbSize: u64,
    /// Last modified.
    pub mtime: FILETIME,
    /// Created.
    pub ctime: FILETIME,
    /// Last accessed.
    pub atime: FILETIME,
    /// The STGM access mode.
    pub grfMode: u32,
    /// LOCK_* kinds supported.
    pub grfLocksSupported: u32,
    /// The class of a storage object.
    pub clsid: Guid,
    /// Storage state bits.
    pub grfStateBits: u32,
    /// Reserved.
    pub reserved: u32,
}

/// Reads and writes bytes in sequence.
#[interface("0C733A30-2A1C-11CE-ADE5-00AA0044773D")]
pub unsafe trait ISequentialStream: IUnknown {
    /// Reads up to `count` bytes into `buffer`; S_FALSE at the end.
    #[hresult]
    fn Read(&self, buffer: *mut c_void, count: u32, read: *mut u32) -> HRESULT;
    /// Writes `count` bytes from `buffer`.
    fn Write(&self, buffer: *const c_void, count: u32, written: *mut u32) -> HRESULT;
}

/// A seekable stream of bytes.
#[interface("0000000C-0000-0000-C000-000000000046")]
pub unsafe trait IStream: ISequentialStream {
    /// Moves the position (`origin`: 0 start, 1 current, 2 end) and returns the new one.
    fn Seek(&self, offset: i64, origin: u32, #[out] position: *mut u64) -> HRESULT;
    /// Changes the size.
    fn SetSize(&self, size: u64) -> HRESULT;
    /// Copies `count` bytes to another stream.
    fn CopyTo(
        &self,
        target: Ref<'_, IStream>,
        count: u64,
        read: *mut u64,
        written: *mut u64,
    ) -> HRESULT;
    /// Commits changes (transacted streams).
    fn Commit(&self, flags: u32) -> HRESULT;
    /// Discards changes (transacted streams).
    fn Revert(&self) -> HRESULT;
    /// Locks a byte range.
    fn LockRegion(&self, offset: u64, count: u64, lock_type: u32) -> HRESULT;
    /// Unlocks a byte range.
    fn UnlockRegion(&self, offset: u64, count: u64, lock_type: u32) -> HRESULT;
    /// Describes the stream.
    fn Stat(&self, stat: *mut STATSTG, flags: u32) -> HRESULT;
    /// A second stream over the same bytes with its own position.
    fn Clone(&self, #[out] stream: *mut Option<IStream>) -> HRESULT;
}
