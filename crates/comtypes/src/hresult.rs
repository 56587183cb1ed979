//! `HRESULT`: the 32-bit status code every COM method returns.

/// A COM status code. Negative values are failures.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct HRESULT(pub i32);

impl HRESULT {
    /// True for success codes (`S_OK`, `S_FALSE`, ...).
    pub const fn is_ok(self) -> bool {
        self.0 >= 0
    }
    /// True for failure codes.
    pub const fn is_err(self) -> bool {
        self.0 < 0
    }
}

/// Success.
pub const S_OK: HRESULT = HRESULT(0);
/// Success, with a "false" or "nothing done" meaning.
pub const S_FALSE: HRESULT = HRESULT(1);
/// Unexpected failure.
pub const E_UNEXPECTED: HRESULT = HRESULT(0x8000FFFFu32 as i32);
/// Not implemented.
pub const E_NOTIMPL: HRESULT = HRESULT(0x80004001u32 as i32);
/// Ran out of memory.
pub const E_OUTOFMEMORY: HRESULT = HRESULT(0x8007000Eu32 as i32);
/// One or more arguments are invalid.
pub const E_INVALIDARG: HRESULT = HRESULT(0x80070057u32 as i32);
/// No such interface supported.
pub const E_NOINTERFACE: HRESULT = HRESULT(0x80004002u32 as i32);
/// Invalid pointer.
pub const E_POINTER: HRESULT = HRESULT(0x80004003u32 as i32);
/// Unspecified failure.
pub const E_FAIL: HRESULT = HRESULT(0x80004005u32 as i32);
/// Class does not support aggregation.
pub const CLASS_E_NOAGGREGATION: HRESULT = HRESULT(0x80040110u32 as i32);
/// Class not registered.
pub const REGDB_E_CLASSNOTREG: HRESULT = HRESULT(0x80040154u32 as i32);
/// Invalid class string (unknown ProgID).
pub const CO_E_CLASSSTRING: HRESULT = HRESULT(0x800401F3u32 as i32);
/// Cannot change thread mode after it is set.
pub const RPC_E_CHANGED_MODE: HRESULT = HRESULT(0x80010106u32 as i32);
/// CoInitialize has not been called.
pub const CO_E_NOTINITIALIZED: HRESULT = HRESULT(0x800401F0u32 as i32);
/// Unknown name.
pub const DISP_E_UNKNOWNNAME: HRESULT = HRESULT(0x80020006u32 as i32);
/// Operation unavailable (no active object).
pub const MK_E_UNAVAILABLE: HRESULT = HRESULT(0x800401E3u32 as i32);
