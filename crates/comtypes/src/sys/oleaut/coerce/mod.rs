//! VARIANT coercion (`VariantChangeTypeEx`'s core) and the VarXxxFromYyy rules it is
//! built from: integer ranges, banker's rounding of floats, currency and decimal scaling,
//! VARIANT_BOOL's -1, and text through the locale (see `text.rs` and `date_text.rs`).
//!
//! Every rule here is written from oleaut32's documented behaviour, as Wine's
//! conformance tests (dlls/oleaut32/tests/vartype.c, vartest.c) record it; the
//! differential test `tests/coercion.rs` checks it against the system's oleaut32.

mod date_text;
mod number;
mod text;

use crate::hresult::{DISP_E_BADVARTYPE, DISP_E_TYPEMISMATCH, E_OUTOFMEMORY, S_OK};
use crate::variant::*;
use crate::HRESULT;
pub(crate) use number::Num;

/// A locale's conventions, as far as coercion needs them.
#[derive(Clone, Copy)]
pub(crate) struct Locale {
    /// LOCALE_INVARIANT: `MM/dd/yyyy HH:mm:ss`; otherwise en-US `M/d/yyyy h:mm:ss tt`.
    pub invariant: bool,
}

impl Locale {
    pub fn from_lcid(lcid: u32) -> Locale {
        Locale {
            invariant: lcid == LOCALE_INVARIANT,
        }
    }
}

/// The numeric value of a by-value source, when it has one.
fn numeric_source(src: &VARIANT) -> Option<Num> {
    // SAFETY: each arm reads the union member the tag names.
    unsafe {
        let d = &src.data;
        Some(match src.vt {
            VT_EMPTY => Num::Int(0),
            VT_I1 => Num::Int(d.cVal as i128),
            VT_I2 => Num::Int(d.iVal as i128),
            VT_I4 | VT_INT => Num::Int(d.lVal as i128),
            VT_I8 => Num::Int(d.llVal as i128),
            VT_UI1 => Num::Int(d.bVal as i128),
            VT_UI2 => Num::Int(d.uiVal as i128),
            VT_UI4 | VT_UINT => Num::Int(d.ulVal as i128),
            VT_UI8 => Num::Int(d.ullVal as i128),
            VT_R4 => Num::R4(d.fltVal),
            VT_R8 => Num::R8(d.dblVal),
            VT_DATE => Num::R8(d.dblVal),
            VT_CY => Num::Cy(d.cyVal),
            VT_BOOL => Num::Bool(d.boolVal),
            VT_DECIMAL => Num::Dec(crate::Decimal::from_raw(src.decimal()).ok()?),
            _ => return None,
        })
    }
}

/// VARIANT_Coerce: `src` is by value (not VT_BYREF, not VT_ARRAY); `out` is empty.
pub(crate) fn coerce(out: &mut VARIANT, src: &VARIANT, lcid: u32, flags: u16, vt: u16) -> HRESULT {
    let locale = Locale::from_lcid(lcid);
    let map = |t: u16| match t {
        VT_INT => VT_I4,
        VT_UINT => VT_UI4,
        t => t,
    };
    let (to, from) = (map(vt), map(src.vt));
    if to == from {
        // SAFETY: `out` is empty, `src` valid.
        return unsafe { super::VariantCopy(out, src) };
    }
    if flags & VARIANT_NOVALUEPROP != 0 && from == VT_DISPATCH && to != VT_UNKNOWN {
        return DISP_E_TYPEMISMATCH;
    }
    if from == VT_DISPATCH && !matches!(to, VT_UNKNOWN | VT_EMPTY | VT_NULL | VT_ERROR | VT_RECORD)
    {
        return from_dispatch(out, src, lcid, vt);
    }
    match to {
        VT_EMPTY | VT_NULL => {
            if to == VT_EMPTY && from == VT_NULL {
                return DISP_E_TYPEMISMATCH;
            }
            if from <= VT_UINT && from != 15 && from != VT_ERROR {
                out.vt = to;
                return S_OK;
            }
            DISP_E_TYPEMISMATCH
        }
        VT_UNKNOWN | VT_DISPATCH => {
            if !matches!(from, VT_UNKNOWN | VT_DISPATCH) {
                return DISP_E_TYPEMISMATCH;
            }
            // SAFETY: an interface-pointer VARIANT.
            let ptr = unsafe { src.data.ptr };
            let Some(obj) =
                (unsafe { <crate::IUnknown as crate::Interface>::from_raw_borrowed(&ptr) })
            else {
                out.data.ptr = core::ptr::null_mut();
                return S_OK;
            };
            let iid = if to == VT_UNKNOWN {
                <crate::IUnknown as crate::Interface>::IID
            } else {
                <crate::IDispatch as crate::Interface>::IID
            };
            let mut result = core::ptr::null_mut();
            // SAFETY: a live object; QueryInterface writes an owned pointer on success.
            let hr = unsafe { obj.query(&iid, &mut result) };
            if hr.is_ok() {
                out.data.ptr = result;
            }
            hr
        }
        VT_BSTR => {
            let text = match from {
                VT_EMPTY => Ok(String::new()),
                VT_BOOL if flags & (VARIANT_ALPHABOOL | VARIANT_LOCALBOOL) != 0 => {
                    // SAFETY: a VT_BOOL.
                    Ok(if unsafe { src.data.boolVal } != 0 {
                        "True"
                    } else {
                        "False"
                    }
                    .to_string())
                }
                VT_DATE => {
                    // SAFETY: a VT_DATE.
                    date_text::format_date(unsafe { src.data.dblVal }, locale)
                }
                _ => match numeric_source(src) {
                    Some(n) => Ok(text::format_number(n)),
                    None => Err(DISP_E_TYPEMISMATCH),
                },
            };
            match text {
                Ok(text) => {
                    let wide: Vec<u16> = text.encode_utf16().collect();
                    // SAFETY: `wide` holds `len` characters.
                    let b = unsafe { super::SysAllocStringLen(wide.as_ptr(), wide.len() as u32) };
                    if b.is_null() {
                        return E_OUTOFMEMORY;
                    }
                    out.data.bstrVal = b;
                    S_OK
                }
                Err(hr) => hr,
            }
        }
        _ => {
            let source = if from == VT_BSTR {
                // SAFETY: a VT_BSTR holds null or a live BSTR.
                let text = unsafe { bstr_units(src.data.bstrVal) };
                if to == VT_DATE {
                    return match date_text::parse_date(text, locale) {
                        Ok(d) => {
                            out.data.dblVal = d;
                            S_OK
                        }
                        Err(hr) => hr,
                    };
                }
                if to == VT_BOOL {
                    if let Some(b) = text::bool_from_text(text) {
                        out.data.boolVal = if b { VARIANT_TRUE } else { VARIANT_FALSE };
                        return S_OK;
                    }
                }
                match text::parse_number(text) {
                    Ok(parsed) => return number::store_parsed(out, &parsed, to),
                    Err(hr) => return hr,
                }
            } else {
                match numeric_source(src) {
                    Some(n) => n,
                    None => {
                        return if validate_type(src.vt).is_err() {
                            DISP_E_BADVARTYPE
                        } else {
                            DISP_E_TYPEMISMATCH
                        };
                    }
                }
            };
            number::store(out, source, src.vt, to)
        }
    }
}

use super::variant::validate_type;

/// The units of a BSTR (null is empty).
unsafe fn bstr_units<'a>(b: *const u16) -> &'a [u16] {
    if b.is_null() {
        return &[];
    }
    // SAFETY: a live BSTR holds SysStringLen units.
    unsafe { core::slice::from_raw_parts(b, super::SysStringLen(b) as usize) }
}

/// VT_DISPATCH to a value type: the object's value property (DISPID_VALUE), coerced.
fn from_dispatch(out: &mut VARIANT, src: &VARIANT, lcid: u32, vt: u16) -> HRESULT {
    // SAFETY: a VT_DISPATCH holds null or a live IDispatch.
    let ptr = unsafe { src.data.ptr };
    let Some(disp) = (unsafe { <crate::IDispatch as crate::Interface>::from_raw_borrowed(&ptr) })
    else {
        return DISP_E_BADVARTYPE;
    };
    let mut params = crate::interfaces::DISPPARAMS {
        rgvarg: core::ptr::null_mut(),
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: 0,
        cNamedArgs: 0,
    };
    let mut value = VARIANT::default();
    let null_iid = crate::Guid::from_u128(0);
    // SAFETY: a live object; every pointer is valid for the call.
    let hr = unsafe {
        disp.Invoke(
            0,
            &null_iid,
            lcid,
            2,
            &mut params,
            &mut value,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        )
    };
    if hr.is_err() {
        return DISP_E_TYPEMISMATCH;
    }
    // SAFETY: `value` is owned here; `out` is empty.
    unsafe {
        let hr = super::VariantChangeTypeEx(out, &value, lcid, 0, vt);
        super::VariantClear(&mut value);
        hr
    }
}
