//! VariantInit / Clear / Copy / CopyInd / ChangeType(Ex), as oleaut32 documents them
//! (Wine's conformance tests in dlls/oleaut32/tests/vartest.c are the fullest public
//! description).

use crate::hresult::{DISP_E_BADVARTYPE, DISP_E_TYPEMISMATCH, E_INVALIDARG, E_OUTOFMEMORY, S_OK};
use crate::variant::*;
use crate::HRESULT;
use core::ffi::c_void;

/// A `VT_ARRAY` VARIANT's array is freed by the SAFEARRAY half of this module.
unsafe fn array_destroy(psa: *mut c_void) -> HRESULT {
    // SAFETY: the caller passes a SAFEARRAY it owns.
    unsafe { super::SafeArrayDestroy(psa.cast()) }
}

/// ... and copied by it.
unsafe fn array_copy(psa: *mut c_void, out: *mut *mut c_void) -> HRESULT {
    // SAFETY: the caller passes a live SAFEARRAY and a writable slot.
    unsafe { super::SafeArrayCopy(psa.cast(), out.cast()) }
}

/// oleaut32's rule for the types a VARIANT may hold.
pub(crate) fn validate_type(vt: u16) -> HRESULT {
    let extra = vt & !VT_TYPEMASK;
    let base = vt & VT_TYPEMASK;
    if extra & (VT_VECTOR | VT_RESERVED) == 0
        && (base < VT_VOID || base == VT_RECORD || base == VT_CLSID)
    {
        if extra & (VT_BYREF | VT_ARRAY) != 0 && base <= VT_NULL {
            return DISP_E_BADVARTYPE;
        }
        if base != 15 {
            return S_OK;
        }
    }
    DISP_E_BADVARTYPE
}

pub unsafe fn VariantInit(variant: *mut VARIANT) {
    // SAFETY: the caller's pointer is writable; only the tag is set, as oleaut32 does.
    unsafe { (*variant).vt = VT_EMPTY };
}

pub unsafe fn VariantClear(variant: *mut VARIANT) -> HRESULT {
    // SAFETY: the caller passes a valid VARIANT it owns; each arm frees the member the
    // tag says is owned.
    unsafe {
        let v = &mut *variant;
        let mut hr = validate_type(v.vt);
        if hr.is_err() {
            return hr;
        }
        if v.vt & VT_BYREF == 0 {
            if v.vt & VT_ARRAY != 0 {
                if !v.data.ptr.is_null() {
                    hr = array_destroy(v.data.ptr);
                }
            } else {
                match v.vt {
                    VT_BSTR => super::SysFreeString(v.data.bstrVal),
                    VT_DISPATCH | VT_UNKNOWN => {
                        drop(<crate::IUnknown as crate::Interface>::from_raw_opt(
                            v.data.ptr,
                        ));
                    }
                    VT_RECORD => {
                        let [data, info] = v.data.record;
                        if let Some(info) = <IRecordInfo as crate::Interface>::from_raw_opt(info) {
                            // oleaut32: RecordClear (even of a null record, its result
                            // ignored), then Release (the drop here). The record's
                            // memory is not freed: it stays with whoever allocated it
                            // (`Variant`'s drop frees it with RecordDestroy).
                            let _ = info.RecordClear(data);
                        }
                    }
                    _ => {}
                }
            }
        }
        v.vt = VT_EMPTY;
        hr
    }
}

pub unsafe fn VariantCopy(dest: *mut VARIANT, source: *const VARIANT) -> HRESULT {
    // SAFETY: both point at valid VARIANTs (the caller's contract).
    unsafe {
        let src = &*source;
        if src.vt & VT_TYPEMASK == VT_CLSID || validate_type(src.vt).is_err() {
            return DISP_E_BADVARTYPE;
        }
        if core::ptr::eq(dest, source) {
            return S_OK;
        }
        let hr = VariantClear(dest);
        if hr.is_err() {
            return hr;
        }
        let d = &mut *dest;
        *d = *src;
        if src.vt & VT_BYREF != 0 {
            return S_OK;
        }
        if src.vt & VT_ARRAY != 0 {
            if !src.data.ptr.is_null() {
                let mut copy = core::ptr::null_mut();
                let hr = array_copy(src.data.ptr, &mut copy);
                d.data.ptr = copy;
                if hr.is_err() {
                    d.vt = VT_EMPTY;
                }
                return hr;
            }
            return S_OK;
        }
        match src.vt {
            VT_BSTR => {
                // A null BSTR copies as an empty, allocated one.
                let s = src.data.bstrVal;
                let copy = super::SysAllocStringLen(s, super::SysStringLen(s));
                if copy.is_null() {
                    d.vt = VT_EMPTY;
                    return E_OUTOFMEMORY;
                }
                d.data.bstrVal = copy;
                S_OK
            }
            VT_DISPATCH | VT_UNKNOWN => {
                if let Some(p) =
                    <crate::IUnknown as crate::Interface>::from_raw_borrowed(&src.data.ptr)
                {
                    core::mem::forget(p.clone());
                }
                S_OK
            }
            VT_RECORD => copy_record(d, src.data.record),
            _ => S_OK,
        }
    }
}

/// Replaces a shallow-copied record with a deep copy, the way oleaut32 makes one: no
/// RecordCreate, but `GetSize`, a zeroed `CoTaskMemAlloc` block, `AddRef` of the info
/// and `RecordCopy` from the source into the block (whose HRESULT is the result; on its
/// failure `d` keeps the block and the reference, a consistent VT_RECORD to clear).
///
/// Deliberate difference: when `GetSize` or the allocation fails, oleaut32 leaves `d`
/// holding the source's info without a reference of its own (clearing it would release
/// one reference too many); ours leaves `d` VT_EMPTY.
unsafe fn copy_record(d: &mut VARIANT, source: [*mut c_void; 2]) -> HRESULT {
    // SAFETY: `source` is a live record and its IRecordInfo (or a null info); the new
    // block has the size the info reports and is zeroed before RecordCopy fills it.
    unsafe {
        let [data, info_raw] = source;
        let Some(info) = <IRecordInfo as crate::Interface>::from_raw_borrowed(&info_raw) else {
            return if data.is_null() { S_OK } else { E_INVALIDARG };
        };
        let size = match info.GetSize() {
            Ok(size) => size,
            Err(e) => {
                d.vt = VT_EMPTY;
                return e.code();
            }
        };
        let copy = crate::sys::CoTaskMemAlloc(size as usize);
        if copy.is_null() {
            d.vt = VT_EMPTY;
            return E_OUTOFMEMORY;
        }
        core::ptr::write_bytes(copy.cast::<u8>(), 0, size as usize);
        d.data.record = [copy, crate::Interface::into_raw(info.clone())];
        match info.RecordCopy(data, copy) {
            Ok(()) => S_OK,
            Err(e) => e.code(),
        }
    }
}

/// The size in bytes of a by-reference target of base type `vt`.
fn byref_size(vt: u16) -> Option<usize> {
    Some(match vt {
        VT_I1 | VT_UI1 => 1,
        VT_I2 | VT_UI2 | VT_BOOL => 2,
        VT_I4 | VT_UI4 | VT_INT | VT_UINT | VT_R4 | VT_ERROR => 4,
        VT_I8 | VT_UI8 | VT_R8 | VT_DATE | VT_CY => 8,
        VT_BSTR | VT_DISPATCH | VT_UNKNOWN => core::mem::size_of::<*mut c_void>(),
        _ => return None,
    })
}

/// `VariantCopyInd` of a `VT_BYREF|VT_RECORD`: its two pointers are the record itself
/// (not a pointer to it) and its info, and the copy is made as `VariantCopy` makes one.
/// Whatever happens, oleaut32 then tags `dest` VT_RECORD. Deliberate difference: when no
/// copy was made, the value part of ours is null pointers (oleaut32's keeps stale bytes,
/// a dangling info pointer if `dest` held an object before), and when `GetSize` or the
/// allocation failed ours is VT_EMPTY. In place (`dest == source`), oleaut32 stores the
/// new zeroed block first and then copies from the variant's record pointer, now that
/// block, onto itself: the copy is an empty record. Ours copies the referenced record.
unsafe fn copy_record_ind(dest: *mut VARIANT, source: *const VARIANT) -> HRESULT {
    // SAFETY: both point at valid VARIANTs (the caller's contract); the source is read
    // before `dest`, which may be the same VARIANT, is written.
    unsafe {
        let record = (*source).data.record;
        if !core::ptr::eq(dest, source) {
            let hr = VariantClear(dest);
            if hr.is_err() {
                return hr;
            }
        }
        let d = &mut *dest;
        d.vt = VT_RECORD;
        d.data.record = [core::ptr::null_mut(); 2];
        copy_record(d, record)
    }
}

pub unsafe fn VariantCopyInd(dest: *mut VARIANT, source: *const VARIANT) -> HRESULT {
    // SAFETY: both point at valid VARIANTs; a by-reference source points at a valid
    // value of its base type (the caller's contract).
    unsafe {
        let src = *source;
        if src.vt & VT_BYREF == 0 {
            return VariantCopy(dest, source);
        }
        if src.vt == VT_BYREF | VT_RECORD {
            return copy_record_ind(dest, source);
        }
        let base = src.vt & VT_TYPEMASK;
        let is_array = src.vt & VT_ARRAY != 0;
        if !(is_array
            || (base > VT_NULL
                && base != 15
                && base < VT_VOID
                && src.vt & (VT_VECTOR | VT_RESERVED) == 0))
        {
            return E_INVALIDARG;
        }
        if src.data.ptr.is_null() {
            return E_INVALIDARG;
        }
        let mut value = VARIANT::default();
        if is_array {
            value.vt = src.vt & !VT_BYREF;
            value.data.ptr = *(src.data.ptr as *const *mut c_void);
        } else if base == VT_VARIANT {
            let inner = &*(src.data.ptr as *const VARIANT);
            if inner.vt == (VT_BYREF | VT_VARIANT) {
                return E_INVALIDARG;
            }
            value = *inner;
        } else if base == VT_DECIMAL {
            value.set_decimal(*(src.data.ptr as *const crate::decimal::DECIMAL));
        } else {
            let Some(size) = byref_size(base) else {
                return E_INVALIDARG;
            };
            value.vt = base;
            core::ptr::copy_nonoverlapping(
                src.data.ptr as *const u8,
                &mut value.data as *mut VARIANT_0 as *mut u8,
                size,
            );
        }
        // `value` now borrows the target's contents; VariantCopy makes them owned.
        if core::ptr::eq(dest, source) {
            (*dest).vt = VT_EMPTY;
        }
        VariantCopy(dest, &value)
    }
}

/// VariantClear of a temporary made here; a record's block, which VariantClear leaves
/// alone, was allocated by `copy_record` (a record with an info always is) and is freed
/// too. The record info sees the calls oleaut32 makes; only the memory is not leaked.
unsafe fn clear_temporary(v: &mut VARIANT) {
    // SAFETY: `v` is a valid VARIANT owned by the caller; a VT_RECORD with an info holds
    // a CoTaskMemAlloc block of `copy_record`.
    unsafe {
        let block = if v.vt == VT_RECORD && !v.data.record[1].is_null() {
            v.data.record[0]
        } else {
            core::ptr::null_mut()
        };
        VariantClear(v);
        if !block.is_null() {
            crate::sys::CoTaskMemFree(block);
        }
    }
}

pub unsafe fn VariantChangeType(
    dest: *mut VARIANT,
    source: *const VARIANT,
    flags: u16,
    vt: u16,
) -> HRESULT {
    // SAFETY: as VariantChangeTypeEx.
    unsafe { VariantChangeTypeEx(dest, source, 0x0400, flags, vt) }
}

pub unsafe fn VariantChangeTypeEx(
    dest: *mut VARIANT,
    source: *const VARIANT,
    lcid: u32,
    flags: u16,
    vt: u16,
) -> HRESULT {
    // SAFETY: both point at valid VARIANTs (the caller's contract); temporaries are
    // owned here and cleared on every path.
    unsafe {
        let src = &*source;
        let hr = validate_type(src.vt);
        if hr.is_err() {
            return hr;
        }
        let hr = validate_type(vt);
        if hr.is_err() {
            return hr;
        }
        if src.vt & VT_BYREF != 0 && src.data.ptr.is_null() {
            return DISP_E_TYPEMISMATCH;
        }
        let mut deref = VARIANT::default();
        let hr = VariantCopyInd(&mut deref, source);
        if hr.is_err() {
            return hr;
        }
        let mut out = VARIANT::default();
        let hr = if deref.vt & VT_ARRAY != 0 || vt & VT_ARRAY != 0 {
            if deref.vt == vt {
                VariantCopy(&mut out, &deref)
            } else {
                DISP_E_TYPEMISMATCH
            }
        } else {
            super::coerce::coerce(&mut out, &deref, lcid, flags, vt)
        };
        if hr.is_err() {
            clear_temporary(&mut deref);
            clear_temporary(&mut out);
            return hr;
        }
        if vt == VT_RECORD {
            // oleaut32 copies the coerced record once more into `dest` (clearing `dest`
            // first), then clears the coerced value and the dereferenced source: three
            // copies, each through the record info.
            out.vt = VT_RECORD;
            let hr = VariantCopy(dest, &out);
            clear_temporary(&mut out);
            clear_temporary(&mut deref);
            return hr;
        }
        clear_temporary(&mut deref);
        if vt == VT_DECIMAL {
            let mut dec = out.decimal();
            dec.wReserved = VT_DECIMAL;
            out.set_decimal(dec);
        } else {
            out.vt = vt;
        }
        let hr = VariantClear(dest);
        if hr.is_err() {
            VariantClear(&mut out);
            return hr;
        }
        *dest = out;
        S_OK
    }
}
