//! What a `SafeArray<T>` may hold: one impl per automation element type.

use crate::decimal::DECIMAL;
use crate::variant::*;
use crate::{Bstr, Currency, Date, Decimal, IDispatch, IUnknown, Variant, HRESULT};

/// A type that can be the element of a [`SafeArray`](super::SafeArray).
///
/// `Stored` is the element as it lies in the array's memory (the same as `T` except for
/// `bool`, stored as a `VARIANT_BOOL` `i16`, and [`Decimal`], stored as the ABI
/// [`DECIMAL`]); the lock guards give slices of it.
///
/// | Rust type | VARTYPE | stored as |
/// | --- | --- | --- |
/// | `i8` `u8` `i16` `u16` `i32` `u32` `i64` `u64` `f32` `f64` | `VT_I1` ... `VT_R8` (`i32`/`u32` also read `VT_INT`/`VT_UINT`) | itself |
/// | [`HRESULT`] | `VT_ERROR` | itself |
/// | `bool` | `VT_BOOL` | `i16` (`VARIANT_BOOL`, -1 true) |
/// | [`Currency`] | `VT_CY` | itself |
/// | [`Date`] | `VT_DATE` | itself |
/// | [`Decimal`] | `VT_DECIMAL` | [`DECIMAL`] |
/// | [`Bstr`] | `VT_BSTR` | itself (freed with the array) |
/// | `Option<IUnknown>`, `Option<IDispatch>` | `VT_UNKNOWN`, `VT_DISPATCH` | itself (released with the array) |
/// | [`Variant`] | `VT_VARIANT` | itself (cleared with the array; may hold arrays) |
///
/// ```
/// use comtypes::safearray::SafeArrayElement;
/// use comtypes::variant::{VT_BOOL, VT_R8};
/// assert_eq!(<f64 as SafeArrayElement>::VT, VT_R8);
/// assert_eq!(<bool as SafeArrayElement>::VT, VT_BOOL);
/// assert_eq!(<comtypes::Variant as SafeArrayElement>::VT, comtypes::variant::VT_VARIANT);
/// ```
///
/// # Safety
/// `Stored` must have exactly the layout of one array cell of type `VT` (size equal to
/// oleaut32's element size), all-zero bytes must be a valid `Stored` (new arrays are
/// zeroed), and dropping a `Stored` must release what the cell owns exactly as
/// SafeArrayDestroy would (free a BSTR, Release an interface, clear a VARIANT).
pub unsafe trait SafeArrayElement: Sized {
    /// The VARTYPE of new arrays of this element.
    const VT: u16;
    /// The element as it is stored in the array.
    type Stored;
    /// True when an existing array of this VARTYPE can be read as `Self`
    /// (`i32` also reads `VT_INT`, `u32` reads `VT_UINT`).
    fn accepts(vt: u16) -> bool {
        vt == Self::VT
    }
    /// The stored form of a value.
    fn into_stored(self) -> Self::Stored;
    /// A value read from its stored form (a copy: a new BSTR, an AddRef...).
    fn from_stored(stored: &Self::Stored) -> Self;
    /// The values of a run of stored cells. Plain numbers override it with a straight
    /// copy of the slice (a memcpy), which the element-by-element form does not become.
    fn vec_from_stored(stored: &[Self::Stored]) -> Vec<Self> {
        stored.iter().map(Self::from_stored).collect()
    }
}

macro_rules! plain {
    ($($t:ty => $vt:expr $(, also $alt:expr)?;)*) => {$(
        // SAFETY: a plain number of the cell's size; zero is a valid value.
        unsafe impl SafeArrayElement for $t {
            const VT: u16 = $vt;
            type Stored = $t;
            fn accepts(vt: u16) -> bool {
                vt == $vt $(|| vt == $alt)?
            }
            fn into_stored(self) -> $t {
                self
            }
            fn from_stored(stored: &$t) -> $t {
                *stored
            }
            fn vec_from_stored(stored: &[$t]) -> Vec<$t> {
                stored.to_vec()
            }
        }
    )*};
}

plain! {
    i8 => VT_I1;
    u8 => VT_UI1;
    i16 => VT_I2;
    u16 => VT_UI2;
    i32 => VT_I4, also VT_INT;
    u32 => VT_UI4, also VT_UINT;
    i64 => VT_I8;
    u64 => VT_UI8;
    f32 => VT_R4;
    f64 => VT_R8;
    HRESULT => VT_ERROR;
}

// SAFETY: VARIANT_BOOL is a 2-byte integer, 0 false and -1 (VARIANT_TRUE) true.
unsafe impl SafeArrayElement for bool {
    const VT: u16 = VT_BOOL;
    type Stored = i16;
    fn into_stored(self) -> i16 {
        if self {
            -1
        } else {
            0
        }
    }
    fn from_stored(stored: &i16) -> bool {
        *stored != 0
    }
}

// SAFETY: Bstr is a transparent BSTR pointer (null = empty); its Drop is SysFreeString.
unsafe impl SafeArrayElement for Bstr {
    const VT: u16 = VT_BSTR;
    type Stored = Bstr;
    fn into_stored(self) -> Bstr {
        self
    }
    fn from_stored(stored: &Bstr) -> Bstr {
        stored.clone()
    }
}

// SAFETY: Option of a transparent non-null interface pointer is a nullable pointer;
// its Drop is Release.
unsafe impl SafeArrayElement for Option<IUnknown> {
    const VT: u16 = VT_UNKNOWN;
    type Stored = Option<IUnknown>;
    fn accepts(vt: u16) -> bool {
        // An IDispatch pointer is an IUnknown pointer too.
        vt == VT_UNKNOWN || vt == VT_DISPATCH
    }
    fn into_stored(self) -> Self {
        self
    }
    fn from_stored(stored: &Self) -> Self {
        stored.clone()
    }
}

// SAFETY: as Option<IUnknown>.
unsafe impl SafeArrayElement for Option<IDispatch> {
    const VT: u16 = VT_DISPATCH;
    type Stored = Option<IDispatch>;
    fn into_stored(self) -> Self {
        self
    }
    fn from_stored(stored: &Self) -> Self {
        stored.clone()
    }
}

// SAFETY: Currency is a transparent i64 (the ABI CY); zero is 0.0000.
unsafe impl SafeArrayElement for Currency {
    const VT: u16 = VT_CY;
    type Stored = Currency;
    fn into_stored(self) -> Currency {
        self
    }
    fn from_stored(stored: &Currency) -> Currency {
        *stored
    }
}

// SAFETY: Date is a transparent f64 (the ABI DATE); zero is 1899-12-30.
unsafe impl SafeArrayElement for Date {
    const VT: u16 = VT_DATE;
    type Stored = Date;
    fn into_stored(self) -> Date {
        self
    }
    fn from_stored(stored: &Date) -> Date {
        *stored
    }
}

// SAFETY: DECIMAL is the 16-byte ABI struct of a VT_DECIMAL cell; all-zero is 0.
unsafe impl SafeArrayElement for Decimal {
    const VT: u16 = VT_DECIMAL;
    type Stored = DECIMAL;
    fn into_stored(self) -> DECIMAL {
        self.to_raw()
    }
    /// An invalid cell (scale above 28, magnitude of 2^96 or more) reads as
    /// `From<DECIMAL>` does: the scale clamped to 28, then zero if still invalid.
    fn from_stored(stored: &DECIMAL) -> Decimal {
        Decimal::from(*stored)
    }
}

// SAFETY: Variant is a transparent VARIANT; all-zero is VT_EMPTY, and its Drop is
// VariantClear, which is what SafeArrayDestroy does to each cell of a VT_VARIANT array.
unsafe impl SafeArrayElement for Variant {
    const VT: u16 = VT_VARIANT;
    type Stored = Variant;
    fn into_stored(self) -> Variant {
        self
    }
    /// A deep copy (VariantCopy; `VT_ERROR` holding the failure if it fails, as
    /// `Variant::clone`).
    fn from_stored(stored: &Variant) -> Variant {
        stored.clone()
    }
}
