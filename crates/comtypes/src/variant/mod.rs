//! VARIANT, the tagged value of automation.
//!
//! - [`VARIANT`] and the `VT_*` constants: the raw ABI layout, as every COM component
//!   sees it.
//! - [`Variant`]: the owned value (Clone is `VariantCopy`, Drop is
//!   `VariantClear`), with `From` conversions in and `TryFrom` conversions out that
//!   coerce like oleaut32's `VariantChangeType`.
//! - [`VariantRef`]: a borrowed view to `match` on.
//!
//! ```
//! use comtypes::variant::{VariantRef, VT_I4};
//! use comtypes::Variant;
//! let v = Variant::from(42);
//! assert_eq!(v.vt(), VT_I4);
//! assert!(matches!(v.get(), VariantRef::I4(42)));
//! assert_eq!(i16::try_from(&Variant::from("  -7 ")).unwrap(), -7);
//! ```

use core::ffi::c_void;

pub(crate) mod byref;
mod convert;
mod owned;
mod record;
#[cfg(feature = "serde")]
mod serde;
mod view;

#[cfg(feature = "serde")]
pub use self::serde::{DeserializeError, VariantDeserializer};
pub use byref::ByRef;
pub use owned::Variant;
pub use record::{IRecordInfo, IRecordInfo_Impl, IRecordInfo_Vtbl};
pub use view::{ArrayRef, RecordRef, VariantRef};

/// The value part of a VARIANT: 8 bytes of scalar, or two pointers (VT_RECORD).
/// (`VT_DECIMAL` is the exception: its 16 bytes overlay the whole VARIANT, tag included;
/// see [`VARIANT::decimal`].)
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_snake_case)]
pub union VARIANT_0 {
    /// VT_I8.
    pub llVal: i64,
    /// VT_UI8.
    pub ullVal: u64,
    /// VT_R8 and VT_DATE.
    pub dblVal: f64,
    /// VT_R4.
    pub fltVal: f32,
    /// VT_I4 and VT_INT.
    pub lVal: i32,
    /// VT_UI4 and VT_UINT.
    pub ulVal: u32,
    /// VT_I2.
    pub iVal: i16,
    /// VT_UI2.
    pub uiVal: u16,
    /// VT_I1.
    pub cVal: i8,
    /// VT_UI1.
    pub bVal: u8,
    /// VT_BOOL (VARIANT_TRUE is -1).
    pub boolVal: i16,
    /// VT_ERROR.
    pub scode: i32,
    /// VT_CY: the amount times 10,000.
    pub cyVal: i64,
    /// VT_BSTR.
    pub bstrVal: *mut u16,
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

// The ABI: 16 bytes on 32-bit targets, 24 on 64-bit ones, aligned like a u64/f64 (8 on
// every Windows target; i686 Linux aligns u64 to 4 and so does its C compiler).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(core::mem::size_of::<VARIANT>() == 24);
#[cfg(target_pointer_width = "32")]
const _: () = assert!(core::mem::size_of::<VARIANT>() == 16);
const _: () = assert!(core::mem::align_of::<VARIANT>() == core::mem::align_of::<f64>());
#[cfg(target_pointer_width = "64")]
const _: () = assert!(core::mem::align_of::<VARIANT>() == 8);
const _: () = assert!(core::mem::offset_of!(VARIANT, data) == 8);
const _: () =
    assert!(core::mem::size_of::<crate::decimal::DECIMAL>() <= core::mem::size_of::<VARIANT>());

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

impl VARIANT {
    /// The VARIANT's 16 bytes read as a DECIMAL (meaningful when `vt` is `VT_DECIMAL`:
    /// the DECIMAL's first, reserved, word is the tag).
    ///
    /// ```
    /// use comtypes::variant::{VARIANT, VT_DECIMAL};
    /// use comtypes::decimal::DECIMAL;
    /// let mut v = VARIANT::default();
    /// v.set_decimal(DECIMAL { wReserved: 0, scale: 2, sign: 0, Hi32: 0, Lo64: 150 });
    /// assert_eq!(v.vt, VT_DECIMAL);
    /// assert_eq!(v.decimal().Lo64, 150);
    /// ```
    pub fn decimal(&self) -> crate::decimal::DECIMAL {
        // SAFETY: a DECIMAL is 16 plain bytes and the VARIANT is at least 16 bytes, with
        // at least the DECIMAL's alignment (both are 8-aligned where u64 is).
        unsafe { core::ptr::read(self as *const VARIANT as *const crate::decimal::DECIMAL) }
    }

    /// Stores a DECIMAL over the VARIANT and sets the tag to `VT_DECIMAL` (the caller
    /// has cleared any previous owned value).
    pub fn set_decimal(&mut self, mut value: crate::decimal::DECIMAL) {
        value.wReserved = VT_DECIMAL;
        // SAFETY: as `decimal`; the write covers the VARIANT's first 16 bytes only.
        unsafe { core::ptr::write(self as *mut VARIANT as *mut crate::decimal::DECIMAL, value) }
    }
}

/// A VARIANT as machine words (three on 64-bit targets, four on 32-bit ones), each
/// possibly uninitialised (the union's unused bytes).
type VariantWords = [core::mem::MaybeUninit<usize>;
    core::mem::size_of::<VARIANT>() / core::mem::size_of::<usize>()];

impl VARIANT {
    /// Writes `value` at `dst` one machine word per store, for a reader that uses
    /// [`read_words`](Self::read_words). A load is forwarded from a store still in
    /// flight only when one store covers it: a VARIANT written in parts (a 2-byte tag,
    /// a 4-byte value) and then copied whole (16-byte loads) stalls for tens of cycles,
    /// most of a fast call. The stores are volatile so that the compiler neither
    /// merges nor splits them.
    ///
    /// # Safety
    /// `dst` is valid for writes and aligned; whatever it held is not dropped.
    #[inline(always)]
    pub(crate) unsafe fn write_words(dst: *mut VARIANT, value: VARIANT) {
        // SAFETY: a VARIANT is a whole number of words, every byte of which a
        // `MaybeUninit<usize>` may hold; `dst` per the caller.
        unsafe {
            let words: VariantWords = core::mem::transmute(value);
            let dst = dst.cast::<core::mem::MaybeUninit<usize>>();
            for (i, word) in words.into_iter().enumerate() {
                dst.add(i).write_volatile(word);
            }
        }
    }

    /// Reads the VARIANT at `src` one machine word per load (see
    /// [`write_words`](Self::write_words)); the value then travels in registers.
    ///
    /// # Safety
    /// `src` is valid for reads, aligned, and holds a VARIANT.
    #[inline(always)]
    pub(crate) unsafe fn read_words(src: *const VARIANT) -> VARIANT {
        // SAFETY: as `write_words`; the words are those of a valid VARIANT.
        unsafe {
            let src = src.cast::<core::mem::MaybeUninit<usize>>();
            let mut words: VariantWords = [core::mem::MaybeUninit::uninit();
                core::mem::size_of::<VARIANT>() / core::mem::size_of::<usize>()];
            for (i, word) in words.iter_mut().enumerate() {
                *word = src.add(i).read_volatile();
            }
            core::mem::transmute(words)
        }
    }
}

impl VARIANT {
    /// Reads the VARIANT at `src` in the widths callees write it in: the tag and the
    /// reserved words, then the one union member the tag names (a 4-byte `lVal` for
    /// `VT_I4`, a pointer for a string ...), zeros for the rest of the union; `VT_DECIMAL`, `VT_RECORD` and unknown tags are
    /// copied whole. For VARIANTs written by code we do not control (see
    /// [`write_words`](Self::write_words) for why the widths matter).
    ///
    /// # Safety
    /// `src` is valid for reads, aligned, and holds a VARIANT.
    #[inline(always)]
    pub(crate) unsafe fn read_by_type(src: *const VARIANT) -> VARIANT {
        use core::ptr::{addr_of, read};
        // SAFETY: the caller's promise; each read is of the member the tag names.
        unsafe {
            let vt = read(addr_of!((*src).vt));
            let data = addr_of!((*src).data);
            let mut value = VARIANT {
                vt,
                wReserved1: read(addr_of!((*src).wReserved1)),
                wReserved2: read(addr_of!((*src).wReserved2)),
                wReserved3: read(addr_of!((*src).wReserved3)),
                ..VARIANT::default()
            };
            if vt & (VT_BYREF | VT_ARRAY) != 0 {
                value.data.ptr = read(addr_of!((*data).ptr));
                return value;
            }
            match vt {
                VT_EMPTY | VT_NULL => {}
                VT_I1 | VT_UI1 => value.data.bVal = read(addr_of!((*data).bVal)),
                VT_I2 | VT_UI2 | VT_BOOL => value.data.iVal = read(addr_of!((*data).iVal)),
                VT_I4 | VT_UI4 | VT_INT | VT_UINT | VT_R4 | VT_ERROR => {
                    value.data.lVal = read(addr_of!((*data).lVal))
                }
                VT_I8 | VT_UI8 | VT_R8 | VT_CY | VT_DATE => {
                    value.data.llVal = read(addr_of!((*data).llVal))
                }
                VT_BSTR | VT_DISPATCH | VT_UNKNOWN => value.data.ptr = read(addr_of!((*data).ptr)),
                _ => return read(src),
            }
            value
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
/// void (type descriptions only).
pub const VT_VOID: u16 = 24;
/// HRESULT (type descriptions only).
pub const VT_HRESULT: u16 = 25;
/// A user-defined record.
pub const VT_RECORD: u16 = 36;
/// A CLSID (property sets; valid as a VariantCopy source only).
pub const VT_CLSID: u16 = 72;
/// Flag: a counted vector (property sets only; never valid in a VARIANT).
pub const VT_VECTOR: u16 = 0x1000;
/// Flag: a SAFEARRAY of the base type.
pub const VT_ARRAY: u16 = 0x2000;
/// Flag: a pointer to the base type.
pub const VT_BYREF: u16 = 0x4000;
/// Flag: reserved (never valid in a VARIANT).
pub const VT_RESERVED: u16 = 0x8000;
/// Mask of the base type.
pub const VT_TYPEMASK: u16 = 0x0FFF;

/// `VariantChangeType` flag: do not ask an IDispatch for its value property.
pub const VARIANT_NOVALUEPROP: u16 = 0x01;
/// `VariantChangeType` flag: VT_BOOL to VT_BSTR gives "True"/"False" (not "-1"/"0").
pub const VARIANT_ALPHABOOL: u16 = 0x02;
/// `VariantChangeType` flag: ignore the user's overrides of the locale.
pub const VARIANT_NOUSEROVERRIDE: u16 = 0x04;
/// `VariantChangeType` flag: VT_BOOL to VT_BSTR in the locale's language.
pub const VARIANT_LOCALBOOL: u16 = 0x10;

/// `VARIANT_TRUE`: a VARIANT_BOOL's true is all bits set.
pub const VARIANT_TRUE: i16 = -1;
/// `VARIANT_FALSE`.
pub const VARIANT_FALSE: i16 = 0;

/// The invariant locale (`LOCALE_INVARIANT`): what [`Variant`]'s
/// conversions use, so they read and write the same text on every machine.
pub const LOCALE_INVARIANT: u32 = 0x007F;
/// US English (`en-US`, LCID 0x0409).
pub const LOCALE_EN_US: u32 = 0x0409;

/// A VARTYPE's name for messages: `VT_I4`, `VT_ARRAY|VT_BSTR`, `VT_BYREF|VT_VARIANT`.
///
/// ```
/// use comtypes::variant::{vt_name, VT_ARRAY, VT_BSTR, VT_BYREF, VT_I4};
/// assert_eq!(vt_name(VT_I4), "VT_I4");
/// assert_eq!(vt_name(VT_ARRAY | VT_BSTR), "VT_ARRAY|VT_BSTR");
/// assert_eq!(vt_name(VT_BYREF | 99), "VT_BYREF|99");
/// ```
pub fn vt_name(vt: u16) -> String {
    let mut name = String::new();
    for (flag, text) in [
        (VT_VECTOR, "VT_VECTOR|"),
        (VT_ARRAY, "VT_ARRAY|"),
        (VT_BYREF, "VT_BYREF|"),
        (VT_RESERVED, "VT_RESERVED|"),
    ] {
        if vt & flag != 0 {
            name.push_str(text);
        }
    }
    let base = vt & VT_TYPEMASK;
    match base_name(base) {
        Some(text) => name.push_str(text),
        None => name.push_str(&base.to_string()),
    }
    name
}

fn base_name(vt: u16) -> Option<&'static str> {
    Some(match vt {
        VT_EMPTY => "VT_EMPTY",
        VT_NULL => "VT_NULL",
        VT_I2 => "VT_I2",
        VT_I4 => "VT_I4",
        VT_R4 => "VT_R4",
        VT_R8 => "VT_R8",
        VT_CY => "VT_CY",
        VT_DATE => "VT_DATE",
        VT_BSTR => "VT_BSTR",
        VT_DISPATCH => "VT_DISPATCH",
        VT_ERROR => "VT_ERROR",
        VT_BOOL => "VT_BOOL",
        VT_VARIANT => "VT_VARIANT",
        VT_UNKNOWN => "VT_UNKNOWN",
        VT_DECIMAL => "VT_DECIMAL",
        VT_I1 => "VT_I1",
        VT_UI1 => "VT_UI1",
        VT_UI2 => "VT_UI2",
        VT_UI4 => "VT_UI4",
        VT_I8 => "VT_I8",
        VT_UI8 => "VT_UI8",
        VT_INT => "VT_INT",
        VT_UINT => "VT_UINT",
        VT_VOID => "VT_VOID",
        VT_HRESULT => "VT_HRESULT",
        VT_RECORD => "VT_RECORD",
        VT_CLSID => "VT_CLSID",
        _ => return None,
    })
}
