//! What a `SafeArray<T>` may hold: one impl per automation element type.

use crate::variant::*;
use crate::{Bstr, IDispatch, IUnknown, HRESULT};

/// A type that can be the element of a [`SafeArray`](super::SafeArray).
///
/// `Stored` is the element as it lies in the array's memory (the same as `T` except for
/// `bool`, stored as a `VARIANT_BOOL` `i16`); the lock guards give slices of it.
///
/// ```
/// use comtypes::safearray::SafeArrayElement;
/// use comtypes::variant::{VT_BOOL, VT_R8};
/// assert_eq!(<f64 as SafeArrayElement>::VT, VT_R8);
/// assert_eq!(<bool as SafeArrayElement>::VT, VT_BOOL);
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
