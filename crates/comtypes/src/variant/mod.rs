//! The ABI `VARIANT`: the tagged value of automation. This is the raw layout; the owned,
//! typed wrapper builds on it.

use core::ffi::c_void;

/// The value part of a VARIANT: 8 bytes of scalar, or two pointers (VT_RECORD).
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_snake_case)]
pub union VARIANT_0 {
    /// VT_I8, VT_I4, VT_I2, VT_UI1, VT_BOOL... (read the width the tag says).
    pub llVal: i64,
    /// VT_R8 and VT_DATE.
    pub dblVal: f64,
    /// VT_R4.
    pub fltVal: f32,
    /// VT_I4 and VT_INT.
    pub lVal: i32,
    /// VT_BOOL (VARIANT_TRUE is -1).
    pub boolVal: i16,
    /// VT_BSTR, VT_UNKNOWN, VT_DISPATCH, VT_ARRAY and VT_BYREF pointers.
    pub ptr: *mut c_void,
    /// VT_RECORD: the record and its IRecordInfo.
    pub record: [*mut c_void; 2],
}

/// The ABI VARIANT: a VARTYPE tag, three reserved words and the value.
///
/// ```
/// use comtypes::variant::VARIANT;
/// #[cfg(target_pointer_width = "64")]
/// assert_eq!(core::mem::size_of::<VARIANT>(), 24);
/// #[cfg(target_pointer_width = "32")]
/// assert_eq!(core::mem::size_of::<VARIANT>(), 16);
/// assert_eq!(VARIANT::default().vt, comtypes::variant::VT_EMPTY);
/// ```
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_snake_case)]
pub struct VARIANT {
    /// The VARTYPE of the value (`VT_*`).
    pub vt: u16,
    /// Reserved.
    pub wReserved1: u16,
    /// Reserved.
    pub wReserved2: u16,
    /// Reserved.
    pub wReserved3: u16,
    /// The value.
    pub data: VARIANT_0,
}

const _: () = assert!(core::mem::size_of::<VARIANT>() == 8 + 2 * core::mem::size_of::<usize>());

impl Default for VARIANT {
    fn default() -> Self {
        VARIANT {
            vt: VT_EMPTY,
            wReserved1: 0,
            wReserved2: 0,
            wReserved3: 0,
            data: VARIANT_0 {
                record: [core::ptr::null_mut(); 2],
            },
        }
    }
}

impl core::fmt::Debug for VARIANT {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // SAFETY: reading the 8 value bytes as an integer is valid for every tag.
        write!(
            f,
            "VARIANT {{ vt: {:#06x}, bits: {:#018x} }}",
            self.vt,
            unsafe { self.data.llVal }
        )
    }
}

/// Nothing.
pub const VT_EMPTY: u16 = 0;
/// SQL-style null.
pub const VT_NULL: u16 = 1;
/// i16.
pub const VT_I2: u16 = 2;
/// i32.
pub const VT_I4: u16 = 3;
/// f32.
pub const VT_R4: u16 = 4;
/// f64.
pub const VT_R8: u16 = 5;
/// Currency.
pub const VT_CY: u16 = 6;
/// OLE date.
pub const VT_DATE: u16 = 7;
/// BSTR.
pub const VT_BSTR: u16 = 8;
/// IDispatch.
pub const VT_DISPATCH: u16 = 9;
/// An HRESULT (DISP_E_PARAMNOTFOUND marks an omitted argument).
pub const VT_ERROR: u16 = 10;
/// VARIANT_BOOL.
pub const VT_BOOL: u16 = 11;
/// A VARIANT (by reference or in arrays).
pub const VT_VARIANT: u16 = 12;
/// IUnknown.
pub const VT_UNKNOWN: u16 = 13;
/// DECIMAL.
pub const VT_DECIMAL: u16 = 14;
/// i8.
pub const VT_I1: u16 = 16;
/// u8.
pub const VT_UI1: u16 = 17;
/// u16.
pub const VT_UI2: u16 = 18;
/// u32.
pub const VT_UI4: u16 = 19;
/// i64.
pub const VT_I8: u16 = 20;
/// u64.
pub const VT_UI8: u16 = 21;
/// int.
pub const VT_INT: u16 = 22;
/// unsigned int.
pub const VT_UINT: u16 = 23;
/// A user-defined record.
pub const VT_RECORD: u16 = 36;
/// Flag: a SAFEARRAY of the base type.
pub const VT_ARRAY: u16 = 0x2000;
/// Flag: a pointer to the base type.
pub const VT_BYREF: u16 = 0x4000;
