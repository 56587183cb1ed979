//! `From` conversions into a Variant and `TryFrom<&Variant>` out of one. Reading out
//! coerces like `VariantChangeTypeEx` in the invariant locale; a value already of the
//! target type is read directly (no call, no allocation).

use super::*;
use crate::{Bstr, Currency, Date, Decimal, Error, IDispatch, IUnknown, Interface, Result};

macro_rules! scalar {
    ($($t:ty => $vt:ident, $field:ident;)*) => {$(
        impl From<$t> for Variant {
            #[doc = concat!("A `", stringify!($vt), "`.")]
            #[inline]
            fn from(value: $t) -> Variant {
                let mut raw = VARIANT { vt: $vt, ..VARIANT::default() };
                raw.data.$field = value;
                Variant(raw)
            }
        }

        impl TryFrom<&Variant> for $t {
            type Error = Error;
            #[doc = concat!("Coerces to `", stringify!($vt), "` (`DISP_E_TYPEMISMATCH`, `DISP_E_OVERFLOW` ...).")]
            #[inline]
            fn try_from(value: &Variant) -> Result<$t> {
                // The value already of this type: one compare, inlined into the caller.
                if value.0.vt == $vt {
                    // SAFETY: the tag says this union member is live.
                    return Ok(unsafe { value.0.data.$field });
                }
                #[inline(never)]
                fn coerce(value: &Variant) -> Result<$t> {
                    let converted = value.change_type($vt)?;
                    // SAFETY: a successful change to this type stores this union member.
                    Ok(unsafe { converted.0.data.$field })
                }
                coerce(value)
            }
        }

        impl TryFrom<Variant> for $t {
            type Error = Error;
            #[inline]
            fn try_from(value: Variant) -> Result<$t> {
                if value.0.vt == $vt {
                    // SAFETY: the tag says this union member is live. A scalar owns
                    // nothing, so the value needs no drop (nor its check).
                    let scalar = unsafe { value.0.data.$field };
                    core::mem::forget(value);
                    return Ok(scalar);
                }
                <$t>::try_from(&value)
            }
        }

        impl crate::dispatch::ExactArg for $t {
            #[inline(always)]
            fn exact(arg: &Variant) -> Option<$t> {
                // SAFETY: the tag says this union member is live.
                (arg.0.vt == $vt).then(|| unsafe { arg.0.data.$field })
            }
        }
    )*};
}

scalar! {
    i8 => VT_I1, cVal;
    i16 => VT_I2, iVal;
    i32 => VT_I4, lVal;
    i64 => VT_I8, llVal;
    u8 => VT_UI1, bVal;
    u16 => VT_UI2, uiVal;
    u32 => VT_UI4, ulVal;
    u64 => VT_UI8, ullVal;
    f32 => VT_R4, fltVal;
    f64 => VT_R8, dblVal;
}

impl From<bool> for Variant {
    /// A `VT_BOOL`: `VARIANT_TRUE` (-1) or `VARIANT_FALSE` (0).
    fn from(value: bool) -> Variant {
        let mut raw = VARIANT {
            vt: VT_BOOL,
            ..VARIANT::default()
        };
        raw.data.boolVal = if value { VARIANT_TRUE } else { VARIANT_FALSE };
        Variant(raw)
    }
}

impl TryFrom<&Variant> for bool {
    type Error = Error;
    /// Coerces to `VT_BOOL`: nonzero numbers are true; "True"/"False" and numbers
    /// parse from text.
    ///
    /// ```
    /// use comtypes::Variant;
    /// assert!(bool::try_from(&Variant::from(-3)).unwrap());
    /// assert!(!bool::try_from(&Variant::from("false")).unwrap());
    /// assert!(bool::try_from(&Variant::from("maybe")).is_err());
    /// ```
    fn try_from(value: &Variant) -> Result<bool> {
        if let VariantRef::Bool(b) = value.get() {
            return Ok(b);
        }
        let converted = value.change_type(VT_BOOL)?;
        // SAFETY: a VT_BOOL stores boolVal.
        Ok(unsafe { converted.0.data.boolVal } != 0)
    }
}

impl TryFrom<Variant> for bool {
    type Error = Error;
    fn try_from(value: Variant) -> Result<bool> {
        bool::try_from(&value)
    }
}

impl From<Bstr> for Variant {
    /// A `VT_BSTR` owning the string (no copy).
    fn from(value: Bstr) -> Variant {
        Variant(VARIANT {
            vt: VT_BSTR,
            data: VARIANT_0 {
                bstrVal: value.into_raw(),
            },
            ..VARIANT::default()
        })
    }
}

impl From<&Bstr> for Variant {
    /// A `VT_BSTR` holding a copy.
    fn from(value: &Bstr) -> Variant {
        Variant::from(value.clone())
    }
}

impl From<&str> for Variant {
    /// A `VT_BSTR`.
    fn from(value: &str) -> Variant {
        Variant::from(Bstr::from(value))
    }
}

impl From<String> for Variant {
    /// A `VT_BSTR`.
    fn from(value: String) -> Variant {
        Variant::from(Bstr::from(value.as_str()))
    }
}

impl From<&String> for Variant {
    /// A `VT_BSTR`.
    fn from(value: &String) -> Variant {
        Variant::from(Bstr::from(value.as_str()))
    }
}

impl TryFrom<&Variant> for Bstr {
    type Error = Error;
    /// Coerces to `VT_BSTR` (numbers print in the invariant locale).
    fn try_from(value: &Variant) -> Result<Bstr> {
        if let VariantRef::Bstr(b) = value.get() {
            return Ok(b.clone());
        }
        let converted = value.change_type(VT_BSTR)?.into_raw();
        // SAFETY: a VT_BSTR owns its BSTR, which we now take over.
        Ok(unsafe { Bstr::from_raw(converted.data.bstrVal) })
    }
}

impl TryFrom<Variant> for Bstr {
    type Error = Error;
    /// Moves the BSTR out of a `VT_BSTR` (no copy); coerces other types.
    fn try_from(value: Variant) -> Result<Bstr> {
        if value.vt() == VT_BSTR {
            let raw = value.into_raw();
            // SAFETY: a VT_BSTR owns its BSTR, which we now take over.
            return Ok(unsafe { Bstr::from_raw(raw.data.bstrVal) });
        }
        Bstr::try_from(&value)
    }
}

impl TryFrom<&Variant> for String {
    type Error = Error;
    /// Coerces to `VT_BSTR` (numbers print in the invariant locale); invalid UTF-16
    /// becomes U+FFFD.
    ///
    /// ```
    /// use comtypes::Variant;
    /// assert_eq!(String::try_from(&Variant::from(-1.5f64)).unwrap(), "-1.5");
    /// assert_eq!(String::try_from(&Variant::from(true)).unwrap(), "-1");
    /// ```
    fn try_from(value: &Variant) -> Result<String> {
        if let VariantRef::Bstr(b) = value.get() {
            return Ok(b.to_string_lossy());
        }
        Ok(Bstr::try_from(value)?.to_string_lossy())
    }
}

impl TryFrom<Variant> for String {
    type Error = Error;
    fn try_from(value: Variant) -> Result<String> {
        String::try_from(&value)
    }
}

impl From<Currency> for Variant {
    /// A `VT_CY`.
    fn from(value: Currency) -> Variant {
        Variant(VARIANT {
            vt: VT_CY,
            data: VARIANT_0 {
                cyVal: value.to_raw(),
            },
            ..VARIANT::default()
        })
    }
}

impl From<Date> for Variant {
    /// A `VT_DATE`.
    fn from(value: Date) -> Variant {
        Variant(VARIANT {
            vt: VT_DATE,
            data: VARIANT_0 {
                dblVal: value.to_ole(),
            },
            ..VARIANT::default()
        })
    }
}

impl From<Decimal> for Variant {
    /// A `VT_DECIMAL`.
    fn from(value: Decimal) -> Variant {
        let mut raw = VARIANT::default();
        raw.set_decimal(value.to_raw());
        Variant(raw)
    }
}

macro_rules! exact_type {
    ($($t:ty => $vt:ident, $arm:ident;)*) => {$(
        impl TryFrom<&Variant> for $t {
            type Error = Error;
            #[doc = concat!("Coerces to `", stringify!($vt), "`.")]
            fn try_from(value: &Variant) -> Result<$t> {
                if let VariantRef::$arm(v) = value.get() {
                    return Ok(v);
                }
                match value.change_type($vt)?.get() {
                    VariantRef::$arm(v) => Ok(v),
                    _ => Err(Error::new(crate::hresult::E_UNEXPECTED, concat!("VariantChangeType did not give a ", stringify!($vt)))),
                }
            }
        }
        impl TryFrom<Variant> for $t {
            type Error = Error;
            fn try_from(value: Variant) -> Result<$t> {
                <$t>::try_from(&value)
            }
        }
    )*};
}

exact_type! {
    Currency => VT_CY, Cy;
    Date => VT_DATE, Date;
    Decimal => VT_DECIMAL, Decimal;
}

impl<I: Interface> From<I> for Variant {
    /// A `VT_DISPATCH` for IDispatch and interfaces derived from it, else a
    /// `VT_UNKNOWN`; the variant owns the reference.
    fn from(value: I) -> Variant {
        let vt = if I::is_compatible(&IDispatch::IID) {
            VT_DISPATCH
        } else {
            VT_UNKNOWN
        };
        Variant(VARIANT {
            vt,
            data: VARIANT_0 {
                ptr: value.into_raw(),
            },
            ..VARIANT::default()
        })
    }
}

impl<I: Interface> From<Option<I>> for Variant {
    /// As `From<I>`; `None` is a null `VT_UNKNOWN` (or `VT_DISPATCH`).
    fn from(value: Option<I>) -> Variant {
        match value {
            Some(value) => Variant::from(value),
            None => Variant(VARIANT {
                vt: if I::is_compatible(&IDispatch::IID) {
                    VT_DISPATCH
                } else {
                    VT_UNKNOWN
                },
                ..VARIANT::default()
            }),
        }
    }
}

impl TryFrom<&Variant> for IUnknown {
    type Error = Error;
    /// The object of a non-null `VT_UNKNOWN` or `VT_DISPATCH` (AddRef);
    /// `DISP_E_TYPEMISMATCH` for other types and null pointers.
    fn try_from(value: &Variant) -> Result<IUnknown> {
        match value.get() {
            VariantRef::Unknown(Some(p)) => Ok(p.clone()),
            VariantRef::Dispatch(Some(p)) => p.cast(),
            _ => Err(Error::new(
                crate::hresult::DISP_E_TYPEMISMATCH,
                format!("{value:?} holds no object"),
            )),
        }
    }
}

impl TryFrom<&Variant> for IDispatch {
    type Error = Error;
    /// The object of a non-null `VT_DISPATCH` (AddRef), or a `VT_UNKNOWN` that answers
    /// QueryInterface for IDispatch; `DISP_E_TYPEMISMATCH` otherwise.
    fn try_from(value: &Variant) -> Result<IDispatch> {
        match value.get() {
            VariantRef::Dispatch(Some(p)) => Ok(p.clone()),
            VariantRef::Unknown(Some(p)) => p.cast(),
            _ => Err(Error::new(
                crate::hresult::DISP_E_TYPEMISMATCH,
                format!("{value:?} holds no IDispatch"),
            )),
        }
    }
}
